"""A receipts model closed with its window (its reader about to close) reads nothing more, and says nothing
either: the view of a closing window still paints a row or two, and each read logged "Reading the ticket cache
failed: the ticket reader is closed" and asked for the red banner — a helper found the log full of them after
every close of a window with rows."""

from __future__ import annotations

import logging
from datetime import UTC

from review_helpers import tk

from ows_desktop.itemmodels.tickets import TicketTableModel
from ows_desktop.store import TicketQuery


def test_a_closed_model_reads_nothing_and_reports_no_failure(qapp, store, caplog) -> None:
    store.upsert_tickets([tk(f"T-{i:03d}") for i in range(3)])
    failed: list[str] = []
    with store.reader() as reader:
        model = TicketTableModel(reader, tz=UTC)
        model.loadFailed.connect(failed.append)
        model.set_query(TicketQuery())
        assert model.rowCount() == 3 and model.index(2, 0).data()
        model.close()
        with caplog.at_level(logging.DEBUG):
            shown = [model.index(row, 0).data() for row in range(3)]  # a closing window's last paint
    assert shown == [None, None, None]
    assert failed == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
