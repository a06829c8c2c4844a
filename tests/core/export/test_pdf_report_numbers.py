"""A French report writes its counts as it writes its amounts (``1 234``, ``0,00``): the cover's tables (the
rules' exceptions, the flag reasons) printed ``1,234`` under a French "Tickets" count, Python's grouping."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from review_helpers import T0, pdftotext, tk

from ows_desktop.export import Selection, export_tickets
from ows_desktop.rules import RuleRunner
from ows_desktop.store import TicketStore

COUNT = 1234


def test_a_french_reports_cover_and_file_list_group_their_counts_as_its_amounts(
    store: TicketStore, tmp_path: Path, french
) -> None:
    keys = [f"T-{i:04d}" for i in range(COUNT)]
    store.upsert_tickets([tk(key, start=T0 + timedelta(minutes=i), status="no_sale", lines=()) for i, key in
                          enumerate(keys)])  # fmt: skip
    RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).run_all(store)
    store.review.flag_tickets(keys, reason="No-sale", who="jane")
    out = tmp_path / "pdf"
    with store.reader() as reader:
        export_tickets(reader, Selection.flagged(), "pdf", out)
    pdf = out / "case-report.pdf"
    cover = pdftotext(pdf, "-l", "1")
    assert "1,234" not in cover
    lines = [
        " ".join(line.split()) for line in cover.splitlines() if line.strip()
    ]  # Qt's French group mark (a narrow space): " "
    assert lines[lines.index("Tickets") + 1] == "1 234"  # the cover's count
    assert "To review 1 234, Confirmed 0, Cleared 0 (of 1 234 flagged)" in lines
    assert "Sum of the ticket totals" in lines and "0,00 (refunds negative)" in lines
    rules = lines.index("Exceptions found by the rules")
    assert lines[rules + 3 : rules + 5] == [
        "No-sale drawer open",
        "1 234",
    ]  # after the header "Rule", "Tickets"
    reasons = lines.index("Flag reasons")
    assert lines[reasons + 3 : reasons + 5] == ["No-sale", "1 234"]
    # the list of exported files: tickets.json's size in bytes, the same way
    size = next(
        f["bytes"]
        for f in json.loads((out / "export.json").read_text())["files"]
        if f["path"] == "tickets.json"
    )
    assert size > 999_999
    text = " ".join(pdftotext(pdf).split())
    assert f"{size:,}".replace(",", " ") in text and f"{size:,}" not in text
