"""API Access credentials: validation, the request header, and keeping them out of logs.

The API document names the header ``Authentication`` in its text, while its screenshot is called
``AuthorizationHeader.png`` -- most likely the standard ``Authorization`` header carrying the ``X-API-Key``
scheme. Which of the two a real tenant reads is not documented, so every request carries the same value
under ``Authorization`` and ``Authentication`` (and nothing else).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.ows.errors import InvalidInputError

AUTH_HEADER_NAMES = ("Authorization", "Authentication")
REDACTED = "***"
# A secret shorter than this is hidden only where it stands alone: inside a run of letters and digits it is a
# piece of an ordinary word (a one-letter test secret "s" turned "refused" into "refu***ed", every s masked).
# One definition for the logs, the command line's messages and the exports (export/redact.py).
SHORT_SECRET = 4


def longest_first(secrets: Iterable[str | None]) -> tuple[str, ...]:
    """The non-empty secrets, the longest first (one that contains another is replaced whole)."""
    return tuple(sorted({s for s in secrets if s}, key=len, reverse=True))


def mask_secrets(
    text: str, secrets: Iterable[str], mask: str = REDACTED, *, presorted: bool = False
) -> tuple[str, int]:
    """``text`` with every secret replaced by ``mask``, the longest first (one that contains another is
    replaced whole), and how many were replaced; a secret under :data:`SHORT_SECRET` characters only where no
    letter or digit touches it. ``presorted``: ``secrets`` are already longest first (every string of an
    export passes here: sorting them each time cost the PDF a tenth of its speed)."""
    count = 0
    ordered = secrets if presorted else longest_first(secrets)
    for secret in ordered:
        if not secret or secret not in text:
            continue
        if len(secret) >= SHORT_SECRET:
            count += text.count(secret)
            text = text.replace(secret, mask)
        else:
            text, found = re.subn(rf"(?<![^\W_]){re.escape(secret)}(?![^\W_])", mask, text)
            count += found
    return text, count


def redact_text(text: str, secrets: Iterable[str], *, presorted: bool = False) -> str:
    """``text`` with every secret replaced by ``***`` (:func:`mask_secrets`)."""
    return mask_secrets(text, secrets, presorted=presorted)[0]


HTTP_LOGGERS = ("httpx", "httpcore", "httpcore.connection", "httpcore.http11", "httpcore.proxy")
_FORBIDDEN_CHARS = {";": "';'", "=": "'='"}


def validate_credentials(key: str, secret: str) -> None:
    """Reject credentials that cannot be sent (or would break the header) before any request is made.

    Raises InvalidInputError naming the field and the problem; the value itself is never quoted."""
    _validate_field("API key", key)
    _validate_field("API secret", secret)


def auth_header_value(key: str, secret: str) -> str:
    """``X-API-Key AKI={key};AKS={secret}``: the documented header value."""
    return f"X-API-Key AKI={key};AKS={secret}"


def auth_headers(key: str, secret: str) -> dict[str, str]:
    """The credential header under both names the API is known to read."""
    value = auth_header_value(key, secret)
    return dict.fromkeys(AUTH_HEADER_NAMES, value)


WHERE_TO_CREATE_KEY = "OWS: Management ▸ Integrations ▸ API Access ▸ Add Key"  # OWS's own (English) menus
HOW_TO_ENTER_KEY = QT_TRANSLATE_NOOP(
    "auth", "'ows-desktop login --base-url URL', or Connection ▸ Edit connection… in the window"
)


def refused_key_message(status: int, server_message: str | None) -> tuple[str, bool]:
    """What to tell a person whose key OWS refused: ``(message, disabled)``. The one wording for the CLI and
    the window (a basics.messages.Message; the server's words stay as they came). ``disabled`` when the
    server says the API Access token is disabled."""
    said = (
        QT_TRANSLATE_NOOP("auth", ' (OWS said: "{server_message}")').format(server_message=server_message)
        if server_message
        else ""
    )
    fields = {"status": status, "said": said, "where": WHERE_TO_CREATE_KEY, "how": HOW_TO_ENTER_KEY}
    if server_message and "disabled" in server_message.lower():
        return (
            QT_TRANSLATE_NOOP(
                "auth",
                "OWS refused the API key because its API Access token is disabled (HTTP {status}){said}. Enable it again, or create a new API Access token ({where}) and enter it with {how}.",
            ).format(**fields),
            True,
        )
    return (
        QT_TRANSLATE_NOOP(
            "auth",
            "OWS refused the API key (HTTP {status}){said}. Check the key and secret. OWS shows a secret only once and cannot show it again: if it is lost, create a new API Access token ({where}) and enter it with {how}. A disabled token is refused too.",
        ).format(**fields),
        False,
    )


def _validate_field(field: str, value: object) -> None:
    if not isinstance(value, str):
        raise InvalidInputError(f"The {field} must be text.")
    if not value:
        raise InvalidInputError(f"The {field} is empty.")
    for char in value:
        if char in _FORBIDDEN_CHARS:
            raise InvalidInputError(
                f"The {field} contains {_FORBIDDEN_CHARS[char]}, which the header cannot carry."
            )
        if char.isspace():
            raise InvalidInputError(
                f"The {field} contains whitespace (check for a stray space or line break when pasting)."
            )
        if not char.isprintable():
            raise InvalidInputError(f"The {field} contains a control character.")
        if not char.isascii():
            # HTTP header values are sent as ASCII; anything else cannot be a valid OWS key anyway.
            raise InvalidInputError(f"The {field} contains a non-ASCII character.")


class SecretRedactingFilter(logging.Filter):
    """Replace every occurrence of the given secrets in a log record with ``***``.

    The record's message is formatted once (``msg % args``), redacted, and stored back with no args, so
    handlers further down see only the redacted text. Formatted exception text and stack info are
    redacted too. Records are never dropped."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is replaced whole.
        self.secrets = longest_first(secrets)

    def redact(self, text: str) -> str:
        return redact_text(text, self.secrets, presorted=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: fall back to the pieces
            message = f"{record.msg} {record.args!r}"
        redacted = self.redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install_redaction(key: str, secret: str) -> SecretRedactingFilter:
    """Redact ``key`` and ``secret`` from logs: on every root handler and on the HTTP libraries' loggers.

    Also raises the "httpx" logger to WARNING (it logs every request URL at INFO). Installing the same
    pair twice is a no-op. Returns the filter so a handler added later can be given it too."""
    new = SecretRedactingFilter((key, secret))
    targets: list[logging.Filterer] = [*logging.getLogger().handlers]
    targets += [logging.getLogger(name) for name in HTTP_LOGGERS]
    for target in targets:
        existing = next(
            (f for f in target.filters if isinstance(f, SecretRedactingFilter) and f.secrets == new.secrets),
            None,
        )
        if existing is None:
            target.addFilter(new)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return new
