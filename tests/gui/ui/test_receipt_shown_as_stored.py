"""The receipt and the receipts table show a ticket's text as it is stored: a bidi control in a product
name, an operator's name or a note is shown as a mark, never obeyed (a right-to-left override before "01.99"
would make it read "99.10"), as the PDF shows it (export/pdftext.py)."""

from __future__ import annotations

from review_helpers import ln, tk

from ows_desktop.ui.receipt_view import ReceiptPanel


def test_a_bidi_control_in_a_ticket_is_a_mark_on_the_receipt(qtbot) -> None:
    panel = ReceiptPanel()
    qtbot.addWidget(panel)
    ticket = tk("T-RLO", operator="Ana \u202eeilrahC", lines=(ln("SKU1", description="Refund \u202e01.99"),))
    panel.show_ticket(ticket)
    shown = panel.text()
    assert "Refund [RLO]01.99" in shown and "Ana [RLO]eilrahC" in shown
    assert "\u202e" not in shown  # never laid out, so never obeyed


def test_a_bidi_control_in_a_note_is_a_mark_in_the_flag_panel(qtbot, store) -> None:
    store.upsert_tickets([tk("T-NOTE")])
    store.review.flag_ticket("T-NOTE", reason="Sweethearting", note="paid \u202e05.21 in cash", who="bob")
    with store.reader() as reader:
        review = reader.review.review_of("T-NOTE")
    panel = ReceiptPanel()
    qtbot.addWidget(panel)
    panel.show_ticket(tk("T-NOTE"), flagged=True, review=review)
    assert "paid [RLO]05.21 in cash" in panel.text() and "\u202e" not in panel.text()


def test_a_bidi_control_in_a_name_is_a_mark_in_the_receipts_table(qapp, store) -> None:
    from datetime import UTC

    from ows_desktop.itemmodels.ticket_columns import COL_OPERATOR
    from ows_desktop.itemmodels.tickets import TicketTableModel
    from ows_desktop.store import TicketQuery

    store.upsert_tickets([tk("T-OP", operator="Ana \u202eeilrahC")])
    with store.reader() as reader:
        model = TicketTableModel(reader, tz=UTC)
        model.set_query(TicketQuery())
        assert model.index(0, COL_OPERATOR).data() == "Ana [RLO]eilrahC"
        model.close()
