"""The PDF case report, drawn with Qt's ``QPdfWriter`` (the one Qt module in export/).

Each page's content is a small ``QTextDocument`` built from :mod:`.report_html` and laid out against the PDF
writer itself (so point sizes are exact at its resolution); a document taller than a page continues on the
next one. Every page gets the same footer: the case reference, "CONFIDENTIAL" and the page number.

Needs a ``QGuiApplication`` (fonts): :func:`ensure_gui_application` makes one when none exists (the CLI
path); with ``QT_QPA_PLATFORM=offscreen`` no display is needed. Runs in any single thread."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from ows_desktop.export.collect import ExportItem
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_html import NAVY, RULE, CaseInfo, cover_html, exhibit_html, index_html

RESOLUTION = 300  # dots per inch of the PDF's coordinate system
MARGIN_PT = 42  # 0.58 in
FOOTER_PT = 20
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
    """Write a case report: ``cover()``, ``index()``, then ``exhibit(item)`` per ticket, then ``close()``."""

    def __init__(self, path: Path, info: CaseInfo, redactor: Redactor, *, page_size: str = "letter") -> None:
        ensure_gui_application()
        self._info = info
        self._redactor = redactor
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
        self._started = False
        self._font = QFont("DejaVu Sans")
        self._font.setStyleHint(QFont.StyleHint.SansSerif)
        self._font.setPointSizeF(9)
        # No ligatures: "fi"/"ff" glyphs would extract as U+FB01/U+FB00 and defeat text search in the PDF.
        for tag in ("liga", "clig", "dlig"):
            self._font.setFeature(QFont.Tag(tag), 0)

    def _pt(self, points: float) -> float:
        return points * RESOLUTION / 72.0

    # -- pages -----------------------------------------------------------------------------------------

    def cover(self) -> None:
        self._draw(cover_html(self._info, self._redactor))

    def index(self) -> None:
        self._draw(index_html(self._info.entries, self._redactor))

    def exhibit(self, item: ExportItem, snapshot_path: Path | None = None) -> None:
        html = exhibit_html(
            item, len(self._info.entries), self._redactor, "snapshot" if snapshot_path else None
        )
        images: dict[str, QImage] = {}
        if snapshot_path is not None:
            image = QImage(str(snapshot_path))
            if image.isNull():
                html = html.replace('<img src="snapshot" width="{snapshot_width}">', "(snapshot unreadable)")
            else:
                images["snapshot"] = image
                # HTML pixel lengths are 1/96 in; the document is laid out at the writer's resolution.
                width = (self._content.width() * 0.43 - self._pt(4)) * 96 / RESOLUTION
                height = width * image.height() / max(1, image.width())
                if height > 260:  # portrait frames: cap the height (pixels of 1/96 in)
                    width = width * 260 / height
                html = html.replace("{snapshot_width}", str(int(width)))
        self._draw(html, images)

    def close(self) -> None:
        if self._painter.isActive():
            if not self._started:  # an empty report still gets its (cover) page
                self._footer()
            self._painter.end()

    # -- drawing ---------------------------------------------------------------------------------------

    def _document(self, html: str, images: dict[str, QImage] | None = None) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self._writer)
        doc.setDefaultFont(self._font)
        doc.setDocumentMargin(0)
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

    def _draw(self, html: str, images: dict[str, QImage] | None = None) -> None:
        doc = self._document(html, images)
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
        texts = (
            (
                self._redactor.text(f"OWS Desktop case report · {self._info.case_id}"),
                Qt.AlignmentFlag.AlignLeft,
            ),
            ("CONFIDENTIAL", Qt.AlignmentFlag.AlignHCenter),
            (f"Page {self._page}", Qt.AlignmentFlag.AlignRight),
        )
        for text, align in texts:
            painter.drawText(box, int(align | Qt.AlignmentFlag.AlignTop), text)
        painter.restore()


__all__ = ["PdfReport", "ensure_gui_application"]
