"""A text too long for the PDF is shortened with a note naming the file of the export that holds it whole, and
that file does hold it: the case's history is export.json's (``case.history``), a ticket's note tickets.json's.
The cover said of an 8,124-character history note "the whole text is in tickets.json", where it is not. The cut
falls at the end of a word near the limit: "the s …" read as a word of its own."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from review_helpers import pdftotext, tk

from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.pdftext import MAX_CHARS
from ows_desktop.store import TicketQuery, TicketStore

WORDS = [
    "the",
    "shelf",
    "scanner",
    "beeped",
    "twice",
    "while",
    "the",
    "customer",
    "waited",
    "at",
    "the",
    "till",
    "with",
    "a",
    "bag",
]
SHORTENED = re.compile(r"… \[shortened here: ([\d,  ]+) characters in all; the whole text is in (\S+?)\]")


def words(length: int, start: int = 0) -> str:
    """``length`` characters of words with a space between them, from the ``start``-th of :data:`WORDS`."""
    return " ".join(islice(cycle(WORDS), start, start + length))[:length]


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def held(folder: Path, name: str) -> list[str]:
    """Every string of the export's JSON file ``name`` (tickets.json holds a JSON value per ticket line)."""
    return list(strings(json.loads((folder / name).read_text(encoding="utf-8"))))


def shown(folder: Path) -> str:
    """The report's text as a reader copies it: every run of spaces one space (a narrow no-break space too)."""
    return " ".join(pdftotext(folder / "case-report.pdf").split())


def case_with_long_texts(store: TicketStore) -> tuple[str, str, str]:
    """A case whose history holds a note whose line reads 8,124 characters ("note: …"), cut mid-word at the
    limit; its ticket has a 5,000-character note. Returns the case's number, the history's line, the note."""
    history_note = words(8124 - len("note: "), start=3)
    what = f"note: {history_note}"
    ticket_note = "Seen: " + words(4994, start=4)
    for text in (what, ticket_note):  # the limit falls inside a word ("sc|anner", "b|eeped")
        assert not text[MAX_CHARS - 1].isspace() and not text[MAX_CHARS].isspace()
    store.upsert_tickets([tk("T-1")])
    store.review.flag_ticket("T-1", reason="Sweethearting", note=ticket_note, who="jane")
    number = store.cases.new_case("Till 4", tickets=["T-1"]).number
    store.cases.add_case_note(number, history_note, who="jane")
    return number, what, ticket_note


def export_case(store: TicketStore, number: str, out: Path) -> Path:
    selection = Selection("case", TicketQuery(case=number, sort="start", descending=False), f"case {number}")
    with store.reader() as reader:
        export_tickets(reader, selection, "pdf", out)
    return out


def test_every_shortened_text_names_the_file_that_holds_it_whole(
    store: TicketStore, tmp_path: Path, qapp
) -> None:
    number, what, ticket_note = case_with_long_texts(store)
    out = export_case(store, number, tmp_path / "pdf")
    text = shown(out)
    notes = SHORTENED.findall(text)
    # the history's line on the cover: export.json; the ticket's note and its audit line ("note: Seen: …") on
    # its exhibit: tickets.json
    assert sorted(notes) == [("5,000", "tickets.json"), ("5,006", "tickets.json"), ("8,124", "export.json")]
    custody = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert custody["case"]["history"][-1]["what"] == what  # whole where the note says
    assert what not in held(out, "tickets.json")
    tickets = json.loads((out / "tickets.json").read_text(encoding="utf-8"))["tickets"]
    assert [note["text"] for note in tickets[0]["notes"]] == [ticket_note]


def test_a_shortened_text_ends_with_a_whole_word(store: TicketStore, tmp_path: Path, qapp) -> None:
    number, what, ticket_note = case_with_long_texts(store)
    text = shown(export_case(store, number, tmp_path / "pdf"))
    for whole in (what, ticket_note):
        kept = whole[: whole.rindex(" ", 0, MAX_CHARS + 1)]  # up to the last word that ends by the limit
        last = " ".join(kept.split()[-6:])
        assert f"{last} … [shortened here: " in text, (last, text[-400:])
        cut = " ".join(whole[:MAX_CHARS].split()[-6:])  # the word cut at the limit: not shown cut
        assert f"{cut} … [shortened" not in text


def test_a_french_report_counts_the_characters_its_way(store: TicketStore, tmp_path: Path, french) -> None:
    number, _what, _note = case_with_long_texts(store)
    text = shown(export_case(store, number, tmp_path / "pdf"))
    assert "[shortened here: 8 124 characters in all; the whole text is in export.json]" in text
    assert "8,124" not in text


def test_a_long_reason_for_a_missing_snapshot_names_export_json(
    store: TicketStore, tmp_path: Path, qapp
) -> None:
    """Why a ticket has no picture is export.json's (snapshot_failures), not tickets.json's."""
    from ows_desktop.basics.errors import AppError

    why = "The recorder said: " + words(4981, start=4)

    def provider(_ticket: Any) -> list[Any]:
        raise AppError(why)

    store.upsert_tickets([tk("T-1")])
    store.review.flag_ticket("T-1", reason="Sweethearting", who="jane")
    with store.reader() as reader:
        export_tickets(reader, Selection.flagged(), "pdf", tmp_path / "pdf", snapshot_provider=provider)
    text = shown(tmp_path / "pdf")
    assert SHORTENED.findall(text) == [("5,000", "export.json")]
    assert "No video snapshot for this ticket: The recorder said: " in text
    custody = json.loads((tmp_path / "pdf" / "export.json").read_text(encoding="utf-8"))
    assert custody["snapshot_failures"] == [{"ticket_id": "T-1", "error": why}]
