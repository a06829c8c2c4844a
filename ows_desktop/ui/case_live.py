"""The Cases tab follows changes made elsewhere while it is on screen, as the Receipts tab follows flags: the
command line on the same single-seat cache (``ows-desktop case new``, ``case export``…), a colleague on the
team store. The store's change feed (tasks/live_updates.py) names the subjects of the audit entries appended
since it last looked; every change to a case appends one under ``case:<number>``, and a ticket's flag or
note one under its key. Either kind about a case, or about a ticket of the case shown, has the tab read again
in its jobs (ui/cases_page.py ``refresh``: the list, the selected case's fields, tickets and history), the
person's case, tickets and scroll kept (:func:`held_in_view`, ui/case_tickets.py, ui/case_history.py).

Not while a dialog or a menu is open over the window (the close, note or loss dialog, the Status picker's
list), nor while what a dialog shows is being read (the Status picker left on "Closed" until the close dialog
opens): what it stands on is left alone until it closes, then read again once. A tab not on screen is read
again when it comes into view (its showEvent) and not before.

No reading here: the page reads, in jobs. Never a widget from another thread: the feed's signals come
queued to the GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView, QWidget

from ows_desktop.store.cases import SUBJECT_PREFIX

HELD_MS = 250  # while a dialog or a menu is open, how often the tab looks whether it has closed


class CasesFollow(QObject):
    """Reads the Cases tab ``page`` (a CasesPage) again when the store reports a change that concerns it:
    connect :meth:`changed` to the feed's ``reviewChanged``."""

    def __init__(
        self, page: Any, parent: QObject | None = None, asking: Callable[[], bool] = lambda: False
    ) -> None:
        """``asking()``: a dialog's question is being read (CaseActions.reading: it opens when read)."""
        super().__init__(parent)
        self._page = page
        self._asking = asking
        self._due = False  # a change waits to be read
        self._held = QTimer(self, singleShot=True, interval=HELD_MS)
        self._held.timeout.connect(self._read_again)

    @Slot(list)
    def changed(self, keys: list[str]) -> None:
        """``keys``: the subjects of the audit entries other writers appended (the window's own come too:
        reading them again changes nothing)."""
        if any(self._concerns(key) for key in keys):
            self._due = True
            self._read_again()

    def _concerns(self, key: str) -> bool:
        return key.startswith(SUBJECT_PREFIX) or self._page.tickets.row_of_key(key) >= 0

    @property
    def due(self) -> bool:
        """A change waits for the dialog (or menu) open over the window to close."""
        return self._due

    @Slot()
    def _read_again(self) -> None:
        if not self._due:
            return
        if not self._page.isVisible():  # read when the tab comes into view (CasesPage.showEvent)
            self._due = False
            return
        if (
            self._asking()
            or self._over(QApplication.activeModalWidget())
            or self._over(QApplication.activePopupWidget())
        ):
            self._held.start()
            return
        self._due = False
        self._page.case_history.keep_place()  # not the person's own entry: her place in the history stays
        self._page.refresh()

    def _over(self, widget: QWidget | None) -> bool:
        """Whether ``widget`` (a modal dialog, a popup) is open over this tab's window: one of another window,
        or left behind by it, holds nothing here."""
        parent = widget.parentWidget() if widget is not None and widget.isVisible() else None
        return parent is not None and parent.window() is self._page.window()


@contextmanager
def held_in_view(
    table: QTableView, key_at: Callable[[int], str | None], row_of: Callable[[str], int]
) -> Iterator[None]:
    """Keep the rows in view of ``table`` where they are while its model is set again inside the block (a
    reading of the same list, maybe with rows added above): the row at the top stays at the top (``key_at(row)``
    names a row, ``row_of(key)`` finds it again). At the very top the view stays at the top: a case added
    there shows. The current row set inside the block does not scroll the view to itself."""
    bar = table.verticalScrollBar()
    value, top = bar.value(), table.rowAt(0)
    key = key_at(top) if top >= 0 and value > 0 else None
    offset = table.rowViewportPosition(top) if key is not None else 0
    yield
    table.updateGeometries()  # the scroll bar's range follows the new rows now, not at the next layout
    row = row_of(key) if key is not None else -1
    if row >= 0 and table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem:
        bar.setValue(value + row - top)  # the scroll bar counts rows
    elif row >= 0:  # ...or pixels
        bar.setValue(bar.value() + table.rowViewportPosition(row) - offset)
    else:  # at the top, or the row at the top has left the list: the scroll bar where it was
        bar.setValue(value)


__all__ = ["CasesFollow", "held_in_view"]
