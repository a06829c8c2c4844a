"""The settings file without Qt: reads and writes the ``settings.ini`` that the window's
``QSettings(path, IniFormat)`` reads and writes, so the CLI never loads Qt to read a URL or a rule setting.

Same format as Qt 6's IniFormat: ``[section]`` = the key's first path component (``[General]`` for keys
without one), the rest of the key with ``/`` as ``\\`` and other characters percent-escaped, values UTF-8 with
C-style escapes, quoted when they hold ``,``/``;``/``=`` or edge spaces, an unquoted ``,`` separating list items,
``@Invalid()`` for None (and the empty list), a leading ``@`` doubled.

Scalars only: str, int, float, bool, None, lists of those. What Qt alone can decode (``@ByteArray(...)``,
``@Variant(...)``, ... — the window's geometry and header states) is read as an :class:`OpaqueValue` and
written back exactly as it was; keys this process did not set keep their text untouched."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

GENERAL = "General"
ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
ESCAPES.update({c: c for c in "\"?'\\"})
WRITE_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}
WRITE_ESCAPES.update({"\t": "\\t", "\v": "\\v", '"': '\\"', "\\": "\\\\"})
HEX = "0123456789abcdefABCDEF"
KEY_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


@dataclass(frozen=True)
class OpaqueValue:
    """A value only Qt can decode (``@ByteArray(...)``, ``@Variant(...)``, ...), kept as the file's text."""

    text: str


Scalar = str | int | float | bool | None
IniValue = Scalar | OpaqueValue | list[Scalar | OpaqueValue]


# --------------------------------------------------------------------------------------------- keys
def escape_key(key: str) -> str:
    out = []
    for ch in key:
        code = ord(ch)
        if ch == "/":
            out.append("\\")
        elif ch in KEY_SAFE:
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"%{code:02X}")
        else:
            out.append(f"%U{code:04X}")
    return "".join(out)


def unescape_key(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            out.append("/")
            i += 1
        elif ch == "%" and text[i + 1 : i + 2] == "U" and _is_hex(text[i + 2 : i + 6], 4):
            out.append(chr(int(text[i + 2 : i + 6], 16)))
            i += 6
        elif ch == "%" and _is_hex(text[i + 1 : i + 3], 2):
            out.append(chr(int(text[i + 1 : i + 3], 16)))
            i += 3
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in HEX for c in text)


def split_key(key: str) -> tuple[str, str]:
    """``"sync/workers"`` → (``"sync"``, ``"workers"``) as section and key text in the file."""
    head, sep, rest = key.partition("/")
    if not sep:
        return GENERAL, escape_key(key)
    section = escape_key(head)
    if section.lower() == GENERAL.lower():
        section = "%" + section  # a real [General] section holds the keys without a '/'
    return section, escape_key(rest)


def join_key(section: str, key_text: str) -> str:
    key = unescape_key(key_text)
    if section == GENERAL:
        return key
    if section.startswith("%") and section[1:].lower() == GENERAL.lower():
        return f"{section[1:]}/{key}"
    return f"{unescape_key(section)}/{key}"


# --------------------------------------------------------------------------------------------- values
def parse_value(raw: str) -> IniValue:
    text, items = _unescape(raw)
    if items is None:
        return _scalar(text, raw)
    return [_scalar(item, item) for item in items]


def _scalar(text: str, raw: str) -> Scalar | OpaqueValue:
    if not text.startswith("@"):
        return text
    if text.startswith("@@"):
        return text[1:]
    if text == "@Invalid()":
        return None
    if text.startswith("@String(") and text.endswith(")"):
        return text[len("@String(") : -1]  # text with NUL characters
    return OpaqueValue(raw)


def _unescape(raw: str) -> tuple[str, list[str] | None]:
    """Qt's ``iniUnescapedStringList``: the string, and the items when an unquoted ',' made it a list."""
    items: list[str] | None = None
    cur: list[str] = []
    in_quotes = quoted = False
    chop_limit = 0
    i, n = 0, len(raw)

    def skip_spaces(j: int) -> int:
        while j < n and raw[j] in " \t":
            j += 1
        return j

    def chop(limit: int) -> None:
        while len(cur) > limit and cur[-1] in " \t":
            cur.pop()

    i = skip_spaces(i)
    while i < n:
        ch = raw[i]
        if ch == "\\":
            i += 1
            if i >= n:
                break
            esc = raw[i]
            i += 1
            if esc in ESCAPES:
                cur.append(ESCAPES[esc])
            elif esc == "x":
                j = i
                while j < n and raw[j] in HEX:
                    j += 1
                if j > i:
                    cur.append(chr(int(raw[i:j], 16) & 0xFFFF))
                i = j
            elif esc in "01234567":
                j = i
                while j < n and raw[j] in "01234567":
                    j += 1
                cur.append(chr(int(raw[i - 1 : j], 8) & 0xFFFF))
                i = j
            chop_limit = len(cur)
        elif ch == '"':
            i += 1
            quoted = True
            in_quotes = not in_quotes
            if not in_quotes:
                i = skip_spaces(i)
                chop_limit = len(cur)
        elif ch == "," and not in_quotes:
            if not quoted:
                chop(chop_limit)
            items = [] if items is None else items
            items.append("".join(cur))
            cur, quoted, chop_limit = [], False, 0
            i = skip_spaces(i + 1)
        else:
            j = i + 1
            while j < n and raw[j] not in '\\",':
                j += 1
            cur.extend(raw[i:j])
            i = j
    if not quoted:
        chop(chop_limit)
    text = "".join(cur)
    if items is not None:
        items.append(text)
    return text, items


def format_value(value: object) -> str:
    """The file's text for a value (Qt's ``variantToString`` + ``iniEscapedString``)."""
    if isinstance(value, OpaqueValue):
        return value.text
    if isinstance(value, list | tuple):
        if not value:
            return "@Invalid()"
        if len(value) == 1:
            return _escape(_to_string(value[0]))
        return ", ".join(_escape(_to_string(v)) for v in value)
    return _escape(_to_string(value))


def _to_string(value: object) -> str:
    if value is None:
        return "@Invalid()"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if "\0" in value:
            return f"@String({value})"
        return "@" + value if value.startswith("@") else value
    raise TypeError(f"settings hold text, numbers, true/false and lists of them, not {type(value).__name__}")


def _escape(text: str) -> str:
    if text.startswith(("@ByteArray(", "@Variant(")):
        return text
    out: list[str] = []
    needs_quotes = any(c in text for c in ";,=")
    escape_next_if_hex = False
    for ch in text:
        if escape_next_if_hex and ch in HEX:
            out.append(f"\\x{ord(ch):x}")
            continue
        escape_next_if_hex = False
        if ch in WRITE_ESCAPES:
            out.append(WRITE_ESCAPES[ch])
            escape_next_if_hex = ch == "\0"
        elif ord(ch) <= 0x1F:
            out.append(f"\\x{ord(ch):x}")
            escape_next_if_hex = True
        else:
            out.append(ch)
    result = "".join(out)
    if needs_quotes or result[:1] == " " or result[-1:] == " ":
        result = f'"{result}"'
    return result


# --------------------------------------------------------------------------------------------- file
class IniDocument:
    """The file as ordered sections of ``key text → value text``; lines it does not change stay as read."""

    def __init__(self, sections: dict[str, dict[str, str]] | None = None):
        self.sections: dict[str, dict[str, str]] = sections if sections is not None else {}

    @classmethod
    def read(cls, path: Path) -> IniDocument:
        try:
            text = path.read_bytes().decode("utf-8", errors="surrogateescape")
        except FileNotFoundError:
            return cls()
        return cls.parse(text)

    @classmethod
    def parse(cls, text: str) -> IniDocument:
        sections: dict[str, dict[str, str]] = {}
        current = sections.setdefault(GENERAL, {})
        for line in re.split(r"\r\n|\r|\n", text):  # not str.splitlines(): U+0085, U+2028... are text
            stripped = line.strip()
            if not stripped or stripped[0] in ";#":
                continue
            if stripped.startswith("[") and stripped.endswith("]"):
                current = sections.setdefault(stripped[1:-1], {})
                continue
            key, sep, value = line.partition("=")
            if sep and key.strip():
                current[key.strip()] = value
        return cls(sections)

    def items(self) -> Iterable[tuple[str, IniValue]]:
        for section, entries in self.sections.items():
            for key_text, raw in entries.items():
                yield join_key(section, key_text), parse_value(raw)

    def set(self, key: str, value: object) -> None:
        section, key_text = split_key(key)
        self.sections.setdefault(section, {})[key_text] = format_value(value)

    def remove(self, key: str) -> None:
        section, key_text = split_key(key)
        self.sections.get(section, {}).pop(key_text, None)

    def render(self) -> str:
        blocks = []
        for section, entries in self.sections.items():
            if entries:
                lines = [f"[{section}]"] + [f"{k}={v}" for k, v in entries.items()]
                blocks.append("\n".join(lines) + "\n")
        return "\n".join(blocks)

    def write(self, path: Path) -> None:
        """Atomically: a crash or a full disk leaves the old file or the new one, never half of one (a failure
        is the data folder's one error, :func:`~ows_desktop.basics.paths.data_dir_error`)."""
        from ows_desktop.basics.paths import write_private_file

        write_private_file(path, self.render().encode("utf-8", errors="surrogateescape"), keep_mode=True)
