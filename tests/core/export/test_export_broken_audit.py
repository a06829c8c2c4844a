"""An audit trail changed behind the app's back (the database's triggers dropped or bypassed, a note rewritten)
never goes out as clean evidence: ``export`` refuses it in one line naming the tickets and entries, exit 5
(evidence that does not verify), nothing written; ``--despite-broken-audit`` exports it marked — the PDF's
cover and the exhibit say the trail failed its integrity check, the CSV and JSON carry it per ticket,
export.json keeps ``audit_entries_failing_chain`` and the command line warns. On the SQLite cache and on a
PostgreSQL team store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from cli_support import ctx_on
from review_helpers import pdftotext, tk
from store_backends import run_sql

from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main

pytestmark = pytest.mark.both_backends  # the SQLite cache and a PostgreSQL team store

NOTE = "Customer left without the bag"
FORGED = "Cashier pocketed the cash"


@pytest.fixture
def team_env(store, store_backend: str, request: pytest.FixtureRequest) -> dict[str, str]:
    store.upsert_tickets([tk("T-1", total=10.0), tk("T-2", total=5.5)])
    # T-1's note is the trail's last entry, after T-1's flag: the check fails both (the flag's successor no
    # longer hashes from it: which of the two was changed, the chain cannot tell), T-2's entries pass
    store.review.flag_tickets(["T-2"], reason="Void abuse", who="jane")
    store.review.add_note("T-2", "Nothing unusual", who="jane")
    store.review.flag_tickets(["T-1"], reason="Void abuse", who="jane")
    store.review.add_note("T-1", NOTE, who="jane")
    return {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}


def tamper(store) -> str:  # type: ignore[no-untyped-def]
    """Rewrite T-1's note as someone with the database file (or a superuser) could; "3, 4": the entries
    that then fail (T-1's flag and its note)."""
    ident = _forge(store)
    return f"{ident - 1}, {ident}"


def _forge(store) -> int:  # type: ignore[no-untyped-def]
    location = getattr(store, "location", None)
    if location is None:  # the SQLite cache: its triggers dropped first
        with closing(sqlite3.connect(store.path)) as conn, conn:
            conn.execute("DROP TRIGGER review_audit_no_update")
            conn.execute("DROP TRIGGER review_audit_no_delete")
            conn.execute("UPDATE review_audit SET changes = replace(changes, ?, ?)", (NOTE, FORGED))
            (ident,) = conn.execute(
                "SELECT id FROM review_audit WHERE changes LIKE ?", (f"%{FORGED}%",)
            ).fetchone()
        return int(ident)
    run_sql(
        str(location),
        "SET session_replication_role = replica; "
        f"UPDATE review_audit SET changes = replace(changes, '{NOTE}', '{FORGED}')",
    )
    import psycopg

    with psycopg.connect(str(location)) as conn:
        row = conn.execute("SELECT id FROM review_audit WHERE changes LIKE %s", (f"%{FORGED}%",)).fetchone()
    assert row is not None
    return int(row[0])


def ids(text: str) -> list[int]:
    return [int(i) for i in text.split(", ")]


def run(ctx: CliContext, *argv: str) -> int:
    for stream in (ctx.stdout, ctx.stderr):
        stream.seek(0)
        stream.truncate()
    return main(list(argv), ctx)


def export(ctx: CliContext, out: Path, fmt: str, *more: str) -> int:
    return run(ctx, "export", "--flagged", "--format", fmt, "--clips", "none", "--out", str(out), *more)


@pytest.mark.parametrize("fmt", ["pdf", "csv"])
def test_a_broken_trail_is_refused_in_one_line_and_nothing_is_written(
    store, paths: AppPaths, team_env: dict[str, str], tmp_path: Path, fmt: str
) -> None:
    ident = tamper(store)
    ctx = ctx_on(paths, team_env)
    out = tmp_path / "ev"
    assert export(ctx, out, fmt) == 5
    said = ctx.stderr.getvalue()
    assert said.count("\n") == 1, said  # one plain line
    assert f"ticket T-1 (audit entries {ident})" in said
    assert "fails its integrity check" in said and "--despite-broken-audit" in said
    assert "T-2" not in said  # its trail passes
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left either


def test_despite_broken_audit_the_pdf_says_so_on_its_cover_and_the_exhibit(
    store, paths: AppPaths, team_env: dict[str, str], tmp_path: Path, qapp: object
) -> None:
    ident = tamper(store)
    ctx = ctx_on(paths, team_env)
    out = tmp_path / "ev"
    assert export(ctx, out, "pdf", "--despite-broken-audit") == 0, ctx.stderr.getvalue()
    warning = ctx.stderr.getvalue()
    assert (
        f"warning: the audit trail of ticket T-1 (audit entries {ident}) failed its integrity check"
        in warning
    )
    assert warning.endswith(  # where a PDF export marks it, each named
        f"the export to {out} is marked so (case-report.pdf's cover and affected exhibits, tickets.json's "
        "audit_entries_failing_chain; export.json's audit_failing_tickets).\n"
    )
    text = " ".join(pdftotext(out / "case-report.pdf", "-raw").split())
    cover = " ".join(pdftotext(out / "case-report.pdf", "-raw", "-l", "1").split())
    assert "WARNING: THE AUDIT TRAIL FAILED ITS INTEGRITY CHECK" in cover
    assert f"The audit trail of ticket T-1 (audit entries {ident}) does not match its hash chain" in cover
    assert FORGED in text  # shown as the store holds it now ...
    # ... and said failing next to the notes and in the audit trail of T-1's exhibit, not T-2's
    exhibit_1 = text[text.index("Exhibit 1") : text.index("Exhibit 2")] if "Exhibit 2" in text else text
    assert exhibit_1.count(f"The audit trail failed its integrity check: entries {ident} do not match") == 2
    assert "FAILED INTEGRITY CHECK:" in exhibit_1
    assert text.count("The audit trail failed its integrity check: entries") == 2
    custody = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert custody["audit_entries_failing_chain"] == ids(ident)
    assert [t["ticket_id"] for t in custody["audit_failing_tickets"]] == ["T-1"]
    with store.reader() as reader:  # the export's own audit entry records it was made despite the failure
        (entry,) = [e for e in reader.review.audit_trail() if e.action == "export"]
    assert entry.changes["audit_entries_failing_chain"] == ids(ident)


def test_despite_broken_audit_csv_and_json_carry_it_per_ticket(
    store, paths: AppPaths, team_env: dict[str, str], tmp_path: Path
) -> None:
    ident = tamper(store)
    ctx = ctx_on(paths, team_env)
    assert export(ctx, tmp_path / "csv", "csv", "--despite-broken-audit") == 0, ctx.stderr.getvalue()
    said = ctx.stderr.getvalue()
    assert "failed its integrity check" in said
    # a CSV has no PDF: its mark is tickets.csv's column (the warning said "PDF cover and exhibits")
    assert said.endswith(
        f"the export to {tmp_path / 'csv'} is marked so (tickets.csv's audit_check column; export.json's "
        "audit_failing_tickets).\n"
    )
    assert "pdf" not in said.casefold()
    rows = csv.DictReader(io.StringIO((tmp_path / "csv" / "tickets.csv").read_text(encoding="utf-8-sig")))
    checks = {row["ticket_id"]: row["audit_check"] for row in rows}
    assert checks == {"T-1": f"failed: entries {ident} do not match the audit hash chain", "T-2": "passed"}
    assert export(ctx, tmp_path / "json", "json", "--despite-broken-audit") == 0, ctx.stderr.getvalue()
    said = ctx.stderr.getvalue()
    assert said.endswith(
        f"the export to {tmp_path / 'json'} is marked so (tickets.json's audit_entries_failing_chain; "
        "export.json's audit_failing_tickets).\n"
    )
    assert "pdf" not in said.casefold()
    tickets = json.loads((tmp_path / "json" / "tickets.json").read_text(encoding="utf-8"))["tickets"]
    assert {t["ticket_id"]: t["audit_entries_failing_chain"] for t in tickets} == {
        "T-1": ids(ident),
        "T-2": [],
    }
    custody = json.loads((tmp_path / "json" / "export.json").read_text(encoding="utf-8"))
    assert custody["audit_entries_failing_chain"] == ids(ident)


def test_an_intact_trail_exports_with_no_warning(
    store, paths: AppPaths, team_env: dict[str, str], tmp_path: Path
) -> None:
    ctx = ctx_on(paths, team_env)
    assert export(ctx, tmp_path / "csv", "csv") == 0, ctx.stderr.getvalue()
    assert "integrity" not in ctx.stderr.getvalue()
    rows = csv.DictReader(io.StringIO((tmp_path / "csv" / "tickets.csv").read_text(encoding="utf-8-sig")))
    assert {row["audit_check"] for row in rows} == {"passed"}
    custody = json.loads((tmp_path / "csv" / "export.json").read_text(encoding="utf-8"))
    assert custody["audit_entries_failing_chain"] == [] and custody["audit_failing_tickets"] == []


def test_a_case_export_is_refused_and_marked_the_same_way(
    store, paths: AppPaths, team_env: dict[str, str], tmp_path: Path
) -> None:
    ctx = ctx_on(paths, team_env)
    assert run(ctx, "case", "new", "Till", "--ticket", "T-1", "--ticket", "T-2", "--json") == 0, (
        ctx.stderr.getvalue()
    )
    number = json.loads(ctx.stdout.getvalue())["number"]
    ident = tamper(store)
    out = tmp_path / "case"
    argv = ["case", "export", str(number), "--format", "json", "--clips", "none", "--out", str(out)]
    assert run(ctx, *argv) == 5
    assert f"ticket T-1 (audit entries {ident}) fails its integrity check" in ctx.stderr.getvalue()
    assert not out.exists()
    assert run(ctx, *argv, "--despite-broken-audit") == 0, ctx.stderr.getvalue()
    assert "failed its integrity check" in ctx.stderr.getvalue()
    custody = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert custody["audit_entries_failing_chain"] == ids(ident)
