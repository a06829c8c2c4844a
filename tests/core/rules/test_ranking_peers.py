"""The ranking an investigator acts on: operators next to their store peers in the same hours, on simulated
data whose truth knows who the outliers are (a few cashiers with raised exception rates, one honest cashier
with far more tickets than anyone)."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest
from cli_support import make_ctx

from ows_desktop.cli import main
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.rules import METHOD, Ranking, RuleConfig, RuleRunner, rank_exceptions
from ows_desktop.rules.peers import ANY, peer_figures, poisson_log_upper_tail
from ows_desktop.simulator import SimConfig
from ows_desktop.simulator.generator import TicketGenerator
from ows_desktop.store import TicketQuery
from ows_desktop.store.url import open_store_url

CONFIG = SimConfig(
    seed=11,
    stores=4,
    terminals_per_store=2,
    days=8,
    tickets_per_store_day=300,
    outliers=4,
    busy_operator=True,
)


def _ranked(generator: TicketGenerator, url: str, folder: Path) -> Ranking:
    with open_store_url(url, folder / "t.db", password=lambda _location: None) as store:
        tickets = [normalise_ticket(generator.ticket(i)) for i in range(generator.count())]
        for first in range(0, len(tickets), 2000):
            store.upsert_tickets(tickets[first : first + 2000])
        RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).run_all(store)
        with store.reader() as reader:
            return rank_exceptions(reader, None, None)


@pytest.fixture(
    scope="module",
    params=[(11, "sqlite"), (3, "sqlite"), (11, "postgresql")],
    ids=lambda param: f"seed{param[0]}-{param[1]}",
)
def simulated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[TicketGenerator, Ranking, str]:
    """The simulated tickets, ranked, and the store's URL (the SQLite cache, or a PostgreSQL team store)."""
    seed, backend = request.param
    generator = TicketGenerator(dataclasses.replace(CONFIG, seed=seed))
    folder = tmp_path_factory.mktemp("rank")
    url = f"sqlite:{folder / 't.db'}"
    if backend == "postgresql":
        from ows_desktop.store.postgres import init_store, parse_url

        cluster = request.getfixturevalue("pg_cluster")
        url = cluster.url(cluster.new_database())
        init_store(parse_url(url), lambda _location: None)
    return generator, _ranked(generator, url, folder), url


def test_both_backends_rank_alike(simulated, tmp_path: Path) -> None:
    generator, ranking, url = simulated
    if url.startswith("sqlite:"):
        return  # compared from the PostgreSQL run (same seed, ranked again on SQLite)
    on_sqlite = _ranked(generator, f"sqlite:{tmp_path / 't.db'}", tmp_path)
    assert [(r.name, r.tickets, r.exceptions, r.flagged_tickets) for r in ranking.rows] == [
        (r.name, r.tickets, r.exceptions, r.flagged_tickets) for r in on_sqlite.rows
    ]
    assert [r.headline and r.headline.text() for r in ranking.rows] == [
        r.headline and r.headline.text() for r in on_sqlite.rows
    ]


def opened(url: str):  # type: ignore[no-untyped-def]
    return open_store_url(url, Path("unused"), password=lambda _location: None)


def test_simulator_truth_is_deterministic_and_spares_managers() -> None:
    generator = TicketGenerator(CONFIG)
    outliers = generator.outlier_operators
    assert len(outliers) == 4 and outliers == TicketGenerator(CONFIG).outlier_operators
    managers = {st.manager for st in generator.stores()}
    busy = generator.busy_operator
    assert busy is not None and not ({generator.chronic_operator, busy} | managers) & set(outliers)
    assert TicketGenerator(SimConfig(seed=12, outliers=4)).outlier_operators != outliers
    with pytest.raises(ValueError, match="outliers"):
        TicketGenerator(SimConfig(stores=1, outliers=50))


def test_top_of_the_ranking_holds_the_true_outliers(simulated) -> None:
    generator, ranking, _ = simulated
    truth = {op.name for op in generator.outlier_operators} | {generator.chronic_operator.name}
    top5 = [row.name for row in ranking.rows[:5]]
    assert sum(name in truth for name in top5) / 5 >= 0.8, top5
    busy = generator.busy_operator
    assert busy is not None
    by_name = {row.name: row for row in ranking.rows}
    honest_busy = by_name[busy.name]
    # The busy cashier has the most tickets of anyone and more exceptions than the outliers ...
    assert honest_busy.tickets == max(row.tickets for row in ranking.rows)
    assert honest_busy.exceptions > min(by_name[op.name].exceptions for op in generator.outlier_operators)
    # ... and is still ranked below every true outlier.
    position = [row.name for row in ranking.rows].index(busy.name)
    assert all(
        [row.name for row in ranking.rows].index(op.name) < position for op in generator.outlier_operators
    )


def test_figures_name_peers_and_drill_into_the_counted_tickets(simulated) -> None:
    _, ranking, url = simulated
    top = ranking.rows[0]
    figure = top.headline
    assert figure is not None and top.ranked and figure.tickets == top.tickets
    assert figure.ratio > 1.3 and figure.p_value < 1e-3
    assert figure.text() == (
        f"{figure.ratio:.1f}× store peers ({figure.observed} of {top.tickets} tickets) · chance {figure.chance()}"
    )
    assert "Poisson" in METHOD and "Poisson" in ranking.method and "Poisson" in figure.explanation()
    no_sale = top.peers["no_sale"]
    with opened(url) as store, store.reader() as reader:
        counted = list(reader.iter_rows(TicketQuery(**ranking.flagged_filter(top))))
        of_one_rule = list(reader.iter_rows(TicketQuery(**ranking.filter(top, "no_sale"))))
        everything = list(reader.iter_rows(TicketQuery(**ranking.filter(top))))
    assert len(counted) == figure.observed and len(everything) == figure.tickets
    assert len(of_one_rule) == no_sale.observed == top.per_rule["no_sale"]


def test_expected_count_comes_from_the_peers_in_the_same_store_and_hour() -> None:
    totals = [
        ("Ann", "S1", 9, 100, 10),
        ("Bob", "S1", 9, 100, 30),
        ("Bob", "S1", 15, 100, 0),  # Bob alone at 15:00: no peers, the store's peer rate stands in
        ("Ann", "S2", 9, 100, 50),  # another store: not Bob's peer
    ]
    counts = [
        ("Ann", "S1", 9, "no_sale", 10),
        ("Bob", "S1", 9, "no_sale", 30),
        ("Ann", "S2", 9, "no_sale", 50),
    ]
    figures = peer_figures(counts, totals, 1)
    bob = figures[("Bob",)]["no_sale"]
    overall = (90 + 0.5) / (400 + 1)
    store = (10 + 20 * overall) / (100 + 20)  # Bob's peers in S1: Ann's 10 of 100
    assert bob.expected == pytest.approx(100 * (10 + 20 * store) / (100 + 20) + 100 * (0 + 20 * store) / 20)
    assert (bob.observed, bob.tickets) == (30, 200)
    assert bob.ratio > 1 and bob.log_p == poisson_log_upper_tail(30, bob.expected)
    assert set(figures[("Ann",)]) == {"no_sale", ANY}


def test_poisson_tail() -> None:
    assert poisson_log_upper_tail(0, 3.0) == 0.0
    assert math.exp(poisson_log_upper_tail(1, 2.0)) == pytest.approx(1 - math.exp(-2.0))
    p3 = 1 - math.exp(-2.0) * (1 + 2 + 2)
    assert math.exp(poisson_log_upper_tail(3, 2.0)) == pytest.approx(p3)
    assert poisson_log_upper_tail(2000, 10.0) < -5000  # no underflow to -inf or 0


def test_cli_shows_the_same_figures(simulated, tmp_path: Path) -> None:
    _, ranking, url = simulated
    ctx = make_ctx(tmp_path, env={"OWS_DESKTOP_STORE": url})
    assert main.main(["exceptions", "--json", "--limit", "5"], ctx) == 0
    rows = json.loads(ctx.stdout.getvalue())
    assert [r["name"] for r in rows] == [r.name for r in ranking.rows[:5]]
    top = ranking.rows[0].headline
    assert top is not None and rows[0]["vs_peers"]["text"] == top.text()
    assert "Poisson" in rows[0]["vs_peers"]["method"]
    ctx.stdout.seek(0)
    ctx.stdout.truncate()
    assert main.main(["exceptions", "--limit", "3"], ctx) == 0
    lines = ctx.stdout.getvalue().splitlines()
    assert lines[0].startswith(top.text()) and ranking.rows[0].name in lines[0]
    assert "Poisson" in lines[-1]
    assert main.main(["exceptions", "--min-tickets", "-1"], ctx) == 2
    assert ctx.stderr.getvalue().strip().splitlines() == ["ows-desktop: --min-tickets must be 0 or more."]


def test_a_switched_off_rule_is_neither_counted_nor_in_the_drill_down(simulated) -> None:
    _, _, url = simulated
    config = RuleConfig.from_settings({"rules/line_void/enabled": False})
    with opened(url) as store, store.reader() as reader:
        ranking = rank_exceptions(reader, None, None, config=config)
        for row in ranking.rows[:3]:
            figure = row.headline
            assert figure is not None and "line_void" not in row.per_rule
            counted = list(reader.iter_rows(TicketQuery(**ranking.flagged_filter(row))))
            assert len(counted) == figure.observed == row.flagged_tickets


def test_the_chance_is_two_significant_digits_in_fixed_notation_up_to_one() -> None:
    """ ".2g" wrote a chance of 99.75 % as "1e+02%" (a row far below its peers' rate)."""
    from ows_desktop.rules.peers import PeerFigure, poisson_log_upper_tail

    def chance(observed: int, expected: float) -> str:
        return str(
            PeerFigure("*", observed, 200, expected, poisson_log_upper_tail(observed, expected)).chance()
        )

    assert chance(1, 6.0) == "100%" and chance(0, 3.0) == "100%"
    assert chance(150, 148.0) == "45%" and chance(29, 17.0) == "0.50%" and chance(12, 12 / 3.1) == "0.069%"
    assert chance(40, 5.0) == "1 in 10^22"
