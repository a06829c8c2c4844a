"""A fragmented MP4 around H.264 access units (one video track, one fragment per key picture), the form
the sample clips have (see resources/clips/README.md: libVLC over HTTP needs fragments to keep its clock)."""

from __future__ import annotations

import struct
from collections.abc import Sequence

TIMESCALE = 12_800
_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
_SYNC = 0x02000000  # sample_depends_on = 2 (does not depend on others)
_NOT_SYNC = 0x01010000  # depends on others, not a sync sample


def box(kind: bytes, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I4s", 8 + len(body), kind) + body


def full(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return box(kind, struct.pack(">I", (version << 24) | flags), *parts)


def header(width: int, height: int, sps: bytes, pps: bytes) -> bytes:
    """``ftyp`` + ``moov`` (no samples: they are in the fragments)."""
    avcc = box(
        b"avcC",
        bytes([1, sps[1], sps[2], sps[3], 0xFF, 0xE1]),
        struct.pack(">H", len(sps)),
        sps,
        b"\x01",
        struct.pack(">H", len(pps)),
        pps,
    )
    avc1 = box(
        b"avc1",
        b"\x00" * 6 + struct.pack(">H", 1) + b"\x00" * 16,
        struct.pack(">HHIIIH", width, height, 0x480000, 0x480000, 0, 1),
        b"\x00" * 32,
        struct.pack(">Hh", 0x18, -1),
        avcc,
    )
    empty = struct.pack(">I", 0)
    stbl = box(
        b"stbl",
        full(b"stsd", 0, 0, struct.pack(">I", 1), avc1),
        full(b"stts", 0, 0, empty),
        full(b"stsc", 0, 0, empty),
        full(b"stsz", 0, 0, empty, empty),
        full(b"stco", 0, 0, empty),
    )
    minf = box(
        b"minf",
        full(b"vmhd", 0, 1, b"\x00" * 8),
        box(b"dinf", full(b"dref", 0, 0, struct.pack(">I", 1), full(b"url ", 0, 1))),
        stbl,
    )
    mdia = box(
        b"mdia",
        full(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, TIMESCALE, 0, 0x55C4, 0)),
        full(b"hdlr", 0, 0, struct.pack(">I4s12x", 0, b"vide"), b"VideoHandler\x00"),
        minf,
    )
    tkhd = full(
        b"tkhd",
        0,
        3,
        struct.pack(">IIIII8xhhh2x", 0, 0, 1, 0, 0, 0, 0, 0),
        _MATRIX,
        struct.pack(">II", width << 16, height << 16),
    )
    mvhd = full(
        b"mvhd",
        0,
        0,
        struct.pack(">IIIIIH10x", 0, 0, 1000, 0, 0x10000, 0x100),
        _MATRIX,
        b"\x00" * 24,
        struct.pack(">I", 2),
    )
    mvex = box(b"mvex", full(b"trex", 0, 0, struct.pack(">IIIII", 1, 1, 0, 0, 0)))
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 512), b"isomiso2avc1mp41")
    return ftyp + box(b"moov", mvhd, box(b"trak", tkhd, mdia), mvex)


def fragment(sequence: int, decode_time: int, duration: int, samples: Sequence[bytes]) -> bytes:
    """``moof`` + ``mdat`` for ``samples`` (length-prefixed NAL units, the first one a key picture)."""
    sizes = b"".join(struct.pack(">I", len(s)) for s in samples)
    tfhd = full(b"tfhd", 0, 0x020028, struct.pack(">III", 1, duration, _NOT_SYNC))
    tfdt = full(b"tfdt", 1, 0, struct.pack(">Q", decode_time))

    def moof(offset: int) -> bytes:
        trun = full(b"trun", 0, 0x000205, struct.pack(">IiI", len(samples), offset, _SYNC), sizes)
        return box(b"moof", full(b"mfhd", 0, 0, struct.pack(">I", sequence)), box(b"traf", tfhd, tfdt, trun))

    size = len(moof(0))
    return moof(size + 8) + box(b"mdat", *samples)


def random_access_index(entries: Sequence[tuple[int, int]]) -> bytes:
    """``mfra``: (decode time, moof offset) of every fragment, so a player seeks without reading them all."""
    body = struct.pack(">II", 1, 0) + struct.pack(">I", len(entries))
    body += b"".join(struct.pack(">QQBBB", time, offset, 1, 1, 1) for time, offset in entries)
    tfra = full(b"tfra", 1, 0, body)
    total = 8 + len(tfra) + 16
    return box(b"mfra", tfra, full(b"mfro", 0, 0, struct.pack(">I", total)))


def duration_seconds(data: bytes) -> float:
    """How long the fragments of ``data`` (made by :func:`fragment`) last: sample counts × their duration."""
    ticks, pos = 0, 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"moof":
            at = data.index(b"tfhd", pos) + 8  # version/flags, track, default duration
            duration = struct.unpack(">I", data[at + 4 : at + 8])[0]
            at = data.index(b"trun", pos) + 8
            ticks += duration * struct.unpack(">I", data[at : at + 4])[0]
        pos += max(size, 8)
    return ticks / TIMESCALE


def sample(nal_units: Sequence[bytes]) -> bytes:
    return b"".join(struct.pack(">I", len(n)) + n for n in nal_units)


__all__ = ["TIMESCALE", "duration_seconds", "fragment", "header", "random_access_index", "sample"]
