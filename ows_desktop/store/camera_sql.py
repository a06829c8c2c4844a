"""Cameras and the terminal mapping in the SQLite cache (tables of schema v2): ``store.mapping``.

Every write runs in one transaction on the writer connection and checks the per-terminal rules again
(:func:`~ows_desktop.store.camera_rules.check_selection`) right before it writes. Passwords never get
here: the rows only say whether the keyring has one (:class:`~ows_desktop.store.cameras.CameraRepository`
keeps the keyring and the database in step)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ows_desktop.store.camera_rules import (
    MAX_CAMERAS_PER_TERMINAL,
    Camera,
    MappingError,
    TerminalMapping,
    TerminalSpec,
    TerminalSummary,
    check_selection,
)
from ows_desktop.store.gate import WriterGate
from ows_desktop.store.thread_readers import ThreadReaders
from ows_desktop.store.timekeys import now_us

_CAMERA_SELECT = "SELECT id, name, url, playback_url, has_password FROM cameras"
_TERMINALS_SQL = """
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


class SqliteMappingRows:
    """The camera and mapping rows (no keyring: see :class:`~ows_desktop.store.cameras.CameraRepository`)."""

    def __init__(self, gate: WriterGate) -> None:
        self._gate = gate
        self._readers = ThreadReaders(gate.path)

    # -- reading -------------------------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The calling thread's kept read connection, not the writer's: a read (the video pane's, on the GUI
        thread, for every receipt shown) never waits for the writer's lock, which a sync or a flag write may
        hold while SQLite waits for its own write lock, and does not pay for opening a connection."""
        with self._readers.reading() as conn:
            yield conn

    def close(self) -> None:
        """Close the kept read connections (with the store)."""
        self._readers.close()

    def cameras(self) -> list[Camera]:
        with self._reading() as conn:
            return [_camera(row) for row in conn.execute(_CAMERA_SELECT + " ORDER BY seq")]

    def camera(self, camera_id: str) -> Camera | None:
        with self._reading() as conn:
            row = conn.execute(_CAMERA_SELECT + " WHERE id = ?", (camera_id,)).fetchone()
        return _camera(row) if row else None

    def camera_ids(self) -> set[str]:
        with self._reading() as conn:
            return {r[0] for r in conn.execute("SELECT id FROM cameras")}

    def terminals(self) -> list[TerminalSummary]:
        """Every terminal seen in tickets or mapped, sorted by location then terminal."""
        with self._reading() as conn:
            rows = conn.execute(_TERMINALS_SQL).fetchall()
        return [TerminalSummary(r[0], r[1], int(r[2]), r[3], bool(r[4])) for r in rows]

    def mapping(self, location: str, terminal: str) -> TerminalMapping:
        with self._reading() as conn:
            return _read_mapping(conn, location, terminal)

    def mappings(self) -> list[TerminalMapping]:
        """Every mapped terminal (with cameras or a clock offset), in the order they were first mapped."""
        with self._reading() as conn:
            keys = conn.execute("SELECT location, terminal FROM mapped_terminals ORDER BY seq").fetchall()
            return [_read_mapping(conn, loc, term) for loc, term in keys]

    # -- cameras -------------------------------------------------------------------------------------------

    def write_cameras(self, cameras: Sequence[Camera], *, insert_only: bool = False) -> None:
        """Insert (``insert_only``: an id in use fails) or upsert cameras, in one transaction."""
        with self._gate.transaction() as conn:
            _upsert_cameras(conn, cameras, insert_only=insert_only)

    def set_has_password(self, camera_id: str, has_password: bool) -> None:
        with self._gate.transaction() as conn:
            conn.execute(
                "UPDATE cameras SET has_password = ?, updated_us = ? WHERE id = ?",
                (int(has_password), now_us(), camera_id),
            )

    def delete_camera(self, camera_id: str) -> None:
        """Remove a camera from every terminal (promoting the next camera where it was primary), then the
        camera. MappingError for an unknown camera."""
        with self._gate.transaction() as conn:
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

    # -- terminal mapping ----------------------------------------------------------------------------------

    def add_to_terminal(self, location: str, terminal: str, camera_id: str) -> TerminalMapping:
        """Map a camera to a terminal (at the end; the first one becomes primary)."""
        with self._gate.transaction() as conn:
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
        with self._gate.transaction() as conn:
            mapping = _read_mapping(conn, location, terminal)
            if camera_id not in mapping.camera_ids:
                raise MappingError(f"{mapping.label}: camera {camera_id!r} is not selected")
            ids = [c for c in mapping.camera_ids if c != camera_id]
            primary = mapping.primary_id if mapping.primary_id != camera_id else (ids[0] if ids else None)
            _write_terminal(conn, location, terminal, ids, primary, mapping.clock_offset_seconds)
            return _read_mapping(conn, location, terminal)

    def set_primary(self, location: str, terminal: str, camera_id: str) -> TerminalMapping:
        with self._gate.transaction() as conn:
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
        self, location: str, terminal: str, camera_ids: Sequence[str], primary: str | None
    ) -> TerminalMapping:
        """Replace a terminal's cameras (the rules already checked by the caller, checked again here)."""
        with self._gate.transaction() as conn:
            mapping = _read_mapping(conn, location, terminal)
            _check_known(conn, camera_ids, mapping.label)
            _write_terminal(conn, location, terminal, camera_ids, primary, mapping.clock_offset_seconds)
            return _read_mapping(conn, location, terminal)

    def set_clock_offset(self, location: str, terminal: str, seconds: float) -> TerminalMapping:
        with self._gate.transaction() as conn:
            mapping = _read_mapping(conn, location, terminal)
            _write_terminal(conn, location, terminal, mapping.camera_ids, mapping.primary_id, seconds)
            return _read_mapping(conn, location, terminal)

    def apply(
        self, cameras: Sequence[Camera], terminals: Sequence[TerminalSpec], *, removed: Sequence[str] | None
    ) -> None:
        """One transaction: upsert ``cameras``, give each listed terminal exactly its listed cameras; with
        ``removed`` (a replacing import) every mapping goes first and those cameras are deleted."""
        with self._gate.transaction() as conn:
            if removed is not None:
                conn.execute("DELETE FROM terminal_cameras")
                conn.execute("DELETE FROM mapped_terminals")
                conn.executemany("DELETE FROM cameras WHERE id = ?", [(c,) for c in removed])
            _upsert_cameras(conn, cameras)
            for spec in terminals:
                _write_terminal(
                    conn, spec.location, spec.terminal, spec.cameras, spec.primary, spec.clock_offset_seconds
                )


# -- rows ---------------------------------------------------------------------------------------------------


def _camera(row: Sequence[Any]) -> Camera:
    return Camera(id=row[0], name=row[1], url=row[2], playback_url=row[3], has_password=bool(row[4]))


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
    now = now_us()
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
    conn: sqlite3.Connection, cameras: Sequence[Camera], *, insert_only: bool = False
) -> None:
    now = now_us()
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
        [(c.id, c.name, c.url, c.playback_url, int(c.has_password), now, now) for c in cameras],
    )
