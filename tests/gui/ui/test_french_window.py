"""The window in French, state by state, shows no English: no text that is (or holds 3+ words of) an English
source whose French translation says otherwise — core sentences (rule titles and descriptions, audit lines,
peer figures, network/TLS/key errors, libVLC hints) as much as the widgets' own strings.
tests/gui/ui/french_texts.py reads the English out of the .ts and the texts out of the widgets."""

from __future__ import annotations

import ssl
from dataclasses import replace
from typing import Any

import pytest
from french_texts import english_in, english_sentences, shown_texts
from gui_support import KEY, OFFSCREEN_NOISE, SECRET, make_services, open_window

from ows_desktop.store import TicketQuery

pytestmark = OFFSCREEN_NOISE


@pytest.fixture(scope="module")
def english() -> Any:
    return english_sentences()


def test_the_english_finder_finds_english(english: Any) -> None:
    """The check itself: an English core sentence and rule title are caught, their French is not."""
    from ows_desktop.rules.peers import METHOD_TEXT

    found = english_in(["Line void", f"Méthode : {METHOD_TEXT}", "Ligne annulée", "3 tickets"], english)
    assert len(found) == 2
    assert found[0] == "'Line void' (a source text)"
    assert "holds 'Compared with store peers in the same hours" in found[1]


def _flag_with_history(store: Any) -> str:
    """A ticket with an exception, flagged for a built-in reason, then confirmed with a note."""
    with store.reader() as reader:
        rows = reader.page(TicketQuery(exceptions=("line_void",)), 1)[0]
    key = rows[0].key
    store.review.flag_ticket(key, reason="Void abuse", who="jane")
    store.review.flag_ticket(key, state="confirmed", note="vu sur la vidéo", who="jane")
    row = rows[0]  # and a case against its operator, holding it
    store.cases.new_case("Écarts de caisse", operator=row.operator, location=row.location, tickets=[key])
    return key


def test_the_window_in_french_shows_no_english(
    qtbot: Any, french: Any, paths: Any, filled_store: Any, english: Any
) -> None:
    from ows_desktop.rules import RuleConfig
    from ows_desktop.rules.runner import RuleRunner

    RuleRunner(RuleConfig()).run_all(filled_store)  # the Exceptions tab ranks what the rules found
    key = _flag_with_history(filled_store)
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0, timeout=10_000)
    assert window.receipts.select_key(key)
    browser = window.receipts.receipt.browser
    qtbot.waitUntil(lambda: "jane" in browser.toPlainText(), timeout=5000)  # the receipt with its history
    seen = shown_texts(window)
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        qtbot.wait(50)
        seen += shown_texts(window.tabs.currentWidget())
    assert any(text.startswith("opérateur ") for text in seen)  # the case's subject, in the Cases tab
    found = english_in(seen, english)
    assert found == [], "\n".join(found)


def test_french_banners_say_the_core_errors_in_french(
    qtbot: Any, french: Any, paths: Any, store: Any, english: Any
) -> None:
    """The banner of a sync against a closed port (the window's real path), then of the core's TLS and
    refused-key errors: all in French, the server's own words kept as they came."""
    from ows_desktop.basics.credentials import Credentials
    from ows_desktop.ows.auth import refused_key_message
    from ows_desktop.ows.tls import certificate_message, certificate_problem
    from ows_desktop.ui.errors import sync_failure

    services = make_services(paths, store)
    services.settings.set("connection/base_url", "http://127.0.0.1:9")  # nothing listens there
    services.credentials.set("http://127.0.0.1:9", Credentials(KEY, SECRET))
    services.settings.set("sync/workers", 1)
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection() is not None, timeout=10_000)
    with qtbot.waitSignal(window.syncFinished, timeout=60_000):
        window.start_sync()
    assert window.banner.title_text() == "OWS est injoignable."
    seen = [window.banner.title_text(), window.banner.detail_text()]

    untrusted = ssl.SSLCertVerificationError("certificate verify failed")
    untrusted.verify_code = 20  # unable to get local issuer certificate: a TLS-inspecting proxy
    problem = certificate_problem(untrusted)
    assert problem is not None
    refused, _disabled = refused_key_message(401, "Invalid API key")
    for message, code in ((certificate_message("ows.example.com", problem), 4), (refused, 3)):
        window.banner.show_message(sync_failure(message, code))
        seen += [window.banner.title_text(), window.banner.detail_text()]
    assert "« Invalid API key »" in seen[-1]  # the server's words, as they came
    found = english_in(seen, english)
    assert found == [], "\n".join(found)


def test_french_preferences_show_the_rules_in_french(
    qtbot: Any, french: Any, paths: Any, english: Any
) -> None:
    from ows_desktop.basics.settings import open_ini_settings
    from ows_desktop.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(open_ini_settings(paths.settings_file))
    qtbot.addWidget(dialog)
    dialog.show()
    seen = []
    for name in list(dialog.pages):
        dialog.show_page(name)
        seen += shown_texts(dialog)
    assert "Ligne annulée" in seen  # a rule's title
    rules = dialog.pages["Règles"]
    rules.editor("rules/outside_hours/hours").setText("25h")  # refused in place, with the reason
    problem = rules.problem()
    assert problem is not None and "illisibles" in problem
    found = english_in([*seen, problem], english)
    assert found == [], "\n".join(found)


def test_french_video_pane_says_why_there_is_no_video(
    qtbot: Any, french: Any, paths: Any, filled_store: Any, english: Any
) -> None:
    """No camera mapped, then a mapped camera with libVLC missing: the hint (a core sentence) in French."""
    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.player.fake import FakeMediaBackend
    from ows_desktop.player.libvlc import _NOT_FOUND, install_hint
    from ows_desktop.store.cameras import CameraRepository

    missing = _NOT_FOUND.format(detail="libvlc.so.5", hint=install_hint("linux"))
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    backend = FakeMediaBackend(available=False, message=missing)
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=backend)
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0)
    window.receipts.select_row(0)
    pane = window.video
    qtbot.waitUntil(lambda: pane.message_title.text() == "Aucune caméra associée à cette caisse")
    seen = shown_texts(pane)
    row = window.receipts.model.ticket_row(1)
    camera = cameras.add_camera("Caisse 1", "http://nvr.local/live/1")
    cameras.add_to_terminal(row.location, row.terminal, camera.id)
    window.receipts.select_row(1)
    qtbot.waitUntil(lambda: pane.message_title.text() == "libVLC introuvable")
    seen += shown_texts(pane)
    assert "Installez libVLC et ses modules" in pane.message_detail.text()
    found = english_in(seen, english)
    assert found == [], "\n".join(found)


def test_french_team_store_scope_and_refusal(
    qtbot: Any, french: Any, paths: Any, filled_store: Any, english: Any
) -> None:
    """On a team store: the role and its stores in the status bar, and why an export is refused."""
    from ows_desktop.store.scope import Scope

    services = make_services(paths, filled_store)
    services.scope = Scope("manager", ("S012", "S027"), False, "mgr_ana")
    window = open_window(qtbot, services)
    assert window.scope_label.text() == "Responsable de magasin · 2 magasins"
    seen = [window.scope_label.text(), window.scope_label.toolTip(), window.export_action.toolTip()]
    assert "mgr_ana" in seen[-1]
    found = english_in(seen, english)
    assert found == [], "\n".join(found)


def test_every_french_status_chip_fits_its_column(
    qtbot: Any, french: Any, paths: Any, filled_store: Any
) -> None:
    """ "P  Décaissement" and the other status chips are drawn whole in the Status column, never cut off at
    its edge (the column was sized for the English words)."""
    from PySide6.QtGui import QFontMetrics

    from ows_desktop.itemmodels.ticket_columns import COL_STATUS, STATUS_WORDS, status_label
    from ows_desktop.ui.delegates import _PAD_X, chip_font, chip_width
    from ows_desktop.ui.theme import Chip

    window = open_window(qtbot, make_services(paths, filled_store))
    window.resize(1440, 900)  # narrower, the chips give up their words for their letters (test_narrow_cells)
    table = window.receipts.table
    qtbot.waitUntil(lambda: table.viewport().width() > 800)
    room = table.columnWidth(COL_STATUS) - 2 * _PAD_X  # what StatusDelegate.paint gives a chip
    fm = QFontMetrics(chip_font(table.font()))
    labels = [status_label(status) for status in STATUS_WORDS]
    assert "Décaissement" in labels
    cut = [label for label in labels if chip_width(fm, Chip("W", label, "#000000"), True) > room]
    assert cut == []


def test_every_column_fits_in_french_at_1440_pixels(
    qtbot: Any, french: Any, paths: Any, filled_store: Any
) -> None:
    """With the wider French statuses and headers the table still shows all eight columns whole at 1440×900:
    the receipt side gives up the room (the last column, Exceptions, was behind the horizontal scroll bar)."""
    window = open_window(qtbot, make_services(paths, filled_store))
    window.resize(1440, 900)
    table = window.receipts.table
    columns = range(table.horizontalHeader().count())
    qtbot.waitUntil(lambda: sum(table.columnWidth(c) for c in columns) <= table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0


def test_the_about_box_speaks_french(qtbot: Any, french: Any, paths: Any, store: Any) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    window = open_window(qtbot, make_services(paths, store), start=False)
    seen: list[str] = []

    def read() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read)
            return
        seen.append(f"{box.windowTitle()} {box.text()}")
        box.close()

    QTimer.singleShot(0, read)
    window.about()
    assert "prévention des pertes" in seen[0] and "Loss-prevention" not in seen[0], seen
    assert seen[0].startswith("À propos d’OWS Desktop")


def test_the_french_export_dialog_says_each_choice_in_french(
    qtbot: Any, french: Any, paths: Any, filled_store: Any, english: Any
) -> None:
    """The tester: Ctrl+E in French with one receipt selected read "1 ticket : selection" (the kind's word was
    an English constant the .ts never held). Every choice's summary, and the dialog's every text, in French."""
    from ows_desktop.rules import RuleConfig
    from ows_desktop.rules.runner import RuleRunner

    RuleRunner(RuleConfig()).run_all(filled_store)
    key = _flag_with_history(filled_store)
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0, timeout=10_000)
    assert window.receipts.select_key(key)
    dialog = window.export.dialog()
    qtbot.addWidget(dialog)
    total = window.receipts.model.rowCount()
    summaries, seen = {}, []
    for kind, button in dialog.buttons_by_kind.items():
        button.setChecked(True)
        summaries[kind] = dialog.summary.text()
        seen += shown_texts(dialog)
    assert summaries["selection"] == "1 ticket : sélection"
    assert summaries["flagged"] == "1 ticket : signalé"
    assert summaries["filter"].endswith(" tickets : filtre actuel") and total > 1
    case = window.export.case_dialog("1", "Dossier 1", 2)
    qtbot.addWidget(case)
    assert case.summary.text() == "2 tickets : tickets du dossier"
    seen += shown_texts(case)
    found = english_in(seen, english)
    assert found == [], "\n".join(found)
