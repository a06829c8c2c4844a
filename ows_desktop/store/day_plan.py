"""Store days (:class:`~.query.StoreDays`, :class:`~.query.StoreDaysAgo`) as SQL, the same for both
backends: which tickets fall on a calendar day *at their own store*.

A ticket's day is read on its store's clock: its time plus its own offset (the POS wrote it) kept within
the daylight hours above its store's learned offset (``location_offsets``: the smallest seen there, its
standard time; :data:`DST_SHIFT_MIN`), else plus that learned offset; at a store of unknown zone (no ticket
there carries an offset) in UTC. That is the offset its row shows, except for a POS that wrote an offset
wilder than daylight time: its ticket's day is still its store's (the row shows the offset written).

The reader reads the learned offsets (a row per store) and plans (:func:`plan_days`): the stores of one
offset form a :class:`Band`, whose tickets can only be on the days within a rowid range of its own
(``span``: the days at the learned offset and the daylight hours above it), and surely are within a narrower
one (``sure``: the days at every one of those offsets). The SQL reads one rowid range, the union of the
bands' (the time-ordered rowid answers it: the table's b-tree, the FTS index's rowids, the team store's
month partitions; a newest-first page and a text search's FTS walk need one range), and decides each row by
its store: in its band's sure range it is in, outside its band's span it is out, and only between them — the
two daylight hours at each end, when stores are mostly closed — is its own offset read and tested. For days
counted from today in the two hours before a band's standard midnight its clocks straddle it (23:30 at
−08:00 is 00:30 at −07:00): each side of that ``turn`` has its own today, and a row that is on its side's day
at every offset of that side and off the other's is decided by one comparison of its offset (:class:`Band`'s
pieces). A store of unknown zone: its UTC days, exactly. SQLite counts them from its store index instead, a
range a store (``by_store``); PostgreSQL sums one count a range (:func:`store_terms`, postgres/day_counts.py).
A ticket listed is always on one of the days, and a count over one store-time day costs about twice a UTC
day's in both (tests/bench/RESULTS.md). Near a band's midnight each row of its two-day span still has its
own offset read: from the store index in PostgreSQL (postgres/offset_index.py), in SQLite from
``ticket_facts`` by rowid, 6-7× a UTC day's count there (the store index cannot hold it: not a column of
``tickets``).

Days counted back from each store's today (:class:`~.query.StoreDaysAgo`) test the ticket's day against
the day of the query's ``now``, both on the ticket's clock: ``(now + offset) / day − (rowid + offset) /
day`` in rowid units (integer division: whole days since 1970 in that offset) between ``last`` and
``first``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store.dialect import Dialect
from ows_desktop.store.query import DaySpan, StoreDays
from ows_desktop.store.timekeys import SLOT_BITS, first_rowid

OFFSETS_SQL = "SELECT location, offset_min FROM location_offsets"
STORES_SQL = "SELECT DISTINCT location FROM ticket_terminals"  # every store a ticket was ever stored at
# How far a ticket's own offset can be above its store's learned (smallest) one: a daylight-saving shift,
# one hour nearly everywhere, two at most (Troll, Antarctica). A wilder one counts as this far above.
DST_SHIFT_MIN = 120
_MINUTE_MS = 60_000
_DAY_MS = 86_400_000
_ROWID_MINUTE = _MINUTE_MS << SLOT_BITS  # one minute, in rowid units
_ROWID_DAY = _DAY_MS << SLOT_BITS


@dataclass(frozen=True, slots=True)
class Band:
    """The stores of one learned ``offset`` (minutes): their tickets on the days are all within ``span``
    (rowids ``[low, high)``) and all those within ``sure`` are on them (empty when ``low >= high``).
    ``pieces``: the span cut into rowid ranges ``(low, high, how)`` each row of which is decided alike:
    :data:`IN` (on the days), :data:`TEST` (its own offset read and tested), and for days counted from a
    today that the band's offsets straddle (its stores' clocks either side of midnight: ``turn``, the first
    offset on the later date), :data:`BELOW` and :data:`ABOVE` (on the days if its offset is below ``turn``,
    at or above it). A range of the span in no piece holds no ticket on the days."""

    offset: int
    locations: tuple[str, ...]
    span: tuple[int, int]
    sure: tuple[int, int]
    pieces: tuple[tuple[int, int, str], ...] = ()
    turn: int | None = None


IN, TEST, BELOW, ABOVE = "in", "test", "below", "above"


@dataclass(frozen=True, slots=True)
class OwnOffset:
    """Where a backend keeps the offset a ticket's POS wrote: ``column`` (NULL: none), in the ticket's row,
    or in the one ``row`` names (``FROM`` text, ``{rid}`` the ticket's rowid)."""

    column: str
    row: str = ""


@dataclass(frozen=True, slots=True)
class DayPlan:
    """One store-days filter, rowids ``[low, high)``: ``span`` holds every ticket it can match (the one range
    read); ``bands`` the stores of known zone by offset; ``utc`` the days of the other stores (in UTC). The
    exact test: ``local``, the days themselves in rowids of store time (rowid + offset), for fixed dates;
    ``ago``, ``(now's rowid, first, last)`` for days counted back from each store's today."""

    span: tuple[int, int]
    bands: tuple[Band, ...]
    utc: tuple[int, int]
    local: tuple[int, int] | None = None
    ago: tuple[int, int, int] | None = None
    unknown: tuple[str, ...] | None = None  # the stores of unknown zone, when the plan was told every store


def shown_offsets(offsets: Mapping[str, int], locations: Sequence[str] = ()) -> list[tuple[int, int]]:
    """The ranges ``[low, high]`` of the offsets (minutes) a ticket of the stores ``locations`` (every store
    when empty) is read in: each learned offset and the daylight hours above it; 0 for a store of unknown zone
    (in UTC; any store not yet seen, when ``locations`` is empty)."""
    chosen = {offsets[name] for name in locations if name in offsets} if locations else set(offsets.values())
    unknown = not locations or any(name not in offsets for name in locations)
    return [(offset, offset + DST_SHIFT_MIN) for offset in sorted(chosen)] + ([(0, 0)] if unknown else [])


def plan_days(
    days: DaySpan,
    offsets: Mapping[str, int],
    locations: Sequence[str] = (),
    stores: Iterable[str] | None = None,
) -> DayPlan:
    """The plan of ``days`` for the stores ``locations`` (every store when empty), from each store's learned
    offset (``offsets``: location → minutes, as :data:`OFFSETS_SQL` reads them); ``stores``: every store
    there is (:data:`STORES_SQL`), for a count of one range a store (:func:`day_clauses`' ``by_store``)."""
    by_offset: dict[int, list[str]] = {}
    for name, offset in sorted(offsets.items()):
        if not locations or name in locations:
            by_offset.setdefault(offset, []).append(name)
    bands = tuple(_band(days, offset, tuple(names)) for offset, names in sorted(by_offset.items()))
    unknown = not locations or any(name not in offsets for name in locations)
    utc = _rowids(utc_ms(days, 0)) if unknown else (0, 0)
    spans = [band.span for band in bands] + ([utc] if unknown else [])
    span = (min(low for low, _ in spans), max(high for _, high in spans)) if spans else (0, 0)
    others = None
    if stores is not None:
        chosen = set(locations) if locations else set(stores)
        others = tuple(sorted(name for name in chosen if name not in offsets))
    if isinstance(days, StoreDays):
        local = (first_rowid(_ms(days.first)), first_rowid(_ms(days.last + timedelta(days=1))))
        return DayPlan(span, bands, utc, local=local, unknown=others)
    ago = (first_rowid(_now_ms(days.now)), days.first, days.last)
    return DayPlan(span, bands, utc, ago=ago, unknown=others)


def local_days(days: DaySpan, offset: int) -> tuple[date, date]:
    """The first and last day ``days`` keeps for a ticket read in ``offset`` (minutes)."""
    if isinstance(days, StoreDays):
        return days.first, days.last
    today = (days.now.astimezone(UTC) + timedelta(minutes=offset)).date()
    return today - timedelta(days=days.first), today - timedelta(days=days.last)


def utc_ms(days: DaySpan, offset: int) -> tuple[int, int]:
    """``[start, end)``, UTC epoch milliseconds, of the days ``days`` keeps for a ticket read in ``offset``."""
    first, last = local_days(days, offset)
    shift = offset * _MINUTE_MS
    return _ms(first) - shift, _ms(last + timedelta(days=1)) - shift


def _band(days: DaySpan, offset: int, locations: tuple[str, ...]) -> Band:
    """The band of ``locations``, whose learned offset is ``offset``, and its pieces. Near its stores'
    midnight (the two hours before it in standard time, on days counted from today) the band's offsets
    straddle ``turn``: below it their today is one date, from it the next, and a row's answer hangs on which
    side its own offset is. Its sure range, the days at every offset, is then all but empty, and every row
    of a span two days wide had its offset read and its day computed (7-9x a UTC day's count,
    tests/bench/RESULTS.md). Each side is a band of its own, with its own span and sure range: where a row
    is sure on one side and out on the other, only the side its offset is on decides it (:data:`BELOW`,
    :data:`ABOVE`: one comparison); only where a side is unsure is the day computed."""
    top = offset + DST_SHIFT_MIN
    span, sure = _bounds(days, offset, top)
    turn = _turn(days, offset, top)
    sides = [(offset, top)] if turn is None else [(offset, turn - 1), (turn, top)]
    bounds = [_bounds(days, low, high) for low, high in sides]
    cuts = sorted(
        {edge for side in bounds for limits in side for edge in limits if span[0] <= edge <= span[1]}
    )
    pieces: list[tuple[int, int, str]] = []
    for low, high in pairwise(cuts):
        states = [_state(low, high, *side) for side in bounds]
        how = _HOW.get(tuple(states), TEST)
        if not how:
            continue
        if pieces and pieces[-1][2] == how and pieces[-1][1] == low:
            pieces[-1] = (pieces[-1][0], high, how)
        else:
            pieces.append((low, high, how))
    pieces.sort(key=lambda piece: piece[2] != IN)  # a CASE tries them in turn: the most rows first
    return Band(offset, locations, span, sure, tuple(pieces), turn)


# each side's state over a range (in: sure, out: outside its span, ?: neither) → how its rows are decided
_HOW: dict[tuple[str, ...], str] = {
    ("in",): IN,
    ("out",): "",
    ("in", "in"): IN,
    ("out", "out"): "",
    ("in", "out"): BELOW,
    ("out", "in"): ABOVE,
}


def _state(low: int, high: int, span: tuple[int, int], sure: tuple[int, int]) -> str:
    if sure[0] <= low and high <= sure[1]:
        return "in"
    if high <= span[0] or span[1] <= low:
        return "out"
    return "?"


def _turn(days: DaySpan, low: int, high: int) -> int | None:
    """The offset in ``(low, high]`` from which today is the next date (days counted from today), if any."""
    if isinstance(days, StoreDays):
        return None
    now = _now_ms(days.now)
    day = (now + high * _MINUTE_MS) // _DAY_MS
    if (now + low * _MINUTE_MS) // _DAY_MS == day:
        return None
    return -((now - day * _DAY_MS) // _MINUTE_MS)


def _bounds(days: DaySpan, low: int, high: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The span and the sure range (rowids) of the tickets read in an offset from ``low`` to ``high``."""
    ranges = [utc_ms(days, offset) for offset in _turning_offsets(days, low, high)]
    span = (min(start for start, _ in ranges), max(end for _, end in ranges))
    sure = (max(start for start, _ in ranges), min(end for _, end in ranges))
    return _rowids(span), _rowids(sure)


def _turning_offsets(days: DaySpan, low: int, high: int) -> Iterable[int]:
    """The offsets from ``low`` to ``high`` at which the UTC bounds of ``days`` are extreme: the ends, and for
    days counted from today the offsets either side of each change of today's date (between two, the bounds
    only move with the offset)."""
    yield from (low, high)
    if isinstance(days, StoreDays):
        return
    now = _now_ms(days.now)
    for day in range((now + low * _MINUTE_MS) // _DAY_MS + 1, (now + high * _MINUTE_MS) // _DAY_MS + 1):
        turn = -((now - day * _DAY_MS) // _MINUTE_MS)  # the first offset on that day
        yield from (offset for offset in (turn - 1, turn) if low <= offset <= high)


def day_clauses(
    plan: DayPlan, rid: str, location: str, own: OwnOffset, d: Dialect, *, by_store: bool = False
) -> tuple[list[str], list[object]]:
    """The WHERE clauses (AND-ed) of ``plan``: the rowid range, and each row decided by its store's band.
    ``rid`` is the rowid expression the range filters use, ``location`` the ticket's store, ``own`` where the
    backend keeps the offset a POS wrote; ``d`` spells the store lists. ``by_store`` (SQLite's count, in no
    order), when the plan knows every store (:func:`plan_days`' ``stores``): instead an OR of each band's
    stores over its ranges, without the rowid range around them (SQLite's planner would take it instead),
    which SQLite answers from its store index alone, a range a store (MULTI-INDEX OR), reading only the rows
    between a band's ranges. (PostgreSQL reads the OR's BitmapOr in the table, no faster: bench_store_days.)"""
    if by_store and plan.unknown is not None:
        return _by_store(plan, rid, location, own, d)
    where, params = [f"{rid} >= ?", f"{rid} < ?"], list[object](plan.span)
    cases: list[str] = []
    for band in plan.bands:
        one_of, stores = d.in_values(location, band.locations)
        # a CASE, not an OR: its conditions are tried in turn, so the own offset is read only between
        whens, bound = [], list[object](stores)
        for low, high, how in band.pieces:
            test, values = _decide(plan, band, how, rid, own)
            whens.append(f"WHEN {rid} >= ? AND {rid} < ? THEN {test or 'TRUE'}")
            bound += [low, high, *values]
        cases.append(
            f"WHEN {one_of} THEN {f'CASE {chr(32).join(whens)} ELSE FALSE END' if whens else 'FALSE'}"
        )
        params += bound
    utc = f"{rid} >= ? AND {rid} < ?"  # a store of unknown zone: its UTC days
    where.append(f"CASE {' '.join(cases)} ELSE {utc} END" if cases else utc)
    params += plan.utc
    return where, params


def _by_store(
    plan: DayPlan, rid: str, location: str, own: OwnOffset, d: Dialect
) -> tuple[list[str], list[object]]:
    terms = store_terms(plan, rid, location, own, d)
    if not terms:
        return ["1 = 0"], []
    return [f"({' OR '.join(sql for sql, _ in terms)})"], [value for _, bound in terms for value in bound]


def store_terms(
    plan: DayPlan, rid: str, location: str, own: OwnOffset, d: Dialect
) -> list[tuple[str, list[object]]]:
    """The plan, when it knows every store (:func:`plan_days`' ``stores``), as disjoint terms (SQL, params),
    each one store list over one rowid range: a band's sure range, and the ranges either side of it with the
    exact test; a store of unknown zone over its UTC days. No row matches two terms (a store is in one band,
    a band's ranges do not overlap), so a count of their OR is the sum of their counts: SQLite counts the OR
    (:func:`day_clauses`' ``by_store``), PostgreSQL sums one count a term (its ``(location, rid)`` index
    answers each; postgres/day_counts.py)."""
    assert plan.unknown is not None, "a plan of every store (plan_days' stores)"
    terms: list[tuple[str, list[object]]] = []

    def term(
        stores: Sequence[str], low: int, high: int, test: str = "", bound: Sequence[object] = ()
    ) -> None:
        if stores and low < high:
            one_of, named = d.in_values(location, stores)
            sql = f"({one_of} AND {rid} >= ? AND {rid} < ?{f' AND {test}' if test else ''})"
            terms.append((sql, [*named, low, high, *bound]))

    for band in plan.bands:
        for low, high, how in band.pieces:
            term(band.locations, low, high, *_decide(plan, band, how, rid, own))
    term(plan.unknown, *plan.utc)  # a store of unknown zone: its UTC days
    return terms


def _decide(plan: DayPlan, band: Band, how: str, rid: str, own: OwnOffset) -> tuple[str, list[object]]:
    """The condition a row of a piece ``how`` of ``band`` is on the days under ('' for :data:`IN`)."""
    if how == IN:
        return "", []
    if how == TEST:
        return _band_test(plan, band, rid, own)
    # its offset below the turn: a POS's own, if it wrote one (wilder than the band: at its bound, the same side)
    offset = own.column if not own.row else f"(SELECT {own.column} FROM {own.row.format(rid=rid)})"
    return f"coalesce({offset}, {band.offset}) {'<' if how == BELOW else '>='} ?", [band.turn]


def _band_test(plan: DayPlan, band: Band, rid: str, own: OwnOffset) -> tuple[str, list[object]]:
    """The exact test of a row of ``band``: its own offset, within the daylight hours above the band's (a
    wilder one counts as the bound), read once in the row that keeps it (none kept: the band's offset)."""
    top, column = band.offset + DST_SHIFT_MIN, own.column
    offset = (
        f"CASE WHEN {column} IS NULL OR {column} < {band.offset} THEN {band.offset} "
        f"WHEN {column} > {top} THEN {top} ELSE {column} END"
    )
    test, bound = _test(plan, rid, offset)
    if not own.row:
        return test, bound
    plain, bound_plain = _test(plan, rid, str(band.offset))
    return f"coalesce((SELECT {test} FROM {own.row.format(rid=rid)}), {plain})", bound + bound_plain


def _test(plan: DayPlan, rid: str, offset: str) -> tuple[str, list[object]]:
    """The exact test of a row read in ``offset`` (an SQL expression of minutes)."""
    shift = f"CAST({offset} AS bigint) * {_ROWID_MINUTE}"
    if plan.ago is not None:
        now, first, last = plan.ago
        now_day, day = f"(CAST(? AS bigint) + {shift}) / {_ROWID_DAY}", f"({rid} + {shift}) / {_ROWID_DAY}"
        return f"{now_day} - {day} BETWEEN ? AND ?", [now, last, first]
    assert plan.local is not None
    return f"({rid} + {shift}) BETWEEN ? AND ?", [plan.local[0], plan.local[1] - 1]


def _rowids(ms: tuple[int, int]) -> tuple[int, int]:
    return first_rowid(ms[0]), first_rowid(ms[1])


def _ms(day: date) -> int:
    return to_epoch_us(datetime.combine(day, time(0), tzinfo=UTC)) // 1000


def _now_ms(now: datetime) -> int:
    return to_epoch_us(now) // 1000
