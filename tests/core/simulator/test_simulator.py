"""The simulated OWS tenant: deterministic data, the persist-window arithmetic and the HTTP server."""

from __future__ import annotations

import base64
import random
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import httpx
import pytest

from ows_desktop.simulator import FAULT_KINDS, FakeOws, FaultPlan, SimConfig, TicketGenerator
from ows_desktop.simulator.generator import DAY_US

SMALL = SimConfig(
    seed=3, stores=3, terminals_per_store=2, days=3, tickets_per_store_day=60, late_fraction=0.1
)
HTTP_CONFIG = SimConfig(seed=11, stores=2, days=1, tickets_per_store_day=120)


# --------------------------------------------------------------------------- helpers


def _cents(value: Any) -> int:
    return round(float(value) * 100)


def _local_ms(stamp: dict[str, Any]) -> int:
    local = datetime.fromisoformat(stamp["DateTime"]).replace(tzinfo=UTC)
    return int((local - timedelta(minutes=stamp["OffsetMinutes"])).timestamp() * 1000)


def _norm(t: dict[str, Any]) -> dict[str, Any]:
    """Both wire shapes reduced to one comparable form (money in cents, times in epoch ms)."""
    if "id" in t:
        return {
            "id": t["id"],
            "terminal": t["terminalId"],
            "operator": t["operatorId"],
            "status": t["status"],
            "start": t["startDate"],
            "end": t["endDate"],
            "persist": t["persistDate"],
            "subtotal": _cents(t["subtotal"]),
            "tax": _cents(t["tax"]),
            "total": _cents(t["total"]),
            "lines": [
                (_cents(li["amount"]), li["voided"], li["type"], li.get("originalPrice"), li["time"])
                for li in t["lineItems"]
            ],
            "tenders": [(d["type"], _cents(d["amount"])) for d in t["tenders"]],
            "discounts": [(_cents(d["amount"]), d["appliedBy"], d["approvedBy"]) for d in t["discounts"]],
            "original": t.get("originalTicketId"),
            "alias": False,
        }
    return {
        "id": t["Id"],
        "terminal": t["TerminalId"],
        "operator": t["EmployeeId"],
        "status": t["transactionType"],
        "start": _local_ms(t["OpenedTime"]),
        "end": _local_ms(t["ClosedTime"]),
        "persist": t["persist_date"],
        "subtotal": _cents(t["SubTotal"]),
        "tax": _cents(t["Tax"]),
        "total": _cents(t["Total"]),
        "lines": [
            (_cents(e["Amount"]), e["IsVoided"], e["Type"], e.get("OriginalPrice"), _local_ms(e["Time"]))
            for e in t["Entries"]
        ],
        "tenders": [(d["TenderType"], _cents(d["Amount"])) for d in t["Tenders"]],
        "discounts": [(_cents(d["Amount"]), d["AppliedBy"], d["ApprovedBy"]) for d in t["Discounts"]],
        "original": t.get("OriginalTicketId"),
        "alias": True,
    }


def _brute_force(gen: TicketGenerator, start_us: int, end_us: int) -> list[int]:
    keyed = sorted((gen.persist_us(i), i) for i in range(gen.count()))
    return [i for p, i in keyed if start_us <= p < end_us]


def _ticket_id(raw: dict[str, Any]) -> str:
    return raw.get("id") or raw["Id"]


def _persist(raw: dict[str, Any]) -> int:
    return raw.get("persistDate") or raw["persist_date"]


@pytest.fixture(scope="module")
def dataset() -> tuple[TicketGenerator, list[dict[str, Any]]]:
    """The default 3-day dataset (4 stores × 3 days × 400 tickets), normalised."""
    gen = TicketGenerator(SimConfig())
    return gen, [_norm(gen.ticket(i)) for i in range(gen.count())]


@pytest.fixture
def ows():
    with FakeOws(HTTP_CONFIG) as server:
        yield server


def _client(ows: FakeOws, header: str = "Authentication") -> httpx.Client:
    return httpx.Client(headers={header: ows.auth_header}, timeout=10)


def _page_through(
    client: httpx.Client, ows: FakeOws, start: int, end: int, **params: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every page of a window: (all results, all ``content`` objects)."""
    contents = [client.get(ows.tickets_url, params={"startDate": start, "endDate": end, **params}).json()]
    while contents[-1]["content"]["cursor"]:
        response = client.get(ows.tickets_url, params={"cursor": contents[-1]["content"]["cursor"]})
        assert response.status_code == 200
        contents.append(response.json())
    pages = [c["content"] for c in contents]
    return [t for page in pages for t in page["results"]], pages


# --------------------------------------------------------------------------- generator


def test_same_seed_gives_same_tickets_and_other_seed_differs():
    a, b = TicketGenerator(SMALL), TicketGenerator(SMALL)
    other = TicketGenerator(replace(SMALL, seed=4))
    sample = range(0, a.count(), 7)
    assert [a.ticket(i) for i in sample] == [b.ticket(i) for i in sample]
    assert a.users() == b.users()
    assert [a.ticket(i) for i in sample] != [other.ticket(i) for i in sample]


def test_ticket_does_not_depend_on_query_order():
    gen = TicketGenerator(SMALL)
    forward = {i: gen.ticket(i) for i in range(gen.count())}
    order = list(range(gen.count()))
    random.Random(5).shuffle(order)
    fresh = TicketGenerator(SMALL)
    assert {i: fresh.ticket(i) for i in order} == forward


def test_window_indices_equal_brute_force_filter():
    gen = TicketGenerator(SMALL)
    lo, hi = gen.persist_range()
    everything = _brute_force(gen, lo, hi)
    assert len(everything) == gen.count()
    assert gen.indices_in_persist_window(lo, hi) == everything
    persists = sorted(gen.persist_us(i) for i in range(gen.count()))
    rng = random.Random(9)
    windows = [(lo - DAY_US, lo), (hi, hi + DAY_US), (lo, lo), (persists[10], persists[10] + 1)]
    windows += [tuple(sorted(rng.sample(persists, 2))) for _ in range(25)]  # exact ticket boundaries
    windows += [tuple(sorted((rng.randrange(lo, hi), rng.randrange(lo, hi)))) for _ in range(25)]
    for start, end in windows:
        assert gen.indices_in_persist_window(start, end) == [
            i for i in everything if start <= gen.persist_us(i) < end
        ]


def test_iter_window_resumes_strictly_after_a_position():
    gen = TicketGenerator(SMALL)
    lo, hi = gen.persist_range()
    keyed = list(gen.iter_window(lo, hi))
    for position in (0, 1, 57, len(keyed) - 2, len(keyed) - 1):
        assert list(gen.iter_window(lo, hi, after=keyed[position])) == keyed[position + 1 :]


def test_ticket_times_and_persist_are_consistent():
    gen = TicketGenerator(SMALL)
    n = SMALL.tickets_per_store_day
    for block_start in range(0, gen.count(), n):
        block = [gen.persist_us(block_start + j) for j in range(n)]
        assert block == sorted(block)
        assert len(set(block)) == n
    for i in range(gen.count()):
        t = _norm(gen.ticket(i))
        assert t["persist"] == gen.persist_us(i)
        assert t["start"] <= t["end"] <= t["persist"] // 1000
        times = [line[4] for line in t["lines"]]
        assert times == sorted(set(times))
        assert all(t["start"] <= moment <= t["end"] for moment in times)


def test_money_is_consistent_in_both_shapes(dataset):
    _, tickets = dataset
    for t in tickets:
        live = sum(amount for amount, voided, *_ in t["lines"] if not voided)
        discount = sum(amount for amount, *_ in t["discounts"])
        assert t["subtotal"] == live - discount, t["id"]
        assert t["total"] == t["subtotal"] + t["tax"], t["id"]
        assert sum(amount for _, amount in t["tenders"]) == t["total"], t["id"]
        if t["status"] != "paid_out":
            assert abs(t["tax"] - t["subtotal"] * 0.08) <= 0.5 + 1e-9, t["id"]


def test_exception_kinds_all_present_at_realistic_rates(dataset):
    _, tickets = dataset
    total = len(tickets)
    statuses = Counter(t["status"] for t in tickets)
    assert set(statuses) == {"sale", "void", "post_void", "refund", "return", "no_sale", "paid_out"}
    assert 0.85 < statuses["sale"] / total < 0.97
    assert all(len(t["lines"]) == 0 and t["total"] == 0 for t in tickets if t["status"] == "no_sale")
    for t in tickets:
        if t["status"] == "void":
            assert t["lines"]
            assert all(voided for _, voided, *_ in t["lines"])
            assert t["total"] == 0
        if t["status"] == "post_void":
            assert t["tenders"]
            assert t["total"] > 0
        if t["status"] in ("refund", "return"):
            assert t["total"] < 0
            assert {kind for _, _, kind, *_ in t["lines"]} == {t["status"]}
        if t["status"] == "paid_out":
            assert t["total"] < 0
            assert t["tenders"] == [("cash", t["total"])]
    refunds = [t for t in tickets if t["status"] in ("refund", "return")]
    ids = {t["id"] for t in tickets}
    assert any(t["original"] in ids for t in refunds)
    assert any(t["original"] is None for t in refunds)

    line_voids = [t for t in tickets if t["status"] != "void" and any(v for _, v, *_ in t["lines"])]
    assert 0.03 < len(line_voids) / total < 0.09
    discounted = [t for t in tickets if t["discounts"]]
    assert 0.03 < len(discounted) / total < 0.08
    assert any(applied == approved for t in discounted for _, applied, approved in t["discounts"])
    assert any(applied != approved for t in discounted for _, applied, approved in t["discounts"])
    assert any(t["discounts"][0][0] > 0.3 * (t["subtotal"] + t["discounts"][0][0]) for t in discounted)
    overrides = [t for t in tickets if any(line[3] is not None for line in t["lines"])]
    assert 0.003 < len(overrides) / total < 0.03
    whole_dollar_cash = [
        t
        for t in tickets
        if t["status"] == "sale" and t["total"] % 100 == 0 and t["tenders"] == [("cash", t["total"])]
    ]
    assert len(whole_dollar_cash) >= total * 0.005
    assert {kind for t in tickets for kind, _ in t["tenders"]} == {"cash", "card", "gift"}
    assert any(len(t["tenders"]) == 2 for t in tickets)
    assert 0.10 < sum(t["alias"] for t in tickets) / total < 0.20
    assert all(1 <= len(t["lines"]) <= 12 for t in tickets if t["status"] in ("sale", "void", "post_void"))


def test_chronic_operator_voids_then_opens_the_drawer_within_a_minute(dataset):
    gen, tickets = dataset
    by_terminal: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in tickets:
        by_terminal[t["terminal"]].append(t)
    patterns = Counter()
    for sequence in by_terminal.values():
        sequence.sort(key=lambda t: t["start"])
        for before, after in pairwise(sequence):
            if (
                before["status"] == "void"
                and after["status"] == "no_sale"
                and before["operator"] == after["operator"]
                and 0 < after["start"] - before["end"] <= 60_000
            ):
                patterns[before["operator"]] += 1
    assert patterns.most_common(1)[0][0] == gen.chronic_operator.id
    assert patterns[gen.chronic_operator.id] >= 3


def test_catalogue_stores_and_operators_look_real(dataset):
    gen, _ = dataset
    descriptions = set()
    for i in range(gen.count()):
        raw = gen.ticket(i)
        descriptions |= {line["description"] for line in raw.get("lineItems", ())}
        descriptions |= {entry["Description"] for entry in raw.get("Entries", ())}
    for expected in (
        "Chocolate bar 100g",
        "Dark chocolate 70%",
        "売上高テスト 菓子",
        "Café moulu 250g",
        "Gift card 🎁",
    ):
        assert expected in descriptions
    stores = gen.stores()
    assert len({s.utc_offset_minutes for s in stores}) >= 2
    assert all(4 <= len(s.operators) <= 6 for s in stores)
    assert any(not op.name.isascii() for s in stores for op in s.operators)
    assert len(gen.terminals()) == 4 * 3
    assert all(terminal.startswith(location) for location, terminal in gen.terminals())


def test_most_tickets_ring_up_within_business_hours(dataset):
    gen, tickets = dataset
    stores = {s.id: s for s in gen.stores()}
    outside = 0
    for t in tickets:
        store = stores[t["id"].split("-")[1]]
        local = datetime.fromtimestamp(t["start"] / 1000, UTC) + timedelta(minutes=store.utc_offset_minutes)
        outside += not store.opens_hour <= local.hour < store.closes_hour
    assert 0 < outside < 0.05 * len(tickets)


def test_late_tickets_started_days_before_they_were_persisted():
    gen = TicketGenerator(SimConfig())
    lo, hi = gen.persist_range()
    window_start = lo + DAY_US
    late = [
        t
        for t in (_norm(gen.ticket(i)) for i in gen.indices_in_persist_window(window_start, hi))
        if t["start"] * 1000 < window_start <= t["persist"]
    ]
    assert late
    assert all(DAY_US <= t["persist"] - t["start"] * 1000 <= 5 * DAY_US for t in late)


def test_users_have_the_documented_shape():
    users = TicketGenerator(SimConfig(users=230)).users()
    assert len(users) == 230
    assert {frozenset(u) for u in users} == {
        frozenset({"firstName", "lastName", "emailAddress", "userGroups", "createdDate", "lastSignInDate"})
    }
    assert any(u["userGroups"] is None for u in users)
    assert any(u["userGroups"] for u in users)
    assert any(u["lastSignInDate"] is None for u in users)
    assert len({u["emailAddress"] for u in users}) == 230
    assert all(1_500_000_000_000 < u["createdDate"] < 2_000_000_000_000 for u in users)  # milliseconds
    # Ł has no Unicode decomposition: its address is spelt with an L, the letter not dropped
    lukasz = next(u for u in users if u["firstName"] == "Łukasz")
    assert lukasz["emailAddress"].startswith("lukasz.")


# --------------------------------------------------------------------------- HTTP


def test_paging_returns_every_ticket_once_in_persist_order(ows):
    gen = ows.generator
    lo, hi = gen.persist_range()
    with _client(ows) as client:
        results, pages = _page_through(client, ows, lo, hi, maxPageSize=20)
    assert [_ticket_id(t) for t in results] == [
        gen.ticket_id(i) for i in gen.indices_in_persist_window(lo, hi)
    ]
    assert len(results) == gen.count()
    persists = [_persist(t) for t in results]
    assert persists == sorted(persists)
    assert all(p["resultCount"] == len(p["results"]) <= 20 for p in pages)
    assert any(p["resultCount"] == 0 for p in pages[:-1])  # empty pages between data pages
    assert pages[-1]["cursor"] is None
    assert all(p["cursor"] for p in pages[:-1])


def test_sub_window_returns_exactly_the_window(ows):
    gen = ows.generator
    lo, hi = gen.persist_range()
    start, end = lo + (hi - lo) // 3, lo + (hi - lo) // 2
    with _client(ows) as client:
        results, _ = _page_through(client, ows, start, end)
    assert {_ticket_id(t) for t in results} == gen.all_ids_in_window(start, end)
    assert all(start <= _persist(t) < end for t in results)
    assert len(results) == len({_ticket_id(t) for t in results})


@pytest.mark.parametrize(
    ("marker", "expected"), [("null", {None}), ("empty", {""}), ("alternate", {None, ""})]
)
def test_end_marker_is_configurable(marker, expected):
    gen = TicketGenerator(HTTP_CONFIG)
    lo, hi = gen.persist_range()
    seen = set()
    with FakeOws(gen, end_marker=marker, empty_page_rate=0.0) as ows, _client(ows) as client:
        for size in range(40, 51):
            _, pages = _page_through(client, ows, lo, hi, maxPageSize=size)
            seen.add(pages[-1]["cursor"])
    assert seen == expected


def test_empty_window_ends_immediately(ows):
    with _client(ows) as client:
        content = client.get(ows.tickets_url, params={"startDate": 5, "endDate": 10}).json()["content"]
    assert content == {"cursor": None, "resultCount": 0, "results": []}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"startDate": 1, "endDate": 2, "maxPageSize": 51}, "maxPageSize cannot be greater than 50"),
        ({"startDate": 1, "endDate": 2, "maxPageSize": 0}, "maxPageSize"),
        ({"startDate": 1}, "endDate"),
        ({}, "startDate"),
        ({"startDate": "yesterday", "endDate": 2}, "startDate"),
        ({"startDate": 5, "endDate": 2}, "endDate"),
        ({"cursor": "not-a-cursor!"}, "cursor"),
    ],
)
def test_bad_ticket_requests_are_400_with_a_message(ows, params, message):
    with _client(ows) as client:
        response = client.get(ows.tickets_url, params=params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_tampered_cursor_is_rejected_and_genuine_cursor_is_idempotent(ows):
    lo, hi = ows.generator.persist_range()
    with _client(ows) as client:
        cursor = client.get(ows.tickets_url, params={"startDate": lo, "endDate": hi}).json()["content"][
            "cursor"
        ]
        assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        first = client.get(ows.tickets_url, params={"cursor": cursor})
        again = client.get(ows.tickets_url, params={"cursor": cursor})
        assert first.status_code == 200
        assert first.content == again.content
        raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        raw[20] ^= 0x01  # move the position by a bit
        tampered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
        response = client.get(ows.tickets_url, params={"cursor": tampered})
    assert response.status_code == 400
    assert response.json()["message"]
    with FakeOws(HTTP_CONFIG) as restarted, _client(restarted) as client:
        assert client.get(restarted.tickets_url, params={"cursor": cursor}).content == first.content


def test_auth_is_checked_exactly_and_both_header_names_work(ows):
    url = f"{ows.api_url}/apip/cpos"
    for header in ("Authentication", "Authorization"):
        with _client(ows, header) as client:
            response = client.get(url)
        assert response.status_code == 200
        assert response.json() == {"content": {"posTicketsEndpoint": ows.tickets_url}}
    bad = [
        {},
        {"Authentication": "X-API-Key AKI=demo-key;AKS=wrong"},
        {"AuthorizationHeader": ows.auth_header},
    ]
    for headers in bad:
        response = httpx.get(url, headers=headers)
        assert response.status_code == 401
        assert response.json()["message"]
        assert "demo-secret" not in response.text
    response = httpx.get(ows.tickets_url, params={"startDate": 1, "endDate": 2})
    assert response.status_code == 401
    assert all("demo-secret" not in str(entry) for entry in ows.request_log)
    assert ows.counters["auth_failures"] == 4


def test_users_are_paged_by_100():
    with FakeOws(SimConfig(users=230, days=1)) as ows, _client(ows) as client:
        url = f"{ows.api_url}/apip/users"
        sizes = [len(client.get(url, params={"i": i}).json()["content"]) for i in range(4)]
        assert sizes == [100, 100, 30, 0]
        assert client.get(url).json() == client.get(url, params={"i": 0}).json()
        assert client.get(url, params={"i": 2}).json()["content"] == ows.generator.users()[200:]
        assert client.get(url, params={"i": "x"}).status_code == 400
        assert client.get(url, params={"i": -1}).status_code == 400


def test_unknown_endpoints_are_404_per_host(ows):
    with _client(ows) as client:
        assert client.get(f"{ows.api_url}/apip/tickets").status_code == 404
        assert client.get(ows.tickets_url.replace("/apip/tickets", "/apip/users")).status_code == 404


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_each_fault_kind_happens_and_the_retry_gets_the_same_page(ows, kind):
    lo, hi = ows.generator.persist_range()
    params = {"startDate": lo, "endDate": hi, "maxPageSize": 25}
    with _client(ows) as client:
        reference = client.get(ows.tickets_url, params=params)
    ows.faults = FaultPlan(rate=1.0, kinds=(kind,), retry_after=0.2)
    with _client(ows) as client:
        if kind in ("drop", "truncate"):
            with pytest.raises(httpx.RemoteProtocolError):
                client.get(ows.tickets_url, params=params)
        else:
            response = client.get(ows.tickets_url, params=params)
            assert response.status_code == int(kind)
            if kind == "429":
                assert float(response.headers["Retry-After"]) == pytest.approx(0.2)
        assert client.get(f"{ows.api_url}/apip/cpos").status_code == 200  # cpos is never faulted
    assert ows.counters[f"fault:{kind}"] == 1
    ows.faults = None
    with _client(ows) as client:
        retried = client.get(ows.tickets_url, params=params)
    assert retried.status_code == 200
    assert retried.content == reference.content


def test_truncated_body_is_cut_short_of_its_content_length(ows):
    ows.faults = FaultPlan(rate=1.0, kinds=("truncate",))
    lo, hi = ows.generator.persist_range()
    with (
        _client(ows) as client,
        client.stream("GET", ows.tickets_url, params={"startDate": lo, "endDate": hi}) as response,
    ):
        declared = int(response.headers["Content-Length"])
        received = bytearray()

        def read_all() -> None:
            for chunk in response.iter_raw():
                received.extend(chunk)

        with pytest.raises(httpx.RemoteProtocolError):
            read_all()
    assert 0 < len(received) < declared


def test_paging_through_faults_with_retries_yields_the_fault_free_data():
    gen = TicketGenerator(HTTP_CONFIG)
    lo, hi = gen.persist_range()
    with FakeOws(gen, faults=FaultPlan(rate=0.4, seed=3)) as ows, _client(ows) as client:

        def get(params: dict[str, Any]) -> dict[str, Any]:
            for _ in range(50):
                try:
                    response = client.get(ows.tickets_url, params=params)
                except httpx.TransportError:
                    continue
                if response.status_code == 200:
                    return response.json()["content"]
            raise AssertionError("never succeeded")

        page = get({"startDate": lo, "endDate": hi, "maxPageSize": 8})
        ids = [_ticket_id(t) for t in page["results"]]
        while page["cursor"]:
            page = get({"cursor": page["cursor"]})
            ids += [_ticket_id(t) for t in page["results"]]
        faults = {k: v for k, v in ows.counters.items() if k.startswith("fault:")}
    assert ids == [gen.ticket_id(i) for i in gen.indices_in_persist_window(lo, hi)]
    assert len(faults) >= 3


def test_request_log_records_listener_path_and_headers(ows):
    with _client(ows, "Authorization") as client:
        client.get(f"{ows.api_url}/apip/users", params={"i": 0})
        client.get(ows.tickets_url, params={"startDate": 1, "endDate": 2})
    (api, method, path, headers), (tickets, _, tickets_path, _) = ows.request_log
    assert (api, method, path) == ("api", "GET", "/apip/users?i=0")
    assert headers["Authorization"] == "X-API-Key AKI=demo-key;AKS=<redacted>"
    assert (tickets, tickets_path) == ("tickets", "/apip/tickets?startDate=1&endDate=2")
    assert ows.counters["requests"] == 2


def test_stopped_server_refuses_connections():
    ows = FakeOws(HTTP_CONFIG).start()
    url = f"{ows.api_url}/apip/cpos"
    with _client(ows) as client:
        assert client.get(url).status_code == 200
        ows.stop()
        with pytest.raises(httpx.TransportError):
            client.get(url)
