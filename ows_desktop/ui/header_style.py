"""The sort arrow of every sortable table's header, pointing the way people read it: ▼ when the biggest /
newest comes first (descending), ▲ when the smallest / oldest does. Qt's header hands the style SortUp for a
descending sort: without this the users and exceptions tables drew ▲ over a biggest-first column, while the
receipts table (which had it) drew ▼. Widgets only."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOptionHeader


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
            option = flipped
        super().drawPrimitive(element, option, painter, widget)


def use_sort_arrows(header: QHeaderView) -> SortArrowStyle:
    """Give ``header`` the style. setStyle does not take the style: as the header's child it lives exactly as
    long as the header. Held only by a Python attribute, a window torn down by the cyclic garbage collector
    could lose the style first, and the header then sized its sections through a deleted style (a
    segmentation fault)."""
    style = SortArrowStyle()
    style.setParent(header)
    header.setStyle(style)
    return style
