"""The export's errors: each message says why and what to do; the exit code follows the CLI's rule."""

from __future__ import annotations

from ows_desktop.basics.errors import AppError


class ExportError(AppError):
    """The export failed and left nothing behind; the message says why and what to do."""

    exit_code = 1


class ExportTargetError(ExportError):
    """The target folder cannot be used (not empty, a file, read-only, full, a name too long, nothing
    selected): exit 2, the person chooses another folder."""

    exit_code = 2


class ExportCancelled(ExportError):
    exit_code = 130


__all__ = ["ExportCancelled", "ExportError", "ExportTargetError"]
