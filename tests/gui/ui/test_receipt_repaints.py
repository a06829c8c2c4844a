"""Moving to the next receipt repaints what changed, not the whole Receipts tab: the receipt table paints the
two rows whose selection changed, while the receipt beside it shows the new ticket. (Every size hint change
in the tab — a receipt shown, the match count's text — used to reach the tab widget, which repainted the whole
page: every cell of the table on each J press, the GUI thread's longest step while a sync runs.)"""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE, make_services, offline_window
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


def test_the_next_receipt_repaints_only_the_rows_whose_selection_changed(qtbot, paths, filled_store):
    window = offline_window(qtbot, make_services(paths, filled_store))
    page = window.receipts
    qtbot.waitUntil(lambda: page.total() is not None)
    page.focus_table()
    viewport = page.table.viewport()
    row_height = page.table.rowHeight(0)
    assert viewport.height() > 8 * row_height  # the rows moved through below stay in view: nothing scrolls
    painted = PaintedHeights(viewport)
    page.move(1)  # the first J, and whatever start-up left to paint
    qtbot.waitUntil(lambda: bool(painted.heights))
    settle()
    painted.heights.clear()
    shown = []
    for _ in range(6):
        before = page.current_key()
        page.move(1)  # J
        qtbot.waitUntil(lambda before=before: page.receipt.ticket().key != before)
        settle()  # the rows whose selection changed, and whatever the new receipt asked for
        shown.append(page.receipt.ticket().key)
        page.count_label.setText(f"{len(shown)} receipts")  # a new count above the table
        settle()
    assert shown == [page.model.ticket_row(row).key for row in range(2, 8)]
    assert page.current_key() == shown[-1]
    heights = painted.heights
    assert heights and max(heights) <= 3 * row_height, (heights, viewport.height())
