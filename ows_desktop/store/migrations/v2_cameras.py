"""Schema v2: cameras and the terminal → camera mapping.

The schema guards the mapping rules too (at most four cameras per terminal by a trigger, one primary by a
partial unique index), in case anything writes around :mod:`ows_desktop.store.cameras`."""

from __future__ import annotations

import sqlite3

_MAX_CAMERAS = 4  # frozen with this migration (store.camera_rules.MAX_CAMERAS_PER_TERMINAL says the same)

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
        position INTEGER NOT NULL CHECK (position BETWEEN 0 AND {_MAX_CAMERAS - 1}),
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
          WHERE location = NEW.location AND terminal = NEW.terminal) >= {_MAX_CAMERAS}
    BEGIN
        SELECT RAISE(ABORT, 'at most {_MAX_CAMERAS} cameras per terminal');
    END
    """,
)


def migrate(conn: sqlite3.Connection) -> None:
    """Schema v1 → v2: camera and mapping tables."""
    for statement in _V2:
        conn.execute(statement)
