from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from ows_desktop.sync.planner import split, subtract

H = 3_600 * 1_000_000


def test_subtract_leaves_the_gaps_between_covered_spans():
    assert subtract((0, 10 * H), [(2 * H, 3 * H), (5 * H, 6 * H)]) == [
        (0, 2 * H),
        (3 * H, 5 * H),
        (6 * H, 10 * H),
    ]
    assert subtract((0, 10 * H), [(-H, 11 * H)]) == []
    assert subtract((0, 10 * H), []) == [(0, 10 * H)]
    assert subtract((0, 10 * H), [(4 * H, 6 * H), (5 * H, 7 * H)]) == [(0, 4 * H), (7 * H, 10 * H)]


def test_split_gives_about_n_similar_windows_covering_the_spans_exactly():
    windows = split([(0, 24 * H)], 8)
    assert len(windows) == 8
    assert windows[0][0] == 0 and windows[-1][1] == 24 * H
    assert all(a[1] == b[0] for a, b in pairwise(windows))


def test_split_respects_max_size_and_min_size():
    assert len(split([(0, 24 * H)], 2, max_size=6 * H)) == 4
    assert split([(0, 30 * 1_000_000)], 8) == [(0, 30 * 1_000_000)]  # below a minute: one window


spans = st.lists(st.tuples(st.integers(0, 10**12), st.integers(1, 10**11)), max_size=6).map(
    lambda xs: [(s, s + d) for s, d in xs]
)


@given(
    span=st.tuples(st.integers(0, 10**12), st.integers(1, 10**12)), covered=spans, parts=st.integers(1, 16)
)
def test_gaps_plus_covered_cover_the_span_and_split_windows_tile_the_gaps(span, covered, parts):
    start, end = span[0], span[0] + span[1]
    gaps = subtract((start, end), covered)
    for g_start, g_end in gaps:
        assert start <= g_start < g_end <= end
        assert not any(c_start < g_end and g_start < c_end for c_start, c_end in covered)
    windows = split(gaps, parts)
    assert sum(e - s for s, e in windows) == sum(e - s for s, e in gaps)
    assert all(s < e for s, e in windows)
