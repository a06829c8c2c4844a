"""What a person typed reads in the evidence as typed: a case note, a ticket's note, a flag reason and a loss
reason keep their line breaks as line breaks and their tabs as a visible gap (three spaces, export/pdftext.TAB)
in the PDF — on the cover's case history and flag reasons as in each exhibit — still plain text (``<b>``
literal) and still wrapped; the CSV gives back the exact text. And a section's heading never ends a page
with its first line on the next."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest
from review_helpers import CharMetrics, ln, pdftotext, tk

from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.collect import iter_items
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_exhibit import SECTION, layout_exhibit
from ows_desktop.export.report_layout import TEXT, Book
from ows_desktop.store import TicketQuery, TicketStore

NOTE = "Multi\nline\there <b>bold</b>  two  spaces"
SHOWN = ["Multi", "line   here <b>bold</b>  two  spaces"]  # its lines as drawn: a tab as three spaces
REASON = "Reason\nsecond\tline"
LONG = "first line\n" + " ".join(f"w{i:02d}" for i in range(90)) + "\r\n\tindented"


def case_with_typed_text(store: TicketStore) -> str:
    store.upsert_tickets([tk("T-1")])
    store.review.flag_ticket("T-1", reason=REASON, note=NOTE, who="jane")
    number = store.cases.new_case("Typed text", tickets=["T-1"]).number
    store.cases.add_case_note(number, NOTE, who="jane")
    store.cases.set_loss(number, 5.0, "recovered\nat the till", who="jane")
    return number


def export_case(store: TicketStore, number: str, fmt: str, out: Path) -> Path:
    selection = Selection("case", TicketQuery(case=number, sort="start", descending=False), f"case {number}")
    with store.reader() as reader:
        export_tickets(reader, selection, fmt, out)
    return out


def words(pdf: Path) -> list[list[tuple[str, float, float, float]]]:
    """Each page's words as pdftotext -bbox finds them: (word, left, right, top)."""
    pages = []
    for page in pdftotext(pdf, "-bbox").split("<page ")[1:]:
        pages.append(
            [
                (html.unescape(w), float(x1), float(x2), float(y1))
                for x1, y1, x2, w in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                    page,
                )
            ]
        )
    return pages


def gaps(pages: list[list[tuple[str, float, float, float]]], first: str, second: str) -> list[float]:
    """The blank between each ``first`` and the word next to it on its line when that is ``second`` (a comma
    after it aside; pdftotext may read a wide gap as two blocks, so the words are placed, not read in order)."""
    found = []
    for page in pages:
        for w1, _l1, r1, y1 in page:
            right = [(l2, w2) for w2, l2, _r2, y2 in page if abs(y1 - y2) < 1 and l2 > r1]
            if w1 == first and right and min(right)[1].rstrip(",") == second:
                found.append(min(right)[0] - r1)
    return found


def test_notes_and_reasons_keep_their_lines_and_tabs_in_the_pdf(
    store: TicketStore, tmp_path: Path, qapp
) -> None:
    number = case_with_typed_text(store)
    pdf = export_case(store, number, "pdf", tmp_path / "pdf") / "case-report.pdf"
    pages = pdftotext(pdf, "-layout").split("\f")
    cover, exhibit = pages[0], pages[-2]
    # the cover's case history: the note on its two lines, the loss reason on its two
    assert re.search(r"note: Multi *\n +line +here <b>bold</b> +two +spaces *\n", cover), cover
    assert re.search(r"\(recovered *\n +at the till\)", cover), cover
    # the cover's flag reasons, the exhibit's flag, its note and its audit trail
    assert re.search(r"Reason +1 *\n *second +line *\n", cover), cover
    assert re.search(r"Reason +Reason *\n +second +line *\n", exhibit), exhibit
    assert re.search(r"\n *Multi *\n *line +here <b>bold</b> +two +spaces *\n", exhibit), exhibit
    assert re.search(r"note: Multi *\n.* line +here <b>bold</b> +two +spaces *\n", exhibit), exhibit
    assert "<b>" not in cover.replace("<b>bold</b>", "")  # nothing else of it read as markup, nothing bold
    # a tab is a gap of three spaces, two spaces stay two: wider than the one space between words
    where = words(pdf)
    tabs, single = gaps(where, "line", "here"), gaps(where, "here", "<b>bold</b>")
    doubled = gaps(where, "<b>bold</b>", "two")
    # the cover's case history; the exhibit's note and audit entry
    assert len(tabs) == len(single) == len(doubled) == 3
    for tab, one, two in zip(tabs, single, doubled, strict=True):  # on the same line, in the same face
        assert 2.5 * one < tab and 1.5 * one < two < tab, (tabs, single, doubled)
    reasons = gaps(where, "second", "line")  # the cover's flag reasons; the exhibit's flag and audit entry
    assert len(reasons) == 3 and all(tab > 2.5 * min(single) for tab in reasons), (reasons, single)


def test_a_notes_lines_are_drawn_exactly_and_long_ones_still_wrap(store: TicketStore) -> None:
    store.upsert_tickets([tk("T-1", lines=(ln("A1"),))])
    store.review.flag_ticket("T-1", reason="r", note=NOTE, who="jane")
    store.review.add_note("T-1", LONG, who="jane")
    metrics = CharMetrics()
    book = Book(metrics, left=40, top=40, width=530, bottom=700)
    with store.reader() as reader:
        [item] = iter_items(reader, reader.ids(Selection.flagged().query))
    layout_exhibit(book, item, 1, PdfText(Redactor(())), ())
    texts = [op[4] for ops in book.finished() for op in ops if op[0] == TEXT]
    start = texts.index(SHOWN[0])
    assert texts[start : start + 2] == SHOWN
    first = texts.index("first line")
    end = texts.index("   indented")
    wrapped = texts[first + 1 : end]
    assert len(wrapped) > 1 and " ".join(wrapped) == LONG.split("\n")[1].rstrip("\r")  # wrapped, nothing lost
    assert all(metrics.width(line, metrics.faces[0]) <= 530 for line in wrapped)


def test_the_csv_gives_back_the_exact_note_and_reason(store: TicketStore, tmp_path: Path) -> None:
    number = case_with_typed_text(store)
    store.review.add_note("T-1", LONG, who="jane")
    folder = export_case(store, number, "csv", tmp_path / "csv")
    with (folder / "tickets.csv").open(encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["flag_reason"] == REASON
    notes = re.split(r"(?:^|\n)\[\S+ jane\] ", row["notes"])
    assert notes == ["", NOTE, LONG]  # line breaks, the CR LF, tabs and spaces exactly as typed


@pytest.mark.parametrize("bottom", range(400, 700, 7))
def test_a_section_heading_is_never_left_alone_at_a_pages_foot(store: TicketStore, bottom: int) -> None:
    store.upsert_tickets([tk("T-1", lines=tuple(ln(f"L{i}") for i in range(12)))])
    store.review.flag_ticket("T-1", reason="Reason\nof two lines", note="a note", who="jane")
    store.review.add_note("T-1", "another\nnote", who="jane")
    metrics = CharMetrics()
    book = Book(metrics, left=40, top=40, width=530, bottom=bottom)
    with store.reader() as reader:
        [item] = iter_items(reader, reader.ids(Selection.flagged().query))
    layout_exhibit(book, item, 1, PdfText(Redactor(())), ())
    section = metrics.face_id(SECTION)
    headings = 0
    for ops in book.finished():
        texts = [op for op in ops if op[0] == TEXT]
        for _kind, x, y, fid, heading in texts:
            if fid != section:
                continue
            headings += 1
            below = [op for op in texts if op[1] >= x and op[2] > y and op[3] != section]
            assert below, f"{heading!r} ends its page (page bottom {bottom})"
    assert headings >= 6  # the snapshot, Ticket, Flag, Exceptions, notes and audit trail headings
