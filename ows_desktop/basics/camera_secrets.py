"""Camera passwords: in the OS keyring (service ``ows-desktop``, user name ``camera:<id>``), never in the
database, the settings or a mapping export.

:class:`CameraSecretStore` is what the store, the mapping import and the player use; tests pass a
:class:`MemoryCameraSecrets`. Keyring calls can block on an unlock prompt, so the keyring implementation
keeps what it read in memory for the session (a camera's password is needed every time a receipt is shown)."""

from __future__ import annotations

import threading
from typing import Any, Protocol

from ows_desktop.basics.credentials import SERVICE, KeyringEntries, MemoryEntries

USERNAME_PREFIX = "camera:"


def keyring_username(camera_id: str) -> str:
    return f"{USERNAME_PREFIX}{camera_id}"


class CameraSecretStore(Protocol):
    @property
    def is_secure(self) -> bool: ...

    def get(self, camera_id: str) -> str | None: ...

    def set(self, camera_id: str, password: str) -> None: ...

    def delete(self, camera_id: str) -> bool: ...


class MemoryCameraSecrets(MemoryEntries):
    """For tests and the demo: camera passwords that live and die with the process."""


class KeyringCameraSecrets:
    """The OS keyring; refuses to store when keyring only has its fail/null backend (no plaintext fallback)."""

    def __init__(self, backend: Any | None = None, service: str = SERVICE):
        self._entries = KeyringEntries(backend, service)
        self._lock = threading.Lock()
        self._cache: dict[str, str | None] = {}

    @property
    def is_secure(self) -> bool:
        return self._entries.is_secure

    @property
    def description(self) -> str:
        return self._entries.description

    def get(self, camera_id: str) -> str | None:
        with self._lock:
            if camera_id in self._cache:
                return self._cache[camera_id]
        value = self._entries.get(keyring_username(camera_id))
        with self._lock:
            self._cache[camera_id] = value
        return value

    def set(self, camera_id: str, password: str) -> None:
        self._entries.set(keyring_username(camera_id), password)
        with self._lock:
            self._cache[camera_id] = password

    def delete(self, camera_id: str) -> bool:
        removed = self._entries.delete(keyring_username(camera_id))
        with self._lock:
            self._cache.pop(camera_id, None)
        return bool(removed)
