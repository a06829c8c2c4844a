"""Preferences (#18): a number where 0 means off reads "Off" — to the eye and to a screen reader — not "0 min":
the sync schedule, the re-read of late tickets, and a rule's weight ("Not counted"). In French too, with the
rules' day counts in French."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from ows_desktop.basics.settings import AppSettings, DictSettingsBackend
from ows_desktop.ui.preferences import PreferencesDialog

pytestmark = OFFSCREEN_NOISE


def shown(spin: Any) -> str:
    """What the spin box's field shows (and what assistive technology reads as its value)."""
    return spin.findChild(QLineEdit).displayText()


@pytest.fixture
def settings() -> AppSettings:
    return AppSettings(DictSettingsBackend({"rules/void_then_no_sale/weight": 0.0}))


def test_a_zero_schedule_reads_off_and_is_saved_as_zero(qtbot: Any, settings: AppSettings) -> None:
    settings.set("sync/overlap_minutes", 0)
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    every = dialog.pages["Sync"].fields.editors["sync/every_minutes"]
    assert every.value() == 0 and shown(every) == "Off"
    assert shown(dialog.pages["Sync"].fields.editors["sync/overlap_minutes"]) == "Off"
    every.setFocus()
    qtbot.keyClick(every, Qt.Key.Key_Up)
    assert shown(every) == "1 min"
    qtbot.keyClick(every, Qt.Key.Key_Down)
    assert shown(every) == "Off"
    assert shown(dialog.pages["Sync"].fields.editors["sync/workers"]) == "4"  # 0 is not "off" everywhere
    weight = dialog.pages["Rules"].editor("rules/void_then_no_sale/weight")
    assert shown(weight) == "Not counted"
    dialog.accept()
    assert settings.get("sync/every_minutes") == 0


def test_off_and_the_rules_units_are_french_in_french(qtbot: Any, settings: AppSettings) -> None:
    from ows_desktop.ui.translation import install_translation

    french = install_translation("fr_FR")
    try:
        dialog = PreferencesDialog(settings)
        qtbot.addWidget(dialog)
        sync, rules = dialog.pages["Synchronisation"], dialog.pages["Règles"]  # the pages' titles, in French
        assert shown(sync.fields.editors["sync/every_minutes"]) == "Désactivé"
        assert shown(rules.editor("rules/void_then_no_sale/weight")) == "Non compté"
        days = rules.editor("rules/refund_unmatched/days")
        assert shown(days) == "30 jours"
    finally:
        french.remove()


def test_a_wheel_turned_over_a_field_to_scroll_the_page_changes_nothing(qtbot: Any) -> None:
    """Scrolling the Rules page with the wheel changed the weight under the pointer (1.0 → "Not counted")."""
    from gui_support import turn_wheel

    settings = AppSettings(DictSettingsBackend({}))
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pages["Rules"].setFocus()  # somewhere else on the page
    weight = dialog.pages["Rules"].editor("rules/void_then_no_sale/weight")
    before = weight.value()
    turn_wheel(weight, notches=-3)
    assert weight.value() == before
    dialog.accept()
    assert settings.get("rules/void_then_no_sale/weight") in (None, before)
