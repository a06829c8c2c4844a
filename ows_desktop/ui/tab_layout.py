"""The main window's tabs without needless repaints of a whole page.

A QTabWidget lays itself out again on every LayoutRequest, and that ends in ``update()`` of the whole tab widget
(``QTabWidget::setUpLayout``), so every page widget is painted again. Any size hint change inside a page posts
one up to it: showing the next receipt, the match count's new text. On the Receipts tab that repainted every
cell of the receipt table on each J press (~20 ms of GUI-thread CPU, the longest step while a sync runs).

:class:`QuietTabLayout` lets a LayoutRequest reach the tab widget only when something it lays out changed: its
tab bar's or corner widgets' size hints, its own size, or its minimum size (the window's layout needs that).
The page itself is laid out by its own layouts either way."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QTabWidget

_CORNERS = (Qt.Corner.TopLeftCorner, Qt.Corner.TopRightCorner)


class QuietTabLayout(QObject):
    """Installed on ``tabs`` (and owned by it) for as long as it lives.

    The filter reads no attribute of its own but one with a class default: when the window is dropped, the
    garbage collector may clear this object's attributes while Qt, deleting the window, still sends the tab
    widget events (a CI run failed so: ``no attribute '_tabs'``)."""

    _laid_out_for: tuple[Any, ...] | None = None  # what the tab widget was last laid out for

    def __init__(self, tabs: QTabWidget):
        super().__init__(tabs)
        tabs.installEventFilter(self)

    @staticmethod
    def layout_inputs(tabs: QTabWidget) -> tuple[Any, ...]:
        bar = tabs.tabBar()
        corners = tuple(
            (corner.isVisible(), corner.sizeHint()) if corner is not None else None
            for corner in (tabs.cornerWidget(c) for c in _CORNERS)
        )
        return (bar.isVisible(), bar.sizeHint(), corners, tabs.size(), tabs.minimumSizeHint())

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and isinstance(watched, QTabWidget):
            inputs = self.layout_inputs(watched)
            if inputs == self._laid_out_for:
                return True  # nothing the tab widget lays out changed: no layout, no repaint of the page
            self._laid_out_for = inputs
        return False
