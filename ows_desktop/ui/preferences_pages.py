"""The pages of Edit ▸ Preferences… that are plain forms: Sync, Video, Display and Evidence. Each field is a
key of ``basics.settings.DEFAULTS`` and is read where it is used, at the next use: the next sync (window
and CLI), the next playback, the next export. The theme applies at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from ows_desktop.basics.settings import DEFAULTS, RANGES
from ows_desktop.ui.preferences_fields import Field, FieldPage, existing_folder

OFF = QT_TRANSLATE_NOOP("preferences_pages", "Off")  # a number field at 0, where 0 means off


def _field(key: str, label: str, kind: str, description: str, **options: Any) -> Field:
    if key in RANGES:  # a number: the range the settings file is read with too (basics.settings.RANGES)
        options["minimum"], options["maximum"] = RANGES[key]
    return Field(key, label, kind, DEFAULTS[key], description, **options)


SYNC_FIELDS = (
    _field("sync/workers", QT_TRANSLATE_NOOP("preferences_pages", "Parallel requests:"), "int", QT_TRANSLATE_NOOP("preferences_pages", "How many pages of tickets are fetched at the same time (more is faster, until OWS starts to refuse).")),
    _field("sync/page_size", QT_TRANSLATE_NOOP("preferences_pages", "Tickets per page:"), "int", QT_TRANSLATE_NOOP("preferences_pages", "How many tickets one request asks for.")),
    _field("sync/window_hours", QT_TRANSLATE_NOOP("preferences_pages", "Hours per window:"), "int", QT_TRANSLATE_NOOP("preferences_pages", "A sync splits its range into windows of at most this many hours; each finished window is kept, so a stopped sync resumes there."), suffix=" h"),
    _field("sync/overlap_minutes", QT_TRANSLATE_NOOP("preferences_pages", "Read again (late tickets):"), "int", QT_TRANSLATE_NOOP("preferences_pages", "How far before the end of what is already complete the next sync starts again, for tickets that reach OWS late."), suffix=" min", zero_text=OFF),
    _field("sync/every_minutes", QT_TRANSLATE_NOOP("preferences_pages", "Sync on its own every:"), "int", QT_TRANSLATE_NOOP("preferences_pages", "While the window is open, it starts the same sync as the Sync button every this many minutes (skipped while one runs); 0 turns it off."), suffix=" min", zero_text=OFF),
)  # fmt: skip

VIDEO_FIELDS = (
    _field("video/default_layout", QT_TRANSLATE_NOOP("preferences_pages", "Open a ticket's video as:"), "choice", QT_TRANSLATE_NOOP("preferences_pages", "The layout the video pane opens each ticket in: its register's primary camera, or all its cameras at once."),
           choices=((QT_TRANSLATE_NOOP("preferences_pages", "The primary camera"), "single"), (QT_TRANSLATE_NOOP("preferences_pages", "All cameras (2×2 grid)"), "grid"))),
    _field("player/preroll_seconds", QT_TRANSLATE_NOOP("preferences_pages", "Start before the ticket:"), "int", QT_TRANSLATE_NOOP("preferences_pages", "Video starts this many seconds before the ticket's first line."), suffix=" s"),
    _field("player/postroll_seconds", QT_TRANSLATE_NOOP("preferences_pages", "Continue after the ticket:"), "int", QT_TRANSLATE_NOOP("preferences_pages", "Video runs on this many seconds after the ticket's last line."), suffix=" s"),
    _field("player/network_caching_ms", QT_TRANSLATE_NOOP("preferences_pages", "Network buffer:"), "int", QT_TRANSLATE_NOOP("preferences_pages", "How much video is buffered from a camera or recorder (more is smoother on a slow network, but starts later)."), suffix=" ms"),
    _field("player/rtsp_tcp", QT_TRANSLATE_NOOP("preferences_pages", "Receive camera streams over TCP (works through more firewalls)"), "bool",
           QT_TRANSLATE_NOOP("preferences_pages", "RTSP over TCP instead of UDP.")),
    _field("player/unreachable_timeout_seconds", QT_TRANSLATE_NOOP("preferences_pages", "Give up on a silent camera after:"), "int",
           QT_TRANSLATE_NOOP("preferences_pages", "How long to wait for the first picture before saying the camera cannot be reached."), suffix=" s"),
)  # fmt: skip

DISPLAY_FIELDS = (
    _field("display/theme", QT_TRANSLATE_NOOP("preferences_pages", "Theme:"), "choice", QT_TRANSLATE_NOOP("preferences_pages", "Light or dark colours, white on black for high contrast, or what the system uses (including its high-contrast setting)."),
           choices=((QT_TRANSLATE_NOOP("preferences_pages", "Follow the system"), "system"), (QT_TRANSLATE_NOOP("preferences_pages", "Light"), "light"), (QT_TRANSLATE_NOOP("preferences_pages", "Dark"), "dark"), (QT_TRANSLATE_NOOP("preferences_pages", "High contrast"), "high_contrast"))),
    _field("display/time_zone", QT_TRANSLATE_NOOP("preferences_pages", "Show ticket times in:"), "choice", QT_TRANSLATE_NOOP("preferences_pages", "The receipt lists, the receipts and the video clocks show times in the store's time (as on the paper receipt) or in this workstation's time, always with the zone; Today, Yesterday and Last 7 days are then the days each store's calendar reads, or this workstation's."),
           choices=((QT_TRANSLATE_NOOP("preferences_pages", "Store time"), "store"), (QT_TRANSLATE_NOOP("preferences_pages", "This workstation's time"), "workstation"))),
    # the languages a translation ships for (ui/translation.available_languages), named in their own language
    _field("display/language", QT_TRANSLATE_NOOP("preferences_pages", "Language:"), "choice", QT_TRANSLATE_NOOP("preferences_pages", "The window's language and number format; applies the next time OWS Desktop starts."),
           choices=((QT_TRANSLATE_NOOP("preferences_pages", "Follow the system"), ""), ("English", "en"), ("Français", "fr"))),
)  # fmt: skip

EVIDENCE_FIELDS = (
    _field("export/folder", QT_TRANSLATE_NOOP("preferences_pages", "Default export folder:"), "folder", QT_TRANSLATE_NOOP("preferences_pages", "Export evidence… and Export case… propose a new folder in here (empty: they propose none)."), check=existing_folder),
    _field("export/format", QT_TRANSLATE_NOOP("preferences_pages", "Default format:"), "choice", QT_TRANSLATE_NOOP("preferences_pages", "The format Export evidence… starts with."),
           choices=((QT_TRANSLATE_NOOP("preferences_pages", "PDF case report"), "pdf"), ("CSV", "csv"), ("JSON", "json"))),
    _field("export/page_size", QT_TRANSLATE_NOOP("preferences_pages", "PDF paper size:"), "choice", QT_TRANSLATE_NOOP("preferences_pages", "The paper size of PDF case reports (window and command line)."), choices=((QT_TRANSLATE_NOOP("preferences_pages", "Letter"), "letter"), ("A4", "a4"))),
    _field("export/include_snapshots", QT_TRANSLATE_NOOP("preferences_pages", "Include camera snapshots"), "bool", QT_TRANSLATE_NOOP("preferences_pages", "Exports hold a still picture of each ticket from its mapped cameras (window and command line).")),
    _field("export/clips", QT_TRANSLATE_NOOP("preferences_pages", "Include video clips:"), "choice", QT_TRANSLATE_NOOP("preferences_pages", "Exports hold each ticket's video clip from every mapped camera, from the primary camera only, or none (window and command line)."),
           choices=((QT_TRANSLATE_NOOP("preferences_pages", "All cameras"), "all"), (QT_TRANSLATE_NOOP("preferences_pages", "Primary camera only"), "primary"), (QT_TRANSLATE_NOOP("preferences_pages", "None"), "none"))),
)  # fmt: skip


def sync_page(parent: QWidget | None = None) -> FieldPage:
    return FieldPage(QCoreApplication.translate("preferences_pages", "Sync"), QCoreApplication.translate("preferences_pages", "Used by the next sync, in this window and on the command line; the schedule applies at once."),
                     SYNC_FIELDS, parent)  # fmt: skip


def video_page(parent: QWidget | None = None) -> FieldPage:
    return FieldPage(
        QCoreApplication.translate("preferences_pages", "Video"),
        QCoreApplication.translate("preferences_pages", "Used the next time a receipt's video plays."),
        VIDEO_FIELDS,
        parent,
    )


def display_page(parent: QWidget | None = None) -> FieldPage:
    return FieldPage(
        QCoreApplication.translate("preferences_pages", "Display"),
        QCoreApplication.translate(
            "preferences_pages", "The theme and the time zone apply at once, the language at the next start."
        ),
        DISPLAY_FIELDS,
        parent,
    )


def evidence_page(parent: QWidget | None = None) -> FieldPage:
    return FieldPage(QCoreApplication.translate("preferences_pages", "Evidence"), QCoreApplication.translate("preferences_pages", "Used by the next export, in this window and on the command line."),
                     EVIDENCE_FIELDS, parent)  # fmt: skip
