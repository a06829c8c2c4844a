"""``ows-desktop sync --every 5m``: the headless sync service's command line (the loop is
:mod:`ows_desktop.sync.service`; each run is composed by :mod:`ows_desktop.sync.compose` as ``sync`` is).

Credentials come from the service account's keyring or its environment (``OWS_API_KEY``/``OWS_API_SECRET``,
``OWS_DESKTOP_STORE_PASSWORD``; systemd: a root-only ``EnvironmentFile``), never from argv. Logs go to
stderr (the journal under systemd) and the log file."""

from __future__ import annotations

import argparse
import signal
import threading
from datetime import datetime, timedelta
from typing import Any

from ows_desktop.cli.context import (
    CliContext,
    UsageError,
    credentials_for,
    open_client,
    open_store,
    resolve_base_url,
)


def add_service_options(p: Any) -> None:
    p.add_argument(
        "--every",
        metavar="INTERVAL",
        help="keep syncing to now on this schedule, 30s (the shortest) to 7d: 30s, 5m, 1h; the service",
    )
    p.add_argument(
        "--cycles", type=int, help="with --every: stop after this many runs (default: until SIGTERM)"
    )


def serve(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.basics.tenants import Tenant
    from ows_desktop.ows.timestamps import parse_cli_time
    from ows_desktop.sync.compose import SyncSettings, compose_sync
    from ows_desktop.sync.engine import SyncResult, incremental_start, now_utc
    from ows_desktop.sync.service import Cycle, SyncService, parse_every

    every = parse_every(args.every)
    if args.end:
        raise UsageError("The service syncs to now on every run; leave out --end.")
    if args.cycles is not None and args.cycles < 1:
        raise UsageError("--cycles must be at least 1.")
    first_start = parse_cli_time(args.start) if args.start else None
    if ctx.named_store() is not None:  # a team store: a login that does not sync is told before "started"
        from ows_desktop.store.scope import check_sync

        with open_store(ctx) as team_store:
            check_sync(team_store.scope())
    base_url = resolve_base_url(args, ctx)
    creds = credentials_for(base_url, ctx)
    sync_settings = SyncSettings.from_settings(ctx.settings(), workers=args.workers)
    overlap = timedelta(minutes=sync_settings.overlap_minutes)
    stop = threading.Event()

    def say(line: str) -> None:
        ctx.stderr.write(line + "\n")
        ctx.stderr.flush()

    def run(end: datetime) -> SyncResult:
        with open_client(base_url, creds, ctx) as client:
            store = open_store(ctx, Tenant.of(base_url, client.tickets_endpoint()))
            try:
                start = incremental_start(store, overlap=overlap, fallback=first_start, before=end)
                with compose_sync(
                    base_url,
                    creds,
                    store,
                    sync_settings,
                    cancel=stop,
                    retry=ctx.retry_policy,
                    client=client,
                    on_busy=lambda watch: say(watch.busy_line()),
                ) as sync:
                    return sync.run(start, end)
            finally:
                store.close()

    service = SyncService(
        Cycle(run),
        every,
        stop,
        now=ctx.now or now_utc,
        report=say,
        max_cycles=args.cycles,
        wait=ctx.service_wait,
    )
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        return service.serve()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
