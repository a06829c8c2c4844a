"""Test-wide setup: a Qt platform that works without a display, no test touching the developer's real
keyring or profile, and no test leaving a thread behind."""

from __future__ import annotations

import os
import tempfile
import threading
import time
import weakref

# Before anything imports Qt: with neither a platform nor a display Qt aborts the process.
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="ows-test-runtime-")
os.environ.pop("OWS_API_KEY", None)
os.environ.pop("OWS_API_SECRET", None)
os.environ.pop("OWS_BASE_URL", None)

import keyring
import keyring.backend
import pytest
from store_backends import pg_cluster, pg_template, pg_url, store  # noqa: F401 (fixtures: sqlite | postgresql)


class DictKeyring(keyring.backend.KeyringBackend):
    """An in-memory keyring backend: what every unit test sees instead of the real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path_factory, monkeypatch):
    """Every test gets its own data dir and an in-memory keyring as the process default."""
    root = tmp_path_factory.mktemp("profile")
    monkeypatch.setenv("OWS_DESKTOP_DATA_DIR", str(root))
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(_isolated_profile) -> DictKeyring:
    return _isolated_profile


_started_qthreads: weakref.WeakSet = weakref.WeakSet()


def _track_qthreads() -> None:
    """Record every QThread started during the tests (Qt keeps no registry we could ask)."""
    from PySide6.QtCore import QThread

    original = QThread.start

    def start(self, *args):
        _started_qthreads.add(self)
        return original(self, *args)

    QThread.start = start


_track_qthreads()


def _running_qthreads() -> list[str]:
    running = []
    for thread in list(_started_qthreads):
        try:
            if thread.isRunning():
                running.append(thread.objectName() or "QThread")
        except RuntimeError:  # the C++ object is already deleted: not running
            continue
    return running


@pytest.fixture(autouse=True)
def _no_leaked_threads(request):
    """Fail any test that leaves a thread it started still running (Python threads and QThreads)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3.0
    while True:
        # _DummyThread stands for a foreign (Qt) thread that asked for current_thread(): it never
        # "ends" for Python, so QThreads are checked through Qt instead.
        leaked = [
            t.name
            for t in threading.enumerate()
            if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)
        ]
        leaked += _running_qthreads()
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    if leaked:
        pytest.fail(f"test left threads running: {leaked}", pytrace=False)
