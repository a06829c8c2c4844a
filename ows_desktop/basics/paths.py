"""Where OWS Desktop keeps its files: platform directories with overrides for tests and automation.

The data directory holds the ticket cache (staff names, e-mails): it is created with mode 0700."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ows-desktop"
APP_AUTHOR = "OWS Desktop"
DATA_DIR_ENV = "OWS_DESKTOP_DATA_DIR"
CONFIG_DIR_ENV = "OWS_DESKTOP_CONFIG_DIR"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make sure only the owner can read it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if sys.platform != "win32":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(0o700)
    return path


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path

    @classmethod
    def resolve(
        cls, data_dir: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
    ) -> AppPaths:
        """Platform directories, overridden by ``data_dir`` (``--data-dir``) or ``OWS_DESKTOP_DATA_DIR``.

        With a data-dir override everything (config, logs) lives below it, so a test or a demo never touches
        the user's real profile."""
        env = os.environ if env is None else env
        override = data_dir or env.get(DATA_DIR_ENV)
        if override:
            root = Path(override).expanduser().resolve()
            config = Path(env[CONFIG_DIR_ENV]).expanduser() if env.get(CONFIG_DIR_ENV) else root / "config"
            return cls(data_dir=root, config_dir=config, log_dir=root / "logs", cache_dir=root / "cache")
        dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR, roaming=False)
        config = Path(env[CONFIG_DIR_ENV]).expanduser() if env.get(CONFIG_DIR_ENV) else dirs.user_config_path
        return cls(
            data_dir=dirs.user_data_path,
            config_dir=config,
            log_dir=dirs.user_log_path,
            cache_dir=dirs.user_cache_path,
        )

    @property
    def database(self) -> Path:
        return self.data_dir / "tickets.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    @property
    def snapshots_dir(self) -> Path:
        """Video snapshots investigators took (PNG + JSON sidecar), used as evidence in PDF exports."""
        return self.data_dir / "snapshots"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "ows-desktop.log"

    def ensure(self) -> AppPaths:
        for d in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            ensure_private_dir(d)
        return self


def resources_dir() -> Path:
    """The app's read-only resources (icons, sample clips) wherever the app runs from:
    a PyInstaller bundle (``sys._MEIPASS/resources``), an installed wheel (``ows_desktop/resources``,
    force-included at build time) or a source checkout (``<repo>/resources``)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package = Path(__file__).resolve().parent.parent  # ows_desktop/ (this module is in ows_desktop/basics/)
    candidates += [package / "resources", package.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]
