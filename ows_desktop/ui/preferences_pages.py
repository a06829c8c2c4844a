"""The pages of Edit ▸ Preferences… that are plain forms: Sync, Video, Display and Evidence. Each field is a
key of ``basics.settings.DEFAULTS`` and is read where it is used, at the next use: the next sync (window
and CLI), the next playback, the next export. The theme applies at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ows_desktop.basics.settings import DEFAULTS
from ows_desktop.ui.preferences_fields import Field, FieldPage, existing_folder


def _field(key: str, label: str, kind: str, description: str, **options: Any) -> Field:
    return Field(key, label, kind, DEFAULTS[key], description, **options)


SYNC_FIELDS = (
    _field("sync/workers", "Parallel requests:", "int", "How many pages of tickets are fetched at the same "
           "time (more is faster, until OWS starts to refuse).", minimum=1, maximum=16),
    _field("sync/page_size", "Tickets per page:", "int", "How many tickets one request asks for.",
           minimum=10, maximum=500),
    _field("sync/window_hours", "Hours per window:", "int", "A sync splits its range into windows of at most "
           "this many hours; each finished window is kept, so a stopped sync resumes there.",
           minimum=1, maximum=168, suffix=" h"),
    _field("sync/overlap_minutes", "Read again (late tickets):", "int", "How far before the end of what is "
           "already complete the next sync starts again, for tickets that reach OWS late.",
           minimum=0, maximum=1440, suffix=" min"),
)  # fmt: skip

VIDEO_FIELDS = (
    _field("player/preroll_seconds", "Start before the ticket:", "int", "Video starts this many seconds "
           "before the ticket's first line.", minimum=0, maximum=600, suffix=" s"),
    _field("player/postroll_seconds", "Continue after the ticket:", "int", "Video runs on this many seconds "
           "after the ticket's last line.", minimum=0, maximum=600, suffix=" s"),
    _field("player/network_caching_ms", "Network buffer:", "int", "How much video is buffered from a camera "
           "or recorder (more is smoother on a slow network, but starts later).", minimum=100,
           maximum=10000, suffix=" ms"),
    _field("player/rtsp_tcp", "Receive camera streams over TCP (works through more firewalls)", "bool",
           "RTSP over TCP instead of UDP."),
    _field("player/unreachable_timeout_seconds", "Give up on a silent camera after:", "int",
           "How long to wait for the first picture before saying the camera cannot be reached.",
           minimum=1, maximum=120, suffix=" s"),
)  # fmt: skip

DISPLAY_FIELDS = (
    _field("display/theme", "Theme:", "choice", "Light or dark colours, or what the system uses.",
           choices=(("Follow the system", "system"), ("Light", "light"), ("Dark", "dark"))),
)  # fmt: skip

EVIDENCE_FIELDS = (
    _field("export/folder", "Default export folder:", "folder", "Export evidence… proposes a new folder in "
           "here (empty: it proposes none).", check=existing_folder),
    _field("export/format", "Default format:", "choice", "The format Export evidence… starts with.",
           choices=(("PDF case report", "pdf"), ("CSV", "csv"), ("JSON", "json"))),
    _field("export/page_size", "PDF paper size:", "choice", "The paper size of PDF case reports "
           "(window and command line).", choices=(("Letter", "letter"), ("A4", "a4"))),
    _field("export/include_snapshots", "Include camera snapshots", "bool", "Exports hold a still picture "
           "of each ticket from its mapped cameras (window and command line)."),
)  # fmt: skip


def sync_page(parent: QWidget | None = None) -> FieldPage:
    return FieldPage("Sync", "Used by the next sync, in this window and on the command line.",
                     SYNC_FIELDS, parent)  # fmt: skip


def video_page(parent: QWidget | None = None) -> FieldPage:
    return FieldPage("Video", "Used the next time a receipt's video plays.", VIDEO_FIELDS, parent)


def display_page(parent: QWidget | None = None) -> FieldPage:
    return FieldPage("Display", "Applies at once.", DISPLAY_FIELDS, parent)


def evidence_page(parent: QWidget | None = None) -> FieldPage:
    return FieldPage("Evidence", "Used by the next export, in this window and on the command line.",
                     EVIDENCE_FIELDS, parent)  # fmt: skip
