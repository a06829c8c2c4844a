"""``/apip/users`` records: tolerant parsing into a :class:`~ows_desktop.ows.model.User`, and back."""

from __future__ import annotations

from typing import Any

from ows_desktop.ows.model import User
from ows_desktop.ows.text import display_text
from ows_desktop.ows.timestamps import format_iso_utc, is_sentinel_date, parse_timestamp

_FIRST_NAME = ("firstName", "FirstName", "first_name")
_LAST_NAME = ("lastName", "LastName", "last_name")
_EMAIL = ("emailAddress", "EmailAddress", "email", "Email")
_GROUPS = ("userGroups", "UserGroups", "groups")
_CREATED = ("createdDate", "CreatedDate")
_LAST_SIGN_IN = ("lastSignInDate", "LastSignInDate")


def parse_user(raw: Any) -> User:
    """Build a User from one element of ``content``. Never raises.

    ``userGroups: null`` (no groups, as documented) becomes ``()``; dates may be null or any shape
    :func:`~ows_desktop.ows.timestamps.parse_timestamp` reads (the documented "microseconds" are in
    practice milliseconds). Sentinel dates (0, negative, year 9000 and later in any unit) become None ("no
    date"); text with unpaired surrogates is escaped so it can be shown. A non-dict value becomes an empty user with ``raw == {"value": raw}``."""
    if not isinstance(raw, dict):
        raw = {"value": raw}
    get = raw.get
    return User(
        first_name=_text(_first(get, _FIRST_NAME)),
        last_name=_text(_first(get, _LAST_NAME)),
        email=_text(_first(get, _EMAIL)),
        groups=_groups(_first(get, _GROUPS)),
        created=_date(_first(get, _CREATED)),
        last_sign_in=_date(_first(get, _LAST_SIGN_IN)),
        raw=raw,
    )


def user_to_api_json(user: User) -> dict[str, Any]:
    """The user with the API's field names; dates as ISO 8601 UTC ("...Z") or null, groups always a list."""
    return {
        "firstName": user.first_name,
        "lastName": user.last_name,
        "emailAddress": user.email,
        "userGroups": list(user.groups),
        "createdDate": format_iso_utc(user.created) if user.created is not None else None,
        "lastSignInDate": format_iso_utc(user.last_sign_in) if user.last_sign_in is not None else None,
    }


def _first(get: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = get(key)
        if value is not None:
            return value
    return None


def _date(value: Any) -> Any:
    moment = parse_timestamp(value)
    return None if is_sentinel_date(moment) else moment


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = display_text(value.strip())
        return value or None
    return None


def _groups(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    names = (display_text(item.strip()) for item in value if isinstance(item, str))
    return tuple(name for name in names if name)
