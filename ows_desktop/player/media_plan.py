"""What a camera plays for a ticket: the playback plan (the ticket's window with pre- and post-roll, shifted
by the terminal's clock offset; live when the camera has no playback template) and the media request the
player opens (URL, per-media options, the camera's password), from the player settings. The password is
read from the keyring by the caller, off the GUI thread (see
:mod:`~ows_desktop.player.camera_passwords`). No Qt."""

from __future__ import annotations

from typing import Any

from ows_desktop.camera.media import MediaRequest, build_media_request
from ows_desktop.camera.timeline import PlaybackPlan, plan_playback
from ows_desktop.ows.model import Ticket
from ows_desktop.store.cameras import Camera, TerminalMapping


def plan_for(
    camera: Camera, ticket: Ticket | None, mapping: TerminalMapping | None, settings: Any
) -> PlaybackPlan:
    """The plan for ``camera``. Raises for a bad template in the store."""
    return plan_playback(
        live_url=camera.url,
        playback_template=camera.playback_url,
        ticket_start=ticket.start if ticket else None,
        ticket_end=ticket.end if ticket else None,
        clock_offset_seconds=mapping.clock_offset_seconds if mapping else 0.0,
        preroll_seconds=float(settings.get("player/preroll_seconds")),
        postroll_seconds=float(settings.get("player/postroll_seconds")),
    )


def request_for(plan: PlaybackPlan, password: str | None, settings: Any) -> MediaRequest:
    """The media request that plays ``plan`` with the camera's ``password`` (None: none)."""
    return build_media_request(
        plan.url,
        password=password,
        network_caching_ms=int(settings.get("player/network_caching_ms")),
        rtsp_tcp=bool(settings.get("player/rtsp_tcp")),
        frame_accurate=plan.seekable,  # a recording: frame steps, line clicks and repaints seek in it
    )
