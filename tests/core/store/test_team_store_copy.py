"""``ows-desktop store copy --from sqlite:PATH --to postgresql://…``: a single-seat cache moved into the team
store — tickets, flags and notes, the audit trail (still verifying), the camera mapping, the sync
checkpoints — resumable after an interruption (the rerun ends with exactly the same rows), and refused
(one line, exit 2) when the team store belongs to another OWS tenant."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.basics.tenants import sidecar_of
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.rules import RULES
from ows_desktop.simulator import FakeOws, SimConfig
from ows_desktop.store import TicketQuery, open_store
from ows_desktop.store.camera_rules import Camera, TerminalSpec
from ows_desktop.store.postgres.copy_from import SourceTenant, copy_store
from ows_desktop.store.url import open_store_url
from ows_desktop.sync.engine import SyncEngine

CONFIG = SimConfig(seed=8, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=120)
TENANT = {"api_access_url": "https://api.example", "tickets_endpoint": "https://t1.example/tickets"}
NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


class Interrupted(Exception):
    """Stands for Ctrl+C / a crash between two committed batches."""


@pytest.fixture(scope="module")
def synced_cache(tmp_path_factory) -> Path:
    """A single-seat cache as a workstation has it: synced from the simulator (half the range: one window
    stays unfinished), reviewed (flags, notes, changes by two people), mapped (cameras)."""
    path = tmp_path_factory.mktemp("seat") / "tickets.sqlite3"
    retry = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.002, sleep=lambda _s: None)
    with FakeOws(CONFIG) as server, make_http_client() as http, open_store(path) as store:
        lo, hi = server.generator.persist_range()
        client = OwsClient(http, server.api_url, "demo-key", "demo-secret", retry=retry)
        SyncEngine(client, store, workers=2).run(from_epoch_us(lo), from_epoch_us(hi))
        store.create_windows([(hi, hi + 3_600_000_000)])  # planned, not fetched yet: copied as unfinished
        with store.reader() as reader:
            keys = [row.key for row in reader.iter_rows(TicketQuery())]
        for i, key in enumerate(keys[:12]):
            store.review.flag_ticket(
                key, reason="Void abuse", note=f"look at {i}", who="alice", now_us=10 + i
            )
            store.review.add_note(key, f"camera checked ({i})", who="bob", now_us=100 + i)
        store.review.flag_ticket(keys[0], state="confirmed", who="bob", now_us=200)
        store.review.unflag_ticket(keys[1], note="fine after all", who="alice")
        store.mapping.apply(
            [
                Camera("cam-1", "Front", "http://cams.example/1"),
                Camera("cam-2", "Till", "http://cams.example/2"),
            ],
            [TerminalSpec("S001", "R01", ("cam-1", "cam-2"), "cam-2", 1.5)],
            removed=None,
        )
    sidecar_of(path).write_text(json.dumps(TENANT), encoding="utf-8")
    return path


def _picture(store) -> dict[str, object]:
    """Everything the copy must carry, without the ids each store assigns itself."""
    with store.reader() as reader:
        rows = sorted(
            (r.key, r.id, r.location, r.terminal, r.operator, r.status, r.total, r.line_count, r.start)
            for r in reader.iter_rows(TicketQuery())
        )
        raws = {r.key: reader.raw(reader.rowid_of(r.key)) for r in reader.iter_rows(TicketQuery())}
        trail = [  # (who made a copied entry: ``copied``, checked on its own)
            (
                e.ticket_key,
                e.at_us,
                e.who,
                e.host,
                e.action,
                {k: v for k, v in e.changes.items() if k != "copied"},
            )
            for e in reader.review.audit_trail()
        ]
        flags = reader.review.flags_of([row[0] for row in rows])
        verifies = reader.review.verify_audit_chain() is None
    windows = sorted(
        (w.start_us, w.end_us, w.cursor, w.pages, w.tickets, w.empty_pages, w.done)
        for w in store.windows_overlapping(-(2**62), 2**62)
    )
    return {
        "rows": rows,
        "raws": raws,
        "trail": trail,
        "flags": flags,
        "verifies": verifies,
        "cameras": store.mapping.cameras(),
        "mappings": store.mapping.mappings(),
        "windows": windows,
    }


def test_an_interrupted_copy_run_again_gives_exactly_the_cache(synced_cache: Path, pg_url: str) -> None:
    source_tenant = SourceTenant(TENANT["api_access_url"], TENANT["tickets_endpoint"], "t1.example")
    with open_store(synced_cache) as source:
        expected = _picture(source)
    assert len(expected["rows"]) > 200 and len(expected["trail"]) > 30 and expected["verifies"]
    assert any(not w[-1] for w in expected["windows"])  # an unfinished window travels too

    def interrupt_at(what: str, count: int):
        def step(phase: str, done: int, _total: int) -> None:
            if phase == what and done >= count:
                raise Interrupted

        return step

    source_id = str(synced_cache)
    with (
        open_store(synced_cache) as source,
        open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as target,
    ):
        with pytest.raises(Interrupted):  # in the middle of the tickets
            copy_store(
                source,
                source_id,
                target,
                tenant=source_tenant,
                batch=50,
                on_step=interrupt_at("tickets", 100),
            )
        with pytest.raises(Interrupted):  # in the middle of the audit trail
            copy_store(
                source,
                source_id,
                target,
                tenant=source_tenant,
                batch=10,
                on_step=interrupt_at("audit entries", 20),
            )
        result = copy_store(source, source_id, target, tenant=source_tenant, batch=50)
        assert result.resumed
        assert result.tickets == 0 and 0 < result.audit_entries < len(expected["trail"])
        assert _picture(target) == expected
        again = copy_store(source, source_id, target, tenant=source_tenant)  # once more: nothing changes
        assert (again.tickets, again.audit_entries) == (0, 0)
        assert _picture(target) == expected


def _ctx(tmp_path: Path) -> CliContext:
    return CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(""),
        env={},
        read_secret=lambda _prompt: "",
    )


def test_the_cli_copies_once_and_refuses_another_tenants_team_store(
    tmp_path: Path, synced_cache: Path, pg_url: str
) -> None:
    ctx = _ctx(tmp_path)
    code = main(["store", "copy", "--from", f"sqlite:{synced_cache}", "--to", pg_url], ctx)
    out = ctx.stdout.getvalue()  # type: ignore[attr-defined]
    assert code == 0, ctx.stderr.getvalue()  # type: ignore[attr-defined]
    assert out.startswith(f"Copied {synced_cache} into the team store at {pg_url}: ")
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as target, target.reader() as reader:
        copied = reader.count(TicketQuery())
        found = reader.count(TicketQuery(exceptions=tuple(rule.id for rule in RULES)))
        pending = target.rules.pending_total()
    assert copied > 200
    # the rules ran over the copied tickets, as after a sync (the team store showed no exceptions: a tester)
    assert pending == 0 and found > 0
    assert f"Ran the exception rules over {copied:,} tickets: " in out

    other = tmp_path / "other.sqlite3"
    open_store(other).close()
    sidecar_of(other).write_text(
        json.dumps(
            {"api_access_url": "https://api.example", "tickets_endpoint": "https://t2.example/tickets"}
        ),
        encoding="utf-8",
    )
    ctx = _ctx(tmp_path)
    code = main(["store", "copy", "--from", f"sqlite:{other}", "--to", pg_url], ctx)
    err = ctx.stderr.getvalue()  # type: ignore[attr-defined]
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "belongs to the OWS tenant https://t1.example/tickets" in err and "nothing was copied" in err

    ctx = _ctx(tmp_path)
    assert main(["store", "copy", "--from", f"sqlite:{tmp_path / 'none.sqlite3'}", "--to", pg_url], ctx) == 2
    assert "No cache at" in ctx.stderr.getvalue()  # type: ignore[attr-defined]


def _cache(path: Path, *, finished_us: int | None, rules_fingerprint: str | None = None) -> Path:
    """A small cache: one completed sync window (saved now, by the store), when a sync into it last finished
    (None: its one sync was cancelled after that window) and its rule runs' fingerprint."""
    import sqlite3
    from contextlib import closing

    with open_store(path) as store:
        store.record_sync_started()
        (window,) = store.create_windows([(0, 3_600_000_000)])
        store.save_page(window.id, [], cursor=None, empty=True, done=True)
        if finished_us is not None:
            store.record_sync_finished(finished_us)
    if rules_fingerprint is not None:
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.execute("INSERT INTO review_meta VALUES ('rules_fingerprint', ?)", (rules_fingerprint,))
    return path


def _meta(pg_url: str) -> dict[str, str]:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        return dict(conn.execute("SELECT key, value FROM review_meta").fetchall())  # type: ignore[arg-type]


def _last_sync(store) -> object:  # type: ignore[no-untyped-def]
    with store.reader() as reader:
        return reader.last_sync_finished()


def test_the_copy_carries_when_a_sync_into_the_cache_last_finished(tmp_path: Path, pg_url: str) -> None:
    """The copied store's "Last sync" was the moment of the copy (the copied windows' save), or the team
    store's own older one: the cache's is what its tickets are as fresh as. The later of the two stands; the
    cache's rule fingerprint describes findings that are not copied, and is not."""
    tenant = SourceTenant(TENANT["api_access_url"], TENANT["tickets_endpoint"], "t1.example")
    synced = _cache(
        tmp_path / "a.sqlite3", finished_us=1_795_000_000_000_000, rules_fingerprint="cache-rules"
    )
    with open_store(synced) as source:
        expected = _last_sync(source)
    with (
        open_store(synced) as source,
        open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as target,
    ):
        assert _last_sync(target) is None
        copy_store(source, str(synced), target, tenant=tenant)
        assert _last_sync(target) == expected == from_epoch_us(1_795_000_000_000_000)  # exactly the cache's
        assert "rules_fingerprint" not in _meta(pg_url)
        copy_store(source, str(synced), target, tenant=tenant)  # run again (a resumed copy): the same
        assert _last_sync(target) == expected

        target.record_sync_finished(1_796_000_000_000_000)  # the team store synced since: its own is later
        later = _cache(tmp_path / "b.sqlite3", finished_us=1_795_500_000_000_000)
        with open_store(later) as other:
            copy_store(other, str(later), target, tenant=tenant)
        assert _last_sync(target) == from_epoch_us(1_796_000_000_000_000)
        newest = _cache(tmp_path / "c.sqlite3", finished_us=1_797_000_000_000_000)
        with open_store(newest) as other:
            copy_store(other, str(newest), target, tenant=tenant)
        assert _last_sync(target) == from_epoch_us(1_797_000_000_000_000)


def test_a_cache_never_synced_to_the_end_gives_the_team_store_no_last_sync(
    tmp_path: Path, pg_url: str
) -> None:
    """A cache whose syncs were all cancelled has completed windows, none a finished sync: copied, they made
    the team store "last synced" at the moment of the copy."""
    cancelled = _cache(tmp_path / "a.sqlite3", finished_us=None)
    tenant = SourceTenant(TENANT["api_access_url"], TENANT["tickets_endpoint"], "t1.example")
    with (
        open_store(cancelled) as source,
        open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as target,
    ):
        assert _last_sync(source) is None
        copy_store(source, str(cancelled), target, tenant=tenant)
        assert [w.done for w in target.windows_overlapping(-(2**62), 2**62)] == [True]  # the window came
        assert _last_sync(target) is None
        assert _meta(pg_url)["sync_finished_us"] == ""  # never, as the cache says


def test_the_copys_last_sync_is_credited_to_no_claim_of_the_team_store(tmp_path: Path, pg_url: str) -> None:
    """The window's "Last sync … by WHO" named the team store's sync claim whose time span held the moment: a
    copied cache's moment, which no claim of the team store produced, was credited to whichever workstation
    held the claim then (a sync still running, or one that failed). Who ran a sync is recorded by that sync."""
    from ows_desktop.store.timekeys import now_us

    tenant = SourceTenant(TENANT["api_access_url"], TENANT["tickets_endpoint"], "t1.example")

    def last_sync_by(store) -> object:  # type: ignore[no-untyped-def]
        with store.reader() as reader:
            return reader.last_sync_by(reader.last_sync_finished())

    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as target:
        claim = target.try_claim_sync("alice@till-1", 0, 3_600_000_000)
        assert claim is not None
        with claim:  # the team store's own sync, under its claim: its name
            target.record_sync_finished(now_us())
        assert last_sync_by(target) == "alice@till-1"
        claim = target.try_claim_sync("bob@office", 0, 3_600_000_000)
        assert claim is not None
        with claim:  # bob's sync runs (it will fail): the cache copied meanwhile was synced by neither
            cache = _cache(tmp_path / "a.sqlite3", finished_us=now_us() + 1)
            with open_store(cache) as source:
                copy_store(source, str(cache), target, tenant=tenant)
            assert last_sync_by(target) is None
        assert last_sync_by(target) is None  # nor once bob's claim ended after that moment
        claim = target.try_claim_sync("alice@till-1", 0, 3_600_000_000)
        assert claim is not None
        with claim:
            target.record_sync_finished(now_us())
        later = _cache(tmp_path / "b.sqlite3", finished_us=now_us() + 1)
        with open_store(later) as source:  # no claim since alice's: the later moment is still not hers
            copy_store(source, str(later), target, tenant=tenant)
        assert last_sync_by(target) is None


def test_a_caches_cases_stay_in_it_said_so_and_a_team_case_starts_its_own_history(
    tmp_path: Path, pg_url: str
) -> None:
    """The copy took the cache's case entries (``case:C-…``) but not its cases: the team store's first case,
    given the same number, showed the other investigation's history, notes and loss (a tester). The cases and
    their entries stay in the cache, the copy says so and where to export them; the tickets' own entries go."""
    from ows_desktop.ows.tickets import normalise_ticket
    from ows_desktop.simulator import TicketGenerator
    from ows_desktop.store.cases import SUBJECT_PREFIX

    path = _cache(tmp_path / "seat.sqlite3", finished_us=None)
    k1, k2 = (normalise_ticket(TicketGenerator(CONFIG).ticket(i)) for i in range(2))
    with open_store(path) as store:
        store.upsert_tickets([k1, k2])
        store.review.flag_ticket(k1.key, reason="Void abuse", note="looked at it", who="root")
        old = store.cases.new_case("Voids at S044", tickets=[k1.key], who="root")
        store.cases.set_loss(old.number, 100.70, reason="Recount 1", who="root")
    sidecar_of(path).write_text(json.dumps(TENANT), encoding="utf-8")
    ctx = _ctx(tmp_path)
    assert main(["store", "copy", "--from", f"sqlite:{path}", "--to", pg_url], ctx) == 0
    out = ctx.stdout.getvalue()  # type: ignore[attr-defined]
    assert out.splitlines()[-1] == (
        f"Not copied: 1 case stays in {path}, with their history (a team store numbers its own cases); export "
        f"each from there: ows-desktop --store sqlite:{path} case export NUMBER --format pdf --out DIR"
    )
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as target:
        with target.reader() as reader:
            trail = reader.review.audit_trail()
            assert [e.action for e in trail] == ["flag", "note"]  # the ticket's own entries
            # credited to who made them on the single seat, not to the login that ran the copy (a tester)
            made = {e.made_by for e in trail}
            assert {e.signed for e in trail} == {"root"} and len(made) == 1
            assert made.pop().endswith(f", local cache; copied in by database role {trail[0].db_role})")
            assert trail[0].db_role and trail[0].db_role != "root"
            assert not [e for e in trail if e.ticket_key.startswith(SUBJECT_PREFIX)]
            assert reader.review.verify_audit_chain() is None
        new = target.cases.new_case("Team case", tickets=[k2.key], who="ana")
        assert new.number == old.number  # the same number: its history must be its own
        with target.reader() as reader:
            history = [e for e in reader.review.audit_trail() if e.ticket_key == SUBJECT_PREFIX + new.number]
        assert [e.who for e in history] == ["ana"] * len(history) and history
    with open_store(path) as store, store.reader() as reader:
        assert [c.number for c in reader.cases.cases()] == [old.number]  # the cache as it was
        source = [e for e in reader.review.audit_trail() if e.action in ("flag", "note")]
    assert [e.copied for e in trail] == [{"os_user": e.os_user, "from": "local cache"} for e in source]
