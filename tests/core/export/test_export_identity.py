"""What names an evidence folder: its own export id (never shared by two exports, even in one second), and
nothing of the investigator's disk — no absolute local path in anything an export writes."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime

import pytest
from review_helpers import tk

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.export import Selection, export_tickets
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
    return CliContext(
        paths=paths,  # the `store` fixture's cache is paths.database
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(),
        env={},
    )


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
