"""The investigator commands of ``ows-desktop``: flag, unflag, review, rules, exceptions, export.

``cli.build_parser`` registers them with :func:`add_review_commands`; each command is ``(args, ctx) -> int``
with ``ctx`` a :class:`~ows_desktop.cli.CliContext`, and raises errors carrying ``exit_code`` (2 for a bad
ticket id or target folder) for ``cli.main`` to print as one line."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from typing import Any

from ows_desktop.cli import EXIT_OK, CliContext, UsageError


def add_review_commands(sub: Any) -> None:
    """Add the review commands to ``ows-desktop``'s sub-parsers (``parser.add_subparsers()``'s result)."""
    from ows_desktop.export import FORMATS
    from ows_desktop.store.review import REASONS, STATES

    states = ", ".join(s.replace("_", " ") for s in STATES)
    p = sub.add_parser(
        "flag",
        help="flag a ticket for investigation (or change its flag / add a note)",
        description="Flag a ticket, or change the reason or review state of a flagged one, or add a note. "
        "Every change is recorded in the audit trail with your OS user name.",
    )
    p.add_argument("ticket", metavar="TICKET_ID", help="the ticket's id (or key)")
    p.add_argument("--reason", help=f"one of: {', '.join(REASONS)}; or your own words")
    p.add_argument("--note", help="a note to add (notes are never edited; add another to correct one)")
    p.add_argument("--state", help=f"review state: {states} (default for a new flag: to review)")
    p.add_argument("--json", action="store_true", help="print the ticket's review as JSON")
    p.set_defaults(func=cmd_flag)

    p = sub.add_parser("unflag", help="remove a ticket's flag (its notes and audit trail stay)")
    p.add_argument("ticket", metavar="TICKET_ID", help="the ticket's id (or key)")
    p.add_argument("--note", help="why the flag is removed (added as a note)")
    p.set_defaults(func=cmd_unflag)

    p = sub.add_parser("review", help="show a ticket's flag, notes, audit trail and exceptions")
    p.add_argument("ticket", metavar="TICKET_ID", help="the ticket's id (or key)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("rules", help="run the exception rules over the whole cache, or list them")
    p.add_argument("--list", action="store_true", help="list the rules with their settings keys and values")
    p.add_argument("--pending", action="store_true", help="only the tickets stored since the last run")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("exceptions", help="rank operators or registers by weighted exception counts")
    p.add_argument("--from", dest="start", help="ticket time from (ISO 8601 with offset, or epoch µs)")
    p.add_argument("--to", dest="end", help="ticket time up to (exclusive)")
    p.add_argument("--by", choices=["operator", "terminal"], default="operator")
    p.add_argument("--limit", type=int, default=20, help="rows to show (0 = all)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_exceptions)

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
        "--query", metavar="Q", help="tickets matching this search (as 'search' takes; '' = all)"
    )
    p.add_argument("--format", required=True, choices=list(FORMATS))
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to create")
    p.add_argument("--reason", action="append", default=[], help="flag reason (repeatable)")
    p.add_argument("--state", action="append", default=[], help=f"review state: {states} (repeatable)")
    p.add_argument("--exception", action="append", default=[], help="exception rule id (repeatable)")
    p.add_argument("--location", action="append", default=[], help="repeatable")
    p.add_argument("--terminal", action="append", default=[], help="repeatable")
    p.add_argument("--operator", action="append", default=[], help="repeatable")
    p.add_argument("--from", dest="start", help="ticket time from (ISO 8601 with offset, or epoch µs)")
    p.add_argument("--to", dest="end", help="ticket time up to (exclusive)")
    p.add_argument("--investigator", help="name on the report (default: your OS user name)")
    p.add_argument("--title", help="case title on the report")
    p.add_argument("--page-size", choices=["letter", "a4"], default="letter")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_export)


# -- commands -------------------------------------------------------------------------------------------------


def _open(ctx: CliContext):
    from ows_desktop.store import open_store

    return open_store(ctx.paths.database)


def _state(value: str | None) -> str | None:
    from ows_desktop.store.review import normalise_state

    if value is None:
        return None
    try:
        return normalise_state(value)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def cmd_flag(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store import review

    state = _state(args.state)
    if args.note is not None and not args.note.strip():
        raise UsageError("--note needs some text.")
    store = _open(ctx)
    try:
        with store.reader() as reader:
            key = review.find_ticket_key(reader, args.ticket)
        change = review.flag_ticket(
            store,
            key,
            reason=review.KEEP if args.reason is None else args.reason,
            state=review.KEEP if state is None else state,
            note=args.note,
        )
        with store.reader() as reader:
            current = review.review_of(reader, key)
    finally:
        store.close()
    if args.json:
        _print(review_json(current), ctx)
        return EXIT_OK
    flag = change.flag
    assert flag is not None
    what = "Flagged" if any(e.action == review.ACTION_FLAG for e in change.entries) else "Updated"
    if not change.changed:
        what = "Unchanged"
    ctx.stdout.write(
        f"{what} {args.ticket}: reason {review.reason_label(flag.reason)}, state {flag.state_label}"
        + (f"; note added ({len(current.notes)} notes)" if args.note else "")
        + ".\n"
    )
    return EXIT_OK


def cmd_unflag(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store import review

    if args.note is not None and not args.note.strip():
        raise UsageError("--note needs some text.")
    store = _open(ctx)
    try:
        with store.reader() as reader:
            key = review.find_ticket_key(reader, args.ticket)
        removed = review.unflag_ticket(store, key, note=args.note)
    finally:
        store.close()
    ctx.stdout.write(
        (f"Removed the flag of {args.ticket}" if removed else f"{args.ticket} was not flagged")
        + "; its notes and audit trail are kept.\n"
    )
    return EXIT_OK


def review_json(current: Any, exceptions: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    from ows_desktop.export.jsonout import audit_json
    from ows_desktop.ows.timestamps import format_iso_utc, from_epoch_us

    flag = current.flag
    return {
        "ticket_key": current.ticket_key,
        "flag": None
        if flag is None
        else {
            "reason": flag.reason,
            "state": flag.state,
            "flagged_at": format_iso_utc(from_epoch_us(flag.created_us)),
            "updated_at": format_iso_utc(from_epoch_us(flag.updated_us)),
        },
        "notes": [
            {"at": format_iso_utc(from_epoch_us(n.at_us)), "who": n.who, "text": n.note}
            for n in current.notes
        ],
        "audit": [audit_json(entry) for entry in current.audit],
        "exceptions": [{"rule": rule, "detail": detail} for rule, detail in exceptions],
    }


def cmd_review(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.ows.timestamps import format_iso_utc, from_epoch_us
    from ows_desktop.rules import RULES_BY_ID
    from ows_desktop.store import exceptions as exception_store
    from ows_desktop.store import review

    store = _open(ctx)
    try:
        with store.reader() as reader:
            key = review.find_ticket_key(reader, args.ticket)
            current = review.review_of(reader, key)
            rid = reader.rowid_of(key)
            hits = exception_store.exceptions_for(reader, [rid]).get(rid, [])
    finally:
        store.close()
    if args.json:
        _print(review_json(current, hits), ctx)
        return EXIT_OK
    out = ctx.stdout
    flag = current.flag
    out.write(f"Ticket {args.ticket}\n")
    out.write(
        f"  flag: {'not flagged' if flag is None else f'{review.reason_label(flag.reason)} ({flag.state_label})'}\n"
    )
    for rule, detail in hits:
        title = RULES_BY_ID[rule].title if rule in RULES_BY_ID else rule
        out.write(f"  exception: {title} — {detail}\n")
    for entry in current.audit:
        out.write(f"  {format_iso_utc(from_epoch_us(entry.at_us))} {entry.who}: {entry.describe()}\n")
    return EXIT_OK


def rule_config(ctx: CliContext):
    """The rule settings from the user's settings file (rules/... keys; see rules.definitions)."""
    from ows_desktop.rules import RuleConfig

    return RuleConfig.from_backend(ctx.settings().backend)


def cmd_rules(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.rules import RULES, RuleRunner

    config = rule_config(ctx)
    for problem in config.problems:
        ctx.stderr.write(f"ows-desktop: setting ignored: {problem}\n")
    if args.list:
        listing = [
            {
                "id": rule.id,
                "title": rule.title,
                "enabled": rule.id in config.enabled,
                "weight": config.weight(rule.id),
                "params": dict(config.params[rule.id]),
                "description": rule.description,
            }
            for rule in RULES
        ]
        if args.json:
            _print(listing, ctx)
        else:
            for entry in listing:
                params = ", ".join(f"{k}={v!r}" for k, v in entry["params"].items())
                state = "on " if entry["enabled"] else "off"
                ctx.stdout.write(
                    f"{state} {entry['id']:<24} w={entry['weight']:<4g} {entry['title']}"
                    + (f"  [{params}]" if params else "")
                    + "\n"
                )
        return EXIT_OK
    runner = RuleRunner(config)
    store = _open(ctx)
    try:
        stats = runner.apply_pending(store) if args.pending else runner.run_all(store)
    finally:
        store.close()
    summary = {
        "tickets": stats.tickets,
        "exceptions": stats.exceptions,
        "seconds": round(stats.seconds, 3),
        "tickets_per_second": round(stats.rate),
    }
    if args.json:
        _print(summary, ctx)
    else:
        ctx.stdout.write(
            f"Evaluated {stats.tickets} tickets in {stats.seconds:.1f} s ({stats.rate:,.0f}/s): "
            f"{stats.exceptions} exceptions.\n"
        )
    return EXIT_OK


def cmd_exceptions(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.ows.timestamps import parse_cli_time
    from ows_desktop.rules import RULES_BY_ID, rank_exceptions

    start = parse_cli_time(args.start) if args.start else None
    end = parse_cli_time(args.end) if args.end else None
    config = rule_config(ctx)
    store = _open(ctx)
    try:
        with store.reader() as reader:
            ranking = rank_exceptions(reader, start, end, by=args.by, config=config)
    finally:
        store.close()
    rows = ranking.rows[: args.limit] if args.limit else ranking.rows
    if args.json:
        _print(
            [
                {
                    "name": r.name,
                    "location": r.location,
                    "tickets": r.tickets,
                    "exceptions": r.exceptions,
                    "score": r.score,
                    "per_rule": r.per_rule,
                }
                for r in rows
            ],
            ctx,
        )
        return EXIT_OK
    for r in rows:
        label = r.name if r.location is None else f"{r.location} {r.name}"
        top = ", ".join(
            f"{RULES_BY_ID[k].title if k in RULES_BY_ID else k} {v}"
            for k, v in sorted(r.per_rule.items(), key=lambda kv: -kv[1] * config.weight(kv[0]))[:3]
        )
        ctx.stdout.write(
            f"{r.score:8.0f}  {label[:28]:<28} {r.exceptions:6d} exc / {r.tickets:6d} tickets  {top}\n"
        )
    ctx.stdout.write(f"{len(ranking.rows)} {args.by}s with exceptions\n")
    return EXIT_OK


def export_secrets(ctx: CliContext, store: Any = None) -> set[str]:
    """Values that must never appear in an export: the API key and secret (environment, keyring entry of
    the configured base URL, anything the CLI already learned) and the cameras' passwords."""
    from ows_desktop.cli import BASE_URL_ENV
    from ows_desktop.credentials import CredentialError, credentials_from_env

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


def camera_passwords(ctx: CliContext, store: Any) -> set[str]:
    from ows_desktop.credentials import CredentialError
    from ows_desktop.mapping_file import default_camera_secrets
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
    from ows_desktop.export import Selection, export_tickets
    from ows_desktop.ows.timestamps import parse_cli_time
    from ows_desktop.store import TicketQuery
    from ows_desktop.store.review import normalise_reason

    states = tuple(s for s in (_state(v) for v in args.state) if s)
    reasons = tuple(r for r in (normalise_reason(v) for v in args.reason) if r)
    filters = {
        "locations": tuple(args.location),
        "terminals": tuple(args.terminal),
        "operators": tuple(args.operator),
        "exceptions": tuple(args.exception),
        "start": parse_cli_time(args.start) if args.start else None,
        "end": parse_cli_time(args.end) if args.end else None,
    }
    if args.flagged:
        selection = Selection.flagged(reasons, states)
        if any(filters.values()):
            from dataclasses import replace

            selection = Selection.of_query(replace(selection.query, **filters))
            selection = Selection("flagged", selection.query, selection.description)
    else:
        query = TicketQuery(text=args.query or "", flag_reasons=reasons, review_states=states, **filters)
        selection = Selection.of_query(query)
    config = rule_config(ctx)
    store = _open(ctx)
    video = None
    try:
        from ows_desktop.mapping_file import default_camera_secrets
        from ows_desktop.player.evidence import export_snapshot_provider

        secrets = export_secrets(ctx, store)
        provider, video = export_snapshot_provider(
            store, default_camera_secrets(ctx), ctx.paths.snapshots_dir
        )
        with store.reader() as reader:
            result = export_tickets(
                reader,
                selection,
                args.format,
                args.out,
                investigator=args.investigator,
                case_title=args.title,
                secrets=secrets,
                snapshot_provider=provider,
                config=config,
                page_size=args.page_size,
            )
    finally:
        if video is not None:
            video.close()
        store.close()
    if args.json:
        _print(
            {
                "folder": str(result.folder),
                "case_id": result.case_id,
                "format": result.format,
                "tickets": result.tickets,
                "files": [{"path": f.path, "sha256": f.sha256, "bytes": f.bytes} for f in result.files],
                "seconds": round(result.seconds, 3),
            },
            ctx,
        )
    else:
        ctx.stdout.write(
            f"Exported {result.tickets} tickets as {result.format.upper()} to {result.folder} "
            f"(case {result.case_id}, {len(result.files)} files, {result.seconds:.1f} s). "
            f"Verify with: cd {result.folder} && sha256sum -c MANIFEST.sha256\n"
        )
        missing = result.missing_snapshots
        if missing:
            reasons = sorted({m["error"] for m in missing})
            ctx.stdout.write(
                f"{len(missing)} tickets have no camera snapshot (listed in export.json): "
                + "; ".join(reasons[:3])
                + (f"; and {len(reasons) - 3} other reasons" if len(reasons) > 3 else "")
                + "\n"
            )
    return EXIT_OK


def _print(obj: Any, ctx: CliContext) -> None:
    json.dump(obj, ctx.stdout, ensure_ascii=False, indent=2)
    ctx.stdout.write("\n")


# -- until cli.build_parser calls add_review_commands itself ----------------------------------------------------


def with_review_commands(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the review commands to a parser from ``cli.build_parser()`` (no-op when it already has them)."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "flag" not in sub.choices:
        add_review_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None, ctx: CliContext | None = None) -> int:
    """``cli.main`` with the review commands available (``python -m ows_desktop.review_cli flag …``)."""
    from ows_desktop import cli

    original = cli.build_parser
    cli.build_parser = lambda: with_review_commands(original())  # type: ignore[assignment]
    try:
        return cli.main(argv, ctx)
    finally:
        cli.build_parser = original  # type: ignore[assignment]


if __name__ == "__main__":
    sys.exit(main())
