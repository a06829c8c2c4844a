"""The video pane's clock: names the POS time on screen the way the receipt and the ticket table do (one time
rule, basics.store_time) — the store's time with its zone label, or this workstation's time when Preferences ▸
Display ▸ Show ticket times in asks for it.

Playing, it reads whole seconds. Paused (a frame step, a line clicked while paused, held at the end) it reads
the millisecond of the frame on screen, cut, never rounded, as the snapshot's name, its sidecar and the
export say that frame's time (camera/snapshots.py, export/formatting.py): a frame lasts 40 ms at 25 fps, so
whole seconds (or tenths) read the same across several steps and could not name the frame cited."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ows_desktop.basics.store_time import shown_offset, store_time_text, zone_label
from ows_desktop.camera.snapshots import FrameTime
from ows_desktop.ui.video_widgets import format_offset

BASIS = {  # how the paused frame's time is known (camera/snapshots.py FrameTime.basis), said in the tooltip
    "frame": QT_TRANSLATE_NOOP(
        "video_clock", "The frame's own time: paused, the video was sought to this very frame."
    ),
    "stepped": QT_TRANSLATE_NOOP(
        "video_clock",
        "Counted: the video player's last reported time plus the frames stepped since (it reports no time "
        "for a stepped frame); the picture may be up to 0.3 s later, or a frame earlier.",
    ),
    "reported": QT_TRANSLATE_NOOP(
        "video_clock", "The video player's reported time: the picture may be up to 0.3 s later."
    ),
}


class VideoClock:
    def __init__(self, tz: tzinfo | None = None):
        """``tz``: this workstation's zone (None: the system's local zone)."""
        self._tz = tz
        self.store_offset_min: int | None = None  # the shown ticket's store offset (None: unknown, UTC)
        self.workstation_time = False

    def set_workstation_time(self, on: bool) -> bool:
        """True when that changed what the clock shows."""
        changed = on != self.workstation_time
        self.workstation_time = on
        return changed

    def text(self, moment: datetime, *, fine: bool = False) -> str:
        """``19:28:40 UTC−05:00``; ``fine``: to the millisecond, ``19:28:40.360 UTC−05:00``."""
        offset = shown_offset(moment, self.store_offset_min, self.workstation_time, self._tz)
        if not fine:
            return store_time_text(moment, offset, "%H:%M:%S")
        whole = store_time_text(moment, offset, "%H:%M:%S", label=False)
        if " " in whole:  # outside the calendar (a date, no zone): the whole seconds' text as it is
            return store_time_text(moment, offset, "%H:%M:%S")
        return f"{whole}.{moment.microsecond // 1000:03d} {zone_label(offset)}"

    @staticmethod
    def utc_text(moment: datetime) -> str:
        """``00:28:40.360 UTC``: the instant as the snapshot's name and the export write it (UTC, to the ms)."""
        return store_time_text(moment, 0, "%H:%M:%S", label=False) + f".{moment.microsecond // 1000:03d} UTC"

    def shown(
        self, moment: datetime, start: datetime | None, frame: FrameTime | None = None
    ) -> tuple[str, str]:
        """The clock's text and tooltip for POS time ``moment`` (``start``: the ticket's, for the time since
        it). ``frame``: paused, how the time of the frame on screen is known — the text then reads the
        millisecond, ``≈`` before it when the player did not seek to that very frame, and the tooltip says
        the UTC time a snapshot of it records and how the time is known."""
        text = self.text(moment, fine=frame is not None)
        if frame is not None and not frame.exact:
            text = "≈ " + text
        since = f"  ({format_offset(moment - start)})" if start is not None else ""
        if frame is None:
            return text + since, text + since
        # paused, the label holds the millisecond in place of the offset from the ticket's start (the tooltip
        # keeps it): the bar keeps room for the playing clock with its offset (ui/video_widgets.CLOCK_WHOLE),
        # and the millisecond with the offset was cut at 1440 px ("…(+0:…")
        snapshot = QCoreApplication.translate(
            "video_clock", "{time}: the time a snapshot of this frame records"
        )
        lines = [text + since, snapshot.format(time=self.utc_text(moment))]
        return text, "\n".join([*lines, QCoreApplication.translate("video_clock", BASIS[frame.basis])])
