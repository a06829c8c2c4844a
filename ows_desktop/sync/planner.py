"""Which persist-time sub-windows a sync must fetch, given what the store already has.

Pure functions over integers (epoch microseconds), so the arithmetic is tested without a server or a store.
Spans are half-open ``[start, end)``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Span = tuple[int, int]

MIN_WINDOW_US = 60 * 1_000_000  # never split below a minute: tiny windows only add round trips
# However long the range, one plan never has more windows than this: past it windows grow beyond the
# usual maximum size instead (each window's page cap grows with it, see ows/limits.py).
MAX_WINDOWS = 2000


def subtract(span: Span, covered: Iterable[Span]) -> list[Span]:
    """The parts of ``span`` not inside any of ``covered``."""
    start, end = span
    gaps: list[Span] = []
    cursor = start
    for c_start, c_end in sorted(covered):
        if c_end <= cursor or c_start >= end:
            continue
        if c_start > cursor:
            gaps.append((cursor, c_start))
        cursor = max(cursor, c_end)
        if cursor >= end:
            break
    if cursor < end:
        gaps.append((cursor, end))
    return gaps


def split(
    spans: Sequence[Span],
    parts: int,
    *,
    min_size: int = MIN_WINDOW_US,
    max_size: int | None = None,
    max_windows: int = MAX_WINDOWS,
) -> list[Span]:
    """Split ``spans`` into about ``parts`` windows of similar length (so N cursors finish together), none
    shorter than ``min_size`` unless the span itself is, none longer than ``max_size`` when given, unless
    that would make more than about ``max_windows`` windows (one per span at least)."""
    total = sum(e - s for s, e in spans)
    if total <= 0:
        return []
    target = max(min_size, -(-total // max(1, parts)))
    if max_size:
        target = min(target, max(max_size, -(-total // max(1, max_windows - len(spans)))))
    out: list[Span] = []
    for start, end in spans:
        length = end - start
        pieces = max(1, round(length / target))
        step = -(-length // pieces)
        s = start
        while s < end:
            e = min(end, s + step)
            out.append((s, e))
            s = e
    return out
