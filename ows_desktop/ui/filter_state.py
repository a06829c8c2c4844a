"""The search box and filter pickers as a plain value (no Qt): turned into a store query, remembered in the
settings as JSON, and described in words for the empty state. Also the date-range presets shared by the
sync bar (persist time) and the time filter (ticket time)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from ows_desktop.itemmodels.core_labels import core_label, core_text
from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.itemmodels.ticket_columns import status_label
from ows_desktop.store.operators import NO_ID, operator_key, operator_text, parse_operator_key
from ows_desktop.store.query import DaySpan, StoreDays, StoreDaysAgo, TicketQuery

SEARCH_SHOWN = 80  # characters of the search the "No tickets match" message quotes


def search_start(text: str) -> str:
    """A search as the empty list quotes it: a pasted page of text by its first words and "…", on one line."""
    text = " ".join(text.split())
    if len(text) <= SEARCH_SHOWN:
        return text
    cut = text[:SEARCH_SHOWN]
    return (cut.rsplit(None, 1)[0] if " " in cut.strip() else cut).rstrip() + "…"


PRESETS = ("today", "yesterday", "last7", "custom")
PRESET_LABELS = {
    "any": QT_TRANSLATE_NOOP("filter_state", "Any time"),
    "today": QT_TRANSLATE_NOOP("filter_state", "Today"),
    "yesterday": QT_TRANSLATE_NOOP("filter_state", "Yesterday"),
    "last7": QT_TRANSLATE_NOOP("filter_state", "Last 7 days"),
    "custom": QT_TRANSLATE_NOOP("filter_state", "Custom range…"),
}

# The receipt table's sorts in words ("sorted by time, newest first"; translated by ReceiptsPage).
SORT_NAMES = {
    "start": QT_TRANSLATE_NOOP("ReceiptsPage", "time"),
    "location": QT_TRANSLATE_NOOP("ReceiptsPage", "store"),
    "terminal": QT_TRANSLATE_NOOP("ReceiptsPage", "register"),
    "operator": QT_TRANSLATE_NOOP("ReceiptsPage", "operator"),
    "status": QT_TRANSLATE_NOOP("ReceiptsPage", "status"),
    "items": QT_TRANSLATE_NOOP("ReceiptsPage", "items"),
    "total": QT_TRANSLATE_NOOP("ReceiptsPage", "total"),
}


def amount_text(value: float | None) -> str:
    """An amount of the filter as its field shows it: the window's locale, no group separator ("" for None)."""
    if value is None:
        return ""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(float(value), "g", 12)


def rule_title(rule_id: str) -> str:
    from ows_desktop.rules.definitions import RULES_BY_ID

    rule = RULES_BY_ID.get(rule_id)
    return core_label(rule.title) if rule is not None else rule_id


def local_now(now_utc: datetime, tz: tzinfo | None) -> datetime:
    return now_utc.astimezone(tz)


def _midnight(day: date, tz: tzinfo | None) -> datetime:
    if tz is None:
        # the system zone: let astimezone() pick the offset valid at that midnight
        return datetime.combine(day, time(0)).astimezone()
    return datetime.combine(day, time(0), tzinfo=tz)


def preset_back(preset: str) -> tuple[int, int] | None:
    """How many days before today a quick range starts and ends (0: today); None for "any" and "custom"."""
    return {"today": (0, 0), "yesterday": (1, 1), "last7": (6, 0)}.get(preset)


def preset_days(preset: str, now_utc: datetime, tz: tzinfo | None) -> tuple[date, date] | None:
    """The first and last day (inclusive) of a preset, counted from today's date here (``tz``: the
    workstation's zone, None: the system's); None for "any" and "custom"."""
    today = local_now(now_utc, tz).date()
    back = preset_back(preset)
    if back is None:
        return None
    return today - timedelta(days=back[0]), today - timedelta(days=back[1])


def store_days_ago(preset: str, now_utc: datetime) -> StoreDaysAgo | None:
    """A quick range in each store's time: its days counted back from each store's own today (the date its
    clock reads now: a store at UTC−05:00 is still on the 6th at 02:00 UTC on the 7th), ``now`` floored
    to the minute (offsets are whole minutes) so the query stays one value all that minute."""
    back = preset_back(preset)
    if back is None:
        return None
    return StoreDaysAgo(now_utc.astimezone(UTC).replace(second=0, microsecond=0), *back)


def preset_range(preset: str, now_utc: datetime, tz: tzinfo | None) -> tuple[datetime, datetime] | None:
    """[start, end) of a preset in the workstation's days; None for "any" and "custom"."""
    days = preset_days(preset, now_utc, tz)
    return None if days is None else days_range(*days, tz)


def days_range(first: date, last: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    """Whole local days ``first``..``last`` (inclusive) as [start, end)."""
    if last < first:
        first, last = last, first
    start = _midnight(first, tz)
    return start, _midnight(last + timedelta(days=1), tz)


@dataclass(frozen=True)
class FilterState:
    text: str = ""
    location: str | None = None
    terminal: str | None = None
    operator: str | None = None  # an operator key (store/operators.py): an employee ID, or a name at a store
    status: str | None = None
    min_total: float | None = None
    max_total: float | None = None
    time_preset: str = "any"  # any / today / yesterday / last7 / custom
    date_from: str | None = None  # ISO dates (local days) for "custom"
    date_to: str | None = None
    flagged_only: bool = False
    # exception rule ids (rules.RULES): only tickets where one of them fired (several: a figure of the
    # Exceptions view that counts tickets with any of the rules it ranks)
    rules: tuple[str, ...] = ()

    def is_default(self) -> bool:
        return self == FilterState()

    def amounts_crossed(self) -> bool:
        """A min total above the max total: no ticket can match (the window says so instead of "no match")."""
        return self.min_total is not None and self.max_total is not None and self.min_total > self.max_total

    def has_filters(self) -> bool:
        """Anything beyond the search text."""
        return replace(self, text="") != FilterState()

    def cleared(self) -> FilterState:
        return FilterState()

    def custom_days(self) -> tuple[date, date] | None:
        """The custom range's first and last day (inclusive; one given: that day), None without one."""
        if self.time_preset != "custom":
            return None
        try:
            first = date.fromisoformat(self.date_from) if self.date_from else None
            last = date.fromisoformat(self.date_to) if self.date_to else None
        except ValueError:
            return None
        first, last = first or last, last or first
        if first is None or last is None:
            return None
        return (first, last) if first <= last else (last, first)

    def time_range(self, now_utc: datetime, tz: tzinfo | None) -> tuple[datetime, datetime] | None:
        if self.time_preset == "custom":
            days = self.custom_days()
            return None if days is None else days_range(*days, tz)
        return preset_range(self.time_preset, now_utc, tz)

    def store_days(self, now_utc: datetime) -> DaySpan | None:
        """The days of the time filter in each store's own time: a custom range's dates at every store, a
        quick range counted back from each store's today; None without a time filter."""
        days = self.custom_days()
        return StoreDays(*days) if days is not None else store_days_ago(self.time_preset, now_utc)

    def to_query(
        self,
        *,
        sort: str = "start",
        descending: bool = True,
        now_utc: datetime,
        tz: tzinfo | None = None,
        store_time: bool = False,
    ) -> TicketQuery:
        """The store query of these filters. ``store_time``: the rows show times in each store's time, so the
        time filter is the days each store's calendar reads (:meth:`store_days`: a custom range's dates, the
        Exceptions view's days, or a quick range counted from each store's today); otherwise the
        workstation's days (``tz``)."""
        days = self.store_days(now_utc) if store_time else None
        span = None if days else self.time_range(now_utc, tz)
        return TicketQuery(
            text=self.text.strip(),
            start=span[0] if span else None,
            end=span[1] if span else None,
            store_days=days,
            locations=(self.location,) if self.location else (),
            terminals=(self.terminal,) if self.terminal else (),
            operator_keys=(self.operator,) if self.operator else (),
            statuses=(self.status,) if self.status else (),
            min_total=self.min_total,
            max_total=self.max_total,
            flagged=True if self.flagged_only else None,
            exceptions=self.rules,
            sort=sort,
            descending=descending,
        )

    def describe(self, *, short: bool = False, span: str = "") -> str:
        """``“chocolate” at store S012, status void, flagged only`` — for "No tickets match …". ``span``: the
        exact time the time filter keeps, said after it (an export's description: ui/time_span.py)."""
        parts = []
        if text := self.text.strip():  # whole, unless ``short`` (an export's selection names it whole)
            parts.append(f"“{search_start(text) if short else text}”")
        if self.location:
            parts.append(
                QCoreApplication.translate("FilterState", "store {location}").format(location=self.location)
            )
        if self.terminal:
            parts.append(
                QCoreApplication.translate("FilterState", "register {terminal}").format(
                    terminal=self.terminal
                )
            )
        if self.operator:
            parts.append(
                QCoreApplication.translate("FilterState", "operator {operator}").format(
                    operator=operator_words(self.operator)
                )
            )
        if self.status:
            parts.append(
                QCoreApplication.translate("FilterState", "status {status}").format(
                    status=status_label(self.status)  # as the picker names it
                )
            )
        if self.min_total is not None and self.max_total is not None:
            parts.append(
                QCoreApplication.translate("FilterState", "total {low} to {high}").format(
                    low=money_text(self.min_total), high=money_text(self.max_total)
                )
            )
        elif self.min_total is not None:
            parts.append(
                QCoreApplication.translate("FilterState", "total ≥ {low}").format(
                    low=money_text(self.min_total)
                )
            )
        elif self.max_total is not None:
            parts.append(
                QCoreApplication.translate("FilterState", "total ≤ {high}").format(
                    high=money_text(self.max_total)
                )
            )
        if self.time_preset == "custom" and (self.date_from or self.date_to):
            parts.append(
                QCoreApplication.translate("FilterState", "{start} to {end}").format(
                    start=self.date_from or "…", end=self.date_to or "…"
                )
            )
        elif self.time_preset in PRESET_LABELS and self.time_preset != "any":
            parts.append(QCoreApplication.translate("filter_state", PRESET_LABELS[self.time_preset]).lower())
        if span and self.time_preset != "any":
            parts[-1] += f" ({span})"
        if len(self.rules) == 1:
            parts.append(
                QCoreApplication.translate("FilterState", "exception “{rule}”").format(
                    rule=rule_title(self.rules[0])
                )
            )
        elif self.rules:
            parts.append(
                QCoreApplication.translate("FilterState", "any of the exceptions {rules}").format(
                    rules=", ".join(f"“{rule_title(rule)}”" for rule in self.rules)
                )
            )
        if self.flagged_only:
            parts.append(QCoreApplication.translate("FilterState", "flagged only"))
        return ", ".join(parts)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def for_query_filter(cls, wanted: dict, tz: tzinfo | None) -> FilterState:
        """The filters that show exactly the tickets a TicketQuery-style filter names (a cell of the Exceptions
        view): operator, or store and register, a date range and the rules; nothing else. The days are each
        store's (``store_days``: the list then reads them in each store's time, as the view counted them) or
        this workstation's (``start``/``end``, days in ``tz``). The filter bar shows the rules as a filter of
        their own, so it can be removed."""
        operators, terminals = wanted.get("operator_keys") or (), wanted.get("terminals") or ()
        locations, rules = wanted.get("locations") or (), wanted.get("exceptions") or ()
        start, end, days = wanted.get("start"), wanted.get("end"), wanted.get("store_days")
        if isinstance(days, StoreDays):
            first, last = days.first.isoformat(), days.last.isoformat()
        else:
            first = start.astimezone(tz).date().isoformat() if start else None
            last = (end - timedelta(microseconds=1)).astimezone(tz).date().isoformat() if end else None
        return cls(
            operator=operators[0] if operators else None,
            terminal=terminals[0] if terminals else None,
            location=locations[0] if locations else None,
            rules=tuple(rules),
            time_preset="custom" if first or last else "any",
            date_from=first,
            date_to=last,
        )

    @classmethod
    def from_json(cls, text: Any) -> FilterState:
        """Tolerant: unknown keys are ignored, bad values fall back to the defaults."""
        try:
            data = json.loads(text) if isinstance(text, str) and text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        kwargs: dict[str, Any] = {}
        if isinstance(data.get("rule"), str) and data["rule"] and "rules" not in data:
            data["rules"] = [data["rule"]]  # saved by a version with one rule at most
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in ("min_total", "max_total"):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    kwargs[f.name] = float(value)
            elif f.name == "flagged_only":
                kwargs[f.name] = value is True
            elif f.name == "text":
                if isinstance(value, str):
                    kwargs[f.name] = value
            elif f.name == "time_preset":
                if value in PRESET_LABELS:
                    kwargs[f.name] = value
            elif f.name == "rules":
                if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
                    kwargs[f.name] = tuple(value)
            elif f.name == "operator":  # a name alone (an older version's) stood for everyone of that name
                if isinstance(value, str) and parse_operator_key(value) is not None:
                    kwargs[f.name] = value
            elif isinstance(value, str) and value:
                kwargs[f.name] = value
        return cls(**kwargs)


@dataclass(frozen=True)
class SyncRange:
    """The sync bar's choice: a preset, or custom local start/end (ISO datetimes, minutes precision)."""

    preset: str = "today"
    custom_start: str | None = None
    custom_end: str | None = None

    def resolve(self, now_utc: datetime, tz: tzinfo | None) -> tuple[datetime, datetime] | None:
        """[start, end) by persist time, never past now (OWS has nothing persisted in the future)."""
        if self.preset == "custom":
            try:
                start = datetime.fromisoformat(self.custom_start) if self.custom_start else None
                end = datetime.fromisoformat(self.custom_end) if self.custom_end else None
            except ValueError:
                return None
            if start is None:
                return None
            if start.tzinfo is None:
                start = start.replace(tzinfo=tz) if tz is not None else start.astimezone()
            if end is None:
                end = now_utc
            elif end.tzinfo is None:
                end = end.replace(tzinfo=tz) if tz is not None else end.astimezone()
        else:
            span = preset_range(self.preset, now_utc, tz)
            if span is None:
                return None
            start, end = span
        end = min(end, now_utc)
        if end <= start:
            return None
        return start, end

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: Any) -> SyncRange:
        try:
            data = json.loads(text) if isinstance(text, str) and text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            return cls()
        preset = data.get("preset") if data.get("preset") in PRESETS else "today"
        start = data.get("custom_start") if isinstance(data.get("custom_start"), str) else None
        end = data.get("custom_end") if isinstance(data.get("custom_end"), str) else None
        return cls(preset, start, end)


def in_stores(by_store: Mapping[str, Sequence[str]], labels: Mapping[str, str]) -> dict[str, str]:
    """The operator picker's labels under all stores: an operator (``labels``: its key's label) found in several
    stores says so; with a store chosen the picker lists that store's own."""
    found = Counter(value for values in by_store.values() for value in set(values))
    text = QCoreApplication.translate("filters", "{name} — in {stores}")  # "in 2 stores", plural forms
    return {
        v: text.format(name=labels.get(v, v), stores=counted().stores(n)) for v, n in found.items() if n > 1
    }


def operator_choices(
    names: Sequence[str], stored: Sequence[tuple[str, str, str]]
) -> tuple[list[str], list[tuple[str, str]], dict[str, str]]:
    """The operator picker's choices from the store's (location, operator_id, operator) rows: one per employee
    ID (``Ines Brontë (E1014)``) or, for tickets without one, per name and store (``Ines Brontë (no employee
    ID) · S063``). Two cashiers of one name (E1014 at S027, E1053 at S063) were one entry, whose tickets the
    filter took together. Returns the keys of operators whose name is in use (``names``), the (store, key)
    pairs and each key's label."""
    in_use = set(names)
    seen: dict[str, dict[str, None]] = {}
    pairs, labels = [], {}
    for location, operator_id, name in stored:
        if name not in in_use:  # its tickets moved or were dropped: it offers nothing
            continue
        key = operator_key(operator_id, name, location)
        pairs.append((location, key))
        if operator_id:
            seen.setdefault(key, {})[name] = None
            shown = [n for n in seen[key] if n != operator_id] or list(seen[key])
            labels[key] = operator_text(" / ".join(shown), operator_id)
        else:
            labels[key] = f"{core_text(NO_ID.format(name=name or '—'))} · {location or '—'}"
    return sorted(labels, key=lambda k: (labels[k].casefold(), k)), pairs, labels


def operator_words(key: str) -> str:
    """An operator key in a sentence ("No tickets match operator E1014"): its employee ID, or its name, said
    to have none, at its store."""
    if (found := parse_operator_key(key)) is None:
        return key
    if found.operator_id:
        return found.operator_id
    return f"{core_text(NO_ID.format(name=found.name or '—'))} · {found.location or '—'}"
