"""Money, counts, decimals and day/month names as the window's locale writes them (``QLocale()``: the locale chosen at start,
see ui/translation.py): ``1,234.50`` in en_US, ``1 234,50`` in fr_FR, ``1.234,50`` in de_DE.

A currency symbol is shown only when the ticket names its currency (:func:`ticket_currency`); OWS tickets
usually do not, and then the amount stays a plain number (never a guessed ``$``). Exports keep their machine
formats (CSV/JSON: export/formatting.py) whatever the locale."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from ows_desktop.basics.store_time import store_local, store_time_text, zone_label

MINUS = "−"  # U+2212: the table and receipt's minus sign (easier to see than "-")
CURRENCY_KEYS = ("currency", "currencyCode", "CurrencyCode", "Currency", "currency_code")


def ui_locale() -> QLocale:
    """The default locale, read as :func:`readable` says."""
    return readable(QLocale())


def readable(locale: QLocale) -> QLocale:
    """``locale``, but Qt's "C" locale (no language: LANG=C) as en_US, so numbers keep their thousands
    separators ("2,400 receipts", as "2,400 tickets on this computer")."""
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def money_text(value: float | None, currency: str | None = None, *, empty: str = "—") -> str:
    """``1,234.50`` / ``1 234,50`` / ``−12.00``; with ``currency`` (an ISO code such as ``EUR``) the
    locale's own currency format (``1 234,50 €``; another currency shows its code: ``1 234,50 USD``)."""
    if value is None:
        return empty
    locale = ui_locale()
    amount = 0.0 if abs(value) < 0.005 else float(abs(value))
    text = locale.toString(amount, "f", 2)
    if currency and currency.upper() == locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode):
        text = locale.toCurrencyString(amount, locale.currencySymbol(), 2)
    elif currency:
        text = f"{text}\u00a0{currency.upper()}"
    return f"{MINUS}{text}" if value < 0 and amount else text


def count_text(value: int) -> str:
    """``12,345`` / ``12 345`` / ``12.345``."""
    return ui_locale().toString(int(value))


def decimal_text(value: float, digits: int = -1) -> str:
    """A decimal number (``2.5`` / ``2,5``); ``digits`` -1: as few as needed."""
    locale = ui_locale()
    if digits < 0:
        return locale.toString(float(value), "g", 12)
    return locale.toString(float(value), "f", digits)


def plain_number(text: str) -> str:
    """``text`` (spaces around it dropped) in the plain form (``1234.50``: digits, a dot before the decimals)
    when it is a number as the window's locale writes it (``1,234.50`` in en_US, ``1 234,50`` in fr_FR,
    ``1.234,50`` in de_DE: group separators only where they belong), else as it was typed. The digits are
    kept as typed, never read through a float first: ``12.345`` stays 3 decimals (the loss amount's check,
    store/loss_amount.py, refuses it; a float rounded it to 12.35 without a word)."""
    typed = text.strip()
    locale = ui_locale()
    _value, ok = locale.toDouble(typed)
    if not ok:  # "12.50" in fr_FR or de_DE: the plain form, or not a number
        return typed
    group, point, zero = locale.groupSeparator(), locale.decimalPoint(), locale.zeroDigit()
    plain = typed.replace(group, "") if group else typed
    if group.isspace():  # fr_FR's narrow no-break space: a plain or a no-break space typed for it
        plain = plain.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    plain = plain.replace(point, ".")
    if zero != "0" and len(zero) == 1:  # a locale of other digits: as the plain form writes them
        plain = plain.translate({ord(zero) + i: str(i) for i in range(10)})
    return plain


def ticket_currency(raw: Any) -> str | None:
    """The currency a raw OWS ticket names (an ISO 4217 code under one of CURRENCY_KEYS), else None."""
    if not isinstance(raw, dict):
        return None
    for key in CURRENCY_KEYS:
        value = raw.get(key)
        if isinstance(value, str) and len(value.strip()) == 3 and value.strip().isalpha():
            return value.strip().upper()
    return None


_QT_TOKENS = {
    "%a": "ddd",
    "%d": "dd",
    "%b": "MMM",
    "%Y": "yyyy",
    "%H": "HH",
    "%M": "mm",
    "%S": "ss",
    "%m": "MM",
}


def store_datetime_text(moment: datetime | None, offset_min: int | None, fmt: str) -> str:
    """basics.store_time.store_time_text with the locale's day and month names (``ven. 04 déc. 2026``):
    ``fmt`` is the strftime form (``%a %d %b %Y, %H:%M:%S``), written with the window's locale."""
    if moment is None:
        return ""
    local = store_local(moment, offset_min)
    if local is None or local.year < 1000 or "%" in re.sub(r"%[adbYHMSm]", "", fmt):
        return store_time_text(moment, offset_min, fmt)
    qt_format = re.sub(r"%[adbYHMSm]", lambda m: _QT_TOKENS[m.group(0)], fmt.replace("'", ""))
    moment_qt = QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second)
    )
    return f"{ui_locale().toString(moment_qt, qt_format)} {zone_label(offset_min)}"
