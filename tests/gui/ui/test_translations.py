"""The window's French translation: complete, current with the code, compiled, and shown by the window
(menus, tabs, table headers) once the translator is installed. packaging/translations.py makes the files."""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "packaging"))
import translations as workflow  # noqa: E402  (packaging/translations.py: the documented lupdate/lrelease step)

FRENCH_TS = ROOT / "resources" / "translations" / "ows_desktop_fr.ts"
ENGLISH_PLURALS_TS = ROOT / "resources" / "translations" / "ows_desktop_en.ts"
FIELD = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()  # noqa: S314 (our own .ts file)
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def forms(translation: ET.Element | None) -> list[str]:
    """The translated text, or each plural form of a "%n" message (numerusform)."""
    if translation is None:
        return [""]
    plural = [form.text or "" for form in translation.iter("numerusform")]
    return plural or [translation.text or ""]


def unfinished(ts: Path) -> list[str]:
    """Every message without a finished, non-empty translation ("context: source")."""
    return [
        f"{context}: {source}"
        for context, source, translation in messages(ts)
        if translation is None
        or translation.get("type") in ("unfinished", "vanished")
        or not all(forms(translation))
    ]


def test_the_french_translation_is_complete() -> None:
    assert len(messages(FRENCH_TS)) > 500
    assert unfinished(FRENCH_TS) == []


def test_french_translations_keep_the_fields_and_one_accelerator() -> None:
    """A translation that drops or renames a {field} would raise KeyError in .format(); a menu entry keeps
    exactly one & (its keyboard accelerator)."""
    wrong = []
    for context, source, translation in messages(FRENCH_TS) + messages(ENGLISH_PLURALS_TS):
        for text in forms(translation):
            if sorted(FIELD.findall(source)) != sorted(FIELD.findall(text)):
                wrong.append(f"{context}: {source!r} -> {text!r}")
            if "%n" in source.replace("%Ln", "%n") and "%n" not in text.replace("%Ln", "%n"):
                wrong.append(f"{context}: the count of {source!r} -> {text!r}")
            if "&" in source and "&" not in source.replace("&", "", 1) and text.count("&") != 1:
                wrong.append(f"{context}: accelerator of {source!r} -> {text!r}")
    assert wrong == []


def test_the_ts_file_holds_every_string_of_the_code(tmp_path: Path) -> None:
    """lupdate over the code into a copy of the .ts: a string the code has and the .ts lacks comes back
    unfinished. Run ``python packaging/translations.py`` and translate it."""
    copy = tmp_path / FRENCH_TS.name
    shutil.copy(FRENCH_TS, copy)
    workflow.lupdate([copy])
    assert unfinished(copy) == []
    assert len(messages(copy)) == len(messages(FRENCH_TS)), "the .ts holds strings the code no longer has"


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    copy = tmp_path / FRENCH_TS.name
    shutil.copy(FRENCH_TS, copy)
    workflow.lrelease([copy])
    assert copy.with_suffix(".qm").read_bytes() == FRENCH_TS.with_suffix(".qm").read_bytes()


def test_the_core_vocabulary_shown_in_the_window_is_translatable() -> None:
    from ows_desktop.basics.messages import Phrase
    from ows_desktop.itemmodels.core_labels import WORDS
    from ows_desktop.rules.definitions import RULES
    from ows_desktop.store.cases import STATUS_LABELS
    from ows_desktop.store.review import REASONS, STATE_LABELS

    core = {*STATE_LABELS.values(), *REASONS, *STATUS_LABELS.values()}
    assert core - set(WORDS) == set()
    # the rules mark their own words (basics.messages): lupdate extracts them from rules/definitions.py
    texts = [
        text
        for rule in RULES
        for text in (rule.title, rule.description, *(p.description for p in rule.params))
    ]
    assert [text for text in texts if not isinstance(text, Phrase)] == []


def test_lupdate_missing_is_said_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workflow.shutil, "which", lambda name: None)
    monkeypatch.setattr(workflow.sys, "executable", "/nonexistent/python")
    with pytest.raises(SystemExit, match="pyside6-lupdate not found"):
        workflow.tool("pyside6-lupdate")


# -- the window in French ------------------------------------------------------------------------------------


def test_french_is_found_in_the_source_tree_and_english_needs_no_file(qapp: Any) -> None:
    from PySide6.QtCore import QLocale

    from ows_desktop.ui.translation import available_languages, install_translation, translations_dir

    assert translations_dir() == ROOT / "resources" / "translations"
    assert available_languages() == ["en", "fr"]
    before = QLocale().name()
    english = install_translation("en_US")
    try:
        assert not english.translated
        assert QLocale().name() == "en_US"
    finally:
        english.remove()
    assert QLocale().name() == before  # removing gives the locale back


def test_under_lang_c_qts_counts_group_their_digits_as_the_windows_own_numbers(qapp: Any) -> None:
    """With LANG=C the list said "2400 receipts" beside the status bar's "2,400 tickets on this computer":
    Qt's C locale writes %Ln without separators, the window's own numbers read C as en_US."""
    from ows_desktop.itemmodels.counted import counted
    from ows_desktop.itemmodels.locale_format import count_text
    from ows_desktop.ui.translation import install_translation

    c = install_translation("C")
    try:
        assert counted().receipts(2400) == "2,400 receipts" and count_text(2400) == "2,400"
    finally:
        c.remove()


def test_the_translation_is_found_in_a_pyinstaller_bundle(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "resources" / "translations"
    bundled.mkdir(parents=True)
    shutil.copy(FRENCH_TS.with_suffix(".qm"), bundled)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    from ows_desktop.ui.translation import install_translation, translations_dir

    assert translations_dir() == bundled
    translation = install_translation("fr")
    try:
        assert translation.translated
    finally:
        translation.remove()


@OFFSCREEN_NOISE
def test_with_the_french_translator_the_window_speaks_french(
    qtbot: Any, french: Any, paths: Any, filled_store: Any
) -> None:
    from PySide6.QtCore import Qt

    assert french.translated
    window = open_window(qtbot, make_services(paths, filled_store))
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Fichier", "&Édition", "&Affichage", "&Ticket", "Vi&déo", "&Connexion", "Ai&de"]
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs[:3] == ["Tickets", "Utilisateurs", "Exceptions"]
    model = window.receipts.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Heure", "Magasin", "Caisse", "Opérateur", "Statut", "Art.", "Total", "Exceptions"]
    assert window.sync_action.text() == "&Synchroniser"
    assert window.connection_label.text() == "Non connecté"


def test_the_language_chosen_in_preferences_is_read_at_the_next_start(qapp: Any, paths: Any) -> None:
    """Preferences ▸ Display offers the shipped languages; app.main installs the saved one (saved_language)."""
    from ows_desktop.app import saved_language
    from ows_desktop.basics.settings import open_ini_settings
    from ows_desktop.ui.preferences_pages import DISPLAY_FIELDS
    from ows_desktop.ui.translation import available_languages

    field = next(f for f in DISPLAY_FIELDS if f.key == "display/language")
    assert [value for _label, value in field.choices] == ["", *available_languages()]
    assert saved_language(paths) == ""  # the system's language
    settings = open_ini_settings(paths.settings_file)
    settings.set("display/language", "fr")
    settings.backend.sync()
    assert saved_language(paths) == "fr"


def test_a_signing_failure_is_shown_in_the_windows_language(french: Any) -> None:
    """The export banner showed "L'export a échoué." over an English paragraph: the signer wrapped the
    keyring's marked sentence in an f-string, which kept only its English."""
    from keyring.backends import fail

    from ows_desktop.basics.messages import message_of
    from ows_desktop.export.signing import KeyringSigningKeys, ManifestSigner, SigningKeyError
    from ows_desktop.itemmodels.core_labels import core_text

    signer = ManifestSigner(KeyringSigningKeys(backend=fail.Keyring()))
    with pytest.raises(SigningKeyError) as raised:
        signer.public_key  # noqa: B018 - reading it loads the key
    shown = core_text(message_of(raised.value))
    assert shown.startswith(
        "Impossible d’utiliser la clé de signature des exports : Aucun coffre sécurisé pour les identifiants"
    )
    assert "OWS_SIGNING_KEY peut contenir la clé de signature" in shown
    assert str(raised.value).startswith(
        "Cannot use the signing key of exports: No secure credential store"
    )  # the CLI's


def test_lang_takes_any_language_qt_knows_and_names_one_it_does_not(qapp: Any) -> None:
    """--lang xx_YY opened the window in the C locale without a word; de_DE (English words, German numbers,
    as the README says) must stay accepted."""
    from ows_desktop.ui.translation import unknown_language

    for fine in (None, "", "system", "en", "fr", "fr_FR", "fr-CA", "FR", "de_DE", "C", "C.UTF-8", "POSIX"):
        assert unknown_language(fine) is None, fine
    assert unknown_language("xx_YY") == (
        "ows-desktop: No language is called xx_YY: give one such as fr or fr_FR (translations: en, fr), or leave --lang out "
        "for the system's."
    )
