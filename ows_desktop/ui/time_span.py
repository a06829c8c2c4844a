"""The receipt list's line under the filter bar in words: how it is sorted, and the exact span of time its
time filter means — read from the query the list runs (and an export of it runs), so what is said is what
is searched.

A quick range (Today, Yesterday, Last 7 days) counts its dates from today here; while the rows show each
store's time it is the days each store's calendar reads (``TicketQuery.store_days``), a store whose zone is
not known on its UTC day, as its rows show; while they show this workstation's time, and for a custom range
(the days the Exceptions view counts in), it is this workstation's days."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication

from ows_desktop.basics.store_time import zone_label
from ows_desktop.store.query import TicketQuery
from ows_desktop.ui.filter_state import PRESET_LABELS, SORT_NAMES, FilterState, has_search_syntax


def sort_text(query: TicketQuery, search: str) -> str:
    """``sorted by time, newest first`` (and a word on search syntax the search does not have)."""
    translate = QCoreApplication.translate
    name = translate("ReceiptsPage", SORT_NAMES.get(query.sort, query.sort))
    if query.sort == "start" and query.descending:
        order = translate("ReceiptsPage", "newest first")
    elif query.sort == "start":
        order = translate("ReceiptsPage", "oldest first")
    else:
        order = (
            translate("ReceiptsPage", "descending")
            if query.descending
            else translate("ReceiptsPage", "ascending")
        )
    text = translate("ReceiptsPage", "sorted by {name}, {order}").format(name=name, order=order)
    if has_search_syntax(search):  # "-void" listed the void tickets, saying nothing
        text += translate(
            "ReceiptsPage", " · OR, AND, NOT are searched as words; quotes, a leading minus and * are ignored"
        )
    return text


def span_text(query: TicketQuery, tz: tzinfo | None) -> str:
    """The span of ticket time ``query`` keeps, exactly (its end excluded); '' when it keeps any time."""
    if query.store_days is not None:
        end = query.store_days.last + timedelta(days=1)
        return QCoreApplication.translate(
            "time_span", "{start} 00:00 to {end} 00:00 in each store's time"
        ).format(start=query.store_days.first.isoformat(), end=end.isoformat())
    if query.start is None and query.end is None:
        return ""
    return QCoreApplication.translate("time_span", "{start} to {end}, this workstation's time").format(
        start=_here(query.start, tz), end=_here(query.end, tz)
    )


def range_text(filters: FilterState, query: TicketQuery, tz: tzinfo | None) -> str:
    """``Yesterday: 2026-12-06 00:00 to 2026-12-07 00:00 in each store's time`` ('' without a time filter)."""
    span = span_text(query, tz)
    if not span:
        return ""
    preset = filters.time_preset
    if preset in PRESET_LABELS and preset not in ("any", "custom"):
        name = QCoreApplication.translate("filter_state", PRESET_LABELS[preset])
    else:
        name = QCoreApplication.translate("time_span", "Chosen days")
    return QCoreApplication.translate("time_span", "{name}: {span}").format(name=name, span=span)


def time_filter_tip(filters: FilterState, query: TicketQuery, tz: tzinfo | None) -> str:
    """The time filter's tooltip: what it does, and the span it keeps now."""
    tip = QCoreApplication.translate("time_span", "Only tickets that started in this period.")
    shown = range_text(filters, query, tz)
    if shown:
        tip += "\n" + shown
    if query.store_days is not None:
        tip += "\n" + QCoreApplication.translate(
            "time_span", "A store whose time zone is not known: its UTC day, as its rows show."
        )
    return tip


def _here(moment: datetime | None, tz: tzinfo | None) -> str:
    if moment is None:
        return "…"
    local = moment.astimezone(tz)
    offset = local.utcoffset()
    label = zone_label(None if offset is None else int(offset.total_seconds() // 60))
    return f"{local.strftime('%Y-%m-%d %H:%M')} {label}"
