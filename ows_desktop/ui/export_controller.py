"""The window's export part: asks for a format and an empty folder, then exports in the job pool (through
that thread's own reader) the flagged tickets when the table shows the Flagged view, else exactly the
current search, with the camera snapshots when video is set up.

Signals:
    exportFinished(str): the export folder, or "" when it failed.
    statusMessage(str, int): a transient status-bar text and its timeout in ms (0: until replaced).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from ows_desktop.export import Selection, export_tickets
from ows_desktop.player.evidence import export_snapshot_provider
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.services import Connection, Services

FORMATS = {"PDF case report": "pdf", "CSV": "csv", "JSON": "json"}


class ExportController(QObject):
    exportFinished = Signal(str)
    statusMessage = Signal(str, int)

    def __init__(
        self,
        services: Services,
        jobs: JobRunner,
        receipts: ReceiptsPage,
        connection: Callable[[], Connection | None],
        dialog_parent: QWidget,
    ):
        super().__init__(dialog_parent)
        self._services = services
        self._jobs = jobs
        self._receipts = receipts
        self._connection = connection
        self._dialog_parent = dialog_parent

    @Slot()
    def ask_and_export(self) -> None:
        parent = self._dialog_parent
        fmt, ok = QInputDialog.getItem(parent, "Export evidence", "Format:", list(FORMATS), 0, False)
        if not ok:
            return
        folder = QFileDialog.getExistingDirectory(parent, "Export into an empty folder")
        if not folder:
            return
        self.start(FORMATS[fmt], Path(folder))

    def start(self, fmt: str, folder: Path) -> None:
        query = self._receipts.model.query
        filters = self._receipts.filters()
        selection = (
            Selection.flagged(query.flag_reasons, query.review_states)
            if filters.flagged_only
            else Selection.of_query(query, filters.describe())
        )
        store, snapshots = self._services.store, self._services.snapshot_dir
        cameras = self._services.cameras
        connection = self._connection()
        secrets = {c.key, c.secret} if (c := connection and connection.credentials) else set()
        config = self._services.rule_config()  # the user's rule settings, as the CLI's export uses

        def run() -> Any:
            provider, video = (
                export_snapshot_provider(store, cameras.secrets, snapshots)
                if snapshots is not None and cameras is not None
                else (None, None)
            )
            try:
                with store.reader() as reader:  # the job's own read connection
                    return export_tickets(
                        reader,
                        selection,
                        fmt,
                        folder,
                        secrets=secrets,
                        snapshot_provider=provider,
                        config=config,
                    )
            finally:
                if video is not None:
                    video.close()

        self.statusMessage.emit(f"Exporting {fmt.upper()} to {folder}…", 0)
        self._jobs.submit(run, "export", succeeded=self._on_exported, failed=self._on_failed)

    @Slot(object, object)
    def _on_exported(self, _tag: Any, result: Any) -> None:
        self.exportFinished.emit(str(result.folder))
        self.statusMessage.emit(
            f"Exported {result.tickets} tickets to {result.folder} (verify: sha256sum -c MANIFEST.sha256)",
            10000,
        )

    @Slot(object, str, int)
    def _on_failed(self, _tag: Any, message: str, _code: int) -> None:
        self.exportFinished.emit("")
        self.statusMessage.emit(f"The export failed: {message}", 10000)
