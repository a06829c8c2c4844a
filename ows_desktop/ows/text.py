"""Text from OWS that Python can hold but UTF-8 cannot carry: unpaired surrogates (``"\\ud800"`` escapes in
JSON). SQLite, terminals, Qt and PDF writers all need valid UTF-8, so such text is escaped once, on the way
in, and everything downstream sees ordinary text.

``stored_id`` is injective: ids that differ only by their surrogates stay distinct (``SUR\\ud800`` and
``SUR\\udc00`` must never collapse into one ticket), and it is the identity for every ordinary id, so keys
already in a cache do not change. The same function is applied wherever an id is looked up."""

from __future__ import annotations

# Marks an escaped id. An ordinary id that happens to start with it is escaped as well, which keeps the
# mapping one-to-one.
ESCAPED_ID_MARK = "\ufffd"


def has_lone_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def stored_id(text: str) -> str:
    """``text`` unchanged when it is valid Unicode (and does not start with the mark); otherwise the mark
    followed by the text with backslashes doubled and each unpaired surrogate written as ``\\udXXX``."""
    if not has_lone_surrogate(text) and not text.startswith(ESCAPED_ID_MARK):
        return text
    return ESCAPED_ID_MARK + text.replace("\\", "\\\\").encode("utf-8", "backslashreplace").decode("utf-8")


def display_text(text: str) -> str:
    """``text`` safe to print, draw or export: unpaired surrogates become ``\\udXXX`` (never raises)."""
    if not has_lone_surrogate(text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
