"""The characters that make text read differently from what is stored, and the marks that show them.

A bidi control reorders what follows it (``"refund \u202e01.99"`` reads ``refund 99.10``), a hidden
character hides text, and a control character is not text at all: an ESC from a server ran terminal escape
sequences from a CSV export or a log file, a NUL vanished in a spreadsheet. Each is shown as a mark
(``[RLO]``, ``[ZWSP]``, ``[ESC]``, ``[U+0085]``); a tab, a line feed and a carriage return stay themselves.
The window, the PDF and CSV exports (export/pdftext.visible) and the log files (basics/logging_config) use
these."""

from __future__ import annotations

import re

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
HIDDEN_MARKS = {0x200B: "ZWSP", 0xFEFF: "BOM", 0x2060: "WJ", 0x00AD: "SHY", 0x2028: "LS", 0x2029: "PS"}
_C0 = "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
CONTROL_MARKS = {
    **{cp: name for cp, name in enumerate(_C0.split()) if name not in ("HT", "LF", "CR")},
    0x7F: "DEL",
    **{cp: f"U+{cp:04X}" for cp in range(0x80, 0xA0)},
}
MARKS = {**BIDI_MARKS, **HIDDEN_MARKS, **CONTROL_MARKS}
MARKED = re.compile("[" + "".join(f"\\u{cp:04x}" for cp in sorted(MARKS)) + "]")


_LINE_MARKS = {0x09: "HT", 0x0A: "LF", 0x0D: "CR"}
_MARKED_NAME = re.compile("[" + "".join(f"\\u{cp:04x}" for cp in sorted({**MARKS, **_LINE_MARKS})) + "]")


def mark_text(text: str) -> str:
    """``text`` with every character of :data:`MARKS` shown as its mark."""
    return MARKED.sub(lambda m: f"[{MARKS[ord(m.group())]}]", text) if MARKED.search(text) else text


def mark_name(text: str) -> str:
    """A name on one line (a file's, in a report of lines): a tab and line breaks marked too, so a hostile
    name cannot start a line of its own ("new\\nline: OK" read as a verdict)."""
    marks = {**MARKS, **_LINE_MARKS}
    return _MARKED_NAME.sub(lambda m: f"[{marks[ord(m.group())]}]", text)


__all__ = ["BIDI_MARKS", "CONTROL_MARKS", "HIDDEN_MARKS", "MARKED", "MARKS", "mark_name", "mark_text"]
