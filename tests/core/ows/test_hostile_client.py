"""A broken or hostile OWS server cannot hang the client, loop it forever or exhaust memory (issue #12).

Limits are injected small (``ResponseLimits``) so each case runs in well under a second."""

from __future__ import annotations

import gzip
import json
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from hostile_server import HostileServer, drip, json_headers

from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.errors import NetworkError, ProtocolError, RequestCancelled
from ows_desktop.ows.limits import ResponseLimits
from ows_desktop.ows.retry import RetryPolicy

BASE = "https://ows.example.com"
TENANT = "https://tenant.example.net/apip/tickets"
START = datetime(2024, 5, 1, tzinfo=UTC)
END = datetime(2024, 5, 2, tzinfo=UTC)


def content(value: Any, **kwargs: Any) -> httpx.Response:
    return httpx.Response(200, json={"content": value}, **kwargs)


def page(ids: list[int], cursor: str | None) -> httpx.Response:
    return content({"cursor": cursor, "resultCount": len(ids), "results": [{"id": i} for i in ids]})


class Scripted:
    """MockTransport handler: /apip/cpos answers the tenant, the tickets path answers ``tickets(n)``."""

    def __init__(self, tickets: Callable[[int], httpx.Response]) -> None:
        self.tickets = tickets
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        if request.url.path == "/apip/cpos":
            return content({"posTicketsEndpoint": TENANT})
        if request.url.path == "/apip/users":
            return self.tickets(int(request.url.params["i"]))
        return self.tickets(sum(1 for p in self.paths if p == "/apip/tickets") - 1)


@pytest.fixture
def mock_client() -> Iterator[Callable[..., tuple[OwsClient, Scripted]]]:
    opened: list[httpx.Client] = []

    def build(tickets: Callable[[int], httpx.Response], **limits: Any) -> tuple[OwsClient, Scripted]:
        handler = Scripted(tickets)
        http = make_http_client(transport=httpx.MockTransport(handler))
        opened.append(http)
        retry = RetryPolicy(sleep=lambda _s: None)
        return OwsClient(http, BASE, "key", "secret", retry=retry, limits=ResponseLimits(**limits)), handler

    yield build
    for http in opened:
        http.close()


def drain(client: OwsClient, **kwargs: Any) -> int:
    return sum(len(p.tickets) for p in client.iter_ticket_pages(START, END, **kwargs))


# -- paging that never ends ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cursors",
    [["A", "A"], ["A", "B", "A"], ["A", "B", "C", "B"]],
    ids=["same cursor", "A-B-A cycle", "late cycle"],
)
def test_a_repeated_cursor_is_a_protocol_error_naming_the_endpoint(mock_client, cursors) -> None:
    client, handler = mock_client(lambda n: page([n], cursors[n] if n < len(cursors) else None))
    with pytest.raises(ProtocolError, match=r"GET /apip/tickets on tenant\.example\.net.*cursor") as caught:
        drain(client)
    assert caught.value.exit_code == 4
    assert handler.paths.count("/apip/tickets") == len(cursors)


@pytest.mark.parametrize(
    ("results", "said"),
    [([{"id": 1}, None], "result 2 is null, not a ticket object"), ({"id": 1}, "'results' is a dict")],
    ids=["a null among the results", "results an object"],
)
def test_a_page_that_is_not_a_list_of_tickets_names_the_endpoint(mock_client, results, said) -> None:
    """A null among the results was stored as a phantom ticket; results of the wrong shape said so without
    naming the endpoint, as every other broken answer does (a hostile server's review)."""
    client, _handler = mock_client(lambda n: content({"cursor": None, "results": results}))
    with pytest.raises(
        ProtocolError, match=r"^GET /apip/tickets on tenant\.example\.net: .*" + said
    ) as caught:
        drain(client)
    assert caught.value.exit_code == 4


def test_empty_pages_with_a_new_cursor_forever_stop(mock_client) -> None:
    client, handler = mock_client(lambda n: page([], f"c{n}"), max_empty_run=5)
    with pytest.raises(ProtocolError, match="5 empty pages in a row"):
        drain(client)
    assert handler.paths.count("/apip/tickets") == 5


def test_pages_per_window_are_capped_by_what_the_window_can_hold(mock_client) -> None:
    client, handler = mock_client(
        lambda n: page([n], f"c{n}"), min_pages_per_window=7, max_tickets_per_second=0
    )
    with pytest.raises(ProtocolError, match="more than 8 pages for one sync window"):
        drain(client)
    assert handler.paths.count("/apip/tickets") == 8


def test_the_page_cap_grows_with_the_window() -> None:
    limits = ResponseLimits()
    day = limits.max_ticket_pages(86_400, 50)
    assert day > limits.max_ticket_pages(3_600, 50) > limits.min_pages_per_window
    assert day == 1000 + 86_400 * 200 // 50 + 1  # the documented rule


def test_users_paging_that_cycles_stops(mock_client) -> None:
    def users(i: int) -> httpx.Response:  # i=0 → A, 1 → B, 2 → A again, ... full pages forever
        return content([{"emailAddress": f"{'ab'[i % 2]}{n}@x"} for n in range(100)])

    client, handler = mock_client(users)
    with pytest.raises(ProtocolError, match=r"/apip/users returned the same users for i=0 and i=2") as caught:
        client.users()
    assert caught.value.exit_code == 4
    assert handler.paths.count("/apip/users") == 3


def test_users_paging_is_capped(mock_client) -> None:
    client, handler = mock_client(
        lambda i: content([{"emailAddress": f"{i}-{n}@x"} for n in range(100)]), max_user_pages=4
    )
    with pytest.raises(ProtocolError, match="past 4 pages"):
        client.users()
    assert handler.paths.count("/apip/users") == 4


# -- bodies too large or too deep ---------------------------------------------------------------------


def test_a_gzip_bomb_is_refused_once_and_not_retried(mock_client) -> None:
    bomb = gzip.compress(b'{"content": {"cursor": null, "results": ["' + b"0" * (3 * 1024 * 1024) + b'"]}}')
    assert len(bomb) < 64 * 1024
    client, handler = mock_client(
        lambda n: httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"}),
        max_body_bytes=1024 * 1024,
    )
    with pytest.raises(ProtocolError, match="more than 1 MiB once decompressed") as caught:
        drain(client)
    assert caught.value.exit_code == 4
    assert handler.paths.count("/apip/tickets") == 1


def test_a_huge_answer_on_the_wire_is_refused_once(mock_client) -> None:
    body = b'{"content": {"cursor": null, "results": ["' + b"x" * (2 * 1024 * 1024) + b'"]}}'
    client, handler = mock_client(
        lambda n: httpx.Response(200, content=body, headers={"Content-Encoding": "identity"}),
        max_wire_bytes=1024 * 1024,
    )
    with pytest.raises(ProtocolError, match="sent more than 1 MiB"):
        drain(client)
    assert handler.paths.count("/apip/tickets") == 1


def test_a_huge_chunked_answer_is_cut_off_while_it_arrives(hostile) -> None:
    def endless(conn: socket.socket, _request: bytes) -> None:
        conn.sendall(json_headers(extra="Transfer-Encoding: chunked\r\n") + b'5\r\n{"a":\r\n')
        chunk = b"x" * 65536
        for _ in range(64):  # 4 MiB, or until the client hangs up
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    hostile.behave = endless
    with make_http_client() as http:
        client = loopback_client(hostile, http, limits=ResponseLimits(max_wire_bytes=1024 * 1024))
        with pytest.raises(ProtocolError, match="sent more than 1 MiB"):
            client.tickets_endpoint()
    assert len(hostile.requests) == 1


def test_an_oversized_ticket_is_refused_by_name(mock_client) -> None:
    tickets = [{"id": "small"}, {"id": "big-1", "description": "y" * 300_000}]
    client, _ = mock_client(
        lambda n: content({"cursor": None, "results": tickets}), max_ticket_bytes=256 * 1024
    )
    with pytest.raises(ProtocolError, match="ticket big-1 larger than 256 KiB"):
        drain(client)


def nested(levels: int) -> Any:
    value: Any = "bottom"
    for _ in range(levels):
        value = {"child": [value]}
    return value


def test_absurd_nesting_is_refused_by_ticket_name(mock_client) -> None:
    tickets = [{"id": "fine", "extra": nested(5)}, {"id": "deep-7", "extra": nested(200)}]
    client, handler = mock_client(lambda n: content({"cursor": None, "results": tickets}))
    with pytest.raises(ProtocolError, match="ticket deep-7 nested more than 64 levels deep") as caught:
        drain(client)
    assert caught.value.exit_code == 4
    assert handler.paths.count("/apip/tickets") == 1


def chain(levels: int) -> Any:
    """A ticket nested exactly ``levels`` deep (itself included), one bracket per level."""
    value: Any = {"id": f"depth-{levels}"}
    inner = value
    for _ in range(levels - 1):
        inner["c"] = {}
        inner = inner["c"]
    return value


@pytest.mark.parametrize(("levels", "refused"), [(64, False), (65, True)])
def test_the_depth_limit_holds_at_its_edge(mock_client, levels: int, refused: bool) -> None:
    # a ticket's text with no more brackets than the limit is not walked; one more level must still be
    client, _ = mock_client(lambda n: content({"cursor": None, "results": [{"id": "x"}, chain(levels)]}))
    if refused:
        with pytest.raises(ProtocolError, match=f"ticket depth-{levels} nested more than 64 levels deep"):
            drain(client)
    else:
        drain(client)


def test_nesting_beyond_the_parser_is_a_protocol_error_not_a_crash(mock_client) -> None:
    deep = b'{"content": {"cursor": null, "results": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}}"
    client, handler = mock_client(lambda n: httpx.Response(200, content=deep))
    with pytest.raises(ProtocolError, match="nested absurdly deep"):
        drain(client)
    assert handler.paths.count("/apip/tickets") == 1  # not retried


# -- a server that drips, and cancel ------------------------------------------------------------------


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    yield server
    server.close()


def loopback_client(server: HostileServer, http: httpx.Client, **kwargs: Any) -> OwsClient:
    kwargs.setdefault("retry", RetryPolicy(max_attempts=1))
    return OwsClient(http, server.url, "key", "secret", **kwargs)


def test_a_dripping_answer_is_abandoned_at_the_total_deadline(hostile) -> None:
    hostile.behave = drip(hostile, total_s=4.0, every_s=0.02)
    with make_http_client() as http:
        client = loopback_client(hostile, http, limits=ResponseLimits(deadline_s=0.3))
        with pytest.raises(NetworkError, match=r"no complete answer within 0\.3 s") as caught:
            client.tickets_endpoint()
        assert not hostile.finished.is_set()  # the server was still dripping when the client gave up
    assert caught.value.exit_code == 4


def test_cancel_stops_a_request_in_flight_at_once(hostile) -> None:
    hostile.behave = drip(hostile, total_s=4.0, every_s=0.02)
    cancel = threading.Event()
    with make_http_client() as http:
        client = loopback_client(hostile, http)
        threading.Timer(0.2, cancel.set).start()
        with pytest.raises(RequestCancelled):
            list(client.iter_ticket_pages(START, END, cancel=cancel))
        assert not hostile.finished.is_set()


def test_cancel_stops_a_pending_retry_at_once(hostile) -> None:
    def busy(conn: socket.socket, _request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 600\r\nContent-Length: 0\r\n\r\n")

    hostile.behave = busy
    cancel = threading.Event()
    seen: list[str] = []
    outcome: list[BaseException] = []

    def on_retry(event: Any) -> None:
        seen.append(event.reason)
        cancel.set()  # Ctrl+C while the client waits ten minutes to retry

    def run(client: OwsClient) -> None:
        try:
            list(client.iter_ticket_pages(START, END, cancel=cancel))
        except BaseException as exc:
            outcome.append(exc)

    with make_http_client() as http:
        policy = RetryPolicy(max_attempts=6, max_retry_after=600, max_total_s=1200)  # the wait is the point
        client = loopback_client(hostile, http, retry=policy, on_retry=on_retry)
        worker = threading.Thread(target=run, args=(client,))
        worker.start()
        worker.join(30)  # far less than the 600 s the server asked for
        stuck = worker.is_alive()
        if stuck:  # let the test end anyway (the real wait is 600 s)
            hostile.close()
    assert not stuck, "the retry wait ignored the cancel"
    assert seen == ["HTTP 429 Too Many Requests"]
    assert [type(e) for e in outcome] == [RequestCancelled]
    assert len(hostile.requests) == 1  # no retry after the cancel


# -- proxies ------------------------------------------------------------------------------------------


def ok_cpos(conn: socket.socket, _request: bytes) -> None:
    body = json.dumps({"content": {"posTicketsEndpoint": "http://127.0.0.1:1/t"}}).encode()
    conn.sendall(json_headers(len(body)) + body)


def test_loopback_never_goes_through_the_environment_proxy(hostile, monkeypatch) -> None:
    proxy = HostileServer(ok_cpos)
    try:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.setenv(name, proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        hostile.behave = ok_cpos
        with make_http_client() as http:
            loopback_client(hostile, http).tickets_endpoint()
        assert len(hostile.requests) == 1
        assert proxy.requests == []
    finally:
        proxy.close()


def test_a_configured_proxy_carries_ows_but_never_loopback(hostile) -> None:
    proxy = HostileServer(
        lambda conn, _r: conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
    )
    try:
        hostile.behave = ok_cpos
        environ = {"OWS_DESKTOP_PROXY": proxy.url}
        with make_http_client(environ=environ) as http:
            loopback_client(hostile, http).tickets_endpoint()
            assert proxy.requests == []
            remote = OwsClient(http, BASE, "key", "secret", retry=RetryPolicy(max_attempts=1))
            with pytest.raises(NetworkError):
                remote.tickets_endpoint()
        assert proxy.requests and proxy.requests[0].startswith(b"CONNECT ows.example.com:443")
    finally:
        proxy.close()


def test_cancelling_a_sync_stops_a_dripping_page_at_once(hostile, tmp_path) -> None:
    from ows_desktop.store import open_store
    from ows_desktop.sync.engine import SyncCancelled, SyncEngine

    cpos = json.dumps({"content": {"posTicketsEndpoint": f"{hostile.url}/apip/tickets"}}).encode()
    dripping = drip(hostile, total_s=4.0, every_s=0.02)

    def behave(conn: socket.socket, request: bytes) -> None:
        if request.startswith(b"GET /apip/cpos"):
            conn.sendall(json_headers(len(cpos)) + cpos)
        else:
            dripping(conn, request)

    hostile.behave = behave
    cancel = threading.Event()
    with make_http_client() as http, open_store(tmp_path / "cache.sqlite3") as store:
        client = loopback_client(hostile, http)
        engine = SyncEngine(client, store, workers=1, cancel=cancel)
        threading.Timer(0.3, cancel.set).start()
        with pytest.raises(SyncCancelled):
            engine.run(START, START.replace(hour=1))
    assert not hostile.finished.is_set()  # the dripping page was still unfinished
