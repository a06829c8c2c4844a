"""The Cases tab follows changes made elsewhere while it is on screen — the command line on the same single-seat
cache, a colleague on the team store — as the Receipts tab follows flags: a new case joins the list, the
selected case's history shows a new entry, without a switch of tab, the person's case, ticket and scroll
kept; and not under a dialog the person has open (then once it closes)."""

from __future__ import annotations

from typing import Any

import pytest
from cli_support import ctx_on
from gui_support import OFFSCREEN_NOISE, cases_read, make_services, offline_window
from PySide6.QtCore import QItemSelectionModel, QPoint
from PySide6.QtWidgets import QDialog
from review_helpers import tk

from ows_desktop.cli.main import main as cli_main
from ows_desktop.itemmodels.ticket_columns import COL_TIME

pytestmark = [OFFSCREEN_NOISE, pytest.mark.both_backends]
LIVE_MS = 10_000  # the feed's bound is ~2 s; a slow shared machine gets room


def cli(paths: Any, request: Any, store_backend: str, *args: str) -> str:
    """``ows-desktop ARGS`` run in-process on the window's data folder (its team store on PostgreSQL)."""
    env = {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}
    ctx = ctx_on(paths, env)
    assert cli_main(list(args), ctx) == 0, ctx.stderr.getvalue()
    return ctx.stdout.getvalue()


def numbers(store: Any) -> set[str]:
    with store.reader() as reader:
        return {case.number for case in reader.cases.cases()}


@pytest.fixture
def on_cases_tab(qtbot, paths, store):
    """The window on its Cases tab, the first case (at the bottom of a list longer than the view) selected
    with its second ticket; the list, the case's tickets and its history scrolled to their middle."""
    store.upsert_tickets([tk(f"T-{i}") for i in range(1, 61)])
    first = store.cases.new_case("Voids at S1", tickets=[f"T-{i}" for i in range(1, 60)]).number
    for i in range(30):
        store.cases.add_case_note(first, f"Looked at it, day {i}")
    for i in range(40):
        store.cases.new_case(f"Filler {i}")
    services = make_services(paths, store)
    window = offline_window(qtbot, services)
    page = window.cases
    window.tabs.setCurrentWidget(page)
    cases_read(qtbot, page, first)
    assert page.current_case().number == first
    qtbot.waitUntil(lambda: "day 29" in page.history.toPlainText())  # read in a job of its own
    flags = (
        QItemSelectionModel.SelectionFlag
    )  # not setCurrentIndex: it adds to the selection while an earlier
    page.ticket_table.selectionModel().setCurrentIndex(  # test's Ctrl+click leaves Ctrl down on offscreen
        page.tickets.index(1, COL_TIME), flags.ClearAndSelect | flags.Rows
    )
    assert page.selected_ticket_keys() == ["T-2"]
    for view in (page.case_table, page.ticket_table, page.history):  # each longer than its view: scrolled
        bar = view.verticalScrollBar()
        assert bar.maximum() > 0
        bar.setValue(bar.maximum() // 2)
    return window, page, first, services.live


def test_a_case_and_a_history_entry_made_elsewhere_show_with_the_selection_and_scroll_kept(
    qtbot, qtmodeltester, paths, store, request, store_backend, on_cases_tab
) -> None:
    window, page, first, _live = on_cases_tab
    bar = page.case_table.verticalScrollBar()
    top, scrolled = page.model.case(page.case_table.rowAt(0)).number, bar.value()
    ticket_at = lambda: page.tickets.ticket_row(page.ticket_table.rowAt(0)).key  # noqa: E731
    read_at = lambda: page.history.cursorForPosition(QPoint(0, 0)).blockNumber()  # noqa: E731
    ticket_top, read_to = ticket_at(), read_at()
    before = numbers(store)

    cli(paths, request, store_backend, "case", "new", "Refund at S2", "--ticket", "T-3")
    cli(paths, request, store_backend, "case", "update", first, "--note", "Seen on camera 3")
    (new,) = numbers(store) - before

    qtbot.waitUntil(
        lambda: page.model.row_of(new) >= 0 and "Seen on camera 3" in page.history.toPlainText(),
        timeout=LIVE_MS,
    )
    assert window.tabs.currentWidget() is page  # no switch of tab
    assert page.current_case().number == first  # the person's case...
    assert page.selected_ticket_keys() == ["T-2"]  # ...and ticket stay
    assert page.model.case(page.case_table.rowAt(0)).number == top  # the rows in view stay where they were
    assert bar.value() >= scrolled  # (the new case came in above them)
    assert ticket_at() == ticket_top  # the case's tickets in view too
    assert read_at() == read_to  # the history's entries in view
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.tickets)


def test_a_change_made_elsewhere_waits_for_the_dialog_the_person_has_open(
    qtbot, paths, store, request, store_backend, on_cases_tab
) -> None:
    window, page, first, live = on_cases_tab
    dialog = QDialog(window)  # as the close, note or loss dialog: modal over the window
    dialog.setModal(True)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    header = page.header.text()
    with qtbot.waitSignal(live.reviewChanged, timeout=LIVE_MS):  # the window heard of it...
        cli(paths, request, store_backend, "case", "update", first, "--assignee", "jane", "--note", "Taken")
    assert not page.reading() and page.header.text() == header  # ...and left what is under the dialog alone
    dialog.reject()
    qtbot.waitUntil(
        lambda: "jane" in page.header.text() and "Taken" in page.history.toPlainText(), timeout=LIVE_MS
    )
    assert page.current_case().number == first and page.selected_ticket_keys() == ["T-2"]


def test_a_dialog_of_no_window_of_this_tab_holds_nothing(
    qtbot, paths, store, request, store_backend, on_cases_tab
) -> None:
    """A modal dialog or popup that is not over this window (one of another window, or one left open by
    earlier code) held the tab's re-reading for good: in CI, after two thousand other tests, the tab never
    followed. Only what is open over this tab's window holds it."""
    _window, page, first, _live = on_cases_tab
    stray = QDialog()  # modal, over no window of this tab
    qtbot.addWidget(stray)
    stray.setModal(True)
    stray.open()
    qtbot.waitUntil(stray.isVisible)
    cli(paths, request, store_backend, "case", "update", first, "--note", "Seen anyway")
    qtbot.waitUntil(lambda: "Seen anyway" in page.history.toPlainText(), timeout=LIVE_MS)
    stray.reject()
