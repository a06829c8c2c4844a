"""Text the PDF's fonts cannot draw, named where it would have been (no Qt here: export/fonts.py's
``drawn_checker`` asks Qt which characters it draws).

Qt draws a letter no font has as a hollow box, and the letters of a script that needs shaping no font here can
do (Devanagari, Tamil, Khmer... without a font for them) as solid black boxes that look like redactions and
take the punctuation after them along: the text is lost, and nothing on the page says so. Instead, each run
of such text is shown as ``[Devanagari text: 6 characters, not drawable here — see tickets.json]`` (a run:
letters, digits and punctuation of one script, the marks and joiners on them, and the spaces between its
words), like an emoji no font draws is named; a character of no script is named as an undrawable symbol is
(``[MODIFIER LETTER ...]``). The data file holds the text whole."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Container

from ows_desktop.basics.english import counted

_JOINERS = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner: part of the word they are in
# Names that start with these words name no script.
_GENERIC = {"COMBINING", "MODIFIER", "SUPERSCRIPT", "SUBSCRIPT", "VULGAR", "ROMAN", "CIRCLED",
            "PARENTHESIZED", "FULLWIDTH", "HALFWIDTH", "MATHEMATICAL", "DIGIT", "SMALL", "NUMBER", "DOUBLE",
            "NEGATIVE", "SQUARED", "DINGBAT", "TAG", "VARIATION", "REPLACEMENT", "OBJECT", "ZERO", "TURNED",
            "INVERTED"}  # fmt: skip
# Scripts named by two words ("OL CHIKI LETTER LA"), or three.
_TWO_WORDS = {"OL", "TAI", "CANADIAN", "MEETEI", "SYLOTI", "OLD", "LINEAR", "INSCRIPTIONAL", "PSALTER",
              "IMPERIAL", "SORA", "MASARAM", "GUNJALA", "HANIFI", "ZANABAZAR", "PAHAWH", "CAUCASIAN", "KAYAH",
              "WARANG", "MENDE", "ANATOLIAN", "EGYPTIAN", "MEROITIC", "DIVES", "BASSA"}  # fmt: skip
_THREE_WORDS = {"NEW", "PAU", "NYIAKENG", "KHITAN"}
_SHOWN = {"CJK": "CJK", "NKO": "N'Ko"}


def _words(ch: str) -> str:
    """The first word(s) of the character's Unicode name: its script's name for a letter ("" unnamed)."""
    words = unicodedata.name(ch, "").split(" ")
    take = 3 if words[0] in _THREE_WORDS else 2 if words[0] in _TWO_WORDS else 1
    return " ".join(words[:take])


def script(ch: str) -> str | None:
    """The script of a letter, mark or digit, as its Unicode name says ("DEVANAGARI" for U+0939); None for
    any other character, or a name that names no script."""
    if unicodedata.category(ch)[0] not in "LMN":
        return None
    words = _words(ch)
    return words if words and words.split(" ")[0] not in _GENERIC else None


def script_label(name: str) -> str:
    """How a script is named for a person: Devanagari, CJK, Ol Chiki."""
    return _SHOWN.get(name) or name.title()


def scripts_of(chars: Collection[str]) -> str:
    """The scripts of ``chars``, for a person: "Devanagari, Thai, other characters"."""
    names = {script(ch) for ch in chars}
    labels = sorted(script_label(name) for name in names if name)
    return ", ".join(labels + ["other characters"] * (None in names))


def name_undrawn(value: str, undrawn: Container[str], data_file: str) -> str:
    """``value`` with each run of characters in ``undrawn`` named (see the module's docstring)."""
    out: list[str] = []
    start, n = 0, len(value)
    i = 0
    while i < n:
        ch = value[i]
        if ch not in undrawn:
            i += 1
            continue
        out.append(value[start:i])
        name = script(ch)
        end = i + 1
        if name is None:
            cp = ord(ch)
            out.append(f"[{unicodedata.name(ch, f'U+{cp:04X}')}]")
        else:
            j = end
            while j < n:
                c = value[j]
                if (c in undrawn and _words(c) == name) or c in _JOINERS or unicodedata.category(c)[0] == "M":
                    j = end = j + 1  # the script's own character, or a mark or joiner on the one before
                elif c == " ":
                    j += 1  # between two of its words (the run ends before spaces after its last word)
                else:
                    break
            out.append(
                f"[{script_label(name)} text: {counted(end - i, 'character')}, not drawable here — "
                f"see {data_file}]"
            )
        start = i = end
    out.append(value[start:])
    return "".join(out)


__all__ = ["name_undrawn", "script", "script_label", "scripts_of"]
