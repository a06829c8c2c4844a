"""The last exhibits' pages drawn by a second process while the exporting process draws the first ones (no Qt
here: the drawing itself is export/pdf.py's ``draw_main``, run in the child).

Drawing is most of a big PDF export and cannot start before every exhibit is laid out (each page's footer
says "Page N of M"). Qt's PDF writer holds the interpreter while it draws, so a thread would not help: the
pages after the exporter's share go to the layout process (:mod:`.report_worker`, started by export/pdf.py's
``draw_main``, which goes on drawing once the layout is done: one process start, not two). It writes them to
a second file that export/pdfjoin.py appends to the report. When it has stopped, or dies, the exporting
process draws its pages itself: the report is the same either way.

The share is chosen so both processes end together, with a margin for the drawing process: the exporter,
done with its own pages first, asks it to stop halfway through what it has left and draws the rest itself
(into its own file: the joined page tree lists the pages in order). So neither waits for the other however
the machine shares its cores.

Over the pipes (pickled): the parent sends one :class:`DrawShare`, and ``"stop"`` once done with its own
pages; the child answers with the number of pages it has drawn after each exhibit, ``("keep", n)`` to a stop
(it draws the first n exhibits of its share, the parent the rest), and ``"done"`` once its file is closed."""

from __future__ import annotations

import contextlib
import errno
import marshal
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ows_desktop.export.pdfjoin import PdfJoinError, Segment, join_pdfs
from ows_desktop.export.report_layout import Face, Op

# What each process does once every exhibit is laid out, in seconds of one core (2,000 tickets: 2,097 pages,
# measured with export/pdf.py's two processes): a page takes about PAGE_S to draw in either process; the
# exporter also draws the cover (a text document) and the index and pickles the share (FRONT_S besides the
# index's pages), then joins the files (JOIN_S per page of the second file: it reads and copies them); the
# drawing process unpickles its share and loads its fonts (START_S). The drawing process gets MARGIN_S more:
# the exporter then ends first, whatever the machine's load, and takes half of what is left (see above).
PAGE_S = 0.0018
FRONT_S = 0.25
JOIN_S = 0.00014
START_S = 0.03
MARGIN_S = 0.2


@dataclass(frozen=True)
class DrawShare:
    """What the drawing process draws: into ``path``, pages ``first_page + 1``... of ``total``, each
    exhibit's pages as spooled (marshal bytes) and their number, with the exporter's faces (in face id order)
    and footer."""

    path: str
    page_size: str
    faces: list[Face]
    footer: str  # the footer's left text, as the exporter wrote it
    first_page: int
    total: int
    exhibits: list[bytes]
    counts: list[int]


def split(counts: dict[int, int], before: int) -> int:
    """The first exhibit number the drawing process draws, to the end, or 0: none. Chosen so both processes
    end together: the exporter draws the ``before`` pages (cover, index), the exhibits before that one and
    joins the files; the drawing process draws the rest. The exporter keeps at least the first exhibit."""
    numbers = sorted(counts)
    pages = sum(counts.values())
    # FRONT_S + (before + pages - theirs) * PAGE_S + theirs * JOIN_S + MARGIN_S == START_S + theirs * PAGE_S
    fair = (FRONT_S - START_S + MARGIN_S + (before + pages) * PAGE_S) / (2 * PAGE_S - JOIN_S)
    theirs, first = 0, 0
    for n in reversed(numbers[1:]):
        if theirs + counts[n] / 2 > fair:  # the exhibit goes where it ends closer to the fair share
            break
        theirs, first = theirs + counts[n], n
    return first


def halfway(counts: list[int], drawn: int) -> int:
    """How many exhibits of its share (``counts``: their pages) the drawing process keeps when asked to stop
    after drawing ``drawn`` of them: about half the pages left (each exhibit where it ends closer to half)."""
    half = sum(counts[drawn:]) / 2
    kept, keep = 0, drawn
    while keep < len(counts) and kept + counts[keep] / 2 <= half:
        kept += counts[keep]
        keep += 1
    return keep


def draw_share(share: DrawShare, page: Callable[[list[Op]], None], inbox: Any, conn: Any) -> None:
    """In the drawing process: the share's pages, ``page(operations)`` each, saying after each exhibit how many
    pages are drawn; when the parent says "stop", only about half of what is left (``("keep", n)``)."""
    keep, done, pages = len(share.exhibits), 0, 0
    while done < keep:
        for ops in marshal.loads(share.exhibits[done]):  # noqa: S302 (spooled by the parent)
            page(ops)
            pages += 1
        done += 1
        conn.send_bytes(pickle.dumps(pages))
        if done < keep == len(share.exhibits) and inbox.poll():  # the parent, done with its pages: "stop"
            pickle.loads(inbox.recv_bytes())  # noqa: S301 (the parent process, our own pipe)
            keep = halfway(share.counts, done)
            conn.send_bytes(pickle.dumps(("keep", keep)))


class DrawingProcess:
    """The drawing process seen from the exporter: :meth:`draw` a share, :meth:`poll` the pages drawn,
    :meth:`steal` the end of its share once done with yours, :meth:`wait` for the end (False: it died, draw
    its part yourself), :meth:`stop` on failure or cancel."""

    def __init__(self, process: Any, conn: Any, results: Any) -> None:
        """The layout process, once it laid out every exhibit (:meth:`.LayoutWorker.detach`)."""
        self.drawn = 0
        self.failed = False
        self.keep: int | None = None  # the exhibits of its share it draws, once it answered a stop
        self._count = 0  # the exhibits of its share
        self._done = False
        self._process, self._conn, self._results = process, conn, results
        self._sender: threading.Thread | None = None

    def draw(self, share: DrawShare) -> None:
        """Send the share (from a thread: the child may still be starting, and the exporter draws meanwhile)."""
        message = pickle.dumps(share, protocol=pickle.HIGHEST_PROTOCOL)
        self._count = len(share.exhibits)

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
                elif isinstance(message, tuple) and message[0] == "keep":
                    self.keep = message[1]
        except (EOFError, OSError, ValueError):
            self.failed = True
        return self.drawn

    def steal(self, cancelled: Callable[[], bool]) -> int | None:
        """Ask the process to stop halfway through what it has left (this one is done with its own pages and
        draws the rest): how many exhibits of its share it draws — all when it had finished. None when it
        died or stopped, or the export is cancelled (``cancelled()`` checked in between: the caller raises)."""
        if self._sender is not None:
            self._sender.join()  # the share is sent before the stop
        if not (self._done or self.failed):
            with contextlib.suppress(OSError, ValueError):  # it ended: "done", or died (its pipe says which)
                self._conn.send_bytes(pickle.dumps("stop"))
        while self.keep is None and not (self._done or self.failed):
            if cancelled():
                return None
            self.poll(0.1)
        if self.keep is not None:
            return self.keep
        return self._count if self._done else None

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


def join_part(report: Path, order: list[Segment]) -> None:
    """Give ``report`` its pages in ``order`` (export/pdfjoin.py's segments: file 1 is the drawing process's
    :func:`part_path`, appended when listed); the part file is removed. OSError when they cannot be joined
    (the export fails with one plain line and keeps nothing)."""
    part = part_path(report)
    try:
        join_pdfs(report, part if any(source == 1 for source, _start, _stop in order) else None, order)
    except PdfJoinError as exc:  # not the PDF Qt writes: a bug to report, said in one line (no partial PDF)
        raise OSError(
            errno.EIO, f"the PDF's two parts could not be joined ({exc}); please report this"
        ) from exc
    finally:
        part.unlink(missing_ok=True)


__all__ = ["DrawShare", "DrawingProcess", "draw_share", "halfway", "join_part", "part_path", "split"]
