"""The fast constructors the normaliser builds its records with (model.positional_constructor): what they
build is exactly what the dataclass itself builds, for every record type and any values."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, dataclass, fields, replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ows_desktop.ows.model import Discount, LineItem, Tender, Ticket, positional_constructor

RECORDS = (Ticket, LineItem, Tender, Discount)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.floats(allow_nan=False),
    st.integers(),
    st.just(datetime(2026, 11, 20, 7, 6, 35, tzinfo=UTC)),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_record_built_fast_is_the_record_the_dataclass_builds(cls: Any, data: st.DataObject) -> None:
    values = [data.draw(VALUES) for _ in fields(cls)]
    fast, slow = positional_constructor(cls)(*values), cls(*values)
    assert type(fast) is cls
    assert fast == slow and repr(fast) == repr(slow)
    assert [getattr(fast, f.name) for f in fields(cls)] == values  # every field in its place, raw too
    assert fast.raw is values[-1]
    if all(not isinstance(v, dict) for v in values[:-1]):  # hashable when its compared fields are
        assert hash(fast) == hash(slow)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_a_record_built_fast_is_frozen_and_copies_like_any_other(cls: Any) -> None:
    values = [f"v{i}" for i in range(len(fields(cls)) - 1)] + [{"k": 1}]
    record = positional_constructor(cls)(*values)
    with pytest.raises(FrozenInstanceError):
        setattr(record, fields(cls)[0].name, "changed")
    assert pickle.loads(pickle.dumps(record)) == record  # noqa: S301 - our own bytes
    assert copy.copy(record) == record and copy.deepcopy(record) == record
    changed = replace(record, **{fields(cls)[0].name: "other"})
    assert type(changed) is cls and getattr(changed, fields(cls)[0].name) == "other"


@dataclass(frozen=True)
class _NoSlots:
    a: int = 0


def test_a_dataclass_without_slots_is_refused() -> None:
    with pytest.raises(TypeError, match="slots and fields differ"):
        positional_constructor(_NoSlots)
