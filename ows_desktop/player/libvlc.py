"""libVLC behind the :class:`~ows_desktop.player.backend.MediaBackend` protocol. The only ``import vlc``.

``import vlc`` (python-vlc) searches for the library when it is imported and may raise, return a module
whose calls then fail with NameError, or even ``sys.exit`` on a bad ``PYTHON_VLC_LIB_PATH``; and with
libvlc but no plugins ``vlc.Instance()`` returns None. So the import is lazy (first use, not app start)
and every one of those failures becomes :class:`Availability` ``ok=False`` with what to install, while the
rest of the app works. A bundled libVLC (PyInstaller) is found through ``PYTHON_VLC_LIB_PATH`` /
``PYTHON_VLC_MODULE_PATH`` (:func:`configure_bundled_vlc` sets them from the bundle's layout).

Embedding: :func:`bind_video_output` hands libVLC a plain native widget's window handle per OS, with mouse
and key input left to Qt. On Linux the handle is an X11 window: under Wayland the app must run Qt with
``QT_QPA_PLATFORM=xcb`` (XWayland), see :func:`prefer_xcb_for_video`. Event callbacks only emit a Qt
signal (libVLC is not re-entrant and calls them on its own threads); they must not log either (logging
from a foreign thread registers a dummy Python thread)."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP, message_of
from ows_desktop.basics.paths import user_runtime_dir
from ows_desktop.camera.media import MediaRequest
from ows_desktop.player.backend import (
    BUFFERING,
    ENDED,
    ERROR,
    OPENING,
    PAUSED,
    PLAYING,
    STOPPED,
    VOUT,
    Availability,
    BackendUnavailable,
    PlayerEvents,
)

log = logging.getLogger(__name__)

LIB_PATH_ENV = "PYTHON_VLC_LIB_PATH"
MODULE_PATH_ENV = "PYTHON_VLC_MODULE_PATH"
EXTRA_ARGS_ENV = "OWS_DESKTOP_VLC_ARGS"  # extra libVLC arguments, space-separated (diagnostics)

BASE_ARGS: tuple[str, ...] = (
    "--intf=dummy",
    "--quiet",
    "--no-video-title-show",
    "--no-snapshot-preview",
    "--no-sub-autodetect-file",
    "--no-stats",
)
LINUX_ARGS: tuple[str, ...] = ("--no-xlib",)  # Qt owns Xlib; libVLC talks xcb only


_NOT_FOUND = QT_TRANSLATE_NOOP("libvlc", "libVLC not found ({detail}). {hint}")


def install_hint(platform: str | None = None) -> str:
    platform = platform or sys.platform
    if platform.startswith("linux"):
        return QT_TRANSLATE_NOOP(
            "libvlc",
            "Install libVLC and its plugins, e.g. on Debian/Ubuntu: sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output",
        )
    if platform == "darwin":
        return QT_TRANSLATE_NOOP(
            "libvlc",
            "Install VLC 3 (64-bit) from https://www.videolan.org into /Applications, then restart OWS Desktop.",
        )
    if platform == "win32":
        return QT_TRANSLATE_NOOP(
            "libvlc",
            "Install VLC 3 (64-bit, the same architecture as OWS Desktop) from https://www.videolan.org.",
        )
    return QT_TRANSLATE_NOOP("libvlc", "Install VLC 3 (libVLC) for this system.")


def configure_bundled_vlc(env: MutableMapping[str, str] | None = None, root: Path | None = None) -> bool:
    """In a frozen bundle with ``vlc/`` next to the app (libvlc + ``plugins/``), point python-vlc at it
    (unless the environment already does). Returns True when it did. Call before the first playback."""
    env = os.environ if env is None else env
    if root is None:
        if not getattr(sys, "frozen", False):
            return False
        root = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    vlc_dir = root / "vlc"
    plugins = vlc_dir / "plugins"
    names = {"win32": "libvlc.dll", "darwin": "libvlc.dylib"}
    lib = vlc_dir / names.get(sys.platform, "libvlc.so.5")
    if not (plugins.is_dir() and lib.exists()):
        return False
    env.setdefault(LIB_PATH_ENV, str(lib))
    env.setdefault(MODULE_PATH_ENV, str(plugins))
    env.setdefault("VLC_PLUGIN_PATH", str(plugins))
    return True


def prefer_xcb_for_video(env: MutableMapping[str, str] | None = None) -> bool:
    """Under a Wayland session with XWayland, ask Qt for xcb (libVLC embeds into X11 windows only).
    Call before the QApplication exists. Returns True when it set ``QT_QPA_PLATFORM``."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return False
    if env.get("WAYLAND_DISPLAY") and env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "xcb"
        return True
    return False


def load_vlc() -> Any:
    """The python-vlc module, imported once; BackendUnavailable (with what to install) on any failure."""
    vlc, error = _import_vlc()
    if error is not None:
        raise BackendUnavailable(error)
    return vlc


@functools.cache
def _import_vlc() -> tuple[Any, str | None]:
    """Import python-vlc once per process (its library search runs at import): (module, None) or
    (None, what went wrong and what to install)."""
    configure_bundled_vlc()
    give_a_runtime_dir()
    try:
        import vlc

        version = vlc.libvlc_get_version()
    except BaseException as exc:  # python-vlc can raise anything, even SystemExit
        if isinstance(exc, KeyboardInterrupt):
            raise
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if os.environ.get(LIB_PATH_ENV):
            detail += f" ({LIB_PATH_ENV}={os.environ[LIB_PATH_ENV]})"
        error = _NOT_FOUND.format(detail=detail, hint=install_hint())
        log.warning("%s", error)
        return None, error
    log.info("libVLC %s loaded", version.decode(errors="replace") if isinstance(version, bytes) else version)
    return vlc, None


def give_a_runtime_dir(env: MutableMapping[str, str] = os.environ, base: Path | None = None) -> None:
    """libVLC 3 probes its video window modules even with ``--vout=dummy`` (it has no option to choose
    none), and the Wayland ones, through libwayland-client, print "error: XDG_RUNTIME_DIR is invalid or not
    set in the environment." on standard error when the session has none (cron, ssh, a service): a PDF
    export with snapshots printed it twice a picture under the command's one line. Such a process gets this
    user's runtime folder (:func:`~ows_desktop.basics.paths.user_runtime_dir`, in ``base``: the temporary
    folder), kept at exit for the processes it starts, which inherit it; a session's own is kept."""
    if not sys.platform.startswith("linux") or env.get("XDG_RUNTIME_DIR"):
        return
    folder = user_runtime_dir(base)
    if folder is not None:
        env["XDG_RUNTIME_DIR"] = str(folder)


def bind_video_output(player: Any, handle: int, platform: str | None = None) -> None:
    """Render ``player`` (a vlc.MediaPlayer) into the native window ``handle`` of a plain QWidget/QFrame."""
    platform = platform or sys.platform
    if platform.startswith("linux") or "bsd" in platform:
        player.set_xwindow(handle)
    elif platform == "win32":
        player.set_hwnd(handle)
    elif platform == "darwin":
        player.set_nsobject(handle)
    player.video_set_mouse_input(False)  # Qt receives mouse and keys
    player.video_set_key_input(False)


class VlcMediaPlayer:
    """One libVLC media player. Every method is called from the GUI thread."""

    def __init__(self, vlc: Any, instance: Any):
        self._vlc = vlc
        self._instance = instance
        self._player = instance.media_player_new()
        if self._player is None:
            raise BackendUnavailable(
                QT_TRANSLATE_NOOP("libvlc", "libVLC could not create a player. {hint}").format(
                    hint=install_hint()
                )
            )
        self.events = PlayerEvents()
        self._serial = 0
        self._media: Any = None
        self._media_events: Any = None
        self._released = False
        manager = self._player.event_manager()
        self._player_events = manager
        self._on_vout = self._make_vout_callback()
        manager.event_attach(vlc.EventType.MediaPlayerVout, self._on_vout)

    def _make_vout_callback(self) -> Any:
        emit = self.events.event.emit
        owner = self

        def on_vout(event: Any) -> None:  # libVLC thread: emit only
            emit(VOUT, 1 if event.u.new_count else 0, owner._serial)

        return on_vout

    def _attach_media(self, media: Any, serial: int) -> None:
        vlc = self._vlc
        kinds = {
            vlc.State.Opening.value: OPENING,
            vlc.State.Buffering.value: BUFFERING,
            vlc.State.Playing.value: PLAYING,
            vlc.State.Paused.value: PAUSED,
            vlc.State.Stopped.value: STOPPED,
            vlc.State.Ended.value: ENDED,
            vlc.State.Error.value: ERROR,
        }
        emit = self.events.event.emit

        def on_state(event: Any) -> None:  # libVLC thread: emit only
            kind = kinds.get(int(event.u.new_state))
            if kind is not None:
                emit(kind, None, serial)

        manager = media.event_manager()
        manager.event_attach(vlc.EventType.MediaStateChanged, on_state)
        self._media_events = (manager, on_state)

    def _detach_media(self) -> None:
        if self._media_events is not None:
            manager, _callback = self._media_events
            manager.event_detach(self._vlc.EventType.MediaStateChanged)
            self._media_events = None

    def bind(self, window_handle: int) -> None:
        """Draw into ``window_handle``. 0 means a headless Qt platform (offscreen screenshots, tests): the
        backend then runs libVLC with ``--vout=dummy``, so nothing is bound and no window ever opens."""
        if window_handle:
            bind_video_output(self._player, int(window_handle))

    def play(self, request: MediaRequest) -> int:
        self._serial += 1
        self._detach_media()
        media = self._instance.media_new(request.url, *request.options)
        if media is None:
            raise BackendUnavailable(
                QT_TRANSLATE_NOOP("libvlc", "libVLC could not open {url}").format(url=request.display_url)
            )
        self._attach_media(media, self._serial)
        self._player.set_media(media)
        if self._media is not None:
            self._media.release()
        self._media = media
        self._player.play()
        return self._serial

    def set_paused(self, paused: bool) -> None:
        self._player.set_pause(1 if paused else 0)

    def stop(self) -> None:
        self._detach_media()
        self._serial += 1  # anything still queued belongs to the stopped stream
        self._player.stop()

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        self._detach_media()
        self._player_events.event_detach(self._vlc.EventType.MediaPlayerVout)
        self._player.stop()
        self._player.release()
        if self._media is not None:
            self._media.release()
            self._media = None

    def time_ms(self) -> int:
        return int(self._player.get_time())

    def length_ms(self) -> int:
        return int(self._player.get_length())

    def set_time_ms(self, ms: int) -> None:
        self._player.set_time(max(0, int(ms)))

    def set_rate(self, rate: float) -> None:
        self._player.set_rate(float(rate))

    def next_frame(self) -> None:
        self._player.next_frame()

    def fps(self) -> float:
        value = float(self._player.get_fps() or 0.0)
        return value if value > 0 else 25.0

    def snapshot(self, path: Path) -> bool:
        return self._player.video_take_snapshot(0, str(path), 0, 0) == 0 and Path(path).exists()


def qt_platform_is_headless() -> bool:
    """True under Qt's offscreen/minimal platforms: no window libVLC could draw into."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() in ("offscreen", "minimal")


class VlcMediaBackend:
    """libVLC for the app: one ``vlc.Instance`` shared by every player, created on first use.

    ``headless`` (default: whether Qt runs offscreen/minimal when the instance is created) adds
    ``--vout=dummy``: pictures are decoded (first-frame events, snapshots) but never shown, and libVLC never
    opens a window of its own."""

    def __init__(
        self,
        extra_args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        headless: bool | None = None,
    ):
        env = os.environ if env is None else env
        self._args = list(BASE_ARGS)
        if sys.platform.startswith("linux"):
            self._args += LINUX_ARGS
        self._args += list(extra_args) + env.get(EXTRA_ARGS_ENV, "").split()
        self._headless = headless
        self._instance: Any = None
        self._error: str | None = None

    @property
    def args(self) -> tuple[str, ...]:
        return tuple(self._args)

    def _ensure(self) -> Any:
        if self._instance is not None:
            return self._instance
        if self._error is not None:
            raise BackendUnavailable(self._error)
        try:
            vlc = load_vlc()
        except BackendUnavailable as exc:
            self._error = message_of(exc)
            raise
        reason: str = QT_TRANSLATE_NOOP("libvlc", "libVLC is installed without its plugins")
        headless = qt_platform_is_headless() if self._headless is None else self._headless
        if headless and not any(a.startswith("--vout") for a in self._args):
            self._args.append("--vout=dummy")
        try:
            instance = vlc.Instance(self._args)
        except Exception as exc:  # NameError when python-vlc failed to load the library
            instance = None
            reason = f"vlc.Instance failed: {type(exc).__name__}: {exc}"
        if instance is None:
            self._error = _NOT_FOUND.format(detail=reason, hint=install_hint())
            log.warning("%s", self._error)
            raise BackendUnavailable(self._error)
        self._instance = instance
        return instance

    def availability(self) -> Availability:
        try:
            self._ensure()
        except BackendUnavailable as exc:
            return Availability(False, message_of(exc))
        return Availability(True)

    def create_player(self) -> VlcMediaPlayer:
        instance = self._ensure()
        return VlcMediaPlayer(load_vlc(), instance)

    def close(self) -> None:
        if self._instance is not None:
            self._instance.release()
            self._instance = None
