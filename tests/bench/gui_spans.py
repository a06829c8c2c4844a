"""GUI-thread spans for ``bench_gui.py --spans``: wraps a few of the window's methods with a timer and reports
how long each call took (count, median, p95, max in ms), so a stall can be attributed to what the GUI thread
was doing. Only the bench imports this; the app is unchanged unless a bench asks for spans.

Every span, garbage collection and event delivered on the GUI thread is also kept on a timeline, so each long
heartbeat gap can be attributed (:meth:`Spans.attribute`): the GUI thread's CPU time inside the gap (work)
against its wall time (the rest is waiting for a core or for the GIL), the spans and collections that
overlapped it, and the events Qt delivered in it (an application event filter: their start times only)."""

from __future__ import annotations

import bisect
import functools
import gc
import importlib
import itertools
import statistics
import threading
import time
from collections import Counter, defaultdict
from typing import Any

from PySide6.QtCore import QEvent, QObject

SPANS = (  # module, then the class (or nothing: a module function) and the method; a missing one is skipped
    ("ows_desktop.ui.receipts_page", "ReceiptsPage.move"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage.refresh_now"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage.reload_choices"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage.show_ticket"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage._after_reset"),
    ("ows_desktop.ui.receipt_view", "ReceiptPanel.show_ticket"),
    ("ows_desktop.ui.receipt_view", "ReceiptPanel._render"),
    ("ows_desktop.ui.receipt_view", "render_receipt"),
    ("ows_desktop.ui.receipt_view", "ReceiptPanel.prepare"),
    ("ows_desktop.ui.receipt_ahead", "ReceiptLookahead._prepare"),
    ("ows_desktop.tasks.idle_collector", "IdleCollector.check"),
    ("ows_desktop.ui.live_refresh", "LiveRefresher._on_listing"),
    ("ows_desktop.ui.sync_controller", "SyncController._on_saved"),
    ("ows_desktop.ui.sync_controller", "SyncController.refresh_stats"),
    ("ows_desktop.ui.ticket_table", "TicketTable.paintEvent"),
    ("ows_desktop.ui.ticket_table", "TicketTable.scrollTo"),
    ("ows_desktop.ui.video_pane", "VideoPane.show_ticket"),
    ("ows_desktop.player.playback", "Playback._start"),
    ("ows_desktop.ui.sync_controller", "SyncController._on_finished"),
    ("ows_desktop.ui.sync_controller", "SyncController._on_progress"),
    ("ows_desktop.ui.sync_controller", "SyncController._show_progress"),
    ("ows_desktop.ui.exceptions_view", "ExceptionsView._loaded"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage._after_refresh"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage._show_count"),
    ("ows_desktop.ui.receipts_page", "ReceiptsPage._on_counted"),
    ("ows_desktop.ui.delegates", "ExceptionChipsDelegate.paint"),
    ("ows_desktop.ui.delegates", "StatusDelegate.paint"),
    ("ows_desktop.itemmodels.tickets", "TicketTableModel.refresh"),
    ("ows_desktop.itemmodels.tickets", "TicketTableModel.apply_listing"),
    ("ows_desktop.itemmodels.tickets", "TicketTableModel.fetchMore"),
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
        self.timeline: list[tuple[float, float, float, str, int]] = []  # start, end (s), cpu ms, label, depth
        self.events: list[tuple[float, int, str]] = []  # when (s), QEvent type, receiver class
        self._depth = 0
        self._events = _EventLog(self.events)

    def install(self) -> None:
        gc.callbacks.append(self._gc)
        self._events.install()
        for cls, name in _spans():
            original = getattr(cls, name, None)
            if original is None:
                continue
            owner = getattr(cls, "__name__", "?").rpartition(".")[2]
            label = f"{owner}.{name}"
            setattr(cls, name, self._wrap(label, original, _paint_extent if name == "paintEvent" else None))

    def reset(self) -> None:
        """Forget what was timed so far (the bench's measured part starts)."""
        for values in (*self.times.values(), *self.cpu.values()):
            values.clear()
        self.timeline.clear()
        self.events.clear()

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        """Python's garbage collector: one span per collection, by generation (it pauses every thread)."""
        if phase == "start":
            self._gc_started = (time.perf_counter(), time.thread_time())
        elif hasattr(self, "_gc_started"):
            t0, c0 = self._gc_started
            t1, cpu = time.perf_counter(), (time.thread_time() - c0) * 1000
            label = f"gc.collect(generation {info.get('generation')})"
            self.times[label].append((t1 - t0) * 1000)
            self.cpu[label].append(cpu)
            self.timeline.append((t0, t1, cpu, label, self._depth))

    def _wrap(self, label: str, original: Any, suffix: Any = None) -> Any:
        """``suffix(args)``: a word that splits the span by what the call was (a full or a partial paint)."""
        timeline = self.timeline
        gui = threading.main_thread()

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0, c0 = time.perf_counter(), time.thread_time()
            on_gui = threading.current_thread() is gui
            self._depth += on_gui
            try:
                return original(*args, **kwargs)
            finally:
                self._depth -= on_gui
                t1, c = time.perf_counter(), (time.thread_time() - c0) * 1000
                name = label if suffix is None else f"{label}[{suffix(args)}]"
                if not on_gui:
                    name = f"{name} (job thread)"
                self.times[name].append((t1 - t0) * 1000)
                self.cpu[name].append(c)
                timeline.append((t0, t1, c, name, self._depth if on_gui else -1))

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

    def attribute(
        self, ticks: list[tuple[float, float, float]], over_ms: float = 40.0, show: int = 20
    ) -> str:
        """Each heartbeat gap longer than ``over_ms`` with what ran inside it: those over 50 ms longest first, then
        the gaps in which the GUI thread worked longest. ``ticks``: (perf_counter s, GUI-thread thread_time s, GUI-thread
        time waiting on a run queue s) at each heartbeat; the rest of a gap the GUI thread was blocked (the
        interpreter lock, the X server's reply, a file lock). Top-level
        spans are named with their wall / CPU ms and where they started in the gap; the spans nested in them
        are summed by name; events are counted by type and receiver."""
        spans = sorted(self.timeline)
        span_starts = [span[0] for span in spans]
        longest = max((span[1] - span[0] for span in spans), default=0.0)
        events = self.events
        starts = [e[0] for e in events]
        gaps = [
            (t0, t1, (c1 - c0) * 1000, (w1 - w0) * 1000)
            for (t0, c0, w0), (t1, c1, w1) in itertools.pairwise(ticks)
            if (t1 - t0) * 1000 > over_ms
        ]
        every_cpu = sorted((c1 - c0) * 1000 for (_, c0, _), (_, c1, _) in itertools.pairwise(ticks))
        lines = [
            f"heartbeat gaps over {over_ms:.0f} ms: {len(gaps)}; GUI-thread CPU between two heartbeats: "
            f"max {every_cpu[-1] if every_cpu else 0:.1f} ms, over 30 ms {sum(c > 30 for c in every_cpu)} times"
        ]
        by_cause: Counter[str] = Counter()
        cpu_heavy = 0
        origin = ticks[0][0] if ticks else 0.0
        # Every gap over 50 ms (the goal) first, longest first, then the others in which the GUI thread worked
        # longest: a long gap with little GUI-thread CPU (waiting for a core or the interpreter lock) is shown too.
        order = sorted(gaps, key=lambda g: (-(g[1] - g[0]) if g[1] - g[0] > 0.05 else 0.0, -g[2]))
        for shown, (t0, t1, cpu, waited) in enumerate(order):
            first = bisect.bisect_left(span_starts, t0 - longest)  # spans that may still run at t0 on
            inside = [s for s in spans[first : bisect.bisect_left(span_starts, t1)] if s[1] > t0]
            top = [s for s in inside if s[4] == 0]
            inside = [s for s in inside if s[4] >= 0]  # GUI-thread spans only (a job's run alongside)
            main = max(top, key=lambda s: min(s[1], t1) - max(s[0], t0), default=None)
            by_cause[main[3] if main is not None else "(no span)"] += 1
            cpu_heavy += cpu >= 0.5 * (t1 - t0) * 1000
            if shown >= show:
                continue
            blocked = (t1 - t0) * 1000 - cpu - waited
            lines.append(
                f"  gap {(t1 - t0) * 1000:6.1f} ms at +{t0 - origin:7.2f} s, GUI-thread CPU {cpu:5.1f} ms, "
                f"waiting for a core {waited:5.1f} ms, blocked {blocked:5.1f} ms"
            )
            nested: dict[str, list[float]] = {}
            for s0, s1, scpu, label, depth in inside:
                if depth == 0:
                    lines.append(
                        f"      {label} {(s1 - s0) * 1000:.1f} ms (CPU {scpu:.1f}) at {(s0 - t0) * 1000:+.1f} ms"
                    )
                else:
                    total = nested.setdefault(label, [0, 0.0, 0.0])
                    total[0] += 1
                    total[1] += (s1 - s0) * 1000
                    total[2] += scpu
            if nested:
                lines.append(
                    "        inside: "
                    + ", ".join(f"{k} ×{n:.0f} {w:.1f} ms (CPU {c:.1f})" for k, (n, w, c) in nested.items())
                )
            lo, hi = bisect.bisect_left(starts, t0), bisect.bisect_right(starts, t1)
            kinds = Counter(f"{_event_name(kind)}→{receiver}" for _, kind, receiver in events[lo:hi])
            if kinds:
                lines.append("      events: " + ", ".join(f"{k} ×{n}" for k, n in kinds.most_common(8)))
        lines.append(
            f"  by the longest top-level span in the gap: {dict(by_cause.most_common())}; "
            f"{cpu_heavy} of {len(gaps)} gaps had the GUI thread on a core at least half of the time"
        )
        return "\n".join(lines)


def _paint_extent(args: tuple[Any, ...]) -> str:
    """'full' when a paint event covers (nearly) the whole viewport, else the number of rects and height."""
    view, event = args[0], args[1]
    region, height = event.region(), view.viewport().height()
    painted = sum(rect.height() for rect in region)
    return "full" if painted >= 0.9 * height else "part"


def _event_name(kind: int) -> str:
    try:
        return QEvent.Type(kind).name
    except ValueError:
        return str(kind)


class _EventLog(QObject):
    """An application event filter noting when each event reaches a GUI-thread object (type, receiver)."""

    def __init__(self, events: list[tuple[float, int, str]]):
        super().__init__()
        self._events = events

    def install(self) -> None:
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        self._events.append((time.perf_counter(), int(event.type().value), type(watched).__name__))
        return False
