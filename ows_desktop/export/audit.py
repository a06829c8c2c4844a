"""Every published export is an entry of the store's append-only audit trail: who, when, which tickets, the
format, the folder, the manifest's SHA-256 and the signing key's fingerprint (subject ``export:<case id>``,
action ``export``), chained like every review change.

The entries keep the folder's whole local path: the audit trail is the workstation's (or the team store's)
own record, and the investigator's window and ``case show`` say where the evidence went. An export never
writes it: a case's history in a later export names the folder by its name (store.cases.describe_entry)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ows_desktop.export.formatting import iso_utc
from ows_desktop.store.cases import case_subject
from ows_desktop.store.errors import StoreBusyError, StoreError
from ows_desktop.store.interface import AuditLog

if TYPE_CHECKING:
    from ows_desktop.export.bundle import ExportResult

log = logging.getLogger(__name__)

ACTION_EXPORT = "export"
ACTION_CASE_EXPORT = "case_export"
SUBJECT_PREFIX = "export:"


def export_details(result: ExportResult, investigator: str | None) -> dict[str, Any]:
    return {
        "case_id": result.case_id,
        "investigator": investigator,
        "created_utc": iso_utc(result.created) if result.created else None,
        "format": result.format,
        "folder": str(result.folder),
        "tickets": list(result.ticket_keys),
        "manifest_sha256": result.manifest_sha256,
        "key_fingerprint": result.key_fingerprint,
    }


def record_export(audit: AuditLog, result: ExportResult, investigator: str | None) -> str | None:
    """Append the export's entry; None when recorded, else why not (the export is published either way: a
    sync holding the cache's write lock for long must not undo finished evidence, but the caller says so)."""
    try:
        audit.record(SUBJECT_PREFIX + result.case_id, ACTION_EXPORT, export_details(result, investigator))
    except StoreBusyError as exc:
        log.warning("Export %s not recorded in the audit trail: %s", result.case_id, exc)
        return (
            f"The export to {result.folder} is complete, but the cache stayed busy (another process, such as "
            "a sync, was writing), so it is not recorded in the audit trail."
        )
    except StoreError as exc:
        log.warning("Export %s not recorded in the audit trail: %s", result.case_id, exc)
        return f"The export to {result.folder} is complete, but it is not recorded in the audit trail: {exc}"
    return None


def record_case_export(audit: AuditLog, number: str, result: ExportResult) -> str | None:
    """The case's own history entry for an export of its tickets; None when recorded, else why not."""
    details = {
        "export": result.case_id,
        "folder": str(result.folder),
        "format": result.format,
        "tickets": list(result.ticket_keys),
        "manifest_sha256": result.manifest_sha256,
    }
    try:
        audit.record(case_subject(number), ACTION_CASE_EXPORT, details)
    except StoreError as exc:
        log.warning("Export of case %s not recorded in its history: %s", number, exc)
        return f"The export to {result.folder} is complete, but case {number}'s history does not record it: {exc}"
    return None


__all__ = [
    "ACTION_CASE_EXPORT",
    "ACTION_EXPORT",
    "SUBJECT_PREFIX",
    "export_details",
    "record_case_export",
    "record_export",
]
