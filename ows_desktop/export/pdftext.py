"""Ticket text made safe to *show* in the PDF, exactly as stored (no Qt here).

- Bidi control characters (RLO, LRE, isolates, marks...) would make a note read differently from what was
  typed (``"refund \u202e01.99"`` shows as ``refund 99.10``): each is shown as a visible mark ``[RLO]`` and
  never obeyed. Invisible characters that hide text (zero-width space, BOM) and control characters (ESC,
  NUL) get a mark too (basics/text_marks.py).
- A character no installed font can draw (an emoji, with no emoji font) becomes a named placeholder
  ``[emoji: PARTY POPPER]`` rather than an empty box.
- Text the report's fonts cannot draw (``drawable``: a letter no font has, or a script no font here can
  shape, which Qt would draw as solid boxes) becomes ``[Thai text: 7 characters, not drawable here — see
  tickets.json]`` (export/pdfscripts.py).
- A broken UTF-16 half (lone surrogate) becomes ``[U+D800]``.
- A line break stays a line break (the layout starts a new line there: report_layout.greedy_wrap, and
  report_style.text on the cover) and a tab becomes :data:`TAB`, a gap of three spaces: a person's note reads
  as typed, on its lines, still as plain text.
- Very long values are cut at :data:`MAX_CHARS` (at the end of a word when one ends in the last
  :data:`WORD_ROOM` characters before it, so no word is shown cut as if it were a shorter one) with a note
  saying how long they are and which file of the export holds them whole (``data_file``: tickets.json for
  the tickets' data, export.json for the export's and the case's, :meth:`PdfText.held_in`): laying out
  megabytes of text would make the PDF crawl, and a reader could not use it.
Redaction (secrets) happens first, then this."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Iterable

from ows_desktop.basics.text_marks import BIDI_MARKS, MARKS, char_class, mark_text
from ows_desktop.export.formatting import NumberStyle
from ows_desktop.export.pdfscripts import name_undrawn
from ows_desktop.export.redact import Redactor

MAX_CHARS = 4000
# a long text is cut at the end of a word this near the limit (else at the limit: a word longer than that)
WORD_ROOM = 20
TICKETS_FILE = "tickets.json"  # the tickets' data, whole: the exhibits, the index, the flag reasons
# the chain of custody (export/custody.py's CUSTODY): the export's title, investigator, workstation and files,
# the case's fields and history, the clips' and snapshots' reasons to be missing
CUSTODY_FILE = "export.json"
# A tab as the PDF shows it: a gap of three spaces, wider than a typed space (or two) between words, wherever it
# is in the line (no tab stops: the report's text is proportional, columns would not line up anyway). Qt's
# layout drew a tab as nothing ("tabend"), and one space (as before) hid that a tab was typed; four spaces and
# more read as two columns to text extraction (pdftotext put the words after the tab pages later).
TAB = "   "
_MARKS = MARKS
_VARIATION_SELECTORS = {0xFE0E, 0xFE0F}
_ZWJ = 0x200D


# Any character visible() may change: a mark, a surrogate, or one from U+2190 on (a symbol or emoji a font
# may lack; variation selectors and joiners after one). Text without any is shown as it is.
_MAYBE_CHANGED = re.compile(f"[{char_class(_MARKS)}\\ud800-\\udfff\\u2190-\\U0010ffff]")


def _needs_glyph_check(cp: int) -> bool:
    return cp >= 0x2190 and unicodedata.category(chr(cp)) in ("So", "Sk", "Co", "Cn")


def checked(ch: str) -> bool:
    """Whether the report's fonts are asked if they draw ``ch`` (:class:`PdfText`'s ``drawable``): any
    character but ASCII, spaces, controls and format characters, and those :func:`visible` looks at itself
    (marks, broken UTF-16, variation selectors, symbols and emoji from U+2190 on)."""
    cp = ord(ch)
    if cp < 0x80 or cp in _MARKS or cp in _VARIATION_SELECTORS or _needs_glyph_check(cp):
        return False
    category = unicodedata.category(ch)
    return category == "Cn" or category[0] not in "ZC"


class PdfText:
    """``text(value)``: redacted, controls made visible, undrawable characters named, length bounded.
    ``has_glyph(codepoint)`` says whether an installed font draws a symbol or emoji, ``drawable(character)``
    whether the report's fonts draw any other (:func:`checked`) character (the PDF writer asks Qt; None: all).
    ``data_file`` is the export's file that holds the text whole (named in the truncation note and the
    undrawable text's): the tickets' data by default; :meth:`held_in` gives the same text naming another file
    (the cover's facts and the case's history are export.json's, not tickets.json's). ``learned``: the
    verdicts of ``drawable`` since a layout process was told (export/report_worker.py)."""

    def __init__(
        self,
        redactor: Redactor,
        has_glyph: Callable[[int], bool] = lambda _cp: True,
        *,
        drawable: Callable[[str], bool] | None = None,
        data_file: str = TICKETS_FILE,
        max_chars: int = MAX_CHARS,
        numbers: NumberStyle | None = None,
    ) -> None:
        self.numbers = numbers or NumberStyle()  # amounts in the window's locale (export/pdf.py)
        self._redactor = redactor
        self._has_glyph = has_glyph
        self._drawable = drawable
        self._data_file = data_file
        self._max = max_chars
        self._glyph_cache: dict[int, bool] = {}
        self._shown: set[str] = set()  # characters shown as they are (drawn, or not asked about)
        self.undrawn: set[str] = set()  # every character found not drawn (some asked up front, unused)
        self.named: set[str] = set()  # those this text named in the report
        self.learned: list[tuple[str, bool]] = []
        self.truncated = 0

    def text(self, value: str) -> str:
        value = self._redactor.text(value)
        note = ""
        if len(value) > self._max:
            self.truncated += 1
            note = (
                f" … [shortened here: {self.numbers.count(len(value))} characters in all; the whole text is in "
                f"{self._data_file}]"
            )
            value = cut_at_word(value, self._max)
        text = visible(self._named(value), self._glyph) + note
        return text.replace("\t", TAB) if "\t" in text else text

    def held_in(self, data_file: str) -> PdfText:
        """This text naming ``data_file`` as the file that holds a shortened or undrawable text whole; it
        shares everything else with this one (the fonts' verdicts, what was named, what a layout process is
        told: every such attribute is a container both hold, never reassigned)."""
        view = copy.copy(self)
        view._data_file = data_file
        return view

    def _named(self, value: str) -> str:
        """``value`` with the text the report's fonts cannot draw named; what they draw is kept as it is."""
        shown = self._shown
        if self._drawable is None or value.isascii() or shown.issuperset(value):
            return value  # most texts: every character is known to be drawn
        self.ask(set(value).difference(shown, self.undrawn))
        if shown.issuperset(value):
            return value
        self.named.update(self.undrawn.intersection(value))
        return name_undrawn(value, self.undrawn, self._data_file)

    def ask(self, chars: Iterable[str]) -> None:
        """Ask ``drawable`` about those of ``chars`` not asked yet."""
        for ch in chars:
            if ch in self._shown or ch in self.undrawn:
                continue
            if not checked(ch) or self._drawable is None:
                self._shown.add(ch)
                continue
            drawn = self._drawable(ch)  # the layout process's raises NeedsParent: the parent asks Qt
            self.learned.append((ch, drawn))
            (self._shown if drawn else self.undrawn).add(ch)

    def verdicts(self) -> dict[str, bool]:
        """Every answer of ``drawable`` so far (character: drawn), for a layout process."""
        return {ch: True for ch in self._shown if checked(ch)} | dict.fromkeys(self.undrawn, False)

    def _glyph(self, cp: int) -> bool:
        known = self._glyph_cache.get(cp)
        if known is None:
            known = self._glyph_cache[cp] = bool(self._has_glyph(cp))
        return known


def cut_at_word(value: str, limit: int) -> str:
    """``value``'s first ``limit`` characters, ending with the last whole word when a word ends in the last
    :data:`WORD_ROOM` of them (the spaces before the cut left out); a word longer than that is cut at the
    limit. Cut mid-word, "the s …" read as a word of its own."""
    if len(value) <= limit:
        return value
    for end in range(limit, max(0, limit - WORD_ROOM), -1):
        if value[end].isspace():
            kept = value[:end].rstrip()
            return kept if kept else value[:limit]
    return value[:limit]


def visible(value: str, has_glyph: Callable[[int], bool]) -> str:
    """``value`` as it must be *shown* to be read as stored: bidi controls and hidden characters as marks
    (``[RLO]``), a lone surrogate as ``[U+D800]``, a symbol or emoji no font draws (``has_glyph``) by its name.
    The PDF's text goes through it, and so does the window's (itemmodels/shown_text.py)."""
    if value.isascii():  # only a control character (an ESC, a NUL) would change
        return value if value.isprintable() else mark_text(value)
    if not _MAYBE_CHANGED.search(value):
        return value
    out: list[str] = []
    placeholder_before = False
    for ch in value:
        cp = ord(ch)
        if cp in _MARKS:
            out.append(f"[{_MARKS[cp]}]")
            placeholder_before = False
        elif 0xD800 <= cp <= 0xDFFF:
            out.append(f"[U+{cp:04X}]")
        elif placeholder_before and (cp in _VARIATION_SELECTORS or cp == _ZWJ):
            continue  # belongs to the emoji already named
        elif _needs_glyph_check(cp) and not has_glyph(cp):
            name = unicodedata.name(ch, f"U+{cp:04X}")
            out.append(f"[emoji: {name}]" if cp >= 0x1F000 else f"[{name}]")
            placeholder_before = True
            continue
        else:
            out.append(ch)
        placeholder_before = False
    return "".join(out)


__all__ = ["BIDI_MARKS", "CUSTODY_FILE", "MAX_CHARS", "TAB", "TICKETS_FILE", "WORD_ROOM", "PdfText", "cut_at_word",
           "visible"]  # fmt: skip
