"""Every snapshot the investigator took of an exported ticket is in its export, in time order, in each format
and in the signed manifest; a frame the export took by itself is marked automatic wherever it shows.

The tester: a ticket snapshotted twice was exported with the later snapshot only, and a ticket never
snapshotted showed an automatic frame under the same "Camera snapshot" heading, export.json silent on who
chose it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from cli_support import ctx_on
from review_helpers import T0, tk

from ows_desktop.cli.main import main
from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.custody import AUTOMATIC, INVESTIGATOR, SnapshotSource
from ows_desktop.export.signing import ManifestSigner, MemorySigningKeys
from ows_desktop.store import TicketStore

STEPPED = "Counted, not reported: the player's last reported time plus 1 frame step of 40 ms."


def picture(path: Path, colour: str) -> Path:
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


@pytest.fixture
def shots(tmp_path: Path, qapp) -> dict[str, list[SnapshotSource]]:
    """T-1: three snapshots of the investigator, given out of time order (a stepped frame between two);
    T-2: none (no picture); T-3: only the export's own frame."""
    folder = tmp_path / "snapshots"
    folder.mkdir()
    at = T0 + timedelta(seconds=3)

    def mine(name: str, colour: str, ms: int, taken_min: int, **kw: object) -> SnapshotSource:
        return SnapshotSource(picture(folder / name, colour), "Overhead", at + timedelta(milliseconds=ms), 1.5,
                              INVESTIGATOR, T0 + timedelta(minutes=taken_min), **kw)  # type: ignore[arg-type]  # fmt: skip

    return {
        "T-1": [
            mine("late.png", "#aa3333", 5_000, 1),
            mine("first.png", "#33aa33", 650, 2, time_basis="reported", time_note="Reported."),
            mine("stepped.png", "#3333aa", 690, 3, time_basis="stepped", time_note=STEPPED),
        ],
        "T-3": [
            SnapshotSource(
                picture(folder / "T-3-auto.png", "#777777"),
                "Overhead",
                T0,
                0.0,
                AUTOMATIC,
                time_basis="reported",
                time_note="The player's reported time while playing.",
            )
        ],
    }


@pytest.fixture
def store(store: TicketStore) -> TicketStore:
    store.upsert_tickets(
        [tk(key, start=T0 + timedelta(minutes=n)) for n, key in enumerate(("T-1", "T-2", "T-3"))]
    )
    for key in ("T-1", "T-2", "T-3"):
        store.review.flag_ticket(key, reason="Void abuse")
    return store


def export(store: TicketStore, fmt: str, out: Path, shots: dict[str, list[SnapshotSource]]):
    with store.reader() as reader:
        return export_tickets(reader, Selection.flagged(), fmt, out, signer=ManifestSigner(MemorySigningKeys()),
                              snapshot_provider=lambda t: shots.get(t.key))  # fmt: skip


T1_FILES = ["snapshots/00001-T-1-1.png", "snapshots/00001-T-1-2.png", "snapshots/00001-T-1-3.png"]
T3_FILE = "snapshots/00003-T-3-1-auto.png"


@pytest.mark.parametrize("fmt", ["csv", "json", "pdf"])
def test_every_snapshot_is_exported_in_time_order_and_the_automatic_one_says_so(store, shots, tmp_path, fmt):
    out = tmp_path / "out"
    result = export(store, fmt, out, shots)
    custody = json.loads((out / "export.json").read_text(encoding="utf-8"))
    listed = [(s["ticket_id"], s["file"], s["chosen_by"]) for s in custody["snapshots"]]
    assert listed == [("T-1", f, "investigator") for f in T1_FILES] + [("T-3", T3_FILE, "automatic")]
    assert [s["time_utc"][11:] for s in custody["snapshots"][:3]] == [
        "15:00:03.650Z",
        "15:00:03.690Z",
        "15:00:08.000Z",
    ]
    stepped = custody["snapshots"][1]
    assert stepped["time_basis"] == "stepped" and stepped["time_note"] == STEPPED
    assert stepped["taken_utc"] == "2026-03-02T15:03:00.000Z"
    # the pictures themselves, in that order (the stepped frame's file is the blue one)
    sources = [shots["T-1"][1], shots["T-1"][2], shots["T-1"][0], shots["T-3"][0]]
    for source, name in zip(sources, [*T1_FILES, T3_FILE], strict=True):
        assert (out / name).read_bytes() == Path(source.path).read_bytes(), name
    # each is in the signed manifest, and the folder verifies
    manifest = (out / "MANIFEST.sha256").read_text(encoding="utf-8")
    assert all(f"  {name}\n" in manifest for name in [*T1_FILES, T3_FILE])
    ctx = ctx_on(store_paths(store))
    assert main(["verify", str(out)], ctx) == 0, ctx.stdout.getvalue() + ctx.stderr.getvalue()
    assert result.snapshots == 4 and [f["ticket_id"] for f in result.missing_snapshots] == ["T-2"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO((out / "tickets.csv").read_text(encoding="utf-8-sig"))))
        assert [r["snapshot_files"] for r in rows] == ["; ".join(T1_FILES), "", T3_FILE]
    else:
        document = json.loads((out / "tickets.json").read_text(encoding="utf-8"))
        assert document["version"] == 2  # the list of snapshots is the format's second version
        tickets = document["tickets"]
        assert [[s["file"] for s in t["snapshots"]] for t in tickets] == [T1_FILES, [], [T3_FILE]]
        assert tickets[2]["snapshots"][0]["chosen_by"] == "automatic"
    if fmt == "pdf":
        check_pdf(out)


def store_paths(store: TicketStore):
    from ows_desktop.basics.paths import AppPaths

    return AppPaths.resolve(Path(store.path).parent / "ctx", env={})


def check_pdf(out: Path) -> None:
    text = subprocess.run(["pdftotext", str(out / "case-report.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    exhibits = " ".join(text.split()).split("EXHIBIT ")[1:]
    one, two, three = (next(e for e in exhibits if e.startswith(f"{n} OF 3")) for n in (1, 2, 3))
    assert "Camera snapshots (3, in time order)" in one and "Automatic" not in one
    for n, moment in enumerate(("15:00:03.650", "15:00:03.690", "15:00:08.000"), start=1):
        assert f"{n} of 3 · Overhead · 2026-03-02 {moment} UTC" in one
    assert one.count("Chosen by the investigator, taken 2026-03-02 15:0") == 3
    assert "Time: Counted, not reported" in one
    assert "No video snapshot for this ticket" in two
    assert "Camera snapshot" not in three  # the export's own frame is never passed off as the investigator's
    assert "Automatic camera frame (not chosen by an investigator)" in three
    assert "Automatic: the export took this frame of the recording at the ticket's start." in three
    assert T3_FILE in three
    listing = subprocess.run(["pdfimages", "-list", str(out / "case-report.pdf")], capture_output=True, text=True,
                             check=True).stdout  # fmt: skip
    assert len(listing.splitlines()) - 2 == 4  # four pictures drawn (the header's two lines aside)


def test_a_snapshot_that_cannot_be_copied_is_said_and_the_others_are_kept(store, shots, tmp_path):
    Path(shots["T-1"][1].path).unlink()  # deleted between the folder's listing and the copy
    result = export(store, "json", tmp_path / "out", shots)
    custody = json.loads((tmp_path / "out" / "export.json").read_text(encoding="utf-8"))
    # numbered without gaps in the order exported: the failure names the missing one by its own file name
    assert [s["file"] for s in custody["snapshots"] if s["ticket_id"] == "T-1"] == T1_FILES[:2]
    [failure] = [f for f in custody["snapshot_failures"] if f["ticket_id"] == "T-1"]
    assert (
        "first.png" in failure["error"]
        and "2 of the ticket's 3 snapshots are in the export" in failure["error"]
    )
    assert [f["ticket_id"] for f in result.missing_snapshots] == ["T-2"]  # T-1 has pictures: not "missing"


def test_the_readme_names_every_time_basis_a_snapshot_is_written_with() -> None:
    """README listed ``time_basis`` as ``reported`` or ``stepped``; a snapshot taken paused on a recording
    writes ``frame`` (camera/snapshots.py FrameTime.basis). Each value the code writes is described there."""
    import re

    from ows_desktop.camera import snapshots

    readme = " ".join((Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8").split())
    described = readme[readme.index("(`time_basis`:") :].split("; `time_note`")[0]
    assert set(re.findall(r"`(\w+)`", described)) - {"time_basis"} == {
        snapshots.FRAME, snapshots.REPORTED, snapshots.STEPPED
    }  # fmt: skip
    assert "`frame`, exact: taken paused on a recording" in described
