"""The window draws Chinese/Japanese/Korean product names with the fonts OWS Desktop ships (export/fonts.py),
registered when the application is made: on a workstation without a CJK font they were empty boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import QApplication

from ows_desktop.ui.app_shell import make_application


def drawn(text: str) -> QImage:
    image = QImage(64, 32, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(QApplication.font())
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def test_a_cjk_name_is_drawn_not_as_the_box_of_a_missing_glyph(qapp) -> None:
    make_application()
    assert "Droid Sans Fallback" in QFontDatabase.families()
    box = drawn("\U000e0fff")  # a code point no font draws: the missing-glyph box
    assert drawn("売") != box and drawn("菓") != box and drawn("売") != drawn("菓")


def test_a_korean_name_is_drawn_not_as_boxes(qapp) -> None:
    # Droid Sans Fallback has no Hangul syllables: the simulator's "Kimchi 김치 400g" was two boxes in the
    # receipt. Two syllables drawn alike would be two missing-glyph boxes.
    make_application()
    assert "NanumSquare" in QFontDatabase.families()
    box = drawn("\U000e0fff")
    assert drawn("김") != drawn("치") and drawn("김") != box and drawn("치") != box
