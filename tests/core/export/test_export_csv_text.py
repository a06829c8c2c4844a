"""The data files read by spreadsheets and scripts: times that parse and sort as text (an ASCII minus in the
CSV's store time, every UTC time to the millisecond), and text that reads as stored — a bidi override named
in the CSV as the PDF names it, kept exactly in tickets.json."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from review_helpers import ln, tk

from ows_desktop.export import Selection, export_tickets
from ows_desktop.store import TicketStore

START = datetime(2026, 11, 20, 14, 37, 34, 130000, tzinfo=UTC)


def export(store: TicketStore, fmt: str, out: Path) -> Path:
    with store.reader() as reader:
        export_tickets(reader, Selection.flagged(), fmt, out)
    return out


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_the_csv_says_the_stores_time_with_an_ascii_minus_and_its_offset_in_minutes(store, tmp_path) -> None:
    store.upsert_tickets([tk("T-1", start=START, offset_minutes=-360)])
    store.review.flag_ticket("T-1", reason="r")
    folder = export(store, "csv", tmp_path / "csv")
    (row,) = rows(folder / "tickets.csv")
    assert row["start_store_time"] == "2026-11-20 08:37:34 UTC-06:00"
    assert row["utc_offset_minutes"] == "-360"  # a number, not neutralised like text starting with '-'
    assert "\u2212" not in (folder / "tickets.csv").read_text(encoding="utf-8-sig")
    # tickets.json keeps the time rule's label (basics.store_time) and its own offset field
    data = json.loads((export(store, "json", tmp_path / "json") / "tickets.json").read_text(encoding="utf-8"))
    ticket = data["tickets"][0]
    assert (ticket["start_store_time"], ticket["local_utc_offset_minutes"]) == (
        "2026-11-20 08:37:34 UTC−06:00",
        -360,
    )


def test_exported_utc_times_are_to_the_millisecond_so_they_sort_as_text(store, tmp_path) -> None:
    # within one second: .4, .13 and .0 (the old form, …34.4Z / …34.13Z / …34Z, sorted them 34.13, 34.4, 34Z)
    starts = {"T-A": START.replace(microsecond=400000), "T-B": START, "T-C": START.replace(microsecond=0)}
    store.upsert_tickets([tk(key, start=at) for key, at in starts.items()])
    for key in starts:
        store.review.flag_ticket(key, reason="r")
    by_key = {
        r["ticket_key"]: r["start_utc"] for r in rows(export(store, "csv", tmp_path / "csv") / "tickets.csv")
    }
    assert by_key == {"T-A": "2026-11-20T14:37:34.400Z", "T-B": "2026-11-20T14:37:34.130Z",
                      "T-C": "2026-11-20T14:37:34.000Z"}  # fmt: skip
    assert sorted(by_key, key=by_key.__getitem__) == sorted(starts, key=starts.__getitem__)
    data = json.loads((export(store, "json", tmp_path / "json") / "tickets.json").read_text(encoding="utf-8"))
    assert {t["ticket_key"]: t["normalised"]["start"] for t in data["tickets"]} == by_key


def test_the_csv_names_bidi_controls_and_tickets_json_keeps_them_exactly(store, tmp_path) -> None:
    # "refund <RLO>99.01": a spreadsheet obeying the override would show "refund 10.99"
    store.upsert_tickets(
        [tk("T-1", operator="Ana \u202eeilrahC", lines=(ln("A1", description="Refund \u202e01.99"),))]
    )
    store.review.flag_ticket(
        "T-1", reason="Refund", note="refund \u202e99.01\u202c ok \U0001f389", who="jane"
    )
    folder = export(store, "csv", tmp_path / "csv")
    (ticket,) = rows(folder / "tickets.csv")
    assert ticket["operator"] == "Ana [RLO]eilrahC"
    assert "refund [RLO]99.01[PDF] ok \U0001f389" in ticket["notes"]  # an emoji stays: a spreadsheet draws it
    assert rows(folder / "lines.csv")[0]["description"] == "Refund [RLO]01.99"
    for name in ("tickets.csv", "lines.csv"):
        assert "\u202e" not in (folder / name).read_text(encoding="utf-8-sig")
    data = json.loads((export(store, "json", tmp_path / "json") / "tickets.json").read_text(encoding="utf-8"))
    exported = data["tickets"][0]
    assert exported["normalised"]["operator"] == "Ana \u202eeilrahC"
    assert exported["normalised"]["lines"][0]["description"] == "Refund \u202e01.99"
    assert exported["notes"][0]["text"] == "refund \u202e99.01\u202c ok \U0001f389"
