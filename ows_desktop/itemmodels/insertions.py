"""How a refreshed list of rowids arises from the previous one by insertions only, so the table model can
announce new rows with ``beginInsertRows`` (the view keeps its selection) instead of a reset. No Qt."""

from __future__ import annotations

from array import array


def insertion_plan(old: array[int], new: array[int]) -> tuple[int, list[tuple[int, int]]] | None:
    """How ``new`` arises from ``old``: keep ``old[:kept]`` (the rest fell beyond the window) and insert
    ``new[start:stop]`` for each run. None when it does not (a row moved or vanished)."""
    runs: list[tuple[int, int]] = []
    i = j = 0
    n_old, n_new = len(old), len(new)
    while j < n_new:
        if i < n_old and new[j] == old[i]:
            i += 1
            j += 1
            continue
        start = j
        while j < n_new and (i >= n_old or new[j] != old[i]):
            j += 1
        runs.append((start, j))
    if i < n_old and runs:
        # Unmatched old rows must lie beyond the window, so none of them may appear among the inserted rows.
        tail = set(old[i:])
        if any(rowid in tail for start, stop in runs for rowid in new[start:stop]):
            return None
    return i, runs
