"""The process around the window: whether there is a display, the QApplication (name, icon, style, palette),
Qt's own messages routed into logging, the hook that logs an uncaught exception and tells the user in a
dialog, and the signals (Ctrl+C, a logout) that close the window as the person would. ``app.py`` (the
composition root) and ``demo.py`` call these before they build the window."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

APP_NAME = "OWS Desktop"
# While sync threads run Python, every call from Qt into Python on the GUI thread (a model's data(), a
# slot) must win the GIL back; CPython makes a waiting thread wait a whole switch interval (5 ms by
# default) before forcing the holder to let go. A shorter interval keeps paints and key presses snappy
# during a sync at a small cost in sync throughput (measured in tests/bench/bench_gui.py).
GUI_SWITCH_INTERVAL_S = 0.0005

NO_DISPLAY_HELP = (
    "OWS Desktop needs a graphical display, and none was found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
    "  - On a desktop, start it from your desktop session.\n"
    "  - On a server or in CI, run it inside a virtual X server:\n"
    '      xvfb-run -a -s "-screen 0 1440x900x24" ows-desktop\n'
    "  - For screenshots only, Qt's offscreen platform needs no display:\n"
    "      QT_QPA_PLATFORM=offscreen ows-desktop demo --screenshot shot.png\n"
    "The command-line tools (ows-desktop sync, search, users) work without a display."
)


# --------------------------------------------------------------------------------------------- display
def display_problem(env: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why Qt would abort for lack of a display (Linux/BSD without DISPLAY, WAYLAND_DISPLAY or
    QT_QPA_PLATFORM), or None when there is one."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not (platform.startswith("linux") or "bsd" in platform):
        return None
    if any(
        env.get(name)
        for name in (
            "DISPLAY",
            "WAYLAND_DISPLAY",
            "QT_QPA_PLATFORM",
        )
    ):
        return None
    return NO_DISPLAY_HELP


# --------------------------------------------------------------------------------------------- Qt app
def make_application(argv: Sequence[str] | None = None, *, palette: str | None = None) -> Any:
    """The QApplication, or the existing one (tests). ``palette``: None follows the OS, "dark"/"light"
    force one (the demo's screenshots)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from ows_desktop.export.fonts import fallback_families
    from ows_desktop.ui.plain_tips import PlainItemTips
    from ows_desktop.ui.theme import app_icon, dark_palette, light_palette

    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    # Qt's raster engine hands every fill of 96 or more rows (a scroll bar's groove, a tall gradient) to a
    # pool of helper threads and waits for them. On a workstation whose cores are busy (a sync, the video)
    # the GUI thread then waits for those helpers to get a core: 9 % of its samples while 200 k tickets
    # synced, at every scroll bar drawn (tests/bench/RESULTS.md, "GUI"). Qt's own switch keeps such fills on
    # the thread that paints; set before the first fill, as Qt reads it once.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(QCoreApplication.translate("app_shell", "OWS Desktop"))
    app.setDesktopFileName("ows-desktop")
    app.setWindowIcon(app_icon())
    if app.findChild(PlainItemTips) is None:
        PlainItemTips(app)  # every item view's tooltip shown as plain text (server and ticket text)
    fallback_families()  # the shipped CJK fonts: product names drawn where the system has no such font
    if sys.platform.startswith("linux") or palette is not None:
        app.setStyle("Fusion")  # one consistent look on Linux; it follows the palette (light or dark)
    if palette == "dark":
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(dark_palette())
    elif palette == "light":
        app.styleHints().setColorScheme(Qt.ColorScheme.Light)
        app.setPalette(light_palette())
    return app


def install_qt_message_handler() -> None:
    """Route qDebug/qWarning/... into logging (logger ``qt``)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode: Any, context: Any, message: str) -> None:
        where = f" ({context.file}:{context.line})" if getattr(context, "file", None) else ""
        qt_log.log(levels.get(mode, logging.WARNING), "%s%s", message, where)

    qInstallMessageHandler(handler)


def install_excepthook(log_file: Path, show_dialog: Callable[[str], None] | None = None) -> None:
    """Log every uncaught exception to the log file and tell the user in a dialog (not a traceback)."""
    showing = threading.Lock()

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        logging.getLogger("ows_desktop").critical("Uncaught exception", exc_info=(exc_type, exc, tb))
        if show_dialog is None or threading.current_thread() is not threading.main_thread():
            return
        if not showing.acquire(blocking=False):
            return  # an exception while the dialog is up: logged, not stacked
        try:
            show_dialog(f"{exc_type.__name__}: {exc}")
        finally:
            showing.release()

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        logging.getLogger("ows_desktop").critical(
            "Uncaught exception in thread %s",
            getattr(args.thread, "name", "?"),
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )  # type: ignore[arg-type]

    sys.excepthook = hook
    threading.excepthook = thread_hook


def error_dialog(log_file: Path) -> Callable[[str], None]:
    def show(summary: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Critical,
            # the title bar adds " — OWS Desktop" (the application's display name): it said the name twice
            QCoreApplication.translate("app_shell", "Unexpected error"),
            QCoreApplication.translate("app_shell", "Something went wrong inside OWS Desktop."),
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # the summary is exception text
        box.setInformativeText(
            QCoreApplication.translate(
                "app_shell",
                "{summary}\n\nThe details were written to {log_file}. Your synced tickets are safe; if the window misbehaves, restart the app. Please send that log file to support.",
            ).format(summary=summary, log_file=log_file)
        )
        box.exec()

    return show


# --------------------------------------------------------------------------------------------- signals
@contextmanager
def closed_by_signals(app: Any) -> Iterator[list[int]]:
    """While the block runs the event loop: Ctrl+C in the terminal that started the window (SIGINT), a
    logout or ``kill`` (SIGTERM) and a closed terminal (SIGHUP) close every window as the person would, so
    the layout is saved, a sync or an export in flight stops at its next step and temporary files go. Yields
    the signals received, in order.

    Why: Python runs its signal handlers only when Qt calls into Python. Without this, Ctrl+C printed a
    traceback at the next slot and the window stayed open, and SIGTERM ended the process where it stood.
    Qt's loop learns of a signal from the byte that ``signal.set_wakeup_fd`` writes to a socket it watches
    (qutebrowser does the same). A signal the process was started with ignored (``nohup``, a background
    job) stays ignored. Main thread only; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield []
        return
    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtWidgets import QApplication

    received: list[int] = []
    handled: dict[int, Any] = {}
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            handled[number] = signal.signal(number, _noted)  # the byte on the socket does the work

    def woken() -> None:
        try:
            data = reader.recv(64)
        except OSError:  # nothing to read after all
            return
        got = [number for number in data if number in handled]
        if not got:
            return
        first = not received
        received.extend(got)
        if first:
            log.info("Closing the window: %s received", signal.Signals(got[0]).name)
            QApplication.closeAllWindows()
            app.quit()  # also ends a dialog's own loop, and a window that refused to close

    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(woken)
    try:
        yield received
    finally:
        notifier.setEnabled(False)
        signal.set_wakeup_fd(previous_fd)
        for number, handler in handled.items():
            signal.signal(number, handler)
        reader.close()
        writer.close()


def _noted(_number: int, _frame: object) -> None:
    """The Python side of a handled signal: nothing (the byte ``set_wakeup_fd`` wrote wakes Qt's loop)."""
