"""A minimal H.264 writer for pictures the simulator draws itself (no Qt, no ffmpeg, no codec library).

Baseline profile, CAVLC, no deblocking. Every macroblock is coded one of three ways, all exact (what the
decoder shows is byte for byte the picture drawn):

- ``P_Skip`` (P pictures): unchanged since the previous picture (every motion vector is zero);
- ``I_16x16`` with vertical or horizontal prediction and no residual: the block repeats the last row of the
  block above / the last column of the block on its left (flat backgrounds and vertical colour bars cost a
  few bits);
- ``I_PCM``: the 384 samples as they are (text, patterns).

So a picture with flat areas, bars and some text is small, and a picture that changes in a few blocks (a
clock, a moving marker) costs those blocks only. :class:`H264Writer` turns planes (Y, Cb, Cr; 4:2:0) into
NAL units; :mod:`.fmp4` packs them into a fragmented MP4."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

MB = 16
_EMULATION = re.compile(rb"\x00\x00(?=[\x00-\x03])")
_LOG2_MAX_FRAME_NUM = 8


class _Bits:
    """An RBSP being written: bits as text (few per block), whole bytes appended as they are (I_PCM)."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.bits: list[str] = []
        self.count = 0

    def u(self, n: int, value: int) -> None:
        self.bits.append(format(value, f"0{n}b"))
        self.count += n

    def ue(self, value: int) -> None:
        code = bin(value + 1)[2:]
        self.bits.append("0" * (len(code) - 1) + code)
        self.count += 2 * len(code) - 1

    def se(self, value: int) -> None:
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def raw(self, text: str) -> None:
        self.bits.append(text)
        self.count += len(text)

    def align(self) -> None:
        pad = -self.count % 8
        if pad:
            self.u(pad, 0)
        self._flush()

    def pcm(self, samples: bytes) -> None:
        self.align()
        self.out += samples

    def trailing(self) -> bytes:
        self.u(1, 1)
        self.align()
        return bytes(self.out)

    def _flush(self) -> None:
        if self.bits:
            text = "".join(self.bits)
            self.out += int(text, 2).to_bytes(len(text) // 8, "big")
            self.bits, self.count = [], 0


def nal(kind: int, rbsp: bytes, ref_idc: int = 3) -> bytes:
    """A NAL unit (header + payload with emulation prevention bytes), without a start code."""
    return bytes([(ref_idc << 5) | kind]) + _EMULATION.sub(b"\x00\x00\x03", rbsp)


# coeff_token for "no coefficients" by the predicted count nC (table 9-5)
def _no_coefficients(nc: int) -> str:
    if nc < 2:
        return "1"
    if nc < 4:
        return "11"
    if nc < 8:
        return "1111"
    return "000011"


@dataclass
class Picture:
    """4:2:0 planes at the coded size (a multiple of 16), rows top to bottom."""

    width: int
    height: int
    y: bytearray
    cb: bytearray
    cr: bytearray

    def block(self, mbx: int, mby: int) -> bytes:
        """The macroblock's 384 samples in I_PCM order (16×16 luma, 8×8 Cb, 8×8 Cr)."""
        w, cw = self.width, self.width // 2
        x, y, cx, cy = mbx * MB, mby * MB, mbx * 8, mby * 8
        luma = b"".join(self.y[(y + r) * w + x : (y + r) * w + x + MB] for r in range(MB))
        cb = b"".join(self.cb[(cy + r) * cw + cx : (cy + r) * cw + cx + 8] for r in range(8))
        cr = b"".join(self.cr[(cy + r) * cw + cx : (cy + r) * cw + cx + 8] for r in range(8))
        return luma + cb + cr


@functools.lru_cache(maxsize=4096)
def _vertical(above: bytes) -> bytes:
    return above[240:256] * 16 + above[256 + 56 : 256 + 64] * 8 + above[320 + 56 : 320 + 64] * 8


@functools.lru_cache(maxsize=4096)
def _horizontal(left: bytes) -> bytes:
    luma = b"".join(bytes([left[r * 16 + 15]]) * 16 for r in range(16))
    cb = b"".join(bytes([left[256 + r * 8 + 7]]) * 8 for r in range(8))
    cr = b"".join(bytes([left[320 + r * 8 + 7]]) * 8 for r in range(8))
    return luma + cb + cr


def _ue(value: int) -> str:
    code = bin(value + 1)[2:]
    return "0" * (len(code) - 1) + code


def _intra_bits(
    block: bytes, above: bytes | None, left: bytes | None, pcm_above: bool, pcm_left: bool, type_base: int
) -> str:
    """The bits of ``block`` as I_16x16 predicted from a neighbour with no residual, or "" when no
    prediction reproduces it exactly (then it is coded I_PCM)."""
    luma = chroma = -1  # I_16x16 modes (0 vertical, 1 horizontal) and chroma modes (2 vertical, 1 horizontal)
    if above is not None and _vertical(above)[:256] == block[:256]:
        luma = 0
    elif left is not None and _horizontal(left)[:256] == block[:256]:
        luma = 1
    if luma < 0:
        return ""
    if above is not None and _vertical(above)[256:] == block[256:]:
        chroma = 2
    elif left is not None and _horizontal(left)[256:] == block[256:]:
        chroma = 1
    if chroma < 0:
        return ""
    counts = []
    if left is not None:
        counts.append(16 if pcm_left else 0)
    if above is not None:
        counts.append(16 if pcm_above else 0)
    nc = (sum(counts) + 1) >> 1 if len(counts) == 2 else (counts[0] if counts else 0)
    # mb_type, intra_chroma_pred_mode, mb_qp_delta = 0, then the DC block's "no coefficients"
    return _ue(type_base + 1 + luma) + _ue(chroma) + "1" + _no_coefficients(nc)


class H264Writer:
    """Pictures of ``width``×``height`` (cropped from the coded size) as H.264 access units."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.mbs_x, self.mbs_y = -(-width // MB), -(-height // MB)
        self._frame_num = 0
        self._idr_id = 0
        self._previous: list[bytes] | None = None
        self._rows: dict[tuple[object, ...], tuple[list[str | bytes], tuple[bool, ...]]] = {}

    @property
    def coded_size(self) -> tuple[int, int]:
        return self.mbs_x * MB, self.mbs_y * MB

    def sps(self) -> bytes:
        b = _Bits()
        b.u(8, 66)  # Baseline
        b.u(8, 0xC0)  # constraint_set0/1: constrained baseline
        b.u(8, 30)  # level 3.0
        b.ue(0)
        b.ue(_LOG2_MAX_FRAME_NUM - 4)
        b.ue(2)  # picture order from frame_num (no B pictures)
        b.ue(1)  # one reference picture
        b.u(1, 0)
        b.ue(self.mbs_x - 1)
        b.ue(self.mbs_y - 1)
        b.u(1, 1)  # frame_mbs_only
        b.u(1, 1)  # direct_8x8_inference
        crop_right, crop_bottom = (self.mbs_x * MB - self.width) // 2, (self.mbs_y * MB - self.height) // 2
        if crop_right or crop_bottom:
            b.u(1, 1)
            for value in (0, crop_right, 0, crop_bottom):
                b.ue(value)
        else:
            b.u(1, 0)
        b.u(1, 0)  # no VUI
        return nal(7, b.trailing())

    def pps(self) -> bytes:
        b = _Bits()
        b.ue(0)
        b.ue(0)
        b.u(1, 0)  # CAVLC
        b.u(1, 0)
        b.ue(0)  # one slice group
        b.ue(0)
        b.ue(0)
        b.u(1, 0)
        b.u(2, 0)
        b.se(0)
        b.se(0)
        b.se(0)
        b.u(1, 1)  # deblocking_filter_control_present: the slices turn it off
        b.u(1, 0)
        b.u(1, 0)
        return nal(8, b.trailing())

    def encode(self, blocks: list[bytes], *, key: bool, candidates: Iterable[int] | None = None) -> bytes:
        """One picture (its macroblocks in raster order, each as :meth:`Picture.block` gives them) as a
        slice NAL unit; ``key``: an IDR picture (decodable on its own). ``candidates``: the only blocks
        that may differ from the previous picture (None: compare them all)."""
        key = key or self._previous is None
        b = _Bits()
        b.ue(0)  # first_mb_in_slice
        b.ue(7 if key else 5)  # I / P, every slice of the picture
        b.ue(0)
        if key:
            self._frame_num = 0
        b.u(_LOG2_MAX_FRAME_NUM, self._frame_num)
        if key:
            b.ue(self._idr_id)
            self._idr_id = (self._idr_id + 1) % 65536
        else:
            b.u(1, 0)  # num_ref_idx_active_override
            b.u(1, 0)  # ref_pic_list_modification
        if key:
            b.u(1, 0)
            b.u(1, 0)
        else:
            b.u(1, 0)  # sliding window reference marking
        b.se(0)  # slice_qp_delta
        b.ue(1)  # no deblocking
        self._slice_data(b, blocks, key, candidates)
        self._previous = blocks
        self._frame_num = (self._frame_num + 1) % (1 << _LOG2_MAX_FRAME_NUM)
        return nal(5 if key else 1, b.trailing())

    def _slice_data(self, b: _Bits, blocks: list[bytes], key: bool, candidates: Iterable[int] | None) -> None:
        if key or self._previous is None:
            self._key_slice_data(b, blocks)
            return
        previous = self._previous
        pairs = (
            ((i, blocks[i], previous[i]) for i in sorted(candidates))
            if candidates is not None
            else ((i, a, p) for i, (a, p) in enumerate(zip(blocks, previous, strict=True)))
        )
        coded = [i for i, a, p in pairs if a is not p and a != p]
        pcm = set()  # I_PCM blocks count as 16 coefficients for their neighbours
        width, at = self.mbs_x, 0
        for i in coded:
            b.ue(i - at)
            at = i + 1
            x = i % width
            above = blocks[i - width] if i >= width else None
            left = blocks[i - 1] if x > 0 else None
            bits = _intra_bits(blocks[i], above, left, i - width in pcm, i - 1 in pcm and x > 0, 5)
            if bits:
                b.raw(bits)
            else:
                b.ue(5 + 25)  # I_PCM in a P slice
                b.pcm(blocks[i])
                pcm.add(i)
        if at < len(blocks):
            b.ue(len(blocks) - at)

    def _key_slice_data(self, b: _Bits, blocks: list[bytes]) -> None:
        """Every block, row by row; a row's bits are remembered (most rows repeat from picture to picture)."""
        width = self.mbs_x
        above_pcm: tuple[bool, ...] = ()
        for row in range(self.mbs_y):
            cells = tuple(blocks[row * width : (row + 1) * width])
            above = tuple(blocks[(row - 1) * width : row * width]) if row else ()
            memo_key = (cells, above, above_pcm)
            found = self._rows.get(memo_key)
            if found is None:
                found = self._code_row(cells, above, above_pcm)
                if len(self._rows) > 2_000:
                    self._rows.clear()
                self._rows[memo_key] = found
            ops, above_pcm = found
            for op in ops:
                if isinstance(op, str):
                    b.raw(op)
                else:
                    b.pcm(op)

    @staticmethod
    def _code_row(
        cells: tuple[bytes, ...], above: tuple[bytes, ...], above_pcm: tuple[bool, ...]
    ) -> tuple[list[str | bytes], tuple[bool, ...]]:
        ops: list[str | bytes] = []
        pcm: list[bool] = []
        bits = ""
        for x, block in enumerate(cells):
            coded = _intra_bits(
                block,
                above[x] if above else None,
                cells[x - 1] if x else None,
                bool(above_pcm) and above_pcm[x],
                x > 0 and pcm[x - 1],
                0,
            )
            pcm.append(not coded)
            if coded:
                bits += coded
            else:
                ops += [bits + _ue(25), block]  # I_PCM in an I slice
                bits = ""
        if bits:
            ops.append(bits)
        return ops, tuple(pcm)


__all__ = ["MB", "H264Writer", "Picture", "nal"]
