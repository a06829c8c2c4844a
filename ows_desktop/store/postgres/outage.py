"""Whether the team store's server is known to be away, as the window's live-updates listener finds it.

The listener (:mod:`ows_desktop.tasks.live_updates`) keeps a connection of its own open, the change feed
(:mod:`.live`), and while the server is away it tries to open a new one every few seconds, on its own thread:
that is the store's probe. What it finds is kept here, per store object: its readers and its writer look
before they touch the network, and while the server is known to be away they fail at once
(:class:`~ows_desktop.store.errors.StoreConnectError`) instead of each waiting for a connection attempt to time
out. (The window's GUI thread reads through one; each read waited ``CONNECT_TIMEOUT_S`` and the window stopped
answering for 10-30 s at a time.) When the probe's connection opens again, the store is reachable again: the
store renews its readers' pool first (psycopg_pool's own reconnection backs off for up to minutes), so the
first read after that finds a connection.

The verdict counts only while the listener keeps confirming it (``STALE_S``): a store whose listener stopped
(the window closed while the server was away) or never ran (the command line has none) connects as before,
each attempt up to its time-out. No Qt here."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ows_desktop.store.postgres.connect import CONNECT_TIMEOUT_S

# longer than one probe and the pause before the next: libpq's connect_timeout is per address, and a host of an
# IPv4 and an IPv6 address whose packets are dropped takes two of them (the verdict expired in the middle of such
# a probe, and reads waited on the network again for a few seconds of every cycle: a reviewer's reading)
STALE_S = 2 * CONNECT_TIMEOUT_S + 5.0


class Outage:
    """The server is away (:attr:`down`) from the listener's :meth:`lost` until its :meth:`back`."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._away = False
        self._heard = float("-inf")  # when the listener last said the server is away, or tried it again

    @property
    def down(self) -> bool:
        """The server is known to be away: do not try to reach it (the listener's probe does)."""
        with self._lock:
            return self._away and self._clock() - self._heard < STALE_S

    def lost(self) -> None:
        """The listener's connection broke, or a new one could not be opened."""
        with self._lock:
            self._away, self._heard = True, self._clock()

    def probing(self) -> None:
        """The listener tries to connect again (still looking: the verdict stands meanwhile)."""
        with self._lock:
            if self._away:
                self._heard = self._clock()

    def back(self) -> bool:
        """The listener connected; True when the server had been away."""
        with self._lock:
            was, self._away = self._away, False
            return was
