"""PostgreSQL text cannot hold NUL (SQLite text can, and OWS JSON may carry ``\\u0000`` in any string): in the
team store a NUL in a stored text becomes U+FFFD, the one difference from the single-seat cache. Raw JSON is
unaffected (its text escapes NUL)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ows_desktop.store.ticket_rows import TicketRecord

NUL = "\x00"
REPLACEMENT = "\ufffd"


def pg_text(value: str) -> str:
    """``value`` as PostgreSQL can store it."""
    return value.replace(NUL, REPLACEMENT)


def _has_nul(values: Sequence[Any]) -> bool:
    return any(type(v) is str and NUL in v for v in values)


def _replaced(values: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(pg_text(v) if type(v) is str else v for v in values)


def _record_has_nul(record: TicketRecord) -> bool:
    return (
        NUL in record.key
        or NUL in record.terms
        or _has_nul(record.values)
        or (record.facts is not None and _has_nul(record.facts))
        or any(_has_nul(item) for item in record.items)
    )


def pg_records(records: Sequence[TicketRecord]) -> Sequence[TicketRecord]:
    """``records`` with every NUL in their texts replaced (the same list when none has one: the check is
    ~1 µs a ticket, a replacement only for the rare ticket that needs it)."""
    if not any(_record_has_nul(record) for record in records):
        return records
    return [
        replace(
            record,
            key=pg_text(record.key),
            terms=pg_text(record.terms),
            values=_replaced(record.values),
            facts=None if record.facts is None else _replaced(record.facts),
            items=tuple(_replaced(item) for item in record.items),
        )
        if _record_has_nul(record)
        else record
        for record in records
    ]
