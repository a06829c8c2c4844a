"""A case's history as the Cases tab shows it, in the window's language: one line an entry, when (the
window's zone, labelled), who, and what — the tickets added or removed by their ids (those of stores the
reader may not see counted, never named: ``store.cases.unseen_tickets``), an export's folder with its whole
path on the reader's own entries only, as this workstation noted it (export/folders.py; another login's is a
path on her workstation: its name), as ``case show`` says them on the command line
(``store.cases.describe_entry``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication

from ows_desktop.export.folders import with_whole_path
from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.itemmodels.ticket_columns import acted_time_text
from ows_desktop.ows.model import ticket_name
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store.cases import STATUS_LABELS, folder_name, not_to_name
from ows_desktop.store.review import AuditEntry

log = logging.getLogger(__name__)


class TicketNames:
    """``names(key)``: ``Ticket #7742 (S027-R01)``, as the receipt names a ticket (its key if it cannot be
    read), read once a key: the history is drawn again at every refresh of the Cases tab."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._names: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        name = self._names.get(key)
        if name is None:
            try:
                name = ticket_name(self._reader.ticket(key))
            except Exception as exc:  # named by its key, as the command line does
                log.debug("Reading ticket %s for a case's history failed: %s", key, exc)
                name = key
            self._names[key] = name
        return name


def history_lines(
    entries: Sequence[AuditEntry],
    case_keys: Iterable[str],
    tz: tzinfo | None,
    login: str | None,
    readable: Callable[[str], bool] | None = None,
    name: Callable[[str], str] = str,
    known: Mapping[str, str] | None = None,
) -> list[str]:
    """``entries``: the case's audit trail, oldest first; ``case_keys``: its tickets the reader can read;
    ``login``: the team store's login (None on a single seat, where every entry is the reader's own);
    ``readable``: whether the reader reads a ticket (a team store's: one added and removed since is not
    named either); ``name``: how a ticket the reader sees is named (the receipt's "Ticket #7742
    (S027-R01)"; its key by default); ``known``: the whole paths of this workstation's exports by export
    id (export/folders.py: the entries name a folder only), shown on the reader's own entries."""
    hidden = not_to_name(entries, case_keys, readable)
    lines = []
    for e in entries:
        own = login is None or e.db_role == login
        changes = with_whole_path(e.changes, known or {}) if own else e.changes
        what = describe_change(e.action, changes, hidden=hidden, full_path=own, name=name)
        lines.append(f"{acted_time_text(from_epoch_us(e.at_us), tz)}  {e.signed}  {what}")
    return lines


def describe_change(
    action: str,
    changes: dict[str, Any],
    *,
    hidden: Container[str] = frozenset(),
    full_path: bool = True,
    name: Callable[[str], str] = str,
) -> str:
    """One line in words for a case's audit entry."""
    if action == "note":
        return QCoreApplication.translate("cases_page", "note: {get}").format(get=changes.get("note", ""))
    tickets = [str(key) for key in changes.get("tickets") or []]
    if action in ("case_add", "case_remove"):
        done = counted().tickets_added if action == "case_add" else counted().tickets_removed
        seen = [key for key in tickets if key not in hidden]
        named = ", ".join(name(key) for key in seen)
        if len(seen) < len(tickets):
            unseen = counted().tickets_unseen(len(tickets) - len(seen))
            named = (
                QCoreApplication.translate("cases_page", "{named} and {unseen}").format(
                    named=named, unseen=unseen
                )
                if seen
                else unseen
            )
        return f"{done(len(tickets))}: {named}" if tickets else done(0)
    if action == "case_new":
        return QCoreApplication.translate("cases_page", "opened: {get}").format(get=changes.get("title"))
    if action == "case_loss":
        new = changes.get("loss_amount", [None, None])[1]
        return QCoreApplication.translate("cases_page", "loss amount {value} ({get})").format(
            value=QCoreApplication.translate("cases_page", "back to the tickets")
            if new is None
            else money_text(new),
            get=changes.get("reason"),
        )
    if action == "case_export":
        folder = changes.get("folder")
        return QCoreApplication.translate("cases_page", "exported as {upper} to {get}").format(
            upper=str(changes.get("format", "")).upper(),
            get=folder if full_path or not folder else folder_name(folder),
        )

    def shown(name: str, value: Any) -> str:
        value = core_label(STATUS_LABELS.get(value, value)) if name == "status" else value
        return "—" if value is None else str(value)

    return QCoreApplication.translate("cases_page", "changed ") + ", ".join(
        f"{name} {shown(name, pair[0])} → {shown(name, pair[1])}"
        for name, pair in changes.items()
        if isinstance(pair, list) and len(pair) == 2
    )


__all__ = ["TicketNames", "describe_change", "history_lines"]
