"""Keeping secrets out of evidence: the API key and secret and camera passwords must never reach an export.

Every string that goes into an export passes through :class:`Redactor`: known secret values are replaced,
and credentials embedded in URLs (``rtsp://user:password@camera``) lose their user-info part. The bundle
also scans each finished text file for the known values before publishing (belt and braces)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ows_desktop.ows.auth import SHORT_SECRET, longest_first, mask_secrets

MASK = "[REDACTED]"
# Shorter values would mangle ordinary text ("1", "abc"): never masked in an export (see Redactor).
MIN_SECRET_LENGTH = SHORT_SECRET
_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^/\s@:]+(?::[^/\s@]*)?)@")


class Redactor:
    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        # Under MIN_SECRET_LENGTH a value is also ordinary data (a camera password "12", register 12): an
        # export keeps it as it is rather than mask evidence; the log and the command line mask it standing alone.
        self.secrets = longest_first(
            s for s in secrets if isinstance(s, str) and len(s.strip()) >= MIN_SECRET_LENGTH
        )
        self.count = 0

    def text(self, value: str) -> str:
        """``value`` with its secrets masked; ``value`` itself when it holds none, so a sentence the window
        translates (a basics.messages Message: why a clip is missing) stays one."""
        if not value:
            return value
        value, masked = mask_secrets(value, self.secrets, MASK, presorted=True)
        self.count += masked
        if "@" in value and "://" in value:
            redacted, found = _URL_CREDENTIALS.subn(lambda m: m.group(1) + MASK + "@", value)
            if found:
                value = redacted
                self.count += found
        return value

    def value(self, obj: Any) -> Any:
        """A JSON-like value with every string (keys too) redacted."""
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, dict):
            return {self.text(k) if isinstance(k, str) else k: self.value(v) for k, v in obj.items()}
        if isinstance(obj, list | tuple):
            return [self.value(v) for v in obj]
        return obj

    def leaks(self, data: bytes) -> list[str]:
        """Which known secrets appear in ``data`` (as UTF-8), masked for the message."""
        found = []
        for secret in self.secrets:
            if secret.encode("utf-8", "surrogatepass") in data:
                found.append(secret[:2] + "…")
        return found
