"""Camera URLs (no Qt): allowed schemes, the password part kept out of stored URLs, and playback templates.

A camera has a *live* URL and optionally a *playback template* for recorders that serve recorded video by
time: ``{start}`` and ``{end}`` are replaced by the wanted window, in one of these forms::

    {start}                    2026-11-20T14:03:05Z   ISO 8601 UTC, whole seconds (also {start:iso})
    {start:epoch}              1795183385             epoch seconds
    {start:epoch_ms}           1795183385000          epoch milliseconds
    {start:%Y%m%dT%H%M%SZ}     20261120T140305Z       any strftime form, in UTC

Literal braces in a template are doubled (``{{`` ``}}``), as in :meth:`str.format`. Times are floored to the
whole second, so "media time 0" of a playback stream is exactly the rendered ``{start}``.

Passwords never reach the database or an export: :func:`split_password` takes the password out of a URL (it
goes to the keyring, see :mod:`ows_desktop.basics.camera_secrets`) and :func:`with_password` puts it back into the
URL handed to the player only. That covers a password in the user info (``rtsp://admin:pw@host``) and one in
the query string (``?user=admin&password=pw``, also ``pass``/``passwd``/``pwd``/``psw``): the stored URL then
reads ``password=***``, which is also what logs, the window and ``mapping export`` show."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote, urlsplit, urlunsplit

ALLOWED_SCHEMES = ("rtsp", "rtsps", "http", "https", "file")
NETWORK_SCHEMES = frozenset({"rtsp", "rtsps", "http", "https"})
RTSP_SCHEMES = frozenset({"rtsp", "rtsps"})
MAX_URL_LENGTH = 2048
TEMPLATE_FIELDS = ("start", "end")
TIME_FORMATS = ("", "iso", "epoch", "epoch_ms")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
PASSWORD_PARAMS = frozenset({"password", "pass", "passwd", "pwd", "psw"})
HIDDEN = "***"


class CameraUrlError(ValueError):
    """A camera URL or playback template that cannot be used; the message says why and what to do."""


def _netloc(host: str | None, port: int | None, username: str | None, password: str | None) -> str:
    if not host:
        return ""
    hostpart = f"[{host}]" if ":" in host else host
    if port is not None:
        hostpart = f"{hostpart}:{port}"
    if username is None and password is None:
        return hostpart
    user = quote(username or "", safe="")
    if password is None:
        return f"{user}@{hostpart}"
    return f"{user}:{quote(password, safe='')}@{hostpart}"


def scheme_of(url: str) -> str:
    return urlsplit(url).scheme.lower()


def check_url(url: str, *, what: str = "URL") -> str:
    """Return ``url`` stripped of surrounding blanks, or raise CameraUrlError saying what is wrong.

    Only rtsp, rtsps, http, https and file are accepted; network URLs need a host, file URLs a path."""
    if not isinstance(url, str) or not url.strip():
        raise CameraUrlError(f"the {what} is empty")
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise CameraUrlError(f"the {what} is longer than {MAX_URL_LENGTH} characters")
    if _CONTROL.search(url):
        raise CameraUrlError(f"the {what} contains spaces or control characters (percent-encode them)")
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a port that is not a number
    except ValueError as exc:
        raise CameraUrlError(f"the {what} is not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}'" if scheme else "no scheme"
        raise CameraUrlError(
            f"the {what} has {shown}; use one of {', '.join(s + '://' for s in ALLOWED_SCHEMES)}"
        )
    if scheme in NETWORK_SCHEMES and not parts.hostname:
        raise CameraUrlError(f"the {what} has no host")
    if scheme == "file" and not parts.path:
        raise CameraUrlError(f"the {what} has no file path")
    return url


def _query_password(query: str, replacement: str | None) -> tuple[str, str | None]:
    """The query with every password parameter's value replaced (``None``: by ``***``), and the first
    password found (not counting ``***`` itself)."""
    found: str | None = None
    pieces = query.split("&")
    for n, piece in enumerate(pieces):
        name, sep, value = piece.partition("=")
        if sep and unquote(name).lower() in PASSWORD_PARAMS and value:
            if value != HIDDEN and found is None:
                found = unquote(value)
            if replacement is None:
                pieces[n] = f"{name}={HIDDEN}"
            elif value == HIDDEN:
                pieces[n] = f"{name}={quote(replacement, safe='')}"
    return "&".join(pieces), found


def split_password(url: str) -> tuple[str, str | None]:
    """``(url without the password, the password or None)``; the user name stays in the URL, a password
    parameter of the query string stays as ``password=***``."""
    parts = urlsplit(url)
    query, query_password = _query_password(parts.query, None) if parts.query else ("", None)
    if parts.password is None and query_password is None:
        return url, None
    netloc = parts.netloc
    if parts.password is not None:
        netloc = _netloc(parts.hostname, parts.port, unquote(parts.username or ""), None)
    password = unquote(parts.password) if parts.password is not None else query_password
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)), password


def has_query_password(url: str) -> bool:
    """True when the URL's query string holds a (hidden or not) password parameter."""
    query = urlsplit(url).query
    return any(
        sep and unquote(name).lower() in PASSWORD_PARAMS
        for name, sep, _ in (piece.partition("=") for piece in query.split("&"))
    )


def username_of(url: str) -> str | None:
    parts = urlsplit(url)
    return unquote(parts.username) if parts.username else None


def without_userinfo(url: str) -> str:
    """``url`` without user name and password, and with ``password=***`` in its query: what logs and the UI
    may show."""
    parts = urlsplit(url)
    query = _query_password(parts.query, None)[0] if parts.query else parts.query
    if parts.username is None and parts.password is None and query == parts.query:
        return url
    netloc = (
        _netloc(parts.hostname, parts.port, None, None) if parts.username or parts.password else parts.netloc
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def with_password(url: str, password: str | None) -> str:
    """``url`` with ``password`` put back where it was taken from: into a ``password=***`` query parameter,
    else next to its user name (for the player only: never log it)."""
    if not password:
        return url
    parts = urlsplit(url)
    if parts.query and has_query_password(url):
        query = _query_password(parts.query, password)[0]
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
    netloc = _netloc(parts.hostname, parts.port, unquote(parts.username or ""), password)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


# --------------------------------------------------------------------------------------- playback templates
def _floor_second(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("playback times must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0)


class _TimeValue:
    """A UTC moment formatted by a template's format spec."""

    __slots__ = ("moment",)

    def __init__(self, moment: datetime):
        self.moment = _floor_second(moment)

    def __format__(self, spec: str) -> str:
        if spec in ("", "iso"):
            return self.moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        if spec == "epoch":
            return str(int(self.moment.timestamp()))
        if spec == "epoch_ms":
            return str(int(self.moment.timestamp()) * 1000)
        return self.moment.strftime(spec)


def _check_spec(spec: str, field: str, what: str) -> None:
    if spec in TIME_FORMATS:
        return
    if "%" not in spec:
        raise CameraUrlError(
            f"the {what} has an unknown time format '{{{field}:{spec}}}'; use {{{field}}}, "
            f"{{{field}:epoch}}, {{{field}:epoch_ms}} or a strftime form such as {{{field}:%Y%m%dT%H%M%SZ}}"
        )
    try:
        datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC).strftime(spec)
    except ValueError as exc:
        raise CameraUrlError(f"the {what} has an invalid strftime form '{spec}' ({exc})") from None


@dataclass(frozen=True)
class PlaybackTemplate:
    """A checked playback URL template (see the module docstring)."""

    text: str

    @classmethod
    def parse(cls, text: str, *, what: str = "playback URL") -> PlaybackTemplate:
        """Check ``text``: allowed scheme, only ``{start}``/``{end}`` fields with known formats, and
        ``{start}`` present (a template without it cannot ask the recorder for a time)."""
        if not isinstance(text, str) or not text.strip():
            raise CameraUrlError(f"the {what} is empty")
        text = text.strip()
        fields: set[str] = set()
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise CameraUrlError(
                f"the {what} has unbalanced braces ({exc}); write literal braces as {{{{ and }}}}"
            ) from None
        for _literal, field, spec, conversion in parsed:
            if field is None:
                continue
            if field not in TEMPLATE_FIELDS:
                raise CameraUrlError(
                    f"the {what} has an unknown field '{{{field}}}'; only {{start}} and {{end}} are replaced"
                )
            if conversion:
                raise CameraUrlError(f"the {what} has a conversion '!{conversion}' on {{{field}}}")
            _check_spec(spec or "", field, what)
            fields.add(field)
        if "start" not in fields:
            raise CameraUrlError(
                f"the {what} has no {{start}} field, so it cannot ask the recorder for a time"
            )
        sample = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)
        check_url(cls(text).render(sample, sample), what=what)
        return cls(text)

    def render(self, start: datetime, end: datetime) -> str:
        return self.text.format(start=_TimeValue(start), end=_TimeValue(end))


def check_playback_template(text: str | None, *, what: str = "playback URL") -> str | None:
    if text is None:
        return None
    return PlaybackTemplate.parse(text, what=what).text
