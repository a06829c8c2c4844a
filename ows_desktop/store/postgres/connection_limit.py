"""A team store that refuses a connection for its connection limit (SQLSTATE 53300, too_many_connections): the
login's (``ALTER ROLE … CONNECTION LIMIT``), the database's, or the server's (``max_connections``).

The server was reached and said no: "Cannot reach the team store … check that the server runs" sent the person
to look for a server that runs. The words say what the server refused and what to do; the exit status stays 4
(a server failure: a later try succeeds once connections close). libpq hands a refused connection's text,
not its SQLSTATE, so the server's words are matched (in English: a server whose ``lc_messages`` is another
language is said in its own words: .refusals)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.store.errors import StoreConnectError

if TYPE_CHECKING:
    from psycopg import Connection

_LOGIN_FULL = ("too many connections for role",)
_SERVER_FULL = (
    "too many connections for database",
    "too many clients",
    "remaining connection slots are reserved",
)


def full_refusal(text: str, location: object) -> StoreConnectError | None:
    """The server answered and refused the connection for its connection limit (``text``: its words, lower
    case): not "cannot reach" — another try succeeds once connections close (exit 4, as for a server away)."""
    if any(words in text for words in _LOGIN_FULL):
        return StoreConnectError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "The team store at {location} refused the connection: this login already has as many connections open as the server allows it. Close other OWS Desktop windows or commands signed in with it, or ask the admin to raise its connection limit, then try again.",
            ).format(location=str(location))
        )
    if any(words in text for words in _SERVER_FULL):
        return StoreConnectError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "The team store at {location} refused the connection: the server already has as many connections open as it allows. Try again in a moment; if it keeps refusing, ask the admin to raise the server's connection limit.",
            ).format(location=str(location))
        )
    return None


def remembering() -> type[Connection[Any]]:
    """A connection class of its own for one pool, whose ``refused`` keeps the server's words (lower case; never
    a secret: libpq's text names the host and role only) when the pool's last attempt failed: a reader who
    waited in vain is told the server refused for its connection limit instead of "cannot reach"."""
    import psycopg

    from ows_desktop.store.postgres.read_deadline import AnswerDeadline

    class ReaderConnection(AnswerDeadline, psycopg.Connection[Any]):  # each answer bounded (.read_deadline)
        refused: str | None = None

        @classmethod
        def connect(cls, *args: Any, **kwargs: Any) -> Any:
            try:
                conn = super().connect(*args, **kwargs)
            except psycopg.OperationalError as exc:
                cls.refused = str(exc).lower()
                raise
            cls.refused = None
            return conn

    return ReaderConnection
