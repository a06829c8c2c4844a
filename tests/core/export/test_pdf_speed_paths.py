"""The shortcuts that make a big PDF export fast keep what it writes: a ticket with nothing to redact is
encoded once, yet every secret (also one JSON writes escaped) and every URL credential is still masked."""

from __future__ import annotations

import json
from pathlib import Path

from review_helpers import tk

from ows_desktop.export import Selection, export_tickets
from ows_desktop.store import TicketStore

QUOTED_SECRET = 'pa"ss\\word-77'  # JSON writes it as pa\"ss\\\\word-77: not found as typed in the text
PLAIN_SECRET = "plain-secret-4242"


def notes_exported(store: TicketStore, out: Path, secrets: list[str]) -> list[str]:
    with store.reader() as reader:
        export_tickets(reader, Selection.flagged(), "json", out, secrets=secrets)
    data = json.loads((out / "tickets.json").read_text(encoding="utf-8"))
    return [t["notes"][0]["text"] for t in data["tickets"]]


def test_tickets_json_masks_escaped_secrets_and_url_credentials(store: TicketStore, tmp_path: Path) -> None:
    store.upsert_tickets([tk("T-1"), tk("T-2"), tk("T-3")])
    store.review.flag_ticket("T-1", reason="r", note=f"key {QUOTED_SECRET} here", who="jane")
    store.review.flag_ticket("T-2", reason="r", note="cam rtsp://admin:pw1234@10.0.0.7/h264", who="jane")
    store.review.flag_ticket("T-3", reason="r", note=f"and {PLAIN_SECRET}", who="jane")
    masked = ["key [REDACTED] here", "cam rtsp://[REDACTED]@10.0.0.7/h264", "and [REDACTED]"]
    assert notes_exported(store, tmp_path / "a", [QUOTED_SECRET, PLAIN_SECRET]) == masked
    # no secret that JSON escapes: tickets without a URL or a secret in their text are encoded only once
    assert notes_exported(store, tmp_path / "b", [PLAIN_SECRET]) == [f"key {QUOTED_SECRET} here", *masked[1:]]
