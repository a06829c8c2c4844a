"""Field readers compiled for the keys a ticket object actually has.

The normaliser reads every field through a list of aliases, first non-null wins (ows/tickets.py). Walking
those lists costs a call and a dict lookup per alias tried, for every field of every ticket and line: for a
simulator line, ten reader calls and nine missed lookups, ~4 µs a line, more than half of normalise. But a
POS integration sends the same keys in every object of a kind, so the aliases a given set of keys holds are
known once per set: for each new tuple of keys, :class:`KeyPlans` writes a reader that looks up only the
aliases present, in priority order, with each field's coercion inlined, and keeps it for that tuple.

The result is the same as the alias readers' for every object (a property test compares them): a present
alias whose value is null falls through to the next present one, exactly as ``get`` returning None did, and
the coercions call the same helpers off their inlined common case. Only our own alias names (constants of
ows/tickets.py) are written into the generated source, never a key the server sent. Objects with many keys,
or seen after ``MAX_PLANS`` different key tuples, take the alias readers (``fallback``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ows_desktop.ows.field_readers import objects as _objects

MAX_PLANS = 256  # key tuples remembered per kind of object; later new ones use the fallback
MAX_KEYS = 64  # objects with more keys use the fallback (their key tuple would cost more than it saves)

# How a field's value ``v`` (the first non-null alias, or None) becomes the field, per kind of field (the
# inlined common case first, then the same helper the alias readers call). ``{f}`` is the field's variable.
_COERCE = {
    "id": (
        "if v is None:\n    {f} = None\n"
        "elif type(v) is str:\n    v = v.strip()\n    {f} = (v if v.isascii() else stored_id(v)) or None\n"
        "else:\n    {f} = id_text(v)\n"
    ),
    "text": (
        "if v is None:\n    {f} = None\n"
        "elif type(v) is str:\n    {f} = v if v.strip() else None\n"
        "else:\n    {f} = text(v)\n"
    ),
    "number": (
        "if v is None:\n    {f} = None\n"
        "elif type(v) is float and v - v == 0.0:\n    {f} = v\n"
        "elif type(v) is int and -EXACT_INT < v < EXACT_INT:\n    {f} = float(v)\n"
        # an amount sent as text ("12.50"): number()'s own first try, float(), then its finite test
        "elif type(v) is str:\n    try:\n        x = float(v)\n    except ValueError:\n        {f} = number(v)\n"
        "    else:\n        {f} = x if x - x == 0.0 else None\n"
        "else:\n    {f} = number(v)\n"
    ),
    "flag": (
        "if v is None:\n    {f} = False\n"
        "elif v is True or v is False:\n    {f} = v\n"
        "else:\n    {f} = to_bool(v) or False\n"
    ),
    "time": (  # parse_timestamp's own first case: integer epoch milliseconds / microseconds of 1978-2106
        "if v is None:\n    {f} = None\n"
        "elif type(v) is int and MS_LO <= v < MS_HI:\n    {f} = fromtimestamp(v / 1_000, UTC)\n"
        "elif type(v) is int and US_LO <= v < US_HI:\n    {f} = fromtimestamp(v / 1_000_000, UTC)\n"
        "else:\n    {f} = parse_timestamp(v)\n"
    ),
    "label": (
        "if v is None:\n    {f} = None\n"
        "elif type(v) is str:\n    {f} = label(v)\n"
        "else:\n    v = id_text(v)\n    {f} = label(v) if v is not None else None\n"
    ),
    "raw": "{f} = v\n",
}
_ABSENT = {"flag": "{f} = False\n"}  # a field none of whose aliases is present: None, or False for flags


class KeyPlans:
    """Readers of one kind of object (ticket, line...), one per tuple of keys met.

    ``fields``: (kind, aliases) per field, in order; ``result``: the source of the expression the reader
    returns, over the fields' variables ``f0``, ``f1``... and ``raw``; ``helpers``: the names that source and
    the coercions use (``stored_id``, ``id_text``, ``text``, ``number``, ``to_bool``, ``parse_timestamp``,
    ``fromtimestamp``, ``UTC``, ``MS_LO``/``MS_HI`` and ``US_LO``/``US_HI`` (timestamps.FAST_EPOCH_MS/_US),
    ``label``, ``EXACT_INT`` and the result's own)."""

    def __init__(
        self,
        fields: Sequence[tuple[str, tuple[str, ...]]],
        result: str,
        helpers: Mapping[str, Any],
        fallback: Callable[[dict[Any, Any]], Any],
    ) -> None:
        self._fields = tuple(fields)
        self._result = result
        self._helpers = dict(helpers)
        self._fallback = fallback
        self._plans: dict[tuple[Any, ...], Callable[[dict[Any, Any]], Any]] = {}

    def read(self, raw: dict[Any, Any]) -> Any:
        """What ``fallback(raw)`` returns, through the reader planned for ``raw``'s keys (a dict subclass,
        which may read its keys its own way, takes the fallback)."""
        if type(raw) is not dict or len(raw) > MAX_KEYS:
            return self._fallback(raw)
        keys = tuple(raw)
        reader = self._plans.get(keys)
        if reader is None:
            reader = self._plan(keys)
        return reader(raw)

    def read_objects(self, value: Any) -> tuple[Any, ...]:
        """``tuple(map(self.read, objects(value)))`` (field_readers.objects: the dicts of a list, a lone dict
        as a one-item list, else none), with :meth:`read` inlined for the items of a list: a ticket's lines
        and tenders are read here, a call and a list fewer each."""
        if type(value) is not list:
            return tuple(map(self.read, _objects(value)))
        plans, plan, fallback = self._plans, self._plan, self._fallback
        read: list[Any] = []
        for raw in value:
            if type(raw) is dict and len(raw) <= MAX_KEYS:
                keys = tuple(raw)
                reader = plans.get(keys)
                if reader is None:
                    reader = plan(keys)
                read.append(reader(raw))
            elif isinstance(raw, dict):
                read.append(fallback(raw))
        return tuple(read)

    def _plan(self, keys: tuple[Any, ...]) -> Callable[[dict[Any, Any]], Any]:
        if len(self._plans) >= MAX_PLANS:
            return self._fallback
        present = set(keys)
        body = []
        for number, (kind, aliases) in enumerate(self._fields):
            found = [alias for alias in aliases if alias in present]
            variable = f"f{number}"
            if not found:
                body.append(_ABSENT.get(kind, "{f} = None\n").format(f=variable))
                continue
            body.append(f"v = raw[{found[0]!r}]\n")
            body.extend(f"if v is None:\n    v = raw[{alias!r}]\n" for alias in found[1:])
            body.append(_COERCE[kind].format(f=variable))
        source = "def read(raw):\n" + "".join(
            "    " + line + "\n" for text in body for line in text.splitlines()
        )
        source += f"    return {self._result}\n"
        namespace = dict(self._helpers)
        exec(source, namespace)  # noqa: S102 - only our alias constants and field kinds are in the source
        reader: Callable[[dict[Any, Any]], Any] = namespace["read"]
        self._plans[keys] = reader
        return reader
