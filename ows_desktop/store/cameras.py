"""Cameras and the terminal → camera mapping (schema migration v2), with the mapping rules enforced here.

Rules (the mapping panel checks them too, this is the last word):

* a terminal has at most :data:`MAX_CAMERAS_PER_TERMINAL` cameras, each at most once;
* a terminal with cameras has exactly one primary, and it is one of its cameras: the first camera added
  becomes primary, and removing the primary promotes the next camera in the terminal's order;
* camera URLs use rtsp, rtsps, http, https or file; a playback template only ``{start}``/``{end}``;
* a camera password never enters the database: it goes to the injected
  :class:`~ows_desktop.camera_secrets.CameraSecretStore` (the keyring) and the row only says it has one.

Violations raise :class:`MappingError` (CLI exit 2) naming the terminal or the camera; nothing is changed.
Terminals come from synced tickets (``ticket_terminals``) and from the mapping itself, so a mapping can be
prepared before the first sync. The schema also guards the count and the single primary (a trigger and a
partial unique index), in case anything writes around this module."""

from __future__ import annotations

import logging
import math
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ows_desktop.camera_urls import (
    CameraUrlError,
    check_playback_template,
    check_url,
    split_password,
    without_userinfo,
)
from ows_desktop.store.database import open_reader
from ows_desktop.store.errors import StoreError, translated

if TYPE_CHECKING:
    from ows_desktop.camera_secrets import CameraSecretStore
    from ows_desktop.store.writer import TicketStore

log = logging.getLogger(__name__)

MAX_CAMERAS_PER_TERMINAL = 4
MAX_CLOCK_OFFSET_SECONDS = 24 * 3600
MAX_ID_LENGTH = 64
MAX_NAME_LENGTH = 200
_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]*")


class MappingError(StoreError):
    """A camera or mapping change that breaks a rule; nothing was changed. CLI exit code 2."""

    exit_code = 2


_V2 = (
    """
    CREATE TABLE cameras (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        playback_url TEXT,
        has_password INTEGER NOT NULL DEFAULT 0 CHECK (has_password IN (0, 1)),
        created_us INTEGER NOT NULL,
        updated_us INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE mapped_terminals (
        seq INTEGER PRIMARY KEY,
        location TEXT NOT NULL,
        terminal TEXT NOT NULL,
        clock_offset_s REAL NOT NULL DEFAULT 0,
        updated_us INTEGER NOT NULL,
        UNIQUE (location, terminal)
    )
    """,
    f"""
    CREATE TABLE terminal_cameras (
        location TEXT NOT NULL,
        terminal TEXT NOT NULL,
        camera_id TEXT NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position BETWEEN 0 AND {MAX_CAMERAS_PER_TERMINAL - 1}),
        is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
        PRIMARY KEY (location, terminal, camera_id),
        UNIQUE (location, terminal, position),
        FOREIGN KEY (location, terminal) REFERENCES mapped_terminals(location, terminal) ON DELETE CASCADE
    ) WITHOUT ROWID
    """,
    "CREATE INDEX terminal_cameras_camera ON terminal_cameras(camera_id)",
    """
    CREATE UNIQUE INDEX terminal_cameras_one_primary
    ON terminal_cameras(location, terminal) WHERE is_primary = 1
    """,
    f"""
    CREATE TRIGGER terminal_cameras_limit BEFORE INSERT ON terminal_cameras
    WHEN (SELECT count(*) FROM terminal_cameras
          WHERE location = NEW.location AND terminal = NEW.terminal) >= {MAX_CAMERAS_PER_TERMINAL}
    BEGIN
        SELECT RAISE(ABORT, 'at most {MAX_CAMERAS_PER_TERMINAL} cameras per terminal');
    END
    """,
)


def migrate(conn: sqlite3.Connection) -> None:
    """Schema v1 → v2: camera and mapping tables."""
    for statement in _V2:
        conn.execute(statement)


# --------------------------------------------------------------------------------------------- records
def terminal_label(location: str, terminal: str) -> str:
    """How messages name a terminal: ``terminal R01 at location S1``."""
    return f"terminal {terminal} at location {location}" if location else f"terminal {terminal}"


@dataclass(frozen=True, slots=True)
class Camera:
    id: str
    name: str
    url: str  # live URL, never with a password
    playback_url: str | None = None  # template with {start}/{end}, never with a password
    has_password: bool = False  # a password for it is in the keyring

    @property
    def display_url(self) -> str:
        """The live URL without any user info: what logs and tooltips may show."""
        return without_userinfo(self.url)


@dataclass(frozen=True, slots=True)
class TerminalMapping:
    """A terminal's cameras in their stored order (the order they were added)."""

    location: str
    terminal: str
    cameras: tuple[Camera, ...] = ()
    primary_id: str | None = None
    clock_offset_seconds: float = 0.0  # recorder time = POS time + offset

    @property
    def camera_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cameras)

    @property
    def primary(self) -> Camera | None:
        return next((c for c in self.cameras if c.id == self.primary_id), None)

    def picker_order(self) -> tuple[Camera, ...]:
        """The primary first, then the others in their stored order (the camera picker's order)."""
        primary = self.primary
        if primary is None:
            return self.cameras
        return (primary, *(c for c in self.cameras if c.id != primary.id))

    @property
    def label(self) -> str:
        return terminal_label(self.location, self.terminal)


@dataclass(frozen=True, slots=True)
class TerminalSummary:
    location: str
    terminal: str
    camera_count: int
    primary_name: str | None
    seen_in_tickets: bool


@dataclass(frozen=True, slots=True)
class CameraSpec:
    """A camera as given by a user or a mapping file; the URLs may still carry a password."""

    id: str
    name: str
    url: str
    playback_url: str | None = None


@dataclass(frozen=True, slots=True)
class TerminalSpec:
    location: str
    terminal: str
    cameras: tuple[str, ...] = ()
    primary: str | None = None
    clock_offset_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class _CleanCamera:
    id: str
    name: str
    url: str
    playback_url: str | None
    password: str | None = field(repr=False)


# --------------------------------------------------------------------------------------------- checks
def check_camera_id(camera_id: Any) -> str:
    if not isinstance(camera_id, str) or not camera_id:
        raise MappingError(f"camera {camera_id!r}: the id must be a non-empty string")
    if len(camera_id) > MAX_ID_LENGTH or not _ID_PATTERN.fullmatch(camera_id):
        raise MappingError(
            f"camera {camera_id!r}: the id must use letters, digits and . _ : @ - (at most {MAX_ID_LENGTH} "
            "characters, starting with a letter or digit)"
        )
    return camera_id


def check_camera_spec(spec: CameraSpec) -> _CleanCamera:
    """Validate a camera and take the password out of its URLs (MappingError names the camera)."""
    camera_id = check_camera_id(spec.id)
    who = f"camera {camera_id!r}"
    name = spec.name.strip() if isinstance(spec.name, str) else ""
    if not name:
        raise MappingError(f"{who}: the name is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise MappingError(f"{who}: the name is longer than {MAX_NAME_LENGTH} characters")
    try:
        url, live_password = split_password(check_url(spec.url, what="live URL"))
        playback, playback_password = None, None
        if spec.playback_url is not None and spec.playback_url.strip():
            playback, playback_password = split_password(check_playback_template(spec.playback_url) or "")
    except CameraUrlError as exc:
        raise MappingError(f"{who}: {exc}") from None
    if live_password and playback_password and live_password != playback_password:
        raise MappingError(
            f"{who}: the live and playback URLs carry different passwords; a camera has one password"
        )
    return _CleanCamera(camera_id, name, url, playback, live_password or playback_password)


def check_clock_offset(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MappingError(f"{where}: the clock offset must be a number of seconds")
    if abs(value) > MAX_CLOCK_OFFSET_SECONDS:
        raise MappingError(f"{where}: a clock offset of {value} s is more than a day; check the POS clock")
    return float(value)


def check_selection(location: str, terminal: str, camera_ids: Sequence[str], primary: str | None) -> None:
    """The per-terminal rules, independent of what is stored (MappingError names the terminal)."""
    where = terminal_label(location, terminal)
    if not isinstance(terminal, str) or not terminal:
        raise MappingError(f"terminal {terminal!r} at location {location!r}: the terminal id is empty")
    if len(camera_ids) > MAX_CAMERAS_PER_TERMINAL:
        raise MappingError(
            f"{where}: {len(camera_ids)} cameras; at most {MAX_CAMERAS_PER_TERMINAL} can be mapped to a terminal"
        )
    seen: set[str] = set()
    for camera_id in camera_ids:
        if camera_id in seen:
            raise MappingError(f"{where}: camera {camera_id!r} is listed twice")
        seen.add(camera_id)
    if camera_ids and primary is None:
        raise MappingError(f"{where}: no primary camera; exactly one of its cameras must be the primary")
    if primary is not None and primary not in seen:
        raise MappingError(f"{where}: the primary camera {primary!r} is not one of its cameras")


# --------------------------------------------------------------------------------------------- repository
_UNCHANGED: Any = object()


class CameraRepository:
    """Cameras and mappings over a :class:`~ows_desktop.store.writer.TicketStore` (writes through its writer
    connection and lock, reads through a read connection of their own: safe from any thread). ``secrets`` holds camera passwords; without one, a URL
    with a password is refused."""

    def __init__(self, store: TicketStore, secrets: CameraSecretStore | None = None):
        self._store = store
        self._secrets = secrets

    @property
    def secrets(self) -> CameraSecretStore | None:
        return self._secrets

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A short-lived read connection of the calling thread: a read (the video pane's, on the GUI thread)
        never waits for the writer's lock, which a sync or a flag write may hold while SQLite waits."""
        conn = open_reader(self._store.path)
        try:
            with translated(self._store.path):
                yield conn
        finally:
            conn.close()

    # -- reading -----------------------------------------------------------------------------------------

    def cameras(self) -> list[Camera]:
        with self._reading() as conn:
            return [_camera(row) for row in conn.execute(_CAMERA_SELECT + " ORDER BY seq")]

    def camera(self, camera_id: str) -> Camera | None:
        with self._reading() as conn:
            row = conn.execute(_CAMERA_SELECT + " WHERE id = ?", (camera_id,)).fetchone()
        return _camera(row) if row else None

    def password(self, camera_id: str) -> str | None:
        """The camera's password from the secret store (None without one). May block on a keyring prompt."""
        if self._secrets is None:
            return None
        return self._secrets.get(camera_id)

    def terminals(self) -> list[TerminalSummary]:
        """Every terminal seen in tickets or mapped, sorted by location then terminal."""
        with self._reading() as conn:
            rows = conn.execute(
                """
                WITH known(location, terminal) AS (
                    SELECT location, terminal FROM ticket_terminals
                    UNION SELECT location, terminal FROM mapped_terminals
                )
                SELECT k.location, k.terminal,
                       (SELECT count(*) FROM terminal_cameras AS tc
                        WHERE tc.location = k.location AND tc.terminal = k.terminal),
                       (SELECT c.name FROM terminal_cameras AS tc JOIN cameras AS c ON c.id = tc.camera_id
                        WHERE tc.location = k.location AND tc.terminal = k.terminal AND tc.is_primary = 1),
                       EXISTS (SELECT 1 FROM ticket_terminals AS t
                               WHERE t.location = k.location AND t.terminal = k.terminal)
                FROM known AS k
                WHERE k.terminal != ''
                ORDER BY k.location, k.terminal
                """
            ).fetchall()
        return [TerminalSummary(r[0], r[1], int(r[2]), r[3], bool(r[4])) for r in rows]

    def mapping(self, location: str | None, terminal: str | None) -> TerminalMapping:
        """The terminal's cameras (empty when none is mapped or the terminal is unknown)."""
        location, terminal = location or "", terminal or ""
        with self._reading() as conn:
            return _read_mapping(conn, location, terminal)

    def mappings(self) -> list[TerminalMapping]:
        """Every mapped terminal (with cameras or a clock offset), in the order they were first mapped."""
        with self._reading() as conn:
            keys = conn.execute("SELECT location, terminal FROM mapped_terminals ORDER BY seq").fetchall()
            return [_read_mapping(conn, loc, term) for loc, term in keys]

    # -- cameras -----------------------------------------------------------------------------------------

    def add_camera(
        self, name: str, url: str, playback_url: str | None = None, *, camera_id: str | None = None
    ) -> Camera:
        """Add a camera (a password in a URL goes to the secret store). Without ``camera_id`` one is made
        from the name. MappingError for an invalid camera or an id in use."""
        with self._reading() as conn:
            taken = {r[0] for r in conn.execute("SELECT id FROM cameras")}
        if camera_id is None:
            camera_id = _new_id(name, taken)
        elif camera_id in taken:
            raise MappingError(f"camera {camera_id!r}: that id is already in use")
        clean = check_camera_spec(CameraSpec(camera_id, name, url, playback_url))
        self._write_cameras([clean], insert_only=True)
        camera = self.camera(clean.id)
        assert camera is not None
        return camera

    def update_camera(
        self,
        camera_id: str,
        *,
        name: str = _UNCHANGED,
        url: str = _UNCHANGED,
        playback_url: str | None = _UNCHANGED,
    ) -> Camera:
        """Change a camera. A URL without a password keeps the stored password; one with a password
        replaces it."""
        current = self.camera(camera_id)
        if current is None:
            raise MappingError(f"camera {camera_id!r}: no such camera")
        spec = CameraSpec(
            camera_id,
            current.name if name is _UNCHANGED else name,
            current.url if url is _UNCHANGED else url,
            current.playback_url if playback_url is _UNCHANGED else playback_url,
        )
        self._write_cameras([check_camera_spec(spec)])
        updated = self.camera(camera_id)
        assert updated is not None
        return updated

    def set_password(self, camera_id: str, password: str | None) -> None:
        """Store (or with None/'' forget) the camera's password in the secret store."""
        if self.camera(camera_id) is None:
            raise MappingError(f"camera {camera_id!r}: no such camera")
        if password:
            self._require_secrets(camera_id).set(camera_id, password)
        elif self._secrets is not None:
            self._secrets.delete(camera_id)
        with self._store._transaction() as conn:
            conn.execute(
                "UPDATE cameras SET has_password = ?, updated_us = ? WHERE id = ?",
                (int(bool(password)), _now(), camera_id),
            )

    def delete_camera(self, camera_id: str) -> None:
        """Remove a camera from every terminal (promoting the next camera where it was primary), then the
        camera and its password."""
        with self._store._transaction() as conn:
            if conn.execute("SELECT 1 FROM cameras WHERE id = ?", (camera_id,)).fetchone() is None:
                raise MappingError(f"camera {camera_id!r}: no such camera")
            terminals = conn.execute(
                "SELECT DISTINCT location, terminal FROM terminal_cameras WHERE camera_id = ?", (camera_id,)
            ).fetchall()
            for location, terminal in terminals:
                mapping = _read_mapping(conn, location, terminal)
                ids = [c for c in mapping.camera_ids if c != camera_id]
                primary = mapping.primary_id if mapping.primary_id != camera_id else (ids[0] if ids else None)
                _write_terminal(conn, location, terminal, ids, primary, mapping.clock_offset_seconds)
            conn.execute("DELETE FROM cameras WHERE id = ?", (camera_id,))
        if self._secrets is not None:
            try:
                self._secrets.delete(camera_id)
            except Exception as exc:  # the camera is gone; a stale keyring entry is harmless
                log.warning("Could not remove the password of camera %s from the keyring: %s", camera_id, exc)

    # -- terminal mapping ----------------------------------------------------------------------------------

    def add_to_terminal(self, location: str, terminal: str, camera_id: str) -> TerminalMapping:
        """Map a camera to a terminal (at the end; the first one becomes primary)."""
        with self._store._transaction() as conn:
            mapping = _read_mapping(conn, location, terminal)
            if camera_id in mapping.camera_ids:
                raise MappingError(f"{mapping.label}: camera {camera_id!r} is already selected")
            ids = [*mapping.camera_ids, camera_id]
            if len(ids) > MAX_CAMERAS_PER_TERMINAL:
                raise MappingError(
                    f"{mapping.label}: it already has {MAX_CAMERAS_PER_TERMINAL} cameras, the most a terminal "
                    "can have; remove one first"
                )
            primary = mapping.primary_id or camera_id
            _check_known(conn, ids, mapping.label)
            _write_terminal(conn, location, terminal, ids, primary, mapping.clock_offset_seconds)
            return _read_mapping(conn, location, terminal)

    def remove_from_terminal(self, location: str, terminal: str, camera_id: str) -> TerminalMapping:
        """Unmap a camera; when it was the primary, the next camera in order becomes primary."""
        with self._store._transaction() as conn:
            mapping = _read_mapping(conn, location, terminal)
            if camera_id not in mapping.camera_ids:
                raise MappingError(f"{mapping.label}: camera {camera_id!r} is not selected")
            ids = [c for c in mapping.camera_ids if c != camera_id]
            primary = mapping.primary_id if mapping.primary_id != camera_id else (ids[0] if ids else None)
            _write_terminal(conn, location, terminal, ids, primary, mapping.clock_offset_seconds)
            return _read_mapping(conn, location, terminal)

    def set_primary(self, location: str, terminal: str, camera_id: str) -> TerminalMapping:
        with self._store._transaction() as conn:
            mapping = _read_mapping(conn, location, terminal)
            if camera_id not in mapping.camera_ids:
                raise MappingError(
                    f"{mapping.label}: camera {camera_id!r} is not selected, so it cannot be the primary"
                )
            _write_terminal(
                conn, location, terminal, mapping.camera_ids, camera_id, mapping.clock_offset_seconds
            )
            return _read_mapping(conn, location, terminal)

    def set_terminal_cameras(
        self, location: str, terminal: str, camera_ids: Sequence[str], primary: str | None = None
    ) -> TerminalMapping:
        """Replace a terminal's cameras; ``primary`` defaults to the first."""
        ids = list(camera_ids)
        primary = primary if primary is not None else (ids[0] if ids else None)
        check_selection(location, terminal, ids, primary)
        with self._store._transaction() as conn:
            mapping = _read_mapping(conn, location, terminal)
            _check_known(conn, ids, mapping.label)
            _write_terminal(conn, location, terminal, ids, primary, mapping.clock_offset_seconds)
            return _read_mapping(conn, location, terminal)

    def set_clock_offset(self, location: str, terminal: str, seconds: float) -> TerminalMapping:
        """Seconds to add to the POS clock to get the recorder's clock at this terminal."""
        seconds = check_clock_offset(seconds, terminal_label(location, terminal))
        check_selection(location, terminal, [], None)
        with self._store._transaction() as conn:
            mapping = _read_mapping(conn, location, terminal)
            _write_terminal(conn, location, terminal, mapping.camera_ids, mapping.primary_id, seconds)
            return _read_mapping(conn, location, terminal)

    # -- whole mapping (import / export) -------------------------------------------------------------------

    def apply(
        self, cameras: Sequence[CameraSpec], terminals: Sequence[TerminalSpec], *, replace: bool
    ) -> None:
        """All or nothing: cameras are added or updated by id, each listed terminal gets exactly the listed
        cameras; with ``replace`` every camera and terminal not listed is removed too. MappingError (naming
        the camera or the terminal) leaves the database and the keyring as they were."""
        clean = _check_document(cameras, terminals)
        with self._reading() as conn:
            stored = {r[0] for r in conn.execute("SELECT id FROM cameras")}
        known = {c.id for c in clean} | (set() if replace else stored)
        for spec in terminals:
            where = terminal_label(spec.location, spec.terminal)
            for camera_id in spec.cameras:
                if camera_id not in known:
                    raise MappingError(f"{where}: unknown camera {camera_id!r}")
        removed = sorted(stored - {c.id for c in clean}) if replace else []

        def write(conn: sqlite3.Connection) -> None:
            if replace:
                conn.execute("DELETE FROM terminal_cameras")
                conn.execute("DELETE FROM mapped_terminals")
                conn.executemany("DELETE FROM cameras WHERE id = ?", [(c,) for c in removed])
            _upsert_cameras(conn, clean)
            for spec in terminals:
                _write_terminal(
                    conn, spec.location, spec.terminal, spec.cameras, spec.primary, spec.clock_offset_seconds
                )

        self._write_cameras(clean, extra=write)
        for camera_id in removed:
            if self._secrets is not None:
                try:
                    self._secrets.delete(camera_id)
                except Exception as exc:
                    log.warning(
                        "Could not remove the password of camera %s from the keyring: %s", camera_id, exc
                    )

    # -- internals -------------------------------------------------------------------------------------

    def _require_secrets(self, camera_id: str) -> CameraSecretStore:
        if self._secrets is None:
            raise MappingError(
                f"camera {camera_id!r}: its URL carries a password, but no keyring is available to keep it; "
                "remove the password from the URL"
            )
        return self._secrets

    def _write_cameras(
        self, clean: Sequence[_CleanCamera], *, insert_only: bool = False, extra: Any = None
    ) -> None:
        """Store passwords first, then the rows in one transaction; if the transaction fails, the previous
        passwords are put back (all or nothing across the keyring and the database)."""
        with_password = [c for c in clean if c.password]
        previous: dict[str, str | None] = {}
        for cam in with_password:
            secrets = self._require_secrets(cam.id)
            previous[cam.id] = secrets.get(cam.id)
        try:
            for cam in with_password:
                self._require_secrets(cam.id).set(cam.id, cam.password or "")
            with self._store._transaction() as conn:
                if extra is not None:
                    extra(conn)
                else:
                    _upsert_cameras(conn, clean, insert_only=insert_only)
        except BaseException:
            for camera_id, old in previous.items():
                try:
                    secrets = self._require_secrets(camera_id)
                    if old is None:
                        secrets.delete(camera_id)
                    else:
                        secrets.set(camera_id, old)
                except Exception as exc:
                    log.warning("Could not restore the password of camera %s: %s", camera_id, exc)
            raise


def _check_document(cameras: Sequence[CameraSpec], terminals: Sequence[TerminalSpec]) -> list[_CleanCamera]:
    clean: list[_CleanCamera] = []
    ids: set[str] = set()
    for spec in cameras:
        cam = check_camera_spec(spec)
        if cam.id in ids:
            raise MappingError(f"camera {cam.id!r}: listed twice")
        ids.add(cam.id)
        clean.append(cam)
    keys: set[tuple[str, str]] = set()
    for spec in terminals:
        check_selection(spec.location, spec.terminal, spec.cameras, spec.primary)
        check_clock_offset(spec.clock_offset_seconds, terminal_label(spec.location, spec.terminal))
        key = (spec.location, spec.terminal)
        if key in keys:
            raise MappingError(f"{terminal_label(*key)}: listed twice")
        keys.add(key)
    return clean


_CAMERA_SELECT = "SELECT id, name, url, playback_url, has_password FROM cameras"


def _camera(row: Sequence[Any]) -> Camera:
    return Camera(id=row[0], name=row[1], url=row[2], playback_url=row[3], has_password=bool(row[4]))


def _now() -> int:
    from ows_desktop.store.writer import now_us

    return now_us()


def _new_id(name: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "camera"
    if not base[0].isalnum():
        base = "camera-" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _read_mapping(conn: sqlite3.Connection, location: str, terminal: str) -> TerminalMapping:
    rows = conn.execute(
        """
        SELECT c.id, c.name, c.url, c.playback_url, c.has_password, tc.is_primary
        FROM terminal_cameras AS tc JOIN cameras AS c ON c.id = tc.camera_id
        WHERE tc.location = ? AND tc.terminal = ?
        ORDER BY tc.position
        """,
        (location, terminal),
    ).fetchall()
    offset = conn.execute(
        "SELECT clock_offset_s FROM mapped_terminals WHERE location = ? AND terminal = ?",
        (location, terminal),
    ).fetchone()
    primary = next((r[0] for r in rows if r[5]), None)
    return TerminalMapping(
        location=location,
        terminal=terminal,
        cameras=tuple(_camera(r) for r in rows),
        primary_id=primary,
        clock_offset_seconds=float(offset[0]) if offset else 0.0,
    )


def _check_known(conn: sqlite3.Connection, ids: Sequence[str], where: str) -> None:
    for camera_id in ids:
        if conn.execute("SELECT 1 FROM cameras WHERE id = ?", (camera_id,)).fetchone() is None:
            raise MappingError(f"{where}: unknown camera {camera_id!r}")


def _write_terminal(
    conn: sqlite3.Connection,
    location: str,
    terminal: str,
    camera_ids: Sequence[str],
    primary: str | None,
    clock_offset: float,
) -> None:
    """Rewrite one terminal's rows (rules checked again here: the last word)."""
    check_selection(location, terminal, camera_ids, primary)
    now = _now()
    if not camera_ids and clock_offset == 0:
        conn.execute("DELETE FROM mapped_terminals WHERE location = ? AND terminal = ?", (location, terminal))
        return
    conn.execute(
        """
        INSERT INTO mapped_terminals (location, terminal, clock_offset_s, updated_us) VALUES (?, ?, ?, ?)
        ON CONFLICT (location, terminal) DO UPDATE SET clock_offset_s = excluded.clock_offset_s,
                                                       updated_us = excluded.updated_us
        """,
        (location, terminal, clock_offset, now),
    )
    conn.execute("DELETE FROM terminal_cameras WHERE location = ? AND terminal = ?", (location, terminal))
    conn.executemany(
        "INSERT INTO terminal_cameras (location, terminal, camera_id, position, is_primary) VALUES (?, ?, ?, ?, ?)",
        [(location, terminal, cid, i, int(cid == primary)) for i, cid in enumerate(camera_ids)],
    )


def _upsert_cameras(
    conn: sqlite3.Connection, clean: Sequence[_CleanCamera], *, insert_only: bool = False
) -> None:
    now = _now()
    conflict = (
        ""
        if insert_only
        else """
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url,
            playback_url = excluded.playback_url,
            has_password = max(cameras.has_password, excluded.has_password),
            updated_us = excluded.updated_us
        """
    )
    conn.executemany(
        "INSERT INTO cameras (id, name, url, playback_url, has_password, created_us, updated_us) "
        f"VALUES (?, ?, ?, ?, ?, ?, ?) {conflict}",
        [(c.id, c.name, c.url, c.playback_url, int(bool(c.password)), now, now) for c in clean],
    )
