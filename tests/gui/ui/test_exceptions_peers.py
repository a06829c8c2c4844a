"""The Exceptions tab ranks by the comparison with store peers: most unusual first (not the biggest count),
"3.1× store peers (12 of 180 tickets) · chance 0.069%" figures with a tooltip naming the method, and a click on
the figure lists exactly the tickets it counts. The chance is in the cell because it is what the rows are in
the order of: a smaller ratio on more tickets can rank above a larger one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt

from ows_desktop.itemmodels.exceptions import COL_NAME, COL_PEERS, FIXED_COLUMNS, ExceptionRankingModel
from ows_desktop.rules import Ranking, RankingRow, RuleConfig
from ows_desktop.rules.peers import ANY, PeerFigure, poisson_log_upper_tail
from ows_desktop.ui.exceptions_view import ExceptionsView

START, END = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 8, tzinfo=UTC)


def figure(rule: str, observed: int, tickets: int, expected: float) -> PeerFigure:
    return PeerFigure(rule, observed, tickets, expected, poisson_log_upper_tail(observed, expected))


def peer_ranking() -> Ranking:
    busy = RankingRow(  # many exceptions, but at the peers' rate
        "Bo", None, 1500, 150, 150, 150.0, {"no_sale": 150},
        {"no_sale": figure("no_sale", 150, 1500, 148.0), ANY: figure(ANY, 150, 1500, 148.0)}, True,
    )  # fmt: skip
    odd = RankingRow(
        "Cy", None, 180, 12, 12, 12.0, {"no_sale": 12},
        {"no_sale": figure("no_sale", 12, 180, 12 / 3.1), ANY: figure(ANY, 12, 180, 12 / 3.1)}, True,
    )  # fmt: skip
    thin = RankingRow("Di", None, 20, 5, 5, 5.0, {"no_sale": 5}, {ANY: figure(ANY, 5, 20, 1.0)}, False)
    return Ranking("operator", START, END, ("no_sale",), (busy, thin, odd))


def test_peer_figures_in_the_model(qtmodeltester) -> None:
    model = ExceptionRankingModel()
    model.set_ranking(peer_ranking(), RuleConfig())
    qtmodeltester.check(model)
    assert model.headerData(COL_PEERS, Qt.Orientation.Horizontal) == "vs store peers"
    assert "Poisson" in model.headerData(COL_PEERS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    cy = model.index(2, COL_PEERS)
    assert cy.data() == "3.1× store peers (12 of 180 tickets) · chance 0.069%"
    assert "Poisson" in cy.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, COL_PEERS).data() == "too few tickets to rank"
    assert "3.1× store peers" in model.index(2, FIXED_COLUMNS).data(Qt.ItemDataRole.ToolTipRole)


def test_view_sorts_by_the_peer_comparison_and_drills_into_the_counted_tickets(qtbot) -> None:
    view = ExceptionsView(lambda start, end, by: peer_ranking(), tz=UTC, today=date(2026, 3, 7))
    qtbot.addWidget(view)
    view.refresh()
    table = view.table
    # Cy (3.1× peers on 180 tickets) above Bo (150 exceptions, at the peers' rate); Di is too thin to rank.
    assert [table.model().index(r, COL_NAME).data() for r in range(3)] == ["Cy", "Bo", "Di"]
    cell = table.model().index(0, COL_PEERS)
    table.scrollTo(cell)
    with qtbot.waitSignal(view.filterRequested) as blocker:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(cell).center())
    assert blocker.args[0] == {"start": START, "end": END, "operators": ("Cy",), "exceptions": ("no_sale",)}


def test_status_line_names_the_method(qtbot) -> None:
    view = ExceptionsView(lambda start, end, by: peer_ranking(), tz=UTC, today=date(2026, 3, 7))
    qtbot.addWidget(view)
    view.refresh()
    assert "3 operators, 167 tickets with an exception" in view.status.text()
    assert "one-sided Poisson tail" in view.status.text() and "50+ tickets" in view.status.text()


def test_the_order_is_the_order_of_the_chance_each_row_shows(qtbot) -> None:
    steady = RankingRow(  # a smaller ratio than Cy's, on ten times the tickets: far less likely by chance
        "Al", None, 2000, 140, 140, 140.0, {"no_sale": 140},
        {"no_sale": figure("no_sale", 140, 2000, 100.0), ANY: figure(ANY, 140, 2000, 100.0)}, True,
    )  # fmt: skip
    rows = (*peer_ranking().rows, steady)
    view = ExceptionsView(
        lambda start, end, by: Ranking("operator", START, END, ("no_sale",), rows),
        tz=UTC,
        today=date(2026, 3, 7),
    )
    qtbot.addWidget(view)
    view.refresh()
    model = view.table.model()
    shown = [model.index(r, COL_PEERS).data() for r in range(3)]
    assert [model.index(r, COL_NAME).data() for r in range(3)] == ["Al", "Cy", "Bo"]
    assert shown == [
        "1.4× store peers (140 of 2000 tickets) · chance 0.0092%",
        "3.1× store peers (12 of 180 tickets) · chance 0.069%",
        "1.0× store peers (150 of 1500 tickets) · chance 45%",
    ]
