"""#10 small things a manager notices: the transport icons show on the dark palette, and labels are not cut
(the flag dialog's placeholder, the Users tab's Created column; the export dialogs' titles are checked as
shown during an export, in test_gui_export_dialog)."""

from __future__ import annotations

from datetime import UTC, datetime

from gui_support import OFFSCREEN_NOISE
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyle

from ows_desktop.itemmodels.users import COL_CREATED
from ows_desktop.ows.model import User
from ows_desktop.ui.flag_dialog import FlagDialog
from ows_desktop.ui.theme import dark_palette, light_palette
from ows_desktop.ui.users_page import UsersPage
from ows_desktop.ui.video_widgets import TransportBar

pytestmark = OFFSCREEN_NOISE


def contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def best_contrast(icon, background: QColor) -> float:
    image = icon.pixmap(16, 16).toImage()
    best = 1.0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() > 200:
                best = max(best, contrast(pixel, background))
    return best


def test_transport_icons_stand_out_on_the_dark_palette(qtbot):
    bar = TransportBar()
    qtbot.addWidget(bar)
    bar.setPalette(dark_palette())  # switching the palette later repaints the glyphs as well
    background = bar.palette().color(QPalette.ColorRole.Button)
    for button in (bar.back_button, bar.forward_button, bar.snapshot_button):
        assert best_contrast(button.icon(), background) >= 3.0, button.objectName()
    bar.set_playing(False)
    assert best_contrast(bar.play_button.icon(), background) >= 3.0
    assert bar.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)  # the shape is the style's


def glyph(icon, background: QColor) -> tuple[float, bool]:
    """(share of the glyph's bounding box that is ink, whether the ink encloses a hole) of a 16 px icon;
    ink: opaque pixels with at least 3:1 contrast against ``background``."""
    image = icon.pixmap(16, 16).toImage()
    w, h = image.width(), image.height()
    ink = {
        (x, y)
        for y in range(h)
        for x in range(w)
        if image.pixelColor(x, y).alpha() > 160 and contrast(image.pixelColor(x, y), background) >= 3.0
    }
    if not ink:
        return 0.0, False
    xs, ys = [x for x, _ in ink], [y for _, y in ink]
    box = (max(xs) - min(xs) + 1) * (max(ys) - min(ys) + 1)
    outside, todo = (
        set(),
        [(x, y) for x in range(w) for y in (0, h - 1)] + [(x, y) for y in range(h) for x in (0, w - 1)],
    )
    while todo:  # flood the background from the border: what it cannot reach is enclosed by ink
        x, y = todo.pop()
        if 0 <= x < w and 0 <= y < h and (x, y) not in ink and (x, y) not in outside:
            outside.add((x, y))
            todo += [(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)]
    return len(ink) / box, len(ink) + len(outside) < w * h


def test_the_snapshot_button_shows_a_camera_on_dark_and_light_palettes(qtbot):
    """#10: recoloured, the style's save glyph was a plain square, an empty checkbox on the dark palette."""
    for palette in (dark_palette(), light_palette()):
        bar = TransportBar()
        qtbot.addWidget(bar)
        bar.setPalette(palette)
        background = bar.palette().color(QPalette.ColorRole.Button)
        share, hole = glyph(bar.snapshot_button.icon(), background)
        assert 0.35 <= share <= 0.85 and hole, (share, hole)  # a shape with a lens, not a box or an outline


def test_the_flag_dialogs_placeholder_is_not_cut(qtbot):
    for labels in (["1234"], ["1234", "1235"]):
        dialog = FlagDialog(labels)
        qtbot.addWidget(dialog)
        dialog.resize(dialog.sizeHint())
        edit = dialog.reason_combo.lineEdit()
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.placeholderText())


def test_the_users_created_column_shows_whole_dates(qtbot):
    page = UsersPage(jobs=None, open_client=None, tz=UTC)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1366 - 40, 600)
    page.model.set_users(
        [
            User(
                first_name="Alexandra",
                last_name="Montgomery-Whitfield",
                email="alexandra.montgomery@example.com",
                groups=("Loss prevention",),
                created=datetime(2026, 11, 28, 23, 59, 59, tzinfo=UTC),
                last_sign_in=None,
            )
        ]
    )
    page.show()
    qtbot.waitExposed(page)
    table = page.table
    assert table.columnWidth(COL_CREATED) >= table.sizeHintForColumn(COL_CREATED)
    header = table.horizontalHeader()
    assert table.columnWidth(COL_CREATED) >= header.sectionSizeHint(COL_CREATED)
