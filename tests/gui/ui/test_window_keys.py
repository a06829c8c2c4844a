"""The window's Ctrl shortcuts work with the focus in a text field (ui/window_keys.py). On Linux, Qt gives
every field the X11 keys Ctrl+E (end of line) and Ctrl+U (delete the line): typing a search and pressing
Ctrl+E did not open File ▸ Export evidence…, and Ctrl+U (View ▸ Show raw JSON) erased the search. Only
the real X11 platform has those keys (the offscreen one the other tests use does not), so this runs the
window under Xvfb in a child process."""

from __future__ import annotations

import sys

import pytest
from gui_support import run_on_x11

KEYS_SCRIPT = """
import pathlib, sys, tempfile
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gui_support import make_services
from ows_desktop.basics.paths import AppPaths
from ows_desktop.store import open_store
from ows_desktop.ui.main_window import MainWindow
print("X11 KEYS", [k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.MoveToEndOfLine)])
paths = AppPaths.resolve(pathlib.Path(tempfile.mkdtemp()) / "p").ensure()
store = open_store(paths.database)
window = MainWindow(make_services(paths, store))
window.show()
window.activateWindow()
print("ACTIVE", QTest.qWaitForWindowActive(window))
fired = []
for action, name in ((window.export_action, "export"), (window.raw_action, "raw")):
    action.triggered.disconnect()  # the person's key, not the dialog it opens
    action.triggered.connect(lambda *_, name=name: fired.append(name))
field = window.receipts.filter_bar.search
field.setFocus()
QTest.keyClicks(field, "abc")
QTest.keyClick(field, Qt.Key.Key_Home)
QTest.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
QTest.keyClick(field, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
print("FIRED", fired, "TEXT", repr(field.text()), "AT", field.cursorPosition())
QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
print("SELECTED", repr(field.selectedText()))
QTest.keyClick(field, Qt.Key.Key_J)
print("TYPED", repr(field.text()), "FIRED", fired)
window.close()
store.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 keys are Linux's")
def test_ctrl_e_and_ctrl_u_in_the_search_field_do_what_the_menus_say(tmp_path):
    result = run_on_x11(KEYS_SCRIPT, tmp_path)
    out = result.stdout
    assert "X11 KEYS ['End', 'Ctrl+E']" in out and "ACTIVE True" in out, out + result.stderr
    # the shortcuts ran, and the search is untouched (Ctrl+U erased it, Ctrl+E moved the cursor)
    assert "FIRED ['export', 'raw'] TEXT 'abc' AT 0" in out, out + result.stderr
    # the field keeps select all, and plain letters type (J is also "next receipt")
    assert "SELECTED 'abc'" in out and "TYPED 'j' FIRED ['export', 'raw']" in out, out + result.stderr
