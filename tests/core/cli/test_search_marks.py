"""``ows-desktop search`` marks each ticket with the letters of the window's Exceptions chips (one definition,
rules.ticket_marks): ``search --exception discount_percent`` printed an empty marks column where the window
showed "D", and a ticket only a rule without a chip of its own found (a price override) looked clean where the
window showed "E". The letters: V void, R refund, N no sale, D discount, F flagged, E another exception."""

from __future__ import annotations

import pytest
from cli_support import ctx_on
from review_helpers import ln, tk

from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli import main
from ows_desktop.ows.model import Discount

pytestmark = pytest.mark.both_backends  # the CLI on the SQLite cache and on a PostgreSQL team store


def test_search_marks_a_ticket_with_the_letters_of_the_windows_chips(
    paths: AppPaths, store, store_backend: str, request: pytest.FixtureRequest
) -> None:
    store.upsert_tickets(
        [
            tk("T-PLAIN"),
            tk("T-DISC", lines=(ln("A", price=10.0),), discounts=(Discount("Staff", 5.0, "Ana", "Bo"),)),
            tk("T-OVER", lines=(ln("B", price=4.0, original=9.0),)),  # a price override: no chip of its own
            tk("T-VOID", lines=(ln("C"), ln("D", voided=True))),
        ]
    )
    team = {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}
    ctx = ctx_on(paths, team)
    assert main.main(["rules"], ctx) == 0
    assert main.main(["flag", "T-VOID", "--reason", "check"], ctx) == 0
    ctx = ctx_on(paths, team)
    assert main.main(["search", "--limit", "0", "--sort", "total"], ctx) == 0, ctx.stderr.getvalue()
    *rows, count = ctx.stdout.getvalue().splitlines()
    marks = {
        row.split()[-1]: row.removesuffix(row.split()[-1])[-7:-1] for row in rows
    }  # 6 wide, before the id
    assert marks == {"T-PLAIN": "      ", "T-DISC": "D     ", "T-OVER": "E     ", "T-VOID": "VF    "}
    assert count == "4 of 4 matching tickets"
    # the discount rule's tickets carry its letter (the column was empty but for V, R, N)
    ctx = ctx_on(paths, team)
    assert main.main(["search", "--exception", "discount_percent"], ctx) == 0
    (line, count) = ctx.stdout.getvalue().splitlines()
    assert line.endswith(" D      T-DISC") and count == "1 of 1 matching tickets"
