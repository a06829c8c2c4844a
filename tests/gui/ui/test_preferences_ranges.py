"""A number field of Preferences says why a typed key was refused. Qt's spin box drops a key that would take
its value past the maximum: typing 500 into "Give up on a silent camera after" (at most 120 s) gave 50 and
said nothing. Beside the box a hint says "At most 120 s." as soon as the key is refused; the box does not
move when it shows, and the next change of the box hides it."""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ows_desktop.ui.preferences_network import NetworkPage
from ows_desktop.ui.preferences_pages import video_page
from ows_desktop.ui.preferences_rules import RulesPage

pytestmark = OFFSCREEN_NOISE


def hint_of(box) -> QLabel:
    return box.parentWidget().findChild(QLabel, "rangeHint")


def type_over(qtbot, box, text: str) -> None:
    """Focus the box, select what it holds and type, as a person would."""
    box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)


def test_a_digit_past_the_maximum_is_refused_with_its_reason_beside_the_box(qtbot) -> None:
    page = video_page()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    box = page.fields.editors["player/unreachable_timeout_seconds"]
    hint = hint_of(box)
    assert (box.minimum(), box.maximum()) == (1, 120) and not hint.isVisible()
    place = box.geometry()
    type_over(qtbot, box, "50")
    assert box.value() == 50 and not hint.isVisible()  # taken: nothing to say
    qtbot.keyClicks(box, "0")  # 500: past the maximum, the 0 is refused
    assert box.value() == 50
    assert hint.isVisible() and hint.text() == "At most 120 s."
    assert box.geometry() == place  # the hint takes the room after the box: the box stays where it was
    qtbot.keyClick(box, Qt.Key.Key_Backspace)  # the next change of the box: the hint goes
    assert box.value() == 5 and not hint.isVisible()
    type_over(qtbot, box, "x")  # not a number
    assert hint.isVisible() and hint.text() == "A number from 1 s to 120 s."


def test_a_rule_weight_and_the_proxy_port_say_their_limits_too(qtbot) -> None:
    rules = RulesPage()
    qtbot.addWidget(rules)
    rules.show()
    weight = rules.editor("rules/line_void/weight")  # 0 to 100, one decimal
    type_over(qtbot, weight, "1000")
    assert weight.value() == 100 and hint_of(weight).text() == "At most 100."
    type_over(qtbot, weight, "2.55")
    assert weight.value() == 2.5 and hint_of(weight).isVisible()
    assert hint_of(weight).text() == "At most 1 decimal."
    network = NetworkPage(None)
    qtbot.addWidget(network)
    network.show()
    network.mode_buttons["manual"].setChecked(True)
    type_over(qtbot, network.port, "70000")
    assert network.port.value() == 7000 and hint_of(network.port).text() == "At most 65535."
    assert hint_of(network.port).isVisible()
