"""The receipts table's view and what shows instead of it when nothing matches: fixed row height,
movable interactive columns with default widths, the rows in view kept in place while the model re-reads
them after a sync, and the empty state (clear filters / sync now)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QFocusEvent, QHoverEvent, QKeyEvent, QPainter, QPixmap, QRegion, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from ows_desktop.itemmodels.locale_format import count_text
from ows_desktop.itemmodels.ticket_columns import (
    COL_EXCEPTIONS,
    COL_ITEMS,
    COL_LOCATION,
    COL_OPERATOR,
    COL_STATUS,
    COL_TERMINAL,
    COL_TIME,
    COL_TOTAL,
    COLUMN_SORTS,
)
from ows_desktop.ui.cell_cache import CachedCellDelegate, CellPictures
from ows_desktop.ui.chosen_row import selected_rows_count
from ows_desktop.ui.column_fit import TEXT_FLOOR, ColumnFit, content_width
from ows_desktop.ui.delegates import (
    ExceptionChipsDelegate,
    IdCellDelegate,
    OperatorCellDelegate,
    StatusDelegate,
    chip_font,
    paint_chip,
)
from ows_desktop.ui.header_style import use_sort_arrows
from ows_desktop.ui.row_moves import SELECT_ROW, PendingMove, select_current
from ows_desktop.ui.theme import CHIPS

DEFAULT_WIDTHS = {
    COL_TIME: 150,
    COL_LOCATION: 64,
    COL_TERMINAL: 80,
    COL_OPERATOR: 170,  # a name with its employee ID: "Łukasz Ivanova (E1015)"
    COL_STATUS: 100,
    COL_ITEMS: 64,
    COL_TOTAL: 88,
    COL_EXCEPTIONS: 104,  # the last column: it stretches into whatever room is left
}

# what changes how every cell looks: the kept cell pictures are drawn again
_LOOK_CHANGES = frozenset(
    {
        QEvent.Type.PaletteChange,
        QEvent.Type.StyleChange,
        QEvent.Type.FontChange,
        QEvent.Type.LanguageChange,
        QEvent.Type.LayoutDirectionChange,
    }
)

# Every character the cells commonly show (times with their zone's minus sign, amounts, names, the ellipsis of
# a cut text): drawn once before the first rows arrive (TicketTable.warm_up).
_WARM_TEXT = "".join(map(chr, range(0x20, 0x7F))) + "\u2212\u2026"

# The first rows shown in an empty table are drawn off screen in this many bands, one per turn of the event
# loop, before the table shows them (TicketTable._stage_first_rows).
FIRST_ROWS_BANDS = 4

END_REACH = 10_000  # rows End reads at a time (200-row pages on the GUI thread)
_K = Qt.Key
_MOVES = {
    _K.Key_Up,
    _K.Key_Down,
    _K.Key_Left,
    _K.Key_Right,
    _K.Key_Home,
    _K.Key_End,
    _K.Key_PageUp,
    _K.Key_PageDown,
}

if TYPE_CHECKING:
    from ows_desktop.itemmodels.tickets import TicketTableModel
    from ows_desktop.store.interface import TicketQuery
    from ows_desktop.store.query import TicketRow


class TicketTable(QTableView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ticketTable")
        self.setAccessibleName(self.tr("Receipts"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # bulk flagging
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 14)
        vertical.setMinimumSectionSize(self.fontMetrics().height() + 4)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(TEXT_FLOOR)  # the fit's narrowest text column (ui.column_fit)
        use_sort_arrows(header)  # the arrow as people read it (ui/header_style.py)
        self.pictures = CellPictures()  # cells drawn once and drawn again from these (ui.cell_cache)
        self._colour_shift = 0  # see row_alternates
        self._colour_anchor: tuple[TicketQuery, int, bool] | None = None  # see _before_reset
        self._was_empty = True  # no row before the model's latest insertion or reset
        self._stage_when_shown = False  # first rows came while hidden (_stage_first_rows)
        self._bands_drawn = 0  # of the viewport, off screen (_stage_first_rows)
        self._band_timer = QTimer(self)
        self._band_timer.setSingleShot(True)
        self._band_timer.setInterval(0)
        self._band_timer.timeout.connect(self._draw_band)
        self._pointer: QPoint | None = None  # over the viewport, from its last hover event

    def attach(self, model: TicketTableModel, fit: type[ColumnFit] = ColumnFit) -> None:
        """Show ``model``: chip and status delegates, every cell drawn from its kept picture, default widths
        fitted to the table's by ``fit`` (ui/column_fit.py), newest first."""
        self.setModel(model)
        self._model = model
        model.rowsAboutToBeInserted.connect(self._rows_coming)
        model.rowsInserted.connect(self._rows_came)
        model.rowsAboutToBeRemoved.connect(self._rows_going)
        model.modelAboutToBeReset.connect(self._before_reset)
        model.modelReset.connect(self._after_reset)
        self.pending = PendingMove(self, model)  # J or End at the last row loaded, its next page read later
        self.pending.due.connect(self._pending_due)
        cells = (self, self.pictures, model.paint_key, self.row_alternates)
        self._cells = CachedCellDelegate(*cells)
        self._chips = ExceptionChipsDelegate(*cells)
        self._status = StatusDelegate(*cells)
        self._ids = IdCellDelegate(*cells)  # cut in the middle, keeping the id's end
        self.setItemDelegate(self._cells)
        self.setItemDelegateForColumn(COL_EXCEPTIONS, self._chips)
        self.setItemDelegateForColumn(COL_STATUS, self._status)
        self.setItemDelegateForColumn(COL_LOCATION, self._ids)
        self.setItemDelegateForColumn(COL_TERMINAL, self._ids)
        self._operators = OperatorCellDelegate(*cells)  # the name cut, keeping the employee ID
        self.setItemDelegateForColumn(COL_OPERATOR, self._operators)
        header = self.horizontalHeader()
        header.setSortIndicator(COL_TIME, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        header.sortIndicatorChanged.connect(self._on_sort_indicator)  # a click on a header sorts the rows
        model.queryChanged.connect(self.show_query_sort)  # the arrow shows the order the rows are in
        # wide enough for the header in any language, every known status as a chip ("P  Décaissement" in
        # French), the store's time with its compact zone (basics.store_time.zone_offset)
        for column, width in DEFAULT_WIDTHS.items():
            self.setColumnWidth(column, max(width, content_width(self, column)))
        self.fit = fit(self)  # to the table's width: the text columns give up theirs first (ColumnFit)
        self.warm_up()

    def warm_up(self) -> None:
        """Draw a cell of each delegate and every chip once, off screen, keeping nothing. The first paint of
        the table cost ~30 % more than a later one with as many new cells (PySide6 builds some of its Python
        types on first use, Qt rasterises each glyph the first time it draws it): paid here, when the window
        is built (~10 ms), instead of when a sync's first rows arrive (/tmp bench, offscreen, 25 rows: the
        first paint 32–35 ms without, 25–29 ms with)."""
        ratio = self.devicePixelRatioF()
        height = self.verticalHeader().defaultSectionSize()
        picture = QPixmap(round(1200 * ratio), round(2 * height * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        try:
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = QRect(0, 0, 1200, height)
            option.text = _WARM_TEXT
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
            self.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, self)
            for delegate in (self._cells, self._chips, self._status, self._ids):
                delegate.picture(option, QModelIndex(), ratio)
            font = chip_font(self.font())
            x = 0
            for chip in CHIPS.values():
                for with_label in (True, False):
                    paint_chip(painter, QRect(x, height, 100, height - 6), chip, font, with_label)
                    x += 100
        finally:
            painter.end()

    def row_alternates(self, row: int) -> bool:
        """Whether ``row`` is drawn in the alternate row colour. The colours alternate row by row, but rows
        landing above (or leaving from above) the ones in view do not swap the colours of the rows in view:
        a live sync then leaves the pixels in view as they were (drawn again from their pictures)."""
        return self.alternatingRowColors() and bool((row + self._colour_shift) & 1)

    def _rows_coming(self, parent: QModelIndex, first: int, last: int) -> None:
        self._was_empty = self._model.rowCount() == 0
        if not parent.isValid() and first <= self.rowAt(0):
            self._colour_shift += last - first + 1

    def _rows_going(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid() and last < self.rowAt(0):
            self._colour_shift += last - first + 1

    def _before_reset(self) -> None:
        """Remember the colour of the top row in view: a live listing that resets the model (tickets landing
        scattered among the loaded rows) keeps it (:meth:`_after_reset`). Colours counted from the top again
        would swap those of every row in view half the time, and the whole view would be drawn anew (no
        kept picture has the other colour) — the longest stall of the window during a sync."""
        model = self._model
        self._was_empty = model.rowCount() == 0
        top = self.rowAt(0)
        rowid = model.rowid(top) if top >= 0 else None
        self._colour_anchor = None if rowid is None else (model.query, rowid, self.row_alternates(top))

    def _after_reset(self) -> None:
        """The colours from the top, or, when the same query was listed again, the remembered row's colour
        kept (the rows around it keep theirs)."""
        anchor, self._colour_anchor = self._colour_anchor, None
        self._colour_shift = 0
        if self._was_empty and self._model.rowCount():
            self._stage_first_rows()
        if anchor is None:
            return
        query, rowid, alternate = anchor
        model = self._model
        row = model.row_of_rowid(rowid) if model.query == query else -1
        if row >= 0 and self.row_alternates(row) != alternate:
            self._colour_shift = 1

    def _rows_came(self, parent: QModelIndex, first: int, last: int) -> None:
        if self._was_empty and not parent.isValid():
            self._stage_first_rows()

    def _stage_first_rows(self) -> None:
        """The first rows of an empty table (a sync's first page, a new search's result): a screen of new
        cells, ~140 pictures to draw (ui.cell_cache), took one paint of 35-50 ms during a sync — the window's
        longest stall. Instead the viewport stops painting, draws itself off screen in
        :data:`FIRST_ROWS_BANDS` bands, one per turn of the event loop (each band's cells keep their
        pictures), then paints on screen from those pictures. Until then the screen shows what it showed
        before, as it did during the one long paint."""
        viewport = self.viewport()
        if not self.isVisible():  # shown later, with these rows (a page of the window switching to the table)
            self._stage_when_shown = True
            return
        self._stage_when_shown = False
        # The rows' layout and the scroll bar now, not at a later turn: the viewport's final width (the last
        # column stretches into it) is the one the bands' pictures are drawn at.
        self.executeDelayedItemsLayout()
        self.event(QEvent(QEvent.Type.LayoutRequest))
        if viewport.height() <= 0:
            return
        self._bands_drawn = 0
        viewport.setUpdatesEnabled(False)
        self._band_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # getattr: a window being collected (its Python side cleared first) may still be shown by Qt
        if getattr(self, "_stage_when_shown", False) and self._model.rowCount():
            self._stage_first_rows()

    def _draw_band(self) -> None:
        viewport = self.viewport()
        if self._bands_drawn >= FIRST_ROWS_BANDS:
            viewport.setUpdatesEnabled(True)  # and paints the whole viewport, from the pictures
            return
        height = -(-viewport.height() // FIRST_ROWS_BANDS)
        band = QRect(0, self._bands_drawn * height, viewport.width(), height)
        self._bands_drawn += 1
        ratio = viewport.devicePixelRatioF()
        scratch = QPixmap(round(band.width() * ratio), round(band.height() * ratio))
        scratch.setDevicePixelRatio(ratio)
        viewport.render(scratch, QPoint(0, 0), QRegion(band))
        self._band_timer.start()

    def viewportEvent(self, event: QEvent) -> bool:
        kind = event.type()  # where the pointer is over the rows, from the hover events (WA_Hover styles)
        if kind in (QEvent.Type.HoverEnter, QEvent.Type.HoverMove):
            self._pointer = cast(QHoverEvent, event).position().toPoint()
        elif kind == QEvent.Type.HoverLeave:
            self._pointer = None
        return super().viewportEvent(event)

    def verticalScrollbarValueChanged(self, value: int) -> None:
        """Qt's slot asks the window system where the pointer is at every scroll, to hover the row now under
        it: on X11 a round trip to the X server with the interpreter lock held, at every J press that scrolls
        (during a sync ~15 % of the time the GUI thread held the lock, RESULTS.md). The row under the pointer
        is hovered again from the pointer's last hover event instead (a style without them draws no hover)."""
        model, root = self.model(), self.rootIndex()
        if model is not None and value == self.verticalScrollBar().maximum() and model.canFetchMore(root):
            model.fetchMore(root)  # the next page at the end, as Qt's slot does
        if self._pointer is not None and self.viewport().underMouse():
            viewport, at = self.viewport(), QPointF(self._pointer)
            moved = QHoverEvent(QEvent.Type.HoverMove, at, viewport.mapToGlobal(at), at)
            QApplication.sendEvent(viewport, moved)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in _LOOK_CHANGES:
            self.pictures.clear()
        super().changeEvent(event)

    def width_for_columns(self) -> int:
        """The table's width with every column shown whole (frame and vertical scroll bar included)."""
        return self.fit.whole_width()

    def move(self, step: int) -> None:
        """J/K: the row ``step`` rows from the current one (the first when none is) becomes the current,
        selected row, in view; at the end of what is loaded the next page is read first (read in a job: the
        move is made when it lands, ui/row_moves.py)."""
        model = self._model
        if model.rowCount() == 0:
            return
        current = self.currentIndex()
        row = 0 if not current.isValid() else current.row() + step
        if row >= model.rowCount() and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
            if row >= model.rowCount() and model.canFetchMore(QModelIndex()):
                self.pending.wait(current, step)
        row = max(0, min(row, model.rowCount() - 1))
        select_current(self, model.index(row, COL_TIME), scroll=True)

    def selected_rows(self) -> list[TicketRow]:
        """The selected tickets, in table order."""
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        return [row for row in (self._model.ticket_row(r) for r in rows) if row is not None]

    def selected_count(self) -> int:
        return selected_rows_count(self.selectionModel())

    def current_selected_row(self) -> TicketRow | None:
        """The current row's ticket while that row is selected (the receipt beside shows it), else None."""
        current = self.currentIndex()
        if not current.isValid() or not self.selectionModel().isRowSelected(current.row(), QModelIndex()):
            return None
        return self._model.ticket_row(current.row())

    def selectionCommand(
        self, index: QModelIndex | QPersistentModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        """A key that moves the current row with Ctrl (Ctrl+End, Ctrl+Down…) selects it too, as without Ctrl:
        Qt's extended selection moved the current row alone, and the receipt beside showed a ticket that
        flagging and "Add to case" (the selection) did not act on. Shift still extends the selection."""
        if event is not None and event.type() == QEvent.Type.KeyPress:
            key = cast(QKeyEvent, event)
            if key.key() in _MOVES and not key.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                return SELECT_ROW
        return super().selectionCommand(index, event)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End (with or without Ctrl) go to the first and the last receipt of the whole list, read
        :data:`END_REACH` rows at a time (Qt's End crossed the columns, Ctrl+End stopped at the rows loaded).
        Rows read in a job: End goes to the last row loaded, then to the last one read when they land."""
        home, end = QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd
        model = self._model
        if cursorAction not in (home, end) or model.rowCount() == 0:
            return super().moveCursor(cursorAction, modifiers)
        last = model.index(
            0 if cursorAction == home else model.rowCount() - 1, max(0, self.currentIndex().column())
        )
        if cursorAction == end:
            wanted = model.rowCount() + END_REACH - 1
            model.fetch_until(wanted)
            if model.rowCount() <= wanted and model.canFetchMore(QModelIndex()):
                self.pending.wait(last, None)  # the rows come later (ui/row_moves.py)
                return last
            self._say_more_to_read()
            last = model.index(model.rowCount() - 1, last.column())
        return last

    def _say_more_to_read(self) -> None:
        """End stopped after :data:`END_REACH` rows: the tooltip says End again reads further."""
        model = self._model
        if model.canFetchMore(QModelIndex()):
            tip = self.tr("{count} receipts read: End again reads further.").format(
                count=count_text(model.rowCount())
            )
            QToolTip.showText(self.mapToGlobal(self.viewport().geometry().bottomLeft()), tip, self)

    @Slot(QModelIndex, bool)
    def _pending_due(self, index: QModelIndex, end: bool) -> None:
        """The rows a J or End waited for landed (ui/row_moves.py): the move made now."""
        select_current(self, index, scroll=True)
        if end:
            self._say_more_to_read()

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Tabbing in makes a row current (its receipt shown): it is selected too, when nothing is (not for a
        click, which selects what it clicks, nor a row the person took off the selection)."""
        super().focusInEvent(event)
        current = self.currentIndex()
        tabbed = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        if tabbed and current.isValid() and not self.selectionModel().hasSelection():
            select_current(self, current, scroll=False)

    def acting_key(self) -> str | None:
        """The ticket an action on "this receipt" (F) applies to: the current row's, while it is selected."""
        row = self.current_selected_row()
        return row.key if row is not None else None

    @Slot(int, Qt.SortOrder)
    def _on_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMN_SORTS[column] is None:  # the exceptions column is not sortable: put the arrow back
            self.show_query_sort()
        else:
            self._model.sort(column, order)

    @Slot()
    def show_query_sort(self) -> None:
        """The header's arrow on the column and in the direction of the model's query."""
        query = self._model.query
        self.show_sort(COLUMN_SORTS.index(query.sort), query.descending)

    def show_sort(self, column: int, descending: bool) -> None:
        """Put the header's sort indicator on ``column`` without asking for a new sort."""
        header = self.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        )
        header.blockSignals(False)
