"""A short fragmented MP4 played in a loop for as long as a recording must last (no Qt, no ffmpeg).

The sample clips are fragmented MP4 (one ``moof``+``mdat`` per second, see resources/clips/README.md), so a
longer recording is the same fragments again with their decode times (``tfdt``) and sequence numbers
(``mfhd``) moved on, and the random-access index at the end (``mfra``/``tfra``) rebuilt for every copy. The
bytes of each fragment stay as they are (``default_base_moof``: sample offsets are relative to the moof)."""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class _Fragment:
    start: int  # offset of its moof in the clip
    end: int  # end of its mdat
    sequence_at: int  # offset of mfhd's sequence number
    tfdt_at: int  # offset of tfdt's base media decode time
    tfdt_wide: bool  # version 1 (64-bit)
    decode_time: int


def _boxes(data: bytes, start: int, end: int):
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header:
            raise ValueError("a broken MP4 box")
        yield kind.decode("latin-1"), pos, pos + header, pos + size
        pos += size


class LoopedClip:
    """``build(seconds)``: the clip repeated to last at least ``seconds`` (whole fragments), as MP4 bytes."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.timescale = 0
        self._fragments: list[_Fragment] = []
        self._tfra: tuple[int, list[tuple[int, int, bytes]]] | None = None  # track, (time, moof, rest)
        self._tfra_sizes = 0
        header_end = None
        for kind, start, body, end in _boxes(data, 0, len(data)):
            if kind == "moov":
                self.timescale = self._timescale(body, end)
            elif kind == "moof":
                header_end = start if header_end is None else header_end
                self._fragments.append(self._fragment(start, body, end))
            elif kind == "mdat" and self._fragments:
                last = self._fragments[-1]
                self._fragments[-1] = _Fragment(
                    last.start, end, last.sequence_at, last.tfdt_at, last.tfdt_wide, last.decode_time
                )
            elif kind == "mfra":
                self._tfra = self._read_tfra(body, end)
        if not self._fragments or not self.timescale or header_end is None:
            raise ValueError("not a fragmented MP4")
        self._header = data[:header_end]
        self._body_start = self._fragments[0].start
        self._body_end = self._fragments[-1].end
        times = [f.decode_time for f in self._fragments]
        step = times[-1] - times[-2] if len(times) > 1 else self.timescale
        self.loop_ticks = times[-1] - times[0] + step
        self.fragment_seconds = step / self.timescale

    @property
    def seconds(self) -> float:
        return self.loop_ticks / self.timescale

    def fragments_for(self, seconds: float) -> int:
        return max(1, math.ceil(seconds / self.fragment_seconds - 1e-9))

    def build(self, seconds: float) -> bytes:
        """At least ``seconds`` of video (rounded up to whole fragments)."""
        wanted = self.fragments_for(seconds)
        per_loop = len(self._fragments)
        out = bytearray(self._header)
        index: list[tuple[int, int, bytes]] = []
        for n in range(wanted):
            loop, i = divmod(n, per_loop)
            fragment = self._fragments[i]
            chunk = bytearray(self._data[fragment.start : fragment.end])
            struct.pack_into(">I", chunk, fragment.sequence_at - fragment.start, n + 1)
            moved = fragment.decode_time + loop * self.loop_ticks
            if fragment.tfdt_wide:
                struct.pack_into(">Q", chunk, fragment.tfdt_at - fragment.start, moved)
            else:
                struct.pack_into(">I", chunk, fragment.tfdt_at - fragment.start, moved & 0xFFFFFFFF)
            if self._tfra is not None:
                for time, moof, rest in self._tfra[1]:
                    if moof == fragment.start:
                        index.append((time + loop * self.loop_ticks, len(out), rest))
            out += chunk
        if self._tfra is not None:
            out += self._mfra(self._tfra[0], index)
        return bytes(out)

    # -- parsing -----------------------------------------------------------------------------------------

    def _timescale(self, start: int, end: int) -> int:
        for kind, _s, body, box_end in _boxes(self._data, start, end):
            if kind in ("trak", "mdia"):
                found = self._timescale(body, box_end)
                if found:
                    return found
            elif kind == "mdhd":
                version = self._data[body]
                at = body + (4 + 16 if version == 1 else 4 + 8)
                return struct.unpack(">I", self._data[at : at + 4])[0]
        return 0

    def _fragment(self, start: int, body: int, end: int) -> _Fragment:
        sequence_at = tfdt_at = -1
        wide = False
        decode_time = 0
        for kind, _s, inner, box_end in _boxes(self._data, body, end):
            if kind == "mfhd":
                sequence_at = inner + 4
            elif kind == "traf":
                for sub, _s2, sub_body, _e2 in _boxes(self._data, inner, box_end):
                    if sub == "tfdt" and tfdt_at < 0:
                        wide = self._data[sub_body] == 1
                        tfdt_at = sub_body + 4
                        fmt = ">Q" if wide else ">I"
                        decode_time = struct.unpack(fmt, self._data[tfdt_at : tfdt_at + (8 if wide else 4)])[
                            0
                        ]
        if sequence_at < 0 or tfdt_at < 0:
            raise ValueError("a fragment without mfhd/tfdt")
        return _Fragment(start, end, sequence_at, tfdt_at, wide, decode_time)

    def _read_tfra(self, start: int, end: int) -> tuple[int, list[tuple[int, int, bytes]]] | None:
        for kind, _s, body, _e in _boxes(self._data, start, end):
            if kind != "tfra":
                continue
            data = self._data
            version = data[body]
            track, sizes, count = struct.unpack(">III", data[body + 4 : body + 16])
            rest_len = ((sizes >> 4) & 3) + ((sizes >> 2) & 3) + (sizes & 3) + 3
            self._tfra_sizes = sizes
            self._tfra_version = version
            entries = []
            pos = body + 16
            for _ in range(count):
                if version == 1:
                    time, moof = struct.unpack(">QQ", data[pos : pos + 16])
                    pos += 16
                else:
                    time, moof = struct.unpack(">II", data[pos : pos + 8])
                    pos += 8
                entries.append((time, moof, bytes(data[pos : pos + rest_len])))
                pos += rest_len
            return track, entries
        return None

    def _mfra(self, track: int, entries: list[tuple[int, int, bytes]]) -> bytes:
        body = bytearray(struct.pack(">B3xIII", 1, track, self._tfra_sizes, len(entries)))
        for time, moof, rest in entries:
            body += struct.pack(">QQ", time, moof) + rest
        tfra = struct.pack(">I4s", 8 + len(body), b"tfra") + body
        total = 8 + len(tfra) + 16
        mfro = struct.pack(">I4sII", 16, b"mfro", 0, total)
        return struct.pack(">I4s", total, b"mfra") + tfra + mfro


__all__ = ["LoopedClip"]
