"""The report's cover keeps a section's heading with its table: "Flag reasons" could end a page with its
table on the next (Qt's rich text has no ``page-break-after: avoid``)."""

from __future__ import annotations

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextCursor, QTextDocument

from ows_desktop.export.pdf_flow import SECTION_LEVEL, keep_headings_with_their_tables
from ows_desktop.export.report_html import _section, _table

PAGE = QSizeF(600, 800)


def cover(filler: int) -> QTextDocument:
    doc = QTextDocument()
    doc.setPageSize(PAGE)
    rows = "".join(f"<tr><td>Reason {i}</td><td>{i}</td></tr>" for i in range(5))
    doc.setHtml(
        "".join(f"<p>line {i}</p>" for i in range(filler))
        + _section("Flag reasons")
        + _table(["Reason", "Tickets"], rows, ["80%", "20%"])
    )
    return doc


def pages_of_heading_and_first_row(doc: QTextDocument) -> tuple[int, int]:
    layout, block = doc.documentLayout(), doc.begin()
    while block.blockFormat().headingLevel() != SECTION_LEVEL:
        block = block.next()
    first_row = QTextCursor(block.next()).currentTable().cellAt(1, 0).firstCursorPosition().block()
    page = PAGE.height()
    return int(layout.blockBoundingRect(block).top() // page), int(
        layout.blockBoundingRect(first_row).bottom() // page
    )


def test_a_heading_at_a_pages_foot_moves_to_the_next_page_with_its_table(qapp) -> None:
    orphaned = [n for n in range(20, 50) if len(set(pages_of_heading_and_first_row(cover(n)))) > 1]
    assert orphaned  # without the rule, some amounts of text above leave the heading alone at the foot
    for filler in range(20, 50):
        doc = cover(filler)
        keep_headings_with_their_tables(doc)
        heading, first_row = pages_of_heading_and_first_row(doc)
        assert heading == first_row, filler
