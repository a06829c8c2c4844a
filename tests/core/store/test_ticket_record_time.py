"""A stored ticket sorts (its rowid's time) by its start, else its persist time, else its end, else the time
it was first stored — ticket_rows computes it from the row's own columns, the same as timekeys says."""

from __future__ import annotations

from itertools import product

from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.store.raw_pages import JsonBytes
from ows_desktop.store.ticket_rows import ticket_record
from ows_desktop.store.timekeys import clamp_ms, ticket_time_us

NOW_US = 1_795_000_000_000_000
TIMES = {"startDate": 1_795_176_790_924, "persistDate": 1_795_176_963_116_800, "endDate": 1_795_176_944_837}


def test_the_time_a_ticket_sorts_by_is_its_first_known_time() -> None:
    for present in product((False, True), repeat=3):
        raw = {"id": "T-1"} | {
            name: value for (name, value), keep in zip(TIMES.items(), present, strict=True) if keep
        }
        ticket = normalise_ticket(raw)
        record = ticket_record(ticket, NOW_US, JsonBytes())
        assert record.time_ms == clamp_ms(ticket_time_us(ticket, NOW_US) // 1000), raw
    only_end = ticket_record(normalise_ticket({"endDate": TIMES["endDate"]}), NOW_US, JsonBytes())
    assert only_end.time_ms == TIMES["endDate"]
    none = ticket_record(normalise_ticket({"id": "T-2"}), NOW_US, JsonBytes())
    assert none.time_ms == NOW_US // 1000
    early = ticket_record(normalise_ticket({"startDate": "1969-07-20T20:17:40Z"}), NOW_US, JsonBytes())
    assert early.time_ms == 0  # before 1970 counts as 1970
