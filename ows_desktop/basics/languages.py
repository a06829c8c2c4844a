"""Which languages the window ships translations for (no Qt here: the Preferences' list and the window's
``--lang`` check read it; ui/translation.py loads them)."""

from __future__ import annotations

from pathlib import Path

from ows_desktop.basics.paths import resources_dir

APP_CATALOGUE = "ows_desktop"


def translations_dir() -> Path:
    """Where the compiled ``.qm`` files are, in a source checkout, a wheel and the PyInstaller bundle."""
    return resources_dir() / "translations"


def available_languages(folder: Path | None = None) -> list[str]:
    """The languages a translation ships for (``["fr"]``), plus English, the source language."""
    folder = translations_dir() if folder is None else folder
    shipped = sorted(p.stem.removeprefix(APP_CATALOGUE + "_") for p in folder.glob(APP_CATALOGUE + "_*.qm"))
    return ["en", *(language for language in shipped if language != "en")]
