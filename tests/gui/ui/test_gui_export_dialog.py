"""File ▸ Export evidence… says what it will export and lets the person choose (#10): "N tickets: selection /
flagged / current filter"; the export shows a progress bar with the count and can be cancelled, and a
cancelled export leaves nothing behind that looks complete."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
from pathlib import Path

import pytest
from gui_support import (
    OFFSCREEN_NOISE,
    make_services,
    receipts_window,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton

from ows_desktop.ui.export_dialog import ExportDialog

pytestmark = OFFSCREEN_NOISE
TITLE_BAR_CONTROLS = 160  # a title bar's icon and minimise/maximise/close buttons (Windows, GNOME, KDE)


@pytest.fixture
def window(qtbot, paths, filled_store):
    return receipts_window(qtbot, make_services(paths, filled_store))


def select_rows(qtbot, page, rows):
    for n, row in enumerate(rows):
        rect = page.table.visualRect(page.model.index(row, 1))
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def with_dialog(act):
    """Run ``act(dialog)`` once the modal export dialog is up (as a person would, inside its event loop)."""
    seen = {}

    def step():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, step)
            return
        seen["summary"] = dialog.summary.text()
        seen["labels"] = {k: b.text() for k, b in dialog.buttons_by_kind.items()}
        act(dialog)

    QTimer.singleShot(0, step)
    return seen


def export_csv(qtbot, window, out, kind=None):
    """Ctrl+E as a person: in the dialog ``kind`` (else what it chose), CSV, the folder ``out``, Export.
    Returns what the dialog showed and the folder exported ("" when the export failed)."""

    def fill(dialog):
        if kind is not None:
            dialog.buttons_by_kind[kind].setChecked(True)
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
        qtbot.keyClicks(dialog.folder_edit, str(out))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    seen = with_dialog(fill)
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as done:
        window.export_action.trigger()
    return seen, done.args[0]


def exported_keys(out):
    rows = csv.DictReader(io.StringIO((out / "tickets.csv").read_text(encoding="utf-8-sig")))
    return {row["ticket_key"] for row in rows}


def test_the_dialog_says_how_many_tickets_and_exports_exactly_the_selection(qtbot, window, tmp_path):
    page = window.receipts
    select_rows(qtbot, page, [0, 2, 4])
    keys = {r.key for r in page.selected_rows()}
    assert len(keys) == 3
    out = tmp_path / "case"
    said: list[str] = []
    window.export.statusMessage.connect(lambda text, _ms: said.append(text))
    seen, exported = export_csv(qtbot, window, out)
    assert exported == str(out)
    assert any(s.startswith("Exporting the 3 selected receipts as CSV to ") for s in said), (
        said
    )  # translatable
    assert seen["summary"] == "3 tickets: selection"
    assert seen["labels"]["selection"].endswith("— 3 tickets")
    assert seen["labels"]["filter"].endswith(f"— {page.total():,} tickets")
    assert exported_keys(out) == keys
    assert "Exported 3 tickets" in window.statusBar().currentMessage()


def test_a_cancelled_export_shows_its_progress_and_leaves_nothing(qtbot, window, tmp_path, monkeypatch):
    import ows_desktop.ui.export_controller as controller

    real_export = controller.export_tickets

    def export_that_waits_for_the_person(*args, progress=None, cancel=None, **kwargs):
        def report(done, total):
            progress(done, total)
            if done == 1:  # the person sees "Exported 1 of N" and presses Cancel: wait for it
                cancel.wait(10)

        return real_export(*args, progress=report, cancel=cancel, **kwargs)

    monkeypatch.setattr(controller, "export_tickets", export_that_waits_for_the_person)
    out = tmp_path / "cases" / "case"
    cancelled = []
    titles: list[tuple[str, int, int]] = []  # (title, its width in the dialog's font, the dialog's width)

    def title_seen(dialog):
        dialog.ensurePolished()
        titles.append(
            (
                dialog.windowTitle(),
                dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()),
                dialog.width(),
            )
        )

    def cancel_when_counting():
        dialog = window.export.progress_dialog
        if dialog is None or dialog.value() < 1:
            QTimer.singleShot(10, cancel_when_counting)
            return
        cancelled.append(dialog.labelText())
        title_seen(dialog)  # #10: as shown, counting
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def fill(dialog):
        title_seen(dialog)
        dialog.buttons_by_kind["filter"].setChecked(True)
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("pdf"))
        qtbot.keyClicks(dialog.folder_edit, str(out))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(0, cancel_when_counting)

    seen = with_dialog(fill)
    with qtbot.waitSignal(window.exportFinished, timeout=120_000) as done:
        window.export_action.trigger()
    total = window.receipts.total()
    assert seen["summary"] == f"{total:,} tickets: current filter"
    assert done.args == [""]
    assert (
        cancelled and cancelled[0].startswith("Exported ") and cancelled[0].endswith(f"of {total:,} tickets…")
    )
    # #10: neither dialog's title is cut in its title bar: the window's icon and its buttons take ~160 px
    assert [t[0] for t in titles] == ["Export evidence", "Exporting evidence"]
    for title, advance, width in titles:
        assert advance <= width - TITLE_BAR_CONTROLS, (title, advance, width)
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []  # no half export, hidden or not
    assert window.statusBar().currentMessage() == "Export cancelled; nothing was written."


def test_a_pdf_export_counts_its_pages_and_a_cancel_while_drawing_leaves_nothing(
    qtbot, window, tmp_path, monkeypatch
):
    """#14: after the tickets, a PDF's pages are drawn; the dialog counts them and Cancel still works."""
    import ows_desktop.ui.export_controller as controller

    real_export = controller.export_tickets

    def export_that_waits_while_drawing(*args, page_progress=None, cancel=None, **kwargs):
        def report(done, total):
            page_progress(done, total)
            cancel.wait(10)  # the person reads "page N of M" and presses Cancel

        return real_export(*args, page_progress=report, cancel=cancel, **kwargs)

    monkeypatch.setattr(controller, "export_tickets", export_that_waits_while_drawing)
    out = tmp_path / "cases" / "case"
    seen = []

    def cancel_when_drawing():
        dialog = window.export.progress_dialog
        if dialog is None or not dialog.labelText().startswith("Writing the PDF"):
            QTimer.singleShot(10, cancel_when_drawing)
            return
        seen.append((dialog.labelText(), dialog.value(), dialog.maximum()))
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def fill(dialog):
        dialog.buttons_by_kind["selection"].setChecked(True)
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("pdf"))
        qtbot.keyClicks(dialog.folder_edit, str(out))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(0, cancel_when_drawing)

    select_rows(qtbot, window.receipts, [0, 2, 4])
    with_dialog(fill)
    with qtbot.waitSignal(window.exportFinished, timeout=120_000) as done:
        window.export_action.trigger()
    assert done.args == [""]
    [(label, value, maximum)] = seen
    assert label == f"Writing the PDF report: page {value} of {maximum}…" and 3 <= value < maximum
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
    assert window.statusBar().currentMessage() == "Export cancelled; nothing was written."


def test_a_failed_export_says_why_in_full_until_the_person_dismisses_it(qtbot, window, tmp_path, monkeypatch):
    """The reason went to the status bar for 10 s, cut at the window's width ("…Windows Credential Lo")."""
    import errno

    import ows_desktop.ui.export_controller as controller
    from ows_desktop.export.errors import ExportTargetError
    from ows_desktop.export.staging import explain

    out = tmp_path / ("a folder on the USB stick that filled up during the export of the case " + "x" * 120)

    def disk_full(*_args, **_kwargs):  # what the dialog cannot see coming
        raise ExportTargetError(explain(OSError(errno.ENOSPC, "No space left on device"), out))

    monkeypatch.setattr(controller, "export_tickets", disk_full)
    _seen, exported = export_csv(qtbot, window, out)
    assert exported == ""
    banner = window.banner
    qtbot.waitUntil(banner.isVisible)
    assert banner.title_text() == "The export failed."
    assert str(out) in banner.detail_text() and "the disk is full" in banner.detail_text()  # all of it
    assert window.statusBar().currentMessage() == "The export failed."
    assert not out.exists()
    dismiss = next(b for b in banner.findChildren(QToolButton) if b.accessibleName() == "Dismiss message")
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()


def test_an_export_the_audit_trail_missed_says_so_until_dismissed(qtbot, window, tmp_path, filled_store):
    """A sync holding the cache's write lock past the busy timeout: the evidence is published, and the
    window says (not only for a moment on the status line) that the audit trail does not record it."""
    import sqlite3

    sync = sqlite3.connect(filled_store.path, isolation_level=None)
    try:
        sync.execute("BEGIN IMMEDIATE")
        _seen, exported = export_csv(qtbot, window, tmp_path / "out")
    finally:
        sync.rollback()
        sync.close()
    assert exported == str(tmp_path / "out") and (tmp_path / "out" / "MANIFEST.sha256").exists()
    banner = window.banner
    assert banner.isVisible() and banner.message.level == "warning"
    assert banner.title_text() == "The export is complete, but the audit trail does not record it."
    assert "the cache stayed busy" in banner.detail_text() and str(tmp_path / "out") in banner.detail_text()


def test_a_long_export_says_about_how_long_is_left(qtbot, window, tmp_path, monkeypatch):
    """With video clips an export takes about a second a ticket: "Exported 51 of 3,839 tickets… 1%" for
    an hour said nothing of when it ends. The count line now has the time left, from the pace so far. And
    the line shows the bar's count: counts that arrive together were shown out of order (the bar at 4, the
    line at 2), the dialog's setValue running the newer ones before the older one's text was set."""
    import ows_desktop.ui.export_controller as controller

    # the window's clock: two seconds later at every count it shows (each ticket's), as with video clips
    ticks = itertools.count(1)
    window.export._clock = lambda: 1000.0 + 2.0 * next(ticks)
    real_export = controller.export_tickets
    labels = []

    def slow_export(*args, progress=None, cancel=None, **kwargs):
        def report(done, total):
            if done == 1:  # four counts at once (the GIL keeps this thread on for their ~50 µs)
                for n in range(1, 5):
                    progress(n, total)
                cancel.wait(10)  # the person reads the dialog and cancels

        return real_export(*args, progress=report, cancel=cancel, **kwargs)

    monkeypatch.setattr(controller, "export_tickets", slow_export)

    seen_at_4 = []

    def read_then_cancel():
        dialog = window.export.progress_dialog
        if dialog is None or dialog.value() != 4 or len(seen_at_4) < 2:  # twice: every count handled
            if dialog is not None and dialog.value() == 4:
                seen_at_4.append(dialog.labelText())
            QTimer.singleShot(10, read_then_cancel)
            return
        labels.append(dialog.labelText())
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def fill(dialog):
        dialog.buttons_by_kind["filter"].setChecked(True)
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
        qtbot.keyClicks(dialog.folder_edit, str(tmp_path / "case"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(0, read_then_cancel)

    with_dialog(fill)
    with qtbot.waitSignal(window.exportFinished, timeout=60_000):
        window.export_action.trigger()
    total = window.receipts.total()
    # first counted at 1, 6 s later at 4: 2 s a ticket for the rest
    minutes = round(2.0 * (total - 4) / 60)
    assert labels == [f"Exported 4 of {total:,} tickets…\nabout {minutes} min left"], (labels, total)


def test_a_search_still_being_typed_is_what_the_dialog_counts_and_the_export_holds(qtbot, window, tmp_path):
    """Search, then Ctrl+E at once: the search was still in its 250 ms delay, so the dialog said "The
    current filter (all tickets) — 160 tickets"; the delay then ran out behind the dialog and the export
    held the search's tickets instead. The dialog now counts the search the person typed, and the export
    holds exactly what it counted."""
    from ows_desktop.store import TicketQuery

    page = window.receipts
    word = page.model.ticket_row(0).location
    with window._services.store.reader() as reader:
        expected = {row.key for row in reader.page(TicketQuery(text=word), 10_000)[0]}
    assert 0 < len(expected) < page.total()
    out = tmp_path / "case"
    qtbot.keyClicks(page.filter_bar.search, word)  # no Enter, and no wait
    seen, exported = export_csv(qtbot, window, out, "filter")
    assert exported == str(out)
    assert seen["labels"]["filter"] == f"The current filter (“{word}”) — {len(expected)} tickets"
    assert exported_keys(out) == expected


def test_the_flagged_view_narrowed_to_a_reason_counts_and_exports_those_tickets(qtbot, window, tmp_path):
    """In the flagged view narrowed to "Void abuse", the dialog said "All flagged tickets — 3 tickets" and
    the export held the 2 the view showed."""
    from dataclasses import replace

    page, store = window.receipts, window._services.store
    keys = [page.model.ticket_row(r).key for r in range(3)]
    store.review.flag_ticket(keys[0], reason="Void abuse")
    store.review.flag_ticket(keys[1], reason="Refund fraud")
    store.review.flag_ticket(keys[2], reason="Void abuse")
    page.filter_bar.set_state(replace(page.filters(), flagged_only=True))
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.flagged_bar.reason_combo.setCurrentIndex(page.flagged_bar.reason_combo.findText("Void abuse"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    out = tmp_path / "case"
    seen, _exported = export_csv(qtbot, window, out)
    assert seen["labels"]["flagged"] == "The flagged tickets shown — 2 tickets"
    assert seen["summary"] == "2 tickets: flagged"
    assert exported_keys(out) == {keys[0], keys[2]}


def test_choose_opens_where_the_proposed_folder_would_be_made(qtbot, tmp_path, monkeypatch) -> None:
    import ows_desktop.ui.export_dialog as export_dialog

    asked: list[str] = []
    monkeypatch.setattr(
        export_dialog.QFileDialog,
        "getExistingDirectory",
        lambda _parent, _title, start: (asked.append(start), str(tmp_path / "chosen"))[1],
    )
    dialog = ExportDialog([("case", "Case C-2026-0001", 2)], folder=str(tmp_path / "case-C-2026-0001-x"))
    qtbot.addWidget(dialog)
    dialog._browse()  # the "Choose…" button
    assert asked == [str(tmp_path)]  # not the program's working folder
    assert dialog.folder() == tmp_path / "chosen"
    dialog.folder_edit.clear()
    dialog._browse()
    assert asked[-1] == str(Path.home())


def test_a_case_with_no_tickets_is_said_to_have_none(qtbot, tmp_path) -> None:
    """Export case… on an empty case said "no ticket is selected, flagged or listed" (none of which the person
    had asked about): it says the case has no tickets, and nothing can be exported."""
    dialog = ExportDialog([("case", "Case C-2026-0003", 0)], folder=str(tmp_path / "out"))
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == "Nothing to export: the case has no tickets. Add tickets to it first."
    assert not dialog.export_button.isEnabled()
    listed = ExportDialog(
        [("selection", "Selected", 0), ("flagged", "Flagged", 0)], folder=str(tmp_path / "o")
    )
    qtbot.addWidget(listed)
    assert listed.summary.text() == "Nothing to export: no ticket is selected, flagged or listed."


def in_dialog_with_focus(qtbot, act):
    """``act(dialog)`` once the export dialog is up and holds the keyboard focus (inside its event loop); a
    dialog ``act`` left open is cancelled, so a failing test fails instead of waiting for ever."""

    def focused(dialog):
        try:
            qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
            act(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    return with_dialog(focused)


def export_with_keys(qtbot, window, act):
    """Ctrl+E, ``act(dialog)`` as in_dialog_with_focus; the folders exported ("" for a failed export)."""
    finished: list[str] = []
    window.exportFinished.connect(finished.append)
    in_dialog_with_focus(qtbot, act)
    window.export_action.trigger()  # returns once the dialog is closed
    if window.export.progress_dialog is not None:
        qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    return finished


def type_keys(qtbot, text):
    """Keys as the person types them: to whichever widget has the focus."""
    qtbot.keyClicks(QApplication.focusWidget(), text)


def test_the_keys_typed_first_go_to_the_folder_and_enter_exports(qtbot, window, tmp_path):
    """Ctrl+E, then typing the folder typed nowhere: the focus was on the first choice."""
    out = tmp_path / "typed-at-once"
    seen = {}

    def type_and_enter(dialog):
        seen["focus"] = QApplication.focusWidget()
        type_keys(qtbot, str(out))
        seen["folder"] = dialog.folder_edit.text()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    exported = export_with_keys(qtbot, window, type_and_enter)
    assert seen["focus"].objectName() == "exportFolder" and seen["folder"] == str(out)
    assert exported == [str(out)] and (out / "MANIFEST.sha256").exists()


def test_a_file_or_a_full_folder_is_refused_in_the_dialog_which_stays_open(qtbot, window, tmp_path):
    """A file given as the folder closed the dialog and showed a red banner: everything chosen was lost.
    The dialog now says why under its fields, keeps the focus in the folder and stays open."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    full = tmp_path / "last-week"
    full.mkdir()
    (full / "tickets.csv").write_text("key\n", encoding="utf-8")
    out = tmp_path / "case"
    said = []

    def failed():  # the window's banner says the export failed
        return window.banner.isVisible() and window.banner.title_text() == "The export failed."

    def refused(dialog):
        dialog.buttons_by_kind[
            "flagged" if dialog.buttons_by_kind["flagged"].isEnabled() else "filter"
        ].click()
        dialog.folder_edit.setFocus()
        for folder in (a_file, full, a_file / "case"):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_keys(qtbot, str(folder))
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            said.append(
                (dialog.isVisible(), dialog.problem_label.isVisible(), dialog.problem_label.text(),
                 QApplication.focusWidget() is dialog.folder_edit, failed())
            )  # fmt: skip
            if not dialog.isVisible():  # it took the folder: nothing more to type in it
                return
        seen["format"] = dialog.problem_label.textFormat()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_keys(qtbot, str(out))
        seen["cleared"] = not dialog.problem_label.isVisible()  # a new folder typed: the reason goes
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    seen = {}
    exported = export_with_keys(qtbot, window, refused)
    assert said == [
        (True, True, f"{a_file} is a file, not a folder. Choose a new or an empty folder.", True, False),
        (True, True, f"The folder {full} is not empty: an evidence folder holds one export only. Choose a new "
                     "or an empty folder.", True, False),
        (True, True, f"{a_file} is a file, not a folder: {a_file / 'case'} cannot be made in it.", True, False),
    ]  # fmt: skip
    assert seen == {"format": Qt.TextFormat.PlainText, "cleared": True}
    assert exported == [str(out)] and not failed()
    assert a_file.read_text(encoding="utf-8") == "not a folder" and sorted(
        p.name for p in full.iterdir()
    ) == ["tickets.csv"]


def test_one_selected_receipt_is_what_the_dialog_chooses_first(qtbot, window, tmp_path):
    """The tester: one receipt selected, Ctrl+E chose "The current filter — 1,864 tickets", so a folder and
    Enter exported the whole day; with two selected it chose the selection."""
    page = window.receipts
    select_rows(qtbot, page, [2])
    [key] = [r.key for r in page.selected_rows()]
    assert page.total() > 1
    seen, exported = export_csv(qtbot, window, tmp_path / "one")  # the folder, Export: nothing else chosen
    assert seen["summary"] == "1 ticket: selection"
    assert seen["labels"]["selection"] == "The selected receipt — 1 ticket"
    assert seen["labels"]["filter"].endswith(f"— {page.total():,} tickets")  # offered, not chosen
    assert exported == str(tmp_path / "one") and exported_keys(tmp_path / "one") == {key}


def test_a_snapshot_the_export_left_out_is_named_with_what_to_do_until_dismissed(qtbot, window, tmp_path):
    """A snapshot whose file is not the picture taken (export/custody.py) is left out: the window says which
    and why, not only for a moment on the status line."""
    from ows_desktop.export.bundle import ExportResult

    why = ("Snapshot T-2-cam1-20261120T140308.650Z.png left out: the file is not the picture taken (its SHA-256 "
           "is not the one the audit trail recorded when it was taken). Put the original file back in the "
           "snapshots folder, or take the snapshot again, then export again.")  # fmt: skip
    result = ExportResult(folder=tmp_path / "out", format="csv", case_id="OWS-1", tickets=2, files=(),
                          snapshots=1, redactions=0, seconds=0.5,
                          refused_snapshots=({"ticket_id": "T-2", "file": "T-2-cam1-…png", "error": why},))  # fmt: skip
    window.export._on_exported(None, result)
    banner = window.banner
    assert banner.isVisible() and banner.message.level == "warning"
    assert banner.detail_text().splitlines()[0] == f"Ticket T-2: {why}"
    assert window.statusBar().currentMessage().endswith("; 1 snapshot left out (reasons in export.json)")


def test_snapshots_exported_with_no_hash_are_named_in_the_window_message(qtbot, window, tmp_path):
    """A snapshot of an earlier version (no SHA-256 recorded) is exported, marked: the window's message names
    it until dismissed, with the ones left out (a picture not in the audit trail: its reason, as a changed one)."""
    from ows_desktop.export.bundle import ExportResult

    why = ("Snapshot T-3-cam1-x.png left out: not in the audit trail: OWS Desktop did not record taking it "
           "(its .json file has a SHA-256, but the ticket's audit trail has no entry for it). Take the "
           "snapshot again, then export again.")  # fmt: skip
    unhashed = ({"ticket_id": "T-1", "file": "snapshots/00001-T-1-1.png"},)
    result = ExportResult(folder=tmp_path / "out", format="csv", case_id="OWS-1", tickets=3, files=(),
                          snapshots=1, redactions=0, seconds=0.5, unhashed_snapshots=unhashed)  # fmt: skip
    window.export._on_exported(None, result)  # nothing missing: the no-hash mark alone keeps the message
    banner = window.banner
    assert banner.isVisible() and banner.message.level == "warning"
    assert "some snapshots have no hash recorded" in banner.message.title
    assert banner.detail_text().splitlines() == [
        "1 snapshot exported with no hash recorded (no SHA-256 and no audit-trail entry, as for one taken before "
        "OWS Desktop recorded them; that cannot be verified), marked so: it cannot be shown to be the picture "
        "taken: snapshots/00001-T-1-1.png (ticket T-1)"
    ]
    refused = ({"ticket_id": "T-3", "file": "T-3-cam1-x.png", "error": why},)
    window.export._on_exported(None, dataclasses.replace(result, refused_snapshots=refused))
    assert "some of their video evidence is missing" in window.banner.message.title
    assert window.banner.detail_text().splitlines()[:2] == [
        f"Ticket T-3: {why}",
        "1 snapshot exported with no hash recorded (no SHA-256 and no audit-trail entry, as for one taken before "
        "OWS Desktop recorded them; that cannot be verified), marked so: it cannot be shown to be the picture "
        "taken: snapshots/00001-T-1-1.png (ticket T-1)",
    ]
