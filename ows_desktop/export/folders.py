"""Where this workstation's exports went: the whole path of each export's folder by its export id, in a file
of the data folder (:attr:`~ows_desktop.basics.paths.AppPaths.export_folders`, 0600, one JSON line an
export, appended).

The audit trail names an export's folder by its name only (:mod:`.audit`): on a team store every
investigator reads a case's history, and any role that may read an entry reads it whole with a plain SQL
query, so ``/home/alice/Evidence/case-12`` would tell every colleague Alice's OS account and her folders; and
a single seat's trail travels into the team store with ``store copy``. The entry's host says which
workstation holds the folder, the name which folder it is. The author's own window and ``case show`` show the
whole path from this list (:func:`with_whole_path`), on the workstation that wrote it.

The list is a convenience, never evidence: it is not signed or chained, a line that cannot be read is
skipped, and a list that cannot be written costs the whole path on screen, never the export."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class ExportFolders:
    """The list of one data folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def remember(self, export_id: str, folder: Path) -> None:
        """Add an export's whole path (a failure is logged: the export stands)."""
        line = json.dumps({"export": export_id, "folder": os.fspath(folder)}, ensure_ascii=False) + "\n"
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, line.encode("utf-8"))  # one write of a short line: appends stay whole
            finally:
                os.close(fd)
        except OSError as exc:
            log.warning("Could not note where export %s went in %s: %s", export_id, self.path, exc)

    def known(self) -> dict[str, str]:
        """Export id → whole path of its folder ({} when no export was noted here)."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            log.warning("Could not read where this workstation's exports went (%s): %s", self.path, exc)
            return {}
        found: dict[str, str] = {}
        for line in text.splitlines():
            try:
                record = json.loads(line)
                found[str(record["export"])] = str(record["folder"])
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a full disk, or not ours
        return found


def with_whole_path(changes: Mapping[str, Any], known: Mapping[str, str]) -> dict[str, Any]:
    """An export's audit entry (``case_export``: its ``export``; ``export``: its ``case_id``) with its folder's
    whole path when this workstation wrote it; any other entry, or an export made elsewhere, as it is."""
    shown = dict(changes)
    export_id = shown.get("export") or shown.get("case_id")
    if "folder" in shown and isinstance(export_id, str) and export_id in known:
        shown["folder"] = known[export_id]
    return shown


__all__ = ["ExportFolders", "with_whole_path"]
