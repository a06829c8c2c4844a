"""The case report's exhibit index and its list of exported files, laid out on a
:class:`~.report_layout.Book` (no Qt here): one table row per ticket with the page its exhibit starts on, the
header row repeated on each page, then each data file and snapshot with its SHA-256 digest."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ows_desktop.basics.store_time import store_time_text
from ows_desktop.export.formatting import report_money
from ows_desktop.export.pdftext import CUSTODY_FILE, PdfText
from ows_desktop.export.report_html import CaseInfo
from ows_desktop.export.report_layout import Book, Face, Flow, table
from ows_desktop.export.report_style import MUTED, NAVY
from ows_desktop.rules.definitions import RULES_BY_ID
from ows_desktop.store.operators import operator_text
from ows_desktop.store.review import STATE_LABELS

TITLE = Face(14, NAVY, bold=True)
NOTE = Face(8.5, MUTED)
INDEX = Face(7.5)
FILES = Face(7)


def first_pages(before: int, counts: Mapping[int, int]) -> dict[int, int]:
    """Each exhibit's first page number, given the exhibits' page counts by number: they follow ``before``
    pages (the cover and the front pages), in number order, each on pages of its own."""
    pages, at = {}, before + 1
    for number in sorted(counts):
        pages[number] = at
        at += counts[number]
    return pages


def layout_front(
    book: Callable[[], Book], info: CaseInfo, text: PdfText, before: int, counts: Mapping[int, int]
) -> Book:
    """The exhibit index, then the exported files, on a new ``book()``: the index gives the page each exhibit
    starts on, which depends on how many pages the index itself takes. The numbers never wrap in their column,
    so a first layout's page count holds for the second; laid out again only if it did not."""
    pages = 0
    while True:
        front = book()
        layout_files(layout_index(front, info, text, first_pages(before + pages, counts)), info, text)
        if len(front.pages) == pages:
            return front
        pages = len(front.pages)


def layout_index(book: Book, info: CaseInfo, text: PdfText, pages: Mapping[int, int]) -> Flow:
    """The exhibit index from the top of the book's first page, each row with its exhibit's first page
    (``pages``: "—" for an exhibit without one); the returned flow continues below it."""
    dot = book.metrics.dot
    flow = book.flow()
    flow.heading("Exhibit index", TITLE, after=6 * dot)
    rows = [
        (
            str(e.number),
            text.text(e.ticket_id),
            store_time_text(e.start, e.utc_offset_min) or "—",
            text.text(e.location or "—"),
            text.text(e.terminal or "—"),
            text.text(operator_text(e.operator, e.operator_id)),  # with the ID: names repeat across stores
            report_money(text, e.total),
            ", ".join(str(RULES_BY_ID[r].title) if r in RULES_BY_ID else r for r in e.exceptions),
            STATE_LABELS.get(e.flag_state, "") if e.flag_state else "",
            str(pages[e.number]) if e.number in pages else "—",
        )
        for e in info.entries
    ]
    headers = ["#", "Ticket", "Store time", "Store", "Register", "Operator", "Total", "Exceptions", "State"]
    fractions = [0.04, 0.17, 0.15, 0.07, 0.09, 0.11, 0.07, 0.14, 0.10, 0.06]
    table(flow, [*headers, "Page"], fractions, rows, INDEX, right=(6, 9))
    return flow


def layout_files(flow: Flow, info: CaseInfo, text: PdfText) -> None:
    """The exported files with their digests (known once the data files are written), below the index."""
    dot = flow.book.metrics.dot
    flow.heading("Exported files", TITLE, before=14 * dot, after=4 * dot)
    flow.text(
        "Each data file and camera snapshot of this export, with its SHA-256 digest (check with sha256sum). "
        "The digests of this report and of the files written after it (export.json, key.pem) are in "
        "MANIFEST.sha256.",
        NOTE,
    )
    flow.skip(4 * dot)
    if not info.files:
        flow.text("No other files.", NOTE)
        return
    listed = text.held_in(CUSTODY_FILE)  # each file is in export.json's files (and MANIFEST.sha256)
    files = [(listed.text(path), digest, text.numbers.count(size)) for path, digest, size in info.files]
    table(flow, ["File", "SHA-256", "Bytes"], [0.28, 0.60, 0.12], files, FILES, right=(2,))


__all__ = ["first_pages", "layout_files", "layout_front", "layout_index"]
