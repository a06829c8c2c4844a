"""``search``, ``exceptions`` and ``export`` read a date as the window's time filter reads one: while the
window shows ticket times in each store's time (the default), ``--from 2026-12-06 --to 2026-12-06`` is the 6th
at every store — a store at UTC−05:00 and one at UTC+10:00 are different spans of UTC time — and so
``exceptions`` prints the figures the window's Exceptions tab shows for those dates. ``--days workstation`` (or
the window showing this workstation's time) reads this workstation's day. On the SQLite cache and on a
PostgreSQL team store."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime

import pytest
from cli_support import ctx_on
from review_helpers import tk

from ows_desktop.cli.main import main
from ows_desktop.rules import RuleConfig, RuleRunner, rank_exceptions
from ows_desktop.store.query import StoreDays

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

# key → (store, operator, UTC time, the offset its POS writes; None: a store whose zone is not known)
TICKETS = {
    "a-eve": ("S058", "Ana", "2026-12-07T02:58", -300),  # 21:58 on the 6th at S058
    "a-day": ("S058", "Ana", "2026-12-06T17:00", -300),
    "a-before": ("S058", "Ana", "2026-12-06T03:00", -300),  # 22:00 on the 5th
    "b-early": ("S101", "Ben", "2026-12-05T14:10", 600),  # 00:10 on the 6th at S101
    "b-day": ("S101", "Ben", "2026-12-06T03:00", 600),
    "b-after": ("S101", "Ben", "2026-12-06T14:05", 600),  # 00:05 on the 7th
    "c-day": ("S777", "Cy", "2026-12-06T00:30", None),
}
ON_THE_6TH = {"a-eve", "a-day", "b-early", "b-day", "c-day"}  # UTC's 6th: a-day a-before b-day b-after c-day
DAY = ["--from", "2026-12-06", "--to", "2026-12-06"]


@pytest.fixture
def ctx(store, paths, store_backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "UTC")  # this workstation in UTC: its day is the UTC day
    time.tzset()
    store.upsert_tickets(
        [
            tk(key, start=datetime.fromisoformat(at).replace(tzinfo=UTC), location=location, operator=operator,
               status="no_sale", lines=(), offset_minutes=offset)
            for key, (location, operator, at, offset) in TICKETS.items()
        ]
    )  # fmt: skip
    RuleRunner.from_settings({"rules/outside_hours/enabled": False}).run_all(store)
    team = {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}
    context = ctx_on(paths, team)
    context.settings().set("rules/outside_hours/enabled", False)
    yield context
    monkeypatch.undo()
    time.tzset()


def run(ctx, *argv: str) -> int:
    for stream in (ctx.stdout, ctx.stderr):
        stream.seek(0)
        stream.truncate()
    return main(list(argv), ctx)


def test_a_date_is_each_stores_own_day_as_in_the_window(ctx, store, tmp_path) -> None:
    assert run(ctx, "search", *DAY, "--json") == 0, ctx.stderr.getvalue()
    assert {row["id"] for row in json.loads(ctx.stdout.getvalue())} == ON_THE_6TH
    said = "2026-12-06, each store's own days (a store of unknown zone: its UTC days)"
    assert ctx.stderr.getvalue() == f"Ticket times read: {said}.\n"
    assert run(ctx, "search", *DAY) == 0
    assert ctx.stdout.getvalue().splitlines()[-2:] == [f"Ticket times: {said}.", "5 of 5 matching tickets"]
    # the Exceptions tab's figures for those dates (the ranking of StoreDays, as the window runs it)
    assert run(ctx, "exceptions", *DAY, "--json", "--min-tickets", "0") == 0, ctx.stderr.getvalue()
    printed = {row["name"]: row["tickets_with_exceptions"] for row in json.loads(ctx.stdout.getvalue())}
    with store.reader() as reader:
        days = StoreDays(date(2026, 12, 6), date(2026, 12, 6))
        window = rank_exceptions(reader, None, None, config=RuleConfig(), min_tickets=0, days=days)
    assert printed == {row.name: row.flagged_tickets for row in window.rows} == {"Ana": 2, "Ben": 2, "Cy": 1}
    # an export of those days records them, and exports what search listed
    out = tmp_path / "out"
    argv = ["export", "--query", "", *DAY, "--format", "json", "--clips", "none", "--out", str(out)]
    assert run(ctx, *argv) == 0, ctx.stderr.getvalue()
    exported = json.loads((out / "tickets.json").read_text("utf-8"))
    assert {t["ticket_id"] for t in exported["tickets"]} == ON_THE_6TH
    custody = json.loads((out / "export.json").read_text("utf-8"))
    assert custody["selection"]["query"]["store_days"] == {"first": "2026-12-06", "last": "2026-12-06"}
    # one side a date, the other open: from the 6th at each store onwards
    assert run(ctx, "search", "--from", "2026-12-06", "--json") == 0
    assert {row["id"] for row in json.loads(ctx.stdout.getvalue())} == ON_THE_6TH | {"b-after"}


def test_this_workstations_day_when_asked_or_when_the_window_shows_its_time(ctx) -> None:
    utc_day = {"a-day", "a-before", "b-day", "b-after", "c-day"}
    assert run(ctx, "search", *DAY, "--days", "workstation", "--json") == 0
    assert {row["id"] for row in json.loads(ctx.stdout.getvalue())} == utc_day
    ctx.settings().set("display/time_zone", "workstation")
    assert run(ctx, "search", *DAY, "--json") == 0
    assert {row["id"] for row in json.loads(ctx.stdout.getvalue())} == utc_day
    assert run(ctx, "search", *DAY, "--days", "store", "--json") == 0
    assert {row["id"] for row in json.loads(ctx.stdout.getvalue())} == ON_THE_6TH
    assert run(ctx, "search", "--from", "2026-12-06", "--to", "2026-12-05", "--days", "store") == 2
    assert "--to (2026-12-05) is a day before --from (2026-12-06)" in ctx.stderr.getvalue()


def test_search_and_case_show_print_the_times_in_the_days_they_read(ctx) -> None:
    """``search --from 2026-12-06`` read the 6th at each store and printed ``2026-12-07T02:58:00.000Z`` for
    a ticket rung up at 21:58 on the 6th at S058 (UTC−05:00): a store manager asking for the 6th read the 7th.
    Its rows, and ``case show``'s, are in the store's time with its zone as the window's list shows them (this
    workstation's with ``--days workstation``); ``--json`` keeps ``start`` in UTC for the scripts that read
    it and adds the store's time under the names and forms of the export's tickets.json."""
    assert run(ctx, "search", *DAY, "--sort", "location", "--ascending") == 0
    rows = {line.split()[-1]: line for line in ctx.stdout.getvalue().splitlines()[:-2]}
    assert rows["a-eve"].startswith("2026-12-06 21:58:00 −05:00 S058 ")
    assert rows["b-early"].startswith("2026-12-06 00:10:00 +10:00 S101 ")
    assert rows["c-day"].startswith("2026-12-06 00:30:00 UTC    S777 ")  # no zone known: UTC, said so
    assert "Z " not in ctx.stdout.getvalue()
    assert run(ctx, "search", *DAY, "--days", "workstation") == 0  # this workstation's days (UTC here)
    rows = {line.split()[-1]: line for line in ctx.stdout.getvalue().splitlines()[:-2]}
    assert rows["a-day"].startswith("2026-12-06 17:00:00 +00:00 S058 ")
    assert run(ctx, "search", *DAY, "--json") == 0
    found = {row["id"]: row for row in json.loads(ctx.stdout.getvalue())}
    times = {key: (row["start"], row["start_store_time"], row["local_utc_offset_minutes"])
             for key, row in found.items() if key in ("a-eve", "b-early", "c-day")}  # fmt: skip
    assert times == {
        "a-eve": ("2026-12-07T02:58:00.000Z", "2026-12-06 21:58:00 UTC−05:00", -300),
        "b-early": ("2026-12-05T14:10:00.000Z", "2026-12-06 00:10:00 UTC+10:00", 600),
        "c-day": ("2026-12-06T00:30:00.000Z", "2026-12-06 00:30:00 UTC", None),
    }
    assert run(ctx, "case", "new", "Late drawer", "--ticket", "a-eve", "--ticket", "c-day", "--json") == 0
    number = json.loads(ctx.stdout.getvalue())["number"]
    assert run(ctx, "case", "show", number) == 0
    shown = ctx.stdout.getvalue()
    assert "    a-eve  2026-12-06 21:58:00 −05:00  store S058" in shown
    assert "    c-day  2026-12-06 00:30:00 UTC  store S777" in shown
    assert run(ctx, "case", "show", number, "--json") == 0
    tickets = {t["key"]: t for t in json.loads(ctx.stdout.getvalue())["tickets"]}
    assert (tickets["a-eve"]["time_utc"], tickets["a-eve"]["time_store_time"]) == (
        "2026-12-07T02:58:00.000Z", "2026-12-06 21:58:00 UTC−05:00"
    )  # fmt: skip
    assert (tickets["a-eve"]["local_utc_offset_minutes"], tickets["c-day"]["local_utc_offset_minutes"]) == (
        -300, None
    )  # fmt: skip
