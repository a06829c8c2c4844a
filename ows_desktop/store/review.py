"""Investigator review, the values and rules every backend shares: review states and reasons, the flag and
audit-entry values, and the audit trail's hash chain.

* A ticket's *current* flag (reason and review state) is keyed by ticket key, so a flag survives the
  ticket's rowid moving.
* The audit trail is the history: one entry per change (flag, update, unflag, note; and each camera snapshot
  taken of the ticket, ``snapshot``: its file's name and SHA-256, which the export checks the file against)
  with who (the OS user),
  which host, when and what changed (JSON ``{"field": [old, new]}`` or ``{"note": text}``). Notes live only
  there: a note is an audit entry and is never edited. The trail is append-only, ids are never reused, and
  each entry carries ``hash`` = SHA-256 over the previous entry's hash and its own content
  (:func:`entry_hash`), so an edit made behind the store's back is detectable.
* Every review change is its own durable transaction, committed before the call returns.

The SQLite implementation is :mod:`.review_sql` (reached as ``store.review`` / ``reader.review``; see
:mod:`.interface`)."""

from __future__ import annotations

import getpass
import hashlib
import json
import socket
from dataclasses import dataclass, field
from typing import Any

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP, Phrase

# Review states, in workflow order, with their labels.
STATE_TO_REVIEW, STATE_CONFIRMED, STATE_CLEARED = "to_review", "confirmed", "cleared"
STATES: tuple[str, ...] = (STATE_TO_REVIEW, STATE_CONFIRMED, STATE_CLEARED)
STATE_LABELS = {STATE_TO_REVIEW: "To review", STATE_CONFIRMED: "Confirmed", STATE_CLEARED: "Cleared"}
LEGACY_OPEN = "open"  # what v1's TicketStore.set_flag writes; read as "to review"

# Built-in reasons (stored as their label); anything else is the investigator's own words, kept verbatim.
REASONS: tuple[str, ...] = ("Void abuse", "Refund fraud", "No-sale", "Discount abuse", "Sweethearting")
_REASON_LOOKUP = {
    key: label
    for label in REASONS
    for key in {label.casefold(), label.casefold().replace("-", " "), label.casefold().replace(" ", "_")}
} | {"no sale": "No-sale", "no_sale": "No-sale", "nosale": "No-sale"}

ACTION_FLAG, ACTION_UPDATE, ACTION_UNFLAG, ACTION_NOTE = "flag", "update", "unflag", "note"
ACTION_SNAPSHOT = "snapshot"  # a camera snapshot taken: {"file", "sha256", "bytes", …} (camera/snapshots.py)
_CORE_WORDS = frozenset((*STATE_LABELS.values(), *REASONS))
GENESIS = "0" * 64  # the "previous hash" of the first entry


class Keep:
    """Sentinel: leave this field as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = Keep()


@dataclass(frozen=True, slots=True)
class FlagState:
    """A ticket's current flag."""

    ticket_key: str
    reason: str | None
    state: str
    created_us: int
    updated_us: int

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    ticket_key: str
    at_us: int
    who: str
    host: str
    action: str  # flag / update / unflag / note / snapshot
    changes: dict[str, Any]
    hash: str
    changes_text: str = field(default="", repr=False, compare=False)  # as stored (what the hash covers)
    # Who made it, beyond ``who`` (the name given, else the OS user): the workstation's OS user and the
    # database role that wrote it (PostgreSQL ``current_user``; None on the single-seat SQLite cache).
    # Entries written before these were recorded have os_user None; the hash covers them when present.
    os_user: str | None = None
    db_role: str | None = None

    @property
    def made_by(self) -> str:
        """``lp_jane (OS user backoffice on ws-3, database role lp_jane)``: led by who the line names
        (:attr:`signed`: on the team store the login, not a shared computer's OS user); a local cache says
        ``local cache``."""
        if self.os_user is None:
            return self.who
        copied = self.copied
        if copied is not None:  # made on a single seat, copied in by ``store copy``
            return QT_TRANSLATE_NOOP(
                "audit", "{who} (OS user {os_user} on {host}, local cache; copied in by database role {role})"
            ).format(who=self.who, os_user=copied.get("os_user") or "?", host=self.host, role=self.db_role)
        role = (
            QT_TRANSLATE_NOOP("audit", "database role {role}").format(role=self.db_role)
            if self.db_role is not None
            else QT_TRANSLATE_NOOP("audit", "local cache")
        )
        if self.host:
            return QT_TRANSLATE_NOOP("audit", "{who} (OS user {os_user} on {host}, {role})").format(
                who=self.signed, os_user=self.os_user, host=self.host, role=role
            )
        return QT_TRANSLATE_NOOP("audit", "{who} (OS user {os_user}, {role})").format(
            who=self.signed, os_user=self.os_user, role=role
        )

    @property
    def signed(self) -> str:
        """Who, as a list shows it. On the team store, the database login that wrote the entry (what the
        database checked: a shared back-office computer has one OS user for everyone), after the name given
        when there was one (``Bo Martin (bo)``); on a single seat the name given, else the OS user."""
        if not self.db_role or self.db_role == self.who or self.copied is not None:
            return self.who
        if self.who == self.os_user:  # no name given: the login says who
            return self.db_role
        return f"{self.who} ({self.db_role})"

    @property
    def copied(self) -> dict[str, Any] | None:
        """What ``store copy`` kept of who made an entry copied from a single seat (its OS user), else None."""
        copied = self.changes.get("copied")
        return copied if isinstance(copied, dict) else None

    @property
    def note(self) -> str | None:
        return self.changes.get("note") if self.action == ACTION_NOTE else None

    def describe(self) -> str:
        """One line in words: ``flagged (reason Void abuse, state To review)``, ``note: …`` (a Message: the
        window shows it in its language, see basics.messages; a note and a typed reason stay as written)."""
        if self.action == ACTION_NOTE:
            return QT_TRANSLATE_NOOP("audit", "note: {note}").format(note=self.changes.get("note", ""))
        if (
            self.action == ACTION_SNAPSHOT
        ):  # the digest's start: a line of the receipt's history (whole in changes)
            return QT_TRANSLATE_NOOP("audit", "snapshot {file} taken (SHA-256 {sha256}…)").format(
                file=self.changes.get("file", ""), sha256=str(self.changes.get("sha256", ""))[:16]
            )
        parts = []
        for field_name in ("reason", "state"):
            change = self.changes.get(field_name)
            if change is None:
                continue
            old, new = (_vocabulary(field_name, value) for value in change)
            if self.action == ACTION_FLAG:
                parts.append(_SET[field_name].format(new=new))
            elif self.action == ACTION_UPDATE:
                parts.append(_CHANGED[field_name].format(old=old, new=new))
        verb = _VERBS.get(self.action, self.action)
        return (
            QT_TRANSLATE_NOOP("audit", "{verb} ({changes})").format(verb=verb, changes=parts)
            if parts
            else verb
        )


_VERBS = {
    ACTION_FLAG: QT_TRANSLATE_NOOP("audit", "flagged"),
    ACTION_UPDATE: QT_TRANSLATE_NOOP("audit", "changed"),
    ACTION_UNFLAG: QT_TRANSLATE_NOOP("audit", "unflagged"),
}
_SET = {
    "reason": QT_TRANSLATE_NOOP("audit", "reason {new}"),
    "state": QT_TRANSLATE_NOOP("audit", "state {new}"),
}
_CHANGED = {
    "reason": QT_TRANSLATE_NOOP("audit", "reason {old} → {new}"),
    "state": QT_TRANSLATE_NOOP("audit", "state {old} → {new}"),
}


def _vocabulary(field_name: str, value: str | None) -> str:
    """A state or built-in reason as a word the window translates (CoreLabels); a typed reason as it is."""
    if value is None:
        return "—"
    word = STATE_LABELS.get(value, value) if field_name == "state" else value
    return Phrase("CoreLabels", word) if word in _CORE_WORDS else word


@dataclass(frozen=True, slots=True)
class TicketReview:
    """Everything review-related about one ticket: its flag (None when not flagged), notes, history."""

    ticket_key: str
    flag: FlagState | None
    audit: tuple[AuditEntry, ...]

    @property
    def notes(self) -> tuple[AuditEntry, ...]:
        return tuple(entry for entry in self.audit if entry.action == ACTION_NOTE)


@dataclass(frozen=True, slots=True)
class ReviewChange:
    """What a write did: the flag after it, and the audit entries it appended."""

    flag: FlagState | None
    entries: tuple[AuditEntry, ...]

    @property
    def changed(self) -> bool:
        return bool(self.entries)


def current_user() -> str:
    """The OS user name (the "who" of the audit trail)."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):  # no USER/LOGNAME and no passwd entry (containers)
        return "unknown"


def current_host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


# A reason is a label (the table's chip, a filter, the PDF index's State column): the details go in a note.
# A 100 KB reason was accepted and ran over several pages of the PDF.
MAX_REASON_CHARS = 200


def reason_too_long(reason: str) -> str | None:
    """What to say of a typed reason longer than :data:`MAX_REASON_CHARS` (None: it fits)."""
    length = len(reason.strip())
    if length <= MAX_REASON_CHARS:
        return None
    return (
        f"A flag reason is a short label of at most {MAX_REASON_CHARS} characters (this one has {length:,}); "
        "put the details in a note."
    )


def normalise_reason(reason: str | None) -> str | None:
    """A built-in reason in any spelling (``void abuse``, ``VOID_ABUSE``, ``no sale``) becomes its label;
    anything else is kept as typed (outer whitespace trimmed; text that cannot be stored as UTF-8 has its
    broken characters replaced). Empty → None. The length of a *typed* reason is checked where it is typed
    (:func:`reason_too_long`): one stored before the limit stays usable (chosen again, filtered by)."""
    if reason is None:
        return None
    text = storable(reason).strip()
    if not text:
        return None
    return _REASON_LOOKUP.get(" ".join(text.casefold().split()), text)


def normalise_state(state: str) -> str:
    """``to review`` / ``To-Review`` / ``open`` → ``to_review``; raises ValueError for an unknown state."""
    word = "_".join(str(state).strip().casefold().replace("-", " ").split())
    if word == LEGACY_OPEN or word == "toreview":
        word = STATE_TO_REVIEW
    if word not in STATES:
        raise ValueError(
            f"Unknown review state {state!r}; use one of: {', '.join(s.replace('_', ' ') for s in STATES)}."
        )
    return word


def reason_label(reason: str | None) -> str:
    return reason if reason else "—"


def note_text(note: str) -> str:
    """A note as stored; raises ValueError for an empty one."""
    text = storable(str(note))
    if not text.strip():
        raise ValueError("A note needs some text.")
    return text


def storable(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (e.g. from a mis-decoded clipboard)
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def actor(who: str | None) -> str:
    """The "who" of an audit entry: ``who`` as given, else the OS user."""
    return storable(who) if who else current_user()


def entry_hash(
    previous: str,
    ident: int,
    key: str,
    at: int,
    who: str,
    host: str,
    action: str,
    changes: str,
    os_user: str | None = None,
    db_role: str | None = None,
) -> str:
    """The chained hash of an audit entry (``changes`` as stored: compact JSON with sorted keys). The OS
    user and the database role are covered when the entry records them (``os_user`` not None; a missing
    role is the local cache's, written ``-`` after a length of -1, which no stored role can be)."""
    parts = [previous, str(ident), key, str(at), who, host, action, changes]
    # Length-prefixed fields: unambiguous whatever characters they hold.
    material = "".join(f"{len(part)}:{part}" for part in parts)
    if os_user is not None:
        material += f"{len(os_user)}:{os_user}" + ("-1:-" if db_role is None else f"{len(db_role)}:{db_role}")
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def changes_json(changes: dict[str, Any]) -> str:
    return json.dumps(changes, ensure_ascii=False, sort_keys=True)


def expected_hash(previous: str, entry: AuditEntry) -> str:
    changes = entry.changes_text or changes_json(entry.changes)
    return entry_hash(
        previous,
        entry.id,
        entry.ticket_key,
        entry.at_us,
        entry.who,
        entry.host,
        entry.action,
        changes,
        entry.os_user,
        entry.db_role,
    )
