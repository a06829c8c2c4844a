"""Flagging from the GUI: the flag dialog (one ticket or a multi-selection), the Flagged view's filter bar,
and the small glue that applies a dialog's answer to the store.

The widgets never write to the store themselves: the dialog's answer is a :class:`FlagRequest`
(:attr:`FlagDialog.requested`), and :func:`apply_request` turns it into ``store.review`` calls (each one a
durable transaction, audit trail included). F toggling a flag is ``store.review.toggle_flag`` (see :mod:`ows_desktop.store.interface`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from html import escape
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.itemmodels.core_labels import core_label, core_text
from ows_desktop.itemmodels.locale_format import count_text
from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.itemmodels.ticket_columns import acted_time_text
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store import review
from ows_desktop.store.interface import ReviewStore
from ows_desktop.store.review import REASONS, STATE_LABELS, STATES, TicketReview
from ows_desktop.ui.dialog_title import fit_title

log = logging.getLogger(__name__)
ANY_REASON = QT_TRANSLATE_NOOP("flag_dialog", "Any reason")


@dataclass(frozen=True)
class FlagRequest:
    """What the investigator asked for: ``action`` "flag" (create/update, with the reason, state and an
    optional note) or "unflag" (with an optional note). ``keep_reason`` / ``state`` None (bulk flagging):
    leave each flagged ticket's reason / state as it is (new flags get no reason / "to review")."""

    action: str
    reason: str | None
    state: str | None
    note: str | None
    keep_reason: bool = False


def apply_request(
    store: ReviewStore, keys: Sequence[str], request: FlagRequest, *, who: str | None = None
) -> None:
    """Apply a dialog's answer to ``keys`` in one durable transaction (raises like store.review does)."""
    if request.action == "unflag":
        store.review.unflag_tickets(keys, note=request.note, who=who)
    else:
        store.review.flag_tickets(
            keys,
            reason=review.KEEP if request.keep_reason else request.reason,
            state=review.KEEP if request.state is None else request.state,
            note=request.note,
            who=who,
        )


class FlagDialog(QDialog):
    """Flag one ticket or many. For one ticket the current flag is pre-filled and its notes and audit trail
    are shown; "Remove flag" appears when it is flagged. ``typed``: an answer that was not saved (``refused``:
    why, said above the fields), offered again."""

    requested = Signal(object)  # FlagRequest, emitted on accept

    def __init__(
        self,
        ticket_labels: Sequence[str],
        *,
        ticket_ids: Sequence[str] = (),
        current: TicketReview | None = None,
        reasons: Sequence[str] = REASONS,
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
        typed: FlagRequest | None = None,
        refused: str = "",
    ) -> None:
        super().__init__(parent)
        self._count = len(ticket_labels)
        self._result: FlagRequest | None = None
        flag = current.flag if current is not None else None
        if self._count == 1:
            self.setWindowTitle(self.tr("Flag {value}").format(value=ticket_labels[0]))
        else:
            self.setWindowTitle(self.tr("Flag {count} tickets").format(count=self._count))

        self.reason_combo = QComboBox(self)
        self.reason_combo.setEditable(True)
        self.reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._stored_reason = flag.reason if flag and flag.reason else ""  # chosen again even if long (_flag)
        for reason in dict.fromkeys(
            [*REASONS, *reasons, *([self._stored_reason] if self._stored_reason else [])]
        ):
            self.reason_combo.addItem(reason_text(reason), reason)  # shown in words; the stored value kept
        self.reason_combo.lineEdit().setPlaceholderText(
            self.tr("Choose a category or type your own reason")
            + (self.tr(" (empty: keep each ticket's reason)") if self._count > 1 else "")
        )
        # the whole placeholder shows (it was cut at 1366×768): its text plus the frame and the arrow
        placeholder = self.reason_combo.lineEdit().placeholderText()
        self.reason_combo.setMinimumWidth(self.reason_combo.fontMetrics().horizontalAdvance(placeholder) + 48)
        self.reason_combo.setCurrentIndex(-1)
        self.reason_combo.setEditText(reason_text(self._stored_reason))
        self.reason_combo.setAccessibleName(self.tr("Reason"))

        self.state_combo = QComboBox(self)
        if self._count > 1:
            self.state_combo.addItem(self.tr("Keep each ticket's state (new flags: To review)"), None)
        for state in STATES:
            self.state_combo.addItem(core_label(STATE_LABELS[state]), state)
        if flag is not None and flag.state in STATES:
            self.state_combo.setCurrentIndex(self.state_combo.findData(flag.state))
        else:
            self.state_combo.setCurrentIndex(0)
        self.state_combo.setAccessibleName(self.tr("Review state"))

        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText(
            self.tr(
                "Add a note (optional). Notes are kept with your user name and time and are never edited."
            )
        )
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setAccessibleName(self.tr("New note"))

        form = QFormLayout()
        form.addRow(self.tr("&Reason"), self.reason_combo)
        form.addRow(self.tr("&State"), self.state_combo)
        form.addRow(self.tr("&Note"), self.note_edit)

        layout = QVBoxLayout(self)
        self.refusal = QLabel(refused, self, objectName="flagRefusal", wordWrap=True, visible=bool(refused))
        self.refusal.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.refusal)
        ids = ", ".join(ticket_ids[:5])
        if self._count == 1:
            # the receipt's name for the ticket; the internal id only for the command line, in a tooltip
            self.ticket_label = QLabel(ticket_labels[0], self)
            self.ticket_label.setTextFormat(Qt.TextFormat.PlainText)
            self.ticket_label.setToolTip(  # the ids come from the server: shown literally
                QtGui.Qt.convertFromPlainText(
                    self.tr("Internal id (for the command line): {ids}").format(ids=ids)
                )
                if ids
                else ""
            )
            layout.addWidget(self.ticket_label)
        if self._count > 1:
            shown = ", ".join(ticket_labels[:5]) + (" …" if self._count > 5 else "")
            info = QLabel(
                self.tr("The same reason, state and note go to all {count} tickets: {escape}").format(
                    count=self._count, escape=escape(shown)
                ),
                self,
            )
            info.setWordWrap(True)
            info.setToolTip(
                QtGui.Qt.convertFromPlainText(
                    self.tr("Internal ids (for the command line): {ids}").format(ids=ids)
                )
                if ids
                else ""
            )
            layout.addWidget(info)
        layout.addLayout(form)
        self.history = QTextBrowser(self)
        self.history.setAccessibleName(self.tr("Notes and audit trail"))
        self.history.setMinimumHeight(120)
        if current is not None and current.audit:
            self.history.setHtml(history_html(current, tz))
            layout.addWidget(
                QLabel(self.tr("History (notes and every change, oldest first)"), self, buddy=self.history)
            )
            layout.addWidget(self.history)
        else:
            self.history.hide()

        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Save") if flag else self.tr("Flag"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unflag_button: QPushButton | None = None
        if flag is not None or self._count > 1:
            self.unflag_button = self.buttons.addButton(
                self.tr("Remove flag"), QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.unflag_button.clicked.connect(self._unflag)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._flag)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        fit_title(self, 520, 420 if current is not None and current.audit else 300)
        if typed is not None:
            self._fill(typed)

    def _fill(self, typed: FlagRequest) -> None:
        """What the person entered before (not saved), in the fields again."""
        if typed.action == "flag":
            reason = typed.reason or ""  # as typed (a category: as the list shows it, taken back as stored)
            self.reason_combo.setEditText(reason_text(reason) if reason in REASONS else reason)
            self.state_combo.setCurrentIndex(max(0, self.state_combo.findData(typed.state)))
        self.note_edit.setPlainText(typed.note or "")

    def request(self) -> FlagRequest | None:
        """The answer after ``exec()`` returned Accepted (None when cancelled)."""
        return self._result

    def _note(self) -> str | None:
        text = self.note_edit.toPlainText()
        return text if text.strip() else None

    def reason(self) -> str:
        """The reason as it is stored: a category or a reason in use chosen (or typed as the list shows it) is
        its stored value, whatever the window's language and marks show; else the text typed."""
        typed = self.reason_combo.currentText().strip()
        combo = self.reason_combo
        at = combo.findText(typed, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive)
        return str(combo.itemData(at)) if at >= 0 and typed else typed

    @Slot()
    def _flag(self) -> None:
        typed = self.reason()
        known = {
            self._stored_reason,
            *(self.reason_combo.itemData(i) for i in range(self.reason_combo.count())),
        }
        # a reason typed longer than a label (one stored before the limit, or in the list, stays usable)
        if typed not in known and review.reason_too_long(typed) is not None:
            QMessageBox.information(
                self,
                self.tr("Reason too long"),
                self.tr(
                    "A flag reason is a short label of at most {limit} characters (this one has {length}); put "
                    "the details in the note."
                ).format(limit=review.MAX_REASON_CHARS, length=count_text(len(typed))),
            )
            return  # the dialog stays open with what was typed
        reason = review.normalise_reason(typed)
        state = self.state_combo.currentData()
        keep = reason is None and self._count > 1
        self._finish(FlagRequest("flag", reason, None if state is None else str(state), self._note(), keep))

    @Slot()
    def _unflag(self) -> None:
        """Remove flag: for several tickets once the person says so (a flag's reason, state and notes leave
        the list and the exports; one F on one receipt asks the same when its flag was worked on)."""
        if self._count > 1:
            answer = QMessageBox.question(
                self,
                self.tr("Remove the flags?"),
                self.tr(
                    "Remove the flags from %Ln ticket(s)? Their reasons, review states and notes no longer show in "
                    "the list and the exports; the audit trail keeps them.",
                    "",
                    self._count,
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return  # the dialog stays, with what was typed
        self._finish(FlagRequest("unflag", None, None, self._note()))

    def reject(self) -> None:
        """Cancel (Escape, the title bar's close): a note typed here is asked about before it is thrown away."""
        if self._note() is not None:
            answer = QMessageBox.question(
                self,
                self.tr("Discard the note?"),
                self.tr("Discard the note you typed? Nothing of this dialog is saved."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        super().reject()

    def _finish(self, request: FlagRequest) -> None:
        self._result = request
        self.requested.emit(request)
        self.accept()


def history_html(current: TicketReview, tz: tzinfo | None = None) -> str:
    rows = []
    for entry in current.audit:
        when = acted_time_text(from_epoch_us(entry.at_us), tz)
        text = escape(shown_text(core_text(entry.describe()))).replace("\n", "<br>")  # marked, as the receipt
        who = escape(shown_text(core_text(entry.made_by)))
        rows.append(f"<p><span style='color:gray;'>{escape(when)} · {who}</span><br>{text}</p>")
    return "".join(rows)


def reason_text(reason: str) -> str:
    """A flag reason as the window shows it: a built-in category in the window's language, one typed as
    plain text with its marks (``[emoji: WRAPPED PRESENT]``), as the receipt shows it. Never stored."""
    return core_label(reason) if reason in REASONS else shown_text(reason)


class _ReasonPicker(QComboBox):
    """Reads the reasons in use again just before it lists them (a reason typed in a flag since is there)."""

    def __init__(self, reload: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._reload = reload

    def showPopup(self) -> None:
        self._reload()
        super().showPopup()


class FlaggedFilterBar(QWidget):
    """The Flagged view's filters: a reason picker and review-state toggles. Emits
    :attr:`filterChanged` with TicketQuery keyword arguments (``flagged=True``, ``flag_reasons``,
    ``review_states``). ``reasons_of`` (the reasons in use, ``reader.review.reasons_in_use``) is read when the
    bar shows and when its list opens; each reason filters by exactly its stored value."""

    filterChanged = Signal(object)

    def __init__(
        self,
        reasons: Sequence[str] = REASONS,
        parent: QWidget | None = None,
        reasons_of: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._reasons_of = reasons_of
        self.reason_combo = _ReasonPicker(self.reload_reasons, self)
        self.reason_combo.setAccessibleName(self.tr("Flag reason filter"))
        self.set_reasons(reasons)
        self.state_buttons: dict[str, QToolButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Reason"), self, buddy=self.reason_combo))
        layout.addWidget(self.reason_combo)
        layout.addSpacing(8)
        for state in STATES:
            button = QToolButton(self)
            button.setText(core_label(STATE_LABELS[state]))
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setToolTip(
                self.tr("Show flagged tickets in state “{value}” (none checked: every state)").format(
                    value=core_label(STATE_LABELS[state])
                )
            )
            self._group.addButton(button)
            self.state_buttons[state] = button
            layout.addWidget(button)
            button.toggled.connect(self._emit)
        layout.addStretch(1)
        self.reason_combo.currentIndexChanged.connect(self._emit)

    def set_reasons(self, reasons: Sequence[str]) -> None:
        current = self.reason_combo.currentData()
        self.reason_combo.blockSignals(True)
        self.reason_combo.clear()
        self.reason_combo.addItem(QCoreApplication.translate("flag_dialog", ANY_REASON), None)
        for reason in dict.fromkeys([*REASONS, *reasons, *([current] if current else [])]):
            self.reason_combo.addItem(reason_text(reason), reason)
        self.reason_combo.setCurrentIndex(max(0, self.reason_combo.findData(current)) if current else 0)
        self.reason_combo.blockSignals(False)

    @Slot()
    def reload_reasons(self) -> None:
        """The reasons in use now (a failed read keeps the list as it is; the list view says why elsewhere)."""
        if self._reasons_of is None:
            return
        try:
            reasons = self._reasons_of()
        except Exception as exc:
            log.warning("Reading the flag reasons in use failed: %s", exc)
            return
        self.set_reasons(reasons)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.reload_reasons()

    def query_filter(self) -> dict[str, Any]:
        reason = self.reason_combo.currentData()
        return {
            "flagged": True,
            "flag_reasons": (reason,) if reason else (),
            "review_states": tuple(s for s, b in self.state_buttons.items() if b.isChecked()),
        }

    @Slot()
    def _emit(self) -> None:
        self.filterChanged.emit(self.query_filter())
