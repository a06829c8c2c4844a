"""The sort arrow of every sortable table's header, pointing the way people read it: ▼ when the biggest /
newest comes first (descending), ▲ when the smallest / oldest does. Qt's header hands the style SortUp for a
descending sort: without this the users and exceptions tables drew ▲ over a biggest-first column, while the
receipts table (which had it) drew ▼.

The arrow also stands where its title leaves room: at the right end for a title read from the left, and
just before a right-aligned title such as "Total" or "Per 100" ("▼ Total"; mirrored in a right-to-left
layout). The window's style sheet lays a title across the whole section, so at the right end
the arrow was drawn over a right-aligned title's last letter. (Shrinking the title instead is not open to
a proxy style under a style sheet: the sheet draws the title itself, and makes room only for an arrow the
sheet styles, by a width that clipped the titles.) Widgets only.

A title wider than its section ends with "…" (:func:`elide_titles`), and the header's tooltip then names
it whole. The header's own font has the weight the sheet draws titles at: the header cuts a title by its
font's measure, and by the regular weight's a title that fitted in regular letters ran, in bold ones, into
the next section cut without "…" ("Regist", "Opera" at a 1024 px window)."""

from __future__ import annotations

from typing import cast

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOptionHeader, QToolTip

TITLE_PADDING = 8  # the window's style sheet: QHeaderView::section { padding: 5px 8px }
ARROW_GAP = 6


class SortArrowStyle(QProxyStyle):
    """Draws the header's sort arrow the other way up from what QHeaderView asks (see the module)."""

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # type: ignore[no-untyped-def]
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            flipped = QStyleOptionHeader(option)
            up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
            if option.sortIndicator == up:
                flipped.sortIndicator = down
            elif option.sortIndicator == down:
                flipped.sortIndicator = up
            if isinstance(widget, QHeaderView) and _title_at_arrow_end(option):
                flipped.rect = _beside_title(widget, option)
            option = flipped
        super().drawPrimitive(element, option, painter, widget)


def _title_at_arrow_end(option: QStyleOptionHeader) -> bool:
    """True when the title is aligned to the end where the style puts the arrow (right, or left in a
    right-to-left layout)."""
    if option.orientation != Qt.Orientation.Horizontal:
        return False
    aligned = QStyle.visualAlignment(option.direction, option.textAlignment)
    end = (
        Qt.AlignmentFlag.AlignLeft
        if option.direction == Qt.LayoutDirection.RightToLeft
        else Qt.AlignmentFlag.AlignRight
    )
    return bool(aligned & end)


def _beside_title(header: QHeaderView, option: QStyleOptionHeader) -> QRect:
    """The arrow's rectangle just before a title that stands at the arrow's end: "▼ Total" (after it in a
    right-to-left layout). Beside the title, not at the section's far end, where it read as the
    neighbouring column's. Kept inside the section when the title fills it."""
    left = header.sectionViewportPosition(option.section)  # a logical index, as the option holds
    right = left + header.sectionSize(option.section)  # the first pixel past the section
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)  # the window's style sheet draws titles at weight 600
    title = QFontMetrics(font).horizontalAdvance(option.text)
    arrow = QRect(option.rect)
    if option.direction == Qt.LayoutDirection.RightToLeft:
        arrow.moveLeft(min(left + TITLE_PADDING + title + ARROW_GAP, right - arrow.width() - 2))
    else:
        arrow.moveLeft(max(right - TITLE_PADDING - title - ARROW_GAP - arrow.width(), left + 2))
    return arrow


def use_sort_arrows(header: QHeaderView) -> SortArrowStyle:
    """Give ``header`` the style. setStyle does not take the style: as the header's child it lives exactly as
    long as the header. Held only by a Python attribute, a window torn down by the cyclic garbage collector
    could lose the style first, and the header then sized its sections through a deleted style (a
    segmentation fault)."""
    style = SortArrowStyle()
    style.setParent(header)
    header.setStyle(style)
    elide_titles(header)
    return style


def elide_titles(header: QHeaderView) -> None:
    """A title wider than its section ends with "…", measured in the letters it is drawn in, and the
    header's tooltip names a title it cut (see the module)."""
    weight = QFont()  # only the weight set: family and size still follow the window's
    weight.setWeight(QFont.Weight.DemiBold)  # the window's style sheet draws titles at weight 600
    header.setFont(weight)
    header.setTextElideMode(Qt.TextElideMode.ElideRight)
    header.viewport().installEventFilter(_WholeTitles(header))


def title_cut(header: QHeaderView, section: int) -> bool:
    """True when the title of ``section`` (a logical index) is wider than its room in the section."""
    title = header.model().headerData(section, header.orientation()) if header.model() else None
    if not title:
        return False
    room = header.sectionSize(section) - 2 * TITLE_PADDING
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
        room -= header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + ARROW_GAP
    return header.fontMetrics().horizontalAdvance(str(title)) > room


class _WholeTitles(QObject):
    """The header's tooltip over a cut title: the title whole, then the column's own tooltip."""

    def __init__(self, header: QHeaderView):
        super().__init__(header)
        self._header = header

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip:
            return False
        header, help_event = self._header, cast(QHelpEvent, event)
        section = header.logicalIndexAt(help_event.pos())
        if section < 0 or not title_cut(header, section):
            return False  # the header's own tooltip (or none)
        title = str(header.model().headerData(section, header.orientation()))
        tip = header.model().headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole)
        tip = str(tip or "")
        whole = tip if title.casefold() in tip.casefold() else f"{title}\n{tip}".strip()
        QToolTip.showText(help_event.globalPos(), QtGui.Qt.convertFromPlainText(whole), header.viewport())
        return True
