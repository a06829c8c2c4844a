"""Architecture checks that the import-linter contracts in pyproject.toml cannot express, and the contracts
themselves (so a broken contract fails the suite, not only CI's lint step).

import-linter sees every ``import`` statement, also inside functions; it cannot see imports made from strings
(``importlib.import_module("...")``, ``__import__``), what a module loads when it actually runs, or rules that
are not about imports. Those are checked here, by walking every node of every module's syntax tree."""

from __future__ import annotations

import ast
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1] / "ows_desktop"
CORE_PACKAGES = ["ows", "store", "sync", "rules", "export", "simulator", "basics", "camera", "cli"]
QT_OR_VLC = ("PySide6", "shiboken6", "vlc")
QT_SIDE = tuple(f"ows_desktop.{p}" for p in ("ui", "itemmodels", "tasks", "player", "app", "demo"))
# What a core module may import anyway (the same exceptions as the "core-no-qt" contract).
ALLOWED = {
    "export/pdf.py": QT_OR_VLC,  # the PDF case report is drawn with Qt's PDF writer
    "export/fonts.py": QT_OR_VLC,  # ... with the CJK fonts the app ships, registered with Qt's font database
    "export/pdf_flow.py": QT_OR_VLC,  # ... whose cover, laid out by Qt, keeps a heading with its table
    "cli/launch.py": ("ows_desktop.app", "ows_desktop.demo"),  # the gui and demo commands
    # camera pictures from recordings and video clips (headless libVLC)
    "cli/export.py": ("ows_desktop.player.evidence", "ows_desktop.player.clip_cutter"),
}


def _core_files() -> list[pathlib.Path]:
    return [f for pkg in CORE_PACKAGES for f in sorted((ROOT / pkg).rglob("*.py"))]


def _module_name(path: pathlib.Path, top: pathlib.Path = ROOT.parent) -> str:
    return ".".join(path.relative_to(top).with_suffix("").parts).removesuffix(".__init__")


def imported_names(path: pathlib.Path, top: pathlib.Path = ROOT.parent) -> list[tuple[int, str]]:
    """Every module the file imports, anywhere in it (functions, methods, ``if TYPE_CHECKING``), with relative
    imports resolved, including ``importlib.import_module("x")`` and ``__import__("x")`` with literal names."""
    module = _module_name(path, top)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def _is_under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_never_imports_qt_or_the_qt_side(path: pathlib.Path) -> None:
    allowed = ALLOWED.get(str(path.relative_to(ROOT)), ())
    bad = [
        f"line {line}: {name}"
        for line, name in imported_names(path)
        if _is_under(name, QT_OR_VLC + QT_SIDE) and not _is_under(name, allowed)
    ]
    assert not bad, f"{path.relative_to(ROOT)} imports the Qt side: {bad}"


def test_the_import_walk_sees_imports_inside_functions_and_from_strings(tmp_path: pathlib.Path) -> None:
    sample = tmp_path / "ows_desktop" / "sync" / "sample.py"
    sample.parent.mkdir(parents=True)
    sample.write_text(
        "import importlib\n"
        "def f():\n"
        "    from ows_desktop.itemmodels import tickets\n"
        "    from ..ui import theme\n"
        "    return importlib.import_module('PySide6.QtCore')\n",
        encoding="utf-8",
    )
    names = [name for _line, name in imported_names(sample, tmp_path)]
    assert "ows_desktop.itemmodels.tickets" in names
    assert "ows_desktop.ui.theme" in names
    assert "PySide6.QtCore" in names


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = sorted(_module_name(f) for f in _core_files() if str(f.relative_to(ROOT)) not in ALLOWED)
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {QT_OR_VLC!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"core modules pulled in Qt or libVLC: {result.stdout.strip()}"


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


def test_import_linter_contracts_are_kept() -> None:
    lint_imports = shutil.which("lint-imports", path=str(pathlib.Path(sys.executable).parent))
    if lint_imports is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [lint_imports, "--no-cache"],
        cwd=ROOT.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


MODULE_LINE_LIMIT = 450
# Still over the limit, being split by their owners; remove an entry once its module is under the limit.
OVER_THE_LIMIT_FOR_NOW = {"player/playback.py", "ui/video_pane.py"}


def modules_over_the_limit(root: pathlib.Path = ROOT) -> dict[str, int]:
    """Every module under ``root`` longer than MODULE_LINE_LIMIT lines, with its length."""
    return {
        path.relative_to(root).as_posix(): n
        for path in root.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINE_LIMIT
    }


def test_no_module_is_much_over_450_lines() -> None:
    """Modules are split by job long before they reach this size (CONTRIBUTING.md)."""
    too_long = modules_over_the_limit()
    assert {m: n for m, n in too_long.items() if m not in OVER_THE_LIMIT_FOR_NOW} == {}


def test_the_line_limit_finds_a_long_module(tmp_path: pathlib.Path) -> None:
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "short.py").write_text("x = 1\n" * MODULE_LINE_LIMIT, encoding="utf-8")
    (tmp_path / "ui" / "long.py").write_text("x = 1\n" * (MODULE_LINE_LIMIT + 1), encoding="utf-8")
    assert modules_over_the_limit(tmp_path) == {"ui/long.py": MODULE_LINE_LIMIT + 1}
