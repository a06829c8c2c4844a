"""The core stays Qt-free: importing it in a fresh interpreter must not load PySide6."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1] / "ows_desktop"
CORE_PACKAGES = ["ows", "store", "sync", "rules", "export", "simulator", "basics", "camera"]
CORE_MODULES: list[str] = []
# The PDF writer is the one exception in export/ (Qt's PDF writer).
QT_ALLOWED_IN_CORE = {"export/pdf.py"}


def _core_files() -> list[pathlib.Path]:
    files = [ROOT / f"{m}.py" for m in CORE_MODULES]
    for pkg in CORE_PACKAGES:
        files += sorted((ROOT / pkg).rglob("*.py"))
    return [f for f in files if str(f.relative_to(ROOT)) not in QT_ALLOWED_IN_CORE]


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_source_never_imports_qt(path: pathlib.Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        assert not any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names), (
            f"{path.relative_to(ROOT)} imports Qt at line {node.lineno}"
        )


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = [f"ows_desktop.{m}" for m in CORE_MODULES]
    for f in _core_files():
        rel = f.relative_to(ROOT.parent).with_suffix("")
        name = ".".join(rel.parts)
        modules.append(name.removesuffix(".__init__"))
    code = (
        "import importlib, sys\n"
        f"for m in {sorted(set(modules))!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"core modules pulled in Qt: {result.stdout.strip()}"


def test_only_sync_compose_builds_a_sync_engine() -> None:
    """The window, the child process and the CLI get their sync from sync/compose.py, so they cannot drift."""
    builders = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name == "SyncEngine":
                    builders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert builders and all(b.startswith("sync/compose.py:") for b in builders), builders
