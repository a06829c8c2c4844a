"""The Cases tab's history says what each entry did as ``case show`` does: the tickets added or removed by
their ids (those of a store the reader may not see counted, not named), an export's folder with its whole
path on the reader's own entries only, and it keeps the newest entry in view; it is read off the GUI
thread, and a late answer for a case the person has left never shows."""

from __future__ import annotations

import threading
from datetime import UTC

from gui_support import OFFSCREEN_NOISE, cases_read
from review_helpers import tk

from ows_desktop.itemmodels.cases import COL_STATUS, COL_TITLE
from ows_desktop.store.cases import case_subject
from ows_desktop.store.review import AuditEntry
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.case_history import history_lines
from ows_desktop.ui.cases_page import CasesPage

pytestmark = OFFSCREEN_NOISE
AT = 1_795_000_000_000_000  # 2026-11-18 11:06:40 UTC


def entry(n: int, action: str, changes: dict, role: str | None) -> AuditEntry:
    return AuditEntry(
        n, "case:C-1", AT + n, "jane", "ws-3", action, changes, "h", os_user="jane", db_role=role
    )


def test_tickets_are_named_and_another_logins_export_folder_by_its_name() -> None:
    entries = [
        entry(1, "case_add", {"tickets": ["S012-T1", "S099-T1"]}, "lp_jane"),
        entry(2, "case_remove", {"tickets": ["S012-T1"]}, "lp_jane"),
        entry(
            3, "case_export", {"format": "pdf", "folder": "/home/jane/Evidence/c1", "tickets": []}, "lp_jane"
        ),
    ]
    # another login of the team store, who may not see store S099
    lines = history_lines(entries, ["S012-T1"], UTC, "lp_bob")
    assert lines[0].endswith("added 2 tickets: S012-T1 and 1 ticket in a store you may not see")
    assert lines[1].endswith("removed 1 ticket: S012-T1")
    assert lines[2].endswith("exported as PDF to c1") and "/home/jane" not in "\n".join(lines)
    assert lines[0].startswith("2026-11-18 11:06 UTC+00:00  lp_jane  ")
    # jane herself; and a single seat (no logins): the whole path
    assert history_lines(entries, ["S012-T1"], UTC, "lp_jane")[2].endswith("to /home/jane/Evidence/c1")
    assert history_lines(entries, ["S012-T1"], UTC, None)[2].endswith("to /home/jane/Evidence/c1")


def test_an_entry_naming_the_folder_shows_its_whole_path_where_it_was_exported() -> None:
    """The trail names an export's folder (export/audit.py); the workstation that exported keeps its whole
    path (export/folders.py), shown on the reader's own entries only."""
    changes = {"export": "OWS-1", "format": "pdf", "folder": "c1", "tickets": []}
    entries = [entry(1, "case_export", changes, "lp_jane")]
    known = {"OWS-1": "/home/jane/Evidence/c1"}
    assert history_lines(entries, [], UTC, "lp_jane", known=known)[0].endswith("to /home/jane/Evidence/c1")
    assert history_lines(entries, [], UTC, None, known=known)[0].endswith("to /home/jane/Evidence/c1")
    assert history_lines(entries, [], UTC, "lp_jane")[0].endswith("to c1")  # exported at another workstation
    # another login on the same computer (one OS user for everyone): the name
    assert history_lines(entries, [], UTC, "lp_bob", known=known)[0].endswith("to c1")


def test_a_new_entry_is_scrolled_into_view(qtbot, store) -> None:
    store.upsert_tickets([tk("T-1"), tk("T-2")])
    number = store.cases.new_case("Long", tickets=["T-1"]).number
    for n in range(60):  # a French note's no-break space: Qt's toPlainText() gives it back as a space
        store.cases.add_case_note(number, f"note {n}" if n != 30 else "Vol\u00a0: caisse 3")
    with store.reader() as reader:
        page = CasesPage(reader=reader, store=store, tz=UTC)
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        cases_read(qtbot, page, number)
        header = (
            page.case_table.horizontalHeader()
        )  # the status next to the title, in the list's first 500 px
        assert header.visualIndex(COL_STATUS) == header.visualIndex(COL_TITLE) + 1
        bar = page.history.verticalScrollBar()
        qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
        bar.setValue(0)  # the person scrolled up to read; a refresh that adds nothing keeps it there
        with qtbot.waitSignal(page.case_history.shown):  # the history read again (in a job) has landed
            page.refresh()
        assert bar.value() == 0
        store.cases.add_tickets(number, ["T-2"])
        page.refresh()
        qtbot.waitUntil(lambda: bar.value() == bar.maximum())
        # named as the receipt names it (the list and the receipt say "Ticket #…", not the key)
        assert page.history.toPlainText().splitlines()[-1].endswith("added 1 ticket: Ticket #T-2 (S1-R1)")
        assert page.history.cursorRect().bottom() <= page.history.viewport().height()
        page.shutdown()


def test_the_history_is_read_off_the_gui_thread_and_a_late_answer_for_a_case_left_is_dropped(
    qtbot, store, monkeypatch
) -> None:
    """Clicking a case read its whole history on the GUI thread (the tab froze on a long one, or while a sync
    held the cache). It is read in a job; when the person chose case B while case A's history was still being
    read, A's late answer must not show under B's header."""
    store.upsert_tickets([tk("T-1"), tk("T-2")])
    first = store.cases.new_case("Case A", tickets=["T-1"]).number
    second = store.cases.new_case("Case B", tickets=["T-2"]).number
    store.cases.add_case_note(first, "note of A")
    store.cases.add_case_note(second, "note of B")
    threads: list[int] = []
    release = threading.Event()
    with store.reader() as reader:
        reading = type(reader.review).audit_trail

        def slow_for_a(self, key=None):
            threads.append(threading.get_ident())
            if key == case_subject(first):
                release.wait(30)  # A's answer comes late: after the person chose B
            return reading(self, key)

        monkeypatch.setattr(type(reader.review), "audit_trail", slow_for_a)
        jobs = JobRunner(max_threads=2)
        page = CasesPage(reader=reader, store=store, tz=UTC, jobs=jobs)
        qtbot.addWidget(page)
        page.show()
        try:
            page.refresh(select=first)
            qtbot.waitUntil(lambda: len(threads) == 1)  # A's history is being read
            assert page.history.toPlainText() == ""
            assert page.select_case(second)
            qtbot.waitUntil(lambda: "note: note of B" in page.history.toPlainText())
            assert "Case B" in page.header.text()
        finally:
            release.set()
        qtbot.waitUntil(lambda: jobs.pending == 0)  # A's answer has reached the page
        assert (
            "note: note of B" in page.history.toPlainText() and "note of A" not in page.history.toPlainText()
        )
        assert threads and threading.get_ident() not in threads  # never read on the GUI thread
        page.shutdown()
        jobs.shutdown()


def test_a_ticket_of_another_store_added_and_removed_is_not_named() -> None:
    entries = [
        entry(1, "case_add", {"tickets": ["S012-T1", "S099-T1"]}, "lp_jane"),
        entry(2, "case_remove", {"tickets": ["S099-T1"]}, "lp_jane"),
    ]
    readable = lambda key: key.startswith("S012")  # noqa: E731  the login sees store S012 only
    lines = history_lines(entries, ["S012-T1"], UTC, "lp_bob", readable)
    assert lines[0].endswith("added 2 tickets: S012-T1 and 1 ticket in a store you may not see")
    assert lines[1].endswith("removed 1 ticket: 1 ticket in a store you may not see")
    assert "S099" not in "\n".join(lines)


def test_a_ticket_retention_removed_is_counted_as_such_in_additions_and_removals() -> None:
    """A ticket the team store's retention removed since (``reader.cases.retained_tickets``; a real store's:
    tests/gui/ui/test_cases_gui_team_counts.py) was counted as "in a store you may not see", by the director
    too: it is "since removed by retention", never named, as ``case show`` says it."""
    entries = [
        entry(1, "case_add", {"tickets": ["S012-T1", "S099-T1", "S012-T0"]}, "lp_jane"),
        entry(2, "case_remove", {"tickets": ["S012-T0"]}, "lp_jane"),
        entry(3, "case_add", {"tickets": ["S012-T0"]}, "lp_jane"),
    ]

    def readable(key: str) -> bool:  # the login sees store S012; S012-T0's month was dropped since
        return key == "S012-T1"

    lines = history_lines(entries, ["S012-T1"], UTC, "lp_bob", readable, retained={"S012-T0"})
    assert lines[0].endswith(
        "added 3 tickets: S012-T1 and 1 ticket in a store you may not see and 1 ticket since removed by retention"
    )
    assert lines[1].endswith("removed 1 ticket: 1 ticket since removed by retention")
    assert lines[2].endswith("added 1 ticket: 1 ticket since removed by retention")
    assert "S012-T0" not in "\n".join(lines)
