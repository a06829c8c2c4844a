"""The receipt table draws a cell it has drawn before from a kept picture (ui.cell_cache): what the person sees
is exactly what drawing every cell fresh shows — text, alternate row colours, the selected row, the chips — and
a new palette is never shown with the old one's pictures."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window
from PySide6.QtGui import QColor, QImage, QPalette

from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, ExceptionsRole

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def table(qtbot, paths, filled_store):
    window = open_window(qtbot, make_services(paths, filled_store))
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    qtbot.waitUntil(lambda: (window.receipts.total() or 0) > 0)
    page = window.receipts
    page.select_row(2)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None)
    table = page.table
    table.setFocus()
    rows = range(table.rowAt(0), table.rowAt(table.viewport().height() - 1) + 1)
    assert any(page.model.index(r, COL_EXCEPTIONS).data(ExceptionsRole) for r in rows), "no chip in view"
    return table


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
