"""Investigation cases, the values every backend shares (the SQLite implementation is :mod:`.cases_sql`).

A case has a number unique in the store (``C-<year>-<seq>``, e.g. ``C-2026-0042``; numbers are never reused:
cases are never deleted, only closed), a title, a subject (an operator and/or a store and register), a
status (Open → In progress → Loss confirmed / No loss → Closed), an assignee, notes, and its tickets. Its
loss amount is the sum of its tickets' amounts (each counted as positive: a refund by its size) unless an investigator sets
it, with a reason. Every change is an entry of the store's append-only, hash-chained audit trail, with the
subject ``case:<number>`` (read it back with ``reader.review.audit_trail(case_subject(number))``)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from typing import Any

from ows_desktop.basics.english import counted
from ows_desktop.basics.text_marks import is_one_line
from ows_desktop.store.errors import StoreError, TicketNotFoundError
from ows_desktop.store.loss_amount import no_loss_yet_claimed
from ows_desktop.store.review import AuditEntry, storable

# Statuses, in workflow order, with their labels.
OPEN, IN_PROGRESS, LOSS_CONFIRMED, NO_LOSS, CLOSED = (
    "open",
    "in_progress",
    "loss_confirmed",
    "no_loss",
    "closed",
)
STATUSES: tuple[str, ...] = (OPEN, IN_PROGRESS, LOSS_CONFIRMED, NO_LOSS, CLOSED)
STATUS_LABELS = {
    OPEN: "Open",
    IN_PROGRESS: "In progress",
    LOSS_CONFIRMED: "Loss confirmed",
    NO_LOSS: "No loss",
    CLOSED: "Closed",
}
# A closed case with the outcome it was concluded with.
CLOSED_LABELS = {LOSS_CONFIRMED: "Closed (loss confirmed)", NO_LOSS: "Closed (no loss)"}
# Where a case may go from each status (a closed case is reopened as "in progress").
TRANSITIONS: dict[str, frozenset[str]] = {
    OPEN: frozenset({IN_PROGRESS, LOSS_CONFIRMED, NO_LOSS, CLOSED}),
    IN_PROGRESS: frozenset({OPEN, LOSS_CONFIRMED, NO_LOSS, CLOSED}),
    LOSS_CONFIRMED: frozenset({IN_PROGRESS, NO_LOSS, CLOSED}),
    NO_LOSS: frozenset({IN_PROGRESS, LOSS_CONFIRMED, CLOSED}),
    CLOSED: frozenset({IN_PROGRESS}),
}

# Audit actions of a case.
CASE_NEW, CASE_UPDATE, CASE_ADD, CASE_REMOVE, CASE_LOSS, CASE_NOTE = (
    "case_new",
    "case_update",
    "case_add",
    "case_remove",
    "case_loss",
    "note",
)
SUBJECT_PREFIX = "case:"
MAX_TEXT = 2000  # a title, a name, a reason: longer text is refused, not cut


class CaseError(StoreError):
    """Bad input about a case (unknown number, a status it cannot move to, an empty title): exit 2."""


class CaseNotFoundError(CaseError, KeyError):
    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class Case:
    number: str
    title: str
    operator: str | None
    location: str | None
    terminal: str | None
    status: str
    assignee: str | None
    tickets_total: float  # its tickets' amounts added up, each counted as positive (a refund by its size)
    loss_override: float | None  # set by an investigator, with loss_reason
    loss_reason: str | None
    ticket_count: int
    created_us: int
    updated_us: int
    outcome: str | None = None  # LOSS_CONFIRMED or NO_LOSS once concluded, kept when closed (None: none)
    # tickets it holds that the reader may not see (a team store's other stores: store.case_unseen), and that
    # the team store's retention removed (in no store now): the ticket count and tickets_total leave them out
    unseen_count: int = 0
    retained_count: int = 0

    @property
    def loss_amount(self) -> float:
        """Set by hand; else nothing for a case concluded with no loss; else the ticket amounts added up."""
        if self.loss_override is not None:
            return self.loss_override
        return 0.0 if self.outcome == NO_LOSS else self.tickets_total

    def loss_basis(self) -> str:
        """What the loss figure is, in short (after the figure in ``case list`` and :meth:`loss_text`): ``set
        by hand: recovered``, ``concluded with no loss`` or ``not set by an investigator: …``."""
        if self.loss_override is not None:
            return f"set by hand: {self.loss_reason}"
        if self.outcome == NO_LOSS:
            return "concluded with no loss"
        return "not set by an investigator: the case's ticket amounts added up"

    def loss_text(self, money: Callable[[float], str] = "{:,.2f}".format) -> str:
        """The loss in words (``case show``, a case's export): ``12.50 — set by hand: recovered (the ticket
        amounts add up to 17.50, …)``, or ``17.50 — not set by an investigator: …``. The figure an investigator
        has not set is named for what it is, so no one quotes it as a loss someone found: the tickets' amounts
        added up with each counted as positive, not the tickets' net total (where refunds count negative)."""
        text = f"{money(self.loss_amount)} — {self.loss_basis()}"
        if self.loss_override is not None:
            return (
                f"{text} (the ticket amounts add up to {money(self.tickets_total)}, each counted as positive)"
            )
        if self.outcome == NO_LOSS:
            return text
        return f"{text}, each counted as positive (a sale by its total, a refund by its size)"

    @property
    def status_label(self) -> str:
        """``Closed (no loss)``: a closed case says the outcome it was concluded with."""
        if self.status == CLOSED and self.outcome in CLOSED_LABELS:
            return CLOSED_LABELS[self.outcome]
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def subject(self) -> str:
        """``operator Ana · store S1 register R1`` (what the case is against)."""
        parts = []
        if self.operator:
            parts.append(f"operator {self.operator}")
        if self.location:
            parts.append(f"store {self.location}")
        if self.terminal:
            parts.append(f"register {self.terminal}")
        return " · ".join(parts) if parts else "no subject"  # "Audit case — —;" said nothing

    def to_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "title": self.title,
            "operator": self.operator,
            "location": self.location,
            "terminal": self.terminal,
            "status": self.status,
            "outcome": self.outcome,
            "assignee": self.assignee,
            "loss_amount": round(self.loss_amount, 2),
            "tickets_total": round(self.tickets_total, 2),
            "loss_override": self.loss_override,
            "loss_reason": self.loss_reason,
            "ticket_count": self.ticket_count,
            "tickets_not_shown": self.unseen_count,
            "tickets_removed_by_retention": self.retained_count,
            "created_us": self.created_us,
            "updated_us": self.updated_us,
        }


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """Which cases a list shows (None / empty: any)."""

    statuses: tuple[str, ...] = ()
    assignee: str | None = None
    location: str | None = None
    ticket_key: str | None = None  # only the cases holding this ticket


def case_subject(number: str) -> str:
    return SUBJECT_PREFIX + number


def unseen_tickets(entries: Iterable[AuditEntry], seen: Iterable[str]) -> set[str]:
    """The tickets a case holds by its history (added, less removed) that are not among ``seen`` (the case's
    tickets the reader can read): on a team store, those of stores he may not see."""
    held: set[str] = set()
    for entry in entries:
        keys = {str(key) for key in entry.changes.get("tickets") or []}
        if entry.action == CASE_ADD:
            held |= keys
        elif entry.action == CASE_REMOVE:
            held -= keys
    return held - set(seen)


def not_to_name(
    entries: Iterable[AuditEntry], seen: Iterable[str], readable: Callable[[str], bool] | None
) -> set[str]:
    """The tickets a case's history must not name to this reader: those it holds that he cannot read
    (:func:`unseen_tickets`) and, on a team store (``readable`` given), any other it names — one added and
    removed since — that ``readable`` refuses. The window, ``case show`` and the evidence name them alike."""
    entries, seen = list(entries), set(seen)
    hidden = unseen_tickets(entries, seen)
    if readable is not None:
        moved = (e.changes.get("tickets") or [] for e in entries if e.action in (CASE_ADD, CASE_REMOVE))
        hidden |= {key for key in {str(k) for keys in moved for k in keys} - seen if not readable(key)}
    return hidden


def readable_by(reader: Any) -> Callable[[str], bool]:
    """Whether ``reader`` reads a ticket key (on a team store, row-level security hides other stores')."""

    def readable(key: str) -> bool:
        try:
            reader.rowid_of(key)
        except TicketNotFoundError:
            return False
        return True

    return readable


def hidden_ticket_count(count: int) -> str:
    """``1 ticket in a store you may not see`` (its id is not said either)."""
    return f"{counted(count, 'ticket')} in {'a store' if count == 1 else 'stores'} you may not see"


def describe_entry(
    action: str,
    changes: dict[str, Any],
    *,
    full_path: bool = False,
    hidden: Container[str] = frozenset(),
    retained: Container[str] = frozenset(),
) -> str:
    """One line in English for an entry of a case's history (the command line's ``case show`` and a case's
    export; the window says it in its language, ui/cases_page.py): ``opened (Till audit)``, ``added 2
    tickets: T1, T2``, ``changed status Open → In progress``, ``exported 2 tickets as PDF to c42 (export
    OWS-…)``.

    An export's folder is named by its name only: the history is written into later exports (evidence that
    leaves the workstation), which must not carry the investigator's home path. The audit entry keeps the
    whole path; ``full_path`` says it, for the investigator's own ``case show``. Tickets the team store's
    retention removed since (``retained``) are counted as such, not named (their store is not known now)."""
    if action == "note":
        return f"note: {changes.get('note', '')}"
    tickets = [str(key) for key in changes.get("tickets") or []]
    if action in ("case_add", "case_remove"):
        verb = "added" if action == "case_add" else "removed"
        gone = sum(key in retained for key in tickets)
        seen = [key for key in tickets if key not in hidden and key not in retained]
        unseen = len(tickets) - len(seen) - gone  # ``hidden``: tickets the reader may not see
        named = [", ".join(seen)] if seen else []
        named += [hidden_ticket_count(unseen)] if unseen else []
        named += [f"{counted(gone, 'ticket')} since removed by retention"] if gone else []
        return f"{verb} {counted(len(tickets), 'ticket')}: {' and '.join(named)}"
    if action == "case_new":
        return f"opened ({changes.get('title')})"
    if action == "case_loss":  # the amount before is not said to whom tickets are hidden: a sum of them
        old, new = _pair(changes.get("loss_amount"))
        after = "the ticket amounts added up" if new is None else _money(new)
        return f"loss {'' if hidden else _money(old) + ' '}→ {after} ({changes.get('reason')})"
    if action == "case_export":
        folder = changes.get("folder")
        return (
            f"exported {counted(len(tickets), 'ticket')} as {str(changes.get('format', '')).upper()} to "
            f"{folder if full_path else folder_name(folder)} (export {changes.get('export')})"
        )

    def shown(name: str, value: Any) -> str:
        value = STATUS_LABELS.get(value, value) if name == "status" else value
        return "—" if value is None else str(value)

    described = ", ".join(
        f"{name} {shown(name, old)} → {shown(name, new)}"
        for name, (old, new) in ((name, _pair(change)) for name, change in changes.items())
    )
    return f"changed {described}" if action == CASE_UPDATE else f"{action}: {described}"


def changes_shown(changes: dict[str, Any], hidden: Container[str], *, path: bool = True) -> dict[str, Any]:
    """An audit entry's changes as a reader may see them (``case show --json``): without the ids of the
    tickets ``hidden`` from him, without the loss amount before a change when he may not see every ticket
    (it was their sum: the hidden tickets' total would follow from it), and (``path`` False) with an
    export's folder by its name only."""
    shown = dict(changes)
    if hidden and "tickets" in shown:
        shown["tickets"] = [key for key in shown["tickets"] if key not in hidden]
    if hidden and isinstance(shown.get("loss_amount"), list):
        shown["loss_amount"] = [None, shown["loss_amount"][-1]]
    if not path and shown.get("folder"):
        shown["folder"] = folder_name(shown["folder"])
    return shown


def folder_name(folder: Any) -> str:
    """``/home/jdoe/Desktop/Evidence`` or ``C:\\Users\\jdoe\\Evidence`` (a team store is shared by Linux and
    Windows workstations) → ``Evidence``."""
    text = str(folder).rstrip("/\\")
    return re.split(r"[/\\]", text)[-1] or str(folder)


def _money(value: Any) -> str:
    """An amount as the case shows it (``1,234.50``): the store's floats carry binary noise (24.810000000000002)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return f"{value:,.2f}"
    return "—" if value is None else str(value)


def _pair(change: Any) -> tuple[Any, Any]:
    """(before, after) of a change recorded as a pair; a single value is what it became."""
    if isinstance(change, (list, tuple)) and len(change) == 2:
        return change[0], change[1]
    return None, change


def format_number(year: int, seq: int) -> str:
    return f"C-{year:04d}-{seq:04d}"


def parse_number(text: str) -> str:
    """``c-2026-42`` / `` C-2026-0042 `` → ``C-2026-0042``; CaseError when it is not a case number."""
    found = re.match(r"^C-(\d{4})-(\d{1,9})$", str(text).strip().upper())
    if found is None:
        raise CaseError(f"{text!r} is not a case number; case numbers look like C-2026-0042.")
    return format_number(int(found.group(1)), int(found.group(2)))


def normalise_status(status: str) -> str:
    """``in progress`` / ``Loss-Confirmed`` → its stored name; CaseError for an unknown status."""
    word = "_".join(str(status).strip().casefold().replace("-", " ").split())
    if word not in STATUSES:
        raise CaseError(
            f"Unknown case status {status!r}; use one of: {', '.join(s.replace('_', ' ') for s in STATUSES)}."
        )
    return word


def outcome_after(outcome: str | None, status: str) -> str | None:
    """A case's outcome once its status changes to ``status``: the outcome it is concluded with, kept while
    it is closed, and gone when it is reopened (open or in progress)."""
    if status in (LOSS_CONFIRMED, NO_LOSS):
        return status
    return outcome if status == CLOSED else None


def check_transition(number: str, before: str, after: str) -> None:
    if after != before and after not in TRANSITIONS.get(before, frozenset()):
        allowed = ", ".join(STATUS_LABELS[s] for s in STATUSES if s in TRANSITIONS.get(before, ()))
        raise CaseError(
            f"Case {number} is {STATUS_LABELS.get(before, before)}; it can go to {allowed}, not to "
            f"{STATUS_LABELS.get(after, after)}."
        )


def check_conclusion(case: Case, after: str, *, reason: str | None) -> None:
    """CaseError when moving ``case`` to ``after`` would reopen it closed without ``reason`` (a note saying why),
    or conclude it "No loss" while it claims a loss set by hand that is not 0.00."""
    if case.status == CLOSED and after != CLOSED and not reason:
        raise CaseError(
            f"Case {case.number} is closed: reopening it needs a note saying why (it is kept in its history)."
        )
    if after != case.status and no_loss_yet_claimed(after, case.loss_override):
        raise CaseError(
            f"Case {case.number} claims a loss of {case.loss_override:,.2f} set by hand: set it to 0.00 with a "
            "reason before concluding it with no loss."
        )


def clean_text(value: str | None, what: str, *, required: bool = False, one_line: bool = False) -> str | None:
    """Trimmed text (None when empty); CaseError when required and empty, or too long, or, ``one_line``, with
    a line break or a control character (a title or a name printed on a report's cover would be split)."""
    text = storable(value).strip() if value is not None else ""
    if not text:
        if required:
            raise CaseError(f"A case needs a {what}.")
        return None
    if one_line and not is_one_line(text):
        raise CaseError(f"The {what} must be one line of text, without line breaks or control characters.")
    if len(text) > MAX_TEXT:
        raise CaseError(f"The {what} is too long ({len(text):,} characters; at most {MAX_TEXT:,}).")
    return text


__all__ = [
    "CASE_ADD",
    "CASE_LOSS",
    "CASE_NEW",
    "CASE_NOTE",
    "CASE_REMOVE",
    "CASE_UPDATE",
    "CLOSED",
    "IN_PROGRESS",
    "LOSS_CONFIRMED",
    "NO_LOSS",
    "OPEN",
    "STATUSES",
    "STATUS_LABELS",
    "Case",
    "CaseError",
    "CaseFilter",
    "CaseNotFoundError",
    "case_subject",
    "check_conclusion",
    "check_transition",
    "clean_text",
    "describe_entry",
    "folder_name",
    "format_number",
    "hidden_ticket_count",
    "normalise_status",
    "not_to_name",
    "parse_number",
    "readable_by",
    "unseen_tickets",
]
