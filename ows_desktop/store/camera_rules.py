"""Cameras and the terminal → camera mapping: the values, and the mapping rules every backend enforces.

Rules (the mapping panel checks them too; :class:`~ows_desktop.store.cameras.CameraRepository` and the
store check them again before writing: the last word):

* a terminal has at most :data:`MAX_CAMERAS_PER_TERMINAL` cameras, each at most once;
* a terminal with cameras has exactly one primary, and it is one of its cameras: the first camera added
  becomes primary, and removing the primary promotes the next camera in the terminal's order;
* camera URLs use rtsp, rtsps, http, https or file; a playback template only ``{start}``/``{end}``;
* a camera password never enters the database (see :mod:`.cameras`).

Violations raise :class:`MappingError` (CLI exit 2) naming the terminal or the camera; nothing is changed."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ows_desktop.camera.urls import (
    CameraUrlError,
    check_playback_template,
    check_url,
    split_password,
    without_userinfo,
)
from ows_desktop.store.errors import StoreError

MAX_CAMERAS_PER_TERMINAL = 4
MAX_CLOCK_OFFSET_SECONDS = 24 * 3600
MAX_ID_LENGTH = 64
MAX_NAME_LENGTH = 200
_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]*")


class MappingError(StoreError):
    """A camera or mapping change that breaks a rule; nothing was changed. CLI exit code 2."""

    exit_code = 2


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
class CleanCamera:
    """A checked camera, its password taken out of the URLs (it goes to the keyring, never the database)."""

    id: str
    name: str
    url: str
    playback_url: str | None
    password: str | None = field(repr=False)

    def record(self) -> Camera:
        """What the store keeps of it: no password, only whether the keyring has one."""
        return Camera(self.id, self.name, self.url, self.playback_url, has_password=bool(self.password))


def check_camera_id(camera_id: Any) -> str:
    if not isinstance(camera_id, str) or not camera_id:
        raise MappingError(f"camera {camera_id!r}: the id must be a non-empty string")
    if len(camera_id) > MAX_ID_LENGTH or not _ID_PATTERN.fullmatch(camera_id):
        raise MappingError(
            f"camera {camera_id!r}: the id must use letters, digits and . _ : @ - (at most {MAX_ID_LENGTH} "
            "characters, starting with a letter or digit)"
        )
    return camera_id


def check_camera_spec(spec: CameraSpec) -> CleanCamera:
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
    return CleanCamera(camera_id, name, url, playback, live_password or playback_password)


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


def check_document(cameras: Sequence[CameraSpec], terminals: Sequence[TerminalSpec]) -> list[CleanCamera]:
    """Check a whole mapping document (cameras and terminals) before anything is written."""
    clean: list[CleanCamera] = []
    ids: set[str] = set()
    for spec in cameras:
        cam = check_camera_spec(spec)
        if cam.id in ids:
            raise MappingError(f"camera {cam.id!r}: listed twice")
        ids.add(cam.id)
        clean.append(cam)
    keys: set[tuple[str, str]] = set()
    for terminal in terminals:
        check_selection(terminal.location, terminal.terminal, terminal.cameras, terminal.primary)
        check_clock_offset(
            terminal.clock_offset_seconds, terminal_label(terminal.location, terminal.terminal)
        )
        key = (terminal.location, terminal.terminal)
        if key in keys:
            raise MappingError(f"{terminal_label(*key)}: listed twice")
        keys.add(key)
    return clean


def new_camera_id(name: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "camera"
    if not base[0].isalnum():
        base = "camera-" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
