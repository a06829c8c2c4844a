"""Where the Cases tab puts its parts, so each has room to be read at 1440 px and at 1024×700.

The case list and, under it, the selected case's history take the left column. The case on the right: its
header and actions, its tickets across the whole width (store, register, operator and total read whole at
1440 px), and under them the selected ticket's receipt beside its video, each the full height left.

Before, the ticket table shared its row with the receipt and the video (at 1440 px it showed "S0…", "Ine…"
and hid Total behind its scroll bar), the history took a row under both, and the video under the receipt
left the receipt about 70 px at 1024×700, cutting its text mid-line. Every split is a splitter the person
can drag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QSplitter, QVBoxLayout, QWidget

# the parts' shares at the first show (the splitters scale them to the window)
CASE_LIST, CASE = 380, 1060  # the left column, the case
LIST, HISTORY = 3, 2  # in the left column
TICKETS, EVIDENCE = 190, 520  # the case's tickets, the receipt and video under them


def lay_out(
    page: QWidget,
    top: QLayout,
    case_table: QWidget,
    history: QWidget,
    header: QWidget,
    actions: QLayout,
    ticket_table: QWidget,
    receipt: QWidget,
    video: QWidget | None,
) -> QSplitter:
    """Lay ``page``'s parts out (see the module); the splitter between the left column and the case."""
    left = _splitter(Qt.Orientation.Vertical, page, case_table, history)
    left.setObjectName("caseListAndHistory")
    left.setStretchFactor(0, LIST)
    left.setStretchFactor(1, HISTORY)
    left.setSizes([LIST * 100, HISTORY * 100])
    evidence = _splitter(Qt.Orientation.Horizontal, page, receipt, *([video] if video is not None else []))
    evidence.setObjectName("caseEvidence")
    body = _splitter(Qt.Orientation.Vertical, page, ticket_table, evidence)
    body.setObjectName("caseTicketsAndEvidence")
    body.setStretchFactor(0, 1)
    body.setStretchFactor(1, 3)  # a taller window reads more of the receipt and sees a bigger picture
    body.setSizes([TICKETS, EVIDENCE])
    case = QWidget(page)
    case_layout = QVBoxLayout(case)
    case_layout.setContentsMargins(0, 0, 0, 0)
    case_layout.addWidget(header)  # four lines high whatever the case's text (ui/case_header.py)
    case_layout.addLayout(actions)
    case_layout.addWidget(body, 1)
    splitter = _splitter(Qt.Orientation.Horizontal, page, left, case)
    splitter.setObjectName("casesSplitter")
    splitter.setStretchFactor(0, 1)  # a narrower window takes from both, the case keeping most
    splitter.setStretchFactor(1, 3)
    splitter.setSizes([CASE_LIST, CASE])
    layout = QVBoxLayout(page)
    layout.addLayout(top)
    layout.addWidget(splitter, 1)
    return splitter


def _splitter(orientation: Qt.Orientation, page: QWidget, *parts: QWidget) -> QSplitter:
    splitter = QSplitter(orientation, page)
    splitter.setChildrenCollapsible(False)
    for part in parts:
        splitter.addWidget(part)
    return splitter


__all__ = ["lay_out"]
