"""Test-wide setup: a Qt platform that works without a display, no test touching the developer's real
keyring or profile, no test leaving a thread behind; and the fixtures many tests share (``paths``, ``store``).

Tests are laid out like the code: ``core/<package>/`` (no Qt needed), ``gui/<package>/``; ``bench/`` holds
the benchmarks (not collected). Helpers that are not fixtures live in ``gui_support.py``,
``review_helpers.py`` and ``hostile_server.py`` next to this file (importable from every test folder)."""

from __future__ import annotations

import atexit
import faulthandler
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path

# Before anything imports Qt: with neither a platform nor a display Qt aborts the process.
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="ows-test-runtime-")
    # gone at exit: not one more folder in /tmp per test run
    atexit.register(shutil.rmtree, os.environ["XDG_RUNTIME_DIR"], ignore_errors=True)
os.environ.pop("OWS_API_KEY", None)
os.environ.pop("OWS_API_SECRET", None)
os.environ.pop("OWS_BASE_URL", None)

import keyring
import keyring.backend
import pytest
from store_backends import (  # noqa: F401 (fixtures of the PostgreSQL team store)
    empty_db,
    open_backend,
    pg_cluster,
    pg_template,
    pg_url,
    pytest_generate_tests,
    store_backend,
)


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


_WIDGETS_APP: list[object] = []  # the session's QApplication, made before any test runs (below)


def pytest_collection_finish(session: pytest.Session) -> None:
    """When widget tests will run, the QApplication is made before any test, as pytest-qt's ``qapp`` makes
    it. A core test exporting a PDF makes a QGuiApplication when none exists (export/pdf.py, as the command
    line does), and Qt aborts the process at the first QWidget made under a QGuiApplication: which widget
    test crashed depended on the order the tests ran in."""
    if _WIDGETS_APP or not any(f"{os.sep}gui{os.sep}" in str(item.path) for item in session.items):
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(session.config.getini("qt_qapp_name"))
    _WIDGETS_APP.append(app)


HUNG_TEST_S = 600  # no test comes near it (the longest take about a minute); CI's whole run has 90 minutes


@pytest.fixture(autouse=True)
def _a_hung_test_ends_the_run(request: pytest.FixtureRequest):
    """A test that hangs (a modal dialog no watcher answers waits inside a wait's nested event loop, which the
    wait's own time-out cannot end: a CI run sat there until its limit) ends the run after HUNG_TEST_S with
    every thread's stack on the terminal, instead of using up CI's 90 minutes and saying nothing."""
    faulthandler.dump_traceback_later(HUNG_TEST_S, exit=True, file=_terminal_fd(request.config))
    yield
    faulthandler.cancel_dump_traceback_later()


def _terminal_fd(config: pytest.Config) -> int:
    """The terminal's stderr as it was before pytest captured it (fd 2 is pytest's capture file during a test,
    which an exit would never show); fd 2 where pytest does not say."""
    capturing = getattr(config.pluginmanager.getplugin("capturemanager"), "_global_capturing", None)
    saved = getattr(getattr(capturing, "err", None), "targetfd_save", None)
    return saved if isinstance(saved, int) else 2


@pytest.fixture(autouse=True)
def _root_log_filters_restored():
    """A test that logs in adds its secrets' redaction filter to every root log handler, pytest's session-long
    ones too, where it outlived the test and rewrote later tests' records (credentials ("k", "s") turned
    "headers" into "header***")."""
    root = logging.getLogger()
    saved = {handler: list(handler.filters) for handler in root.handlers}
    yield
    for handler, filters in saved.items():
        handler.filters[:] = filters


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


@pytest.fixture
def restore_logging():
    """The root logger's handlers as they were: a command run in-process adds its own (its log file)."""
    root = logging.getLogger()
    saved = list(root.handlers)
    yield
    for handler in list(root.handlers):
        if handler not in saved:
            root.removeHandler(handler)
            handler.close()


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


def _os_thread_alive(thread: threading.Thread) -> bool:
    """Python (3.11) keeps a ``_DummyThread`` forever for every foreign (Qt) thread that ever ran Python code,
    and reports it alive even after the OS thread ended: such an entry is alive while its OS thread exists
    (``/proc/self/task/<tid>``, Linux; elsewhere it is not counted, QThreads are checked through Qt)."""
    if not isinstance(thread, threading._DummyThread):
        return thread.is_alive()
    native = getattr(thread, "native_id", None)
    if native is None or not sys.platform.startswith("linux"):
        return False
    return os.path.exists(f"/proc/self/task/{native}")


def _forget_finished_dummies() -> None:
    with threading._active_limbo_lock:  # type: ignore[attr-defined]
        for ident, thread in list(threading._active.items()):  # type: ignore[attr-defined]
            if isinstance(thread, threading._DummyThread) and not _os_thread_alive(thread):
                del threading._active[ident]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """Fail any test that leaves a thread it started still running (Python threads, foreign threads that ran
    Python code, and QThreads)."""
    _forget_finished_dummies()
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3.0
    while True:
        leaked = [t.name for t in threading.enumerate() if t not in before and _os_thread_alive(t)]
        leaked += _running_qthreads()
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    _forget_finished_dummies()
    if leaked:
        pytest.fail(f"test left threads running: {leaked}", pytrace=False)


# --------------------------------------------------------------------------------------------- shared fixtures
@pytest.fixture
def paths(tmp_path: Path):
    """The app's folders for one test (data, config, logs below ``tmp_path/profile``)."""
    from ows_desktop.basics.paths import AppPaths

    return AppPaths.resolve(tmp_path / "profile").ensure()


@pytest.fixture
def store(paths, store_backend, request):  # noqa: F811 (store_backend: the fixture imported above)
    """An empty ticket cache at ``paths.database``, closed after the test. A test module that needs tickets
    in it extends this fixture: ``@pytest.fixture def store(store): store.upsert_tickets([...]); return store``.
    In a module marked ``both_backends`` it is an empty PostgreSQL team store too (store_backends.py)."""
    with open_backend(request, store_backend, paths.database) as opened:
        yield opened
