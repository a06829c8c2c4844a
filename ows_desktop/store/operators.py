"""Who rang a ticket up. Names repeat across a chain's stores (a tester found two cashiers named Ines Brontë,
E1014 at S027 and E1053 at S063, ranked as one person with both stores' refunds), so an operator is the
employee ID the ticket carries, its name shown beside it. A ticket without an ID falls back to its operator's
name at its store, and what shows such an operator says "no employee ID".

An operator key is that identity as one text, for the store's filter (``TicketQuery.operator_keys``), the
operator picker and the saved filters: ``id:E1014``, or ``store:["S027","Ines Brontë"]`` (a JSON list, so
no text of a store or a name can make two keys alike). A plain name is no key: a filter saved by an older
version held the name alone, which stood for every cashier of that name."""

from __future__ import annotations

import json
from typing import NamedTuple

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP

_ID = "id:"
_STORE = "store:"


class OperatorKey(NamedTuple):
    operator_id: str  # '' for an operator known by name and store only
    location: str  # the store, for an operator without an ID ('' otherwise)
    name: str  # the name, for an operator without an ID ('' otherwise)


def operator_key(operator_id: str | None, name: str | None, location: str | None) -> str:
    """The key of a ticket's operator: its employee ID, else its name at its store."""
    if operator_id:
        return _ID + operator_id
    return _STORE + json.dumps([location or "", name or ""], ensure_ascii=False)


def parse_operator_key(key: str) -> OperatorKey | None:
    """The operator a key names; None when the text is no operator key."""
    if key.startswith(_ID) and len(key) > len(_ID):
        return OperatorKey(key[len(_ID) :], "", "")
    if key.startswith(_STORE):
        try:
            found = json.loads(key[len(_STORE) :])
        except ValueError:
            return None
        if isinstance(found, list) and len(found) == 2 and all(isinstance(part, str) for part in found):
            return OperatorKey("", found[0], found[1])
    return None


NO_ID = QT_TRANSLATE_NOOP("operators", "{name} (no employee ID)")


def key_text(key: str) -> str:
    """An operator key in an English sentence ("tickets matching operator E1014"): the employee ID, or the name
    said to have none, at its store."""
    found = parse_operator_key(key)
    if found is None:
        return key
    return found.operator_id or f"{NO_ID.format(name=found.name or '—')} at {found.location or '—'}"


def operator_text(name: str | None, operator_id: str | None) -> str:
    """An operator as a person reads it: ``Ines Brontë (E1014)``; the ID alone when the ticket names no one
    else (its name is the ID); ``Ines Brontë (no employee ID)`` without one (a Message: the window translates
    it); ``—`` for nobody."""
    if operator_id:
        return operator_id if not name or name == operator_id else f"{name} ({operator_id})"
    return NO_ID.format(name=name) if name else "—"
