"""The case report's pages as the HTML subset ``QTextDocument`` renders (no Qt here; export/pdf.py draws
them): the cover, the exhibit index, and one exhibit per ticket (receipt, snapshot, flag, exceptions,
notes, audit trail). Every text passes through the export's redactor and is HTML-escaped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from ows_desktop.basics.store_time import store_time_text
from ows_desktop.export.clips import exhibit_clips_html
from ows_desktop.export.collect import ExportItem
from ows_desktop.export.formatting import human_local, human_utc, offset_text, report_money
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_receipt import receipt_html, store_then_utc
from ows_desktop.export.report_style import (
    ACCENT,
    MUTED,
    NAVY,
    STATE_COLOURS,
    STRIPE,
)
from ows_desktop.export.report_style import (
    text as _e,
)
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.rules.definitions import RULES, RULES_BY_ID
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
    # (path, sha256, bytes) of every file the export holds besides the report itself
    files: Sequence[tuple[str, str, int]] = field(default_factory=list)
    missing_snapshots: int = 0


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
    return (
        f'<p style="margin-top:14px; margin-bottom:4px; font-size:10.5pt; font-weight:700; color:{NAVY};">'
        f"{escape(title)}</p>"
    )


# -- cover --------------------------------------------------------------------------------------------------


def cover_html(info: CaseInfo, redactor: Redactor | PdfText) -> str:
    entries = info.entries
    times = [e.start for e in entries if e.start is not None]
    states = Counter(e.flag_state for e in entries if e.flag_state)
    reasons = Counter(e.flag_reason or "(no reason given)" for e in entries if e.flag_state)
    rules = Counter(rule for e in entries for rule in e.exceptions)
    total_value = sum(e.total for e in entries if e.total is not None)
    period = f"{human_utc(min(times))} — {human_utc(max(times))}" if times else "—"
    flagged = sum(states.values())
    state_text = (
        ", ".join(f"{STATE_LABELS[s]} {states.get(s, 0):,}" for s in STATES) + f" (of {flagged:,} flagged)"
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
        _kv_table(
            [
                ("Case reference", f"<b>{_e(redactor, info.case_id)}</b>"),
                ("Investigator", _e(redactor, info.investigator)),
                ("Prepared", escape(human_utc(info.created))),
                ("Workstation", _e(redactor, info.host)),
                ("Prepared with", f"OWS Desktop {escape(info.app_version)}"),
                ("Selection", _e(redactor, info.selection)),
                ("Ticket period", escape(period)),
                ("Tickets", f"<b>{len(entries):,}</b>"),
                ("Review state", escape(state_text)),
                ("Total value of tickets", escape(report_money(redactor, total_value))),
            ]
        ),
    ]
    if rules:
        rows = "".join(
            f'<tr style="background-color:{STRIPE if i % 2 else "#ffffff"};"><td>{escape(r.title)}</td>'
            f'<td align="right">{rules[r.id]:,}</td></tr>'
            for i, r in enumerate(rule for rule in RULES if rules.get(rule.id))
        )
        parts += [
            _section("Exceptions found by the rules"),
            _table(["Rule", "Tickets"], rows, ["80%", "20%"]),
        ]
    if reasons:
        rows = "".join(
            f'<tr style="background-color:{STRIPE if i % 2 else "#ffffff"};"><td>{_e(redactor, reason)}</td>'
            f'<td align="right">{count:,}</td></tr>'
            for i, (reason, count) in enumerate(reasons.most_common())
        )
        parts += [_section("Flag reasons"), _table(["Reason", "Tickets"], rows, ["80%", "20%"])]
    parts += [
        _section("Integrity"),
        f'<p style="font-size:8.5pt; color:{MUTED};">Times are UTC unless marked local. Every file of this '
        "export is listed with its SHA-256 digest in MANIFEST.sha256 (verify with "
        "<i>sha256sum -c MANIFEST.sha256</i>); export.json records the chain of custody: who exported what, "
        "when, from which workstation, with each file's digest and size and each camera snapshot's source. "
        f"{escape(info.files_note)}</p>",
    ]
    if info.missing_snapshots:
        parts.append(
            f'<p style="font-size:8.5pt;"><b>{info.missing_snapshots:,} ticket(s) have no camera snapshot</b>; '
            "each exhibit says why, and export.json lists them under snapshot_failures.</p>"
        )
    return "".join(parts)


def files_html(info: CaseInfo, redactor: Redactor | PdfText) -> str:
    """The files this report comes with and their SHA-256 digests (the report cannot state its own: it is
    in MANIFEST.sha256)."""
    rows = "".join(
        f'<tr style="background-color:{STRIPE if i % 2 else "#ffffff"};"><td>{_e(redactor, path)}</td>'
        f"<td style=\"font-family:'DejaVu Sans Mono', monospace;\">{escape(digest)}</td>"
        f'<td align="right">{size:,}</td></tr>'
        for i, (path, digest, size) in enumerate(info.files)
    )
    return (
        f'<p style="font-size:14pt; font-weight:700; color:{NAVY}; margin-bottom:6px;">Exported files</p>'
        f'<p style="font-size:8.5pt; color:{MUTED};">Each data file and camera snapshot of this export, with '
        "its SHA-256 digest (check with <i>sha256sum</i>). The digest of this report is in MANIFEST.sha256."
        "</p>"
        + (
            f'<div style="font-size:7pt;">{_table(["File", "SHA-256", "Bytes"], rows, ["28%", "60%", "12%"])}</div>'
            if rows
            else f'<p style="color:{MUTED};">No other files.</p>'
        )
    )


def _table(headers: Sequence[str], rows: str, widths: Sequence[str]) -> str:
    head = "".join(
        f'<th width="{w}" align="left" style="background-color:{NAVY}; color:#ffffff; font-weight:600;">'
        f"{escape(h)}</th>"
        for h, w in zip(headers, widths, strict=True)
    )
    return f'<table width="100%" cellspacing="0" cellpadding="4"><thead><tr>{head}</tr></thead>{rows}</table>'


# -- index --------------------------------------------------------------------------------------------------


def index_html(entries: Sequence[SummaryEntry], redactor: Redactor | PdfText) -> str:
    """The exhibit index: one table (the PDF writer paginates it, repeating the header row)."""
    rows = "".join(
        f'<tr style="background-color:{STRIPE if e.number % 2 == 0 else "#ffffff"};">'
        f"<td>{e.number}</td><td>{_e(redactor, e.ticket_id)}</td>"
        f"<td>{escape(store_time_text(e.start, e.utc_offset_min) or '—')}</td>"
        f"<td>{_e(redactor, e.location or '—')}</td><td>{_e(redactor, e.terminal or '—')}</td>"
        f"<td>{_e(redactor, e.operator or '—')}</td><td align='right'>{escape(report_money(redactor, e.total))}</td>"
        f"<td>{escape(', '.join(RULES_BY_ID[r].title if r in RULES_BY_ID else r for r in e.exceptions))}</td>"
        f"<td>{escape(STATE_LABELS.get(e.flag_state, '') if e.flag_state else '')}</td></tr>"
        for e in entries
    )
    headers = ["#", "Ticket", "Store time", "Store", "Register", "Operator", "Total", "Exceptions", "State"]
    widths = ["4%", "15%", "15%", "7%", "9%", "12%", "7%", "19%", "12%"]
    return (
        f'<p style="font-size:14pt; font-weight:700; color:{NAVY}; margin-bottom:6px;">Exhibit index</p>'
        f'<div style="font-size:7.5pt;">{_table(headers, rows, widths)}</div>'
    )


# -- exhibits -----------------------------------------------------------------------------------------------


def exhibit_html(
    item: ExportItem,
    total: int,
    redactor: Redactor | PdfText,
    snapshot_src: str | None,
    snapshot_width: int = 240,
) -> str:
    ticket, review = item.ticket, item.review
    flag = review.flag
    e = lambda value: _e(redactor, value)  # noqa: E731
    header = (
        f'<table width="100%" cellspacing="0" cellpadding="6" style="background-color:{NAVY};"><tr>'
        f'<td style="color:#ffffff;"><span style="font-size:8pt; letter-spacing:1px;">EXHIBIT {item.number} OF '
        f'{total}</span><br><span style="font-size:13pt; font-weight:700;">Ticket {e(item.ticket_id)}</span></td>'
        f'<td align="right" style="color:#ffffff;">{_state_chip(flag.state if flag else None)}</td></tr></table>'
    )
    started_local = human_local(ticket.start, item.utc_offset_min)
    meta = _kv_table(
        [
            ("Store", e(ticket.location or "—")),
            ("Register", e(ticket.terminal or "—")),
            ("Operator", e(ticket.operator or "—")),
            ("Started", store_then_utc(ticket.start, started_local)),
            ("Ended", store_then_utc(ticket.end, human_local(ticket.end, item.utc_offset_min))),
            ("Status", e(ticket.status or "—")),
            ("Transaction no.", e(ticket.number or "—")),
            ("Total", f"<b>{escape(report_money(redactor, ticket.total))}</b>"),
        ],
        label_width=34,
    )
    right = [_section("Camera snapshot")]
    snap = item.snapshot
    if snap is not None and snapshot_src:
        offset = "" if snap.clock_offset_seconds is None else f"{snap.clock_offset_seconds:+.1f} s"
        right.append(
            f'<img src="{escape(snapshot_src)}" width="{int(snapshot_width)}"><br>'
            f'<span style="font-size:7.5pt; color:{MUTED};">{e(snap.camera)} · {escape(human_utc(snap.time))}'
            + (f" · register clock offset {escape(offset)}" if offset else "")
            + f"<br>{escape(snap.file)} · SHA-256 {escape(snap.sha256)}</span>"
        )
    elif snap is not None:
        right.append(
            f'<p style="color:{MUTED}; font-size:8.5pt;">The snapshot file {escape(snap.file)} could not be '
            f"read as a picture (SHA-256 {escape(snap.sha256)}).</p>"
        )
    else:
        why = item.extra.get("snapshot_missing")
        right.append(
            f'<p style="color:{MUTED}; font-size:8.5pt;">No video snapshot for this ticket'
            + (f": {e(why)}" if why else ".")
            + "</p>"
        )
    right.extend(exhibit_clips_html(item.extra.get("clips") or [], e, MUTED))
    right.append(_section("Ticket"))
    right.append(meta)
    right.append(_section("Flag"))
    if flag is None:
        right.append(f'<p style="color:{MUTED};">Not flagged.</p>')
    else:
        right.append(
            _kv_table(
                [
                    ("Reason", e(flag.reason or "—")),
                    ("State", _state_chip(flag.state)),
                    ("Flagged", escape(human_utc(from_epoch_us(flag.created_us)))),
                ],
                label_width=34,
            )
        )
    right.append(_section("Exceptions"))
    if item.exceptions:
        right.append(
            "".join(
                f'<p style="margin-top:2px; margin-bottom:2px;"><b>{escape(h.title)}</b> '
                f'<span style="color:{MUTED};">(weight {h.weight:g})</span><br>'
                f'<span style="font-size:8.5pt;">{e(h.detail)}</span></p>'
                for h in item.exceptions
            )
        )
    else:
        right.append(f'<p style="color:{MUTED};">No rule fired on this ticket.</p>')
    body = (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td width="54%" valign="top">{receipt_html(item, redactor)}</td><td width="3%"></td>'
        f'<td width="43%" valign="top">{"".join(right)}</td></tr></table>'
    )
    notes = review.notes
    tail = [_section(f"Investigator notes ({len(notes)})")]
    if notes:
        tail.append(
            "".join(
                f'<p style="margin-top:3px; margin-bottom:3px;"><span style="color:{MUTED}; font-size:8pt;">'
                f"{escape(human_utc(from_epoch_us(n.at_us)))} · {e(n.who)}</span><br>"
                f"{e(n.note).replace(chr(10), '<br>')}</p>"
                for n in notes
            )
        )
    else:
        tail.append(f'<p style="color:{MUTED};">No notes.</p>')
    tail.append(_section("Audit trail"))
    if review.audit:
        rows = "".join(
            f'<tr style="background-color:{STRIPE if i % 2 else "#ffffff"};">'
            f"<td>{escape(human_utc(from_epoch_us(a.at_us)))}</td><td>{e(a.made_by)}</td><td>{e(a.host)}</td>"
            f"<td>{e(a.describe())}</td></tr>"
            for i, a in enumerate(review.audit)
        )
        tail.append(
            '<div style="font-size:7.5pt;">'
            + _table(
                ["When", "Who (OS user, database role)", "Workstation", "Change"],
                rows,
                ["18%", "28%", "12%", "42%"],
            )
            + "</div>"
        )
    else:
        tail.append(f'<p style="color:{MUTED};">No review activity recorded.</p>')
    return header + "<p></p>" + body + "".join(tail)


__all__ = [
    "CaseInfo",
    "SummaryEntry",
    "cover_html",
    "exhibit_html",
    "files_html",
    "index_html",
    "offset_text",
]
