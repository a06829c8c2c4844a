"""Invisible format characters are marks wherever text from a server, a ticket or a file is shown: the tag
characters that spell ASCII no one sees, the interlinear annotations that hide text between them, a name of
Hangul fillers that looks empty. The joiners Persian names and emoji need stay as they are."""

from __future__ import annotations

import unicodedata

import pytest

from ows_desktop.basics.text_marks import MARKS, UNMARKED_FORMAT, mark_name, mark_text
from ows_desktop.export.pdftext import visible

SMUGGLED = "Ana" + "".join(chr(0xE0000 + ord(c)) for c in "VOID 9.99") + "\U000e007f"


def test_every_format_character_is_a_mark_or_kept_on_purpose() -> None:
    unmarked = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if unicodedata.category(chr(cp)) == "Cf" and cp not in MARKS and cp not in UNMARKED_FORMAT
    ]
    assert unmarked == []


@pytest.mark.parametrize("show", [mark_text, mark_name, lambda text: visible(text, lambda cp: True)])
def test_tag_characters_annotations_and_fillers_are_marks(show) -> None:
    assert (
        show(SMUGGLED) == "Ana[TAG V][TAG O][TAG I][TAG D][TAG SPACE][TAG 9][TAG .][TAG 9][TAG 9][CANCEL TAG]"
    )
    assert show("paid \ufff9in cash\ufffa\ufffbok") == "paid [U+FFF9]in cash[U+FFFA][U+FFFB]ok"
    assert show("\u3164\u3164") == "[HF][HF]"
    assert show("1\u20622 \U0001bca0") == "1[U+2062]2 [U+1BCA0]"


@pytest.mark.parametrize("show", [mark_text, mark_name, lambda text: visible(text, lambda cp: True)])
def test_joiners_digits_and_arabic_number_signs_stay_as_they_are(show) -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # the ZWNJ is part of the word
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert show(persian) == persian and show(family) == family
    assert show("\u0600123") == "\u0600123"  # the sign draws over the digits
    # A code point above U+FFFF in the pattern is one character, not four hex digits and a literal one.
    assert show("10 1bca0 0") == "10 1bca0 0"


def test_a_smuggled_name_is_a_mark_in_the_csv(store, tmp_path) -> None:
    from review_helpers import tk

    from ows_desktop.export import Selection, export_tickets

    store.upsert_tickets([tk("T-TAG", operator=SMUGGLED)])
    store.review.flag_ticket("T-TAG", reason="Refund", who="jane")
    with store.reader() as reader:
        export_tickets(reader, Selection.flagged(), "csv", tmp_path / "csv")
    text = (tmp_path / "csv" / "tickets.csv").read_text(encoding="utf-8-sig")
    assert "Ana[TAG V][TAG O]" in text and "\U000e0056" not in text
