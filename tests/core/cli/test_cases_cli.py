"""``ows-desktop case ...``: a case's life from the command line (open, add, remove, show, list, update,
close, export) with --json, every change in the audit trail, and bad input as one line with exit 2."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cli_support import ctx_on
from review_helpers import T0, tk

from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main

pytestmark = pytest.mark.both_backends  # the CLI on the SQLite cache and on a PostgreSQL team store


@pytest.fixture
def ctx(paths: AppPaths, store, store_backend: str, request: pytest.FixtureRequest) -> CliContext:
    store.upsert_tickets([tk("T-1", total=10.0), tk("T-2", total=5.5), tk("T-3", total=2.0, operator="Bob")])
    team = {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}
    return ctx_on(paths, team)


def run(ctx: CliContext, *argv: str) -> int:
    for stream in (ctx.stdout, ctx.stderr):
        stream.seek(0)
        stream.truncate()
    return main(list(argv), ctx)


def out_json(ctx: CliContext):
    return json.loads(ctx.stdout.getvalue())


def test_a_case_from_opening_to_closing(ctx: CliContext, store) -> None:
    assert run(ctx, "case", "new", "Voids on R1", "--operator", "Ana", "--assignee", "jane",
               "--ticket", "T-1", "--note", "tip from the store manager", "--json") == 0  # fmt: skip
    number = out_json(ctx)["number"]
    assert number.startswith("C-") and out_json(ctx)["loss_amount"] == 10.0
    assert run(ctx, "case", "add", number.lower(), "T-2", "T-3", "--json") == 0  # case numbers in any case
    assert out_json(ctx)["ticket_count"] == 3 and out_json(ctx)["loss_amount"] == 17.5
    assert run(ctx, "case", "remove", number, "T-3") == 0
    assert "2 tickets" in ctx.stdout.getvalue()
    assert run(ctx, "case", "remove", number, "T-3", "T-2") == 2  # T-3 has gone: said, and T-2 stays
    assert f"Case {number} does not hold T-3; nothing was removed" in ctx.stderr.getvalue()
    assert run(ctx, "case", "show", number) == 0  # nobody has set the loss: said so, and what the figure is
    assert (
        "Loss:     15.50 — not set by an investigator: the case's ticket amounts added up, each counted as "
        "positive (a sale by its total, a refund by its size)"
    ) in ctx.stdout.getvalue()
    assert (
        run(ctx, "case", "update", number, "--status", "in progress", "--loss", "12", "--reason", "recovered")
        == 0
    )
    assert run(ctx, "case", "close", number, "--outcome", "loss-confirmed", "--json") == 0
    assert out_json(ctx)["status"] == "closed" and out_json(ctx)["loss_amount"] == 12.0
    assert out_json(ctx)["outcome"] == "loss_confirmed"
    assert run(ctx, "case", "show", number) == 0
    shown = ctx.stdout.getvalue()
    for phrase in ("Voids on R1", "operator Ana", "Closed", "jane", "12.00 — set by hand: recovered (the ticket amounts add up to 15.50, each counted as positive)",
                   "T-1", "T-2", "note: tip from the store manager", "status Open → In progress",
                   "status Loss confirmed → Closed"):  # fmt: skip
        assert phrase in shown, phrase
    assert run(ctx, "case", "show", number, "--json") == 0
    data = out_json(ctx)
    assert [t["key"] for t in data["tickets"]] == ["T-1", "T-2"]
    assert [h["action"] for h in data["history"]][:3] == ["case_new", "case_add", "note"]
    with store.reader() as reader:
        assert reader.review.verify_audit_chain() is None


def test_a_store_register_or_operator_no_ticket_names_is_refused_unless_allowed(ctx: CliContext) -> None:
    """``case new X --location NOPE --operator "Nobody Here"`` opened the case: a typo became what the case's
    evidence says it is about ("Case C-2026-0001 … (store S999)")."""
    assert run(ctx, "case", "new", "X", "--location", "NOPE", "--operator", "Nobody Here") == 2
    err = ctx.stderr.getvalue()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(
        "ows-desktop: Store 'NOPE' and operator 'Nobody Here' are not in this computer's cache: no synced "
        "ticket names them."
    ), err
    assert "--allow-unknown" in err
    assert run(ctx, "case", "list", "--json") == 0 and out_json(ctx) == []  # nothing opened
    assert run(ctx, "case", "new", "X", "--location", "s1", "--terminal", "R1", "--operator", " ana") == 2
    err = ctx.stderr.getvalue()
    assert "Store 's1' (did you mean 'S1'?) and operator 'ana' (did you mean 'Ana'?) are not" in err
    assert "register" not in err  # R1 is known
    assert run(ctx, "case", "new", "X", "--location", "S1", "--operator", "Bob", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "update", number, "--terminal", "R9") == 2
    assert "Register 'R9' is not in this computer's cache" in ctx.stderr.getvalue()
    assert run(ctx, "case", "update", number, "--location", "", "--json") == 0  # cleared: nothing to check
    assert out_json(ctx)["location"] is None
    assert run(ctx, "case", "new", "New store", "--location", "S200", "--allow-unknown", "--json") == 0
    assert out_json(ctx)["location"] == "S200"  # a store opened since the last sync: said so, then kept
    assert run(ctx, "case", "update", number, "--location", "S201", "--allow-unknown", "--json") == 0


def test_list_filters_by_status_assignee_and_store(ctx: CliContext) -> None:
    assert run(ctx, "case", "new", "a", "--location", "S1", "--assignee", "jane", "--json") == 0
    a = out_json(ctx)["number"]
    assert run(ctx, "case", "new", "b", "--location", "S2", "--allow-unknown", "--json") == 0
    b = out_json(ctx)["number"]
    assert run(ctx, "case", "close", b, "--outcome", "no-loss") == 0
    assert run(ctx, "case", "list", "--json") == 0
    assert [c["number"] for c in out_json(ctx)] == [b, a]
    assert run(ctx, "case", "list", "--status", "open", "--json") == 0
    assert [c["number"] for c in out_json(ctx)] == [a]
    assert run(ctx, "case", "list", "--assignee", "jane", "--json") == 0
    assert [c["number"] for c in out_json(ctx)] == [a]
    assert run(ctx, "case", "list", "--location", "S2") == 0
    assert b in ctx.stdout.getvalue() and a not in ctx.stdout.getvalue()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["case", "add", "C-2026-0099", "T-1"], "No case C-2026-0099"),
        (["case", "add", "42", "T-1"], "is not a case number"),
        (["case", "new", "x", "--ticket", "NOPE"], "NOPE"),
        (["case", "list", "--status", "solved"], "Unknown case status"),
        (["case", "update", "C-2026-0001", "--loss", "12"], "needs --reason"),
        (
            ["case", "update", "C-2026-0001", "--loss", "12,50", "--reason", "x"],
            "without commas",
        ),  # was 1,250
        (["case", "update", "C-2026-0001", "--loss", "1,234.50", "--reason", "x"], "without commas"),
        (["case", "update", "C-2026-0001", "--reason", "orphan"], "--reason goes with --loss"),  # was ignored
        (["case", "close", "C-2026-0001", "--outcome", "no-loss", "--loss", "0"], "needs --reason"),
        (
            ["case", "close", "C-2026-0001", "--outcome", "no-loss", "--reason", "x"],
            "--reason goes with --loss",
        ),
        # said "inf is not a loss amount": what was typed, and the range
        *(
            (
                ["case", "update", "C-2026-0001", "--loss", typed, "--reason", "x"],
                f"'{typed}' is not a loss amount: give an amount from 0 to 999,999,999,999.99",
            )
            for typed in ("1e309", "-5", "99999999999999999999999", "nan")
        ),
        (["case", "update", "C-2026-0001"], "Nothing to change"),  # said "Updated case"
        (["case", "update", "C-2026-0001", "--note", " "], "A note needs some text"),
        (["case", "new", "  "], "needs a title"),
        # a title or a name is printed on the report's cover and in its PDF fields: a line break split it there
        (["case", "new", "Bob\nEve"], "The title must be one line of text"),
        (
            ["case", "new", "x", "--operator", "Bob\rEve", "--allow-unknown"],
            "The operator must be one line of text",
        ),
        (
            ["case", "export", "C-2026-0001", "--format", "pdf", "--out", "o", "--investigator", "Bob\nEve"],
            "--investigator must be one line of text",
        ),
        (
            ["export", "--all", "--format", "csv", "--out", "o", "--title", "a\nb"],
            "--title must be one line of text",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(ctx: CliContext, argv: list[str], words: str) -> None:
    assert run(ctx, *argv) == 2
    err = ctx.stderr.getvalue()
    assert words in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_a_loss_is_taken_exactly_as_typed_or_refused_changing_nothing(ctx: CliContext) -> None:
    """``--loss 12.345`` stored 12.35 ("loss 173.48 → 12.35" in the signed export), 0.004 0.00, 1e3 1,000.00,
    999999999999.995 the maximum: each without a word."""
    assert run(ctx, "case", "new", "Exact", "--ticket", "T-1", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "update", number, "--loss", "173.48", "--reason", "till count") == 0
    for typed in ("12.345", "0.005", "0.004", "12.3450001", "999999999999.995", "1e3", "inf", "1_000", "+5"):
        assert run(ctx, "case", "update", number, "--loss", typed, "--reason", "recount") == 2, typed
        err = ctx.stderr.getvalue()
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
        assert err == (
            f"ows-desktop: '{typed}' is not a loss amount: give an amount from 0 to 999,999,999,999.99 in digits, "
            "with at most 2 decimals after a dot, such as 125.50, or 'auto' (the ticket amounts added up).\n"
        )
        assert (
            run(ctx, "case", "close", number, "--outcome", "loss-confirmed", "--loss", typed, "--reason", "r")
            == 2
        )
        assert "is not a loss amount" in ctx.stderr.getvalue()
    assert run(ctx, "case", "show", number, "--json") == 0
    assert (out_json(ctx)["loss_amount"], out_json(ctx)["status"]) == (173.48, "open")  # nothing changed
    plain = (
        ("12.340", 12.34),
        ("999999999999.99", 999_999_999_999.99),
        (" 0.5", 0.5),
        (".5", 0.5),
        ("5.", 5.0),
    )
    for typed, amount in (*plain, ("007.5", 7.5)):  # README's examples of zeros that change nothing
        assert run(ctx, "case", "update", number, "--loss", typed, "--reason", "recount", "--json") == 0
        assert out_json(ctx)["loss_amount"] == amount, typed


def test_closing_with_no_loss_a_case_whose_loss_was_set_by_hand_says_what_to_do(ctx: CliContext) -> None:
    """``case close --outcome no-loss`` kept a loss of 16.78 set by hand without a word: the evidence said
    "no loss" and "loss 16.78" together (the window's close dialog shows that loss before OK)."""
    assert run(ctx, "case", "new", "Hand set", "--ticket", "T-1", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "update", number, "--loss", "16.78", "--reason", "till count") == 0
    refusal = (
        f"ows-desktop: Case {number} has a loss of 16.78 set by hand: closed with no loss it would claim both. "
        "Add --loss 0 --reason TEXT to close it with no loss, or close it with --outcome loss-confirmed; nothing "
        "was changed.\n"
    )
    assert run(ctx, "case", "close", number, "--outcome", "no-loss") == 2
    assert ctx.stderr.getvalue() == refusal
    assert (
        run(ctx, "case", "update", number, "--status", "no loss") == 2
    )  # concluded so: the same (it was taken)
    assert ctx.stderr.getvalue() == (
        f"ows-desktop: Case {number} has a loss of 16.78 set by hand: concluded with no loss it would claim "
        "both. Add --loss 0 --reason TEXT to conclude it with no loss, or give --status 'loss confirmed'; "
        "nothing was changed.\n"
    )
    assert run(ctx, "case", "show", number, "--json") == 0
    assert (out_json(ctx)["status"], out_json(ctx)["loss_amount"]) == ("open", 16.78)  # nothing changed
    assert run(ctx, "case", "new", "Concluded first", "--ticket", "T-1", "--json") == 0
    concluded = out_json(ctx)["number"]  # concluded with no loss, then a loss set by hand: refused too
    assert run(ctx, "case", "update", concluded, "--status", "no loss") == 0
    assert run(ctx, "case", "update", concluded, "--loss", "16.78", "--reason", "till count") == 2
    assert ctx.stderr.getvalue() == (
        f"ows-desktop: Case {concluded} is concluded with no loss: it claims 0.00. Conclude it 'loss confirmed' "
        "(or put it back 'in progress') to change its loss.\n"
    )
    assert run(ctx, "case", "update", concluded, "--loss", "0", "--reason", "counted") == 0  # 0.00: it may
    assert (
        run(ctx, "case", "update", concluded, "--loss", "auto", "--reason", "x") == 2
    )  # "back to the tickets"
    assert "is concluded with no loss: it claims 0.00" in ctx.stderr.getvalue()  # while it claims 0.00: no
    named = (  # a loss named that is not 0.00, concluded with no loss: both again
        f"ows-desktop: Concluded with no loss, case {number} claims 0.00: --loss 16.78 would claim both. Give "
        "--loss 0, or {instead}; nothing was changed.\n"
    )
    loss_kept = ("--loss", "16.78", "--reason", "kept")
    assert run(ctx, "case", "update", number, "--status", "no loss", *loss_kept) == 2
    assert ctx.stderr.getvalue() == named.format(instead="give --status 'loss confirmed'")
    assert run(ctx, "case", "close", number, "--outcome", "no-loss", *loss_kept) == 2
    assert ctx.stderr.getvalue() == named.format(instead="close it with --outcome loss-confirmed")
    assert run(ctx, "case", "update", number, "--status", "no loss", "--loss", "0", "--reason", "paid", "--title",
               "two\nlines") == 2  # fmt: skip
    assert "one line" in ctx.stderr.getvalue()  # refused before the loss was written
    assert run(ctx, "case", "show", number, "--json") == 0
    assert (out_json(ctx)["status"], out_json(ctx)["loss_amount"]) == ("open", 16.78)  # nothing changed
    assert (
        run(ctx, "case", "update", number, "--status", "no loss", "--loss", "0", "--reason", "paid back") == 0
    )
    assert run(ctx, "case", "show", number, "--json") == 0
    steps = [(e["action"], sorted(e["changes"])) for e in out_json(ctx)["history"]][-2:]
    assert [action for action, _ in steps] == ["case_loss", "case_update"], steps  # the loss first
    assert (out_json(ctx)["status"], out_json(ctx)["loss_amount"]) == ("no_loss", 0.0)
    assert run(ctx, "case", "close", number, "--outcome", "no-loss", "--loss", "0", "--reason", "paid back",
               "--json") == 0  # fmt: skip
    assert (out_json(ctx)["status"], out_json(ctx)["outcome"], out_json(ctx)["loss_amount"]) == (
        "closed", "no_loss", 0.0
    )  # fmt: skip
    assert run(ctx, "case", "new", "Confirmed", "--ticket", "T-2", "--json") == 0
    other = out_json(ctx)["number"]
    assert run(ctx, "case", "update", other, "--loss", "16.78", "--reason", "till count") == 0
    assert run(ctx, "case", "close", other, "--outcome", "loss-confirmed", "--json") == 0
    assert (out_json(ctx)["outcome"], out_json(ctx)["loss_amount"]) == ("loss_confirmed", 16.78)
    # --loss is set before the outcome: the history never shows "no loss" while 16.78 was still claimed
    assert run(ctx, "case", "new", "In order", "--ticket", "T-3", "--json") == 0
    third = out_json(ctx)["number"]
    assert run(ctx, "case", "update", third, "--loss", "16.78", "--reason", "till count") == 0
    assert (
        run(ctx, "case", "close", third, "--outcome", "no-loss", "--loss", "0", "--reason", "paid back") == 0
    )
    assert run(ctx, "case", "show", third, "--json") == 0
    steps = [(e["action"], sorted(e["changes"])) for e in out_json(ctx)["history"]][-3:]
    assert [action for action, _ in steps] == ["case_loss", "case_update", "case_update"], steps


def test_case_export_is_the_signed_evidence_of_exactly_its_tickets(
    ctx: CliContext, store, tmp_path: Path
) -> None:
    assert (
        run(ctx, "case", "new", "Bob", "--operator", "Bob", "--ticket", "T-3", "--ticket", "T-1", "--json")
        == 0
    )
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "update", number, "--status", "in progress", "--note", "seen on camera 2") == 0
    out = tmp_path / "evidence"
    assert run(ctx, "case", "export", number, "--format", "json", "--out", str(out), "--json") == 0
    custody = json.loads((out / "export.json").read_text())
    assert sorted(t["key"] for t in custody["tickets"]) == ["T-1", "T-3"]
    assert number in custody["title"]
    # the case as it stood: its state, its loss (the ticket amounts: nobody set it) and its history in words
    case = custody["case"]
    assert (case["number"], case["status"], case["loss_amount"], case["loss_override"]) == (
        number, "in_progress", 12.0, None
    )  # fmt: skip
    assert [h["what"] for h in case["history"]] == [
        "opened (Bob)", "added 2 tickets: T-3, T-1", "changed status Open → In progress", "note: seen on camera 2"
    ]  # fmt: skip
    assert (
        subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=out, capture_output=True).returncode == 0
    )
    assert run(ctx, "verify", str(out)) == 0
    with store.reader() as reader:
        actions = [e.action for e in reader.review.audit_trail(f"case:{number}")]
        assert actions[-1] == "case_export"
        assert reader.review.audit_trail("export:" + custody["case_id"])  # the export's own entry
    # the case's history now holds the export: `case show` says so (it stopped with a traceback here)
    assert run(ctx, "case", "show", number) == 0
    assert f"exported 2 tickets as JSON to {out} (export {custody['case_id']})" in ctx.stdout.getvalue()
    # the PDF's cover says the case's state, its loss and its history, the export before this one included
    assert run(ctx, "case", "update", number, "--loss", "9.5", "--reason", "recovered 2.50") == 0
    report = tmp_path / "report"
    assert run(ctx, "case", "export", number, "--format", "pdf", "--out", str(report)) == 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(report / "case-report.pdf"), "-"], capture_output=True, text=True
    ).stdout
    for phrase in (f"Case {number}", "In progress", "9.50 — set by hand: recovered 2.50 (the ticket amounts add up",
                   "note: seen on camera 2", "exported 2 tickets as JSON to"):  # fmt: skip
        assert phrase in text, phrase
    # the net of the tickets and the loss are two figures, each named for what it is
    assert "Sum of the ticket totals" in text and "(refunds negative)" in text and "Total value" not in text
    assert "Export id" in text and "Case reference" not in text  # the export's id, beside the case's number
    # an empty case has nothing to export: one line, exit 2, nothing written
    assert run(ctx, "case", "new", "empty", "--json") == 0
    empty = out_json(ctx)["number"]
    assert run(ctx, "case", "export", empty, "--format", "csv", "--out", str(tmp_path / "e")) == 2
    assert "Nothing to export" in ctx.stderr.getvalue() and not (tmp_path / "e").exists()


def test_one_ticket_is_said_in_the_singular(ctx: CliContext) -> None:
    assert run(ctx, "case", "new", "One", "--ticket", "T-2") == 0
    assert "; 1 ticket; loss 5.50" in ctx.stdout.getvalue()
    number = ctx.stdout.getvalue().split()[2].rstrip(":")
    assert run(ctx, "case", "show", number) == 0
    assert "added 1 ticket: T-2" in ctx.stdout.getvalue()


def test_a_case_of_no_subject_says_so_in_words(ctx: CliContext) -> None:
    """ "Audit case — —;" said nothing: the subject is "no subject" in the summary, in show and in the list."""
    assert run(ctx, "case", "new", "Audit case", "--ticket", "T-2") == 0
    assert "Audit case — no subject; Open; 1 ticket;" in ctx.stdout.getvalue()
    number = ctx.stdout.getvalue().split()[2].rstrip(":")
    assert run(ctx, "case", "show", number) == 0
    assert "  Subject:  no subject\n" in ctx.stdout.getvalue()
    assert run(ctx, "case", "list") == 0
    assert f"{number}  Audit case — no subject;" in ctx.stdout.getvalue()


def test_close_without_an_outcome_is_refused_unless_the_case_was_concluded(ctx: CliContext) -> None:
    """The window asks the outcome before it closes a case; ``case close C`` closed it at once with none, its
    loss still the ticket amounts nobody had looked at. Now it says which outcomes there are and writes
    nothing (not the note either); a case concluded before closes with its outcome."""
    assert run(ctx, "case", "new", "Voids", "--ticket", "T-1", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "close", number, "--note", "done here") == 2
    err = ctx.stderr.getvalue()
    assert err.count("\n") == 1 and ctx.stdout.getvalue() == "", err
    assert f"Case {number} has no outcome yet" in err
    assert "--outcome loss-confirmed" in err and "--outcome no-loss" in err
    assert run(ctx, "case", "show", number, "--json") == 0
    shown = out_json(ctx)
    assert (shown["status"], shown["outcome"]) == ("open", None)
    assert [e["action"] for e in shown["history"]] == ["case_new", "case_add"]  # no note written either
    assert run(ctx, "case", "update", number, "--status", "no loss") == 0
    assert run(ctx, "case", "close", number, "--json") == 0
    assert (out_json(ctx)["status"], out_json(ctx)["outcome"]) == ("closed", "no_loss")


def test_close_with_outcome_none_closes_without_a_conclusion_as_the_window_may(ctx: CliContext) -> None:
    """The window's close dialog offers "No outcome (closed without a conclusion)"; the command line said to
    give an outcome and had no way to say none. ``--outcome none`` closes it so, on purpose."""
    assert run(ctx, "case", "new", "Abandoned", "--ticket", "T-1", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "close", number) == 2
    assert "--outcome none" in ctx.stderr.getvalue()
    assert run(ctx, "case", "close", number, "--outcome", "none", "--json") == 0
    assert (out_json(ctx)["status"], out_json(ctx)["outcome"]) == ("closed", None)


def test_a_case_closed_with_no_loss_says_so_and_claims_no_loss(ctx: CliContext, tmp_path: Path) -> None:
    assert run(ctx, "case", "new", "Refunds", "--ticket", "T-1", "--ticket", "T-2", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "close", number, "--outcome", "no-loss") == 0
    assert "Closed (no loss)" in ctx.stdout.getvalue() and "loss 0.00" in ctx.stdout.getvalue()
    assert run(ctx, "case", "show", number) == 0
    shown = ctx.stdout.getvalue()
    assert "Closed (no loss)" in shown and "0.00 — concluded with no loss" in shown
    assert run(ctx, "case", "list", "--json") == 0
    assert [(c["status"], c["outcome"]) for c in out_json(ctx)] == [("closed", "no_loss")]
    out = tmp_path / "evidence"
    assert run(ctx, "case", "export", number, "--format", "json", "--out", str(out)) == 0
    case = json.loads((out / "export.json").read_text())["case"]
    assert (case["status"], case["outcome"], case["loss_amount"]) == ("closed", "no_loss", 0.0)


def test_case_list_says_whether_an_investigator_set_the_loss(ctx: CliContext) -> None:
    """``case list`` printed "loss 15.50" for a figure nobody set (the tickets' amounts added up) as it printed
    one an investigator had found; ``case show`` and the Cases tab said which it was. Now the list says it in
    the same words (Case.loss_basis)."""
    assert run(ctx, "case", "new", "Added up", "--ticket", "T-1", "--ticket", "T-2", "--json") == 0
    summed = out_json(ctx)["number"]
    assert run(ctx, "case", "new", "Set", "--ticket", "T-1", "--json") == 0
    set_by_hand = out_json(ctx)["number"]
    assert run(ctx, "case", "update", set_by_hand, "--loss", "4", "--reason", "recovered 6") == 0
    assert run(ctx, "case", "new", "None", "--ticket", "T-2", "--json") == 0
    no_loss = out_json(ctx)["number"]
    assert run(ctx, "case", "update", no_loss, "--status", "no loss") == 0
    assert run(ctx, "case", "list") == 0
    lines = {line.split()[0]: line for line in ctx.stdout.getvalue().splitlines()}
    assert "; loss 15.50 (not set by an investigator: the case's ticket amounts added up);" in lines[summed]
    assert "; loss 4.00 (set by hand: recovered 6);" in lines[set_by_hand]
    assert "; loss 0.00 (concluded with no loss);" in lines[no_loss]
    assert run(ctx, "case", "show", summed) == 0  # the words case show says, with the figure's explanation
    assert "15.50 — not set by an investigator: the case's ticket amounts added up, each counted" in (
        ctx.stdout.getvalue()
    )


def test_adding_known_and_unknown_tickets_adds_none_and_says_so(ctx: CliContext) -> None:
    """All or nothing, as it was; but the line named only the missing ticket, so T-2 seemed added."""
    assert run(ctx, "case", "new", "Voids", "--ticket", "T-1", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "add", number, "T-2", "NOPE") == 2
    (line,) = ctx.stderr.getvalue().splitlines()
    assert "'NOPE'" in line and line.endswith(f"Nothing was added to case {number}."), line
    assert run(ctx, "case", "remove", number, "T-1", "NOPE") == 2
    assert ctx.stderr.getvalue().endswith(f"Nothing was removed from case {number}.\n")
    assert run(ctx, "case", "show", number, "--json") == 0
    assert [t["key"] for t in out_json(ctx)["tickets"]] == ["T-1"]
    assert run(ctx, "case", "new", "Other", "--ticket", "T-2", "--ticket", "NOPE") == 2
    assert ctx.stderr.getvalue().endswith("No case was opened.\n")
    assert run(ctx, "case", "list", "--json") == 0 and [c["number"] for c in out_json(ctx)] == [number]


def test_an_update_that_changes_nothing_says_so(ctx: CliContext) -> None:
    """The same loss and reason set again recorded nothing, but the command said "Updated case"."""
    assert run(ctx, "case", "new", "Same", "--ticket", "T-1", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "update", number, "--loss", "12.00", "--reason", "count") == 0
    assert ctx.stdout.getvalue().startswith(f"Updated case {number}: ")
    assert run(ctx, "case", "update", number, "--loss", "12.00", "--reason", "count") == 0
    assert ctx.stdout.getvalue().startswith(f"Unchanged case {number}: ")
    assert run(ctx, "case", "update", number, "--assignee", "jane") == 0
    assert ctx.stdout.getvalue().startswith(f"Updated case {number}: ")


def test_adding_a_ticket_the_case_holds_or_to_no_such_case_says_so(ctx: CliContext) -> None:
    """``case add`` of a ticket already in the case printed "Updated case …" as if it had been added, and to a
    case that does not exist it said only "Nothing was added" after the first unknown ticket."""
    assert run(ctx, "case", "new", "Voids", "--ticket", "T-1", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "add", number, "T-1") == 0
    lines = ctx.stdout.getvalue().splitlines()
    assert lines[-2] == f"Case {number} held T-1 already: not added again."
    assert lines[-1].startswith(f"Unchanged case {number}: ")
    assert run(ctx, "case", "add", number, "T-1", "T-2") == 0
    lines = ctx.stdout.getvalue().splitlines()
    assert lines[-2] == f"Case {number} held T-1 already: not added again."
    assert lines[-1].startswith(f"Updated case {number}: ")
    assert run(ctx, "case", "add", "C-2099-0042", "NOPE") == 2
    (line,) = ctx.stderr.getvalue().splitlines()
    assert line.startswith("ows-desktop: No case C-2099-0042 ") and "NOPE" not in line, line


def test_case_show_lists_tickets_in_time_order_with_employee_ids_and_keeps_a_notes_lines(ctx, store) -> None:
    """``case show`` listed the tickets in the order they were added (the window and the PDF: time order),
    the operators without their employee ID, and a note's second line at the start of the line."""
    from datetime import timedelta

    store.upsert_tickets(
        [
            tk("T-8", start=T0 - timedelta(hours=2), operator="Yuki Brontë", operator_id="E1031"),
            tk("T-9", start=T0 + timedelta(hours=2), operator="Bo Lind"),
        ]
    )
    assert run(ctx, "case", "new", "Order", "--ticket", "T-9", "--ticket", "T-8", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "update", number, "--note", "first line\nsecond line") == 0
    assert run(ctx, "case", "show", number) == 0
    text = ctx.stdout.getvalue()
    lines = text.splitlines()
    listed = [line.split()[0] for line in lines if line.startswith("    T-")]
    assert listed == ["T-8", "T-9"], text
    assert "operator Yuki Brontë (E1031)" in text and "operator Bo Lind (no employee ID)" in text, text
    (first,) = [i for i, line in enumerate(lines) if line.endswith("first line")]
    assert lines[first + 1] == " " * lines[first].index("note: ") + "second line", text  # under the entry


def test_an_employee_id_of_one_operator_is_that_operator_as_the_window_gives_it(
    ctx: CliContext, store
) -> None:
    """``case new X --operator E1031`` stored "operator E1031" (case show, the PDF's cover) where the window's
    picker gives "Yuki Brontë (E1031)"; an ID two names share, or none, stays as typed."""
    store.upsert_tickets(
        [
            tk("T-4", operator="Yuki Brontë", operator_id="E1031"),
            tk("T-5", operator="Bo Lind", operator_id="E1099"),
            tk("T-6", operator="Bo Lindqvist", operator_id="E1099", location="S2"),
        ]
    )
    assert run(ctx, "case", "new", "X", "--operator", "E1031", "--json") == 0
    number = out_json(ctx)["number"]
    assert out_json(ctx)["operator"] == "Yuki Brontë (E1031)"
    assert run(ctx, "case", "new", "Y", "--operator", "E1099", "--allow-unknown", "--json") == 0
    assert out_json(ctx)["operator"] == "E1099"  # Bo Lind or Bo Lindqvist: not chosen for the person
    assert run(ctx, "case", "update", number, "--operator", "E1099", "--allow-unknown", "--json") == 0
    assert run(ctx, "case", "update", number, "--operator", "E1031", "--allow-unknown", "--json") == 0
    assert out_json(ctx)["operator"] == "Yuki Brontë (E1031)"  # --allow-unknown too: a known ID is known


def test_reopening_a_closed_case_needs_a_note_saying_why(ctx: CliContext) -> None:
    """A closed case is the evidence as handed over: ``case update --status "in progress"`` reopened it without a
    word, the history saying only that someone had. It now needs --note TEXT, kept right after the change."""
    assert run(ctx, "case", "new", "Handed over", "--ticket", "T-1", "--json") == 0
    number = out_json(ctx)["number"]
    assert run(ctx, "case", "close", number, "--outcome", "loss-confirmed") == 0
    assert run(ctx, "case", "update", number, "--status", "in progress") == 2
    assert ctx.stderr.getvalue() == (
        f"ows-desktop: Case {number} is closed: reopening it needs --note TEXT saying why (it is kept in its "
        "history); nothing was changed.\n"
    )
    assert run(ctx, "case", "show", number, "--json") == 0
    assert out_json(ctx)["status"] == "closed"
    assert (
        run(ctx, "case", "update", number, "--status", "in progress", "--note", "the police asked again") == 0
    )
    assert run(ctx, "case", "show", number, "--json") == 0
    steps = [(e["action"], e["changes"]) for e in out_json(ctx)["history"]][-2:]
    assert (
        steps[0][1]["status"] == ["closed", "in_progress"] and steps[1][1]["note"] == "the police asked again"
    )
