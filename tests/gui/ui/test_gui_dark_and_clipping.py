"""#10 small things a manager notices: the transport icons show on the dark palette, and labels are not cut
(the flag dialog's placeholder, the export dialogs' titles, the Users tab's Created column)."""

from __future__ import annotations

from datetime import UTC, datetime

from gui_support import OFFSCREEN_NOISE
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyle

from ows_desktop.itemmodels.users import COL_CREATED
from ows_desktop.ows.model import User
from ows_desktop.ui.export_dialog import ExportDialog
from ows_desktop.ui.flag_dialog import FlagDialog
from ows_desktop.ui.theme import dark_palette
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


def test_the_flag_dialogs_placeholder_is_not_cut(qtbot):
    for labels in (["1234"], ["1234", "1235"]):
        dialog = FlagDialog(labels)
        qtbot.addWidget(dialog)
        dialog.resize(dialog.sizeHint())
        edit = dialog.reason_combo.lineEdit()
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.placeholderText())


def test_the_export_dialogs_title_fits_its_title_bar(qtbot):
    dialog = ExportDialog([("filter", "Current filter", 3)])
    qtbot.addWidget(dialog)
    title = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
    assert dialog.minimumWidth() >= title + 160


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
