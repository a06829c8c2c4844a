"""The export's errors: each message says why and what to do; the exit code follows the CLI's rule."""

from __future__ import annotations

from ows_desktop.ows.errors import OwsError


class ExportError(OwsError):
    """The export failed and left nothing behind; the message says why and what to do."""

    exit_code = 1


class ExportTargetError(ExportError):
    """The target folder cannot be used (not empty, a file, nothing selected): exit 2."""

    exit_code = 2


class ExportCancelled(ExportError):
    exit_code = 130


__all__ = ["ExportCancelled", "ExportError", "ExportTargetError"]
