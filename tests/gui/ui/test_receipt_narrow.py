"""In a narrow receipt pane (the window at 1024 px) the items' "Qty" header broke into "Qt" and "y"."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from review_helpers import ln, tk

from ows_desktop.ui.receipt_html import render_receipt


def test_the_quantity_header_stays_one_word_in_a_narrow_receipt(qapp) -> None:
    doc = QTextDocument()
    doc.setTextWidth(300)  # the receipt pane's text at 1024 px, its margins taken
    doc.setHtml(render_receipt(tk("T-1", lines=(ln("SKU1", description="Sparkling water 6×500ml"),))))
    block = doc.begin()
    while block.isValid() and block.text() != "Qty":
        block = block.next()
    assert block.isValid()
    doc.documentLayout().blockBoundingRect(block)  # laid out
    assert block.layout().lineCount() == 1
