"""The simulated recorder's recordings: a camera picture whose burned-in clock shows the recorder's time.

A real recorder burns its wall clock into the picture, so an investigator can read off when a frame was
recorded. The sample clips' clock counts from 00:00:00 (ffmpeg's timecode), whatever time is asked for; this
module draws, per requested window, 640×360 at 25 fps:

- a dark band at the top with the camera's label and the recorder's clock, ``2026-11-20 14:03:05 UTC``, in
  the recorder's zone (``zone``), changing at each whole second of recorder time;
- colour bars (their order turns with the camera, so a 2×2 grid tells the cameras apart), with a black
  square that steps one block along a row of them every frame, starting again at the left after
  :data:`MARKER_COLUMNS` frames (the picture is alive, and :func:`read_frame` tells the frames of a second
  apart: a frame step shows exactly which frame is on screen);
- at the bottom left the same second as a machine-readable strip (:func:`read_clock`): 32 cells of 8×8
  pixels, white for a 1 bit, the most significant first, with the complement in the 8 pixel rows
  below (a check), holding the recorder time in whole seconds since 1970 (UTC).

Encoded with :mod:`.h264_writer` (exact: no compression artefacts) and packed by :mod:`.fmp4`, one key
picture and fragment every :data:`KEY_SECONDS`; between them only the blocks that change are coded (the digits
that turn, the strip's cells, the square: ~17 KB per second of video). Baseline H.264 without B-pictures,
as cameras encode. libVLC 3's own MP4 demuxer showed these grey after a seek (decoded without the key
picture) until the next key picture; the video pane opens recordings with libavformat, which seeks from
the key picture (camera/media.py). The recorder serves these with ``burned_clock=True``.
No Qt, no ffmpeg."""

from __future__ import annotations

from collections.abc import Callable, Set
from datetime import UTC, datetime, tzinfo

from ows_desktop.simulator import fmp4
from ows_desktop.simulator.h264_writer import H264Writer, Picture

WIDTH, HEIGHT, FPS = 640, 360, 25
BAND = 48  # the dark band at the top
STRIP_X, STRIP_Y, CELL = 16, 336, 8  # the machine-readable clock (one 16-pixel block row)
BITS = 32
TEXT_ROW = 1  # the label and the clock: the band's middle block row
KEY_SECONDS = 4  # a key picture (and a fragment) every 4 s; between them only the blocks that change
STRIPE = 80  # the colour bars' width (a block row of bars costs 8 raw blocks in a key picture)
CLOCK_FROM = 8  # the clock's blocks start at or after this column (the label is left of it)
MARKER_Y = 192  # the moving square's row (one block row)
MARKER_COLUMNS = 38  # the blocks it steps through (x = 16 … 608): more than a second's frames, so all differ
_BLACK, _WHITE = 16, 235
_BARS = [  # (Y, Cb, Cr), BT.601: white, yellow, cyan, green, magenta, red, blue, grey
    (180, 128, 128),
    (162, 44, 142),
    (131, 156, 44),
    (112, 72, 58),
    (84, 184, 198),
    (65, 100, 212),
    (35, 212, 114),
    (126, 128, 128),
]
_FONT = {  # 5×7 glyphs, one string of five bits per row
    "0": "01110 10001 10011 10101 11001 10001 01110",
    "1": "00100 01100 00100 00100 00100 00100 01110",
    "2": "01110 10001 00001 00010 00100 01000 11111",
    "3": "11111 00010 00100 00010 00001 10001 01110",
    "4": "00010 00110 01010 10010 11111 00010 00010",
    "5": "11111 10000 11110 00001 00001 10001 01110",
    "6": "00110 01000 10000 11110 10001 10001 01110",
    "7": "11111 00001 00010 00100 01000 01000 01000",
    "8": "01110 10001 10001 01110 10001 10001 01110",
    "9": "01110 10001 10001 01111 00001 00010 01100",
    "-": "00000 00000 00000 11111 00000 00000 00000",
    ":": "00000 01100 01100 00000 01100 01100 00000",
    "+": "00000 00100 00100 11111 00100 00100 00000",
    ".": "00000 00000 00000 00000 00000 01100 01100",
    " ": "00000 00000 00000 00000 00000 00000 00000",
}
_LETTERS = {
    "A": "01110 10001 10001 11111 10001 10001 10001",
    "B": "11110 10001 10001 11110 10001 10001 11110",
    "C": "01110 10001 10000 10000 10000 10001 01110",
    "D": "11100 10010 10001 10001 10001 10010 11100",
    "E": "11111 10000 10000 11110 10000 10000 11111",
    "F": "11111 10000 10000 11110 10000 10000 10000",
    "G": "01110 10001 10000 10111 10001 10001 01111",
    "H": "10001 10001 10001 11111 10001 10001 10001",
    "I": "01110 00100 00100 00100 00100 00100 01110",
    "J": "00111 00010 00010 00010 00010 10010 01100",
    "K": "10001 10010 10100 11000 10100 10010 10001",
    "L": "10000 10000 10000 10000 10000 10000 11111",
    "M": "10001 11011 10101 10101 10001 10001 10001",
    "N": "10001 10001 11001 10101 10011 10001 10001",
    "O": "01110 10001 10001 10001 10001 10001 01110",
    "P": "11110 10001 10001 11110 10000 10000 10000",
    "Q": "01110 10001 10001 10001 10101 10010 01101",
    "R": "11110 10001 10001 11110 10100 10010 10001",
    "S": "01111 10000 10000 01110 00001 00001 11110",
    "T": "11111 00100 00100 00100 00100 00100 00100",
    "U": "10001 10001 10001 10001 10001 10001 01110",
    "V": "10001 10001 10001 10001 10001 01010 00100",
    "W": "10001 10001 10001 10101 10101 10101 01010",
    "X": "10001 10001 01010 00100 01010 10001 10001",
    "Y": "10001 10001 10001 01010 00100 00100 00100",
    "Z": "11111 00001 00010 00100 01000 10000 11111",
}
_FONT.update(_LETTERS)


def clock_text(moment: datetime, zone: tzinfo = UTC) -> str:
    """What the burned-in clock shows at recorder time ``moment`` (whole seconds, in ``zone``)."""
    local = moment.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname() or ''}".strip()


class _Canvas:
    def __init__(self, picture: Picture):
        self.p = picture

    def fill(self, x: int, y: int, w: int, h: int, luma: int, cb: int | None = None, cr: int | None = None):
        width = self.p.width
        row = bytes([luma]) * w
        for r in range(y, y + h):
            self.p.y[r * width + x : r * width + x + w] = row
        if cb is not None and cr is not None:
            cw = width // 2
            for r in range(y // 2, (y + h) // 2):
                self.p.cb[r * cw + x // 2 : r * cw + (x + w) // 2] = bytes([cb]) * (w // 2)
                self.p.cr[r * cw + x // 2 : r * cw + (x + w) // 2] = bytes([cr]) * (w // 2)

    def glyph(self, x: int, y: int, ch: str) -> None:
        """One character, 10×14 pixels (the 5×7 glyph doubled), in luma only."""
        for r, bits in enumerate(_FONT.get(ch.upper(), _FONT[" "]).split()):
            for c, bit in enumerate(bits):
                if bit == "1":
                    self.fill(x + 2 * c, y + 2 * r, 2, 2, _WHITE)


def _band_block(draw: Callable[[_Canvas], None]) -> bytes:
    """A 16×16 block of the dark band with ``draw`` applied to it."""
    picture = Picture(16, 16, bytearray([_BLACK]) * 256, bytearray([128]) * 64, bytearray([128]) * 64)
    draw(_Canvas(picture))
    return picture.block(0, 0)


def _glyph_block(ch: str) -> bytes:
    return _band_block(lambda canvas: canvas.glyph(3, 1, ch))


def _strip_block(bits: int) -> bytes:
    """Two cells of the machine-readable strip (``bits``: the first cell's bit, then the second's)."""

    def draw(canvas: _Canvas) -> None:
        for k, one in enumerate((bits >> 1 & 1, bits & 1)):
            canvas.fill(k * CELL, 0, CELL, CELL, _WHITE if one else _BLACK)
            canvas.fill(k * CELL, CELL, CELL, CELL, _BLACK if one else _WHITE)

    return _band_block(draw)


class ClockVideo:
    """Recordings of one camera (``index`` 0–3: bar order and label ``CAM n``) with the clock in ``zone``.

    Characters are one block wide (16 pixels), so the clock of a second is a row of prepared blocks."""

    def __init__(self, index: int, zone: tzinfo = UTC):
        self.index = index
        self.zone = zone
        writer = H264Writer(WIDTH, HEIGHT)
        cw, ch = writer.coded_size
        self._mbs_x = cw // 16
        self._base = Picture(cw, ch, bytearray(cw * ch), bytearray(cw * ch // 4), bytearray(cw * ch // 4))
        canvas = _Canvas(self._base)
        canvas.fill(0, 0, cw, ch, _BLACK, 128, 128)
        for i in range(cw // STRIPE):
            y, cb, cr = _BARS[(i + 2 * index) % len(_BARS)]
            canvas.fill(i * STRIPE, BAND, STRIPE, STRIP_Y - 16 - BAND, y, cb, cr)
        for k, character in enumerate(f"CAM {index + 1}"):
            canvas.glyph(16 * (1 + k) + 3, TEXT_ROW * 16 + 1, character)
        self._base_blocks = [self._base.block(x, y) for y in range(ch // 16) for x in range(self._mbs_x)]
        self._glyphs: dict[str, bytes] = {}
        self._strip = [_strip_block(bits) for bits in range(4)]
        self._markers: dict[int, dict[int, bytes]] = {}

    def _second(self, seconds: int) -> dict[int, bytes]:
        """The blocks of the clock and the strip at recorder time ``seconds`` since 1970 (UTC)."""
        text = clock_text(datetime.fromtimestamp(seconds, UTC), self.zone)
        row = TEXT_ROW * self._mbs_x
        last = self._mbs_x - 2  # one block of margin on the right
        first = max(CLOCK_FROM, last - len(text) + 1)
        blocks = {row + x: self._glyph(" ") for x in range(CLOCK_FROM, first)}
        for k, character in enumerate(text[: last - first + 1]):
            blocks[row + first + k] = self._glyph(character)
        value = seconds & 0xFFFFFFFF
        row = STRIP_Y // 16 * self._mbs_x + STRIP_X // 16
        for k in range(BITS // 2):
            blocks[row + k] = self._strip[value >> (BITS - 2 - 2 * k) & 3]
        return blocks

    def _glyph(self, character: str) -> bytes:
        block = self._glyphs.get(character)
        if block is None:
            block = self._glyphs[character] = _glyph_block(character)
        return block

    def _marker(self, frame: int) -> dict[int, bytes]:
        """The block the square covers in ``frame`` (frames since 1970 at :data:`FPS`: the same moment looks
        the same in every recording)."""
        x = 16 * (1 + frame % MARKER_COLUMNS)
        found = self._markers.get(x)
        if found is None:
            b = self._base
            p = Picture(b.width, b.height, bytearray(b.y), bytearray(b.cb), bytearray(b.cr))
            _Canvas(p).fill(x, MARKER_Y, 16, 16, _BLACK, 128, 128)
            row = MARKER_Y // 16
            found = self._markers[x] = {row * self._mbs_x + x // 16: p.block(x // 16, row)}
        return found

    def recording(self, start: datetime, seconds: float) -> bytes:
        """An MP4 of ``seconds`` (at least one frame) from recorder time ``start``; media time 0 is ``start``.
        The clock and the strip change once per second, the square every frame: the other blocks are all
        skipped, a few bytes each."""
        start = start.astimezone(UTC)
        frames = max(1, round(seconds * FPS))
        writer = H264Writer(WIDTH, HEIGHT)
        out = bytearray(fmp4.header(WIDTH, HEIGHT, writer.sps(), writer.pps()))
        index: list[tuple[int, int]] = []
        step = fmp4.TIMESCALE // FPS
        shown = -1
        blocks: list[bytes] = []
        changed: Set[int] = set()
        moved: Set[int] = set()  # where the square was in the previous frame
        origin = round(start.timestamp() * FPS)
        for first in range(0, frames, FPS * KEY_SECONDS):
            samples = []
            for n in range(first, min(frames, first + FPS * KEY_SECONDS)):
                second = (origin + n) // FPS
                changed = set(moved)
                blocks = list(blocks)  # a new picture: the writer keeps the previous one to compare
                for i in moved:  # the bar where the square was
                    blocks[i] = self._base_blocks[i]
                if second != shown:
                    shown = second
                    clock = self._second(second)
                    blocks = list(self._base_blocks)
                    for i, block in clock.items():
                        blocks[i] = block
                    changed |= clock.keys()
                marker = self._marker(origin + n)
                for i, block in marker.items():
                    blocks[i] = block
                changed |= marker.keys()
                moved = marker.keys()
                samples.append(fmp4.sample([writer.encode(blocks, key=n == first, candidates=changed)]))
            index.append((first * step, len(out)))
            out += fmp4.fragment(len(index), first * step, step, samples)
        out += fmp4.random_access_index(index)
        return bytes(out)


def read_clock(luma: Callable[[int, int], int]) -> datetime | None:
    """The recorder time a picture's strip holds (``luma(x, y)``: brightness 0–255 of a pixel of the
    640×360 picture), or None when the strip does not check out (not one of these pictures)."""
    value = 0
    for bit in range(BITS):
        cx = STRIP_X + bit * CELL + CELL // 2
        top, bottom = luma(cx, STRIP_Y + CELL // 2) > 128, luma(cx, STRIP_Y + CELL + CELL // 2) > 128
        if top == bottom:
            return None
        value = value << 1 | top
    return datetime.fromtimestamp(value, UTC)


def read_frame(luma: Callable[[int, int], int]) -> datetime | None:
    """The recorder time of the very frame (:func:`read_clock` and the square's block: which of the second's
    frames it is), or None when either does not check out."""
    second = read_clock(luma)
    if second is None:
        return None
    dark = [c for c in range(MARKER_COLUMNS) if luma(16 * (1 + c) + 8, MARKER_Y + 8) < 40]
    if len(dark) != 1:
        return None
    first = round(second.timestamp()) * FPS
    index = (dark[0] - first) % MARKER_COLUMNS
    if index >= FPS:
        return None
    return datetime.fromtimestamp((first + index) / FPS, UTC)


__all__ = ["FPS", "HEIGHT", "WIDTH", "ClockVideo", "clock_text", "read_clock", "read_frame"]
