"""A ticket's marks: what the receipt list's Exceptions column shows as chips and ``ows-desktop search`` as
letters, one definition for both (no Qt: the window adds the words and colours, itemmodels.ticket_columns).

In order: V a void, R a refund or return, N a no sale, D a discount, F flagged, and E an exception the rules
found that none of the others stands for (outside opening hours, a price override, a whole-dollar cash sale),
so a ticket the rules found something on never looks clean. The rules each of V, R, N and D stands for are
:data:`SHOWN_BY_A_MARK`."""

from __future__ import annotations

from ows_desktop.store.query import TicketRow

# Each mark's code (the window's ExceptionsRole) and its letter, in the order they are shown.
MARKS: tuple[tuple[str, str], ...] = (
    ("void", "V"),
    ("refund", "R"),
    ("no_sale", "N"),
    ("discount", "D"),
    ("flagged", "F"),
    ("other", "E"),  # a rule none of the above shows
)
MARK_LETTERS = dict(MARKS)
# The rules' exceptions the marks above already show (rules.definitions): the others get the "E" mark.
SHOWN_BY_A_MARK = frozenset({"line_void", "ticket_void", "post_void", "refund", "refund_unmatched", "no_sale",
                             "void_then_no_sale", "discount_percent", "discount_self_approved"})  # fmt: skip


def ticket_marks(row: TicketRow) -> tuple[str, ...]:
    """The codes of the marks ``row`` carries, in :data:`MARKS` order."""
    on = {
        "void": row.has_void,
        "refund": row.has_refund,
        "no_sale": row.is_no_sale,
        "discount": bool(row.discount_total),
        "flagged": row.flagged,
        "other": bool(set(row.exceptions) - SHOWN_BY_A_MARK),
    }
    return tuple(code for code, _letter in MARKS if on[code])


def mark_letters(row: TicketRow) -> str:
    """``row``'s marks as their letters, ``VDE`` (the chips' letters, as a narrow column shows them)."""
    return "".join(MARK_LETTERS[code] for code in ticket_marks(row))
