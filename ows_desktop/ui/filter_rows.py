"""The rows the filter bar (ui.filters) lays its controls out in: one row where the bar is wide enough for it,
else two — by the bar's width alone, every control counted shown or not, so no value changes the rows and
no control moves under the pointer (ui/filter_widgets.py tells how each keeps its size).

The search box is the bar's first control: the one row is taken only where it leaves the search at least
``SEARCH_LEAST_CHARS`` characters (at 1440 px in English it would leave about 35: two rows there).

The custom range's dates are not counted in either: kept free while hidden, their room left a gap after
"Any time". When "Custom range…" is picked they show on a row of their own under the time picker, which stays
in its place (as does every other control; the table below moves down that row)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ows_desktop.ui.filter_widgets import ChipSlot

SPACING = 8  # between the controls of a row
SEARCH_LEAST_CHARS = 48  # "Search receipts: item, SKU, operator, ticket #, register…" nearly whole


class FilterRows(QObject):
    """Lays ``first`` (the search and the pickers) and ``second`` (the time picker first, the ``dates`` after
    it, the chip's slot last) out in ``bar``: ``second`` on the first row too where the bar is wide enough."""

    def __init__(
        self,
        bar: QWidget,
        first: Sequence[QWidget],
        second: Sequence[QWidget],
        dates: Sequence[QWidget],
        chip_slot: ChipSlot,
    ):
        super().__init__(bar)
        self._bar, self._first, self._second = bar, list(first), list(second)
        self._dates, self._chip_slot = list(dates), chip_slot
        self._time = self._second[0]
        layout = QVBoxLayout(bar)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._rows = (QHBoxLayout(), QHBoxLayout(), QHBoxLayout())  # the first, the second, the dates' own
        for row in self._rows:
            row.setSpacing(SPACING)
            layout.addLayout(row)
        self.wrapped: bool | None = None
        self._time.installEventFilter(self)  # the dates' own row follows where the time picker stands

    def one_row_width(self) -> int:
        """The width the one row needs: every control but the dates at its size, the search box at
        ``SEARCH_LEAST_CHARS`` characters, the chip's slot at its least (hidden controls too)."""
        search = self._first[0]
        parts = [w for w in self._first + self._second if w not in self._dates and w is not self._chip_slot]
        widths = [min(max(w.minimumWidth(), w.sizeHint().width()), w.maximumWidth()) for w in parts]
        search_least = search.fontMetrics().averageCharWidth() * SEARCH_LEAST_CHARS
        widths[parts.index(search)] = max(widths[parts.index(search)], search_least)
        return sum(widths) + self._chip_slot.least_room() + SPACING * (len(parts) + 1)

    def place(self) -> None:
        """One row or two, for the bar's width now."""
        wrapped = self._bar.width() < self.one_row_width()
        if wrapped == self.wrapped:
            return
        self.wrapped = wrapped
        for row in self._rows:
            while row.count():
                row.takeAt(0)
        search, chip_slot = self._first[0], self._chip_slot
        second = [w for w in self._second if w not in self._dates]
        for widget in self._first if wrapped else self._first + second:  # left: 3/4 search, 1/4 the chip
            self._rows[0].addWidget(widget, 3 if widget is search else 1 if widget is chip_slot else 0)
        for widget in second if wrapped else []:
            self._rows[1].addWidget(widget, 1 if widget is chip_slot else 0)
        for widget in self._dates:  # on their own row (hidden, they take no room)
            self._rows[2].addWidget(widget)
        self._rows[2].addStretch(1)
        chip_slot.reserve(not wrapped)
        self._align_dates()

    def _align_dates(self) -> None:
        """The dates' own row starts under the time picker (at the bar's end when that leaves them no room)."""
        bar, row = self._bar, self._rows[2]
        geometry = self._time.geometry()
        start = bar.width() - geometry.right() - 1 if bar.isRightToLeft() else geometry.left()
        dates = sum(w.sizeHint().width() for w in self._dates) + SPACING * (len(self._dates) - 1)
        start = max(0, min(start, bar.width() - dates))
        margins = (0, 0, start, 0) if bar.isRightToLeft() else (start, 0, 0, 0)
        now = row.contentsMargins()
        if (now.left(), now.top(), now.right(), now.bottom()) != margins:
            row.setContentsMargins(*margins)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and watched is self._time:
            self._align_dates()
        return False
