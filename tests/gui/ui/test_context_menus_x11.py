"""Right-click menus on X11, where the video's native windows make their neighbours native too: a menu
parented to a widget in them warned at every right-click, `QWidgetWindow(…, name="caseListAndHistoryWindow")
must be a top level window.` (Qt refuses a child window as a popup's transient parent). The offscreen
platform of the other tests has no native window, and warns on a popup's grab: this path ran untested."""

from __future__ import annotations

from gui_support import X11_WINDOW_WITH_CAMERAS, run_on_x11

MENUS_SCRIPT = (
    X11_WINDOW_WITH_CAMERAS
    + """
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

def said(mode, context, message):  # every Qt message of the window, as the tests' fixtures see them
    if mode != QtMsgType.QtDebugMsg:
        print("QT " + message, flush=True)

qInstallMessageHandler(said)
store.cases.new_case("Voids after closing", operator="Ana", location="S1", assignee="Dana Reyes")
window.resize(1366, 768)
window.show()
window.start()
until(lambda: window.connection_dialog() is not None)
window.connection_dialog().reject()

def right_click(widget, pos):  # what the X11 window gets from a right press: a context menu event there
    QTest.mouseMove(widget, pos)
    QApplication.sendEvent(widget, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos)))
    until(lambda: QApplication.activePopupWidget() is not None)
    menu = QApplication.activePopupWidget()
    print("MENU " + json.dumps([menu.objectName(), [a.text() for a in menu.actions()]]), flush=True)
    menu.close()
    until(lambda: QApplication.activePopupWidget() is None)

receipts = window.receipts
until(lambda: receipts.model.rowCount() > 0)
row = receipts.table.visualRect(receipts.model.index(0, 1)).center()
right_click(receipts.table.viewport(), row)
page = window.cases
window.tabs.setCurrentWidget(page)
until(lambda: page.model.rowCount() == 1 and not page.reading())
header = page.case_table.horizontalHeader()
until(lambda: header.viewport().isVisible() and header.length() > 0)
right_click(header.viewport(), header.rect().center())
right_click(header.viewport(), header.rect().center())  # the tester saw it twice
window.close()
store.close()
print("DONE", flush=True)
"""
)


def test_right_clicks_on_the_case_list_header_and_a_receipt_pop_up_their_menus_without_a_warning(
    tmp_path,
) -> None:
    """On X11 (Xvfb), with cameras (native video windows): a right-click on the case list's header pops up
    its columns menu, one on a receipt row its "Add to case" menu, and Qt says nothing."""
    result = run_on_x11(MENUS_SCRIPT, tmp_path, screen="1366x768")
    out = result.stdout
    assert "DONE" in out, out + result.stderr[-3000:]
    menus = [line[5:] for line in out.splitlines() if line.startswith("MENU ")]
    assert len(menus) == 3, out
    assert menus[0].startswith('["receiptContextMenu", ["Add to &case'), menus[0]
    assert menus[1] == menus[2] and menus[1].startswith('["caseColumnsMenu", ["Case", "Title"'), menus[1]
    assert [line for line in out.splitlines() if line.startswith("QT ")] == [], out
