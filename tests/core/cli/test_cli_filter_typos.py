"""A filter value no ticket has is a typo, said in one line with what is there (exit 2), by ``search`` and
``export`` alike: ``--location s044`` (stores are ``S044``) and ``--operator-id NOPE`` answered "0 of 0
matching tickets", exit 0; ``export --exception bogus`` said "no tickets matching exception bogus" instead of
naming the rules. ``search`` takes ``--exception`` too, defined once for both (cli.ticket_filters).

What is no typo is taken: ``--operator-id e1032`` (refused, "did you mean 'E1032'?", while the search word
``e1032`` found E1032's tickets), a rule's title as the window shows it (``--exception 'Outside opening
hours'``), and several search words unquoted (``search e1031 choc`` failed "unrecognized arguments: choc");
a register no ticket has is offered its store's (``--terminal S044-R3``: S044-R1), as a store is."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from cli_support import ctx_on
from review_helpers import ln, tk

from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli import main
from ows_desktop.cli.context import CliContext

RULES = (
    "line_void, ticket_void, post_void, refund, refund_unmatched, no_sale, void_then_no_sale, discount_percent, "
    "discount_self_approved, whole_dollar_cash, price_override, outside_hours"
)


pytestmark = pytest.mark.both_backends  # the CLI on the SQLite cache and on a PostgreSQL team store


@pytest.fixture
def ctx(paths: AppPaths, store, store_backend: str, request: pytest.FixtureRequest) -> CliContext:
    store.upsert_tickets(
        [
            tk(
                "T-1",
                location="S044",
                terminal="S044-R1",
                operator_id="E1032",
                lines=(ln("A"), ln("B", voided=True)),
            ),
            tk("T-2", location="S031", terminal="S031-R2", operator_id="E1022"),
        ]
    )
    team = {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}
    context = ctx_on(paths, team)
    assert main.main(["rules"], context) == 0
    return context


def run(ctx: CliContext, *argv: str) -> tuple[int, str, str]:
    for stream in (ctx.stdout, ctx.stderr):
        stream.seek(0)
        stream.truncate()
    code = main.main(list(argv), ctx)
    return code, ctx.stdout.getvalue(), ctx.stderr.getvalue()


def export(ctx: CliContext, out: Path, *filters: str) -> tuple[int, str, str]:
    return run(ctx, "export", "--query", "", *filters, "--format", "json", "--out", str(out))


@pytest.mark.parametrize(
    ("option", "typed", "line"),
    [
        ("--location", "s044", "No store 's044' in the tickets here (did you mean 'S044'?); the stores here: "
                               "S031, S044."),
        ("--location", "S099", "No store 'S099' in the tickets here; the stores here: S031, S044."),
        ("--terminal", "r1", "No register 'r1' in the tickets here (did you mean 'S044-R1'?); the registers "
                             "here: S031-R2, S044-R1."),
        ("--terminal", "S044-R3", "No register 'S044-R3' in the tickets here (did you mean 'S044-R1'?); the "
                                  "registers here: S031-R2, S044-R1."),
        ("--terminal", "R9", "No register 'R9' in the tickets here; the registers here: S031-R2, S044-R1."),
        ("--operator-id", "NOPE", "No employee ID 'NOPE' in the tickets here; the employee IDs here: E1022, "
                                  "E1032; --operator NAME finds a cashier by name."),
        ("--operator-id", "E1O32", "No employee ID 'E1O32' in the tickets here; the employee IDs here: E1022, "
                                   "E1032; --operator NAME finds a cashier by name."),
        # a name no ticket carries answered "0 of 0 matching tickets", exit 0, as a mistyped ID once did
        ("--operator", "Nobody Here", "No operator 'Nobody Here' in the tickets here; the operator names here: "
                                      "Ana; --operator-id ID finds one employee."),
        ("--operator", " ana", "No operator ' ana' in the tickets here (did you mean 'Ana'?); the operator "
                               "names here: Ana; --operator-id ID finds one employee."),
        ("--exception", "bogus", f"Unknown rule 'bogus'; the rules are: {RULES}, or their titles (ows-desktop "
                                 "rules --list says what each finds)."),
    ],
)  # fmt: skip
def test_a_filter_value_no_ticket_has_is_said_by_search_and_export(
    ctx: CliContext, tmp_path: Path, option: str, typed: str, line: str
) -> None:
    assert run(ctx, "search", option, typed) == (2, "", f"ows-desktop: {line}\n")
    assert export(ctx, tmp_path / "out", option, typed) == (2, "", f"ows-desktop: {line}\n")
    assert not (tmp_path / "out").exists()


def test_the_values_the_tickets_have_still_find_them(ctx: CliContext, tmp_path: Path) -> None:
    for option, value in (
        ("--location", "S044"),
        ("--terminal", "S044-R1"),
        ("--operator-id", "E1032"),
        ("--operator-id", "e1032"),  # any letter case, as the search word e1032 finds E1032's tickets
        ("--exception", "  LINE   VOID "),  # any case and spacing
    ):
        code, out, err = run(ctx, "search", option, value, "--json")
        assert (code, err) == (0, "") and [t["id"] for t in json.loads(out)] == ["T-1"], (option, value)
    # a rule's title as the window shows it (not its id, outside_hours): no ticket here is outside hours
    code, out, err = run(ctx, "search", "--exception", "Outside opening hours", "--json")
    assert (code, err, json.loads(out)) == (0, "", [])
    for option, value in (("--operator-id", "e1032"), ("--exception", "line VOID")):  # export the same
        out_dir = tmp_path / value
        assert export(ctx, out_dir, option, value)[0] == 0, (option, value)
        custody = json.loads((out_dir / "export.json").read_text(encoding="utf-8"))
        assert [t["id"] for t in custody["tickets"]] == ["T-1"], (option, value)


def test_an_operator_name_finds_its_tickets_and_a_part_of_one_is_offered_the_names_holding_it(
    ctx: CliContext, store, tmp_path: Path
) -> None:
    store.upsert_tickets([tk("T-3", operator="Ines Brontë"), tk("T-4", operator="Yuki Brontë")])
    code, out, err = run(ctx, "search", "--operator", "Ines Brontë", "--json")
    assert (code, err) == (0, "") and [t["id"] for t in json.loads(out)] == ["T-3"]
    line = (
        "ows-desktop: No operator 'bronte' in the tickets here (did you mean 'Ines Brontë' or 'Yuki Brontë'?); "
        "the operator names here: Ana, Ines Brontë, Yuki Brontë; --operator-id ID finds one employee.\n"
    )
    assert run(ctx, "search", "--operator", "Ana", "--operator", "bronte") == (2, "", line)
    assert export(ctx, tmp_path / "out", "--operator", "bronte") == (2, "", line)
    assert not (tmp_path / "out").exists()
    assert export(ctx, tmp_path / "ines", "--operator", "Ines Brontë")[0] == 0
    custody = json.loads((tmp_path / "ines" / "export.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in custody["tickets"]] == ["T-3"]


def test_an_exception_rule_is_named_by_its_id_or_its_title() -> None:
    from ows_desktop.cli.ticket_filters import exception_rules
    from ows_desktop.rules import RULES

    assert exception_rules(["Outside opening hours", "outside_hours", "refund / RETURN"]) == (
        "outside_hours",
        "refund",
    )
    assert all(exception_rules([str(rule.title)]) == (rule.id,) for rule in RULES)


def test_search_takes_several_words_quoted_or_not(ctx: CliContext) -> None:
    """``search E1014 coke`` as the README shows it: the words joined, each AND-ed as a quoted text's are."""
    for argv in (["e1032", "item"], ["e1032 item"], ["E1032", "ite"]):
        code, out, err = run(ctx, "search", *argv, "--json")
        assert (code, err) == (0, "") and [t["id"] for t in json.loads(out)] == ["T-1"], argv
    code, out, err = run(ctx, "search", "e1032", "nothinglikeit", "--json")  # the second word counts too
    assert (code, err, json.loads(out)) == (0, "", [])
    code, out, _err = run(ctx, "search", "--json")  # no words: every ticket
    assert code == 0 and sorted(t["id"] for t in json.loads(out)) == ["T-1", "T-2"]


def test_search_words_may_come_before_and_after_options(ctx: CliContext) -> None:
    """``search e1031 --limit 5 choc`` failed "unrecognized arguments: choc": argparse took the words before
    the first option only. Words and options now mix in any order, as in most command-line tools."""
    for argv in (
        ["e1032", "--limit", "5", "item"],
        ["--json", "e1032", "--limit", "5", "item"],
        ["e1032", "--limit", "5", "--json", "item"],
    ):
        code, out, err = run(ctx, "search", *argv, *([] if "--json" in argv else ["--json"]))
        assert (code, err) == (0, "") and [t["id"] for t in json.loads(out)] == ["T-1"], argv
    code, out, err = run(ctx, "search", "e1032", "--json", "nothinglikeit")  # the later word counts too
    assert (code, err, json.loads(out)) == (0, "", [])
    code, out, err = run(ctx, "search", "e1032", "--limit", "5", "--bogus", "item")  # still refused
    assert code == 2 and out == "" and "unrecognized arguments: --bogus" in err, err


def test_search_takes_exception_as_export_does(ctx: CliContext, tmp_path: Path) -> None:
    code, out, err = run(ctx, "search", "--exception", "line_void", "--json")
    assert (code, err) == (0, "") and [t["id"] for t in json.loads(out)] == ["T-1"]
    code, out, _err = run(ctx, "search", "--exception", "Line-Void")  # any case, '-' for '_'
    assert code == 0 and out.endswith("1 of 1 matching tickets\n")
    assert export(ctx, tmp_path / "ev", "--exception", "line-void")[0] == 0
    custody = json.loads((tmp_path / "ev" / "export.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in custody["tickets"]] == ["T-1"]
    parser = main.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    search, exporting = (
        commands[name]._option_string_actions["--exception"] for name in ("search", "export")
    )
    assert (search.help, search.dest, search.metavar) == (exporting.help, exporting.dest, exporting.metavar)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("S044-R3", "(did you mean 'S044-R1' or 'S044-R2'?)"),  # the registers of the store it names
        ("s0440-r9", "(did you mean 'S0440-R1'?)"),  # the longest store id it starts with
        ("R2", "(did you mean 'S031-R2' or 'S044-R2'?)"),  # the registers whose id it ends
        ("4-R2", None),  # not at a boundary: no guess
    ],
)
def test_a_register_no_ticket_has_is_offered_the_likely_ones(typed: str, meant: str | None) -> None:
    from types import SimpleNamespace

    from ows_desktop.cli.context import UsageError
    from ows_desktop.cli.ticket_filters import checked

    pairs = [("S044", "S044-R1"), ("S044", "S044-R2"), ("S0440", "S0440-R1"), ("S031", "S031-R2")]
    reader = SimpleNamespace(terminals=lambda: pairs, operators=list)
    args = argparse.Namespace(location=[], terminal=[typed], operator=[], operator_id=[], exception=[])
    with pytest.raises(UsageError) as refused:
        checked(args, reader, None)
    said = str(refused.value)
    assert said.startswith(f"No register {typed!r} in the tickets here{' ' + meant if meant else ';'}"), said
