"""The normaliser's field readers: a field's value through its list of aliases (first non-null wins), and
the lenient coercions of ids, texts, numbers, flags, times and labels (ows/tickets.py). Nothing here raises
on server data. The readers compiled per set of keys (ows/key_plans.py) inline the common case of these
coercions and call them for the rest."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from ows_desktop.ows.text import stored_id
from ows_desktop.ows.timestamps import parse_timestamp

TRUE_STRINGS = frozenset({"true", "1", "yes", "y", "t"})
FALSE_STRINGS = frozenset({"false", "0", "no", "n", "f", ""})
EXACT_INT = 2**53  # integers a float holds exactly

# Readers: alias lookup and coercion in one call, with the common JSON type inlined.


def first(get: Callable[[str], Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = get(key)
        if value is not None:
            return value
    return None


def read_id(get: Callable[[str], Any], keys: tuple[str, ...]) -> str | None:
    value = first(get, keys)
    if type(value) is str:
        value = value.strip()
        return (value if value.isascii() else stored_id(value)) or None
    return None if value is None else id_text(value)


def read_text(get: Callable[[str], Any], keys: tuple[str, ...]) -> str | None:
    value = first(get, keys)
    return None if value is None else text(value)


def read_number(get: Callable[[str], Any], keys: tuple[str, ...]) -> float | None:
    value = first(get, keys)
    kind = type(value)
    if kind is float and value - value == 0.0:  # finite
        return value
    if kind is int and -EXACT_INT < value < EXACT_INT:
        return float(value)
    return None if value is None else number(value)


def read_flag(get: Callable[[str], Any], keys: tuple[str, ...]) -> bool:
    value = first(get, keys)
    if value is True or value is False:
        return value
    return value is not None and (to_bool(value) or False)


def read_time(get: Callable[[str], Any], keys: tuple[str, ...]) -> datetime | None:
    value = first(get, keys)
    return None if value is None else parse_timestamp(value)


def read_label(get: Callable[[str], Any], keys: tuple[str, ...]) -> str | None:
    value = first(get, keys)
    if type(value) is str:
        return label(value)
    text = None if value is None else id_text(value)
    return label(text) if text is not None else None


def objects(value: Any) -> list[dict[Any, Any]]:
    """The dicts of a list field; a lone object counts as a one-item list; anything else is empty."""
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    if isinstance(value, dict):
        return [value]
    return []


def id_text(value: Any) -> str | None:
    """Ids and names as text: strings stripped (empty → None; unpaired surrogates escaped one-to-one, see
    ows.text.stored_id), integers (and integral floats) as digits."""
    if isinstance(value, str):
        value = value.strip()
        return (value if value.isascii() else stored_id(value)) or None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int_text(value)
    if isinstance(value, float) and math.isfinite(value):
        return int_text(int(value)) if value.is_integer() else repr(value)
    return None


def int_text(value: int) -> str | None:
    try:
        return str(value)
    except ValueError:  # beyond Python's int-to-str digit limit: not an id
        return None


def text(value: Any) -> str | None:
    """Free text (descriptions): strings as sent (empty → None); numbers as text; containers → None."""
    if isinstance(value, str):
        return value if value.strip() else None  # as sent: the exports keep even unpaired surrogates
    return id_text(value)


def number(value: Any) -> float | None:
    """Numbers and numeric strings ("12.50", "1,299.00", "$3") as float; booleans and garbage → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, str):
        parsed = parse_number_text(value)
        if parsed is None:
            return None
        number = parsed
    else:
        return None
    return number if math.isfinite(number) else None


def parse_number_text(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        pass
    cleaned = text.replace(",", "").replace("$", "").strip()
    if not cleaned or cleaned == text:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None


def to_bool(value: Any) -> bool | None:
    """Booleans as sent, 0/1, or "true"/"false"/"yes"/"no"/"0"/"1" strings; anything else → None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value == 1:
            return True
        if value == 0:
            return False
        return None
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in TRUE_STRINGS:
            return True
        if lowered in FALSE_STRINGS:
            return False
    return None


@lru_cache(maxsize=1024)
def label(text: str) -> str | None:
    """Lower-case, runs of spaces/hyphens as one underscore: "Post Void" → "post_void". Cached: statuses,
    line kinds and tender kinds take a handful of distinct values."""
    return "_".join(text.replace("-", " ").split()).lower() or None
