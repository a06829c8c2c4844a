"""GUI-thread spans for ``bench_gui.py --spans``: wraps a few of the window's methods with a timer and reports
how long each call took (count, median, p95, max in ms), so a stall can be attributed to what the GUI thread
was doing. Only the bench imports this; the app is unchanged unless a bench asks for spans."""

from __future__ import annotations

import functools
import gc
import importlib
import statistics
import time
from collections import Counter, defaultdict
from typing import Any

SPANS = (  # module, then the class (or nothing: a module function) and the method; a missing one is skipped
    ("ows_desktop.ui.receipts_page", "ReceiptsPage.move"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage.refresh_now"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage.reload_choices"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage.show_ticket"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage._after_reset"),
    ("ows_desktop.ui.receipt_view", "ReceiptPanel.show_ticket"),
    ("ows_desktop.ui.receipt_view", "ReceiptPanel._render"),
    ("ows_desktop.ui.receipt_view", "render_receipt"),
    ("ows_desktop.ui.live_refresh", "LiveRefresher._on_listing"),
    ("ows_desktop.ui.sync_controller", "SyncController._on_saved"),
    ("ows_desktop.ui.sync_controller", "SyncController.refresh_stats"),
    ("ows_desktop.ui.ticket_table", "TicketTable.paintEvent"),
    ("ows_desktop.ui.ticket_table", "TicketTable.scrollTo"),
    ("ows_desktop.ui.video_pane", "VideoPane.show_ticket"),
    ("ows_desktop.player.playback", "Playback._start"),
    ("ows_desktop.itemmodels.tickets", "TicketTableModel.refresh"),
    ("ows_desktop.itemmodels.tickets", "TicketTableModel.apply_listing"),
    ("ows_desktop.itemmodels.tickets", "TicketTableModel.fetchMore"),
    ("ows_desktop.itemmodels.tickets", "TicketTableModel._entry_for"),
    ("ows_desktop.itemmodels.tickets", "insertion_plan"),
    ("ows_desktop.store.reader", "TicketReader.ids"),
    ("ows_desktop.store.reader", "TicketReader.rows"),
    ("ows_desktop.store.reader", "TicketReader.ticket"),
    ("ows_desktop.store.camera_sql", "SqliteMappingRows.mapping"),
)


def _spans() -> list[tuple[Any, str]]:
    found = []
    for module_name, path in SPANS:
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        *classes, name = path.split(".")
        for cls in classes:
            owner = getattr(owner, cls, None)
        if owner is not None and hasattr(owner, name):
            found.append((owner, name))
    return found


class Spans:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.cpu: dict[str, list[float]] = defaultdict(list)

    def install(self) -> None:
        gc.callbacks.append(self._gc)
        for cls, name in _spans():
            original = getattr(cls, name, None)
            if original is None:
                continue
            owner = getattr(cls, "__name__", "?").rpartition(".")[2]
            setattr(cls, name, self._wrap(f"{owner}.{name}", original))

    def reset(self) -> None:
        """Forget what was timed so far (the bench's measured part starts)."""
        for values in (*self.times.values(), *self.cpu.values()):
            values.clear()

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        """Python's garbage collector: one span per collection, by generation (it pauses every thread)."""
        if phase == "start":
            self._gc_started = (time.perf_counter(), time.thread_time())
        elif hasattr(self, "_gc_started"):
            t0, c0 = self._gc_started
            label = f"gc.collect(generation {info.get('generation')})"
            self.times[label].append((time.perf_counter() - t0) * 1000)
            self.cpu[label].append((time.thread_time() - c0) * 1000)

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
        oldest = gc.get_objects(generation=2)
        kinds = Counter(type(o).__name__ for o in oldest).most_common(6)
        lines.append(
            f"gc: {gc.get_freeze_count():,} objects frozen, {len(oldest):,} in the oldest generation: {kinds}"
        )
        return "\n".join(lines)
