"""The Exceptions ranking ranks people by the employee ID their tickets carry. A tester found two cashiers named
Ines Brontë (E1014 at S027, E1053 at S063) ranked as one row of 209 tickets, whose refund count listed both
stores' refunds: for a loss-prevention ranking, an accusation against the wrong person. A ticket without an ID
is its operator's name at its store, and says so."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cli_support import ctx_on
from review_helpers import INES, T0, store_namesakes

from ows_desktop.cli.main import main
from ows_desktop.rules import rank_exceptions
from ows_desktop.store import TicketQuery, TicketStore

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

START, END = T0 - timedelta(days=1), T0 + timedelta(days=1)


def test_two_cashiers_of_one_name_are_two_rows_each_listing_exactly_its_own_tickets(
    store: TicketStore, paths, store_backend: str, request: pytest.FixtureRequest
) -> None:
    store_namesakes(store)
    with store.reader() as reader:
        ranking = rank_exceptions(reader, START, END, min_tickets=1)
        rows = {(row.operator_id, row.location): row for row in ranking.rows}
        assert set(rows) == {("E1014", None), ("E1053", None), ("", "S063"), ("E2001", None)}
        first, second, unknown, ana = (rows[k] for k in (("E1014", None), ("E1053", None), ("", "S063"),
                                                         ("E2001", None)))  # fmt: skip
        assert (first.name, first.tickets, first.flagged_tickets, first.stores) == (INES, 5, 3, ("S027",))
        assert (second.name, second.tickets, second.flagged_tickets, second.stores) == (INES, 5, 4, ("S063",))
        assert (unknown.name, unknown.tickets, unknown.flagged_tickets) == (INES, 1, 1)
        assert (ana.name, ana.names, ana.stores, ana.tickets) == (
            "Ana",
            ("Ana", "Ana M."),
            ("S027", "S063"),
            3,
        )

        def listed(wanted: dict) -> set[str]:  # type: ignore[type-arg]
            return {row.key for row in reader.iter_rows(TicketQuery(**wanted))}

        # the click-through: exactly that ID's tickets, never her namesake's
        assert listed(ranking.flagged_filter(first)) == {f"s027-ines-r{i}" for i in range(3)}
        assert listed(ranking.filter(first, "refund")) == {f"s027-ines-r{i}" for i in range(3)}
        assert listed(ranking.filter(first)) == {f"s027-ines-{k}" for k in ("r0", "r1", "r2", "s0", "s1")}
        assert listed(ranking.filter(second, "refund")) == {f"s063-ines-r{i}" for i in range(4)}
        assert listed(ranking.filter(unknown)) == {"s063-noid-r0"}
        assert listed(ranking.filter(ana, "refund")) == {"s027-ana-r0", "s063-ana-r0"}
        assert first.label == "Ines Brontë (E1014)" and ana.label == "Ana / Ana M. (E2001)"
        assert unknown.label == "S063 · Ines Brontë (no employee ID)"

    team = {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}
    ctx = ctx_on(paths, team)
    window = ["--from", START.isoformat(), "--to", END.isoformat(), "--min-tickets", "1"]
    assert main(["exceptions", "--json", *window], ctx) == 0
    printed = {(r["operator_id"], r["location"]): r for r in json.loads(ctx.stdout.getvalue())}
    assert set(printed) == {("E1014", None), ("E1053", None), (None, "S063"), ("E2001", None)}
    assert printed[("E1014", None)]["name"] == INES and printed[("E1014", None)]["tickets"] == 5
    assert printed[("E2001", None)]["names"] == ["Ana", "Ana M."]
    assert printed[("E2001", None)]["stores"] == ["S027", "S063"]
    assert printed[(None, "S063")]["identified_by"] == "name and store (no employee ID)"
    assert printed[("E1014", None)]["identified_by"] == "employee ID"
    ctx.stdout.seek(0)
    ctx.stdout.truncate()
    assert main(["exceptions", *window], ctx) == 0
    lines = ctx.stdout.getvalue().splitlines()
    assert sum("Ines Brontë (E1014)" in line for line in lines) == 1
    assert sum("Ines Brontë (E1053)" in line for line in lines) == 1
    assert sum("S063 · Ines Brontë (no employee ID)" in line for line in lines) == 1
