"""Issue #11, late tickets in the window: syncing the same range again reads the safety overlap."""

from __future__ import annotations

from gui_support import (
    KEY,
    OFFSCREEN_NOISE,
    SECRET,
    connected_services,
    open_window,
    small_config,
    wait_connected,
)

from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws
from ows_desktop.store import TicketQuery
from ows_desktop.ui.filter_state import SyncRange

pytestmark = OFFSCREEN_NOISE
MINUTE_US = 60_000_000


def _sync(qtbot, window) -> None:
    with qtbot.waitSignal(window.syncFinished, timeout=30_000) as finished:
        assert window.start_sync()
    assert finished.args == ["succeeded"]


def test_syncing_again_picks_up_tickets_persisted_late_into_a_synced_hour(qtbot, paths, store):
    with FakeOws(small_config(), key=KEY, secret=SECRET, empty_page_rate=0.0) as sim:
        lo, _ = sim.generator.persist_range()
        hi = max(sim.generator.persist_us(i) for i in range(sim.generator.count()))  # the newest ticket
        late = sim.withhold(hi - 40 * MINUTE_US, hi + 1, share=1.0)
        assert late
        window = open_window(qtbot, connected_services(paths, store, sim))
        wait_connected(qtbot, window)
        end = from_epoch_us(hi + 5 * MINUTE_US).replace(second=0, microsecond=0, tzinfo=None)
        window.sync_bar.set_sync_range(SyncRange("custom", "2026-11-19T00:00:00", end.isoformat()))
        _sync(qtbot, window)
        with store.reader() as reader:
            first = {row.key for row in reader.iter_rows(TicketQuery())}
        assert first == sim.generator.all_ids_in_window(lo, hi + 1) - late

        sim.release_withheld()
        _sync(qtbot, window)
        with store.reader() as reader:
            second = [row.key for row in reader.iter_rows(TicketQuery())]
        assert set(second) == sim.generator.all_ids_in_window(lo, hi + 1)
        assert len(second) == len(set(second))
        qtbot.waitUntil(lambda: window.receipts.total() == len(second))
