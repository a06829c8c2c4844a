"""The report's cover keeps a section's heading with its table: "Flag reasons" could end a page with its
table on the next (Qt's rich text has no ``page-break-after: avoid``). The cover's HTML top keeps the rule for
its "Case C-…" heading and the case's state below it (its other tables are laid out by report_cover.py)."""

from __future__ import annotations

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextCursor, QTextDocument

from ows_desktop.export.pdf_flow import SECTION_LEVEL, keep_headings_with_their_tables
from ows_desktop.export.report_html import _kv_table, _section

PAGE = QSizeF(600, 800)


def cover(filler: int) -> QTextDocument:
    doc = QTextDocument()
    doc.setPageSize(PAGE)
    doc.setHtml(
        "".join(f"<p>line {i}</p>" for i in range(filler))
        + _section("Case C-2026-0001")
        + _kv_table([(f"Label {i}", f"value {i}") for i in range(5)])
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
