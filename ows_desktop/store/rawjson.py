"""How a ticket's raw JSON object is stored: zlib-compressed BLOB when that pays, else TEXT.

Measured on simulator-shaped tickets (~1.5 KB of compact JSON, 1-12 lines): plain zlib keeps ~37 % of
the bytes; zlib primed with a preset dictionary of typical ticket JSON (keys, product and store names)
keeps ~20 %, for ~20-30 µs a ticket either way (about as long as ``json.dumps`` itself). Objects under
``MIN_COMPRESS`` bytes, or that do not shrink by 15 %, are stored as TEXT.

The dictionary is built once per cache from the first sizeable batch of tickets and kept forever in
``raw_dicts`` under its Adler-32 checksum, which is exactly the DICTID that zlib writes into the header of
every stream it primes: a BLOB says by itself which dictionary (if any) decodes it."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

MIN_COMPRESS = 256
ZLIB_LEVEL = 6
PAGE_LEVEL = 1  # a whole page compresses well even at level 1 (see store/raw_pages.py)
DICTIONARY_SIZE = 8192
MIN_TRAINING_SAMPLES = 32
_KEEP_IF_AT_MOST = 0.85  # store compressed only when it saves at least 15 %
_FDICT = 0x20  # zlib header flag: a preset dictionary id follows


def dumps(raw: Any) -> tuple[str, bytes]:
    """Compact JSON as text and UTF-8. Lone surrogates (from "\\ud800"-style escapes) stay escapes."""
    text = json.dumps(raw, ensure_ascii=False, separators=(",", ":"))
    try:
        return text, text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(raw, ensure_ascii=True, separators=(",", ":"))
        return text, text.encode("ascii")


def train_dictionary(samples: Iterable[Any]) -> bytes | None:
    """A preset dictionary from sample raw tickets, or None if there is too little material.

    zlib finds matches best near the end of a dictionary, so it is the tail of the samples' JSON."""
    texts = [dumps(sample)[1] for sample in samples]
    joined = b"".join(texts)
    if len(texts) < MIN_TRAINING_SAMPLES or len(joined) < DICTIONARY_SIZE:
        return None
    return joined[-DICTIONARY_SIZE:]


def dictionary_id(zdict: bytes) -> int:
    return zlib.adler32(zdict)


class RawCodec:
    """Encodes raw objects with the current dictionary; decodes any stored form.

    ``dictionaries`` maps dictionary ids to their bytes; ``current`` is the id new data is primed with."""

    def __init__(self, dictionaries: Mapping[int, bytes] | None = None, current: int | None = None) -> None:
        self._dictionaries = dict(dictionaries or {})
        self._current = self._dictionaries.get(current) if current is not None else None
        self._primed = self._prime(self._current)

    @property
    def has_dictionary(self) -> bool:
        return self._current is not None

    def add_dictionary(self, zdict: bytes, *, current: bool) -> int:
        ident = dictionary_id(zdict)
        self._dictionaries[ident] = zdict
        if current:
            self._current = zdict
            self._primed = self._prime(zdict)
        return ident

    @staticmethod
    def _prime(zdict: bytes | None) -> zlib._Compress | None:
        """A compressor already primed with ``zdict``: copying it costs a third less than priming a new
        one for every ticket (measured ~35 → ~23 µs a ticket)."""
        return None if zdict is None else zlib.compressobj(ZLIB_LEVEL, zdict=zdict)

    def knows(self, ident: int) -> bool:
        return ident in self._dictionaries

    def encode(self, raw: Any) -> bytes | str:
        """The value to store for ``raw``: compressed UTF-8 JSON bytes, or the JSON text itself."""
        text, data = dumps(raw)
        if len(data) >= MIN_COMPRESS:
            primed = self._primed
            if primed is None:
                packed = zlib.compress(data, ZLIB_LEVEL)
            else:
                compressor = primed.copy()
                packed = compressor.compress(data) + compressor.flush()
            if len(packed) <= len(data) * _KEEP_IF_AT_MOST:
                return packed
        return text

    def compress_page(self, data: bytes) -> bytes:
        """One page of concatenated ticket JSON, compressed once (primed with the current dictionary)."""
        if self._current is None:
            return zlib.compress(data, PAGE_LEVEL)
        compressor = zlib.compressobj(PAGE_LEVEL, zdict=self._current)
        return compressor.compress(data) + compressor.flush()

    def decode(self, stored: bytes | str) -> dict[str, Any]:
        if isinstance(stored, bytes):
            stored = self.inflate(stored).decode("utf-8")
        value = json.loads(stored)
        return value if isinstance(value, dict) else {"value": value}

    @staticmethod
    def needed_dictionary(stored: bytes | str) -> int | None:
        """The id of the dictionary a stored BLOB needs, or None."""
        if isinstance(stored, bytes) and len(stored) >= 6 and stored[1] & _FDICT:
            return int.from_bytes(stored[2:6], "big")
        return None

    def inflate(self, blob: bytes) -> bytes:
        ident = self.needed_dictionary(blob)
        if ident is None:
            return zlib.decompress(blob)
        zdict = self._dictionaries.get(ident)
        if zdict is None:
            raise zlib.error(f"the compression dictionary {ident:#010x} is missing")
        decompressor = zlib.decompressobj(zdict=zdict)
        return decompressor.decompress(blob) + decompressor.flush()


def load_codec(conn: sqlite3.Connection) -> RawCodec:
    """A codec knowing every stored dictionary, priming new data with the newest one."""
    codec = RawCodec()
    for _, data in conn.execute("SELECT created_us, data FROM raw_dicts ORDER BY created_us, id"):
        codec.add_dictionary(data, current=True)
    return codec


def store_dictionary(conn: sqlite3.Connection, zdict: bytes, now_us: int) -> int:
    """Save a dictionary (in the caller's transaction); returns its id."""
    ident = dictionary_id(zdict)
    conn.execute(
        "INSERT OR IGNORE INTO raw_dicts (id, data, created_us) VALUES (?, ?, ?)", (ident, zdict, now_us)
    )
    return ident
