"""Where the client's page requests run: the requests of one window's pages run on one kept helper thread (a
thread started per request cost a sync a few percent of its CPU), and a request abandoned at its deadline
never holds up the retry that follows it (ows/transfer.py)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from hostile_server import HostileServer, json_headers

from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.limits import ResponseLimits
from ows_desktop.ows.retry import RetryPolicy

TENANT = "https://tenant.example.net/apip/tickets"
START = datetime(2024, 5, 1, tzinfo=UTC)
END = datetime(2024, 5, 2, tzinfo=UTC)


def page_body(first: int, cursor: str | None) -> dict:
    return {"content": {"cursor": cursor, "resultCount": 2, "results": [{"id": first}, {"id": first + 1}]}}


class FivePages:
    """MockTransport handler: five pages of two tickets; records the thread that served each request."""

    def __init__(self) -> None:
        self.served_on: list[threading.Thread] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/apip/cpos":
            return httpx.Response(200, json={"content": {"posTicketsEndpoint": TENANT}})
        with self._lock:
            self.served_on.append(threading.current_thread())
        number = int(request.url.params.get("cursor", "0"))
        cursor = str(number + 1) if number < 4 else None
        return httpx.Response(200, json=page_body(10 * number, cursor))


def ticket_ids(client: OwsClient) -> list[str]:
    return [t.key for page in client.iter_ticket_pages(START, END) for t in page.tickets]


def test_the_pages_of_one_window_are_fetched_on_one_kept_helper_thread() -> None:
    server = FivePages()
    with make_http_client(transport=httpx.MockTransport(server)) as http:
        client = OwsClient(http, "https://ows.example.com", "key", "secret")
        ids = ticket_ids(client)

    assert ids == [str(n) for first in range(0, 50, 10) for n in (first, first + 1)]
    assert len(server.served_on) == 5
    assert len(set(server.served_on)) == 1  # one helper for all five pages, not a thread per request
    assert server.served_on[0] is not threading.current_thread()  # still off the caller (deadline, cancel)


def test_windows_fetched_by_several_threads_each_get_their_pages() -> None:
    server = FivePages()
    results: list[list[str]] = []
    with make_http_client(transport=httpx.MockTransport(server)) as http:
        client = OwsClient(http, "https://ows.example.com", "key", "secret")
        client.tickets_endpoint()
        callers = [threading.Thread(target=lambda: results.append(ticket_ids(client))) for _ in range(3)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join()

    assert len(results) == 3
    assert all(len(ids) == 10 for ids in results)
    assert len(set(server.served_on)) == 3  # one helper per window being fetched


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    yield server
    server.close()


def test_the_retry_of_an_abandoned_request_gets_its_answer(hostile) -> None:
    """The first answer for the page never starts (the helper is stuck reading its headers when the deadline
    passes): the retry must not wait behind it."""
    tenant = json.dumps({"content": {"posTicketsEndpoint": f"{hostile.url}/apip/tickets"}}).encode()
    tickets = json.dumps(page_body(1, None)).encode()

    def behave(conn: socket.socket, request: bytes) -> None:
        if request.startswith(b"GET /apip/cpos"):
            conn.sendall(json_headers(len(tenant)) + tenant)
        elif sum(r.startswith(b"GET /apip/tickets") for r in hostile.requests) == 1:
            hostile.pause(30)  # silent until the test ends (the server's close wakes it)
        else:
            conn.sendall(json_headers(len(tickets)) + tickets)

    hostile.behave = behave
    with make_http_client() as http:
        client = OwsClient(
            http,
            hostile.url,
            "key",
            "secret",
            retry=RetryPolicy(max_attempts=2, sleep=lambda _s: None),
            # the stuck answer is abandoned at this deadline; the retry must answer within one too. The first
            # answer stays silent for 30 s, so 2 s still tells a retry that waited behind it. (Two CI failures
            # blamed on a short deadline were the server's closed keep-alive connection: json_headers.)
            limits=ResponseLimits(deadline_s=2.0),
        )
        assert ticket_ids(client) == ["1", "2"]
        assert client.retries == 1
    assert sum(r.startswith(b"GET /apip/tickets") for r in hostile.requests) == 2
