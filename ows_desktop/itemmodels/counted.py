"""Counted phrases in Qt's plural forms ("1 receipt", "3 receipts"; French "1 ticket", "0 ticket") for
module functions of the Qt side.

A QObject class writes ``self.tr("%Ln receipt(s)", "", n)`` itself. Outside a class, pyside6-lupdate extracts
``QCoreApplication.translate(context, source, "", n)`` as a message WITHOUT plural forms (checked with
lupdate 6.11), so module functions ask :class:`Counted` instead. ``%Ln`` writes the count the locale's way
(``12 345``); the English forms come from ``ows_desktop_en.ts`` (plural forms only)."""

from __future__ import annotations

from PySide6.QtCore import QObject


class Counted(QObject):
    """One method per counted phrase (the context of these messages is "Counted")."""

    def receipts(self, n: int) -> str:
        return self.tr("%Ln receipt(s)", "", n)

    def tickets(self, n: int) -> str:
        return self.tr("%Ln ticket(s)", "", n)

    def new_tickets(self, n: int) -> str:
        return self.tr("%Ln new", "", n)

    def pages(self, n: int) -> str:
        return self.tr("%Ln page(s)", "", n)

    def retries(self, n: int) -> str:
        return self.tr("%Ln retry(-ies)", "", n)

    def stores(self, n: int) -> str:
        return self.tr("%Ln store(s)", "", n)

    def lines(self, n: int) -> str:
        return self.tr("%Ln line(s)", "", n)

    def fields(self, n: int) -> str:
        return "{" + self.tr("%Ln field(s)", "", n) + "}"

    def items(self, n: int) -> str:
        return "[" + self.tr("%Ln item(s)", "", n) + "]"

    def tickets_added(self, n: int) -> str:
        return self.tr("added %Ln ticket(s)", "", n)

    def tickets_removed(self, n: int) -> str:
        return self.tr("removed %Ln ticket(s)", "", n)

    def tickets_unseen(self, n: int) -> str:
        return self.tr("%Ln ticket(s) in stores you may not see", "", n)

    def retained(self, n: int) -> str:
        """A case's tickets the team store's retention removed, after its count ("2, 1 removed by …")."""
        return self.tr("%Ln removed by retention", "", n)

    def tickets_retained(self, n: int) -> str:
        return self.tr("%Ln ticket(s) removed by retention", "", n)

    def tickets_since_retained(self, n: int) -> str:
        """In a case's history: tickets an entry names that retention removed since (not named)."""
        return self.tr("%Ln ticket(s) since removed by retention", "", n)

    def earlier(self, n: int) -> str:
        return self.tr("… %Ln earlier,", "", n)

    def audit_entries(self, n: int) -> str:
        return self.tr("%Ln audit entry(-ies)", "", n)

    def more(self, n: int) -> str:
        return self.tr("and %Ln more", "", n)


def counted() -> Counted:
    """A fresh :class:`Counted` (a parentless QObject, freed when dropped)."""
    return Counted()
