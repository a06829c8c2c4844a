"""The flag's reason, review state, notes and history are shown in the receipt (and the flag chip's
tooltip) and edited from there (#10: only the PDF showed them); a post-voided receipt shows as voided."""

from __future__ import annotations

from gui_support import (
    OFFSCREEN_NOISE,
    click_link,
    make_services,
    open_window,
)

from ows_desktop.ui.flag_dialog import FlagDialog, FlagRequest

pytestmark = OFFSCREEN_NOISE


def tooltips(receipt) -> set[str]:
    found = set()
    block = receipt.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if tip := it.fragment().charFormat().toolTip():
                found.add(tip)
            it += 1
        block = block.next()
    return found


def test_the_flag_is_shown_and_edited_in_the_receipt(qtbot, browsing, monkeypatch):
    page = browsing.receipts
    page.select_row(0)
    receipt = page.receipt
    assert "Not flagged" not in receipt.text()  # nothing to show before any review activity
    browsing.flag_action.trigger()
    qtbot.waitUntil(lambda: "Flag:" in receipt.text())
    assert "To review" in receipt.text() and "Edit flag…" in receipt.text()
    assert any(t.startswith("Flagged: no reason given · To review") for t in tooltips(receipt))  # the chip

    def accept(dialog):
        dialog._result = FlagRequest(
            action="flag", reason="Sweethearting", state="confirmed", note="seen on cam 2"
        )
        return FlagDialog.DialogCode.Accepted

    monkeypatch.setattr(FlagDialog, "exec", accept)
    click_link(qtbot, receipt, "flag:edit")
    qtbot.waitUntil(lambda: "Sweethearting" in receipt.text())
    text = receipt.text()
    assert "Confirmed" in text and "seen on cam 2" in text
    assert "History:" in text and "flagged" in text.lower()
    assert any(t.startswith("Flagged: Sweethearting · Confirmed · 1 note") for t in tooltips(receipt))
    # an edit of its flag is said as one ("Flagged …" read as a new flag, F's words)
    qtbot.waitUntil(lambda: browsing.statusBar().currentMessage().startswith("Flag updated on Ticket #"))


def test_a_post_voided_receipt_shows_as_voided(qtbot, paths, filled_store):
    from review_helpers import tk

    filled_store.upsert_tickets([tk("T-PV1", status="post_void")])  # tendered, then voided
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.receipts.total() is not None)
    page = window.receipts
    page.filter_bar.search.setText("T-PV1")
    qtbot.waitUntil(lambda: page.total() == 1)
    page.select_row(0)
    text = page.receipt.text()
    assert "VOIDED — voided after it was tendered (post void): nothing on this receipt was sold." in text
    assert "line-through" in page.receipt.html()

    filled_store.upsert_tickets([tk("T-V1", status="void")])  # it said "VOIDED — voided: nothing …"
    page.filter_bar.search.setText("T-V1")
    qtbot.waitUntil(lambda: page.total() == 1 and page.model.ticket_row(0).key == "T-V1")
    page.select_row(0)
    assert "VOIDED — nothing on this receipt was sold." in page.receipt.text()


def test_f_asks_before_it_takes_off_a_flag_someone_worked_on(qtbot, browsing, monkeypatch):
    """F beside J and K: one stray press took a confirmed flag's reason and state off the ticket."""
    from PySide6.QtWidgets import QMessageBox

    page = browsing.receipts
    page.select_row(0)
    key = page.current_key()
    asked: list[str] = []

    def answer(choice):
        def question(_parent, _title, text, *_args):
            asked.append(text)
            return choice

        return question

    store = browsing._services.store
    store.review.flag_ticket(key, reason="Refund fraud", state="confirmed", who="jane")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    browsing.flag_action.trigger()
    assert asked and "Refund fraud · Confirmed" in asked[0] and "stay in the audit trail" in asked[0]
    assert "Edit flag…" not in asked[0]  # the chip's hint, not for a question about removing it
    with store.reader() as reader:
        assert reader.review.review_of(key).flag.reason == "Refund fraud"  # kept
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    browsing.flag_action.trigger()
    qtbot.waitUntil(lambda: browsing.store_ops.pending == 0)
    with store.reader() as reader:
        assert reader.review.review_of(key).flag is None
    asked.clear()
    browsing.flag_action.trigger()  # a plain flag (F) ...
    qtbot.waitUntil(lambda: browsing.store_ops.pending == 0)
    browsing.flag_action.trigger()  # ... comes off again without a question
    qtbot.waitUntil(lambda: browsing.store_ops.pending == 0)
    with store.reader() as reader:
        assert reader.review.review_of(key).flag is None
    assert asked == []


def test_flagging_a_multi_selection_keeps_it_selected(qtbot, browsing, monkeypatch):
    """Shift+F on three rows left one selected afterwards: Add to case then offered "Add 1 ticket"."""
    page = browsing.receipts
    page.select_row(0)
    for row in (1, 2):
        page.table.selectionModel().select(
            page.model.index(row, 0),
            page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
        )
    chosen = {r.key for r in page.selected_rows()}
    assert len(chosen) == 3

    def accept(dialog):
        dialog._result = FlagRequest(action="flag", reason="Sweethearting", state="to_review", note=None)
        return FlagDialog.DialogCode.Accepted

    monkeypatch.setattr(FlagDialog, "exec", accept)
    browsing.flag_dialog_action.trigger()
    qtbot.waitUntil(lambda: "Flagged 3 tickets" in browsing.statusBar().currentMessage())
    assert {r.key for r in page.selected_rows()} == chosen
