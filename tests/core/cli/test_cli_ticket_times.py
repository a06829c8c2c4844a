"""``--from``/``--to`` of the commands that read ticket times (search, exceptions, export) and ``search
--status``, as a person types them: ``search --from 2026-12-10`` was refused for lacking a UTC offset, and
``--status Refund`` (the window's word) for its capital. A plain date is this workstation's day (as --to, the
day included), a date and time without offset this workstation's time, and the output says the span read."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_support import make_ctx
from review_helpers import tk

from ows_desktop.cli import main
from ows_desktop.cli.context import CliContext
from ows_desktop.store import open_store

SPAN = "2026-12-10 00:00 UTC−05:00 to 2026-12-11 00:00 UTC−05:00 (this workstation's time)"


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch):
    """This workstation in New York (winter: UTC−05:00)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def ctx(tmp_path: Path, new_york: None) -> CliContext:
    context = make_ctx(tmp_path)
    context.settings().set("rules/outside_hours/timezone", "UTC")
    # the window shows this workstation's time: a date is this workstation's day (store days:
    # test_cli_store_days.py)
    context.settings().set("display/time_zone", "workstation")
    with open_store(context.paths.database) as store:
        store.upsert_tickets(
            [
                tk("T-A", start=datetime(2026, 12, 10, 4, 30, tzinfo=UTC)),  # Dec 9, 23:30 in New York
                tk("T-B", start=datetime(2026, 12, 10, 6, 0, tzinfo=UTC), status="refund"),  # Dec 10, 01:00
                tk("T-C", start=datetime(2026, 12, 11, 4, 59, tzinfo=UTC), status="no_sale", lines=()),
                tk("T-D", start=datetime(2026, 12, 11, 5, 0, tzinfo=UTC)),  # Dec 11, 00:00
            ]
        )
    return context


def run(ctx: CliContext, *argv: str) -> int:
    for stream in (ctx.stdout, ctx.stderr):
        stream.seek(0)
        stream.truncate()
    return main.main(list(argv), ctx)


def ids(ctx: CliContext) -> list[str]:
    return sorted(row["id"] for row in json.loads(ctx.stdout.getvalue()))


def test_a_plain_date_is_this_workstations_day_and_the_span_is_said(ctx: CliContext) -> None:
    assert run(ctx, "search", "--from", "2026-12-10", "--to", "2026-12-10", "--json") == 0, (
        ctx.stderr.getvalue()
    )
    assert ids(ctx) == ["T-B", "T-C"]  # --to's day included: the day typed, in New York
    assert ctx.stderr.getvalue() == f"Ticket times read: {SPAN}.\n"  # stdout stays the JSON array
    assert run(ctx, "search", "--from", "2026-12-10", "--to", "2026-12-10") == 0
    lines = ctx.stdout.getvalue().splitlines()
    assert lines[-2:] == [f"Ticket times: {SPAN}.", "2 of 2 matching tickets"]
    assert run(ctx, "search", "--from", "2026-12-10", "--json") == 0
    assert ids(ctx) == ["T-B", "T-C", "T-D"]
    assert "2026-12-10 00:00 UTC−05:00 onwards (this workstation's time)" in ctx.stderr.getvalue()


def test_a_date_and_time_without_offset_is_this_workstations_time(ctx: CliContext) -> None:
    assert run(ctx, "search", "--from", "2026-12-10T01:00", "--to", "2026-12-10 23:59", "--json") == 0
    assert ids(ctx) == ["T-B"]
    assert "2026-12-10 01:00 UTC−05:00 to 2026-12-10 23:59 UTC−05:00" in ctx.stderr.getvalue()
    # with an offset (or Z) it is as typed, and a script's stderr stays quiet
    assert run(ctx, "search", "--from", "2026-12-10T06:00Z", "--to", "2026-12-11T05:00Z", "--json") == 0
    assert ids(ctx) == ["T-B", "T-C"] and ctx.stderr.getvalue() == ""


def test_a_reversed_or_unreadable_time_is_refused_in_one_line(ctx: CliContext) -> None:
    assert run(ctx, "search", "--from", "2026-12-10", "--to", "2026-12-09") == 2
    assert "The search range is empty" in ctx.stderr.getvalue()
    assert run(ctx, "search", "--from", "10/12/2026") == 2
    (line,) = ctx.stderr.getvalue().splitlines()
    assert "Cannot read time '10/12/2026'" in line and "a date (2026-12-10" in line


def test_exceptions_and_export_read_the_same_forms(ctx: CliContext, tmp_path: Path) -> None:
    assert run(ctx, "exceptions", "--from", "2026-12-10", "--to", "2026-12-10", "--min-tickets", "0") == 0
    assert f"Ticket times: {SPAN}." in ctx.stdout.getvalue()
    out = tmp_path / "out"
    argv = ["export", "--query", "", "--from", "2026-12-10", "--to", "2026-12-10", "--format", "json"]
    assert run(ctx, *argv, "--clips", "none", "--out", str(out)) == 0, ctx.stderr.getvalue()
    assert f"Ticket times: {SPAN}." in ctx.stdout.getvalue()
    exported = json.loads((out / "tickets.json").read_text("utf-8"))
    assert sorted(t["ticket_id"] for t in exported["tickets"]) == ["T-B", "T-C"]


def test_status_is_matched_whatever_its_case_and_spacing(ctx: CliContext) -> None:
    assert run(ctx, "search", "--status", "Refund", "--json") == 0, ctx.stderr.getvalue()
    assert ids(ctx) == ["T-B"]
    assert run(ctx, "search", "--status", "No sale", "--status", "SALE", "--json") == 0
    assert ids(ctx) == ["T-A", "T-C", "T-D"]
    assert run(ctx, "search", "--status", "Refnud") == 2  # a typo is still said
    assert "has the status 'Refnud'" in ctx.stderr.getvalue()
