"""Two PDFs written by Qt's ``QPdfWriter`` joined into one (no Qt, no dependency), their pages in a given
order. A big case report is drawn by two processes at once (export/pdf.py), each into its own file.

Qt writes plain PDF 1.4: numbered objects, one classic cross-reference table, no object streams, no
incremental updates. The second file is appended to the first as an incremental update (the first file's
bytes are kept, not copied): the second file's objects renumbered after the first's (only outside their
streams: a stream is copied byte for byte) — its catalog, page tree, document information and metadata
left out (the first file's describe the joined document) — then a new version of the first file's page tree
listing the pages in the order asked, and a cross-reference section for what was added. Each page keeps its
own resources (fonts, graphics states), so resource names inside the page streams still match. Anything
else raises :class:`PdfJoinError`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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
    xref: int  # where its cross-reference table starts

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
    pdf = _Pdf(data, spans, data[trailer_at : tail.start()], 0, 0, [], xref)
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


Segment = tuple[int, int, int]  # pages start..stop (0-based, stop excluded) of file 0 (the first) or 1


def join_pdfs(first: Path, second: Path | None, order: Sequence[Segment]) -> int:
    """Append ``second``'s objects (when given) to ``first`` and give ``first`` the pages listed in ``order``:
    ``(file, start, stop)`` segments, file 0 being ``first`` and 1 ``second``, each page exactly once.
    Returns the number of pages. On error ``first`` is left as it was."""
    a = _parse(first.read_bytes())
    b = _parse(second.read_bytes()) if second is not None else None
    shift = max(a.spans) + 1
    kids: list[int] = []
    renumber: dict[int, int] = {}
    skip: set[int] = set()
    if b is not None:
        skip = _catalog_objects(b)
        renumber = {n: (a.pages if n == b.pages else n + shift) for n in b.spans}
    sources = [a.kids, [renumber[k] for k in b.kids] if b is not None else []]
    for source, start, stop in order:
        kids += sources[source][start:stop]
    if sorted(kids) != sorted(sources[0] + sources[1]):
        raise PdfJoinError("the page order does not list each page once")

    def fix(match: re.Match[bytes]) -> bytes:
        number = int(match.group(1))
        if number in skip and number != b.pages:  # type: ignore[union-attr]
            raise PdfJoinError(f"a page refers to the document object {number}")
        return b"%d 0 R" % renumber[number]

    size = len(a.data)
    chunks: list[bytes] = [] if a.data.endswith(b"\n") else [b"\n"]
    size += len(chunks[0]) if chunks else 0
    where: dict[int, int] = {}

    def put(number: int, data: bytes) -> None:
        nonlocal size
        where[number] = size
        chunks.append(data)
        size += len(data)

    total = shift
    if b is not None:
        for number, (start, end) in sorted(b.spans.items(), key=lambda entry: entry[1]):
            if number in skip:
                continue
            data = b.data[start:end]
            cut = data.find(b"stream\n")
            head, rest = (data, b"") if cut < 0 else (data[:cut], data[cut:])
            head = _OBJ.sub(b"%d 0 obj" % renumber[number], head, count=1)
            put(renumber[number], _REF.sub(fix, head) + rest)
        total = shift + max(b.spans) + 1
    put(a.pages, b"%d 0 obj\n<<\n/Type /Pages\n/Kids\n[\n%s]\n/Count %d\n>>\nendobj\n"
        % (a.pages, b"".join(b"%d 0 R\n" % k for k in kids), len(kids)))  # fmt: skip
    xref = [b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (a.pages, where[a.pages])]
    if total > shift:
        xref.append(b"%d %d\n" % (shift, total - shift))
        xref += [
            b"%010d 00000 n \n" % where[n] if n in where else b"0000000000 65535 f \n"
            for n in range(shift, total)
        ]
    trailer = re.sub(rb"/Size \d+", b"/Size %d\n/Prev %d" % (total, a.xref), a.trailer, count=1)
    with first.open("r+b") as out:
        out.seek(len(a.data))
        try:
            out.writelines([*chunks, *xref, trailer, b"startxref\n%d\n%%%%EOF\n" % size])
        except BaseException:
            out.truncate(len(a.data))
            raise
    return len(kids)


__all__ = ["PdfJoinError", "Segment", "join_pdfs"]
