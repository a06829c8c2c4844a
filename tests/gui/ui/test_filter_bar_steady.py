"""The filter bar's controls stay where they are when a value changes. A tester set a date range (the bar
took two rows), picked a store (the register and operator pickers, sized to what they listed, narrowed:
the bar fit one row again) and "Clear filters" landed exactly where "Any status" had been: the next click,
meant for the status list, cleared every filter. On Qt's X11 platform (its own Xvfb), at a 1440 and a
1024 pixel wide screen, each control's place is recorded with the tester's filters set, and after each
change of a value no control has moved (a value longer than its picker ends in "…")."""

from __future__ import annotations

import json

import pytest
from gui_support import run_on_x11

STEADY_SCRIPT = """
import json, pathlib, sys, tempfile
from dataclasses import replace
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from ows_desktop.ui.app_shell import make_application
app = make_application(palette="light")
from gui_support import fill_store, make_services
from ows_desktop.basics.paths import AppPaths
from ows_desktop.store import open_store
from ows_desktop.ui.main_window import MainWindow
paths = AppPaths.resolve(pathlib.Path(tempfile.mkdtemp()) / "p").ensure()
store = open_store(paths.database)
fill_store(store)
from review_helpers import tk  # a store, a register and a cashier with long names: wide pickers
store.upsert_tickets([tk("T-LONG-1", location="S999 Riverside Shopping Centre", terminal="S999-R01 Garden",
                         operator="Maria-Fernanda Gonzalez-Rodriguez")])
window = MainWindow(make_services(paths, store))
area = window.screen().availableGeometry()
window.resize(area.width(), area.height())
window.show()
window.start()
QTest.qWaitForWindowExposed(window)
for widget in app.topLevelWidgets():  # the first-run connection dialog
    if isinstance(widget, QDialog) and widget.isVisible():
        widget.reject()
bar = window.receipts.filter_bar
controls = {
    "search": bar.search, **{name: combo for name, combo in bar.pickers.items()}, "time": bar.time_combo,
    "from": bar.date_from, "to": bar.date_to, "min": bar.min_total, "max": bar.max_total,
    "flagged": bar.flagged, "exception": bar.exception_picker, "clear": bar.clear_button,
}

def settle():
    for _ in range(5):
        app.processEvents()

def places():
    settle()
    return {name: QRect(w.mapTo(bar, QPoint(0, 0)), w.size()).getRect() for name, w in controls.items()}

def say(step, **more):
    dates = bar.date_from.isVisible()
    print("STEP", json.dumps({"step": step, "places": places(), "rows": bar.height(), "dates": dates, **more}))

from ows_desktop.ui.filter_rows import SEARCH_LEAST_CHARS
least = bar.search.fontMetrics().averageCharWidth() * SEARCH_LEAST_CHARS
say("any time", bar_width=bar.width(), wrapped=bar.rows.wrapped, search_room=bar.search.width() >= least)
# as the tester did: a date range, then a store
bar.time_combo.setCurrentIndex(bar.time_combo.findData("custom"))
bar.date_from.setDate(QDate(2026, 11, 20))
bar.date_to.setDate(QDate(2026, 11, 21))
say("date range")
status_was = QRect(*places()["status"])
stores = bar.pickers["location"]
stores.setCurrentIndex(1)  # narrows the register and operator pickers to that store's
under = bar.childAt(status_was.center())  # where the next click, meant for the status list, lands
say("store", under=under.objectName() if under is not None else "")
operators = bar.pickers["operator"]
operators.setCurrentIndex(1)
say("operator")
bar.pickers["status"].setCurrentIndex(1)
say("status")
bar.exception_picker.setCurrentIndex(bar.exception_picker.findData("line_void"))  # its chip shows too
say("exception picked", chip=bar.rule_chip.isVisible())
QTest.mouseClick(bar.flagged, Qt.MouseButton.LeftButton)
QTest.keyClicks(bar.min_total, "12")
QTest.keyClick(bar.min_total, Qt.Key.Key_Return)
say("flagged and an amount")
bar.set_state(replace(bar.state(), rules=("refund_unmatched", "void_then_no_sale")))  # from the Exceptions tab
say("exception chip", chip=bar.rule_chip.isVisible())
QTest.mouseClick(bar.rule_chip, Qt.MouseButton.LeftButton)  # the chip takes its filter off
say("chip clicked", chip=bar.rule_chip.isVisible())
bar.time_combo.setCurrentIndex(bar.time_combo.findData("last7"))
say("last 7 days")
QTest.keyClicks(bar.search, "Dairy and eggs from the cooler")
say("search")
QTest.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
say("cleared", clear_enabled=bar.clear_button.isEnabled())
window.close()
store.close()
"""


@pytest.mark.parametrize("screen", ["1920x1080", "1440x900", "1024x768"])
def test_no_filter_control_moves_when_a_value_changes(tmp_path, screen) -> None:
    """At 1920 px the bar is one row; at 1440 px two, where one would leave the search box a third of its
    room; at 1024 px two. "Custom range…" shows the dates on a row of their own under the time picker (their
    room kept beside it left a gap after "Any time"), and nothing else moves."""
    result = run_on_x11(STEADY_SCRIPT, tmp_path, screen=screen)
    steps = [json.loads(line[5:]) for line in result.stdout.splitlines() if line.startswith("STEP ")]
    assert [s["step"] for s in steps][-1:] == ["cleared"], result.stdout + result.stderr
    first, ranged = steps[0], steps[1]  # "Any time"; then a custom range
    assert first["bar_width"] > int(screen.split("x")[0]) - 40  # the window as wide as the screen
    wide = screen == "1920x1080"
    assert first["wrapped"] is not wide
    assert first["search_room"]  # on one row or two, the search box keeps its room
    dates = ("from", "to")
    if wide:  # one row: every control beside every other
        shown = [place for name, place in first["places"].items() if name not in dates]
        assert max(y for _, y, _, _ in shown) < min(y + h for _, y, _, h in shown)
    for step in steps[1:]:
        moved = {n: (first["places"][n], p) for n, p in step["places"].items() if p != first["places"][n]}
        assert {n: m for n, m in moved.items() if n not in dates} == {}, (screen, step["step"], moved)
        if step["dates"]:  # in their place whenever shown
            assert [step["places"][n] for n in dates] == [ranged["places"][n] for n in dates], step["step"]
        if step["dates"]:  # a row more, under the time picker
            assert step["rows"] > first["rows"], step["step"]
            x, y, w, h = ranged["places"]["time"]
            assert ranged["places"]["from"][0] == x
            assert ranged["places"]["from"][1] >= y + h
        else:
            assert step["rows"] == first["rows"], (screen, step["step"])  # not one row more or less
    # "Clear filters" is not where another control was
    clear = ranged["places"]["clear"]
    for name, (x, y, w, h) in ranged["places"].items():
        if name != "clear":
            cx, cy, cw, ch = clear
            assert cx >= x + w or x >= cx + cw or cy >= y + h or y >= cy + ch, (screen, name)
    by_step = {s["step"]: s for s in steps}
    assert by_step["store"]["under"] == "statusFilter"  # the click meant for the status list reaches it
    assert by_step["exception picked"]["chip"]
    assert by_step["exception chip"]["chip"] and not by_step["chip clicked"]["chip"]
    assert not by_step["last 7 days"]["dates"] and not by_step["cleared"]["clear_enabled"]


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
def test_a_picker_keeps_its_width_and_a_long_value_ends_in_an_ellipsis(qtbot) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from ows_desktop.ui.filters import FilterBar

    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.resize(1440, bar.sizeHint().height())
    bar.show()
    operators = bar.pickers["operator"]
    width = operators.sizeHint().width()
    long_name = "Maria-Fernanda Gonzalez-Rodriguez"
    bar.set_by_store("operator", ["Bo Li", long_name], [("S1", "Bo Li"), ("S2", long_name)])
    assert operators.sizeHint().width() == width and not operators.elided()
    operators.setCurrentIndex(operators.findData(long_name))
    assert operators.sizeHint().width() == width and operators.elided()
    assert operators.currentText() == long_name  # what a screen reader reads: the whole name
    QApplication.sendEvent(
        operators, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), operators.mapToGlobal(QPoint(5, 5)))
    )
    shown = QToolTip.text().replace("\xa0", " ")  # rich text of the plain words (a name is not markup)
    assert long_name in shown and "Only tickets rung up by this operator" in shown
    QToolTip.hideText()


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
def test_on_a_short_one_row_bar_the_exception_chip_is_cut_and_says_it_whole_on_hover(qtbot) -> None:
    """The one row gives the exception chip less room where the bar is short (the bar is one row at 1440
    px): the chip shows what it can of the rule's title, and its tooltip says it whole."""
    from dataclasses import replace

    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from ows_desktop.ui.filters import FilterBar

    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.resize(bar.rows.one_row_width() + 60, bar.sizeHint().height())  # a short one row
    bar.show()
    qtbot.waitExposed(bar)
    QApplication.processEvents()  # the layout it posted
    assert bar.rows.wrapped is False
    slot = bar.rule_chip.parentWidget()
    width = slot.width()
    bar.set_state(replace(bar.state(), rules=("refund_unmatched",)))  # "Exception: Refund without a sale  ✕"
    QApplication.processEvents()
    chip = bar.rule_chip
    assert slot.width() == width  # the chip's text does not size its slot
    shown_text = chip.shown_text()  # the rule's title first, "Exception: " given up
    assert shown_text.startswith("Refund w") and shown_text.endswith("…  ✕"), shown_text
    at = QPoint(5, 5)
    QApplication.sendEvent(chip, QHelpEvent(QEvent.Type.ToolTip, at, chip.mapToGlobal(at)))
    shown = QToolTip.text().replace("\xa0", " ")
    assert "Refund without a sale" in shown and "Click to remove this filter" in shown
    QToolTip.hideText()
