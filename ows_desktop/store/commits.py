"""Whether a write from the window committed part of itself before it failed. Such a write may be several
transactions (a camera and its password flag, a case's outcome then its closing): when the server cannot be
reached after one of them committed a change, part of it was saved, and the window must not say "not saved".

The one exception to the project's "no globals" rule (CONTRIBUTING.md): a :class:`contextvars.ContextVar`
holds a :class:`Tally` only while :func:`tallying` runs (tasks/store_ops.py wraps each write from the window in
it), ``None`` anywhere else, so nothing outside such a write is counted or can see a count. The store's
writer (store/postgres/writer.py) bumps it for a transaction that committed and wrote (it was given a
transaction ID: a read-only transaction — F reading whether the ticket is flagged — is no step saved).
Passing the tally down explicitly would have to go through every store method the window calls. No Qt here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Tally:
    """What one write from the window committed so far: ``written`` transactions that changed something."""

    written: int = 0


_tally: ContextVar[Tally | None] = ContextVar("ows_desktop_write_tally", default=None)


@contextmanager
def tallying() -> Iterator[Tally]:
    """Count the transactions that commit a change while this block runs (in this thread)."""
    tally = Tally()
    token = _tally.set(tally)
    try:
        yield tally
    finally:
        _tally.reset(token)


def active() -> Tally | None:
    """The tally of the write running now, if one is counted (None: nothing to count)."""
    return _tally.get()


def committed(wrote: bool) -> None:
    """A transaction committed; ``wrote``: it changed something (counted for the write running now, if any)."""
    tally = _tally.get()
    if tally is not None and wrote:
        tally.written += 1
