"""Is a camera's recorder there? One TCP connection, a few seconds at most (no Qt, no libVLC).

Exports probe each camera once: a camera that refused or did not answer fails every later ticket at once,
with the same reason, so an unreachable recorder costs seconds, not a timeout per ticket."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP

PROBE_TIMEOUT_S = 2.0
_DEFAULT_PORTS = {"http": 80, "https": 443, "rtsp": 554, "rtsps": 322, "rtmp": 1935}


def probe_camera(name: str, url: str, timeout_s: float = PROBE_TIMEOUT_S) -> str | None:
    """None when the camera's recorder accepts a connection (or is not a network URL), else why not."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return QT_TRANSLATE_NOOP("camera_probe", "Camera {name} has an invalid address.").format(name=name)
    if not host or port is None:
        return None  # a file or an unusual scheme: the player tells
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return None
    except ConnectionRefusedError:
        return QT_TRANSLATE_NOOP("camera_probe", "Camera {name} unreachable: connection refused").format(
            name=name
        )
    except TimeoutError:
        return QT_TRANSLATE_NOOP(
            "camera_probe", "Camera {name} unreachable: no answer within {seconds} s"
        ).format(name=name, seconds=f"{timeout_s:.0f}")
    except socket.gaierror:
        return QT_TRANSLATE_NOOP(
            "camera_probe", "Camera {name} unreachable: the name {host} is not known"
        ).format(name=name, host=host)
    except OSError as exc:  # the system's words, as they are
        return QT_TRANSLATE_NOOP("camera_probe", "Camera {name} unreachable: {reason}").format(
            name=name, reason=exc.strerror or type(exc).__name__
        )
