"""``store copy``: a single-seat SQLite cache into the team store — tickets, flags, the audit trail, the
camera mapping, the sync checkpoints and when a sync into the cache last finished (its "Last sync").

Resumable: tickets go in source-rowid order and audit entries in chain order, each batch committed with a
progress mark for this source (:mod:`.copy_in`), so a copy interrupted anywhere (Ctrl+C, a crash, the
network) continues after the last committed batch when run again, and ends with the same rows as an
uninterrupted copy: nothing twice, nothing missing. The mapping, flags and checkpoints are copied last, by
statements that can run again.

Refused before anything is written: a team store of another OWS tenant, a cache that records no tenant
into a store bound to one, and a cache whose audit trail does not verify.

Cases are not copied, nor their audit entries (subject ``case:NUMBER``): the team store numbers its own cases,
and a case entry copied without its case was taken by the first team case given that number — a new case showed
another investigation's history, notes and loss (a tester). The copy says how many cases stay in the cache,
where each can still be exported (``case export``); the cache is left as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store.camera_rules import TerminalSpec
from ows_desktop.store.cases import SUBJECT_PREFIX
from ows_desktop.store.errors import StoreError
from ows_desktop.store.postgres.copy_in import TenantMismatch
from ows_desktop.store.query import TicketQuery

if TYPE_CHECKING:
    from ows_desktop.store.interface import Store
    from ows_desktop.store.postgres.writer import PgTicketStore

DEFAULT_BATCH = 2_000
Step = Callable[[str, int, int], None]  # (what, done, total) after each committed batch


@dataclass(frozen=True)
class SourceTenant:
    api_access_url: str
    tickets_endpoint: str
    label: str


@dataclass(frozen=True)
class CopyResult:
    tickets: int  # copied by this run (a resumed run counts what was left)
    audit_entries: int
    flags: int
    cameras: int
    terminals: int
    windows: int
    resumed: bool
    cases_left: int = 0  # the cache's cases, not copied (see the module docstring)


def copy_store(
    source: Store,
    source_id: str,
    target: PgTicketStore,
    *,
    tenant: SourceTenant | None,
    batch: int = DEFAULT_BATCH,
    on_step: Step | None = None,
) -> CopyResult:
    """Copy ``source`` (named ``source_id``: its file) into ``target``; see the module docstring."""
    step = on_step or (lambda _what, _done, _total: None)
    with source.reader() as reader:
        broken = reader.review.verify_audit_chain()
        if broken is not None:
            raise StoreError(
                f"The audit trail of {source_id} does not verify (entry {broken}); nothing was copied. "
                "Export it for review (ows-desktop export) before moving the cache."
            )
        _check_tenant(target, tenant, source_id)
        tickets_after, audit_after, _finished = target.copy_in.progress(source_id)
        resumed = tickets_after > 0 or audit_after > 0
        rowids = sorted(int(r) for r in reader.ids(TicketQuery()))
        todo = [r for r in rowids if r > tickets_after]
        for i in range(0, len(todo), batch):
            chunk = todo[i : i + batch]
            raws = reader.raws(chunk)
            target.copy_in.tickets(
                source_id, [normalise_ticket(raws[r]) for r in chunk if r in raws], chunk[-1]
            )
            step("tickets", len(rowids) - len(todo) + i + len(chunk), len(rowids))
        trail = [e for e in reader.review.audit_trail() if not e.ticket_key.startswith(SUBJECT_PREFIX)]
        entries = [e for e in trail if e.id > audit_after]
        for i in range(0, len(entries), batch):
            chunk_entries = entries[i : i + batch]
            target.copy_in.audit(source_id, chunk_entries, chunk_entries[-1].id)
            step("audit entries", len(trail) - len(entries) + i + len(chunk_entries), len(trail))
        flagged = [row.key for row in reader.iter_rows(TicketQuery(flagged=True))]
        flags = list(reader.review.flags_of(flagged).values())
        last_sync = reader.last_sync_finished()  # the cache's "Last sync": its tickets are as fresh as that
        cases_left = len(reader.cases.cases())
    cameras = source.mapping.cameras()
    specs = [
        TerminalSpec(m.location, m.terminal, m.camera_ids, m.primary_id, m.clock_offset_seconds)
        for m in source.mapping.mappings()
    ]
    target.mapping.apply(cameras, specs, removed=None)
    windows = source.windows_overlapping(-(2**62), 2**62)
    target.copy_in.finish(source_id, flags, windows, None if last_sync is None else to_epoch_us(last_sync))
    step("done", 1, 1)
    return CopyResult(
        len(todo), len(entries), len(flags), len(cameras), len(specs), len(windows), resumed, cases_left
    )


def _check_tenant(target: PgTicketStore, tenant: SourceTenant | None, source_id: str) -> None:
    if tenant is not None:
        target.copy_in.bind_tenant(
            tenant.api_access_url, tenant.tickets_endpoint, label=tenant.label, source=source_id
        )
        return
    bound = target.copy_in.tenant()
    if bound is not None:
        raise TenantMismatch(
            f"{source_id} does not record its OWS tenant, and the team store at {target.location} belongs to "
            f"{bound[1]}; nothing was copied. Sync the cache once (ows-desktop sync) so it records its tenant."
        )
