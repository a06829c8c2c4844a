"""In a narrow receipt pane (the window at 1024 px) the items' headers broke: "Qty" into "Qt" and "y", and,
once the pane lent the receipts table room (ui.column_fit), "Amount" into "Amou" and "nt"."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument
from review_helpers import ln, tk

from ows_desktop.ui.receipt_html import render_receipt


@pytest.mark.parametrize("width", [300, 250])  # the receipt's text at 1024 px, before and after the loan
@pytest.mark.parametrize("title", ["Qty", "Price", "Amount"])
def test_the_item_headers_stay_one_word_in_a_narrow_receipt(qapp, width: int, title: str) -> None:
    doc = QTextDocument()
    doc.setTextWidth(width)  # the receipt pane's text, its margins taken
    doc.setHtml(render_receipt(tk("T-1", lines=(ln("SKU1", description="Sparkling water 6×500ml"),))))
    block = doc.begin()
    while block.isValid() and block.text() != title:
        block = block.next()
    assert block.isValid()
    doc.documentLayout().blockBoundingRect(block)  # laid out
    assert block.layout().lineCount() == 1


@pytest.mark.parametrize("width", [300, 250])
def test_amounts_stay_on_one_line_in_a_narrow_receipt(qapp, width: int) -> None:
    """ "1,234.50" broke after its comma ("1," over "234.50") at 300 px; at 250 px "11.99" did too."""
    lines = (
        ln("SKU4", price=11.99, description="Craft beer 6-pack"),
        ln("SKU5", qty=12, price=1234.5, description="Honeycrisp apples 3lb"),
    )
    doc = QTextDocument()
    doc.setTextWidth(width)
    doc.setHtml(render_receipt(tk("T-1", lines=lines)))
    amounts = {"11.99", "1,234.50", "14,814.00"}
    seen = []
    block = doc.begin()
    while block.isValid():
        if block.text() in amounts:
            doc.documentLayout().blockBoundingRect(block)
            seen.append((block.text(), block.layout().lineCount()))
        block = block.next()
    assert {text for text, _lines in seen} == amounts
    assert all(count == 1 for _text, count in seen), seen


def test_a_receipt_a_pixel_wider_than_its_pane_shows_no_sideways_scroll_bar(qtbot) -> None:
    """Qt lays the items' table (columns of 8 %, 16 % and 18 %) out a pixel wider than the pane at some
    widths: the receipt showed a sideways scroll bar with nothing cut (the bundle's screenshot, and from
    source at 1440 px). Where something would be cut, the bar still shows."""
    from PySide6.QtWidgets import QApplication

    from ows_desktop.ui.receipt_view import ReceiptPanel

    panel = ReceiptPanel()
    qtbot.addWidget(panel)
    lines = (ln("SKU8.1", price=10.99, description="Paper towels 6 rolls"), ln("SKU3.2", price=4.49))
    panel.show_ticket(tk("T-1", lines=lines))
    panel.show()
    qtbot.waitExposed(panel)
    browser = panel.browser
    bar = browser.horizontalScrollBar()

    def overflow_at(width: int) -> float:
        panel.resize(width, 700)
        QApplication.processEvents()
        return browser.document().idealWidth() - browser.viewport().width()

    widths = [w for w in range(380, 700) if 0 < overflow_at(w) <= 1]  # the pixel over, at these widths
    assert widths, "no width lays the receipt out a pixel wider than its pane"
    for width in widths[:5]:
        overflow_at(width)
        assert not bar.isVisible(), width
    panel.show_ticket(tk("T-2", lines=(ln("SKU1", qty=1, price=1234567890.5, description="Big"),)))
    assert overflow_at(160) > 20  # an amount wider than the pane: it is cut, and the bar shows it
    assert bar.isVisible()
