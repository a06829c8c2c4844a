"""The PDF case report, drawn with Qt's ``QPdfWriter`` (the one Qt module in export/).

Each page's content is a small ``QTextDocument`` built from :mod:`.report_html` and laid out against the PDF
writer itself (so point sizes are exact at its resolution); a document taller than a page continues on the
next one. Every page gets the same footer: the case reference, "CONFIDENTIAL" and "Page N of M".

To know M, the report is drawn when it is complete (:meth:`PdfReport.finish`): each exhibit is laid out when
added (to count its pages). The first ``KEEP_LAID_OUT`` exhibits keep their laid-out document until drawn
(layout is most of an exhibit's cost; ~0.27 MB each); later ones keep only their HTML and are laid out again. Ticket text goes through
:class:`~.pdftext.PdfText` (bidi controls shown, never obeyed; undrawable emoji named; long text cut).

Needs a ``QGuiApplication`` (fonts): :func:`ensure_gui_application` makes one when none exists (the CLI
path); with ``QT_QPA_PLATFORM=offscreen`` no display is needed. Runs in any single thread."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QImageReader,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextOption,
)

from ows_desktop.export.collect import ExportItem
from ows_desktop.export.formatting import NumberStyle
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_html import (
    CaseInfo,
    cover_html,
    exhibit_html,
    files_html,
    index_html,
)
from ows_desktop.export.report_style import NAVY, RULE

RESOLUTION = 300  # dots per inch of the PDF's coordinate system
MARGIN_PT = 42  # 0.58 in
FOOTER_PT = 20
KEEP_LAID_OUT = 400  # exhibits whose laid-out document is kept from counting to drawing (memory bound)
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


class PdfReport:
    """A case report: ``exhibit(item)`` per ticket, then ``finish()`` draws the cover, the index, the list
    of exported files, and the exhibits (or ``abort()`` on failure)."""

    def __init__(self, path: Path, info: CaseInfo, redactor: Redactor, *, page_size: str = "letter") -> None:
        ensure_gui_application()
        self._info = info
        self._writer = QPdfWriter(str(path))
        self._writer.setResolution(RESOLUTION)
        self._writer.setPageSize(QPageSize(PAGE_SIZES.get(page_size, QPageSize.PageSizeId.Letter)))
        self._writer.setPageOrientation(QPageLayout.Orientation.Portrait)
        self._writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        self._writer.setTitle(redactor.text(f"Case report {info.case_id} — {info.title}"))
        self._writer.setCreator(f"OWS Desktop {info.app_version}")
        self._writer.setAuthor(redactor.text(info.investigator))
        self._painter = QPainter()
        if not self._painter.begin(self._writer):
            raise OSError(f"Cannot write the PDF at {path}.")
        page = self._writer.pageLayout().paintRectPixels(RESOLUTION)
        self._page_w, self._page_h = page.width(), page.height()
        self._margin = self._pt(MARGIN_PT)
        self._content = QRectF(
            self._margin,
            self._margin,
            self._page_w - 2 * self._margin,
            self._page_h - 2 * self._margin - self._pt(FOOTER_PT),
        )
        self._page = 0
        self._pages_total = 0
        self._started = False
        self._font = QFont("DejaVu Sans")
        self._font.setStyleHint(QFont.StyleHint.SansSerif)
        self._font.setPointSizeF(9)
        # No ligatures: "fi"/"ff" glyphs would extract as U+FB01/U+FB00 and defeat text search in the PDF.
        for tag in ("liga", "clig", "dlig"):
            self._font.setFeature(QFont.Tag(tag), 0)
        self._text = PdfText(redactor, glyph_checker(self._font), numbers=locale_numbers())
        # html, snapshot, pages, and the laid-out document while within KEEP_LAID_OUT
        self._exhibits: list[tuple[str, Path | None, int, QTextDocument | None]] = []

    def _pt(self, points: float) -> float:
        return points * RESOLUTION / 72.0

    # -- content ---------------------------------------------------------------------------------------

    def exhibit(self, item: ExportItem, snapshot_path: Path | None = None) -> None:
        width = None
        if snapshot_path is not None:
            size = QImageReader(str(snapshot_path)).size()
            if size.isValid() and size.width() > 0:
                # HTML pixel lengths are 1/96 in; the document is laid out at the writer's resolution.
                width = (self._content.width() * 0.43 - self._pt(4)) * 96 / RESOLUTION
                height = width * size.height() / size.width()
                if height > 260:  # portrait frames: cap the height (pixels of 1/96 in)
                    width = width * 260 / height
        html = exhibit_html(
            item,
            len(self._info.entries),
            self._text,
            "snapshot" if width is not None else None,
            int(width or 0),
        )
        shot = snapshot_path if width is not None else None
        doc = self._document(html, self._images(shot))
        pages = doc.pageCount()
        keep = doc if len(self._exhibits) < KEEP_LAID_OUT else None
        self._exhibits.append((html, shot, max(1, pages), keep))

    def finish(self) -> None:
        """Draw every page, numbered "Page N of M", and close the file."""
        front = [
            cover_html(self._info, self._text),
            index_html(self._info.entries, self._text) + "<p></p>" + files_html(self._info, self._text),
        ]
        front_docs = [self._document(html) for html in front]
        self._pages_total = sum(max(1, d.pageCount()) for d in front_docs) + sum(
            entry[2] for entry in self._exhibits
        )
        for doc in front_docs:
            self._draw(doc)
        front_docs.clear()
        for index, (html, shot, _pages, kept) in enumerate(self._exhibits):
            self._draw(kept if kept is not None else self._document(html, self._images(shot)))
            self._exhibits[index] = (html, shot, _pages, None)  # its memory goes as soon as it is drawn
        self._exhibits.clear()
        self._painter.end()

    def abort(self) -> None:
        """Stop without drawing (the export failed or was cancelled; its folder is removed)."""
        self._exhibits.clear()
        if self._painter.isActive():
            self._painter.end()

    # -- drawing ---------------------------------------------------------------------------------------

    @staticmethod
    def _images(shot: Path | None) -> dict[str, QImage]:
        if shot is None:
            return {}
        image = QImage(str(shot))
        return {} if image.isNull() else {"snapshot": image}

    def _document(self, html: str, images: dict[str, QImage] | None = None) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self._writer)
        doc.setDefaultFont(self._font)
        doc.setDocumentMargin(0)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # long words too
        doc.setDefaultTextOption(option)
        for name, image in (images or {}).items():
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        # Paginated layout (set before the HTML, so the document is laid out once): table rows are never cut
        # in half and <thead> rows repeat on each page.
        doc.setPageSize(QSizeF(self._content.width(), self._content.height()))
        doc.setHtml(html)
        return doc

    def _new_page(self) -> None:
        if self._started:
            self._writer.newPage()
        self._started = True
        self._page += 1
        self._footer()

    def _draw(self, doc: QTextDocument) -> None:
        height = self._content.height()
        painter = self._painter
        for page in range(max(1, doc.pageCount())):
            self._new_page()
            painter.save()
            painter.translate(self._content.left(), self._content.top() - page * height)
            doc.drawContents(painter, QRectF(0, page * height, self._content.width(), height))
            painter.restore()

    def _footer(self) -> None:
        painter = self._painter
        painter.save()
        top = self._page_h - self._margin - self._pt(FOOTER_PT) + self._pt(6)
        painter.setPen(QPen(QColor(RULE), self._pt(0.6)))
        painter.drawLine(int(self._margin), int(top), int(self._page_w - self._margin), int(top))
        font = QFont(self._font)
        font.setPointSizeF(7)
        painter.setFont(font)
        painter.setPen(QColor(NAVY))
        box = QRectF(
            self._margin, top + self._pt(3), self._page_w - 2 * self._margin, self._pt(FOOTER_PT - 6)
        )
        total = max(self._pages_total, self._page)
        texts = (
            (
                self._text.text(f"OWS Desktop case report · {self._info.case_id}"),
                Qt.AlignmentFlag.AlignLeft,
            ),
            ("CONFIDENTIAL", Qt.AlignmentFlag.AlignHCenter),
            (f"Page {self._page} of {total}", Qt.AlignmentFlag.AlignRight),
        )
        for text, align in texts:
            painter.drawText(box, int(align | Qt.AlignmentFlag.AlignTop), text)
        painter.restore()


def locale_numbers() -> NumberStyle:
    """Amounts as the window's locale writes them (QLocale's default, set by ui/translation.py): 1 234,50 in
    fr_FR. Qt's "C" locale (LANG=C) keeps 1,234.50."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return NumberStyle()
    return NumberStyle(decimal=locale.decimalPoint(), group=locale.groupSeparator())


def glyph_checker(font: QFont) -> Callable[[int], bool]:
    """Whether the report's font, or an installed outline emoji/symbol font (Qt falls back to it), draws a
    character. Colour emoji fonts are not counted: their bitmaps do not reach a PDF."""
    families = [font.family()] + [
        family
        for family in QFontDatabase.families()
        if any(k in family.lower() for k in ("emoji", "symbola")) and "color" not in family.lower()
    ]
    metrics = [QFontMetricsF(QFont(family)) for family in families]
    return lambda cp: any(m.inFontUcs4(cp) for m in metrics)


__all__ = ["PdfReport", "ensure_gui_application", "glyph_checker"]
