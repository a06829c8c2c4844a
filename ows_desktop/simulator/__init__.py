"""The simulated OWS tenant: a deterministic ticket generator and a fake API Access server over HTTP.

No Qt here. Tests, benchmarks and the demo run against :class:`FakeOws` on loopback."""

from .generator import Operator, SimConfig, StoreInfo, TicketGenerator
from .server import FAULT_KINDS, MAX_PAGE_SIZE, USERS_PAGE_SIZE, CursorError, FakeOws, FaultPlan

__all__ = [
    "FAULT_KINDS",
    "MAX_PAGE_SIZE",
    "USERS_PAGE_SIZE",
    "CursorError",
    "FakeOws",
    "FaultPlan",
    "Operator",
    "SimConfig",
    "StoreInfo",
    "TicketGenerator",
]
