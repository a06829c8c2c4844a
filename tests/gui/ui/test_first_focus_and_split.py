"""Where the keyboard is at start-up, and the receipt's room at 1366×768 (a tester's findings).

Qt gave the window's first focus to the store picker (no focus frame): a store manager's first ↓ chose the
first store and the list fell to its receipts; the Cases tab's first focus was its Status filter. And under a
1366×768 screen's receipt the video pane held ~250 px (its stack as tall as the 2×2 grid page): the receipt
showed its header and exceptions but no line item, and the split would not drag down."""

from __future__ import annotations

from dataclasses import replace

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, offline_window, open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from test_gui_small_screen import _item_rows

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.demo import pick_receipt
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.player.pane_states import PaneState
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.ui.filter_state import FilterState

pytestmark = OFFSCREEN_NOISE
SCREEN = (1366, 768 - 30)  # a 1366×768 screen's window maximised under a window manager (its title bar)


def press(qtbot, key) -> QWidget:
    """A key to whatever has the focus, as a keyboard sends it; the widget that has the focus afterwards."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key)
    return QApplication.focusWidget()


def test_the_window_starts_in_the_search_box_and_a_first_down_shows_the_first_receipt(
    qtbot, paths, filled_store
):
    """Nothing is chosen for the person: no receipt shown, no row selected (Export offers "the current filter",
    not a selection nobody made) until their first ↓."""
    window = offline_window(qtbot, make_services(paths, filled_store))  # first run: the dialog cancelled
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 2)
    assert QApplication.focusWidget() is page.filter_bar.search
    assert page.receipt.ticket() is None and not page.table.selectionModel().hasSelection()
    first, second = page.model.ticket_row(0).key, page.model.ticket_row(1).key
    assert press(qtbot, Qt.Key.Key_Down) is page.table
    assert page.receipt.ticket().key == first and page.acting_key() == first  # current, selected, shown
    press(qtbot, Qt.Key.Key_Down)
    assert page.receipt.ticket().key == second and page.table.currentIndex().row() == 1
    assert page.filters() == FilterState() and page.filter_bar.pickers["location"].currentIndex() == 0
    press(qtbot, Qt.Key.Key_K)  # K, J: through the receipts from there
    assert page.receipt.ticket().key == first


def test_with_nothing_stored_the_window_starts_in_the_search_box(qtbot, paths, store):
    window = offline_window(qtbot, make_services(paths, store))
    bar = window.receipts.filter_bar
    assert QApplication.focusWidget() is bar.search
    qtbot.keyClicks(bar.search, "coke")  # typed text goes where the cursor is seen
    assert bar.search.text() == "coke"
    press(qtbot, Qt.Key.Key_Down)  # ↓ goes to the results, it chooses no filter
    assert window.receipts.filters().location is None and bar.pickers["location"].currentIndex() == 0


def test_the_cases_tab_opens_in_its_list_of_cases_not_its_status_filter(qtbot, paths, filled_store):
    window = offline_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.receipts.filter_bar.search)
    window.cases_tab_action.trigger()
    assert QApplication.focusWidget() is window.cases.case_table
    status = window.cases.status_filter.currentIndex()
    press(qtbot, Qt.Key.Key_Down)
    assert window.cases.status_filter.currentIndex() == status
    window.receipts_tab_action.trigger()  # back: the search box, as it was left
    assert QApplication.focusWidget() is window.receipts.filter_bar.search


@pytest.fixture
def short_window(qtbot, paths, filled_store):
    """The window at 1366×768, the receipt the demo shows first (a sale with a voided line and a discount: the
    receipt's header, its voided line and discount take room above its items) shown, its register given a
    camera."""
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=FakeMediaBackend())
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    window.resize(*SCREEN)
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 1)
    chosen = pick_receipt(window, within=page.model.rowCount())
    row = page.model.ticket_row(chosen)
    camera = cameras.add_camera(
        "Overhead", "http://nvr.local/live/1", "http://nvr.local/play/1?start={start}"
    )
    cameras.add_to_terminal(row.location, row.terminal, camera.id)
    page.select_row(chosen)
    qtbot.waitUntil(lambda: window.video.state not in (PaneState.NO_CAMERA, PaneState.NO_TICKET))
    qtbot.waitUntil(lambda: window.video.transport.isVisible())
    return window


def test_at_1366x768_the_receipt_shows_its_first_line_items_beside_the_video(qtbot, short_window):
    browser, video = short_window.receipts.receipt.browser, short_window.video
    assert short_window.height() <= SCREEN[1]

    def first_items_in_view() -> bool:
        rows, viewport = _item_rows(browser), browser.viewport().rect()
        return bool(rows) and all(viewport.contains(r) for r in rows[:3])  # its first three, or all

    qtbot.waitUntil(first_items_in_view)
    assert browser.verticalScrollBar().value() == 0
    assert video.single.surface.height() >= 81  # and a picture, small but seen


def test_at_1366x768_dragging_the_split_down_gives_the_receipt_more(qtbot, short_window):
    receipt, video = short_window.receipts.receipt, short_window.video
    split = video.parentWidget()
    qtbot.waitUntil(lambda: receipt.height() > 0 and video.height() > 0)
    qtbot.wait(50)  # the fit after the layout settled
    before, handle = receipt.height(), split.sizes()[0]
    room = video.height() - video.minimumSizeHint().height()  # what the video gives before its least
    assert room >= 15
    split.moveSplitter(handle + room, 1)  # as a drag of the handle down to the video's least does
    qtbot.waitUntil(lambda: receipt.height() >= before + room - 2)
    assert video.isVisible() and video.transport.isVisible()  # the video still plays, smaller
    split.moveSplitter(split.height(), 1)  # on down to the bottom: the video gives way, the receipt all
    qtbot.waitUntil(lambda: receipt.height() > before + 100 and split.sizes()[1] == 0)
