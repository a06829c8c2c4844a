"""``ows-desktop case new|add|remove|show|list|update|close|export``: investigation cases (see
:mod:`ows_desktop.store.cases`). Every change is an entry of the cache's audit trail; ``--json`` prints the
result for scripts. Tickets are named by their key or OWS id.

``case export`` is the evidence export (:mod:`ows_desktop.cli.export`: signed, audited, with camera
snapshots) of the case's tickets; it is the one place a command module reuses another's code."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ows_desktop.cli import checks
from ows_desktop.cli.context import EXIT_OK, CliContext, UsageError, open_store, print_json, ticket_keys
from ows_desktop.cli.export import add_video_options

if TYPE_CHECKING:
    from ows_desktop.store.interface import Case

OUTCOMES = ["loss-confirmed", "no-loss"]  # what ``case close --outcome`` records, as the window asks
NO_CONCLUSION = "none"  # ``case close --outcome none``: no conclusion, the window's "No outcome"


def add_commands(sub: Any) -> None:
    from ows_desktop.export import FORMATS
    from ows_desktop.store.cases import STATUSES

    statuses = ", ".join(s.replace("_", " ") for s in STATUSES)
    case = sub.add_parser(
        "case",
        help="investigation cases: tickets against one subject, status, loss, notes, evidence export",
        description="A case gathers tickets against one subject (an operator and/or a store and register), "
        f"with a status ({statuses}), an assignee, a loss amount (the sum of its tickets unless set with a "
        "reason) and notes. Every change is recorded in the audit trail.",
    )
    cmds = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)

    new = cmds.add_parser("new", help="open a case")
    new.add_argument("title")
    new.add_argument("--operator", help="the operator the case is about")
    new.add_argument("--location", help="the store the case is about")
    new.add_argument("--terminal", help="the register the case is about")
    new.add_argument("--assignee", help="who works the case")
    new.add_argument("--ticket", action="append", default=[], metavar="TICKET", help="a ticket (repeatable)")
    new.add_argument("--note", help="a first note")
    _add_allow_unknown(new)
    new.set_defaults(func=cmd_new)

    add = cmds.add_parser("add", help="add tickets to a case")
    add.add_argument("number", metavar="CASE")
    add.add_argument("tickets", nargs="+", metavar="TICKET")
    add.set_defaults(func=cmd_add)

    remove = cmds.add_parser("remove", help="remove tickets from a case (the tickets stay in the cache)")
    remove.add_argument("number", metavar="CASE")
    remove.add_argument("tickets", nargs="+", metavar="TICKET")
    remove.set_defaults(func=cmd_remove)

    show = cmds.add_parser("show", help="a case, its tickets and its history")
    show.add_argument("number", metavar="CASE")
    show.set_defaults(func=cmd_show)

    listing = cmds.add_parser("list", help="the cases, newest first")
    listing.add_argument("--status", action="append", default=[], help=f"{statuses} (repeatable)")
    listing.add_argument("--assignee")
    listing.add_argument("--location", help="store")
    listing.set_defaults(func=cmd_list)

    update = cmds.add_parser("update", help="change a case's status, assignee, subject, loss or add a note")
    update.add_argument("number", metavar="CASE")
    update.add_argument("--status", help=statuses)
    update.add_argument("--title")
    update.add_argument("--assignee", help="'' clears it")
    update.add_argument("--operator", help="'' clears it")
    update.add_argument("--location", help="'' clears it")
    update.add_argument("--terminal", help="'' clears it")
    update.add_argument(
        "--loss",
        metavar="AMOUNT",
        help="set the loss amount, such as 125.50 ('auto': back to the ticket amounts added up)",
    )
    update.add_argument("--reason", help="why the loss amount changes (required with --loss)")
    update.add_argument("--note")
    _add_allow_unknown(update)
    update.set_defaults(func=cmd_update)

    close = cmds.add_parser("close", help="close a case")
    close.add_argument("number", metavar="CASE")
    close.add_argument(
        "--outcome",
        choices=[*OUTCOMES, NO_CONCLUSION],
        help="record the outcome first (audited; 'none': closed without a conclusion); needed unless the case "
        "was concluded already",
    )
    close.add_argument(
        "--loss",
        metavar="AMOUNT",
        help="set the loss amount first, as in update (needed for --outcome no-loss when a loss was set by hand)",
    )
    close.add_argument("--reason", help="why the loss amount changes (required with --loss)")
    close.add_argument("--note")
    close.set_defaults(func=cmd_close)

    export = cmds.add_parser("export", help="the case's tickets as a signed evidence folder")
    export.add_argument("number", metavar="CASE")
    export.add_argument("--format", required=True, choices=list(FORMATS))
    export.add_argument("--out", required=True, metavar="DIR", help="the folder to create")
    export.add_argument("--investigator", help="name on the report (default: your OS user name)")
    export.add_argument(
        "--page-size",
        choices=["letter", "a4"],
        help="PDF paper (default: Preferences ▸ Evidence, else letter)",
    )
    add_video_options(export)
    export.set_defaults(func=cmd_export)

    for p in (new, add, remove, show, listing, update, close, export):
        p.add_argument("--json", action="store_true", help="print the result as JSON")


def _add_allow_unknown(parser: Any) -> None:
    parser.add_argument(
        "--allow-unknown",
        action="store_true",
        help="keep a store, register or operator no synced ticket names (refused otherwise: a typo)",
    )


# --------------------------------------------------------------------------------------------- helpers
def _number(text: str) -> str:
    from ows_desktop.store.cases import parse_number

    return parse_number(text)


def _done(ctx: CliContext, args: argparse.Namespace, case: Case, words: str) -> int:
    if args.json:
        print_json(case.to_json(), ctx.stdout)
    else:
        ctx.stdout.write(f"{words} {case.number}: {_summary(case)}\n")
    return EXIT_OK


def _summary(case: Case) -> str:
    from ows_desktop.store.case_unseen import count_text, loss_summary  # "1 of 2 tickets visible to you"

    return f"{case.title} — {case.subject}; {case.status_label}; {count_text(case)}; {loss_summary(case)}"


# --------------------------------------------------------------------------------------------- commands
def cmd_new(args: argparse.Namespace, ctx: CliContext) -> int:
    with _open_for_changes(ctx, args.location, args) as store:
        with store.reader() as reader:
            keys = ticket_keys(reader, args.ticket, "No case was opened.")
        case = store.cases.new_case(
            args.title,
            operator=args.operator,
            location=args.location,
            terminal=args.terminal,
            assignee=args.assignee,
            tickets=keys,
        )
        if args.note:
            store.cases.add_case_note(case.number, args.note)
    return _done(ctx, args, case, "Opened case")


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    number = _number(args.number)
    with _open_for_changes(ctx) as store:
        with store.reader() as reader:
            held = set(reader.cases.case_tickets(number))  # no such case: said before any ticket is looked up
            keys = ticket_keys(reader, args.tickets, f"Nothing was added to case {number}.")
        case = store.cases.add_tickets(number, keys)
    already = sorted(set(keys) & held)
    if already and not args.json:  # "Updated" alone would say they were added
        ctx.stdout.write(f"Case {number} held {', '.join(already)} already: not added again.\n")
    return _done(ctx, args, case, "Updated case" if set(keys) - held else "Unchanged case")


def cmd_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    number = _number(args.number)
    with _open_for_changes(ctx) as store:
        with store.reader() as reader:
            retained = reader.cases.retained_tickets(number)  # in no store now, still counted: named by key
            named = [name for name in args.tickets if name not in retained]
            keys = ticket_keys(reader, named, f"Nothing was removed from case {number}.")
            keys += [name for name in args.tickets if name in retained]
            outside = sorted(set(keys) - set(reader.cases.case_tickets(number)) - retained)
        if outside:  # never "Updated" for a ticket the case did not hold (a wrong case number, a typo)
            raise UsageError(
                f"Case {number} does not hold {', '.join(outside)}; nothing was removed "
                f"(ows-desktop case show {number} lists its tickets)."
            )
        case = store.cases.remove_tickets(number, keys)
    gone = sorted(set(keys) & retained)
    if gone and not args.json:  # said apart: "Updated" alone would not say which of its tickets went
        ctx.stdout.write(
            f"Removed {', '.join(gone)} from case {number}: "
            f"{'it' if len(gone) == 1 else 'they'} had been removed from the team store by retention.\n"
        )
    return _done(ctx, args, case, "Updated case")


def _open_for_changes(ctx: CliContext, location: str | None = None, subject: Any = None) -> Any:
    """The store, once the signed-in role may change cases (and set one to ``location``): on the team store a
    manager may read them only, an investigator has his stores, and each is told so (exit 3) before anything
    is written instead of the database's "grant it" advice. ``subject`` (the parsed arguments of ``new`` or
    ``update``): a store, register or operator no ticket in the cache names is refused (exit 2) unless
    ``--allow-unknown`` is given (store.case_subjects)."""
    from ows_desktop.store.scope import check_case_store, check_cases

    store = open_store(ctx)
    try:
        check_cases(store.scope())
        check_case_store(store.scope(), location)
        if subject is not None:
            _check_known(store, subject)
    except BaseException:
        store.close()
        raise
    return store


def _check_known(store: Any, args: argparse.Namespace) -> None:
    from ows_desktop.store.case_subjects import KnownSubjects, unknown_sentence

    if not any((args.location, args.terminal, args.operator)):  # none given, or each cleared with ''
        return
    with store.reader() as reader:
        known = KnownSubjects.read(reader)
    if args.operator:  # an employee ID of one operator: that operator, as the window's picker gives it
        args.operator = known.operator_of(args.operator)
    unknown = known.unknown(location=args.location, terminal=args.terminal, operator=args.operator)
    if unknown and not args.allow_unknown:
        raise UsageError(unknown_sentence(unknown))


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from dataclasses import replace

    from ows_desktop.basics.store_time import compact_time_text, store_time_text
    from ows_desktop.export.folders import ExportFolders, with_whole_path
    from ows_desktop.export.formatting import iso_utc  # to the millisecond, as the exports and search --json
    from ows_desktop.store.case_unseen import loss_text, retained_text
    from ows_desktop.store.cases import (
        case_subject,
        changes_shown,
        describe_entry,
        hidden_ticket_count,
        not_to_name,
        readable_by,
        unseen_tickets,
    )
    from ows_desktop.store.operators import operator_text
    from ows_desktop.store.scope import check_case_reads, login_of

    number = _number(args.number)
    with open_store(ctx) as store, store.reader() as reader:
        check_case_reads(store.scope())
        case = reader.cases.case(number)
        keys = reader.cases.case_tickets(number)
        rows = {row.key: row for row in reader.rows([reader.rowid_of(k) for k in keys])}
        history = reader.review.audit_trail(case_subject(number))
        me = login_of(store.scope())
        retained = reader.cases.retained_tickets(number)  # the team store's retention removed: in no store
        hidden = unseen_tickets(history, [*keys, *retained])  # on a team store: in stores it may not see
        unnamed = not_to_name(history, keys, readable_by(reader) if store.scope() else None)
    # an export's folder with its whole path on the investigator's own entries only, as this workstation
    # noted it (the entry names the folder only; an older entry holds the path): on a team store another
    # login's is that workstation's path (its OS user's home), the folder's name is enough for the case
    own = {e.id for e in history if me is None or e.db_role == me}
    known = ExportFolders(ctx.paths.export_folders).known()
    history = [replace(e, changes=with_whole_path(e.changes, known)) if e.id in own else e for e in history]

    def what(e: Any) -> str:  # an entry in a line: the tickets it may not name counted, and why
        return describe_entry(e.action, e.changes, full_path=e.id in own, hidden=unnamed, retained=retained)

    tickets = [
        {
            "key": key,
            "id": row.id if row else None,
            "time_utc": iso_utc(row.time) if row else None,
            "time_store_time": store_time_text(row.time, row.utc_offset_min) if row else None,  # as lines.csv
            "local_utc_offset_minutes": row.utc_offset_min if row else None,
            "location": row.location if row else None,
            "terminal": row.terminal if row else None,
            "operator": row.operator if row else None,
            "total": row.total if row else None,
        }
        for key, row in ((key, rows.get(key)) for key in keys)
    ]
    if args.json:
        print_json(
            {
                **case.to_json(),
                "tickets": tickets,
                "tickets_not_shown": len(hidden),
                "history": [
                    {
                        "at_us": e.at_us,
                        "who": e.who,
                        "db_role": e.db_role,
                        "action": e.action,
                        "changes": changes_shown(e.changes, unnamed, path=e.id in own),
                        "what": what(e),
                    }
                    for e in history
                ],
            },
            ctx.stdout,
        )
        return EXIT_OK
    out = ctx.stdout
    out.write(f"Case {case.number}: {case.title}\n")
    out.write(f"  Subject:  {case.subject}\n  Status:   {case.status_label}\n")
    out.write(f"  Assignee: {case.assignee or '—'}\n")
    out.write(f"  Loss:     {loss_text(case)}\n  Tickets:  {len(tickets)}")
    if hidden:  # the loss and the count above leave them out: said, not their ids
        out.write(f" of {len(tickets) + len(hidden)} visible to you ({hidden_ticket_count(len(hidden))}: "
                  "the loss and count leave it out)")  # fmt: skip
    out.write(f"; {retained_text(len(retained))} (no longer in the team store)\n" if retained else "\n")
    # in time order, as the window's list and the PDF's exhibits; times in the store's time, as the window
    by_time = sorted(
        zip(keys, tickets, strict=True), key=lambda kt: (kt[1]["time_utc"] is None, kt[1]["time_utc"] or "")
    )
    for key, t in by_time:
        total = "—" if t["total"] is None else f"{t['total']:,.2f}"
        row = rows.get(key)
        when = compact_time_text(row.time, row.utc_offset_min) if row else ""
        who = operator_text(row.operator, row.operator_id) if row else "—"  # "Ines Brontë (E1014)"
        out.write(
            f"    {t['id'] or t['key']}  {when}  store {t['location'] or '—'}  "
            f"register {t['terminal'] or '—'}  operator {who}  {total}\n"
        )
    out.write("  History:\n")
    for entry in history:  # a note's further lines under its first, not at the line's start
        lead = f"    {_when(entry.at_us)}  {entry.signed}  "
        out.write(lead + ("\n" + " " * len(lead)).join(what(entry).splitlines() or [""]) + "\n")
    return EXIT_OK


def _when(at_us: int) -> str:
    from ows_desktop.ows.timestamps import from_epoch_us

    return from_epoch_us(at_us).strftime("%Y-%m-%d %H:%M UTC")


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store.cases import CaseFilter, normalise_status
    from ows_desktop.store.scope import check_case_reads

    where = CaseFilter(
        statuses=tuple(normalise_status(s) for s in args.status),
        assignee=args.assignee or None,
        location=args.location or None,
    )
    with open_store(ctx) as store, store.reader() as reader:
        check_case_reads(store.scope())
        cases = reader.cases.cases(where)
    if args.json:
        print_json([c.to_json() for c in cases], ctx.stdout)
    elif not cases:
        ctx.stdout.write("No cases.\n")
    else:
        for case in cases:
            ctx.stdout.write(f"{case.number}  {_summary(case)}; assignee {case.assignee or '—'}\n")
    return EXIT_OK


def cmd_update(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.cli.case_loss import check_no_loss_update, loss_given, update_with_loss
    from ows_desktop.cli.case_reopen import check_reopen
    from ows_desktop.store.review import KEEP

    number = _number(args.number)
    given = loss_given(args.loss, args.reason)
    if args.note is not None and not args.note.strip():
        raise UsageError("A note needs some text: give --note TEXT, or leave --note out.")
    named = ("title", "assignee", "operator", "location", "terminal", "status", "loss", "note")
    if all(getattr(args, name) is None for name in named):
        raise UsageError(
            "Nothing to change: give --status, --assignee, --title, --operator, --location, --terminal, --loss "
            "with --reason, or --note."
        )
    with _open_for_changes(ctx, args.location, args) as store:  # first: an operator's ID becomes its name
        with store.reader() as reader:
            before = (was := reader.cases.case(number)).to_json()  # the same values again: said unchanged
        check_no_loss_update(was, args.status, given)  # as case close and the window's Status picker
        check_reopen(was, args.status, args.note)  # why, in its history
        fields: dict[str, Any] = {
            name: (KEEP if getattr(args, name) is None else getattr(args, name))
            for name in ("title", "assignee", "operator", "location", "terminal", "status")
        }
        case = update_with_loss(
            store.cases, was, {**fields, "note": args.note}, given
        )  # the note: after them
    same = not args.note and case.to_json() == before
    return _done(ctx, args, case, "Unchanged case" if same else "Updated case")


def cmd_close(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.cli.case_loss import check_no_loss_close, loss_given

    number = _number(args.number)
    given = loss_given(args.loss, args.reason)
    with _open_for_changes(ctx) as store:
        with store.reader() as reader:
            case = reader.cases.case(number)  # "No case …" when not readable
        if not args.outcome and case.outcome is None:  # the window asks it too: closed with none, a case
            raise UsageError(  # claimed its tickets unexamined
                f"Case {number} has no outcome yet: close it with "
                + " or ".join(f"--outcome {o}" for o in OUTCOMES)
                + f" (what the investigation found), or --outcome {NO_CONCLUSION} (closed without a "
                "conclusion); nothing was changed."
            )
        check_no_loss_close(case, args.outcome, given)  # as the window's close dialog shows that loss
        if given is not None:  # before the outcome, as the window's close dialog: the history never shows
            store.cases.set_loss(number, given.amount, given.reason)  # "no loss" with the old loss claimed
        if args.outcome and args.outcome != NO_CONCLUSION:
            store.cases.update_case(number, status=args.outcome)
        if args.note:
            store.cases.add_case_note(number, args.note)
        case = store.cases.update_case(number, status="closed")
    return _done(ctx, args, case, "Closed case")


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.cli.export import print_result, run_export
    from ows_desktop.export.audit import case_export, record_case_export

    number = _number(args.number)
    checks.one_line("--investigator", args.investigator)  # before anything is opened
    with open_store(ctx) as store, store.reader() as reader:
        case = reader.cases.case(number)
    selection, title = case_export(number, case)
    result = run_export(
        ctx, selection, args.format, args.out, args.investigator, title, args.page_size, video=args
    )
    with open_store(ctx) as store:
        problem = record_case_export(store.audit, number, result)
    if problem:
        ctx.stderr.write(f"ows-desktop: {problem}\n")
    print_result(ctx, result, as_json=args.json)
    return EXIT_OK
