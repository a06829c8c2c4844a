"""Which languages the window ships translations for (no Qt here: the command line checks ``--lang`` before
any window opens). ui/translation.py loads them."""

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


def language_problem(value: str | None) -> str | None:
    """Why ``--lang value`` cannot be shown (one line saying what to use), or None: "fr", "fr_FR", "fr-FR",
    "system" and "C", "C.UTF-8" or "POSIX" (English) are fine; a language without a translation was taken silently for English."""
    if not value or value == "system" or value.split(".")[0] in ("C", "POSIX"):  # C.UTF-8: English
        return None
    known = available_languages()
    if value.replace("-", "_").split("_")[0].lower() in known:
        return None
    return (
        f"No translation for {value}: use one of {', '.join(known)}, or leave --lang out for the system's "
        "language."
    )
