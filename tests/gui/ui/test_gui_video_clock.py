"""The video's clock follows the one time rule (#10, basics.store_time): it shows the STORE's local time with
its zone label, as the receipt does, not the workstation's time."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from gui_support import OFFSCREEN_NOISE, make_services, open_window

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.basics.store_time import zone_label
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store.cameras import CameraRepository

pytestmark = OFFSCREEN_NOISE


def test_the_video_clock_shows_the_stores_time_with_its_zone(qtbot, paths, filled_store):
    backend = FakeMediaBackend()
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=backend)
    window = open_window(qtbot, services)  # the workstation's zone here is UTC
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    with filled_store.reader() as reader:
        offsets = reader.local_offsets([page.model.ticket_row(r).rowid for r in range(page.model.rowCount())])
    row = next(r for r in range(page.model.rowCount()) if offsets[page.model.ticket_row(r).rowid])
    ticket_row = page.model.ticket_row(row)
    offset = offsets[ticket_row.rowid]
    camera = cameras.add_camera(
        "Overhead", "http://nvr.local/live/1", "http://nvr.local/play/1?start={start}"
    )
    cameras.add_to_terminal(ticket_row.location, ticket_row.terminal, camera.id)
    page.select_row(row)
    ticket = page.receipt.ticket()
    assert ticket is not None and ticket.key == ticket_row.key
    qtbot.waitUntil(lambda: any(p.requests for p in backend.players))
    player = next(p for p in backend.players if p.requests)
    player.start(10_000)  # the window starts 10 s before the ticket: the ticket's first second is on screen
    window.video.leader().poll()
    label = window.video.time_label.text()

    store_clock = (ticket.start + timedelta(minutes=offset)).strftime("%H:%M:%S")
    assert label.startswith(f"{store_clock} {zone_label(offset)}")  # e.g. "19:28:40 UTC−05:00  (+0:00)"
    assert zone_label(offset) in page.receipt.text()  # the receipt names the same zone
    assert ticket.start.strftime("%H:%M:%S") not in label  # not the workstation's (UTC) time
