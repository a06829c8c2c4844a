"""Where an export is written before it is published: a hidden staging folder next to the target.

Every file is written under a ``.part`` name, flushed, fsynced and renamed into place, then hashed; the
whole folder is renamed to the target in one step only when everything is written. A staging folder's name
carries the exporting process's id (``.case.partial-<pid>-<token>``) so the next export into the same parent
folder can remove the ones left by a killed export (their process is gone) — they are never published."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import secrets as random_tokens
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ows_desktop.export.errors import ExportError, ExportTargetError
from ows_desktop.export.redact import Redactor

log = logging.getLogger(__name__)

_PART = ".part"
# ".<target>.partial-<pid>-<8 hex>" (this version) or ".<target>.partial-<8 hex>" (older versions)
_PARTIAL = re.compile(r"^\..+\.partial-(?:(\d+)-)?[0-9a-f]{8}$")
STALE_WITHOUT_PID_S = 24 * 3600  # an old-style staging folder (no pid) is stale after a day


@dataclass(frozen=True)
class FileRecord:
    path: str  # relative, with forward slashes
    sha256: str
    bytes: int


class Staging:
    """The files of one export being written (see the module docstring)."""

    def __init__(self, folder: Path, redactor: Redactor) -> None:
        self.folder = folder
        self.redactor = redactor
        self.files: list[FileRecord] = []
        self._text_files: list[Path] = []

    @contextlib.contextmanager
    def text(self, name: str, *, encoding: str = "utf-8", record: bool = True) -> Iterator[IO[str]]:
        """A text file. A lone surrogate (a broken UTF-16 half from a server) cannot be encoded as UTF-8:
        it is written as the escape ``\\udXXX`` — in JSON that is the same string, in CSV a visible mark."""
        final = self.folder / name
        part = final.with_name(final.name + _PART)
        with part.open("w", encoding=encoding, errors="backslashreplace", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, final)
        self._text_files.append(final)
        if record:
            self.files.append(self._record(final))

    @contextlib.contextmanager
    def binary_path(self, name: str) -> Iterator[Path]:
        """A path for a writer that opens the file itself (the PDF writer)."""
        final = self.folder / name
        part = final.with_name(final.name + _PART)
        yield part
        if not part.exists():
            raise OSError(errno.EIO, "the writer produced no file", str(part))
        fsync_file(part)
        os.replace(part, final)
        self._text_files.append(final)  # scanned too: PDF metadata and any uncompressed text
        self.files.append(self._record(final))

    def copy(self, source: Path, name: str) -> FileRecord:
        final = self.folder / name
        final.parent.mkdir(mode=0o700, exist_ok=True)
        part = final.with_name(final.name + _PART)
        with source.open("rb") as src, part.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(part, final)
        record = self._record(final)
        self.files.append(record)
        return record

    def discard(self, record: FileRecord) -> None:
        """Take a copied file out of the export again (a snapshot whose digest is not the one recorded)."""
        (self.folder / record.path).unlink(missing_ok=True)
        self.files.remove(record)

    def _record(self, path: Path) -> FileRecord:
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        return FileRecord(path.relative_to(self.folder).as_posix(), digest.hexdigest(), size)

    def check_leaks(self) -> None:
        """Belt and braces: no known secret in any file we wrote (snapshots are images from the camera)."""
        for path in self._text_files:
            leaks = self.redactor.leaks(path.read_bytes())
            if leaks:
                raise ExportError(
                    f"The export would have contained a stored secret ({', '.join(leaks)}) in {path.name}; "
                    "nothing was written. Please report this."
                )


def normalise_target(out_dir: str | os.PathLike[str]) -> Path:
    """The absolute target, with ``..`` resolved first (``a/../b/../../x`` must not create ``a/`` or ``b/``).
    An empty name (a script's unset variable) is refused, not taken as the current folder."""
    if not os.fspath(out_dir).strip():
        raise ExportTargetError("No export folder given: name a new folder for the evidence.")
    return Path(os.path.realpath(Path(out_dir).expanduser()))


def check_target(target: Path) -> None:
    try:
        there = target.exists() or target.is_symlink()
    except OSError as exc:  # a name too long, a path through a file...
        raise ExportTargetError(explain(exc, target)) from exc
    if there:
        if not target.is_dir():
            raise ExportTargetError(f"Cannot export to {target}: it is a file. Choose a new folder.")
        if any(target.iterdir()):
            raise ExportTargetError(
                f"Cannot export to {target}: the folder is not empty. Choose a new or an empty folder "
                "(an evidence folder holds one export only)."
            )


def make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns the ones created (to remove them on failure)."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    made = []
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        except OSError as exc:
            for done in reversed(made):
                with contextlib.suppress(OSError):
                    done.rmdir()
            raise ExportTargetError(explain(exc, folder)) from exc
        made.append(path)
    return made


def staging_folder(target: Path) -> Path:
    return target.parent / f".{target.name}.partial-{os.getpid()}-{random_tokens.token_hex(4)}"


def remove_stale_staging(parent: Path, *, now: float | None = None) -> list[Path]:
    """Remove the staging folders a killed export left in ``parent`` (their process is gone); returns them."""
    removed: list[Path] = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = _PARTIAL.match(entry.name)
        if found is None or entry.is_symlink() or not entry.is_dir():
            continue
        pid = int(found.group(1)) if found.group(1) else None
        if pid is not None:
            stale = pid != os.getpid() and not _process_alive(pid)
        else:
            try:
                age = (now if now is not None else time.time()) - entry.stat().st_mtime
            except OSError:
                continue
            stale = age > STALE_WITHOUT_PID_S
        if stale:
            shutil.rmtree(entry, ignore_errors=True)
            if not entry.exists():
                log.info("Removed %s, left by an export that did not finish", entry)
                removed.append(entry)
    return removed


def _process_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap check: leave it (an old-style cleanup by age still applies)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def publish(staging: Path, target: Path) -> None:
    for path in staging.rglob("*"):  # ticket data and names: readable by the investigator only (#12)
        if path.is_file() and not path.is_symlink():
            path.chmod(0o600)
    try:
        os.rename(staging, target)  # replaces an empty target folder on POSIX
    except OSError:
        if not (target.is_dir() and not any(target.iterdir())):
            raise
        target.rmdir()  # Windows: rename does not replace folders
        os.rename(staging, target)
    fsync_dir(target.parent)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def explain(exc: OSError, target: Path) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full"
        hint = "Free some space or choose another disk."
    elif code == errno.EROFS:
        why = "the disk is read-only"
        hint = "Choose a folder on a writable disk."
    elif code in (errno.EACCES, errno.EPERM):
        why = "no permission to write there"
        hint = "Choose a folder you can write to."
    elif code == errno.ENOTDIR:
        why = "part of the path is a file, not a folder"
        hint = "Check the path."
    elif code == errno.ENAMETOOLONG:
        why = "the path is too long"
        hint = "Choose a shorter path."
    else:
        why = exc.strerror or type(exc).__name__
        hint = "Check the folder and try again."
    return f"Export to {target} failed: {why}. Nothing was written. {hint}"


__all__ = [
    "FileRecord",
    "Staging",
    "check_target",
    "explain",
    "fsync_dir",
    "make_parents",
    "normalise_target",
    "publish",
    "remove_stale_staging",
    "staging_folder",
]
