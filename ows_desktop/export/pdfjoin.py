"""Two PDFs written by Qt's ``QPdfWriter`` joined into one (no Qt, no dependency): the pages of the second
follow the pages of the first. A big case report is drawn by two processes at once (export/pdf.py), each into
its own file.

Qt writes plain PDF 1.4: numbered objects, one classic cross-reference table, no object streams, no
incremental updates. The first file is kept as it is, but for its page tree, which gets the second file's
pages too. The second file's objects are renumbered after the first's (only outside their streams: a stream
is copied byte for byte); its catalog, page tree, document information and metadata are left out (the first
file's describe the joined document). Each page keeps its own resources (fonts, graphics states), so
resource names inside the page streams still match. Anything else raises :class:`PdfJoinError`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_REF = re.compile(rb"(?<![\d.])(\d+) 0 R\b")
_OBJ = re.compile(rb"(\d+) 0 obj\b")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class PdfJoinError(ValueError):
    """A file is not the kind of PDF this module joins."""


@dataclass
class _Pdf:
    data: bytes
    spans: dict[int, tuple[int, int]]  # object number -> (start, end) of "N 0 obj ... endobj"
    trailer: bytes
    root: int
    pages: int
    kids: list[int]

    def obj(self, number: int) -> bytes:
        start, end = self.spans[number]
        return self.data[start:end]


def _ref(pattern: bytes, text: bytes, what: str) -> int:
    found = re.search(pattern + rb"\s+(\d+) 0 R", text)
    if found is None:
        raise PdfJoinError(f"no {what} reference")
    return int(found.group(1))


def _parse(data: bytes) -> _Pdf:
    tail = _STARTXREF.search(data, max(0, len(data) - 64))
    if tail is None or not data.startswith(b"%PDF-"):
        raise PdfJoinError("not a complete PDF file")
    xref = int(tail.group(1))
    head = re.compile(rb"xref\s+0 (\d+)\s*\n").match(data, xref)
    if head is None:
        raise PdfJoinError("no single cross-reference table")
    count, at = int(head.group(1)), head.end()
    offsets: dict[int, int] = {}
    for number in range(count):
        entry = data[at + 20 * number : at + 20 * number + 20]
        if entry[17:18] == b"n":
            offsets[number] = int(entry[:10])
    trailer_at = data.find(b"trailer", at + 20 * count)
    if trailer_at < 0 or not offsets:
        raise PdfJoinError("no trailer")
    ordered = sorted(offsets.items(), key=lambda entry: entry[1])
    spans: dict[int, tuple[int, int]] = {}
    for n, (number, start) in enumerate(ordered):
        end = ordered[n + 1][1] if n + 1 < len(ordered) else xref
        if not data.startswith(b"%d 0 obj" % number, start):
            raise PdfJoinError(f"object {number} is not where the cross-reference table says")
        spans[number] = (start, end)
    pdf = _Pdf(data, spans, data[trailer_at : tail.start()], 0, 0, [])
    pdf.root = _ref(rb"/Root", pdf.trailer, "catalog")
    pdf.pages = _ref(rb"/Pages", pdf.obj(pdf.root), "page tree")
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", pdf.obj(pdf.pages))
    if kids is None:
        raise PdfJoinError("no pages")
    pdf.kids = [int(k) for k in _REF.findall(kids.group(1))]
    if not all(b"/Type /Page\n" in pdf.obj(k) for k in pdf.kids):
        raise PdfJoinError("not a flat page tree")
    return pdf


def _catalog_objects(pdf: _Pdf) -> set[int]:
    """The second file's objects that describe its document as a whole (left out of the join)."""
    skip = {pdf.root, pdf.pages}
    skip.update(int(n) for n in _REF.findall(pdf.obj(pdf.root)))
    skip.update(int(n) for n in _REF.findall(pdf.trailer.split(b"/ID")[0]))
    return skip - set(pdf.kids)


def join_pdfs(first: Path, second: Path, out: BinaryIO) -> int:
    """Write ``first``'s pages then ``second``'s as one PDF to ``out``; returns the number of pages."""
    a, b = _parse(first.read_bytes()), _parse(second.read_bytes())
    shift = max(a.spans) + 1
    skip = _catalog_objects(b)
    renumber = {n: (a.pages if n == b.pages else n + shift) for n in b.spans}

    def fix(match: re.Match[bytes]) -> bytes:
        number = int(match.group(1))
        if number in skip and number != b.pages:
            raise PdfJoinError(f"a page refers to the document object {number}")
        return b"%d 0 R" % renumber[number]

    chunks: list[bytes] = []
    where: dict[int, int] = {}
    size = 0

    def put(number: int, data: bytes) -> None:
        nonlocal size
        where[number] = size
        chunks.append(data)
        size += len(data)

    first_at = min(start for start, _end in a.spans.values())
    chunks.append(a.data[:first_at])
    size = first_at
    kids = a.kids + [renumber[k] for k in b.kids]
    for number, (start, end) in sorted(a.spans.items(), key=lambda entry: entry[1]):
        if number == a.pages:
            put(number, b"%d 0 obj\n<<\n/Type /Pages\n/Kids\n[\n%s]\n/Count %d\n>>\nendobj\n"
                % (number, b"".join(b"%d 0 R\n" % k for k in kids), len(kids)))  # fmt: skip
        else:
            put(number, a.data[start:end])
    for number, (start, end) in sorted(b.spans.items(), key=lambda entry: entry[1]):
        if number in skip:
            continue
        data = b.data[start:end]
        cut = data.find(b"stream\n")
        head, rest = (data, b"") if cut < 0 else (data[:cut], data[cut:])
        head = _OBJ.sub(b"%d 0 obj" % renumber[number], head, count=1)
        put(renumber[number], _REF.sub(fix, head) + rest)
    total = shift + max(b.spans) + 1
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % total]
    xref += [
        b"%010d 00000 n \n" % where[n] if n in where else b"0000000000 65535 f \n" for n in range(1, total)
    ]
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % total, a.trailer, count=1)
    out.writelines([*chunks, *xref, trailer, b"startxref\n%d\n%%%%EOF\n" % size])
    return len(kids)


__all__ = ["PdfJoinError", "join_pdfs"]
