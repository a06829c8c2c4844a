"""The PDF case report, drawn with Qt's ``QPdfWriter`` (the one Qt module in export/).

The cover's top and end are small ``QTextDocument``s (:mod:`.report_html`, put together by :mod:`.pdf_flow`).
The cover's tables, the exhibit index, the list of files and every exhibit are laid out by
:mod:`.report_cover`, :mod:`.report_index` and :mod:`.report_exhibit` (no Qt) with this module's
:class:`PdfMetrics` (the writer's own fonts), then drawn here with the painter, text as plain text. Every page
gets the same footer: the case reference, "CONFIDENTIAL" and "Page N of M".

To know M, an exhibit is laid out when added (:meth:`PdfReport.exhibit`): its pages' drawing operations are
spooled to an unnamed temporary file next to the report, and drawn by :meth:`PdfReport.finish`, which says
how far it got and stops when the export is cancelled. In a big report the last exhibits are drawn by the
layout process (:func:`draw_main`, :mod:`.report_pages`) into a second file joined to this one. Ticket text goes through :class:`~.pdftext.PdfText`
(bidi controls shown, never obeyed; undrawable emoji named; long text cut).

Needs a ``QGuiApplication`` (fonts): :func:`ensure_gui_application` makes one when none exists (the CLI
path); with ``QT_QPA_PLATFORM=offscreen`` no display is needed. Runs in any single thread."""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QMarginsF, QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGlyphRun,
    QGuiApplication,
    QImage,
    QImageReader,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextLayout,
)

from ows_desktop.basics.text_marks import mark_name
from ows_desktop.export.collect import ExportItem
from ows_desktop.export.fonts import drawn_checker, fallback_families, glyph_checker
from ows_desktop.export.formatting import NumberStyle
from ows_desktop.export.pdf_flow import Cover, cover_document, lay_out_cover
from ows_desktop.export.pdfscripts import scripts_of
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_drawer import DrawShare, draw_share, join_part, part_path
from ows_desktop.export.report_exhibit import Picture
from ows_desktop.export.report_html import CaseInfo
from ows_desktop.export.report_index import layout_front
from ows_desktop.export.report_layout import (
    COMPLEX,
    IMAGE,
    LINE,
    RECT,
    SHAPED,
    TEXT,
    AdvanceMetrics,
    Book,
    Face,
    Op,
)
from ows_desktop.export.report_pages import ExhibitPages
from ows_desktop.export.report_style import NAVY, RULE
from ows_desktop.export.report_worker import PageSpool, worker_main

log = logging.getLogger(__name__)

RESOLUTION = 300  # dots per inch of the PDF's coordinate system
DOT = RESOLUTION / 72.0  # dots per point
MARGIN_PT = 42  # 0.58 in
FOOTER_PT = 20
FOOTER = Face(7, NAVY)
PAGE_SIZES = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}


def ensure_gui_application() -> QGuiApplication:
    """The running Q(Gui)Application, or a new offscreen-capable one (kept for the process's life)."""
    app = QGuiApplication.instance()
    if app is None:
        if (
            not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY")
            and sys.platform.startswith("linux")
        ):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication([sys.argv[0] if sys.argv else "ows-desktop"])
    return app  # type: ignore[return-value]


def report_font(family: str = "DejaVu Sans") -> QFont:
    """The report's face: no ligatures ("fi"/"ff" would extract as U+FB01/U+FB00 and defeat text search in
    the PDF) and no kerning (so a text's width is the sum of its characters' widths)."""
    font = QFont([family, *fallback_families()])  # CJK text in the font OWS Desktop ships (export/fonts.py)
    font.setStyleHint(QFont.StyleHint.TypeWriter if "Mono" in family else QFont.StyleHint.SansSerif)
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    font.setKerning(False)
    return font


class PdfMetrics(AdvanceMetrics):
    """Text measured with the PDF writer's fonts (report_layout's ``Metrics``). Widths of simple text (Latin,
    punctuation) are sums of cached character widths; other text (right-to-left, CJK, combining marks,
    emoji) is measured whole by Qt, which shapes it as it will be drawn."""

    def __init__(self, device: QPaintDevice) -> None:
        super().__init__(device.logicalDpiY() / 72.0)
        self._device = device
        self.faces: list[Face] = []
        self.fonts: list[QFont] = []
        self.colours: list[QColor] = []
        self.ascents: list[float] = []
        self._metrics: list[QFontMetricsF] = []

    def face_id(self, face: Face) -> int:
        fid = self.ids.get(face)
        if fid is None:
            font = report_font("DejaVu Sans Mono" if face.mono else "DejaVu Sans")
            font.setPointSizeF(face.size)
            font.setBold(face.bold)
            font.setStrikeOut(face.strike)
            metrics = QFontMetricsF(font, self._device)
            fid = self.ids[face] = len(self.fonts)
            self.fonts.append(font)
            self.faces.append(face)
            self.colours.append(QColor(face.colour))
            self.ascents.append(metrics.ascent())
            self._metrics.append(metrics)
            self.heights.append(metrics.lineSpacing())
            self.advances.append({})
        return fid

    def missing(self, text: str, fid: int) -> float:
        metrics, advances = self._metrics[fid], self.advances[fid]
        if SHAPED.search(text):
            return metrics.horizontalAdvance(text)
        for ch in set(text).difference(advances):
            advances[ch] = width = metrics.horizontalAdvance(ch)
            self.learned.append((fid, ch, width))
        return sum(map(advances.__getitem__, text))


class PdfReport:
    """A case report: ``exhibit(item)`` per ticket, then ``finish()`` draws the cover, the index, the list
    of exported files, and the exhibits (or ``abort()`` on failure)."""

    def __init__(
        self,
        path: Path,
        info: CaseInfo,
        redactor: Redactor,
        *,
        page_size: str = "letter",
    ) -> None:
        ensure_gui_application()
        self._info = info
        self._path, self._page_size = path, page_size
        self._writer = open_writer(path, page_size)
        # a viewer's title bar obeys a bidi control and shows a control character as is, and a line break cuts
        # the field there (an Author of "Bob\nEve" read "Bob"): marked, as on the pages
        self._writer.setTitle(mark_name(redactor.text(f"Case report {info.case_id} — {info.title}")))
        self._writer.setCreator(f"OWS Desktop {info.app_version}")
        self._writer.setAuthor(mark_name(redactor.text(info.investigator)))
        self._metrics = PdfMetrics(self._writer)
        self._font = report_font()
        self._font.setPointSizeF(9)
        # Text no font here draws (with the sans or the mono face) is named instead (export/pdfscripts.py).
        drawn = drawn_checker([self._font, report_font("DejaVu Sans Mono")], self._writer)
        self._text = PdfText(redactor, glyph_checker(self._font), drawable=drawn, numbers=locale_numbers())
        footer = self._text.text(f"OWS Desktop case report · {info.case_id}")
        self._draw = PageDrawer(path, self._writer, self._metrics, footer)
        self._content = self._draw.content
        self._pages = ExhibitPages(PageSpool(path.parent), self._metrics, self._text, redactor, self._book,
                                   len(info.entries), draw_main)  # fmt: skip

    def _book(self) -> Book:
        c = self._content
        return Book(self._metrics, c.left(), c.top(), c.width(), c.bottom())

    def exhibit(self, item: ExportItem, snapshot_paths: Sequence[Path] = ()) -> None:
        """Lay out the ticket's exhibit (drawn by :meth:`finish`), here or in the layout process, with the
        picture of each of its snapshots (``item.snapshots``' files; None: not readable as a picture)."""
        pictures: list[Picture | None] = []
        for path in snapshot_paths:
            size = QImageReader(str(path)).size()
            ok = size.isValid() and size.width() > 0 and size.height() > 0
            pictures.append(Picture(str(path), size.width(), size.height()) if ok else None)
        self._pages.add(item, tuple(pictures))

    def finish(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        """Draw every page, numbered "Page N of M", and close the file. ``progress(page, pages)`` is called
        as the exhibits' pages are drawn; ``cancelled()`` stops the drawing (ExportCancelled)."""
        self._pages.close()
        draw, cancel, spool = self._draw, cancelled or (lambda: False), self._pages.spool

        def document(html: str) -> QTextDocument:
            return cover_document(html, self._writer, self._font, self._content.size())

        cover = lay_out_cover(self._info, self._text, document, self._book())
        front_pages = layout_front(self._book, self._info, self._text, cover.pages, spool.counts).finished()
        draw.total = cover.pages + len(front_pages) + sum(spool.counts.values())

        def share(theirs: list[int]) -> DrawShare:
            # this process's pages: the cover, the index, the first exhibits
            mine = draw.total - sum(spool.counts[n] for n in theirs)
            return DrawShare(str(part_path(self._path)), self._page_size, list(self._metrics.faces),
                             draw.footer_text, mine, draw.total, [spool.raw(n) for n in theirs],
                             [spool.counts[n] for n in theirs])  # fmt: skip

        def front() -> None:  # while the drawing process starts on the last exhibits
            draw.cover(cover)
            for ops in front_pages:
                draw.page(ops)
            front_pages.clear()

        report = progress or (lambda _page, _pages: None)
        order = self._pages.draw(draw, share, lambda n: report(n, draw.total), cancel, front)
        spool.close()
        draw.end()
        # what this process named, in one line (Qt's own messages are not printed): not every character found
        # undrawn (the currency signs asked about up front, say), and a layout process's names are its own
        if self._text.named:
            log.warning("The PDF names the text it could not draw (%s: no font here draws it); tickets.json or "
                        "export.json, as the PDF says, holds it whole", scripts_of(self._text.named))  # fmt: skip
        if order is not None:
            join_part(self._path, order)
        part_path(self._path).unlink(missing_ok=True)  # a drawing process that died may have begun its file

    def abort(self) -> None:
        """Stop without drawing (the export failed or was cancelled; its folder is removed)."""
        self._pages.stop()
        part_path(self._path).unlink(missing_ok=True)
        self._pages.spool.close()
        self._draw.end()


def open_writer(path: Path, page_size: str) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(PAGE_SIZES.get(page_size, QPageSize.PageSizeId.Letter)))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    return writer


class PageDrawer:
    """Pages drawn into one PDF writer, each with its footer ("Page N of ``total``", N from ``page_no``)."""

    def __init__(
        self, path: Path, writer: QPdfWriter, metrics: PdfMetrics, footer: str, page_no: int = 0
    ) -> None:
        self._writer, self._metrics, self.footer_text = writer, metrics, footer
        self._painter = QPainter()
        if not self._painter.begin(writer):
            raise OSError(f"Cannot write the PDF at {path}.")
        page = writer.pageLayout().paintRectPixels(RESOLUTION)
        self._page_w, self._page_h = page.width(), page.height()
        self._margin = margin = MARGIN_PT * DOT
        height = self._page_h - 2 * margin - FOOTER_PT * RESOLUTION / 72.0
        self.content = QRectF(margin, margin, self._page_w - 2 * margin, height)
        self.page_no, self.total, self.drawn = page_no, 0, 0
        self._started = False
        self._colours: dict[str, QColor] = {}
        self._pens: dict[tuple[str, float], QPen] = {}
        self._footer_ops: list[Op] | None = None
        self._seen: set[tuple[int, str]] = set()
        self._runs: dict[tuple[int, str], list[QGlyphRun]] = {}
        self._points: dict[tuple[float, float], QPointF] = {}

    def end(self) -> None:
        if self._painter.isActive():
            self._painter.end()

    def _new_page(self, ops: list[Op] | tuple[()] = ()) -> None:
        """A new page: its footer and ``ops`` drawn together (the footer's face among the page's)."""
        if self._started:
            self._writer.newPage()
        self._started = True
        self.page_no += 1
        self.drawn += 1
        self._draw_ops([*self._footer(), *ops])

    def cover(self, cover: Cover) -> None:
        """The cover's pages (export/pdf_flow.py): its documents' pages, each clipped to its own, and its
        tables' operations, in reading order."""
        for page in range(cover.pages):
            self._new_page()
            for part in cover.on(page):
                if isinstance(part, tuple):
                    self._document_page(*part)
                else:
                    self._draw_ops(part)

    def _document_page(self, doc: QTextDocument, page: int) -> None:
        height, painter = self.content.height(), self._painter
        painter.save()
        painter.translate(self.content.left(), self.content.top() - page * height)
        doc.drawContents(painter, QRectF(0, page * height, self.content.width(), height))
        painter.restore()

    def _colour(self, name: str) -> QColor:
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = QColor(name)
        return colour

    def _pen(self, name: str, width: float) -> QPen:
        """A rule's pen, made once (QPen's constructor builds its default style arguments on every call)."""
        pen = self._pens.get((name, width))
        if pen is None:
            pen = self._pens[(name, width)] = QPen(self._colour(name), width)
        return pen

    def _glyph_runs(self, fid: int, text: str) -> list[QGlyphRun]:
        """A text seen before (labels, names, amounts repeat from ticket to ticket) is shaped once and kept as
        glyph runs; the first time it is drawn as text (an empty list: most texts are seen once)."""
        key = (fid, text)
        if key not in self._seen or COMPLEX.search(text) or self._metrics.faces[fid].strike:
            if len(self._seen) > 200_000:
                self._seen.clear()
            self._seen.add(key)
            return []
        layout = QTextLayout(text, self._metrics.fonts[fid], self._writer)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1e9)
        line.setPosition(QPointF(0, 0))
        layout.endLayout()
        if len(self._runs) > 50_000:
            self._runs.clear()
        runs = self._runs[key] = layout.glyphRuns()
        return runs

    def page(self, ops: list[Op]) -> None:
        """A new page with its footer, and its laid-out operations (report_layout)."""
        self._new_page(ops)

    def _draw_ops(self, ops: list[Op]) -> None:
        """Panels, rules and pictures, then the texts in reading order (what extraction, selection and screen
        readers follow), the font and colour set only where the face changes: texts never overlap, nothing is
        drawn over one, and no rule's pen comes between two texts (each pen change is written into the stream)."""
        painter = self._painter
        texts: list[Op] = []
        for op in ops:
            kind = op[0]
            if kind == TEXT:
                if op[4]:
                    texts.append(op)
            elif kind == RECT:
                _kind, x, y, w, h, colour = op
                painter.fillRect(QRectF(x, y, w, h), self._colour(colour))
            elif kind == LINE:
                _kind, x1, y1, x2, y2, colour, width = op
                painter.setPen(self._pen(colour, width))
                painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))
            elif kind == IMAGE:
                _kind, x, y, w, h, path = op
                image = QImage(path)
                if not image.isNull():
                    painter.drawImage(QRectF(x, y, w, h), image)
        self._draw_texts(texts)

    def _draw_texts(self, texts: list[Op]) -> None:
        """The texts in their order, the font and colour set where the face changes."""
        painter, m, runs_of, points = self._painter, self._metrics, self._runs, self._points
        fonts, colours, ascents = m.fonts, m.colours, m.ascents
        current, ascent = -1, 0.0
        for _kind, x, y, fid, text in texts:
            if fid != current:
                painter.setFont(fonts[fid])
                painter.setPen(colours[fid])
                ascent, current = ascents[fid], fid
            runs = runs_of.get((fid, text))
            if runs is None:
                runs = self._glyph_runs(fid, text)
            if runs:
                point = points.get((x, y))
                if point is None:
                    point = QPointF(x, y)
                    if len(points) < 20_000:  # texts are placed at the same few places page after page
                        points[(x, y)] = point
                for run in runs:
                    painter.drawGlyphRun(point, run)
            else:
                painter.drawText(QPointF(x, y + ascent), text)

    def _footer(self) -> list[Op]:
        """The case reference, "CONFIDENTIAL" and "Page N of M" under a rule (all but the page number made
        once per report)."""
        m, face = self._metrics, FOOTER
        top = self._page_h - self._margin - FOOTER_PT * RESOLUTION / 72.0 + 6 * DOT
        left, right, y = self._margin, self._page_w - self._margin, top + 3 * DOT
        fid = m.face_id(face)
        if self._footer_ops is None:
            centre = (left + right - m.width("CONFIDENTIAL", face)) / 2
            self._footer_ops = [
                (LINE, left, top, right, top, RULE, 0.6 * DOT),
                (TEXT, left, y, fid, self.footer_text),
                (TEXT, centre, y, fid, "CONFIDENTIAL"),
            ]
        page = f"Page {self.page_no} of {max(self.total, self.page_no)}"
        return [*self._footer_ops, (TEXT, right - m.width(page, face), y, fid, page)]


def draw_main(inbox: Any, conn: Any) -> None:
    """Entry point of the layout process (export/report_worker.py), which then draws the share it is sent
    (export/report_drawer.py), page by page; the parent ends it when it sends none."""
    worker_main(inbox, conn)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # draws into a file only, never on a display
    ensure_gui_application()
    share: DrawShare = pickle.loads(inbox.recv_bytes())  # noqa: S301 (the parent process, our own pipe)
    writer = open_writer(Path(share.path), share.page_size)
    metrics = PdfMetrics(writer)
    for face in share.faces:  # the same face ids as the exporter's
        metrics.face_id(face)
    draw = PageDrawer(Path(share.path), writer, metrics, share.footer, share.first_page)
    draw.total = share.total
    draw_share(share, draw.page, inbox, conn)
    draw.end()
    conn.send_bytes(pickle.dumps("done"))


def locale_numbers() -> NumberStyle:
    """Amounts as the window's locale writes them (QLocale's default, set by ui/translation.py): 1 234,50 in
    fr_FR. Qt's "C" locale (LANG=C) keeps 1,234.50."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return NumberStyle()
    return NumberStyle(decimal=locale.decimalPoint(), group=locale.groupSeparator())


__all__ = ["PdfReport", "ensure_gui_application"]
