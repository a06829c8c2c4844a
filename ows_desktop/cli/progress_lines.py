"""Progress on standard error, the one way every command shows it (``export``, ``case export``, ``sync``).

On a terminal: one line redrawn in place (``\\r``), at most every :attr:`ProgressLine.TERMINAL_EVERY_S`
seconds, ended with a newline at its last state. Elsewhere (a file, a pipe, a journal) only when asked with
``--progress``: a line at most every :attr:`ProgressLine.EVERY_S` seconds, the first at once and the last
always. An export of 1,800 tickets with ``--progress 2>err`` wrote 1,801 lines, one per ticket; a script
reading the file wants to see it move, not every ticket.

Whatever ends the work (done, an error, Ctrl+C), :meth:`ProgressLine.close` shows the last state not shown
yet and ends a terminal's line, so what is said next starts on a line of its own."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class ProgressLine:
    """One piece of work's progress on ``out`` (see the module docstring); ``asked``: ``--progress`` given.
    Safe to call from the threads that do the work."""

    TERMINAL_EVERY_S = 0.1
    EVERY_S = 5.0

    def __init__(self, out: Any, *, asked: bool, clock: Callable[[], float] = time.monotonic) -> None:
        self._out, self._clock, self._lock = out, clock, threading.Lock()
        self._terminal = is_terminal(out)
        self._shown = self._terminal or asked
        self._every = self.TERMINAL_EVERY_S if self._terminal else self.EVERY_S
        self._last = float("-inf")
        self._pending: str | None = None  # the latest state, not shown yet
        self._width = 0  # a terminal's line drawn and not ended: its length

    def show(self, text: str, *, last: bool = False) -> None:
        """The current state; ``last``: the work is done (always shown, and a terminal's line ended)."""
        if not self._shown:
            return
        with self._lock:
            now = self._clock()
            if not last and now - self._last < self._every:
                self._pending = text
                return
            self._last, self._pending = now, None
            self._write(text, end=last)

    def close(self) -> None:
        """Show the state not shown yet and end a terminal's line (done, failed or cancelled alike)."""
        with self._lock:
            if self._pending is not None:
                self._write(self._pending, end=True)
                self._pending = None
            elif self._width:
                self._out.write("\n")
                self._out.flush()
                self._width = 0

    def _write(self, text: str, *, end: bool) -> None:
        if self._terminal:  # redrawn in place, what a longer text left blanked out
            self._out.write("\r" + text.ljust(self._width) + ("\n" if end else ""))
            self._width = 0 if end else len(text)
        else:
            self._out.write(text + "\n")
        self._out.flush()
