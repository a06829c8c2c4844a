"""One ticket number everywhere (#10): the flag dialog and the status bar after F, Shift+F and unflagging
name the ticket the way its receipt does (``Ticket #7742 (S027-R01)``); the internal id is only in a
tooltip, for the command line."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window
from PySide6.QtCore import Qt

from ows_desktop.ui.flag_dialog import FlagDialog, FlagRequest

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def browsing(qtbot, paths, filled_store):
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    qtbot.waitUntil(lambda: window.receipts.total() is not None and window.receipts.model.rowCount() > 0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_the_flag_dialog_and_status_bar_use_the_receipts_ticket_number(qtbot, browsing, monkeypatch):
    page = browsing.receipts
    page.focus_table()
    ticket = page.receipt.ticket()
    assert ticket is not None and ticket.number and ticket.number != ticket.key
    number = f"Ticket #{ticket.number}"
    assert number in page.receipt.text()  # what the person reads on the receipt
    assert ticket.terminal.startswith(f"{ticket.location}-")  # the simulator's registers: S012-R02
    name = f"{number} ({ticket.terminal})"
    messages: list[str] = []
    browsing.statusBar().messageChanged.connect(messages.append)

    with qtbot.waitSignal(browsing.review.statusMessage, timeout=5000):
        qtbot.keyClick(page.table, Qt.Key.Key_F)
    assert messages[-1] == f"{name} flagged for review"
    with qtbot.waitSignal(browsing.review.statusMessage, timeout=5000):
        qtbot.keyClick(page.table, Qt.Key.Key_F)
    assert messages[-1] == f"Flag removed from {name}"

    seen: list[tuple[str, str, str]] = []

    def answer(dialog):
        seen.append((dialog.windowTitle(), dialog.ticket_label.text(), dialog.ticket_label.toolTip()))
        dialog._result = FlagRequest(action="flag", reason="Sweethearting", state="to_review", note=None)
        return FlagDialog.DialogCode.Accepted

    monkeypatch.setattr(FlagDialog, "exec", answer)
    with qtbot.waitSignal(browsing.review.statusMessage, timeout=5000):
        qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ShiftModifier)
    title, label, tip = seen[0]
    assert title == f"Flag {name}" and label == name
    assert ticket.key in tip and ticket.key not in title + label  # the id only where the CLI needs it
    assert messages[-1] == f"Flagged {name} (Sweethearting)"
