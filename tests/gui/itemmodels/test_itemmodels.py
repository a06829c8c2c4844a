"""The item models: pytest-qt's model tester on each, and the receipt table's lazy paging and refresh."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from gui_support import fill_store, small_config
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ows_desktop.itemmodels.json_tree import JsonPathRole, JsonTreeModel, describe
from ows_desktop.itemmodels.ticket_columns import (
    COL_EXCEPTIONS,
    COL_OPERATOR,
    COL_STATUS,
    COL_TIME,
    COL_TOTAL,
    ExceptionsRole,
    TicketKeyRole,
    status_kind,
)
from ows_desktop.itemmodels.tickets import TicketTableModel
from ows_desktop.itemmodels.users import UsersTableModel
from ows_desktop.ows.model import User
from ows_desktop.store import TicketQuery


@pytest.fixture
def reader(filled_store):
    r = filled_store.reader()
    yield r
    r.close()


def test_ticket_model_passes_the_model_tester(qtmodeltester, reader):
    model = TicketTableModel(reader, tz=UTC, page_size=25)
    model.set_query(TicketQuery())
    assert model.rowCount() == 25 and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)
    model.set_query(TicketQuery(statuses=("void",), sort="total", descending=False))
    qtmodeltester.check(model, force_py=True)


def test_ticket_model_pages_lazily_in_store_order(reader):
    model = TicketTableModel(reader, tz=UTC, page_size=30)
    model.set_query(TicketQuery(sort="total", descending=True))
    total = reader.count(TicketQuery())
    assert model.rowCount() == 30
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == total
    totals = [model.ticket_row(r).total for r in range(model.rowCount())]
    known = [t for t in totals if t is not None]
    assert known == sorted(known, reverse=True)
    assert model.index(0, COL_TOTAL).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_ticket_model_sorts_in_the_store_when_a_header_is_clicked(reader):
    model = TicketTableModel(reader, tz=UTC)
    model.set_query(TicketQuery())
    model.sort(COL_STATUS, Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "status" and not model.query.descending
    statuses = [model.ticket_row(r).status or "" for r in range(model.rowCount())]
    assert statuses == sorted(statuses)
    before = model.query
    model.sort(COL_EXCEPTIONS, Qt.SortOrder.AscendingOrder)  # not sortable: nothing changes
    assert model.query == before


def test_ticket_model_shows_exceptions_and_local_time(reader):
    model = TicketTableModel(reader, tz=UTC)
    model.set_query(TicketQuery(statuses=("void",)))
    assert model.rowCount() > 0
    assert "void" in model.index(0, COL_EXCEPTIONS).data(ExceptionsRole)
    assert "Void" in model.index(0, COL_EXCEPTIONS).data()
    row = model.ticket_row(0)
    # "newest first" read unsorted across time zones: the header says the rows follow the moment itself
    tip = model.headerData(COL_TIME, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Sorted by the moment itself, so in store time the stores of other time zones interleave" in tip
    # the time rule: the store's time with its (compact) zone label; UTC and the workstation's time on hover
    from ows_desktop.basics.store_time import store_time_text, zone_offset

    local = store_time_text(row.start, row.utc_offset_min, label=False)
    assert model.index(0, COL_TIME).data() == f"{local} {zone_offset(row.utc_offset_min)}"
    assert model.index(0, COL_TIME).data().endswith(("UTC", ":00"))
    tip = model.index(0, COL_TIME).data(Qt.ItemDataRole.ToolTipRole)
    assert "(store time)" in tip and " UTC\n" in tip and "(this workstation)" in tip
    assert status_kind("post_void") == "void" and status_kind("Return") == "refund"


def test_refresh_inserts_new_tickets_and_keeps_persistent_indexes(store, qtbot):
    config = small_config()
    generator = fill_store(store, small_config(days=1))
    reader = store.reader()
    try:
        model = TicketTableModel(reader, tz=UTC, page_size=20)
        model.set_query(TicketQuery())
        kept = QPersistentModelIndex(model.index(5, 0))
        key = kept.data(TicketKeyRole)
        assert generator.count() > 0
        fill_store(store, config)  # the second day arrives: newer tickets land above
        with qtbot.assertNotEmitted(model.modelReset):
            assert model.refresh(extra=config.tickets_per_store_day * config.stores) is True
        assert kept.isValid() and kept.data(TicketKeyRole) == key
        assert kept.row() > 5
        assert model.rowCount() >= 20
        newest = model.ticket_row(0).start
        assert newest >= SIM_DAY2
    finally:
        reader.close()


SIM_DAY2 = datetime(2026, 11, 21, tzinfo=UTC) - timedelta(hours=12)


@pytest.mark.parametrize("path", ["window", "job"])
def test_refresh_shows_what_a_sync_changed_in_a_shown_row_and_repaints_only_that_row(store, qtbot, path):
    """Rows already shown keep their cached texts across a refresh, except the one a saved page changed: read on
    the window's thread, or through the path a sync's landings take (the listing, its plan and the shown rows
    read again in a job, which also says which shown rows are still listed)."""
    from ows_desktop.itemmodels.listing import read_listing_from

    fill_store(store, small_config(days=1))
    reader = store.reader()
    try:
        model = TicketTableModel(reader, tz=UTC, page_size=20)
        model.set_query(TicketQuery())
        shown = [model.index(r, COL_OPERATOR).data() for r in range(10)]  # painted once
        changed = reader.ticket(model.rowid(3))
        store.upsert_tickets([replace(changed, operator="Renamed Operator")])
        with qtbot.waitSignal(model.dataChanged) as announced:
            if path == "window":
                assert model.refresh() is True
            else:
                before, recent = model.listing_basis()
                listing = read_listing_from(store, *model.listing_request(), before, recent)
                assert listing.fresh is not None and model.rowid(3) in listing.fresh
                assert model.apply_listing(listing) is True
        first, last = announced.args[0], announced.args[1]
        assert (first.row(), last.row()) == (3, 3)
        assert changed.operator_id  # the simulator's cashiers have employee IDs: the cell shows it beside
        assert model.index(3, COL_OPERATOR).data() == f"Renamed Operator ({changed.operator_id})"
        assert [model.index(r, COL_OPERATOR).data() for r in range(10) if r != 3] == shown[:3] + shown[4:]
    finally:
        reader.close()


def test_json_tree_model_passes_the_model_tester(qtmodeltester):
    model = JsonTreeModel()
    doc = {
        "id": "T-1",
        "lineItems": [{"sku": "A", "voided": True}, {"sku": "B", "price": 1.5}],
        "empty": [],
        "nested": {"deep": {"value": None}},
    }
    model.set_document(doc)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 4
    items = model.index(1, 0)
    assert items.data() == "lineItems" and model.rowCount(items) == 2
    first = model.index(0, 0, items)
    sku = model.index(0, 1, first)
    assert sku.data() == '"A"'
    assert model.index(0, 0, first).data(JsonPathRole) == "lineItems[0].sku"
    assert model.parent(first) == items
    assert describe({"a": 1}) == "{1 field}" and describe([1, 2]) == "[2 items]" and describe(True) == "true"
    model.set_document(None)
    qtmodeltester.check(model, force_py=True)


def test_users_model_and_its_filter_pass_the_model_tester(qtmodeltester):
    model = UsersTableModel(tz=UTC)
    users = [
        User(
            "Zoë", "Brontë", "zoe@example.com", ("Loss Prevention",), datetime(2024, 1, 2, tzinfo=UTC), None
        ),
        User("Ana", "Lima", "ana@example.com", (), None, datetime(2026, 11, 1, 9, 30, tzinfo=UTC)),
    ]
    model.set_users(users)
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 0).data() == "Ana Lima"
    assert model.index(0, 2).data() == "—" and model.index(1, 4).data() == "Never"
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterFixedString("prevention")
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 1
