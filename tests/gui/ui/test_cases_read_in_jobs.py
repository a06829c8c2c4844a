"""The Cases tab reads its case list, its filters' choices and a case's tickets in jobs, never on the GUI
thread (with a team store over a network each reading stalled the window); an answer that comes after the
person chose another filter or case is dropped; one late enough to be noticed says "Loading…"."""

from __future__ import annotations

import threading
from datetime import UTC

from gui_support import OFFSCREEN_NOISE, cases_read
from review_helpers import tk

from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.cases_page import CasesPage

pytestmark = OFFSCREEN_NOISE


def recorded(monkeypatch, cls, name: str, threads: dict, hold=None) -> None:
    """``cls.name`` notes the thread it runs on in ``threads[name]``; ``hold(args)``: an Event to wait for."""
    original = getattr(cls, name)

    def reading(self, *args, **kwargs):
        threads.setdefault(name, []).append(threading.get_ident())
        gate = hold(args) if hold is not None else None
        if gate is not None:
            gate.wait(30)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, reading)


def test_the_case_list_its_choices_and_a_cases_tickets_are_read_off_the_gui_thread(
    qtbot, store, monkeypatch
) -> None:
    store.upsert_tickets([tk("T-1"), tk("T-2")])
    number = store.cases.new_case("Voids", tickets=["T-1", "T-2"], assignee="jane").number
    threads: dict[str, list[int]] = {}
    with store.reader() as reader:
        for name in ("cases", "assignees", "locations"):
            recorded(monkeypatch, type(reader.cases), name, threads)
        recorded(monkeypatch, type(reader), "page", threads)
        page = CasesPage(reader=reader, store=store, tz=UTC)
        qtbot.addWidget(page)
        page.show()
        cases_read(qtbot, page, number)
        assert page.current_case().number == number and page.tickets.rowCount() == 2
        assert page.known_assignees() == ["jane"]
        assert sorted(threads) == ["assignees", "cases", "locations", "page"]
        gui = threading.get_ident()
        assert all(gui not in called for called in threads.values()), threads  # never on the GUI thread
        assert not page.loading.isVisible()  # a quick answer: no "Loading…"
        page.close()  # not painted any more: its ticket model closes with it
        page.shutdown()


def test_a_late_answer_for_a_filter_or_case_left_is_dropped_and_says_loading_meanwhile(
    qtbot, store, monkeypatch
) -> None:
    """The person chose the Closed filter while the list for Any was being read: that list, coming late (before
    the Closed one), must not show under the Closed filter. Then case B while A's tickets were being read:
    A's tickets, coming before B's, never show under B."""
    store.upsert_tickets([tk("T-1"), tk("T-2"), tk("T-3")])
    first = store.cases.new_case("Case A", tickets=["T-1"]).number
    second = store.cases.new_case("Case B", tickets=["T-2", "T-3"]).number
    gates = {name: threading.Event() for name in ("any", "closed", "A", "B")}
    asked: list[str] = []

    def hold_list(args):  # the list for Any, then for Closed, each until let through
        if len(asked) < 2:
            asked.append("closed" if "any" in asked else "any")
            return gates[asked[-1]]
        return None

    def hold_tickets(args):
        name = {first: "A", second: "B"}.get(args[0].case if args else None)
        if name and name not in asked:
            asked.append(name)
            return gates[name]
        return None

    threads: dict[str, list[int]] = {}
    with store.reader() as reader:
        recorded(monkeypatch, type(reader.cases), "cases", threads, hold_list)
        jobs = JobRunner(max_threads=4)
        page = CasesPage(reader=reader, store=store, tz=UTC, jobs=jobs)
        qtbot.addWidget(page)
        page.show()  # reads the list for Any: held
        qtbot.waitUntil(lambda: asked == ["any"])
        qtbot.waitUntil(page.loading.isVisible)  # late enough to be noticed
        assert page.case_table.placeholder() == "Loading…"  # not "No cases yet" while it is read
        page.status_filter.setCurrentIndex(page.status_filter.findData("closed"))
        page.status_filter.activated.emit(page.status_filter.currentIndex())
        qtbot.waitUntil(lambda: asked == ["any", "closed"])
        gates["any"].set()
        qtbot.waitUntil(lambda: jobs.pending == 1)  # Any's late answer has reached the page first
        assert page.model.rowCount() == 0 and page.current_case() is None  # and was dropped
        assert page.loading.isVisible()  # the Closed list is still being read
        gates["closed"].set()
        qtbot.waitUntil(lambda: page.case_table.placeholder() == "No case matches these filters.")
        assert not page.loading.isVisible()

        page.status_filter.setCurrentIndex(0)
        page.status_filter.activated.emit(0)
        cases_read(qtbot, page, refresh=False)
        recorded(monkeypatch, type(reader), "page", threads, hold_tickets)
        assert page.select_case(first)
        qtbot.waitUntil(lambda: asked[-1] == "A")  # A's tickets are being read
        assert page.select_case(second)
        qtbot.waitUntil(lambda: asked[-1] == "B")
        gates["A"].set()
        qtbot.waitUntil(lambda: jobs.pending == 1)  # A's late answer has reached the page
        assert page.tickets.rowCount() == 0 and page.receipt.ticket() is None  # dropped: B's are coming
        gates["B"].set()
        qtbot.waitUntil(lambda: page.tickets.rowCount() == 2)
        assert page.tickets.query.case == second
        assert sorted(page.tickets.ticket_row(r).key for r in range(2)) == ["T-2", "T-3"]
        assert page.receipt.ticket().key in ("T-2", "T-3")
        page.close()  # not painted any more: its ticket model closes with it
        page.shutdown()
        jobs.shutdown()


def paged(monkeypatch, reader, threads: list, gate: threading.Event, held: list) -> None:
    """The readers' ``page`` notes its thread in ``threads``; a page after the first (``after`` given) read in
    a job waits for ``gate`` (noted in ``held``). One read on the GUI thread is noted, never held."""
    original, gui = type(reader).page, threading.get_ident()

    def page(self, query, limit, after=None):
        threads.append(threading.get_ident())
        if after is not None and threading.get_ident() != gui:
            held.append(query.case)
            gate.wait(30)
        return original(self, query, limit, after)

    monkeypatch.setattr(type(reader), "page", page)


def many_tickets(store, count: int, prefix: str = "T-MANY") -> list[str]:
    from datetime import timedelta

    from review_helpers import T0

    keys = [f"{prefix}-{n:03d}" for n in range(count)]
    store.upsert_tickets(
        [tk(key, start=T0 + timedelta(minutes=n), total=float(1 + n % 7)) for n, key in enumerate(keys)]
    )
    return keys


def test_a_cases_pages_after_the_first_and_a_sort_are_read_off_the_gui_thread(qtbot, store, monkeypatch):
    """End (or a scroll to the end) read the case's next pages, and a click on a header read the tickets in
    the new order and looked for the receipt shown, on the GUI thread: with a team store each stalled the
    window. Now a job reads them; the rows read so far stay meanwhile, "Loading…" while it is late."""
    from PySide6.QtCore import QItemSelectionModel, Qt

    from ows_desktop.itemmodels.ticket_columns import COL_TOTAL

    number = store.cases.new_case("450 receipts", tickets=many_tickets(store, 450)).number
    threads: list[int] = []
    gate, held = threading.Event(), []
    with store.reader() as reader:
        paged(monkeypatch, reader, threads, gate, held)
        page = CasesPage(reader=reader, store=store, tz=UTC)
        qtbot.addWidget(page)
        page.show()
        cases_read(qtbot, page, number)
        model, table = page.tickets, page.ticket_table
        assert model.rowCount() == 200  # its first page
        model.fetch_until(449)  # what End asks for
        assert model.rowCount() == 200  # the window did not wait for the pages
        qtbot.waitUntil(lambda: held == [number])
        qtbot.waitUntil(page.loading.isVisible)  # late enough to be noticed
        gate.set()
        qtbot.waitUntil(lambda: model.rowCount() == 450)
        assert not page.loading.isVisible()
        rows = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        table.selectionModel().setCurrentIndex(model.index(300, 0), rows)  # past the first page
        shown = model.ticket_row(300).key
        assert page.receipt.ticket().key == shown
        table.horizontalHeader().setSortIndicator(COL_TOTAL, Qt.SortOrder.DescendingOrder)  # a header click
        cases_read(qtbot, page, refresh=False)
        totals = [model.ticket_row(r).total for r in range(model.rowCount())]
        assert model.query.sort == "total" and totals == sorted(totals, reverse=True)
        assert page.selected_ticket_keys() == [shown] and page.receipt.ticket().key == shown  # kept
        assert threads and threading.get_ident() not in threads  # every page read in a job
        page.close()
        page.shutdown()


def test_a_late_page_of_a_case_left_is_dropped(qtbot, store, monkeypatch) -> None:
    """The next pages of case A were being read when the person chose case B: they never show under B."""
    first = store.cases.new_case("Case A", tickets=many_tickets(store, 250)).number
    second = store.cases.new_case("Case B", tickets=many_tickets(store, 2, "T-B")).number
    threads: list[int] = []
    gate, held = threading.Event(), []
    with store.reader() as reader:
        paged(monkeypatch, reader, threads, gate, held)
        jobs = JobRunner(max_threads=4)
        page = CasesPage(reader=reader, store=store, tz=UTC, jobs=jobs)
        qtbot.addWidget(page)
        page.show()
        cases_read(qtbot, page, first)
        page.tickets.fetchMore(page.tickets.index(-1, -1))  # a scroll to the end of A's first page
        qtbot.waitUntil(lambda: held == [first])
        assert page.select_case(second)
        qtbot.waitUntil(lambda: page.tickets.query.case == second and page.tickets.rowCount() == 2)
        gate.set()
        qtbot.waitUntil(lambda: jobs.pending == 0)  # A's late page has reached the page
        assert page.tickets.query.case == second
        assert sorted(page.tickets.ticket_row(r).key for r in range(page.tickets.rowCount())) == [
            "T-B-000",
            "T-B-001",
        ]
        page.close()
        page.shutdown()
        jobs.shutdown()


def test_the_case_ticket_model_passes_the_model_tester(qtmodeltester, store) -> None:
    """It asks for its further pages instead of reading them: the tester's fetchMore reads nothing."""
    from ows_desktop.itemmodels.case_ticket_model import CaseTicketModel
    from ows_desktop.store.query import TicketQuery

    number = store.cases.new_case("Many", tickets=many_tickets(store, 250)).number
    query = TicketQuery(case=number, sort="start", descending=False)
    with store.reader() as reader:
        model = CaseTicketModel(reader)
        wanted: list[int] = []
        model.moreWanted.connect(wanted.append)
        model.show_page(query, *reader.page(query, model.page_size))
        qtmodeltester.check(model)
        assert model.rowCount() == 200 and model.has_more() and wanted == [399]  # asked for once, not read
        rows, after = reader.page(query, model.page_size, model.after)
        assert not model.append_rows(model.version - 1, rows, after)  # read for rows that changed: dropped
        assert model.append_rows(model.version, rows, after) and model.rowCount() == 250
        assert model.row_of_key(rows[-1].key) == 249 and not model.has_more()
        model.close()


def click_row(qtbot, table, row: int) -> None:
    """The person scrolls to ``row`` of ``table`` and clicks it."""
    from PySide6.QtCore import Qt

    index = table.model().index(row, 0)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: table.currentIndex().row() == row)


def in_view(table, row: int) -> bool:
    return 0 <= table.rowViewportPosition(row) < table.viewport().height()


def test_j_at_the_last_ticket_loaded_moves_to_the_next_when_its_page_lands(
    qtbot, paths, store, monkeypatch
) -> None:
    """J at the last of a case's tickets loaded asked for the next page, read in a job, and stayed where it
    was when the page came: the person pressed J and nothing happened. Now the page landing makes the move,
    once, as the Receipts table makes it at the press; K meanwhile keeps the person where she went."""
    from gui_support import make_services, offline_window
    from PySide6.QtCore import Qt

    number = store.cases.new_case("250 receipts", tickets=many_tickets(store, 250)).number
    other = store.cases.new_case("Another 250", tickets=many_tickets(store, 250, "T-MORE")).number
    gate, held = threading.Event(), []
    with store.reader() as reader:
        paged(monkeypatch, reader, [], gate, held)
    window = offline_window(qtbot, make_services(paths, store))
    page = window.cases
    window.tabs.setCurrentWidget(page)
    cases_read(qtbot, page, number)
    model, table = page.tickets, page.ticket_table
    assert model.rowCount() == 200  # its first page
    click_row(qtbot, table, 199)  # the last ticket loaded
    qtbot.keyClick(table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: held == [number])  # the next page is being read
    assert table.currentIndex().row() == 199 and model.rowCount() == 200
    gate.set()
    qtbot.waitUntil(lambda: model.rowCount() == 250)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 200)  # the move J asked for
    nxt = model.ticket_row(200).key
    assert page.selected_ticket_keys() == [nxt] and page.receipt.ticket().key == nxt
    assert in_view(table, 200)

    gate.clear()
    assert page.select_case(other)
    cases_read(qtbot, page, refresh=False)
    click_row(qtbot, table, 199)
    qtbot.keyClick(table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: held == [number, other])
    qtbot.keyClick(table, Qt.Key.Key_K)  # the person went back up meanwhile
    assert table.currentIndex().row() == 198
    gate.set()
    qtbot.waitUntil(lambda: model.rowCount() == 250)
    qtbot.wait(50)  # the landing's queued work done
    assert table.currentIndex().row() == 198 and page.receipt.ticket().key == model.ticket_row(198).key
    window.close()


def test_end_goes_to_the_last_ticket_once_the_pages_after_those_loaded_land(qtbot, store, monkeypatch):
    """End went to the last ticket loaded and stayed there when the case's further pages came in."""
    from PySide6.QtCore import Qt

    number = store.cases.new_case("450 receipts", tickets=many_tickets(store, 450)).number
    gate, held = threading.Event(), []
    with store.reader() as reader:
        paged(monkeypatch, reader, [], gate, held)
        page = CasesPage(reader=reader, store=store, tz=UTC)
        qtbot.addWidget(page)
        page.show()
        cases_read(qtbot, page, number)
        model, table = page.tickets, page.ticket_table
        assert table.currentIndex().row() == 0 and model.rowCount() == 200
        qtbot.keyClick(table, Qt.Key.Key_End)
        assert table.currentIndex().row() == 199  # the last loaded, at once
        qtbot.waitUntil(lambda: held == [number])
        gate.set()
        qtbot.waitUntil(lambda: model.rowCount() == 450)
        qtbot.waitUntil(lambda: table.currentIndex().row() == 449)
        last = model.ticket_row(449).key
        assert page.selected_ticket_keys() == [last] and page.receipt.ticket().key == last
        assert in_view(table, 449)
        page.close()
        page.shutdown()
