"""The composition root: no display → a helpful exit 2, uncaught exceptions logged and shown, the demo's
screenshot run as a real subprocess, and Ctrl+C or a logout closing the window as the person would."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ows_desktop.demo import interest
from ows_desktop.ui.app_shell import display_problem, install_excepthook
from ows_desktop.ui.errors import sync_failure


def test_display_problem_is_detected_only_without_any_display():
    assert "xvfb-run" in display_problem({}, "linux")
    assert "QT_QPA_PLATFORM=offscreen" in display_problem({}, "linux")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None and display_problem({}, "darwin") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux-only display rule")
def test_gui_without_display_explains_and_exits_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = "import sys; from ows_desktop.app import main; sys.exit(main(data_dir=sys.argv[1]))"
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "xvfb-run" in result.stderr and "Traceback" not in result.stderr


def test_excepthook_logs_and_shows_a_summary(tmp_path, caplog):
    shown: list[str] = []
    previous_hook, previous_thread_hook = sys.excepthook, __import__("threading").excepthook
    try:
        install_excepthook(tmp_path / "ows-desktop.log", shown.append)
        try:
            raise ValueError("boom")
        except ValueError:
            with caplog.at_level(logging.CRITICAL, logger="ows_desktop"):
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous_hook
        __import__("threading").excepthook = previous_thread_hook
    assert shown == ["ValueError: boom"]
    assert any("Uncaught exception" in r.message and r.exc_info for r in caplog.records)


def test_demo_prefers_a_sale_with_a_voided_line_and_a_discount():
    class Row:
        def __init__(self, **kw):
            self.__dict__.update(
                dict(
                    has_void=False,
                    status="sale",
                    discount_total=0.0,
                    line_count=1,
                    has_refund=False,
                    is_no_sale=False,
                )
                | kw
            )

    assert interest(Row(has_void=True, discount_total=2.0, line_count=5)) > interest(Row(has_void=True))
    assert interest(Row(has_void=True)) > interest(Row(is_no_sale=True, status="no_sale"))


@pytest.mark.slow
def test_demo_screenshot_subprocess(tmp_path: Path):
    """Without the PostgreSQL driver, as after the README's demo command (``pip install -e .``, no ``team``
    extra): a module of the team store imported psycopg at its top, and the demo stopped with "No module
    named 'psycopg'" (the tests' environment has the driver, so nothing else noticed)."""
    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    code = (
        "import sys; sys.modules['psycopg'] = sys.modules['psycopg_pool'] = None; "  # not installed
        "from pathlib import Path; from ows_desktop.demo import run_demo; "
        "sys.exit(run_demo(Path(sys.argv[1]), Path(sys.argv[2]), True))"
    )

    def demo(picture: Path) -> None:
        run = [sys.executable, "-c", code, str(tmp_path / "data"), str(picture)]
        result = subprocess.run(run, env=env, capture_output=True, text=True, timeout=180, check=False)
        assert result.returncode == 0, result.stderr[-2000:]

    demo(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1440, 900)
    assert "Traceback" not in (tmp_path / "data" / "logs" / "ows-desktop.log").read_text(encoding="utf-8")
    # run again on the same folder: the same simulated tenant, so the same cache (its flags and cases in view),
    # not a new empty one beside it
    demo(tmp_path / "again.png")
    assert [p.name for p in (tmp_path / "data").glob("tickets*.sqlite3")] == ["tickets.sqlite3"]


# The demo window in a child process, started as from a terminal (Ctrl+C not ignored); it prints "ready"
# once its event loop has taken over the signals.
SIGNALLED_DEMO = """
import signal, sys, threading, time
from pathlib import Path
signal.signal(signal.SIGINT, signal.default_int_handler)
def ready():
    from ows_desktop.ui import app_shell
    deadline = time.monotonic() + 30
    while signal.getsignal(signal.SIGTERM) is not app_shell._noted and time.monotonic() < deadline:
        time.sleep(0.05)
    print("ready", flush=True)
threading.Thread(target=ready, daemon=True).start()
from ows_desktop.demo import run_demo
sys.exit(run_demo(Path(sys.argv[1]) if sys.argv[1] else None, None, False))
"""


def _signalled_demo(data_dir: Path | None, tmp: Path, sig: int) -> subprocess.CompletedProcess[str]:
    tmp.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp))
    with subprocess.Popen(
        [sys.executable, "-c", SIGNALLED_DEMO, str(data_dir or "")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
            proc.send_signal(sig)
            out, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_in_the_terminal_closes_the_window_without_a_traceback_and_cleans_up(tmp_path: Path):
    result = _signalled_demo(None, tmp_path / "tmp", signal.SIGINT)
    assert result.returncode == 130, result.stderr[-2000:]  # as the command-line tools after Ctrl+C
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert list((tmp_path / "tmp").iterdir()) == []  # the demo's temporary data folder went with it


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_logout_closes_the_window_as_the_person_would(tmp_path: Path):
    """SIGTERM (a logout, ``kill``): the window closes normally, so its layout is saved, and says why in
    the log."""
    data = tmp_path / "data"
    result = _signalled_demo(data, tmp_path / "tmp", signal.SIGTERM)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "Closing the window: SIGTERM received" in (data / "logs" / "ows-desktop.log").read_text("utf-8")
    assert "[window]" in (data / "config" / "settings.ini").read_text("utf-8")  # what closeEvent saves


def test_failures_are_explained_with_a_next_step():
    auth = sync_failure("HTTP 401", 3)
    assert auth.title == "OWS refused the API key." and auth.actions == ("edit_connection",)
    down = sync_failure("GET /apip/tickets failed after 6 attempts", 4)
    assert down.title == "Cannot reach OWS." and "retry_sync" in down.actions
    full = sync_failure("The disk holding the ticket cache at /x is full (database or disk is full).", 2)
    assert full.title == "The disk is full." and "kept" in full.detail
    other = sync_failure("boom", 1)
    assert "log file" in other.detail and "open_logs" in other.actions


def test_qt_binding_keeps_reference_counts():
    """PySide6 6.12.0 on Python 3.11 drops a reference to True on every Signal.emit() (and to None in
    QModelRoleData.setData/clearData): after a few thousand emits the interpreter aborts ("bool_dealloc").
    6.11.3 is fine. If this fails, pin PySide6-Essentials to a version without the bug (e.g. !=6.12.0)."""
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(int)

    emitter = Emitter()
    before = sys.getrefcount(True)
    for i in range(100):
        emitter.fired.emit(i)
    drift = sys.getrefcount(True) - before
    if drift < 0:  # give the stolen references back for good, or the interpreter aborts later
        import ctypes

        for _ in range(-drift):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    assert drift == 0, f"Signal.emit() changed the reference count of True by {drift} over 100 emits"


def test_the_unexpected_error_box_names_the_app_once(qapp, tmp_path, monkeypatch):
    """Its title was "OWS Desktop — unexpected error", and the title bar adds " — OWS Desktop" (the
    application's display name): the app's name twice."""
    from PySide6.QtWidgets import QMessageBox

    from ows_desktop.ui.app_shell import APP_NAME, error_dialog

    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: seen.append((box.windowTitle(), box.text(), box.informativeText()))
    )
    error_dialog(tmp_path / "ows-desktop.log")("ValueError: boom")
    [(title, text, details)] = seen
    assert title == "Unexpected error" and APP_NAME not in title
    assert text == "Something went wrong inside OWS Desktop." and "ValueError: boom" in details
