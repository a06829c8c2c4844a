"""The main window wires the investigator workflow and the video next to the receipt: F flags the selected
receipt, Shift+F flags a multi-selection, the Exceptions tab filters the table, and selecting a receipt
plays the terminal's primary camera."""

from __future__ import annotations

from dataclasses import replace

from gui_support import OFFSCREEN_NOISE, make_services, open_window
from PySide6.QtCore import QItemSelectionModel

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store import review
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.ui.flag_dialog import FlagDialog, FlagRequest

pytestmark = OFFSCREEN_NOISE


def first_row(window):
    window.receipts.select_row(0)
    return window.receipts.model.ticket_row(0)


def test_f_flags_the_selected_receipt_and_f_again_removes_it(qtbot, paths, filled_store):
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0)
    row = first_row(window)
    assert window.flag_action.isEnabled() and window.flag_action.shortcut().toString() == "F"
    window.flag_action.trigger()  # saved off the GUI thread: the row shows it when it landed
    qtbot.waitUntil(
        lambda: window.receipts.model.ticket_row(window.receipts.model.row_of_key(row.key)).flagged
    )
    with filled_store.reader() as reader:
        assert reader.review.flag_of(row.key) is not None
        assert reader.review.audit_trail(row.key)  # the change is in the audit trail
    window.flag_action.trigger()
    qtbot.waitUntil(
        lambda: not window.receipts.model.ticket_row(window.receipts.model.row_of_key(row.key)).flagged
    )
    with filled_store.reader() as reader:
        assert reader.review.flag_of(row.key) is None


def test_bulk_flag_applies_one_reason_to_every_selected_receipt(qtbot, paths, filled_store, monkeypatch):
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 3)
    selection = window.receipts.table.selectionModel()
    for row in range(3):
        index = window.receipts.model.index(row, 0)
        selection.select(
            index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )
    keys = [r.key for r in window.receipts.selected_rows()]
    assert len(keys) == 3

    def accept(dialog):
        dialog._result = FlagRequest(action="flag", reason="Sweethearting", state="to_review", note="cam 2")
        return FlagDialog.DialogCode.Accepted

    monkeypatch.setattr(FlagDialog, "exec", accept)
    window.flag_dialog_action.trigger()
    qtbot.waitUntil(lambda: window.store_ops.pending == 0)
    with filled_store.reader() as reader:
        for key in keys:
            flag = reader.review.flag_of(key)
            assert flag is not None and flag.reason == review.normalise_reason("Sweethearting")


def test_exceptions_cell_click_filters_the_receipts_table(qtbot, paths, filled_store):
    from ows_desktop.rules import RuleRunner

    RuleRunner().run_all(filled_store)
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0)
    from ows_desktop.store.operators import operator_key

    operator = next(
        r
        for r in (window.receipts.model.ticket_row(i) for i in range(window.receipts.model.rowCount()))
        if "ticket_void" in r.exceptions
    )
    key = operator_key(operator.operator_id, operator.operator, operator.location)  # who: the employee ID
    window.exceptions.filterRequested.emit({"operator_keys": (key,), "exceptions": ("ticket_void",)})
    assert window.tabs.currentWidget() is window.receipts
    assert window.receipts.filters().operator == key
    assert window.receipts.filters().rules == ("ticket_void",)  # the rule is kept (#10)
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0)
    rows = [window.receipts.model.ticket_row(r) for r in range(window.receipts.model.rowCount())]
    assert {(r.operator, r.operator_id) for r in rows} == {(operator.operator, operator.operator_id)}
    assert all("ticket_void" in r.exceptions for r in rows)


def test_selecting_a_receipt_plays_its_terminals_primary_camera(qtbot, paths, filled_store):
    backend = FakeMediaBackend()
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=backend)
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0)
    row = window.receipts.model.ticket_row(0)
    overhead = cameras.add_camera(
        "Overhead", "http://nvr.local/live/1", "http://nvr.local/play/1?start={start}"
    )
    drawer = cameras.add_camera("Drawer", "http://nvr.local/live/2")
    cameras.add_to_terminal(row.location, row.terminal, overhead.id)
    cameras.add_to_terminal(row.location, row.terminal, drawer.id)
    window.video.reload()  # as the mapping dialog does: the receipt shown at start reads its cameras
    assert window.video is not None and window.mapping_action.isEnabled()
    window.receipts.select_row(0)
    qtbot.waitUntil(lambda: any(p.requests for p in backend.players))
    played = next(p for p in backend.players if p.requests).last_request()
    assert played.url.startswith("http://nvr.local/play/1?start=")  # the primary, at the ticket's time
    window.video.leader()._player.start(0)  # its first picture
    window.video.snapshot_button.click()
    # the window says where the picture went (it said nothing, and the folder is one the person never saw)
    assert window.statusBar().currentMessage().startswith(f"Snapshot saved: {services.snapshot_dir}")
    window.close()
    assert backend.closed  # the players were released before the window went away


def test_the_flagged_view_filters_by_reason_and_review_state(qtbot, paths, filled_store):
    window = open_window(qtbot, make_services(paths, filled_store))
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 3)
    keys = [page.model.ticket_row(r).key for r in range(3)]
    filled_store.review.flag_ticket(keys[0], reason="Void abuse")
    filled_store.review.flag_ticket(keys[1], reason="Refund fraud", state="confirmed")
    filled_store.review.flag_ticket(keys[2], reason="Void abuse", state="cleared")
    page.filter_bar.set_state(replace(page.filters(), flagged_only=True))
    assert page.flagged_bar.isVisible()

    def shown():
        return {page.model.ticket_row(r).key for r in range(page.model.rowCount())}

    qtbot.waitUntil(lambda: shown() == set(keys))
    page.flagged_bar.reason_combo.setCurrentIndex(page.flagged_bar.reason_combo.findText("Void abuse"))
    qtbot.waitUntil(lambda: shown() == {keys[0], keys[2]})
    page.flagged_bar.state_buttons["cleared"].setChecked(True)
    qtbot.waitUntil(lambda: shown() == {keys[2]})


def test_export_from_the_window_writes_a_verifiable_evidence_folder(qtbot, paths, filled_store, tmp_path):
    import subprocess

    window = open_window(qtbot, make_services(paths, filled_store))
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 2)
    keys = [page.model.ticket_row(r).key for r in range(2)]
    for key in keys:
        filled_store.review.flag_ticket(key, reason="Void abuse")
    page.filter_bar.set_state(replace(page.filters(), flagged_only=True))
    out = tmp_path / "evidence"
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as done:
        window.export.start("csv", out)
    assert done.args == [str(out)]
    check = subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=out, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    tickets_csv = (out / "tickets.csv").read_text(encoding="utf-8-sig")
    assert all(key in tickets_csv or key.split("-")[-1] in tickets_csv for key in keys)
    assert window.export_action.shortcut().toString() == "Ctrl+E"
