"""The video's clock follows the one time rule (#10, basics.store_time): it shows the STORE's local time with
its zone label, as the receipt does, not the workstation's time — unless Preferences ▸ Display asks for the
workstation's time (#18): then the clock, like the tables and the receipts of both tabs, switches at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta, timezone

import pytest
from gui_support import OFFSCREEN_NOISE, choose_time_zone, make_services, open_window

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.basics.store_time import zone_label
from ows_desktop.itemmodels.ticket_columns import COL_TIME
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
    window.video.reload()  # as the mapping dialog does: the receipt shown at start reads its camera
    page.select_row(row)
    ticket = page.receipt.ticket()
    assert ticket is not None and ticket.key == ticket_row.key
    qtbot.waitUntil(lambda: any(p.requests for p in backend.players))
    player = next(p for p in backend.players if p.requests)
    player.start(10_000)  # the window starts 10 s before the ticket: the ticket's first second is on screen
    window.video.leader().poll()
    label = window.video.time_label.full_text()

    store_clock = (ticket.start + timedelta(minutes=offset)).strftime("%H:%M:%S")
    assert label.startswith(f"{store_clock} {zone_label(offset)}")  # e.g. "19:28:40 UTC−05:00  (+0:00)"
    assert zone_label(offset) in page.receipt.text()  # the receipt names the same zone
    assert ticket.start.strftime("%H:%M:%S") not in label  # not the workstation's (UTC) time
    shown = f"{store_clock} {zone_label(offset)}"  # the clock and its zone whole, not "19:28:40 UTC−05…"
    qtbot.waitUntil(lambda: window.video.time_label.text().startswith(shown))


TOKYO = timezone(timedelta(hours=9))  # this workstation, for the test: far from every simulated store


@pytest.fixture
def tokyo_window(qtbot, paths, filled_store):
    """The window on a workstation in Tokyo, with one camera on every register of the first receipt's store."""
    backend = FakeMediaBackend()
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=backend, tz=TOKYO)
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    row = page.model.ticket_row(0)
    camera = cameras.add_camera(
        "Overhead", "http://nvr.local/live/1", "http://nvr.local/play/1?start={start}"
    )
    cameras.add_to_terminal(row.location, row.terminal, camera.id)
    window.video.reload()  # as the mapping dialog does: the receipt shown at start reads its camera
    return window, backend


def asked(backend) -> list:
    """The players that were asked for a video, oldest first."""
    return [p for p in backend.players if p.requests]


def play(qtbot, backend, pane, before: int) -> None:
    """The pane's video (asked for after ``before`` players were) reaches the ticket's first second (the
    window starts 10 s before it)."""
    qtbot.waitUntil(lambda: len(asked(backend)) > before)
    asked(backend)[-1].start(10_000)
    pane.leader().poll()


def clock(ticket, offset_min: int) -> str:
    return (
        f"{(ticket.start + timedelta(minutes=offset_min)).astimezone(UTC):%H:%M:%S} {zone_label(offset_min)}"
    )


def test_the_video_clock_follows_the_store_or_workstation_time_preference_at_once(qtbot, tokyo_window):
    window, backend = tokyo_window
    page = window.receipts
    page.select_row(0)
    ticket = page.receipt.ticket()
    offset = page.receipt.utc_offset_min()
    assert offset not in (None, 9 * 60)  # the simulated store is not in Tokyo's zone
    play(qtbot, backend, window.video, 0)
    assert window.video.time_label.full_text().startswith(
        clock(ticket, offset)
    )  # the store's time by default

    choose_time_zone(qtbot, window, "This workstation's time")  # paused or playing: the clock changes now
    assert window.video.time_label.full_text().startswith(clock(ticket, 9 * 60))  # e.g. "09:28:40 UTC+09:00"
    assert clock(ticket, 9 * 60) in page.receipt.text()  # as the receipt says it

    choose_time_zone(qtbot, window, "Store time")
    assert window.video.time_label.full_text().startswith(clock(ticket, offset))


def test_the_cases_tab_follows_the_time_preference_too(qtbot, tokyo_window, filled_store):
    window, backend = tokyo_window
    key = window.receipts.model.ticket_row(0).key
    case = filled_store.cases.new_case("Voids", tickets=[key])
    cases = window.cases
    window.tabs.setCurrentWidget(cases)
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1)
    before = len(asked(backend))
    assert cases.select_case(case.number)
    qtbot.waitUntil(lambda: cases.tickets.rowCount() == 1)
    cases.ticket_table.setCurrentIndex(cases.tickets.index(0, 0))
    ticket = cases.receipt.ticket()
    assert ticket is not None and ticket.key == key
    offset = cases.receipt.utc_offset_min()
    play(qtbot, backend, cases.video, before)
    cell = cases.tickets.index(0, COL_TIME)
    assert cases.video.time_label.full_text().startswith(clock(ticket, offset))

    choose_time_zone(qtbot, window, "This workstation's time")
    assert cell.data().endswith("+09:00")  # the case's ticket list
    assert clock(ticket, 9 * 60) in cases.receipt.text()  # its receipt
    assert cases.video.time_label.full_text().startswith(clock(ticket, 9 * 60))  # and its video's clock
