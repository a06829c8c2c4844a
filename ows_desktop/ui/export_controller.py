"""The window's export part: the export dialog says "N tickets: selection / flagged / current filter" and the
person chooses, with the format and an empty folder; the export then runs in the job pool (through that
thread's own reader) with the camera snapshots when video is set up, behind a progress dialog that counts
the tickets (then, for a PDF, the report's pages as they are drawn) and can cancel at any point (a cancelled
export leaves no folder behind).

Signals:
    exportFinished(str): the export folder, or "" when it failed.
    failed(UserMessage): why an export failed, for the window's banner: the whole message stays until the
        person dismisses it (a status-bar line cut a long one short and went after 10 s).
    statusMessage(str, int): a transient status-bar text and its timeout in ms (0: until replaced).
    recorded(object): what an export's ``then`` recorded once it has (a case's history entry: the case
        number), on the GUI thread, before exportFinished: the window shows the entry at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.audit_check import AuditTrailBrokenError
from ows_desktop.export.folders import ExportFolders
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.itemmodels.locale_format import count_text
from ows_desktop.player.clip_cutter import export_clip_source
from ows_desktop.player.evidence import export_snapshot_provider
from ows_desktop.store.errors import StoreConnectError
from ows_desktop.store.scope import login_of
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.dialog_title import fit_title
from ows_desktop.ui.errors import ACTION_OPEN_LOGS, UserMessage
from ows_desktop.ui.export_dialog import ExportDialog, confirm_export_marked, marked_warning
from ows_desktop.ui.export_gaps import ExportGaps, has_gaps
from ows_desktop.ui.match_count import COUNT_CAP
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.services import Connection, Services
from ows_desktop.ui.time_span import span_text

KINDS = ("selection", "flagged", "filter")  # the dialog's choices, in its order
TIME_LEFT_AFTER_S = 5.0  # the pace of the first seconds says little


class _Progress(QObject):
    """Carries the export's progress from the job thread to the GUI thread (a queued signal)."""

    advanced = Signal(int, int)
    pages = Signal(int, int)  # a PDF's pages drawn, of its pages (after every ticket was read)
    recorded = Signal(object)  # what ``then`` returned (the entry it wrote)


class ExportController(QObject):
    exportFinished = Signal(str)
    userMessage = Signal(object)  # UserMessage: the export failed, or what it could not hold
    statusMessage = Signal(str, int)
    recorded = Signal(object)

    def __init__(
        self,
        services: Services,
        jobs: JobRunner,
        receipts: ReceiptsPage,
        connection: Callable[[], Connection | None],
        dialog_parent: QWidget,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(dialog_parent)
        self._clock = clock
        self._gaps = ExportGaps(self)  # what a finished export lacks, in words (ui/export_gaps.py)
        self._phase: tuple[str, float, int] | None = None  # (its text, when and at which count it began)
        self._services = services
        self._jobs = jobs
        self._receipts = receipts
        self._connection = connection
        self._dialog_parent = dialog_parent
        self.progress_dialog: QProgressDialog | None = None

    @Slot()
    def ask_and_export(self) -> None:
        """The export dialog, then the export of exactly what it counted for the person's choice.

        A search still being typed, or an amount typed without Enter, is applied first, so "the current
        filter" is the one the person sees. The choices are then fixed: a filter that changed while the
        dialog is open (the search's delay ran out, the amount field lost the focus to the dialog) cannot
        change what "The current filter — N tickets" exports."""
        self._receipts.filter_bar.commit()
        choices = self.choices()
        try:
            dialog = self.dialog(choices)
        except StoreConnectError as exc:  # the team store is away: nothing to count the choices with
            self.statusMessage.emit(
                self.tr("The export cannot start: {message}").format(message=core_text(str(exc))), 8000
            )
            return
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.folder() is None:
            return
        kind = dialog.kind()
        self.start(dialog.fmt(), dialog.folder(), kind=kind, selection=choices.get(kind))  # type: ignore[arg-type]

    def dialog(self, choices: dict[str, Selection] | None = None) -> ExportDialog:
        """The dialog for ``choices`` (default: the selection, the flagged tickets and the current filter as
        they are now), each with the number of tickets its export holds."""
        page = self._receipts
        choices = choices or self.choices()
        listed = page.total()
        with self._services.store.reader(
            interactive=True
        ) as reader:  # a few counts, on a short-lived connection
            counts = {
                kind: (
                    len(chosen.rowids)
                    if chosen.rowids is not None
                    # the table's own count when it is exact (a filtered one stops at 100,000)
                    else listed
                    if kind == "filter" and listed is not None and listed < COUNT_CAP
                    else reader.count(chosen.query)
                )
                for kind, chosen in choices.items()
            }
        filters = page.filters().describe() or self.tr("all tickets")
        narrowed = page.filters().flagged_only and choices["flagged"].query != Selection.flagged().query
        selected = len(choices["selection"].rowids or ())
        chosen = self.tr("The selected receipt") if selected == 1 else self.tr("The selected receipts")
        labels = {
            "selection": chosen,
            # narrowed by the flagged view's reasons or states: those are what the export holds
            "flagged": self.tr("The flagged tickets shown") if narrowed else self.tr("All flagged tickets"),
            "filter": self.tr("The current filter ({filters})").format(filters=filters),
        }
        # Whatever is selected, one receipt too, is chosen first: the smallest export is the one to take by
        # mistake. One selected receipt used to be passed over (the row the list selects by itself, after a
        # filter change, is no choice), and Ctrl+E, a folder and Enter exported the whole day (1,864 tickets)
        # for the one receipt the person had picked; the filter is one key away, and the dialog counts both.
        preferred = "selection" if selected else "flagged" if page.filters().flagged_only else "filter"
        return ExportDialog(
            [(kind, labels[kind], counts[kind]) for kind in KINDS],
            preferred=preferred,
            fmt=str(self._services.settings.get("export/format")),  # Preferences ▸ Evidence
            folder=self.proposed_folder("evidence"),
            parent=self._dialog_parent,
        )

    def case_dialog(self, number: str, label: str, count: int) -> ExportDialog:
        """The same dialog for a case's export: its one choice, the case's tickets, with their number."""
        return ExportDialog(
            [("case", label, count)],
            preferred="case",
            fmt=str(self._services.settings.get("export/format")),
            folder=self.proposed_folder(f"case-{number}"),
            parent=self._dialog_parent,
        )

    def proposed_folder(self, prefix: str) -> str:
        """A new folder ``<prefix>-<date>-<time>`` in Preferences ▸ Evidence's default folder ("" when that is
        not set: the person chooses)."""
        base = str(self._services.settings.get("export/folder") or "")
        stamp = self._services.now().strftime("%Y%m%d-%H%M%S")
        return str(Path(base).expanduser() / f"{prefix}-{stamp}") if base else ""

    def choices(self) -> dict[str, Selection]:
        """What each of the dialog's choices exports now, in the dialog's order."""
        return {kind: self.selection(kind) for kind in KINDS}

    def selection(self, kind: str) -> Selection:
        page = self._receipts
        query, filters = page.model.query, page.filters()
        if kind == "selection":
            return Selection.of_rows([r.rowid for r in page.selected_rows()])
        if kind == "flagged" or (kind == "auto" and filters.flagged_only):
            return Selection.flagged(query.flag_reasons if filters.flagged_only else (),
                                     query.review_states if filters.flagged_only else ())  # fmt: skip
        # what the person chose, with the exact time its quick range keeps: the query the export runs
        return Selection.of_query(query, filters.describe(span=span_text(query, page.tz, page.stores)))

    def start(
        self,
        fmt: str,
        folder: Path,
        *,
        kind: str = "auto",
        selection: Selection | None = None,
        title: str | None = None,
        then: Callable[[Any], Any] | None = None,
        despite_broken_audit: bool = False,
    ) -> None:
        """Export the chosen tickets (``kind``: selection / flagged / filter; "auto": the flagged view's
        tickets when it shows, else the current filter; or ``selection``, e.g. a case's tickets) as ``fmt``
        into ``folder``, signed and audited. ``then(result)`` runs in the job afterwards (a case's history);
        what it returns, unless None, comes back as :attr:`recorded`. Audit entries that fail their check
        stop the job before it writes anything; the person is then asked whether to export it marked
        (``despite_broken_audit``, the job run again)."""
        scope = self._services.scope
        refusal = scope.export_refusal() if scope is not None else None
        if refusal is not None:  # the database would refuse its audit entry: nothing is written
            self.statusMessage.emit(core_text(refusal), 8000)
            return
        selection = selection or self.selection(kind)
        store, snapshots = self._services.store, self._services.snapshot_dir
        cameras, signer = self._services.cameras, self._services.signer
        connection = self._connection()
        secrets = {c.key, c.secret} if (c := connection and connection.credentials) else set()
        config = self._services.rule_config()  # the user's rule settings, as the CLI's export uses
        settings = self._services.settings  # Preferences ▸ Evidence, read at each export (as the CLI does)
        page_size = str(settings.get("export/page_size"))
        if not settings.get("export/include_snapshots"):
            snapshots = None

        cancel = threading.Event()
        progress = _Progress(self)
        dialog = QProgressDialog(
            self.tr("Preparing the export…"), self.tr("Cancel"), 0, 0, self._dialog_parent
        )
        dialog.setObjectName("exportProgress")
        dialog.setWindowTitle(self.tr("Exporting evidence"))
        fit_title(dialog)  # wide enough for its title and a count line without cutting either
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        progress.advanced.connect(self._on_progress)  # a slot of a GUI-thread object: queued
        progress.pages.connect(self._on_pages)
        progress.recorded.connect(self.recorded)  # queued to this GUI-thread object, before the job's end
        self.progress_dialog = dialog
        self._phase = None

        clip_mode = str(settings.get("export/clips"))  # Preferences ▸ Evidence: all, primary or none
        rolls = {  # the clips cover what the video pane plays: the same pre-roll and post-roll
            "preroll_s": float(settings.get("player/preroll_seconds")),
            "postroll_s": float(settings.get("player/postroll_seconds")),
            "max_cameras": 1 if clip_mode == "primary" else 4,
        }

        login = login_of(scope)
        noted = self._services.export_folders  # where this workstation's exports went, whole (its own list)
        local_folders = ExportFolders(noted) if noted is not None else None

        def run() -> Any:
            provider, video = (
                export_snapshot_provider(store, cameras.secrets, snapshots)
                if snapshots is not None and cameras is not None
                else (None, None)
            )
            # every mapped camera's clip (player/clip_cutter.py: libVLC remux, loaded with the first clip)
            clips, cutter = (
                export_clip_source(store, cameras.secrets, **rolls)
                if cameras is not None and clip_mode != "none"
                else (None, None)
            )
            try:
                with store.reader() as reader:  # the job's own read connection
                    result = export_tickets(
                        reader,
                        selection,
                        fmt,
                        folder,
                        secrets=secrets,
                        snapshot_provider=provider,
                        config=config,
                        progress=progress.advanced.emit,
                        page_progress=progress.pages.emit,
                        cancel=cancel,
                        signer=signer,
                        audit_log=store.audit,
                        case_title=title,
                        page_size=page_size,
                        clip_source=clips,
                        investigator=login,  # the team store's login that exports (None: the OS user)
                        local_folders=local_folders,
                        despite_broken_audit=despite_broken_audit,
                    )
                recorded = then(result) if then is not None else None
                if recorded is not None:
                    progress.recorded.emit(recorded)
                return result
            except AuditTrailBrokenError as refused:  # asked on the GUI thread (_on_exported)
                return refused
            finally:
                for closing in (video, clips, cutter):
                    if closing is not None:
                        closing.close()

        described = (  # in the window's language (the selection's own words are the report's English)
            title
            if title
            else self.tr("the flagged tickets")
            if selection.kind == "flagged"
            else self.tr("the %Ln selected receipt(s)", "", len(selection.rowids))
            if selection.rowids is not None
            else self.tr("the tickets of the current filter")
        )
        self.statusMessage.emit(
            self.tr("Exporting {description} as {upper} to {folder}…").format(
                description=described, upper=fmt.upper(), folder=folder
            ),
            0,
        )
        dialog.show()

        def marked() -> None:  # the same export again, marked: what the question's Export marked runs
            self.start(fmt, folder, selection=selection, title=title, then=then, despite_broken_audit=True)

        self._jobs.submit(run, ("export", marked), succeeded=self._on_exported, failed=self._on_failed)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self._show_progress(done, total, self.tr("Exported {done} of {total} tickets…"))

    @Slot(int, int)
    def _on_pages(self, done: int, total: int) -> None:
        self._show_progress(done, total, self.tr("Writing the PDF report: page {done} of {total}…"))

    def _show_progress(self, done: int, total: int, text: str) -> None:
        dialog = self.progress_dialog
        if dialog is None:
            return
        label = text.format(done=count_text(done), total=count_text(total))
        left = self._time_left(text, done, total)
        # the text first: a modal dialog's setValue runs the events queued meanwhile, newer counts among
        # them, and a text set after it showed an older count than the bar
        dialog.setLabelText(label + "\n" + left if left else label)
        if dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setValue(done)

    def _time_left(self, phase: str, done: int, total: int) -> str:
        """ "about 45 min left" from this phase's pace so far (the tickets, then a PDF's pages), once it has
        run a few seconds: an export with video clips takes about a second a ticket."""
        now = self._clock()
        if self._phase is None or self._phase[0] != phase:
            self._phase = (phase, now, done)
            return ""
        _, started, first = self._phase
        spent, moved = now - started, done - first
        if spent < TIME_LEFT_AFTER_S or moved <= 0 or done >= total:
            return ""
        seconds = spent / moved * (total - done)
        if seconds < 60:
            return self.tr("about {seconds} s left").format(seconds=max(5, round(seconds / 5) * 5))
        minutes = round(seconds / 60)
        if minutes < 90:
            return self.tr("about {minutes} min left").format(minutes=minutes)
        return self.tr("about {hours} h {minutes} min left").format(hours=minutes // 60, minutes=minutes % 60)

    def _close_progress(self) -> None:
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()

    @Slot(object, object)
    def _on_exported(self, tag: Any, result: Any) -> None:
        self._close_progress()
        if isinstance(result, AuditTrailBrokenError):  # nothing written yet: export it marked, or nothing
            if confirm_export_marked(self._dialog_parent, result.breaks):
                tag[1]()
                return
            self.exportFinished.emit("")
            self.statusMessage.emit(self.tr("Export cancelled; nothing was written."), 10000)
            return
        self.exportFinished.emit(str(result.folder))
        marked = bool(result.audit_breaks)  # the banner says so until dismissed; the status line as usual
        if marked:  # with what else it lacks
            problem = [core_text(result.audit_problem)] if result.audit_problem else []
            self.userMessage.emit(marked_warning(result, [*problem, *self._gaps.lines(result)]))
        elif result.audit_problem:  # the evidence is written, but nothing records who exported it: stays
            self.statusMessage.emit(result.audit_problem, 0)
            gaps = self._gaps.lines(result)  # and what it lacks, in the same message (the banner holds one)
            self.userMessage.emit(
                UserMessage(
                    "warning",
                    self.tr("The export is complete, but the audit trail does not record it."),
                    "\n".join([core_text(result.audit_problem), *gaps]),
                )
            )
            return
        missing, clips = len(result.missing_snapshots), result.clips
        no_clip, refused = len(result.missing_clips), len(result.refused_snapshots)
        self.statusMessage.emit(
            self.tr(
                "Exported %Ln ticket(s) to {folder} (verify: ows-desktop verify FOLDER, or sha256sum -c MANIFEST.sha256)",
                "",
                result.tickets,
            ).format(folder=result.folder)
            + (self.tr("; {clips} video clips").format(clips=clips) if clips else "")
            + (
                self.tr("; {no_clip} clips missing (reasons in export.json)").format(no_clip=no_clip)
                if no_clip
                else ""
            )
            + (
                self.tr("; {missing} without a camera snapshot (reasons in export.json)").format(
                    missing=missing
                )
                if missing
                else ""
            )
            + (
                self.tr("; %Ln snapshot(s) left out (reasons in export.json)", "", refused) if refused else ""
            ),
            10000,
        )
        if has_gaps(result) and not marked:  # the line goes in 10 s: what it lacks or cannot show stays
            self.userMessage.emit(self._gaps.message(result))

    @Slot(object, object, int)
    def _on_failed(self, _tag: Any, message: str, code: int) -> None:
        self._close_progress()
        self.exportFinished.emit("")
        if code == 130:  # ExportCancelled
            self.statusMessage.emit(self.tr("Export cancelled; nothing was written."), 10000)
        else:
            self.userMessage.emit(
                UserMessage(
                    "error",
                    self.tr("The export failed."),
                    core_text(message),
                    (ACTION_OPEN_LOGS,),
                )
            )
            self.statusMessage.emit(self.tr("The export failed."), 10000)
