"""An export's audit entries name its folder by its name only: on a team store every investigator reads a
case's history, and a plain SQL query of any role that may read an entry read ``/home/alice/Evidence/case-12``
whole (her OS account, her folders). The entry's host says which workstation holds the folder; that
workstation keeps the whole path in its own list (export/folders.py), so its investigator's ``case show``
still says where her evidence went. The custody is as before: the entry's manifest hash and key fingerprint
are the folder's, and the folder verifies."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli_support import ctx_on
from review_helpers import tk

from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.export.folders import ExportFolders
from ows_desktop.store.review import current_host

pytestmark = pytest.mark.both_backends  # the SQLite cache and a PostgreSQL team store


@pytest.fixture
def team_env(store, store_backend: str, request: pytest.FixtureRequest) -> dict[str, str]:
    store.upsert_tickets([tk("T-1", total=10.0), tk("T-2", total=5.5)])
    return {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}


def run(ctx: CliContext, *argv: str) -> str:
    for stream in (ctx.stdout, ctx.stderr):
        stream.seek(0)
        stream.truncate()
    assert main(list(argv), ctx) == 0, ctx.stderr.getvalue()
    return ctx.stdout.getvalue()


def export_entries(store) -> list[tuple[str, str, str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """(subject, host, action, changes) of the export entries, as a plain SQL query reads them."""
    statement = (
        "SELECT ticket_key, host, action, changes FROM review_audit "
        "WHERE action IN ('export', 'case_export') ORDER BY id"
    )
    location = getattr(store, "location", None)
    if location is None:  # the SQLite cache
        with closing(sqlite3.connect(store.path)) as conn:
            rows = conn.execute(statement).fetchall()
    else:
        import psycopg

        with psycopg.connect(str(location), autocommit=True) as pg:
            rows = pg.execute(statement).fetchall()
    return [(s, h, a, c if isinstance(c, dict) else json.loads(c)) for s, h, a, c in rows]


def test_the_trail_names_the_folder_and_the_workstation_that_exported_keeps_its_path(
    store, paths: AppPaths, team_env: dict[str, str], tmp_path: Path
) -> None:
    ctx = ctx_on(paths, team_env)
    number = json.loads(run(ctx, "case", "new", "Till", "--ticket", "T-1", "--ticket", "T-2", "--json"))[
        "number"
    ]
    out = tmp_path / "home_alice" / "Evidence" / "case-12"
    run(ctx, "case", "export", number, "--format", "json", "--out", str(out), "--clips", "none")
    custody = json.loads((out / "export.json").read_text(encoding="utf-8"))
    export_id = custody["case_id"]

    entries = export_entries(store)
    assert [(subject, action) for subject, _h, action, _c in entries] == [
        (f"export:{export_id}", "export"),
        (f"case:{number}", "case_export"),
    ]
    for _subject, host, _action, changes in entries:
        assert changes["folder"] == "case-12" and host == current_host()  # which folder, on which computer
        assert "home_alice" not in json.dumps(changes)
    # the custody is the folder's: its manifest's hash, its key; and the folder verifies
    manifest = hashlib.sha256((out / "MANIFEST.sha256").read_bytes()).hexdigest()
    export_entry, case_entry = entries[0][3], entries[1][3]
    assert export_entry["manifest_sha256"] == case_entry["manifest_sha256"] == manifest
    assert export_entry["key_fingerprint"] == custody["signing_key_fingerprint"]
    assert sorted(export_entry["tickets"]) == ["T-1", "T-2"]
    run(ctx, "verify", str(out))

    # this workstation's own list (0600, in its data folder) has the whole path; its case show says it
    assert ExportFolders(paths.export_folders).known() == {export_id: str(out)}
    assert stat.S_IMODE(paths.export_folders.stat().st_mode) == 0o600
    assert f"exported 2 tickets as JSON to {out} (export {export_id})" in run(ctx, "case", "show", number)
    shown = json.loads(run(ctx, "case", "show", number, "--json"))["history"][-1]
    assert shown["changes"]["folder"] == str(out)
    # the same investigator at another workstation (its own data folder; the same store): the folder's name
    same_store = team_env or {"OWS_DESKTOP_STORE": f"sqlite:{paths.database}"}
    elsewhere = ctx_on(AppPaths.resolve(tmp_path / "other-workstation").ensure(), same_store)
    said = run(elsewhere, "case", "show", number)
    assert "exported 2 tickets as JSON to case-12 (export" in said and "home_alice" not in said
