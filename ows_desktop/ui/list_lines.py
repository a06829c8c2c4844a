"""The lines over the receipt list: the count ("1 receipt"), the order ("sorted by time, newest first · …"),
the span the time filter keeps and, on a line of its own while the search holds a search engine's syntax, what
the search does with it (:mod:`.search_syntax`).

None of them widens the list's pane: the order, the span and the search's line end in "…" where they do not fit,
whole in their tooltips. A tester saw the search's line, a plain label on the count's line, push the receipt
and its video from ~480 px to ~290 px at 1366 px, cut off at the edge with no "…"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ows_desktop.ui.elided_label import ElidedLabel
from ows_desktop.ui.search_syntax import syntax_hint


class ListLines(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setObjectName("resultCount")
        bold = QFont(self.count_label.font())
        bold.setBold(True)
        self.count_label.setFont(bold)
        self.sort_label = ElidedLabel(self)  # "sorted by time, newest first · in the order they happened, …"
        self.sort_label.setObjectName("sortLabel")
        self.sort_label.setEnabled(False)
        self.range_label = ElidedLabel(self)  # "Yesterday: 2026-12-06 00:00 to 2026-12-07 00:00 in each …"
        self.range_label.setObjectName("timeRange")
        self.search_hint = ElidedLabel(self)  # "Search: OR, AND and NOT are searched as words, …"
        self.search_hint.setObjectName("searchHint")
        self.search_hint.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.count_label, self.sort_label, self.range_label):
            row.addWidget(widget)
            row.addSpacing(8 if widget is self.count_label else 12)
        row.addStretch(1)
        lines = QVBoxLayout(self)
        lines.setContentsMargins(2, 0, 2, 0)
        lines.setSpacing(2)
        lines.addLayout(row)
        lines.addWidget(self.search_hint)

    def set_lines(self, order: str, span: str, search: str) -> None:
        """The order's line, the span's (hidden when '') and what the search does with its syntax (hidden
        when it has none)."""
        self.sort_label.setText(order)
        self.range_label.setText(span)
        self.range_label.setVisible(bool(span))
        hint = syntax_hint(search)
        self.search_hint.setText(hint)
        self.search_hint.setVisible(bool(hint))
