"""A receipt whose text is in a script no font on this computer draws says so above the receipt: Qt drew an
item named in Devanagari as a row of boxes and nothing said the text was there. Run in a child whose only
fonts are DejaVu (no Devanagari), so it holds on any machine."""

from __future__ import annotations

import json
import subprocess
import sys

from dejavu_only import dejavu_only_env, needs_dejavu

CHILD = r"""
import json, sys
from datetime import UTC
from PySide6.QtWidgets import QApplication
from review_helpers import ln, tk
from ows_desktop.ui.receipt_view import ReceiptPanel

app = QApplication([])
panel = ReceiptPanel(tz=UTC)
panel.resize(600, 700)
panel.show()
shown = {}
for name, description in (("latin", "Thé vert 100 g"), ("devanagari", "चाय हरी 100 g")):
    panel.show_ticket(tk("T-" + name, lines=(ln("SKU1", description=description),)))
    shown[name] = panel.text()
print(json.dumps(shown))
"""


@needs_dejavu
def test_a_receipt_in_a_script_no_font_draws_says_so(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=dejavu_only_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    note = "Some text on this receipt is in Devanagari, which no font on this computer can draw"
    assert note in shown["devanagari"] and "चाय हरी" in shown["devanagari"]  # said, and the text kept
    assert "no font" not in shown["latin"] and "Thé vert" in shown["latin"]
