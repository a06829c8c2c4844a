"""``ows-desktop sync``'s last line counts with thousands separators and names where the tickets went: a sync
into the team store said "4800 tickets in this tenant's cache" (no separator, and the team store is no cache
of this computer's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import make_ctx

from ows_desktop.cli.main import main
from ows_desktop.simulator import FakeOws, SimConfig
from ows_desktop.store.postgres.connect import parse_url

KEYS = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}


@pytest.fixture(scope="module")
def ows():
    with FakeOws(
        SimConfig(seed=5, stores=1, days=1, tickets_per_store_day=1200), empty_page_rate=0.0
    ) as server:
        yield server


def _sync(tmp_path: Path, ows: FakeOws, env: dict[str, str]) -> str:
    lo, hi = ows.generator.persist_range()
    ctx = make_ctx(tmp_path, env={**KEYS, **env})
    code = main(["sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi)], ctx)
    assert code == 0, ctx.stderr.getvalue()  # type: ignore[attr-defined]
    return ctx.stdout.getvalue()  # type: ignore[attr-defined]


def test_a_sync_into_the_team_store_names_it_and_groups_its_counts(ows, tmp_path: Path, pg_url: str) -> None:
    out = _sync(tmp_path, ows, {"OWS_DESKTOP_STORE": pg_url})
    assert ows.generator.count() == 1200
    assert ": 1,200 tickets (1,200 new) in " in out, out
    assert out.splitlines()[0].endswith(f" 1,200 tickets in the team store at {parse_url(pg_url).place}."), (
        out
    )


def test_a_sync_into_this_computers_cache_says_so(ows, tmp_path: Path) -> None:
    out = _sync(tmp_path, ows, {})
    assert out.splitlines()[0].endswith(" 1,200 tickets in this tenant's cache."), out
