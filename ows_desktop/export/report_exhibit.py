"""One ticket's exhibit in the case report, laid out on a :class:`~.report_layout.Book` (no Qt here): a navy
band with the exhibit number, the ticket id and its review state; the receipt as rung up (left, on a grey
panel that continues on the next page when the receipt does) beside the camera snapshot, video clips, the
ticket's details, its flag and the exceptions (right); then the investigator's notes and the audit trail.

Every text from the ticket or the review goes through :class:`~.pdftext.PdfText` (redacted, bidi controls
shown as marks, undrawable emoji named, length bounded) and is drawn as plain text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ows_desktop.export.clips import exhibit_clip_lines
from ows_desktop.export.collect import ExportItem
from ows_desktop.export.custody import IN_AUDIT_TRAIL, NO_HASH
from ows_desktop.export.formatting import human_local, human_utc, quantity, report_money
from ows_desktop.export.pdftext import CUSTODY_FILE, PdfText
from ows_desktop.export.report_layout import (
    IMAGE,
    LINE,
    RECT,
    TEXT,
    Book,
    Cell,
    Face,
    Flow,
    Metrics,
    Piece,
    table,
)
from ows_desktop.export.report_style import ACCENT, MUTED, NAVY, PANEL, RULE, STATE_COLOURS, VOID_RED
from ows_desktop.ows.model import LineItem, Ticket, status_text, store_name
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store.operators import operator_text
from ows_desktop.store.review import STATE_LABELS

WHITE = "#ffffff"
BODY = Face(9)
BOLD = Face(9, bold=True)
MUTED_BODY = Face(9, MUTED)
SMALL = Face(8.5)
SMALL_MUTED = Face(8.5, MUTED)
SECTION = Face(10.5, NAVY, bold=True)
BAND_SMALL = Face(8, WHITE)
BAND_TITLE = Face(13, WHITE, bold=True)
CHIP = Face(8.5, WHITE, bold=True)
CAPTION = Face(7.5, MUTED)
CLIPS_TITLE = Face(9, bold=True)
NOTE_META = Face(8, MUTED)
AUDIT = Face(7.5)
BROKEN = Face(9, VOID_RED, bold=True)
RECEIPT_HEAD = Face(9, bold=True)
MONO = Face(8, mono=True)
MONO_BOLD = Face(8, bold=True, mono=True)
MONO_MUTED = Face(8, MUTED, mono=True)
MONO_STRUCK = Face(8, MUTED, mono=True, strike=True)
MONO_VOID = Face(8, VOID_RED, bold=True, mono=True)
MONO_NOTE = Face(7, MUTED, mono=True)
MONO_ACCENT = Face(7, ACCENT, mono=True)


@dataclass(frozen=True)
class Picture:
    """A camera snapshot to place: its file and its size in pixels."""

    path: str
    width: int
    height: int


Pictures = tuple[Picture | None, ...]  # the picture of each of the item's snapshots (None: not readable)


def layout_exhibit(book: Book, item: ExportItem, total: int, text: PdfText, pictures: Pictures) -> None:
    """Lay out ``item`` (exhibit ``item.number`` of ``total``) from the top of the book's first page."""
    m = book.metrics
    dot = m.dot
    flow = book.flow()
    _band(flow, item, total, text)
    flow.skip(10 * dot)
    left = book.flow(width=book.width * 0.54)
    right = book.flow(x=book.left + book.width * 0.57, width=book.width * 0.43)
    left.page = right.page = flow.page
    left.y = right.y = flow.y
    _receipt(left, item, text)
    _details(right, item, text, pictures)
    flow.at(left)
    flow.at(right)
    _notes_and_audit(flow, item, text)


def _band(flow: Flow, item: ExportItem, total: int, text: PdfText) -> None:
    m = flow.book.metrics
    pad = 6 * m.dot
    flag = item.review.flag
    state = flag.state if flag else None
    chip = str(STATE_LABELS.get(state, state)) if state else "Not flagged"
    chip_w = m.width(chip, CHIP) + 2 * pad
    small_h, title_h = m.line_height(BAND_SMALL), m.line_height(BAND_TITLE)
    ops, y = flow.take(pad + small_h)
    ops.append((RECT, flow.x, y, flow.width, pad + small_h, NAVY))
    ops.append((TEXT, flow.x + pad, y + pad, m.face_id(BAND_SMALL), f"EXHIBIT {item.number} OF {total}"))
    chip_x = flow.x + flow.width - pad - chip_w
    ops.append((RECT, chip_x, y + pad, chip_w, m.line_height(CHIP), STATE_COLOURS.get(state or "", NAVY)))
    ops.append((TEXT, chip_x + pad, y + pad, m.face_id(CHIP), chip))
    title = f"Ticket {text.text(item.ticket_id)}"
    for line in m.wrap(title, BAND_TITLE, flow.width - 3 * pad - chip_w):
        ops, y = flow.take(title_h)
        ops.append((RECT, flow.x, y, flow.width, title_h, NAVY))
        ops.append((TEXT, flow.x + pad, y, m.face_id(BAND_TITLE), line))
    ops, y = flow.take(pad)
    ops.append((RECT, flow.x, y, flow.width, pad, NAVY))


def _section(flow: Flow, title: str) -> None:
    """A section's heading, kept on the page of the section's first line ("Flag" ended a page, its reason on
    the next)."""
    flow.heading(title, SECTION, before=10 * flow.book.metrics.dot, after=2 * flow.book.metrics.dot)


def _kv(flow: Flow, rows: list[tuple[str, str, Face]]) -> None:
    """Label/value rows (labels muted, 34 % of the column)."""
    pad = 1.5 * flow.book.metrics.dot
    label_w = flow.width * 0.34
    for label, value, face in rows:
        flow.row([Cell(label, 0, label_w, MUTED_BODY), Cell(value, label_w, flow.width - label_w, face)], pad)


def _then(flow: Flow, first: str, face: Face, second: str, second_face: Face, indent: float = 0.0) -> None:
    """``first`` wrapped, then ``second`` on its last line when it fits there (else on a line of its own)."""
    m = flow.book.metrics
    width = flow.width - indent
    lines = m.wrap(first, face, width)
    space = m.width(" ", face)
    last_w = m.width(lines[-1], face)
    pieces: list[Piece] = [(m.line_height(face), [(indent, m.face_id(face), line)]) for line in lines]
    if last_w + space + m.width(second, second_face) <= width:
        height, texts = pieces[-1]
        texts.append((indent + last_w + space, m.face_id(second_face), second))
        pieces[-1] = (max(height, m.line_height(second_face)), texts)
    else:
        pieces.append((m.line_height(second_face), [(indent, m.face_id(second_face), second)]))
    flow.block(pieces)


# -- the receipt (left) ----------------------------------------------------------------------------------


def _receipt(column: Flow, item: ExportItem, text: PdfText) -> None:
    book, m = column.book, column.book.metrics
    dot = m.dot
    pad = 8 * dot
    start_page, start_y = column.page, column.y
    flow = Flow(book, column.x + pad, column.width - 2 * pad, column.page, column.y)
    flow.skip(pad)
    ticket = item.ticket
    head = store_name(ticket) or ticket.location  # the store's name as the window's receipt shows it
    if head:
        flow.text(text.text(head), RECEIPT_HEAD, align="center")
    store = f"Store {text.text(ticket.location)} · " if ticket.location and ticket.location != head else ""
    flow.text(
        f"{store}Register {text.text(ticket.terminal or '—')} · Operator {_operator(text, ticket)}",
        CAPTION,
        align="center",
    )
    local = human_local(ticket.start, item.utc_offset_min)
    for stamp in ([local] if local else []) + ([human_utc(ticket.start)] if ticket.start else []):
        flow.text(stamp, CAPTION, align="center")
    flow.skip(4 * dot)
    money = lambda value: report_money(text, value)  # noqa: E731
    amounts = [money(line.amount if line.amount is not None else _product(line)) for line in ticket.lines]
    discounts = [f"-{money(d.amount)}" for d in ticket.discounts]
    totals = [(label, money(value), MONO_MUTED) for label, value in (("Subtotal", ticket.subtotal),
              ("Tax", ticket.tax)) if value is not None] + [("TOTAL", money(ticket.total), MONO_BOLD)]  # fmt: skip
    tenders = [(text.text((t.kind or "tender").upper()), money(t.amount), MONO_MUTED) for t in ticket.tenders]
    cell = 2 * dot
    qty_w = max([m.width(quantity(line.quantity), MONO) for line in ticket.lines] + [m.width("00", MONO)])
    qty_w += 3 * cell
    amount_w = max(m.width(a, MONO_BOLD) for a in amounts + discounts + [t[1] for t in totals + tenders])
    amount_w += 3 * cell
    desc_x, desc_w = qty_w, flow.width - qty_w - amount_w

    def amount(value: str, face: Face) -> tuple[float, int, str]:
        return (flow.width - m.width(value, face), m.face_id(face), value)

    for line, value in zip(ticket.lines, amounts, strict=True):
        flow.block(_line_pieces(flow, line, value, text, desc_x, desc_w, amount), cell)
    if not ticket.lines:
        flow.text("(no items)", MONO_MUTED)
    for d, value in zip(ticket.discounts, discounts, strict=True):
        who = [f"applied by {text.text(d.operator)}"] if d.operator else []
        who += [f"approved by {text.text(d.approver)}"] if d.approver else []
        pieces = _desc_pieces(m, text.text(d.description or "Discount"), MONO, desc_x, desc_w)
        pieces[0][1].append(amount(value, MONO))
        for note in m.wrap(", ".join(who), MONO_NOTE, desc_w) if who else []:
            pieces.append((m.line_height(MONO_NOTE), [(desc_x, m.face_id(MONO_NOTE), note)]))
        flow.block(pieces, cell)
    for group in (totals, tenders):
        if not group:
            continue
        ops, y = flow.take(6 * dot)
        ops.append((LINE, flow.x, y + 3 * dot, flow.x + flow.width, y + 3 * dot, RULE, 0.6 * dot))
        for label, value, face in group:
            pieces = _desc_pieces(m, label, face, desc_x, desc_w)
            pieces[0][1].append(amount(value, face))
            flow.block(pieces, cell)
    flow.skip(pad)
    end_page = flow.page
    for page in range(start_page, end_page + 1):
        top = start_y if page == start_page else book.top - pad
        bottom = flow.reach.get(page, top) + (pad if page == end_page else 0)
        book.ops(page)
        book.backs[page].append((RECT, column.x, top, column.width, bottom - top, PANEL))
    column.page, column.y = end_page, flow.reach.get(end_page, flow.y) + pad


def _desc_pieces(m: Metrics, value: str, face: Face, x: float, width: float) -> list[Piece]:
    fid, height = m.face_id(face), m.line_height(face)
    return [(height, [(x, fid, line)]) for line in m.wrap(value, face, width)]


def _line_pieces(
    flow: Flow,
    line: LineItem,
    value: str,
    text: PdfText,
    desc_x: float,
    desc_w: float,
    amount: Callable[[str, Face], tuple[float, int, str]],
) -> list[Piece]:
    m = flow.book.metrics
    description = text.text(line.description or line.sku or "Item")
    face = MONO_STRUCK if line.voided else MONO
    pieces = _desc_pieces(m, description, face, desc_x, desc_w)
    first = pieces[0][1]
    first.insert(0, (0.0, m.face_id(face), quantity(line.quantity)))
    first.append(amount(value, face))
    if line.voided:
        _x, _fid, last = pieces[-1][1][1 if len(pieces) == 1 else 0]
        end = m.width(last, face) + m.width(" ", face)
        if end + m.width("VOID", MONO_VOID) <= desc_w:
            pieces[-1][1].append((desc_x + end, m.face_id(MONO_VOID), "VOID"))
        else:
            pieces.append((m.line_height(MONO_VOID), [(desc_x, m.face_id(MONO_VOID), "VOID")]))
    notes = []
    if line.sku and line.description:
        notes.append(text.text(line.sku))
    if line.kind and line.kind not in ("sale",):
        notes.append(text.text(line.kind.replace("_", " ")))
    extra = [(" · ".join(notes), MONO_NOTE)] if notes else []
    if line.original_price is not None and line.price is not None and line.original_price != line.price:
        extra.append((f"price override, was {report_money(text, line.original_price)}", MONO_ACCENT))
    for note, note_face in extra:
        pieces += _desc_pieces(m, note, note_face, desc_x, desc_w)
    return pieces


def _product(line: LineItem) -> float | None:
    if line.quantity is None or line.price is None:
        return None
    return line.quantity * line.price


# -- the ticket, its evidence and review (right) ---------------------------------------------------------


def _details(flow: Flow, item: ExportItem, text: PdfText, pictures: Pictures) -> None:
    m = flow.book.metrics
    dot = m.dot
    ticket, flag = item.ticket, item.review.flag
    _snapshots(flow, item, text, pictures)
    clips = exhibit_clip_lines(item.extra.get("clips") or [], text.held_in(CUSTODY_FILE).text)
    if clips:
        flow.heading("Video clips", CLIPS_TITLE, before=6 * dot)
        for line in clips:
            flow.text(line, CAPTION)
    _section(flow, "Ticket")
    _kv(
        flow,
        [
            ("Store", text.text(ticket.location or "—"), BODY),
            ("Register", text.text(ticket.terminal or "—"), BODY),
            ("Operator", _operator(text, ticket), BODY),
            ("Started", _then_utc(ticket.start, human_local(ticket.start, item.utc_offset_min)), BODY),
            ("Ended", _then_utc(ticket.end, human_local(ticket.end, item.utc_offset_min)), BODY),
            ("Status", text.text(status_text(ticket.status)), BODY),  # the window's words: "Post void"
            ("Ticket no.", text.text(ticket.number or "—"), BODY),  # the receipt's "Ticket #7742"
            ("Total", report_money(text, ticket.total), BOLD),
        ],
    )
    _section(flow, "Flag")
    if flag is None:
        flow.text("Not flagged.", MUTED_BODY)
    else:
        _kv(flow, [("Reason", text.text(flag.reason or "—"), BODY)])
        label_w = flow.width * 0.34
        pad = 1.5 * dot
        state = str(STATE_LABELS.get(flag.state, flag.state))
        ops, y = flow.take(m.line_height(BODY) + 2 * pad)
        ops.append((TEXT, flow.x + pad, y + pad, m.face_id(MUTED_BODY), "State"))
        chip_w = m.width(state, CHIP) + 6 * dot
        ops.append((RECT, flow.x + label_w + pad, y + pad, chip_w, m.line_height(CHIP), STATE_COLOURS.get(flag.state, MUTED)))  # fmt: skip
        ops.append((TEXT, flow.x + label_w + pad + 3 * dot, y + pad, m.face_id(CHIP), state))
        _kv(flow, [("Flagged", human_utc(from_epoch_us(flag.created_us)), BODY)])
    _section(flow, "Exceptions")
    if not item.exceptions:
        flow.text("No rule fired on this ticket.", MUTED_BODY)
    for hit in item.exceptions:
        _then(flow, hit.title, BOLD, f"(weight {hit.weight:g})", MUTED_BODY)
        flow.text(text.text(hit.detail), SMALL)
        flow.skip(3 * dot)


def _then_utc(moment: object, local: str) -> str:
    if moment is None:
        return "—"
    return (f"{local}\n" if local else "") + human_utc(moment)  # type: ignore[arg-type]


# -- the camera pictures ----------------------------------------------------------------------------------


def _snapshots(flow: Flow, item: ExportItem, text: PdfText, pictures: Pictures) -> None:
    """Every snapshot the investigator took, in time order, under "Camera snapshot(s)"; a frame the export
    took by itself under a heading of its own that says nobody chose it."""
    dot = flow.book.metrics.dot
    shots = list(zip(item.snapshots, pictures, strict=False))
    chosen = [(snap, picture) for snap, picture in shots if not snap.automatic]
    automatic = [(snap, picture) for snap, picture in shots if snap.automatic]
    if chosen or not automatic:
        many = len(chosen) > 1
        title = f"Camera snapshots ({len(chosen)}, in time order)" if many else "Camera snapshot"
        flow.heading(title, SECTION, after=2 * dot)
        for n, (snap, picture) in enumerate(chosen, start=1):
            _snapshot(flow, snap, picture, text, f"{n} of {len(chosen)} · " if many else "")
        failures = text.held_in(CUSTODY_FILE)  # why a snapshot is missing or left out: export.json's
        refused = item.extra.get("snapshots_refused", ()) if chosen else ()  # none chosen: said below
        for why in refused:  # not what the trail says was taken
            flow.text(failures.text(why), SMALL_MUTED)
        if not chosen:
            why = item.extra.get("snapshot_missing")
            flow.text(
                "No video snapshot for this ticket" + (f": {failures.text(why)}" if why else "."), SMALL_MUTED
            )
    if automatic:
        flow.heading("Automatic camera frame (not chosen by an investigator)", SECTION,
                     before=4 * dot if chosen else 0, after=2 * dot)  # fmt: skip
        for snap, picture in automatic:
            _snapshot(flow, snap, picture, text, "")


def _snapshot(flow: Flow, snap: Any, picture: Picture | None, text: PdfText, number: str) -> None:
    dot = flow.book.metrics.dot
    if picture is not None:
        width = flow.width - 4 * dot
        height = width * picture.height / max(1, picture.width)
        if height > 195 * dot:  # portrait frames: cap the height
            width, height = width * 195 * dot / height, 195 * dot
        ops, y = flow.take(height + 3 * dot)
        ops.append((IMAGE, flow.x, y, width, height, picture.path))
    else:
        flow.text(f"The snapshot file {snap.file} could not be read as a picture.", SMALL_MUTED)
    offset = "" if snap.clock_offset_seconds is None else f"{snap.clock_offset_seconds:+.1f} s"
    flow.text(
        f"{number}{text.text(snap.camera)} · {human_utc(snap.time, ms=True)}"
        + (f" · register clock offset {offset}" if offset else ""),
        CAPTION,
    )
    if snap.automatic:
        flow.text("Automatic: the export took this frame of the recording at the ticket's start.", CAPTION)
    else:
        flow.text(
            "Chosen by the investigator" + (f", taken {human_utc(snap.taken)}." if snap.taken else "."),
            CAPTION,
        )
    if snap.time_note:
        flow.text(f"Time: {text.text(snap.time_note)}", CAPTION)
    flow.text(f"{snap.file} · SHA-256 {snap.sha256}", CAPTION)
    if snap.hash_check:  # against the digest recorded when it was taken (export/custody.py); none: a warning
        flow.text(
            _CHECKS.get(snap.hash_check, snap.hash_check), BROKEN if snap.hash_check == NO_HASH else CAPTION
        )
    flow.skip(4 * dot)


# the file against the SHA-256 recorded when it was taken, in a line of the caption (export.json says it whole)
_CHECKS = {
    IN_AUDIT_TRAIL: "SHA-256 as recorded in the audit trail when taken.",
    NO_HASH: "No hash recorded, cannot be verified: no SHA-256 and no audit-trail entry, as for a snapshot taken "
    "before OWS Desktop recorded them, but nothing recorded then shows that it is one, nor that this picture is "
    "the one the investigator took.",
}


# -- notes and audit trail (full width) ------------------------------------------------------------------


def _notes_and_audit(flow: Flow, item: ExportItem, text: PdfText) -> None:
    dot = flow.book.metrics.dot
    notes = item.review.notes
    failing = tuple(item.extra.get("audit_failing") or ())
    flow.skip(6 * dot)
    _section(flow, f"Investigator notes ({len(notes)})")
    m = flow.book.metrics
    _broken_trail(flow, failing)
    for note in notes:  # who and when, kept on the page with the note's first line
        flow.skip(2 * dot)
        meta = f"{human_utc(from_epoch_us(note.at_us))} · {text.text(note.signed)}"
        lines = _desc_pieces(m, text.text(note.note or ""), BODY, 0, flow.width)
        flow.block(_desc_pieces(m, meta, NOTE_META, 0, flow.width) + lines[:1])
        for piece in lines[1:]:
            flow.block([piece])
    if not notes:
        flow.text("No notes.", MUTED_BODY)
    _section(flow, "Audit trail")
    _broken_trail(flow, failing)
    if not item.review.audit:
        flow.text("No review activity recorded.", MUTED_BODY)
        return
    rows = [
        (
            human_utc(from_epoch_us(a.at_us)),
            text.text(str(a.made_by)),
            text.text(a.host),
            ("FAILED INTEGRITY CHECK: " if a.id in failing else "") + text.text(str(a.describe())),
        )
        for a in item.review.audit
    ]
    table(flow, ["When", "Who (OS user, database role)", "Workstation", "Change"], [0.18, 0.28, 0.12, 0.42], rows, AUDIT)  # fmt: skip


def _broken_trail(flow: Flow, failing: tuple[int, ...]) -> None:
    """Next to the notes and the audit trail: their entries failed the integrity check (exported anyway)."""
    if failing:
        ids = ", ".join(str(i) for i in failing)
        flow.text(f"The audit trail failed its integrity check: {'entries' if len(failing) > 1 else 'entry'} "
                  f"{ids} do{'' if len(failing) > 1 else 'es'} not match the hash chain (changed or removed "
                  "outside OWS Desktop). What this ticket's notes and audit trail show may not be as written.",
                  BROKEN)  # fmt: skip


__all__ = ["Picture", "Pictures", "layout_exhibit"]


def _operator(text: PdfText, ticket: Ticket) -> str:
    """``Ines Brontë (E1014)``: the employee ID says who (names repeat across stores); ``… (no employee ID)``."""
    return text.text(operator_text(ticket.operator, ticket.operator_id))
