"""The receipt's review panels: what the exception rules found on the ticket, and its flag with its notes and
history (with the link that edits it). Part of the rendered receipt (:mod:`.receipt_html`); the texts keep
its translation context. No Qt widgets here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from ows_desktop.itemmodels.core_labels import core_label, core_text
from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.itemmodels.ticket_cells import rule_title
from ows_desktop.itemmodels.ticket_columns import acted_time_text
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.rules.definitions import RULES_BY_ID
from ows_desktop.store.review import TicketReview

if TYPE_CHECKING:
    from ows_desktop.ui.receipt_html import ReceiptColors


def shown(value: str) -> str:
    """Text from a ticket, the server or a person, escaped for the receipt's HTML and shown as stored
    (itemmodels/shown_text.py: a bidi control as a mark, a symbol no font draws by its name)."""
    return escape(shown_text(value))


@dataclass(frozen=True)
class CheckedReview(TicketReview):
    """A ticket's review with the ids of its audit entries that fail their hash-chain check (changed or
    removed outside OWS Desktop): the flag panel says so above its notes and history."""

    audit_failing: tuple[int, ...] = ()


def checked_review(reader: Any, key: str) -> CheckedReview:
    """``key``'s review, its own audit entries checked against the chain around them (one more query)."""
    review = reader.review.review_of(key)
    failing = tuple(reader.review.verify_audit_entries(review.audit)) if review.audit else ()
    return CheckedReview(review.ticket_key, review.flag, review.audit, failing)


def findings_panel(exceptions: Sequence[tuple[str, str]], c: ReceiptColors) -> str:
    """What the exception rules found on the ticket (the Exceptions tab counts these): each rule's title,
    what it saw, and what the rule looks for on hover. The detail's own words (an SKU, a ticket id) stay as
    the store holds them."""
    rows = []
    for rule_id, detail in exceptions:
        rule = RULES_BY_ID.get(rule_id)
        title = rule_title(rule_id)  # as the receipts list's "E" chip names it
        tip = core_text(rule.description) if rule is not None else ""
        rows.append(
            f'<tr><td style="padding-right:10px;"><span title="{shown(tip)}" style="font-weight:600;">'
            f"{shown(title)}</span></td>"
            f'<td style="color:{c.muted};">{shown(core_text(detail))}</td></tr>'
        )
    heading = QCoreApplication.translate("receipt_html", "Exceptions found by the rules")
    return (
        f'<p style="margin-top:8px; margin-bottom:2px; color:{c.muted};">{shown(heading)}</p>'
        f'<table cellspacing="0" cellpadding="1">{"".join(rows)}</table>'
    )


def flag_summary(review: Any, *, hint: bool = True) -> str:
    """``Flagged: Void abuse · To review · 2 notes`` (the chip's tooltip; ``hint``: and where to edit it)."""
    flag = review.flag if review is not None else None
    if flag is None:
        return ""
    notes = len(review.notes)
    return (
        QCoreApplication.translate("receipt_html", "Flagged: {reason} · {state}").format(
            reason=core_label(flag.reason)
            if flag.reason
            else QCoreApplication.translate("receipt_html", "no reason given"),
            state=core_label(flag.state_label),
        )
        + (
            QCoreApplication.translate("receipt_html", " · {notes} notes").format(notes=notes)
            if notes > 1
            else QCoreApplication.translate("receipt_html", " · 1 note")
            if notes
            else ""
        )
        + (
            QCoreApplication.translate("receipt_html", " (Edit flag… in the receipt to change it)")
            if hint
            else ""
        )
    )


def flag_panel(review: Any, c: ReceiptColors, tz: tzinfo | None) -> str:
    """The flag's reason, review state, notes and history, with a link to edit them (``flag:edit``)."""
    flag = review.flag
    parts = ['<table width="100%" cellspacing="0" cellpadding="6" style="margin-top:8px;">'
             f'<tr><td style="background-color:{c.panel};">']  # fmt: skip
    if flag is not None:
        label, edit = (
            QCoreApplication.translate("receipt_html", "Flag"),
            QCoreApplication.translate("receipt_html", "Edit flag…"),
        )
        reason = (
            core_label(flag.reason)
            if flag.reason
            else QCoreApplication.translate("receipt_html", "no reason given")
        )
        parts.append(
            f"<b>{label}</b>: {shown(reason)} · <b>{shown(core_label(flag.state_label))}</b>"
            f' · <a href="flag:edit">{edit}</a>'
        )
    else:
        not_flagged, flag_link = (
            QCoreApplication.translate("receipt_html", "Not flagged"),
            QCoreApplication.translate("receipt_html", "Flag…"),
        )
        parts.append(f'<b>{not_flagged}</b> · <a href="flag:edit">{flag_link}</a>')
    failing = getattr(review, "audit_failing", ())
    if failing:  # what follows is what the store holds now, not necessarily what was written
        broken = QCoreApplication.translate(
            "receipt_html",
            "The audit trail failed its integrity check ({entries}: {ids}, changed or removed outside OWS "
            "Desktop). The notes and history below may not be as written.",
        ).format(entries=counted().audit_entries(len(failing)), ids=", ".join(str(i) for i in failing))
        parts.append(f'<br/><span style="color:{c.warn}; font-weight:600;">{shown(broken)}</span>')
    when = lambda us: shown(acted_time_text(from_epoch_us(us), tz))  # noqa: E731
    for note in review.notes:
        parts.append(
            f'<br/><span style="color:{c.muted};">{when(note.at_us)} · {shown(note.signed)}:</span> '
            f"{shown(note.note or '')}"
        )
    history = [entry for entry in review.audit if entry.action != "note"]
    if history:
        latest = history[-5:]
        heading = QCoreApplication.translate("receipt_html", "History:")  # lupdate skips f-strings
        parts.append(f'<br/><span style="color:{c.muted};">{heading}</span>')
        if len(history) > len(latest):
            earlier = counted().earlier(len(history) - len(latest))
            parts.append(f'<span style="color:{c.muted};"> {shown(earlier)}</span>')
        for entry in latest:
            parts.append(
                f'<br/><span style="color:{c.muted};">{when(entry.at_us)} · {shown(entry.signed)}:</span> '
                f"{shown(core_text(entry.describe()))}"
            )
    parts.append("</td></tr></table>")
    return "".join(parts)
