"""The window's message after an export that lacks evidence says every reason, or how many more there are and
where they are listed: it named five and left a sixth ("10 camera snapshots missing … S044-R01") unsaid. And
the reasons the export wrote read in the window's language: in French they stayed English ("12 extraits vidéo
manquants : No camera is mapped to register S044-R02 of store S044.")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, receipts_window

from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.bundle import ExportResult
from ows_desktop.export.clips import NO_CAMERA, ClipSource
from ows_desktop.export.custody import NO_PICTURE
from ows_desktop.store import TicketQuery
from ows_desktop.store.cameras import CameraRepository

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot, paths, filled_store):
    return receipts_window(qtbot, make_services(paths, filled_store))


class NoCutter:
    suffix, method = ".mp4", "none: no camera is mapped"

    def cut(self, *_args: Any) -> float:
        raise AssertionError("no camera is mapped: nothing to cut")


def result_of(tmp_path: Path, **lacks: Any) -> ExportResult:
    return ExportResult(folder=tmp_path / "out", format="pdf", case_id="OWS-1", tickets=40, files=(), snapshots=0,
                        redactions=0, seconds=0.5, **lacks)  # fmt: skip


def no_camera(register: str | None, store: str | None = "S044") -> str:
    return NO_CAMERA.format(terminal=register or "?", location=store or "?")


def test_a_sixth_reason_is_said_to_be_there_and_where_it_is_listed(window, tmp_path) -> None:
    counts = {"S044-R02": 12, "S044-R03": 12, "S044-R04": 11, "S044-R05": 11, "S044-R06": 11}
    clips = [
        {"ticket_id": f"T-{register}-{n}", "camera": "", "error": no_camera(register)}
        for register, count in counts.items()
        for n in range(count)
    ]
    snapshots = [{"ticket_id": f"T-R01-{n}", "error": no_camera("S044-R01")} for n in range(10)]
    window.export._on_exported(None, result_of(tmp_path, missing_clips=tuple(clips),
                                                missing_snapshots=tuple(snapshots)))  # fmt: skip
    banner = window.banner
    assert banner.isVisible() and banner.message.level == "warning"
    assert banner.detail_text().splitlines() == [
        "12 video clips missing: No camera is mapped to register S044-R02 of store S044.",
        "12 video clips missing: No camera is mapped to register S044-R03 of store S044.",
        "11 video clips missing: No camera is mapped to register S044-R04 of store S044.",
        "11 video clips missing: No camera is mapped to register S044-R05 of store S044.",
        "11 video clips missing: No camera is mapped to register S044-R06 of store S044.",
        "And 1 more reason: export.json in that folder lists each missing clip (under clips) and snapshot (under "
        "snapshot_failures) with its reason.",
    ]


def test_snapshots_left_out_or_unhashed_past_five_are_counted(window, tmp_path) -> None:
    refused = tuple({"ticket_id": f"T-{n}", "file": f"T-{n}.png", "error": f"Snapshot T-{n}.png left out."}
                    for n in range(7))  # fmt: skip
    unhashed = tuple({"ticket_id": f"T-{n}", "file": f"snapshots/{n}.png"} for n in range(6))
    window.export._on_exported(
        None, result_of(tmp_path, refused_snapshots=refused, unhashed_snapshots=unhashed)
    )
    lines = window.banner.detail_text().splitlines()
    assert lines[:5] == [f"Ticket T-{n}: Snapshot T-{n}.png left out." for n in range(5)]
    assert lines[5] == (
        "And 2 more snapshots left out: export.json in that folder lists each under snapshot_failures, with its "
        "reason."
    )
    assert lines[6].startswith("6 snapshots exported with no hash recorded ")
    assert lines[6].endswith(
        ": snapshots/0.png (ticket T-0), snapshots/1.png (ticket T-1), snapshots/2.png (ticket T-2), "
        "snapshots/3.png (ticket T-3), snapshots/4.png (ticket T-4), and 1 more (export.json in that folder "
        "lists it under snapshots)"
    )
    assert len(lines) == 7


def test_the_exports_reasons_read_in_french(window, filled_store, tmp_path, french) -> None:
    """The reasons as the export wrote them (no camera mapped to the tickets' registers, no picture at all),
    shown in French; the command line and export.json keep them in English."""
    with filled_store.reader() as reader:
        rows = reader.page(TicketQuery(), 12)[0]
        ticket = rows[0]
        source = ClipSource(CameraRepository(filled_store, None), NoCutter())  # no camera is mapped: none cut
        try:
            result = export_tickets(reader, Selection.of_rows([row.rowid for row in rows]), "json",
                                    tmp_path / "out", clip_source=source, snapshot_provider=lambda _t: [])  # fmt: skip
        finally:
            source.close()
    assert no_camera(ticket.terminal, ticket.location) in {c["error"] for c in result.missing_clips}
    window.export._on_exported(None, result)
    detail = window.banner.detail_text()
    assert "No camera is mapped" not in detail and "No camera picture" not in detail
    clips = [line for line in detail.splitlines() if " extrait" in line]
    said = f" : Aucune caméra n’est associée à la caisse {ticket.terminal} du magasin {ticket.location}."
    assert clips and any(line.endswith(said) for line in clips), clips
    assert "12 images de caméra manquantes : Aucune image de caméra pour ce ticket (aucune capture enregistrée, " \
           "et aucune caméra qui enregistre n’en a fourni)." in detail.splitlines()  # fmt: skip
    assert result.missing_snapshots[0]["error"] == NO_PICTURE  # English for the command line and the files
