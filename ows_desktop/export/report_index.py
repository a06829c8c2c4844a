"""The case report's exhibit index and its list of exported files, laid out on a
:class:`~.report_layout.Book` (no Qt here): one table row per ticket, the header row repeated on each page,
then each data file and snapshot with its SHA-256 digest."""

from __future__ import annotations

from ows_desktop.basics.store_time import store_time_text
from ows_desktop.export.formatting import report_money
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.report_html import CaseInfo
from ows_desktop.export.report_layout import Book, Face, Flow, table
from ows_desktop.export.report_style import MUTED, NAVY
from ows_desktop.rules.definitions import RULES_BY_ID
from ows_desktop.store.review import STATE_LABELS

TITLE = Face(14, NAVY, bold=True)
NOTE = Face(8.5, MUTED)
INDEX = Face(7.5)
FILES = Face(7)


def layout_front(book: Book, info: CaseInfo, text: PdfText) -> None:
    """The exhibit index, then the exported files, from the top of the book's first page."""
    layout_files(layout_index(book, info, text), info, text)


def layout_index(book: Book, info: CaseInfo, text: PdfText) -> Flow:
    """The exhibit index (known before the exhibits are collected), from the top of the book's first page;
    the returned flow continues below it."""
    dot = book.metrics.dot
    flow = book.flow()
    flow.text("Exhibit index", TITLE)
    flow.skip(6 * dot)
    rows = [
        (
            str(e.number),
            text.text(e.ticket_id),
            store_time_text(e.start, e.utc_offset_min) or "—",
            text.text(e.location or "—"),
            text.text(e.terminal or "—"),
            text.text(e.operator or "—"),
            report_money(text, e.total),
            ", ".join(str(RULES_BY_ID[r].title) if r in RULES_BY_ID else r for r in e.exceptions),
            STATE_LABELS.get(e.flag_state, "") if e.flag_state else "",
        )
        for e in info.entries
    ]
    headers = ["#", "Ticket", "Store time", "Store", "Register", "Operator", "Total", "Exceptions", "State"]
    fractions = [0.04, 0.20, 0.15, 0.07, 0.09, 0.12, 0.07, 0.15, 0.11]
    table(flow, headers, fractions, rows, INDEX, right=(6,))
    return flow


def layout_files(flow: Flow, info: CaseInfo, text: PdfText) -> None:
    """The exported files with their digests (known once the data files are written), below the index."""
    dot = flow.book.metrics.dot
    flow.skip(14 * dot)
    flow.text("Exported files", TITLE)
    flow.skip(4 * dot)
    flow.text(
        "Each data file and camera snapshot of this export, with its SHA-256 digest (check with sha256sum). "
        "The digest of this report is in MANIFEST.sha256.",
        NOTE,
    )
    flow.skip(4 * dot)
    if not info.files:
        flow.text("No other files.", NOTE)
        return
    files = [(text.text(path), digest, f"{size:,}") for path, digest, size in info.files]
    table(flow, ["File", "SHA-256", "Bytes"], [0.28, 0.60, 0.12], files, FILES, right=(2,))


__all__ = ["layout_files", "layout_front", "layout_index"]
