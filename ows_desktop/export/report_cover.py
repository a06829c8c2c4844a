"""The cover's tables — the case's history, the exceptions the rules found, the flag reasons — laid out on a
:class:`~.report_layout.Book` as the exhibits' tables are (no Qt here): each line of a cell is drawn once, on
one page; a row that does not fit at a page's foot moves whole to the next page (cut between its lines only
when it is taller than a page); the header row is repeated on each page it continues on.

They were rows of HTML tables on the cover, whose header row Qt repeated on each page; a row split across
pages in the middle of a paragraph (a long note, wrapped) had the line ending the first page drawn again,
clipped out of sight, on the next — in the PDF's text layer, where ``pdftotext``, search and copy found it
twice. export/pdf_flow.py places them between the cover's HTML top and end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ows_desktop.export.formatting import human_utc
from ows_desktop.export.pdftext import CUSTODY_FILE, PdfText
from ows_desktop.export.report_html import CaseInfo
from ows_desktop.export.report_layout import Face, Flow, table
from ows_desktop.export.report_style import NAVY
from ows_desktop.rules.definitions import RULES

# As Qt placed them in the cover's HTML (report_html._section: 10.5 pt bold navy, 14 CSS pixels above, none
# between it and its table, whose line Qt makes half a point taller than the face's line spacing; the tables
# 9 pt with 4 CSS pixels of padding in their cells; a CSS pixel is 1/96 in, 3/4 pt).
HEADING = Face(10.5, NAVY, bold=True)
BODY = Face(9)
ABOVE_PT, BELOW_PT, PAD_PT = 10.5, 0.5, 3.0


def layout_cover_tables(flow: Flow, info: CaseInfo, text: PdfText) -> None:
    """The case's history (an export of a case's tickets), the rules' exceptions and the flag reasons, each
    under its heading, from where ``flow`` is; ``flow`` ends below the last. A text too long to show whole
    names the file that holds it: the history export.json, a flag reason tickets.json (``text``'s). Counts are
    written as the report's amounts are (``text.numbers``: ``1 234`` in a French report)."""
    entries = info.entries
    if info.case is not None:
        case = text.held_in(CUSTODY_FILE)  # the case's history is export.json's (case.history), whole
        history = [(human_utc(at), case.text(who), case.text(what)) for at, who, what in info.case.history]
        _table(flow, "Case history", ["When (UTC)", "Who", "What"], [0.24, 0.16, 0.60], history)
    rules = Counter(rule for e in entries for rule in e.exceptions)
    if rules:
        found = [(str(r.title), text.numbers.count(rules[r.id])) for r in RULES if rules.get(r.id)]
        _table(flow, "Exceptions found by the rules", ["Rule", "Tickets"], [0.8, 0.2], found, right=(1,))
    reasons = Counter(e.flag_reason or "(no reason given)" for e in entries if e.flag_state)
    if reasons:
        given = [(text.text(reason), text.numbers.count(count)) for reason, count in reasons.most_common()]
        _table(flow, "Flag reasons", ["Reason", "Tickets"], [0.8, 0.2], given, right=(1,))


def _table(
    flow: Flow,
    title: str,
    headers: Sequence[str],
    fractions: Sequence[float],
    rows: Sequence[Sequence[str]],
    right: Sequence[int] = (),
) -> None:
    dot = flow.book.metrics.dot
    flow.heading(title, HEADING, before=ABOVE_PT * dot, after=BELOW_PT * dot)
    table(flow, headers, fractions, rows, BODY, right=right, pad_pt=PAD_PT)


__all__ = ["layout_cover_tables"]
