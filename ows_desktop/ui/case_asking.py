"""How the Cases tab's actions (ui/case_actions.py) ask the person: what a dialog shows read in a job first
(:class:`ReadThenAsk`), and a question answered with a line or a note of text (:func:`ask_text`).

The close, remove, export, new-case and add-to-case dialogs read the case, the open cases, the subjects the
tickets name or the tickets' names on the GUI thread before they opened: with a team store over a network
each click stalled the window. The reading now runs in a job through a read connection of its own; its
answer opens the dialog, unless another dialog was asked for meanwhile (ui/latest_read.py) or the person has
left what the dialog was about. An answer late enough to be noticed says so (``loading``) until it comes.

Signals (:class:`ReadThenAsk`):
    loading(bool): what a dialog shows is late to be read (True), or came, failed or was dropped (False).
    failed(str): it could not be read; the text says what to do (the dialog does not open).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QWidget

from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.dialog_title import fit_title
from ows_desktop.ui.latest_read import LatestRead


class ReadThenAsk(QObject):
    """Reads what a dialog shows in a job of ``jobs`` (through ``store.reader()``), then asks."""

    loading = Signal(bool)
    failed = Signal(str)

    def __init__(self, store: Any, jobs: JobRunner, parent: QObject) -> None:
        super().__init__(parent)
        self._store = store
        self._latest = LatestRead(jobs, "what a case dialog shows", self)  # a newer question drops it
        self._latest.slow.connect(self.loading)
        self._pending: Callable[[], None] | None = (
            None  # the question waiting: what to do if it opens nothing
        )

    def ask(
        self,
        read: Callable[[Any], Any],
        then: Callable[[Any], None],
        still: Callable[[], bool] | None = None,
        failed: Callable[[], None] | None = None,
    ) -> None:
        """``read(reader)`` in a job, through a read connection of its own; then, on the GUI thread,
        ``then(answer)`` (the dialog) — unless another dialog was asked for meanwhile, or ``still()`` says the
        person has left what it was about. ``failed()`` runs whenever no dialog opens: the read failed (then
        the failure is said, ``failed``), another question took its place, or the person left (the Status
        picker left on "Closed" for an open case when a newer question dropped the close's read)."""
        store = self._store
        self._unanswered()  # the question before it opens no dialog now
        self._pending = failed

        def reading() -> Any:
            with store.reader() as reader:
                return read(reader)

        def answered(answer: Any) -> None:
            self._pending = None
            if still is None or still():
                then(answer)
            elif failed is not None:
                failed()

        def refused(message: str) -> None:
            self._pending = None
            if failed is not None:
                failed()
            self.failed.emit(message)

        self._latest.ask(reading, answered, refused)

    def _unanswered(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()

    @property
    def waiting(self) -> bool:
        """What a dialog shows is being read (the dialog has not opened yet)."""
        return self._latest.waiting

    def drop(self) -> None:
        """No dialog opens for what was asked before (the window closes)."""
        self._latest.drop()


def ask_text(
    parent: QWidget,
    title: str,
    label: str,
    *,
    choices: Sequence[str] = (),
    multiline: bool = False,
    value: str = "",
) -> str | None:
    """What the person typed (or chose among ``choices``, still free to type another), None when cancelled.
    QInputDialog's static helpers size the dialog to its field: the window manager then cut its title
    ("Assign… esktop")."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    for shown in dialog.findChildren(QLabel):  # the question may echo what was typed
        shown.setTextFormat(Qt.TextFormat.PlainText)
    if multiline:  # Enter makes a new line there: Ctrl+Enter gives the note
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), dialog, activated=dialog.accept)
    if choices:
        dialog.setComboBoxItems(list(choices))
        dialog.setComboBoxEditable(True)
    if value:
        dialog.setTextValue(value)  # asked again: what the person typed, to correct
    fit_title(dialog, 360)
    return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None


__all__ = ["ReadThenAsk", "ask_text"]
