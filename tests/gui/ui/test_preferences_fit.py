"""Preferences in English and in French (#18: "nothing left in English, nothing clipped"): the Rules page's
long threshold labels never push its editors past the dialog's edge (no horizontal scroll bar), and the
Network page's proxy choices are in French, each with its own Alt+letter and a description saying what it
means (where "the system's" proxy comes from)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from ows_desktop.basics.settings import AppSettings, DictSettingsBackend
from ows_desktop.ui.preferences import PreferencesDialog

pytestmark = OFFSCREEN_NOISE


@pytest.fixture(params=["en_US", "fr_FR"])
def language(request: Any, qapp: Any) -> Any:
    from ows_desktop.ui.translation import install_translation

    installed = install_translation(request.param)
    yield request.param
    installed.remove()


def open_dialog(qtbot: Any) -> PreferencesDialog:
    dialog = PreferencesDialog(AppSettings(DictSettingsBackend()))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_rules_page_fits_its_width(qtbot: Any, language: str) -> None:
    dialog = open_dialog(qtbot)
    dialog.page_list.setCurrentRow(2)
    page = dialog.current_page()
    assert page is dialog.pages[list(dialog.pages)[2]] and page.objectName() == "preferencesRules"
    qtbot.waitUntil(lambda: page.scroll.widget().width() > 0)
    viewport = page.scroll.viewport()
    assert page.scroll.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways to
    for editors in page.editors:
        for editor in editors.editors.values():
            right = editor.mapTo(viewport, QPoint(editor.width(), 0)).x()
            assert right <= viewport.width(), f"{editor.accessibleName()} ends past the edge ({language})"
    for label in page.scroll.widget().findChildren(QLabel):
        assert label.mapTo(viewport, QPoint(label.width(), 0)).x() <= viewport.width(), label.text()


def mnemonic(widget: QWidget) -> str:
    found = re.search(r"&(\w)", widget.text() if isinstance(widget, QAbstractButton | QLabel) else "")
    return found.group(1).lower() if found else ""


def test_the_proxy_choices_are_in_french_each_with_its_own_key(qtbot: Any) -> None:
    from ows_desktop.ui.translation import install_translation

    french = install_translation("fr_FR")
    try:
        dialog = open_dialog(qtbot)
        page = dialog.pages["Réseau"]
        texts = [button.text() for button in page.mode_buttons.values()]
        assert texts == ["&Aucun proxy", "Utiliser les réglages de proxy du &système", "Proxy ma&nuel :"]
        keys = [mnemonic(w) for w in [*page.mode_buttons.values(), *page.findChildren(QLabel)] if mnemonic(w)]
        assert len(keys) == len(set(keys)), keys  # Alt+letter reaches one control each
        system = page.mode_buttons["system"].accessibleDescription()
        assert "HTTPS_PROXY" in system and system.startswith("Le proxy que cet ordinateur")
        assert all(button.accessibleDescription() for button in page.mode_buttons.values())
    finally:
        french.remove()
