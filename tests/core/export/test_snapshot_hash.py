"""A snapshot's SHA-256 is recorded when it is taken, in its sidecar and in the store's audit trail (either
backend), and the export checks each snapshot's file against it.

The tester: in a demo data folder, another PNG copied over a snapshot was exported as ``chosen_by:
investigator`` with no failure; nothing recorded what the file was when it was taken. Now such a file is left
out of the export (the export goes on, as for any picture it cannot give) and the CLI says which file and
what to do in one line; a snapshot that may have been taken before the digest was recorded is exported as it
is, marked as one that cannot be verified (test_snapshot_custody.py: which no-hash ones are left out).

The tester again (HIGH): a PNG dropped into the snapshots folder with a hand-made matching .json (a digest in
the sidecar, no audit-trail entry) was exported as "Chosen by the investigator", a small caption aside; two
snapshots with the same SHA-256 but different claimed times went unnoticed; and the numbers of the files
exported kept a gap where one was left out. What is exported as the investigator's is now what the audit
trail says they took."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_support import ctx_on
from review_helpers import T0, CharMetrics, pdftotext
from snapshot_support import PICTURE, StillPlayer, export, take, two_tickets

from ows_desktop.camera.snapshots import save_snapshot
from ows_desktop.cli.main import main
from ows_desktop.export import Selection
from ows_desktop.export.collect import iter_items
from ows_desktop.export.custody import IN_AUDIT_TRAIL, NO_HASH, Snapshot
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_exhibit import BROKEN, CAPTION, layout_exhibit
from ows_desktop.export.report_layout import TEXT, Book
from ows_desktop.store.review import ACTION_SNAPSHOT

pytestmark = pytest.mark.both_backends  # the SQLite cache and a PostgreSQL team store


@pytest.fixture
def team_env(store, store_backend: str, request: pytest.FixtureRequest) -> dict[str, str]:
    return two_tickets(store, store_backend, request)


OTHER = b"\x89PNG\r\n\x1a\n" + b"another picture, copied over it" * 8


def sidecar(png: Path) -> dict[str, Any]:
    return json.loads(png.with_name(png.name + ".json").read_text(encoding="utf-8"))


def test_the_hash_is_recorded_in_the_sidecar_and_the_audit_trail_when_taken(store, paths, team_env):
    png = take(store, paths, "T-1")
    digest = hashlib.sha256(PICTURE).hexdigest()
    assert sidecar(png)["sha256"] == digest and sidecar(png)["bytes"] == len(PICTURE)
    with store.reader() as reader:
        [entry] = [e for e in reader.review.audit_trail("T-1") if e.action == ACTION_SNAPSHOT]
        assert reader.review.verify_audit_chain() is None  # chained like every review entry
    assert entry.changes["file"] == png.name and entry.changes["sha256"] == digest
    assert entry.changes["bytes"] == len(PICTURE) and entry.changes["camera"] == "Overhead"
    assert (
        str(entry.describe()) == f"snapshot {png.name} taken (SHA-256 {digest[:16]}…)"
    )  # the receipt's history


def test_a_picture_copied_over_a_snapshot_is_left_out_and_the_cli_says_which(
    store, paths, team_env, tmp_path
):
    kept = take(store, paths, "T-1")
    replaced = take(store, paths, "T-2")
    replaced.write_bytes(OTHER)  # the tester's repro: any other PNG copied over the snapshot's file
    ctx = ctx_on(paths, team_env)
    custody = export(ctx, tmp_path / "out")
    shots = {s["ticket_id"]: s for s in custody["snapshots"]}
    assert set(shots) == {"T-1"}  # not exported as the investigator's, nor as anything else
    assert shots["T-1"]["hash_check"] == IN_AUDIT_TRAIL
    assert shots["T-1"]["recorded_sha256"] == hashlib.sha256(PICTURE).hexdigest() == shots["T-1"]["sha256"]
    [failure] = custody["snapshot_failures"]
    assert failure["ticket_id"] == "T-2" and failure["file"] == replaced.name
    assert "not the picture taken" in failure["error"] and "the audit trail" in failure["error"]
    assert not any(p.read_bytes() == OTHER for p in (tmp_path / "out").rglob("*.png"))
    # one line on standard error naming the file and what to do; the rest of the export stands
    [line] = [x for x in ctx.stderr.getvalue().splitlines() if replaced.name in x]
    assert line.startswith("ows-desktop: ticket T-2: Snapshot ") and "take the snapshot again" in line
    assert kept.name not in ctx.stderr.getvalue()
    assert main(["verify", str(tmp_path / "out")], ctx) == 0


def test_a_sidecar_rewritten_to_the_new_picture_does_not_pass_it_off(store, paths, team_env, tmp_path):
    """The sidecar is a file like the picture: the audit trail's digest is the one that counts."""
    png = take(store, paths, "T-1")
    png.write_bytes(OTHER)
    data = sidecar(png) | {"sha256": hashlib.sha256(OTHER).hexdigest()}
    png.with_name(png.name + ".json").write_text(json.dumps(data), encoding="utf-8")
    custody = export(ctx_on(paths, team_env), tmp_path / "out")
    assert custody["snapshots"] == []
    assert [f["file"] for f in custody["snapshot_failures"] if "file" in f] == [png.name]


def test_a_snapshot_of_an_earlier_version_is_exported_marked_no_hash_recorded(
    store, paths, team_env, tmp_path
):
    png = save_snapshot(StillPlayer(), "cam1", "Overhead", ticket_key="T-1", clock_offset=0.0,
                        folder=paths.snapshots_dir)  # fmt: skip  # no audit entry
    assert png is not None
    data = {
        k: v for k, v in sidecar(png).items() if k not in ("sha256", "bytes")
    }  # as versions before wrote it
    png.with_name(png.name + ".json").write_text(json.dumps(data), encoding="utf-8")
    ctx = ctx_on(paths, team_env)
    custody = export(ctx, tmp_path / "json")
    [shot] = custody["snapshots"]
    assert shot["chosen_by"] == "investigator" and shot["recorded_sha256"] is None
    assert shot["hash_check"] == NO_HASH and NO_HASH.startswith("no hash recorded, cannot be verified")
    tickets = json.loads((tmp_path / "json" / "tickets.json").read_text(encoding="utf-8"))["tickets"]
    assert [s["hash_check"] for t in tickets for s in t["snapshots"]] == [NO_HASH]
    export(ctx, tmp_path / "csv", fmt="csv")
    rows = list(
        csv.DictReader(io.StringIO((tmp_path / "csv" / "tickets.csv").read_text(encoding="utf-8-sig")))
    )
    [marked] = [r for r in rows if r["ticket_key"] == "T-1"]
    assert marked["snapshot_checks"] == f"{marked['snapshot_files']}: {NO_HASH}"
    assert ctx.stderr.getvalue().count("ows-desktop: ticket") == 0  # exported as today: nothing refused
    # said: one warning line naming each (the JSON export's, then the CSV's), not only a mark in the files
    warnings = [x for x in ctx.stderr.getvalue().splitlines() if "no hash recorded" in x]
    assert warnings == [
        "ows-desktop: warning: no hash recorded for 1 snapshot (no SHA-256 and no audit-trail entry, as for one "
        "taken before OWS Desktop recorded them; that cannot be verified), exported marked so: they cannot be "
        "shown to be the pictures taken: "
        f"{marked['snapshot_files']} (ticket T-1)"
    ]
    ctx.stdout.seek(0)
    ctx.stdout.truncate()
    argv = ["export", "--all", "--format", "json", "--clips", "none", "--json", "--out", str(tmp_path / "j")]
    assert main(argv, ctx) == 0
    said = json.loads(ctx.stdout.getvalue())
    assert (
        said["unhashed_snapshots"] == [{"ticket_id": "T-1", "file": shot["file"]}]
        and not said["refused_snapshots"]
    )


NOT_RECORDED = "not in the audit trail: OWS Desktop did not record taking it"


def test_a_picture_dropped_in_with_a_hand_made_json_is_left_out_not_in_the_audit_trail(
    store, paths, team_env, tmp_path, qapp
):
    """The tester's repro: a PNG and a .json with its right SHA-256, written by hand (save_snapshot without the
    audit entry writes exactly that). This version always records a snapshot in the trail (and said so when
    it could not): with no entry, it is not what the investigator took."""
    kept = take(store, paths, "T-1")
    dropped = save_snapshot(StillPlayer(OTHER), "cam1", "Overhead", ticket_key="T-2", clock_offset=0.0,
                            folder=paths.snapshots_dir)  # fmt: skip
    assert dropped is not None and sidecar(dropped)["sha256"] == hashlib.sha256(OTHER).hexdigest()
    ctx = ctx_on(paths, team_env)
    custody = export(ctx, tmp_path / "json")
    assert [(s["ticket_id"], s["hash_check"]) for s in custody["snapshots"]] == [("T-1", IN_AUDIT_TRAIL)]
    [failure] = custody["snapshot_failures"]
    assert failure["ticket_id"] == "T-2" and failure["file"] == dropped.name
    assert f"Snapshot {dropped.name} left out: {NOT_RECORDED}" in failure["error"]
    assert "take the snapshot again" in failure["error"].lower()
    [line] = [
        x for x in ctx.stderr.getvalue().splitlines() if dropped.name in x
    ]  # one line, as for a changed file
    assert line.startswith("ows-desktop: ticket T-2: Snapshot ") and NOT_RECORDED in line
    assert kept.name not in ctx.stderr.getvalue()
    assert not any(p.read_bytes() == OTHER for p in (tmp_path / "json").rglob("*.png"))
    export(
        ctx, tmp_path / "pdf", fmt="pdf"
    )  # the report: one picture chosen by the investigator, the other named
    text = " ".join(pdftotext(tmp_path / "pdf" / "case-report.pdf").split())
    assert text.count("Chosen by the investigator") == 1 and NOT_RECORDED in text


def test_the_same_picture_twice_in_one_export_is_left_out_the_second_time(store, paths, team_env, tmp_path):
    """Two snapshots with the same SHA-256 but different claimed times: one picture cannot show two
    moments. The one the audit trail recorded first stays (here also the first in the export's order: the
    other order, test_snapshot_custody.py); the others are named."""
    first = take(store, paths, "T-1", now=T0 + timedelta(minutes=5))
    again = take(store, paths, "T-1", now=T0 + timedelta(minutes=9))  # same ticket, later
    other = take(store, paths, "T-2", now=T0 + timedelta(minutes=7))  # another ticket
    ctx = ctx_on(paths, team_env)
    custody = export(ctx, tmp_path / "out")
    assert [s["file"] for s in custody["snapshots"]] == ["snapshots/00001-T-1-1.png"]
    failures = {f["file"]: f for f in custody["snapshot_failures"]}
    assert set(failures) == {again.name, other.name}
    for name in (again.name, other.name):
        assert (
            f"Snapshot {name} left out: the same picture as {first.name} (ticket T-1"
            in failures[name]["error"]
        )
        [line] = [x for x in ctx.stderr.getvalue().splitlines() if f"Snapshot {name}" in x]
        assert line.startswith("ows-desktop: ticket T-") and "the same picture as" in line
    assert first.name not in [f["file"] for f in custody["snapshot_failures"]]


def test_the_snapshots_exported_are_numbered_without_gaps(store, paths, team_env, tmp_path):
    """One of three left out: the others are -1 and -2 (the failure names the file by its own name)."""
    take(store, paths, "T-1", now=T0 + timedelta(minutes=5))
    changed = take(store, paths, "T-1", b"\x89PNG\r\n\x1a\n second", now=T0 + timedelta(minutes=6))
    take(store, paths, "T-1", b"\x89PNG\r\n\x1a\n third", now=T0 + timedelta(minutes=7))
    changed.write_bytes(OTHER)
    custody = export(ctx_on(paths, team_env), tmp_path / "out")
    assert [s["file"] for s in custody["snapshots"]] == [
        "snapshots/00001-T-1-1.png",
        "snapshots/00001-T-1-2.png",
    ]
    assert [f["file"] for f in custody["snapshot_failures"] if "file" in f] == [changed.name]
    assert sorted(p.name for p in (tmp_path / "out" / "snapshots").iterdir()) == [
        "00001-T-1-1.png",
        "00001-T-1-2.png",
    ]


def test_the_pdf_marks_a_snapshot_with_no_hash_in_the_failed_check_warning_style(store, team_env):
    """Not a small grey caption line: the style the exhibit gives an audit trail that failed its check."""
    store.review.flag_ticket("T-1", reason="check")
    metrics = CharMetrics()
    book = Book(metrics, left=40, top=40, width=530, bottom=700)
    with store.reader() as reader:
        [item] = iter_items(reader, reader.ids(Selection.flagged().query))
    shot = Snapshot(ticket_id="T-1", file="snapshots/00001-T-1-1.png", camera="Overhead", time=T0,
                    clock_offset_seconds=0.0, sha256="ab" * 32, bytes=10, hash_check=NO_HASH)  # fmt: skip
    item.snapshots = [shot, replace(shot, file="snapshots/00001-T-1-2.png", hash_check=IN_AUDIT_TRAIL)]
    layout_exhibit(book, item, 1, PdfText(Redactor(())), [None, None])
    lines = [(op[4], metrics.faces[op[3]]) for ops in book.finished() for op in ops if op[0] == TEXT]
    marked = [face for text, face in lines if text.startswith("No hash recorded")]
    assert marked and all(face == BROKEN for face in marked)
    [(_, checked)] = [(t, f) for t, f in lines if t.startswith("SHA-256 as recorded in the audit trail")]
    assert checked == CAPTION  # a snapshot the trail vouches for keeps its quiet caption
