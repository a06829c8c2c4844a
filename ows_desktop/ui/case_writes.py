"""How the Cases tab's changes are written (ui/case_actions.py asks the person, this writes): off the GUI
thread through :class:`~ows_desktop.tasks.store_ops.StoreOps`. A change that lands: the tab reads the case
again and the status bar says what changed. One the store refuses (the case was closed at another
workstation meanwhile): the banner says why, or the question is asked again, filled, under the refusal. One
that cannot reach the team store's server: the window's banner names what was not saved (ui/store_away.py),
and what was typed for it is asked again, filled, under a line saying it was not saved (perhaps saved: once the
person asks for it, from the banner).

Signals:
    statusMessage(str, int): a transient status-bar text and its timeout in ms.
    storeError(str): a write failed; the text says what could not be saved.
    caseChanged(str): a write to this case landed (the case number).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.tasks.store_ops import NotSaved, StoreOps, offer
from ows_desktop.ui.cases_page import CasesPage
from ows_desktop.ui.store_away import away_reason


class CaseWrites(QObject):
    statusMessage = Signal(str, int)
    storeError = Signal(str)
    caseChanged = Signal(str)

    def __init__(self, ops: StoreOps, page: CasesPage, parent: QObject) -> None:
        super().__init__(parent)
        self._ops = ops
        self._page = page

    def not_changed(self, number: str) -> Callable[[str], None]:
        """A refused change of case ``number``, said in one line in the status bar (the tab reads it again)."""

        def say(why: str) -> None:
            text = QCoreApplication.translate("CaseActions", "Case {number} was not changed: {why}").format(
                number=number, why=why
            )  # (the words CaseActions said before, as they are translated)
            self.statusMessage.emit(" ".join(text.split()), 15000)

        return say

    def write(
        self,
        write: Callable[[], Any],
        done: Callable[[Any], str],
        number: str | None = None,
        refused: Callable[[str], None] | None = None,
        what: str = "",
        again: Callable[[NotSaved], None] | None = None,
        about: str = "",
    ) -> None:
        """``refused(why)``: instead of the banner, when the store refuses (the question asked again, filled);
        the Cases tab re-reads the case then, as the refusal may say it changed (closed elsewhere). The team
        store's server could not be reached: the window's banner names ``what`` was not saved, and ``again``
        (else ``refused``, saying why) offers what was typed again; the Status picker shows the stored status.
        ``about``: which change it is, for the banner (``StoreOps.run``; "": ``what``)."""

        def landed(result: Any) -> None:
            changed = number or result.number
            self._page.refresh(select=changed)
            self.statusMessage.emit(done(result), 5000)
            self.caseChanged.emit(changed)

        def failed(message: str) -> None:
            if refused is None:
                text = QCoreApplication.translate("CaseActions", "The case could not be saved: {message}")
                text = text.format(message=core_text(message))
                self.storeError.emit(text)
            else:
                self._page.refresh()  # the case as it is now (closed meanwhile): list, header and controls
                refused(core_text(message))

        def offered(missed: NotSaved) -> None:
            if again is not None:
                again(missed)
            elif refused is not None:
                refused(away_reason(missed))

        def unreached(missed: NotSaved) -> None:
            self._page.show_status()  # not read again: the server is away (the listener reads it once back)
            offer(offered)(missed)  # perhaps saved: offered once the person has checked (from the banner)

        self._ops.run(
            write, owner=self, succeeded=landed, failed=failed, what=what, about=about, unreached=unreached
        )
