"""A case's history as the Cases tab shows it, in the window's language: one line an entry, when (the
window's zone, labelled), who, and what — the tickets added or removed by their ids (those of stores the
reader may not see counted, never named: ``store.cases.unseen_tickets``; those the team store's retention
removed since counted as such, never named either: ``reader.cases.retained_tickets``), an export's folder with its whole
path on the reader's own entries only, as this workstation noted it (export/folders.py; another login's is a
path on her workstation: its name), as ``case show`` says them on the command line
(``store.cases.describe_entry``).

The history is read in a job of the window's JobRunner, through the job's own read connection, never on the
GUI thread (:class:`CaseHistory`): a long history, or a sync holding the cache, froze the Cases tab at every
click on a case. An answer for a case the person has left (or an older reading of the same case) is dropped
(ui/latest_read.py: the case list and a case's tickets are read the same way). The person's own new entry is
scrolled into view; another writer's (ui/case_live.py) is appended, the entries the person reads staying
where they are (the view follows only when it was at the end).

Signals (:class:`CaseHistory`):
    shown(str): a reading of this case's history (its number) landed and is on screen, changed or not.
    failed(str): reading the history failed; the text says what to do (in the window's language).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ows_desktop.export.folders import ExportFolders, with_whole_path
from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.itemmodels.ticket_columns import acted_time_text
from ows_desktop.ows.model import ticket_name
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store.cases import (
    CASE_ADD,
    CASE_REMOVE,
    STATUS_LABELS,
    case_subject,
    folder_name,
    not_to_name,
    readable_by,
)
from ows_desktop.store.review import AuditEntry
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.latest_read import LatestRead

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HistoryRead:
    """A case's history as a job read it: its entries (oldest first), the tickets it must not name to this
    reader (:func:`~ows_desktop.store.cases.not_to_name`), the name of each ticket it names, the whole
    paths of this workstation's exports by export id (export/folders.py: the entries name a folder only),
    and its tickets the team store's retention removed (counted as such, never named)."""

    number: str
    entries: tuple[AuditEntry, ...]
    hidden: frozenset[str]
    names: Mapping[str, str]
    known: Mapping[str, str]
    retained: frozenset[str] = frozenset()


def read_history(
    store: Any, number: str, team: bool, known: Mapping[str, str], folders: Path | None = None
) -> HistoryRead:
    """Runs in a job: case ``number``'s history through a read connection of its own, opened and closed in
    the job's thread. ``team``: a team store (row-level security: a ticket the reader cannot read is not
    named); ``known``: the names read before (a ticket's name does not change: each is read once);
    ``folders``: this workstation's list of where its exports went (export/folders.py), read here too."""
    with store.reader() as reader:
        entries = tuple(reader.review.audit_trail(case_subject(number)))
        keys = reader.cases.case_tickets(number)
        retained = frozenset(reader.cases.retained_tickets(number))  # in no store now (a cache: none)
        hidden = frozenset(not_to_name(entries, keys, readable_by(reader) if team else None))
        named = {
            str(k)
            for e in entries
            if e.action in (CASE_ADD, CASE_REMOVE)
            for k in e.changes.get("tickets") or []
        }
        names = {key: known.get(key) or ticket_label(reader, key) for key in named - hidden - retained}
    exported = ExportFolders(folders).known() if folders is not None else {}  # a few lines
    return HistoryRead(number, entries, hidden, names, exported, retained)


def ticket_label(reader: Any, key: str) -> str:
    """``Ticket #7742 (S027-R01)``, as the receipt names a ticket; its key when it cannot be read."""
    try:
        return ticket_name(reader.ticket(key))
    except Exception as exc:  # named by its key, as the command line does
        log.debug("Reading ticket %s for a case's history failed: %s", key, exc)
        return key


class CaseHistory(QObject):
    """The Cases tab's history pane (:attr:`view`, plain text: notes are shown as typed), read in a job."""

    shown = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        store: Any,
        jobs: JobRunner,
        tz: Callable[[], tzinfo | None],
        login: str | None,
        parent: QWidget,
        folders: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._folders = folders  # where this workstation noted its exports' whole paths (export/folders.py)
        self._latest = LatestRead(jobs, "a case's history", self)  # an answer for a case left is dropped
        self._tz = tz  # the window's zone, as the case list shows times
        self._login = login  # the team store's (None: a single seat): whose entries are the reader's own
        self._number = ""  # the case whose history is (to be) shown
        self._text = ""  # the history last shown
        self._keep = False  # the next reading keeps the person's place (keep_place)
        self._names: dict[str, str] = {}  # how the history names a ticket (the receipt's name), read once
        self._submit = QTimer(self, singleShot=True, interval=0)
        self._submit.timeout.connect(self._read)
        self.view = QPlainTextEdit(parent)
        self.view.setObjectName("caseHistory")
        self.view.setReadOnly(True)
        self.view.setAccessibleName(self.tr("Case history"))
        self.slow = self._latest.slow  # the answer is late: the page says "Loading…"

    @property
    def number(self) -> str:
        """The case whose history is shown, or being read ("" for none)."""
        return self._number

    @property
    def waiting(self) -> bool:
        """The history asked for has not come yet."""
        return self._latest.waiting

    def show_case(self, number: str) -> None:
        """Read case ``number``'s history in a job ("": none) and show it when it arrives. Another case's
        history leaves the pane at once: it never stands under this case's header."""
        self._latest.drop()  # what was asked before is not shown any more
        if number != self._number:
            self._number, self._text, self._keep = number, "", False
            self.view.clear()
        if number:
            self._submit.start()  # once for every call of this pass (a refresh shows its case twice)

    def keep_place(self) -> None:
        """The next reading of the case shown that adds entries (another writer's: ui/case_live.py) appends them,
        keeping the entries in view where they are, unless the view was at the end (it follows them)."""
        self._keep = True

    @Slot()
    def _read(self) -> None:
        number = self._number
        if not number:
            return
        team = self._login is not None
        read = partial(read_history, self._store, number, team, dict(self._names), self._folders)
        self._latest.ask(read, self._on_read, self._on_failed)

    def _on_read(self, read: HistoryRead) -> None:
        self._names.update(read.names)
        name = lambda key: read.names.get(key, key)  # noqa: E731
        lines = entry_lines(
            read.entries, read.hidden, self._tz(), self._login, name, read.known, retained=read.retained
        )
        text = "\n".join(lines)
        old, self._text = self._text, text  # (not toPlainText(): it gives a no-break space back as a space)
        keep, self._keep = self._keep, False
        if keep and old and text.startswith(old + "\n"):  # another writer's entries: the person's place kept,
            self.view.appendPlainText(shown_text(text[len(old) + 1 :]))  # followed when at the end
        elif text != old:  # another case, or its entries said otherwise: the newest, last, in view
            self.view.setPlainText(shown_text(text))  # names from the server, notes as typed: marked
            self.view.moveCursor(QTextCursor.MoveOperation.End)
            self.view.ensureCursorVisible()
            bar = self.view.verticalScrollBar()  # to the very end: the last entry may wrap (narrow column)
            bar.setValue(bar.maximum())
        self.shown.emit(read.number)

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)

    def shutdown(self) -> None:
        """Stop reading (the page shuts its own pool down; the window's is shut down by the window)."""
        self._latest.drop()
        self._submit.stop()


def history_lines(
    entries: Sequence[AuditEntry],
    case_keys: Iterable[str],
    tz: tzinfo | None,
    login: str | None,
    readable: Callable[[str], bool] | None = None,
    name: Callable[[str], str] = str,
    known: Mapping[str, str] | None = None,
    retained: Container[str] = frozenset(),
) -> list[str]:
    """``entries``: the case's audit trail, oldest first; ``case_keys``: its tickets the reader can read;
    ``login``: the team store's login (None on a single seat, where every entry is the reader's own);
    ``readable``: whether the reader reads a ticket (a team store's: one added and removed since is not
    named either); ``name``: how a ticket the reader sees is named (the receipt's "Ticket #7742
    (S027-R01)"; its key by default); ``known``: the whole paths of this workstation's exports by export
    id (export/folders.py: the entries name a folder only), shown on the reader's own entries; ``retained``:
    its tickets the team store's retention removed (``reader.cases.retained_tickets``: counted, not named)."""
    hidden = not_to_name(entries, case_keys, readable)
    return entry_lines(entries, hidden, tz, login, name, known, retained=retained)


def entry_lines(
    entries: Sequence[AuditEntry],
    hidden: Container[str],
    tz: tzinfo | None,
    login: str | None,
    name: Callable[[str], str] = str,
    known: Mapping[str, str] | None = None,
    *,
    retained: Container[str] = frozenset(),
) -> list[str]:
    """:func:`history_lines` with the tickets not to name already known (``hidden``)."""
    lines = []
    for e in entries:
        own = login is None or e.db_role == login
        changes = with_whole_path(e.changes, known or {}) if own else e.changes
        what = describe_change(e.action, changes, hidden=hidden, retained=retained, full_path=own, name=name)
        lines.append(f"{acted_time_text(from_epoch_us(e.at_us), tz)}  {e.signed}  {what}")
    return lines


def describe_change(
    action: str,
    changes: dict[str, Any],
    *,
    hidden: Container[str] = frozenset(),
    retained: Container[str] = frozenset(),
    full_path: bool = True,
    name: Callable[[str], str] = str,
) -> str:
    """One line in words for a case's audit entry: the tickets it names by ``name``, but those ``hidden`` (in
    stores the reader may not see) and those ``retained`` (the team store's retention removed them since: in no
    store now) counted, as ``store.cases.describe_entry`` does for the command line."""
    if action == "note":
        return QCoreApplication.translate("cases_page", "note: {get}").format(get=changes.get("note", ""))
    tickets = [str(key) for key in changes.get("tickets") or []]
    if action in ("case_add", "case_remove"):
        done = counted().tickets_added if action == "case_add" else counted().tickets_removed
        gone = sum(key in retained for key in tickets)
        seen = [key for key in tickets if key not in hidden and key not in retained]
        unseen = len(tickets) - len(seen) - gone
        parts = [", ".join(name(key) for key in seen)] if seen else []
        parts += [counted().tickets_unseen(unseen)] if unseen else []
        parts += [counted().tickets_since_retained(gone)] if gone else []
        named = parts[0] if parts else ""
        for part in parts[
            1:
        ]:  # "T1, T2 and 1 ticket in a store you may not see and 1 ticket since removed …"
            named = QCoreApplication.translate("cases_page", "{named} and {unseen}").format(
                named=named, unseen=part
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


__all__ = [
    "CaseHistory",
    "HistoryRead",
    "describe_change",
    "entry_lines",
    "history_lines",
    "read_history",
    "ticket_label",
]
