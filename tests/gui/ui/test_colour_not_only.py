"""Colour is never the only signal (#18): a flagged, a reviewed and a voided ticket say so in words — the
table's text, tooltip and accessible text, the chips' letter and word, the receipt — not only in a fill."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

import ows_desktop.ui.delegates as delegates
from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, COL_STATUS, ExceptionsRole, TicketKeyRole
from ows_desktop.store import TicketQuery

pytestmark = OFFSCREEN_NOISE
ACCESSIBLE_TEXT = Qt.ItemDataRole.AccessibleTextRole


@pytest.fixture
def tickets(filled_store):
    with filled_store.reader() as reader:
        rows = reader.page(TicketQuery(), 2000)[0]
    voided = next(r for r in rows if r.has_void and (r.status or "").lower() in ("void", "post_void"))
    reviewed = next(r for r in rows if not r.has_void and not r.flagged and not r.has_refund)
    filled_store.review.flag_tickets([reviewed.key], reason="Sweethearting", state="confirmed", note=None)
    return voided.key, reviewed.key


@pytest.fixture
def window(qtbot, paths, filled_store, tickets):
    w = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: w.connection_dialog() is not None)
    w.connection_dialog().reject()
    qtbot.waitUntil(lambda: (w.receipts.total() or 0) > 0)
    return w


def row_of(model, key: str) -> int:
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data(TicketKeyRole) == key)


def paint_cell(table, index) -> None:
    """Paint one cell through the table's delegate, as the view does, into an image."""
    image = QImage(400, 30, QImage.Format.Format_ARGB32)
    image.fill(0)
    option = QStyleOptionViewItem()
    option.initFrom(table.viewport())
    option.rect = QRect(0, 0, 400, 30)
    option.font = table.font()
    option.widget = table
    painter = QPainter(image)
    try:
        table.itemDelegateForColumn(index.column()).paint(painter, option, index)
    finally:
        painter.end()


def test_flagged_reviewed_and_voided_are_said_in_words(qtbot, window, tickets, monkeypatch):
    voided, reviewed = tickets
    page = window.receipts
    model = page.model
    flagged_cell = model.index(row_of(model, reviewed), COL_EXCEPTIONS)
    assert "Flagged" in flagged_cell.data(Qt.ItemDataRole.DisplayRole)
    assert "Flagged" in flagged_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "Flagged" in flagged_cell.data(ACCESSIBLE_TEXT)
    void_row = row_of(model, voided)
    assert "Void" in model.index(void_row, COL_EXCEPTIONS).data(Qt.ItemDataRole.DisplayRole)
    assert "void" in model.index(void_row, COL_STATUS).data(Qt.ItemDataRole.DisplayRole).lower()
    assert "void" in model.index(void_row, COL_STATUS).data(ACCESSIBLE_TEXT).lower()

    # the chips the delegates paint carry a letter and a word on their fill
    painted = []
    real = delegates.paint_chip

    def spy(painter, rect, chip, font, with_label):
        painted.append((chip.letter, chip.label if with_label else "", chip.fill))
        real(painter, rect, chip, font, with_label)

    monkeypatch.setattr(delegates, "paint_chip", spy)
    for row, column, word in ((row_of(model, reviewed), COL_EXCEPTIONS, "Flagged"),
                              (void_row, COL_EXCEPTIONS, "Void"), (void_row, COL_STATUS, "void")):  # fmt: skip
        painted.clear()
        paint_cell(page.table, model.index(row, column))
        assert painted, "no chip painted"
        assert all(letter.strip() and label.strip() for letter, label, _fill in painted), painted
        assert any(word.lower() in label.lower() for _letter, label, _fill in painted), painted

    # the review state is a word in the receipt (and its flag reason), not a tint
    page.select_row(row_of(model, reviewed))
    qtbot.waitUntil(lambda: page.current_key() == reviewed and page.receipt.ticket() is not None)
    qtbot.waitUntil(lambda: "Confirmed" in page.receipt.text())
    assert "Sweethearting" in page.receipt.text()
    assert "flagged" in (model.index(row_of(model, reviewed), 0).data(ExceptionsRole) or ())
