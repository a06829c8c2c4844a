"""The Cases tab's list of cases (a few hundred rows at most: a plain list model; the store filters)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.locale_format import count_text, money_text
from ows_desktop.itemmodels.record_table import RecordTable
from ows_desktop.itemmodels.ticket_columns import acted_time_text
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store.case_unseen import loss_is_partial
from ows_desktop.store.cases import NO_LOSS, Case


def subject_text(case: Case) -> str:
    """``operator Ana · store S1 register R1`` in the window's language (Case.subject is the CLI's English);
    ``no subject`` in words (the header read "Subject: —"; the list's cell keeps its "—")."""
    parts = []
    if case.operator:
        parts.append(QCoreApplication.translate("cases", "operator {name}").format(name=case.operator))
    if case.location:
        parts.append(QCoreApplication.translate("cases", "store {name}").format(name=case.location))
    if case.terminal:
        parts.append(QCoreApplication.translate("cases", "register {name}").format(name=case.terminal))
    return " · ".join(parts) if parts else QCoreApplication.translate("cases", "no subject")


COL_NUMBER, COL_TITLE, COL_SUBJECT, COL_STATUS, COL_ASSIGNEE, COL_TICKETS, COL_LOSS, COL_UPDATED = range(8)
HEADERS = (
    QT_TRANSLATE_NOOP("CaseListModel", "Case"),
    QT_TRANSLATE_NOOP("CaseListModel", "Title"),
    QT_TRANSLATE_NOOP("CaseListModel", "Subject"),
    QT_TRANSLATE_NOOP("CaseListModel", "Status"),
    QT_TRANSLATE_NOOP("CaseListModel", "Assignee"),
    QT_TRANSLATE_NOOP("CaseListModel", "Tickets"),
    QT_TRANSLATE_NOOP("CaseListModel", "Loss"),
    QT_TRANSLATE_NOOP("CaseListModel", "Updated"),
)
# The largest loss the list shows whole at any width (ui/case_columns.py: the Loss column's least width): a
# larger one is cut in the middle where the list has no room for it ("123,45…012.00 *"), its tooltip saying
# it whole first.
LOSS_SHOWN_WHOLE = 999_999.99
CaseNumberRole = Qt.ItemDataRole.UserRole
CaseRole = Qt.ItemDataRole.UserRole + 1
_RIGHT = {COL_TICKETS, COL_LOSS}


class CaseListModel(RecordTable[Case]):
    headers = HEADERS
    header_context = "CaseListModel"

    def __init__(self, tz: tzinfo | None = None, parent: Any = None):
        super().__init__(parent)
        self._tz = tz

    @property
    def tz(self) -> tzinfo | None:
        """The workstation's zone the times are shown in (None: the system's)."""
        return self._tz

    def set_cases(self, cases: Sequence[Case]) -> None:
        self.set_records(cases)

    def case(self, row: int) -> Case | None:
        return self.record(row)

    def row_of(self, number: str) -> int:
        return next((i for i, case in enumerate(self._records) if case.number == number), -1)

    def cell(self, case: Case, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_LOSS:  # what the figure is; a figure the list cuts, whole first
                figure = loss_figure(case)  # "—" when none of its tickets is visible: no figure
                long = case.loss_amount > LOSS_SHOWN_WHOLE and figure != "—"
                return f"{figure}\n{loss_words(case)}" if long else loss_words(case)
            if column == COL_TICKETS and (case.unseen_count or case.retained_count):
                return tickets_words(case)
            if column in (COL_TITLE, COL_SUBJECT):
                return self._display(case, column)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CaseNumberRole:
            return case.number
        if role == CaseRole:
            return case
        return None

    def _display(self, case: Case, column: int) -> str | None:
        if column == COL_NUMBER:
            return case.number
        if column == COL_TITLE:
            return case.title
        if column == COL_SUBJECT:  # an empty cell says "—", as the Assignee's does
            return subject_text(case) if case.operator or case.location or case.terminal else "—"
        if column == COL_STATUS:
            return core_label(case.status_label)
        if column == COL_ASSIGNEE:
            return case.assignee or "—"
        if column == COL_TICKETS:
            if case.unseen_count:  # "1 of 2": the others are in stores the reader may not see
                return QCoreApplication.translate("CaseListModel", "{visible} of {held}").format(
                    visible=count_text(case.ticket_count),
                    held=count_text(case.ticket_count + case.unseen_count),
                )
            return count_text(case.ticket_count)
        if column == COL_LOSS:
            return loss_figure(case)
        if column == COL_UPDATED:
            return acted_time_text(from_epoch_us(case.updated_us), self._tz, compact=True)
        return None


def tickets_words(case: Case) -> str:
    """``2``, or ``1 of 2 visible to you`` when the reader may not see them all (a team store's other
    stores: counted, never named), followed by ``, 1 removed by retention`` when the team store's retention
    removed some (in no store now, whoever reads: store.case_unseen): the case header's "Tickets:", the
    Tickets column's tooltip."""
    words = count_text(case.ticket_count)
    if case.unseen_count:
        words = QCoreApplication.translate("CaseListModel", "{visible} of {held} visible to you").format(
            visible=count_text(case.ticket_count), held=count_text(case.ticket_count + case.unseen_count)
        )
    if not case.retained_count:
        return words
    return QCoreApplication.translate("CaseListModel", "{tickets}, {retained}").format(
        tickets=words, retained=counted().retained(case.retained_count)
    )


def loss_figure(case: Case, *, starred: bool = True) -> str:
    """The loss column's figure: ``12.50``, ``12.50 *`` when set by hand, ``≥ 12.50`` when added up from the
    visible tickets only (the others' amounts would add to it: those in stores the reader may not see, or
    that retention removed), ``—`` when none of them is visible. Not
    ``starred``: no ``*`` (the case's header says "Set by hand" beside it)."""
    if loss_is_partial(case):
        return "—" if not case.ticket_count else f"≥ {money_text(case.loss_amount)}"
    return money_text(case.loss_amount) + (" *" if starred and case.loss_override is not None else "")


def loss_words(case: Case) -> str:
    """What a case's loss figure is, in the window's language (the list's tooltip, the case's header): set by
    hand, concluded with no loss, or the ticket amounts nobody has replaced yet (of the visible ones only, when
    the reader may not see them all, or of those still in the store when retention removed some)."""
    if loss_is_partial(case):
        return _partial_loss_words(case)
    if case.loss_override is not None:
        return QCoreApplication.translate(
            "CaseListModel", "Set by hand: {loss_reason}\nThe ticket amounts add up to {tickets_total}"
        ).format(loss_reason=case.loss_reason, tickets_total=money_text(case.tickets_total))
    if case.outcome == NO_LOSS:
        return QCoreApplication.translate("CaseListModel", "Concluded with no loss")
    return QCoreApplication.translate(
        "CaseListModel",
        "Not set by an investigator: the case's ticket amounts added up, each counted as positive "
        "(a sale by its total, a refund by its size)",
    )


def _partial_loss_words(case: Case) -> str:
    """What a loss added up from part of a case's tickets leaves out: those in stores the reader may not see
    and those the team store's retention removed (store.case_unseen.loss_summary, in the window's words)."""
    left_out = [counted().tickets_unseen(case.unseen_count)] if case.unseen_count else []
    left_out += [counted().tickets_retained(case.retained_count)] if case.retained_count else []
    words = (
        left_out[0]
        if len(left_out) == 1
        else QCoreApplication.translate("CaseListModel", "{unseen} and {retained}").format(
            unseen=left_out[0], retained=left_out[1]
        )
    )
    if not case.unseen_count:  # only retention left them out: of the tickets still in the store
        if not case.ticket_count:
            return QCoreApplication.translate("CaseListModel", "Not shown: retention removed its tickets")
        return QCoreApplication.translate(
            "CaseListModel",
            "Added up from the tickets still in the store only, each counted as positive; not counted: "
            "{retained}",
        ).format(retained=words)
    if not case.ticket_count:
        return QCoreApplication.translate(
            "CaseListModel", "Not shown: none of its tickets is visible to you ({unseen})"
        ).format(unseen=words)
    return QCoreApplication.translate(
        "CaseListModel",
        "Added up from the tickets visible to you only, each counted as positive; not counted: {unseen}",
    ).format(unseen=words)
