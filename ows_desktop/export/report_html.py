"""The case report's cover, its top and its end, as the HTML subset ``QTextDocument`` renders (no Qt here;
export/pdf_flow.py puts them together with the cover's tables, laid out by report_cover.py), and what the
report knows about the case (:class:`CaseInfo`, one :class:`SummaryEntry` per ticket). The cover's tables, the
index and the exhibits are drawn without HTML (report_cover, report_index, report_exhibit). Every text passes
through the export's redactor and is HTML-escaped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from ows_desktop.basics.english import verb
from ows_desktop.basics.store_time import store_time_text, zone_label
from ows_desktop.export.audit_check import AuditBreaks
from ows_desktop.export.formatting import human_utc, offset_text, report_count, report_money
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_style import (
    ACCENT,
    MUTED,
    NAVY,
    STATE_COLOURS,
    VOID_RED,
)
from ows_desktop.export.report_style import (
    text as _e,
)
from ows_desktop.store.cases import Case
from ows_desktop.store.review import STATE_LABELS, STATES


@dataclass(frozen=True)
class SummaryEntry:
    """One ticket in the cover counts and the exhibit index (no raw JSON needed)."""

    number: int
    ticket_id: str
    start: datetime | None
    location: str | None
    terminal: str | None
    operator: str | None
    total: float | None
    exceptions: tuple[str, ...]
    flag_state: str | None
    flag_reason: str | None
    utc_offset_min: int | None = None  # the store's offset: times show in the store's time
    operator_id: str | None = None  # the operator's employee ID


@dataclass(frozen=True)
class CaseRecord:
    """An investigation case as its export shows it: the case, and its history as it stood (when, who, what)."""

    case: Case
    history: Sequence[tuple[datetime, str, str]]


@dataclass
class CaseInfo:
    case_id: str
    title: str
    investigator: str
    host: str
    created: datetime
    selection: str
    app_version: str
    entries: Sequence[SummaryEntry] = field(default_factory=list)
    files_note: str = ""
    # the investigation case the export is of (the export of a case's tickets): its state and its history
    case: CaseRecord | None = None
    # (path, sha256, bytes) of every file the export holds besides the report itself
    files: Sequence[tuple[str, str, int]] = field(default_factory=list)
    missing_snapshots: int = 0
    missing_clips: int = 0  # video clips a mapped camera could not give (each exhibit says why)
    audit_breaks: AuditBreaks = field(default_factory=AuditBreaks)  # entries failing their check (marked)


def _state_chip(state: str | None) -> str:
    if not state:
        return f'<span style="color:{MUTED};">Not flagged</span>'
    colour = STATE_COLOURS.get(state, MUTED)
    return (
        f'<span style="background-color:{colour}; color:#ffffff; font-weight:600;">'
        f"&nbsp;{escape(STATE_LABELS.get(state, state))}&nbsp;</span>"
    )


def _kv_table(rows: Sequence[tuple[str, str]], label_width: int = 28) -> str:
    body = "".join(
        f'<tr><td width="{label_width}%" style="color:{MUTED};">{label}</td><td>{value}</td></tr>'
        for label, value in rows
    )
    return f'<table width="100%" cellspacing="0" cellpadding="3">{body}</table>'


def _section(title: str) -> str:
    """A section's heading: an <h3>, so the PDF keeps it with its table (export/pdf_flow.py)."""
    return (
        f'<h3 style="margin-top:14px; margin-bottom:4px; font-size:10.5pt; font-weight:700; color:{NAVY};">'
        f"{escape(title)}</h3>"
    )


# -- cover --------------------------------------------------------------------------------------------------


def ticket_period(entries: Sequence[SummaryEntry]) -> str:
    """The cover's "Ticket period": its first and last tickets' times in their stores' time, as the exhibits
    and the index show them, then in UTC (a line of its own). Tickets of stores at several UTC offsets (two
    zones, a change of daylight saving time) each end in its own store's time, and the text names the offsets;
    only stores of unknown zone: UTC alone, as their exhibits show it."""
    timed = sorted((e.start, e.number, e) for e in entries if e.start is not None)
    if not timed:
        return "—"
    (first_at, _, first), (last_at, _, last) = timed[0], timed[-1]
    utc = f"{human_utc(first_at)} — {human_utc(last_at)}"
    offsets = {e.utc_offset_min for _, _, e in timed}
    if offsets == {None}:
        return utc
    local = (
        f"{store_time_text(first_at, first.utc_offset_min)} — {store_time_text(last_at, last.utc_offset_min)}"
    )
    if len(offsets) == 1:
        return f"{local} (store time)\n{utc}"
    zones = ", ".join(zone_label(o) for o in sorted(o for o in offsets if o is not None))
    unknown = "; stores of unknown zone in UTC" if None in offsets else ""
    return f"{local}, each in its own store's time: the tickets' stores are at {zones}{unknown}\n{utc}"


def times_note(offsets: Iterable[int | None]) -> str:
    """Which times of the report are the store's and which UTC (report_exhibit.py, report_index.py, clips.py
    and ticket_period above show them so: every time is labelled with its zone), naming the offsets of the
    report's stores (``offsets``: each ticket's, None for a store of unknown zone). It named UTC−06:00, an
    example, in a report whose stores were all at UTC−08:00: an examiner could take it for their zone."""
    offsets = set(offsets)
    known = sorted(o for o in offsets if o is not None)
    labels = []
    if known:
        labels.append(f"in this report {', '.join(zone_label(o) for o in known)}")
    if None in offsets or not known:
        labels.append("UTC for a store of unknown zone")
    return (
        "Times: a ticket's own times — the ticket period above, the exhibit index, each receipt, its Started and "
        f"Ended times and its video clips — are in its store's time, labelled with the store's offset "
        f"({'; '.join(labels)}); the period, each receipt and its Started and Ended times give the UTC time as "
        "well. When the report was prepared, the case history, when a ticket was flagged, the investigator "
        "notes, the audit trail entries and the camera snapshots' times are in UTC."
    )


def cover_head_html(info: CaseInfo, redactor: Redactor | PdfText) -> str:
    """The cover's top: its title, what the export is, and the case's state. Its tables follow it on the page
    (report_cover.py), then :func:`cover_tail_html` (export/pdf_flow.py puts them together)."""
    entries = info.entries
    states = Counter(e.flag_state for e in entries if e.flag_state)
    total_value = sum(e.total for e in entries if e.total is not None)
    period = ticket_period(entries)
    flagged = sum(states.values())
    state_text = (
        ", ".join(f"{STATE_LABELS[s]} {report_count(redactor, states.get(s, 0))}" for s in STATES)
        + f" (of {report_count(redactor, flagged)} flagged)"
        if flagged
        else "none flagged"
    )
    parts = [
        f'<p style="font-size:9pt; color:{MUTED}; letter-spacing:1px;">CONFIDENTIAL — LOSS PREVENTION '
        "INVESTIGATION</p>",
        f'<p style="font-size:24pt; font-weight:700; color:{NAVY}; margin-top:6px; margin-bottom:0px;">'
        "Case Report</p>",
        f'<p style="font-size:13pt; color:{NAVY}; margin-top:2px;">{_e(redactor, info.title)}</p>',
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td style="background-color:{ACCENT};" '
        'height="4"></td></tr></table>',
        "<p></p>",
        *_broken_audit(info.audit_breaks, redactor),
        _kv_table(
            [
                ("Export id", f"<b>{_e(redactor, info.case_id)}</b>"),  # this export, not a case
                ("Investigator", _e(redactor, info.investigator)),
                ("Prepared", escape(human_utc(info.created))),
                ("Workstation", _e(redactor, info.host)),
                ("Prepared with", f"OWS Desktop {escape(info.app_version)}"),
                ("Selection", _e(redactor, info.selection)),
                ("Ticket period", escape(period).replace("\n", "<br/>")),
                ("Tickets", f"<b>{escape(report_count(redactor, len(entries)))}</b>"),
                ("Review state", escape(state_text)),
                (
                    "Sum of the ticket totals",
                    escape(report_money(redactor, total_value)) + " (refunds negative)",
                ),
            ]
        ),
    ]
    if info.case is not None:
        parts += _case_part(info.case, redactor)
    return "".join(parts)


def cover_tail_html(info: CaseInfo, redactor: Redactor | PdfText) -> str:
    """The cover's end, below its tables: how the export's integrity is checked, and what it lacks."""
    entries = info.entries
    parts = [
        _section("Integrity"),
        f'<p style="font-size:8.5pt; color:{MUTED};">{times_note(e.utc_offset_min for e in entries)} Every file of this '
        "export is listed with its SHA-256 digest in MANIFEST.sha256 (verify with "
        "<i>sha256sum -c MANIFEST.sha256</i>); export.json records the chain of custody: who exported what, "
        "when, from which workstation, with each file's digest and size and each camera snapshot's source. "
        f"{escape(info.files_note)}</p>",
    ]
    if info.missing_snapshots:
        parts.append(
            f'<p style="font-size:8.5pt;"><b>{_counted(redactor, info.missing_snapshots, "ticket")} '
            f"{verb(info.missing_snapshots, 'has', 'have')} no camera snapshot</b>; "
            "each exhibit says why, and export.json lists them under snapshot_failures.</p>"
        )
    if info.missing_clips:
        parts.append(
            f'<p style="font-size:8.5pt;"><b>{_counted(redactor, info.missing_clips, "video clip")} '
            f"{verb(info.missing_clips, 'is', 'are')} missing</b>; each exhibit says why, and export.json lists "
            "each clip with its reason under clips.</p>"
        )
    return "".join(parts)


def _counted(redactor: Redactor | PdfText, count: int, noun: str) -> str:
    """``count`` in the report's number style and ``noun`` in its number ("1 ticket", "1 200 tickets" in a
    French report: basics.english.counted writes "1,200")."""
    return f"{report_count(redactor, count)} {noun if count == 1 else noun + 's'}"


def _broken_audit(breaks: AuditBreaks, redactor: Redactor | PdfText) -> list[str]:
    """The cover's warning, before anything else, when audit entries failed their integrity check."""
    if not breaks:
        return []
    return [
        f'<p style="font-size:12pt; font-weight:700; color:{VOID_RED};">WARNING: THE AUDIT TRAIL FAILED ITS '
        "INTEGRITY CHECK</p>",
        f'<p style="color:{VOID_RED};">The audit trail of {_e(redactor, breaks.describe(named=20))} does not match '
        "its hash chain: those entries were changed or removed outside OWS Desktop after they were written. "
        "The notes and audit lines they hold are shown as the store holds them now and may not be what was "
        "written. Each affected exhibit says so; export.json lists them under audit_failing_tickets. The "
        "investigator exported this despite the failed check.</p>",
        "<p></p>",
    ]


def _case_part(record: CaseRecord, redactor: Redactor | PdfText) -> list[str]:
    """The case's state as it stood when its tickets were exported (its history: report_cover.py)."""
    case = record.case
    return [
        _section(f"Case {case.number}"),
        _kv_table(
            [
                ("Subject", _e(redactor, case.subject)),
                ("Status", escape(case.status_label)),
                ("Assignee", _e(redactor, case.assignee or "—")),
                ("Loss amount", _e(redactor, case.loss_text(lambda value: report_money(redactor, value)))),
            ]
        ),
    ]


__all__ = ["CaseInfo", "CaseRecord", "SummaryEntry", "cover_head_html", "cover_tail_html", "offset_text"]
