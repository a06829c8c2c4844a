"""A loss amount is what was typed, exactly, or refused saying what to type: ``12.345`` was stored as 12.35
(the history said "loss 173.48 → 12.35", the signed export the rounded figure), ``0.004`` as 0.00,
``999999999999.995`` as the maximum and ``1e3`` as 1,000.00, without a word. The Loss amount… question keeps
what was typed to correct; the close dialog holds OK back and says why."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, cases_read, landed, make_services, receipts_window, when_modal
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit

from ows_desktop.store.cases import case_subject
from ows_desktop.ui.case_questions import CloseCaseDialog, loss_amount

pytestmark = OFFSCREEN_NOISE

INEXACT = ("12.345", "0.005", "0.004", "12.3450001", "999999999999.995", "1e3", "inf", "nan", "1_000")
WHAT_TO_TYPE = (
    "type an amount from 0.00 to 999,999,999,999.99 in digits, with at most 2 decimals, such as 125.50."
)


@pytest.fixture
def page(qtbot, paths, filled_store):
    """The Cases tab showing a new open case of the first receipt, its loss set by hand to 173.48."""
    window = receipts_window(qtbot, make_services(paths, filled_store), rows=1)
    number = filled_store.cases.new_case("Refunds", tickets=[window.receipts.model.ticket_row(0).key]).number
    filled_store.cases.set_loss(number, 173.48, "till count")
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.case_table.setCurrentIndex(page.model.index(0, 0))
    cases_read(qtbot, page, refresh=False)
    page.window_under_test = window
    return page


@pytest.mark.parametrize(
    ("locale", "typed", "amount"),
    [
        *(("en_US", typed, False) for typed in (*INEXACT, "-5", "1,2,3", "12,345.678")),
        ("en_US", "1,234.5", 1234.5),  # as the person's locale writes it: group separators where they belong
        ("en_US", "12.340", 12.34),  # a zero beyond the cents is the same amount
        ("en_US", "999999999999.99", 999_999_999_999.99),
        ("fr_FR", "1 234,5", 1234.5),
        ("fr_FR", "12.50", 12.5),  # the plain form in any locale
        ("fr_FR", "12,345", False),
        ("de_DE", "1.234,56", 1234.56),
        ("de_DE", "12,345", False),
    ],
)
def test_the_dialogs_take_an_amount_exactly_or_not_at_all(locale: str, typed: str, amount: object) -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(locale))
    try:
        assert loss_amount(typed) == amount
    finally:
        QLocale.setDefault(before)


def test_loss_amount_asks_again_with_what_was_typed_until_it_is_exact(qtbot, page, filled_store) -> None:
    window = page.window_under_test
    number = page.current_case().number
    answers = [*INEXACT, "12.34", "manager's recount"]
    asked: list[tuple[str, str]] = []

    def answer(dialog: QInputDialog) -> None:  # what the question says and holds, then typed and Enter
        asked.append((dialog.findChild(QLabel).text(), dialog.textValue()))
        field = dialog.findChild(QLineEdit)
        field.clear()
        qtbot.keyClicks(field, answers[len(asked) - 1])
        if len(asked) < len(answers):
            QTimer.singleShot(0, lambda: when_modal(QInputDialog, answer))
        qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(0, lambda: when_modal(QInputDialog, answer))
    qtbot.mouseClick(page.loss_button, Qt.MouseButton.LeftButton)
    landed(qtbot, window)
    for (label, value), typed in zip(asked[1 : len(INEXACT) + 1], INEXACT, strict=True):
        assert label.startswith(f"“{typed}” is not a loss amount: {WHAT_TO_TYPE}"), label
        assert value == typed  # kept, to correct
    assert asked[-1][0] == "Why does the amount change?"  # asked once the amount will do
    case = page.current_case()
    assert (case.loss_amount, case.loss_reason) == (12.34, "manager's recount")
    with filled_store.reader() as reader:
        losses = [e.changes["loss_amount"] for e in reader.review.audit_trail(case_subject(number))
                  if e.action == "case_loss"]  # fmt: skip
    assert [change[1] for change in losses] == [173.48, 12.34]  # one change, of what was typed


def test_the_close_dialog_holds_ok_back_for_an_inexact_amount(qtbot, page) -> None:
    dialog = CloseCaseDialog(page.current_case(), page)
    qtbot.addWidget(dialog)
    dialog.outcomes["loss_confirmed"].setChecked(True)
    dialog.reason.setText("recount")
    for typed in INEXACT:
        dialog.amount.setText(typed)
        assert (dialog.problem.text(), dialog.ok.isEnabled()) == (
            f"“{typed}” is not a loss amount: {WHAT_TO_TYPE}",
            False,
        ), typed
        assert dialog.loss_now.text().startswith("Closed, the case claims a loss of 173.48"), typed
    dialog.amount.setText("12.34")
    assert dialog.ok.isEnabled() and dialog.answer().loss == 12.34


def test_the_close_dialog_will_not_close_as_no_loss_a_case_claiming_a_loss_set_by_hand(
    qtbot, page, filled_store
) -> None:
    """``case close --outcome no-loss`` refused a case whose loss was set by hand (the evidence would say "no
    loss" and "loss 12.00" together); the window's close dialog closed it so. It says what to do, as the CLI:
    set the loss to 0.00 with a reason, or choose Loss confirmed."""
    number = page.current_case().number
    filled_store.cases.set_loss(number, 12.0, "shelf count")
    with filled_store.reader() as reader:
        dialog = CloseCaseDialog(reader.cases.case(number), page)
    qtbot.addWidget(dialog)
    dialog.outcomes["no_loss"].setChecked(True)
    assert not dialog.ok.isEnabled()
    assert dialog.problem.text() == (
        "Closed with no loss, the case would still claim the loss of 12.00 set by hand: set the loss to 0.00 "
        "and say why, or choose Loss confirmed."
    )
    dialog.amount.setText("12.00")  # the loss named, with "No loss": the evidence would still say both
    dialog.reason.setText("kept")
    assert not dialog.ok.isEnabled()
    assert dialog.problem.text() == (
        "Closed with no loss, the case claims 0.00: set the loss to 0.00, or choose Loss confirmed."
    )
    dialog.reason.clear()
    dialog.amount.setText("0")
    assert "Set by hand: …;" in dialog.loss_now.text()  # its reason not typed yet (it read "Set by hand: ;")
    dialog.reason.setText("nothing was missing")
    assert "Set by hand: nothing was missing;" in dialog.loss_now.text()
    assert dialog.ok.isEnabled() and dialog.answer().loss == 0
    dialog.amount.clear()
    dialog.outcomes["loss_confirmed"].setChecked(True)
    assert dialog.ok.isEnabled() and dialog.problem.text() == ""
