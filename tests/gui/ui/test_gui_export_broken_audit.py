"""The window never exports a tampered audit trail as clean evidence: an export whose audit entries fail their
integrity check asks first, Cancel the default — Cancel writes nothing, Export marked exports it marked (and
the banner says so). The export runs in its job either way; the question comes after the job's check."""

from __future__ import annotations

import csv
import io
import sqlite3
from contextlib import closing

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, receipts_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ows_desktop.store import TicketQuery
from ows_desktop.ui.export_dialog import BrokenAuditQuestion, ExportDialog

pytestmark = OFFSCREEN_NOISE
NOTE = "Customer left without the bag"


@pytest.fixture
def tampered(filled_store):
    with filled_store.reader() as reader:
        key = reader.rows(list(reader.ids(TicketQuery()))[:1])[0].key
    filled_store.review.flag_tickets([key], reason="Void abuse", note=NOTE, who="jane")
    with closing(sqlite3.connect(filled_store.path)) as conn, conn:
        conn.execute("DROP TRIGGER review_audit_no_update")
        conn.execute(
            "UPDATE review_audit SET changes = replace(changes, ?, 'Cashier pocketed the cash')", (NOTE,)
        )
    return filled_store


@pytest.fixture
def window(qtbot, paths, tampered):
    return receipts_window(qtbot, make_services(paths, tampered))


def export_flagged_csv(qtbot, window, out, answer):
    """Ctrl+E, the flagged tickets as CSV into ``out``; the question answered with ``answer(question)``.
    Returns what the question said and the folder exported ("" when nothing was)."""
    seen: dict[str, object] = {}

    def step():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, ExportDialog):
            modal.buttons_by_kind["flagged"].setChecked(True)
            modal.format_combo.setCurrentIndex(modal.format_combo.findData("csv"))
            qtbot.keyClicks(modal.folder_edit, str(out))
            qtbot.mouseClick(modal.export_button, Qt.MouseButton.LeftButton)
        elif isinstance(modal, BrokenAuditQuestion):
            seen["text"] = modal.text()
            seen["default"] = modal.defaultButton().text()
            seen["nothing yet"] = not out.exists()
            answer(modal)
            return
        QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as done:
        window.export_action.trigger()
    return seen, done.args[0]


def test_cancel_is_the_default_and_writes_nothing(qtbot, window, tmp_path):
    out = tmp_path / "ev"
    said: list[str] = []
    window.export.statusMessage.connect(lambda text, _ms: said.append(text))

    def cancel(question):
        qtbot.mouseClick(question.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    seen, exported = export_flagged_csv(qtbot, window, out, cancel)
    assert exported == ""
    assert "failed its integrity check" in str(seen["text"]) and "(2 audit entries: 1, 2)" in str(
        seen["text"]
    )
    assert seen["default"] == "Cancel" and seen["nothing yet"]
    assert not out.exists()
    assert said[-1] == "Export cancelled; nothing was written."


def test_export_marked_exports_it_marked_and_says_so(qtbot, window, tmp_path):
    out = tmp_path / "ev"
    banners = []
    window.export.userMessage.connect(banners.append)

    def export_marked(question):
        qtbot.mouseClick(question.export_marked, Qt.MouseButton.LeftButton)

    export_flagged_csv(qtbot, window, out, export_marked)
    qtbot.waitUntil(lambda: (out / "tickets.csv").exists(), timeout=60_000)
    rows = list(csv.DictReader(io.StringIO((out / "tickets.csv").read_text(encoding="utf-8-sig"))))
    assert [row["audit_check"] for row in rows] == ["failed: entries 1, 2 do not match the audit hash chain"]
    qtbot.waitUntil(lambda: bool(banners))
    assert "marked: the audit trail failed its integrity check" in banners[-1].title
    assert "(2 audit entries: 1, 2)" in banners[-1].detail
    # the status bar ends as a normal export's: "Exporting … to …" (shown until replaced) said forever
    # that the export was still running while the banner said it was done
    shown = window.statusBar().currentMessage()
    assert shown.startswith(f"Exported 1 ticket to {out} (verify: ows-desktop verify FOLDER"), (
        shown
    )  # one: "ticket"


def test_the_receipt_says_its_trail_failed_the_check(tampered, qapp):
    """The receipt's flag panel checks that ticket's own entries (one query) and says so above its notes."""
    from ows_desktop.ui.receipt_ahead import read_receipt
    from ows_desktop.ui.receipt_html import render_receipt

    with tampered.reader() as reader:
        rowids = list(reader.ids(TicketQuery()))
        broken, intact = read_receipt(reader, rowids[0]), read_receipt(reader, rowids[1])
        tampered.review.flag_tickets([intact.ticket.key], reason="Void abuse", note="fine", who="jane")
        intact = read_receipt(reader, rowids[1])
    warning = "The audit trail failed its integrity check (2 audit entries: 1, 2, changed or removed outside"
    assert warning in render_receipt(broken.ticket, review=broken.review)
    assert intact.review.audit and "integrity check" not in render_receipt(
        intact.ticket, review=intact.review
    )
