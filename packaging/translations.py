"""Extract, merge and compile the window's translations (README "Translations").

    python packaging/translations.py            # lupdate: refresh resources/translations/*.ts from the code
                                                # lrelease: compile them into the .qm files the app loads
    python packaging/translations.py --add es   # start a new language (ows_desktop_es.ts)

The Qt side of the app is extracted (ui/, itemmodels/, player/, tasks/, app.py, demo.py), and the core modules
that mark sentences the window shows with ``ows_desktop.basics.messages.QT_TRANSLATE_NOOP`` (the CLI prints
those in English; the window translates them with ``itemmodels.core_labels.core_text``). Strings are marked with ``self.tr(...)`` in QObject classes,
``QCoreApplication.translate("<context>", ...)`` elsewhere, and ``QT_TRANSLATE_NOOP`` for module constants
(translated where they are shown). Locations are not written into the .ts (``-locations none``), so moving
code does not churn the files. Translate with Qt Linguist (``pyside6-linguist``) or any .ts editor."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
QT_SIDE = ("ui", "itemmodels", "player", "tasks")
CATALOGUE = "ows_desktop"
CORE_MARKER = "from ows_desktop.basics.messages import"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(
            f"{name} not found: install PySide6 (pip install -e .) and run this with its Python."
        )
    return found


def sources(root: Path = ROOT) -> list[str]:
    package = root / "ows_desktop"
    files = [package / "app.py", package / "demo.py"]
    for sub in QT_SIDE:
        files += sorted((package / sub).rglob("*.py"))
    files += [
        path
        for path in sorted(package.rglob("*.py"))
        if path.parent.name not in QT_SIDE and CORE_MARKER in path.read_text(encoding="utf-8")
    ]
    return [str(f) for f in files if f.exists()]


def ts_files(folder: Path = TS_DIR) -> list[Path]:
    return sorted(folder.glob(f"{CATALOGUE}_*.ts"))


def lupdate(ts: list[Path], root: Path = ROOT) -> None:
    """English (``_en.ts``) holds only the messages with plural forms ("%n receipt(s)" → 1 receipt / 3
    receipts): every other English text is the source itself."""
    for path in ts:
        cmd = [tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete"]
        if path.stem == f"{CATALOGUE}_en":
            cmd.append("-pluralonly")
        cmd += [*sources(root), "-ts", str(path)]
        subprocess.run(cmd, check=True, capture_output=True, text=True)


def lrelease(ts: list[Path]) -> None:
    for path in ts:
        cmd = [tool("pyside6-lrelease"), str(path), "-qm", str(path.with_suffix(".qm"))]
        subprocess.run(cmd, check=True, capture_output=True, text=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--add", metavar="LANG", help="create the .ts of a new language (e.g. es)")
    args = parser.parse_args(argv)
    TS_DIR.mkdir(parents=True, exist_ok=True)
    targets = ts_files()
    if args.add:
        new = TS_DIR / f"{CATALOGUE}_{args.add}.ts"
        new.write_text(
            f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="{args.add}">\n</TS>\n',
            encoding="utf-8",
        )
        targets = sorted({*targets, new})
    lupdate(targets)
    lrelease(targets)
    for path in targets:
        print(f"{path.relative_to(ROOT)} and {path.with_suffix('.qm').name} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
