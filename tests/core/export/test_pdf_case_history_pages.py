"""The PDF's text layer holds each line of the cover's tables exactly once, on one page. The case's history (and
the flag reasons) were rows of a Qt rich-text table: when a row split across a page break in the middle of a
long note's paragraph, the paragraph's line ending the page was drawn again, clipped out of sight, on the next
page — ``pdftotext``, search and copy found it twice. They are now laid out as the exhibits' tables are: a
row that does not fit at a page's foot moves whole to the next page, under the repeated header row; a row
taller than a page is cut between its lines only."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from datetime import timedelta
from pathlib import Path

from review_helpers import T0, pdftotext, tk

from ows_desktop.export import Selection, export_tickets
from ows_desktop.store import TicketQuery, TicketStore

ENTRIES, WORDS, LONG_ENTRY, LONG_LINES = 24, 42, 17, 75  # 75 lines: taller than a page (about 64 of 9 pt)
TOP_PT, FOOT_PT = (
    42.0,
    792.0 - 42.0 - 20.0,
)  # a Letter page's content box (export/pdf.py's margins and footer)


def tag(entry: int, line: int) -> str:
    return f"E{entry:02d}L{line:02d}"


def words(entry: int, count: int = WORDS) -> list[str]:
    return [f"E{entry:02d}W{n:02d}" for n in range(count)]


def note(entry: int) -> str:
    """A typed line, a paragraph of tagged words that wraps to about six lines in the "What" column, and
    typed lines short enough not to wrap, each tagged (75 of them in the long entry)."""
    count = LONG_LINES if entry == LONG_ENTRY else 2
    lines = [f"{tag(entry, n)} what the investigator saw at the till" for n in range(count)]
    return "\n".join([lines[0], " ".join(words(entry)), *lines[1:]])


def expected(entry: int) -> list[str]:
    count = LONG_LINES if entry == LONG_ENTRY else 2
    return [tag(entry, 0), *words(entry), *(tag(entry, n) for n in range(1, count))]


def export_pdf(store: TicketStore, number: str, out: Path) -> Path:
    selection = Selection("case", TicketQuery(case=number, sort="start", descending=False), f"case {number}")
    with store.reader() as reader:
        export_tickets(reader, selection, "pdf", out)
    return out / "case-report.pdf"


def tag_boxes(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's tags as ``pdftotext -bbox`` finds them, in reading order: (tag, top, bottom) in points."""
    return [
        [(w, float(y1), float(y2)) for y1, y2, w in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(E\d\d[LW]\d\d)</word>', page)]
        for page in pdftotext(pdf, "-bbox").split("<page ")[1:]
    ]  # fmt: skip


def word_box(pdf: Path, page: int, word: str) -> tuple[float, float]:
    """The top and bottom of ``word`` on page ``page`` (from 0), the first time it is there."""
    boxes = pdftotext(pdf, "-bbox").split("<page ")[page + 1]
    top, bottom = re.findall(
        rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{re.escape(word)}</word>', boxes
    )[0]
    return float(top), float(bottom)


def footers_are_right(pdf: Path) -> list[str]:
    pages = pdftotext(pdf, "-layout").split("\f")[:-1]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(pages)}\n" in info
    for n, page in enumerate(pages, 1):
        assert re.findall(r"Page \d+ of \d+", page) == [f"Page {n} of {len(pages)}"], (n, page[-300:])
        assert page.count("CONFIDENTIAL") == 1 + (n == 1)  # the cover's own "CONFIDENTIAL — LOSS ..." line
    return pages


def test_each_history_line_is_in_the_text_layer_once_on_one_page(
    store: TicketStore, tmp_path: Path, qapp
) -> None:
    store.upsert_tickets([tk("T-1")])
    number = store.cases.new_case("Long history", tickets=["T-1"]).number
    for entry in range(ENTRIES):
        store.cases.add_case_note(number, note(entry), who="jane")
    pdf = export_pdf(store, number, tmp_path / "pdf")

    pages = tag_boxes(pdf)
    found = [t for page in pages for t, _top, _bottom in page]
    assert [t for t, count in Counter(found).items() if count > 1] == []  # none twice
    assert found == [t for e in range(ENTRIES) for t in expected(e)]  # every line, in order
    # each line wholly inside its page's content box: none drawn above the top or into the footer, clipped
    for n, page in enumerate(pages, 1):
        for t, top, bottom in page:
            assert top >= TOP_PT - 0.5 and bottom <= FOOT_PT + 0.5, (n, t, top, bottom)
    # an entry that fits on a page is on one page (moved whole when it did not fit at a page's foot); the one
    # taller than a page is cut between its lines, over the pages it needs
    on = {e: {n for n, page in enumerate(pages) for t, _y1, _y2 in page if t.startswith(f"E{e:02d}")}
          for e in range(ENTRIES)}  # fmt: skip
    assert all(len(on[e]) == 1 for e in range(ENTRIES) if e != LONG_ENTRY), on
    long = sorted(on[LONG_ENTRY])
    assert len(long) >= 2 and long == list(range(long[0], long[-1] + 1)), on
    assert len({n for e in range(ENTRIES) for n in on[e]}) >= 4  # the history crossed page breaks

    texts = footers_are_right(pdf)
    for n in {n for e in on for n in on[e]}:  # the header row at the top of each page the history is on
        assert re.search(r"When \(UTC\) +Who +What", texts[n]), texts[n][:400]
    # the index's page of the exhibit is the page it is on (the cover's pages counted right)
    index = next(n for n, page in enumerate(texts) if "Exhibit index" in page)
    exhibit = next(n for n, page in enumerate(texts) if "EXHIBIT 1 OF 1" in page)
    assert re.search(rf"(?m)^ *1 +T-1 .* {exhibit + 1}$", texts[index]), texts[index]
    assert "Integrity" in texts[index - 1] and "sha256sum -c MANIFEST.sha256" in texts[index - 1]
    # the history starts below the case's state, and the cover's end below the history, as Qt set them
    _top, loss = word_box(pdf, 0, "size)")  # the end of the case's loss amount, the last line of its state
    heading, _bottom = word_box(pdf, 0, "history")
    assert 0 < heading - loss < 20, (loss, heading)
    *_before, (_tag, _top, last) = pages[index - 1]  # the history's last line, on the cover's last page
    integrity, _bottom = word_box(pdf, index - 1, "Integrity")
    assert 0 < integrity - last < 20, (last, integrity)


def test_each_flag_reason_line_is_in_the_text_layer_once(store: TicketStore, tmp_path: Path, qapp) -> None:
    count = 24  # a typed line and a paragraph of about six lines each: the table crosses page breaks
    store.upsert_tickets([tk(f"T-{i:02d}", start=T0 + timedelta(minutes=i)) for i in range(count)])
    for i in range(count):
        reason = f"{tag(i, 0)} reason of the flag\n" + " ".join(words(i, 54))
        store.review.flag_ticket(f"T-{i:02d}", reason=reason, who="jane")
    number = store.cases.new_case("Many reasons", tickets=[f"T-{i:02d}" for i in range(count)]).number
    pdf = export_pdf(store, number, tmp_path / "pdf")
    texts = footers_are_right(pdf)
    index = next(n for n, page in enumerate(texts) if "Exhibit index" in page)
    cover = tag_boxes(pdf)[:index]  # the exhibits show each reason again
    found = [t for page in cover for t, _top, _bottom in page]
    assert sorted(found) == sorted(t for i in range(count) for t in [tag(i, 0), *words(i, 54)])  # each once
    assert sum(1 for page in cover if page) >= 2
    for page in cover:
        for t, top, bottom in page:
            assert top >= TOP_PT - 0.5 and bottom <= FOOT_PT + 0.5, (t, top, bottom)
