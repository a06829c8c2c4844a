"""The case report's page layout, without Qt: text is measured by a :class:`Metrics` (export/pdf.py measures
with the PDF writer's own fonts), wrapped into lines and placed on pages as drawing operations that
export/pdf.py replays with its painter. Nothing here interprets text: every value is drawn as typed.

Units are the PDF writer's dots (``Metrics.dot`` dots per point). A :class:`Book` holds the pages of one part
of the report (an exhibit, the index); a :class:`Flow` is a column's cursor on it: ``take(height)`` gives the
place for one unbreakable piece (a text line, a table row), starting a new page when the piece does not fit.
A piece taller than a page is cut line by line, so no text is ever lost.

Operations (plain tuples, so a finished book can be spooled with :mod:`marshal`):
``(TEXT, x, y, face, text)`` (``y`` is the top of the line), ``(RECT, x, y, w, h, colour)``,
``(LINE, x1, y1, x2, y2, colour, width)``, ``(IMAGE, x, y, w, h, path)``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from ows_desktop.export.report_style import NAVY, STRIPE

TEXT, RECT, LINE, IMAGE = 0, 1, 2, 3
Op = tuple[Any, ...]
Piece = tuple[float, list[tuple[float, int, str]]]  # a line's height and its texts: (x offset, face id, text)
INK = "#1b1f27"


# Characters whose widths simply add up (no shaping, no bidi): Latin, punctuation, currency signs.
SIMPLE_RANGES = (
    (0x20, 0x2FF),
    (0x2010, 0x2027),
    (0x202F, 0x202F),
    (0x2030, 0x205E),
    (0x20A0, 0x20CF),
    (0x2212, 0x2212),
)
# The characters a layout process gets widths for up front (the rest as the parent meets them): Latin-1,
# dashes, quotes, bullets and currency signs.
COMMON_CHARS = "".join(
    chr(c) for low, high in ((0x20, 0xFF), *SIMPLE_RANGES[1:]) for c in range(low, high + 1)
)
# Spacing CJK ideographs, kana and Hangul syllables add up too (no contextual forms; combining marks excluded).
WIDE_RANGES = ((0x3000, 0x3029), (0x3030, 0x303F), (0x3041, 0x3096), (0x309B, 0x30FF), (0x4E00, 0x9FFF),
               (0xAC00, 0xD7A3), (0xFF01, 0xFF60))  # fmt: skip


def _outside(ranges: Iterable[tuple[int, int]]) -> re.Pattern[str]:
    return re.compile("[^" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges) + "]")


COMPLEX = _outside(SIMPLE_RANGES)  # drawn with drawText (shaped by Qt) every time
SHAPED = _outside(SIMPLE_RANGES + WIDE_RANGES)  # measured whole by Qt


class Face(NamedTuple):
    """A text face: size in points, colour, bold, monospaced, struck through (a tuple: hashed fast, as it is
    a dictionary key on every measurement)."""

    size: float
    colour: str = INK
    bold: bool = False
    mono: bool = False
    strike: bool = False


class Metrics(Protocol):
    dot: float  # dots per point

    def face_id(self, face: Face) -> int: ...

    def width(self, text: str, face: Face) -> float: ...

    def line_height(self, face: Face) -> float: ...

    def wrap(self, text: str, face: Face, width: float) -> list[str]:
        """``text`` as lines no wider than ``width``, each a plain ``str`` (operations are spooled)."""
        ...


class AdvanceMetrics:
    """Text widths as sums of per-character advances (simple text: no shaping, no kerning, no ligatures),
    measured by :meth:`missing` when a text has a character not seen before. export/pdf.py measures with
    Qt; a layout process (:mod:`.report_worker`) gets the parent's tables and hands back what they miss."""

    def __init__(self, dot: float) -> None:
        self.dot = dot
        self.ids: dict[Face, int] = {}
        self.heights: list[float] = []
        self.advances: list[dict[str, float]] = []
        self.learned: list[tuple[int, str, float]] = []  # advances measured since a layout process was told
        # Texts wrapped before (labels, names, amounts, dates repeat from exhibit to exhibit): their lines.
        self._wrapped: dict[tuple[str, Face, float], list[str]] = {}

    def simple_table(self, faces: Iterable[Face]) -> None:
        """Measure the common characters of these faces now (the tables a layout process starts with)."""
        for face in faces:
            self.missing(COMMON_CHARS, self.face_id(face))

    def face_id(self, face: Face) -> int:
        return self.ids[face]

    def line_height(self, face: Face) -> float:
        return self.heights[self.face_id(face)]

    def width(self, text: str, face: Face) -> float:
        fid = self.face_id(face)
        advances = self.advances[fid]
        try:
            return sum(map(advances.__getitem__, text))
        except KeyError:
            return self.missing(text, fid)

    def missing(self, text: str, fid: int) -> float:
        """The width of a text with characters that have no advance in the table yet."""
        raise NotImplementedError

    def wrap(self, text: str, face: Face, width: float) -> list[str]:
        key = (text, face, width)
        lines = self._wrapped.get(key)
        if lines is None:
            if "\n" not in text and "\r" not in text and self.width(text, face) <= width:
                lines = [str(text)]  # most texts fit; a plain str (a translatable Phrase cannot be spooled)
            else:
                lines = greedy_wrap(text, width, lambda part: self.width(part, face))
            if len(self._wrapped) > 100_000:
                self._wrapped.clear()
            self._wrapped[key] = lines
        return lines


def greedy_wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` cut into lines no wider than ``width``: at spaces, and anywhere inside a word longer than a
    line. Line breaks in the text are kept; spaces inside a line are kept as typed."""
    lines: list[str] = []
    space = measure(" ")
    for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if measure(para) <= width:
            lines.append(str(para))
            continue
        line, line_w, started = "", 0.0, False
        for word in para.split(" "):
            word_w = measure(word)
            if started and line_w + space + word_w <= width:
                line, line_w = f"{line} {word}", line_w + space + word_w
                continue
            if started:
                lines.append(line)
            while (
                word_w > width and len(word) > 1
            ):  # a word longer than a line: after a - or /, else anywhere
                cut = _fit(word, width, measure)
                cut = max(word.rfind("-", 0, cut), word.rfind("/", 0, cut)) + 1 or cut
                lines.append(word[:cut])
                word = word[cut:]
                word_w = measure(word)
            line, line_w, started = word, word_w, True
        lines.append(line)
    return lines


def _fit(word: str, width: float, measure: Callable[[str], float]) -> int:
    """The longest prefix of ``word`` that fits (at least one character)."""
    low, high = 1, len(word)
    while low < high:
        mid = (low + high + 1) // 2
        if measure(word[:mid]) <= width:
            low = mid
        else:
            high = mid - 1
    return low


class Book:
    """The pages of one part of the report, between ``top`` and ``bottom`` of each page's content box.
    ``pages[n]`` lists page n's operations; ``backs[n]`` what is drawn under them (panels)."""

    def __init__(self, metrics: Metrics, left: float, top: float, width: float, bottom: float) -> None:
        self.metrics = metrics
        self.left, self.top, self.width, self.bottom = left, top, width, bottom
        self.pages: list[list[Op]] = [[]]
        self.backs: list[list[Op]] = [[]]

    def ops(self, page: int) -> list[Op]:
        while len(self.pages) <= page:
            self.pages.append([])
            self.backs.append([])
        return self.pages[page]

    def finished(self) -> list[list[Op]]:
        """Each page's operations, its backgrounds first."""
        return [back + ops for back, ops in zip(self.backs, self.pages, strict=True)]

    def flow(self, x: float | None = None, width: float | None = None) -> Flow:
        return Flow(self, self.left if x is None else x, self.width if width is None else width)


class Flow:
    """A column's cursor on a book: where the next piece goes."""

    def __init__(self, book: Book, x: float, width: float, page: int = 0, y: float | None = None) -> None:
        self.book, self.x, self.width = book, x, width
        self.page, self.y = page, book.top if y is None else y
        self.on_new_page: Callable[[], None] | None = None
        self.reach: dict[int, float] = {}  # page -> lowest edge of what this flow placed on it
        # a heading not followed by anything yet: its page, where its operations start, its top edge
        self._held: tuple[int, int, float] | None = None

    def fits(self, height: float) -> bool:
        return self.y + height <= self.book.bottom or self.y <= self.book.top + 0.5

    def new_page(self, *, carry: bool = True) -> None:
        """Go on at the top of the next page; a heading placed last (:meth:`heading`) goes along (``carry``),
        so no page ends with a heading whose first line is on the next."""
        held, self._held = self._held, None
        left, below = self.book.ops(self.page), self.y
        self.page += 1
        self.y = self.book.top
        ops = self.book.ops(self.page)
        if carry and held is not None and held[0] == self.page - 1 and held[2] > self.book.top + 0.5:
            _page, start, top = held
            shift = self.book.top - top
            ops.extend((op[0], op[1], op[2] + shift, *op[3:]) for op in left[start:])  # its TEXT operations
            del left[start:]
            self.reach[self.page - 1] = top
            self.y = below + shift
        if self.on_new_page is not None:
            self.on_new_page()

    def take(self, height: float) -> tuple[list[Op], float]:
        """The operations list and top edge for a piece ``height`` tall (on a new page if it does not fit)."""
        if not self.fits(height):
            held = self._held
            # a heading goes along unless the piece would no longer fit below it on a page of its own
            self.new_page(carry=held is None or self.y - held[2] + height <= self.book.bottom - self.book.top)
        self._held = None
        y = self.y
        self.y += height
        self.reach[self.page] = self.y
        return self.book.ops(self.page), y

    def skip(self, height: float) -> None:
        """Blank space (never starts a page by itself)."""
        self.y = min(self.y + height, self.book.bottom)

    def at(self, other: Flow) -> None:
        """Continue below ``other`` when it went further down the book."""
        if (other.page, other.y) > (self.page, self.y):
            self.page, self.y = other.page, other.y

    # -- text ----------------------------------------------------------------------------------------------

    def text(
        self, text: str, face: Face, *, indent: float = 0.0, align: str = "left", before: float = 0.0
    ) -> None:
        """A paragraph: wrapped to the column, each line placed on its own (a paragraph may cross a page)."""
        m = self.book.metrics
        self.skip(before)
        width = self.width - indent
        height = m.line_height(face)
        fid = m.face_id(face)
        for line in m.wrap(text, face, width):
            ops, y = self.take(height)
            x = self.x + indent
            if align != "left":
                room = width - m.width(line, face)
                x += room if align == "right" else room / 2
            ops.append((TEXT, x, y, fid, line))

    def heading(self, text: str, face: Face, *, before: float = 0.0, after: float = 0.0) -> None:
        """A heading (:meth:`text`, then ``after`` blank space), kept on the page of what follows it: when the
        next piece starts a new page, the heading moves there with it."""
        self.skip(before)
        if not self.fits(self.book.metrics.line_height(face)):
            self.new_page()
        start = (self.page, len(self.book.ops(self.page)), self.y)
        self.text(text, face)
        self.skip(after)
        self._held = start if self.page == start[0] else None

    def block(self, pieces: Sequence[Piece], pad: float = 0.0, fill: str | None = None) -> None:
        """Lines kept together on one page (``pieces``: each line's height and its texts as ``(x offset,
        face id, text)``), ``pad`` above and below, ``fill`` painted behind; cut line by line only when
        taller than a page."""
        if not pieces:
            return
        total = sum(height for height, _texts in pieces) + 2 * pad
        if total <= self.book.bottom - self.book.top:
            ops, y = self.take(total)
            if fill:
                ops.append((RECT, self.x, y, self.width, total, fill))
            y += pad
            for height, texts in pieces:
                ops.extend((TEXT, self.x + dx, y, fid, text) for dx, fid, text in texts)
                y += height
            return
        last = len(pieces) - 1
        for n, (height, texts) in enumerate(pieces):
            above, below = (pad if n == 0 else 0.0), (pad if n == last else 0.0)
            ops, y = self.take(above + height + below)
            if fill:
                ops.append((RECT, self.x, y, self.width, above + height + below, fill))
            ops.extend((TEXT, self.x + dx, y + above, fid, text) for dx, fid, text in texts)

    def row(self, cells: Sequence[Cell], pad: float, fill: str | None = None) -> None:
        """Table cells side by side, kept together on a page (see :meth:`block`)."""
        self.block(cell_pieces(self.book.metrics, cells, pad), pad, fill)


def cell_pieces(m: Metrics, cells: Sequence[Cell], pad: float) -> list[Piece]:
    """The lines of cells side by side: line n of the row holds line n of each cell."""
    columns = []
    count = 0
    for cell in cells:
        inner = cell.width - 2 * pad
        face = cell.face
        fid = m.face_id(face)
        lines = m.wrap(cell.text, face, inner)
        if cell.align == "right":
            placed = [(cell.x + pad + inner - m.width(line, face), fid, line) for line in lines]
        else:
            placed = [(cell.x + pad, fid, line) for line in lines]
        columns.append((m.line_height(face), placed))
        count = max(count, len(placed))
    if count == 1:  # most rows: one line in each cell
        return [(max(h for h, _placed in columns), [placed[0] for _h, placed in columns])]
    return [
        (
            max(h for h, placed in columns if n < len(placed)),
            [placed[n] for _h, placed in columns if n < len(placed)],
        )
        for n in range(count)
    ]


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, left edge and width within the row, face and alignment."""

    text: str
    x: float
    width: float
    face: Face
    align: str = "left"


def table(
    flow: Flow,
    headers: Sequence[str],
    fractions: Sequence[float],
    rows: Sequence[Sequence[str]],
    face: Face,
    *,
    right: Sequence[int] = (),
    pad_pt: float = 3.0,
) -> None:
    """A table with a navy header row (repeated at the top of each page it continues on) and striped rows,
    each kept whole on a page."""
    dot = flow.book.metrics.dot
    pad = pad_pt * dot
    head_face = Face(face.size, "#ffffff", bold=True)
    lefts, x = [], 0.0
    for fraction in fractions:
        lefts.append(x)
        x += fraction * flow.width
    widths = [f * flow.width for f in fractions]

    def cells(texts: Sequence[str], cell_face: Face) -> list[Cell]:
        return [
            Cell(t, lefts[i], widths[i], cell_face, "right" if i in right else "left")
            for i, t in enumerate(texts)
        ]

    def header() -> None:
        flow.row(cells(headers, head_face), pad, NAVY)

    first = flow.book.metrics.line_height(face) * 2 + 4 * pad
    if not flow.fits(first):
        flow.new_page()
    header()
    flow.on_new_page = header
    try:
        for n, row in enumerate(rows):
            flow.row(cells(row, face), pad, STRIPE if n % 2 else None)
    finally:
        flow.on_new_page = None


__all__ = [
    "COMMON_CHARS",
    "COMPLEX",
    "IMAGE",
    "LINE",
    "RECT",
    "SHAPED",
    "TEXT",
    "AdvanceMetrics",
    "Book",
    "Cell",
    "Face",
    "Flow",
    "Metrics",
    "Piece",
    "cell_pieces",
    "greedy_wrap",
    "table",
]
