"""Evidence export (no Qt except the PDF writer, export/pdf.py, imported only for PDF exports): flagged
tickets or a search to CSV, JSON or a PDF case report, in a folder with a SHA-256 manifest and a chain of
custody record."""

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
