"""A team store's server that was reached and refused the connection, said as such: not "Cannot reach the team
store … check the host and port, and that the server runs", which sent the person looking for a server that
was running all along.

libpq hands a refused connection's text, not its SQLSTATE. Its own failures (refused, timed out, no route,
an unknown host) read ``…failed: Connection refused``; a refusal the server sent reads ``…failed: FATAL:  its
words`` — the severity, a colon and two spaces, in the server's ``lc_messages`` language. So the form tells a
server's answer in any language, and the common ones, in English, say what to do:
- no ``pg_hba.conf`` entry for this computer or login: the admin allows it (exit 3, no password asked: another
  one would be refused the same way);
- no such login, or a login without the CONNECT privilege: check the URL's user, or the admin grants it
  (exit 3);
- the server starting up, shutting down or recovering: try again in a moment (exit 4).
Any other answer, or one in another language, is said in the server's own words (exit 4). The connection
limit's own words: :mod:`.connection_limit`. A server that took the connection and never answered (libpq's or
psycopg's "timeout expired") is said as such too (:func:`silence`, exit 4): "cannot reach" sent the person to
check a host and port that were right. No Qt here: the sentences are translated where shown."""

from __future__ import annotations

import re

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.store.errors import StoreConnectError, StoreError

# libpq's "…failed: " then the server's severity (FATAL, its translation) and a colon with two spaces
_ANSWERED = re.compile(r"failed: *([^:\n]{1,40}):  (.+)", re.DOTALL)
_STARTING = ("the database system is starting up", "the database system is shutting down",
             "the database system is in recovery mode", "the database system is not yet accepting connections",
             "the database system is not accepting connections")  # fmt: skip


class StoreRefusedError(StoreError):
    """The server refused this computer or login for good (exit 3: as an authentication refused; no password
    is asked, it would be refused the same way)."""

    exit_code = 3


def server_refusal(text: str, location: object) -> StoreError | None:
    """What the server said when it refused the connection (``text``: libpq's words as given), None when the
    server did not answer (not reached, timed out: libpq's own words)."""
    answered = _ANSWERED.search(text)
    if answered is None:
        return None
    words = " ".join(answered.group(2).split())
    lower = words.lower()
    place = str(location)
    if "no pg_hba.conf entry" in lower:
        return StoreRefusedError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "The team store at {location} refused this computer or login (its server allows no such connection: no pg_hba.conf entry). Ask the admin to allow it.",
            ).format(location=place)
        )
    if lower.startswith("role ") and "does not exist" in lower:
        return StoreRefusedError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "The team store at {location} has no such login ({words}). Check the user in the store URL, or ask the admin to create it.",
            ).format(location=place, words=words)
        )
    if "permission denied for database" in lower:
        return StoreRefusedError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "The team store at {location} does not let this login connect to its database ({words}). Ask the admin to grant it CONNECT.",
            ).format(location=place, words=words)
        )
    if any(state in lower for state in _STARTING):
        return StoreConnectError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "The team store's server at {location} is starting up or shutting down ({words}). Try again in a moment.",
            ).format(location=place, words=words)
        )
    return StoreConnectError(
        QT_TRANSLATE_NOOP(
            "store_errors", "The team store's server at {location} refused the connection: {words}"
        ).format(location=place, words=words)
    )


__all__ = ["StoreRefusedError", "server_refusal"]


def silence(text: str, location: object) -> StoreConnectError | None:
    """The connection timed out (``text``: libpq's or psycopg's words, "…timeout expired"): a server at that
    address took the connection and said nothing, or packets to it were dropped. None for any other failure."""
    if "timeout expired" not in text.lower():
        return None
    return StoreConnectError(
        QT_TRANSLATE_NOOP(
            "store_errors",
            "The team store at {location} did not answer in time. Check that its server runs and is not overloaded, and the network to it; then try again.",
        ).format(location=str(location))
    )
