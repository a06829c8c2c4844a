"""Exports that tell the truth (#10, #12): ticket text reaches the PDF exactly as stored and reads as typed,
strange values never make an export fail, a killed export's leftovers are cleaned, an export that published
reports success, and paths with ``..`` leave nothing behind."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from review_helpers import ln, tk

from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.custody import INVESTIGATOR, SnapshotSource
from ows_desktop.store import TicketStore


def export(store: TicketStore, fmt: str, out: Path, **kwargs: object):
    with store.reader() as reader:
        return export_tickets(reader, Selection.flagged(), fmt, out, **kwargs)  # type: ignore[arg-type]


def pdf_text(folder: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(folder / "case-report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_shows_bidi_controls_as_marks_and_names_emoji_it_cannot_draw(store, tmp_path, qapp) -> None:
    store.upsert_tickets([tk("T-1")])
    # typed: "refund <RLO>99.01" — obeyed, the override would show it as "refund 10.99"
    store.review.flag_ticket("T-1", reason="Refund", note="refund \u202e99.01\u202c ok \U0001f389 done")
    export(store, "pdf", tmp_path / "out")
    text = pdf_text(tmp_path / "out")
    assert "refund [RLO]99.01[PDF] ok" in text
    assert "\u202e" not in text and "10.99" not in text
    assert "[emoji: PARTY POPPER] done" in text or "\U0001f389 done" in text  # named, or drawn by a font


def test_ticket_text_reaches_the_pdf_exactly_as_stored(store, tmp_path, qapp) -> None:
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#335577"))
    shot = tmp_path / "frame.png"
    assert image.save(str(shot))
    store.upsert_tickets([tk("T-1", lines=(ln("A1", description="Gift {snapshot_width} card {0}"),))])
    store.review.flag_ticket("T-1", reason="{snapshot_width}")
    export(
        store,
        "pdf",
        tmp_path / "out",
        snapshot_provider=lambda t: [SnapshotSource(shot, "Cam", t.start, 0.0, INVESTIGATOR)],
    )
    text = " ".join(pdf_text(tmp_path / "out").split())
    assert "Gift {snapshot_width} card {0}" in text
    assert text.count("{snapshot_width}") >= 2  # description and flag reason, both untouched


def test_a_lone_surrogate_does_not_fail_the_json_or_csv_export(store, tmp_path, qapp) -> None:
    store.upsert_tickets([tk("T-1", lines=(ln("A1", description="broken \ud800 half"),))])
    store.review.flag_ticket("T-1", reason="r")
    export(store, "json", tmp_path / "json")
    data = json.loads((tmp_path / "json" / "tickets.json").read_text(encoding="utf-8"))
    assert data["tickets"][0]["normalised"]["lines"][0]["description"] == "broken \ud800 half"  # as stored
    export(store, "csv", tmp_path / "csv")
    assert "broken [U+D800] half" in (tmp_path / "csv" / "lines.csv").read_text(
        encoding="utf-8-sig"
    )  # as the PDF
    export(store, "pdf", tmp_path / "pdf")
    assert "broken [U+D800] half" in pdf_text(tmp_path / "pdf")


def test_years_1_and_9999_in_a_store_far_from_utc_do_not_fail_the_pdf(store, tmp_path, qapp) -> None:
    early = datetime(1, 1, 1, 2, 0, tzinfo=UTC)
    late = datetime(9999, 12, 31, 22, 0, tzinfo=UTC)
    store.upsert_tickets(
        [
            # ordinary tickets teach the cache each store's UTC offset: UTC-05:00 and UTC+10:00
            tk("T-0", location="S1", start=datetime(2026, 3, 2, 15, tzinfo=UTC), offset_minutes=-300),
            tk("T-9", location="S2", start=datetime(2026, 3, 2, 15, tzinfo=UTC), offset_minutes=600),
            # local time of these falls outside the calendar (year 0 / year 10000)
            tk("T-1", location="S1", start=early),
            tk("T-2", location="S2", start=late, end=late),
        ]
    )
    for key in ("T-1", "T-2"):
        store.review.flag_ticket(key, reason="r")
    export(store, "pdf", tmp_path / "out")
    text = pdf_text(tmp_path / "out")
    assert "0001-01-01 02:00:00 UTC" in text and "9999-12-31 22:00:00 UTC" in text


def test_a_megabyte_of_text_is_cut_with_a_note_in_the_pdf_and_kept_whole_in_the_data(
    store, tmp_path, qapp
) -> None:
    huge = "X" * 1_000_000  # one word: no place to wrap
    store.upsert_tickets([tk("T-1", lines=(ln("A1", description=huge),))])
    store.review.flag_ticket("T-1", reason="r", note="ab " * 200_000)
    export(store, "pdf", tmp_path / "pdf")
    text = " ".join(pdf_text(tmp_path / "pdf").split())
    assert "[shortened here: 1,000,000 characters in all; the whole text is in tickets.json]" in text
    assert "[shortened here: 600,000 characters in all" in text
    data = json.loads((tmp_path / "pdf" / "tickets.json").read_text(encoding="utf-8"))
    assert data["tickets"][0]["normalised"]["lines"][0]["description"] == huge
    export(store, "csv", tmp_path / "csv")
    assert huge in (tmp_path / "csv" / "lines.csv").read_text(encoding="utf-8-sig")


def test_a_killed_exports_staging_folder_is_removed_by_the_next_export(store, tmp_path) -> None:
    store.upsert_tickets([tk("T-1")])
    store.review.flag_ticket("T-1", reason="r")
    cases = tmp_path / "cases"
    cases.mkdir()
    # a process that has ended (its pid is free) left a half-written export with ticket data
    child = subprocess.Popen(["true"])
    child.wait()
    dead = cases / f".case-1.partial-{child.pid}-0123abcd"
    dead.mkdir()
    (dead / "tickets.json.part").write_text('{"tickets": [')
    old_style = cases / ".case-0.partial-89abcdef"  # an older version's name, a week old
    old_style.mkdir()
    os.utime(old_style, (0, 0))
    running = cases / f".case-2.partial-{os.getppid()}-fedc3210"  # a live process's export: left alone
    running.mkdir()
    export(store, "json", cases / "case-3")
    assert sorted(p.name for p in cases.iterdir()) == [running.name, "case-3"]


def test_an_out_path_with_dot_dots_leaves_no_stray_folders(store, tmp_path, monkeypatch) -> None:
    store.upsert_tickets([tk("T-1")])
    store.review.flag_ticket("T-1", reason="r")
    work = tmp_path / "work"
    (work / "here").mkdir(parents=True)
    monkeypatch.chdir(work / "here")
    result = export(store, "json", Path("a/../b/../../x"))
    assert result.folder == work / "x"
    assert sorted(p.name for p in work.iterdir()) == ["here", "x"]
    assert list((work / "here").iterdir()) == []


def test_an_export_that_published_returns_0_while_a_sync_holds_the_write_lock(store, tmp_path) -> None:
    from cli_support import make_ctx

    from ows_desktop.basics.paths import AppPaths
    from ows_desktop.cli.main import main as cli_main

    store.upsert_tickets([tk("T-1")])
    store.review.flag_ticket("T-1", reason="r")
    ctx = make_ctx(tmp_path)
    ctx.paths = AppPaths(data_dir=store.path.parent, config_dir=tmp_path / "cfg", log_dir=tmp_path / "log",
                         cache_dir=tmp_path / "c")  # fmt: skip
    ctx.stdout = io.StringIO()
    sync = sqlite3.connect(store.path, isolation_level=None)
    try:
        sync.execute("BEGIN IMMEDIATE")  # a sync writing meanwhile
        sync.execute("UPDATE tickets SET rowid = rowid WHERE rowid < 0")
        code = cli_main(["export", "--flagged", "--format", "json", "--out", str(tmp_path / "out")], ctx)
    finally:
        sync.rollback()
        sync.close()
    assert code == 0, ctx.stderr.getvalue()
    assert (tmp_path / "out" / "export.json").exists()
    assert "Exported 1 ticket as JSON" in ctx.stdout.getvalue() and "locked" not in ctx.stderr.getvalue()


def test_exports_show_the_stores_local_time_with_its_zone_label(store, tmp_path, qapp) -> None:
    """The time rule (basics.store_time): the store's wall clock, labelled with its offset from UTC."""
    store.upsert_tickets([tk("T-1", start=datetime(2026, 3, 2, 15, 0, 5, tzinfo=UTC), offset_minutes=-300)])
    store.review.flag_ticket("T-1", reason="r")
    export(store, "pdf", tmp_path / "pdf")
    text = " ".join(pdf_text(tmp_path / "pdf").split())
    assert text.count("2026-03-02 10:00:05 UTC−05:00") >= 3  # index, exhibit, receipt
    assert "2026-03-02 15:00:05 UTC" in text  # and UTC under it
    export(store, "csv", tmp_path / "csv")
    csv_text = (tmp_path / "csv" / "tickets.csv").read_text(encoding="utf-8-sig")
    assert "2026-03-02 10:00:05 UTC-05:00" in csv_text  # an ASCII minus: spreadsheets and scripts read it
    export(store, "json", tmp_path / "json")
    data = json.loads((tmp_path / "json" / "tickets.json").read_text(encoding="utf-8"))
    assert data["tickets"][0]["start_store_time"] == "2026-03-02 10:00:05 UTC−05:00"


def test_the_time_rule_labels_every_time_with_its_zone() -> None:
    from ows_desktop.basics.store_time import store_time_text

    moment = datetime(2026, 11, 20, 14, 3, 12, tzinfo=UTC)
    assert store_time_text(moment, -300) == "2026-11-20 09:03:12 UTC−05:00"
    assert store_time_text(moment, 330) == "2026-11-20 19:33:12 UTC+05:30"
    assert store_time_text(moment, None) == "2026-11-20 14:03:12 UTC"  # unknown offset: UTC, labelled
    assert store_time_text(datetime(1, 1, 1, 2, tzinfo=UTC), -300) == "0001-01-01 02:00:00 UTC"
    assert store_time_text(None, 0) == ""


def test_control_characters_from_a_server_are_marks_in_the_csv_pdf_and_pdf_metadata(store, tmp_path, qapp):
    """An ESC and a BEL in an operator's name and a NUL in a line's description reached tickets.csv as they
    were (``cat`` ran the escape sequence, a spreadsheet dropped the NUL), the PDF drew empty boxes, and the
    PDF's title and author kept a right-to-left override a viewer's title bar obeys (a hostile server)."""
    import csv

    store.upsert_tickets(
        [tk("T-1", operator="Mal\x1b[31mlory\x07", lines=(ln("A1", description="gnp.exe\x00nul\tok"),))]
    )
    store.review.flag_ticket("T-1", reason="Refund", note="tab\tend")
    folder = export(store, "csv", tmp_path / "csv").folder
    with (folder / "tickets.csv").open(encoding="utf-8-sig", newline="") as handle:
        (ticket,) = list(csv.DictReader(handle))
    assert ticket["operator"] == "Mal[ESC][31mlory[BEL]"
    with (folder / "lines.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))["description"] == "gnp.exe[NUL]nul\tok"  # a tab stays a tab
    for name in ("tickets.csv", "lines.csv"):
        assert not re.search("[\x00\x07\x1b]", (folder / name).read_text(encoding="utf-8-sig"))

    export(
        store,
        "pdf",
        tmp_path / "pdf",
        case_title="Case \u202eFDP.exe\x1b[2J",
        investigator="Mal\u202elory\x07\nEve",  # a line break cut the Author field there ("Mal…lory")
    )
    text = pdf_text(tmp_path / "pdf")
    assert "Mal[ESC][31mlory[BEL]" in " ".join(text.split()) and "\x1b" not in text
    assert "tab end" in text and "tabend" not in text  # a tab in a note was drawn as nothing
    # the files index says where the files written after the report are (the README said it listed them all)
    assert "written after it (export.json, key.pem) are in MANIFEST.sha256" in " ".join(text.split())
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "pdf" / "case-report.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Case [RLO]FDP.exe[ESC][2J" in info and "Mal[RLO]lory[BEL][LF]Eve" in info
    assert not re.search("[\u202e\x07\x1b]", info)
