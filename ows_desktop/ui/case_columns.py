"""The Cases tab's case list fitted to its width, without a sideways scroll bar (unless the person shows
more columns than fit: see the header's menu below).

The list takes the left column of the tab: about 370 px at 1440 px and 260 px at 1024 px. Its eight
columns at their default widths (935 px) scrolled sideways at both, the title wrapped on two lines and the
status, loss and dates were out of sight. Now the columns the person reads most are shown first, in this
order: :data:`PRIORITY` (which case, where it stands, its loss, its number, who works it, when it changed,
how many tickets, its subject). Each in turn is shown when its least width (:func:`least_widths`) still
fits beside those shown before it; from the first that does not, the rest are hidden until the list is
wider: the columns hidden for room are always the least read (a short column of lower priority filled the
room a wider one left: a status changed to "Loss confirmed" widened the Status, the Loss no longer fitted
and the Assignee took its place). Rather than hide one of the four first (:data:`KEPT`) for a few pixels,
the title is cut down to :data:`TITLE_SHORT` (a status or loss that widens keeps the loss in view at
1366 px; the 1024 px list still has no room for the case number). Shown columns get the width their
content needs, the widest given up first down to their least (:func:`~ows_desktop.ui.column_fit.lower_widest`,
as the Receipts table's columns do); room left goes to the title. A text cut short ends in "…" and its
tooltip shows it whole. The Loss column keeps no more than a loss of
:data:`~ows_desktop.itemmodels.cases.LOSS_SHOWN_WHOLE` needs (its least width): a 12-digit loss widened it
until the case number was hidden at 1366 px. A larger loss reads whole where the list has room; where it has
not, it is cut in the middle (its first digits, its cents and its "*" kept), whole in its tooltip.

The header's context menu (right-click) lists every column: the person shows a hidden one, or hides one,
and that choice holds at any width. A column hidden by choice leaves its room to the others. A column shown
by choice never hides one the person did not ask to hide among :data:`KEPT` (title, status, loss, number:
ticking Subject at 1440 px hid the Loss without a word): it takes the room of the columns of lowest priority
after those (assignee, updated, tickets), and when that is not enough the list scrolls sideways.

The person may also drag a column's edge to widen or narrow it, and drag a column elsewhere. A width she
gave is kept as asked (as the Receipts table keeps its columns', ui/column_fit.py): the other columns give
way first when the list is too narrow for it, the title first (the widest first), and the room left goes to
the title only when she did not size the title herself. A wider list shows the widths asked for again.

The person's choices, widths and order are kept with the window's layout (ui/window_state.py, as the
Receipts table's header): :meth:`CaseColumns.save_state` writes them to the settings by column name
(:data:`NAMES`) — the widths asked for, not those a narrow list fitted —, and
:meth:`CaseColumns.restore_state` brings them back at the next start, fitted as above. By name, not as
``QHeaderView.saveState``: that holds every section's width and hidden flag by position, as the fitting
left them (a column the fitting hid would come back hidden, a column added since would shift the others),
and cannot tell the widths the person gave from those the fitting chose. A name the list no longer has is
left out; a column it did not have takes its place in :data:`ORDER`, fitted."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from ows_desktop.itemmodels.cases import (
    COL_ASSIGNEE,
    COL_LOSS,
    COL_NUMBER,
    COL_STATUS,
    COL_SUBJECT,
    COL_TICKETS,
    COL_TITLE,
    COL_UPDATED,
    HEADERS,
    LOSS_SHOWN_WHOLE,
)
from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.store.cases import IN_PROGRESS, STATUS_LABELS
from ows_desktop.ui.column_fit import CELL_MARGIN, TEXT_FLOOR, lower_widest, text_width

PRIORITY = (COL_TITLE, COL_STATUS, COL_LOSS, COL_NUMBER, COL_ASSIGNEE, COL_UPDATED, COL_TICKETS, COL_SUBJECT)
KEPT = PRIORITY[:4]  # never hidden to make room for a column shown by choice (the list scrolls sideways)
LEAST = {COL_TITLE: "Sweethearting", COL_SUBJECT: "operator Ana", COL_ASSIGNEE: "Dana R"}  # then "…"
TITLE_SHORT = "Refunds"  # the title cut down to this (one word) rather than one of the four hidden
MOST = {COL_TITLE: 320, COL_SUBJECT: 240}  # px: a longer text is cut, its tooltip shows it whole
NAMES = {COL_NUMBER: "number", COL_TITLE: "title", COL_SUBJECT: "subject", COL_STATUS: "status",
         COL_ASSIGNEE: "assignee", COL_TICKETS: "tickets", COL_LOSS: "loss", COL_UPDATED: "updated"}  # fmt: skip
# the status next to the title: the list's first 500 px say which case and where it stands
ORDER = (COL_NUMBER, COL_TITLE, COL_STATUS, COL_SUBJECT, COL_ASSIGNEE, COL_TICKETS, COL_LOSS, COL_UPDATED)
SETTING = "cases/columns"  # the person's choices: {"subject": true, "status": false}
LAYOUT = (
    "cases/header"  # her widths and order: {"widths": {"subject": 260}, "order": ["number", "loss", ...]}
)
WIDEST = 4000  # px: a width saved wider than this was not the person's (an edited file): left out


def least_widths(table: QTableView) -> dict[int, int]:
    """The width each column keeps before it is hidden: its content whole (the number, status, loss, date,
    count) or, for a text, the room of a word or two; never narrower than its title."""
    least = {}
    for column in range(table.model().columnCount()):
        sample = LEAST.get(column)
        keep = text_width(table, sample) + CELL_MARGIN if sample else _content(table, column)
        least[column] = max(TEXT_FLOOR, keep if sample else max(keep, _title(table, column)))
    if COL_LOSS in least:  # a loss larger than LOSS_SHOWN_WHOLE is cut, its tooltip says it whole
        least[COL_LOSS] = min(least[COL_LOSS], max(loss_most(table), _title(table, COL_LOSS)))
    if COL_STATUS in least:  # "Closed (loss confirmed)" may be cut: "In progress" is not
        progress = text_width(table, core_label(STATUS_LABELS[IN_PROGRESS])) + CELL_MARGIN
        least[COL_STATUS] = min(least[COL_STATUS], max(progress, _title(table, COL_STATUS)))
    return least


def loss_most(table: QTableView) -> int:
    """The Loss column's widest: a loss of LOSS_SHOWN_WHOLE, set by hand ("*") or added up in part ("≥")."""
    figure = money_text(LOSS_SHOWN_WHOLE)
    return max(text_width(table, f"{figure} *"), text_width(table, f"≥ {figure}")) + CELL_MARGIN


class _CutInTheMiddle(QStyledItemDelegate):
    """A loss too long for its column keeps its first digits and its cents (and "*"): "123,45…012.00 *". Cut
    at the right, "123,456,789…" read as a loss a thousand times smaller."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Any) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def _title(table: QTableView, column: int) -> int:
    return table.horizontalHeader().sectionSizeFromContents(column).width()


def _content(table: QTableView, column: int) -> int:
    """The widest text of ``column`` (a few hundred cases at most: every row), its margins included."""
    model = table.model()
    texts = (str(model.index(row, column).data() or "") for row in range(model.rowCount()))
    return max((text_width(table, text) for text in texts), default=0) + CELL_MARGIN


def _saved(settings: Any, key: str) -> dict[str, Any]:
    """The JSON object saved under ``key`` ({} when there is none, or it is not one)."""
    try:
        saved = json.loads(text) if isinstance(text := settings.get(key), str) and text else {}
    except ValueError:
        return {}
    return saved if isinstance(saved, dict) else {}


class CaseColumns(QObject):
    """Fits ``table``'s columns (a CaseListModel's) whenever its width or rows change; the header's menu
    shows or hides a column by the person's choice."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._chosen: dict[int, bool] = {}  # the person's choice: shown (True) or hidden (False)
        self._asked: dict[int, int] = {}  # the widths the person gave (a drag of a column's edge)
        self._fitting = False  # the header's sections are resized or moved here, not by the person
        header = table.horizontalHeader()
        header.setStretchLastSection(False)  # the title takes the room left
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)  # the person drags a column elsewhere
        self._put_in_order(ORDER)
        header.sectionResized.connect(self._on_resized)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu)
        table.setWordWrap(False)  # one line a case: a text cut short ends in "…" (its tooltip shows it)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setItemDelegateForColumn(COL_LOSS, _CutInTheMiddle(table))
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # more shown than fit
        table.model().modelReset.connect(self.fit)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def shown(self) -> list[int]:
        """The columns shown, by priority."""
        header = self._table.horizontalHeader()
        return [column for column in PRIORITY if not header.isSectionHidden(column)]

    def choose(self, column: int, shown: bool) -> None:
        """The person shows or hides ``column`` (the header's menu), at any width."""
        self._chosen[column] = shown
        self.fit()

    def save_state(self, settings: Any) -> None:
        """The person's choices, the widths she gave and the columns' order into the window's ``settings``,
        by column name."""
        settings.set(SETTING, json.dumps({NAMES[c]: shown for c, shown in sorted(self._chosen.items())}))
        header = self._table.horizontalHeader()
        order = [NAMES[header.logicalIndex(visual)] for visual in range(header.count())]
        widths = {NAMES[c]: width for c, width in sorted(self._asked.items())}
        settings.set(LAYOUT, json.dumps({"widths": widths, "order": order}))

    def restore_state(self, settings: Any) -> None:
        """The choices, widths and order saved in ``settings`` (a name or value not understood is left out),
        fitted."""
        columns = {name: column for column, name in NAMES.items()}
        saved = _saved(settings, SETTING)
        self._chosen = {columns[n]: v for n, v in saved.items() if n in columns and isinstance(v, bool)}
        layout = _saved(settings, LAYOUT)
        widths = layout.get("widths")
        self._asked = {
            columns[n]: v
            for n, v in (widths.items() if isinstance(widths, dict) else ())
            if n in columns and type(v) is int and 0 < v <= WIDEST
        }
        order = layout.get("order")
        saved_order = [columns[n] for n in order if n in columns] if isinstance(order, list) else []
        self._put_in_order(list(dict.fromkeys(saved_order)))
        self.fit()

    def _put_in_order(self, saved: list[int] | tuple[int, ...]) -> None:
        """The columns in the order ``saved`` (logical columns); one it leaves out takes its place in
        :data:`ORDER` (a column added since the order was saved)."""
        order = list(saved)
        for position, column in enumerate(ORDER):
            if column not in order:
                order.insert(min(position, len(order)), column)
        header = self._table.horizontalHeader()
        self._fitting = True
        try:
            for visual, column in enumerate(order):
                if column < header.count() and header.visualIndex(column) != visual:
                    header.moveSection(header.visualIndex(column), visual)
        finally:
            self._fitting = False

    @Slot(int, int, int)
    def _on_resized(self, column: int, _old: int, new: int) -> None:
        if not self._fitting and new > 0:  # the person's drag (a column hidden is resized to 0)
            self._asked[column] = new

    @Slot()
    def fit(self) -> None:
        table = self._table
        room = table.viewport().width()
        if room <= 0 or not table.isVisible():  # fitted when shown (a hidden tab's list has no width yet)
            return
        least = least_widths(table)
        chosen = [c for c in PRIORITY if self._chosen.get(c)]
        fitted = self._fitted(least, room, chosen)
        shown = set(fitted) | set(chosen)  # still wider than the list: it scrolls sideways
        if not shown:
            shown.add(PRIORITY[0])  # a list of no column would say nothing
        natural = {
            c: max(least[c], min(max(_content(table, c), _title(table, c)), MOST.get(c, room))) for c in shown
        }
        widths = {c: self._asked.get(c, natural[c]) for c in shown}
        excess = sum(widths.values()) - room
        asked = sorted(c for c in shown if c in self._asked)
        # first the title down to a word with the status and loss whole ("Closed (no loss)" and "Closed (loss
        # confirmed)" read alike cut), then the status and loss down to what they keep
        whole = {**least, **{c: natural.get(c, least[c]) for c in (COL_STATUS, COL_LOSS)}}
        if COL_TITLE not in self._asked:
            whole[COL_TITLE] = min(least[COL_TITLE], text_width(table, TITLE_SHORT) + CELL_MARGIN)
        for floor in (whole, least):
            for givers in (sorted(shown.difference(asked)), asked):  # the widths the person gave, last
                if excess > 0:  # the widest first, down to what each keeps
                    excess = lower_widest(givers, widths, excess, floor)
        if excess < 0 and COL_TITLE in shown and COL_TITLE not in self._asked:
            widths[COL_TITLE] -= excess  # the room left: the title reads more
        header = table.horizontalHeader()
        self._fitting = True
        try:
            for column in range(header.count()):
                header.setSectionHidden(column, column not in shown)
                if column in shown and header.sectionSize(column) != widths[column]:
                    header.resizeSection(column, widths[column])
        finally:
            self._fitting = False

    def _fitted(self, least: dict[int, int], room: int, chosen: list[int]) -> list[int]:
        """The columns nobody chose either way that are shown for room: by priority, up to the first that does
        not fit, so those hidden are always the least read (the Assignee never shows in place of the Loss).
        Only the columns of :data:`KEPT` shown by choice take room from the four; the other columns shown by
        choice take it from the lower columns. One of the four is shown with the title cut down to
        :data:`TITLE_SHORT` (``least`` lowered so) rather than hidden for a few pixels."""
        short = text_width(self._table, TITLE_SHORT) + CELL_MARGIN
        fitted: list[int] = []
        used = sum(least[c] for c in chosen if c in KEPT)
        for column in KEPT:
            if column in self._chosen:
                continue
            title = COL_TITLE in fitted or self._chosen.get(COL_TITLE, False)
            lent = least[COL_TITLE] - short if title and COL_TITLE not in self._asked else 0
            lacking = used + least[column] - room
            if lacking > max(0, lent):
                return fitted  # and the columns after it hidden too
            if lacking > 0:  # the title lends what this one lacks
                least[COL_TITLE] -= lacking
                used -= lacking
            fitted.append(column)
            used += least[column]
        if COL_LOSS in fitted:  # the columns after the four only where the loss reads whole
            used += max(
                0, max(_content(self._table, COL_LOSS), _title(self._table, COL_LOSS)) - least[COL_LOSS]
            )
        used += sum(least[c] for c in chosen if c not in KEPT)
        for column in PRIORITY[len(KEPT) :]:
            if column in self._chosen:
                continue
            if used + least[column] > room:
                break
            fitted.append(column)
            used += least[column]
        return fitted

    @Slot(QPoint)
    def _menu(self, pos: QPoint) -> None:
        self.columns_menu().popup(self._table.horizontalHeader().mapToGlobal(pos))

    def columns_menu(self) -> QMenu:
        """The header's menu: every column, checked when shown; the person shows or hides one. The window's,
        not the header's: on X11 the video's native window makes the list's splitter native too, and a popup
        of a widget in it warned at every right-click that its window "must be a top level window" (Qt
        refuses a child window as a popup's transient parent)."""
        header = self._table.horizontalHeader()
        menu = QMenu(header.window())
        menu.setObjectName("caseColumnsMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for column in range(header.count()):
            action = menu.addAction(QCoreApplication.translate("CaseListModel", HEADERS[column]))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self.choose(c, on))
        return menu


__all__ = ["KEPT", "NAMES", "ORDER", "PRIORITY", "CaseColumns", "least_widths"]
