"""The PDF's layout process (#14): a report whose exhibits were laid out in a second process is the same, page
for page, as one laid out in the exporting process — Latin, CJK, right-to-left and emoji text, a receipt
longer than a page — also when that process dies midway; a cancel ends it and leaves nothing behind."""

from __future__ import annotations

import multiprocessing
import re
import threading
import time
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from review_helpers import T0, ln, store_flagged_exhibits, tk

from ows_desktop.export import ExportCancelled, Selection, bundle, export_tickets, report_pages, report_worker
from ows_desktop.export import pdf as pdf_module
from ows_desktop.store import TicketStore

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
WORDS = ["Crème brûlée", "売上高テスト 菓子", "Kimchi 김치 400g", "Long " * 30]
SHAPED = {
    3: "شاي أخضر",
    6: "Party 🎉 pack",
}  # measured by Qt in the parent: tickets 3, 13, 23... and 6, 16...
TICKETS = 40


@pytest.fixture(autouse=True)
def one_export_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every export has its own id (random), printed on each page's footer; the reports compared here are
    made at the same time (NOW) and must differ in nothing but how they were drawn, so they share one."""
    monkeypatch.setattr(bundle, "export_id", lambda created: f"OWS-{created:%Y%m%d-%H%M%S}-0A0B0C0D")


@pytest.fixture
def many(store: TicketStore) -> TicketStore:
    store_flagged_exhibits(
        store,
        TICKETS,
        WORDS,
        long_ticket=7,
        extra=lambda i: (ln("X", description=SHAPED[i % 10]),) if i % 10 in SHAPED else (),
    )
    return store


@pytest.fixture
def ready_worker(monkeypatch: pytest.MonkeyPatch, qapp: object) -> list[report_worker.LayoutWorker]:
    """Every PDF gets a layout process, and the export waits until it is up (so it lays out exhibits)."""
    started: list[report_worker.LayoutWorker] = []
    real = report_pages.LayoutWorker

    def start(*args: object) -> report_worker.LayoutWorker:
        worker = real(*args)  # type: ignore[arg-type]
        assert worker.wait_ready(60), "the layout process did not start"
        started.append(worker)
        return worker

    monkeypatch.setattr(report_pages, "LayoutWorker", start)
    monkeypatch.setattr(report_pages, "LAYOUT_PROCESS_FROM", 1)
    monkeypatch.setattr(
        report_pages, "DRAWING_PROCESS_FROM", 10**9
    )  # pages drawn here: compared byte for byte
    return started


def export(store: TicketStore, out: Path, **kwargs: object) -> None:
    with store.reader() as reader:
        export_tickets(reader, Selection.flagged(), "pdf", out, now=NOW, **kwargs)  # type: ignore[arg-type]


def page_streams(pdf: Path) -> list[bytes]:
    """Each page's drawing operations, uncompressed, in page order (the file's dates and ids aside)."""
    data = pdf.read_bytes()
    streams = [
        zlib.decompressobj().decompress(data[m.end() :])
        for m in re.finditer(rb"/Filter /FlateDecode\n>>\nstream\n", data)
    ]
    return [s for s in streams if b" Tj" in s]


def parent_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    laid_out: list[int] = []
    real = report_pages.ExhibitPages.lay_out

    def lay_out(self: report_pages.ExhibitPages, item, picture) -> None:  # type: ignore[no-untyped-def]
        laid_out.append(item.number)
        real(self, item, picture)

    monkeypatch.setattr(report_pages.ExhibitPages, "lay_out", lay_out)
    return laid_out


def sequential_pages(many: TicketStore, tmp_path: Path) -> list[bytes]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_pages, "LAYOUT_PROCESS_FROM", 10**9)
        mp.setattr(report_pages, "DRAWING_PROCESS_FROM", 10**9)
        export(many, tmp_path / "alone")
    return page_streams(tmp_path / "alone" / "case-report.pdf")


def test_a_report_laid_out_in_a_second_process_is_the_same_page_for_page(
    many: TicketStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ready_worker: list
) -> None:
    alone = sequential_pages(many, tmp_path)
    laid_out = parent_layouts(monkeypatch)
    export(many, tmp_path / "shared")
    assert ready_worker, "no layout process was started"
    assert TICKETS - len(laid_out) >= 5, "the layout process laid out (almost) nothing"
    assert {3, 6} <= set(laid_out), "right-to-left and emoji exhibits are the parent's to lay out"
    shared = page_streams(tmp_path / "shared" / "case-report.pdf")
    assert len(shared) == len(alone) > TICKETS
    assert shared == alone


def test_when_the_layout_process_dies_the_parent_lays_out_the_rest(
    many: TicketStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ready_worker: list
) -> None:
    alone = sequential_pages(many, tmp_path)

    def progress(done: int, _total: int) -> None:
        if done == 10:
            for child in multiprocessing.active_children():
                if child.name == "ows-pdf-layout":
                    child.kill()

    export(many, tmp_path / "killed", progress=progress)
    assert page_streams(tmp_path / "killed" / "case-report.pdf") == alone


def test_a_cancel_ends_the_layout_process_and_leaves_nothing(
    many: TicketStore, tmp_path: Path, ready_worker: list
) -> None:
    cancel = threading.Event()
    out = tmp_path / "exports" / "case"
    before = set(tmp_path.rglob("*"))

    def progress(done: int, _total: int) -> None:
        if done == 20:
            cancel.set()

    with pytest.raises(ExportCancelled):
        export(many, out, progress=progress, cancel=cancel)
    assert ready_worker
    deadline = time.monotonic() + 10
    while any(c.name == "ows-pdf-layout" for c in multiprocessing.active_children()):
        assert time.monotonic() < deadline, "the layout process is still running"
        time.sleep(0.05)
    assert set(tmp_path.rglob("*")) == before  # no export folder, no staging folder, no spooled pages


def slow_start(inbox: object, conn: object) -> None:
    """A layout process that takes a while to start (as on a busy machine), then lays out."""
    time.sleep(1.0)
    report_worker.worker_main(inbox, conn)


@pytest.fixture
def latin(store: TicketStore) -> TicketStore:
    """Tickets whose text the layout process measures from the start (Latin-1 only)."""
    store.upsert_tickets(
        [
            tk(f"T-{i:03d}", start=T0 + timedelta(minutes=i), lines=(ln("S", description="Crème brûlée"),))
            for i in range(TICKETS)
        ]
    )
    store.review.flag_tickets([f"T-{i:03d}" for i in range(TICKETS)], reason="r", note="note", who="jane")
    return store


def test_exhibits_added_while_the_layout_process_starts_are_laid_out_by_it(
    latin: TicketStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    alone = sequential_pages(latin, tmp_path)
    monkeypatch.setattr(pdf_module, "draw_main", slow_start)
    monkeypatch.setattr(report_pages, "LAYOUT_PROCESS_FROM", 1)
    monkeypatch.setattr(report_pages, "DRAWING_PROCESS_FROM", 10**9)
    real_close = report_pages.ExhibitPages.close

    def close(self: report_pages.ExhibitPages) -> None:  # once the process has laid out what it was sent
        deadline = time.monotonic() + 60
        while len(self.spool.counts) < TICKETS and time.monotonic() < deadline:
            time.sleep(0.05)
        real_close(self)

    monkeypatch.setattr(report_pages.ExhibitPages, "close", close)
    laid_out = parent_layouts(monkeypatch)
    export(latin, tmp_path / "slow")
    assert laid_out == [], "the exporter laid out exhibits while the layout process started"
    assert page_streams(tmp_path / "slow" / "case-report.pdf") == alone
