"""Pictures of the receipt table's cells, kept and drawn again instead of laying the cell out anew.

A full repaint of the table (rows inserted above the ones in view while a sync lands tickets, the window
uncovered) used to lay out the text of every visible cell again — the style sheet's item rule, Qt's text layout,
one ``multiData`` call into Python per cell, the chips drawn in Python — although the same tickets were
shown as before. :class:`CachedCellDelegate` draws a cell once into a pixmap, over the background the view
has drawn under it, and draws that pixmap whenever a cell with the same content, size, state and device pixel
ratio is painted again: the cell's pixels are the ones drawing it fresh would give.

The content of a cell comes from the view's ``content_key(row, column)`` (the display texts the model
already keeps per row); None draws the cell fresh and keeps nothing. The pictures are dropped when the view's
palette, style, font, language or direction change (:meth:`CellPictures.clear`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

ContentKey = Callable[[int, int], Hashable | None]
RowColour = Callable[[int], bool]  # row → drawn in the alternate row colour

MAX_PICTURES = 1024  # a screen of cells is ~250: both row colours, selected or not, a few screens (~12 MB)

_ROW_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewRow
_FEATURES = QStyleOptionViewItem.ViewItemFeature
_ALTERNATE = _FEATURES.Alternate.value  # ints, not enum flags: cells are painted often
# The current cell of a focused table: its focus frame, drawn from a picture, differed from a fresh one by a
# line of pixels in an active window; one cell a paint, drawn fresh.
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value


class CellPictures:
    """The pictures of cells, least recently drawn first, at most ``size`` of them (0: none, every cell is
    drawn fresh)."""

    def __init__(self, size: int = MAX_PICTURES):
        self.size = size
        self._pictures: OrderedDict[Hashable, QPixmap] = OrderedDict()
        self.drawn = 0  # pictures made (tests tell a picture drawn again from one made anew)

    def __len__(self) -> int:
        return len(self._pictures)

    def get(self, key: Hashable) -> QPixmap | None:
        picture = self._pictures.get(key)
        if picture is not None:
            self._pictures.move_to_end(key)
        return picture

    def put(self, key: Hashable, picture: QPixmap) -> None:
        self._pictures[key] = picture
        self.drawn += 1
        while len(self._pictures) > self.size:
            self._pictures.popitem(last=False)

    def clear(self) -> None:
        self._pictures.clear()


class CachedCellDelegate(QStyledItemDelegate):
    """Draws a cell from its kept picture; :meth:`paint_cell` (a subclass's drawing) makes the picture."""

    def __init__(
        self, view: QAbstractItemView, pictures: CellPictures, content_key: ContentKey, alternate: RowColour
    ):
        super().__init__(view)
        self._view = view
        self._pictures = pictures
        self._content_key = content_key
        self._alternate = alternate

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        row, column = index.row(), index.column()
        content = self._content_key(row, column) if self._pictures.size else None
        if option.state.value & _HAS_FOCUS:
            content = None
        features = option.features.value
        if bool(features & _ALTERNATE) != self._alternate(
            row
        ):  # the row's colour (TicketTable.row_alternates)
            features ^= _ALTERNATE
            option = QStyleOptionViewItem(option)
            option.features = _FEATURES(features)
        if content is None:
            self._view.style().drawPrimitive(_ROW_PANEL, option, painter, self._view)
            self.paint_cell(painter, option, index)
            return
        rect = option.rect
        ratio = painter.device().devicePixelRatioF()
        key = (column, content, rect.width(), rect.height(), option.state.value, features, ratio)
        picture = self._pictures.get(key)
        if picture is None:
            picture = self.picture(option, index, ratio)
            self._pictures.put(key, picture)
        painter.drawPixmap(rect.topLeft(), picture)

    def paint_cell(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """The cell's own drawing (the default: Qt's, text as the model gives it)."""
        super().paint(painter, option, index)

    def picture(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, ratio: float
    ) -> QPixmap:
        """The cell drawn over what the view draws under it: the viewport's background and the row panel
        (alternate colour, the selected row's highlight)."""
        rect = option.rect
        picture = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        viewport: Any = self._view.viewport()
        painter = QPainter(picture)
        try:
            painter.translate(-rect.topLeft())
            painter.fillRect(rect, viewport.palette().brush(viewport.backgroundRole()))
            self._view.style().drawPrimitive(_ROW_PANEL, option, painter, self._view)
            self.paint_cell(painter, option, index)
        finally:
            painter.end()
        return picture
