"""The receipt and the receipts table show a ticket's text as it is stored: a bidi control in a product
name, an operator's name or a note is shown as a mark, never obeyed (a right-to-left override before "01.99"
would make it read "99.10"), as the PDF shows it (export/pdftext.py)."""

from __future__ import annotations

from gui_support import cases_read
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


def test_a_bidi_control_in_server_text_is_a_mark_in_every_list_picker_and_message(
    qtbot, qtmodeltester
) -> None:
    """A right-to-left override in an operator's name read reversed in the Users and Exceptions tabs and the
    operator picker (flipping "— in 2 stores" too), and one in a server's error reversed the banner's own
    advice after it, while the receipts table and the receipt marked it."""
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QMainWindow

    from ows_desktop.itemmodels.cases import CaseListModel
    from ows_desktop.itemmodels.exceptions import COL_NAME, ExceptionRankingModel
    from ows_desktop.itemmodels.json_tree import JsonTreeModel
    from ows_desktop.itemmodels.users import UsersTableModel
    from ows_desktop.ows.model import User
    from ows_desktop.rules import Ranking, RankingRow, RuleConfig
    from ows_desktop.store.cases import Case
    from ows_desktop.ui.banner import MessageBanner
    from ows_desktop.ui.errors import UserMessage
    from ows_desktop.ui.filters import FilterBar
    from ows_desktop.ui.status_bar import PlainStatusBar

    rlo = "Ann \u202eKcab"
    users = UsersTableModel(tz=UTC)
    users.set_users([User("Ann", "\u202eKcab", "a@example.com", ("\u202eLP",), None, None)])
    qtmodeltester.check(users, force_py=True)
    assert users.index(0, 0).data() == "Ann [RLO]Kcab"

    ranking = ExceptionRankingModel()
    row = RankingRow(rlo, "S1", 100, 2, 2, 2.0, {"no_sale": 2}, {}, False)
    at = datetime(2026, 3, 1, tzinfo=UTC)
    ranking.set_ranking(Ranking("operator", at, at, ("no_sale",), (row,)), RuleConfig())
    qtmodeltester.check(ranking)
    assert ranking.index(0, COL_NAME).data() == "S1 · Ann [RLO]Kcab"

    cases = CaseListModel()
    cases.set_cases([Case("C-1", f"Theft by {rlo}", rlo, "S1", None, "open", None, 0.0, None, None, 0, 0, 0)])
    assert all("\u202e" not in str(cases.index(0, c).data() or "") for c in range(cases.columnCount()))
    tree = JsonTreeModel()
    tree.set_document({"operatorName": rlo})
    assert tree.index(0, 1).data() == '"Ann [RLO]Kcab"'

    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.set_choices("location", ["S1", "S2"])
    bar.set_by_store("operator", [rlo], [("S1", rlo), ("S2", rlo)])
    operators = bar.pickers["operator"]
    assert operators.itemText(1) == "Ann [RLO]Kcab — in 2 stores" and operators.itemData(1) == rlo

    window = QMainWindow()
    qtbot.addWidget(window)
    banner = MessageBanner(window)
    banner.show_message(UserMessage("error", "OWS refused the key", f"{rlo}. Check the key and secret."))
    assert banner._detail.text() == "Ann [RLO]Kcab. Check the key and secret."
    window.setStatusBar(status := PlainStatusBar(window))
    status.showMessage(f"Ticket #1 ({rlo}) flagged for review")
    assert status.currentMessage() == "Ticket #1 (Ann [RLO]Kcab) flagged for review"


def test_a_bidi_control_is_a_mark_in_the_case_header_filters_status_tip_and_video_labels(
    qtbot, store
) -> None:
    """The review found more places showing server or typed text as laid out: the Cases tab's header and its
    store and assignee filters, the receipts table's status tooltip, the video pane's camera name, tile
    caption and clock line."""
    from datetime import UTC

    from PySide6.QtCore import Qt

    from ows_desktop.itemmodels.ticket_columns import COL_STATUS
    from ows_desktop.itemmodels.tickets import TicketTableModel
    from ows_desktop.store import TicketQuery
    from ows_desktop.ui.cases_page import CasesPage
    from ows_desktop.ui.elided_label import ElidedLabel, PlainLabel

    rlo = "Ann \u202eKcab"
    store.upsert_tickets([tk("T-ST", status="sale \u202eoiv", location=rlo)])
    case = store.cases.new_case(f"Theft {rlo}", operator=rlo, location=rlo, tickets=["T-ST"])
    store.cases.update_case(case.number, assignee=rlo)
    with store.reader() as reader:
        page = CasesPage(reader=reader, store=store, tz=UTC)
        qtbot.addWidget(page)
        cases_read(qtbot, page, case.number)
        assert "\u202e" not in page.header.text() and "Theft Ann [RLO]Kcab" in page.header.text()
        for combo in (page.store_filter, page.assignee_filter):
            assert combo.itemText(1) == "Ann [RLO]Kcab" and combo.itemData(1) == rlo
        model = TicketTableModel(reader, tz=UTC)
        model.set_query(TicketQuery())
        assert model.index(0, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole) == "sale [RLO]oiv"
        model.close()
        page.shutdown()
    for label in (PlainLabel(), ElidedLabel()):
        label.setText(f"Connecting to {rlo}…")
        assert label.text() == "Connecting to Ann [RLO]Kcab…"


def test_tag_characters_in_a_name_are_marks_on_the_receipt_and_in_the_table(qtbot, store) -> None:
    from datetime import UTC

    from ows_desktop.itemmodels.ticket_columns import COL_OPERATOR
    from ows_desktop.itemmodels.tickets import TicketTableModel
    from ows_desktop.store import TicketQuery

    smuggled = "Ana" + "".join(chr(0xE0000 + ord(c)) for c in "VOID")  # reads "Ana", holds "VOID"
    store.upsert_tickets([tk("T-TAG", operator=smuggled)])
    panel = ReceiptPanel()
    qtbot.addWidget(panel)
    panel.show_ticket(tk("T-TAG", operator=smuggled))
    assert "Ana[TAG V][TAG O][TAG I][TAG D]" in panel.text()
    with store.reader() as reader:
        model = TicketTableModel(reader, tz=UTC)
        model.set_query(TicketQuery())
        assert model.index(0, COL_OPERATOR).data() == "Ana[TAG V][TAG O][TAG I][TAG D]"
        model.close()
