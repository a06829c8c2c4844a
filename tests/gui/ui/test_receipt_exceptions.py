"""The receipt says which exception rules fired on the ticket and what each saw — on the Receipts tab (where a
click on an Exceptions count lands) and on the Cases tab — in the window's language, the ticket's own words
(an SKU) as plain text."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window
from review_helpers import ln, tk

from ows_desktop.rules import RuleConfig
from ows_desktop.rules.runner import RuleRunner

pytestmark = OFFSCREEN_NOISE

ODD_SKU = "<b>SKU-9</b>"


@pytest.fixture
def ruled_store(store: Any) -> Any:
    store.upsert_tickets(
        [
            tk("T-VOID", lines=(ln("SKU1", voided=True),)),  # every line voided: a whole-ticket void
            tk("T-PLAIN", lines=(ln("SKU2"),)),  # nothing unusual
            tk("T-RETURN", status="refund", lines=(ln(ODD_SKU, qty=-1, kind="refund"),), total=-5.0),
        ]
    )
    RuleRunner(RuleConfig()).run_all(store)
    return store


@pytest.fixture
def window(qtbot: Any, paths: Any, ruled_store: Any) -> Any:
    shown = open_window(qtbot, make_services(paths, ruled_store))
    qtbot.waitUntil(lambda: shown.connection_dialog() is not None)
    shown.connection_dialog().reject()
    qtbot.waitUntil(lambda: shown.receipts.model.rowCount() == 3)
    return shown


def receipt_text(qtbot: Any, window: Any, key: str) -> str:
    page = window.receipts
    assert page.select_key(key)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None and page.receipt.ticket().key == key)
    return page.receipt.text()


def test_the_receipt_lists_the_rules_that_fired_and_what_they_saw(qtbot: Any, window: Any) -> None:
    text = receipt_text(qtbot, window, "T-VOID")
    assert "Exceptions found by the rules" in text
    assert "Whole-ticket void\tEvery line voided (1)" in text.replace("\n", "\t")

    text = receipt_text(qtbot, window, "T-RETURN")
    assert "Refund / return" in text
    assert f"Returned {ODD_SKU}: not sold at this store in the 30 days before" in text  # as plain text

    text = receipt_text(qtbot, window, "T-PLAIN")  # no rule fired: no section, no stale one
    assert "Exceptions found by the rules" not in text and "Whole-ticket void" not in text


def test_a_case_s_receipt_lists_them_too(qtbot: Any, window: Any, ruled_store: Any) -> None:
    case = ruled_store.cases.new_case("Voids", tickets=["T-VOID", "T-PLAIN"])
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.select_case(case.number)
    qtbot.waitUntil(lambda: page.tickets.rowCount() == 2)
    row = next(r for r in range(2) if page.tickets.ticket_row(r).key == "T-VOID")
    page.ticket_table.setCurrentIndex(page.tickets.index(row, 0))
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None and page.receipt.ticket().key == "T-VOID")
    assert "Whole-ticket void\tEvery line voided (1)" in page.receipt.text().replace("\n", "\t")


def test_in_french_the_rule_and_what_it_saw_are_french(
    qtbot: Any, qapp: Any, paths: Any, ruled_store: Any
) -> None:
    from ows_desktop.ui.translation import install_translation

    translation = install_translation("fr_FR")
    try:
        window = open_window(qtbot, make_services(paths, ruled_store))
        qtbot.waitUntil(lambda: window.connection_dialog() is not None)
        window.connection_dialog().reject()
        qtbot.waitUntil(lambda: window.receipts.model.rowCount() == 3)
        text = receipt_text(qtbot, window, "T-VOID")
        assert "Exceptions found by the rules" not in text and "Every line voided" not in text
        assert "Toutes les lignes annulées (1)" in text
        text = receipt_text(qtbot, window, "T-RETURN")
        assert ODD_SKU in text and "30 jours" in text
    finally:
        translation.remove()
