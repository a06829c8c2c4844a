"""Where OWS Desktop keeps its files: platform directories with overrides for tests and automation.

The data directory holds the ticket cache (staff names, e-mails): folders the app creates are 0700, files
holding ticket data or names 0600; a folder given with ``--data-dir`` keeps its mode (a world-writable one
is refused)."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ows_desktop.basics.errors import AppError

log = logging.getLogger(__name__)

APP_NAME = "ows-desktop"
APP_AUTHOR = "OWS Desktop"
DATA_DIR_ENV = "OWS_DESKTOP_DATA_DIR"
CONFIG_DIR_ENV = "OWS_DESKTOP_CONFIG_DIR"


class DataDirError(AppError):
    """A data/config/log folder that cannot be used (a file, no permission, writable by everyone)."""

    exit_code = 2


def ensure_private_dir(path: Path, *, ours: bool = False) -> Path:
    """Make sure the folder ``path`` exists and is fit to hold ticket data.

    A folder the app creates is made 0700. An existing folder's mode is never changed (``--data-dir`` may be
    a shared folder: changing it would break other users) unless ``ours`` says the app made it under its
    own name; an existing folder that anyone may write to (``/tmp``) is refused. Failures are DataDirError
    (exit 2) with a message saying what to do, never a traceback."""
    try:
        if path.is_dir():
            if sys.platform != "win32":
                mode = stat.S_IMODE(path.stat().st_mode)
                if mode & stat.S_IWOTH:
                    raise DataDirError(
                        f"{path} can be written by every user of this computer, so it cannot hold the ticket "
                        f"cache; choose a folder of your own (for example {path / APP_NAME})."
                    )
                if ours and mode & 0o077:
                    path.chmod(0o700)
            return path
        if path.exists() or path.is_symlink():
            raise DataDirError(f"{path} is not a folder; choose a folder for the data (--data-dir).")
        path.mkdir(parents=True, mode=0o700)
        if sys.platform != "win32":
            path.chmod(0o700)  # whatever the umask: the app made it
    except DataDirError:
        raise
    except FileExistsError:
        raise DataDirError(
            f"{path} or a folder above it is a file; choose another folder (--data-dir)."
        ) from None
    except NotADirectoryError:
        raise DataDirError(
            f"A part of {path} is a file, not a folder; choose another folder (--data-dir)."
        ) from None
    except OSError as exc:
        raise data_dir_error(exc, path) from None
    return path


def make_private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if missing; an existing file of the app's is narrowed to 0600."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            info = os.fstat(fd)
            if sys.platform != "win32" and stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
                os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
    except OSError as exc:
        raise data_dir_error(exc, path) from None
    return path


def data_dir_error(exc: OSError, path: Path) -> DataDirError:
    """The one sentence for a file or folder of the data, config or log folder that could not be made or
    written (exit 2): a full disk and a read-only one say so, as the ticket cache's own full-disk error
    does, rather than "unexpected error" and a log file that could not be written either."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DataDirError(
            f"The disk holding {path} is full ({reason}); nothing there was changed. Free some disk space, or point "
            "--data-dir at a bigger disk, and try again."
        )
    if exc.errno == errno.EROFS:
        return DataDirError(
            f"{path} is on a read-only disk ({reason}). Make it writable, or point --data-dir at a folder on a "
            "writable disk."
        )
    if isinstance(exc, PermissionError):
        return DataDirError(f"No permission to create or use {path}; choose another folder (--data-dir).")
    return DataDirError(f"Cannot use {path} ({reason}); choose another folder (--data-dir).")


def on_read_only_disk(path: Path) -> bool:
    """Whether the folder holding ``path`` is on a file system mounted read-only (never on Windows): what
    is there can be read (a search of a cache on a backup disk), nothing written."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def write_private_file(path: Path, data: bytes, *, keep_mode: bool = False) -> None:
    """Write a small file of the data or config folder (settings.ini, tenants.json, a cache's sidecar)
    atomically: a crash or a full disk leaves the old file or the new one, never half of one. The new file is
    0600 (``keep_mode``: the mode of the file it replaces). Failures are :func:`data_dir_error`."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        if keep_mode and path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise data_dir_error(exc, path) from exc
        raise


RUNTIME_PREFIX = "ows-desktop-runtime-"


def user_runtime_dir(base: Path | None = None) -> Path | None:
    """A runtime folder (``XDG_RUNTIME_DIR``) for a process of a session that has none (cron, ssh, a
    service): ``<temp>/ows-desktop-runtime-<uid>``, this user's, 0700, as Qt gives itself
    ``/tmp/runtime-<user>``; None when none can be made (the caller goes without).

    It is one folder a user, kept at exit, because the variable is inherited by every process started after
    it is set (the sync and report processes, the file manager "Open log folder" starts, a sound server
    libVLC starts), and some outlive the process that set it: a folder of the process's own, removed at its
    exit, was removed under them. A folder of that name this user does not own, or that is not a folder (a
    link), is never used: then the process gets a new one of its own, kept too (a warning says why)."""
    base = Path(tempfile.gettempdir()) if base is None else base
    uid = os.getuid()
    folder = base / f"{RUNTIME_PREFIX}{uid}"
    try:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        info = os.lstat(folder)
        if stat.S_ISDIR(info.st_mode) and info.st_uid == uid:
            if stat.S_IMODE(info.st_mode) != 0o700:  # ours (a sticky temp folder: no one else can swap it)
                folder.chmod(0o700)
            return folder
        log.warning("%s is not a folder of this user's; using a runtime folder of this process's", folder)
        return Path(tempfile.mkdtemp(prefix=RUNTIME_PREFIX, dir=base))
    except OSError as exc:
        log.warning("No runtime folder could be made in %s: %s", base, exc)
        return None


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path
    data_dir_given: bool = False  # --data-dir / OWS_DESKTOP_DATA_DIR: a folder the app did not name

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
            return cls(
                data_dir=root,
                config_dir=config,
                log_dir=root / "logs",
                cache_dir=root / "cache",
                data_dir_given=True,
            )
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
    def export_folders(self) -> Path:
        """The whole path of each export made here, by export id (export/folders.py: the audit trail names
        the folder only)."""
        return self.data_dir / "export_folders.jsonl"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "ows-desktop.log"

    def ensure(self) -> AppPaths:
        """Create the folders (see :func:`ensure_private_dir`). A given data folder may be new, but the folder
        above it must exist (a typo must not create a tree of folders somewhere)."""
        if self.data_dir_given and not self.data_dir.exists() and not self.data_dir.parent.is_dir():
            raise DataDirError(
                f"The folder {self.data_dir.parent} does not exist; create it first or check the --data-dir path."
            )
        ensure_private_dir(self.data_dir, ours=not self.data_dir_given)
        for d in (self.config_dir, self.log_dir, self.cache_dir):
            ensure_private_dir(d, ours=True)
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
