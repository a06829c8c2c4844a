"""The receipt beside the table: the rendered receipt and, on a second tab, the ticket's raw JSON as a tree."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QFont, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.basics.store_time import shown_offset
from ows_desktop.itemmodels.json_tree import JsonTreeModel
from ows_desktop.ows.model import Ticket
from ows_desktop.ui.receipt_html import ORIGINAL_SALE_LINK, ReceiptColors, original_sale_id, render_receipt
from ows_desktop.ui.receipt_speech import receipt_summary
from ows_desktop.ui.theme import blend, is_dark
from ows_desktop.ui.undrawable import Undrawable

AHEAD = 2  # receipts laid out ahead (the next and the previous row's), each a document kept until shown
MARGIN = 18
# Qt lays a table whose columns are sized in per cent (the items' 8 %, 16 %, 18 %) out a pixel wider than the
# pane at some widths: the receipt scrolled sideways by that pixel, nothing cut. An overflow within the
# cells' padding (3 px) shows no scroll bar.
SIDEWAYS_SLACK = 3


class ReceiptPanel(QTabWidget):
    TAB_RECEIPT, TAB_RAW = 0, 1
    lineActivated = Signal(int)  # a line item was clicked: its index in ticket.lines (the video seeks there)
    flagEditRequested = Signal()  # "Edit flag…" / "Flag…" in the receipt's flag panel was clicked
    descriptionChanged = Signal(str)  # the shown receipt in one sentence, for assistive technology
    originalRequested = Signal(str)  # a refund's "Refund of" id was clicked: that sale's id

    def __init__(self, tz: tzinfo | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._undrawable: Undrawable | None = None  # which characters no font draws (made on first use)
        self.setObjectName("receiptPanel")
        self.setAccessibleName(self.tr("Receipt panel"))
        self.setDocumentMode(True)
        self._tz = tz
        self._ticket: Ticket | None = None
        self._offset: int | None = None
        self._workstation_time = False  # Preferences ▸ Display: the store's time (default) or ours
        self._review: Any = None
        self._exceptions: tuple[tuple[str, str], ...] = ()
        self._shown_html = ""  # the receipt's HTML as last laid out in the browser
        self._flagged = False
        self._raw: Any = None
        self._raw_loaded = False

        self.browser = QTextBrowser(self)
        self.browser.setObjectName("receiptBrowser")
        self.browser.setAccessibleName(self.tr("Receipt"))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_anchor)
        self._highlight = -1
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.browser.document().setDocumentMargin(MARGIN)
        self.browser.horizontalScrollBar().rangeChanged.connect(self._on_sideways_range)
        self._ahead: dict[str, QTextDocument] = {}  # receipts laid out ahead (prepare), by their HTML
        self._shown: QTextDocument | None = None  # the prepared document the browser shows (None: its own)
        self.placeholder = QLabel(self)
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.placeholder.setObjectName("receiptPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setMargin(24)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.browser)

        self.raw_model = JsonTreeModel(self)
        self.raw_view = QTreeView(self)
        self.raw_view.setObjectName("rawTree")
        self.raw_view.setAccessibleName(self.tr("Raw ticket data"))
        self.raw_view.setModel(self.raw_model)
        self.raw_view.setUniformRowHeights(True)
        self.raw_view.setAlternatingRowColors(True)
        self.raw_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.raw_view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.raw_view.header().setStretchLastSection(True)
        self.raw_view.setColumnWidth(0, 200)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.raw_view.setFont(mono)
        raw_page = QWidget(self)
        raw_layout = QVBoxLayout(raw_page)
        raw_layout.setContentsMargins(0, 0, 0, 0)
        raw_layout.addWidget(self.raw_view)

        self.addTab(self._stack, self.tr("Receipt"))
        self.addTab(raw_page, self.tr("Raw"))
        self.setTabToolTip(self.TAB_RAW, self.tr("The ticket exactly as OWS sent it"))
        self.currentChanged.connect(self._on_tab)
        self.show_placeholder(self.tr("Select a receipt to see it here."))

    @Slot(int, int)
    def _on_sideways_range(self, _low: int, high: int) -> None:
        bar = self.browser.horizontalScrollBar()
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        policy = off if high <= SIDEWAYS_SLACK else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        if self.browser.horizontalScrollBarPolicy() != policy:
            self.browser.setHorizontalScrollBarPolicy(policy)
        if policy == off:
            bar.setValue(0)

    # -- content ------------------------------------------------------------------------------------------

    def ticket(self) -> Ticket | None:
        return self._ticket

    def utc_offset_min(self) -> int | None:
        """The shown ticket's store offset (None: unknown, times in UTC), for views that follow it."""
        return self._offset

    def set_workstation_time(self, on: bool) -> None:
        """Show the receipt's times in this workstation's zone (True) or the store's (False), zone labelled."""
        if on != self._workstation_time:
            self._workstation_time = on
            self._render()

    def _shown_offset(self) -> int | None:
        start = self._ticket.start if self._ticket is not None else None
        return shown_offset(start, self._offset, self._workstation_time, self._tz)

    def html(self) -> str:
        return self.browser.toHtml()

    def text(self) -> str:
        return (
            self.browser.toPlainText()
            if self._stack.currentWidget() is self.browser
            else self.placeholder.text()
        )

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("line:") and text[5:].isdigit():
            self.lineActivated.emit(int(text[5:]))
        elif text == "flag:edit":
            self.flagEditRequested.emit()
        elif text == ORIGINAL_SALE_LINK and self._ticket is not None:
            original = original_sale_id(self._ticket)
            if original:
                self.originalRequested.emit(original)

    @Slot(int)
    def highlight_line(self, index: int) -> None:
        """Mark the line at the video's current time (-1: none); re-renders only when it changes."""
        if index == self._highlight:
            return
        self._highlight = index
        if self._ticket is not None:
            scroll = self.browser.verticalScrollBar().value()
            self._render()
            self.browser.verticalScrollBar().setValue(scroll)

    def show_ticket(
        self,
        ticket: Ticket,
        *,
        flagged: bool = False,
        raw: Any = None,
        utc_offset_min: int | None = None,
        review: Any = None,
        exceptions: Sequence[tuple[str, str]] = (),
    ) -> None:
        """``utc_offset_min``: the store's offset (times show in the store's time with its zone label);
        ``review``: the ticket's flag, notes and history (store.review.TicketReview), shown and editable;
        ``exceptions``: what the exception rules found on it, ``(rule id, detail)``."""
        self._highlight = -1
        self._review = review
        self._exceptions = tuple(exceptions)
        self._offset = utc_offset_min
        self._ticket = ticket
        self._flagged = flagged
        self._raw = raw if raw is not None else ticket.raw
        self._raw_loaded = False
        self._render()
        self._describe(receipt_summary(ticket, self._shown_offset(), flagged=flagged))
        self._stack.setCurrentWidget(self.browser)
        if self.currentIndex() == self.TAB_RAW:
            self._load_raw()

    def show_placeholder(self, text: str) -> None:
        self._ticket = None
        self._raw = None
        self._raw_loaded = False
        self.placeholder.setText(text)
        self._describe(text)
        self._stack.setCurrentWidget(self.placeholder)
        self.raw_model.set_document(None)

    def _describe(self, text: str) -> None:
        """What a screen reader says about the receipt view (and, through the signal, the receipt table)."""
        for widget in (self, self.browser):
            widget.setAccessibleDescription(text)
        self.descriptionChanged.emit(text)

    def would_change(
        self,
        ticket: Ticket,
        *,
        flagged: bool = False,
        utc_offset_min: int | None = None,
        review: Any = None,
        exceptions: Sequence[tuple[str, str]] = (),
    ) -> bool:
        """Whether :meth:`show_ticket` with these arguments would show anything other than what is shown (a
        different ticket, or the same one stored again with other contents, review or rule findings)."""
        if self._ticket is None or self._stack.currentWidget() is not self.browser:
            return True
        html = self._receipt_html(ticket, flagged, utc_offset_min, review, tuple(exceptions), self._highlight)
        return html != self._shown_html or self._raw != ticket.raw

    def prepare(
        self,
        ticket: Ticket,
        *,
        flagged: bool = False,
        utc_offset_min: int | None = None,
        review: Any = None,
        exceptions: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Lay out ``ticket``'s receipt now, at a quiet moment, as :meth:`show_ticket` with the same arguments
        would: showing it then puts the prepared document in the browser instead of parsing and laying out
        the HTML inside the key press. The last :data:`AHEAD` prepared receipts are kept."""
        html = self._receipt_html(ticket, flagged, utc_offset_min, review, tuple(exceptions))
        if html in self._ahead:
            return
        current = self.browser.document()
        document = QTextDocument(self.browser)  # a child: the browser deletes it once another replaces it
        document.setDefaultFont(current.defaultFont())
        document.setDocumentMargin(current.documentMargin())
        document.setDefaultTextOption(current.defaultTextOption())
        document.setUndoRedoEnabled(current.isUndoRedoEnabled())
        document.setHtml(html)
        document.setPageSize(current.pageSize())
        document.documentLayout().documentSize()  # laid out now
        self._ahead[html] = document
        while len(self._ahead) > AHEAD:
            self._ahead.pop(next(iter(self._ahead))).deleteLater()

    def _render(self) -> None:
        if self._ticket is None:
            return
        scroll = self.browser.verticalScrollBar()
        html = self._shown_html = self._receipt_html(
            self._ticket, self._flagged, self._offset, self._review, self._exceptions, self._highlight
        )
        prepared = self._ahead.pop(html, None)  # the same HTML: the same receipt, laid out ahead
        if prepared is not None:
            shown, self._shown = self._shown, prepared
            self.browser.setDocument(prepared)  # (the browser's own first document is deleted by Qt)
            if shown is not None:  # a document of ours is not: it would stay, one more each move
                shown.deleteLater()
        else:
            self.browser.setHtml(html)
        scroll.setValue(0)

    def _receipt_html(
        self,
        ticket: Ticket,
        flagged: bool,
        utc_offset_min: int | None,
        review: Any,
        exceptions: tuple[tuple[str, str], ...],
        highlight: int = -1,
    ) -> str:
        """The receipt's HTML as shown here (prepared ahead and shown on the spot alike: equal HTML, equal
        receipt)."""
        offset = shown_offset(ticket.start, utc_offset_min, self._workstation_time, self._tz)
        options = {"tz": self._tz, "colors": self._colors(), "flagged": flagged, "utc_offset_min": offset,
                   "review": review, "exceptions": exceptions, "highlight": highlight}  # fmt: skip
        html = render_receipt(ticket, **options)
        if self._undrawable is None:
            self._undrawable = Undrawable(self.browser.font(), self.browser.viewport())
        missing = self._undrawable.scripts(html)  # its text: the markup around it is ASCII
        return render_receipt(ticket, **options, undrawable=missing) if missing else html

    def _colors(self) -> ReceiptColors:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        dark = is_dark(pal)
        return ReceiptColors(
            text=text.name(),
            muted=blend(text, base, 0.42).name(),
            rule=blend(text, base, 0.82).name(),
            panel=blend(base, text, 0.04).name(),
            warn="#F0A030" if dark else "#A15C00",
        )

    def _on_tab(self, index: int) -> None:
        if index == self.TAB_RAW:
            self._load_raw()

    def _load_raw(self) -> None:
        if self._raw_loaded:
            return
        self._raw_loaded = True
        self.raw_model.set_document(self._raw)
        self.raw_view.expandToDepth(0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            for document in self._ahead.values():  # laid out in the old look
                document.deleteLater()
            self._ahead.clear()
        if event.type() == QEvent.Type.PaletteChange and self._ticket is not None:
            self._render()
