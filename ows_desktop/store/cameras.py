"""Cameras and the terminal → camera mapping: the repository the app, the mapping panel and the CLI use.

It checks the mapping rules (:mod:`.camera_rules`), keeps camera passwords in the injected
:class:`~ows_desktop.basics.camera_secrets.CameraSecretStore` (the keyring: a password never enters the database,
the row only says it has one) and writes the rows through the store's mapping role (``store.mapping``, see
:class:`~ows_desktop.store.interface.MappingRows`), so it works the same over any backend. Terminals come
from synced tickets and from the mapping itself, so a mapping can be prepared before the first sync.

Violations raise :class:`MappingError` (CLI exit 2) naming the terminal or the camera; nothing is changed
(neither in the database nor in the keyring)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ows_desktop.store.camera_rules import (
    MAX_CAMERAS_PER_TERMINAL,
    MAX_CLOCK_OFFSET_SECONDS,
    MAX_ID_LENGTH,
    MAX_NAME_LENGTH,
    Camera,
    CameraSpec,
    CleanCamera,
    MappingError,
    TerminalMapping,
    TerminalSpec,
    TerminalSummary,
    check_camera_id,
    check_camera_spec,
    check_clock_offset,
    check_document,
    check_selection,
    new_camera_id,
    terminal_label,
)

if TYPE_CHECKING:
    from ows_desktop.basics.camera_secrets import CameraSecretStore
    from ows_desktop.store.interface import MappingStore

__all__ = [
    "MAX_CAMERAS_PER_TERMINAL",
    "MAX_CLOCK_OFFSET_SECONDS",
    "MAX_ID_LENGTH",
    "MAX_NAME_LENGTH",
    "Camera",
    "CameraRepository",
    "CameraSpec",
    "MappingError",
    "TerminalMapping",
    "TerminalSpec",
    "TerminalSummary",
    "check_camera_id",
    "check_camera_spec",
    "check_clock_offset",
    "check_selection",
    "terminal_label",
]

log = logging.getLogger(__name__)

_UNCHANGED: Any = object()


class CameraRepository:
    """Cameras and mappings over a store's mapping rows (safe from any thread, one call at a time).
    ``secrets`` holds camera passwords; without one, a URL with a password is refused."""

    def __init__(self, store: MappingStore, secrets: CameraSecretStore | None = None):
        self._rows = store.mapping
        self._secrets = secrets

    @property
    def secrets(self) -> CameraSecretStore | None:
        return self._secrets

    # -- reading -----------------------------------------------------------------------------------------

    def cameras(self) -> list[Camera]:
        return self._rows.cameras()

    def camera(self, camera_id: str) -> Camera | None:
        return self._rows.camera(camera_id)

    def password(self, camera_id: str) -> str | None:
        """The camera's password from the secret store (None without one). May block on a keyring prompt."""
        if self._secrets is None:
            return None
        return self._secrets.get(camera_id)

    def terminals(self) -> list[TerminalSummary]:
        """Every terminal seen in tickets or mapped, sorted by location then terminal."""
        return self._rows.terminals()

    def mapping(self, location: str | None, terminal: str | None) -> TerminalMapping:
        """The terminal's cameras (empty when none is mapped or the terminal is unknown)."""
        return self._rows.mapping(location or "", terminal or "")

    def mappings(self) -> list[TerminalMapping]:
        """Every mapped terminal (with cameras or a clock offset), in the order they were first mapped."""
        return self._rows.mappings()

    # -- cameras -----------------------------------------------------------------------------------------

    def add_camera(
        self, name: str, url: str, playback_url: str | None = None, *, camera_id: str | None = None
    ) -> Camera:
        """Add a camera (a password in a URL goes to the secret store). Without ``camera_id`` one is made
        from the name. MappingError for an invalid camera or an id in use."""
        taken = self._rows.camera_ids()
        if camera_id is None:
            camera_id = new_camera_id(name, taken)
        elif camera_id in taken:
            raise MappingError(f"camera {camera_id!r}: that id is already in use")
        clean = check_camera_spec(CameraSpec(camera_id, name, url, playback_url))
        self._write_cameras([clean], lambda: self._rows.write_cameras([clean.record()], insert_only=True))
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
        clean = check_camera_spec(spec)
        self._write_cameras([clean], lambda: self._rows.write_cameras([clean.record()]))
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
        self._rows.set_has_password(camera_id, bool(password))

    def delete_camera(self, camera_id: str) -> None:
        """Remove a camera from every terminal (promoting the next camera where it was primary), then the
        camera and its password."""
        self._rows.delete_camera(camera_id)
        self._forget_password(camera_id)

    # -- terminal mapping ----------------------------------------------------------------------------------

    def add_to_terminal(self, location: str, terminal: str, camera_id: str) -> TerminalMapping:
        """Map a camera to a terminal (at the end; the first one becomes primary)."""
        return self._rows.add_to_terminal(location, terminal, camera_id)

    def remove_from_terminal(self, location: str, terminal: str, camera_id: str) -> TerminalMapping:
        """Unmap a camera; when it was the primary, the next camera in order becomes primary."""
        return self._rows.remove_from_terminal(location, terminal, camera_id)

    def set_primary(self, location: str, terminal: str, camera_id: str) -> TerminalMapping:
        return self._rows.set_primary(location, terminal, camera_id)

    def set_terminal_cameras(
        self, location: str, terminal: str, camera_ids: Sequence[str], primary: str | None = None
    ) -> TerminalMapping:
        """Replace a terminal's cameras; ``primary`` defaults to the first."""
        ids = list(camera_ids)
        primary = primary if primary is not None else (ids[0] if ids else None)
        check_selection(location, terminal, ids, primary)
        return self._rows.set_terminal_cameras(location, terminal, ids, primary)

    def set_clock_offset(self, location: str, terminal: str, seconds: float) -> TerminalMapping:
        """Seconds to add to the POS clock to get the recorder's clock at this terminal."""
        seconds = check_clock_offset(seconds, terminal_label(location, terminal))
        check_selection(location, terminal, [], None)
        return self._rows.set_clock_offset(location, terminal, seconds)

    # -- whole mapping (import / export) -------------------------------------------------------------------

    def apply(
        self, cameras: Sequence[CameraSpec], terminals: Sequence[TerminalSpec], *, replace: bool
    ) -> None:
        """All or nothing: cameras are added or updated by id, each listed terminal gets exactly the listed
        cameras; with ``replace`` every camera and terminal not listed is removed too. MappingError (naming
        the camera or the terminal) leaves the database and the keyring as they were."""
        clean = check_document(cameras, terminals)
        stored = self._rows.camera_ids()
        known = {c.id for c in clean} | (set() if replace else stored)
        for spec in terminals:
            where = terminal_label(spec.location, spec.terminal)
            for camera_id in spec.cameras:
                if camera_id not in known:
                    raise MappingError(f"{where}: unknown camera {camera_id!r}")
        removed = sorted(stored - {c.id for c in clean}) if replace else []
        records = [c.record() for c in clean]
        self._write_cameras(
            clean, lambda: self._rows.apply(records, terminals, removed=removed if replace else None)
        )
        for camera_id in removed:
            self._forget_password(camera_id)

    # -- internals -------------------------------------------------------------------------------------

    def _require_secrets(self, camera_id: str) -> CameraSecretStore:
        if self._secrets is None:
            raise MappingError(
                f"camera {camera_id!r}: its URL carries a password, but no keyring is available to keep it; "
                "remove the password from the URL"
            )
        return self._secrets

    def _forget_password(self, camera_id: str) -> None:
        if self._secrets is None:
            return
        try:
            self._secrets.delete(camera_id)
        except Exception as exc:  # the camera is gone; a stale keyring entry is harmless
            log.warning("Could not remove the password of camera %s from the keyring: %s", camera_id, exc)

    def _write_cameras(self, clean: Sequence[CleanCamera], write: Callable[[], None]) -> None:
        """Store passwords first, then ``write`` the rows (one transaction); if that fails, the previous
        passwords are put back (all or nothing across the keyring and the database)."""
        with_password = [c for c in clean if c.password]
        previous: dict[str, str | None] = {}
        for cam in with_password:
            secrets = self._require_secrets(cam.id)
            previous[cam.id] = secrets.get(cam.id)
        try:
            for cam in with_password:
                self._require_secrets(cam.id).set(cam.id, cam.password or "")
            write()
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
