"""Sync ranges a person could mistype cannot make millions of windows (issue #12: `--start 0001-01-01`
planned ~3 M windows, 7.6 GB, before the first request)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from ows_desktop.ows.errors import InvalidInputError
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store import open_store
from ows_desktop.sync.engine import EARLIEST_DATA, SyncEngine
from ows_desktop.sync.planner import MAX_WINDOWS, split

SIX_HOURS = int(timedelta(hours=6).total_seconds() * 1_000_000)


def test_a_long_range_is_planned_in_a_bounded_number_of_windows_that_tile_it() -> None:
    start = to_epoch_us(datetime(1, 1, 1, tzinfo=UTC))
    end = to_epoch_us(datetime(2026, 12, 4, tzinfo=UTC))
    windows = split([(start, end)], 12, max_size=SIX_HOURS)
    assert len(windows) <= MAX_WINDOWS
    assert windows[0][0] == start and windows[-1][1] == end
    assert all(a[1] == b[0] for a, b in itertools.pairwise(windows))


def test_many_gaps_still_give_a_bounded_plan() -> None:
    day = SIX_HOURS * 4
    gaps = [(i * 2 * day, i * 2 * day + day) for i in range(1000)]  # 1000 one-day holes
    windows = split(gaps, 12, max_size=SIX_HOURS)
    assert len(windows) <= MAX_WINDOWS
    assert sum(e - s for s, e in windows) == sum(e - s for s, e in gaps)


def test_a_short_range_keeps_six_hour_windows() -> None:
    windows = split([(0, 10 * SIX_HOURS)], 4, max_size=SIX_HOURS)
    assert len(windows) == 10


class NoServer:
    retries = 0

    def __init__(self) -> None:
        self.calls = 0

    def iter_ticket_pages(self, *args, **kwargs):
        self.calls += 1
        return iter(())


@pytest.mark.parametrize("start", [datetime(1, 1, 1, tzinfo=UTC), datetime(1970, 1, 1, tzinfo=UTC)])
def test_a_range_before_ows_could_hold_data_is_refused_before_planning(tmp_path, start) -> None:
    source = NoServer()
    with open_store(tmp_path / "cache.sqlite3") as store:
        engine = SyncEngine(source, store)
        with pytest.raises(InvalidInputError, match="before OWS could hold any ticket") as caught:
            engine.run(start, datetime(2026, 12, 4, tzinfo=UTC))
        assert caught.value.exit_code == 2
        assert store.windows_overlapping(0, to_epoch_us(datetime(2030, 1, 1, tzinfo=UTC))) == []
    assert source.calls == 0
    assert EARLIEST_DATA.year == 2010  # the documented bound


def test_the_cli_refuses_a_range_before_ows_could_hold_data_before_any_request(tmp_path) -> None:
    """`sync --start 0001-01-01` is input error 2 at once, even when OWS cannot be reached (no request)."""
    import io

    from cli_support import make_ctx

    from ows_desktop.cli import main

    ctx = make_ctx(tmp_path, env={"OWS_API_KEY": "key-for-test", "OWS_API_SECRET": "secret-for-test"})
    code = main.main(["sync", "--start", "0001-01-01T00:00:00Z", "--base-url", "http://127.0.0.1:9"], ctx)
    assert isinstance(ctx.stderr, io.StringIO)
    assert code == 2, ctx.stderr.getvalue()
    assert "before OWS could hold any ticket" in ctx.stderr.getvalue()
