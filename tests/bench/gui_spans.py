"""GUI-thread spans for ``bench_gui.py --spans``: wraps a few of the window's methods with a timer and reports
how long each call took (count, median, p95, max in ms), so a stall can be attributed to what the GUI thread
was doing. Only the bench imports this; the app is unchanged unless a bench asks for spans."""

from __future__ import annotations

import functools
import statistics
import time
from collections import defaultdict
from typing import Any


def _spans() -> list[tuple[Any, str]]:
    from ows_desktop.itemmodels import tickets
    from ows_desktop.itemmodels.tickets import TicketTableModel
    from ows_desktop.player.playback import Playback
    from ows_desktop.store.camera_sql import SqliteMappingRows
    from ows_desktop.store.reader import TicketReader
    from ows_desktop.ui import receipt_view
    from ows_desktop.ui.receipt_view import ReceiptPanel
    from ows_desktop.ui.receipts_page import ReceiptsPage
    from ows_desktop.ui.sync_controller import SyncController
    from ows_desktop.ui.ticket_table import TicketTable
    from ows_desktop.ui.video_pane import VideoPane

    return [
        (ReceiptsPage, "move"),
        (ReceiptsPage, "refresh_now"),
        (ReceiptsPage, "show_ticket"),
        (ReceiptsPage, "_after_reset"),
        (ReceiptPanel, "show_ticket"),
        (ReceiptPanel, "_render"),
        (TicketTableModel, "refresh"),
        (TicketTableModel, "fetchMore"),
        (VideoPane, "show_ticket"),
        (Playback, "_start"),
        (TicketTable, "paintEvent"),
        (SyncController, "_on_saved"),
        (TicketTableModel, "_entry_for"),
        (tickets, "insertion_plan"),
        (receipt_view, "render_receipt"),
        (TicketReader, "ids"),
        (TicketReader, "rows"),
        (TicketReader, "ticket"),
        (SqliteMappingRows, "mapping"),
        (TicketTable, "scrollTo"),
    ]


class Spans:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.cpu: dict[str, list[float]] = defaultdict(list)

    def install(self) -> None:
        for cls, name in _spans():
            original = getattr(cls, name, None)
            if original is None:
                continue
            owner = getattr(cls, "__name__", "?").rpartition(".")[2]
            setattr(cls, name, self._wrap(f"{owner}.{name}", original))

    def _wrap(self, label: str, original: Any) -> Any:
        times, cpu = self.times[label], self.cpu[label]

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.thread_time() - c0) * 1000)

        return timed

    def report(self) -> str:
        lines = [
            f"{'span (ms: wall, then GUI-thread CPU)':38} {'calls':>6} {'median':>7} {'p95':>7} {'max':>7}"
            f" {'cpu med':>7} {'cpu p95':>7} {'cpu max':>7}"
        ]
        for label, values in sorted(self.times.items()):
            if not values:
                continue
            ordered, cpu = sorted(values), sorted(self.cpu[label])
            p95 = int(len(ordered) * 0.95)
            lines.append(
                f"{label:38} {len(ordered):6d} {statistics.median(ordered):7.1f} {ordered[p95]:7.1f} "
                f"{ordered[-1]:7.1f} {statistics.median(cpu):7.1f} {cpu[p95]:7.1f} {cpu[-1]:7.1f}"
            )
        return "\n".join(lines)
