"""Which snapshots with no hash are exported, and which of two files holding one picture.

The tester: a PNG planted in the snapshots folder with a hand-made .json that has no SHA-256 looked like a
snapshot taken before OWS Desktop recorded one, and was exported as the investigator's, merely marked. Versions
before the SHA-256 recorded nothing of a snapshot in the store, so nothing proves a no-hash snapshot is one of
theirs; but the store's audit trail says since when this workstation records every snapshot it takes, and
which forms of .json earlier versions wrote. A no-hash snapshot that its own .json says was taken since then,
or whose .json no version wrote, is left out and named; one that may be an earlier version's is exported,
marked as one that cannot be verified. Of two files holding the same picture, the one whose audit-trail
entry is earliest (the original) is kept, whatever the order of the export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_support import ctx_on
from review_helpers import T0
from snapshot_support import PICTURE, StillPlayer, export, take, two_tickets

from ows_desktop.basics.paths import AppPaths
from ows_desktop.camera.snapshots import save_snapshot
from ows_desktop.export.custody import IN_AUDIT_TRAIL, NO_HASH

pytestmark = pytest.mark.both_backends  # the SQLite cache and a PostgreSQL team store


@pytest.fixture
def team_env(store, store_backend: str, request: pytest.FixtureRequest) -> dict[str, str]:
    return two_tickets(store, store_backend, request)


PLANTED = b"\x89PNG\r\n\x1a\n" + b"a picture from elsewhere" * 8
LONG_AGO = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # before any snapshot of these tests was recorded


def without_hash(paths: AppPaths, key: str, picture: bytes = PLANTED, *, now: datetime | None = None,
                 drop: tuple[str, ...] = ("sha256", "bytes"), add: dict[str, Any] | None = None) -> Path:  # fmt: skip
    """A PNG and a .json with no SHA-256 and no audit entry: as an earlier version left them (its .json's
    keys), or as someone made them by hand."""
    png = save_snapshot(StillPlayer(picture), "cam1", "Overhead", ticket_key=key, clock_offset=0.0,
                        folder=paths.snapshots_dir, now=now)  # fmt: skip
    assert png is not None
    side = png.with_name(png.name + ".json")
    data = {k: v for k, v in json.loads(side.read_text(encoding="utf-8")).items() if k not in drop}
    side.write_text(json.dumps(data | (add or {})), encoding="utf-8")
    return png


def refused(custody: dict[str, Any]) -> dict[str, str]:
    return {f["file"]: f["error"] for f in custody["snapshot_failures"] if "file" in f}


def test_a_no_hash_snapshot_its_json_says_was_taken_since_this_workstation_records_them_is_left_out(
    store, paths, team_env, tmp_path
):
    """The tester's plant: a .json in the form of the version before (taken now, no SHA-256) next to a
    picture from elsewhere. This workstation has recorded each snapshot in the trail since before then."""
    take(store, paths, "T-1")
    planted = without_hash(paths, "T-2")
    ctx = ctx_on(paths, team_env)
    custody = export(ctx, tmp_path / "out")
    assert [(s["ticket_id"], s["hash_check"]) for s in custody["snapshots"]] == [("T-1", IN_AUDIT_TRAIL)]
    why = refused(custody)[planted.name]
    assert why.startswith(
        f"Snapshot {planted.name} left out: not in the audit trail: its .json file has no SHA-256"
    )
    assert "says it was taken at " in why and "since " in why and "take the snapshot again" in why.lower()
    [line] = [x for x in ctx.stderr.getvalue().splitlines() if planted.name in x]
    assert line.startswith("ows-desktop: ticket T-2: Snapshot ")
    assert "no hash recorded" not in ctx.stderr.getvalue()  # not exported, so not "marked" either
    assert not any(p.read_bytes() == PLANTED for p in (tmp_path / "out").rglob("*.png"))


def test_the_store_s_whole_trail_says_since_when_not_only_the_exported_tickets(
    store, paths, team_env, tmp_path
):
    """T-1 (not exported) holds the snapshot recorded first: the export of T-2 alone still knows."""
    take(store, paths, "T-1")
    planted = without_hash(paths, "T-2")
    store.review.flag_tickets(["T-2"], reason="Void abuse", who="jane")
    custody = export(ctx_on(paths, team_env), tmp_path / "out", "--flagged")
    assert custody["snapshots"] == [] and set(refused(custody)) == {planted.name}


def test_an_earlier_version_s_snapshot_is_exported_marked_as_one_that_cannot_be_verified(
    store, paths, team_env, tmp_path
):
    """Taken (its .json says) before this workstation recorded any snapshot, in a form earlier versions
    wrote: it may be theirs. Nothing recorded then can show it is, so the mark says it cannot be verified."""
    older = without_hash(paths, "T-2", now=LONG_AGO)  # the form of 828b83e-3e31c87: taken_utc, no SHA-256
    oldest = without_hash(paths, "T-2", b"\x89PNG\r\n\x1a\n first version",
                          drop=("sha256", "bytes", "chosen_by", "taken_utc", "time_basis", "frames_stepped",
                                "time_note"))  # fmt: skip  # the first form: no time it was taken
    take(store, paths, "T-1")
    ctx = ctx_on(paths, team_env)
    custody = export(ctx, tmp_path / "out")
    assert not refused(custody)
    marked = [s for s in custody["snapshots"] if s["ticket_id"] == "T-2"]
    assert len(marked) == 2 and {s["hash_check"] for s in marked} == {NO_HASH}
    assert "cannot be verified" in NO_HASH and "taken before" in NO_HASH
    [warning] = [x for x in ctx.stderr.getvalue().splitlines() if "no hash recorded" in x]
    assert "cannot be verified" in warning and older.name not in warning  # named by the export's files
    assert oldest.exists() and older.exists()  # the export never touches the snapshots folder
    export(ctx, tmp_path / "csv", fmt="csv")
    rows = csv.DictReader(io.StringIO((tmp_path / "csv" / "tickets.csv").read_text(encoding="utf-8-sig")))
    [row] = [r for r in rows if r["ticket_key"] == "T-2"]
    assert row["snapshot_checks"].count(NO_HASH) == 2


@pytest.mark.parametrize(
    "made",
    [
        pytest.param({"drop": ("bytes",), "add": {"sha256": None}}, id="sha256 null"),
        pytest.param({"add": {"note": "mine"}}, id="a key no version wrote"),
        pytest.param({"drop": ("sha256", "bytes", "taken_utc")}, id="the second form without its taken_utc"),
    ],
)
def test_a_no_hash_json_in_no_form_any_version_wrote_is_left_out(
    store, paths, team_env, tmp_path, made: dict[str, Any]
):
    """Whether or not the store says since when (here: no snapshot recorded at all)."""
    made = {"drop": ("sha256", "bytes"), **made}
    planted = without_hash(paths, "T-2", now=LONG_AGO, **made)
    custody = export(ctx_on(paths, team_env), tmp_path / "out")
    assert custody["snapshots"] == []
    why = refused(custody)[planted.name]
    assert why.startswith(
        f"Snapshot {planted.name} left out: not in the audit trail: its .json file has no SHA-256"
    )
    assert "no version of OWS Desktop wrote" in why


def test_of_two_files_holding_one_picture_the_one_the_audit_trail_recorded_first_is_kept(
    store, paths, team_env, tmp_path
):
    """T-2's snapshot was taken first; T-1's, the same picture, later. T-1 comes first in the export: T-2's
    is kept (the original), T-1's left out, naming the original."""
    original = take(store, paths, "T-2", now=T0 + timedelta(minutes=5))
    copy = take(store, paths, "T-1", now=T0 + timedelta(minutes=9))
    ctx = ctx_on(paths, team_env)
    custody = export(ctx, tmp_path / "out")
    assert [(s["ticket_id"], s["hash_check"]) for s in custody["snapshots"]] == [("T-2", IN_AUDIT_TRAIL)]
    why = refused(custody)[copy.name]
    assert why.startswith(f"Snapshot {copy.name} left out: the same picture as {original.name} (ticket T-2, ")
    assert "which the audit trail recorded first" in why
    assert original.name not in refused(custody)


def test_a_no_hash_file_holding_a_recorded_picture_is_left_out_whatever_its_json_says(
    store, paths, team_env, tmp_path
):
    """The trail vouches for the recorded one; the other's claim to be older cannot be verified."""
    claimed = without_hash(paths, "T-1", PICTURE, now=LONG_AGO)
    recorded = take(store, paths, "T-2")
    custody = export(ctx_on(paths, team_env), tmp_path / "out")
    assert [s["ticket_id"] for s in custody["snapshots"]] == ["T-2"]
    assert refused(custody)[claimed.name].startswith(
        f"Snapshot {claimed.name} left out: the same picture as {recorded.name} (ticket T-2, "
    )


def test_another_workstation_s_snapshots_say_nothing_of_when_this_one_began_recording(
    store, paths, team_env, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    """On a team store another workstation may have run this version since before this one's earlier
    version took a snapshot: only this workstation's own entries say since when it records them."""
    import ows_desktop.store.review_flow as review_flow

    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(review_flow, "current_host", lambda: "ws-upgraded-first")
        take(store, paths, "T-1")
    older = without_hash(paths, "T-2")  # its .json: taken now, after the other workstation's entry
    custody = export(ctx_on(paths, team_env), tmp_path / "out")
    assert not refused(custody)
    assert [s["hash_check"] for s in custody["snapshots"] if s["ticket_id"] == "T-2"] == [NO_HASH]
    assert older.exists()


def test_a_json_time_with_no_zone_is_read_as_utc_not_a_failed_export(store, paths, team_env, tmp_path):
    take(store, paths, "T-1")
    planted = without_hash(
        paths, "T-2", add={"taken_utc": datetime.now(UTC).replace(tzinfo=None).isoformat()}
    )
    custody = export(ctx_on(paths, team_env), tmp_path / "out")
    assert set(refused(custody)) == {planted.name}
