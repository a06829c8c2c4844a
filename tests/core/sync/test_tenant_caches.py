"""Issue #11, one cache per OWS tenant: two tenants side by side in one data dir never mix."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.basics.tenants import Tenant, TenantCaches, TenantMismatchError
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.simulator import FakeOws, SimConfig

A = SimConfig(seed=31, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=60)
B = SimConfig(seed=32, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=70)
ENV = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}


def _run(tmp_path, *args: str) -> tuple[int, str, str]:
    ctx = CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(""),
        env=dict(ENV),
        retry_policy=RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.001, sleep=lambda _s: None),
    )
    code = main(list(args), ctx)
    return code, ctx.stdout.getvalue(), ctx.stderr.getvalue()


def _search(tmp_path, *extra: str) -> list[dict]:
    code, out, err = _run(tmp_path, "search", "--json", "--limit", "0", *extra)
    assert code == 0, err
    return json.loads(out)


def _sync(tmp_path, server: FakeOws, lo: int, hi: int) -> dict:
    code, out, err = _run(
        tmp_path, "sync", "--base-url", server.api_url, "--start", str(lo), "--end", str(hi), "--json"
    )
    assert code == 0, err
    return json.loads(out)


def test_switching_tenants_in_one_data_dir_never_mixes_their_tickets_or_flags(tmp_path):
    with FakeOws(A) as tenant_a, FakeOws(B) as tenant_b:
        lo = min(tenant_a.generator.persist_range()[0], tenant_b.generator.persist_range()[0])
        hi = max(tenant_a.generator.persist_range()[1], tenant_b.generator.persist_range()[1])
        ids_a = tenant_a.generator.all_ids_in_window(lo, hi)
        ids_b = tenant_b.generator.all_ids_in_window(lo, hi)
        assert ids_a != ids_b

        _sync(tmp_path, tenant_a, lo, hi)
        assert {t["id"] for t in _search(tmp_path)} == ids_a
        flagged_a = sorted(ids_a)[0]
        code, _, err = _run(tmp_path, "flag", flagged_a, "--reason", "tenant A case")
        assert code == 0, err

        summary = _sync(tmp_path, tenant_b, lo, hi)  # the same range, another tenant
        assert summary["skipped_windows"] == 0 and summary["tickets"] == len(ids_b)
        seen_b = _search(tmp_path)
        assert {t["id"] for t in seen_b} == ids_b
        assert not any(t["flagged"] for t in seen_b)

        _sync(tmp_path, tenant_a, lo, hi)  # switching back: A's own cache, with its flag
        seen_a = _search(tmp_path)
        assert {t["id"] for t in seen_a} == ids_a
        assert [t["id"] for t in seen_a if t["flagged"]] == [flagged_a]
        # and B's cache can be read without switching, by naming its connection
        assert {t["id"] for t in _search(tmp_path, "--base-url", tenant_b.api_url)} == ids_b
    caches = sorted(p.name for p in (tmp_path / "data").glob("tickets*.sqlite3"))
    assert len(caches) == 2


def _last_sync(path) -> datetime | None:
    from ows_desktop.store import open_store

    with open_store(path) as store, store.reader() as reader:
        return reader.last_sync_finished()


def test_a_sync_of_one_tenant_or_of_a_named_store_leaves_the_last_sync_of_another_as_it_was(tmp_path):
    """One settings value held the window's "Last sync" for every cache: a sync of tenant B set the label shown
    over tenant A's cache, and a store named by --store was never noted. Each store now records its own."""
    caches = TenantCaches(AppPaths.resolve(tmp_path / "data", env={}))
    with FakeOws(A) as tenant_a, FakeOws(B) as tenant_b:
        lo, hi = tenant_a.generator.persist_range()
        _sync(tmp_path, tenant_a, lo, hi)
        cache_a = caches.current_cache(tenant_a.api_url)
        synced_a = _last_sync(cache_a)
        assert synced_a is not None

        before_b = datetime.now(UTC)
        _sync(tmp_path, tenant_b, *tenant_b.generator.persist_range())
        cache_b = caches.current_cache(tenant_b.api_url)
        assert cache_b != cache_a
        assert _last_sync(cache_a) == synced_a  # B's sync said nothing about A's cache
        assert before_b <= _last_sync(cache_b)

        named = tmp_path / "named.sqlite3"
        before_named = datetime.now(UTC)
        code, _, err = _run(
            tmp_path, "--store", f"sqlite:{named}", "sync", "--base-url", tenant_a.api_url,
            "--start", str(lo), "--end", str(hi),
        )  # fmt: skip
        assert code == 0, err
        assert before_named <= _last_sync(named)  # the store named by path has its own
        assert _last_sync(cache_a) == synced_a  # and the tenant's cache keeps its own


def test_a_cache_recorded_for_one_tenant_refuses_another(tmp_path):
    paths = AppPaths.resolve(tmp_path / "data", env={})
    caches = TenantCaches(paths)
    first = Tenant.of("https://api.example.net", "https://aaa.cpos.example.net/apip/tickets")
    other = Tenant.of("https://api.example.net", "https://bbb.cpos.example.net/apip/tickets")
    path_a = caches.cache_for(first)
    path_b = caches.cache_for(other)  # the same API Access URL, another tenant: another file
    assert path_a != path_b
    assert caches.current_cache("https://api.example.net") == path_b
    with pytest.raises(TenantMismatchError):
        caches.claim(path_a, other)
    guard = caches.guard(path_a, "https://api.example.net")
    guard(first.tickets_endpoint)  # its own tenant: fine
    with pytest.raises(TenantMismatchError):
        guard(other.tickets_endpoint)
