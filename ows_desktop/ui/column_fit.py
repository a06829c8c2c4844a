"""The receipt table's columns fitted to the width the table has (a 1024 px window), and the room the receipts
splitter lends it.

The columns a manager reads most — Status, Items, Total, Exceptions — and the time keep the width their content
needs (:func:`content_width`: their title, the widest status chip, a five-digit amount, the chips of the rows
in view). When the columns as asked for (the defaults, or what the person dragged them to) are wider than the
table, the table gives up width in this order, each step only as far as it must:

1. what any column holds beyond its content (no text is cut);
2. the text columns (store, register, operator), widest first, down to what keeps them telling one from
   another (:func:`keep_width`: a short id whole, the end of a longer one, "S0…R03" — ids are cut in the
   middle, ui.delegates.IdCellDelegate —, an operator's employee ID — the name is cut first, "Ines Br…
   (E1014)", then the ID shown alone, ui.delegates.OperatorCellDelegate —, or a first name);
3. the Status column, down to its chips by their letter (:func:`least_width`; its tooltip names the status);
4. the text columns, down to :data:`TEXT_FLOOR` — at the narrowest French window they are slivers.

Elided cells show their whole text on hover (the header's tooltip names the column). Only when that is not
enough does the table scroll sideways. The widths asked for are kept, and saved (:meth:`ColumnFit.as_asked`):
a wider window shows them again, nothing narrower than before.

At a narrow window the splitter lends the table, from the receipt beside it, the room those columns need
(each text column its :func:`keep_width`), the receipt keeping at least :data:`RECEIPT_FLOOR` px; it gives
the room back as the window widens (:class:`TableRoom`)."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import cast

from PySide6 import QtGui
from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QFontMetricsF, QHelpEvent
from PySide6.QtWidgets import QSplitter, QStyle, QStyleOptionViewItem, QTableView, QToolTip, QWidget

from ows_desktop.itemmodels.ticket_columns import (
    COL_EXCEPTIONS,
    COL_ITEMS,
    COL_LOCATION,
    COL_OPERATOR,
    COL_STATUS,
    COL_TERMINAL,
    COL_TIME,
    COL_TOTAL,
    ExceptionsRole,
    format_money,
    status_label,
)
from ows_desktop.ows.model import STATUS_WORDS
from ows_desktop.ui.delegates import chips_width, status_chip_width, status_letters_width

TEXT_COLUMNS = frozenset({COL_LOCATION, COL_TERMINAL, COL_OPERATOR})
TIME_TEMPLATE = "0000-00-00 00:00:00 −00:00"  # the store's time with its compact zone (basics.store_time)
CELL_MARGIN = 18  # the style sheet's item padding (6 px a side) and the style's text margin (3 px a side)
TEXT_KEEP = "00000"  # the room a text column keeps before others give any: "S063", "…R03", "E1014", "Ines…"
TEXT_FLOOR = 24  # the narrowest a column gets (the header's minimum): a text column's last step
RECEIPT_FLOOR = 300  # the receipt (and the video under it) lends the table no more than down to this width
_MARKS = (QStyle.PixelMetric.PM_HeaderMarkSize, QStyle.PixelMetric.PM_HeaderMargin)
_REFIT = frozenset(
    {QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LanguageChange, QEvent.Type.Show}
)


def content_width(table: QTableView, column: int) -> int:
    """The width ``column`` needs to show its title and its content whole (the text columns: the rows in view)."""
    return max(_title_width(table, column), _data_width(table, column))


def keep_width(table: QTableView, column: int) -> int:
    """The width a text column keeps before the columns read most give up any (the fit's step 2): its texts
    whole, or the room of :data:`TEXT_KEEP` (its title may be cut; the header's tooltip names it)."""
    return _keep(table, _data_width(table, column))


def _keep(table: QTableView, data: int) -> int:
    return max(TEXT_FLOOR, min(data, text_width(table, TEXT_KEEP) + CELL_MARGIN))


def least_width(table: QTableView, column: int) -> int:
    """The width a column other than the text ones can give up to, its content still told (the fit's step
    3): the Status column its title, an ordinary sale's word and the other statuses' chips by their letter;
    any other column its content."""
    if column != COL_STATUS:
        return content_width(table, column)
    sale = text_width(table, status_label("sale")) + CELL_MARGIN
    return max(_title_width(table, column), sale, status_letters_width(table.font()))


def _title_width(table: QTableView, column: int) -> int:
    header = table.horizontalHeader()
    title = header.sectionSizeFromContents(column).width()  # the title, its margins and a sort arrow's room
    if column != header.sortIndicatorSection():
        title -= sum(header.style().pixelMetric(m, None, header) for m in _MARKS)
    return title


def text_width(table: QTableView, text: str) -> int:
    """``text``'s width in the table's font, to the pixel above: Qt cuts a text a fraction of a pixel wider
    than its room ("S063" is 30.48 px)."""
    return math.ceil(QFontMetricsF(table.font()).horizontalAdvance(text))


def _data_width(table: QTableView, column: int) -> int:
    model, rows = table.model(), _rows_in_view(table)
    if column == COL_TIME:
        return text_width(table, TIME_TEMPLATE) + CELL_MARGIN
    if column == COL_STATUS:  # every known status fits as a chip in the window's language
        return status_chip_width(table.font(), [status_label(status) for status in STATUS_WORDS])
    if column == COL_ITEMS:
        return text_width(table, "9999") + CELL_MARGIN
    if column == COL_TOTAL:
        return text_width(table, format_money(-99999.99)) + CELL_MARGIN
    if column == COL_EXCEPTIONS:  # the chips of the rows in view, by their letters at least
        return max(
            (chips_width(table.font(), model.index(row, column).data(ExceptionsRole) or ()) for row in rows),
            default=0,
        )
    # the texts of the rows in view (sizeHintForColumn reads up to 1,000 rows: a stall during a sync)
    metrics = QFontMetricsF(table.font())
    texts = {str(model.index(row, column).data() or "") for row in rows}
    data = math.ceil(max((metrics.horizontalAdvance(text) for text in texts), default=0))
    return data + CELL_MARGIN if data else 0


def _rows_in_view(table: QTableView) -> range:
    """The rows the viewport shows, at most a viewport's worth: while a reset lays the rows out again
    ``rowAt`` knows none, and reading every row (200,000 during a sync) stalled the window."""
    model, viewport = table.model(), table.viewport()
    first = max(0, table.rowAt(0))
    last = table.rowAt(viewport.height() - 1)
    most = first + viewport.height() // max(1, table.verticalHeader().defaultSectionSize())
    return range(first, min(model.rowCount() - 1 if last < 0 else last, most) + 1)


class ColumnFit(QObject):
    """Fits ``table``'s columns to its viewport whenever that changes size, and shows the whole text of an
    elided text cell on hover. Made by the table once its columns have their default widths."""

    def __init__(self, table: QTableView):
        super().__init__(table)
        self._table = table
        header = table.horizontalHeader()
        self._asked = {column: header.sectionSize(column) for column in range(header.count())}
        self._fitting = False
        # The content widths of the rows in view, by column and rows, until the rows or the font change: a
        # table shown for the first time fits three times over (shown, then its viewport laid out twice), and
        # reading the same rows' texts each time was most of the pause when a sync's first rows appear.
        self._widths: dict[tuple[int, int, int], int] = {}
        header.sectionResized.connect(self._on_resized)
        header.sortIndicatorChanged.connect(self.fit)  # the sorted column's title needs its arrow's room
        model = table.model()
        for changed in (model.rowsInserted, model.rowsRemoved, model.rowsMoved, model.dataChanged):
            changed.connect(self._forget)
        model.layoutChanged.connect(self._forget)
        model.modelReset.connect(self._forget)
        model.modelReset.connect(self.fit)  # other rows in view: other text widths
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        table.installEventFilter(self)

    def asked(self) -> dict[int, int]:
        """Each column's width as asked for (by the defaults or the person), whatever the fit shows."""
        return dict(self._asked)

    def remember(self) -> None:
        """The widths shown now are the ones asked for (a saved header state was restored); fit them. A width
        saved narrower than its column's title, or than the content a column read most needs, was saved in
        another language (the French "Magasin", "Articles", "Remboursement" came back in English widths, cut
        with room to spare): it is asked for that width now."""
        table = self._table
        header = table.horizontalHeader()
        header.setMinimumSectionSize(TEXT_FLOOR)  # a saved state brings back its own (40 px: scrolled)
        self._asked = {
            column: max(
                header.sectionSize(column),
                _title_width(table, column) if column in TEXT_COLUMNS else content_width(table, column),
            )
            for column in range(header.count())
        }
        self.fit()

    @contextlib.contextmanager
    def as_asked(self) -> Iterator[None]:
        """The columns at their widths as asked for during the block (the header's state saved), fitted after."""
        self._apply(self._asked)
        try:
            yield
        finally:
            self.fit()

    def narrowest(self) -> int:
        """The columns' width with the text columns at their :func:`keep_width` and no other cut (the
        splitter's loan)."""
        table = self._table
        widths = []
        for column in self._shown():
            data = self._data_width(column)
            width = min(self._asked.get(column, 0), max(_title_width(table, column), data))
            widths.append(min(width, _keep(table, data)) if column in TEXT_COLUMNS else width)
        return sum(widths)

    def whole_width(self) -> int:
        """The table's width with every column as asked for, or as wide as it is shown (the last, stretched),
        frame and vertical scroll bar included."""
        table = self._table
        shown = ((column, table.columnWidth(column)) for column in self._shown())
        columns = sum(max(self._asked.get(column, 0), width) for column, width in shown)
        return columns + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()

    def _shown(self) -> list[int]:
        header = self._table.horizontalHeader()
        logical = (header.logicalIndex(visual) for visual in range(header.count()))
        return [column for column in logical if not header.isSectionHidden(column)]

    def fit(self) -> None:
        table = self._table
        shown = self._shown()
        if not shown or not table.isVisible():  # fitted when shown (a closed window's table reads no rows)
            return
        last = shown[-1]  # it stretches into whatever room is left
        data = {column: self._data_width(column) for column in shown}  # the rows in view read once
        content = {column: max(_title_width(table, column), data[column]) for column in shown}
        widths = {column: self._asked.get(column, content[column]) for column in shown}
        widths[last] = min(widths[last], content[last])
        excess = sum(widths.values()) - table.viewport().width()
        text = [c for c in shown if c in TEXT_COLUMNS]
        if excess > 0:  # the steps of the module's docstring: 1. what no text needs
            excess = _trim(widths, {c: min(widths[c], content[c]) for c in shown}, excess)
        if excess > 0:  # 2. the text columns, widest first, down to what tells them apart
            excess = lower_widest(text, widths, excess, {c: _keep(table, data[c]) for c in text})
        if excess > 0:  # 3. the Status chips' words
            least = {
                c: widths[c] if c in TEXT_COLUMNS else min(widths[c], least_width(table, c)) for c in shown
            }
            excess = _trim(widths, least, excess)
        if excess > 0:  # 4. the text columns to slivers
            lower_widest(text, widths, excess, dict.fromkeys(text, TEXT_FLOOR))
        self._apply(widths)

    def _forget(self, *_changed: object) -> None:
        self._widths.clear()

    def _data_width(self, column: int) -> int:
        rows = _rows_in_view(self._table)
        key = (column, rows.start, rows.stop)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = _data_width(self._table, column)
        return width

    def _apply(self, widths: dict[int, int]) -> None:
        header = self._table.horizontalHeader()
        self._fitting = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _on_resized(self, column: int, _old: int, new: int) -> None:
        shown = self._shown()
        if not self._fitting and shown and column != shown[-1]:  # the person's (the last only stretches)
            self._asked[column] = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()  # first: nothing else is touched for the events of a table being torn down
        if kind == QEvent.Type.Resize and watched is self._viewport:
            self.fit()
        elif kind == QEvent.Type.ToolTip and watched is self._viewport:
            return self._show_elided(cast(QHelpEvent, event))
        elif kind in _REFIT and watched is self._table:
            if kind != QEvent.Type.Show:  # the font or the language: other text widths
                self._forget()
            self.fit()
        return False

    def _show_elided(self, event: QHelpEvent) -> bool:
        """The whole text of the elided text cell under the pointer, as plain text (it comes from the POS)."""
        table = self._table
        index = table.indexAt(event.pos())
        text = index.data() if index.isValid() and index.column() in TEXT_COLUMNS else None
        if not isinstance(text, str) or not text or index.data(Qt.ItemDataRole.ToolTipRole):
            return False  # the view's own tooltip (or none)
        option = QStyleOptionViewItem()
        table.initViewItemOption(option)
        option.rect = table.visualRect(index)
        if table.itemDelegateForIndex(index).sizeHint(option, index).width() <= option.rect.width():
            return False
        tip = QtGui.Qt.convertFromPlainText(text)  # a tooltip would read rich text
        QToolTip.showText(event.globalPos(), tip, table.viewport(), option.rect)
        return True


def _trim(widths: dict[int, int], targets: dict[int, int], excess: int) -> int:
    """Take up to ``excess`` px from the columns' widths above their ``targets``, in proportion; what is
    still over."""
    spare = {
        column: widths[column] - targets[column] for column in widths if widths[column] > targets[column]
    }
    total = sum(spare.values())
    take = min(excess, total)
    if take <= 0:
        return excess
    taken = 0
    for column, room in spare.items():
        cut = room * take // total
        widths[column] -= cut
        taken += cut
    for column in spare:  # the remainder of the division, a pixel each
        if taken < take and widths[column] > targets[column]:
            widths[column] -= 1
            taken += 1
    return excess - taken


def lower_widest(columns: list[int], widths: dict[int, int], excess: int, floors: dict[int, int]) -> int:
    """Take up to ``excess`` px from ``columns``, the widest lowered first to the next widest, none below its
    floor; what is still over."""
    while excess > 0:
        above = [column for column in columns if widths[column] > floors[column]]
        if not above:
            return excess
        top = max(widths[column] for column in above)
        tops = [column for column in above if widths[column] == top]
        lower = [widths[column] for column in above if widths[column] < top]
        below = max(lower + [floors[column] for column in tops])
        step = min(top - below, -(-excess // len(tops)))
        for column in tops:
            cut = min(step, excess, widths[column] - floors[column])
            widths[column] -= cut
            excess -= cut
    return excess


class TableRoom(QObject):
    """Lends the receipts table room from the receipt beside it at a narrow window (see the module).

    A loan is set with ``setSizes``, which replaces the sizes the splitter lays its panes out from at every
    width (what ``saveState`` holds): at the next resize those are put back first, so the split a wider window
    gets is the one it had before the loan, not one that drifts towards the table. Sizes set by anyone else
    (the person's drag, the page's first fit, a restored layout) are the split from then on."""

    def __init__(self, page: QWidget, splitter: QSplitter, table: QTableView, fit: ColumnFit):
        super().__init__(page)
        self._splitter, self._table, self._fit = splitter, table, fit
        self._loan: tuple[QByteArray, QByteArray] | None = None  # the split before the loan, and with it
        page.installEventFilter(self)
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()  # the page resized (after its layout resized the splitter), or the table shown
        if (kind == QEvent.Type.Resize and watched is not self._table) or kind == QEvent.Type.Show:
            self.lend()
        return False

    def split_state(self) -> QByteArray:
        """The splitter's state without the loan (the layout saved)."""
        state = self._splitter.saveState()
        return self._loan[0] if self._loan is not None and state == self._loan[1] else state

    def lend(self) -> None:
        splitter, table = self._splitter, self._table
        if splitter.count() != 2 or not table.isVisible():  # nothing to lend to (no row, a closed window)
            return
        natural = self.split_state()
        if natural != splitter.saveState():
            splitter.restoreState(natural)  # laid out at this width as if never lent
        self._loan = None
        left, right = splitter.sizes()
        bar = table.verticalScrollBar().sizeHint().width()  # whether or not it shows yet
        around = splitter.widget(0).width() - table.width() + 2 * table.frameWidth() + bar  # frames, margins
        floor = max(RECEIPT_FLOOR, splitter.widget(1).minimumSizeHint().width())
        lent = min(self._fit.narrowest() + around - left, right - floor)
        if lent > 0:
            splitter.setSizes([left + lent, right - lent])
            self._loan = (natural, splitter.saveState())
