"""The main tabs' layout filter (ui/tab_layout.py): a layout request reaches the tab widget only when
something it lays out changed, and the filter stays quiet while its window is torn down after the garbage
collector has cleared its attributes (a CI run failed in the event loop with ``no attribute '_tabs'``)."""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow, QTabWidget

from ows_desktop.ui.tab_layout import QuietTabLayout

pytestmark = OFFSCREEN_NOISE


def _window(qtbot) -> tuple[QMainWindow, QTabWidget, QuietTabLayout]:
    window = QMainWindow()
    tabs = QTabWidget(window)
    window.setCentralWidget(tabs)
    tabs.addTab(QLineEdit(), "Receipts")
    quiet = QuietTabLayout(tabs)
    window.show()
    qtbot.waitExposed(window)
    return window, tabs, quiet


def test_a_layout_request_passes_only_when_what_the_tabs_lay_out_changed(qtbot):
    window, tabs, quiet = _window(qtbot)
    request = QEvent(QEvent.Type.LayoutRequest)
    assert quiet.eventFilter(tabs, request) is False  # the first one lays out
    assert quiet.eventFilter(tabs, request) is True  # nothing changed: no layout, no repaint of the page
    tabs.addTab(QLabel(), "Exceptions and a long title")  # the tab bar's size hint changes
    assert quiet.eventFilter(tabs, request) is False
    window.resize(window.width() + 40, window.height())
    assert quiet.eventFilter(tabs, request) is False
    window.close()


def test_the_filter_stays_quiet_when_its_attributes_are_gone_before_its_window(qtbot):
    window, tabs, quiet = _window(qtbot)
    tabs.widget(0).setFocus()
    quiet.__dict__.clear()  # what the collector does breaking the window's cycle before the window is deleted
    tabs.addTab(QLabel("more"), "Cases")
    QApplication.sendEvent(tabs, QEvent(QEvent.Type.LayoutRequest))
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()  # an exception in the filter fails the test (pytest-qt's event loop check)
