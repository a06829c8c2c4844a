"""The window's language: which compiled translation (``resources/translations/ows_desktop_<lang>.qm``)
and which number/date locale the window uses.

The language is the system's (``QLocale.system()``) unless the user chose one (``--lang fr`` or the
``display/language`` setting, see Preferences ▸ Display). English is the source language: it needs no file.
The chosen locale also becomes ``QLocale``'s default, so money, numbers and dates in the window and the PDF
follow it (see :mod:`ows_desktop.itemmodels.locale_format`). Core (CLI) messages stay English.

English is the source language, but its plural forms ("1 receipt" / "3 receipts" for ``tr("%Ln receipt(s)",
"", n)``) come from ``ows_desktop_en.qm`` (plural forms only), installed under every language.

Translators' workflow (README "Translations"): ``python packaging/translations.py`` runs
``pyside6-lupdate`` over the Qt side of the app into ``resources/translations/*.ts`` and ``pyside6-lrelease``
into the ``.qm`` files that ship (PyInstaller bundles everything under ``resources/``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ows_desktop.basics.paths import resources_dir
from ows_desktop.itemmodels.locale_format import readable

APP_CATALOGUE = "ows_desktop"
ENGLISH_PLURALS = "ows_desktop_en"  # the plural forms of English (source) messages, "%n receipt(s)"


def translations_dir() -> Path:
    """Where the compiled ``.qm`` files are, in a source checkout, a wheel and the PyInstaller bundle."""
    return resources_dir() / "translations"


def available_languages(folder: Path | None = None) -> list[str]:
    """The languages a translation ships for (``["fr"]``), plus English, the source language."""
    folder = translations_dir() if folder is None else folder
    shipped = sorted(p.stem.removeprefix(APP_CATALOGUE + "_") for p in folder.glob(APP_CATALOGUE + "_*.qm"))
    return ["en", *(language for language in shipped if language != "en")]


def chosen_locale(language: str | None) -> QLocale:
    """``language`` ("fr", "fr_FR", "de-DE"), or the system's locale when empty or None; "C" (LANG=C) is read
    as en_US, as every number the window formats itself is (itemmodels.locale_format.readable): the counts
    Qt writes ("%Ln receipts") then group their digits too."""
    if not language or language == "system":
        return readable(QLocale.system())
    return readable(QLocale(language.replace("-", "_")))


def unknown_language(value: str | None) -> str | None:
    """The line to print when ``--lang value`` names no language (saying what to give), else None. A language
    without a translation is fine (``de_DE``: English words, German numbers); "C", "C.UTF-8" and "POSIX" are
    English; ``xx_YY`` was taken silently for the system's "C" locale."""
    if not value or value == "system" or value.split(".")[0] in ("C", "POSIX"):
        return None
    if QLocale(value.replace("-", "_")).language() != QLocale.Language.C:
        return None
    return (
        f"ows-desktop: No language is called {value}: give one such as fr or fr_FR (translations: "
        f"{', '.join(available_languages())}), or leave --lang out for the system's."
    )


@dataclass
class Translation:
    """The translators installed on the application (kept so they can be removed again)."""

    locale: QLocale
    previous_locale: QLocale
    translators: list[QTranslator] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        """True when the app's own catalogue was loaded (the window is not in English)."""
        return any(t.objectName() == APP_CATALOGUE for t in self.translators)

    @property
    def plural_forms(self) -> bool:
        """True when English's plural forms were loaded ("1 receipt", not "1 receipt(s)")."""
        return any(t.objectName() == ENGLISH_PLURALS for t in self.translators)

    def remove(self) -> None:
        """Uninstall the translators and give QLocale its default from before (a language switch, tests)."""
        QLocale.setDefault(self.previous_locale)
        app = QCoreApplication.instance()
        for translator in self.translators:
            if app is not None:
                app.removeTranslator(translator)
        self.translators.clear()


def install_translation(language: str | None = None, folder: Path | None = None) -> Translation:
    """Load the app's translation for ``language`` (see :func:`chosen_locale`) and Qt's own (the standard
    buttons of dialogs), install them on the running QCoreApplication and make the locale the default for
    numbers and dates. Widgets made afterwards show the language; a missing translation leaves English."""
    app = _application()
    locale = chosen_locale(language)
    result = Translation(locale, QLocale())
    QLocale.setDefault(locale)
    folder = translations_dir() if folder is None else folder
    # Installed first, so asked last: English plural forms for any language without its own translation.
    catalogues = [(ENGLISH_PLURALS, _ENGLISH, APP_CATALOGUE, str(folder))]
    if locale.language() != QLocale.Language.English:
        catalogues.append((APP_CATALOGUE, locale, APP_CATALOGUE, str(folder)))
    catalogues.append(
        ("qtbase", locale, "qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    )
    _install(app, result, catalogues)
    return result


def install_english_plurals(folder: Path | None = None) -> Translation:
    """Only English's plural forms ("1 receipt", "3 receipts"), leaving the locale as it is (tests that build
    the window without :func:`install_translation`)."""
    folder = translations_dir() if folder is None else folder
    result = Translation(QLocale(), QLocale())
    _install(_application(), result, [(ENGLISH_PLURALS, _ENGLISH, APP_CATALOGUE, str(folder))])
    return result


_ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def _application() -> QCoreApplication:
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translation needs a QApplication")
    return app


def _install(
    app: QCoreApplication, result: Translation, catalogues: list[tuple[str, QLocale, str, str]]
) -> None:
    for tag, locale, name, where in catalogues:
        translator = QTranslator(app)
        translator.setObjectName(tag)
        # Looks for <name>_fr_FR.qm, then <name>_fr.qm (and the locale's other UI languages).
        if translator.load(locale, name, "_", where):
            app.installTranslator(translator)
            result.translators.append(translator)
        else:
            translator.deleteLater()
