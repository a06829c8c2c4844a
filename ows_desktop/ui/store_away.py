"""What the window's banner says while the team store's server is away, and about what could not be saved
then: one amber banner, one story.

- The live listener lost the server (ui/live_link.py calls :meth:`StoreAway.lost`): "The connection to the
  team store dropped. Reconnecting…"; the rows shown stay and may be out of date. A read that fails meanwhile
  (the team store fails them at once: store/postgres/outage.py) leaves this banner up rather than a red
  "could not be read" over it (:meth:`StoreAway.read_failed`).
- A write that could not reach the server (tasks/store_ops.py: ``StoreOps.notSaved``; the rules' re-run:
  ``ExceptionRules.storeAway``) is named in the person's words: NOT saved (or, lost as it committed or after
  one of its steps committed, perhaps saved, in part or whole), and to be made again once the banner says the
  store is back. A dialog whose answer was not saved
  offers it again, filled, under :func:`not_saved_line`; perhaps saved, not at once (OK one click away would
  make it twice) but from the banner's "Open what was typed…", once the person has checked. Never "saved":
  only a write that landed says so.
- The server is back (:meth:`StoreAway.back`): the banner goes (with a "could not be read" one the outage
  caused), unless something was not saved. Then it says the store is back and names what to make again, and
  stays until the person closes it (✕) or makes each of those changes again (the same change landing:
  ``StoreOps.saved``); a re-run of the rules that lands takes the rules off it.

A real error (not an outage) stays the red banner of whoever reported it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Slot

from ows_desktop.tasks.store_ops import NotSaved
from ows_desktop.ui.errors import ACTION_TYPED_AGAIN, UserMessage

NOT_SAVED, IN_DOUBT, NOT_RUN = "not_saved", "in_doubt", "not_run"
RULES = "exception rules"  # the rules' re-run among what was not done (named by the banner in its own words)


class StoreAway(QObject):
    """The window's banner while the team store is away (see the module docstring); ``banner``: the
    window's MessageBanner."""

    def __init__(self, banner: Any, parent: QObject) -> None:
        super().__init__(parent)
        self._banner = banner
        self._away: str | None = None  # the listener's words while the server is away
        self._back = False  # the server came back with something not saved meanwhile
        # what was not done: about → (what, in the person's words; its kind), oldest first
        self._missed: dict[str, tuple[str, str]] = {}
        self._later: dict[str, NotSaved] = {}  # about → a change in doubt whose typed answer can be offered
        self._shown: UserMessage | None = None
        banner.dismissed.connect(self._on_dismissed)
        banner.actionTriggered.connect(self._on_action)

    # -- the listener's verdict --------------------------------------------------------------------------

    def lost(self, message: str) -> None:
        """The listener lost the server (``message``: its words); it reconnects by itself."""
        self._away, self._back = message, False
        self._show()

    def read_failed(self) -> None:
        """A read failed: while the server is away, this banner says why (not a red one over it)."""
        if self._away is not None and not self._on_screen():
            self._show()

    def back(self) -> None:
        """The listener reached the server again: the outage's banners go, what was not saved stays said."""
        was_away, self._away = self._away is not None, None
        shown = self._banner.message
        unreadable = QCoreApplication.translate("MainWindow", "The ticket cache could not be read.")
        if shown is not None and shown is not self._shown and shown.title == unreadable:
            self._banner.clear()
        if self._missed:
            self._back = self._back or was_away
            self._show()
        elif self._on_screen():
            self._banner.clear()

    # -- what could not be done --------------------------------------------------------------------------

    @Slot(object)
    def not_saved(self, missed: NotSaved) -> None:
        """A write could not reach the server: said until made again, or until the person closes it."""
        what = missed.what or self.tr("a change")
        about = missed.about or what
        before = self._missed.pop(about, None)  # the same change made before: perhaps saved then, still so
        doubt = missed.in_doubt or (before is not None and before[1] == IN_DOUBT)
        self._missed[about] = (what, IN_DOUBT if doubt else NOT_SAVED)
        self._later.pop(about, None)
        if missed.in_doubt and missed.later:
            self._later[about] = missed  # its dialog, offered again (tasks/store_ops.offer)
        self._show()

    @Slot(str)
    def saved(self, about: str) -> None:
        """A write landed: when the same change was among what was not saved, it is no longer said."""
        self._later.pop(about, None)
        if about and self._missed.pop(about, None) is not None:
            self._told_again()

    @Slot()
    def rules_not_run(self) -> None:
        """The rules' re-run could not reach the server (it did not run, or not to the end)."""
        self._missed.pop(RULES, None)
        self._missed[RULES] = (RULES, NOT_RUN)
        self._show()

    @Slot()
    def rules_ran(self) -> None:
        self.saved(RULES)

    def missed(self) -> list[str]:
        """What is said not to be saved (or run), oldest first, in the person's words."""
        return [what for what, _kind in self._missed.values()]

    # -- the banner --------------------------------------------------------------------------------------

    def _on_screen(self) -> bool:
        return self._shown is not None and self._banner.message is self._shown

    def _told_again(self) -> None:
        if not self._missed:
            self._back = False
        if not self._on_screen():
            return
        if self._missed or self._away is not None:
            self._show()
        else:
            self._banner.clear()

    @Slot(object)
    def _on_dismissed(self, message: object) -> None:
        if message is not None and message is self._shown:  # the person read it: not said again
            self._missed.clear()
            self._later.clear()
            self._back = False

    @Slot(str)
    def _on_action(self, action: str) -> None:
        """ "Open what was typed…": the dialogs of the changes perhaps saved, filled, under the line that says
        to check first (each once: its line stays until the change lands or the banner is closed)."""
        if action != ACTION_TYPED_AGAIN:
            return
        offers = [offer for missed in self._later.values() for offer in missed.later]
        self._later.clear()
        for offer in offers:
            offer()
        if self._on_screen():
            self._show()  # without the button now

    def _show(self) -> None:
        actions = (ACTION_TYPED_AGAIN,) if self._later else ()
        self._shown = UserMessage("warning", self._title(), "\n".join(self._details()), actions)
        self._banner.show_message(self._shown)

    def _title(self) -> str:
        kinds = {kind for _what, kind in self._missed.values()}
        if not kinds:
            return self.tr("The connection to the team store dropped. Reconnecting…")
        if self._back and self._away is None:
            return self.tr("The team store is back: make again what was not saved while it was away.")
        if NOT_SAVED in kinds:
            return self.tr("Not saved: the team store's server cannot be reached.")
        if IN_DOUBT in kinds:
            return self.tr("Perhaps not saved: the connection to the team store dropped.")
        return self.tr("The exception rules did not run: the team store's server cannot be reached.")

    def _details(self) -> list[str]:
        lines = []
        of = lambda kind: "; ".join(w for w, k in self._missed.values() if k == kind)  # noqa: E731
        if of(NOT_SAVED):
            lines.append(self.tr("Not saved: {changes}.").format(changes=of(NOT_SAVED)))
        if of(IN_DOUBT):
            lines.append(
                self.tr(
                    "Perhaps saved, in part or whole (the connection dropped while it was being saved): "
                    "{changes}. Check what was saved before you make it again."
                ).format(changes=of(IN_DOUBT))
            )
        if of(NOT_RUN):
            lines.append(
                self.tr(
                    "Not finished: the re-run of the exception rules (Exceptions ▸ Re-run rules on all tickets)."
                )
            )
        if lines:
            lines.append(
                self.tr("The store answers again: do it now.")
                if self._back and self._away is None
                else self.tr("Try again once this banner says the store is back.")
            )
        if self._away is not None:
            lines.append(
                self.tr(
                    "{message} The table keeps what it shows, which may be out of date; it is read again as soon "
                    "as the store answers."
                ).format(message=self._away)
            )
        return lines


def not_saved_line(missed: NotSaved) -> str:
    """The line a dialog shows over what it offers again: not saved (or perhaps not), why, what to do."""
    if missed.in_doubt:
        return QCoreApplication.translate(
            "store_away",
            "Perhaps not saved, or only in part: the connection to the team store dropped while it was being "
            "saved. Check what was saved before you save it again.",
        )
    return QCoreApplication.translate(
        "store_away",
        "Not saved: the team store's server cannot be reached. Try again once the window's banner says the "
        "store is back.",
    )


def away_reason(missed: NotSaved) -> str:
    """Why a change was not made, for a sentence "… was not changed: {why}" (a dialog asked again)."""
    if missed.in_doubt:
        return QCoreApplication.translate(
            "store_away",
            "the connection to the team store dropped while it was being saved, so it may have been, in part "
            "or whole: check before you try again",
        )
    return QCoreApplication.translate(
        "store_away",
        "the team store's server cannot be reached; try again once the window's banner says it is back",
    )


def watch_store_away(window: Any) -> StoreAway:
    """The StoreAway of ``window`` (a MainWindow: its ``banner``), told of every write of its ``store_ops``
    and of its ``rules``' re-run that could not reach the server, and of those that landed."""
    away = StoreAway(window.banner, window)
    window.store_ops.notSaved.connect(away.not_saved)
    window.store_ops.saved.connect(away.saved)
    window.rules.storeAway.connect(away.rules_not_run)
    window.rules.rulesRan.connect(away.rules_ran)
    return away
