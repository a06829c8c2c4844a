"""The main window against the simulator on loopback: sync with progress and cancel, search and filters,
the receipt, keyboard navigation, the users tab, persisted settings and the error banner."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from gui_support import (
    KEY,
    OFFSCREEN_NOISE,
    SECRET,
    connected_services,
    make_services,
    offline_window,
    open_window,
    small_config,
    wait_connected,
)
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHeaderView

from ows_desktop.app import open_qt_settings
from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, COL_OPERATOR, COL_TOTAL
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.simulator import FakeOws
from ows_desktop.store import TicketQuery, open_store
from ows_desktop.ui.filter_state import FilterState, SyncRange
from ows_desktop.ui.sync_controller import utc_text

pytestmark = OFFSCREEN_NOISE

SIM_RANGE = SyncRange("custom", "2026-11-19T00:00:00", "2026-11-24T00:00:00")


def _all_rows(model):
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.ticket_row(r) for r in range(model.rowCount())]


# -- sync -------------------------------------------------------------------------------------------------


def test_sync_shows_progress_and_fills_the_table(qtbot, paths, store, sim):
    window = open_window(qtbot, connected_services(paths, store, sim))
    wait_connected(qtbot, window)
    assert (
        window.receipts.table_stack.currentWidget() is window.receipts.empty
    )  # empty cache: "No tickets yet"
    window.sync_bar.set_sync_range(SIM_RANGE)
    progress = []
    with qtbot.waitSignal(window.syncFinished, timeout=30_000) as finished:
        assert window.start_sync()
        assert window.sync_bar.cancel_button.isVisible()
        window.sync_bar.progress.valueChanged.connect(progress.append)
    assert finished.args == ["succeeded"]
    expected = sim.generator.count()
    assert store.reader().count(TicketQuery()) == expected
    assert progress and max(progress) == 1000
    assert f"{expected:,} tickets" in window.sync_bar.detail.full_text()
    assert not window.sync_bar.cancel_button.isVisible()
    qtbot.waitUntil(lambda: window.receipts.total() == expected)
    assert window.receipts.count_label.text() == f"{expected:,} receipts"
    assert window.receipts.table_stack.currentWidget() is window.receipts.table
    qtbot.waitUntil(lambda: f"{expected:,} tickets" in window.cache_label.text())
    with store.reader() as reader:  # the sync recorded in the store when it finished: the label says that
        finished = reader.last_sync_finished()
    assert finished is not None
    qtbot.waitUntil(lambda: window.last_sync_label.toolTip() == utc_text(finished))
    assert window.last_sync_label.text().startswith("Last sync")


def test_last_sync_is_when_a_sync_into_the_store_shown_last_finished(qtbot, paths, store):
    """One settings value held "Last sync" for every cache and store: a sync of another tenant's cache set the
    label shown over this one. The label now says what the store shown records, whoever synced it."""
    services = make_services(paths, store)
    services.settings.set(
        "sync/last_finished", "2026-11-24T11:00:00+00:00"
    )  # another cache's, as kept before
    window = offline_window(qtbot, services)
    qtbot.waitUntil(lambda: window.last_sync_label.text() == "Never synced")
    with open_store(
        paths.database
    ) as cli:  # `ows-desktop sync` of this cache finishes while the window is open
        cli.record_sync_finished(to_epoch_us(datetime(2026, 11, 24, 9, 12, 33, tzinfo=UTC)))
    qtbot.waitUntil(
        lambda: window.last_sync_label.text() == "Last sync 09:12", timeout=10_000
    )  # live updates
    assert window.last_sync_label.toolTip() == "2026-11-24 09:12:33 UTC"


def test_figures_asked_for_while_a_read_runs_are_read_again_after_it(qtbot, paths, store, monkeypatch):
    """The end of a sync asks for the status bar's figures; a read already running then (started by a page
    the sync saved) may predate the sync's end: it was dropped, and "Last sync" stayed as it was."""
    import threading

    from ows_desktop.ui import sync_controller

    read, release, real = threading.Event(), threading.Event(), sync_controller.store_stats

    def held_first(store, team=False):
        figures = real(store, team)
        if not read.is_set():
            read.set()
            release.wait(10)
        return figures

    monkeypatch.setattr(sync_controller, "store_stats", held_first)
    services = replace(make_services(paths, store), live=None)  # only the window's own reads
    window = offline_window(qtbot, services)
    qtbot.waitUntil(read.is_set)  # the first read ran: "Never synced"
    store.record_sync_finished(to_epoch_us(datetime(2026, 11, 24, 9, 12, tzinfo=UTC)))
    window.sync.refresh_stats()  # as the end of a sync asks, while that read is still running
    release.set()
    qtbot.waitUntil(lambda: window.last_sync_label.text() == "Last sync 09:12")


def test_new_tickets_appear_while_the_selection_stays(qtbot, paths, store, sim):
    window = open_window(qtbot, connected_services(paths, store, sim))
    wait_connected(qtbot, window)
    window.sync_bar.set_sync_range(SyncRange("custom", "2026-11-19T00:00:00", "2026-11-21T09:00:00"))
    with qtbot.waitSignal(window.syncFinished, timeout=30_000):
        window.start_sync()
    page = window.receipts
    page.select_row(3)
    key = page.current_key()
    before = page.model.rowCount()
    window.sync_bar.set_sync_range(SIM_RANGE)
    with qtbot.waitSignal(window.syncFinished, timeout=30_000):
        window.start_sync()
    assert page.model.rowCount() > before
    assert page.model.ticket_row(page.table.currentIndex().row()).key == key
    assert page.current_key() == key


def test_a_saved_page_that_changed_a_shown_ticket_shows_the_change(qtbot, browsing, filled_store):
    """While a sync saves pages the table keeps the rows it shows, but a ticket saved again with new content
    (the page says it updated stored tickets) shows its new content at the next refresh."""
    page = browsing.receipts
    page.select_row(2)
    shown = [page.model.index(r, COL_OPERATOR).data() for r in range(6)]
    reader = filled_store.reader()
    try:
        ticket = reader.ticket(page.model.rowid(2))
    finally:
        reader.close()
    filled_store.upsert_tickets([replace(ticket, operator="Renamed Operator")])
    page.tickets_saved(0, updated=1)  # what the sync reports for that page
    renamed = f"Renamed Operator ({ticket.operator_id})"  # the simulator's cashiers have employee IDs
    qtbot.waitUntil(lambda: page.model.index(2, COL_OPERATOR).data() == renamed)
    assert [page.model.index(r, COL_OPERATOR).data() for r in (0, 1, 3, 4, 5)] == shown[:2] + shown[3:]
    assert page.current_key() == ticket.key


def test_cancel_stops_the_sync(qtbot, paths, store):
    config = small_config(days=2, tickets_per_store_day=400)
    with FakeOws(config, key=KEY, secret=SECRET, latency=0.02) as server:
        window = open_window(qtbot, connected_services(paths, store, server))
        wait_connected(qtbot, window)
        window.sync_bar.set_sync_range(SIM_RANGE)
        with qtbot.waitSignal(window.syncFinished, timeout=30_000) as finished:
            window.start_sync()
            qtbot.waitUntil(lambda: "pages" in window.sync_bar.detail.full_text(), timeout=10_000)
            qtbot.mouseClick(window.sync_bar.cancel_button, Qt.MouseButton.LeftButton)
        assert finished.args == ["cancelled"]
        assert "Cancelled" in window.sync_bar.detail.full_text()
        saved = store.reader().count(TicketQuery())
        assert saved < server.generator.count()
        with store.reader() as reader:
            assert reader.last_sync_finished() is None  # a cancelled sync is not a finished one
        qtbot.waitUntil(lambda: window.cache_label.text() == f"{saved:,} tickets on this computer")
        assert window.last_sync_label.text() == "Never synced"
        assert window.sync_bar.sync_button.isEnabled()


def test_refused_key_shows_a_banner_not_a_traceback(qtbot, paths, store, sim):
    window = open_window(qtbot, connected_services(paths, store, sim, secret="not-the-secret"))
    wait_connected(qtbot, window)
    window.sync_bar.set_sync_range(SIM_RANGE)
    with qtbot.waitSignal(window.syncFinished, timeout=30_000) as finished:
        window.start_sync()
    assert finished.args == ["failed"]
    assert window.banner.isVisible()
    assert window.banner.title_text() == "OWS refused the API key."
    assert "Edit connection" in window.banner.detail_text()
    assert "Traceback" not in window.banner.detail_text()
    assert window.banner.message.actions == ("edit_connection",)
    window.banner.actionTriggered.emit("edit_connection")
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()


def test_server_down_shows_what_to_do(qtbot, paths, store, sim):
    services = connected_services(paths, store, sim)
    services.settings.set("connection/base_url", "http://127.0.0.1:9")  # nothing listens there
    services.credentials.set("http://127.0.0.1:9", services.credentials.get(sim.api_url))
    services.settings.set("sync/workers", 1)
    window = open_window(qtbot, services)
    wait_connected(qtbot, window)
    window.sync_bar.set_sync_range(SIM_RANGE)
    with qtbot.waitSignal(window.syncFinished, timeout=60_000):
        window.start_sync()
    assert window.banner.title_text() == "Cannot reach OWS."
    assert "sync again" in window.banner.detail_text()
    # plain words: which server and why, no request line or errno (#10)
    detail = window.banner.detail_text()
    assert "OWS at 127.0.0.1 could not be reached: the server refused the connection" in detail
    assert "GET " not in detail and "/apip" not in detail and "Errno" not in detail and "Error:" not in detail


# -- browsing the cache --------------------------------------------------------------------------------------


def test_search_is_debounced_and_filters_the_table(qtbot, browsing):
    page = browsing.receipts
    everything = page.total()
    operator = page.model.ticket_row(0).operator
    with qtbot.waitSignal(page.model.queryChanged, timeout=2000):
        qtbot.keyClicks(page.filter_bar.search, operator.split()[0])
        assert page.model.query.text == ""  # not yet: the search waits for typing to pause
    assert page.model.query.text == operator.split()[0]
    qtbot.waitUntil(lambda: page.total() is not None and page.total() < everything)
    assert page.count_label.text().startswith(f"{page.total():,} receipt")

    with qtbot.waitSignal(page.model.queryChanged):
        page.filter_bar.pickers["status"].setCurrentIndex(page.filter_bar.pickers["status"].findData("void"))
    assert {r.status for r in _all_rows(page.model)} <= {"void"}
    page.filter_bar.clear()
    with qtbot.waitSignal(page.model.queryChanged):
        page.filter_bar.min_total.setText("50")
        page.filter_bar.min_total.editingFinished.emit()
    assert all(r.total >= 50 for r in _all_rows(page.model))
    with qtbot.waitSignal(page.model.queryChanged):
        page.filter_bar.flagged.setChecked(True)
    assert page.model.rowCount() == 0


def test_no_match_shows_the_empty_state_with_clear_filters(qtbot, browsing):
    page = browsing.receipts
    with qtbot.waitSignal(page.model.queryChanged, timeout=2000):
        page.filter_bar.search.setText("zzqqxx")
    assert page.table_stack.currentWidget() is page.empty
    assert page.empty.title.text() == "No tickets match “zzqqxx”."
    assert page.empty.hint.text().startswith("Try fewer words")
    assert page.empty.clear_button.isVisible()
    start = "The search lists receipts holding every word typed, at the start of a word: "
    typed_as_syntax = {  # searched as words: the hint says what the search did with each piece typed
        "zzqqxx OR yyqq": "OR, AND and NOT are searched as words, not operators. Try fewer words",
        '"zzqqxx yyqq"': "quotes are ignored (the words are found in any order). Try",
        "“zzqqxx yyqq”": "quotes are ignored (the words are found in any order). Try",
        "zzqq*": "* is ignored. Try fewer words",
        "zzqq NOT yy": "OR, AND and NOT are searched as words, not operators. Try fewer words",
        "zzqq -yy": "a leading minus excludes nothing (-void finds void). Try fewer words",
    }
    for typed, said in typed_as_syntax.items():
        with qtbot.waitSignal(page.model.queryChanged, timeout=2000):
            page.filter_bar.search.setText(typed)
        assert page.empty.hint.text().startswith(start + said), typed
    with qtbot.waitSignal(page.model.queryChanged, timeout=2000):
        page.filter_bar.search.setText("zzqq O'Brien")  # an apostrophe inside a name is no syntax
    assert page.empty.hint.text().startswith("Try fewer words")
    with qtbot.waitSignal(page.model.queryChanged, timeout=2000):  # "-void" lists the void tickets
        page.filter_bar.search.setText("-void")
    assert page.model.rowCount() > 0 and page.search_hint.isVisibleTo(page)
    assert page.search_hint.full_text() == "Search: a leading minus excludes nothing (-void finds void)."
    with qtbot.waitSignal(page.model.queryChanged, timeout=2000):
        page.filter_bar.search.setText("void")
    assert page.sort_label.full_text() == "sorted by time, newest first" and not page.search_hint.isVisibleTo(
        page
    )
    with qtbot.waitSignal(page.model.queryChanged):
        qtbot.mouseClick(page.empty.clear_button, Qt.MouseButton.LeftButton)
    assert page.filter_bar.search.text() == ""
    assert page.table_stack.currentWidget() is page.table
    assert page.model.rowCount() > 0


def test_header_click_sorts_in_the_store(qtbot, browsing):
    page = browsing.receipts
    header = page.table.horizontalHeader()
    with qtbot.waitSignal(page.model.queryChanged):
        header.setSortIndicator(COL_TOTAL, Qt.SortOrder.AscendingOrder)
    assert page.model.query.sort == "total" and not page.model.query.descending
    totals = [r.total for r in _all_rows(page.model) if r.total is not None]
    assert totals == sorted(totals)
    assert page.sort_label.full_text() == "sorted by total, ascending"
    header.setSortIndicator(COL_EXCEPTIONS, Qt.SortOrder.DescendingOrder)  # a column that does not sort
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        COL_TOTAL,
        Qt.SortOrder.AscendingOrder,
    )
    assert page.model.query.sort == "total"


def test_selecting_a_row_renders_the_receipt(qtbot, browsing):
    page = browsing.receipts
    with qtbot.waitSignal(page.model.queryChanged):
        page.filter_bar.pickers["status"].setCurrentIndex(page.filter_bar.pickers["status"].findData("sale"))
    rows = _all_rows(page.model)
    voided = next(i for i, r in enumerate(rows) if r.has_void)
    row = rows[voided]
    page.select_row(voided)
    ticket = page.receipt.ticket()
    assert ticket is not None and ticket.key == row.key
    text = page.receipt.text()
    assert row.operator in text
    assert f"{row.total:,.2f}" in text
    assert "Subtotal" in text and "Total" in text and "Tax" in text
    assert "VOID" in text
    assert "line-through" in page.receipt.html()
    from ows_desktop.basics.store_time import store_time_text

    started = store_time_text(row.start, row.utc_offset_min, "%a %d %b %Y, %H:%M:%S")  # the time rule
    assert started in text and "UTC" in started
    assert 'title="' not in text
    page.receipt.setCurrentIndex(page.receipt.TAB_RAW)
    raw_model = page.receipt.raw_model
    keys = {raw_model.index(i, 0).data() for i in range(raw_model.rowCount())}
    assert keys & {"id", "Id"}


def test_keyboard_moves_through_receipts(qtbot, browsing):
    page = browsing.receipts
    browsing.activateWindow()
    qtbot.waitUntil(browsing.isActiveWindow)
    page.focus_table()
    assert page.table.currentIndex().row() == 0
    first = page.current_key()
    qtbot.keyClick(page.table, Qt.Key.Key_J)
    assert page.table.currentIndex().row() == 1
    second = page.current_key()
    assert second != first and page.receipt.ticket().key == second
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == 2
    qtbot.keyClick(page.table, Qt.Key.Key_K)
    qtbot.keyClick(page.table, Qt.Key.Key_K)
    assert page.current_key() == first
    qtbot.keyClick(browsing, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter_bar.search.hasFocus()
    qtbot.keyClicks(page.filter_bar.search, "jk")  # letters typed into the search box are text, not moves
    assert page.filter_bar.search.text() == "jk"
    assert browsing.flag_action.shortcut().toString() == "F"
    qtbot.keyClicks(page.filter_bar.search, "f")  # ... and so is F: it does not flag anything
    assert page.filter_bar.search.text() == "jkf"
    with browsing._services.store.reader() as reader:
        assert reader.count(TicketQuery(flagged=True)) == 0
    assert browsing.next_action.shortcut().toString() == "J"
    assert browsing.sync_action.shortcut().toString() == "Ctrl+R"


# -- users ---------------------------------------------------------------------------------------------------


def test_users_tab_loads_and_searches_users(qtbot, paths, store, sim):
    window = open_window(qtbot, connected_services(paths, store, sim))
    wait_connected(qtbot, window)
    window.show_users()
    users = window.users
    expected = len(sim.generator.users())
    qtbot.waitUntil(lambda: users.model.rowCount() == expected, timeout=10_000)
    assert users.status.text() == f"{expected} users"
    someone = users.model.user(0)
    users.search.setText(someone.email)
    assert users.proxy.rowCount() == 1
    assert users.status.text() == f"1 of {expected} users match"


# -- settings ------------------------------------------------------------------------------------------------


def test_layout_filters_and_range_persist_across_windows(qtbot, paths, filled_store):
    settings = open_qt_settings(paths.settings_file)
    first = open_window(qtbot, make_services(paths, filled_store, settings=settings))
    qtbot.waitUntil(lambda: first.connection_dialog() is not None)
    first.connection_dialog().reject()
    area = first.screen().availableGeometry()  # the window stays inside the screen (#10): fit the test to it
    first.resize(min(960, area.width()), min(700, area.height() - 40))
    page = first.receipts
    page.filter_bar.set_state(
        FilterState(text="café", status="void", min_total=5.0, flagged_only=False, time_preset="yesterday")
    )
    page.table.horizontalHeader().resizeSection(COL_OPERATOR, 222)
    page.table.horizontalHeader().setSortIndicator(COL_TOTAL, Qt.SortOrder.AscendingOrder)
    total = sum(page.splitter.sizes())
    page.splitter.setSizes([total * 52 // 92, total - total * 52 // 92])
    sizes = page.splitter.sizes()
    first.sync_bar.set_sync_range(SyncRange("yesterday"))
    first.show_users()
    first.close()

    second = open_window(
        qtbot, make_services(paths, filled_store, settings=open_qt_settings(paths.settings_file))
    )
    page2 = second.receipts
    assert page2.filter_bar.state() == FilterState(
        text="café", status="void", min_total=5.0, time_preset="yesterday"
    )
    assert page2.filters().text == "café"
    assert page2.model.query.sort == "total" and not page2.model.query.descending
    assert page2.table.horizontalHeader().sectionSize(COL_OPERATOR) == 222
    assert second.sync_bar.sync_range() == SyncRange("yesterday")
    assert second.size() == first.size()
    assert second.tabs.currentWidget() is second.users
    second.show_receipts()
    # on a screen narrower than the saved layout the panes' minimum widths round it by a few pixels
    qtbot.waitUntil(lambda: all(abs(a - b) <= 4 for a, b in zip(page2.splitter.sizes(), sizes, strict=True)))
    assert page2.table.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed


def test_a_pasted_page_of_search_text_is_named_by_its_start_in_the_empty_list(qtbot, browsing):
    """14,000 characters pasted into the search filled the empty list with "Renée Renée …", cut at both ends."""
    page = browsing.receipts
    with qtbot.waitSignal(page.model.queryChanged):
        page.filter_bar.set_state(FilterState(text="Renée " * 2400 + "end"))
    qtbot.waitUntil(lambda: page.table_stack.currentWidget() is page.empty)
    title = page.empty.title.text()
    assert title.startswith("No tickets match “Renée Renée") and title.endswith("Renée…”.")
    assert len(title) < 110 and "end" not in title
    assert page.model.query.text.endswith("end")  # the search itself is whole
    # what an export's selection says keeps it whole (the export dialog, the manifest's description)
    assert page.filters().describe() == f"“{page.model.query.text}”"
    assert FilterState(text="two\nlines " * 20).describe(short=True).startswith("“two lines two lines")


def test_filter_state_round_trips_and_describes_itself():
    state = FilterState(text="choc", location="S012", status="no_sale", max_total=20.0, flagged_only=True)
    assert FilterState.from_json(state.to_json()) == state
    assert FilterState.from_json("not json") == FilterState()
    assert state.describe() == "“choc”, store S012, status No sale, total ≤ 20.00, flagged only"
    query = state.to_query(now_utc=datetime(2026, 11, 24, tzinfo=UTC), tz=UTC)
    assert query.locations == ("S012",) and query.flagged is True and query.max_total == 20.0
    today = FilterState(time_preset="today").to_query(now_utc=datetime(2026, 11, 24, 15, tzinfo=UTC), tz=UTC)
    assert today.start == datetime(2026, 11, 24, tzinfo=UTC) and today.end == datetime(
        2026, 11, 25, tzinfo=UTC
    )
    span = SyncRange("today").resolve(datetime(2026, 11, 24, 15, tzinfo=UTC), UTC)
    assert span == (datetime(2026, 11, 24, tzinfo=UTC), datetime(2026, 11, 24, 15, tzinfo=UTC))


def test_the_window_title_names_the_app_once(browsing):
    """ "OWS Desktop — 127.0.0.1:43711 (default) — OWS Desktop": Qt appends the application's display name to a
    title that does not end with it (X11, Wayland, Windows); the title now ends with it."""
    title = browsing.windowTitle()
    assert title.endswith(" — OWS Desktop") and title.count("OWS Desktop") == 1, title
