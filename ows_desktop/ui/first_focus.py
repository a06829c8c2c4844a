"""Where the keyboard is when the window opens, and when a tab is first opened.

Left to Qt, the window's first focus went to the first widget made that takes Tab: the Receipts tab's store
picker, drawn with no focus frame. A store manager's first ↓ then chose the first store (the list fell to one
store's receipts, nothing said why), and typed text went nowhere. The Cases tab did the same with its Status
filter: Qt moves the focus from the page left to the first widget of the page opened.

So the window starts in the search box, its cursor seen: typed text searches, and ↓ goes into the receipt
list, showing its first receipt (then J, K, ↓ go on from it). Not in the list itself: a table given the focus
makes its first row current, and the receipt and video of a ticket nobody chose would show (and Export offer
it as "the selection"). The Cases tab, the first time it opens with the focus moved into it, starts in its
list of cases. A page the person already worked in gets
back the widget they left it in (Qt's own), and the tab bar keeps the focus when the person is on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ows_desktop.ui.main_window import MainWindow


class FirstFocus(QObject):
    """Owned by the window; :meth:`place` at start, then each page's first opening (tabs.currentChanged)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self._placed: set[QWidget] = set()  # the pages that had their first focus
        window.tabs.currentChanged.connect(self._on_tab)

    def place(self) -> None:
        """The first focus of the tab on screen (the window's focus widget, given as it becomes active)."""
        self._first_focus(self._window.tabs.currentWidget(), moved=True)

    @Slot(int)
    def _on_tab(self, _index: int) -> None:
        page = self._window.tabs.currentWidget()
        focused = QApplication.focusWidget()
        # Qt moved the focus from the page left into this one (or it was nowhere): not the tab bar's
        moved = focused is None or (page is not None and page.isAncestorOf(focused))
        self._first_focus(page, moved=moved)

    def _first_focus(self, page: QWidget | None, *, moved: bool) -> None:
        window = self._window
        if page is None or page in self._placed:
            return
        if page is window.receipts:
            self._placed.add(page)
            if moved:
                window.receipts.filter_bar.search.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is window.cases:
            self._placed.add(page)
            if moved:
                window.cases.case_table.setFocus(Qt.FocusReason.OtherFocusReason)
