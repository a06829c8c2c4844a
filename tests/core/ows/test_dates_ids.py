"""Issue #11, dates and ids as OWS may send them: sentinel dates, ids that differ only by unpaired surrogates,
and tickets dated year 1 or 9999 at a store with a known UTC offset."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from review_helpers import T0, tk

from ows_desktop.camera.timeline import plan_playback
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.ows.timestamps import parse_timestamp
from ows_desktop.ows.users import parse_user, user_to_api_json
from ows_desktop.simulator import FakeOws, SimConfig
from ows_desktop.store import TicketQuery, open_store

YEAR_9999 = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
YEAR_9999_S = int((YEAR_9999 - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())


@pytest.mark.parametrize(
    "value",
    [0, -1, -1_000, YEAR_9999_S, YEAR_9999_S * 1_000, YEAR_9999_S * 1_000_000, YEAR_9999_S * 10**9, "0"],
)
def test_sentinel_dates_are_no_date(value):
    user = parse_user({"firstName": "A", "createdDate": value, "lastSignInDate": value})
    assert user.created is None and user.last_sign_in is None
    as_json = user_to_api_json(user)
    assert as_json["createdDate"] is None and as_json["lastSignInDate"] is None


def test_the_unit_gives_a_plausible_year():
    doc_example_ms = 1571863236000
    assert parse_timestamp(doc_example_ms).year == 2019
    assert parse_timestamp(doc_example_ms * 1000).year == 2019
    assert parse_timestamp(YEAR_9999_S * 1000) is None  # not 1978


def _users_server(users):
    server = FakeOws(SimConfig(seed=2, stores=1, days=1, tickets_per_store_day=5, users=1))
    server._users = users  # the generator's users replaced by what a real tenant may send
    return server


def _run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "OWS_DESKTOP_DATA_DIR": str(tmp_path / "d"),
        "OWS_API_KEY": "demo-key",
        "OWS_API_SECRET": "demo-secret",
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "ows_desktop", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_users_shows_none_for_sentinels_and_survives_unpaired_surrogates(tmp_path):
    users = [
        {"firstName": "Zero", "lastName": "Date", "createdDate": 0, "lastSignInDate": -1},
        {"firstName": "Max", "lastName": "Date", "createdDate": YEAR_9999_S * 1000, "lastSignInDate": None},
        {
            "firstName": "Ann\ud800",
            "lastName": "Broken",
            "emailAddress": "a\udc00@x.test",
            "userGroups": None,
        },
    ]
    with _users_server(users) as server:
        text = _run_cli(tmp_path, "users", "--base-url", server.api_url)
        as_json = _run_cli(tmp_path, "users", "--json", "--base-url", server.api_url)
    assert text.returncode == 0, text.stderr
    assert "Traceback" not in text.stderr + as_json.stderr
    lines = text.stdout.splitlines()
    assert "1970" not in text.stdout and "1969" not in text.stdout and "1978" not in text.stdout
    assert all("created none" in line for line in lines[:2])
    assert "Ann\\ud800 Broken" in lines[2]
    assert as_json.returncode == 0, as_json.stderr
    parsed = json.loads(as_json.stdout)
    assert [u["createdDate"] for u in parsed] == [None, None, None]
    assert [u["lastSignInDate"] for u in parsed] == [None, None, None]


def test_ids_differing_only_by_unpaired_surrogates_stay_distinct(tmp_path):
    raws = [
        {
            "id": "SUR\ud800",
            "locationId": "S1\ud800",
            "total": 1.0,
            "lineItems": [{"description": "x\udc00"}],
        },
        {"id": "SUR\udc00", "locationId": "S1\udc00", "total": 2.0},
        {"id": "SUR?", "total": 3.0},
    ]
    tickets = [normalise_ticket(raw) for raw in raws]
    assert len({t.key for t in tickets}) == 3
    with open_store(tmp_path / "c.sqlite3") as store:
        store.upsert_tickets(tickets)
        with store.reader() as reader:
            rows = list(reader.iter_rows(TicketQuery()))
            assert len(rows) == 3
            for ticket in tickets:  # lookups use the same escaping as the write
                assert reader.ticket(ticket.key).total == ticket.total
                assert reader.find_ticket_key(ticket.key) == ticket.key
            assert reader.find_ticket_key("SUR\ud800") == tickets[0].key
            # the stored text is valid UTF-8 all the way (a terminal, Qt or a PDF can show it)
            for row in rows:
                (row.id or "").encode("utf-8")
                (row.location or "").encode("utf-8")


@pytest.mark.parametrize(
    ("start", "offset"),
    [(datetime(1, 1, 1, 0, 0, 5, tzinfo=UTC), -300), (datetime(9999, 12, 31, 23, 30, tzinfo=UTC), 300)],
)
def test_out_of_range_local_times_never_break_the_pdf_export(start, offset, tmp_path, qapp):
    from ows_desktop.export import Selection, export_tickets

    with open_store(tmp_path / "cache.sqlite3") as store:
        # a ticket with its own offset teaches the store S9's offset; the odd one carries none of its own
        store.upsert_tickets([tk("T-OFF", location="S9", offset_minutes=offset), tk("T-ODD", location="S9")])
        iso = start.isoformat().replace(
            "+00:00", "Z"
        )  # as an ISO string: an epoch number this far out is a sentinel
        store.upsert_tickets(
            [tk("T-ODD", location="S9", start=start, raw={"startDate": iso, "endDate": iso})]
        )
        store.review.flag_ticket("T-ODD", reason="odd date", who="jane")
        with store.reader() as reader:
            assert reader.local_offsets([reader.rowid_of("T-ODD")]) == {reader.rowid_of("T-ODD"): offset}
            export_tickets(reader, Selection.flagged(), "pdf", tmp_path / "pdf")
    assert (tmp_path / "pdf" / "case-report.pdf").read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "pdf" / "case-report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "local time outside the calendar" in " ".join(text.split())


@pytest.mark.parametrize(
    "start", [datetime(1, 1, 1, 0, 0, 5, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, 55, tzinfo=UTC)]
)
def test_out_of_range_times_never_break_the_video_plan(start):
    plan = plan_playback(
        live_url="http://cam/live",
        playback_template="http://cam/play?from={start}&to={end}",
        ticket_start=start,
        ticket_end=start,
        clock_offset_seconds=-30.0 if start.year == 1 else 30.0,
    )
    assert plan.time_invalid and not plan.seekable
    assert plan.url == "http://cam/live"
    ordinary = plan_playback(
        live_url="http://cam/live",
        playback_template="http://cam/play?from={start}&to={end}",
        ticket_start=T0,
        ticket_end=T0 + timedelta(seconds=30),
    )
    assert ordinary.seekable and not ordinary.time_invalid


@pytest.mark.parametrize(
    ("moment", "hours"),
    [(datetime(1, 1, 1, 0, 0, 5, tzinfo=UTC), -5), (datetime(9999, 12, 31, 23, 30, tzinfo=UTC), 5)],
)
def test_out_of_range_times_never_break_the_ticket_table_or_receipt(moment, hours, tmp_path, qapp):
    from datetime import timezone

    from ows_desktop.itemmodels.ticket_columns import format_local
    from ows_desktop.ui.receipt_html import _time

    zone = timezone(timedelta(hours=hours))
    shown = format_local(moment, zone)
    assert shown.startswith("invalid time") and moment.isoformat()[:10] in shown
    assert "invalid time" in _time(moment, zone, "%H:%M:%S")
    assert format_local(T0, zone) == (T0 + timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S")
