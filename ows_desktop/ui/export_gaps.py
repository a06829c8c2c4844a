"""What a finished export lacks, for the window's message (ui/export_controller.py): each snapshot left out
because it is not what the audit trail says was taken (export/custody.py: which, why, and what to do), the
snapshots exported with no hash recorded (named: marked, they cannot be verified nor shown to be the pictures taken), and
the missing clips and pictures, each reason once with how many it cost."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from ows_desktop.ui.errors import UserMessage

GAP_REASONS = 5  # an export's missing clips and pictures: the reasons the window names, most frequent first


def has_gaps(result: Any) -> bool:
    """The export lacks something, or holds snapshots it cannot show unchanged: said until dismissed."""
    return bool(
        result.missing_clips
        or result.missing_snapshots
        or result.refused_snapshots
        or result.unhashed_snapshots
    )


class ExportGaps(QObject):
    """The words (``self.tr``: lupdate reads them in a QObject class)."""

    def message(self, result: Any) -> UserMessage:
        if result.missing_clips or result.missing_snapshots or result.refused_snapshots:
            title = self.tr(
                "Exported %n ticket(s) to {folder}, but some of their video evidence is missing.",
                "",
                result.tickets,
            )
        else:
            title = self.tr(
                "Exported %n ticket(s) to {folder}, but some snapshots have no hash recorded.",
                "",
                result.tickets,
            )
        return UserMessage("warning", title.format(folder=result.folder), "\n".join(self.lines(result)))

    def lines(self, result: Any) -> list[str]:
        """What an export could not hold, each reason once with how many clips or pictures it cost (the
        reasons come from the recorders and the mapping: plain text), the rest named in export.json. First
        each snapshot left out (custody.py: which, why, and what to do), then those exported with no hash."""
        refused = [self.tr("Ticket {ticket}: {reason}").format(ticket=entry["ticket_id"], reason=entry["error"])
                   for entry in result.refused_snapshots[:GAP_REASONS]]  # fmt: skip
        unhashed = list(result.unhashed_snapshots)
        if unhashed:
            named = ", ".join(self.tr("{file} (ticket {ticket})").format(file=entry["file"], ticket=entry["ticket_id"])
                              for entry in unhashed[:GAP_REASONS])  # fmt: skip
            refused.append(self.tr("%Ln snapshot(s) exported with no hash recorded (no SHA-256 and no audit-trail entry, as for one taken before OWS Desktop recorded them; that cannot be verified), marked so: they cannot be shown to be the pictures taken: {files}", "", len(unhashed)).format(files=named))  # fmt: skip
        counted: dict[tuple[str, str], int] = {}
        for kind, entries in (("clip", result.missing_clips), ("snapshot", result.missing_snapshots)):
            for entry in entries:
                reason = str(entry.get("error") or "")
                counted[kind, reason] = counted.get((kind, reason), 0) + 1
        lines = [
            (
                self.tr("%Ln video clip(s) missing: {reason}", "", n)
                if kind == "clip"
                else self.tr("%Ln camera snapshot(s) missing: {reason}", "", n)
            ).format(reason=reason or self.tr("no reason given"))
            for (kind, reason), n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))[
                :GAP_REASONS
            ]
        ]
        if max(len(counted), len(result.refused_snapshots), len(unhashed)) > GAP_REASONS:
            lines.append(self.tr("Every reason is listed in export.json in that folder."))
        return refused + lines


__all__ = ["GAP_REASONS", "ExportGaps", "has_gaps"]
