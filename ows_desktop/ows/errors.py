"""Errors raised by the OWS client. Messages never contain the API key or secret."""

from __future__ import annotations

from ows_desktop.basics.errors import AppError


class OwsError(AppError):
    """Base class of every OWS client error. ``exit_code`` is the CLI exit status it maps to."""

    exit_code = 1


class InvalidInputError(OwsError):
    """Input the user can fix (a bad key format, a malformed URL, a bad date)."""

    exit_code = 2


class AuthenticationError(OwsError):
    """The server refused the API key (401/403). Never retried; the client sends nothing more after it.
    ``disabled`` when the server said the API Access token is disabled."""

    exit_code = 3

    def __init__(self, message: str, *, disabled: bool = False):
        super().__init__(message)
        self.disabled = disabled


class ProtocolError(OwsError):
    """The server rejected the request (400/404) or answered something that is not the documented API."""

    exit_code = 4

    def __init__(self, message: str, *, status_code: int | None = None, server_message: str | None = None):
        super().__init__(message)
        self.status_code = status_code
        self.server_message = server_message


class CursorRefused(ProtocolError):
    """The server rejected (HTTP 4xx: 400, 404, 410, 422...) the request carrying the saved cursor a sync resumes from:
    the cursor expired or is unknown there, so its window can only be fetched again from its start. Raised
    for that first request alone: any other error of a resumed window is an ordinary ProtocolError."""


class TransientError(OwsError):
    """A failure worth retrying (429, 5xx, timeouts, dropped connections, truncated bodies)."""

    exit_code = 4

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class NetworkError(OwsError):
    """The server stayed unreachable or failing after every retry."""

    exit_code = 4


class CertificateError(OwsError):
    """The server's TLS certificate was not accepted (untrusted issuer, expired, wrong host). Not retried."""

    exit_code = 4


class InsecureEndpointError(InvalidInputError):
    """An endpoint that is not https (and not on loopback) was refused."""


class RequestCancelled(OwsError):
    """The caller cancelled (Ctrl+C, the window's Cancel) while a request was in flight or waiting to retry."""

    exit_code = 130
