"""What names an evidence folder: its own export id (never shared by two exports, even in one second), and
nothing of the investigator's disk — no absolute local path in anything an export writes."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime

import pytest
from cli_support import ctx_on
from review_helpers import tk

from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.custody import INVESTIGATOR, SnapshotSource
from ows_desktop.store import TicketStore

NOW = datetime(2026, 12, 6, 17, 25, 10, tzinfo=UTC)


@pytest.fixture
def store(store: TicketStore) -> TicketStore:
    store.upsert_tickets([tk("T-1", total=10.0), tk("T-2", total=5.5)])
    for key in ("T-1", "T-2"):
        store.review.flag_ticket(key, reason="r", who="jane")
    return store


@pytest.fixture
def ctx(paths: AppPaths, store: TicketStore) -> CliContext:
    return ctx_on(paths)


def run(ctx: CliContext, *argv: str) -> str:
    for stream in (ctx.stdout, ctx.stderr):
        stream.seek(0)
        stream.truncate()
    assert main(list(argv), ctx) == 0, ctx.stderr.getvalue()
    return ctx.stdout.getvalue()


def test_exports_of_the_same_tickets_in_the_same_second_each_have_their_own_id(store, tmp_path) -> None:
    ids = []
    with store.reader() as reader:
        for n, fmt in enumerate(("csv", "json", "csv")):
            out = tmp_path / f"out{n}"
            result = export_tickets(reader, Selection.flagged(), fmt, out, now=NOW, audit_log=store.audit)
            custody = json.loads((out / "export.json").read_text(encoding="utf-8"))
            assert custody["case_id"] == result.case_id  # the folder says the id the caller was given
            ids.append(result.case_id)
    assert len(set(ids)) == 3, ids
    for export_id in ids:
        assert re.fullmatch(r"OWS-20261206-172510-[0-9A-F]{8}", export_id)  # the time stays readable
    with store.reader() as reader:  # and each is its own entry of the audit trail
        assert all(len(reader.review.audit_trail("export:" + i)) == 1 for i in ids)


def test_the_command_line_calls_the_id_an_export_id_not_a_case(ctx: CliContext, tmp_path) -> None:
    said = run(ctx, "export", "--flagged", "--format", "csv", "--out", str(tmp_path / "out"))
    custody = json.loads((tmp_path / "out" / "export.json").read_text(encoding="utf-8"))
    assert f"(export {custody['case_id']}, " in said and "(case " not in said


def test_no_export_carries_a_local_path_of_the_workstation(
    ctx: CliContext, paths, tmp_path, monkeypatch
) -> None:
    """An investigator on their Desktop exports a case to a folder named for HR; the case's next exports (the
    PDF's cover, export.json's history) name that folder by its name, never the home path around it."""
    desktop = tmp_path / "home_jdoe" / "Desktop"
    desktop.mkdir(parents=True)
    monkeypatch.chdir(desktop)
    number = json.loads(run(ctx, "case", "new", "Till", "--ticket", "T-1", "--ticket", "T-2", "--json"))[
        "number"
    ]
    first = "Evidence for HR - Łukasz"
    run(ctx, "case", "export", number, "--format", "csv", "--out", f"./{first}")
    # the investigator's own screen says where it went, whole
    assert f"as CSV to {desktop / first} (export " in run(ctx, "case", "show", number)
    run(ctx, "case", "export", number, "--format", "json", "--out", "later")
    custody = json.loads((desktop / "later" / "export.json").read_text(encoding="utf-8"))
    assert f"exported 2 tickets as CSV to {first} (export OWS-" in custody["case"]["history"][-1]["what"]
    run(ctx, "case", "export", number, "--format", "pdf", "--out", "report")
    cover = subprocess.run(  # -layout: a line broken after a hyphen of the id keeps its hyphen
        ["pdftotext", "-layout", str(desktop / "report" / "case-report.pdf"), "-"],
        capture_output=True,
        text=True,
    ).stdout
    assert f"asJSONtolater(export{custody['case_id']})" in "".join(cover.split())
    for folder in (desktop / "later", desktop / "report"):  # nothing of the disk around the evidence
        texts = [cover] + [p.read_text("utf-8", "replace") for p in folder.rglob("*") if p.suffix != ".pdf"]
        for local in (str(desktop), str(paths.data_dir), "home_jdoe"):
            assert not [t for t in texts if local in t], local


def test_a_picture_that_cannot_be_read_is_said_without_its_path(store, tmp_path) -> None:
    gone = tmp_path / "home_jdoe" / "snapshots" / "T-1.png"
    with store.reader() as reader:
        result = export_tickets(
            reader,
            Selection.flagged(),
            "json",
            tmp_path / "out",
            snapshot_provider=lambda t: [SnapshotSource(gone, "Cam", None, 0, INVESTIGATOR)],
        )
    assert result.missing_snapshots
    custody = (tmp_path / "out" / "export.json").read_text(encoding="utf-8")
    assert "T-1.png" in custody and "home_jdoe" not in custody
