"""``ows-desktop flag / unflag / review / rules / exceptions / export`` in-process, and as a real subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import make_ctx
from review_helpers import T0, ln, tk

from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli import export, main
from ows_desktop.cli.context import CliContext
from ows_desktop.store import TicketQuery, open_store


@pytest.fixture
def ctx(tmp_path: Path) -> CliContext:
    context = make_ctx(tmp_path)
    context.settings().set("rules/outside_hours/timezone", "UTC")  # results independent of the machine's zone
    with open_store(context.paths.database) as store:
        store.upsert_tickets(
            [
                tk("T-1", lines=(ln("A"), ln("B", voided=True))),
                tk("T-2", start=T0.replace(minute=2), status="no_sale", lines=()),
            ]
        )
    return context


def run(ctx: CliContext, *argv: str) -> int:
    ctx.stdout.seek(0)
    ctx.stdout.truncate()
    ctx.stderr.seek(0)
    ctx.stderr.truncate()
    return main.main(list(argv), ctx)


def test_flag_update_note_and_unflag(ctx: CliContext) -> None:
    assert run(ctx, "flag", "T-1", "--reason", "void abuse", "--note", "drawer open") == 0
    assert ctx.stdout.getvalue() == "Flagged T-1: reason Void abuse, state To review; note added (1 note).\n"
    assert run(ctx, "flag", "T-1", "--state", "confirmed") == 0
    assert "Updated T-1: reason Void abuse, state Confirmed." in ctx.stdout.getvalue()
    assert run(ctx, "flag", "T-1", "--state", "confirmed") == 0
    assert ctx.stdout.getvalue().startswith("Unchanged")
    assert run(ctx, "flag", "T-1", "--json") == 0
    data = json.loads(ctx.stdout.getvalue())
    assert data["flag"]["state"] == "confirmed" and data["notes"][0]["text"] == "drawer open"
    assert run(ctx, "unflag", "T-1", "--note", "explained") == 0
    assert "Removed the flag of T-1" in ctx.stdout.getvalue()
    assert run(ctx, "review", "T-1", "--json") == 0
    data = json.loads(ctx.stdout.getvalue())
    assert data["flag"] is None
    assert [a["action"] for a in data["audit"]] == ["flag", "note", "update", "unflag", "note"]


def test_unknown_ticket_and_bad_input_exit_2(ctx: CliContext) -> None:
    assert run(ctx, "flag", "T-404", "--reason", "x") == 2
    assert "No ticket 'T-404' in the cache" in ctx.stderr.getvalue()
    assert run(ctx, "unflag", "T-404") == 2
    assert run(ctx, "flag", "T-1", "--state", "maybe") == 2
    assert "Unknown review state 'maybe'" in ctx.stderr.getvalue()
    assert run(ctx, "flag", "T-1", "--note", "  ") == 2
    # a reason is a label: a 100 KB one ran over several pages of the PDF (a review of the command line)
    assert run(ctx, "flag", "T-1", "--reason", "x" * 100_000) == 2
    assert ctx.stderr.getvalue() == (
        "ows-desktop: A flag reason is a short label of at most 200 characters (this one has 100,000); put "
        "the details in a note.\n"
    )
    with open_store(ctx.paths.database) as store, store.reader() as reader:
        assert reader.review.audit_trail() == []
    assert run(ctx, "flag", "T-1", "--reason", "z" * 200) == 0  # a label that long is fine
    with open_store(ctx.paths.database) as store:  # one stored before the limit (an older version wrote it)
        store.review.flag_ticket("T-1", reason="y" * 300)
    assert (
        run(
            ctx,
            "export",
            "--flagged",
            "--reason",
            "y" * 300,
            "--format",
            "csv",
            "--out",
            str(ctx.paths.data_dir / "e"),
        )
        == 0
    )  # filtered by


def test_rules_exceptions_and_export(ctx: CliContext, tmp_path: Path) -> None:
    assert run(ctx, "rules", "--json") == 0
    summary = json.loads(ctx.stdout.getvalue())
    assert summary["tickets"] == 2 and summary["exceptions"] == 2
    assert run(ctx, "rules", "--list") == 0
    assert "void_then_no_sale" in ctx.stdout.getvalue()
    assert run(ctx, "exceptions", "--json") == 0
    ranking = json.loads(ctx.stdout.getvalue())
    assert ranking == [
        {
            "name": "Ana",
            "location": "S1",  # her tickets carry no employee ID: she is known by name at S1
            "operator_id": None,
            "identified_by": "name and store (no employee ID)",
            "names": ["Ana"],
            "stores": ["S1"],
            "tickets": 2,
            "tickets_with_exceptions": 2,
            "exceptions": 2,
            "score": 2.0,
            "per_rule": {"line_void": 1, "no_sale": 1},
            "ranked": False,  # 2 tickets: too few to compare with peers
            "vs_peers": None,
        }
    ]
    assert run(ctx, "exceptions", "--by", "terminal") == 0
    assert "S1 R1" in ctx.stdout.getvalue()
    assert run(ctx, "flag", "T-2", "--reason", "No sale") == 0
    out = tmp_path / "evidence"
    assert run(ctx, "export", "--flagged", "--format", "csv", "--out", str(out), "--json") == 0
    result = json.loads(ctx.stdout.getvalue())
    assert result["tickets"] == 1 and {f["path"] for f in result["files"]} == {
        "tickets.csv",
        "lines.csv",
        "export.json",
        "key.pem",  # the public key the manifest is signed with
    }
    assert (
        run(ctx, "export", "--query", "", "--exception", "line_void", "--format", "json", "--out", str(out))
        == 2
    )
    assert "not empty" in ctx.stderr.getvalue()
    assert (
        run(
            ctx,
            "export",
            "--query",
            "",
            "--exception",
            "line_void",
            "--format",
            "json",
            "--out",
            str(tmp_path / "q"),
        )
        == 0
    )
    custody = json.loads((tmp_path / "q" / "export.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in custody["tickets"]] == ["T-1"]


def test_a_real_ows_desktop_process_flags_a_ticket(ctx: CliContext) -> None:
    data_dir = ctx.paths.data_dir
    argv = [sys.executable, "-m", "ows_desktop", "--data-dir", str(data_dir)]
    done = subprocess.run(
        [*argv, "flag", "T-2", "--reason", "Mots à moi ✓", "--note", "line 1\nline 2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    missing = subprocess.run([*argv, "unflag", "nope"], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "No ticket 'nope'" in missing.stderr
    with open_store(AppPaths.resolve(data_dir, env={}).database) as store, store.reader() as reader:
        current = reader.review.review_of("T-2")
        assert current.flag is not None and current.flag.reason == "Mots à moi ✓"
        assert current.notes[0].note == "line 1\nline 2"
        assert reader.count(TicketQuery(flagged=True)) == 1


def test_the_real_parser_has_the_review_commands() -> None:
    parser = main.build_parser()
    args = parser.parse_args(["export", "--flagged", "--format", "pdf", "--out", "x"])
    assert args.func is export.cmd_export and args.format == "pdf"
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--flagged", "--query", "q", "--format", "csv", "--out", "x"])


def test_search_lines_keep_their_columns_whatever_the_fraction_of_a_second(ctx: CliContext) -> None:
    with open_store(ctx.paths.database) as store:  # .53 s, a whole second, .123456 s
        store.upsert_tickets(
            [
                tk("T-7", start=T0.replace(minute=7, microsecond=530_000)),
                tk("T-8", start=T0.replace(minute=8)),
                tk("T-9", start=T0.replace(minute=9, microsecond=123_456)),
            ]
        )
    assert run(ctx, "search", "--limit", "10") == 0
    lines = ctx.stdout.getvalue().splitlines()[:-1]
    assert len(lines) == 5 and len({line.index(" S1 ") for line in lines}) == 1, lines  # one column for all
    # the times as the window's list shows them (a store of unknown zone: UTC, to the second; --json: the ms)
    assert [line[:24] for line in lines[:3]] == [f"2026-03-02 15:0{m}:00 UTC " for m in (9, 8, 7)]


def test_json_times_are_to_the_millisecond_whatever_the_fraction_of_a_second(ctx: CliContext) -> None:
    """search --json, review --json and case show --json wrote ``…:08Z``, ``…:07.53Z`` and ``…:09.123456Z``
    (and case show ``+00:00``): times that do not sort as text, unlike the exports'."""
    with open_store(ctx.paths.database) as store:
        store.upsert_tickets(
            [
                tk("T-7", start=T0.replace(minute=7, microsecond=530_000)),
                tk("T-8", start=T0.replace(minute=8)),
                tk("T-9", start=T0.replace(minute=9, microsecond=123_456)),
            ]
        )
        store.review.flag_ticket("T-8", reason="void abuse")
        store.review.add_note("T-8", "seen")
        number = store.cases.new_case("Three", tickets=["T-7", "T-8", "T-9"]).number
    millisecond = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
    assert run(ctx, "search", "--json") == 0
    found = json.loads(ctx.stdout.getvalue())
    assert sorted(row["start"][14:] for row in found if row["id"] in {"T-7", "T-8", "T-9"}) == [
        "07:00.530Z", "08:00.000Z", "09:00.123Z"
    ]  # fmt: skip
    ctx.stdout.seek(0), ctx.stdout.truncate()
    assert run(ctx, "review", "T-8", "--json") == 0
    shown = json.loads(ctx.stdout.getvalue())
    times = [shown["flag"]["flagged_at"], shown["flag"]["updated_at"], *(n["at"] for n in shown["notes"])]
    assert len(times) == 3 and all(millisecond.fullmatch(t) for t in times), times
    ctx.stdout.seek(0), ctx.stdout.truncate()
    assert run(ctx, "case", "show", number, "--json") == 0
    cased = [t["time_utc"] for t in json.loads(ctx.stdout.getvalue())["tickets"]]
    assert len(cased) == 3 and all(millisecond.fullmatch(t) for t in cased), cased


@pytest.mark.parametrize("pending", [False, True])
def test_rules_on_a_newer_versions_findings_is_one_line_exit_2(ctx: CliContext, monkeypatch, pending) -> None:
    from ows_desktop.rules import RuleRunner, definitions

    monkeypatch.setattr(definitions, "RULES_LOGIC", definitions.RULES_LOGIC + 1)
    with open_store(ctx.paths.database) as store:
        RuleRunner().run_all(store)
    monkeypatch.undo()
    assert run(ctx, "rules", *(["--pending"] if pending else [])) == 2
    (line,) = ctx.stderr.getvalue().splitlines()
    assert line.startswith("ows-desktop: The exceptions in this store were found by a newer OWS Desktop")
    assert line.endswith("update this workstation before it runs the rules.")


def test_search_for_a_status_nobody_has_is_a_typo_said_in_one_line(ctx: CliContext) -> None:
    """``--status bogus`` answered "0 of 0 matching tickets", exit 0, as if the store had none that day."""
    assert run(ctx, "search", "--status", "bogus", "--status", "sale") == 2
    assert ctx.stderr.getvalue() == (
        "ows-desktop: No ticket in the cache has the status 'bogus': the statuses here are no_sale, sale.\n"
    )
    assert (
        run(ctx, "search", "--status", "refund", "--json") == 0
    )  # one OWS documents: none here, said as such
    assert json.loads(ctx.stdout.getvalue()) == []
    assert run(ctx, "search", "--status", "no_sale", "--json") == 0
    assert [t["id"] for t in json.loads(ctx.stdout.getvalue())] == ["T-2"]
