"""Cameras and the terminal → camera mapping (schema migration v2)."""

from __future__ import annotations

import sqlite3


def migrate(conn: sqlite3.Connection) -> None:
    """Schema v1 → v2: camera and mapping tables."""
