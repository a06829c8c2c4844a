"""``ows-desktop sync`` (tickets from OWS into the local cache, then the exception rules) and ``search``
(the local cache, full text and filters)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TextIO

from ows_desktop.basics.english import counted
from ows_desktop.cli import checks, ticket_filters
from ows_desktop.cli.context import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    CliContext,
    UsageError,
    add_base_url_option,
    credentials_for,
    open_client,
    open_store,
    print_json,
    resolve_base_url,
)
from ows_desktop.cli.progress_lines import ProgressLine
from ows_desktop.cli.sync_service import add_service_options, serve
from ows_desktop.cli.ticket_times import FORMS, add_days_option, store_days, ticket_span


def add_commands(sub: Any) -> None:
    p = sub.add_parser("sync", help="fetch tickets persisted in a time range into the local cache")
    add_base_url_option(p)
    p.add_argument(
        "--start",
        help="ISO 8601 with offset or Z, or epoch microseconds "
        "(default: continue from the last completed sync, minus a safety overlap)",
    )
    p.add_argument("--end", help="same forms (default: now)")
    p.add_argument("--workers", type=int, default=None, help="concurrent cursors (default 4)")
    p.add_argument("--json", action="store_true", help="print one JSON object with the totals")
    p.add_argument(
        "--progress",
        action="store_true",
        help="show the progress on stderr: on a terminal a bar (always), elsewhere a line at most every 5 s "
        "and the last",
    )
    add_service_options(p)
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("search", help="search the local cache (full text + filters)")
    add_base_url_option(p)  # whose cache: one per OWS tenant (default: the last login or sync)
    p.add_argument(  # several words, quoted or not: `search E1014 coke` as `search "E1014 coke"`
        "query",
        nargs="*",
        default=[],
        metavar="WORDS",
        help="words to find, quoted or not (prefixes match; an employee ID in any case); none = all",
    )
    p.add_argument("--limit", type=int, default=50, help="how many tickets (0 = all; default 50)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    ticket_filters.add_options(p)
    p.add_argument(
        "--status",
        action="append",
        default=[],
        help="repeatable, e.g. void, refund, no_sale (any case; 'No sale' is no_sale)",
    )
    p.add_argument("--min-total", type=float)
    p.add_argument("--max-total", type=float)
    p.add_argument("--from", dest="start", help=f"ticket start time from: {FORMS}")
    p.add_argument("--to", dest="end", help="ticket start time up to (excluded; a date: that day included)")
    add_days_option(p)
    p.add_argument("--flagged", action="store_true", help="only flagged tickets")
    p.add_argument(
        "--sort",
        default="start",
        choices=["start", "location", "terminal", "operator", "status", "items", "total"],
    )
    p.add_argument("--ascending", action="store_true", help="oldest / smallest first")
    p.set_defaults(func=cmd_search)


class _ProgressBar:
    """The sync's progress as a bar with its counts (:class:`ProgressLine`: one line redrawn on a terminal; a
    line at most every 5 s with ``--progress`` elsewhere)."""

    WIDTH = 28

    def __init__(self, out: TextIO, *, asked: bool):
        self._line = ProgressLine(out, asked=asked)

    def __call__(self, p) -> None:
        filled = int(self.WIDTH * p.fraction)
        eta = (
            "--:--"
            if p.eta_seconds is None
            else f"{int(p.eta_seconds) // 60:d}:{int(p.eta_seconds) % 60:02d}"
        )
        self._line.show(
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {p.fraction:4.0%}  {p.tickets:,} tickets  "
            f"{p.pages:,} pages  {p.rate:,.0f}/s  ETA {eta}"
        )  # its last state shown by close(): a sync reports 100% more than once (its pages, then its rules)

    def close(self) -> None:
        self._line.close()


def cmd_sync(args: argparse.Namespace, ctx: CliContext) -> int:
    import signal
    import threading
    from datetime import timedelta

    from ows_desktop.basics.tenants import Tenant
    from ows_desktop.ows.timestamps import format_iso_utc, parse_cli_time
    from ows_desktop.store.scope import check_sync
    from ows_desktop.sync.compose import SyncSettings, compose_sync
    from ows_desktop.sync.engine import SyncCancelled, check_sync_range, incremental_start, now_utc

    if args.every or args.cycles is not None:
        if not args.every:
            raise UsageError("--cycles needs --every INTERVAL.")
        if args.progress:
            raise UsageError(
                "--progress shows one sync's progress; the service (--every) logs a line per run."
            )
        return serve(args, ctx)
    settings = ctx.settings()
    end = parse_cli_time(args.end) if args.end else now_utc()
    explicit_start = parse_cli_time(args.start) if args.start else None
    if explicit_start is not None:
        check_sync_range(explicit_start, end)  # bad input is refused before any request
    base_url = resolve_base_url(args, ctx)
    creds = credentials_for(base_url, ctx)
    sync_settings = SyncSettings.from_settings(settings, workers=args.workers)
    overlap = timedelta(minutes=sync_settings.overlap_minutes)
    cancel = threading.Event()
    bar = _ProgressBar(ctx.stderr, asked=args.progress)
    with open_client(base_url, creds, ctx) as client:
        # One cache per tenant: the tenant this key reaches picks the cache (asked once; the sync reuses it).
        tenant = Tenant.of(base_url, client.tickets_endpoint())
        store = open_store(ctx, tenant)
        try:
            check_sync(store.scope())  # a team-store login that does not sync: told before anything else
            start = explicit_start or incremental_start(store, overlap=overlap, fallback=None, before=end)
            previous = None
            if threading.current_thread() is threading.main_thread():
                previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
            try:
                with compose_sync(
                    base_url,
                    creds,
                    store,
                    sync_settings,
                    on_progress=bar,
                    cancel=cancel,
                    retry=ctx.retry_policy,
                    client=client,
                    on_busy=lambda watch: _line(ctx.stderr, watch.busy_line()),
                    on_watch=lambda watch: _line(ctx.stderr, watch.progress_line()),
                    # later commands (and the window) work on this connection, saved once the sync is
                    # accepted: a refused one (role, tenant, range) leaves the saved connection as it was
                    on_accepted=lambda: settings.set("connection/base_url", base_url),
                ) as sync:
                    result = sync.run(start, end)  # then the rules, for the tickets of the last pages
            except SyncCancelled as exc:
                bar.close()
                ctx.stderr.write(f"{exc}\n")
                return EXIT_INTERRUPTED
            finally:
                bar.close()  # its last state; a terminal's line ended before an error is said below it
                if previous is not None:
                    signal.signal(signal.SIGINT, previous)
            p = result.progress
            summary = {
                "start": format_iso_utc(result.start),
                "end": format_iso_utc(result.end),
                "tickets": p.tickets,
                "new_tickets": p.new_tickets,
                "pages": p.pages,
                "empty_pages": p.empty_pages,
                "retries": p.retries,
                "windows": p.windows_total,
                "resumed_windows": result.resumed_windows,
                "skipped_windows": result.skipped_windows,
                "elapsed_seconds": round(p.elapsed, 3),
                "stored_tickets": (stored := _count_all(store)),
                "tenant": tenant.tickets_endpoint,
            }
            if args.json:
                print_json(summary, ctx.stdout)
            else:
                team = getattr(getattr(store, "location", None), "place", None)  # host:port/db, no secret
                where = f"the team store at {team}" if team else "this tenant's cache"
                ctx.stdout.write(
                    f"Synced {summary['start']} → {summary['end']} from {tenant.label}: "
                    f"{counted(p.tickets, 'ticket')} ({p.new_tickets:,} new) in {counted(p.pages, 'page')} "
                    f"({p.empty_pages:,} empty), {counted(p.retries, 'retry', 'retries')}, {p.elapsed:.1f} s. "
                    f"{counted(stored, 'ticket')} in {where}.\n"
                )
                if result.end < end:
                    ctx.stdout.write("The range's end is in the future: synced up to now.\n")
            return EXIT_OK
        finally:
            store.close()


def _line(out: TextIO, text: str) -> None:
    """One line for a person (another workstation's sync being watched), flushed at once."""
    out.write(text + "\n")
    out.flush()


def _count_all(store) -> int:
    from ows_desktop.store import TicketQuery

    with store.reader() as reader:
        return reader.count(TicketQuery())


def ticket_row_json(row) -> dict[str, Any]:
    """A ticket of ``search --json``: ``start`` in UTC (as before), and its store's time with the fields and
    forms of the export's tickets.json (``start_store_time``, ``local_utc_offset_minutes``)."""
    from ows_desktop.basics.store_time import store_time_text
    from ows_desktop.export.formatting import iso_utc  # to the millisecond, as the exports: sorts as text

    return {
        "id": row.id or row.key,
        "key": row.key,
        "location": row.location,
        "terminal": row.terminal,
        "operator": row.operator,
        "operator_id": row.operator_id,
        "start": iso_utc(row.start) if row.start else None,
        "start_store_time": store_time_text(row.start, row.utc_offset_min) or None,
        "local_utc_offset_minutes": row.utc_offset_min,  # null: the store's zone is not known
        "total": row.total,
        "status": row.status,
        "items": row.line_count,
        "flagged": bool(row.flagged),
        "has_void": bool(row.has_void),
        "has_refund": bool(row.has_refund),
        "is_no_sale": bool(row.is_no_sale),
        "discount_total": row.discount_total,
        "exceptions": list(row.exceptions),
    }


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store import TicketQuery
    from ows_desktop.store.scope import check_flags

    checks.limit(args.limit)
    checks.total_range(args.min_total, args.max_total)
    ticket_filters.exception_rules(args.exception)  # refused before anything is opened
    by_store = store_days(ctx, args.days)
    span = ticket_span("search", args.start, args.end, by_store=by_store)
    query = TicketQuery(
        text=" ".join(args.query),
        start=span.start,
        end=span.end,
        store_days=span.days,
        min_total=args.min_total,
        max_total=args.max_total,
        flagged=True if args.flagged else None,
        sort=args.sort,
        descending=not args.ascending,
    )
    with open_store(ctx) as store:
        check_flags(store.scope())  # every row carries its flag: a sync login never reads them (its words)
        return _search(args, ctx, store, query, span, by_store)


def _search(
    args: argparse.Namespace, ctx: CliContext, store: Any, query: Any, span: Any, by_store: Any
) -> int:
    with store.reader() as reader:
        filters = ticket_filters.checked(args, reader, store.scope())
        query = replace(query, statuses=_statuses(reader, args.status), **filters.query_fields())
        if filters.note:  # row-level security hides those stores as if they had no tickets: said (stderr)
            ctx.stderr.write(filters.note + "\n")
        rows = []
        for row in reader.iter_rows(query):
            rows.append(row)
            if args.limit and len(rows) >= args.limit:
                break
        if args.json:
            span.say(ctx.stdout, ctx.stderr, as_json=True)
            print_json([ticket_row_json(r) for r in rows], ctx.stdout)
            return EXIT_OK
        from ows_desktop.basics.store_time import compact_time_text, shown_offset
        from ows_desktop.rules.ticket_marks import mark_letters

        # each time as the window's list shows it: the store's (this workstation's with --days workstation)
        for r in rows:
            shown = shown_offset(r.start, r.utc_offset_min, not by_store)
            marks = mark_letters(r)  # the letters of the window's chips: V R N D F E
            total = "" if r.total is None else f"{r.total:10.2f}"
            ctx.stdout.write(
                f"{compact_time_text(r.start, shown) or '-':<26} {r.location or '-':<8} "
                f"{r.terminal or '-':<10} {_operator(r):<26} {r.status or '-':<10} "
                f"{total:>10} {marks:<6} {r.id or r.key}\n"
            )
        span.say(ctx.stdout, ctx.stderr, as_json=False)
        ctx.stdout.write(f"{len(rows)} of {reader.count(query)} matching tickets\n")
        return EXIT_OK


def _statuses(reader: Any, asked: Sequence[str]) -> tuple[str, ...]:
    """The statuses as stored that ``--status`` names, whatever its case and spacing (``Refund``, the
    window's word, is ``refund``; ``No sale`` is ``no_sale``). One neither OWS documents nor any ticket in the
    cache has is a typo: said, not answered with "0 matching tickets" (a POS may write its own)."""
    from ows_desktop.basics.text_marks import mark_name
    from ows_desktop.ows.model import STATUS_WORDS

    if not asked:
        return ()
    stored = reader.distinct_values("status")
    found: dict[str, None] = {}
    unknown = []
    for status in asked:
        same = [s for s in (*STATUS_WORDS, *stored) if _folded(s) == _folded(status)]
        found.update(dict.fromkeys(same or [status]))
        if not same:
            unknown.append(status)
    if unknown:
        raise UsageError(
            f"No ticket in the cache has the status {', '.join(map(repr, unknown))}: the statuses here are "
            f"{', '.join(map(mark_name, stored)) or 'none yet'}."
        )
    return tuple(found)


def _folded(status: str) -> str:
    return status.strip().casefold().replace("-", "_").replace(" ", "_")


def _operator(row: Any) -> str:
    """The operator column: the name (cut to 18 characters) and the employee ID, whole: names repeat across
    stores, the ID says who; ``(no employee ID)`` when the ticket has none."""
    from ows_desktop.store.operators import operator_text

    return operator_text((row.operator or "")[:18] or None, row.operator_id)
