"""Injected failures for the simulated OWS: which request fails, and how (429, 5xx, drop, truncate)."""

from __future__ import annotations

from dataclasses import dataclass

from .cursors import unit_hash

FAULT_KINDS: tuple[str, ...] = ("429", "500", "503", "drop", "truncate")


@dataclass(frozen=True)
class FaultPlan:
    """Injected failures: each request to a faultable endpoint fails with probability ``rate``, with a
    kind drawn from ``kinds``. Decisions are a deterministic function of ``seed`` and the request's arrival
    number. Faults never change the data: the retried request gets the same page."""

    rate: float
    kinds: tuple[str, ...] = FAULT_KINDS
    retry_after: float = 0.2  # seconds, sent in the Retry-After header of 429 responses
    seed: int = 1

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be within [0, 1]")
        unknown = set(self.kinds) - set(FAULT_KINDS)
        if unknown or not self.kinds:
            raise ValueError(f"kinds must be a non-empty subset of {FAULT_KINDS}")
        if self.retry_after < 0:
            raise ValueError("retry_after must not be negative")

    def draw(self, sequence: int) -> str | None:
        """The fault for the request with arrival number ``sequence``, or None (deterministic)."""
        if unit_hash(self.seed, sequence, "fault") >= self.rate:
            return None
        return self.kinds[int(unit_hash(self.seed, sequence, "kind") * len(self.kinds))]
