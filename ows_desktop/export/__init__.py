"""Evidence export (no Qt except the PDF writer, export/pdf.py, imported only for PDF exports): flagged
tickets or a search to CSV, JSON or a PDF case report, in a folder with a SHA-256 manifest and a chain of
custody record.

The names below are imported when first used (PEP 562): the PDF's layout and drawing process imports its own
modules of this package, and importing the exporter with them (the store, the signing code) cost it ~0.25 s
of CPU at every start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ows_desktop.basics.lazy_names import lazy_attributes

if TYPE_CHECKING:
    from ows_desktop.export.bundle import (
        FORMATS,
        ExportCancelled,
        ExportError,
        ExportResult,
        ExportTargetError,
        FileRecord,
        Snapshot,
        SnapshotProvider,
        export_tickets,
    )
    from ows_desktop.export.collect import Selection

_MODULE_OF = {
    "FORMATS": "bundle",
    "ExportCancelled": "bundle",
    "ExportError": "bundle",
    "ExportResult": "bundle",
    "ExportTargetError": "bundle",
    "FileRecord": "bundle",
    "Snapshot": "bundle",
    "SnapshotProvider": "bundle",
    "export_tickets": "bundle",
    "Selection": "collect",
}

__all__ = [
    "FORMATS",
    "ExportCancelled",
    "ExportError",
    "ExportResult",
    "ExportTargetError",
    "FileRecord",
    "Selection",
    "Snapshot",
    "SnapshotProvider",
    "export_tickets",
]


__getattr__ = lazy_attributes(__name__, _MODULE_OF, globals())
