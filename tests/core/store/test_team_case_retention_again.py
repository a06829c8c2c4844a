"""A case's ticket the team store's retention removed, synced again and added back, then removed again — by
retention or by a person — on a real PostgreSQL, through the command line as a person types it.

``case_retention`` (store/postgres/case_retention.py) kept its row of a ticket added back to the case: the
case holding it again hid that only for whoever could read the ticket's row, so a login without the ticket's
store read it as "removed by retention" (and could export the case, which the scope rules refuse), and a
ticket added back and then taken out by a person stayed "1 ticket removed by retention" for everyone. A
case's count of tickets removed by retention is the number of its distinct tickets retention removed that it
does not hold now: per case, whoever reads it. (The SQLite cache has no retention: tests at the end.)"""

from __future__ import annotations

import json
from pathlib import Path

from pg_cluster import Cluster
from team_roles import Team, ok, retain_old_month, retention_team, run, sync_again


def _line(tmp_path: Path, team: Team, who: str, number: str) -> str:
    listing = ok(tmp_path, "--store", team.url(who), "case", "list")
    return next(line for line in listing.splitlines() if line.startswith(number))


def _counts(tmp_path: Path, team: Team, who: str, number: str) -> list[int]:
    shown = json.loads(ok(tmp_path, "--store", team.url(who), "case", "show", number, "--json"))
    return [shown[name] for name in ("ticket_count", "tickets_not_shown", "tickets_removed_by_retention")]


def test_a_ticket_added_back_and_removed_by_retention_again_is_counted_once(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    team, number, _old = retention_team(pg_cluster, tmp_path)  # S012-T1 of case "Old and new" removed
    director = team.url(team.director)
    sync_again(team, tmp_path, "S012-T1")
    ok(tmp_path, "--store", director, "case", "add", number, "S012-T1")
    assert "; 3 tickets; loss 25.00 (" in _line(tmp_path, team, team.director, number)

    printed = retain_old_month(team, tmp_path)  # its month, synced again, dropped again
    assert printed.startswith("Dropped 1 month before ") and "(2024-03)" in printed, printed
    line = _line(tmp_path, team, team.director, number)
    assert (
        "; 2 tickets, 1 ticket removed by retention; loss 14.00 of the tickets still in the store only"
        in line
    )
    assert _counts(tmp_path, team, team.director, number) == [2, 0, 1]
    line = _line(tmp_path, team, team.manager, number)  # S099-NEW is not hers
    assert "; 1 of 2 tickets visible to you, 1 ticket removed by retention; loss 7.00" in line, line
    shown = ok(tmp_path, "--store", director, "case", "show", number)
    assert "Tickets:  2; 1 ticket removed by retention (no longer in the team store)" in shown, shown
    assert "added 1 ticket: 1 ticket since removed by retention" in shown and "S012-T1" not in shown


def test_a_ticket_added_back_then_taken_out_by_a_person_is_not_removed_by_retention(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    team, number, _old = retention_team(pg_cluster, tmp_path)
    director = team.url(team.director)
    sync_again(team, tmp_path, "S012-T1")
    ok(tmp_path, "--store", director, "case", "add", number, "S012-T1")
    ok(tmp_path, "--store", director, "case", "remove", number, "S012-T1")  # a person's choice, not retention

    line = _line(tmp_path, team, team.director, number)
    assert "; 2 tickets; loss 14.00 (not set by an investigator" in line and "retention" not in line, line
    assert _counts(tmp_path, team, team.director, number) == [2, 0, 0]
    line = _line(tmp_path, team, team.manager, number)
    assert "; 1 of 2 tickets visible to you; loss 7.00 of the visible tickets only" in line, line
    shown = ok(tmp_path, "--store", director, "case", "show", number)
    assert "removed 1 ticket: S012-T1" in shown and "Tickets:  2\n" in shown, (
        shown
    )  # named: it is in the store
    retain_old_month(team, tmp_path)  # its month dropped again: it is no ticket of the case now
    assert "retention" not in _line(tmp_path, team, team.director, number)
    assert _counts(tmp_path, team, team.director, number) == [2, 0, 0]


def test_one_ticket_retention_removed_from_two_cases_is_counted_once_in_each(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    team, both, old = retention_team(pg_cluster, tmp_path)  # "Only old" holds S044-T1, removed
    director = team.url(team.director)
    sync_again(team, tmp_path, "S044-T1")
    ok(tmp_path, "--store", director, "case", "add", both, "S044-T1")  # the same ticket in a second case
    retain_old_month(team, tmp_path)
    assert _counts(tmp_path, team, team.director, old) == [0, 0, 1]
    assert _counts(tmp_path, team, team.director, both) == [2, 0, 2]  # S012-T1 and S044-T1
    line = _line(tmp_path, team, team.director, old)
    assert "; 0 tickets, 1 ticket removed by retention; loss not shown: retention removed its tickets" in line

    sync_again(team, tmp_path, "S044-T1")  # added back to one case: the other still lost it to retention
    ok(tmp_path, "--store", director, "case", "add", both, "S044-T1")
    assert _counts(tmp_path, team, team.director, old) == [0, 0, 1]
    assert _counts(tmp_path, team, team.director, both) == [3, 0, 1]
    investigator = team.investigator  # S012 and S044: "Only old" is not of his store, "Old and new" is
    assert _counts(tmp_path, team, investigator, both) == [2, 1, 1]  # S099-NEW hidden, S012-T1 retained


def test_a_ticket_added_back_in_a_store_the_reader_may_not_see_is_hidden_from_him_not_retained(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    """The investigator has S012 and S044: a ticket of S099 that the case holds again is "in a store you may
    not see" to him — he read it as removed by retention, and could export the case without it."""
    team, number, _old = retention_team(pg_cluster, tmp_path)
    director, investigator = team.url(team.director), team.investigator
    sync_again(team, tmp_path, "S099-T2")
    ok(tmp_path, "--store", director, "case", "add", number, "S099-T2")
    retain_old_month(team, tmp_path)  # S012-T1 (removed before) and S099-T2 removed by retention
    assert _counts(tmp_path, team, investigator, number) == [1, 1, 2]  # S012-NEW; S099-NEW; two retained

    sync_again(team, tmp_path, "S099-T2")
    ok(tmp_path, "--store", director, "case", "add", number, "S099-T2")
    assert _counts(tmp_path, team, team.director, number) == [3, 0, 1]
    assert _counts(tmp_path, team, investigator, number) == [1, 2, 1]  # was [1, 1, 2]
    line = _line(tmp_path, team, investigator, number)
    assert "; 1 of 3 tickets visible to you, 1 ticket removed by retention; loss 7.00 of the visible" in line
    code, out, err = run(tmp_path, "--store", team.url(investigator), "case", "export", number,
                         "--format", "json", "--out", str(tmp_path / "his"), "--clips", "none")  # fmt: skip
    assert code == 3 and f"Case {number} holds 2 tickets in stores you may not see" in err, (out, err)
    assert not (tmp_path / "his").exists()
    shown = ok(tmp_path, "--store", team.url(investigator), "case", "show", number)
    assert "S099-T2" not in shown and "1 ticket in a store you may not see" in shown, shown

    retain_old_month(team, tmp_path)  # and removed again: retention's, for him too
    assert _counts(tmp_path, team, investigator, number) == [1, 1, 2]
    assert _counts(tmp_path, team, team.director, number) == [2, 0, 2]


def test_the_upgrade_mends_what_an_earlier_version_left_of_tickets_added_back(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    """A store of schema 22 (no trigger: its ``case_retention`` rows stayed as tickets were added back),
    holding real cases: a ticket added back, one added back then taken out by a person, and one retention
    removed that no one added back. ``store migrate`` keeps only the last."""
    from ows_desktop.store.postgres import case_added_back, schema

    team, both, old = retention_team(pg_cluster, tmp_path)  # S012-T1 of both, S044-T1 of old removed
    director = team.url(team.director)
    team.admin("DROP TRIGGER case_tickets_back ON case_tickets")  # the store as schema 22 wrote it
    team.admin("DROP FUNCTION ows_case_ticket_back()")
    sync_again(team, tmp_path, "S099-T1")
    kept = json.loads(ok(tmp_path, "--store", director, "case", "new", "Kept", "--ticket", "S099-T1",
                         "--json"))["number"]  # fmt: skip
    retain_old_month(team, tmp_path)  # S099-T1 removed from "Kept", and no one adds it back
    sync_again(team, tmp_path, "S012-T1", "S044-T1")
    ok(tmp_path, "--store", director, "case", "add", both, "S012-T1")  # held again
    ok(tmp_path, "--store", director, "case", "add", old, "S044-T1")
    ok(tmp_path, "--store", director, "case", "remove", old, "S044-T1")  # held again, then taken out
    rows = (
        "SELECT c.title, r.ticket_key FROM case_retention AS r JOIN cases AS c ON c.id = r.case_id ORDER BY 1"
    )
    assert team.admin(rows) == [("Kept", "S099-T1"), ("Old and new", "S012-T1"), ("Only old", "S044-T1")]
    team.admin(f"UPDATE ows_schema SET version = {schema.MIGRATIONS.index(case_added_back.MIGRATION)}")
    code, _out, err = run(tmp_path, "--store", director, "case", "list")
    assert code != 0 and "store migrate" in err, err  # an old store is upgraded first, said so

    ok(tmp_path, "store", "migrate", team.url(team.owner))
    assert team.admin(rows) == [("Kept", "S099-T1")]
    assert _counts(tmp_path, team, team.director, both) == [3, 0, 0]
    assert _counts(tmp_path, team, team.director, old) == [0, 0, 0]
    assert _counts(tmp_path, team, team.director, kept) == [0, 0, 1]
    assert _counts(tmp_path, team, team.investigator, both) == [2, 1, 0]  # S099-NEW is not his store
    retain_old_month(
        team, tmp_path
    )  # and from now on a ticket added back leaves case_retention as it is added
    assert _counts(tmp_path, team, team.investigator, both) == [1, 1, 1]
    sync_again(team, tmp_path, "S012-T1")
    ok(tmp_path, "--store", director, "case", "add", both, "S012-T1")
    assert _counts(tmp_path, team, team.investigator, both) == [2, 1, 0]


def test_case_remove_takes_a_ticket_retention_removed_out_of_the_case_and_says_so(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    """``case remove`` of a ticket retention removed that the case still counts said "No ticket … in the team
    store … sync the day it was rung up first", exit 2, and the case went on counting it: nobody could take it
    out. Now it is taken out, said so and audited; a second time, the case does not hold it: exit 2."""
    team, number, old = retention_team(
        pg_cluster, tmp_path
    )  # S012-T1 of "Old and new", S044-T1 of "Only old"
    director = team.url(team.director)
    assert _counts(tmp_path, team, team.director, number) == [2, 0, 1]
    code, out, err = run(tmp_path, "--store", director, "case", "remove", number, "S012-T1")
    assert (code, err) == (0, ""), (out, err)
    said = f"Removed S012-T1 from case {number}: it had been removed from the team store by retention.\n"
    assert out.startswith(said) and f"Updated case {number}: " in out and "retention" not in out[len(said) :]
    assert _counts(tmp_path, team, team.director, number) == [2, 0, 0]
    assert _counts(tmp_path, team, team.director, old) == [0, 0, 1]  # the other case's is its own
    assert "removed 1 ticket: " in ok(tmp_path, "--store", director, "case", "show", number)

    code, out, err = run(tmp_path, "--store", director, "case", "remove", number, "S012-T1")  # not held now
    assert (code, out) == (2, "") and len(err.splitlines()) == 1, err
    assert f"Nothing was removed from case {number}." in err and "Traceback" not in err
    code, out, err = run(tmp_path, "--store", director, "case", "remove", number, "S044-T1")  # another case's
    assert (code, out) == (2, "") and f"Nothing was removed from case {number}." in err, err
    assert _counts(tmp_path, team, team.director, old) == [0, 0, 1]


def test_only_a_role_that_had_its_store_takes_a_ticket_retention_removed_out_of_a_case(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    """The investigator has S012 and S044: a ticket of S099 that retention removed from his case is not his to
    take out (he could not have taken it out before either), said so, exit 3, nothing changed."""
    team, number, _old = retention_team(pg_cluster, tmp_path)
    sync_again(team, tmp_path, "S099-T2")
    ok(tmp_path, "--store", team.url(team.director), "case", "add", number, "S099-T2")
    retain_old_month(team, tmp_path)  # S012-T1 (removed before) and S099-T2 removed by retention
    investigator = team.url(team.investigator)
    code, out, err = run(tmp_path, "--store", investigator, "case", "remove", number, "S012-T1", "S099-T2")
    assert (code, out) == (3, "") and len(err.splitlines()) == 1, err
    assert "Ticket S099-T2 of case" in err and "nothing was removed" in err, err
    assert _counts(tmp_path, team, team.director, number) == [2, 0, 2]  # S012-T1 not taken out either
    ok(tmp_path, "--store", investigator, "case", "remove", number, "S012-T1")  # of his store
    assert _counts(tmp_path, team, team.director, number) == [2, 0, 1]


def test_the_single_seat_cache_has_no_retention(tmp_path: Path) -> None:
    """A SQLite cache never loses a ticket: retention is refused there, so a case's tickets stay its own."""
    cache = tmp_path / "cache.db"
    for typed in (str(cache), f"sqlite:{cache}"):
        code, out, err = run(tmp_path, "store", "retention", typed, "--keep-months", "2")
        assert (code, out) == (2, "") and "Retention applies to a team store: postgresql://" in err, err
        assert "Traceback" not in err and not cache.exists()
