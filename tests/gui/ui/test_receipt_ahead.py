"""The receipt the person most likely moves to next is laid out while the window waits (ui/receipt_ahead.py):
J then shows it without laying it out inside the key press, looking exactly as one laid out on the spot, and a
ticket changed since it was laid out ahead is shown as it is now."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from PySide6.QtGui import QTextDocument

from ows_desktop.ui.receipt_view import AHEAD

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot, paths, filled_store):
    window = offline_window(qtbot, make_services(paths, filled_store))
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: window.receipts.total() is not None)
    return window


@pytest.fixture
def page(qtbot, window):
    page = window.receipts
    page.focus_table()
    page.select_row(3)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None)
    return page


def laid_out_ahead(qtbot, page) -> None:
    """Wait until the lookahead has run after the last move."""
    qtbot.waitUntil(lambda: not page.ahead.timer.isActive())


def count_layouts(monkeypatch, page) -> list[str]:
    """The receipts laid out from HTML in the receipt browser (setHtml), from now on."""
    browser = page.receipt.browser
    calls: list[str] = []
    real = browser.setHtml
    monkeypatch.setattr(browser, "setHtml", lambda html: (calls.append(html), real(html)))
    return calls


def test_j_shows_the_receipt_laid_out_ahead_as_it_looks_laid_out_on_the_spot(qtbot, page, monkeypatch):
    receipt = page.receipt
    page.ahead.timer.stop()
    receipt._ahead.clear()
    page.select_row(5)  # laid out on the spot, in the browser's own document
    on_the_spot = receipt.browser.viewport().grab().toImage(), receipt.text()
    page.select_row(3)
    page.select_row(4)  # moving down: row 5 is laid out ahead
    laid_out_ahead(qtbot, page)
    layouts = count_layouts(monkeypatch, page)
    page.move(1)  # J
    assert page.current_key() == page.model.ticket_row(5).key == receipt.ticket().key
    assert layouts == []  # the press did not lay the receipt out
    assert (receipt.browser.viewport().grab().toImage(), receipt.text()) == on_the_spot


def test_k_after_k_shows_the_receipt_above_laid_out_ahead(qtbot, page, monkeypatch):
    page.move(-1)  # K: the person moves up
    laid_out_ahead(qtbot, page)
    layouts = count_layouts(monkeypatch, page)
    page.move(-1)
    assert page.receipt.ticket().key == page.model.ticket_row(1).key
    assert layouts == []


def test_a_ticket_changed_after_it_was_laid_out_ahead_is_shown_as_it_is_now(qtbot, page, filled_store):
    page.move(1)
    laid_out_ahead(qtbot, page)
    following = page.model.ticket_row(5).key
    filled_store.review.add_note(following, "Seen on camera 3 at the till", who="jane")
    page.move(1)
    assert page.receipt.ticket().key == following
    assert "Seen on camera 3 at the till" in page.receipt.text()


def test_moving_through_receipts_keeps_no_more_documents_than_it_shows_and_prepares(qtbot, page):
    for _ in range(12):
        page.move(1)
        laid_out_ahead(qtbot, page)
    qtbot.wait(10)  # documents replaced are deleted later, between events
    documents = page.receipt.browser.findChildren(QTextDocument)
    assert len(documents) <= 1 + AHEAD  # the one shown and those laid out ahead
