"""The window's language: which compiled translation (``resources/translations/ows_desktop_<lang>.qm``)
and which number/date locale the window uses.

The language is the system's (``QLocale.system()``) unless the user chose one (``--lang fr`` or the
``display/language`` setting, see Preferences ▸ Display). English is the source language: it needs no file.
The chosen locale also becomes ``QLocale``'s default, so money, numbers and dates in the window and the PDF
follow it (see :mod:`ows_desktop.itemmodels.locale_format`). Core (CLI) messages stay English.

Translators' workflow (README "Translations"): ``python tools/update_translations.py`` runs
``pyside6-lupdate`` over the Qt side of the app into ``resources/translations/*.ts`` and ``pyside6-lrelease``
into the ``.qm`` files that ship (PyInstaller bundles everything under ``resources/``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ows_desktop.basics.paths import resources_dir

APP_CATALOGUE = "ows_desktop"


def translations_dir() -> Path:
    """Where the compiled ``.qm`` files are, in a source checkout, a wheel and the PyInstaller bundle."""
    return resources_dir() / "translations"


def available_languages(folder: Path | None = None) -> list[str]:
    """The languages a translation ships for (``["fr"]``), plus English, the source language."""
    folder = translations_dir() if folder is None else folder
    shipped = sorted(p.stem.removeprefix(APP_CATALOGUE + "_") for p in folder.glob(APP_CATALOGUE + "_*.qm"))
    return ["en", *shipped]


def chosen_locale(language: str | None) -> QLocale:
    """``language`` ("fr", "fr_FR", "de-DE"), or the system's locale when empty or None."""
    if not language or language == "system":
        return QLocale.system()
    return QLocale(language.replace("-", "_"))


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
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translation needs a QApplication")
    locale = chosen_locale(language)
    result = Translation(locale, QLocale())
    QLocale.setDefault(locale)
    folder = translations_dir() if folder is None else folder
    catalogues = (
        (APP_CATALOGUE, str(folder)),
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    )
    for name, where in catalogues:
        translator = QTranslator(app)
        translator.setObjectName(name)
        # Looks for <name>_fr_FR.qm, then <name>_fr.qm (and the locale's other UI languages).
        if translator.load(locale, name, "_", where):
            app.installTranslator(translator)
            result.translators.append(translator)
        else:
            translator.deleteLater()
    return result
