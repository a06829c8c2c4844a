"""Who may see what on the team store (issue #16): the database itself refuses, whatever the client.

Every test connects as a person's own login role (never the superuser) to a real throwaway PostgreSQL
(tests/pg_cluster.py) set up by tests/team_roles.py as an IT admin would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pg_cluster import Cluster
from review_helpers import pdftotext
from team_roles import STORES, Team, build_team, run

from ows_desktop.basics.paths import AppPaths
from ows_desktop.store import TicketQuery
from ows_desktop.store.errors import StoreError, TicketNotFoundError
from ows_desktop.store.url import open_store_url


@pytest.fixture(scope="module")
def team(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Team:
    return build_team(pg_cluster, tmp_path_factory.mktemp("team"))


def _tables(team: Team) -> list[str]:
    rows = team.admin(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1"
    )
    return [name for (name,) in rows]


def _store(team: Team, user: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_store_url(team.url(user), tmp_path / "unused.db", password=lambda _l: None)


def _foreign_rows(team: Team, user: str, allowed: set[str]) -> dict[str, int]:
    """Per table: rows the user's raw SELECT * returns that belong to a location outside ``allowed``."""
    truth = {key for (key,) in team.admin("SELECT key FROM tickets")}
    location_of = dict(team.admin("SELECT key, location FROM tickets"))
    rid_location = dict(team.admin("SELECT rid, location FROM tickets"))
    found: dict[str, int] = {}
    import psycopg

    with team.connect(user) as conn:
        for table in _tables(team):
            try:
                cur = conn.execute(f"SELECT * FROM {table}")
            except psycopg.errors.InsufficientPrivilege:
                continue
            columns = [c.name for c in cur.description or ()]
            bad = 0
            for row in cur.fetchall():
                record = dict(zip(columns, row, strict=True))
                locations = set()
                if "location" in record and table != "ows_assignments":
                    locations.add(record["location"])
                if "rid" in record and record["rid"] in rid_location:
                    locations.add(rid_location[record["rid"]])
                for column in ("key", "ticket_key"):
                    if record.get(column) in truth:
                        locations.add(location_of[record[column]])
                if table == "ows_assignments" and record["member"] != user:
                    bad += 1
                bad += len(locations - allowed)
            found[table] = bad
    return found


# -- a manager sees only her store -----------------------------------------------------------------------------


def test_a_managers_raw_select_of_every_table_returns_no_row_of_another_store(team: Team) -> None:
    found = _foreign_rows(team, team.manager, {"S012"})
    assert "tickets" in found and "flags" in found and "review_audit" in found
    assert found == dict.fromkeys(found, 0)
    with team.connect(team.manager) as conn:
        assert conn.execute("SELECT DISTINCT location FROM tickets").fetchall() == [("S012",)]
        assert conn.execute("SELECT count(*) FROM ticket_docs").fetchone() == (3,)
        assert conn.execute("SELECT ticket_key FROM flags").fetchall() == [("S012-T0",)]


def test_a_search_for_a_store_the_role_does_not_see_says_so(team: Team, tmp_path: Path) -> None:
    """Row-level security answers "0 matching tickets" for another store, as for a store with no sale."""
    code, out, err = run(tmp_path, "--store", team.url(team.manager), "search", "--location", "S044")
    assert code == 0 and out.endswith("0 of 0 matching tickets\n")
    assert (
        err == f"Note: S044 is not among the stores {team.manager} may see in the team store (stores: S012); "
        "its tickets are not counted.\n"
    )
    code, out, err = run(
        tmp_path, "--store", team.url(team.manager), "search", "--location", "S012", "--json"
    )
    assert code == 0 and err == "" and json.loads(out)


def test_a_managers_search_and_store_reads_show_only_her_store(team: Team, tmp_path: Path) -> None:
    code, out, err = run(
        tmp_path, "--store", team.url(team.manager), "search", "chocolate", "--json", "--limit", "0"
    )
    assert code == 0, err
    assert {row["location"] for row in json.loads(out)} == {"S012"}
    with _store(team, team.manager, tmp_path) as store, store.reader() as reader:
        assert reader.count(TicketQuery()) == 3
        assert reader.distinct_values("location") == ["S012"]
        assert {location for location, _, _ in reader.operators()} == {"S012"}  # her store's cashiers only
        assert [entry.ticket_key for entry in reader.review.audit_trail()] == ["S012-T0"] * 2
        with pytest.raises(TicketNotFoundError):
            reader.ticket("S044-T1")


def test_a_manager_may_review_her_store_but_not_another_nor_export(team: Team, tmp_path: Path) -> None:
    with _store(team, team.manager, tmp_path) as store:
        change = store.review.flag_ticket("S012-T1", reason="Refund fraud", note="seen on camera")
        assert change.flag.reason == "Refund fraud"
        with pytest.raises(TicketNotFoundError):
            store.review.flag_ticket("S044-T1", reason="Refund fraud")
        with pytest.raises(StoreError):  # the database refuses a manager's export entry
            store.audit.record("export:C-1", "export", {"tickets": ["S012-T1"]})
    code, _out, err = run(
        tmp_path,
        "--store",
        team.url(team.manager),
        "export",
        "--flagged",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "ev"),
    )
    assert code == 3 and "investigators and the director" in err and err.count("\n") == 1
    assert not (tmp_path / "ev").exists()
    # the chain, appended to by a role that cannot read most of it, still verifies (as the director)
    with _store(team, team.director, tmp_path) as store, store.reader() as reader:
        assert reader.review.verify_audit_chain() is None
        assert any(e.who and e.ticket_key == "S012-T1" for e in reader.review.audit_trail())


def test_a_ticket_of_a_store_the_role_does_not_see_is_refused_naming_the_stores_it_sees(
    team: Team, tmp_path: Path
) -> None:
    """Row-level security hides another store's ticket as if it had never been synced: "sync the day it was
    rung up first" sent a manager after a sync she cannot run and that would not help."""
    code, out, err = run(
        tmp_path, "--store", team.url(team.manager), "flag", "S044-T1", "--reason", "Refund fraud"
    )
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert f"No ticket 'S044-T1' in the stores {team.manager} may see" in err and "(stores: S012)" in err
    assert "assigned by the team store's owner or director" in err and "sync the day" not in err
    code, _out, err = run(
        tmp_path, "--store", team.url(team.director), "flag", "S044-T9", "--reason", "Refund fraud"
    )
    assert code == 2 and "No ticket 'S044-T9' in the team store" in err and "sync the day" in err


@pytest.mark.parametrize(
    "command",
    [
        ("flag", "S012-T1", "--reason", "Refund fraud"),
        ("unflag", "S012-T1"),
        ("search", "--flagged"),  # its rows carry their flags: a plain search too
        ("search", "--json"),
        ("review", "S012-T1"),
    ],
)
def test_the_sync_login_is_refused_flags_in_its_roles_words(team: Team, tmp_path: Path, command) -> None:
    """The sync service's login writes tickets, not reviews, and never reads them: the database's
    "permission denied (for table flags)" came out as "ask the admin to grant it", exit 2 — advice to give
    the sync login a privilege it must not have."""
    code, out, err = run(tmp_path, "--store", team.url(team.sync), *command)
    assert code == 3 and out == "" and err.count("\n") == 1, err
    assert f"Flags and notes are for managers, investigators and the director; {team.sync}'s role" in err
    assert "grant" not in err


@pytest.mark.parametrize(
    "command", [("case", "list"), ("case", "list", "--json"), ("case", "show", "C-2026-0001")]
)
def test_the_sync_login_is_refused_cases_in_its_roles_words(team: Team, tmp_path: Path, command) -> None:
    """A tester's `case list` as the sync login: "The database role lacks a privilege on the team store …
    (permission denied for table cases). Ask the admin to grant it.", exit 2. Cases hold notes and an audit
    trail, which that login never reads: refused in its role's words, exit 3."""
    code, out, err = run(tmp_path, "--store", team.url(team.sync), *command)
    assert code == 3 and out == "" and err.count("\n") == 1, err
    assert (
        f"Cases are for managers, investigators and the director; {team.sync}'s role does not read them"
        in err
    )
    assert "grant" not in err


def test_the_owners_maintenance_is_refused_to_a_manager_in_her_roles_words(
    team: Team, tmp_path: Path
) -> None:
    """``store retention`` and ``store copy`` as a manager said "ask the admin to grant it", exit 2: no grant
    should make a manager able to drop months or copy every store's reviews in."""
    from review_helpers import tk

    from ows_desktop.store import open_store

    manager = team.url(team.manager)
    code, out, err = run(tmp_path, "store", "retention", manager, "--keep-months", "6")
    assert code == 3 and out == "" and err.count("\n") == 1, err
    assert "may not drop months of" in err and "only the team store's owner may" in err and "grant" not in err
    with open_store(tmp_path / "cache.sqlite3") as cache:
        cache.upsert_tickets([tk("T-1")])
    code, out, err = run(
        tmp_path, "store", "copy", "--from", f"sqlite:{tmp_path / 'cache.sqlite3'}", "--to", manager
    )
    assert code == 3 and out == "" and err.count("\n") == 1, err
    assert "Copying a cache into the team store is for its owner" in err and "signed in as manager" in err


def test_a_cases_history_names_the_database_login_that_wrote_it_not_the_shared_os_user(
    team: Team, tmp_path: Path
) -> None:
    """On a back-office computer everyone is the same OS user: the case's history (window, ``case show``,
    export) said that user for every entry. The database login is who the database checked."""
    from ows_desktop.store.review import current_user

    code, out, err = run(
        tmp_path,
        "--store",
        team.url(team.investigator),
        "case",
        "new",
        "Shared PC",
        "--location",
        "S012",
        "--ticket",
        "S012-T1",
    )
    assert code == 0, err
    number = out.split()[2].rstrip(":")
    code, out, err = run(tmp_path, "--store", team.url(team.investigator), "case", "show", number)
    assert code == 0, err
    history = out.split("  History:\n", 1)[1].splitlines()
    assert history and all(f"  {team.investigator}  " in line for line in history), history
    assert current_user() != team.investigator and not any(
        f"  {current_user()}  " in line for line in history
    )


def test_an_investigator_neither_sees_nor_changes_a_case_of_a_store_outside_his(
    team: Team, tmp_path: Path
) -> None:
    """The first policy showed every case — title, loss, notes, history — to every investigator and let him
    change it: in a review one overwrote a director's loss on another store's case and closed it."""
    director, investigator = team.url(team.director), team.url(team.investigator)
    code, out, err = run(tmp_path, "--store", director, "case", "new", "S099 only", "--location", "S099",
                         "--ticket", "S099-T1", "--note", "confidential: HR review", "--json")  # fmt: skip
    assert code == 0, err
    number = json.loads(out)["number"]
    code, out, err = run(tmp_path, "--store", investigator, "case", "list", "--json")
    assert code == 0 and number not in out, out
    for argv in (
        ("show", number),
        ("update", number, "--loss", "0", "--reason", "mine now"),
        ("close", number),
    ):
        code, out, err = run(tmp_path, "--store", investigator, "case", *argv)
        assert code == 2 and f"No case {number}" in err and "confidential" not in out + err, (argv, err)
    with team.connect(team.investigator) as conn:  # a SQL client reads and changes nothing of it either
        assert conn.execute("SELECT count(*) FROM cases WHERE number = %s", (number,)).fetchone() == (0,)
        entries = conn.execute("SELECT count(*) FROM review_audit WHERE ticket_key = %s", ("case:" + number,))
        assert entries.fetchone() == (0,)
        conn.execute("UPDATE cases SET loss_override = 0, status = 'closed' WHERE number = %s", (number,))
    assert team.admin(f"SELECT loss_override, status FROM cases WHERE number = '{number}'") == [
        (None, "open")
    ]
    # nor does he open a case for that store; his own store's case is numbered past the one he cannot see
    code, out, err = run(tmp_path, "--store", investigator, "case", "new", "Not mine", "--location", "S099")
    assert code == 3 and err.count("\n") == 1 and "grant" not in err, err
    assert f"{team.investigator} may open and change cases of the stores S012, S044 only; S099 is not" in err
    code, out, err = run(
        tmp_path, "--store", investigator, "case", "new", "Mine", "--location", "S012", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["number"] > number  # C-2026-000N: no clash with the hidden case's number
    code, out, err = run(tmp_path, "--store", director, "case", "show", number)  # the director sees it whole
    assert code == 0 and "confidential: HR review" in out


def test_a_grant_of_a_store_id_no_ticket_has_is_said(team: Team, tmp_path: Path) -> None:
    """Store ids are case-sensitive: 's012' granted nothing to see, and nothing said so."""
    import uuid

    owner, person = team.url(team.owner), f"typo_{uuid.uuid4().hex[:8]}"
    grant = ("store", "grant", person, "--role", "manager", "--store", owner)
    code, out, err = run(tmp_path, *grant, "--locations", "s012,S044")
    assert code == 0 and f"{person} is now manager for s012, S044." in out
    assert err.startswith("Note: no ticket of s012 is in the store yet; store ids are case-sensitive")
    code, out, err = run(tmp_path, *grant, "--locations", "S012")
    assert code == 0 and err == ""


def test_a_store_upgraded_without_store_roles_numbers_an_investigators_case(
    team: Team, tmp_path: Path
) -> None:
    """The numbering function came with a migration; `store migrate` alone left investigators unable to open
    a case ("lacks a privilege … grant it") until `store roles --apply`: the migration grants it itself."""
    from ows_desktop.store.postgres import case_scope

    team.admin("REVOKE EXECUTE ON FUNCTION ows_next_case_seq(integer) FROM ows_director, ows_investigator")
    investigator = team.url(team.investigator)
    code, _out, err = run(tmp_path, "--store", investigator, "case", "new", "Before", "--location", "S012")
    assert code != 0 and "privilege" in err  # what a store migrated by the step without its grant did
    with team.connect(team.owner) as conn:  # the step's grant, as `store migrate` runs it (as the owner)
        conn.execute(case_scope.MIGRATION[-1])
    code, _out, err = run(tmp_path, "--store", investigator, "case", "new", "After", "--location", "S012")
    assert code == 0, err


def test_a_case_with_a_ticket_of_another_store_names_it_to_no_one_who_may_not_see_it(
    team: Team, tmp_path: Path
) -> None:
    """A case of the investigator's store holding a ticket of a store he does not have: its history said that
    ticket's id (case show, the export), and his signed export of the case left it out, saying nothing."""
    director, investigator = team.url(team.director), team.url(team.investigator)
    code, out, err = run(tmp_path, "--store", director, "case", "new", "Mixed", "--location", "S012",
                         "--ticket", "S012-T1", "--ticket", "S099-T1", "--json")  # fmt: skip
    assert code == 0, err
    number = json.loads(out)["number"]
    code, out, err = run(tmp_path, "--store", investigator, "case", "show", number)
    assert code == 0, err
    assert "Tickets:  1 of 2 visible to you (1 ticket in a store you may not see" in out
    assert "added 2 tickets: S012-T1 and 1 ticket in a store you may not see" in out
    code, listed, err = run(tmp_path, "--store", investigator, "case", "show", number, "--json")
    assert code == 0 and json.loads(listed)["tickets_not_shown"] == 1
    assert "S099" not in out + listed + err
    evidence = tmp_path / "mixed"
    code, out, err = run(tmp_path, "--store", investigator, "case", "export", number, "--format", "json",
                         "--out", str(evidence), "--clips", "none")  # fmt: skip
    assert code == 3 and "holds 1 ticket in a store you may not see" in err and not evidence.exists(), err
    code, out, err = run(tmp_path, "--store", director, "case", "show", number)  # the director sees it whole
    assert code == 0 and "added 2 tickets: S012-T1, S099-T1" in out and "Tickets:  2\n" in out


def test_an_export_folders_whole_path_is_shown_to_the_login_that_exported_only(
    team: Team, tmp_path: Path
) -> None:
    """The case's history keeps where the investigator's export went; another login reading the case (the
    director here) is told the folder's name, not the path on her workstation (its OS user's home)."""
    director, investigator = team.url(team.director), team.url(team.investigator)
    code, out, err = run(tmp_path, "--store", director, "case", "new", "Paths", "--location", "S012",
                         "--ticket", "S012-T1", "--json")  # fmt: skip
    assert code == 0, err
    number = json.loads(out)["number"]
    evidence = tmp_path / "home-of-the-investigator" / "case-evidence"
    code, out, err = run(tmp_path, "--store", investigator, "case", "export", number, "--format", "json",
                         "--out", str(evidence), "--clips", "none")  # fmt: skip
    assert code == 0, err
    code, mine, err = run(tmp_path, "--store", investigator, "case", "show", number)
    assert code == 0 and str(evidence) in mine, err
    code, theirs, err = run(tmp_path, "--store", director, "case", "show", number)
    assert code == 0 and "to case-evidence (export OWS-" in theirs, err
    code, listed, err = run(tmp_path, "--store", director, "case", "show", number, "--json")
    assert code == 0 and "case-evidence" in listed, err
    assert "home-of-the-investigator" not in theirs + listed
    # nor in what a login that reads the case reads with a plain SQL query: the entries hold the name only
    with team.connect(team.director) as conn:
        read = conn.execute(
            "SELECT action, changes FROM review_audit WHERE ticket_key = %s", (f"case:{number}",)
        ).fetchall()
    assert "case_export" in [action for action, _changes in read] and "case-evidence" in str(read)
    assert "home-of-the-investigator" not in str(read)


def test_a_ticket_of_another_store_added_and_removed_is_not_named_in_the_history(
    team: Team, tmp_path: Path
) -> None:
    """Its id stays in the case's history after it left the case: case show, the window and the evidence's
    history named it to an investigator who may not see its store."""
    director, investigator = team.url(team.director), team.url(team.investigator)
    code, out, err = run(tmp_path, "--store", director, "case", "new", "Moved", "--location", "S012",
                         "--ticket", "S012-T1", "--ticket", "S099-T1", "--json")  # fmt: skip
    assert code == 0, err
    number = json.loads(out)["number"]
    code, out, err = run(tmp_path, "--store", director, "case", "remove", number, "S099-T1")
    assert code == 0, err
    code, shown, err = run(tmp_path, "--store", investigator, "case", "show", number)
    assert code == 0 and "Tickets:  1\n" in shown, err  # nothing held out of sight: no count of it
    assert "added 2 tickets: S012-T1 and 1 ticket in a store you may not see" in shown
    assert "removed 1 ticket: 1 ticket in a store you may not see" in shown
    code, listed, err = run(tmp_path, "--store", investigator, "case", "show", number, "--json")
    assert code == 0 and json.loads(listed)["tickets_not_shown"] == 0, err
    evidence = tmp_path / "moved"
    code, out, err = run(tmp_path, "--store", investigator, "case", "export", number, "--format", "pdf",
                         "--out", str(evidence), "--clips", "none")  # fmt: skip
    assert code == 0, err
    report = pdftotext(evidence / "case-report.pdf")
    assert "S099" not in shown + listed + report and "in a store you may not see" in report
    code, shown, err = run(tmp_path, "--store", director, "case", "show", number)  # the director sees it all
    assert code == 0 and "removed 1 ticket: S099-T1" in shown


@pytest.mark.parametrize("who", ["manager", "investigator", "director"])
def test_a_role_that_cannot_write_tickets_is_refused_a_sync_before_any_ticket_is_fetched(
    team: Team, tmp_path: Path, who: str
) -> None:
    """Their sync stopped on the database's "permission denied for table team_tenant. Ask the admin to grant
    it": advice to give a manager the sync service's privilege. Refused first now, in plain words, exit 3."""
    from ows_desktop.simulator import FakeOws, SimConfig

    with FakeOws(
        SimConfig(seed=5, stores=1, days=1, tickets_per_store_day=5), key="kx-4711", secret="sx-0815"
    ) as sim:
        env = {"OWS_API_KEY": "kx-4711", "OWS_API_SECRET": "sx-0815"}
        code, out, err = run(
            tmp_path,
            "--store",
            team.url(getattr(team, who)),
            "sync",
            "--base-url",
            sim.api_url,
            "--start",
            "2026-11-20T00:00Z",
            env=env,
        )
        pages = {k: v for k, v in sim.counters.items() if k.startswith("requests:") and "tickets" in k}
    assert code == 3 and out == "" and err.count("\n") == 1, err
    assert f"sync service keeps it current; {getattr(team, who)}'s role does not sync it" in err
    assert "grant" not in err
    assert pages == {}  # refused before a page was asked for (the tenant's lookup picks the cache first)
    # nor is the connection saved: the window on this data folder then asked for an OWS account
    settings = AppPaths.resolve(tmp_path / "data", env={}).settings_file
    assert "base_url" not in (settings.read_text() if settings.exists() else "")


def test_the_sync_service_is_refused_to_a_login_that_does_not_sync_before_it_says_it_started(
    team: Team, tmp_path: Path
) -> None:
    env = {"OWS_API_KEY": "kx-4711", "OWS_API_SECRET": "sx-0815"}
    argv = ("--store", team.url(team.investigator), "sync", "--every", "30s", "--cycles", "1")
    code, out, err = run(tmp_path, *argv, "--base-url", "http://127.0.0.1:9", env=env)
    assert code == 3 and "does not sync it" in err and "started" not in out + err, err


def test_a_manager_reads_cases_and_findings_and_is_refused_changes_in_plain_words(
    team: Team, tmp_path: Path
) -> None:
    """case new / add / update as a manager ended on "permission denied for table cases. Ask the admin to
    grant it" (exit 2): advice to give a manager the investigators' privilege."""
    url = team.url(team.manager)
    code, out, err = run(tmp_path, "--store", url, "case", "new", "Till short", "--ticket", "S012-T1")
    assert code == 3 and out == "" and err.count("\n") == 1, err
    assert f"Cases are for investigators and the director; {team.manager} may read them" in err
    assert "grant" not in err
    code, _out, err = run(tmp_path, "--store", url, "case", "list")
    assert code == 0 and err == ""
    code, out, err = run(tmp_path, "--store", url, "rules")  # the findings are the sync service's to write
    assert code == 3 and out == "" and "Re-running the rules is for investigators and the director" in err
    assert "grant" not in err


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO tickets (rid, key, location, first_seen_us, updated_us) VALUES (999, 'x', 'S012', 0, 0)",
        "UPDATE tickets SET total = 0 WHERE location = 'S012'",
        "DELETE FROM tickets WHERE location = 'S012'",
        "INSERT INTO review_audit (id, ticket_key, at_us, who, host, action, changes, hash) "
        "VALUES (9999, 'S012-T0', 0, 'me', 'h', 'note', '{}', 'x')",
        "UPDATE review_audit SET who = 'someone else'",
        "DELETE FROM review_audit",
        "INSERT INTO ows_assignments (member, location) VALUES (current_user, 'S099')",
        "UPDATE ows_assignments SET location = 'S099'",
        "DELETE FROM ows_assignments",
    ],
)
def test_a_manager_cannot_change_tickets_audit_or_assignments(team: Team, statement: str) -> None:
    import psycopg

    before = (
        team.admin("SELECT count(*), sum(total) FROM tickets")
        + team.admin("SELECT count(*) FROM review_audit")
        + team.admin("SELECT count(*) FROM ows_assignments")
    )
    refused = (
        psycopg.errors.InsufficientPrivilege,
        psycopg.errors.CheckViolation,
    )  # forged entry: not chained
    with team.connect(team.manager) as conn, pytest.raises(refused):
        conn.execute(statement)
    after = (
        team.admin("SELECT count(*), sum(total) FROM tickets")
        + team.admin("SELECT count(*) FROM review_audit")
        + team.admin("SELECT count(*) FROM ows_assignments")
    )
    assert before == after


def test_the_audit_trail_is_append_only_even_for_the_director_and_owner(team: Team) -> None:
    import psycopg

    for user in (team.director, team.owner):
        with team.connect(user) as conn:
            for statement in ("UPDATE review_audit SET who = 'x'", "DELETE FROM review_audit"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)


# -- an investigator sees assigned stores; revoking hides them at once -------------------------------------------


def test_an_investigator_sees_assigned_stores_and_a_revoke_hides_one_at_once(
    team: Team, tmp_path: Path
) -> None:
    owner_url = team.url(team.owner)
    with team.connect(team.investigator) as conn:
        seen = lambda: {loc for (loc,) in conn.execute("SELECT DISTINCT location FROM tickets")}  # noqa: E731
        assert seen() == {"S012", "S044"}
        found = _foreign_rows(team, team.investigator, {"S012", "S044"})
        assert found == dict.fromkeys(found, 0) and "tickets" in found
        code, out, err = run(
            tmp_path, "store", "revoke", team.investigator, "--locations", "S044", "--store", owner_url
        )
        assert (code, err) == (0, "") and "S044" in out
        assert seen() == {"S012"}  # the same open connection: no reconnect needed
        assert conn.execute("SELECT count(*) FROM flags WHERE ticket_key LIKE 'S044%'").fetchone() == (0,)
        code, _, err = run(
            tmp_path,
            "store",
            "grant",
            team.investigator,
            "--role",
            "investigator",
            "--locations",
            "S044",
            "--store",
            owner_url,
        )
        assert code == 0, err
        assert seen() == {"S012", "S044"}


# -- tricks to read around the policies --------------------------------------------------------------------------


def test_set_role_row_security_off_and_functions_get_nothing(team: Team) -> None:
    import psycopg

    with team.connect(team.manager) as conn:
        conn.execute("SET ROLE ows_manager")  # the group has no locations of its own
        assert conn.execute("SELECT count(*) FROM tickets").fetchone() == (0,)
        conn.execute("RESET ROLE")
        for other in ("ows_director", "ows_sync", team.owner, team.director):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SET ROLE {other}")
        conn.execute("SET row_security = off")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM tickets")
        conn.execute("RESET row_security")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no CREATE in the store's schema
            conn.execute(
                "CREATE FUNCTION public.peek() RETURNS SETOF tickets LANGUAGE sql SECURITY DEFINER "
                "AS 'SELECT * FROM tickets'"
            )
        conn.execute(  # a function of her own runs as her, whatever it says
            "CREATE FUNCTION pg_temp.peek() RETURNS bigint LANGUAGE sql SECURITY DEFINER "
            "AS 'SELECT count(*) FROM tickets WHERE location <> ''S012'''"
        )
        assert conn.execute("SELECT pg_temp.peek()").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"ALTER FUNCTION pg_temp.peek() OWNER TO {team.owner}")
        # the one function that reads past the policies tells only the last entry's id and hash
        tail = conn.execute("SELECT * FROM ows_audit_tail()").fetchall()
        assert len(tail) == 1 and len(tail[0]) == 2
        assert conn.execute("SELECT ows_sees_all(), ows_my_locations()").fetchone() == (False, ["S012"])


def test_no_person_can_bypass_row_security(team: Team) -> None:
    people = [team.director, team.investigator, team.manager, team.sync]
    rows = team.admin(
        "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ANY(ARRAY["
        + ", ".join(
            f"'{p}'" for p in [*people, "ows_director", "ows_investigator", "ows_manager", "ows_sync"]
        )
        + "])"
    )
    assert len(rows) == 8 and all(not sup and not bypass for _, sup, bypass in rows)
    owners = {
        owner
        for (owner,) in team.admin("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
    }
    assert owners == {team.owner}


# -- the sync role ------------------------------------------------------------------------------------------------


def test_the_sync_role_cannot_read_reviews_or_notes(team: Team) -> None:
    import psycopg

    with team.connect(team.sync) as conn:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone() == (9,)
        for table in ("flags", "review_audit"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {table}")


# -- every table is covered ------------------------------------------------------------------------------------


def test_every_table_holding_location_bound_data_has_a_forced_policy(team: Team) -> None:
    from ows_desktop.store.postgres.roles import PRIVILEGES

    bound_columns = {"location", "rid", "ticket_key"}
    rows = team.admin(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
        "(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid), "
        "(SELECT array_agg(a.attname::text) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0), "
        "EXISTS (SELECT 1 FROM pg_constraint f WHERE f.conrelid = c.oid AND f.contype = 'f' "
        "AND f.confrelid = 'tickets'::regclass) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
    )
    assert len(rows) >= 10
    unprotected = [
        name
        for name, rls, forced, policies, columns, references_tickets in rows
        if (bound_columns & set(columns) or references_tickets or name == "tickets")
        and not (rls and forced and policies)
    ]
    assert unprotected == []
    assert sorted(name for name, *_ in rows if name not in PRIVILEGES) == []  # every table's grants decided
    # partitions (if any) are reached only through their parent: nobody has a privilege on one directly
    direct = team.admin(
        "SELECT c.relname FROM pg_class c WHERE c.relispartition AND has_table_privilege('ows_manager', c.oid, 'SELECT')"
    )
    assert direct == []


# -- the commands' bad input ---------------------------------------------------------------------------------------


def test_grant_and_revoke_say_what_is_wrong_in_one_line(team: Team, tmp_path: Path) -> None:
    owner_url = team.url(team.owner)
    cases = [
        (("store", "grant", "p1", "--role", "manager", "--store", owner_url), 2, "--locations S012,S044"),
        (
            ("store", "grant", "p1", "--role", "director", "--locations", "S012", "--store", owner_url),
            2,
            "leave out",
        ),
        (
            ("store", "grant", team.owner, "--role", "manager", "--locations", "S1", "--store", owner_url),
            2,
            "owns the store",
        ),
        (
            ("store", "grant", "ows_manager", "--role", "manager", "--locations", "S1", "--store", owner_url),
            2,
            "group role",
        ),
        (("store", "revoke", "nobody_here", "--all", "--store", owner_url), 2, "no database role"),
        (
            (
                "store",
                "grant",
                "p2",
                "--role",
                "manager",
                "--locations",
                "S099",
                "--store",
                team.url(team.manager),
            ),
            3,
            "owner or a director",
        ),
        (("store", "grant", "p2", "--role", "manager", "--locations", "S099"), 2, "need a team store"),
    ]
    for argv, code, text in cases:
        got, out, err = run(tmp_path, *argv)
        assert (got, out) == (code, ""), (argv, err)
        assert text in err and err.count("\n") == 1 and "Traceback" not in err, (argv, err)
    assert team.admin("SELECT count(*) FROM ows_assignments WHERE location = 'S099'") == [(0,)]
    for store in STORES:
        assert store in team.admin("SELECT string_agg(location, ',') FROM tickets")[0][0]


def test_an_investigator_verifies_her_tickets_entries_next_to_entries_she_may_not_read(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    team = build_team(pg_cluster, tmp_path)  # its own: this test tampers with the trail
    with _store(team, team.director, tmp_path) as store:
        store.review.flag_ticket("S099-T2", reason="No-sale")  # an entry the investigator may not read
    with _store(team, team.investigator, tmp_path) as store, store.reader() as reader:
        store.review.flag_ticket("S012-T2", reason="No-sale", note="chained onto S099's entry")
        entries = reader.review.audit_trail("S012-T2")
        assert len(entries) == 2
        assert reader.review.verify_audit_entries(entries) == []
        before = entries[0].id - 1
        assert team.admin(f"SELECT ticket_key FROM review_audit WHERE id = {before}") == [("S099-T2",)]
        # an entry changed behind the triggers' back (superuser, replica mode) is found
        import psycopg

        with psycopg.connect(team.cluster.conninfo(team.db), autocommit=True) as admin:
            admin.execute("SET session_replication_role = replica")
            admin.execute(f"UPDATE review_audit SET who = 'someone else' WHERE id = {entries[1].id}")
        # (its own link breaks, and so does the forward link of the entry before it, as on SQLite)
        assert reader.review.verify_audit_entries(entries) == [entries[0].id, entries[1].id]


def test_an_investigators_export_holds_only_her_stores_and_is_an_audit_entry(
    team: Team, tmp_path: Path
) -> None:
    out_dir = tmp_path / "evidence"
    code, out, err = run(
        tmp_path,
        "--store",
        team.url(team.investigator),
        "export",
        "--all",
        "--format",
        "json",
        "--out",
        str(out_dir),
        "--json",
    )
    assert code == 0, err
    exported = json.loads(out)
    entries = team.admin(
        "SELECT db_role, action, changes FROM review_audit WHERE action = 'export' ORDER BY id DESC LIMIT 1"
    )
    assert entries and entries[0][0] == team.investigator
    details = json.loads(str(entries[0][2]))
    mine = {key for (key,) in team.admin("SELECT key FROM tickets WHERE location IN ('S012', 'S044')")}
    assert details["format"] == "json" and set(details["tickets"]) == mine and len(mine) == 6
    written = (out_dir / "tickets.json").read_text(encoding="utf-8")
    assert "S012-T1" in written and "S044-T1" in written and "S099" not in written
    assert details["manifest_sha256"] and exported
    # the report names the login that exported, as the audit entry does (not the computer's OS user)
    custody = json.loads((out_dir / "export.json").read_text(encoding="utf-8"))
    assert custody["exporter"]["investigator"] == team.investigator


def test_live_updates_tell_a_manager_only_of_her_stores_tickets(team: Team, tmp_path: Path) -> None:
    """Anyone may LISTEN, and a notification bypasses the policies: it names no ticket, and the feed asks
    which tickets changed through the connected role's policies."""
    raw = team.connect(team.manager)
    raw.execute("LISTEN ows_review")
    with _store(team, team.manager, tmp_path) as mine, _store(team, team.director, tmp_path) as boss:
        feed = mine.change_feed()
        try:
            boss.review.flag_ticket("S044-T2", reason="Void abuse", note="another store's case")
            assert feed.wait(5.0).review_keys == frozenset()  # heard, but nothing of hers changed
            boss.review.flag_ticket("S012-T2", reason="Void abuse")
            assert feed.wait(5.0).review_keys == {"S012-T2"}
        finally:
            feed.close()
    payloads = [note.payload for note in raw.notifies(timeout=1.0)]
    raw.close()
    assert payloads and all(payload == "" for payload in payloads), payloads
