"""Text in a script the evidence PDF's fonts cannot draw is named where it stands — ``[Devanagari text:
6 characters, not drawable here — see tickets.json]`` — and the text around it is kept. Before, Thai and
Ethiopic came out as hollow boxes, Devanagari, Tamil, Khmer and Sinhala as solid black boxes that looked
like redactions and took the "; " after them along, pdftotext found nothing, and the export printed ~170
lines of Qt's "OpenType support missing" on stderr. What the fonts draw (Latin, Cyrillic, Greek, Georgian,
Arabic, Hebrew, CJK, Hangul) is drawn as before.

The export runs in a child process whose fontconfig knows only the DejaVu fonts (as the CJK font test does):
which scripts no font draws is then the same on every machine."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import textwrap
import time
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dejavu_only import export_in_child, needs_dejavu
from review_helpers import ln, tk

from ows_desktop.export import Selection, bundle, export_tickets, report_pages, report_worker
from ows_desktop.export import pdf as pdf_module
from ows_desktop.export.pdfscripts import name_undrawn
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.store import TicketStore

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
NOTE = (
    "Scripts: Thai ภาษาไทย; Devanagari हिन्दी; Tamil தமிழ்; Georgian ქართული; Ethiopic አማርኛ; Khmer ខ្មែរ; "
    "Sinhala සිංහල; end."
)
DRAWN = "Кириллица Ελληνικά العربية עברית 売上高 김치 Crème"  # scripts the report's fonts draw


def named(script: str, count: int) -> str:
    return (
        f"[{script} text: {count} character{'s' if count > 1 else ''}, not drawable here — see tickets.json]"
    )


NAMED = (
    f"Scripts: Thai {named('Thai', 7)}; Devanagari {named('Devanagari', 6)}; Tamil {named('Tamil', 5)}; "
    f"Georgian ქართული; Ethiopic {named('Ethiopic', 4)}; Khmer {named('Khmer', 5)}; "
    f"Sinhala {named('Sinhala', 5)}; end."
)

EXPORT = textwrap.dedent(
    f"""
    import sys
    from review_helpers import ln, tk
    from ows_desktop.export import Selection, export_tickets
    from ows_desktop.store import open_store

    with open_store(sys.argv[1]) as store:
        lines = (ln("SKU1", description={NOTE!r}), ln("SKU2", description={DRAWN!r}))
        store.upsert_tickets([tk("T-1", lines=lines)])
        store.review.flag_ticket("T-1", reason="r", note={NOTE!r}, who="jane")
        with store.reader() as reader:
            export_tickets(reader, Selection.flagged(), "pdf", sys.argv[2])
    """
)


def filled_outlines(pdf: Path) -> int:
    """Shapes filled on the PDF's pages that are not rectangles (``re``): Qt's box engine draws each
    character of a script it cannot shape as a filled square outline in the text's colour; text is glyphs."""
    data = pdf.read_bytes()
    count = 0
    for match in re.finditer(rb"/Filter /FlateDecode\n>>\nstream\n", data):
        stream = zlib.decompressobj().decompress(data[match.end() :])
        if b" Tj" not in stream:
            continue
        outline = False
        for line in stream.split(b"\n"):
            op = line.rsplit(b" ", 1)[-1]
            if op == b"m":
                outline = True
            elif op in (b"f", b"f*", b"B", b"B*", b"b", b"b*"):
                count += outline
                outline = False
            elif op in (b"S", b"s", b"n"):
                outline = False
    return count


@needs_dejavu
def test_text_no_font_draws_is_named_in_place_and_the_text_around_it_kept(tmp_path: Path) -> None:
    done, pdf = export_in_child(EXPORT, tmp_path)
    assert done.returncode == 0, done.stderr
    out = pdf.parent
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join(text.split())
    assert words.count(NAMED) == 3, words  # the line's description, the investigator's note, the audit trail
    for drawn in ("Кириллица Ελληνικά", "売上高 김치 Crème", "עברית"):
        assert drawn in words
    assert "[Arabic" not in words and "[Hebrew" not in words and "[Greek" not in words
    assert filled_outlines(pdf) == 0, "characters drawn as filled boxes"
    data = json.loads((out / "tickets.json").read_text(encoding="utf-8"))
    ticket = data["tickets"][0]
    assert ticket["notes"][0]["text"] == NOTE  # the data file holds the text whole
    assert ticket["normalised"]["lines"][0]["description"] == NOTE
    # No "OpenType support missing" per font and script on stderr: one plain line says what the PDF names.
    said = done.stderr.strip().splitlines()
    assert len(said) == 1 and "qt.text.font.db" not in done.stderr, done.stderr
    assert "Devanagari" in said[0] and "Georgian" not in said[0]


def asked_about(undrawable: Callable[[str], bool]) -> tuple[PdfText, list[str]]:
    asked: list[str] = []

    def drawable(ch: str) -> bool:
        asked.append(ch)
        return not undrawable(ch)

    return PdfText(Redactor(()), drawable=drawable), asked


def devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f"


def test_a_run_of_undrawable_text_is_one_placeholder_and_its_neighbours_stay() -> None:
    text, asked = asked_about(devanagari)
    assert text.text("Devanagari हिन्दी भाषा; next") == f"Devanagari {named('Devanagari', 11)}; next"
    assert text.text("a हिन्दी  b") == f"a {named('Devanagari', 6)}  b"  # spaces after the run are kept
    assert text.text("Crème brûlée ქართული") == "Crème brûlée ქართული"  # drawn: as typed
    assert text.text("x\u0939\u0301 \u202eई") == f"x{named('Devanagari', 2)} [RLO]{named('Devanagari', 1)}"
    assert text.text("plain ASCII; no questions") == "plain ASCII; no questions"
    assert sorted(asked) == sorted(set(asked)), "each character is asked about once"
    assert not [ch for ch in asked if ch.isascii()]


def test_undrawable_runs_of_two_scripts_and_a_character_of_none() -> None:
    undrawn = set("ภาษาไทยहिन्दी\u02b0")
    assert name_undrawn("ภาษาไทยहिन्दी", undrawn, "tickets.json") == named("Thai", 7) + named("Devanagari", 6)
    assert name_undrawn("a\u02b0b", undrawn, "data.json") == "a[MODIFIER LETTER SMALL H]b"
    assert name_undrawn("ภ", undrawn, "x.json") == "[Thai text: 1 character, not drawable here — see x.json]"


def test_without_a_font_check_text_is_shown_as_before() -> None:
    assert (
        PdfText(Redactor(())).text("हिन्दी ภาษาไทย") == "हिन्दी ภาษาไทย"
    )  # the window's and the tests' PdfText


def test_the_report_fonts_draw_latin_greek_cyrillic_arabic_hebrew_and_cjk(
    qapp: object, tmp_path: Path
) -> None:
    from ows_desktop.export.fonts import drawn_checker

    writer = pdf_module.open_writer(tmp_path / "x.pdf", "letter")
    drawn = drawn_checker([pdf_module.report_font(), pdf_module.report_font("DejaVu Sans Mono")], writer)
    assert all(map(drawn, "éßЖλعש売김ქ€")), "a script the report draws would be named"
    assert not drawn("\u0378"), "an unassigned code point has no glyph"


def test_exhibits_with_undrawable_text_are_laid_out_by_the_layout_process_once_it_was_told(
    store: TicketStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    """The layout process cannot ask Qt: it hands back the exhibits with a character not asked about yet, and
    the parent, once it laid one out, tells it what its fonts draw; the report is the same."""
    real = pdf_module.drawn_checker

    def checker(fonts: object, device: object) -> Callable[[str], bool]:  # no font draws Devanagari here
        drawn = real(fonts, device)  # type: ignore[arg-type]
        return lambda ch: not devanagari(ch) and drawn(ch)

    monkeypatch.setattr(pdf_module, "drawn_checker", checker)
    # the two reports compared are made at one time (NOW) and differ in how they were laid out only: one id
    monkeypatch.setattr(bundle, "export_id", lambda created: f"OWS-{created:%Y%m%d-%H%M%S}-0A0B0C0D")
    tickets = 60
    store.upsert_tickets(
        [tk(f"T-{i:03d}", lines=(ln("S", description=f"Tea हिन्दी {i}; Crème"),)) for i in range(tickets)]
    )
    store.review.flag_tickets([f"T-{i:03d}" for i in range(tickets)], reason="r", note="n", who="jane")

    def export(out: Path) -> str:
        with store.reader() as reader:
            export_tickets(reader, Selection.flagged(), "pdf", out, now=NOW)
        pdf = str(out / "case-report.pdf")
        words = " ".join(
            subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout.split()
        )
        assert words.count(f"Tea {named('Devanagari', 6)}") == tickets
        return words

    monkeypatch.setattr(report_pages, "LAYOUT_PROCESS_FROM", 10**9)
    alone = export(tmp_path / "alone")
    laid_out: list[int] = []
    real_lay_out, real_worker = report_pages.ExhibitPages.lay_out, report_pages.LayoutWorker
    real_add = report_pages.ExhibitPages.add

    def add(self: report_pages.ExhibitPages, item, picture) -> None:  # type: ignore[no-untyped-def]
        # The first batch is handed back before the next is sent (as in an export slower to collect): this
        # process lays it out, learning what the fonts draw.
        if item.number == report_worker.BATCH + 1:
            back: list = []
            deadline = time.monotonic() + 60
            while len(back) < report_worker.BATCH and time.monotonic() < deadline:
                back += self._worker.take_back()  # type: ignore[union-attr]
                time.sleep(0.01)
            for entry in back:
                self.lay_out(*entry)
        real_add(self, item, picture)

    def lay_out(self: report_pages.ExhibitPages, item, picture) -> None:  # type: ignore[no-untyped-def]
        laid_out.append(item.number)
        real_lay_out(self, item, picture)

    def ready_worker(*args: object) -> report_worker.LayoutWorker:
        worker = real_worker(*args)  # type: ignore[arg-type]
        assert worker.wait_ready(60), "the layout process did not start"
        return worker

    monkeypatch.setattr(report_pages.ExhibitPages, "lay_out", lay_out)
    monkeypatch.setattr(report_pages.ExhibitPages, "add", add)
    monkeypatch.setattr(report_pages, "LayoutWorker", ready_worker)
    monkeypatch.setattr(report_pages, "LAYOUT_PROCESS_FROM", 1)
    monkeypatch.setattr(report_pages, "DRAWING_PROCESS_FROM", 10**9)
    assert export(tmp_path / "shared") == alone
    assert len(laid_out) <= tickets // 2, f"the parent laid out {len(laid_out)} of {tickets} exhibits"


def test_a_report_that_names_nothing_says_nothing_was_named(
    store: TicketStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object, caplog
) -> None:
    """The layout process is told up front about Latin-1, dashes and currency signs, some of which no font
    here draws (U+20BF BITCOIN SIGN in DejaVu): every report from 200 tickets said it named text it could not
    draw, though none of its text held one of them."""
    monkeypatch.setattr(report_pages, "LAYOUT_PROCESS_FROM", 1)  # the up-front questions, for a small report
    store.upsert_tickets([tk(f"T-{i}", lines=(ln("S", description="Tea; Crème"),)) for i in range(3)])
    store.review.flag_tickets([f"T-{i}" for i in range(3)], reason="r", note="n", who="jane")
    with caplog.at_level(logging.WARNING), store.reader() as reader:
        export_tickets(reader, Selection.flagged(), "pdf", tmp_path / "out", now=NOW)
    assert not [r for r in caplog.records if "could not draw" in r.getMessage()]
