"""A 1024×700 window: the receipts table showed Status, Items, Total and Exceptions — the columns a manager
reads most — only by scrolling sideways. The text columns (store, register, operator) now give up their
width first, elided with their whole text on hover; the receipt beside lends the table room (its video's
transport folds under it); a wider window gives every column its width back (ui.column_fit)."""

from __future__ import annotations

import json

import pytest
from gui_support import (
    OFFSCREEN_NOISE,
    X11_RECEIPT_WITH_VIDEO,
    X11_UNTIL,
    make_services,
    offline_window,
    run_on_x11,
)
from PySide6 import QtGui
from PySide6.QtCore import QByteArray, QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QHeaderView, QToolTip, QWidget

from ows_desktop.itemmodels.ticket_columns import (
    COL_EXCEPTIONS,
    COL_ITEMS,
    COL_LOCATION,
    COL_OPERATOR,
    COL_STATUS,
    COL_TERMINAL,
    COL_TIME,
    COL_TOTAL,
    COLUMN_COUNT,
)
from ows_desktop.ui.column_fit import least_width
from ows_desktop.ui.plain_tips import PlainItemTips
from ows_desktop.ui.video_widgets import TransportBar

pytestmark = OFFSCREEN_NOISE
READ_MOST = {"Status": COL_STATUS, "Items": COL_ITEMS, "Total": COL_TOTAL, "Exceptions": COL_EXCEPTIONS}
TEXT = (COL_LOCATION, COL_TERMINAL, COL_OPERATOR)

FIT_SCRIPT = (
    X11_RECEIPT_WITH_VIDEO
    + """
from ows_desktop.ui.column_fit import least_width
table, header = page.table, page.table.horizontalHeader()
for width in (1024, 1440):
    window.resize(width, 700)
    until(lambda: window.width() == width)
    app.processEvents()  # the layouts it posted
    bar = table.horizontalScrollBar()
    print("FIT " + json.dumps({
        "width": window.width(), "viewport": table.viewport().width(),
        "scroll": bar.maximum() if bar.isVisible() else 0, "transport": window.video.transport.isVisible(),
        "columns": [[header.sectionViewportPosition(c), header.sectionSize(c)] for c in range(header.count())],
        "status_least": least_width(table, 4),
    }))
window.close()
store.close()
"""
)


def test_at_1024x700_and_1440_the_columns_read_most_are_in_view_without_scrolling_sideways(tmp_path):
    """On X11 (Xvfb), the receipt shown with its video playing (the transport showing under it)."""
    result = run_on_x11(FIT_SCRIPT, tmp_path)
    fits = [json.loads(line[4:]) for line in result.stdout.splitlines() if line.startswith("FIT ")]
    assert [fit["width"] for fit in fits] == [1024, 1440], result.stdout + result.stderr[-3000:]
    for fit in fits:
        assert fit["transport"] and fit["scroll"] == 0, fit
        for name, column in READ_MOST.items():
            left, size = fit["columns"][column]
            assert left >= 0 and left + size <= fit["viewport"], (name, fit)
    narrow, wide = fits
    assert all(narrow["columns"][c][1] < wide["columns"][c][1] for c in TEXT)  # the text columns gave way
    for column in (COL_TIME, COL_TOTAL):  # the others kept their content's width
        assert narrow["columns"][column][1] == wide["columns"][column][1]
    assert narrow["status_least"] <= narrow["columns"][COL_STATUS][1] <= wide["columns"][COL_STATUS][1]


NARROW_SCRIPT = (
    """
import json, pathlib, sys, tempfile
sys.path.insert(0, sys.argv[1])
from ows_desktop.ui.app_shell import make_application
app = make_application(palette="light")
if "LANG" != "en":
    from ows_desktop.ui.translation import install_translation
    assert install_translation("LANG").translated
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem
from gui_support import fill_store, make_services
from ows_desktop.basics.paths import AppPaths
from ows_desktop.store import open_store
from ows_desktop.ui.column_fit import CELL_MARGIN, keep_width, least_width
from ows_desktop.ui.main_window import MainWindow

"""
    + X11_UNTIL
    + """
paths = AppPaths.resolve(pathlib.Path(tempfile.mkdtemp()) / "p").ensure()
store = open_store(paths.database)
fill_store(store)
window = MainWindow(make_services(paths, store))
window.show()
window.start()
until(lambda: window.connection_dialog() is not None)
window.connection_dialog().reject()
page = window.receipts
until(lambda: page.model.rowCount() > 0)
page.select_row(0)
table, header = page.table, page.table.horizontalHeader()

def cell(row, column):
    index = page.model.index(row, column)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = table.visualRect(index)
    delegate, text = table.itemDelegateForIndex(index), index.data()
    if hasattr(delegate, "shown_text"):  # a store or register id, cut keeping its end
        return {"text": text, "shown": delegate.shown_text(option, index)}
    room = option.rect.width() - CELL_MARGIN  # Qt's own cut
    return {"text": text, "shown": option.fontMetrics.elidedText(text, table.textElideMode(), room)}

for width in (1024, 960):  # 960: the window's minimum width
    window.resize(width, 700)
    until(lambda: window.width() == width)
    app.processEvents()  # the layouts it posted
    bar = table.horizontalScrollBar()
    rows = range(max(0, table.rowAt(0)), table.rowAt(table.viewport().height() - 1) + 1)
    print("FIT " + json.dumps({
        "width": window.width(), "viewport": table.viewport().width(), "scroll": bar.maximum(),
        "columns": [[header.sectionViewportPosition(c), header.sectionSize(c)] for c in range(header.count())],
        "keep": {c: keep_width(table, c) for c in (1, 2, 3)}, "status_least": least_width(table, 4),
        "ids": [[cell(row, 1), cell(row, 2)] for row in rows],
    }))
window.close()
store.close()
"""
)


@pytest.mark.parametrize("language", ["en", "fr_FR"])
def test_at_the_narrowest_window_nothing_scrolls_and_at_1024_store_and_register_tell_apart(
    tmp_path, language
):
    """On X11 (Xvfb). At 1024 px the store and register columns showed "S…" (every id alike), and in French
    the table scrolled 50 px sideways, at 960 px (the window's minimum) 56 px in English and 114 in French:
    the text columns keep room to tell their ids apart (the register cut in the middle, "…R01"), the
    Status chips give up their words, and only then do the text columns narrow to slivers."""
    result = run_on_x11(NARROW_SCRIPT.replace("LANG", language), tmp_path)
    fits = [json.loads(line[4:]) for line in result.stdout.splitlines() if line.startswith("FIT ")]
    assert [fit["width"] for fit in fits] == [1024, 960], result.stdout + result.stderr[-3000:]
    for fit in fits:
        assert fit["scroll"] == 0, (language, fit["width"], fit["columns"])
        for column in range(COLUMN_COUNT):  # every column in view, none behind a scroll bar
            left, size = fit["columns"][column]
            assert left >= 0 and left + size <= fit["viewport"], (language, fit["width"], column)
        assert fit["columns"][COL_STATUS][1] >= fit["status_least"]  # its chips by their letter at least
    at_1024 = fits[0]  # in French too: its "Articles" title left the register "…02" of "S012-R02" ("Art.")
    for column in TEXT:  # each text column its room to tell its texts apart
        assert at_1024["columns"][column][1] >= at_1024["keep"][str(column)], column
    for store_id, register in at_1024["ids"]:
        assert store_id["shown"] == store_id["text"]  # "S012" whole
        tail = register["text"].rsplit("-", 1)[-1]  # "R01" of "S012-R01"
        assert register["shown"].endswith("…" + tail) or register["shown"] == register["text"], register


def widths(table) -> list[int]:
    return [table.horizontalHeader().sectionSize(c) for c in range(COLUMN_COUNT)]


def test_a_narrow_window_narrows_the_text_columns_and_a_wide_one_gives_every_width_back(
    qtbot, paths, filled_store
):
    window = offline_window(qtbot, make_services(paths, filled_store))
    page = window.receipts
    table = page.table
    window.resize(1440, 860)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and table.viewport().width() > 800)
    wide, split, room = widths(table), page.splitter.sizes(), table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    asked = table.fit.asked()
    assert [wide[c] for c in TEXT] == [asked[c] for c in TEXT]  # nothing cut at 1440

    window.resize(1024, 700)
    qtbot.waitUntil(lambda: table.viewport().width() < room)
    narrow = widths(table)
    assert table.horizontalScrollBar().maximum() == 0
    assert all(narrow[c] < wide[c] for c in TEXT)
    assert [narrow[c] for c in (COL_TIME, COL_TOTAL)] == [wide[c] for c in (COL_TIME, COL_TOTAL)]
    assert least_width(table, COL_STATUS) <= narrow[COL_STATUS] <= wide[COL_STATUS]  # its chips' words may go

    window.save_state()  # closed at 1024: the widths the columns were given are saved, not the fitted ones
    saved = QHeaderView(Qt.Orientation.Horizontal)
    qtbot.addWidget(saved)
    saved.setModel(page.model)
    assert saved.restoreState(QByteArray(window._services.settings.get("receipts/header")))
    assert [saved.sectionSize(c) for c in TEXT] == [asked[c] for c in TEXT]

    saved_split = QByteArray(
        window._services.settings.get("receipts/splitter")
    )  # and the split, not the loan

    window.resize(1440, 860)
    qtbot.waitUntil(lambda: table.viewport().width() == room)
    assert widths(table) == wide and page.splitter.sizes() == split  # nothing narrower than before
    assert page.splitter.restoreState(saved_split) and page.splitter.sizes() == split


def tooltip_at(table, row: int, column: int) -> str:
    """What hovering the cell shows (the view's tooltip event, as Qt sends it after the pointer rests)."""
    QToolTip.hideText()
    rect = table.visualRect(table.model().index(row, column))
    viewport = table.viewport()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(rect.center()))
    )
    return QToolTip.text() if QToolTip.isVisible() else ""


@pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)  # tooltip, offscreen
def test_an_elided_store_register_or_operator_shows_its_whole_text_on_hover(qtbot, paths, filled_store):
    window = offline_window(qtbot, make_services(paths, filled_store))
    page = window.receipts
    table = page.table
    window.resize(1440, 860)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and table.viewport().width() > 800)
    assert tooltip_at(table, 0, COL_LOCATION) == ""  # whole: no tooltip repeats it
    window.resize(960, 700)  # the narrowest window: the text columns are slivers
    qtbot.waitUntil(lambda: table.columnWidth(COL_LOCATION) < 40)
    for column in TEXT:
        text = page.model.index(0, column).data()
        assert tooltip_at(table, 0, column) == QtGui.Qt.convertFromPlainText(text), column  # plain text
    # the model's own tooltip, shown as plain text by the application's filter (ui/plain_tips.py)
    if QApplication.instance().findChild(PlainItemTips) is None:
        PlainItemTips(QApplication.instance())  # as make_application installs it (other tests may not have)
    status_tip = page.model.index(0, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip_at(table, 0, COL_STATUS) == QtGui.Qt.convertFromPlainText(status_tip)
    QToolTip.hideText()


def test_the_transport_folds_under_the_video_of_a_narrow_pane(qtbot):
    """The clock takes a row of its own, then the snapshot button its camera alone: the pane beside a 1024 px
    window's table can be 300 px wide, where the one row needed ~510 px."""
    pane = QWidget()  # placed by hand, as the video pane's layout places it
    qtbot.addWidget(pane)
    bar = TransportBar(pane)
    bar.time_label.setText("18:57:47 UTC−08:00  (+0:07)")
    pane.resize(800, 200)
    pane.show()
    qtbot.waitExposed(pane)
    assert bar.minimumSizeHint().width() <= 300
    for width, clock_apart, word in ((700, False, True), (400, True, True), (300, True, False)):
        bar.resize(width, 80)
        bar.resize(width, bar.sizeHint().height())  # its height for the rows it now has
        bar.layout().activate()
        controls = [bar.back_button, bar.play_button, bar.forward_button, bar.frame_back_button,
                    bar.frame_button, bar.speed, bar.snapshot_button]  # fmt: skip
        assert all(bar.rect().contains(c.geometry()) for c in controls), width
        clock = bar.time_label
        assert clock.width() >= clock.minimumWidth() and bar.rect().contains(clock.geometry()), width
        assert (clock.geometry().top() >= bar.play_button.geometry().bottom()) == clock_apart, width
        assert (bar.snapshot_button.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly) == word, width


def test_the_fit_reads_only_the_rows_in_view(qtbot) -> None:
    """The fit sizes the text columns by their content, and fits again at every model reset (a sync resets
    the list every second): ``sizeHintForColumn`` read up to 1,000 rows a column each time, 258 ms stalls of
    the window during a 200 k sync (bench_gui). It reads the rows in view, at most a viewport's worth."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex
    from PySide6.QtWidgets import QTableView

    from ows_desktop.ui.column_fit import content_width

    class Counting(QAbstractTableModel):
        reads = 0

        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 200_000

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else COLUMN_COUNT

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            Counting.reads += 1
            return "S031" if role == Qt.ItemDataRole.DisplayRole else None

    table = QTableView()
    qtbot.addWidget(table)
    model = Counting()
    table.setModel(model)
    table.resize(600, 400)
    Counting.reads = 0
    for column in (COL_LOCATION, COL_OPERATOR, COL_EXCEPTIONS):
        content_width(table, column)
    assert (
        0
        < Counting.reads
        <= 3 * (table.viewport().height() // table.verticalHeader().defaultSectionSize() + 1)
    )


def test_a_layout_saved_by_an_earlier_version_still_fits_the_narrowest_window(qtbot, paths, filled_store):
    """A saved header state brings back the minimum section size it was saved with: the 40 px of earlier
    versions held the text columns wider than the fit makes them at 960 px, and the table scrolled."""
    services = make_services(paths, filled_store)
    first = offline_window(qtbot, services)
    first.receipts.table.horizontalHeader().setMinimumSectionSize(40)  # as earlier versions saved it
    first.save_state()
    first.close()
    window = offline_window(qtbot, make_services(paths, filled_store, settings=services.settings))
    table = window.receipts.table
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0)
    window.resize(960, 700)
    qtbot.waitUntil(lambda: window.width() == 960 and table.viewport().width() < 700)
    QApplication.processEvents()  # the layouts it posted
    assert table.horizontalScrollBar().maximum() == 0
    assert table.columnWidth(COL_LOCATION) < 40


def test_a_fit_reads_the_rows_in_view_once_until_they_change(qtbot) -> None:
    """A table shown for the first time fits three times over (shown, then its viewport laid out twice): the
    rows' texts are read once for all three (reading them each time was most of the pause when a sync's first
    rows appear, bench_gui). Rows that change, or another font, are read again."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex
    from PySide6.QtWidgets import QTableView

    from ows_desktop.ui.column_fit import ColumnFit

    class Names(QAbstractTableModel):
        reads = 0
        operator = "Ann"

        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 50

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else COLUMN_COUNT

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            Names.reads += 1
            return self.operator if index.column() == COL_OPERATOR else "S031"

    table = QTableView()
    qtbot.addWidget(table)
    model = Names()
    table.setModel(model)
    fit = ColumnFit(table)
    table.resize(900, 400)
    table.show()
    qtbot.waitExposed(table)
    Names.reads = 0
    for width in (880, 860):  # the same rows in view, another width: fitted again, nothing read
        table.resize(width, 400)
        fit.fit()
    assert Names.reads == 0
    model.operator = "Łukasz Ivanova-Brzęczyszczykiewicz (E1015)"
    model.dataChanged.emit(model.index(0, COL_OPERATOR), model.index(0, COL_OPERATOR))
    fit.fit()
    assert Names.reads > 0  # the changed text measured
    Names.reads = 0
    font = table.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    table.setFont(font)  # FontChange: fitted again, the texts measured in the new font
    assert Names.reads > 0
    Names.reads = 0
    model.layoutChanged.emit()  # sorted again: other rows in view
    fit.fit()
    assert Names.reads > 0
