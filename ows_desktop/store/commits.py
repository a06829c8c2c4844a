"""How many transactions this thread has committed to the team store. A write from the window may be several
transactions (a camera and its password flag, a case's outcome then its closing): when the server cannot be
reached after one of them committed, part of it was saved, and the window must not say "not saved"
(tasks/store_ops.py counts them around each write). No Qt here."""

from __future__ import annotations

import threading

_here = threading.local()


def committed() -> None:
    """A transaction of this thread committed (store/postgres/writer.py)."""
    _here.count = count() + 1


def count() -> int:
    """Transactions this thread committed so far."""
    return int(getattr(_here, "count", 0))
