"""An operator is the employee ID a ticket carries: two cashiers of one name (Ines Brontë, E1014 at S027 and E1053
at S063) are two people to the store's filters and pickers, and a ticket without an ID is its operator's name
at its store (store/operators.py)."""

from __future__ import annotations

import pytest
from review_helpers import tk

from ows_desktop.store import TicketQuery
from ows_desktop.store.operators import operator_key, operator_text, parse_operator_key

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

INES = "Ines Brontë"


@pytest.fixture
def store(store):  # type: ignore[no-untyped-def]
    store.upsert_tickets(
        [
            tk("a1", location="S027", operator=INES, operator_id="E1014"),
            tk("a2", location="S027", operator=INES, operator_id="E1014"),
            tk("b1", location="S063", operator=INES, operator_id="E1053"),
            tk("c1", location="S063", operator=INES),  # no ID: her name at S063
            tk("c2", location="S027", operator=INES),  # no ID: her name at S027, another person maybe
            tk("d1", location="S063", operator="Bo", operator_id="E1053x"),
        ]
    )
    return store


def keys(reader, **query) -> set[str]:  # type: ignore[no-untyped-def]
    return {row.key for row in reader.iter_rows(TicketQuery(**query))}


def test_an_operator_filter_lists_exactly_the_tickets_of_that_employee_id(store) -> None:  # type: ignore[no-untyped-def]
    with store.reader() as reader:
        assert keys(reader, operator_keys=(operator_key("E1014", INES, "S027"),)) == {"a1", "a2"}
        assert keys(reader, operator_keys=(operator_key("E1053", None, None),)) == {"b1"}
        # a ticket without an ID: its operator's name at its store, never the same name elsewhere or with an ID
        assert keys(reader, operator_keys=(operator_key(None, INES, "S063"),)) == {"c1"}
        assert keys(reader, operator_keys=(operator_key("", INES, "S027"),)) == {"c2"}
        both = (operator_key("E1014", INES, "S027"), operator_key(None, INES, "S063"))
        assert keys(reader, operator_keys=both) == {"a1", "a2", "c1"}
        assert keys(reader, operator_keys=both, locations=("S063",)) == {"c1"}  # AND-ed with the store
        assert keys(reader, operators=(INES,)) == {"a1", "a2", "b1", "c1", "c2"}  # the name alone: everyone
        rows = {row.key: row for row in reader.iter_rows(TicketQuery(operator_keys=both))}
        assert {key: (row.operator, row.operator_id) for key, row in rows.items()} == {
            "a1": (INES, "E1014"),
            "a2": (INES, "E1014"),
            "c1": (INES, None),
        }
        text_search = {row.key for row in reader.iter_rows(TicketQuery(text="Item", operator_keys=both[:1]))}
        assert text_search == {"a1", "a2"}


def test_the_operator_picker_reads_each_stores_employees_by_id(store) -> None:  # type: ignore[no-untyped-def]
    with store.reader() as reader:
        assert reader.operators() == [
            ("S027", "", INES),
            ("S027", "E1014", INES),
            ("S063", "", INES),
            ("S063", "E1053", INES),
            ("S063", "E1053x", "Bo"),
        ]


def test_a_changed_id_is_stored_again(store) -> None:  # type: ignore[no-untyped-def]
    store.upsert_tickets([tk("c1", location="S063", operator=INES, operator_id="E1053")])
    with store.reader() as reader:
        assert keys(reader, operator_keys=(operator_key("E1053", INES, "S063"),)) == {"b1", "c1"}
        assert ("S063", "E1053", INES) in reader.operators()


def test_operator_keys_and_texts() -> None:
    assert parse_operator_key(operator_key("E1014", INES, "S027")) == ("E1014", "", "")
    assert parse_operator_key(operator_key(None, INES, "S027")) == ("", "S027", INES)
    assert parse_operator_key(operator_key(None, None, None)) == ("", "", "")
    assert parse_operator_key(INES) is None  # a name alone (a filter saved by an older version) is no key
    assert parse_operator_key('store:["S1"]') is None
    with pytest.raises(ValueError, match="operator key"):
        TicketQuery(operator_keys=(INES,))
    assert operator_text(INES, "E1014") == "Ines Brontë (E1014)"
    assert operator_text("E1014", "E1014") == operator_text(None, "E1014") == "E1014"
    assert operator_text(INES, None) == "Ines Brontë (no employee ID)"
    assert operator_text(None, None) == "—"
