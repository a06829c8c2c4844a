"""Money and numbers follow the chosen locale in the window (table, receipt) and the PDF (decimal comma and
grouping in fr_FR/de_DE); a currency symbol only when the ticket names its currency; CSV and JSON keep their
machine numbers whatever the locale."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from review_helpers import ln, tk

from ows_desktop.export import Selection, export_tickets

NNBSP, NBSP = "\u202f", "\xa0"
# 1234.5 and 12.3 as each locale writes them (fr_FR groups with a narrow no-break space)
EXPECTED = {
    "en_US": ("1,234.50", "12.30"),
    "fr_FR": (f"1{NNBSP}234,50", "12,30"),
    "de_DE": ("1.234,50", "12,30"),
}


@pytest.fixture(params=sorted(EXPECTED))
def locale_name(request: Any, qapp: Any) -> Any:
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale(request.param))
    yield request.param
    QLocale.setDefault(before)


@pytest.fixture
def priced_store(store: Any) -> Any:
    big = tk("T-BIG", lines=(ln("A1", 2, 617.25),), total=1234.5)
    small = tk("T-SMALL", lines=(ln("B1", 1, 12.3),), total=12.3)
    store.upsert_tickets([big, small])
    store.review.flag_ticket("T-BIG", reason="Void abuse")
    return store


def test_the_table_writes_totals_in_the_locale(locale_name: str, priced_store: Any) -> None:
    from PySide6.QtCore import Qt

    from ows_desktop.itemmodels.ticket_columns import COL_TOTAL
    from ows_desktop.itemmodels.tickets import TicketTableModel
    from ows_desktop.store.query import TicketQuery

    with priced_store.reader() as reader:
        model = TicketTableModel(reader, tz=UTC)
        model.set_query(TicketQuery(sort="total", descending=True))
        cells = [model.data(model.index(row, COL_TOTAL), Qt.ItemDataRole.DisplayRole) for row in range(2)]
    assert cells == list(EXPECTED[locale_name])


def spaced(text: str) -> str:
    """No-break spaces as plain ones (QTextDocument's plain text and pdftotext write them so)."""
    return text.replace(NNBSP, " ").replace(NBSP, " ")


def receipt_text(ticket: Any) -> str:
    from PySide6.QtGui import QTextDocument

    from ows_desktop.ui.receipt_html import render_receipt

    document = QTextDocument()
    document.setHtml(render_receipt(ticket, tz=UTC))
    return spaced(document.toPlainText())


def test_the_receipt_writes_amounts_in_the_locale_without_a_guessed_currency(locale_name: str) -> None:
    text = receipt_text(tk("T-1", lines=(ln("A1", 2, 617.25),), total=1234.5))
    big, _small = EXPECTED[locale_name]
    assert spaced(big) in text
    assert "$" not in text and "€" not in text and "EUR" not in text and "USD" not in text


def test_the_receipt_shows_the_currency_the_ticket_names(locale_name: str) -> None:
    ticket = tk("T-1", lines=(ln("A1", 2, 617.25),), total=1234.5, raw={"currency": "EUR"})
    big, _small = EXPECTED[locale_name]
    euro = {"en_US": f"{big}{NBSP}EUR", "fr_FR": f"{big}{NBSP}€", "de_DE": f"{big}{NBSP}€"}
    assert spaced(euro[locale_name]) in receipt_text(ticket)


def test_the_pdf_follows_the_locale_and_csv_json_keep_machine_numbers(
    locale_name: str, priced_store: Any, tmp_path: Path
) -> None:
    with priced_store.reader() as reader:
        export_tickets(reader, Selection.flagged(), "pdf", tmp_path / "pdf")
        export_tickets(reader, Selection.flagged(), "csv", tmp_path / "csv")
        export_tickets(reader, Selection.flagged(), "json", tmp_path / "json")
    pdf = subprocess.run(
        ["pdftotext", str(tmp_path / "pdf" / "case-report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    big, _small = EXPECTED[locale_name]
    assert spaced(big) in spaced(pdf)
    other = {"en_US": "1.234,50", "fr_FR": "1,234.50", "de_DE": "1,234.50"}[locale_name]
    assert other not in pdf
    csv_text = next((tmp_path / "csv").glob("*.csv")).read_text(encoding="utf-8")
    assert "1234.50" in csv_text and "1,234" not in csv_text and "1.234,5" not in csv_text
    data = json.loads((tmp_path / "json" / "tickets.json").read_text(encoding="utf-8"))
    assert [t["normalised"]["total"] for t in data["tickets"]] == [1234.5]


TYPED_TOTALS = {"en_US": ("12.5", "1,234.50"), "fr_FR": ("12,5", "1234,5"), "de_DE": ("12,5", "1.234,5")}


def test_the_total_filter_takes_amounts_as_the_locale_writes_them(locale_name: str, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from ows_desktop.ui.filter_state import FilterState
    from ows_desktop.ui.filters import FilterBar

    low, high = TYPED_TOTALS[locale_name]
    bar = FilterBar()
    qtbot.addWidget(bar)
    for edit, text in ((bar.min_total, low), (bar.max_total, high)):
        qtbot.keyClicks(edit, text)
        assert edit.text() == text  # the validator let every key in
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    state = bar.state()
    assert (state.min_total, state.max_total) == (12.5, 1234.5)
    decimal = "." if locale_name == "en_US" else ","
    assert (bar.min_total.text(), bar.max_total.text()) == (f"12{decimal}5", f"1234{decimal}5")  # as read
    bar.set_state(FilterState(min_total=7.25, max_total=1500.0))  # written back in the locale's form
    assert (bar.min_total.text(), bar.max_total.text()) == (f"7{decimal}25", "1500")
