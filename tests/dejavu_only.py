"""A child process whose fontconfig knows only the DejaVu fonts (the report's own faces), so a PDF test draws
the same on any machine, whatever fonts it has installed (the PDF tests of CJK text and of undrawable scripts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
needs_dejavu = pytest.mark.skipif(
    not DEJAVU.is_dir() or sys.platform != "linux", reason="needs fontconfig and DejaVu (Linux)"
)


def dejavu_only_env(tmp_path: Path) -> dict[str, str]:
    """The environment of such a child: offscreen Qt, the test helpers importable, DejaVu the only fonts."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{DEJAVU}</dir><cachedir>{tmp_path / "cache"}</cachedir>'
        "</fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), env.get("PYTHONPATH", "")])  # tests/
    return env


def export_in_child(script: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run ``script`` (it gets a store path and an export folder as argv[1:3]) in such a child; the finished
    process and the report it was to write."""
    out = tmp_path / "evidence"
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "t.sqlite3"), str(out)],
        env=dejavu_only_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, out / "case-report.pdf"
