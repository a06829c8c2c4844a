"""The receipts list's Exceptions column shows every ticket the rules found something on: a ticket with only
an exception no chip stood for (outside opening hours, a price override, a whole-dollar cash sale) looked
clean, while its receipt listed the exception."""

from __future__ import annotations

from dataclasses import replace

from review_helpers import tk

from ows_desktop.itemmodels.ticket_cells import cell_tooltip
from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, ticket_exceptions
from ows_desktop.store import TicketQuery


def test_a_rule_no_chip_stands_for_gets_the_other_exception_chip_named_in_its_tooltip(store, qapp) -> None:
    store.upsert_tickets([tk("T-1")])
    with store.reader() as reader:
        (row,) = reader.page(TicketQuery(), 10)[0]
    assert ticket_exceptions(row) == () and cell_tooltip(row, COL_EXCEPTIONS, None) == "No exceptions"
    late = replace(row, exceptions=("outside_hours", "whole_dollar_cash"))
    assert ticket_exceptions(late) == ("other",)
    assert (
        cell_tooltip(late, COL_EXCEPTIONS, None)
        == "Other exception (Outside opening hours, Whole-dollar cash sale)"
    )
    voided = replace(row, has_void=True, exceptions=("line_void",))  # the V chip says it already
    assert ticket_exceptions(voided) == ("void",)
