"""``ows-desktop export``: flagged tickets or a search as an evidence folder (CSV, JSON or a PDF case report),
with the chain of custody and a manifest. The PDF writer is the one core module that uses Qt."""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ows_desktop.basics.english import counted, verb
from ows_desktop.cli import checks, ticket_filters
from ows_desktop.cli.context import (
    BASE_URL_ENV,
    EXIT_OK,
    CliContext,
    UsageError,
    default_camera_secrets,
    manifest_signer,
    open_store,
    parse_state,
    print_json,
    rule_config,
)
from ows_desktop.cli.progress_lines import ProgressLine
from ows_desktop.cli.ticket_times import FORMS, add_days_option, store_days, ticket_span

if TYPE_CHECKING:
    from ows_desktop.export import ExportResult, Selection
    from ows_desktop.store.interface import MappingStore


def add_commands(sub: Any) -> None:
    from ows_desktop.export import FORMATS
    from ows_desktop.store.review import STATES

    states = ", ".join(s.replace("_", " ") for s in STATES)
    p = sub.add_parser(
        "export",
        help="export flagged tickets or a search as evidence (CSV, JSON or PDF case report)",
        description="Write an evidence folder: the tickets in the chosen format, export.json (chain of custody) "
        "and MANIFEST.sha256 (verify with 'sha256sum -c MANIFEST.sha256'). The folder must be new or empty; "
        "a failed export leaves nothing behind.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--flagged", action="store_true", help="every flagged ticket (narrow with --reason/--state)"
    )
    what.add_argument(
        "--query",
        metavar="Q",
        help="tickets matching this search (as 'search' takes; '' = all those the filters below keep)",
    )
    what.add_argument("--all", action="store_true", help="every ticket in the cache")
    p.add_argument("--format", required=True, choices=list(FORMATS))
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to create")
    p.add_argument("--reason", action="append", default=[], help="flag reason (repeatable)")
    p.add_argument("--state", action="append", default=[], help=f"review state: {states} (repeatable)")
    ticket_filters.add_options(p)
    p.add_argument("--from", dest="start", help=f"ticket time from: {FORMS}")
    p.add_argument("--to", dest="end", help="ticket time up to (excluded; a date: that day included)")
    add_days_option(p)
    p.add_argument(
        "--investigator",
        help="name on the report (default: your login on a team store, else your OS user name)",
    )
    p.add_argument("--title", help="case title on the report")
    p.add_argument(
        "--page-size",
        choices=["letter", "a4"],
        help="PDF paper (default: Preferences ▸ Evidence, else letter)",
    )
    add_video_options(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_export)


def add_video_options(p: Any) -> None:
    """``--clips``, ``--pre-roll``, ``--post-roll``, ``--progress`` and ``--despite-broken-audit``
    (``export`` and ``case export``)."""
    from ows_desktop.basics.settings import ROLL_SECONDS

    low, high = ROLL_SECONDS
    p.add_argument(
        "--despite-broken-audit",
        action="store_true",
        help="export even when audit entries of the tickets fail their integrity check (changed outside OWS "
        "Desktop), marked as failing on the PDF's cover and exhibits, in the CSV/JSON and export.json; without "
        "it such an export is refused (exit 5, nothing written)",
    )
    p.add_argument(
        "--clips",
        choices=["all", "primary", "none"],
        help="video clips of each ticket: every mapped camera (up to 4), the primary one, or none "
        "(default: Preferences ▸ Evidence, else all)",
    )
    p.add_argument(
        "--pre-roll",
        type=float,
        metavar="S",
        help=f"seconds of video before a ticket, {low} to {high} (default: Preferences ▸ Video, as the "
        "window's exports)",
    )
    p.add_argument(
        "--post-roll",
        type=float,
        metavar="S",
        help=f"seconds of video after a ticket, {low} to {high} (default: Preferences ▸ Video, as the "
        "window's exports)",
    )
    p.add_argument(
        "--progress",
        action="store_true",
        help="print a count as tickets are exported: on a terminal one line redrawn (always), elsewhere a line "
        "at most every 5 s and the last",
    )


def export_secrets(ctx: CliContext, store: MappingStore | None = None) -> set[str]:
    """Values that must never appear in an export: the API key and secret (environment, keyring entry of
    the configured base URL, anything the CLI already learned) and the cameras' passwords."""
    from ows_desktop.basics.credentials import CredentialError, credentials_from_env

    values: set[str] = set(ctx.secrets)
    env = credentials_from_env(ctx.env)
    if env is not None:
        values.update((env.key, env.secret))
    urls = {ctx.env.get(BASE_URL_ENV) or ""}
    with contextlib.suppress(Exception):  # unreadable settings: no stored URL whose key to protect
        urls.add(str(ctx.settings().get("connection/base_url") or ""))
    for url in filter(None, urls):
        try:
            creds = ctx.credentials.get(url)
        except CredentialError:
            continue
        if creds is not None:
            values.update((creds.key, creds.secret))
    if store is not None:
        values.update(camera_passwords(ctx, store))
    return {v for v in values if v}


def camera_passwords(ctx: CliContext, store: MappingStore) -> set[str]:
    from ows_desktop.basics.credentials import CredentialError
    from ows_desktop.store.cameras import CameraRepository

    secrets = default_camera_secrets(ctx)
    found: set[str] = set()
    for camera in CameraRepository(store, secrets).cameras():
        if camera.has_password:
            try:
                password = secrets.get(camera.id)
            except CredentialError:
                continue  # unreadable now: it cannot be written into the export either
            if password:
                found.add(password)
    return found


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.export import Selection
    from ows_desktop.store import TicketQuery
    from ows_desktop.store.review import normalise_reason

    checks.one_line("--title", args.title)
    states = tuple(s for s in (parse_state(v) for v in args.state) if s)
    reasons = tuple(r for r in (normalise_reason(v) for v in args.reason) if r)
    ticket_filters.exception_rules(args.exception)  # refused before anything is opened
    span = ticket_span("export", args.start, args.end, by_store=store_days(ctx, args.days))
    filters: dict[str, Any] = {
        **ticket_filters.checked_in_store(args, ctx).query_fields(),
        "start": span.start,
        "end": span.end,
        "store_days": span.days,
    }
    if args.flagged:
        selection = Selection.flagged(reasons, states)
        if any(filters.values()):
            from dataclasses import replace

            selection = Selection.of_query(replace(selection.query, **filters))
            selection = Selection("flagged", selection.query, selection.description)
    else:
        text = "" if args.all else args.query or ""
        if not (args.all or text.strip() or reasons or states or any(filters.values())):
            raise UsageError(
                "An empty --query with no filter would export every ticket in the cache: narrow it "
                "(--from/--to, --location, --exception...), or pass --all to mean every ticket."
            )
        query = TicketQuery(text=text, flag_reasons=reasons, review_states=states, **filters)
        selection = Selection.of_query(query)
    result = run_export(
        ctx, selection, args.format, args.out, args.investigator, args.title, args.page_size, video=args
    )
    print_result(ctx, result, as_json=args.json)
    span.say(ctx.stdout, ctx.stderr, as_json=args.json)
    return EXIT_OK


def run_export(
    ctx: CliContext,
    selection: Selection,
    fmt: str,
    out: str,
    investigator: str | None,
    title: str | None,
    page_size: str | None,
    video: Any = None,
) -> ExportResult:
    """Export ``selection`` with the camera snapshots and clips, signed and audited (``export`` and ``case
    export``). ``video``: the parsed ``--clips/--pre-roll/--post-roll/--progress`` options. Ctrl-C cancels:
    the export stops after the current clip and leaves nothing behind (ExportCancelled)."""
    from ows_desktop.export import export_tickets
    from ows_desktop.export.folders import ExportFolders
    from ows_desktop.store.scope import check_export, login_of

    check_rolls(video)
    checks.one_line("--investigator", investigator)
    config = rule_config(ctx)
    settings = ctx.settings()  # Preferences ▸ Evidence: the window's export reads the same keys
    page_size = page_size or str(settings.get("export/page_size"))
    store = open_store(ctx)
    snapshots = clips = cutter = None
    cancel = threading.Event()
    # no --clips: Preferences ▸ Evidence ▸ Include video clips (the window's export reads it too)
    clip_mode = getattr(video, "clips", "none") or str(settings.get("export/clips"))
    asked = bool(getattr(video, "progress", False))  # a terminal shows it anyway, one line redrawn
    tickets_line = ProgressLine(ctx.stderr, asked=asked)
    pages_line = ProgressLine(ctx.stderr, asked=asked)
    try:
        scope = store.scope()
        check_export(scope)
        # on the team store the report names the database login that exports (what the audit entry records)
        investigator = investigator or login_of(scope)
        from ows_desktop.player.clip_cutter import export_clip_source
        from ows_desktop.player.evidence import export_snapshot_provider

        secrets = export_secrets(ctx, store)
        provider = None
        if settings.get("export/include_snapshots"):
            provider, snapshots = export_snapshot_provider(
                store, default_camera_secrets(ctx), ctx.paths.snapshots_dir
            )
        if clip_mode != "none":
            clips, cutter = export_clip_source(
                store,
                default_camera_secrets(ctx),
                preroll_s=_seconds(video.pre_roll, settings.get("player/preroll_seconds")),
                postroll_s=_seconds(video.post_roll, settings.get("player/postroll_seconds")),
                max_cameras=1 if clip_mode == "primary" else 4,
            )

        def progress(done: int, total: int) -> None:
            tickets_line.show(f"Exported {done:,} of {total:,} tickets", last=done >= total)

        def page_progress(done: int, total: int) -> None:  # a PDF, after its tickets: its pages drawn
            tickets_line.close()
            pages_line.show(f"Wrote page {done:,} of {total:,} of the PDF report", last=done >= total)

        with store.reader() as reader, _cancel_on_interrupt(cancel):
            result = export_tickets(
                reader,
                selection,
                fmt,
                out,
                investigator=investigator,
                case_title=title,
                secrets=secrets,
                snapshot_provider=provider,
                config=config,
                page_size=page_size,
                signer=manifest_signer(ctx),
                audit_log=store.audit,
                local_folders=ExportFolders(ctx.paths.export_folders),  # the whole path, on this workstation
                clip_source=clips,
                progress=progress,
                page_progress=page_progress,
                cancel=cancel,
                despite_broken_audit=bool(getattr(video, "despite_broken_audit", False)),
            )
    finally:
        tickets_line.close()  # its last state, and a terminal's line ended before anything else is said
        pages_line.close()
        for closing in (clips, cutter, snapshots):
            if closing is not None:
                closing.close()
        store.close()
    return result


def _missing_line(what: str, missing: Sequence[Mapping[str, Any]]) -> str:
    """``what`` and up to three of the causes, one line: "3 clips are missing (listed in export.json): No
    camera is mapped to register R1 of store S1; the recorder refused the password; and 2 other reasons"."""
    causes = sorted({str(m["error"]).rstrip(".") for m in missing})
    more = len(causes) - 3
    rest = f"; and {counted(more, 'other reason')}" if more > 0 else ""
    return f"{what} (listed in export.json): " + "; ".join(causes[:3]) + rest + "\n"


def check_rolls(video: Any) -> None:
    """Refuse ``--pre-roll``/``--post-roll`` outside what Preferences ▸ Video allows (``nan``, ``inf``,
    ``-5``): exit 2 before anything is opened, rather than an export whose every clip is missing."""
    from ows_desktop.basics.settings import ROLL_SECONDS

    for option in ("pre_roll", "post_roll"):
        value = getattr(video, option, None)
        checks.number_within(f"--{option.replace('_', '-')}", value, *ROLL_SECONDS, unit=" seconds")


def _seconds(given: float | None, preference: Any) -> float:
    """``--pre-roll``/``--post-roll`` when given (checked by :func:`check_rolls`), else the Preferences' value
    (the window's exports use it)."""
    return float(given) if given is not None else float(preference)


@contextlib.contextmanager
def _cancel_on_interrupt(cancel: threading.Event) -> Iterator[None]:
    """Ctrl-C (SIGINT) sets ``cancel`` instead of interrupting wherever the export is: it stops between two
    clips and removes what it wrote. A second Ctrl-C interrupts at once (also cleaned up)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_interrupt(signum: int, frame: Any) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# where each format marks tickets whose audit entries fail their check (export/audit_check.py), before
# export.json's list: a CSV has no PDF to mark
MARKED_IN = {
    "pdf": "case-report.pdf's cover and affected exhibits, tickets.json's audit_entries_failing_chain; ",
    "csv": "tickets.csv's audit_check column; ",
    "json": "tickets.json's audit_entries_failing_chain; ",
}


def print_result(ctx: CliContext, result: ExportResult, *, as_json: bool) -> None:
    if result.audit_problem:
        ctx.stderr.write(f"ows-desktop: {result.audit_problem}\n")
    if result.audit_breaks:  # exported with --despite-broken-audit: said every time, marked in the folder
        ctx.stderr.write(
            f"ows-desktop: warning: the audit trail of {result.audit_breaks.describe()} failed its integrity "
            f"check; the export to {result.folder} is marked so ({MARKED_IN.get(result.format, '')}export.json's "
            "audit_failing_tickets).\n"
        )
    for refused in result.refused_snapshots:  # its file is not the picture taken: one line each, what to do
        ctx.stderr.write(f"ows-desktop: ticket {refused['ticket_id']}: {refused['error']}\n")
    if unhashed := result.unhashed_snapshots:  # exported, marked: one line naming them
        named = ", ".join(f"{s['file']} (ticket {s['ticket_id']})" for s in unhashed)
        ctx.stderr.write(
            f"ows-desktop: warning: no hash recorded for {counted(len(unhashed), 'snapshot')} (no SHA-256 and "
            "no audit-trail entry, as for one taken before OWS Desktop recorded them; that cannot be verified), "
            f"exported marked so: they cannot be shown to be the pictures taken: {named}\n"
        )
    if as_json:
        print_json(
            {
                "folder": str(result.folder),
                "case_id": result.case_id,
                "format": result.format,
                "tickets": result.tickets,
                "files": [{"path": f.path, "sha256": f.sha256, "bytes": f.bytes} for f in result.files],
                "seconds": round(result.seconds, 3),
                "manifest_sha256": result.manifest_sha256,
                "key_fingerprint": result.key_fingerprint,
                "audit_recorded": result.audit_problem is None,
                "audit_failing_tickets": [trail.to_json() for trail in result.audit_breaks.trails],
                "refused_snapshots": list(result.refused_snapshots),
                "unhashed_snapshots": list(result.unhashed_snapshots),
            },
            ctx.stdout,
        )
    else:
        ctx.stdout.write(
            f"Exported {counted(result.tickets, 'ticket')} as {result.format.upper()} to {result.folder} "
            f"(export {result.case_id}, {len(result.files)} files, {result.seconds:.1f} s). "
            f"Signed with key {result.key_fingerprint}. Verify with: ows-desktop verify {result.folder}\n"
        )
        if result.clips or result.missing_clips:
            ctx.stdout.write(f"{counted(result.clips, 'video clip')} saved.\n")
        clips, snapshots = len(result.missing_clips), len(result.missing_snapshots)
        if clips:
            what = f"{counted(clips, 'clip')} {verb(clips, 'is', 'are')} missing"
            ctx.stdout.write(_missing_line(what, result.missing_clips))
        if snapshots:
            what = f"{counted(snapshots, 'ticket')} {verb(snapshots, 'has', 'have')} no camera snapshot"
            ctx.stdout.write(_missing_line(what, result.missing_snapshots))
