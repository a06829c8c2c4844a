"""While a sync runs it changes two of the process's interpreter settings, and afterwards — also after a
cancelled sync or an error — they are what they were:

- the young garbage-collection generation is collected every 100,000 allocations (sync/collector.py);
- the interpreter hands the GIL around every millisecond (sync/switching.py), so the writer thread is not
  kept waiting behind the cursors;
- its threads run on one CPU (sync/one_core.py; Linux, 2 CPUs or more): every thread the sync starts, and
  the thread that runs it, which gets its CPUs back.

A setting already that far is left alone (a sync inside another), and one changed meanwhile by someone else
is kept."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta

import pytest
from test_sync import CONFIG, client_for, http  # noqa: F401 - http is a fixture

from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws
from ows_desktop.store import open_store
from ows_desktop.sync import one_core as one_core_module
from ows_desktop.sync.collector import SYNC_YOUNG_THRESHOLD, fewer_collections
from ows_desktop.sync.engine import SyncCancelled, SyncEngine
from ows_desktop.sync.one_core import one_core
from ows_desktop.sync.switching import SYNC_SWITCH_INTERVAL_S, shorter_switches


@dataclass(frozen=True)
class Setting:
    read: Callable[[], object]
    write: Callable[[object], None]
    scoped: Callable[[object], AbstractContextManager[None]]
    default: object  # the process's value before each test
    during: object  # a sync's
    other: object  # someone else's, set inside the block
    already: object  # further than the block's own value: left alone
    inside: object  # what the block sets with the unit tests' argument, SCOPED below


CPUS = frozenset(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else frozenset()


class AnyOneCpu(frozenset):
    """Equal to any set of exactly one of these CPUs: a sync takes the one its thread runs on."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, frozenset) and len(other) == 1 and other <= self

    __hash__ = frozenset.__hash__


ONE_CORE = pytest.mark.skipif(
    len(CPUS) < 2 or not hasattr(os, "sched_setaffinity"), reason="needs Linux and 2 CPUs or more"
)


SETTINGS = {
    "gc-young-threshold": Setting(
        read=lambda: gc.get_threshold()[0],
        write=lambda young: gc.set_threshold(int(young), 10, 10),
        scoped=lambda young: fewer_collections(int(young)),
        default=700,
        during=SYNC_YOUNG_THRESHOLD,
        other=2_000,
        already=200_000,
        inside=50_000,
    ),
    "switch-interval": Setting(
        read=sys.getswitchinterval,
        write=sys.setswitchinterval,
        scoped=shorter_switches,
        default=0.005,
        during=SYNC_SWITCH_INTERVAL_S,
        other=0.003,
        already=0.0005,
        inside=0.002,
    ),
    "cpus": Setting(  # the calling thread's CPUs; the sync's threads inherit them
        read=lambda: frozenset(os.sched_getaffinity(0)),
        write=lambda cpus: os.sched_setaffinity(0, cpus),  # type: ignore[arg-type]
        scoped=lambda cpu: one_core(cpu),  # type: ignore[arg-type]
        default=CPUS,
        during=AnyOneCpu(CPUS),
        other=frozenset({max(CPUS, default=0)}),
        already=frozenset({min(CPUS, default=0)}),
        inside=frozenset({min(CPUS, default=0)}),
    ),
}
# the block's own argument in the unit tests
SCOPED = {"gc-young-threshold": 50_000, "switch-interval": 0.002, "cpus": min(CPUS, default=0)}


@pytest.fixture(params=[*sorted(set(SETTINGS) - {"cpus"}), pytest.param("cpus", marks=ONE_CORE)])
def setting(request) -> Iterator[tuple[str, Setting]]:
    chosen = SETTINGS[request.param]
    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    chosen.write(chosen.default)
    yield request.param, chosen
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)
    if CPUS and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, CPUS)


def test_a_sync_changes_the_setting_while_it_runs_and_puts_it_back(tmp_path, http, setting) -> None:  # noqa: F811
    _, s = setting
    seen: list[float] = []
    with FakeOws(CONFIG) as server, open_store(tmp_path / "t.sqlite3") as store:
        lo, hi = server.generator.persist_range()
        result = SyncEngine(
            client_for(server, http),
            store,
            workers=2,
            overlap=timedelta(0),
            on_progress=lambda _: seen.append(s.read()),
        ).run(from_epoch_us(lo), from_epoch_us(hi))
    assert result.progress.tickets > 0
    assert s.during in seen  # the reports sent while pages were being committed
    assert s.read() == s.default


def test_a_cancelled_sync_puts_the_setting_back(tmp_path, http, setting) -> None:  # noqa: F811
    _, s = setting
    cancel = threading.Event()
    with FakeOws(CONFIG, latency=0.002) as server, open_store(tmp_path / "t.sqlite3") as store:
        lo, hi = server.generator.persist_range()

        def on_progress(progress) -> None:
            if progress.pages >= 2:
                cancel.set()

        with pytest.raises(SyncCancelled):
            SyncEngine(
                client_for(server, http), store, workers=2, on_progress=on_progress, cancel=cancel
            ).run(from_epoch_us(lo), from_epoch_us(hi))
    assert s.read() == s.default


def test_a_value_set_by_someone_else_is_kept_and_one_already_further_is_left_alone(setting) -> None:
    name, s = setting
    with s.scoped(SCOPED[name]):
        assert s.read() == s.inside
        s.write(s.other)  # changed meanwhile: not overwritten at the end
    assert s.read() == s.other
    s.write(s.already)
    with s.scoped(SCOPED[name]):  # already further: left alone
        assert s.read() == s.already
    assert s.read() == s.already


def test_the_setting_comes_back_after_an_error(setting) -> None:
    name, s = setting
    with pytest.raises(RuntimeError), s.scoped(SCOPED[name]):
        raise RuntimeError("the store failed")
    assert s.read() == s.default


@ONE_CORE
def test_a_sync_takes_the_cpu_its_thread_runs_on_and_its_threads_inherit_it(monkeypatch) -> None:
    try:
        for cpu in sorted(CPUS):
            os.sched_setaffinity(0, {cpu})
            assert one_core_module._current_cpu() == cpu  # read from /proc: it can run nowhere else
        os.sched_setaffinity(0, CPUS)
        for cpu in sorted(CPUS):
            monkeypatch.setattr(one_core_module, "_current_cpu", lambda cpu=cpu: cpu)
            with one_core():
                found: list[set[int]] = []
                started = threading.Thread(target=lambda into=found: into.append(os.sched_getaffinity(0)))
                started.start()
                started.join()
                assert os.sched_getaffinity(0) == {cpu}
                assert found == [{cpu}]  # a thread started inside runs on the same one
            assert frozenset(os.sched_getaffinity(0)) == CPUS
    finally:
        os.sched_setaffinity(0, CPUS)
