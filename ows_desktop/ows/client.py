"""OWS API Access client (no Qt).

The documented API (OpenEye knowledge base, "API Access Integration"):

* Every request carries ``X-API-Key AKI={key};AKS={secret}``. The text calls the header ``Authentication``,
  the screenshot's name suggests the standard ``Authorization``: we send the value under both names (see
  :mod:`ows_desktop.ows.auth`).
* ``GET {api}/apip/users?i=N`` → ``{"content": [user, ...]}``, 100 users per page, ``i=0`` first;
  ``userGroups`` is null when a user has no groups.
* ``GET {api}/apip/cpos`` → ``{"content": {"posTicketsEndpoint": "https://<tenant>/apip/tickets"}}``.
* ``GET {posTicketsEndpoint}?startDate=&endDate=&maxPageSize=`` then ``?cursor=`` →
  ``{"content": {"cursor": ..., "resultCount": n, "results": [...]}}``. Dates select by *persist* date
  (when OWS received the ticket), so tickets are never filtered locally by their own times. maxPageSize
  is at most 50. Pages may be empty mid-stream; the data ends when the cursor is null or "".

Discrepancies handled:

* The document says user dates are "microseconds from epoch" but its example (1571863236000) is
  milliseconds; :mod:`~ows_desktop.ows.timestamps` reads epoch numbers by magnitude. The tickets
  endpoint's startDate/endDate really are microseconds, and that is what we send.
* The header name (above).
* The ticket shape is unspecified: :mod:`~ows_desktop.ows.tickets` normalises tolerantly.

Security: the credential header is attached per request and only to the API Access URL's origin and the
tenant origin returned by ``/apip/cpos``; redirects are never followed; plain http is refused except on
loopback; no secret ever appears in a URL, a log line or an error message.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import httpx

from ows_desktop.basics.messages import message_of
from ows_desktop.ows.addresses import (
    Origin,
    origin_of,
    origin_text,
    parse_base_url,
    parse_tenant_endpoint,
    redirect_target,
)
from ows_desktop.ows.answer_json import AnswerDecoder
from ows_desktop.ows.auth import (
    SecretRedactingFilter,
    auth_headers,
    refused_key_message,
    validate_credentials,
)
from ows_desktop.ows.errors import (
    AuthenticationError,
    CertificateError,
    CursorRefused,
    InvalidInputError,
    ProtocolError,
    TransientError,
)
from ows_desktop.ows.http import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT  # re-exported
from ows_desktop.ows.http import make_http_client as make_http_client  # re-exported
from ows_desktop.ows.limits import ResponseLimits, check_tickets, page_fingerprint, span_seconds
from ows_desktop.ows.model import TicketPage, User
from ows_desktop.ows.retry import RetryEvent, RetryPolicy
from ows_desktop.ows.tickets import normalise_page
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.ows.tls import certificate_message, certificate_problem
from ows_desktop.ows.transfer import Answer, KeptHelper, exchange
from ows_desktop.ows.users import parse_user

USERS_PAGE_SIZE = 100
MAX_TICKET_PAGE_SIZE = 50
SERVER_MESSAGE_LIMIT = 200
_RETRIED_STATUSES = frozenset({500, 502, 503, 504})
# What the server answers a cursor it no longer knows (the simulator: 400 "Invalid cursor"; OWS does not
# document it: 404, 410 or 422 would say the same). A request with a cursor sends nothing else the server
# could reject (maxPageSize is clamped), so any 4xx rejection (not 401/403/429, said otherwise) is that cursor.
_CURSOR_REFUSED_STATUSES = range(400, 500)


class OwsClient:
    """The API Access endpoints over an injected ``httpx.Client``.

    Thread-safe: several sync windows may iterate tickets at once through one instance. Every
    request+decode step is retried per ``retry`` (see :class:`RetryPolicy`); ``retries`` counts the
    retries performed and ``on_retry`` is told about each one (from the thread that retries)."""

    def __init__(
        self,
        http: httpx.Client,
        base_url: str,
        key: str,
        secret: str,
        *,
        retry: RetryPolicy | None = None,
        on_retry: Callable[[RetryEvent], None] | None = None,
        limits: ResponseLimits | None = None,
    ) -> None:
        validate_credentials(key, secret)
        self._base = parse_base_url(base_url)
        self._base_origin = origin_of(self._base)
        self._http = http
        self._retry = retry or RetryPolicy()
        self._on_retry = on_retry
        self._limits = limits or ResponseLimits()
        self._answers = AnswerDecoder()  # tickets answers: decoded once, each result's text kept
        self._headers = auth_headers(key, secret)
        self._scrubber = SecretRedactingFilter((key, secret))
        self._lock = threading.Lock()  # guards _retries, _tenant_origin and _refused
        self._endpoint_lock = threading.Lock()  # one /apip/cpos lookup at a time
        self._retries = 0
        self._tickets_endpoint: str | None = None
        self._tenant_origin: Origin | None = None
        self._refused: AuthenticationError | None = None  # once refused, no further request is sent

    def __repr__(self) -> str:
        return f"OwsClient({origin_text(self._base)})"

    @property
    def retries(self) -> int:
        """Total retries performed by this client so far (all threads)."""
        with self._lock:
            return self._retries

    # -- endpoints -------------------------------------------------------------------------------

    def users(self) -> list[User]:
        """Every user, fetched 100 per page (``i=0, 1, ...``) until a short or empty page.

        A page seen before (the server ignores or cycles ``i``) or more than ``max_user_pages`` pages is a
        ProtocolError naming the endpoint."""
        url = self._api_url("/apip/users")
        users: list[User] = []
        seen: dict[str, int] = {}
        for page_index in range(self._limits.max_user_pages):
            content = self._get_content(url, {"i": page_index})
            if content is None:
                content = []
            if not isinstance(content, list):
                raise ProtocolError(f"/apip/users answered a {type(content).__name__} 'content', not a list.")
            if content:
                fingerprint = page_fingerprint(content)
                if fingerprint in seen:
                    raise ProtocolError(
                        f"/apip/users returned the same users for i={seen[fingerprint]} and i={page_index}; "
                        "the server seems to ignore paging."
                    )
                seen[fingerprint] = page_index
            users.extend(parse_user(item) for item in content)
            if len(content) < USERS_PAGE_SIZE:
                return users
        raise ProtocolError(
            f"/apip/users kept sending full pages past {self._limits.max_user_pages} pages; "
            "the server seems to ignore paging."
        )

    def tickets_endpoint(self, cancel: threading.Event | None = None) -> str:
        """The tenant's tickets URL from ``/apip/cpos`` (looked up once per client)."""
        with self._endpoint_lock:
            if self._tickets_endpoint is None:
                self._tickets_endpoint = self._lookup_tickets_endpoint(cancel)
            return self._tickets_endpoint

    def verify(self) -> str:
        """Check the URL and credentials by looking up the tickets endpoint afresh; returns it.

        Raises AuthenticationError for a refused key, a ProtocolError (exit 4) for a tenant URL that is
        refused (not https)."""
        with self._endpoint_lock:
            self._tickets_endpoint = self._lookup_tickets_endpoint()
            return self._tickets_endpoint

    def iter_ticket_pages(
        self,
        start: datetime,
        end: datetime,
        *,
        page_size: int = MAX_TICKET_PAGE_SIZE,
        cursor: str | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[TicketPage]:
        """Pages of tickets *persisted* (not rung up) between ``start`` and ``end``, or from ``cursor`` on.

        Without a cursor, the first request sends startDate/endDate (epoch microseconds) and maxPageSize
        (clamped to 1..50); every later request sends only ``cursor`` and maxPageSize. With a cursor the
        dates are not sent at all. Empty pages are passed through; iteration ends after the page whose
        cursor is None (the server sent null or ""). Each page carries the cursor that follows it, so a
        caller can checkpoint after each page and resume later. Arguments are checked at call time;
        requests start on the first ``next()``. A set ``cancel`` stops an in-flight request or a pending
        retry at once (RequestCancelled). A cursor seen before, too many empty pages in a row, more pages
        than the window could hold (see :mod:`.limits`) or an oversized or absurdly nested ticket is a
        ProtocolError naming the endpoint (and the ticket). The server rejecting ``cursor`` itself (HTTP
        4xx rejection of the first request) is :class:`CursorRefused`: it expired, the window must start over."""
        size = max(1, min(MAX_TICKET_PAGE_SIZE, int(page_size)))
        if cursor is not None:
            if not isinstance(cursor, str) or not cursor:
                raise InvalidInputError("A saved cursor must be a non-empty string.")
            params: dict[str, str | int] = {"cursor": cursor, "maxPageSize": size}
        else:
            for name, value in (("start", start), ("end", end)):
                if not isinstance(value, datetime) or value.tzinfo is None:
                    raise InvalidInputError(f"The sync window {name} must be a timezone-aware datetime.")
            if start > end:
                raise InvalidInputError("The sync window starts after it ends.")
            params = {"startDate": to_epoch_us(start), "endDate": to_epoch_us(end), "maxPageSize": size}
        max_pages = self._limits.max_ticket_pages(span_seconds(start, end), size)
        return self._ticket_pages(params, size, max_pages, cancel)

    # -- internals -------------------------------------------------------------------------------

    def _ticket_pages(
        self, params: dict[str, str | int], size: int, max_pages: int, cancel: threading.Event | None
    ) -> Iterator[TicketPage]:
        url = httpx.URL(self.tickets_endpoint(cancel))
        what = f"GET {url.path} on {url.host}"
        seen = {params["cursor"]} if "cursor" in params else set()
        # The window's requests run on one kept helper thread (ows/transfer.py), which ends with the pages.
        helper = KeptHelper()
        try:
            yield from self._pages_of(url, what, params, size, max_pages, cancel, seen, helper)
        finally:
            helper.close()

    def _pages_of(
        self,
        url: httpx.URL,
        what: str,
        params: dict[str, str | int],
        size: int,
        max_pages: int,
        cancel: threading.Event | None,
        seen: set[str | int],
        helper: KeptHelper,
    ) -> Iterator[TicketPage]:
        empty_run = 0
        resuming = "cursor" in params  # the first request carries the caller's saved cursor
        for _ in range(max_pages):
            try:
                content, raw, received = self._get_answer(
                    url, params, cancel, cut_results=True, helper=helper
                )
            except ProtocolError as exc:
                if not resuming or exc.status_code not in _CURSOR_REFUSED_STATUSES:
                    raise
                raise CursorRefused(
                    message_of(exc), status_code=exc.status_code, server_message=exc.server_message
                ) from None
            resuming = False
            try:
                page = normalise_page(content, raw, received)
            except ProtocolError as exc:  # which endpoint, as every other answer that breaks the API says
                raise ProtocolError(f"{what}: {exc}") from None
            check_tickets(page.tickets, self._limits, what, raw, page.received)
            empty_run = 0 if page.tickets else empty_run + 1
            if page.cursor is not None and page.cursor in seen:
                raise ProtocolError(
                    f"{what} sent a cursor it had sent before; the server is repeating pages."
                )
            if page.cursor is not None and empty_run >= self._limits.max_empty_run:
                raise ProtocolError(
                    f"{what} sent {empty_run} empty pages in a row and still a new cursor; the server seems "
                    "to page forever."
                )
            yield page
            if page.cursor is None:
                return
            seen.add(page.cursor)
            params = {"cursor": page.cursor, "maxPageSize": size}
        raise ProtocolError(
            f"{what} sent more than {max_pages} pages for one sync window (more than the window can hold); "
            "the server seems to page forever."
        )

    def _lookup_tickets_endpoint(self, cancel: threading.Event | None = None) -> str:
        content = self._get_content(self._api_url("/apip/cpos"), None, cancel)
        endpoint = content.get("posTicketsEndpoint") if isinstance(content, dict) else None
        if not isinstance(endpoint, str) or not endpoint.strip():
            raise ProtocolError("/apip/cpos answered without content.posTicketsEndpoint.")
        url = parse_tenant_endpoint(endpoint.strip(), https_base=self._base.scheme == "https")
        with self._lock:
            self._tenant_origin = origin_of(url)
        return str(url)

    def _api_url(self, path: str) -> httpx.URL:
        return self._base.copy_with(path=self._base.path.rstrip("/") + path)

    def _get_content(
        self, url: httpx.URL, params: dict[str, str | int] | None, cancel: threading.Event | None = None
    ) -> Any:
        """GET ``url`` (retried as a whole: send, read, decode) and return the body's ``content``."""
        return self._get_answer(url, params, cancel)[0]

    def _get_answer(
        self,
        url: httpx.URL,
        params: dict[str, str | int] | None,
        cancel: threading.Event | None,
        *,
        cut_results: bool = False,
        helper: KeptHelper | None = None,
    ) -> tuple[Any, bytes, tuple[bytes, ...] | None]:
        """The body's ``content``, the raw body it came from and, with ``cut_results``, each element of
        ``content.results`` as received (see ows/answer_json.py). ``helper``: where the request runs (else
        on a thread of its own)."""
        what = f"GET {url.path} on {url.host}"
        body, raw, received = self._retry.call(
            lambda: self._get_json(url, params, what, cancel, cut_results, helper),
            what=what,
            on_retry=self._retried,
            cancel=cancel,
        )
        if not isinstance(body, dict) or "content" not in body:
            raise ProtocolError(
                f"{what} answered JSON without a 'content' field; is this the API Access URL?"
            )
        return body["content"], raw, received

    def _retried(self, event: RetryEvent) -> None:
        with self._lock:
            self._retries += 1
        if self._on_retry is not None:
            self._on_retry(event)

    def _get_json(
        self,
        url: httpx.URL,
        params: dict[str, str | int] | None,
        what: str,
        cancel: threading.Event | None,
        cut_results: bool = False,
        helper: KeptHelper | None = None,
    ) -> tuple[Any, bytes, tuple[bytes, ...] | None]:
        """One attempt. Raises TransientError for what is worth retrying, other OwsErrors otherwise.

        After the key has been refused once, nothing is sent any more (a server may lock a key that keeps
        failing): every later call raises the same AuthenticationError."""
        with self._lock:
            refused = self._refused
        if refused is not None:
            raise AuthenticationError(message_of(refused), disabled=refused.disabled)
        request = self._http.build_request("GET", url, params=params, headers=self._headers_for(url))
        try:
            response = exchange(
                self._http, request, limits=self._limits, what=what, cancel=cancel, helper=helper
            )
        except httpx.TimeoutException as exc:
            raise TransientError(f"timed out ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            if (problem := certificate_problem(exc)) is not None:  # not retried: it will not fix itself
                raise CertificateError(certificate_message(url.host, problem)) from None
            raise TransientError(
                f"connection failed ({type(exc).__name__}: {self._quote(str(exc))})"
            ) from None
        except httpx.DecodingError:
            raise TransientError("the response body could not be decoded") from None
        status = response.status
        if 200 <= status < 300:
            try:
                if cut_results:
                    value, received = self._answers.loads(response.body)
                    return value, response.body, received
                return json.loads(response.body), response.body, None
            except RecursionError:
                raise ProtocolError(
                    f"{what} answered JSON nested absurdly deep; nothing was stored."
                ) from None
            except ValueError:
                raise TransientError(f"HTTP {status} with a truncated or invalid JSON body") from None
        if 300 <= status < 400:
            where = redirect_target(url, response.headers.get("Location"))
            raise ProtocolError(
                f"{what} answered HTTP {status} (a redirect{where}); redirects are not followed. "
                "Check the API Access URL.",
                status_code=status,
            )
        if status in (401, 403):
            message, disabled = refused_key_message(status, self._server_message(response))
            error = AuthenticationError(message, disabled=disabled)
            with self._lock:
                self._refused = error
            raise error
        if status == 429:
            retry_after = self._retry.parse_retry_after(response.headers.get("Retry-After"))
            raise TransientError("HTTP 429 Too Many Requests", retry_after=retry_after)
        if status in _RETRIED_STATUSES:
            raise TransientError(f"HTTP {status} {response.reason}".rstrip())
        server_message = self._server_message(response)
        quoted = f": {server_message}" if server_message else ""
        raise ProtocolError(
            f"The server rejected {what} with HTTP {status}{quoted}",
            status_code=status,
            server_message=server_message,
        )

    def _headers_for(self, url: httpx.URL) -> dict[str, str]:
        """The credential headers, only for the API origin or the tenant origin; refuses anything else."""
        origin = origin_of(url)
        with self._lock:
            allowed = origin == self._base_origin or origin == self._tenant_origin
        if not allowed:
            raise ProtocolError(
                f"Refusing to send the API key to {origin_text(url)}: it is neither the API Access URL's "
                "host nor the tenant endpoint given by /apip/cpos."
            )
        return dict(self._headers)

    def _server_message(self, response: Answer) -> str | None:
        """The server's explanation: JSON ``message``/``error``, else the text body; scrubbed, ~200 chars."""
        try:
            data = json.loads(response.body)
        except (ValueError, RecursionError):
            data = None
        text = _message_field(data)
        if text is None:
            text = response.body.decode("utf-8", "replace")
        return self._quote(text) or None

    def _quote(self, text: str) -> str:
        """Server text made safe to show: secrets removed first, then whitespace collapsed and cut."""
        text = " ".join(self._scrubber.redact(text).split())
        if len(text) > SERVER_MESSAGE_LIMIT:
            text = text[:SERVER_MESSAGE_LIMIT] + "…"
        return text


def _message_field(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    for key in ("message", "error", "Message", "Error", "error_description"):
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("message", value.get("Message"))
        if isinstance(value, str) and value.strip():
            return value
    return None
