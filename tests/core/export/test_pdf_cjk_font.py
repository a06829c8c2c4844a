"""A ticket's Chinese/Japanese/Korean text is drawn in the evidence PDF and is in its text (searchable, copied
as typed) on a workstation with no CJK font: OWS Desktop ships such fonts (resources/fonts, export/fonts.py).
Before, such a product name was empty boxes on the page and missing from the PDF's text.

The export runs in a child process whose fontconfig knows only the DejaVu fonts (the report's own faces), as
on a workstation without CJK fonts, whatever this machine has installed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NAME = "売上高テスト 菓子"  # what the simulator's Japanese stores sell
KOREAN = "Kimchi 김치 400g"  # a simulator product: Hangul, which the Chinese/Japanese font does not draw

EXPORT = textwrap.dedent(
    f"""
    import sys
    from review_helpers import ln, tk
    from ows_desktop.export import Selection, export_tickets
    from ows_desktop.store import open_store
    from ows_desktop.store.query import TicketQuery

    with open_store(sys.argv[1]) as store:
        lines = (ln("SKU7", description={NAME!r}), ln("SKU11.6", description={KOREAN!r}))
        store.upsert_tickets([tk("T-JP", lines=lines)])
        with store.reader() as reader:
            export_tickets(reader, Selection.of_query(TicketQuery()), "pdf", sys.argv[2])
    """
)


@pytest.mark.skipif(
    not DEJAVU.is_dir() or sys.platform != "linux", reason="needs fontconfig and DejaVu (Linux)"
)
def test_cjk_text_is_drawn_and_searchable_without_a_cjk_font_installed(tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{DEJAVU}</dir><cachedir>{tmp_path / "cache"}</cachedir>'
        "</fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[2]), env.get("PYTHONPATH", "")])
    listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True).stdout
    assert listed and "dejavu" in listed.lower() and "droid" not in listed.lower()  # no CJK font known
    assert "nanum" not in listed.lower()  # nor a Korean one
    out = tmp_path / "evidence"
    done = subprocess.run(
        [sys.executable, "-c", EXPORT, str(tmp_path / "t.sqlite3"), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    pdf = out / "case-report.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert NAME in text and KOREAN in text  # drawn with fonts that have the characters: in the text as typed
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DroidSansFallback" in fonts and "NanumSquare" in fonts
