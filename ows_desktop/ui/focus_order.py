"""The window's Tab order, where the order widgets were made in is not the order a person reads them in.

Tab goes through the Receipts tab as a person works it: the search box, the receipt table (its results, as ↓
from the search goes), the receipt (its tabs, its text and links, then "Add to case…" beside its tabs), the
video (camera, transport, snapshot); then on to the workspace tabs, the banner's buttons and the sync bar,
and then the filter bar's pickers (with the Flagged view's reason and states when shown), which lead back to
the search box. So a store manager types a search and Tab takes them to the results, not across every
picker, and Shift+Tab from the search box goes back through the filters, nearest first."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QToolButton, QWidget

if TYPE_CHECKING:
    from ows_desktop.ui.main_window import MainWindow


def set_window_tab_order(window: MainWindow) -> None:
    receipts = window.receipts
    bar, flagged = receipts.filter_bar, receipts.flagged_bar
    # Each call moves its second widget to just after its first: the Flagged view's filters after the filter
    # bar's last (Clear filters; they were made after the receipt), then the search box, then the table.
    chain = [
        bar.clear_button,
        flagged.reason_combo,
        *flagged.state_buttons.values(),
        bar.search,
        receipts.table,
    ]
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)
    receipt = receipts.receipt
    add_to_case = receipt.cornerWidget()  # made after the video pane: it would come after the whole window
    if isinstance(add_to_case, QToolButton):
        QWidget.setTabOrder(receipt.browser, add_to_case)
