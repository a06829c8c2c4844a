"""Edit ▸ Preferences… (Ctrl+,) over the one settings file (#18): driven with keys and clicks, each test
checks what the change does where it is used — the next sync, the window's rule re-run and the CLI, the next
export — not only the stored value; Cancel writes nothing; a wrong value is refused in place with its
reason; Restore Defaults resets the page shown."""

from __future__ import annotations

import json
import threading

import pytest
from cli_support import make_ctx
from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from ows_desktop.basics.credentials import Credentials
from ows_desktop.basics.settings import open_ini_settings
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main as cli_main
from ows_desktop.rules import RuleConfig, RuleRunner
from ows_desktop.store import TicketQuery
from ows_desktop.ui.export_dialog import ExportDialog
from ows_desktop.ui.preferences import PreferencesDialog
from ows_desktop.ui.preferences_link import apply_theme
from ows_desktop.ui.services import Connection
from ows_desktop.ui.theme import is_dark

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot, paths, filled_store):
    w = offline_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: w.receipts.total() is not None)
    return w


def open_preferences(qtbot, window) -> PreferencesDialog:
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preferences.dialog is not None and window.preferences.dialog.isVisible())
    return window.preferences.dialog


def go_to_page(qtbot, dialog: PreferencesDialog, title: str) -> QWidget:
    """Click the page's entry in the list on the left."""
    pages = dialog.page_list
    row = list(dialog.pages).index(title)
    rect = pages.visualItemRect(pages.item(row))
    qtbot.mouseClick(pages.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.current_page() is dialog.pages[title]
    return dialog.pages[title]


def type_into(qtbot, editor: QWidget, text: str) -> None:
    """Focus the editor, select what it holds and type over it, as a person would."""
    editor.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)


def press_ok(qtbot, dialog: PreferencesDialog) -> None:
    qtbot.mouseClick(dialog.button_box.button(dialog.button_box.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_ctrl_comma_opens_the_pages_and_cancel_leaves_the_settings_file_untouched(qtbot, window, paths):
    window._services.settings.set("sync/workers", 3)
    before = paths.settings_file.read_bytes()
    dialog = open_preferences(qtbot, window)
    assert [dialog.page_list.item(i).text() for i in range(dialog.page_list.count())] == [
        "Sync", "Video", "Rules", "Display", "Evidence", "Network"
    ]  # fmt: skip
    sync = dialog.pages["Sync"]
    workers = sync.fields.editors["sync/workers"]
    assert workers.value() == 3  # shows what the file holds
    type_into(qtbot, workers, "9")
    go_to_page(qtbot, dialog, "Rules").editor("rules/line_void/enabled").click()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.preferences.dialog is None or not window.preferences.dialog.isVisible())
    assert paths.settings_file.read_bytes() == before
    assert window._services.settings.get("sync/workers") == 3
    assert "line_void" in window._services.rule_config().enabled


def test_the_sync_page_reaches_the_next_sync_of_the_window_and_the_cli(qtbot, window, paths, monkeypatch):
    import ows_desktop.tasks.process_sync as process_sync

    started = []
    monkeypatch.setattr(
        process_sync,
        "process_engine_factory",
        lambda config, _creds, _password=None: lambda *_args: started.append(config),
    )
    dialog = open_preferences(qtbot, window)
    sync = dialog.pages["Sync"].fields.editors
    type_into(qtbot, sync["sync/workers"], "2")
    type_into(qtbot, sync["sync/overlap_minutes"], "15")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    # what the window does when a sync starts
    factory = window._services.engine_factory(Connection("http://127.0.0.1:9", Credentials("k", "s")))
    factory(threading.Event(), None, None, None)  # as the sync thread does
    assert (started[0].settings.workers, started[0].settings.overlap_minutes) == (2, 15)
    from ows_desktop.sync.compose import SyncSettings

    cli = SyncSettings.from_settings(open_ini_settings(paths.settings_file))  # the CLI's sync reads this
    assert (cli.workers, cli.overlap_minutes) == (2, 15)


def test_a_rule_switched_off_is_off_for_the_window_rerun_and_the_cli(qtbot, window, paths):
    store = window._services.store
    RuleRunner(RuleConfig()).run_all(store)
    with store.reader() as reader:
        assert reader.count(TicketQuery(exceptions=("line_void",))) > 0
    dialog = open_preferences(qtbot, window)
    rules = go_to_page(qtbot, dialog, "Rules")
    box = rules.editor("rules/line_void/enabled")
    assert isinstance(box, QCheckBox) and box.text() == "Run “Line void”" and box.isChecked()
    box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()
    press_ok(qtbot, dialog)
    # the Exceptions view says the stored results are out of date, and its re-run honours the switch
    window.tabs.setCurrentWidget(window.exceptions)
    qtbot.waitUntil(
        lambda: "Rule settings changed since the rules last ran" in window.exceptions.status.text()
    )
    with qtbot.waitSignal(window.rules.rulesRan, timeout=30_000):
        window.rules.run_rules()
    with store.reader() as reader:
        assert reader.count(TicketQuery(exceptions=("line_void",))) == 0
        assert reader.count(TicketQuery(exceptions=("ticket_void",))) > 0
    ctx: CliContext = make_ctx(paths.data_dir / "cli")
    ctx.paths = paths
    assert cli_main(["rules", "--list", "--json"], ctx) == 0
    listed = {rule["id"]: rule["enabled"] for rule in json.loads(ctx.stdout.getvalue())}
    assert listed["line_void"] is False and listed["ticket_void"] is True


def test_a_wrong_value_is_refused_in_place_with_its_reason_and_nothing_is_written(qtbot, window, paths):
    before = paths.settings_file.read_bytes()
    dialog = open_preferences(qtbot, window)
    rules = go_to_page(qtbot, dialog, "Rules")
    hours = rules.editor("rules/outside_hours/hours")
    assert isinstance(hours, QLineEdit)
    type_into(qtbot, hours, "25:00-7")
    go_to_page(qtbot, dialog, "Sync")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()  # refused: the dialog stays, on the page of the wrong value
    assert dialog.current_page() is rules
    assert rules.problem_label.isVisible()
    assert rules.problem_label.text().startswith("Default opening hours: ")
    assert "out of range (00:00 to 24:00)" in rules.problem_label.text()
    assert dialog.focusWidget() is hours
    # a screen reader, landing on the field, says why: the reason comes first in its description
    assert hours.accessibleDescription().startswith(rules.problem_label.text())
    assert paths.settings_file.read_bytes() == before
    type_into(qtbot, hours, "06:30-21:00")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    config = window._services.rule_config()
    assert config.params["outside_hours"]["hours"] == "06:30-21:00"
    assert config.sql_params()["outside_hours"]["open_min"] == 6 * 60 + 30  # what the next run uses


def test_restore_defaults_resets_the_page_shown_only(qtbot, window):
    settings = window._services.settings
    settings.set("player/preroll_seconds", 42)
    settings.set("sync/workers", 7)
    dialog = open_preferences(qtbot, window)
    video = go_to_page(qtbot, dialog, "Video")
    assert video.fields.editors["player/preroll_seconds"].value() == 42
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert video.fields.editors["player/preroll_seconds"].value() == 10
    assert dialog.pages["Sync"].fields.editors["sync/workers"].value() == 7  # another page: untouched
    assert settings.get("player/preroll_seconds") == 42  # nothing written before OK
    press_ok(qtbot, dialog)
    assert settings.get("player/preroll_seconds") == 10
    assert settings.get("sync/workers") == 7


def test_the_theme_applies_at_once(qtbot, window):
    app = QApplication.instance()
    try:
        dialog = open_preferences(qtbot, window)
        display = go_to_page(qtbot, dialog, "Display")
        combo = display.fields.editors["display/theme"]
        assert isinstance(combo, QComboBox)
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_End)  # the last choice: High contrast, then one up: Dark
        qtbot.keyClick(combo, Qt.Key.Key_Up)
        assert combo.currentText() == "Dark"
        press_ok(qtbot, dialog)
        assert is_dark(app.palette())
        dialog = open_preferences(qtbot, window)
        combo = go_to_page(qtbot, dialog, "Display").fields.editors["display/theme"]
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Up)  # Light
        press_ok(qtbot, dialog)
        assert not is_dark(app.palette())
    finally:
        apply_theme("system")


def _contrast(a, b) -> float:
    def lum(c) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_high_contrast_turns_the_window_white_on_black_at_once(qtbot, window):
    """Display ▸ Theme ▸ High contrast: every text role at least 7:1 against its background (WCAG AAA), and the
    table the person reads is painted black with white text at once, without a restart."""
    from PySide6.QtGui import QPalette

    app = QApplication.instance()
    try:
        dialog = open_preferences(qtbot, window)
        combo = go_to_page(qtbot, dialog, "Display").fields.editors["display/theme"]
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_End)
        assert combo.currentText() == "High contrast"
        press_ok(qtbot, dialog)
        palette = app.palette()
        role = QPalette.ColorRole
        for text, background in (
            (role.Text, role.Base),
            (role.WindowText, role.Window),
            (role.ButtonText, role.Button),
            (role.HighlightedText, role.Highlight),
            (role.ToolTipText, role.ToolTipBase),
        ):
            assert _contrast(palette.color(text), palette.color(background)) >= 7, (text, background)
        disabled = palette.color(QPalette.ColorGroup.Disabled, role.WindowText)
        assert _contrast(disabled, palette.color(role.Window)) >= 4.5  # greyed out, still readable
        viewport = window.receipts.table.viewport()
        qtbot.waitUntil(lambda: _mostly_dark(viewport.grab().toImage()))  # what the person sees: black rows
        assert window._services.settings.get("display/theme") == "high_contrast"
        box = window.receipts.filter_bar.flagged  # Fusion's own frame is black on black: the box must show
        indicator = box.grab().toImage().copy(0, 0, box.height(), box.height())
        middle = indicator.height() // 2  # the box's outline crosses its middle row in white
        assert any(indicator.pixelColor(x, middle).lightness() > 200 for x in range(indicator.width()))
    finally:
        apply_theme("system")


def test_follow_the_system_takes_its_high_contrast_setting(qtbot, window, monkeypatch):
    from ows_desktop.ui import preferences_link

    app = QApplication.instance()
    try:
        monkeypatch.setattr(preferences_link, "system_wants_high_contrast", lambda: True)
        apply_theme("system")
        assert app.palette().color(app.palette().ColorRole.Window).name() == "#000000"
        monkeypatch.setattr(preferences_link, "system_wants_high_contrast", lambda: False)
        apply_theme("system")
        assert app.palette().color(app.palette().ColorRole.Window).name() != "#000000"  # the platform's again
    finally:
        apply_theme("system")


def _mostly_dark(image) -> bool:
    """At least 80 % of a sample grid of ``image`` is near-black (rows in #000000 / #1c1c1c, white text)."""
    samples = [
        image.pixelColor(x, y).lightness()
        for x in range(2, image.width(), max(1, image.width() // 20))
        for y in range(2, image.height(), max(1, image.height() // 20))
    ]
    return sum(1 for lightness in samples if lightness < 48) >= 0.8 * len(samples)


def test_the_evidence_page_shapes_the_next_export(qtbot, window, tmp_path):
    base = tmp_path / "evidence"
    base.mkdir()
    dialog = open_preferences(qtbot, window)
    evidence = go_to_page(qtbot, dialog, "Evidence").fields.editors
    type_into(qtbot, evidence["export/folder"], str(base))
    evidence["export/format"].setFocus()
    qtbot.keyClick(evidence["export/format"], Qt.Key.Key_End)  # JSON
    include = evidence["export/include_snapshots"]
    assert include.isChecked()
    include.setFocus()
    qtbot.keyClick(include, Qt.Key.Key_Space)
    press_ok(qtbot, dialog)

    seen = {}

    def in_dialog():
        export = QApplication.activeModalWidget()
        if not isinstance(export, ExportDialog):
            QTimer.singleShot(20, in_dialog)
            return
        seen["format"], seen["folder"] = export.fmt(), export.folder()
        export.buttons_by_kind["filter"].setChecked(True)
        export.accept()

    QTimer.singleShot(0, in_dialog)
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as done:
        window.export_action.trigger()
    assert seen["format"] == "json"
    assert seen["folder"].parent == base and seen["folder"].name.startswith("evidence-")
    folder = seen["folder"]
    assert done.args == [str(folder)]
    assert (folder / "tickets.json").exists()
    custody = json.loads((folder / "export.json").read_text(encoding="utf-8"))
    assert custody["snapshots"] == [] and custody["snapshot_failures"] == []  # no camera asked at all


@pytest.mark.parametrize("bad", ["/no/such/folder"])
def test_a_missing_export_folder_is_refused_with_a_plain_reason(qtbot, window, bad):
    dialog = open_preferences(qtbot, window)
    page = go_to_page(qtbot, dialog, "Evidence")
    type_into(qtbot, page.fields.editors["export/folder"], bad)
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert page.problem_label.text() == (
        f"Default export folder: {bad} is not an existing folder; choose one with Choose…, or leave it empty."
    )
    assert window._services.settings.get("export/folder") == ""


def test_every_spin_box_and_field_of_the_dialog_has_a_label_buddy(qtbot, window):
    dialog = open_preferences(qtbot, window)
    for editor in dialog.findChildren(QWidget):
        if isinstance(editor, (QSpinBox, QLineEdit, QComboBox)) and editor.objectName().startswith("pref:"):
            assert editor.accessibleName(), editor.objectName()
    dialog.reject()


def test_a_change_that_needs_a_restart_says_so(qtbot, window):
    """The language applies at the next start: after OK the window says so (the theme, applied at once, does
    not need to)."""
    dialog = open_preferences(qtbot, window)
    display = go_to_page(qtbot, dialog, "Display")
    language = display.fields.editors["display/language"]
    language.setCurrentIndex(language.findData("fr"))
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert window._services.settings.get("display/language") == "fr"
    assert "next time OWS Desktop starts" in window.statusBar().currentMessage()
    assert window.menuBar().actions()[0].text() == "&File"  # not before the next start

    window.statusBar().clearMessage()
    dialog = open_preferences(qtbot, window)
    theme = go_to_page(qtbot, dialog, "Display").fields.editors["display/theme"]
    theme.setCurrentIndex(theme.findData("dark"))
    press_ok(qtbot, dialog)
    assert window.statusBar().currentMessage() == ""
    apply_theme("system")


def test_a_wrong_proxy_is_refused_on_its_field_with_the_reason_said_there(qtbot, window, paths):
    before = paths.settings_file.read_bytes()
    dialog = open_preferences(qtbot, window)
    network = go_to_page(qtbot, dialog, "Network")
    description = network.host.accessibleDescription()
    network.mode_buttons["manual"].setFocus()
    qtbot.keyClick(network.mode_buttons["manual"], Qt.Key.Key_Space)
    go_to_page(qtbot, dialog, "Sync")
    press_ok(qtbot, dialog)  # manual, with no host
    assert dialog.isVisible() and dialog.current_page() is network
    reason = network.problem_label.text()
    assert reason.startswith("Enter the proxy's host name")
    assert dialog.focusWidget() is network.host
    assert network.host.accessibleDescription() == f"{reason} {description}"
    assert paths.settings_file.read_bytes() == before
    type_into(qtbot, network.host, "proxy.example.test")
    assert network.problem() is None and not network.problem_label.isVisible()
    assert network.host.accessibleDescription() == description  # its own again
    qtbot.keyClick(network.host, Qt.Key.Key_Return)  # OK
    assert not dialog.isVisible()
    assert window._services.settings.get("network/proxy_host") == "proxy.example.test"


def test_every_number_field_allows_exactly_the_range_the_settings_file_is_read_with(qtbot, window):
    """One table of ranges (basics.settings.RANGES): Preferences offers no number the file would not be read
    with, and the file holds none Preferences would not offer (tests/core/basics/test_settings_ini.py)."""
    from ows_desktop.basics.settings import RANGES

    dialog = open_preferences(qtbot, window)
    spins = {
        key: (editor.minimum(), editor.maximum())
        for page in dialog.pages.values()
        for key, editor in getattr(getattr(page, "fields", None), "editors", {}).items()
        if isinstance(editor, QSpinBox)
    }
    assert spins == RANGES
    # typed past its range a box keeps what fits (99999 → 99): the range is said where the help is
    video = dialog.pages["Video"].fields.editors
    assert video["player/preroll_seconds"].toolTip().endswith("\nFrom 0 s to 600 s.")
    assert video["player/preroll_seconds"].accessibleDescription().endswith("From 0 s to 600 s.")
    dialog.reject()
