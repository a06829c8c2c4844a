"""The time of a frame libVLC stepped to (no Qt; the controller keeps one per player), on a stream not
opened frame-accurate (RTSP, a live camera): paused on a recording the controller shows frames itself and
knows each one's own time (still_frame.py).

libVLC 3 reports no time for a frame step: paused, ``next_frame`` shows the next frame while ``get_time``
keeps the time it last reported (measured with 3.0.24 on the sample clips, 2026-12-07: five steps from a
pause at a reported 1 150 ms showed the frames at 1 280-1 440 ms, the time stayed 1 150 ms). So the frames
stepped since that report are counted on from it, and a snapshot says its time was counted
(:class:`~ows_desktop.camera.snapshots.FrameTime`). The count is not exact either, and the note says so:
that reported time was 90-220 ms behind the picture paused on, and the first step after a paused seek left
the picture as it was (measured: the frame at 2 000 ms stayed, the next steps went on from it)."""

from __future__ import annotations

from ows_desktop.camera.snapshots import FrameTime


class FrameSteps:
    def __init__(self) -> None:
        self.count = 0  # forward steps since libVLC reported ``since``
        self.since = -1

    def forget(self) -> None:
        """The picture moved another way (a seek, play, another stream): no steps to count."""
        self.count, self.since = 0, -1

    def stepped(self, reported_ms: int) -> None:
        """One frame forward while libVLC reported ``reported_ms`` (before the step)."""
        if reported_ms != self.since:  # libVLC reported a new time since the last step: count from it
            self.count, self.since = 0, reported_ms
        self.count += 1

    def shown(self, reported_ms: int, fps: float, paused: bool) -> FrameTime:
        """The time of the picture on screen, libVLC's time now being ``reported_ms``."""
        if paused and self.count and reported_ms == self.since and reported_ms >= 0:
            frame = 1000.0 / (fps if fps > 0 else 25.0)
            return FrameTime(round(reported_ms + self.count * frame), reported_ms, self.count, frame)
        return FrameTime(reported_ms, reported_ms)


__all__ = ["FrameSteps", "FrameTime"]
