"""The investigator commands of ``ows-desktop``: flag, unflag, review, rules, exceptions (``export`` is in
:mod:`ows_desktop.cli.export`).

Each command is ``(args, ctx) -> int`` with ``ctx`` a :class:`~ows_desktop.cli.context.CliContext`, and raises
errors carrying ``exit_code`` (2 for a bad ticket id) for ``cli.main`` to print as one line."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from ows_desktop.basics.english import counted
from ows_desktop.cli import checks
from ows_desktop.cli.context import (
    EXIT_OK,
    CliContext,
    UsageError,
    open_store,
    parse_state,
    print_json,
    rule_config,
)
from ows_desktop.cli.ticket_times import FORMS, add_days_option, store_days, ticket_span


def add_commands(sub: Any) -> None:
    """Add the review commands to ``ows-desktop``'s sub-parsers (``parser.add_subparsers()``'s result)."""
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

    p = sub.add_parser(
        "exceptions",
        help="rank operators or registers by how unusual their exception rates are next to store peers "
        "in the same hours (one-sided Poisson tail)",
    )
    p.add_argument("--from", dest="start", help=f"ticket time from: {FORMS}")
    p.add_argument("--to", dest="end", help="ticket time up to (excluded; a date: that day included)")
    add_days_option(p)
    p.add_argument("--by", choices=["operator", "terminal"], default="operator")
    p.add_argument("--limit", type=int, default=20, help="rows to show (0 = all)")
    p.add_argument(
        "--min-tickets", type=int, default=None, help="tickets needed before a row is ranked (default 50)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_exceptions)


# -- commands -------------------------------------------------------------------------------------------------


def cmd_flag(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store import review
    from ows_desktop.store.scope import check_review

    state = parse_state(args.state)
    if args.note is not None and not args.note.strip():
        raise UsageError("--note needs some text.")
    if args.reason is not None and (too_long := review.reason_too_long(args.reason)) is not None:
        raise UsageError(too_long)
    store = open_store(ctx)
    try:
        check_review(store.scope())  # a team store's sync login: said before anything is written
        with store.reader() as reader:
            key = reader.find_ticket_key(args.ticket)
        change = store.review.flag_ticket(
            key,
            reason=review.KEEP if args.reason is None else args.reason,
            state=review.KEEP if state is None else state,
            note=args.note,
        )
        with store.reader() as reader:
            current = reader.review.review_of(key)
    finally:
        store.close()
    if args.json:
        print_json(review_json(current), ctx.stdout)
        return EXIT_OK
    flag = change.flag
    assert flag is not None
    what = "Flagged" if any(e.action == review.ACTION_FLAG for e in change.entries) else "Updated"
    if not change.changed:
        what = "Unchanged"
    ctx.stdout.write(
        f"{what} {args.ticket}: reason {review.reason_label(flag.reason)}, state {flag.state_label}"
        + (f"; note added ({counted(len(current.notes), 'note')})" if args.note else "")
        + ".\n"
    )
    return EXIT_OK


def cmd_unflag(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store.scope import check_review

    if args.note is not None and not args.note.strip():
        raise UsageError("--note needs some text.")
    store = open_store(ctx)
    try:
        check_review(store.scope())
        with store.reader() as reader:
            key = reader.find_ticket_key(args.ticket)
        removed = store.review.unflag_ticket(key, note=args.note)
    finally:
        store.close()
    ctx.stdout.write(
        (f"Removed the flag of {args.ticket}" if removed else f"{args.ticket} was not flagged")
        + "; its notes and audit trail are kept.\n"
    )
    return EXIT_OK


def review_json(current: Any, exceptions: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    from ows_desktop.export.formatting import iso_utc  # to the millisecond, as the exports and the audit
    from ows_desktop.export.jsonout import audit_json
    from ows_desktop.ows.timestamps import from_epoch_us

    flag = current.flag
    return {
        "ticket_key": current.ticket_key,
        "flag": None
        if flag is None
        else {
            "reason": flag.reason,
            "state": flag.state,
            "flagged_at": iso_utc(from_epoch_us(flag.created_us)),
            "updated_at": iso_utc(from_epoch_us(flag.updated_us)),
        },
        "notes": [
            {"at": iso_utc(from_epoch_us(n.at_us)), "who": n.who, "text": n.note} for n in current.notes
        ],
        "audit": [audit_json(entry) for entry in current.audit],
        "exceptions": [{"rule": rule, "detail": detail} for rule, detail in exceptions],
    }


def cmd_review(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.ows.timestamps import format_iso_utc, from_epoch_us
    from ows_desktop.rules import RULES_BY_ID
    from ows_desktop.store import review
    from ows_desktop.store.scope import check_flags

    store = open_store(ctx)
    try:
        check_flags(store.scope())  # a team store's sync login never reads flags: said in its role's words
        with store.reader() as reader:
            key = reader.find_ticket_key(args.ticket)
            current = reader.review.review_of(key)
            rid = reader.rowid_of(key)
            hits = reader.rules.exceptions_of([rid]).get(rid, [])
    finally:
        store.close()
    if args.json:
        print_json(review_json(current, hits), ctx.stdout)
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
        out.write(f"  {format_iso_utc(from_epoch_us(entry.at_us))} {entry.made_by}: {entry.describe()}\n")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.rules import RULES, RuleRunner

    config = rule_config(ctx)
    for problem in config.problems:
        ctx.stderr.write(f"ows-desktop: setting ignored: {problem}\n")
    if args.list:
        listing: list[dict[str, Any]] = [
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
            print_json(listing, ctx.stdout)
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
    from ows_desktop.store.scope import check_rules

    runner = RuleRunner(config)
    store = open_store(ctx)
    try:
        check_rules(store.scope())  # a team store's manager reads the findings: said before anything runs
        runner.refuse_if_newer(store)  # a newer version's findings, on a team store: left as they are
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
        print_json(summary, ctx.stdout)
    else:
        ctx.stdout.write(
            f"Evaluated {stats.tickets} tickets in {stats.seconds:.1f} s ({stats.rate:,.0f}/s): "
            f"{stats.exceptions} exceptions.\n"
        )
    return EXIT_OK


def cmd_exceptions(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.rules import METHOD, MIN_TICKETS, RULES_BY_ID, rank_exceptions

    if args.min_tickets is not None and args.min_tickets < 0:
        raise UsageError("--min-tickets must be 0 or more.")
    checks.limit(args.limit)
    span = ticket_span("exceptions", args.start, args.end, by_store=store_days(ctx, args.days))
    start, end = span.start, span.end
    config = rule_config(ctx)
    store = open_store(ctx)
    try:
        with store.reader() as reader:
            ranking = rank_exceptions(
                reader,
                start,
                end,
                by=args.by,
                config=config,
                min_tickets=MIN_TICKETS if args.min_tickets is None else args.min_tickets,
                days=span.days,
            )
    finally:
        store.close()
    rows = ranking.rows[: args.limit] if args.limit else ranking.rows
    span.say(ctx.stdout, ctx.stderr, as_json=args.json)
    if args.json:
        print_json(
            [
                {
                    "name": r.name,
                    "location": r.location,
                    **(_operator_fields(r) if r.is_operator else {}),
                    "tickets": r.tickets,
                    # the figure the window's Exceptions column shows and a click lists; "exceptions"
                    # stays the findings (one per rule per ticket, the sum of per_rule) for scripts
                    "tickets_with_exceptions": r.flagged_tickets,
                    "exceptions": r.exceptions,
                    "score": r.score,
                    "per_rule": r.per_rule,
                    "ranked": r.ranked,
                    "vs_peers": None
                    if r.headline is None
                    else {
                        "text": r.headline.text(),
                        "ratio": round(r.headline.ratio, 3),
                        "flagged_tickets": r.headline.observed,
                        "expected": round(r.headline.expected, 3),
                        "p_value": r.headline.p_value,
                        "method": METHOD,
                    },
                }
                for r in rows
            ],
            ctx.stdout,
        )
        return EXIT_OK
    for r in rows:
        label = r.label if r.is_operator else f"{r.location} {r.name}"  # whole: a cut ID would name no one
        top = ", ".join(
            f"{RULES_BY_ID[k].title if k in RULES_BY_ID else k} {v}"
            for k, v in sorted(r.per_rule.items(), key=lambda kv: -kv[1] * config.weight(kv[0]))[:3]
        )
        peers = r.headline.text() if r.headline else "too few tickets to rank"
        ctx.stdout.write(
            f"{peers:<56} {label:<28} score {r.score:6.0f} {r.flagged_tickets:6d} tickets with exceptions  "
            f"{top}\n"
        )
    ctx.stdout.write(
        f"{len(ranking.rows)} {args.by}s with exceptions, most unusual first: {METHOD} "
        f"(at least {ranking.min_tickets} tickets to be ranked)\n"
    )
    return EXIT_OK


def _operator_fields(row: Any) -> dict[str, Any]:
    """Who an operator row is: its employee ID (null without one: the name at ``location``), the names and
    stores of its tickets."""
    return {
        "operator_id": row.operator_id or None,
        "identified_by": "employee ID" if row.operator_id else "name and store (no employee ID)",
        "names": list(row.names),
        "stores": list(row.stores),
    }
