"""Why a stream failed: libVLC only says "error", but the user needs to know whether the recorder has no
video for that time or the camera cannot be reached.

After a failure the controller asks a :class:`FailureProbe`. :class:`NetworkFailureProbe` re-requests an
HTTP(S) URL (one byte, with Qt's network stack, on the GUI thread's event loop): 404/410/416 mean "no video
for this time", 401/403 "refused the credentials", a network error or a timeout "cannot reach", and a
success "cannot play" (the server answered but libVLC could not decode it). RTSP cannot be probed without
live555, so an RTSP failure reads "cannot reach"; a missing local file reads "no video"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QUrl
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from ows_desktop.camera.media import MediaRequest
from ows_desktop.camera.urls import scheme_of

NO_VIDEO = "no_video"
UNREACHABLE = "unreachable"
FAILED = "failed"

Verdict = Callable[[str, str], None]  # (NO_VIDEO | UNREACHABLE | FAILED, detail)


class FailureProbe(Protocol):
    def check(self, request: MediaRequest, done: Verdict) -> None:
        """Find out why ``request`` failed and call ``done`` once (on the GUI thread)."""

    def cancel(self) -> None: ...


def classify_local(request: MediaRequest) -> tuple[str, str] | None:
    """The verdict for schemes that need no network check, or None."""
    scheme = scheme_of(request.url)
    if scheme == "file":
        path = Path(unquote(urlsplit(request.url).path))
        if not path.exists():
            return NO_VIDEO, QCoreApplication.translate("probe", "the file {path} does not exist").format(
                path=path
            )
        return FAILED, QCoreApplication.translate("probe", "libVLC could not play {name}").format(
            name=path.name
        )
    if scheme in ("rtsp", "rtsps"):
        return UNREACHABLE, QCoreApplication.translate("probe", "the camera did not accept the RTSP stream")
    return None


def classify_http_status(status: int) -> tuple[str, str]:
    if status in (404, 410, 416, 204):
        return NO_VIDEO, QCoreApplication.translate(
            "probe", "the recorder has no recording for this time (HTTP {status})"
        ).format(status=status)
    if status in (401, 403):
        return UNREACHABLE, QCoreApplication.translate(
            "probe", "the camera refused the user name or password (HTTP {status})"
        ).format(status=status)
    if 200 <= status < 300:
        return FAILED, QCoreApplication.translate(
            "probe", "the camera answered, but its video could not be decoded"
        )
    return UNREACHABLE, QCoreApplication.translate("probe", "the camera answered HTTP {status}").format(
        status=status
    )


class NetworkFailureProbe(QObject):
    def __init__(self, timeout_ms: int = 4000, parent: QObject | None = None):
        super().__init__(parent)
        self._timeout_ms = timeout_ms
        self._manager: QNetworkAccessManager | None = None
        self._reply: QNetworkReply | None = None

    def check(self, request: MediaRequest, done: Verdict) -> None:
        self.cancel()
        local = classify_local(request)
        if local is not None:
            done(*local)
            return
        if self._manager is None:
            self._manager = QNetworkAccessManager(self)
        qrequest = QNetworkRequest(QUrl(request.url))
        qrequest.setRawHeader(QByteArray(b"Range"), QByteArray(b"bytes=0-0"))
        qrequest.setTransferTimeout(self._timeout_ms)
        reply = self._manager.get(qrequest)
        self._reply = reply

        def finished() -> None:
            if self._reply is not reply:
                return
            self._reply = None
            status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            error = reply.error()
            reply.deleteLater()
            if isinstance(status, int) and status > 0:
                done(*classify_http_status(status))
            elif error == QNetworkReply.NetworkError.OperationCanceledError:
                done(
                    UNREACHABLE,
                    self.tr("no answer from the camera in {value} s").format(value=self._timeout_ms // 1000),
                )
            else:
                done(UNREACHABLE, _network_detail(error))

        reply.finished.connect(finished)

    def cancel(self) -> None:
        reply, self._reply = self._reply, None
        if reply is not None:
            reply.abort()
            reply.deleteLater()


def _network_detail(error: QNetworkReply.NetworkError) -> str:
    e = QNetworkReply.NetworkError
    return {
        e.ConnectionRefusedError: QCoreApplication.translate("probe", "connection refused"),
        e.HostNotFoundError: QCoreApplication.translate("probe", "the camera's host name was not found"),
        e.TimeoutError: QCoreApplication.translate("probe", "the connection to the camera timed out"),
        e.RemoteHostClosedError: QCoreApplication.translate("probe", "the camera closed the connection"),
        e.SslHandshakeFailedError: QCoreApplication.translate(
            "probe", "the camera's TLS certificate was not accepted"
        ),
    }.get(error, QCoreApplication.translate("probe", "network error ({name})").format(name=error.name))
