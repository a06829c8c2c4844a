"""The Exceptions count is the row's tickets with any exception, the tickets a click on it lists (a tester saw
41 on Emma Johnson's row and 37 receipts when she clicked it: 41 counted findings, one per rule per ticket).
The per-rule counts and the score stay on findings, as README documents ("the weighted counts"); the CLI
prints the same ticket count (``tickets_with_exceptions``) and keeps ``exceptions`` (findings) for scripts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cli_support import ctx_on
from review_helpers import EMMA, T0, store_two_rules_each

from ows_desktop.cli.main import main
from ows_desktop.rules import RuleConfig, rank_exceptions
from ows_desktop.store import TicketQuery, TicketStore

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

START, END = T0 - timedelta(days=1), T0 + timedelta(days=1)


def test_the_exceptions_count_is_the_tickets_a_click_lists_and_the_cli_prints(
    store: TicketStore, paths, store_backend: str, request: pytest.FixtureRequest
) -> None:
    store_two_rules_each(store)
    config = RuleConfig()
    with store.reader() as reader:
        ranking = rank_exceptions(reader, START, END, config=config)
        emma = next(row for row in ranking.rows if row.name == EMMA)
        listed = {row.key for row in reader.iter_rows(TicketQuery(**ranking.flagged_filter(emma)))}
    assert emma.per_rule == {"line_void": 4, "price_override": 4, "no_sale": 2}  # findings per rule
    assert emma.exceptions == 10 and emma.flagged_tickets == 6 == len(listed)
    assert listed == {"e-two0", "e-two1", "e-two2", "e-two3", "e-ns0", "e-ns1"}
    # The score stays the weighted findings (README: "the weighted counts"), not weighted tickets.
    assert emma.score == sum(n * config.weight(rule) for rule, n in emma.per_rule.items())

    team = {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}
    ctx = ctx_on(paths, team)
    window = ["--from", START.isoformat(), "--to", END.isoformat()]
    assert main(["exceptions", "--json", *window], ctx) == 0
    row = next(r for r in json.loads(ctx.stdout.getvalue()) if r["name"] == EMMA)
    assert row["tickets_with_exceptions"] == len(listed)  # the figure the window shows and lists
    assert row["exceptions"] == 10 and row["per_rule"] == emma.per_rule  # kept for scripts: findings
    ctx.stdout.seek(0)
    ctx.stdout.truncate()
    assert main(["exceptions", *window], ctx) == 0
    line = next(text for text in ctx.stdout.getvalue().splitlines() if EMMA in text)
    assert f" {len(listed)} tickets with exceptions" in line, line
