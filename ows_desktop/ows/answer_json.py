"""Decoding a tickets answer once, keeping each ticket's JSON text as it was received.

The store keeps every ticket's JSON exactly as the server sent it (compressed a page at a time, see
store/raw_pages.py). Cutting that text out of the page after ``json.loads`` meant decoding every ticket a
second time (~12 % of the sync's GIL time in a profile of 12 k tickets). Here the answer is decoded ONCE:
each element of ``content.results`` is decoded where it lies (``raw_decode``, which hands back where it
ended), and the rest of the answer is decoded with the results replaced by a marker.

The result is exactly ``json.loads(body)``: the element values come from the same decoder, and the marker
must come back as ``content.results`` of the rest, which holds only when the cut array was the value of
that key (the text before it is the same, so the decoder is in the same place: a ``"results"`` inside a
string or another object gives the marker elsewhere, and duplicate keys keep the last as ``json.loads``
does). Anything else (not UTF-8, a BOM, no results array, a decoding error) falls back to
``json.loads(body)`` with no texts, so errors are the ones ``json.loads`` raises.

The usual answer (compact UTF-8 JSON, as the simulator and most servers write it) takes a faster path first,
:func:`compact_answer` (orjson, only where its own writing of the value is the body byte for byte);
:class:`AnswerDecoder` stops trying it for a server whose answers never are."""

from __future__ import annotations

import json
import re
import threading
from typing import Any

import orjson

_RESULTS = re.compile(r'"results"\s*:\s*\[')
_DECODER = json.JSONDecoder()
_MARKER = "\x00ows-desktop cut results\x00"
_MARKER_JSON = json.dumps(_MARKER)
_SPACE = " \t\r\n"


class AnswerDecoder:
    """:func:`loads_answer` for one client: it stops trying the compact answer's fast path (orjson) after a
    few answers in a row that were not orjson's own writing (a server that indents or escapes its JSON), so
    such a server costs no second decode. Threads may share it (its count is a hint: a race costs one try)."""

    GIVE_UP_AFTER = 3  # answers in a row that were not compact JSON as orjson writes it

    def __init__(self) -> None:
        self._misses = 0
        self._lock = threading.Lock()

    def loads(self, body: bytes) -> tuple[Any, tuple[bytes, ...] | None]:
        if self._misses < self.GIVE_UP_AFTER:
            found = compact_answer(body)
            with self._lock:
                self._misses = 0 if found is not None else self._misses + 1
            if found is not None:
                return found
        return loads_answer(body)


def compact_answer(body: bytes) -> tuple[Any, tuple[bytes, ...]] | None:
    """The answer and its results' texts when ``body`` is byte for byte what orjson writes for its value
    (compact JSON, UTF-8 text unescaped: the usual answer); None otherwise (then :func:`loads_answer`).

    Why (measured on simulator pages, 2026-12-06): orjson decodes a page in ~4 µs a ticket where the
    standard decoder with the results' spans takes ~12-15. orjson's value is not always ``json.loads``'s (an
    integer past 64 bits becomes a float; NaN, a lone surrogate or a BOM are refused), so it is used only when
    its own writing of that value IS the body: the results' texts are then orjson's encoding of each result,
    found in the body, and the rest of the answer is checked the same way. Such a body is valid JSON that
    ``json.loads`` decodes to the same value, types included (each number is written back as it was read)."""
    try:
        value: Any = orjson.loads(body)
        if type(value) is not dict or type(content := value.get("content")) is not dict:
            return None
        results = content.get("results")
        if type(results) is not list:
            return None
        texts = [orjson.dumps(result) for result in results]
        array = b"[" + b",".join(texts) + b"]"
        at = body.find(array)
        if at < 0:
            return None
        rest = orjson.dumps({**value, "content": {**content, "results": []}})
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):  # not JSON, or nested past orjson's depth
        return None
    if body[:at] + b"[]" + body[at + len(array) :] != rest:  # the rest of the answer as written, in place
        return None
    return value, tuple(texts)


def loads_answer(body: bytes) -> tuple[Any, tuple[bytes, ...] | None]:
    """``json.loads(body)``, and the UTF-8 text of each element of its ``content.results`` as received
    (None when they could not be cut: the value is then decoded the plain way)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return json.loads(body), None
    for match in _RESULTS.finditer(text):
        found = _decode_around(text, match.end())
        if found is not None:
            value, spans = found
            if text.isascii():  # the usual answer (json.dumps escapes non-ASCII): offsets are byte offsets
                return value, tuple(body[start:end] for start, end in spans)
            return value, tuple(text[start:end].encode("utf-8") for start, end in spans)
    return json.loads(body), None


def _decode_around(text: str, at: int) -> tuple[Any, list[tuple[int, int]]] | None:
    """The decoded answer and the elements' spans, when the array opening just before ``at`` is
    ``content.results``; None otherwise."""
    try:
        items, spans, close = _array(text, at)
        rest = json.loads(text[: at - 1] + _MARKER_JSON + text[close + 1 :])
    except (ValueError, IndexError, RecursionError):
        return None
    content = rest.get("content") if type(rest) is dict else None
    if type(content) is not dict or content.get("results") != _MARKER:
        return None
    content["results"] = items
    return rest, spans


def _array(text: str, at: int) -> tuple[list[Any], list[tuple[int, int]], int]:
    """Decode the array whose ``[`` is just before ``at``: its items, their spans, where its ``]`` is."""
    items: list[Any] = []
    spans: list[tuple[int, int]] = []
    decode = _DECODER.raw_decode
    end = len(text)
    while at < end and text[at] in _SPACE:
        at += 1
    if text[at] == "]":
        return items, spans, at
    while True:
        value, stop = decode(text, at)
        items.append(value)
        spans.append((at, stop))
        at = stop
        while at < end and text[at] in _SPACE:
            at += 1
        if text[at] == "]":
            return items, spans, at
        if text[at] != ",":
            raise ValueError("not an array")
        at += 1
        while at < end and text[at] in _SPACE:
            at += 1
