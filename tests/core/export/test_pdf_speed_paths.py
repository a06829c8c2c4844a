"""The shortcuts that make a big PDF export fast keep what it writes: a ticket with nothing to redact is
encoded once, yet every secret (also one JSON writes escaped) and every URL credential is still masked."""

from __future__ import annotations

import json
from pathlib import Path

from review_helpers import tk

from ows_desktop.export import Selection, export_tickets
from ows_desktop.store import TicketStore

QUOTED_SECRET = 'pa"ss\\word-77'  # JSON writes it as pa\"ss\\\\word-77: not found as typed in the text


def test_tickets_json_masks_escaped_secrets_and_url_credentials(store: TicketStore, tmp_path: Path) -> None:
    store.upsert_tickets([tk("T-1"), tk("T-2")])
    store.review.flag_ticket("T-1", reason="r", note=f"key {QUOTED_SECRET} here", who="jane")
    store.review.flag_ticket("T-2", reason="r", note="cam rtsp://admin:pw1234@10.0.0.7/h264", who="jane")
    with store.reader() as reader:
        result = export_tickets(reader, Selection.flagged(), "json", tmp_path / "x", secrets=[QUOTED_SECRET])
    data = json.loads((tmp_path / "x" / "tickets.json").read_text(encoding="utf-8"))
    notes = [t["notes"][0]["text"] for t in data["tickets"]]
    assert notes == ["key [REDACTED] here", "cam rtsp://[REDACTED]@10.0.0.7/h264"]
    assert result.redactions >= 2
