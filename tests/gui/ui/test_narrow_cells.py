"""What a narrow receipt table's cells draw (ui.delegates): a store or register id cut in the middle, its end
kept ("S0…R03", not "S…" for every id), and a status chip too wide for its column drawn by its letter, whole
(it was cut off at the column's edge)."""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from PySide6.QtGui import QColor, QFontMetrics, QFontMetricsF
from PySide6.QtWidgets import QApplication

from ows_desktop.itemmodels.ticket_columns import COL_STATUS, StatusKindRole
from ows_desktop.ui.delegates import _PAD_X, chip_font, chip_width, elide_keeping_tail
from ows_desktop.ui.theme import CHIPS, STATUS_CHIP_KIND

pytestmark = OFFSCREEN_NOISE


def test_an_id_too_long_for_its_room_keeps_its_end(qapp) -> None:
    fm = QFontMetricsF(QApplication.font())

    def room(text: str) -> float:
        return fm.horizontalAdvance(text)

    assert elide_keeping_tail(fm, "S063-R03", room("S063-R03")) == "S063-R03"  # whole where it fits
    assert elide_keeping_tail(fm, "S063-R03", room("S0…R03")) == "S0…R03"  # the start as far as it goes
    assert elide_keeping_tail(fm, "S063-R03", room("…R03")) == "…R03"  # the last part whole
    assert elide_keeping_tail(fm, "S063-R03", room("…R03") - 1) == "…03"  # else its end
    assert elide_keeping_tail(fm, "Register 12", room("Re…12")) == "Re…12"
    assert elide_keeping_tail(fm, "S0631", room("…631") + 1) == "…631"  # no part: its end
    for text in ("S063-R03", "Register 12", "S999 Riverside Shopping Centre"):
        for width in range(10, 80, 3):
            assert room(elide_keeping_tail(fm, text, width)) <= width, (text, width)


def test_a_status_chip_too_wide_for_its_column_shows_its_letter_whole(qtbot, paths, filled_store) -> None:
    window = offline_window(qtbot, make_services(paths, filled_store))
    window.resize(1200, 800)
    page = window.receipts
    table, model = page.table, page.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    row = next(
        r for r in range(model.rowCount()) if model.index(r, COL_STATUS).data(StatusKindRole) == "void"
    )
    chip = CHIPS[STATUS_CHIP_KIND["void"]]
    fm = QFontMetrics(chip_font(table.font()))
    label = model.index(row, COL_STATUS).data()
    letter = chip_width(fm, chip, False)
    whole = fm.horizontalAdvance(f"{chip.letter}  {label}") + 2 * _PAD_X  # the chip with its word

    def chip_span(width: int) -> int:
        """How wide the chip's fill is drawn in the cell, the Status column ``width`` px wide."""
        table.horizontalHeader().resizeSection(COL_STATUS, width)
        table.scrollTo(model.index(row, COL_STATUS))
        QApplication.processEvents()
        rect = table.visualRect(model.index(row, COL_STATUS))
        image = table.viewport().grab(rect).toImage()
        fill = QColor(chip.fill).rgb()
        rows = range(image.height())
        return sum(1 for x in range(image.width()) if any(image.pixelColor(x, y).rgb() == fill for y in rows))

    wide = chip_span(whole + 2 * _PAD_X + 20)
    assert wide >= whole - 4  # its word shown (the fill around the letter and the word)
    narrow = chip_span(whole + 2 * _PAD_X - 10)  # 10 px short of the word
    assert 0 < narrow <= letter, (narrow, letter, whole)  # the letter's chip, not the word's cut off
