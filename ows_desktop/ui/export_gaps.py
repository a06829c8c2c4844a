"""What a finished export lacks, for the window's message (ui/export_controller.py): each snapshot left out
because it is not what the audit trail says was taken (export/custody.py: which, why, and what to do), the
snapshots exported with no hash recorded (named: marked, they cannot be verified nor shown to be the pictures taken), and
the missing clips and pictures, each reason once with how many it cost."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from ows_desktop.itemmodels.core_labels import core_text
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
        """What an export could not hold, each reason once with how many clips or pictures it cost, in the
        window's language (a reason the core wrote is translated: ``core_text``; a recorder's or the system's
        words stay as they came). First each snapshot left out (custody.py: which, why, and what to do), then
        those exported with no hash. Past :data:`GAP_REASONS` of a kind, a line says how many more there are
        and where export.json lists them: none is left out unsaid."""
        entries = list(result.refused_snapshots)
        refused = [self.tr("Ticket {ticket}: {reason}").format(ticket=entry["ticket_id"], reason=core_text(entry["error"]))
                   for entry in entries[:GAP_REASONS]]  # fmt: skip
        if len(entries) > GAP_REASONS:
            refused.append(self.tr("And %Ln more snapshot(s) left out: export.json in that folder lists each under snapshot_failures, with its reason.", "", len(entries) - GAP_REASONS))  # fmt: skip
        unhashed = list(result.unhashed_snapshots)
        if unhashed:
            named = ", ".join(self.tr("{file} (ticket {ticket})").format(file=entry["file"], ticket=entry["ticket_id"])
                              for entry in unhashed[:GAP_REASONS])  # fmt: skip
            if len(unhashed) > GAP_REASONS:
                named = self.tr("{files}, and %Ln more (export.json in that folder lists each under snapshots)", "", len(unhashed) - GAP_REASONS).format(files=named)  # fmt: skip
            refused.append(self.tr("%Ln snapshot(s) exported with no hash recorded (no SHA-256 and no audit-trail entry, as for one taken before OWS Desktop recorded them; that cannot be verified), marked so: they cannot be shown to be the pictures taken: {files}", "", len(unhashed)).format(files=named))  # fmt: skip
        counted: dict[tuple[str, str], list[Any]] = {}  # (kind, the English reason): its entries
        for kind, missing in (("clip", result.missing_clips), ("snapshot", result.missing_snapshots)):
            for entry in missing:
                counted.setdefault((kind, str(entry.get("error") or "")), []).append(entry)
        ranked = sorted(counted.items(), key=lambda item: (-len(item[1]), item[0]))
        lines = [
            (
                self.tr("%Ln video clip(s) missing: {reason}", "", len(same))
                if kind == "clip"
                else self.tr("%Ln camera snapshot(s) missing: {reason}", "", len(same))
            ).format(reason=core_text(same[0].get("error")) if reason else self.tr("no reason given"))
            for (kind, reason), same in ranked[:GAP_REASONS]
        ]
        if len(ranked) > GAP_REASONS:
            lines.append(self.tr("And %Ln more reason(s): export.json in that folder lists each missing clip (under clips) and snapshot (under snapshot_failures) with its reason.", "", len(ranked) - GAP_REASONS))  # fmt: skip
        return refused + lines


__all__ = ["GAP_REASONS", "ExportGaps", "has_gaps"]
