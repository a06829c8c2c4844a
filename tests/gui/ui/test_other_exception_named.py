"""The receipts list's "E" chip (rules no other chip shows: outside opening hours, a price override, a
whole-dollar cash sale) named no rule: an investigator scanning the list had to open each receipt to learn
which rule fired. Its tooltip and accessible text name the rules, by the titles the receipt's findings panel
gives them, and where the row's chips have room the chip names the first one ("Outside opening hours +1");
in a narrow column it still says "Exception", then its letter. The rules come with the rows the table
already read: painting reads nothing per row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from PySide6.QtCore import Qt
from review_helpers import T0, ln, tk

import ows_desktop.ui.delegates as delegates
from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, RowIdRole, TicketKeyRole
from ows_desktop.rules import RuleRunner
from ows_desktop.ui.receipt_html import ReceiptColors
from ows_desktop.ui.receipt_review import findings_panel

pytestmark = OFFSCREEN_NOISE
NIGHT = T0.replace(hour=3)  # outside the default opening hours (07:00-22:00, UTC here)


@pytest.fixture
def window(qtbot, paths, store):
    store.upsert_tickets(
        [
            # a voided line (the V chip), at night, a line sold below its original price: two rules for "E"
            tk("LATE", start=NIGHT, lines=(ln("A", original=9.0), ln("B", voided=True))),
            tk("NIGHT", start=NIGHT + timedelta(minutes=5)),  # only outside opening hours
            tk("DAY", start=T0 + timedelta(minutes=1)),
            tk("CHEAP", lines=(ln("C", original=7.0),)),  # only a price override: the same chips as NIGHT
            tk("NOON", start=T0 - timedelta(minutes=1)),  # between: CHEAP and NIGHT in the same row colour
        ]
    )
    RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).run_all(store)
    w = offline_window(qtbot, make_services(paths, store))
    qtbot.waitUntil(lambda: w.receipts.total() == 5)
    return w


def exceptions_cell(model, key):
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(TicketKeyRole) == key)
    return model.index(row, COL_EXCEPTIONS)


def test_the_e_chips_tooltip_and_accessible_text_name_its_rules_as_the_receipt_does(window, store) -> None:
    model = window.receipts.model
    late, night = exceptions_cell(model, "LATE"), exceptions_cell(model, "NIGHT")
    assert late.data(delegates.ExceptionsRole) == ("void", "other")
    tip = "Void, Other exception (Outside opening hours, Price override)"
    assert late.data(Qt.ItemDataRole.ToolTipRole) == tip
    assert late.data(Qt.ItemDataRole.AccessibleTextRole) == tip
    assert night.data(Qt.ItemDataRole.ToolTipRole) == "Other exception (Outside opening hours)"
    # the receipt's findings panel names them with the same words
    rid = model.index(late.row(), 0).data(RowIdRole)
    with store.reader() as reader:
        panel = findings_panel(reader.rules.exceptions_of([rid])[rid], ReceiptColors())
    assert all(title in panel for title in ("Line void", "Outside opening hours", "Price override"))


def chips_painted(table, monkeypatch) -> dict[int, list[tuple[str, bool]]]:
    """Row → the chips the Exceptions column's cells paint (their words, and whether the words show)."""
    painted: dict[int, list[tuple[str, bool]]] = {}
    real = delegates.paint_chip
    row = []

    def paint_chip(painter, rect, chip, font, with_label):
        row.append((chip.label, with_label))
        real(painter, rect, chip, font, with_label)

    monkeypatch.setattr(delegates, "paint_chip", paint_chip)
    table.pictures.clear()  # drawn anew, not from a kept picture
    delegate, model = table.itemDelegateForColumn(COL_EXCEPTIONS), table.model()
    for r in range(model.rowCount()):
        index = model.index(r, COL_EXCEPTIONS)
        option = delegates.QStyleOptionViewItem()
        table.initViewItemOption(option)
        option.rect = table.visualRect(index)
        row.clear()
        image = table.viewport().grab()
        painter = delegates.QPainter(image)
        delegate.paint_cell(painter, option, index)
        painter.end()
        painted[r] = list(row)
    monkeypatch.setattr(delegates, "paint_chip", real)
    return painted


def test_the_e_chip_names_its_first_rule_where_the_row_has_room_else_its_word_else_its_letter(
    window, monkeypatch
) -> None:
    page = window.receipts
    table, model = page.table, page.model
    late, night = exceptions_cell(model, "LATE").row(), exceptions_cell(model, "NIGHT").row()
    header = table.horizontalHeader()
    calls = []
    reader = model._reader
    for owner, name in (
        (reader.rules, "exceptions_of"),
        (reader, "ticket"),
        (reader, "rows"),
        (reader, "raw"),
    ):
        real = getattr(owner, name)  # a read per row would show here

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)

    header.resizeSection(COL_EXCEPTIONS, 400)
    painted = chips_painted(table, monkeypatch)
    assert painted[late] == [("Void", True), ("Outside opening hours +1", True)]
    assert painted[night] == [("Outside opening hours", True)]
    assert calls == []  # the rules came with the rows
    # drawn by the view, through its kept pictures: a row's chips are not another row's picture
    cheap = exceptions_cell(model, "CHEAP").row()
    assert table.row_alternates(cheap) == table.row_alternates(night) and painted[cheap] == [
        ("Price override", True)
    ]
    labels = []
    real = delegates.paint_chip
    monkeypatch.setattr(delegates, "paint_chip", lambda *a: labels.append(a[2].label) or real(*a))
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())  # the column in view
    table.pictures.clear()
    table.viewport().grab()
    monkeypatch.setattr(delegates, "paint_chip", real)
    assert {"Outside opening hours", "Price override"} <= set(labels), labels

    header.resizeSection(COL_EXCEPTIONS, 160)  # no room for the rule's name: the chip's own word
    painted = chips_painted(table, monkeypatch)
    assert painted[late] == [("Void", True), ("Exception", True)], painted
    header.resizeSection(COL_EXCEPTIONS, 60)  # nor for words: the letters, as before
    assert chips_painted(table, monkeypatch)[late] == [("Void", False), ("Exception", False)]


def receipt_text(qtbot, window, key: str) -> str:
    assert window.receipts.select_key(key)
    browser = window.receipts.receipt.browser
    qtbot.waitUntil(lambda: key[-4:] in browser.toPlainText())  # its receipt number
    return " ".join(browser.toPlainText().split())


def test_the_receipt_shows_the_chips_its_row_in_the_list_shows(qtbot, window, store) -> None:
    """A price override was a "D" (discount) chip on the receipt, from the line alone, while its row in the
    list counted it under "E" (the Price override rule's): the two now show the same letters."""
    model = window.receipts.model
    assert exceptions_cell(model, "CHEAP").data(delegates.ExceptionsRole) == ("other",)
    text = receipt_text(qtbot, window, "CHEAP")
    assert "E Price override" in text, text
    assert "D Price override" not in text and "D Discount" not in text, text
    late = receipt_text(qtbot, window, "LATE")  # V in the list, and E naming both rules
    assert exceptions_cell(model, "LATE").data(delegates.ExceptionsRole) == ("void", "other")
    assert "V Voided line" in late and "E Outside opening hours, Price override" in late, late
    # a line below its original price that the rule did not find (disabled): no chip, as in the list
    store.upsert_tickets([tk("UNRULED", start=T0 + timedelta(minutes=2), lines=(ln("D", original=4.0),))])
    window.receipts.refresh_now()
    qtbot.waitUntil(lambda: window.receipts.total() == 6)
    assert exceptions_cell(model, "UNRULED").data(delegates.ExceptionsRole) == ()
    unruled = receipt_text(qtbot, window, "UNRULED")
    assert "Price override" not in unruled and " E " not in f" {unruled} ", unruled
