"""OwsClient, auth and retry against httpx.MockTransport (no sockets, no sleeping)."""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from ows_desktop import __version__
from ows_desktop.ows.auth import (
    AUTH_HEADER_NAMES,
    HTTP_LOGGERS,
    SecretRedactingFilter,
    auth_header_value,
    install_redaction,
    validate_credentials,
)
from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.errors import (
    AuthenticationError,
    InsecureEndpointError,
    InvalidInputError,
    NetworkError,
    OwsError,
    ProtocolError,
)
from ows_desktop.ows.retry import RetryEvent, RetryPolicy, parse_retry_after

BASE = "https://ows.example.com"
TENANT = "https://z6wgrn-ex.cpos.example.net/apip/tickets"
KEY = "AKIkey0123456789"
SECRET = "SecretXyz987654321"
HEADER_VALUE = f"X-API-Key AKI={KEY};AKS={SECRET}"
START = datetime(2024, 5, 1, 0, 0, tzinfo=UTC)
END = datetime(2024, 5, 2, 0, 0, tzinfo=UTC)
START_US = 1714521600000000
END_US = 1714608000000000

Responder = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def content(value: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json={"content": value})


def tickets_page(ids: list[int], cursor: str | None) -> httpx.Response:
    return content({"cursor": cursor, "resultCount": len(ids), "results": [{"id": i} for i in ids]})


def users_page(count: int, offset: int = 0) -> httpx.Response:
    return content([{"emailAddress": f"u{offset + n}@x", "userGroups": None} for n in range(count)])


class BrokenBody(httpx.SyncByteStream):
    """A 200 whose body breaks off while being read (the connection drops mid-body)."""

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"content": {"cursor": "c2", "resu'
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


class FakeOws:
    """A scripted server: per URL path, a queue of responses/exceptions, then a default."""

    def __init__(self, tenant: str = TENANT) -> None:
        self.requests: list[httpx.Request] = []
        self.queues: dict[str, list[Responder]] = {}
        self.defaults: dict[str, Responder] = {"/apip/cpos": content({"posTicketsEndpoint": tenant})}
        self.lock = threading.Lock()

    def script(self, path: str, *responses: Responder) -> None:
        self.queues.setdefault(path, []).extend(responses)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
            queue = self.queues.get(request.url.path)
            item = queue.pop(0) if queue else self.defaults.get(request.url.path, httpx.Response(404))
        if isinstance(item, Exception):
            raise item
        if callable(item):
            return item(request)
        return item

    def params(self, path: str) -> list[dict[str, str]]:
        return [dict(r.url.params) for r in self.requests if r.url.path == path]


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def server() -> FakeOws:
    return FakeOws()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_client(server: FakeOws, sleeps: Sleeps) -> Iterator[Callable[..., OwsClient]]:
    clients: list[httpx.Client] = []

    def build(*, base_url: str = BASE, key: str = KEY, secret: str = SECRET, **kwargs: Any) -> OwsClient:
        http = make_http_client(transport=httpx.MockTransport(server))
        clients.append(http)
        kwargs.setdefault("retry", RetryPolicy(sleep=sleeps, random=lambda: 0.5))
        return OwsClient(http, base_url, key, secret, **kwargs)

    yield build
    for http in clients:
        http.close()


def all_tickets(client: OwsClient, **kwargs: Any) -> list[str]:
    return [t.key for page in client.iter_ticket_pages(START, END, **kwargs) for t in page.tickets]


def assert_secret_free(error: BaseException) -> None:
    texts = [str(error), repr(error), str(getattr(error, "server_message", ""))]
    cause = error.__cause__
    while cause is not None:
        texts += [str(cause), repr(cause)]
        cause = cause.__cause__
    for text in texts:
        assert KEY not in text
        assert SECRET not in text


# -- users -----------------------------------------------------------------------------------------


def test_users_pages_until_a_short_page(make_client: Callable[..., OwsClient], server: FakeOws) -> None:
    server.script("/apip/users", users_page(100), users_page(100, 100), users_page(3, 200))
    users = make_client().users()
    assert len(users) == 203
    assert users[-1].email == "u202@x"
    assert server.params("/apip/users") == [{"i": "0"}, {"i": "1"}, {"i": "2"}]


def test_users_exact_page_then_empty(make_client: Callable[..., OwsClient], server: FakeOws) -> None:
    server.script("/apip/users", users_page(100), content([]))
    assert len(make_client().users()) == 100
    assert server.params("/apip/users") == [{"i": "0"}, {"i": "1"}]


def test_users_null_groups_and_dates(make_client: Callable[..., OwsClient], server: FakeOws) -> None:
    server.script(
        "/apip/users",
        content(
            [
                {"firstName": "T", "userGroups": None, "createdDate": 1571863236000, "lastSignInDate": None},
                {"firstName": "U", "userGroups": ["Admin"], "createdDate": None},
            ]
        ),
    )
    first, second = make_client().users()
    assert first.groups == ()
    assert first.created == datetime(2019, 10, 23, 20, 40, 36, tzinfo=UTC)
    assert first.last_sign_in is None
    assert (second.groups, second.created) == (("Admin",), None)


def test_users_refuses_a_server_that_ignores_paging(
    make_client: Callable[..., OwsClient], server: FakeOws
) -> None:
    server.defaults["/apip/users"] = users_page(100)
    with pytest.raises(ProtocolError, match="ignore paging"):
        make_client().users()
    assert len(server.params("/apip/users")) == 2


# -- tickets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("asked", "sent"), [(0, "1"), (-5, "1"), (7, "7"), (50, "50"), (80, "50")])
def test_ticket_paging_params(
    make_client: Callable[..., OwsClient], server: FakeOws, asked: int, sent: str
) -> None:
    server.script("/apip/tickets", tickets_page([1], "c1"), tickets_page([2], "c2"), tickets_page([3], None))
    assert all_tickets(make_client(), page_size=asked) == ["1", "2", "3"]
    assert server.params("/apip/tickets") == [
        {"startDate": str(START_US), "endDate": str(END_US), "maxPageSize": sent},
        {"cursor": "c1", "maxPageSize": sent},
        {"cursor": "c2", "maxPageSize": sent},
    ]
    assert [r.url.host for r in server.requests] == ["ows.example.com", "z6wgrn-ex.cpos.example.net"] + [
        "z6wgrn-ex.cpos.example.net"
    ] * 2


def test_empty_pages_are_continued(make_client: Callable[..., OwsClient], server: FakeOws) -> None:
    server.script(
        "/apip/tickets",
        tickets_page([1, 2], "c1"),
        tickets_page([], "c2"),
        tickets_page([], "c3"),
        tickets_page([3], None),
    )
    pages = list(make_client().iter_ticket_pages(START, END))
    assert [(len(p.tickets), p.cursor, p.result_count) for p in pages] == [
        (2, "c1", 2),
        (0, "c2", 0),
        (0, "c3", 0),
        (1, None, 1),
    ]
    assert pages[0].raw_results == ({"id": 1}, {"id": 2})
    assert pages[-1].is_last


def test_each_ticket_page_keeps_its_tickets_json_as_received(
    make_client: Callable[..., OwsClient], server: FakeOws
) -> None:
    texts = ['{ "id": 1,  "total": 2.50 }', '{"id":"é2"}']
    body = '{"content": {"cursor": null, "results": [' + " , ".join(texts) + "]}}"
    server.script("/apip/tickets", httpx.Response(200, content=body.encode("utf-8")))
    (page,) = make_client().iter_ticket_pages(START, END)
    assert [t.key for t in page.tickets] == ["1", "é2"]
    # the stored JSON of a ticket is its text as sent (a result that is not an object refuses the page)
    assert page.received == (texts[0].encode(), texts[1].encode("utf-8"))


@pytest.mark.parametrize("end_marker", [None, ""])
def test_ticket_end_markers(
    make_client: Callable[..., OwsClient], server: FakeOws, end_marker: str | None
) -> None:
    server.script("/apip/tickets", tickets_page([1], "c1"), tickets_page([2], end_marker))
    assert all_tickets(make_client()) == ["1", "2"]
    assert len(server.params("/apip/tickets")) == 2


def test_resume_from_saved_cursor_sends_no_dates(
    make_client: Callable[..., OwsClient], server: FakeOws
) -> None:
    server.script("/apip/tickets", tickets_page([5], "c6"), tickets_page([6], None))
    assert all_tickets(make_client(), cursor="saved-c5", page_size=20) == ["5", "6"]
    assert server.params("/apip/tickets") == [
        {"cursor": "saved-c5", "maxPageSize": "20"},
        {"cursor": "c6", "maxPageSize": "20"},
    ]


def test_retry_resends_the_same_cursor(make_client: Callable[..., OwsClient], server: FakeOws) -> None:
    server.script("/apip/tickets", tickets_page([1], "c1"), httpx.Response(503), tickets_page([2], None))
    assert all_tickets(make_client()) == ["1", "2"]
    assert [p.get("cursor") for p in server.params("/apip/tickets")] == [None, "c1", "c1"]


@pytest.mark.parametrize(
    "window",
    [(datetime(2024, 5, 1), END), (END, START), ("2024-05-01", END)],
    ids=["naive", "reversed", "not-a-datetime"],
)
def test_bad_windows_are_refused_before_any_request(
    make_client: Callable[..., OwsClient], server: FakeOws, window: tuple[Any, Any]
) -> None:
    with pytest.raises(InvalidInputError):
        make_client().iter_ticket_pages(*window)
    assert server.requests == []


def test_tickets_endpoint_is_cached_and_verify_is_not(
    make_client: Callable[..., OwsClient], server: FakeOws
) -> None:
    client = make_client()
    assert client.tickets_endpoint() == TENANT
    assert client.tickets_endpoint() == TENANT
    assert len(server.params("/apip/cpos")) == 1
    assert client.verify() == TENANT
    assert len(server.params("/apip/cpos")) == 2


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:8765/apip/tickets",
        "http://127.9.9.9/apip/tickets",
        "http://[::1]:99/x",
        "http://localhost/t",
    ],
)
def test_loopback_http_tenant_is_allowed(
    make_client: Callable[..., OwsClient], server: FakeOws, endpoint: str
) -> None:
    server.defaults["/apip/cpos"] = content({"posTicketsEndpoint": endpoint})
    server.defaults[httpx.URL(endpoint).path] = tickets_page([1], None)
    client = make_client(base_url="http://127.0.0.1:8080")  # a loopback test server, itself plain http
    assert all_tickets(client) == ["1"]
    assert server.requests[-1].headers["Authentication"] == HEADER_VALUE


def test_non_https_tenant_is_refused(make_client: Callable[..., OwsClient], server: FakeOws) -> None:
    server.defaults["/apip/cpos"] = content(
        {"posTicketsEndpoint": "http://z6wgrn.cpos.example.net/apip/tickets"}
    )
    with pytest.raises(ProtocolError, match="not https") as caught:
        make_client().verify()
    assert caught.value.exit_code == 4  # a refused tenant URL is what the server said: always exit 4
    assert [r.url.path for r in server.requests] == ["/apip/cpos"]


@pytest.mark.parametrize("tenant", ["http://127.0.0.1:8765/apip/tickets", "http://localhost/t"])
def test_https_base_never_hands_the_key_to_an_http_tenant_even_on_loopback(
    make_client: Callable[..., OwsClient], server: FakeOws, tenant: str
) -> None:
    server.defaults["/apip/cpos"] = content({"posTicketsEndpoint": tenant})
    server.defaults[httpx.URL(tenant).path] = tickets_page([1], None)
    with pytest.raises(ProtocolError, match="not https") as caught:
        all_tickets(make_client())
    assert caught.value.exit_code == 4
    assert [r.url.path for r in server.requests] == ["/apip/cpos"]


@pytest.mark.parametrize("cpos", [{}, {"posTicketsEndpoint": ""}, {"posTicketsEndpoint": "ftp://x/t"}, None])
def test_bad_cpos_answers(make_client: Callable[..., OwsClient], server: FakeOws, cpos: object) -> None:
    server.defaults["/apip/cpos"] = content(cpos)
    with pytest.raises(ProtocolError):
        make_client().tickets_endpoint()


# -- auth header -----------------------------------------------------------------------------------


def test_header_sent_under_both_names_with_exact_value(
    make_client: Callable[..., OwsClient], server: FakeOws
) -> None:
    server.script("/apip/tickets", tickets_page([], None))
    all_tickets(make_client())
    assert len(server.requests) == 2
    for request in server.requests:
        assert [request.headers.get(name) for name in AUTH_HEADER_NAMES] == [HEADER_VALUE, HEADER_VALUE]
        assert request.headers["User-Agent"] == f"ows-desktop/{__version__}"
        assert KEY not in str(request.url)
        assert SECRET not in str(request.url)
    assert auth_header_value(KEY, SECRET) == HEADER_VALUE


def test_redirect_is_not_followed_and_target_gets_no_header(server: FakeOws, sleeps: Sleeps) -> None:
    server.script("/apip/cpos", httpx.Response(302, headers={"Location": "https://evil.example.org/steal"}))
    # Even an injected client that follows redirects by default must not.
    with httpx.Client(transport=httpx.MockTransport(server), follow_redirects=True) as http:
        client = OwsClient(http, BASE, KEY, SECRET, retry=RetryPolicy(sleep=sleeps))
        with pytest.raises(ProtocolError, match="redirects are not followed") as caught:
            client.verify()
    assert "https://evil.example.org" in str(caught.value)
    assert [r.url.host for r in server.requests] == ["ows.example.com"]


def test_header_is_refused_for_a_foreign_origin(make_client: Callable[..., OwsClient]) -> None:
    client = make_client()
    assert client._headers_for(httpx.URL(BASE + "/apip/users"))["Authorization"] == HEADER_VALUE
    for foreign in (
        "https://ows.example.com:8443/x",
        "http://ows.example.com/x",
        "https://evil.example/x",
        TENANT,
    ):
        with pytest.raises(ProtocolError, match="Refusing to send the API key"):
            client._headers_for(httpx.URL(foreign))  # the tenant is allowed only once /apip/cpos named it
    client.tickets_endpoint()
    assert client._headers_for(httpx.URL(TENANT))["Authentication"] == HEADER_VALUE


@pytest.mark.parametrize(
    ("key", "secret", "field", "problem"),
    [
        ("AKI;x", SECRET, "API key", "';'"),
        ("AKI=x", SECRET, "API key", "'='"),
        (KEY, "sec ret", "API secret", "whitespace"),
        (KEY, "secret\n", "API secret", "whitespace"),
        (KEY, "sec\x00ret", "API secret", "control character"),
        ("", SECRET, "API key", "empty"),
        (KEY, "", "API secret", "empty"),
        (KEY, "sécret", "API secret", "non-ASCII"),
    ],
)
def test_bad_credentials_rejected_with_zero_requests(
    make_client: Callable[..., OwsClient], server: FakeOws, key: str, secret: str, field: str, problem: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        make_client(key=key, secret=secret)
    message = str(caught.value)
    assert field in message
    assert problem in message
    for value in (key, secret):
        if len(value) > 3:
            assert value not in message
            assert value not in repr(caught.value)
    assert server.requests == []


@pytest.mark.parametrize(
    ("base_url", "error"),
    [
        ("", InvalidInputError),
        ("ows.example.com", InvalidInputError),
        ("ftp://ows.example.com", InvalidInputError),
        ("https://", InvalidInputError),
        ("https://user:pw@ows.example.com", InvalidInputError),
        ("https://ows.example.com/?token=1", InvalidInputError),
        ("http://ows.example.com", InsecureEndpointError),
    ],
)
def test_bad_base_url_rejected(
    make_client: Callable[..., OwsClient], server: FakeOws, base_url: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        make_client(base_url=base_url)
    assert server.requests == []


def test_base_url_path_prefix_and_loopback_http(
    make_client: Callable[..., OwsClient], server: FakeOws
) -> None:
    server.defaults["/api/v1/apip/cpos"] = content({"posTicketsEndpoint": TENANT})
    client = make_client(base_url="http://127.0.0.1:8080/api/v1/")
    assert client.verify() == TENANT
    assert str(server.requests[0].url) == "http://127.0.0.1:8080/api/v1/apip/cpos"


# -- retries ---------------------------------------------------------------------------------------

FAULTS: dict[str, Responder] = {
    "500": httpx.Response(500),
    "502": httpx.Response(502),
    "503": httpx.Response(503),
    "504": httpx.Response(504),
    "timeout": httpx.ReadTimeout("read timed out"),
    "connect-timeout": httpx.ConnectTimeout("connect timed out"),
    "connection-reset": httpx.ReadError("[Errno 104] Connection reset by peer"),
    "refused": httpx.ConnectError("[Errno 111] Connection refused"),
    "body-cut-while-reading": lambda _request: httpx.Response(200, stream=BrokenBody()),
    "truncated-json": httpx.Response(200, content=b'{"content": {"cursor": null, "results": [{"id": 1'),
    "html-200": httpx.Response(200, text="<html>maintenance</html>"),
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_each_fault_is_retried_then_succeeds(
    make_client: Callable[..., OwsClient], server: FakeOws, sleeps: Sleeps, fault: Responder
) -> None:
    events: list[RetryEvent] = []
    server.script("/apip/tickets", fault, tickets_page([1], None))
    client = make_client(on_retry=events.append)
    assert all_tickets(client) == ["1"]
    assert client.retries == 1
    assert sleeps == [0.25]  # full jitter: random 0.5 × base 0.5
    assert [(e.attempt, e.delay) for e in events] == [(1, 0.25)]
    assert events[0].reason
    first, retried = server.params("/apip/tickets")
    assert first == retried  # the same request again


def test_429_honours_retry_after_seconds(
    make_client: Callable[..., OwsClient], server: FakeOws, sleeps: Sleeps
) -> None:
    events: list[RetryEvent] = []
    server.script("/apip/tickets", httpx.Response(429, headers={"Retry-After": "7"}), tickets_page([1], None))
    assert all_tickets(make_client(on_retry=events.append)) == ["1"]
    assert sleeps == [7.0]
    assert events == [RetryEvent(attempt=1, reason="HTTP 429 Too Many Requests", delay=7.0)]


def test_429_retry_after_http_date_and_cap(
    make_client: Callable[..., OwsClient], server: FakeOws, sleeps: Sleeps
) -> None:
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    policy = RetryPolicy(sleep=sleeps, random=lambda: 1.0, now=lambda: now, max_retry_after=30)
    server.script(
        "/apip/users",
        httpx.Response(429, headers={"Retry-After": "Wed, 01 May 2024 12:00:12 GMT"}),
        httpx.Response(429, headers={"Retry-After": "3600"}),
        httpx.Response(429, headers={"Retry-After": "soon"}),  # unusable: normal backoff
        content([]),
    )
    assert make_client(retry=policy).users() == []
    assert sleeps == [12.0, 30.0, 2.0]


def test_exhaustion_raises_network_error(
    make_client: Callable[..., OwsClient], server: FakeOws, sleeps: Sleeps
) -> None:
    server.defaults["/apip/tickets"] = httpx.Response(503)
    policy = RetryPolicy(max_attempts=7, sleep=sleeps, random=lambda: 1.0)
    client = make_client(retry=policy)
    with pytest.raises(NetworkError) as caught:
        all_tickets(client)
    message = str(caught.value)
    assert "/apip/tickets" in message
    assert "HTTP 503" in message
    assert "could not be reached or kept failing" in message
    assert caught.value.exit_code == 4
    assert len(server.params("/apip/tickets")) == 7
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]  # exponential, capped at 8 s
    assert client.retries == 6


@pytest.mark.parametrize("status", [401, 403])
def test_auth_failure_is_not_retried(
    make_client: Callable[..., OwsClient], server: FakeOws, sleeps: Sleeps, status: int
) -> None:
    server.script("/apip/cpos", httpx.Response(status, json={"message": f"bad key {KEY}"}))
    client = make_client()
    with pytest.raises(AuthenticationError) as caught:
        client.verify()
    assert caught.value.exit_code == 3
    assert len(server.requests) == 1
    assert (sleeps, client.retries) == ([], 0)
    assert_secret_free(caught.value)


@pytest.mark.parametrize(
    ("response", "quoted"),
    [
        (
            httpx.Response(400, json={"message": "startDate must be before endDate"}),
            "startDate must be before endDate",
        ),
        (httpx.Response(400, json={"error": "invalid cursor"}), "invalid cursor"),
        (httpx.Response(404, text="No such tenant\n"), "No such tenant"),
        (httpx.Response(400, text="x" * 500), "x" * 200 + "…"),
    ],
)
def test_client_errors_quote_the_server(
    make_client: Callable[..., OwsClient], server: FakeOws, response: httpx.Response, quoted: str
) -> None:
    server.script("/apip/tickets", response)
    with pytest.raises(ProtocolError) as caught:
        all_tickets(make_client())
    assert str(caught.value).endswith(f": {quoted}")
    assert caught.value.server_message == quoted
    assert caught.value.status_code == response.status_code
    assert len(server.params("/apip/tickets")) == 1


def test_no_error_leaks_the_credentials(make_client: Callable[..., OwsClient], server: FakeOws) -> None:
    echo = f"{HEADER_VALUE} key={KEY} secret={SECRET}"
    server.script(
        "/apip/tickets",
        httpx.Response(400, json={"message": echo}),
        httpx.Response(404, text=echo),
        httpx.Response(302, headers={"Location": f"https://x.example/?k={KEY}"}),
    )
    server.defaults["/apip/users"] = httpx.ConnectError(f"failed for {SECRET} / {KEY}")
    errors: list[OwsError] = []
    client = make_client()
    for _ in range(3):
        with pytest.raises(ProtocolError) as caught:
            all_tickets(client)
        errors.append(caught.value)
    with pytest.raises(NetworkError) as network:
        client.users()
    errors.append(network.value)
    with pytest.raises(InvalidInputError) as invalid:
        make_client(key=KEY + ";", secret=SECRET)
    errors.append(invalid.value)
    assert "***" in str(errors[0])
    for error in errors:
        assert_secret_free(error)
    assert KEY not in repr(client)
    assert SECRET not in repr(client)


def test_retry_counter_is_thread_safe(make_client: Callable[..., OwsClient], server: FakeOws) -> None:
    """Eight windows sync at once through one client; each window's first request fails once."""
    failed: set[int] = set()

    def flaky(request: httpx.Request) -> httpx.Response:
        window = (int(request.url.params["startDate"]) - START_US) // 60_000_000
        with server.lock:
            first_time = window not in failed
            failed.add(window)
        return httpx.Response(502) if first_time else tickets_page([window], None)

    server.defaults["/apip/tickets"] = flaky
    client = make_client()
    client.tickets_endpoint()
    results: dict[int, list[str]] = {}

    def sync_window(n: int) -> None:
        pages = client.iter_ticket_pages(START.replace(minute=n), END)
        results[n] = [t.key for page in pages for t in page.tickets]

    threads = [threading.Thread(target=sync_window, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: [str(n)] for n in range(8)}
    assert client.retries == 8


# -- policy and helpers ----------------------------------------------------------------------------


def test_backoff_is_full_jitter_within_the_cap() -> None:
    low = RetryPolicy(random=lambda: 0.0)
    mid = RetryPolicy(random=lambda: 0.75)
    assert [low.backoff(n) for n in (1, 5, 50)] == [0.0, 0.0, 0.0]
    assert [mid.backoff(n) for n in (1, 2, 3, 4, 5, 6, 100)] == [0.375, 0.75, 1.5, 3.0, 6.0, 6.0, 6.0]


@pytest.mark.parametrize(
    ("attempt_s", "attempts", "gave_up_at"),
    [
        (30.0, 5, 5 * 30 + 0.5 + 1 + 2 + 4),  # a stopped server: each attempt a 30 s read timeout
        (120.0, 2, 2 * 120 + 0.5),  # a server dripping its answer: each attempt ends at the 120 s deadline
        (0.01, 6, 6 * 0.01 + 15.5),  # connection refused: six attempts, under 16 s
    ],
)
def test_no_attempt_starts_150_s_after_the_first_so_a_request_gives_up_within_4_min_30_s(
    attempt_s: float, attempts: int, gave_up_at: float
) -> None:
    """Six attempts of a dripping server took 12 min before exit 4; a stopped one 3 min 10 s. Now no attempt
    starts more than max_total_s (150 s) after the first: at most 150 s + one answer's 120 s deadline."""
    from ows_desktop.ows.errors import TransientError

    clock = [0.0]
    tried: list[float] = []

    def attempt() -> None:
        tried.append(clock[0])
        clock[0] += attempt_s
        raise TransientError("timed out (ReadTimeout)")

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    policy = RetryPolicy(sleep=sleep, random=lambda: 1.0, clock=lambda: clock[0])
    with pytest.raises(NetworkError, match=f"failed {attempts} time"):
        policy.call(attempt, what="GET /apip/tickets on ows.example.com")
    assert len(tried) == attempts and max(tried) <= policy.max_total_s
    assert clock[0] == pytest.approx(gave_up_at) and clock[0] <= 270


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("5", 5.0),
        (" 0 ", 0.0),
        ("Wed, 01 May 2024 12:01:00 GMT", 60.0),
        ("Wed, 01 May 2024 11:00:00 GMT", 0.0),
        ("later", None),
        ("", None),
        (None, None),
        ("-3", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=datetime(2024, 5, 1, 12, 0, tzinfo=UTC)) == seconds


def test_make_http_client_settings() -> None:
    with make_http_client() as http:
        assert http.follow_redirects is False
        assert (http.timeout.connect, http.timeout.read, http.timeout.write, http.timeout.pool) == (
            5,
            30,
            30,
            5,
        )
        assert http.headers["User-Agent"] == f"ows-desktop/{__version__}"


def test_validate_credentials_accepts_realistic_values() -> None:
    validate_credentials("AKI_9f8e7d6c", "kT+/0aZ-_.~!")  # no exception


# -- log redaction ---------------------------------------------------------------------------------


def test_redaction_filter_rewrites_message_and_args() -> None:
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "sent %s to %s", (HEADER_VALUE, BASE), None
    )
    assert SecretRedactingFilter([KEY, SECRET]).filter(record) is True
    assert record.getMessage() == f"sent X-API-Key AKI=***;AKS=*** to {BASE}"


def test_redaction_filter_covers_exceptions() -> None:
    try:
        raise ValueError(f"boom {SECRET}")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    SecretRedactingFilter([KEY, SECRET]).filter(record)
    text = logging.Formatter().format(record)
    assert "boom ***" in text
    assert SECRET not in text


def test_a_short_secret_is_hidden_where_it_stands_alone_not_inside_every_word() -> None:
    """OWS_API_KEY=k OWS_API_SECRET=s printed "ow***-de******top: OWS refu***ed the API ***ey": every s and k
    of the message was masked. A short secret is hidden only where no letter or digit touches it; a long one
    wherever it appears, inside other text too."""
    from ows_desktop.cli.context import CliContext

    message = "ows-desktop: OWS refused the API key (key=k, secret=s); try k or s again"
    wanted = "ows-desktop: OWS refused the API key (key=***, secret=***); try *** or *** again"
    assert SecretRedactingFilter(["k", "s"]).redact(message) == wanted
    ctx = CliContext(
        paths=None, credentials=None, stdout=None, stderr=None, stdin=None, env={}, secrets={"k", "s"}
    )  # type: ignore[arg-type]
    assert ctx.redact(message) == wanted
    assert SecretRedactingFilter([SECRET]).redact(f"x{SECRET}y") == "x***y"  # long: inside other text too
    # four characters and more, wherever they appear (review: "AKS%3Ds3cr3t" kept a 6-character secret)
    assert SecretRedactingFilter(["s3cr3t"]).redact("url?x=AKS%3Ds3cr3t") == "url?x=AKS%3D***"
    from ows_desktop.export.redact import MASK, Redactor

    # the exports mask 4 characters and more wherever they are, and keep a shorter value as it is: a camera
    # password "12" is also register 12 or a quantity, evidence not to mangle (a review of this stop)
    redactor = Redactor(["k", "12", "pw42"])
    assert redactor.text("camera k at rtsp pw42x, register 12") == f"camera k at rtsp {MASK}x, register 12"
    assert redactor.count == 1


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def root_handler() -> Iterator[_ListHandler]:
    handler = _ListHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    httpx_logger = logging.getLogger("httpx")
    saved_level = httpx_logger.level
    saved_filters = {name: list(logging.getLogger(name).filters) for name in HTTP_LOGGERS}
    yield handler
    root.removeHandler(handler)
    httpx_logger.setLevel(saved_level)
    for name, filters in saved_filters.items():
        logging.getLogger(name).filters[:] = filters


def test_install_redaction(root_handler: _ListHandler) -> None:
    install_redaction(KEY, SECRET)
    install_redaction(KEY, SECRET)  # idempotent
    assert sum(isinstance(f, SecretRedactingFilter) for f in root_handler.filters) == 1
    assert logging.getLogger("httpx").level == logging.WARNING
    child = logging.getLogger("httpcore.http11")
    child.setLevel(logging.DEBUG)
    try:
        child.debug("headers=%r", {"Authentication": HEADER_VALUE})
        logging.getLogger("ows_desktop.test").warning("key %s secret %s", KEY, SECRET)
    finally:
        child.setLevel(logging.NOTSET)
    assert root_handler.lines == [
        "headers={'Authentication': 'X-API-Key AKI=***;AKS=***'}",
        "key *** secret ***",
    ]
    assert json.dumps(root_handler.lines).count("***") == 4
