"""The readers planned for a ticket's keys (ows/key_plans.py) give the ticket the alias readers give: the
same fields from any mix of aliases, nulls, odd types and nested lines, tenders and discounts."""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from ows_desktop.ows import field_readers as fields
from ows_desktop.ows import key_plans, tickets
from ows_desktop.ows.key_plans import KeyPlans
from ows_desktop.ows.timestamps import FAST_EPOCH_MS, FAST_EPOCH_US

_PLANS = (tickets._TICKET_PLANS, tickets._LINE_PLANS, tickets._TENDER_PLANS, tickets._DISCOUNT_PLANS)


def _aliases(*groups: tuple[str, ...]) -> list[str]:
    return sorted({alias for group in groups for alias in group})


_TICKET_KEYS = _aliases(*(fields for _, fields in tickets._TICKET_PLANS._fields))
_LINE_KEYS = _aliases(*(fields for _, fields in tickets._LINE_PLANS._fields))
_OTHER_KEYS = _aliases(*(fields for _, fields in tickets._TENDER_PLANS._fields)) + _aliases(
    *(fields for _, fields in tickets._DISCOUNT_PLANS._fields)
)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 1_714_554_000_000, 1_714_554_000_000_000, 10**30]),
    # the edges of the integer epochs the planned readers convert inline (ms and µs of 1978-2106)
    st.sampled_from([edge + step for edge in (*FAST_EPOCH_MS, *FAST_EPOCH_US) for step in (-1, 0, 1)]),
    st.floats(),
    st.sampled_from(["", " ", "  S1 ", "12.50", "1,299.00", "$3", "true", "No", "Post Void", "\ud800x", "é"]),
    st.text(max_size=8),
    st.sampled_from(["2024-05-01T09:00:00+02:00", "/Date(1714554000000)/", "2024-05-01 09:00"]),
    st.fixed_dictionaries(
        {
            "DateTime": st.sampled_from(["2024-05-01T09:00:00", 5, None]),
            "OffsetMinutes": st.integers(-600, 600),
        }
    ),
)


def _object(keys: list[str], values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from([*keys, "noise"]), values, max_size=8)


_LINE = _object(_LINE_KEYS, _SCALARS)
_NESTED = st.one_of(
    _SCALARS, st.lists(st.one_of(_LINE, _object(_OTHER_KEYS, _SCALARS), _SCALARS), max_size=3), _LINE
)
_TICKET = _object(_TICKET_KEYS, _NESTED)


def _by_aliases_only(raw: Any) -> tickets.Ticket:
    with mock.patch.object(KeyPlans, "read", lambda self, value: self._fallback(value)):
        return tickets.normalise_ticket(raw)


@settings(max_examples=400, deadline=None)
@given(raw=_TICKET)
def test_a_planned_ticket_is_the_ticket_the_alias_readers_build(raw: dict[str, Any]) -> None:
    for plans in _PLANS:
        plans._plans.clear()  # every example plans its own key tuples (no fallback for a full cache)
    planned = tickets.normalise_ticket(raw)
    again = tickets.normalise_ticket(raw)  # the second time through the kept plan
    expected = _by_aliases_only(raw)
    assert planned == expected and again == expected
    assert planned.raw is raw
    assert [line.raw for line in planned.lines] == [line.raw for line in expected.lines]


def test_a_dict_subclass_and_an_object_with_many_keys_take_the_alias_readers() -> None:
    class Odd(dict):  # type: ignore[type-arg]
        def get(self, key: str, default: Any = None) -> Any:
            return "from get" if key == "id" else super().get(key, default)

    assert tickets.normalise_ticket(Odd(id="T1")).id == "from get"
    crowded = {f"k{n}": n for n in range(key_plans.MAX_KEYS)} | {"id": "T2"}
    before = len(tickets._TICKET_PLANS._plans)
    assert tickets.normalise_ticket(crowded).id == "T2"
    assert len(tickets._TICKET_PLANS._plans) == before  # not planned


def test_the_lines_of_a_ticket_are_read_as_each_object_would_be() -> None:
    class Odd(dict):  # type: ignore[type-arg]
        def get(self, key: str, default: Any = None) -> Any:
            return "from get" if key == "sku" else super().get(key, default)

    class Items(list):  # type: ignore[type-arg]
        pass

    crowded = {f"k{n}": n for n in range(key_plans.MAX_KEYS)} | {"sku": "C"}
    plans = tickets._LINE_PLANS
    for value in (
        [{"sku": "A", "quantity": 2}, 5, None, Odd(sku="B"), crowded, [{"sku": "nested"}], "x"],
        Items([{"sku": "D"}, Odd(sku="E")]),
        {"sku": "lone"},
        Odd(sku="lone"),
        [],
        (),
        None,
        "text",
    ):
        read = plans.read_objects(value)
        assert read == tuple(map(plans.read, fields.objects(value)))
        assert [line.raw for line in read] == [item for item in fields.objects(value)]
    assert plans.read_objects([Odd(sku="B")])[0].sku == "from get"  # a dict subclass reads its own way


def test_the_inlined_coercions_keep_the_readers_edge_cases() -> None:
    lo, hi = FAST_EPOCH_MS
    for value in (
        " ",
        "",
        "  x ",
        5,
        2.5,
        lo - 1,
        lo,
        hi - 1,
        hi,
        FAST_EPOCH_US[0],
        FAST_EPOCH_US[1] - 1,
        True,
    ):
        raw = {"description": value, "time": value}
        assert tickets._LINE_PLANS.read(raw) == tickets._line_by_aliases(raw), value


def test_amounts_sent_as_text_read_as_the_number_reader_reads_them() -> None:
    texts = (
        "12.50",
        " 3 ",
        "-0",
        "1_000",
        "1,299.00",
        "$3",
        "nan",
        "inf",
        "-Infinity",
        "1e400",
        "abc",
        "",
        " ",
    )
    for text in texts:
        raw = {"quantity": text, "unitPrice": text, "amount": text}
        assert tickets._LINE_PLANS.read(raw) == tickets._line_by_aliases(raw), text
