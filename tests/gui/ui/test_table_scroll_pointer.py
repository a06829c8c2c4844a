"""Scrolling the receipt table never asks the window system where the pointer is: Qt's own slot does it at
every scroll (on X11 a round trip to the X server, with the interpreter lock held, at every J press that
scrolls), to hover the row under the pointer. The table hovers it again from the last hover event instead,
and the next page still loads when the table is scrolled to its end."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, fill_store, make_services, open_window, small_config
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot, paths, store):
    fill_store(store, small_config(tickets_per_store_day=150))  # 600 tickets: three of the table's pages
    w = open_window(qtbot, make_services(paths, store))
    qtbot.waitUntil(lambda: w.connection_dialog() is not None)
    w.connection_dialog().reject()
    qtbot.waitUntil(lambda: (w.receipts.total() or 0) > 0)
    return w


def _qt_slot_calls(monkeypatch) -> list[int]:
    """Every call of Qt's own slot (the one that asks where the pointer is), recorded and passed on."""
    calls: list[int] = []
    qt_slot = QTableView.verticalScrollbarValueChanged

    def spy(self, value: int) -> None:
        calls.append(value)
        qt_slot(self, value)

    monkeypatch.setattr(QTableView, "verticalScrollbarValueChanged", spy)
    return calls


def test_scrolling_with_the_pointer_elsewhere_never_asks_where_it_is_and_still_loads_the_next_page(
    qtbot, window, monkeypatch
):
    table, model = window.receipts.table, window.receipts.model
    assert model.canFetchMore(QModelIndex())  # more tickets than one page: scrolling to the end loads more
    QTest.mouseMove(window.receipts.receipt, QPoint(5, 5))  # the pointer on the receipt, not on the rows
    qtbot.waitUntil(lambda: not table.viewport().underMouse())
    calls = _qt_slot_calls(monkeypatch)
    loaded = model.rowCount()
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    bar.setValue(bar.maximum())
    assert model.rowCount() > loaded  # the next page came, as Qt's slot would have fetched it
    assert calls == []


class _HoverMoves(QObject):
    """The hover moves the table's rows get (Qt hovers the row under each one)."""

    def __init__(self, viewport) -> None:
        super().__init__(viewport)
        self.seen: list[QPoint] = []
        viewport.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.HoverMove:
            self.seen.append(event.position().toPoint())
        return False


def test_scrolling_under_a_still_pointer_hovers_the_row_now_under_it_without_asking_where_it_is(
    qtbot, window, monkeypatch
):
    """A style that draws the hovered row (Windows') gets hover events; J scrolling under a pointer resting
    on the rows hovers the row now under it again, from the last hover event: nothing is asked."""
    table = window.receipts.table
    viewport = table.viewport()
    viewport.setAttribute(Qt.WidgetAttribute.WA_Hover)  # as such a style sets it
    at = QPoint(60, 40)
    QTest.mouseMove(viewport, at)
    qtbot.waitUntil(viewport.underMouse)
    moves = _HoverMoves(viewport)
    calls = _qt_slot_calls(monkeypatch)
    bar = table.verticalScrollBar()
    bar.setValue(bar.value() + 10 * table.verticalHeader().defaultSectionSize())
    assert moves.seen == [at]  # the row now under the pointer is hovered
    assert calls == []

    QTest.mouseMove(window.receipts.receipt, QPoint(5, 5))  # the pointer leaves the rows
    qtbot.waitUntil(lambda: not viewport.underMouse())
    moves.seen.clear()
    bar.setValue(bar.value() + 10 * table.verticalHeader().defaultSectionSize())
    assert moves.seen == [] and calls == []
