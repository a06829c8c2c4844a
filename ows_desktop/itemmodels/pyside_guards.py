"""Guards of the ticket table model (itemmodels/tickets.py) against what would crash the interpreter: a reader
used after the model closed it, and PySide6 6.12.0's multiData on Python < 3.12."""

from __future__ import annotations

import sys
from typing import Any

import PySide6

# PySide6 6.12.0 on Python < 3.12 drops a reference to None in QModelRoleData.setData()/clearData() (and to
# True in Signal.emit()), which soon aborts the interpreter; there the model keeps Qt's default multiData
# (one data() call per role). Immortal None (3.12+) and other PySide6 versions get the single call.
MULTIDATA_OVERRIDE = sys.version_info >= (3, 12) or tuple(PySide6.__version_info__[:2]) != (6, 12)


class ClosedReader:
    """What a closed model reads from: any use says the reader is closed (instead of a closed connection's
    error, or a crash)."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("the ticket reader is closed")
