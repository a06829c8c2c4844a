"""Who an audit entry's line names (``AuditEntry.signed``): on the team store the database login that wrote
it, with the name the person gave when there is one; on a single seat, as before, the name or the OS user."""

from __future__ import annotations

import pytest

from ows_desktop.store.review import AuditEntry


def _entry(who: str, os_user: str | None, db_role: str | None) -> AuditEntry:
    return AuditEntry(1, "k", 0, who, "ws-3", "note", {}, "h", os_user=os_user, db_role=db_role)


@pytest.mark.parametrize(
    ("who", "os_user", "db_role", "signed"),
    [
        ("backoffice", "backoffice", "bo", "bo"),  # a shared OS user: the login says who
        ("Bo Martin", "backoffice", "bo", "Bo Martin (bo)"),  # a name given: and the login
        ("bo", "bo", "bo", "bo"),
        ("jdoe", "jdoe", None, "jdoe"),  # a single seat: no database login
        ("Jane", None, None, "Jane"),  # written before the OS user was recorded
    ],
)
def test_signed(who: str, os_user: str | None, db_role: str | None, signed: str) -> None:
    assert _entry(who, os_user, db_role).signed == signed


def test_the_full_line_is_led_by_the_same_name() -> None:
    """``review`` led each line with the shared computer's OS user ("root (OS user root on vm, database role
    ana)"): the full line starts with who the line names, as the short one."""
    entry = _entry("backoffice", "backoffice", "ana")
    assert str(entry.made_by) == "ana (OS user backoffice on ws-3, database role ana)"
    assert str(_entry("jdoe", "jdoe", None).made_by) == "jdoe (OS user jdoe on ws-3, local cache)"
