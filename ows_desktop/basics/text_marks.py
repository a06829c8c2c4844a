"""The characters that make text read differently from what is stored, and the marks that show them.

A bidi control reorders what follows it (``"refund \u202e01.99"`` reads ``refund 99.10``), a hidden
character hides text, and a control character is not text at all: an ESC from a server ran terminal escape
sequences from a CSV export or a log file, a NUL vanished in a spreadsheet. Each is shown as a mark
(``[RLO]``, ``[ZWSP]``, ``[ESC]``, ``[U+0085]``, ``[TAG A]``); a tab, a line feed and a carriage return stay
themselves. Hidden are the format characters (Unicode category Cf) that draw nothing — tag characters spell
ASCII no one sees ("ASCII smuggling"), interlinear annotations hide text between their marks — and the Hangul
fillers, letters that draw as blanks (a name of fillers looks empty). Not marked, on purpose: the zero-width
joiner and non-joiner (ZWJ, ZWNJ), which Persian and Indic names and emoji sequences need to read right, and
the prepended concatenation marks (U+0600 ...), which draw as visible signs over the digits after them.
The window, the PDF and CSV exports (export/pdftext.visible) and the log files (basics/logging_config) use
these."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

BIDI_MARKS = {
    0x061C: "ALM",
    0x200E: "LRM",
    0x200F: "RLM",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
}
# Line and paragraph separators: Qt starts a new line at them, so a name could fake one of its own.
HIDDEN_MARKS = {
    0x200B: "ZWSP",
    0xFEFF: "BOM",
    0x2060: "WJ",
    0x00AD: "SHY",
    0x2028: "LS",
    0x2029: "PS",
    0x180E: "MVS",
    **{cp: f"U+{cp:04X}" for cp in (*range(0x2061, 0x2065), *range(0x206A, 0x2070), *range(0xFFF9, 0xFFFC))},
    **{
        cp: f"U+{cp:04X}"
        for cp in (*range(0x13430, 0x13439), *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B))
    },
    **{cp: "HF" for cp in (0x115F, 0x1160, 0x3164, 0xFFA0)},
    0xE0001: "LANGUAGE TAG",
    0xE0020: "TAG SPACE",
    **{cp: f"TAG {chr(cp - 0xE0000)}" for cp in range(0xE0021, 0xE007F)},
    0xE007F: "CANCEL TAG",
}
# Format characters left as they are (see above): the joiners, and the prepended concatenation marks.
UNMARKED_FORMAT = frozenset(
    {0x200C, 0x200D, *range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD}
)
_C0 = "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
CONTROL_MARKS = {
    **{cp: name for cp, name in enumerate(_C0.split()) if name not in ("HT", "LF", "CR")},
    0x7F: "DEL",
    **{cp: f"U+{cp:04X}" for cp in range(0x80, 0xA0)},
}
MARKS = {**BIDI_MARKS, **HIDDEN_MARKS, **CONTROL_MARKS}


def char_class(code_points: Iterable[int]) -> str:
    """A regular expression's ``[...]`` of these code points (each as ``\\U0001bca0``: a ``\\u`` takes four
    hex digits only, so ``\\u1bca0`` would be U+1BCA and a ``0``)."""
    return "".join(f"\\U{cp:08x}" for cp in sorted(code_points))


MARKED = re.compile(f"[{char_class(MARKS)}]")


_LINE_MARKS = {0x09: "HT", 0x0A: "LF", 0x0D: "CR"}
_MARKED_NAME = re.compile(f"[{char_class({**MARKS, **_LINE_MARKS})}]")


def mark_text(text: str) -> str:
    """``text`` with every character of :data:`MARKS` shown as its mark."""
    return MARKED.sub(lambda m: f"[{MARKS[ord(m.group())]}]", text) if MARKED.search(text) else text


def mark_name(text: str) -> str:
    """A name on one line (a file's, in a report of lines): a tab and line breaks marked too, so a hostile
    name cannot start a line of its own ("new\\nline: OK" read as a verdict)."""
    marks = {**MARKS, **_LINE_MARKS}
    return _MARKED_NAME.sub(lambda m: f"[{marks[ord(m.group())]}]", text)


def is_one_line(text: str) -> bool:
    """Whether ``text`` holds no control character (a line feed, a tab, an escape) nor a line or paragraph
    separator: what would split or rewrite a one-line title or name on a report's cover. A bidi mark or a
    joiner (a Persian name's) is allowed: it is shown marked."""
    return not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text)


__all__ = [
    "BIDI_MARKS",
    "CONTROL_MARKS",
    "HIDDEN_MARKS",
    "MARKED",
    "MARKS",
    "UNMARKED_FORMAT",
    "char_class",
    "is_one_line",
    "mark_name",
    "mark_text",
]
