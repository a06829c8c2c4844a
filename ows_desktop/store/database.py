"""Opening the cache file: checks that leave a bad file untouched, permissions, pragmas, migrations.

Nothing is written to an existing file before it has been checked: the header is read with plain file I/O
(not a database, or a newer schema, fails without SQLite ever opening it), then SQLite reads the schema
and the version again (they may sit in a -wal file) before WAL mode is set or a migration runs.

A cache on a read-only disk (a backup mounted read-only, a write-protected card) is opened read-only, so it
can be searched and read: nothing is made private, no WAL mode is set and every connection refuses writes
(a change to it is refused as :func:`~ows_desktop.store.sqlite_errors.translate` words it). SQLite cannot
open a WAL-mode file read-only without its ``-shm`` file beside it, and cannot make one there: a file with no
WAL content is opened ``immutable`` (nothing can change it), one with a ``-wal`` file ``mode=ro``."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from ows_desktop.basics.paths import ensure_private_dir, on_read_only_disk
from ows_desktop.store.errors import StoreError, corrupt_error, version_error
from ows_desktop.store.migrations import APPLICATION_ID, latest_version, upgrade, user_version
from ows_desktop.store.sqlite_errors import translated

BUSY_TIMEOUT_MS = 5000
_HEADER_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_USER_VERSION_OFFSET = 60
_APPLICATION_ID_OFFSET = 68
_WRITER_CACHE_KIB = 65536
_READER_CACHE_KIB = 32768
_JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
# Pages the WAL may hold before a commit copies them back into the file (SQLite's default: 1,000 = 4 MB).
# A sync commit of 400 tickets dirties ~2,000 pages (one per random index leaf it touches: the amount index,
# the refund-matching item index, FTS), so with the default EVERY commit was followed by a checkpoint, and a
# page dirtied by consecutive commits was copied back each time. At 10,000 (40 MB, under the journal size
# limit) a checkpoint follows every ~5 commits: measured at 100 k tickets (bench_sync_store), bytes written
# per ticket 20.0 KB -> 13.6 KB, system CPU 29 -> 18 us per ticket.
_WAL_AUTOCHECKPOINT_PAGES = 10_000
_PRIVATE_FILE = 0o600


def open_writer(path: Path) -> sqlite3.Connection:
    """Create or check the cache at ``path`` and return the writer connection, schema up to date.

    The connection may move between threads (the sync thread writes) but must be used by one thread at a
    time; :class:`~ows_desktop.store.writer.TicketStore` serialises it."""
    if on_read_only_disk(path) and path.is_file():
        return _open_read_only(path)
    ensure_private_dir(path.parent)
    _check_header(path)
    _create_private(path)

    def prepare(conn: sqlite3.Connection) -> None:
        _make_private(path)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(
                f"The ticket cache at {path} cannot use write-ahead logging (journal mode {mode}); "
                "put --data-dir on a local disk."
            )
        conn.execute(f"PRAGMA cache_size = -{_WRITER_CACHE_KIB}")
        conn.execute(f"PRAGMA journal_size_limit = {_JOURNAL_SIZE_LIMIT}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {_WAL_AUTOCHECKPOINT_PAGES}")
        upgrade(conn, path)
        for suffix in ("-wal", "-shm"):
            _make_private(path.with_name(path.name + suffix))

    return _checked_writer(path, prepare)


def _open_read_only(path: Path) -> sqlite3.Connection:
    """The "writer" connection of a cache on a read-only disk: checked, schema current, refusing writes."""
    _check_header(path)

    def prepare(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA query_only = ON")
        upgrade(conn, path)  # nothing to do when current; else refused as a write to a read-only disk

    return _checked_writer(path, prepare)


def _checked_writer(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """The writer connection on ``path``, readable and then ``prepare``d (its errors in the store's words),
    closed again if either fails."""
    with translated(path):
        conn = _connect(path, check_same_thread=False)
    try:
        with translated(path):
            _check_readable(conn, path)
            prepare(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _read_only_uri(path: Path) -> str:
    wal = path.with_name(path.name + "-wal")
    try:
        settled = wal.stat().st_size == 0
    except FileNotFoundError:
        settled = True
    mode = "immutable=1" if settled else "mode=ro"
    return f"file:{quote(os.fspath(path.absolute()))}?{mode}"


def open_reader(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A new connection for the calling thread only, that refuses to write (``query_only``).
    ``check_same_thread=False``: still used by one thread, but may be closed from another."""
    with translated(path):
        conn = _connect(path, check_same_thread=check_same_thread)
        try:
            conn.execute("PRAGMA query_only = ON")
            conn.execute(f"PRAGMA cache_size = -{_READER_CACHE_KIB}")
        except BaseException:
            conn.close()
            raise
    return conn


def _connect(path: Path, *, check_same_thread: bool) -> sqlite3.Connection:
    read_only = on_read_only_disk(path) and path.is_file()
    conn = sqlite3.connect(
        _read_only_uri(path) if read_only else path,
        uri=read_only,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,  # explicit BEGIN/COMMIT only
        check_same_thread=check_same_thread,
        cached_statements=256,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite, or whose header says a newer schema, without opening it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise StoreError(f"The ticket cache path {path} is a folder; point --data-dir elsewhere.") from None
    except OSError as exc:
        raise StoreError(
            f"Cannot read the ticket cache at {path} ({exc.strerror}). Check that you own the file."
        ) from exc
    if not header:
        return  # an empty file is an empty database
    if len(header) < _HEADER_SIZE or not header.startswith(_HEADER_MAGIC):
        raise corrupt_error(path, "file is not a database")
    found = int.from_bytes(header[_USER_VERSION_OFFSET : _USER_VERSION_OFFSET + 4], "big", signed=True)
    application = int.from_bytes(header[_APPLICATION_ID_OFFSET : _APPLICATION_ID_OFFSET + 4], "big")
    if application not in (0, APPLICATION_ID) or found < 0:
        raise corrupt_error(path, "it is another program's database")
    if found > latest_version():
        raise version_error(path, found, latest_version())


def _create_private(path: Path) -> None:
    """Create the file owner-only before SQLite does: SQLite gives -wal/-shm the database file's mode."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _PRIVATE_FILE)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(f"Cannot create the ticket cache at {path} ({exc.strerror}).") from exc
    os.close(fd)


def _make_private(path: Path) -> None:
    if sys.platform == "win32":
        return
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(_PRIVATE_FILE)
    except FileNotFoundError:
        return


def _check_readable(conn: sqlite3.Connection, path: Path) -> None:
    """Read the schema and the version through SQLite (the WAL may hold newer ones than the header)."""
    objects = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    found = user_version(conn)
    application = conn.execute("PRAGMA application_id").fetchone()[0]
    if application not in (0, APPLICATION_ID) or found < 0 or (found == 0 and objects):
        raise corrupt_error(path, "it is another program's database")
    if found > latest_version():
        raise version_error(path, found, latest_version())
