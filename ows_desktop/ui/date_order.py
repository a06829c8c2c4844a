"""A range's two date fields kept in order: the Receipts custom range, the Exceptions tab's days and the sync
bar's custom range.

The Receipts fields kept "2026-12-09 – 2026-12-07" while the line above the list said 12-07 → 12-10 (the
filter swapped them silently), the Exceptions tab counted a reversed range with no word, and the sync bar
refused it. Now no field shows a reversed range anywhere: moving one end past the other moves the other end
to it, at once and in sight (the field being typed in is never changed under the keys), so the fields, the
span line and what is counted or synced always agree."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDateTimeEdit


def keep_in_order(first: QDateTimeEdit, last: QDateTimeEdit) -> None:
    """``last`` never before ``first``. Connect it before anything else reads the fields' changes: it acts on
    the same signal (a QDateEdit's ``dateChanged``), so they never see the pair reversed."""

    def first_moved() -> None:
        if last.dateTime() < first.dateTime():
            last.setDateTime(first.dateTime())

    def last_moved() -> None:
        if first.dateTime() > last.dateTime():
            first.setDateTime(last.dateTime())

    dates_only = isinstance(first, QDateEdit) and isinstance(last, QDateEdit)
    (first.dateChanged if dates_only else first.dateTimeChanged).connect(first_moved)
    (last.dateChanged if dates_only else last.dateTimeChanged).connect(last_moved)


__all__ = ["keep_in_order"]
