"""The report's cover: its HTML top (title, what the export is, the case's state) and end (integrity) are
laid out by Qt as paginated ``QTextDocument``s, and its tables between them (the case's history, the rules'
exceptions, the flag reasons: report_cover.py) as the exhibits' tables, on a :class:`~.report_layout.Book`
that starts where the top ends, the end starting where they end. In a Qt table whose header row repeats
on each page, a row split across pages in the middle of a paragraph (a long note, wrapped) had the line
ending the first page drawn again, clipped out of sight, on the next: twice in the PDF's text layer. The
book draws each line once, on one page.

A section's heading of the top is kept with the start of its table: Qt's rich text has no
``page-break-after: avoid``, and a heading could end a page with its table on the next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSizeF
from PySide6.QtGui import (
    QFont,
    QPaintDevice,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from ows_desktop.export.pdftext import CUSTODY_FILE, PdfText
from ows_desktop.export.report_cover import layout_cover_tables
from ows_desktop.export.report_html import CaseInfo, cover_head_html, cover_tail_html
from ows_desktop.export.report_layout import Book, Op

SECTION_LEVEL = 3  # report_html._section writes its headings as <h3>
# An empty block ending the cover's top: where it starts is where the top ends (Qt's frameBoundingRect of a
# table is off by its first cell's padding).
END = '<p style="margin-top:0px; margin-bottom:0px;"></p>'


@dataclass
class Cover:
    """The cover's pages: ``head``'s pages from the first, ``tables`` (a book's pages) from ``tables_from``,
    ``tail``'s pages from ``tail_from``; ``pages`` in all."""

    head: QTextDocument
    head_pages: int
    tables: list[list[Op]]
    tables_from: int
    tail: QTextDocument
    tail_from: int
    pages: int

    def on(self, page: int) -> list[tuple[QTextDocument, int] | list[Op]]:
        """What the cover's page ``page`` shows, in reading order: a document's page (the document and its
        page number) or a book page's operations."""
        parts: list[tuple[QTextDocument, int] | list[Op]] = []
        if page < self.head_pages:
            parts.append((self.head, page))
        if 0 <= page - self.tables_from < len(self.tables):
            parts.append(self.tables[page - self.tables_from])
        if 0 <= page - self.tail_from < self.tail.pageCount():
            parts.append((self.tail, page - self.tail_from))
        return parts


def cover_document(html: str, device: QPaintDevice, font: QFont, size: QSizeF) -> QTextDocument:
    """``html`` laid out on pages of ``size`` (the page's content box) with ``device``'s fonts."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # long words too
    doc.setDefaultTextOption(option)
    doc.setPageSize(size)  # paginated layout (set before the HTML, so the document is laid out once)
    doc.setHtml(html)
    keep_headings_with_their_tables(doc)  # no "Case C-2026-0001" alone at a page's foot
    return doc


def lay_out_cover(
    info: CaseInfo, text: PdfText, document: Callable[[str], QTextDocument], book: Book
) -> Cover:
    """The cover: its top (``document(html)``), its tables on ``book`` from where the top ends, its end from
    where they end."""
    facts = text.held_in(CUSTODY_FILE)  # the export's title, investigator, the case's fields: export.json's
    head = document(cover_head_html(info, facts) + END)
    height = head.pageSize().height()
    bottom = head.documentLayout().blockBoundingRect(head.lastBlock()).top()
    first = int(bottom // height)
    flow = book.flow()
    flow.y = book.top + bottom - first * height
    layout_cover_tables(flow, info, text)
    tail = document(cover_tail_html(info, facts))
    _start_at(tail, flow.y - book.top)
    tables = book.finished()
    return Cover(
        head, first + 1, tables, first, tail, first + flow.page, first + flow.page + tail.pageCount()
    )


def _start_at(doc: QTextDocument, offset: float) -> None:
    """Start ``doc`` ``offset`` below its first page's top, with an empty first block that tall (Qt ignores the
    first block's top margin). A fixed line height is in Qt's CSS pixels, whose size on the document's device
    Qt knows: measured from where the next block starts under two heights."""
    if offset <= 0:
        return
    QTextCursor(doc).insertBlock()
    spacer, layout = QTextCursor(doc.begin()), doc.documentLayout()

    def below(height: float) -> float:  # the top of the block after a spacer ``height`` pixels tall
        line = QTextBlockFormat()
        line.setLineHeight(height, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        spacer.setBlockFormat(line)
        return layout.blockBoundingRect(doc.begin().next()).top()

    per_px = (below(101.0) - below(1.0)) / 100.0
    below(min(offset, doc.pageSize().height() - 1) / per_px)


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


__all__ = ["Cover", "cover_document", "keep_headings_with_their_tables", "lay_out_cover"]
