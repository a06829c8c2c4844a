"""The case report's cover and ``lines.csv`` speak the store's time, as the exhibits, the index and
``tickets.csv`` do. A case of tickets rung up on the evening of 2026-11-22 at a store at UTC−06:00 had a cover
saying "Ticket period 2026-11-23 03:36 UTC — 05:38 UTC" over exhibits and an index dated the 22nd, and
``lines.csv`` had each line's time in UTC only."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from review_helpers import ln, pdftotext, tk

from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.report_html import SummaryEntry, ticket_period, times_note
from ows_desktop.ows.timestamps import to_epoch_us

FIRST = datetime(2026, 11, 23, 3, 36, 12, tzinfo=UTC)  # 21:36:12 on the 22nd at UTC−06:00
LAST = datetime(2026, 11, 23, 5, 38, tzinfo=UTC)  # 23:38 on the 22nd


def with_line_times(ticket, *times: datetime):
    for line, moment in zip(ticket.raw["lineItems"], times, strict=True):
        line["time"] = to_epoch_us(moment) // 1000  # epoch milliseconds, as OWS sends them
    return ticket


def export(store, fmt: str, out: Path) -> Path:
    with store.reader() as reader:
        export_tickets(reader, Selection.flagged(), fmt, out)
    return out


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_cover_period_and_lines_csv_are_in_the_stores_time(store, tmp_path: Path, qapp) -> None:
    store.upsert_tickets(
        [
            with_line_times(
                tk("late-1", start=FIRST, location="S058", offset_minutes=-360, lines=(ln("A"), ln("B"))),
                FIRST + timedelta(seconds=5),
                FIRST + timedelta(seconds=9),
            ),
            tk("late-2", start=LAST, location="S058", offset_minutes=-360),
        ]
    )
    store.review.flag_tickets(["late-1", "late-2"], reason="after hours")
    text = " ".join(pdftotext(export(store, "pdf", tmp_path / "pdf") / "case-report.pdf", "-l", "1").split())
    assert (
        "Ticket period 2026-11-22 21:36:12 UTC−06:00 — 2026-11-22 23:38:00 UTC−06:00 (store time) "
        "2026-11-23 03:36:12 UTC — 2026-11-23 05:38:00 UTC"
    ) in text
    whole = " ".join(pdftotext(tmp_path / "pdf" / "case-report.pdf").split())
    assert "2026-11-22 21:36:12 UTC−06:00" in whole
    # the cover's note says which times are the store's and which UTC: "Times are UTC unless marked local"
    # was false once the period and the index spoke the store's time
    assert "unless marked local" not in text
    assert (
        "Times: a ticket's own times — the ticket period above, the exhibit index, each receipt, its Started "
        "and Ended times and its video clips — are in its store's time, labelled with the store's offset "
        "(in this report UTC−06:00); the period, each receipt and its Started and Ended "
        "times give the UTC time as well. When the report was prepared, the case history, when a ticket was "
        "flagged, the investigator notes, the audit trail entries and the camera snapshots' times are in UTC."
    ) in text
    # ... as the exhibit shows them: the start in the store's time then UTC, the flag's time in UTC
    assert whole.count("2026-11-22 21:36:12 UTC−06:00 2026-11-23 03:36:12 UTC") == 2  # receipt, Started
    assert re.search(r"Flagged after hours To review \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC Exceptions", whole)
    out = export(store, "csv", tmp_path / "csv")
    tickets = {row["ticket_key"]: row for row in csv_rows(out / "tickets.csv")}
    lines = [row for row in csv_rows(out / "lines.csv") if row["ticket_key"] == "late-1"]
    assert [(row["time_utc"], row["time_store_time"], row["utc_offset_minutes"]) for row in lines] == [
        ("2026-11-23T03:36:17.000Z", "2026-11-22 21:36:17 UTC-06:00", "-360"),
        ("2026-11-23T03:36:21.000Z", "2026-11-22 21:36:21 UTC-06:00", "-360"),
    ]
    assert tickets["late-1"]["start_store_time"] == "2026-11-22 21:36:12 UTC-06:00"  # the same form
    assert tickets["late-1"]["utc_offset_minutes"] == lines[0]["utc_offset_minutes"]
    header = next(csv.reader(io.StringIO((out / "lines.csv").read_text(encoding="utf-8-sig"))))
    assert header[3:6] == ["time_utc", "time_store_time", "utc_offset_minutes"]


def entry(number: int, start: datetime, offset: int | None) -> SummaryEntry:
    return SummaryEntry(number, f"T{number}", start, "S1", "R1", "Ana", 1.0, (), None, None, offset)


def test_a_period_over_several_offsets_gives_each_end_in_its_own_stores_time() -> None:
    """Tickets of stores in two zones: each end in its store's time with its offset, the offsets named."""
    period = ticket_period(
        [entry(2, LAST, 600), entry(1, FIRST, -360), entry(3, FIRST + timedelta(hours=1), None)]
    )
    assert period == (
        "2026-11-22 21:36:12 UTC−06:00 — 2026-11-23 15:38:00 UTC+10:00, each in its own store's time: the "
        "tickets' stores are at UTC−06:00, UTC+10:00; stores of unknown zone in UTC\n"
        "2026-11-23 03:36:12 UTC — 2026-11-23 05:38:00 UTC"
    )
    assert ticket_period([entry(1, FIRST, None), entry(2, LAST, None)]) == (
        "2026-11-23 03:36:12 UTC — 2026-11-23 05:38:00 UTC"  # no zone known: UTC, as their exhibits
    )
    assert ticket_period([entry(1, FIRST, -360), entry(2, LAST, -300)]).startswith(  # a clock change
        "2026-11-22 21:36:12 UTC−06:00 — 2026-11-23 00:38:00 UTC−05:00, each in its own store's time"
    )
    assert ticket_period([]) == "—"


def test_the_times_note_names_the_offsets_of_the_reports_stores() -> None:
    """It named UTC−06:00 (an example) in a report whose stores were all at UTC−08:00: a police examiner
    could take the example for the stores' zone."""
    assert "(in this report UTC−08:00);" in times_note([-480, -480])
    assert "06:00" not in times_note([-480])
    assert "(in this report UTC−08:00, UTC+10:00; UTC for a store of unknown zone);" in times_note(
        [600, None, -480]
    )
    assert "(UTC for a store of unknown zone);" in times_note([None])
