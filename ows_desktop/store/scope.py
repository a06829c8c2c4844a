"""What the signed-in person may see and do in a store: their team-store role and assigned locations.

A single-seat SQLite cache has no roles (:meth:`Store.scope` returns None: everything, as today). On the
team store the database enforces the scope itself (row-level security); this value only lets the window
say who is signed in and grey out what the role may not use, with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.store.errors import StoreError

_EXPORTERS = frozenset({"director", "investigator", "owner"})
_CASE_WORKERS = frozenset({"director", "investigator", "owner"})  # managers read cases, never write them
_REVIEWERS = frozenset({"director", "investigator", "manager", "owner"})
_SYNCERS = frozenset({"sync", "owner"})  # the roles that may write tickets (store/postgres/roles.py)
_RULE_RUNNERS = frozenset({"director", "investigator", "sync", "owner"})  # write the rules' findings


@dataclass(frozen=True)
class Scope:
    role: str  # "director", "investigator", "manager", "sync", "owner", or "" (no OWS role)
    locations: tuple[str, ...]  # assigned locations (empty for the roles that see every location)
    all_locations: bool
    user: str = ""  # the database login role

    @property
    def can_export(self) -> bool:
        return self.role in _EXPORTERS

    @property
    def can_review(self) -> bool:
        return self.role in _REVIEWERS

    def export_refusal(self) -> str | None:
        """Why this role may not export (None: it may)."""
        if self.can_export:
            return None
        if not self.role:
            return QT_TRANSLATE_NOOP(
                "scope",
                "Exporting evidence is for investigators and the director; {user} signed in without an OWS role.",
            ).format(user=self.user or "you")
        return QT_TRANSLATE_NOOP(
            "scope", "Exporting evidence is for investigators and the director; {user} signed in as {role}."
        ).format(user=self.user or "you", role=self.role)

    @property
    def can_work_cases(self) -> bool:
        """Open cases and change them (the database lets managers read cases, not write them)."""
        return self.role in _CASE_WORKERS

    def case_refusal(self) -> str | None:
        """Why this role may not open or change cases (None: it may)."""
        if self.can_work_cases:
            return None
        return QT_TRANSLATE_NOOP(
            "scope", "Cases are for investigators and the director; {user} may read them but not change them."
        ).format(user=self.user or "you")

    def rules_refusal(self) -> str | None:
        """Why this role may not re-run the exception rules (None: it may): a manager reads their findings."""
        if self.role in _RULE_RUNNERS:
            return None
        return QT_TRANSLATE_NOOP(
            "scope",
            "Re-running the rules is for investigators and the director; {user} reads what they found.",
        ).format(user=self.user or "you")

    def review_refusal(self) -> str | None:
        """Why this role may not flag tickets or write notes (None: it may): the sync login writes tickets,
        not reviews (the database's "permission denied" said to ask the admin to grant it). A login with no
        OWS role is left to the database: its privileges are whatever its admin granted."""
        if self.can_review or not self.role:
            return None
        return QT_TRANSLATE_NOOP(
            "scope",
            "Flags and notes are for managers, investigators and the director; {user}'s role does not review tickets.",
        ).format(user=self.user or "you")

    def case_read_refusal(self) -> str | None:
        """Why this role may not read cases (None: it may): they hold notes and an audit trail, which the sync
        login never reads (the database said "permission denied for table cases. Ask the admin to grant it")."""
        if self.can_review or not self.role:
            return None
        return QT_TRANSLATE_NOOP(
            "scope",
            "Cases are for managers, investigators and the director; {user}'s role does not read them.",
        ).format(user=self.user or "you")

    def copy_refusal(self) -> str | None:
        """Why this role may not copy a single-seat cache into the team store (None: it may): the copy
        writes tickets, reviews, cases and audit entries of every store in the cache, so it is the owner's. A
        login with no OWS role is left to the database, as for a review."""
        if self.role in ("owner", ""):
            return None
        return QT_TRANSLATE_NOOP(
            "scope",
            "Copying a cache into the team store is for its owner (the copy writes every store's tickets, flags, cases and audit entries); {user} signed in as {role}.",
        ).format(user=self.user or "you", role=self.role)

    @property
    def can_sync(self) -> bool:
        return self.role in _SYNCERS

    def sync_refusal(self) -> str | None:
        """Why this role may not sync the team store (None: it may). Its sync stopped on the database's
        "permission denied", whose advice ("ask the admin to grant it") was the wrong one."""
        if self.can_sync:
            return None
        return QT_TRANSLATE_NOOP(
            "scope",
            "The team store's sync service keeps it current; {user}'s role does not sync it.",
        ).format(user=self.user or "you")

    def stores_text(self) -> str:
        """The stores this role is assigned, for a sentence: ``S012, S044`` (``none`` without any)."""
        return ", ".join(self.locations) or "none"

    def label(self) -> str:
        """``Investigator · 12 stores`` for the status bar."""
        name = self.role.capitalize() if self.role else "No OWS role"
        if self.all_locations:
            return f"{name} · all stores"
        count = len(self.locations)
        return f"{name} · {count} store" + ("" if count == 1 else "s")


class RoleRefusedError(StoreError):
    """The signed-in role may not do this (exit 3, like a refused sign-in)."""

    exit_code = 3


def login_of(scope: Scope | None) -> str | None:
    """The team store's login signed in (None: a single seat): who an export names as its investigator, as its
    audit entry records it (a shared computer's OS user is everyone's)."""
    return (scope.user or None) if scope is not None else None


def check_sync(scope: Scope | None) -> None:
    """Refuse a sync of the team store before anything is fetched or claimed when the role may not write
    tickets (the database would refuse, with advice to grant a privilege the role should not have)."""
    _refuse(None if scope is None else scope.sync_refusal())


def check_cases(scope: Scope | None) -> None:
    """Refuse a change to cases before anything is written when the role may not make one."""
    _refuse(None if scope is None else scope.case_refusal())


def check_case_reads(scope: Scope | None) -> None:
    """Refuse a read of cases (``case list``, ``case show``) when the role never reads them, in its words."""
    _refuse(None if scope is None else scope.case_read_refusal())


def check_case_store(scope: Scope | None, location: str | None) -> None:
    """Refuse, before anything is written, a case set to a store the role does not have (the database refuses
    it too, with advice to grant a privilege that is not what is missing)."""
    if scope is None or scope.all_locations or not location or location.strip() in scope.locations:
        return
    raise RoleRefusedError(
        QT_TRANSLATE_NOOP(
            "scope",
            "{user} may open and change cases of the stores {stores} only; {location} is not one of them.",
        ).format(user=scope.user or "you", stores=scope.stores_text(), location=location.strip())
    )


def check_review(scope: Scope | None) -> None:
    """Refuse a flag, an unflag or a note before anything is written when the role may not review."""
    _refuse(None if scope is None else scope.review_refusal())


def check_flags(scope: Scope | None) -> None:
    """Refuse a read of the tickets' flags and notes (``search``, whose rows carry the flag; ``review``) when
    the role never reads them, in its own words: the sync login's search ended in the database's "permission
    denied for table flags. Ask the admin to grant it." — a privilege it must not have."""
    _refuse(None if scope is None else scope.review_refusal())


def check_copy(scope: Scope | None) -> None:
    """Refuse ``store copy`` before anything is copied when the role is not the team store's owner."""
    _refuse(None if scope is None else scope.copy_refusal())


def check_rules(scope: Scope | None) -> None:
    """Refuse a rules run before anything is written when the role may not write the findings."""
    _refuse(None if scope is None else scope.rules_refusal())


def check_export(scope: Scope | None) -> None:
    """Refuse an export before anything is written when the role may not export (the database would
    refuse its audit entry anyway)."""
    _refuse(None if scope is None else scope.export_refusal())


def _refuse(refusal: str | None) -> None:
    if refusal is not None:
        raise RoleRefusedError(refusal)
