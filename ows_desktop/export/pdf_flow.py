"""The report's cover (an HTML document laid out by Qt, paginated): a section's heading is kept with the
start of its table. Qt's rich text has no ``page-break-after: avoid``, and a heading such as "Flag reasons"
could end a page with its table on the next."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument, QTextFormat

SECTION_LEVEL = 3  # report_html._section writes its headings as <h3>


def keep_headings_with_their_tables(doc: QTextDocument) -> None:
    """Start a new page at each section heading whose table's header and first row would not be on the
    heading's page (the document is paginated: ``setPageSize`` before the HTML). Earlier moves shift what
    follows, so each heading is measured after them (the layout updates on each change)."""
    page = doc.pageSize().height()
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == SECTION_LEVEL:
            table = QTextCursor(block.next()).currentTable()
            last = (
                table.cellAt(min(1, table.rows() - 1), 0).firstCursorPosition().block()
                if table is not None
                else block.next()
            )
            top, bottom = layout.blockBoundingRect(block).top(), layout.blockBoundingRect(last).bottom()
            if last.isValid() and int(top // page) != int(bottom // page):
                moved = block.blockFormat()
                moved.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(moved)
        block = block.next()


__all__ = ["keep_headings_with_their_tables"]
