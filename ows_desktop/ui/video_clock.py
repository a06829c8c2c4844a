"""The video pane's clock: names the POS time on screen the way the receipt and the ticket table do (one time
rule, basics.store_time) — the store's time with its zone label, or this workstation's time when Preferences ▸
Display ▸ Show ticket times in asks for it."""

from __future__ import annotations

from datetime import datetime, tzinfo

from ows_desktop.basics.store_time import shown_offset, store_time_text


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

    def text(self, moment: datetime) -> str:
        """``19:28:40 UTC−05:00``."""
        offset = shown_offset(moment, self.store_offset_min, self.workstation_time, self._tz)
        return store_time_text(moment, offset, "%H:%M:%S")
