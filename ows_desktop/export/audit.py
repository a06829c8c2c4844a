"""Every published export is an entry of the store's append-only audit trail: who, when, which tickets, the
format, the folder, the manifest's SHA-256 and the signing key's fingerprint (subject ``export:<case id>``,
action ``export``), chained like every review change.

The entries name the folder by its name (``case-12``), never its whole path (``/home/alice/Evidence/case-12``):
on a team store every investigator reads a case's history, and a plain SQL query of any role that may read
an entry shows it whole; the entry's host says which workstation holds the folder. The workstation that
exported keeps the whole path in its own list (:mod:`.folders`), from which the investigator's window and
``case show`` say where her evidence went. Entries written before this version keep the whole path they
have (the trail is append-only); the window and ``case show`` name another login's folder by its name, and
so does a case's history in a later export (store.cases.describe_entry). The custody is unchanged: the
manifest's SHA-256 and the key's fingerprint tie the entry to the folder, wherever it is moved."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ows_desktop.export.folders import ExportFolders
from ows_desktop.export.formatting import iso_utc
from ows_desktop.store.cases import case_subject, folder_name
from ows_desktop.store.errors import StoreBusyError, StoreError
from ows_desktop.store.interface import AuditLog

if TYPE_CHECKING:
    from ows_desktop.export.bundle import ExportResult
    from ows_desktop.export.collect import Selection
    from ows_desktop.store.cases import Case

log = logging.getLogger(__name__)

ACTION_EXPORT = "export"
ACTION_CASE_EXPORT = "case_export"
SUBJECT_PREFIX = "export:"


def export_details(result: ExportResult, investigator: str | None) -> dict[str, Any]:
    details: dict[str, Any] = {
        "case_id": result.case_id,
        "investigator": investigator,
        "created_utc": iso_utc(result.created) if result.created else None,
        "format": result.format,
        "folder": folder_name(result.folder),
        "tickets": list(result.ticket_keys),
        "manifest_sha256": result.manifest_sha256,
        "key_fingerprint": result.key_fingerprint,
    }
    if result.audit_breaks:  # exported despite them (marked): the trail says so too
        details["audit_entries_failing_chain"] = result.audit_breaks.entries()
    return details


def record_export(
    audit: AuditLog,
    result: ExportResult,
    investigator: str | None,
    local_folders: ExportFolders | None = None,
) -> str | None:
    """Append the export's entry (and note its whole path in ``local_folders``, this workstation's list);
    None when recorded, else why not (the export is published either way: a sync holding the cache's write
    lock for long must not undo finished evidence, but the caller says so)."""
    if local_folders is not None:
        local_folders.remember(result.case_id, result.folder)
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


def case_export(number: str, case: Case) -> tuple[Selection, str]:
    """What an export of case ``number`` holds (its tickets, by time) and the report's title, in the report's
    own words (English, as all its text) whether the window or the command line exports it: the window gave
    them in its language, and a French window's PDF read "Dossier C-…: … (opérateur …)" over an English
    report (a tester)."""
    from ows_desktop.export.collect import Selection
    from ows_desktop.store.query import TicketQuery

    query = TicketQuery(case=number, sort="start", descending=False)
    return Selection(
        "case", query, f"tickets of case {number}"
    ), f"Case {number}: {case.title} ({case.subject})"


def record_case_export(audit: AuditLog, number: str, result: ExportResult) -> str | None:
    """The case's own history entry for an export of its tickets; None when recorded, else why not."""
    details: dict[str, Any] = {
        "export": result.case_id,
        "folder": folder_name(result.folder),
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
