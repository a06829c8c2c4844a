"""Stateless, tamper-evident paging cursors of the simulated OWS tickets endpoint.

A cursor is the base64url of a packed ``(window, last (persist, index) returned, page size, page number)``
record plus an HMAC keyed by the dataset, so the same cursor always yields the same page, a restarted
server (same :class:`SimConfig`) accepts old cursors, and a tampered one is refused. A codec of a later
``generation`` refuses the cursors of the earlier ones: how the server makes its cursors expire."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from dataclasses import dataclass

from .generator import SimConfig


class CursorError(ValueError):
    """A cursor that was not issued by this dataset (malformed or tampered)."""


@dataclass(frozen=True, slots=True)
class CursorState:
    start_us: int
    end_us: int
    after_persist_us: int
    after_index: int
    page_size: int
    page_no: int


class CursorCodec:
    """Opaque, stateless, tamper-evident cursors: ``base64url(packed state ‖ HMAC-SHA256[:12])``."""

    _VERSION = 1
    _LAYOUT = struct.Struct(">BqqqqBI")
    _MAC_LEN = 12

    def __init__(self, config: SimConfig, generation: int = 0):
        self.generation = generation
        salt = b"\0%d" % generation if generation else b""  # generation 0: the cursors of earlier versions
        self._key = hashlib.sha256(b"ows-sim-cursor\0" + repr(config).encode() + salt).digest()

    def encode(self, state: CursorState) -> str:
        payload = self._LAYOUT.pack(
            self._VERSION,
            state.start_us,
            state.end_us,
            state.after_persist_us,
            state.after_index,
            state.page_size,
            state.page_no,
        )
        mac = hmac.new(self._key, payload, hashlib.sha256).digest()[: self._MAC_LEN]
        return base64.urlsafe_b64encode(payload + mac).rstrip(b"=").decode("ascii")

    def decode(self, token: str) -> CursorState:
        try:
            raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CursorError("cursor is not valid base64url") from exc
        if len(raw) != self._LAYOUT.size + self._MAC_LEN:
            raise CursorError("cursor has the wrong length")
        payload, mac = raw[: self._LAYOUT.size], raw[self._LAYOUT.size :]
        expected = hmac.new(self._key, payload, hashlib.sha256).digest()[: self._MAC_LEN]
        if not hmac.compare_digest(mac, expected):
            raise CursorError("cursor signature does not match")
        version, *fields = self._LAYOUT.unpack(payload)
        if version != self._VERSION:
            raise CursorError("unsupported cursor version")
        return CursorState(*fields)


def unit_hash(*parts: object) -> float:
    """A uniform float in [0, 1) that depends only on ``parts``."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64
