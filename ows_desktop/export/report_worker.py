"""Exhibits laid out in a second process while the first collects the tickets and writes tickets.json (no Qt
here: the layout only needs the character widths export/pdf.py measured, sent as tables).

A big PDF export is two passes: every exhibit is laid out (its pages spooled) so the report knows its page
count, then every page is drawn with its "Page N of M" footer. The first pass is Python work shared with
collecting the tickets and writing tickets.json; :class:`LayoutWorker` moves the exhibits' layout to a
process of its own (``spawn``: never fork a process that runs Qt), so the two share the machine's cores.

The worker lays out exactly what :func:`~.report_exhibit.layout_exhibit` would in the parent, with the
parent's widths (the tables grow with the characters the parent measures): an exhibit with a text the tables
cannot measure (right-to-left, combining marks, emoji, a character whose glyph must be looked up, one not
measured yet) is handed back, and the parent lays it out itself, as it does every exhibit after the worker
stopped. Exhibits are queued for the worker while it starts too; once every exhibit is added, the parent lays
out the last batches not sent yet while the worker takes the first ones, so both end together. Pages land in
a :class:`PageSpool` (an unnamed temporary file) by exhibit number, whoever laid them out, so the drawn report
is the same page for page.

Over the pipes (pickled): the parent sends a :class:`WorkerSetup`, then batches ``([(ExportItem, Pictures)],
[(face id, character, advance) measured since], [(character, whether the fonts draw it) asked since])``
and finally ``None``; the worker answers ``"ready"``, per batch ``[(exhibit number, marshal bytes or None:
handed back, pages, redactions)]``, and ``"done"``. export/pdf.py's ``draw_main`` runs
:func:`worker_main` and then draws pages (:mod:`.report_drawer`): ``close(keep=True)`` and
:meth:`LayoutWorker.detach` hand it over, still running."""

from __future__ import annotations

import dataclasses
import marshal
import multiprocessing
import pickle
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ows_desktop.export.collect import ExportItem
from ows_desktop.export.formatting import NumberStyle
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_exhibit import Pictures, layout_exhibit
from ows_desktop.export.report_layout import AdvanceMetrics, Book, Face, Op

BATCH = 8  # exhibits per message (one pickle and one write for several: less work for the parent)
# Bytes sent and not laid out yet: below a pipe's buffer (64 KiB on Linux), so sending never waits.
IN_FLIGHT = 48 * 1024
# Bytes queued for the worker and not sent yet (while it starts, or is behind): beyond, the parent lays out.
QUEUED = 4 * 1024 * 1024


class NeedsParent(Exception):
    """The worker's tables cannot measure this text: the parent lays the exhibit out."""


@dataclass(frozen=True)
class WorkerSetup:
    secrets: tuple[str, ...]
    numbers: NumberStyle
    dot: float
    faces: dict[Face, int]
    heights: list[float]
    advances: list[dict[str, float]]
    geometry: tuple[float, float, float, float]  # the content box: left, top, width, bottom
    total: int  # exhibits in the report
    drawn: dict[str, bool]  # whether the report's fonts draw a character (PdfText's ``drawable``), so far


class TableMetrics(AdvanceMetrics):
    """The parent's widths; a text they do not cover is the parent's to measure."""

    def __init__(self, setup: WorkerSetup) -> None:
        super().__init__(setup.dot)
        self.ids, self.heights, self.advances = dict(setup.faces), setup.heights, setup.advances

    def face_id(self, face: Face) -> int:
        try:
            return self.ids[face]
        except KeyError:
            raise NeedsParent from None

    def missing(self, text: str, fid: int) -> float:
        raise NeedsParent


def _no_glyph_lookup(_codepoint: int) -> bool:
    raise NeedsParent


def _drawn_lookup(drawn: dict[str, bool]) -> Callable[[str], bool]:
    """The parent's answers: a character it was not asked about yet is the parent's to look up."""

    def lookup(ch: str) -> bool:
        try:
            return drawn[ch]
        except KeyError:
            raise NeedsParent from None

    return lookup


def worker_main(inbox: Any, conn: Any) -> None:
    """Entry point of the layout process: lay out each batch of exhibits sent, until ``None``."""
    setup: WorkerSetup = inbox.recv()
    redactor = Redactor(setup.secrets)
    text = PdfText(redactor, _no_glyph_lookup, drawable=_drawn_lookup(setup.drawn), numbers=setup.numbers)
    metrics = TableMetrics(setup)
    conn.send_bytes(pickle.dumps("ready"))
    while True:
        message = pickle.loads(inbox.recv_bytes())  # noqa: S301 (the parent process, through our own pipe)
        if message is None:
            conn.send_bytes(pickle.dumps("done"))
            return
        items, learned, drawn = message
        for fid, ch, width in learned:
            if fid < len(metrics.advances):
                metrics.advances[fid][ch] = width
        setup.drawn.update(drawn)
        results: list[tuple[int, bytes | None, int, int]] = []
        for item, pictures in items:
            before = redactor.count
            book = Book(metrics, *setup.geometry)
            try:
                layout_exhibit(book, item, setup.total, text, pictures)
                pages = book.finished()
                results.append((item.number, marshal.dumps(pages), len(pages), redactor.count - before))
            except Exception:  # NeedsParent, or a bug the parent then meets and reports itself
                redactor.count = before
                results.append((item.number, None, 0, 0))
        conn.send_bytes(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))


class PageSpool:
    """Each exhibit's pages (marshal bytes) in an unnamed temporary file, read back by exhibit number."""

    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".pdf-pages-")  # noqa: SIM115
        self._where: dict[int, tuple[int, int]] = {}  # exhibit number -> offset, size
        self._lock = threading.Lock()
        self.counts: dict[int, int] = {}  # exhibit number -> pages

    def put(self, number: int, data: bytes, count: int) -> None:
        with self._lock:
            offset = self._file.seek(0, 2)
            self._file.write(data)
            self._where[number] = (offset, len(data))
            self.counts[number] = count

    def pages(self, number: int) -> list[list[Op]]:
        pages: list[list[Op]] = marshal.loads(self.raw(number))  # noqa: S302 (our own unnamed file)
        return pages

    def raw(self, number: int) -> bytes:
        """The exhibit's pages as spooled (marshal bytes)."""
        with self._lock:
            offset, size = self._where[number]
            self._file.seek(offset)
            return self._file.read(size)

    def close(self) -> None:
        self._file.close()


class LayoutWorker:
    """The layout process seen from the parent: :meth:`submit` an exhibit (False: lay it out yourself, the
    worker is not ready or has stopped), :meth:`take_back` the exhibits it handed back, :meth:`close` when
    every exhibit was submitted (waits for the rest), :meth:`stop` on failure or cancel."""

    def __init__(
        self,
        setup: Callable[[], WorkerSetup],
        spool: PageSpool,
        target: Callable[[Any, Any], None] = worker_main,
    ) -> None:
        """Start the process, then make its ``setup()`` (measuring the width tables takes a while: the
        process starts meanwhile)."""
        self._spool = spool
        self._pending: dict[int, tuple[ExportItem, Pictures]] = {}
        self._back: list[tuple[ExportItem, Pictures]] = []
        self._changed = threading.Condition()
        self._ready = False
        self._alive = True
        self._finished = False  # said "done": every exhibit sent was answered
        self._batch: list[tuple[ExportItem, Pictures]] = []
        self._in_flight: deque[int] = deque()  # each batch's size, until its pages are back
        # Batches not sent yet (pickled, with their exhibits): sent from the front, taken back from the end.
        self._queue: deque[tuple[bytes, list[tuple[ExportItem, Pictures]]]] = deque()
        self._queued = 0  # bytes in _queue
        self._closing = False
        self.redactions = 0
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self._results, child_out = context.Pipe(duplex=False)
        child_in, self._conn = context.Pipe(duplex=False)
        self._process = context.Process(
            target=target, args=(child_in, child_out), name="ows-pdf-layout", daemon=True
        )
        try:
            self._process.start()
        finally:
            child_in.close()
            child_out.close()
        # The setup (the width tables) is larger than a pipe holds: sent while the worker starts, not waited for,
        # then the batches queued meanwhile and after, as the worker takes them.
        try:
            made = setup()
        except BaseException:
            self._process.terminate()
            self._process.join(5)
            self._conn.close()
            self._results.close()
            raise
        self._setup = threading.Thread(target=self._send, args=(made,), name="pdf-layout-send", daemon=True)
        self._setup.start()
        self._reader = threading.Thread(target=self._read, name="pdf-layout-results", daemon=True)
        self._reader.start()

    def _send(self, setup: WorkerSetup) -> None:
        try:
            self._conn.send(setup)
            while True:
                with self._changed:
                    self._changed.wait_for(
                        lambda: (
                            not self._alive
                            or (self._closing and not self._queue)
                            or (bool(self._queue) and sum(self._in_flight) < IN_FLIGHT)
                        )
                    )
                    if not self._alive:
                        return
                    if not self._queue:  # closing, every batch sent
                        break
                    message, _items = self._queue.popleft()
                    self._queued -= len(message)
                    self._in_flight.append(len(message))
                self._conn.send_bytes(message)
            self._conn.send_bytes(pickle.dumps(None))
        except (OSError, ValueError):
            self._stopped()

    def submit(
        self,
        item: ExportItem,
        pictures: Pictures,
        learned: list[tuple[int, str, float]],
        drawn: list[tuple[str, bool]],
    ) -> bool:
        """Queue ``item`` with the advances measured since the last one (``learned``) and whether the report's
        fonts draw the characters asked about since (``drawn``; both emptied once taken), also while the
        worker starts; False: lay it out yourself — the worker has stopped, or is far behind
        (``QUEUED`` bytes not sent yet: the parent works meanwhile rather than queues)."""
        with self._changed:
            if not self._alive or self._queued >= QUEUED:
                return False
            self._pending[item.number] = (item, pictures)
        self._batch.append(
            (dataclasses.replace(item, raw={}), pictures)
        )  # the layout never shows the raw JSON
        if learned or drawn:  # what the parent measured (laying out an exhibit handed back): sent ahead
            message = pickle.dumps(([], learned, drawn), protocol=pickle.HIGHEST_PROTOCOL)
            learned.clear()
            drawn.clear()
            with self._changed:
                self._queue.appendleft((message, []))
                self._queued += len(message)
                self._changed.notify_all()
        if len(self._batch) >= BATCH:
            self._flush()
        return True

    def _flush(self) -> None:
        if not self._batch:
            return
        message = pickle.dumps((self._batch, [], []), protocol=pickle.HIGHEST_PROTOCOL)
        numbers = [entry[0].number for entry in self._batch]
        self._batch = []
        with self._changed:
            if not self._alive:  # its exhibits were handed back
                return
            items = [self._pending[number] for number in numbers]
            self._queue.append((message, items))
            self._queued += len(message)
            self._changed.notify_all()

    def wait_ready(self, timeout: float) -> bool:
        """Whether the worker took its setup within ``timeout`` seconds (exports never wait: tests do)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._ready or not self._alive, timeout) and self._alive

    def take_back(self) -> list[tuple[ExportItem, Pictures]]:
        """The exhibits the worker handed back (or had not laid out when it stopped), in order."""
        with self._changed:
            back, self._back = self._back, []
        return sorted(back, key=lambda entry: entry[0].number)

    def close(self, lay_out: Callable[[ExportItem, Pictures], None], keep: bool = False) -> None:
        """Wait for every exhibit submitted, laying out meanwhile the last batches not sent yet (the worker
        takes the first ones: both end together) and the ones handed back. ``keep``: leave the process
        running for :meth:`detach` (a ``target`` that goes on after the layout), else end it."""
        self._flush()
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        while True:
            mine: list[tuple[ExportItem, Pictures]] = []
            with self._changed:
                if self._queue:
                    message, mine = self._queue.pop()
                    self._queued -= len(message)
                    for item, _picture in mine:
                        self._pending.pop(item.number, None)
                    self._changed.notify_all()
            for item, pictures in mine:
                lay_out(item, pictures)
            for item, pictures in self.take_back():
                lay_out(item, pictures)
            with self._changed:
                if not self._pending and not self._back:
                    break
                if not self._queue:
                    self._changed.wait(0.5)
        self._setup.join()
        if keep:
            self._reader.join()  # until "done" (or the end of the pipe: the process died)
            if self._finished and self._process.is_alive():
                return
        self.stop()

    def detach(self) -> tuple[Any, Any, Any] | None:
        """The process and its pipes (to the process, from it) after ``close(keep=True)``, now the caller's
        to end; None when it stopped."""
        if not (self._finished and self._process.is_alive()):
            self.stop()
            return None
        self._finished = False
        return self._process, self._conn, self._results

    def stop(self) -> None:
        """End the process and the reader (cancel, failure, or done)."""
        self._stopped()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(5)
        self._setup.join(5)
        self._reader.join(5)  # the worker's end of the results pipe is closed: the reader sees EOF
        self._conn.close()
        self._results.close()

    def _stopped(self) -> None:
        with self._changed:
            self._alive = False
            self._queue.clear()
            self._queued = 0
            self._back.extend(self._pending.values())
            self._pending.clear()
            self._changed.notify_all()

    def _read(self) -> None:
        try:
            while True:
                message = pickle.loads(self._results.recv_bytes())  # noqa: S301 (our own worker)
                if message == "ready":
                    with self._changed:
                        self._ready = True
                        self._changed.notify_all()
                    continue
                if message == "done":
                    self._finished = True
                    break
                for number, data, count, redactions in message:
                    if data is not None:
                        self._spool.put(number, data, count)
                    with self._changed:
                        entry = self._pending.pop(number, None)
                        if data is None and entry is not None:
                            self._back.append(entry)
                        self.redactions += redactions
                with self._changed:
                    if self._in_flight:
                        self._in_flight.popleft()
                    self._changed.notify_all()
        except (EOFError, OSError, ValueError):
            pass
        self._stopped()


__all__ = ["LayoutWorker", "PageSpool", "TableMetrics", "WorkerSetup", "worker_main"]
