"""The OWS client against the simulated OWS over real loopback HTTP (issue: foundation, "Done when")."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.errors import AuthenticationError, CursorRefused, ProtocolError
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws, FaultPlan, SimConfig

SMALL = SimConfig(seed=11, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=120, users=230)


def fast_retry(sleeps: list[float] | None = None, attempts: int = 8) -> RetryPolicy:
    record = sleeps.append if sleeps is not None else (lambda _s: None)
    return RetryPolicy(
        max_attempts=attempts, base_delay=0.001, max_delay=0.005, max_retry_after=0.05, sleep=record
    )


def full_window(ows: FakeOws):
    lo, hi = ows.generator.persist_range()
    return from_epoch_us(lo), from_epoch_us(hi)


@pytest.fixture
def ows():
    with FakeOws(SMALL) as server:
        yield server


@pytest.fixture
def client_for():
    made = []

    def make(server: FakeOws, *, key="demo-key", secret="demo-secret", retry=None):
        http = make_http_client()
        made.append(http)
        return OwsClient(http, server.api_url, key, secret, retry=retry or fast_retry())

    yield make
    for http in made:
        http.close()


def test_users_pages_of_100_until_a_short_page(ows, client_for):
    users = client_for(ows).users()
    assert len(users) == 230
    user_requests = [path for _, _, path, _ in ows.request_log if path.startswith("/apip/users")]
    assert user_requests == ["/apip/users?i=0", "/apip/users?i=1", "/apip/users?i=2"]
    assert any(u.groups == () for u in users)  # userGroups null becomes an empty list
    years = {u.created.year for u in users if u.created}
    assert years and all(2000 <= y <= 2027 for y in years)


@pytest.mark.parametrize("end_marker", ["null", "empty"])
def test_tickets_exact_set_with_empty_pages_and_either_end_marker(end_marker, client_for):
    with FakeOws(SMALL, end_marker=end_marker, empty_page_rate=0.3) as server:
        start, end = full_window(server)
        pages = list(client_for(server).iter_ticket_pages(start, end, page_size=25))
        keys = [t.key for p in pages for t in p.tickets]
        assert len(keys) == len(set(keys))
        assert set(keys) == server.generator.all_ids_in_window(*server.generator.persist_range())
        assert any(not p.tickets for p in pages), "expected the simulator's empty pages in between"
        assert pages[-1].cursor is None and all(p.cursor for p in pages[:-1])
        assert all(len(p.tickets) <= 25 for p in pages)
        ticket_requests = [q for name, _, q, _ in server.request_log if q.startswith("/apip/tickets")]
        first = parse_qs(urlsplit(ticket_requests[0]).query)
        assert set(first) == {"startDate", "endDate", "maxPageSize"}
        for later in ticket_requests[1:]:
            assert set(parse_qs(urlsplit(later).query)) == {"cursor", "maxPageSize"}


def test_resume_from_a_saved_cursor_gives_the_rest_exactly(ows, client_for):
    start, end = full_window(ows)
    client = client_for(ows)
    first_pages = []
    for page in client.iter_ticket_pages(start, end):
        first_pages.append(page)
        if len(first_pages) == 3:
            break
    saved = first_pages[-1].cursor
    # a new client (as after a restart) resumes with only the cursor
    rest = list(client_for(ows).iter_ticket_pages(start, end, cursor=saved))
    keys = [t.key for p in first_pages + rest for t in p.tickets]
    assert len(keys) == len(set(keys))
    assert set(keys) == ows.generator.all_ids_in_window(*ows.generator.persist_range())


def ticket_requests(server: FakeOws) -> list[str]:
    return [q for _name, _, q, _ in server.request_log if q.startswith("/apip/tickets")]


def test_an_expired_saved_cursor_is_told_apart_from_any_later_refusal(ows, client_for):
    """The simulator answers a cursor it no longer knows 400 "Invalid cursor". Only the answer to the saved
    cursor a resumed iteration starts from is CursorRefused (the sync fetches that window again from its
    start); the same answer to a cursor handed out during the iteration is a plain ProtocolError."""
    start, end = full_window(ows)
    client = client_for(ows)
    pages = client.iter_ticket_pages(start, end, page_size=10)
    saved = next(pages).cursor
    ows.expire_cursors()
    with pytest.raises(ProtocolError) as later:  # the next page of an iteration by dates
        next(pages)
    assert type(later.value) is ProtocolError and later.value.status_code == 400
    assert later.value.server_message == "Invalid cursor"

    ows.reset_stats()
    with pytest.raises(CursorRefused) as refused:
        next(iter(client.iter_ticket_pages(start, end, page_size=10, cursor=saved)))
    assert (refused.value.status_code, refused.value.exit_code) == (400, 4)
    assert len(ticket_requests(ows)) == 1  # not retried

    working = next(iter(client.iter_ticket_pages(start, end, page_size=10))).cursor  # one issued since
    resumed = client.iter_ticket_pages(start, end, page_size=10, cursor=working)
    next(resumed)  # the saved cursor's own page comes
    ows.expire_cursors()
    with pytest.raises(ProtocolError) as after_first:  # the next cursor is refused: not the saved one
        next(resumed)
    assert type(after_first.value) is ProtocolError


@pytest.mark.parametrize("kind", ["429", "500", "503", "drop", "truncate"])
def test_every_fault_kind_is_retried_and_the_data_is_unchanged(kind, client_for):
    sleeps: list[float] = []
    with FakeOws(SMALL, faults=FaultPlan(rate=0.35, kinds=(kind,), retry_after=0.03, seed=5)) as server:
        start, end = full_window(server)
        client = client_for(server, retry=fast_retry(sleeps, attempts=12))
        keys = [t.key for p in client.iter_ticket_pages(start, end) for t in p.tickets]
        assert server.counters.get(f"fault:{kind}", 0) > 0
        assert client.retries >= server.counters[f"fault:{kind}"]
        assert sorted(keys) == sorted(server.generator.all_ids_in_window(*server.generator.persist_range()))
        if kind == "429":
            assert 0.03 in sleeps  # Retry-After honoured


def test_wrong_secret_is_refused_at_once_without_retries(ows, client_for):
    client = client_for(ows, secret="wrong-secret")
    with pytest.raises(AuthenticationError) as info:
        client.users()
    assert len(ows.request_log) == 1
    assert client.retries == 0
    assert "wrong-secret" not in str(info.value)
    assert info.value.exit_code == 3


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler_behaviour):
        self.seen: list[dict[str, str]] = []
        self.behaviour = handler_behaviour
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.seen.append(dict(self.headers))
                status, headers, body = server.behaviour(self)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self.thread.join(5)


def test_auth_header_is_never_sent_to_a_host_a_redirect_points_at():
    elsewhere = _Recorder(lambda h: (200, {"Content-Type": "application/json"}, b'{"content": []}'))
    tenant = _Recorder(lambda h: (302, {"Location": elsewhere.url + "/apip/tickets"}, b""))
    api = _Recorder(
        lambda h: (
            200,
            {"Content-Type": "application/json"},
            json.dumps({"content": {"posTicketsEndpoint": f"{tenant.url}/apip/tickets"}}).encode(),
        )
    )
    try:
        with make_http_client() as http:
            client = OwsClient(http, api.url, "demo-key", "demo-secret", retry=fast_retry())
            start = from_epoch_us(1_700_000_000_000_000)
            with pytest.raises(ProtocolError, match="redirect"):
                list(client.iter_ticket_pages(start, start + timedelta(hours=1)))
        assert elsewhere.seen == []
        assert all("Authentication" in h and "Authorization" in h for h in api.seen + tenant.seen)
    finally:
        for server in (elsewhere, tenant, api):
            server.close()


def test_auth_header_only_on_the_api_and_tenant_listeners(ows, client_for):
    client = client_for(ows)
    client.users()
    start, end = full_window(ows)
    next(iter(client.iter_ticket_pages(start, end)))
    listeners = {name for name, _, _, headers in ows.request_log if "Authentication" in headers}
    assert listeners <= {"api", "tickets"} and listeners == {name for name, *_ in ows.request_log}
