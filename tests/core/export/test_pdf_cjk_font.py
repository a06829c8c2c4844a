"""A ticket's Chinese/Japanese/Korean text is drawn in the evidence PDF and is in its text (searchable, copied
as typed) on a workstation with no CJK font: OWS Desktop ships such fonts (resources/fonts, export/fonts.py).
Before, such a product name was empty boxes on the page and missing from the PDF's text.

The export runs in a child process whose fontconfig knows only the DejaVu fonts (the report's own faces), as
on a workstation without CJK fonts, whatever this machine has installed."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

from dejavu_only import dejavu_only_env, export_in_child, needs_dejavu

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


@needs_dejavu
def test_cjk_text_is_drawn_and_searchable_without_a_cjk_font_installed(tmp_path: Path) -> None:
    env = dejavu_only_env(tmp_path)
    listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True).stdout
    assert listed and "dejavu" in listed.lower() and "droid" not in listed.lower()  # no CJK font known
    assert "nanum" not in listed.lower()  # nor a Korean one
    done, pdf = export_in_child(EXPORT, tmp_path)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert NAME in text and KOREAN in text  # drawn with fonts that have the characters: in the text as typed
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DroidSansFallback" in fonts and "NanumSquare" in fonts
