"""The Cases tab put together in its window: the page (ui/cases_page.py) with its own video pane, its actions
(ui/case_actions.py), and their link to the window — the status bar, the banner, shutting the tab down when
the window closes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Slot

from ows_desktop.store.scope import login_of
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.tasks.store_ops import StoreOps
from ows_desktop.ui.case_actions import CaseActions
from ows_desktop.ui.cases_page import CasesPage
from ows_desktop.ui.errors import ACTION_OPEN_LOGS, UserMessage
from ows_desktop.ui.export_controller import ExportController
from ows_desktop.ui.services import Services


def build_cases(
    window: Any,
    services: Services,
    reader: Any,
    ops: StoreOps,
    export: ExportController,
    *,
    jobs: JobRunner | None = None,
) -> tuple[CasesPage, CaseActions]:
    """The Cases tab of ``window`` (a MainWindow: its ``tabs``, ``receipts``, ``banner`` and status bar), with
    its own video pane when the window has video, and its actions. The tab's video stops when the window
    closes, before the window's shutdown closes the media backend. ``jobs``: the window's JobRunner (the
    video reads camera passwords from the keyring there, off the GUI thread; the tab reads the store there)."""
    jobs = jobs if jobs is not None else JobRunner(max_threads=2, parent=window)
    video = None
    if services.cameras is not None and services.media_backend is not None:
        from ows_desktop.ui.video_pane import VideoPane

        video = VideoPane(
            services.media_backend, services.cameras, services.settings, snapshot_dir=services.snapshot_dir,
            audit=services.store.audit, tz=services.tz, jobs=jobs, parent=window,
        )  # fmt: skip
    page = CasesPage(
        reader=reader, store=services.store, tz=services.tz, login=login_of(services.scope), video=video,
        export_folders=services.export_folders, jobs=jobs, parent=window,
    )  # fmt: skip
    window.shown_tickets.add(page.ticket_table)  # F, Shift+F, J, K, Add to case…: a case's tickets on screen
    window.review.reviewChanged.connect(lambda: page.refresh() if page.isVisible() else None)  # their flags
    actions = CaseActions(
        services.store, page, ops, export, window.receipts, window.shown_tickets, dialog_parent=window,
        jobs=jobs,
    )  # fmt: skip
    window.tabs.addTab(page, QCoreApplication.translate("case_actions", "Cases"))
    link = _WindowLink(page, actions, window)
    actions.statusMessage.connect(link.show_status)
    actions.loading.connect(link.show_loading)
    if video is not None:  # a snapshot saved (or not), a receipt playing at another speed than 1×
        video.statusMessage.connect(link.show_status)
    actions.storeError.connect(link.show_error)  # the page's read errors too
    if getattr(window, "live_link", None) is not None:  # the team store away: its banner, not a red one
        window.live_link.link_cases(page, actions)
    window.installEventFilter(link)
    return page, actions


class _WindowLink(QObject):
    """The Cases tab's link to its window: messages to the status bar and the banner, and shutting the tab
    down on the window's close event (event filters run before the window's own closeEvent, which closes
    the media backend)."""

    def __init__(self, page: CasesPage, actions: CaseActions, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self._page: CasesPage | None = page
        self._actions = actions

    @Slot(str, int)
    def show_status(self, text: str, timeout_ms: int) -> None:
        self._window.statusBar().showMessage(text, timeout_ms)

    @Slot(bool)
    def show_loading(self, slow: bool) -> None:
        """What a dialog shows is late to be read: the status bar says "Loading…" until it comes."""
        bar, loading = self._window.statusBar(), QCoreApplication.translate("CasesPage", "Loading…")
        if slow:
            bar.showMessage(loading)
        elif bar.currentMessage() == loading:
            bar.clearMessage()

    @Slot(str)
    def show_error(self, message: str) -> None:
        self._window.banner.show_message(
            UserMessage(
                "error", self.tr("The case could not be saved or read."), message, (ACTION_OPEN_LOGS,)
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and self._page is not None:
            page, self._page = self._page, None
            self._actions.drop_reads()  # no dialog opens over a closing window
            page.shutdown()
        return False
