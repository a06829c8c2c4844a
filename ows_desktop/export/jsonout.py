"""JSON evidence: ``tickets.json`` with, per ticket, the normalised ticket, the raw ticket exactly as OWS
sent it, the flag, the notes, the full audit trail and the exceptions. Streamed one ticket at a time, each
ticket on a line of its own (compact: json's C encoder, ~5× faster than an indented dump, which a PDF export
of 10,000 tickets felt; ``jq .`` or any JSON viewer indents it)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import IO, Any

from ows_desktop.basics.store_time import store_time_text
from ows_desktop.export.collect import ExportItem
from ows_desktop.export.formatting import iso_utc
from ows_desktop.export.redact import Redactor
from ows_desktop.ows.model import Ticket
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.rules.definitions import RULES, RuleConfig
from ows_desktop.store.review import STATE_LABELS, AuditEntry


def normalised(ticket: Ticket) -> dict[str, Any]:
    """The normalised ticket as JSON (times ISO 8601 UTC; no raw copies)."""

    def when(moment: datetime | None) -> str | None:
        return iso_utc(moment) or None

    return {
        "key": ticket.key,
        "id": ticket.id,
        "number": ticket.number,
        "location": ticket.location,
        "terminal": ticket.terminal,
        "operator": ticket.operator,
        "operator_id": ticket.operator_id,  # who the operator is (names repeat across stores)
        "start": when(ticket.start),
        "end": when(ticket.end),
        "persisted": when(ticket.persisted),
        "status": ticket.status,
        "subtotal": ticket.subtotal,
        "tax": ticket.tax,
        "total": ticket.total,
        "lines": [
            {
                "description": line.description,
                "sku": line.sku,
                "quantity": line.quantity,
                "price": line.price,
                "amount": line.amount,
                "original_price": line.original_price,
                "voided": line.voided,
                "kind": line.kind,
                "time": when(line.time),
            }
            for line in ticket.lines
        ],
        "tenders": [{"kind": t.kind, "amount": t.amount} for t in ticket.tenders],
        "discounts": [
            {
                "description": d.description,
                "amount": d.amount,
                "applied_by": d.operator,
                "approved_by": d.approver,
            }
            for d in ticket.discounts
        ],
    }


def audit_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": iso_utc(from_epoch_us(entry.at_us)),
        "who": entry.who,
        "host": entry.host,
        "os_user": entry.os_user,
        "db_role": entry.db_role,
        "action": entry.action,
        "changes": entry.changes,
        "hash": entry.hash,
    }


def item_json(item: ExportItem) -> dict[str, Any]:
    flag = item.review.flag
    return {
        "exhibit": item.number,
        "ticket_id": item.ticket_id,
        "ticket_key": item.row.key,
        "local_utc_offset_minutes": item.utc_offset_min,
        "start_store_time": store_time_text(item.ticket.start, item.utc_offset_min) or None,
        "normalised": normalised(item.ticket),
        "raw": item.raw,
        "flag": None
        if flag is None
        else {
            "reason": flag.reason,
            "state": flag.state,
            "state_label": STATE_LABELS.get(flag.state, flag.state),
            "flagged_at": iso_utc(from_epoch_us(flag.created_us)),
            "updated_at": iso_utc(from_epoch_us(flag.updated_us)),
        },
        "notes": [
            {"at": iso_utc(from_epoch_us(n.at_us)), "who": n.who, "text": n.note} for n in item.review.notes
        ],
        "audit": [audit_json(entry) for entry in item.review.audit],
        # the ids of its audit entries that fail their hash-chain check (exported anyway, marked); [] passed
        "audit_entries_failing_chain": list(item.extra.get("audit_failing") or ()),
        "exceptions": [
            {"rule": h.rule, "title": h.title, "weight": h.weight, "detail": h.detail}
            for h in item.exceptions
        ],
        "snapshots": [shot.to_json() for shot in item.snapshots],  # in time order
    }


class JsonWriter:
    """``{"format": ..., "rules": [...], "tickets": [ ... ]}`` written incrementally."""

    def __init__(self, out: IO[str], redactor: Redactor, config: RuleConfig, header: dict[str, Any]) -> None:
        self._out = out
        self._redactor = redactor
        # A secret that JSON writes as typed is found in the encoded text when a value holds it; one with a
        # quote, backslash or control character is not, so then every ticket goes through the redactor.
        self._plain = all(json.dumps(s, ensure_ascii=False)[1:-1] == s for s in redactor.secrets)
        self._first = True
        head = {
            "format": "ows-desktop-tickets",
            "version": 2,  # 2: a ticket's "snapshots" (a list; 1 had one "snapshot")
            **header,
            "rules": [
                {
                    "id": r.id,
                    "title": r.title,
                    "weight": config.weight(r.id),
                    "enabled": r.id in config.enabled,
                }
                for r in RULES
            ],
        }
        text = json.dumps(redactor.value(head), ensure_ascii=False, indent=1)
        out.write(text[:-1].rstrip() + ',\n "tickets": [')

    def add(self, item: ExportItem) -> None:
        value = item_json(item)
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        if not self._clean(text):  # something to redact: every string of it passes the redactor
            text = json.dumps(self._redactor.value(value), ensure_ascii=False, separators=(",", ":"))
        self._out.write(("\n  " if self._first else ",\n  ") + text)
        self._first = False

    def _clean(self, text: str) -> bool:
        """Whether the redactor would leave every string of this encoded ticket as it is: no URL that could
        carry credentials and no secret (walking the ticket's strings one by one costs more than encoding it)."""
        return self._plain and "://" not in text and not any(s in text for s in self._redactor.secrets)

    def close(self) -> None:
        self._out.write("\n ]\n}\n")
