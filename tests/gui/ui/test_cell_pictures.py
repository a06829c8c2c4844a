"""The receipt table draws a cell it has drawn before from a kept picture (ui.cell_cache): what the person sees
is exactly what drawing every cell fresh shows — text, alternate row colours, the selected row, the chips — and
a new palette is never shown with the old one's pictures."""

from __future__ import annotations

from datetime import UTC, timedelta
from itertools import pairwise

import pytest
from gui_support import OFFSCREEN_NOISE, SIM_START, make_services, offline_window, small_config
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QWidget

from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, ExceptionsRole, TicketKeyRole, TicketRowRole
from ows_desktop.itemmodels.tickets import TicketTableModel
from ows_desktop.ows.model import Ticket
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator import TicketGenerator
from ows_desktop.store import TicketQuery
from ows_desktop.store.timekeys import SLOT_BITS
from ows_desktop.ui.ticket_table import TicketTable

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot, paths, filled_store):
    window = offline_window(qtbot, make_services(paths, filled_store))
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: (window.receipts.total() or 0) > 0)
    page = window.receipts
    page.select_row(2)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None)
    table = page.table
    table.setFocus()
    rows = range(table.rowAt(0), table.rowAt(table.viewport().height() - 1) + 1)
    assert any(page.model.index(r, COL_EXCEPTIONS).data(ExceptionsRole) for r in rows), "no chip in view"
    return window


@pytest.fixture
def table(window):
    return window.receipts.table


def fresh_and_kept(table) -> tuple[QImage, QImage]:
    """The viewport drawn with every cell fresh, then drawn again from the pictures its first drawing kept."""
    pictures = table.pictures
    size, pictures.size = pictures.size, 0
    fresh = table.viewport().grab().toImage()
    pictures.size = size
    pictures.clear()
    table.viewport().grab()
    made = pictures.drawn
    kept = table.viewport().grab().toImage()
    assert pictures.drawn == made and len(pictures) > 0, "the second drawing made pictures anew"
    return fresh, kept


def test_cells_drawn_from_their_pictures_look_exactly_as_drawn_fresh(table):
    fresh, kept = fresh_and_kept(table)
    assert kept == fresh
    table.selectRow(5)  # another row selected, the first one no longer
    fresh, kept = fresh_and_kept(table)
    assert kept == fresh


def test_a_new_palette_is_not_drawn_with_the_old_pictures(table):
    table.viewport().grab()  # pictures in the old colours
    palette = QPalette(table.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#203040"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#405060"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#f0e0d0"))
    table.setPalette(palette)
    shown = table.viewport().grab().toImage()
    table.pictures.size = 0
    assert shown == table.viewport().grab().toImage()


def test_tickets_landing_above_the_view_leave_what_is_on_screen_as_it_was(qtbot, window, filled_store):
    """Three new tickets (an odd number) sort above the rows in view while a sync saves them: the same tickets
    stay at the same places, the selected one stays selected, and every pixel in view (row colours too)
    is as before — nothing in view needs drawing anew."""
    page = window.receipts
    table, model = page.table, page.model
    page.select_row(40)  # well down: rows above the view
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None and table.rowAt(0) > 0)
    qtbot.wait(50)
    key = page.current_key()
    before = on_screen(table)
    shown = table.viewport().grab().toImage()
    rows = model.rowCount()
    filled_store.upsert_tickets(newer_tickets(3))
    page.tickets_saved(3, 0)  # what a sync reports for a page of three new tickets
    qtbot.waitUntil(lambda: model.rowCount() == rows + 3 and not page.live.reading)
    assert [model.index(r, 0).data(TicketKeyRole) for r in range(3)] != [key for _ in range(3)]
    assert table.rowAt(0) > 3  # the new tickets are above the view
    assert on_screen(table) == before
    assert page.current_key() == key and table.selectionModel().isRowSelected(table.currentIndex().row())
    assert table.viewport().grab().toImage() == shown


def newer_tickets(count: int) -> list[Ticket]:
    """``count`` new tickets, later than every stored one (they sort first, newest first)."""
    later = TicketGenerator(small_config(start=SIM_START + timedelta(days=5)))
    raws = (later.ticket(i) for i in range(later.count()))
    return [normalise_ticket({**raw, "id": f"{raw['id']}-later"}) for raw in raws if "id" in raw][:count]


def on_screen(table) -> list[tuple[str, int]]:
    """The tickets in view with where each row starts (y in the viewport)."""
    model = table.model()
    rows = range(table.rowAt(0), table.rowAt(table.viewport().height() - 1) + 1)
    return [(model.index(r, 0).data(TicketKeyRole), table.rowViewportPosition(r)) for r in rows]


def test_tickets_landing_above_the_view_keep_the_last_rows_in_place(qtbot, window, filled_store):
    """At the bottom of the list, forty new tickets land above the view: the rows in view stay where they
    were (the scroll bar's new range is used at once, not cut to the old one)."""
    page = window.receipts
    table, model = page.table, page.model
    assert not model.has_more()  # every stored ticket is loaded: nothing to fetch at the bottom
    page.select_row(model.rowCount() - 1)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None)
    qtbot.wait(50)
    assert table.verticalScrollBar().value() == table.verticalScrollBar().maximum()
    before = on_screen(table)
    rows = model.rowCount()
    filled_store.upsert_tickets(newer_tickets(40))
    page.tickets_saved(40, 0)
    qtbot.waitUntil(lambda: model.rowCount() == rows + 40 and not page.live.reading)
    assert on_screen(table) == before


def test_tickets_landing_scattered_above_the_view_leave_what_is_on_screen_as_it_was(
    qtbot, window, filled_store
):
    """Thirty-five new tickets land each between two other rows above the view: too scattered to announce as
    insertions, the model resets. The rows in view stay the same tickets at the same places in the same
    colours, so nothing in view is drawn anew (drawing every cell of a view fresh was the window's longest
    stall during a sync)."""
    page = window.receipts
    table, model = page.table, page.model
    page.select_row(100)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None and table.rowAt(0) > 40)
    qtbot.wait(50)
    before = on_screen(table)
    shown = table.viewport().grab().toImage()
    drawn = table.pictures.drawn
    rows = model.rowCount()
    times = [model.index(r, 0).data(TicketRowRole).rowid >> SLOT_BITS for r in range(table.rowAt(0) + 1)]
    gaps = [t - 1 for t, later in pairwise(times) if t - later >= 2][:35]
    assert len(gaps) == 35, "not enough room between the rows above the view"
    template = next(raw for raw in _raw_tickets() if "id" in raw)
    landed = [
        normalise_ticket({**template, "id": f"scattered-{i}", "startDate": ms, "endDate": ms})
        for i, ms in enumerate(gaps)
    ]
    filled_store.upsert_tickets(landed)
    with qtbot.waitSignal(model.modelReset):
        page.tickets_saved(len(landed), 0)
    qtbot.waitUntil(lambda: model.rowCount() == rows + len(landed) and not page.live.reading)
    assert on_screen(table) == before
    assert table.viewport().grab().toImage() == shown
    assert table.pictures.drawn == drawn


def _raw_tickets():
    generator = TicketGenerator(small_config())
    return (generator.ticket(i) for i in range(generator.count()))


def test_the_warm_up_of_a_new_table_keeps_no_picture(qtbot, filled_store):
    """Attaching a model draws one cell of each kind off screen (TicketTable.warm_up) and keeps none of it:
    no picture of a cell that no row shows."""
    table = TicketTable()
    qtbot.addWidget(table)
    model = TicketTableModel(filled_store.reader(), tz=UTC)
    table.attach(model)
    assert len(table.pictures) == 0 and table.pictures.drawn == 0
    model.set_query(TicketQuery())
    table.resize(900, 400)
    table.show()
    qtbot.waitExposed(table)
    shown = table.viewport().grab().toImage()
    assert len(table.pictures) > 0
    table.pictures.size = 0
    assert table.viewport().grab().toImage() == shown


def test_the_first_rows_of_an_empty_table_are_drawn_off_screen_band_by_band(qtbot, filled_store):
    """Rows arriving in an empty table (a sync's first page, a search that found nothing until now) are
    drawn off screen a band at a time, one per turn of the event loop, while the table does not paint; then
    the screen shows them from the pictures those bands kept — no paint draws a whole screen of new cells —
    exactly as drawing every cell fresh shows them."""
    table = TicketTable()
    qtbot.addWidget(table)
    model = TicketTableModel(filled_store.reader(), tz=UTC)
    table.attach(model)
    model.set_query(TicketQuery(text="no-such-ticket-anywhere"))
    table.resize(900, 400)
    table.show()
    qtbot.waitExposed(table)
    table.activateWindow()  # as the app's window is when a sync's first rows come
    qtbot.waitUntil(table.isActiveWindow)
    assert model.rowCount() == 0
    width = table.viewport().width()
    model.set_query(TicketQuery())
    assert model.rowCount() > 0 and not table.viewport().updatesEnabled()
    assert table.pictures.drawn == 0
    # the rows' scroll bar is laid out before the first band: the bands draw at the viewport's final width
    assert table.verticalScrollBar().isVisible() and table.viewport().width() < width
    qtbot.waitUntil(table.viewport().updatesEnabled)
    drawn = table.pictures.drawn
    assert drawn > 0  # by the off-screen bands
    qtbot.wait(100)  # the on-screen paint
    assert table.pictures.drawn == drawn
    shown = table.viewport().grab().toImage()
    table.pictures.size = 0
    assert table.viewport().grab().toImage() == shown


def test_first_rows_that_came_while_the_table_was_hidden_are_drawn_band_by_band_when_it_shows(
    qtbot, filled_store
):
    """The window shows the table only once it has rows (an empty state before): the bands start then. The
    window is already active then, as the app's is (a cell drawn before its window became active looks
    inactive, and the screen would draw it again)."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(900, 400)
    table = TicketTable(window)
    table.resize(900, 400)
    table.hide()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    model = TicketTableModel(filled_store.reader(), tz=UTC)
    table.attach(model)
    model.set_query(TicketQuery())  # while hidden
    assert model.rowCount() > 0 and table.viewport().updatesEnabled()
    table.show()
    assert not table.viewport().updatesEnabled()
    qtbot.waitUntil(table.viewport().updatesEnabled)
    drawn = table.pictures.drawn
    assert drawn > 0
    qtbot.wait(100)
    assert table.pictures.drawn == drawn
