"""The receipt list's line under the filter bar in words: how it is sorted, and the exact span of time its
time filter means — read from the query the list runs (and an export of it runs), so what is said is what
is searched.

While the rows show each store's time the time filter is the days each store's calendar reads
(``TicketQuery.store_days``; a store whose zone is not known: its UTC day, as its rows show): a custom range
(and a cell of the Exceptions view, which counts in the same days) those dates at every store, a quick range
(Today, Yesterday, Last 7 days) counted back from each store's own today — the date its clock reads now, so
at 02:00 UTC a store at UTC−05:00 is still on the day before. When the stores' todays differ, the line names
each date with the zones on it (``Today: 2026-12-06 at UTC−05:00; 2026-12-07 at UTC+10:00 — …``); ``stores``
(each store → the offset its clock shows now, None: unknown) says which. While the rows show this
workstation's time it is this workstation's days, counted from its today."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication

from ows_desktop.basics.store_time import zone_label
from ows_desktop.store.day_plan import local_days
from ows_desktop.store.query import DaySpan, StoreDaysAgo, TicketQuery
from ows_desktop.ui.filter_state import (
    PRESET_LABELS,
    SORT_NAMES,
    FilterState,
    preset_days,
    store_days_ago,
)

Stores = Mapping[str, int | None]  # each store → the offset its clock shows now (None: unknown, UTC)


def sort_text(query: TicketQuery, stores: Stores | None = None) -> str:
    """``sorted by time, newest first`` (what the search does with syntax: ui/search_syntax.py). ``stores``:
    while the rows show each store's clock, whose zones differ (19:12 −08:00 above 19:02 −06:00 above 16:56
    −08:00 read as unsorted to a tester), the line says the order is the moment each sale happened."""
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
    if query.sort == "start" and stores is not None and len({o or 0 for o in stores.values()}) > 1:
        text += translate("ReceiptsPage", " · in the order they happened, each row in its store's clock")
    return text


def span_text(query: TicketQuery, tz: tzinfo | None, stores: Stores | None = None) -> str:
    """The span of ticket time ``query`` keeps, exactly (its end excluded); '' when it keeps any time."""
    days = query.store_days
    if days is not None:
        groups = store_dates(days, query.locations, stores or {})
        if len(groups) > 1:  # counted from each store's today, and those differ
            return QCoreApplication.translate(
                "time_span", "{dates} — counted back from each store's own today, in its time"
            ).format(dates="; ".join(_dates_at(*days, zones) for days, zones in sorted(groups.items())))
        ((first, last),) = groups
        return QCoreApplication.translate(
            "time_span", "{start} 00:00 to {end} 00:00 in each store's time"
        ).format(start=first.isoformat(), end=(last + timedelta(days=1)).isoformat())
    if query.start is None and query.end is None:
        return ""
    return QCoreApplication.translate("time_span", "{start} to {end}, this workstation's time").format(
        start=_here(query.start, tz), end=_here(query.end, tz)
    )


def store_dates(
    days: DaySpan, locations: Sequence[str], stores: Stores
) -> dict[tuple[date, date], list[str]]:
    """The first and last day ``days`` keeps at the stores ``locations`` (every store when empty), each with
    the zones on them: one entry, unless the days are counted from each store's today and those differ."""
    offsets = {stores.get(name) for name in locations or stores} or {None}
    found: dict[tuple[date, date], list[str]] = {}
    for offset in sorted(offsets, key=lambda known: (known is not None, known or 0)):
        found.setdefault(local_days(days, offset or 0), []).append(zone_label(offset))
    return found


def today_ends(now_utc: datetime, tz: tzinfo | None, stores: Stores | None) -> date:
    """The last day the Receipts tab's Today keeps now, the Exceptions tab's default last day: with ``stores``
    (the rows in each store's time) the latest of the stores' own todays, the dates the span line names
    (:func:`store_dates` of :func:`.filter_state.store_days_ago`), so that every store's today is in; without
    (the rows in this workstation's time, ``tz``) this workstation's today (:func:`.filter_state.preset_days`)."""
    if stores is None:
        days = preset_days("today", now_utc, tz)
        assert days is not None
        return days[1]
    today = store_days_ago("today", now_utc)
    assert today is not None
    return max(last for _first, last in store_dates(today, (), stores))


def _dates_at(first: date, last: date, zones: list[str]) -> str:
    if first == last:
        text = QCoreApplication.translate("time_span", "{day} at {zones}")
    else:
        text = QCoreApplication.translate("time_span", "{first} to {last} at {zones}")
    return text.format(
        day=first.isoformat(), first=first.isoformat(), last=last.isoformat(), zones=", ".join(zones)
    )


def range_text(
    filters: FilterState, query: TicketQuery, tz: tzinfo | None, stores: Stores | None = None
) -> str:
    """``Yesterday: 2026-12-06 00:00 to 2026-12-07 00:00 in each store's time`` ('' without a time filter)."""
    span = span_text(query, tz, stores)
    if not span:
        return ""
    preset = filters.time_preset
    if preset in PRESET_LABELS and preset not in ("any", "custom"):
        name = QCoreApplication.translate("filter_state", PRESET_LABELS[preset])
    else:
        name = QCoreApplication.translate("time_span", "Chosen days")
    return QCoreApplication.translate("time_span", "{name}: {span}").format(name=name, span=span)


def time_filter_tip(
    filters: FilterState, query: TicketQuery, tz: tzinfo | None, stores: Stores | None = None
) -> str:
    """The time filter's tooltip: what it does, and the span it keeps now."""
    tip = QCoreApplication.translate("time_span", "Only tickets that started in this period.")
    shown = range_text(filters, query, tz, stores)
    if shown:
        tip += "\n" + shown
    if isinstance(query.store_days, StoreDaysAgo):
        tip += "\n" + QCoreApplication.translate(
            "time_span", "Counted back from each store's own today: the date its clock reads now."
        )
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
