"""Seek arithmetic between a receipt's POS times and a camera stream's media time (no Qt).

Clocks: the POS and the recorder disagree by the terminal's *clock offset* (seconds to add to a POS time
to get the recorder's time). Showing a receipt plays the window::

    [ticket start + offset - pre-roll,  ticket end + offset + post-roll]

through the camera's playback template; media time 0 is the template's ``{start}`` (floored to the second,
see :mod:`ows_desktop.camera.urls`), so a POS time ``t`` is at media time ``t + offset - window start``.
Without a template the camera's live URL plays and nothing can be seeked (``plan.seekable`` is False)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ows_desktop.camera.urls import PlaybackTemplate


@dataclass(frozen=True, slots=True)
class PlaybackPlan:
    """What to play for one receipt on one camera, and how to map times both ways."""

    url: str  # without credentials
    seekable: bool  # False for a live URL
    window_start: datetime | None = None  # recorder time at media 0 (UTC, whole second)
    window_end: datetime | None = None  # recorder time where post-roll ends
    clock_offset: timedelta = timedelta(0)
    time_invalid: bool = False  # the ticket's time cannot be played back (e.g. year 1 or 9999): live URL

    @property
    def live(self) -> bool:
        return not self.seekable

    @property
    def duration_ms(self) -> int | None:
        if self.window_start is None or self.window_end is None:
            return None
        return _ms(self.window_end - self.window_start)

    def media_ms(self, pos_time: datetime) -> int | None:
        """Media time (ms, clamped at 0) showing the POS time ``pos_time``; None for a live stream."""
        if not self.seekable or self.window_start is None:
            return None
        return max(0, _ms(pos_time.astimezone(UTC) + self.clock_offset - self.window_start))

    def pos_time(self, media_ms: int) -> datetime | None:
        """The POS time shown at media time ``media_ms``; None for a live stream or an unknown time."""
        if not self.seekable or self.window_start is None or media_ms < 0:
            return None
        return self.window_start + timedelta(milliseconds=media_ms) - self.clock_offset


def _ms(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def plan_playback(
    *,
    live_url: str,
    playback_template: str | None,
    ticket_start: datetime | None,
    ticket_end: datetime | None,
    clock_offset_seconds: float = 0.0,
    preroll_seconds: float = 10.0,
    postroll_seconds: float = 10.0,
) -> PlaybackPlan:
    """The stream for a receipt: the playback template over the pre-/post-rolled window when the camera
    has one and the ticket has a start time, else the live URL."""
    offset = timedelta(seconds=clock_offset_seconds)
    if not playback_template or ticket_start is None:
        return PlaybackPlan(url=live_url, seekable=False, clock_offset=offset)
    try:
        start = ticket_start.astimezone(UTC)
        end = max(start, (ticket_end or ticket_start).astimezone(UTC))
        window_start = (start + offset - timedelta(seconds=max(0.0, preroll_seconds))).replace(microsecond=0)
        window_end = end + offset + timedelta(seconds=max(0.0, postroll_seconds))
        if window_end.microsecond:
            window_end = window_end.replace(microsecond=0) + timedelta(seconds=1)
    except OverflowError:  # a ticket dated year 1 or 9999: kept as it is, shown as an invalid time
        return PlaybackPlan(url=live_url, seekable=False, clock_offset=offset, time_invalid=True)
    template = PlaybackTemplate.parse(playback_template)
    return PlaybackPlan(
        url=template.render(window_start, window_end),
        seekable=True,
        window_start=window_start,
        window_end=window_end,
        clock_offset=offset,
    )


class LineTimes:
    """Which receipt line is "current" at a POS time: the last line rung up at or before it, until the
    ticket ends. Lines without a time never become current; indices are positions in ``ticket.lines``."""

    def __init__(self, times: Sequence[datetime | None], ticket_end: datetime | None = None):
        timed = sorted(
            ((t.astimezone(UTC), i) for i, t in enumerate(times) if t is not None), key=lambda p: (p[0], p[1])
        )
        self._times = [t for t, _ in timed]
        self._indices = [i for _, i in timed]
        self._line_time = {i: t for t, i in timed}
        self._end = ticket_end.astimezone(UTC) if ticket_end is not None else None

    @classmethod
    def of_ticket(cls, ticket: object) -> LineTimes:
        lines = getattr(ticket, "lines", ()) or ()
        return cls([getattr(line, "time", None) for line in lines], getattr(ticket, "end", None))

    def __bool__(self) -> bool:
        return bool(self._times)

    def line_at(self, pos_time: datetime | None) -> int:
        """The index of the current line at ``pos_time``, or -1."""
        if pos_time is None or not self._times:
            return -1
        pos_time = pos_time.astimezone(UTC)
        if self._end is not None and pos_time > max(self._end, self._times[-1]):
            return -1
        k = bisect_right(self._times, pos_time)
        return self._indices[k - 1] if k else -1

    def time_of(self, index: int) -> datetime | None:
        return self._line_time.get(index)
