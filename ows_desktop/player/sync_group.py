"""The group that keeps the 2×2 grid's players in sync with the leader's media time (on the GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot

from ows_desktop.player.controller import PlayerController, PlayerState

SYNC_TOLERANCE_MS = 300


class SyncGroup(QObject):
    """Keeps followers at the leader's media time (the 2×2 grid): transport commands go to every member,
    and :meth:`resync` (on a timer while playing) corrects a follower that drifted more than the tolerance."""

    def __init__(
        self, interval_ms: int = 1000, tolerance_ms: int = SYNC_TOLERANCE_MS, parent: QObject | None = None
    ):
        super().__init__(parent)
        self._members: list[PlayerController] = []
        self._tolerance = tolerance_ms
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.resync)

    @property
    def members(self) -> list[PlayerController]:
        return list(self._members)

    @property
    def leader(self) -> PlayerController | None:
        return self._members[0] if self._members else None

    def set_members(self, members: list[PlayerController]) -> None:
        self._members = list(members)
        if len(self._members) > 1:
            self._timer.start()
        else:
            self._timer.stop()

    def clear(self) -> None:
        self._members = []
        self._timer.stop()

    def set_paused(self, paused: bool) -> None:
        for member in self._members:
            member.set_paused(paused)
        if paused:
            self._align()

    def _align(self) -> None:
        """Paused, every follower shows the leader's frame (each had paused on the frame it was on, up to
        the tolerance apart: the tiles showed frames 1-2 apart); one held at the end of a shorter recording
        stays held."""
        leader = self.leader
        if leader is None or leader.state is not PlayerState.PAUSED or not leader.seekable:
            return
        target = leader.time_ms()
        for member in self._members[1:]:
            paused = member.state is PlayerState.PAUSED and member.seekable and not member.held_at_end
            if paused and member.time_ms() != target:
                member.seek_ms(target)

    def toggle_pause(self) -> None:
        leader = self.leader
        if leader is not None:
            self.set_paused(leader.state is PlayerState.PLAYING)

    def seek_ms(self, ms: int) -> None:
        for member in self._members:
            member.seek_ms(ms)

    def skip(self, delta_ms: int) -> None:
        """Every member from the leader's time, each within its own recording's held end."""
        leader = self.leader
        if leader is not None:
            base = leader.aimed_ms()
            for member in self._members:
                member.skip_from(base, delta_ms)

    def step_frame(self, direction: int = 1) -> None:
        leader = self.leader
        if leader is not None and leader.state is PlayerState.PLAYING:
            self.set_paused(True)  # all on the leader's frame first, then each steps from it
        for member in self._members:
            member.step_frame(direction)

    def set_rate(self, rate: float) -> None:
        for member in self._members:
            member.set_rate(rate)

    @Slot()
    def resync(self) -> None:
        leader = self.leader
        if leader is None or leader.state is not PlayerState.PLAYING or not leader.seekable:
            return
        target = leader.time_ms()
        if target < 0:
            return
        for member in self._members[1:]:
            if member.state is PlayerState.PLAYING and member.seekable:
                if abs(member.time_ms() - target) > self._tolerance:
                    member.seek_ms(target)
            elif member.state is PlayerState.PAUSED and not member.released and not member.held_at_end:
                member.set_paused(False)  # a member held at the end of a shorter recording stays held
