"""The tolerant ticket normaliser (tickets.py) and user parsing (users.py)."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ows_desktop.ows.errors import ProtocolError
from ows_desktop.ows.model import Discount, LineItem, Tender, Ticket, User, receipt_number, ticket_name
from ows_desktop.ows.tickets import normalise_page, normalise_ticket
from ows_desktop.ows.users import parse_user, user_to_api_json

OPENED = datetime(2024, 5, 1, 9, 30, 15, tzinfo=UTC)
OPENED_MS = 1714555815000

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "ticketId", "transactionId", "Id"),
    "number": ("transactionNumber", "number", "TransactionNumber"),
    "location": ("locationId", "locationName", "storeId", "location", "LocationId"),
    "terminal": ("terminalId", "terminal", "registerId", "dataSourceId", "TerminalId"),
    "operator": ("operatorName", "operatorId", "employeeName", "employeeId", "cashier", "EmployeeId"),
    "operator_id": ("operatorId", "employeeId", "EmployeeId", "OperatorId"),
    "start": ("startDate", "startTime", "openedTime", "OpenedTime"),
    "end": ("endDate", "endTime", "closedTime", "ClosedTime"),
    "persisted": ("persistDate", "persist_date"),
    "total": ("total", "Total", "amount"),
    "subtotal": ("subtotal", "Subtotal"),
    "tax": ("tax", "Tax"),
    "status": ("status", "type", "transactionType"),
    "lines": ("lineItems", "items", "entries", "Entries"),
    "tenders": ("tenders", "payments", "Tenders"),
    "discounts": ("discounts", "Discounts"),
}
ALL_KEYS = sorted({key for keys in ALIASES.values() for key in keys} | {"description", "price", "voided"})
TEXT_FIELDS = ("id", "number", "location", "terminal", "operator", "operator_id")
TIME_FIELDS = ("start", "end", "persisted")
MONEY_FIELDS = ("total", "subtotal", "tax")

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=15,
)
alias_dicts = st.dictionaries(st.sampled_from(ALL_KEYS), json_values, max_size=12)


def _cases(fields: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(name, alias) for name in fields for alias in ALIASES[name]]


@pytest.mark.parametrize(("field", "alias"), _cases(TEXT_FIELDS))
def test_text_aliases(field: str, alias: str) -> None:
    ticket = normalise_ticket({alias: "A-17"})
    assert getattr(ticket, field) == "A-17"
    numeric = normalise_ticket({alias: 4017})
    assert getattr(numeric, field) == "4017"  # integer ids become strings


@pytest.mark.parametrize(("field", "alias"), _cases(TIME_FIELDS))
def test_time_aliases(field: str, alias: str) -> None:
    assert getattr(normalise_ticket({alias: OPENED_MS}), field) == OPENED
    assert getattr(normalise_ticket({alias: "2024-05-01T11:30:15+02:00"}), field) == OPENED


@pytest.mark.parametrize(("field", "alias"), _cases(MONEY_FIELDS))
def test_money_aliases(field: str, alias: str) -> None:
    assert getattr(normalise_ticket({alias: "12.50"}), field) == 12.5
    assert getattr(normalise_ticket({alias: 7}), field) == 7.0


@pytest.mark.parametrize("alias", ALIASES["status"])
def test_status_aliases(alias: str) -> None:
    assert normalise_ticket({alias: "Post Void"}).status == "post_void"


@pytest.mark.parametrize(
    ("raw", "status"),
    [("SALE", "sale"), ("no-sale", "no_sale"), ("  Post  -  Void ", "post_void"), ("", None), (3, "3")],
)
def test_status_is_normalised(raw: object, status: str | None) -> None:
    assert normalise_ticket({"status": raw}).status == status


@pytest.mark.parametrize("alias", ALIASES["lines"])
def test_line_aliases(alias: str) -> None:
    ticket = normalise_ticket({alias: [{"Description": "Cola", "Quantity": "2", "unitPrice": "1.25"}]})
    assert [(line.description, line.quantity, line.price) for line in ticket.lines] == [("Cola", 2.0, 1.25)]


def test_first_present_alias_wins_and_location_prefers_the_id() -> None:
    ticket = normalise_ticket(
        {"locationName": "Main St", "locationId": 12, "ticketId": "t-2", "id": None, "type": "Refund"}
    )
    assert ticket.location == "12"
    assert ticket.id == "t-2"
    assert ticket.status == "refund"


def test_full_ticket() -> None:
    raw: dict[str, Any] = {
        "transactionId": 991,
        "TransactionNumber": "0042",
        "storeId": "S1",
        "registerId": 3,
        "employeeName": "Pat",
        "openedTime": OPENED_MS,
        "closedTime": "2024-05-01T09:31:00Z",
        "persist_date": 1714555900000000,
        "Total": "-4.50",
        "Subtotal": -4.0,
        "Tax": "-0.50",
        "transactionType": "Return",
        "Entries": [
            {
                "Description": "Socks",
                "Quantity": 1,
                "Price": 4.0,
                "IsVoided": "false",
                "time": OPENED_MS,
                "SKU": 5012345,
                "kind": "Price Override",
                "originalPrice": "6.00",
            },
            {"description": "Hat", "amount": "3.00", "voided": 1},
            "not a line",
        ],
        "payments": [{"tenderType": "Cash", "Amount": "-4.50"}],
        "Discounts": [{"description": "Staff", "amount": 1.5, "operatorId": 7, "approverId": "M1"}],
        "vendorExtension": {"kept": True},
    }
    ticket = normalise_ticket(raw)
    assert ticket.key == "991"
    assert (ticket.id, ticket.number, ticket.location, ticket.terminal, ticket.operator) == (
        "991",
        "0042",
        "S1",
        "3",
        "Pat",
    )
    assert ticket.start == OPENED
    assert ticket.end == datetime(2024, 5, 1, 9, 31, tzinfo=UTC)
    assert ticket.persisted == datetime(2024, 5, 1, 9, 31, 40, tzinfo=UTC)
    assert (ticket.total, ticket.subtotal, ticket.tax, ticket.status) == (-4.5, -4.0, -0.5, "return")
    socks, hat = ticket.lines
    assert (socks.description, socks.quantity, socks.price, socks.voided) == ("Socks", 1.0, 4.0, False)
    assert (socks.time, socks.sku, socks.kind, socks.original_price) == (
        OPENED,
        "5012345",
        "price_override",
        6.0,
    )
    assert (hat.description, hat.price, hat.voided) == ("Hat", 3.0, True)
    assert [(t.kind, t.amount) for t in ticket.tenders] == [("cash", -4.5)]
    assert [(d.description, d.amount, d.operator, d.approver) for d in ticket.discounts] == [
        ("Staff", 1.5, "7", "M1")
    ]
    assert ticket.raw is raw  # the received object itself, unknown fields included
    assert socks.raw is raw["Entries"][0]


def test_pascal_case_shape_matches_camel_case_shape() -> None:
    """The same sale in the two shapes POS integrations send normalises to the same Ticket."""
    camel = {
        "id": "T-1",
        "transactionNumber": 42,
        "locationId": "S012",
        "locationName": "Store 12",
        "terminalId": "S012-R01",
        "operatorId": "E1001",
        "operatorName": "Renée",
        "startDate": OPENED_MS,
        "endDate": OPENED_MS + 60_000,
        "persistDate": (OPENED_MS + 90_000) * 1000,
        "status": "sale",
        "subtotal": 9.0,
        "tax": 0.72,
        "total": 9.72,
        "lineItems": [
            {
                "sku": "SKU1",
                "description": "Socks",
                "quantity": 2,
                "unitPrice": 4.5,
                "amount": 9.0,
                "voided": False,
                "time": OPENED_MS + 5_000,
                "type": "price_override",
                "originalPrice": 6.0,
            }
        ],
        "tenders": [{"type": "card", "amount": 9.72}],
        "discounts": [{"description": "Staff", "amount": 1.0, "appliedBy": "E1001", "approvedBy": "E2"}],
    }
    local = {"DateTime": "2024-05-01T04:30:15.000", "OffsetMinutes": -300}  # = OPENED in UTC-5
    pascal = {
        "Id": "T-1",
        "TransactionNumber": "42",
        "LocationId": "S012",
        "LocationName": "Store 12",
        "TerminalId": "S012-R01",
        "EmployeeId": "E1001",
        "EmployeeName": "Renée",
        "OpenedTime": local,
        "ClosedTime": {**local, "DateTime": "2024-05-01T04:31:15"},
        "persist_date": (OPENED_MS + 90_000) * 1000,
        "transactionType": "Sale",
        "SubTotal": "9.00",
        "Tax": "0.72",
        "Total": "9.72",
        "Entries": [
            {
                "Sku": "SKU1",
                "Description": "Socks",
                "Quantity": "2",
                "Price": "4.50",
                "Amount": "9.00",
                "IsVoided": False,
                "Type": "Price Override",
                "OriginalPrice": "6.00",
                "Time": {**local, "DateTime": "2024-05-01T04:30:20"},
            }
        ],
        "Tenders": [{"TenderType": "Card", "Amount": "9.72"}],
        "Discounts": [{"Description": "Staff", "Amount": "1.00", "AppliedBy": "E1001", "ApprovedBy": "E2"}],
    }
    assert normalise_ticket(pascal) == normalise_ticket(camel)  # raw is excluded from equality
    assert normalise_ticket(pascal).operator == "Renée"
    assert normalise_ticket(pascal).operator_id == "E1001"


@pytest.mark.parametrize(
    ("raw", "operator", "operator_id"),
    [
        ({"operatorName": "Ines Brontë", "operatorId": "E1014"}, "Ines Brontë", "E1014"),
        ({"EmployeeName": "Ines Brontë", "EmployeeId": 1053}, "Ines Brontë", "1053"),
        ({"employeeName": "Ines Brontë", "employeeId": " E7 "}, "Ines Brontë", "E7"),
        ({"operatorName": "Ines Brontë", "operatorId": ""}, "Ines Brontë", None),  # no id: none
        ({"operatorName": "Ines Brontë"}, "Ines Brontë", None),
        ({"operatorId": "E1014"}, "E1014", "E1014"),  # no name: the id stands for it, as before
        ({"cashier": "Bo"}, "Bo", None),  # a cashier names someone; it is not an id
    ],
)
def test_the_operator_id_is_read_apart_from_the_name(
    raw: dict[str, Any], operator: str, operator_id: str | None
) -> None:
    """Two cashiers of one name (E1014 at S027, E1053 at S063) were one person to the app: the ticket kept
    the name only. The employee ID is a field of its own, read through its aliases."""
    ticket = normalise_ticket(raw)
    assert (ticket.operator, ticket.operator_id) == (operator, operator_id)


def test_model_field_order_matches_positional_construction() -> None:
    """tickets.py builds these records positionally for speed; this pins the order it relies on."""
    assert [f.name for f in fields(Ticket)] == [
        "key", "id", "number", "location", "terminal", "operator", "operator_id", "start", "end", "persisted",
        "total", "subtotal", "tax", "status", "lines", "tenders", "discounts", "raw",
    ]  # fmt: skip
    assert [f.name for f in fields(LineItem)] == [
        "description", "quantity", "price", "amount", "voided", "time", "sku", "kind", "original_price",
        "raw",
    ]  # fmt: skip
    assert [f.name for f in fields(Tender)] == ["kind", "amount", "raw"]
    assert [f.name for f in fields(Discount)] == ["description", "amount", "operator", "approver", "raw"]
    line = normalise_ticket({"items": [{"description": "d", "quantity": 1, "price": 2, "sku": 3}]}).lines[0]
    assert line == replace(LineItem(), description="d", quantity=1.0, price=2.0, sku="3")


@pytest.mark.parametrize(
    ("value", "voided"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("FALSE", False),
        ("1", True),
        (0, False),
        ("maybe", False),
    ],
)
def test_voided_booleans(value: object, voided: bool) -> None:
    assert normalise_ticket({"items": [{"voided": value}]}).lines[0].voided is voided


def test_missing_fields_are_none() -> None:
    ticket = normalise_ticket({})
    assert (ticket.id, ticket.location, ticket.start, ticket.total, ticket.status) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert (ticket.lines, ticket.tenders, ticket.discounts) == ((), (), ())


@pytest.mark.parametrize("raw", [None, 5, "ticket", [1, 2], 1.5])
def test_non_dict_is_wrapped(raw: object) -> None:
    ticket = normalise_ticket(raw)
    assert ticket.raw == {"value": raw}
    assert ticket.id is None
    assert ticket.key.startswith("k:")


def test_key_without_id_is_stable_and_includes_the_start_time() -> None:
    base = {"locationId": "S1", "terminalId": "3", "transactionNumber": "0042"}
    as_ms = normalise_ticket({**base, "startDate": OPENED_MS, "total": 1})
    as_iso = normalise_ticket({**base, "startTime": "2024-05-01T09:30:15Z", "total": 2})
    rolled_over = normalise_ticket({**base, "startDate": OPENED_MS + 86_400_000})
    other_register = normalise_ticket({**base, "terminalId": "4", "startDate": OPENED_MS})
    assert as_ms.key == as_iso.key  # same ticket, different time encoding and edited total
    assert as_ms.key.startswith("k:")
    assert len(as_ms.key) == 2 + 40
    assert len({as_ms.key, rolled_over.key, other_register.key}) == 3


def test_key_with_id_is_the_id() -> None:
    assert normalise_ticket({"Id": 77, "locationId": "S1"}).key == "77"


def test_tickets_with_nothing_identifying_do_not_collide() -> None:
    first = normalise_ticket({"total": 1, "lineItems": [{"description": "a"}]})
    second = normalise_ticket({"total": 2, "lineItems": [{"description": "a"}]})
    assert first.key != second.key
    assert first.key == normalise_ticket({"lineItems": [{"description": "a"}], "total": 1}).key


@settings(deadline=None)
@given(json_values | alias_dicts)
def test_normalise_ticket_never_raises(raw: object) -> None:
    ticket = normalise_ticket(raw)
    assert isinstance(ticket, Ticket)
    assert isinstance(ticket.key, str)
    assert ticket.key
    assert ticket.raw is raw if isinstance(raw, dict) else ticket.raw == {"value": raw}


@settings(deadline=None)
@given(
    st.sampled_from(_cases(TEXT_FIELDS)),
    st.integers(min_value=0, max_value=10**12) | st.text(alphabet="ABCDEFGH-0123456789", min_size=1),
    alias_dicts,
)
def test_aliases_map_whatever_else_is_present(case: tuple[str, str], value: object, noise: dict) -> None:
    field, alias = case
    # Drop the aliases ahead of this one, which would rightly win.
    ahead = ALIASES[field][: ALIASES[field].index(alias)]
    raw = {key: item for key, item in noise.items() if key not in ahead}
    raw[alias] = value
    assert getattr(normalise_ticket(raw), field) == str(value)


def test_normalise_page() -> None:
    content = {"cursor": "next", "resultCount": "2", "results": [{"id": 1}, {"total": 2}]}
    page = normalise_page(content)
    assert [t.key for t in page.tickets] == ["1", page.tickets[1].key]
    assert page.tickets[1].key.startswith("k:")
    assert page.cursor == "next"
    assert page.result_count == 2
    assert page.raw_results == ({"id": 1}, {"total": 2})
    assert page.raw_results[0] is content["results"][0]
    assert not page.is_last


@pytest.mark.parametrize(
    ("odd", "said"), [(None, "null"), ("hello", "a text"), (5, "a number"), ([1], "a list")]
)
def test_a_result_that_is_not_an_object_refuses_the_page(odd: object, said: str) -> None:
    """A null (or a string) among a page's results was stored as a ticket with no field at all: a phantom
    in the search and the signed exports, which the outside-hours rule even dated (found by a hostile
    server). The page is refused, as a result list of the wrong type is."""
    with pytest.raises(ProtocolError, match=f"result 2 is {said}, not a ticket object; nothing of this page"):
        normalise_page({"results": [{"id": 1}, odd, {"id": 3}]})


@pytest.mark.parametrize("cursor", [None, ""])
def test_normalise_page_end_markers(cursor: str | None) -> None:
    page = normalise_page({"cursor": cursor, "results": None})
    assert page.is_last
    assert page.cursor is None
    assert (page.tickets, page.result_count) == ((), 0)


@pytest.mark.parametrize("content", [None, [], {"results": {"id": 1}}, {"results": "x"}])
def test_normalise_page_rejects_other_shapes(content: object) -> None:
    with pytest.raises(ProtocolError):
        normalise_page(content)


# -- users -----------------------------------------------------------------------------------------


def test_parse_documented_user() -> None:
    raw = {
        "firstName": "Tester",
        "lastName": "User5",
        "emailAddress": "test@user5.com",
        "userGroups": ["Administrator", "Custom Group 2"],
        "createdDate": 1571863236000,
        "lastSignInDate": None,
    }
    user = parse_user(raw)
    assert user == User(
        first_name="Tester",
        last_name="User5",
        email="test@user5.com",
        groups=("Administrator", "Custom Group 2"),
        created=datetime(2019, 10, 23, 20, 40, 36, tzinfo=UTC),
        last_sign_in=None,
    )
    assert user.raw is raw
    assert user.display_name == "Tester User5"


@pytest.mark.parametrize(("groups", "expected"), [(None, ()), ("Admin", ("Admin",)), ([1, "A", ""], ("A",))])
def test_user_groups_are_tolerated(groups: object, expected: tuple[str, ...]) -> None:
    assert parse_user({"userGroups": groups}).groups == expected


@settings(deadline=None)
@given(json_values)
def test_parse_user_never_raises(raw: object) -> None:
    assert isinstance(parse_user(raw), User)


def test_user_to_api_json() -> None:
    user = parse_user(
        {"firstName": "A", "emailAddress": "a@x", "userGroups": None, "createdDate": 1571863236000}
    )
    assert user_to_api_json(user) == {
        "firstName": "A",
        "lastName": None,
        "emailAddress": "a@x",
        "userGroups": [],
        "createdDate": "2019-10-23T20:40:36Z",
        "lastSignInDate": None,
    }


def test_a_ticket_is_named_by_the_number_its_receipt_prints():
    assert receipt_number(Ticket("k1", number="7742")) == "Ticket #7742"
    assert ticket_name(Ticket("k1", number="7742", location="S027", terminal="S027-R01")) == (
        "Ticket #7742 (S027-R01)"
    )
    assert ticket_name(Ticket("k1", number="7742", location="Lyon", terminal="3")) == "Ticket #7742 (Lyon-3)"
    assert ticket_name(Ticket("k1", id="T-9")) == "Ticket T-9"  # no number: its id
