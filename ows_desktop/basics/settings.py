"""User settings (never secrets): one table of defaults over an injected QSettings-like backend.

The backend is anything with ``value(key, default)``, ``setValue(key, value)`` and ``sync()``. The CLI uses
:func:`open_ini_settings` (``<config dir>/settings.ini`` read and written without Qt, see ``ini_file``); the
window uses ``QSettings`` on the same file (``app.open_qt_settings``: it also keeps Qt-only values there, such
as its geometry); tests may pass a dict-backed fake."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Protocol

from ows_desktop.basics.ini_file import IniDocument, format_value
from ows_desktop.basics.proxy import PROXY_DEFAULTS

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "connection/base_url": "",
    "store/url": "",  # "" = the SQLite cache on this computer; a postgresql:// team store (no password in it)
    "sync/workers": 4,
    "sync/window_hours": 6,
    "sync/overlap_minutes": 60,
    "sync/page_size": 50,
    "sync/every_minutes": 0,  # the window syncs on its own every N minutes while it is open (0: never)
    "player/preroll_seconds": 10,
    "player/postroll_seconds": 10,
    "player/network_caching_ms": 1000,
    "player/rtsp_tcp": True,
    "player/unreachable_timeout_seconds": 8,
    "video/default_layout": "single",  # a ticket's video opens as "single" (primary camera) or "grid" (2×2)
    "video/clips_folder": "",  # `mapping import` accepts file: camera URLs only under this folder
    "display/theme": "system",  # "system", "light", "dark" or "high_contrast"
    "display/time_zone": "store",  # ticket times in the "store"'s time or this "workstation"'s, zone labelled
    "display/language": "",  # "" follows the system; "en", "fr", "fr_FR"... (ui/translation.py)
    "export/folder": "",  # where an export proposes a new folder ("": it proposes none, the person chooses)
    "export/format": "pdf",  # "pdf", "csv" or "json": the export dialog's first choice
    "export/page_size": "letter",  # the PDF report's paper: "letter" or "a4"
    "export/include_snapshots": True,  # camera snapshots in exports (when video is set up)
    "export/clips": "all",  # video clips in exports: "all" mapped cameras (up to 4), "primary" or "none"
    **PROXY_DEFAULTS,  # network/proxy_*: see basics/proxy.py (the password is in the keyring only)
}

# The seconds of video before and after a ticket (player/preroll_seconds, player/postroll_seconds) that
# Preferences ▸ Video allows, and so the command line's export --pre-roll/--post-roll: one definition for both.
ROLL_SECONDS = (0, 600)

# The range of every number setting: what Preferences lets a person choose, and what a value read from the
# file must be in to be used (one edited by hand to 99999 or -5 reads as the default, logged; see get()).
RANGES: dict[str, tuple[int, int]] = {
    "sync/workers": (1, 16),
    "sync/page_size": (10, 500),
    "sync/window_hours": (1, 168),
    "sync/overlap_minutes": (0, 1440),
    "sync/every_minutes": (0, 1440),
    "player/preroll_seconds": ROLL_SECONDS,
    "player/postroll_seconds": ROLL_SECONDS,
    "player/network_caching_ms": (100, 10000),
    "player/unreachable_timeout_seconds": (1, 120),
}


class SettingsBackend(Protocol):
    def value(self, key: str, defaultValue: Any = None) -> Any: ...

    def setValue(self, key: str, value: Any) -> None: ...

    def sync(self) -> None: ...


class AppSettings:
    def __init__(self, backend: SettingsBackend):
        self._backend = backend
        self._warned: set[tuple[str, int]] = set()  # out-of-range values already logged

    @property
    def backend(self) -> SettingsBackend:
        return self._backend

    def get(self, key: str) -> Any:
        default = DEFAULTS.get(key)
        raw = self._backend.value(key, default)
        if raw is None:
            return default
        if isinstance(default, bool):
            return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "on")
        if isinstance(default, int):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                return default
            low, high = RANGES.get(key, (value, value))
            if not low <= value <= high:
                if (key, value) not in self._warned:  # once: a playback reads the rolls each time
                    self._warned.add((key, value))
                    log.warning("Setting %s = %s is outside %s–%s; using %s", key, value, low, high, default)
                return default
            return value
        if isinstance(default, float):
            try:
                return float(raw)
            except (TypeError, ValueError):
                return default
        return raw

    def set(self, key: str, value: Any) -> None:
        self._backend.setValue(key, value)
        self._backend.sync()


class DictSettingsBackend:
    """In-memory backend for tests and one-shot CLI runs."""

    def __init__(self, values: dict[str, Any] | None = None):
        self.values: dict[str, Any] = dict(values or {})

    def value(self, key: str, defaultValue: Any = None) -> Any:
        return self.values.get(key, defaultValue)

    def setValue(self, key: str, value: Any) -> None:
        self.values[key] = value

    def sync(self) -> None:
        pass


class IniSettingsBackend:
    """``settings.ini`` without Qt. Values set here are written on :meth:`sync`: the file is read again and only
    the keys set here change, so what another process (the window's QSettings) wrote meanwhile stays."""

    def __init__(self, path: Path):
        self.path = path
        self._changed: dict[str, Any] = {}
        self._values: dict[str, Any] = {}
        self._reload()

    def _reload(self) -> None:
        self._values = dict(IniDocument.read(self.path).items())
        self._values.update(self._changed)

    def value(self, key: str, defaultValue: Any = None) -> Any:
        return self._values.get(key, defaultValue)

    def setValue(self, key: str, value: Any) -> None:
        format_value(value)  # refuse what the file cannot hold now, not at sync()
        self._changed[key] = value
        self._values[key] = value

    def sync(self) -> None:
        if self._changed:
            doc = IniDocument.read(self.path)
            before = doc.render()
            for key, value in self._changed.items():
                doc.set(key, value)
            if doc.render() != before:  # the same values again: no write (a full or read-only disk)
                doc.write(self.path)
            self._changed.clear()
        self._reload()


def open_ini_settings(path: Path) -> AppSettings:
    """Settings in an ini file (Qt's IniFormat: the window's QSettings reads and writes the same file)."""
    from ows_desktop.basics.paths import ensure_private_dir, make_private_file, on_read_only_disk

    ensure_private_dir(path.parent, ours=True)
    # a new file is written 0600; one left 0644 by an older version is narrowed (on a read-only disk it is read
    # as it is: a search needs no setting written, and a change is refused when it is made)
    if path.exists() and not on_read_only_disk(path):
        make_private_file(path)
    return AppSettings(IniSettingsBackend(path))
