"""Shared pieces of the GUI tests: a simulated OWS, a populated store, the composed main window.

Test modules import the ``*_fixture`` functions (pytest registers them under their ``name``) and
``thread_leak_guard``.

``_no_leaked_threads`` refines conftest's fixture of the same name for GUI tests: Python (3.11) keeps a
``_DummyThread`` forever for every Qt thread that ever ran Python code (a QThread, a QThreadPool worker),
and reports it alive even after the OS thread ended. Here such an entry counts as leaked only while its
OS thread still exists (``/proc/self/task/<tid>``, Linux); a live thread of any kind still fails the test."""

from __future__ import annotations

import os
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ows_desktop.app import open_qt_settings
from ows_desktop.basics.credentials import Credentials, MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator import FakeOws, SimConfig, TicketGenerator
from ows_desktop.store import open_store

KEY, SECRET = "gui-key", "gui-secret"
# Qt's offscreen platform (conftest's default) warns once per window with a minimum size: not our problem.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
SIM_START = datetime(2026, 11, 20, tzinfo=UTC)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # the tests' "now": after every simulated ticket


def small_config(**overrides: Any) -> SimConfig:
    values: dict[str, Any] = {
        "seed": 11,
        "stores": 2,
        "terminals_per_store": 2,
        "days": 2,
        "tickets_per_store_day": 40,
        "start": SIM_START,
    }
    values.update(overrides)
    return SimConfig(**values)


def _os_thread_alive(thread: threading.Thread) -> bool:
    native = getattr(thread, "native_id", None)
    if (
        not isinstance(thread, threading._DummyThread)
        or native is None
        or not sys.platform.startswith("linux")
    ):
        return thread.is_alive()
    return os.path.exists(f"/proc/self/task/{native}")


def _forget_finished_dummies() -> None:
    with threading._active_limbo_lock:  # type: ignore[attr-defined]
        for ident, thread in list(threading._active.items()):  # type: ignore[attr-defined]
            if isinstance(thread, threading._DummyThread) and not _os_thread_alive(thread):
                del threading._active[ident]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True, name="_no_leaked_threads")
def thread_leak_guard():
    _forget_finished_dummies()
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3.0
    while True:
        leaked = [t for t in threading.enumerate() if t not in before and _os_thread_alive(t)]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    _forget_finished_dummies()
    if leaked:
        pytest.fail(f"test left threads running: {[t.name for t in leaked]}", pytrace=False)


@pytest.fixture(name="sim")
def sim_fixture():
    with FakeOws(small_config(), key=KEY, secret=SECRET, empty_page_rate=0.0) as server:
        yield server


@pytest.fixture(name="paths")
def paths_fixture(tmp_path: Path) -> AppPaths:
    return AppPaths.resolve(tmp_path / "profile").ensure()


@pytest.fixture(name="store")
def store_fixture(paths: AppPaths):
    s = open_store(paths.database)
    yield s
    s.close()


def fill_store(store: Any, config: SimConfig | None = None) -> TicketGenerator:
    generator = TicketGenerator(config or small_config())
    store.upsert_tickets([normalise_ticket(generator.ticket(i)) for i in range(generator.count())])
    return generator


@pytest.fixture(name="filled_store")
def filled_store_fixture(store: Any) -> Any:
    fill_store(store)
    return store


def make_services(paths: AppPaths, store: Any, credentials: Any = None, settings: Any = None) -> Any:
    from ows_desktop.app import build_services

    quick = {"max_attempts": 2, "base_delay": 0.05, "max_delay": 0.1}  # a dead server fails fast here
    return build_services(
        paths,
        credentials=credentials or MemoryCredentialStore(),
        settings=settings or open_qt_settings(paths.settings_file),
        store=store,
        env={},
        tz=UTC,
        now=lambda: NOW,
        sync_retry=quick,
    )


def open_window(qtbot: Any, services: Any, *, start: bool = True) -> Any:
    from ows_desktop.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if start:
        window.start()
    return window


def connected_services(paths: AppPaths, store: Any, server: FakeOws, *, secret: str = SECRET) -> Any:
    credentials = MemoryCredentialStore({server.api_url: Credentials(KEY, secret)})
    services = make_services(paths, store, credentials)
    services.settings.set("connection/base_url", server.api_url)
    return services


def wait_connected(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: window.connection() is not None, timeout=5000)
