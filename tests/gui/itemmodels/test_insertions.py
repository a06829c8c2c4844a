"""The insertion plan behind live listings (itemmodels/insertions.py): applying it to the loaded rowids gives
exactly the new listing, and a listing that is not the loaded one plus insertions (a row moved or vanished)
gets none, so the model resets instead of showing rows in the wrong place."""

from __future__ import annotations

import random
import sys
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from ows_desktop.itemmodels.insertions import insertion_plan, position
from ows_desktop.itemmodels.listing import SLICE, found_in


def applied(old: array, new: array, plan: tuple[int, list[tuple[int, int]]]) -> array:
    """The model's own steps (tickets.apply_listing): keep old[:kept], then insert each run in order."""
    kept, runs = plan
    rows = array("q", old[:kept])
    for start, stop in runs:
        rows[start:start] = new[start:stop]
    return rows


def insertions_only(old: list[int], new: list[int]) -> bool:
    """Whether ``new`` is a prefix of ``old`` with rows inserted that were not among old's rows."""
    before = set(old)
    kept = [rowid for rowid in new if rowid in before]
    inserted = [rowid for rowid in new if rowid not in before]
    return kept == old[: len(kept)] and len(set(inserted)) == len(inserted)


def test_insertions_into_a_long_listing_are_found_run_by_run() -> None:
    old = array("q", range(200_000, 50_000, -1))  # 150 k rows, newest first, as deep in a sync
    new = list(old)
    for at in (149_990, 120_000, 75_000, 1_000, 64, 63, 0):  # from the end, so the places stay right
        new[at:at] = [900_000 + at, 900_001 + at]
    new_rows = array("q", new[:150_000])  # the window's size: the last rows fall beyond it
    plan = insertion_plan(old, new_rows)
    assert plan is not None
    assert applied(old, new_rows, plan) == new_rows
    assert len(plan[1]) == 6  # the pair inserted near the end fell beyond the window with the last old rows


def test_a_plan_rebuilds_the_listing_exactly_or_there_is_none() -> None:
    shuffle = random.Random(14)
    for _ in range(4_000):
        old = shuffle.sample(range(1_000), shuffle.randint(0, 300))
        new = list(old)
        for _ in range(shuffle.randint(0, 5)):
            kind = shuffle.random()
            if kind < 0.6 or not new:  # a new ticket (now and then one already listed: a moved ticket)
                rowid = (
                    shuffle.choice(old) if old and shuffle.random() < 0.1 else 1_000 + shuffle.randint(0, 99)
                )
                new.insert(shuffle.randint(0, len(new)), rowid)
            elif kind < 0.8:  # a ticket that no longer matches
                new.pop(shuffle.randrange(len(new)))
            else:  # a ticket that moved
                new.insert(shuffle.randint(0, len(new) - 1), new.pop(shuffle.randrange(len(new))))
        if shuffle.random() < 0.3:
            new = new[: shuffle.randint(0, len(new))]  # the window ends earlier
        old_rows, new_rows = array("q", old), array("q", new)
        plan = insertion_plan(old_rows, new_rows)
        if plan is None:
            assert not insertions_only(old, new), (old, new)
        else:
            assert applied(old_rows, new_rows, plan) == new_rows, (old, new, plan)


def test_a_rowid_is_found_where_it_is_never_across_two_neighbours() -> None:
    """The model's row lookup (a byte search): every rowid at its own place, absent ones -1, and a rowid whose
    bytes happen to lie across two neighbours' bytes not found there."""
    rng = random.Random(7)
    rowids = array("q", rng.sample(range(-(2**40), 2**40), 2000))
    assert all(position(rowids, rowid) == row for row, rowid in enumerate(rowids))
    assert position(rowids, 2**41) == -1 and position(array("q"), 5) == -1
    pair = array("q", [4 << 32, 5] if sys.byteorder == "little" else [4, 5 << 32])
    straddling = array("q", pair.tobytes()[4:12])[0]  # the second half of one, the first of the next
    assert straddling not in pair
    assert position(pair, straddling) == -1
    assert position(array("q", [*pair, straddling]), straddling) == 2


@settings(max_examples=200, deadline=None)
@given(
    ids=st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), max_size=3 * SLICE + 5, unique=True),
    picks=st.lists(st.integers(min_value=0, max_value=3 * SLICE + 10), max_size=40),
    strangers=st.lists(st.integers(), max_size=5),
    stop=st.none() | st.integers(min_value=0, max_value=3 * SLICE + 10),
)
def test_the_rowids_found_a_slice_at_a_time_are_those_a_set_would_find(ids, picks, strangers, stop):
    """found_in (a job's look-up in a long listing, SLICE rowids per C call so the window's thread gets the
    interpreter lock in between) finds exactly the wanted rowids among ids[:stop], across slice boundaries."""
    listing = array("q", ids)
    wanted = [ids[p] for p in picks if p < len(ids)] + strangers
    assert found_in(wanted, listing, stop) == set(wanted) & set(ids[:stop])


def test_a_rowid_at_each_slice_boundary_is_found():
    listing = array("q", range(3 * SLICE))
    edges = [0, SLICE - 1, SLICE, 2 * SLICE - 1, 2 * SLICE, 3 * SLICE - 1]
    assert found_in(edges, listing) == set(edges)
    assert found_in(edges, listing, SLICE) == {0, SLICE - 1}
