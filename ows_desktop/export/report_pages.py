"""The exhibits' pages of the case report, from layout to drawing (no Qt here: export/pdf.py measures and
draws). Each exhibit is laid out when added — here, or from :data:`LAYOUT_PROCESS_FROM` exhibits on by the
layout process (:mod:`.report_worker`) — and its pages spooled by exhibit number; once every exhibit is laid out
(the footers say "Page N of M"), the first exhibits' pages are drawn here and the last ones by the drawing
process (:mod:`.report_drawer`), whose file is then appended to the report — but for the end of its share,
which this process draws once done with its own. A process that cannot start or dies leaves its work to this
one: the report is the same page for page."""

from __future__ import annotations

import logging
import marshal
import unicodedata
from collections.abc import Callable
from typing import Any, Protocol

from ows_desktop.export import report_exhibit
from ows_desktop.export.collect import ExportItem
from ows_desktop.export.errors import ExportCancelled
from ows_desktop.export.pdfjoin import Segment
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_drawer import DrawingProcess, DrawShare, split
from ows_desktop.export.report_exhibit import Pictures, layout_exhibit
from ows_desktop.export.report_layout import COMMON_CHARS, AdvanceMetrics, Book, Face, Op
from ows_desktop.export.report_worker import LayoutWorker, PageSpool, WorkerSetup

log = logging.getLogger(__name__)

# The layout and drawing processes from this many exhibits on: below, their start costs more than they save.
LAYOUT_PROCESS_FROM = 200
DRAWING_PROCESS_FROM = 200
EXHIBIT_FACES = [f for f in vars(report_exhibit).values() if isinstance(f, Face)] + [
    Face(7.5, "#ffffff", bold=True)
]


class Pages(Protocol):
    """Where the exporter draws (export/pdf.py's ``PageDrawer``)."""

    page_no: int  # the last page's number (set it to draw pages out of order)
    drawn: int  # pages drawn into this file
    total: int  # pages in the report

    def page(self, ops: list[Op]) -> None: ...


def draw_exhibits(
    draw: Pages,
    spool: PageSpool,
    drawer: DrawingProcess | None,
    share: Callable[[list[int]], DrawShare],
    progress: Callable[[int], None],
    cancelled: Callable[[], bool],
    front: Callable[[], None] = lambda: None,
) -> list[Segment] | None:
    """Draw ``front()`` then the spooled exhibits, the last ones (``split``) by ``drawer`` when there is one, given
    ``share(their exhibit numbers)``, the end of its share here once this process is done with its own;
    ``progress(pages drawn)`` after each exhibit, ``cancelled()`` checked before each. Returns the order of the
    pages (export/pdfjoin.py's segments, file 1 being ``drawer``'s :func:`part_path`) for :func:`join_part`;
    None: this process drew every page, in order."""
    numbers = sorted(spool.counts)
    before = draw.total - sum(spool.counts.values())  # the cover and the index: this process draws them
    first = split(spool.counts, before) if drawer is not None else 0
    theirs = [n for n in numbers if first and n >= first]
    if drawer is None or not theirs:
        drawer, theirs = None, []
    else:
        drawer.draw(share(theirs))

    def draw_here(part: list[int], drawn_there: Callable[[], int] = lambda: 0) -> int:
        start = draw.drawn
        for number in part:
            if cancelled():
                raise ExportCancelled("Export cancelled; nothing was written.")
            for ops in spool.pages(number):
                draw.page(ops)
            progress(draw.drawn + drawn_there())
        return draw.drawn - start

    front()
    draw_here(numbers[: len(numbers) - len(theirs)], drawer.poll if drawer is not None else (lambda: 0))
    if drawer is None:
        return None
    mine = draw.drawn  # the cover, the index and this process's exhibits: pages 1 to mine
    keep = drawer.steal(cancelled)  # the drawing process draws theirs[:keep], this one the rest
    keep = len(theirs) if keep is None else keep
    kept = sum(spool.counts[n] for n in theirs[:keep])
    draw.page_no = mine + kept
    stolen = draw_here(theirs[keep:], drawer.poll)
    if drawer.wait(cancelled, lambda n: progress(draw.drawn + n)):
        return [(0, 0, mine), (1, 0, kept), (0, mine, mine + stolen)]
    if cancelled():
        raise ExportCancelled("Export cancelled; nothing was written.")
    log.warning("The PDF's drawing process stopped; drawing its pages in this one")
    drawer.stop()
    draw.page_no = mine
    draw_here(theirs[:keep])  # after the pages drawn here: the page tree puts them in order
    end = draw.drawn
    return [(0, 0, mine), (0, mine + stolen, end), (0, mine, mine + stolen)] if stolen else None


class ExhibitPages:
    """The pages of ``total`` exhibits: ``add(item, pictures)`` per exhibit, then ``close()`` (every exhibit
    laid out: ``spool.counts``), then ``draw(...)``; ``stop()`` on failure or cancel. ``book()`` gives an
    empty book of the report's pages; ``draw_main`` is the drawing process's entry point (export/pdf.py)."""

    def __init__(
        self,
        spool: PageSpool,
        metrics: AdvanceMetrics,
        text: PdfText,
        redactor: Redactor,
        book: Callable[[], Book],
        total: int,
        draw_main: Callable[[Any, Any], None],
    ) -> None:
        self.spool, self._metrics, self._text, self._redactor = spool, metrics, text, redactor
        self._book, self._total = book, total
        self._worker = self._start_worker(draw_main) if total >= LAYOUT_PROCESS_FROM else None
        self._drawer: DrawingProcess | None = None  # the layout process, once it laid out every exhibit

    def _start_worker(self, draw_main: Callable[[Any, Any], None]) -> LayoutWorker | None:
        def setup() -> WorkerSetup:  # made while the process starts
            m = self._metrics
            m.simple_table(EXHIBIT_FACES)
            m.learned.clear()
            # whether the fonts draw them, asked up front as they are measured (unassigned ones, which no
            # font draws, are left for this process to meet: what the report names is named here, and logged)
            self._text.ask(ch for ch in COMMON_CHARS if unicodedata.category(ch) != "Cn")
            self._text.learned.clear()
            b = self._book()
            return WorkerSetup(self._redactor.secrets, self._text.numbers, m.dot, dict(m.ids), m.heights,
                               m.advances, (b.left, b.top, b.width, b.bottom), self._total,
                               self._text.verdicts())  # fmt: skip

        try:
            return LayoutWorker(setup, self.spool, draw_main)
        except Exception:  # no second process here (e.g. a script without a __main__ guard): lay out here
            log.warning("The PDF's layout process did not start; laying out in this one", exc_info=True)
            return None

    def add(self, item: ExportItem, pictures: Pictures) -> None:
        """Lay out the ticket's exhibit, here or in the layout process."""
        if self._worker is not None:
            for back in self._worker.take_back():
                self.lay_out(*back)
            if self._worker.submit(item, pictures, self._metrics.learned, self._text.learned):
                return
        self.lay_out(item, pictures)

    def lay_out(self, item: ExportItem, pictures: Pictures) -> None:
        book = self._book()
        layout_exhibit(book, item, self._total, self._text, pictures)
        pages = book.finished()
        self.spool.put(item.number, marshal.dumps(pages), len(pages))

    def close(self) -> None:
        """Wait for the layout process: every exhibit is laid out (from :data:`DRAWING_PROCESS_FROM` exhibits
        on, the process then waits to draw the last ones)."""
        if self._worker is not None:
            draws = self._total >= DRAWING_PROCESS_FROM
            self._worker.close(self.lay_out, keep=draws)
            self._redactor.count += self._worker.redactions
            parts = self._worker.detach() if draws else None
            self._drawer = DrawingProcess(*parts) if parts is not None else None
            self._worker = None

    def draw(
        self,
        draw: Pages,
        share: Callable[[list[int]], DrawShare],
        progress: Callable[[int], None],
        cancelled: Callable[[], bool],
        front: Callable[[], None],
    ) -> list[Segment] | None:
        """Draw the pages (see :func:`draw_exhibits`): the pages' order for :func:`join_part`, or None."""
        drawer, self._drawer = self._drawer, None
        try:
            return draw_exhibits(draw, self.spool, drawer, share, progress, cancelled, front)
        finally:
            if drawer is not None:
                drawer.stop()

    def stop(self) -> None:
        for process in (self._worker, self._drawer):
            if process is not None:
                process.stop()
        self._worker = self._drawer = None


__all__ = [
    "DRAWING_PROCESS_FROM",
    "EXHIBIT_FACES",
    "LAYOUT_PROCESS_FROM",
    "ExhibitPages",
    "Pages",
    "draw_exhibits",
]
