"""How a refreshed list of rowids arises from the previous one by insertions only, so the table model can
announce new rows with ``beginInsertRows`` (the view keeps its selection) instead of a reset. No Qt."""

from __future__ import annotations

import struct
from array import array

_ROWID = struct.Struct("=q")  # one rowid as an array('q') holds it


def insertion_plan(old: array[int], new: array[int]) -> tuple[int, list[tuple[int, int]]] | None:
    """How ``new`` arises from ``old``: keep ``old[:kept]`` (the rest fell beyond the window) and insert
    ``new[start:stop]`` for each run. None when it does not (a row moved or vanished).

    Runs on the GUI thread when the loaded rows changed while the listing was read, with 150 k rows deep in a
    sync: the common stretches are found by comparing slices and an inserted run ends where ``new`` holds
    ``old``'s next rowid again (``array.index``), both in C — an element-by-element loop took 17-31 ms."""
    runs: list[tuple[int, int]] = []
    i = j = 0
    n_old, n_new = len(old), len(new)
    while j < n_new:
        stop = n_new  # without old rows left, the rest of new is inserted
        if i < n_old:
            same = _common_run(old, i, new, j)
            i, j = i + same, j + same
            if j >= n_new:
                break
            if i < n_old:
                try:  # the inserted run ends where old's next row comes again
                    stop = new.index(old[i], j)
                except ValueError:
                    stop = n_new
        runs.append((j, stop))
        j = stop
    if i < n_old and runs:
        # Unmatched old rows must lie beyond the window, so none of them may appear among the inserted rows.
        tail = set(old[i:])
        if any(rowid in tail for start, stop in runs for rowid in new[start:stop]):
            return None
    return i, runs


def _common_run(old: array[int], i: int, new: array[int], j: int) -> int:
    """The length of the longest stretch with ``old[i:i+k] == new[j:j+k]``: slices compared in steps that
    double while they match and halve when they do not."""
    k, step = 0, 64
    limit = min(len(old) - i, len(new) - j)
    while k < limit:
        step = min(step, limit - k)
        if old[i + k : i + k + step] == new[j + k : j + k + step]:
            k += step
            step *= 2
        elif step == 1:
            break
        else:
            step //= 2
    return k


def position(rowids: array[int], rowid: int) -> int:
    """Where ``rowid`` is in ``rowids`` (-1: not there), found by a byte search in C. ``array.index`` makes and
    compares an int object per element: ~4.6 ms to reach row 130 k, paid on the GUI thread for the current
    row and the row kept in view each time a live listing is shown deep in a sync."""
    data, needle = rowids.tobytes(), _ROWID.pack(rowid)
    at = data.find(needle)
    while at >= 0 and at % _ROWID.size:  # a match across two rowids' bytes: search on
        at = data.find(needle, at + 1)
    return at // _ROWID.size if at >= 0 else -1
