"""The last exhibits' pages drawn by a second process while the exporting process draws the first ones (no Qt
here: the drawing itself is export/pdf.py's ``draw_main``, run in the child).

Drawing is most of a big PDF export and cannot start before every exhibit is laid out (each page's footer
says "Page N of M"). Qt's PDF writer holds the interpreter while it draws, so a thread would not help: the
pages after the exporter's share go to the layout process (:mod:`.report_worker`, started by export/pdf.py's
``draw_main``, which goes on drawing once the layout is done: one process start, not two). It writes them to
a second file that export/pdfjoin.py appends to the report. When it has stopped, or dies, the exporting
process draws its pages itself: the report is the same either way.

Over the pipes (pickled): the parent sends one :class:`DrawShare`; the child answers with the number of
pages it has drawn after each exhibit, and ``"done"`` once its file is closed."""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ows_desktop.export.pdfjoin import PdfJoinError, join_pdfs
from ows_desktop.export.report_layout import Face

# The share of the pages given to the drawing process: the exporter also draws the cover and joins the files.
SHARE = 0.5


@dataclass(frozen=True)
class DrawShare:
    """What the drawing process draws: into ``path``, pages ``first_page + 1``... of ``total``, each
    exhibit's pages as spooled (marshal bytes), with the exporter's faces (in face id order) and footer."""

    path: str
    page_size: str
    faces: list[Face]
    footer: str  # the footer's left text, as the exporter wrote it
    first_page: int
    total: int
    exhibits: list[bytes]


def split(counts: dict[int, int], total: int) -> int:
    """The first exhibit number the drawing process draws (its exhibits, to the end, hold at most ``SHARE``
    of the ``total`` pages; the exporter keeps at least the first), or 0: none."""
    numbers = sorted(counts)
    theirs, first = 0, 0
    for n in reversed(numbers[1:]):
        if theirs + counts[n] > total * SHARE:
            break
        theirs, first = theirs + counts[n], n
    return first


class DrawingProcess:
    """The drawing process seen from the exporter: :meth:`draw` a share, :meth:`poll` the pages drawn,
    :meth:`wait` for the end (False: it died, draw the share yourself), :meth:`stop` on failure or cancel."""

    def __init__(self, process: Any, conn: Any, results: Any) -> None:
        """The layout process, once it laid out every exhibit (:meth:`.LayoutWorker.detach`)."""
        self.drawn = 0
        self.failed = False
        self._done = False
        self._process, self._conn, self._results = process, conn, results
        self._sender: threading.Thread | None = None

    def draw(self, share: DrawShare) -> None:
        """Send the share (from a thread: the child may still be starting, and the exporter draws meanwhile)."""
        message = pickle.dumps(share, protocol=pickle.HIGHEST_PROTOCOL)

        def send() -> None:
            try:
                self._conn.send_bytes(message)
            except (OSError, ValueError):
                self.failed = True

        self._sender = threading.Thread(target=send, name="pdf-draw-share", daemon=True)
        self._sender.start()

    def poll(self, timeout: float = 0.0) -> int:
        """Read what the child said (waiting up to ``timeout`` seconds for a first word); pages drawn so far."""
        try:
            while not self._done and not self.failed and self._results.poll(timeout):
                timeout = 0.0
                message = pickle.loads(self._results.recv_bytes())  # noqa: S301 (our own child)
                if message == "done":
                    self._done = True
                elif isinstance(message, int):
                    self.drawn = message
        except (EOFError, OSError, ValueError):
            self.failed = True
        return self.drawn

    def wait(self, cancelled: Callable[[], bool], progress: Callable[[int], None]) -> bool:
        """Until the child has drawn and closed its file (True), died (False) or the export is cancelled
        (``cancelled()`` checked in between: the caller raises); ``progress(pages drawn)`` meanwhile."""
        while not (self._done or self.failed):
            if cancelled():
                return False
            drawn = self.drawn
            if self.poll(0.1) != drawn:
                progress(self.drawn)
        return self._done

    def stop(self) -> None:
        """End the process (cancel, failure, or done)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(5)
        if self._sender is not None:
            self._sender.join(5)
        for conn in (self._conn, self._results):
            with contextlib.suppress(OSError):
                conn.close()


def part_path(report: Path) -> Path:
    """The drawing process's file, next to the report (removed once joined)."""
    return report.with_name(f".{report.name}.second")


def join_part(report: Path) -> None:
    """Append the drawing process's pages (:func:`part_path`) to ``report``; the part file is removed.
    OSError when they cannot be joined (the export fails with one plain line and keeps nothing)."""
    part, joined = part_path(report), report.with_name(f".{report.name}.joined")
    try:
        with joined.open("wb") as out:
            join_pdfs(report, part, out)
        os.replace(joined, report)
    except PdfJoinError as exc:  # not the PDF Qt writes: a bug to report, said in one line (no partial PDF)
        raise OSError(
            errno.EIO, f"the PDF's two parts could not be joined ({exc}); please report this"
        ) from exc
    finally:
        part.unlink(missing_ok=True)
        joined.unlink(missing_ok=True)


__all__ = ["SHARE", "DrawShare", "DrawingProcess", "join_part", "part_path", "split"]
