"""Chips in the receipt table: exceptions (void, refund, no sale, discount, flagged) and unusual statuses;
and the store and register ids, cut keeping their distinctive end.

Each chip is a rounded fill with a bold letter AND a word (just the letter when the column is too narrow;
the tooltip then names them), so the information never rests on colour alone. The "E" chip (rules no other
chip shows) names its first rule and counts the others ("Price override +1") where the row's chips have
room for that, else says "Exception" (:func:`chips_shown`): the column is never made wider for it.

An id cut at its end ("S…", "S063-R…") told none from another: :class:`IdCellDelegate` keeps the id's last
part whole and cuts its middle ("S0…R03", "…R03"; :func:`elide_keeping_tail`). An operator ("Ines Brontë
(E1014)") keeps the employee ID whole and cuts the name ("Ines Br… (E1014)"), down to the ID alone
(:class:`OperatorCellDelegate`, :func:`elide_keeping_bracket`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from ows_desktop.itemmodels.ticket_cells import other_chip_label
from ows_desktop.itemmodels.ticket_columns import ExceptionsRole, StatusKindRole, TicketRowRole
from ows_desktop.ui.cell_cache import CachedCellDelegate
from ows_desktop.ui.theme import CHIPS, STATUS_CHIP_KIND, Chip

_PAD_X = 6
_GAP = 4
ELLIPSIS = "\u2026"
_SEPARATORS = " -_./:#"  # what ends the head of an id and starts its distinctive last part


def chip_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(7.0, base.pointSizeF() - 1))
    font.setWeight(QFont.Weight.DemiBold)
    return font


def chip_width(fm: QFontMetrics, chip: Chip, with_label: bool) -> int:
    text = f"{chip.letter}  {QCoreApplication.translate('theme', chip.label)}" if with_label else chip.letter
    return fm.horizontalAdvance(text) + 2 * _PAD_X


def chips_width(font: QFont, codes: Iterable[str]) -> int:
    """The cell width the exception chips of ``codes`` need at least: their letters (the words when wider)."""
    fm = QFontMetrics(chip_font(font))
    chips = [CHIPS[code] for code in codes if code in CHIPS]
    return sum(chip_width(fm, chip, False) for chip in chips) + _GAP * max(0, len(chips) - 1) + 2 * _PAD_X


def chips_shown(
    fm: QFontMetrics, codes: Iterable[str], named: str | None, available: int
) -> tuple[list[Chip], bool]:
    """The chips of ``codes`` as a cell ``available`` px wide shows them, and whether with their words: the
    "E" chip named ``named`` (its rules, :func:`~ows_desktop.itemmodels.ticket_cells.other_chip_label`) when
    every chip's words fit so, else with its word "Exception", else every chip by its letter."""
    chips = [(code, CHIPS[code]) for code in codes if code in CHIPS]
    plain = [chip for _code, chip in chips]
    tries = (
        [[Chip(chip.letter, named, chip.fill) if code == "other" else chip for code, chip in chips]]
        if named
        else []
    )
    for shown in [*tries, plain]:
        if sum(chip_width(fm, chip, True) for chip in shown) + _GAP * (len(shown) - 1) <= available:
            return shown, True
    return plain, False


def status_chip_width(font: QFont, labels: Iterable[str]) -> int:
    """The cell width a status chip needs for the widest of ``labels`` (already in the window's language)."""
    fm = QFontMetrics(chip_font(font))
    widest = max((fm.horizontalAdvance(f"W  {label}") for label in labels), default=0)
    return widest + 4 * _PAD_X


def status_letters_width(font: QFont) -> int:
    """The cell width a status chip needs by its letter alone (the widest letter)."""
    fm = QFontMetrics(chip_font(font))
    kinds = set(STATUS_CHIP_KIND.values())
    return max(chip_width(fm, CHIPS[kind], False) for kind in kinds) + 2 * _PAD_X


def elide_keeping_tail(fm: QFontMetricsF, text: str, room: float) -> str:
    """``text`` in ``room`` px: whole, else its last part (after the last separator: "R03" of "S063-R03") kept
    whole after "…" with as much of the start before it as fits ("S0…R03"), else its end ("…03")."""
    if fm.horizontalAdvance(text) <= room:
        return text
    cut = max(text.rfind(mark) for mark in _SEPARATORS) + 1
    tail = text[cut:] if 0 < cut < len(text) else ""
    kept = fm.horizontalAdvance(ELLIPSIS + tail)
    if not tail or kept > room:
        return fm.elidedText(text, Qt.TextElideMode.ElideLeft, room)  # what Qt then draws unchanged
    head = text[:cut]
    while head and fm.horizontalAdvance(head) > room - kept:
        head = head[:-1]
    return head.rstrip(_SEPARATORS) + ELLIPSIS + tail


def elide_keeping_bracket(fm: Any, text: str, room: float, *, bare: bool = False) -> str:
    """``text`` in ``room`` px (``fm``: QFontMetrics or QFontMetricsF): whole, else its name cut and its last
    bracket kept whole ("Ines Br… (E1014)": an operator's employee ID); ``bare``: where not a letter of the
    name fits beside it, the ID alone, cut keeping its end (:func:`elide_keeping_tail`)."""
    if fm.horizontalAdvance(text) <= room:
        return text
    head, cut, tail = text.rpartition(" (")
    end = fm.horizontalAdvance(cut + tail)
    if head and end + fm.horizontalAdvance("W" + ELLIPSIS) <= room:  # a letter of the name, then the bracket
        return str(fm.elidedText(head, Qt.TextElideMode.ElideRight, room - end)) + cut + tail
    if head and bare and tail.endswith(")") and len(tail) > 1:
        return elide_keeping_tail(fm, tail[:-1], room)
    return str(fm.elidedText(text, Qt.TextElideMode.ElideRight, room))


def paint_chip(painter: QPainter, rect: QRect, chip: Chip, font: QFont, with_label: bool) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(chip.fill))
    painter.drawRoundedRect(QRectF(rect), rect.height() / 2.0, rect.height() / 2.0)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    fm = QFontMetrics(font)
    x = rect.left() + _PAD_X
    bold = QFont(font)
    bold.setWeight(QFont.Weight.Black)
    painter.setFont(bold)
    painter.drawText(
        QRect(x, rect.top(), rect.width(), rect.height()),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        chip.letter,
    )
    if with_label:
        x += QFontMetrics(bold).horizontalAdvance(chip.letter) + fm.horizontalAdvance("  ")
        painter.setFont(font)
        painter.drawText(
            QRect(x, rect.top(), rect.right() - x, rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QCoreApplication.translate("theme", chip.label),
        )
    painter.restore()


class ExceptionChipsDelegate(CachedCellDelegate):
    """Paints ``ExceptionsRole`` (a tuple of codes) as chips."""

    def paint_cell(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        codes = index.data(ExceptionsRole) or ()
        if not any(c in CHIPS for c in codes):
            return
        row = index.data(TicketRowRole) if "other" in codes else None  # the row the model holds: no read
        font = chip_font(opt.font)
        fm = QFontMetrics(font)
        height = min(opt.rect.height() - 6, fm.height() + 4)
        named = other_chip_label(row) if row is not None else None
        chips, with_label = chips_shown(fm, codes, named, opt.rect.width() - 2 * _PAD_X)
        x = opt.rect.left() + _PAD_X
        y = opt.rect.top() + (opt.rect.height() - height) // 2
        painter.save()
        painter.setClipRect(opt.rect)
        for chip in chips:
            w = chip_width(fm, chip, with_label)
            paint_chip(painter, QRect(x, y, w, height), chip, font, with_label)
            x += w + _GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        codes = index.data(ExceptionsRole) or ()
        fm = QFontMetrics(chip_font(option.font))
        width = sum(chip_width(fm, CHIPS[c], True) for c in codes if c in CHIPS) + 2 * _PAD_X
        return QSize(max(base.width(), width), base.height())


class StatusDelegate(CachedCellDelegate):
    """Plain text for ordinary sales; a chip with the status word for voids, refunds, no sales, paid outs."""

    def paint_cell(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        kind = STATUS_CHIP_KIND.get(index.data(StatusKindRole) or "")
        if kind is None:
            super().paint_cell(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget: Any = opt.widget
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        base = CHIPS[kind]
        chip = Chip(base.letter, text, base.fill)
        font = chip_font(opt.font)
        fm = QFontMetrics(font)
        height = min(opt.rect.height() - 6, fm.height() + 4)
        with_label = chip_width(fm, chip, True) <= opt.rect.width() - 2 * _PAD_X  # else the letter alone
        width = min(chip_width(fm, chip, with_label), opt.rect.width() - 2 * _PAD_X)
        rect = QRect(
            opt.rect.left() + _PAD_X, opt.rect.top() + (opt.rect.height() - height) // 2, width, height
        )
        painter.save()
        painter.setClipRect(opt.rect)
        paint_chip(painter, rect, chip, font, with_label)
        painter.restore()


class IdCellDelegate(CachedCellDelegate):
    """A store or register id, cut in the middle where its column is too narrow (:func:`elide_keeping_tail`).
    Its size hint stays the whole text's (the column fit tells an elided cell by it)."""

    def shown_text(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> str:
        """The text drawn in the cell ``option`` lays out."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        return self._shown(opt)

    def _shown(self, opt: QStyleOptionViewItem) -> str:
        widget: Any = opt.widget
        style = widget.style() if widget is not None else None
        if style is None or not opt.text:
            return opt.text
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1  # Qt's, a side
        return self.elide(QFontMetricsF(opt.font), opt.text, text_rect.width() - 2 * margin)

    def elide(self, fm: QFontMetricsF, text: str, room: float) -> str:
        return elide_keeping_tail(fm, text, room)

    def paint_cell(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget: Any = opt.widget
        if widget is None:
            super().paint_cell(painter, option, index)
            return
        opt.text = self._shown(opt)
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)


class OperatorCellDelegate(IdCellDelegate):
    """An operator, "Ines Brontë (E1014)": where its column is too narrow the name is cut and the employee ID
    kept whole ("Ines Br… (E1014)"), then the ID alone ("E1014"): the ID tells two cashiers of one name apart.
    A name without an ID is cut at its end, as any text."""

    def elide(self, fm: QFontMetricsF, text: str, room: float) -> str:
        return elide_keeping_bracket(fm, text, room, bare=True)
