"""What one OWS answer may cost the workstation: documented limits, checked while the answer arrives.

A broken or hostile server must not hang a sync or exhaust memory, so every response is bounded:

* **Deadline** (``deadline_s``, default 120 s): the whole response, from sending the request to the last body
  byte, not each read. A server that drips a byte every few seconds is abandoned at the deadline (a retried
  failure, like a timeout).
* **Size on the wire** (``max_wire_bytes``, 32 MiB) and **decoded size** (``max_body_bytes``, 128 MiB, after
  gzip/deflate): a 50-ticket page is normally well under 1 MB. A breach is a protocol error, never retried.
* **One ticket** (``max_ticket_bytes``, 4 MiB as compact JSON) and **nesting** (``max_depth``, 64 levels of
  objects/arrays): real tickets are a few KB and a handful of levels deep. A breach is a protocol error that
  names the ticket, raised before anything of its page is stored.
* **Paging** (see :meth:`ResponseLimits.max_ticket_pages`): a cursor seen before (A→A, A→B→A) stops a window,
  so do ``max_empty_run`` (100) empty pages in a row and more pages than the window could hold at
  ``max_tickets_per_second`` (200 tickets every second of the window, at least ``min_pages_per_window`` 1000
  pages). ``/apip/users`` stops after ``max_user_pages`` (10,000 pages = a million users) or at a page seen
  before.

Errors name the endpoint; these limits are also listed in the README ("Limits against a broken server").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ows_desktop.ows.errors import ProtocolError
from ows_desktop.ows.model import Ticket

MIB = 1024 * 1024


@dataclass(frozen=True)
class ResponseLimits:
    deadline_s: float = 120.0
    max_wire_bytes: int = 32 * MIB
    max_body_bytes: int = 128 * MIB
    max_ticket_bytes: int = 4 * MIB
    max_depth: int = 64
    max_empty_run: int = 100
    max_tickets_per_second: int = 200
    min_pages_per_window: int = 1000
    max_user_pages: int = 10_000
    error_body_bytes: int = 64 * 1024  # how much of an error answer is read for its message

    def max_ticket_pages(self, span_seconds: float, page_size: int) -> int:
        """The most pages one sync window of ``span_seconds`` may take before the server counts as looping."""
        tickets = max(0.0, span_seconds) * self.max_tickets_per_second
        return self.min_pages_per_window + int(tickets // max(1, page_size)) + 1


def too_deep(value: Any, limit: int) -> bool:
    """True when ``value`` nests objects/arrays more than ``limit`` levels deep (iterative: no recursion)."""
    if not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > limit:
            return True
        for child in node.values() if type(node) is dict else node:
            kind = type(child)
            if kind is dict or kind is list:
                push((child, depth + 1))
    return False


def json_size(value: Any) -> int:
    """The length of ``value`` as compact JSON (what one ticket costs to store)."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=repr))


def check_tickets(
    tickets: Sequence[Ticket],
    limits: ResponseLimits,
    what: str,
    body: bytes | None = None,
    received: Sequence[bytes | None] = (),
) -> None:
    """Refuse absurdly nested or oversized tickets (ProtocolError naming the ticket), before any is stored.

    Given the page's raw ``body``, sizes are only measured when the body itself is larger than one ticket may
    be (the usual page is far smaller). Given each ticket's JSON text as received, a ticket whose text holds
    no more ``{`` and ``[`` than the depth limit cannot nest deeper (every level opens one), so its objects
    are not walked: two byte counts instead of a Python walk of every value."""
    large = body is None or len(body) > limits.max_ticket_bytes
    texts = received if len(received) == len(tickets) else [None] * len(tickets)
    limit = limits.max_depth
    for ticket, text in zip(tickets, texts, strict=True):
        shallow = text is not None and text.count(b"{") + text.count(b"[") <= limit
        if not shallow and too_deep(ticket.raw, limit):
            raise ProtocolError(
                f"{what} sent ticket {ticket.key} nested more than {limits.max_depth} levels deep; "
                "it was not stored."
            )
        if large and json_size(ticket.raw) > limits.max_ticket_bytes:
            raise ProtocolError(
                f"{what} sent ticket {ticket.key} larger than {limits.max_ticket_bytes // 1024} KiB; "
                "it was not stored."
            )


def span_seconds(start: Any, end: Any) -> float:
    """Seconds from ``start`` to ``end``; 0 when they are not comparable datetimes."""
    try:
        return float((end - start).total_seconds())
    except (TypeError, AttributeError, OverflowError):
        return 0.0


def page_fingerprint(content: Any) -> str:
    """A digest of one page of results, to notice a page the server sent before."""
    text = json.dumps(content, sort_keys=True, default=repr)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
