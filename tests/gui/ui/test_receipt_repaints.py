"""Moving to the next receipt while a sync runs repaints what changed, not the whole Receipts tab: the receipt
table paints the two rows whose selection changed, while the receipt beside it shows the new ticket. (A whole
receipt table repaint is ~20 ms of GUI-thread CPU, the longest step while a sync runs: showing a receipt used to
post a layout request up to the main tabs, which repainted the whole page — seen in a standalone window and in
tests/bench/bench_gui.py; under pytest-qt that path does not repaint, so this test guards the outcome.)"""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE, fill_store, make_services, small_config
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

pytestmark = OFFSCREEN_NOISE


class PaintedHeights(QObject):
    """The height of each paint event a widget receives (the sum of its region's rectangles)."""

    def __init__(self, widget):
        super().__init__()
        self.heights: list[int] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.heights.append(sum(rect.height() for rect in event.region()))
        return False


def settle() -> None:
    for _ in range(10):  # each pass handles what the one before posted
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def test_the_next_receipt_repaints_only_the_rows_whose_selection_changed(qtbot, paths, store):
    from ows_desktop.ui.main_window import MainWindow

    fill_store(store, small_config(days=4, tickets_per_store_day=200))
    window = MainWindow(make_services(paths, store))
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    page = window.receipts
    qtbot.waitUntil(lambda: page.total() is not None)
    page.focus_table()
    window.sync_bar.set_running(True)  # as while a sync runs: the bar shows its progress
    window.sync_bar.detail.setText("12,345 tickets (12,345 new) · 247 pages · 1,234 tickets/s")
    settle()
    viewport = page.table.viewport()
    row_height = page.table.rowHeight(0)
    assert viewport.height() > 12 * row_height  # the rows moved through stay in view: nothing scrolls
    painted = PaintedHeights(viewport)
    shown = []
    for _ in range(10):
        before = page.current_key()
        page.move(1)  # J
        qtbot.waitUntil(lambda before=before: page.receipt.ticket().key != before)
        settle()  # the rows whose selection changed, and whatever the new receipt asked for
        shown.append(page.receipt.ticket().key)
    assert shown == [page.model.ticket_row(row).key for row in range(1, 11)]
    assert page.current_key() == shown[-1]
    heights = painted.heights
    assert heights and max(heights) <= 3 * row_height, (heights, viewport.height())
