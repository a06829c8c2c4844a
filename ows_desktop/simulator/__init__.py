"""The simulated OWS tenant: a deterministic ticket generator and a fake API Access server over HTTP.

No Qt here. Tests, benchmarks and the demo run against :class:`FakeOws` on loopback."""

from .cursors import CursorError
from .faults import FAULT_KINDS, FaultPlan
from .generator import Operator, SimConfig, StoreInfo, TicketGenerator
from .server import AUTH_HEADER_MODES, MAX_PAGE_SIZE, USERS_PAGE_SIZE, FakeOws, ListenError

__all__ = [
    "AUTH_HEADER_MODES",
    "FAULT_KINDS",
    "MAX_PAGE_SIZE",
    "USERS_PAGE_SIZE",
    "CursorError",
    "FakeOws",
    "FaultPlan",
    "ListenError",
    "Operator",
    "SimConfig",
    "StoreInfo",
    "TicketGenerator",
]
