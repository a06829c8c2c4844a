"""The window's Tab order, where the order widgets were made in is not the order a person reads them in.

Tab goes through the Receipts tab as it reads: the filter bar, the receipt table, the receipt (its tabs,
its text and links, then "Add to case…" beside its tabs), the video (camera, transport, snapshot); then on
to the workspace tabs, the banner's buttons and the sync bar, and round to the filter bar again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QToolButton, QWidget

if TYPE_CHECKING:
    from ows_desktop.ui.main_window import MainWindow


def set_window_tab_order(window: MainWindow) -> None:
    receipt = window.receipts.receipt
    add_to_case = receipt.cornerWidget()  # made after the video pane: it would come after the whole window
    if isinstance(add_to_case, QToolButton):
        QWidget.setTabOrder(receipt.browser, add_to_case)
