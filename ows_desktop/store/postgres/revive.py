"""A reader's connection that survives the server going away: the window keeps one reader open for its whole
life (the GUI thread's), so when PostgreSQL restarts or the network drops, that connection is dead for good.

:class:`RevivingConnection` stands in for the psycopg connection a :class:`~ows_desktop.store.postgres.reader.
PgTicketReader` reads through. When the connection is broken, or was borrowed before the store renewed its
pool (the server came back after an outage: the connection died with it, which it finds out only on its next
statement), it borrows a fresh one from the store's pool (the dead one goes back to its pool, which discards
it) before the next statement; a statement that fails
because the connection broke under it is run once more on a fresh connection, outside a transaction only
(a reader only reads, so running a SELECT again is harmless; inside a snapshot the caller sees the error,
but a snapshot whose BEGIN finds the connection dead begins again on a fresh one: nothing ran yet).
While the server is down the error stays a plain StoreConnectError (``translated``) and nothing is retried
in a loop: the next read tries again.

While the store's listener knows the server is away (:mod:`.outage`), every statement fails at once with that
error, before the network is touched: no connection is borrowed (each attempt would wait for its time-out),
none is used (one the server has not yet been seen to drop would wait too)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

from ows_desktop.store.postgres.read_deadline import READ_S

if TYPE_CHECKING:
    from psycopg import Connection

log = logging.getLogger(__name__)
Borrow = Callable[[], "tuple[Connection[Any], Callable[[Connection[Any]], None]]"]


class RevivingConnection:
    """The reader's connection; see the module docstring. ``borrow()`` gives a fresh pooled connection and
    how to give it back to its pool; ``check()`` raises while the server is known to be away."""

    def __init__(self, borrow: Borrow, check: Callable[[], None], answer_within: float = READ_S) -> None:
        self._borrow, self._check = borrow, check
        self._within = answer_within  # how long each statement waits for its answer (.read_deadline)
        conn, self._give_back = borrow()
        self._conn: Connection[Any] | None = conn
        self._depth = 0  # open transaction blocks: no swap, no repeat inside one

    def _live(self) -> Connection[Any]:
        self._check()  # the server is known to be away: fail now, without waiting on the network
        conn = self._conn
        if conn is not None and not (conn.broken or conn.closed or getattr(self._give_back, "stale", False)):
            return self._bounded(conn)  # (stale: borrowed before the server came back after an outage)
        if self._depth:
            assert conn is not None
            return conn  # inside a transaction: let the caller see the failure
        self._conn = None
        if conn is not None:
            self._give_back(conn)  # the pool discards a broken connection
        self._conn, self._give_back = self._borrow()  # StoreConnectError while the server is still away
        log.info("The team store's reading connection was re-established")
        return self._bounded(self._conn)

    def _bounded(self, conn: Connection[Any]) -> Connection[Any]:
        """``conn``, its answers bounded by this reader's time (a pooled connection served another reader)."""
        if hasattr(conn, "answer_within"):  # the readers' pool's connection class (.read_deadline)
            conn.answer_within = self._within
        return conn

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        import psycopg

        conn = self._live()
        try:
            return conn.execute(*args, **kwargs)
        except psycopg.OperationalError:
            if self._depth or not conn.broken:
                raise
        return self._live().execute(*args, **kwargs)  # once, on a fresh connection

    def cursor(self, *args: Any, **kwargs: Any) -> Any:
        return self._live().cursor(*args, **kwargs)

    @contextmanager
    def transaction(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        import psycopg

        conn = self._live()
        with ExitStack() as stack:
            try:
                tx = stack.enter_context(conn.transaction(*args, **kwargs))
            except psycopg.OperationalError:
                if self._depth or not conn.broken:
                    raise
                # BEGIN found the connection dead (the server restarted since its last read): nothing ran yet,
                # so once more on a fresh one. Outside the block still (the depth counts only a BEGIN that
                # succeeded): while the server is still away, this raises and the next read borrows again.
                conn = self._live()
                tx = stack.enter_context(conn.transaction(*args, **kwargs))
            self._depth += 1
            try:
                yield tx
            finally:
                self._depth -= 1

    @property
    def closed(self) -> bool:
        return self._conn is None or bool(self._conn.closed)

    @property
    def broken(self) -> bool:
        return self._conn is not None and bool(self._conn.broken)

    def release(self) -> None:
        """Give the connection back to the pool (the reader closes)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            self._give_back(conn)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._live(), name)
