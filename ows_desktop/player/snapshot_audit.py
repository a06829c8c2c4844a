"""Each snapshot the video pane saves goes into the store's append-only audit trail, with its PNG's SHA-256.

The sidecar next to the picture says the same digest, but a sidecar can be edited as easily as the picture it
describes; the audit trail is hash-chained and append-only (store/review.py), on the single-seat cache and on
the team store alike (``store.audit``, the interface both backends give). So the evidence export checks each
snapshot's file against the trail's entry (export/custody.py): a picture copied over a snapshot is left out
rather than exported as the investigator's.

The entry's subject is the ticket's key (action ``snapshot``), so it is part of the ticket's history, seen by
whoever sees the ticket (the team store's row-level security). It is written off the GUI thread (a sync
holding the cache's write lock must not freeze the video); when it cannot be written the pane says so, and
an export leaves that snapshot out (not in the audit trail: OWS Desktop did not record taking it) — the
person is told to take it again."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ows_desktop.camera.snapshots import SnapshotInfo, audit_details
from ows_desktop.store.review import ACTION_SNAPSHOT, AuditEntry

log = logging.getLogger(__name__)


def record_snapshot(audit: Any, info: SnapshotInfo) -> AuditEntry:
    """Append the snapshot's entry to ``audit`` (either backend's ``store.audit``; no Qt: any thread)."""
    return audit.record(info.ticket_key, ACTION_SNAPSHOT, audit_details(info))


class SnapshotAudit(QObject):
    """``record(info)``: the snapshot's audit entry, written by ``jobs`` (a tasks.jobs.JobRunner).

    Signals:
        failed(str, object): the PNG's file name and why its entry could not be written (a str, or a
            basics.messages.Message the window translates).
    """

    failed = Signal(str, object)

    def __init__(self, audit: Any, jobs: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._audit = audit  # a store.interface.AuditLog
        self._jobs = jobs

    def record(self, info: SnapshotInfo) -> None:
        audit = self._audit
        self._jobs.submit(
            lambda: record_snapshot(audit, info),
            str(info.path),
            failed=self._on_failed,
        )

    @Slot(object, object, int)
    def _on_failed(self, path: str, message: object, _code: int) -> None:
        log.warning("Snapshot %s not recorded in the audit trail: %s", path, message)
        self.failed.emit(Path(path).name, message)


__all__ = ["SnapshotAudit", "record_snapshot"]
