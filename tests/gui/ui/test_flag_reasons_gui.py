"""Flag reasons as the window shows them: the categories in the window's language (the Reason filter and the
flag dialog said "Any reason", "Void abuse", "Refund fraud"… in French) while the stored value stays the
English category; a reason typed in a flag joins the Reason filter (it never did) and filters by exactly
itself; a reason with an emoji no font draws is named as the receipt names it (the list showed an empty box)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window

from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.store.review import REASONS
from ows_desktop.ui.flag_dialog import FlagDialog, FlaggedFilterBar

pytestmark = OFFSCREEN_NOISE
FRENCH = ["Abus d’annulation", "Fraude au remboursement", "Ouverture sans vente", "Abus de remise"]
GIFT = "Cash refund, no receipt \U0001f381"  # WRAPPED PRESENT


def items(combo) -> list[tuple[str, object]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def test_the_categories_show_in_french_and_keep_their_stored_value(qtbot, french) -> None:
    bar = FlaggedFilterBar()
    qtbot.addWidget(bar)
    shown = items(bar.reason_combo)
    assert shown[0] == ("Tous les motifs", None)
    assert [text for text, _ in shown[1:5]] == FRENCH and [data for _, data in shown[1:]] == list(REASONS)
    assert not {text for text, _ in shown} & set(REASONS)  # no category left in English
    with qtbot.waitSignal(bar.filterChanged) as blocker:
        bar.reason_combo.setCurrentIndex(bar.reason_combo.findText("Fraude au remboursement"))
    assert blocker.args[0]["flag_reasons"] == ("Refund fraud",)  # the stored value, not the words shown

    dialog = FlagDialog(["Ticket #7742 (S027-R01)"])
    qtbot.addWidget(dialog)
    assert [dialog.reason_combo.itemText(i) for i in range(4)] == FRENCH
    dialog.reason_combo.setCurrentIndex(2)
    with qtbot.waitSignal(dialog.requested) as blocker:
        dialog.ok_button.click()
    assert blocker.args[0].reason == "No-sale"


def test_a_flag_of_a_category_is_shown_in_french_and_saved_unchanged(qtbot, french, store) -> None:
    from review_helpers import tk

    store.upsert_tickets([tk("a")])
    store.review.flag_ticket("a", reason="Void abuse")
    with store.reader() as reader:
        current = reader.review.review_of("a")
    from ows_desktop.ui.receipt_review import flag_summary

    assert (
        flag_summary(current, hint=False) == "Signalé : Abus d’annulation · À examiner"
    )  # the chip's tooltip
    dialog = FlagDialog(["a"], current=current)
    qtbot.addWidget(dialog)
    assert dialog.reason_combo.currentText() == "Abus d’annulation"
    with qtbot.waitSignal(dialog.requested) as blocker:
        dialog.ok_button.click()
    assert blocker.args[0].reason == "Void abuse"


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")  # offscreen
def test_a_typed_reason_joins_the_reason_filter_marked_as_the_receipt_marks_it(
    qtbot, paths, filled_store
) -> None:
    window = open_window(qtbot, make_services(paths, filled_store))
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 3)
    keys = [page.model.ticket_row(r).key for r in range(3)]
    filled_store.review.flag_ticket(keys[0], reason=GIFT)  # from the command line, or another workstation
    filled_store.review.flag_ticket(keys[1], reason="Cash refund")  # a prefix of it: not the same reason
    filled_store.review.flag_ticket(keys[2], reason="Void abuse")
    page.filter_bar.set_state(replace(page.filters(), flagged_only=True))
    bar = page.flagged_bar
    assert bar.isVisible()
    assert (shown_text(GIFT), GIFT) in items(bar.reason_combo) and ("Cash refund", "Cash refund") in items(
        bar.reason_combo
    )

    def listed() -> set[str]:
        return {page.model.ticket_row(r).key for r in range(page.model.rowCount())}

    qtbot.waitUntil(lambda: listed() == set(keys))
    bar.reason_combo.setCurrentIndex(bar.reason_combo.findData(GIFT))
    qtbot.waitUntil(lambda: listed() == {keys[0]})  # exactly that reason
    bar.reason_combo.setCurrentIndex(bar.reason_combo.findData("Cash refund"))
    qtbot.waitUntil(lambda: listed() == {keys[1]})

    filled_store.review.flag_ticket(page.model.ticket_row(0).key, reason="Till left open")  # typed since
    bar.reason_combo.showPopup()  # the list, opened, reads the reasons in use again
    bar.reason_combo.hidePopup()
    assert bar.reason_combo.findData("Till left open") > 0
    assert bar.reason_combo.currentData() == "Cash refund"  # the choice stays

    with filled_store.reader() as reader:
        dialog = FlagDialog(["x", "y"], reasons=reader.review.reasons_in_use())
    qtbot.addWidget(dialog)
    at = dialog.reason_combo.findData(GIFT)
    assert dialog.reason_combo.itemText(at) == shown_text(GIFT)  # "[emoji: WRAPPED PRESENT]" without a font
    dialog.reason_combo.setCurrentIndex(at)
    with qtbot.waitSignal(dialog.requested) as blocker:
        dialog.ok_button.click()
    assert blocker.args[0].reason == GIFT  # stored as it was, not as it is shown

    with filled_store.reader() as reader:
        edit = FlagDialog(["x"], current=reader.review.review_of(keys[0]))
    qtbot.addWidget(edit)
    assert edit.reason_combo.currentText() == shown_text(GIFT)
    assert f"reason {shown_text(GIFT)}," in edit.history.toPlainText()  # its history names it so too
