"""A read the team store's server never answers ends after a bound, said in plain words.

TCP keep-alives and libpq's ``tcp_user_timeout`` end a read whose network died; a server that is alive and does
not answer — its backend stopped (a paused VM, a debugger, SIGSTOP), a server swapping itself to death, a query
waiting on a lock an administrator's ``ALTER TABLE`` holds — kept the read waiting for ever, the kernel still
acknowledging every packet. On the window's GUI thread that froze the window; in a job, closing the window waited
for it. Measured on the throwaway cluster: a read on a stopped backend returned only when the backend was
continued, 70 s later (2026-12-07).

Every statement on a reader's connection now waits at most its bound for the whole answer (psycopg's own wait,
given a time-out): :data:`INTERACTIVE_READ_S` for the reads a person waits on (the window's own reader:
``store.reader(interactive=True)``), :data:`READ_S` for any other (jobs, the command line). Past it the
connection is closed — its protocol state is unknown, so it is never used again: the pool discards it and the
reader's next statement borrows a fresh one — and the read fails with :func:`unanswered` (exit 4). Nothing is
written through a reader, so nothing is lost. The writer's connection is not bounded: a sync's commit or a rules
run over millions of tickets may rightly take minutes. No Qt here."""

from __future__ import annotations

from typing import Any

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.store.errors import StoreConnectError

# The reads a person waits on are a page of rows, a receipt, a count capped at 10,000: 0.1 s at most at 5 M
# tickets (tests/bench/RESULTS.md, bench_team_search), so 15 s is a server that is not answering.
INTERACTIVE_READ_S = 15.0
# A job's or a script's read: listings of every ticket of a store (one text of 16 hex digits a row) included.
READ_S = 120.0
# The pool's look at a connection before it lends it (an empty statement): a stopped backend held each look for
# the reader's bound, one pooled connection after another (a tester: the window frozen for minutes).
CHECK_S = 3.0
# What the readers' pool remembers of a connection that did not answer (its ``refused``, see
# connection_limit.remembering): a reader who then waited in vain for one is told "did not answer in time".
NOT_ANSWERED = "timeout expired: a connection did not answer"


class AnswerDeadline:
    """Mixed into the readers' pool's connection class (``psycopg.Connection``): each wait for the server's
    answer is bounded by :attr:`answer_within` seconds (set by the reader using the connection)."""

    answer_within: float = READ_S

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        import psycopg

        if timeout is not None:  # psycopg's own bounded waits (a cancel): as they are
            return super().wait(gen, interval, timeout)  # type: ignore[misc]
        within = self.answer_within
        try:
            return super().wait(gen, interval, within)  # type: ignore[misc]
        except psycopg.OperationalError as exc:
            if (
                type(exc).__name__ != "_WaitTimeout"
            ):  # psycopg's time-out (internal): not a failure it reports
                raise
            self.close()  # type: ignore[attr-defined]  # mid-answer: never used again
            if hasattr(type(self), "refused"):  # a reader who then waits in vain hears "did not answer"
                type(self).refused = NOT_ANSWERED  # type: ignore[attr-defined]
            error = psycopg.OperationalError(f"no answer within {within:g} s")
            error.unanswered_s = within  # type: ignore[attr-defined]
            raise error from None


def unanswered(location: object, seconds: float) -> StoreConnectError:
    """The server at ``location`` did not answer a read within ``seconds``."""
    return StoreConnectError(
        QT_TRANSLATE_NOOP(
            "store_errors",
            "The team store at {location} did not answer a read within {seconds} s, so OWS Desktop stopped waiting. Check that its server runs and is not overloaded, then try again.",
        ).format(location=str(location), seconds=f"{seconds:g}")
    )


def check_answering(conn: Any) -> None:
    """The readers' pool's check of a connection before lending it (psycopg_pool's own check), its answer
    bounded by :data:`CHECK_S`: a connection that does not answer is dropped and another one tried."""
    from psycopg_pool import ConnectionPool

    bound, conn.answer_within = conn.answer_within, CHECK_S  # the pool's connections are AnswerDeadline's
    try:
        ConnectionPool.check_connection(conn)
    finally:
        conn.answer_within = bound
