"""The PDF's drawing process (#14: the layout process, once every exhibit is laid out): a report whose last
exhibits were drawn by a second process and joined to the first process's pages reads and looks the same, page for page (pdftotext, pdftoppm), as one drawn in a
single process — also when that process dies; a cancel ends it and leaves nothing behind."""

from __future__ import annotations

import multiprocessing
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from review_helpers import store_flagged_exhibits

from ows_desktop.export import (
    ExportCancelled,
    ExportTargetError,
    Selection,
    bundle,
    export_tickets,
    pdfjoin,
    report_drawer,
    report_pages,
    report_worker,
)
from ows_desktop.export import pdf as pdf_module
from ows_desktop.store import TicketStore

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
WORDS = ["Crème brûlée", "売上高テスト 菓子", "Kimchi 김치 400g", "شاي أخضر", "Party 🎉 pack", "Long " * 30]
TICKETS = 24


@pytest.fixture(autouse=True)
def one_export_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every export has its own id (random), printed on each page's footer; the reports compared here are
    made at the same time (NOW) and must differ in nothing but how they were drawn, so they share one."""
    monkeypatch.setattr(bundle, "export_id", lambda created: f"OWS-{created:%Y%m%d-%H%M%S}-0A0B0C0D")


@pytest.fixture
def many(store: TicketStore) -> TicketStore:
    store_flagged_exhibits(store, TICKETS, WORDS, long_ticket=20)
    return store


@pytest.fixture
def shares(monkeypatch: pytest.MonkeyPatch, qapp: object) -> list[report_drawer.DrawShare]:
    """Every PDF gets a drawing process; the shares it was sent."""
    sent: list[report_drawer.DrawShare] = []
    real = report_drawer.DrawingProcess.draw

    def draw(self: report_drawer.DrawingProcess, share: report_drawer.DrawShare) -> None:
        sent.append(share)
        real(self, share)

    monkeypatch.setattr(report_drawer.DrawingProcess, "draw", draw)
    monkeypatch.setattr(report_pages, "DRAWING_PROCESS_FROM", 1)
    monkeypatch.setattr(report_pages, "LAYOUT_PROCESS_FROM", 1)
    return sent


def export(store: TicketStore, out: Path, **kwargs: object) -> Path:
    with store.reader() as reader:
        export_tickets(reader, Selection.flagged(), "pdf", out, now=NOW, **kwargs)  # type: ignore[arg-type]
    return out / "case-report.pdf"


def alone(store: TicketStore, out: Path) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_pages, "DRAWING_PROCESS_FROM", 10**9)
        mp.setattr(report_pages, "LAYOUT_PROCESS_FROM", 10**9)
        return export(store, out)


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1]


def pictures(pdf: Path, folder: Path) -> list[bytes]:
    """Each page drawn at 40 dpi (PNG files, in page order)."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(folder / "p")], check=True)
    return [p.read_bytes() for p in sorted(folder.glob("p-*.png"))]


def no_drawing_process_left() -> bool:
    deadline = time.monotonic() + 10
    while any(c.name == "ows-pdf-layout" for c in multiprocessing.active_children()):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_pages_drawn_by_a_second_process_read_and_look_the_same(
    many: TicketStore, tmp_path: Path, shares: list[report_drawer.DrawShare]
) -> None:
    one = alone(many, tmp_path / "alone")
    two = export(many, tmp_path / "two")
    assert shares and len(shares[0].exhibits) >= 5, "the drawing process drew (almost) nothing"
    text = pages_text(two)
    assert text == pages_text(one)
    assert len(text) > TICKETS + 2
    assert all(f"Page {n} of {len(text)}" in page for n, page in enumerate(text, 1))
    assert f"EXHIBIT {TICKETS} OF {TICKETS}" in text[-1] or f"EXHIBIT {TICKETS} OF {TICKETS}" in text[-2]
    assert pictures(two, tmp_path / "p2") == pictures(one, tmp_path / "p1")
    assert sorted(p.name for p in two.parent.iterdir()) == sorted(p.name for p in one.parent.iterdir())
    # The joined file's structure (cross-reference table, page tree, object numbers) is valid as written:
    # poppler repairs a broken one silently, qpdf says so (exit 2 errors, 3 warnings).
    checked = subprocess.run(["qpdf", "--check", str(two)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_when_the_drawing_process_dies_this_one_draws_its_pages(
    many: TicketStore, tmp_path: Path, shares: list[report_drawer.DrawShare]
) -> None:
    one = alone(many, tmp_path / "alone")

    def pages(_page: int, _pages: int) -> None:  # the exporter drew its first exhibit: the process draws
        for child in multiprocessing.active_children():
            if child.name == "ows-pdf-layout":
                child.kill()

    two = export(many, tmp_path / "killed", page_progress=pages)
    assert shares, "no share was sent"
    assert pages_text(two) == pages_text(one)
    assert not list(two.parent.glob(".*"))  # no part file left


def hanging_draw(inbox: Any, conn: Any) -> None:
    """A layout process that lays out, takes its share of the drawing and never finishes (a cancel ends it)."""
    report_worker.worker_main(inbox, conn)
    inbox.recv_bytes()
    time.sleep(600)


def test_a_cancel_while_drawing_ends_the_drawing_process_and_leaves_nothing(
    many: TicketStore, tmp_path: Path, shares: list[report_drawer.DrawShare], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "draw_main", hanging_draw)
    cancel = threading.Event()
    out = tmp_path / "exports" / "case"
    before = set(tmp_path.rglob("*"))

    def pages(_page: int, _pages: int) -> None:
        cancel.set()

    with pytest.raises(ExportCancelled):
        export(many, out, page_progress=pages, cancel=cancel)
    assert shares, "the drawing process was not sent its pages"
    assert no_drawing_process_left(), "the drawing process is still running"
    assert set(tmp_path.rglob("*")) == before  # no export folder, no staging folder, no part file


def test_parts_that_cannot_be_joined_fail_the_export_in_one_plain_line_and_keep_nothing(
    many: TicketStore, tmp_path: Path, shares: list[report_drawer.DrawShare], monkeypatch: pytest.MonkeyPatch
) -> None:
    def join(_first: Path, _second: Path | None, _order: object) -> int:
        raise pdfjoin.PdfJoinError("no single cross-reference table")

    monkeypatch.setattr(report_drawer, "join_pdfs", join)
    out = tmp_path / "exports" / "case"
    before = set(tmp_path.rglob("*"))
    with pytest.raises(ExportTargetError) as failed:
        export(many, out)
    assert shares
    assert "\n" not in str(failed.value)
    assert "could not be joined (no single cross-reference table)" in str(failed.value)
    assert set(tmp_path.rglob("*")) == before


def test_the_exporter_which_also_draws_the_cover_and_index_and_joins_gives_the_drawing_process_more_pages() -> (
    None
):
    counts = {n: 1 + n % 2 for n in range(1, 1401)}  # 2,100 pages of exhibits
    before = 47  # cover and index, drawn by the exporter
    first = report_drawer.split(counts, before)
    theirs = sum(c for n, c in counts.items() if n >= first)
    mine = sum(counts.values()) - theirs
    assert 1 < first <= max(counts)  # the exporter keeps the first exhibits, the drawing process the last
    assert theirs > before + mine  # the exporter's other work (cover, join) counts too
    assert theirs < 2 * (before + mine)
    assert report_drawer.split({1: 3}, before) == 0  # one exhibit: the exporter draws it


def slow_draw(inbox: Any, conn: Any) -> None:
    """A drawing process that takes 50 ms a page (a machine busy elsewhere): the exporter ends first."""
    real = pdf_module.PageDrawer.page

    def page(self: pdf_module.PageDrawer, ops: list) -> None:
        time.sleep(0.05)
        real(self, ops)

    pdf_module.PageDrawer.page = page  # type: ignore[method-assign]
    pdf_module.draw_main(inbox, conn)


@pytest.fixture
def steals(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int | None, int]]:
    """A slow drawing process; what it answered when the exporter, done, asked it to stop (exhibits it keeps,
    exhibits in its share)."""
    monkeypatch.setattr(pdf_module, "draw_main", slow_draw)
    answers: list[tuple[int | None, int]] = []
    real = report_drawer.DrawingProcess.steal

    def steal(self: report_drawer.DrawingProcess, cancelled: Any) -> int | None:
        answers.append((real(self, cancelled), self._count))
        return answers[-1][0]

    monkeypatch.setattr(report_drawer.DrawingProcess, "steal", steal)
    return answers


def test_when_the_drawing_process_is_behind_the_exporter_draws_its_last_exhibits_and_the_report_is_the_same(
    many: TicketStore, tmp_path: Path, shares: list[report_drawer.DrawShare], steals: list
) -> None:
    one = alone(many, tmp_path / "alone")
    two = export(many, tmp_path / "two")
    [(keep, count)] = steals
    assert keep is not None and 0 < keep < count - 2, "the exporter drew none of the drawing process's share"
    assert pages_text(two) == pages_text(one)
    assert pictures(two, tmp_path / "p2") == pictures(one, tmp_path / "p1")
    checked = subprocess.run(["qpdf", "--check", str(two)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert not list(two.parent.glob(".*"))  # no part file left


def test_when_the_drawing_process_dies_after_the_exporter_took_its_last_exhibits_the_report_is_the_same(
    many: TicketStore, tmp_path: Path, shares: list[report_drawer.DrawShare], steals: list
) -> None:
    one = alone(many, tmp_path / "alone")

    def pages(_page: int, _pages: int) -> None:  # the exporter draws the exhibits it took: the process dies
        if steals:
            for child in multiprocessing.active_children():
                if child.name == "ows-pdf-layout":
                    child.kill()

    two = export(many, tmp_path / "killed", page_progress=pages)
    [(keep, count)] = steals
    assert keep is not None and keep < count, "the exporter took none of the drawing process's share"
    assert pages_text(two) == pages_text(one)
    checked = subprocess.run(["qpdf", "--check", str(two)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert not list(two.parent.glob(".*"))
