"""Changes made in the window while the team store's server is away (``pg_ctl stop -m fast`` under the open
window, the live listener's verdict as in test_gui_team_outage.py): a flag, a case note and loss, a camera
mapping, the rules' re-run. Each said a red "The ticket cache could not be read." (for a write), the note or
the flag dialog's typed words gone with it, and the rules' failure was a red banner of its own over the amber
one. Now the amber banner says, in plain words, what was NOT saved and why, and to make it again once it says
the store is back; the dialog is offered again with what was typed; when the server is back the banner says
so and still names what to make again, until that change lands or the person closes the banner. A change
whose connection was lost as it committed is "perhaps" saved, never "not saved". A real rules error stays
red. Real throwaway cluster (tests/pg_cluster.py)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from gui_support import (
    OFFSCREEN_NOISE,
    fill_store,
    followed,
    make_services,
    receipts_window,
    scripted_questions,
)
from pg_cluster import ENDS_ITS_SESSION, Cluster, planted
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QPushButton, QToolButton

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.rules.runner import RuleRunner
from ows_desktop.store.camera_rules import terminal_label
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.store.cases import CLOSED, LOSS_CONFIRMED, case_subject
from ows_desktop.store.errors import StoreError
from ows_desktop.store.url import open_store_url
from ows_desktop.ui.camera_edit_dialog import CameraEditDialog
from ows_desktop.ui.case_questions import CloseCaseDialog
from ows_desktop.ui.flag_dialog import FlagDialog
from ows_desktop.ui.mapping_window import MappingDialog

pytestmark = OFFSCREEN_NOISE
NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
DROPPED = "The connection to the team store dropped. Reconnecting…"
NOT_SAVED = "Not saved: the team store's server cannot be reached."
BACK = "The team store is back: make again what was not saved while it was away."
AGAIN = "Try again once this banner says the store is back."
IN_DIALOG = (
    "Not saved: the team store's server cannot be reached. Try again once the window's banner says the store "
    "is back."
)


class Server:
    """The test cluster, stopped and started by a test; started again at its end whatever happened."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster, self.down = cluster, False

    def stop(self, qtbot: Any, window: Any) -> None:
        self.cluster.stop()
        self.down = True
        qtbot.waitUntil(lambda: window.banner.title_text() == DROPPED, timeout=30_000)  # the listener knows

    def start(self, qtbot: Any, services: Any) -> None:
        with qtbot.waitSignal(services.live.restored, timeout=30_000):  # the listener is back
            self.cluster.start()
            self.down = False


@pytest.fixture
def server(pg_cluster: Cluster):
    server = Server(pg_cluster)
    yield server
    if server.down:
        pg_cluster.start()


@pytest.fixture
def team(pg_url: str):
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as seed:
        fill_store(seed)
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    yield store
    store.close()


def open_team_window(qtbot: Any, paths: Any, team: Any) -> tuple[Any, Any]:
    services = make_services(paths, team)
    window = receipts_window(qtbot, services, rows=3)
    window.banner.clear()  # "Not connected to OWS.": these tests are about the store
    return window, services


def shown(window: Any) -> tuple[str, str, str]:
    """What the banner shows: its level (the colour), title and detail."""
    message = window.banner.message
    assert message is not None and window.banner.isVisible()
    return message.level, window.banner.title_text(), window.banner.detail_text()


def scripted_flag_dialogs(monkeypatch: pytest.MonkeyPatch, answers: list) -> list[dict]:
    """The flag dialog answered by ``answers`` in turn (each: fill the dialog as a person would, then its
    result code); what each dialog showed when it opened."""
    replies, seen = iter(answers), []

    def exec_(dialog: FlagDialog) -> int:
        seen.append(
            {
                "reason": dialog.reason_combo.currentText(),
                "note": dialog.note_edit.toPlainText(),
                "refusal": dialog.refusal.text() if dialog.refusal.isVisibleTo(dialog) else "",
            }
        )
        return next(replies)(dialog)

    monkeypatch.setattr(FlagDialog, "exec", exec_)
    return seen


def flag_with(reason: str, note: str) -> Any:
    def answer(dialog: FlagDialog) -> int:
        dialog.reason_combo.setEditText(reason)
        dialog.note_edit.setPlainText(note)
        dialog.ok_button.click()
        return dialog.result()

    return answer


def cancel(dialog: FlagDialog) -> int:
    return FlagDialog.DialogCode.Rejected


def select_rows(page: Any, rows: list[int]) -> None:
    page.select_row(rows[0])
    chosen = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows[1:]:
        page.table.selectionModel().select(page.model.index(row, 0), chosen)


def on_a_new_case(qtbot, window, team) -> tuple[str, Any]:
    """A case of the window's first two receipts, made by a colleague and chosen in the window's Cases tab: its
    number and the page, once the tab has read what the change feed said of it (a reading left going would
    fail as the test stops the server, and say so in its own words)."""
    keys = [window.receipts.model.ticket_row(r).key for r in range(2)]
    with followed(qtbot, window):
        number = team.cases.new_case("Refunds", tickets=keys).number
    page = window.cases
    window.show_cases()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.case_table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.current_case() is not None and page.tickets.rowCount() == 2)
    qtbot.waitUntil(lambda: not page.reading())
    return number, page


def test_a_flag_made_while_the_store_is_away_is_said_not_saved_offered_again_and_said_until_made_again(
    qtbot, paths, server, team, monkeypatch
) -> None:
    window, services = open_team_window(qtbot, paths, team)
    red: list[str] = []
    window.review.storeError.connect(red.append)
    select_rows(window.receipts, [1, 2])
    keys = [row.key for row in window.shown_tickets.selected_rows()]
    assert len(keys) == 2
    seen = scripted_flag_dialogs(
        monkeypatch,
        [flag_with("Sweethearting", "Left with a bag"), cancel, flag_with("Sweethearting", "Left")],
    )
    server.stop(qtbot, window)

    window.review.flag_selected()  # Shift+F: the dialog, typed in; the write cannot reach the server
    qtbot.waitUntil(lambda: len(seen) == 2)  # offered again, filled, saying why
    assert seen[1] == {"reason": "Sweethearting", "note": "Left with a bag", "refusal": IN_DIALOG}
    level, title, detail = shown(window)
    assert (level, title) == ("warning", NOT_SAVED)  # amber, one banner: not a red "could not be read"
    # the tickets could not be read to be named (the server is away): named by their keys
    assert f"Not saved: the flag change on Ticket {keys[0]}, Ticket {keys[1]}." in detail
    assert AGAIN in detail
    assert "may be out of date" in detail  # the outage's own words stay in the one banner
    assert red == []

    server.start(qtbot, services)  # back: the banner says so, and still what to make again
    qtbot.waitUntil(lambda: window.banner.title_text() == BACK, timeout=30_000)
    qtbot.waitUntil(lambda: "in the team store" in window.cache_label.text())  # read again meanwhile
    level, title, detail = shown(window)
    assert (level, title) == ("warning", BACK)
    assert f"Not saved: the flag change on Ticket {keys[0]}, Ticket {keys[1]}." in detail
    assert "The store answers again: do it now." in detail and "out of date" not in detail
    with team.reader() as reader:
        assert [reader.review.review_of(key).flag for key in keys] == [None, None]  # indeed not saved

    window.review.flag_selected()  # made again (the tickets named now): it lands, and the banner goes
    qtbot.waitUntil(lambda: window.banner.message is None, timeout=10_000)
    assert seen[2]["refusal"] == "" and seen[2]["note"] == ""
    with team.reader() as reader:
        assert all(reader.review.review_of(key).flag.reason == "Sweethearting" for key in keys)
    assert red == []
    window.close()


def test_a_case_note_and_loss_made_while_the_store_is_away_are_asked_again_and_the_banner_names_them(
    qtbot, paths, server, team, monkeypatch
) -> None:
    window, services = open_team_window(qtbot, paths, team)
    number, page = on_a_new_case(qtbot, window, team)
    asked, red = scripted_questions(
        monkeypatch, window.case_actions, ["Spoke to the manager", None, "12.50", "till count", None]
    )
    server.stop(qtbot, window)

    page.note_button.click()
    qtbot.waitUntil(lambda: len(asked) == 2)  # the note, then the same note offered again
    label, value = asked[1]
    assert value == "Spoke to the manager"
    assert label == f"{IN_DIALOG}\n\nNote for case {number}:"
    page.loss_button.click()
    qtbot.waitUntil(lambda: len(asked) == 5)  # amount, reason, then the amount again, filled, saying why
    label, value = asked[4]
    assert value == "12.50"
    assert label.startswith(
        "The loss amount was not changed: the team store's server cannot be reached; try again once the "
        "window's banner says it is back"
    )
    level, title, detail = shown(window)
    assert (level, title) == ("warning", NOT_SAVED)
    assert (
        f"Not saved: the note “Spoke to the manager” on case {number}; the loss amount of case {number}."
        in (detail)
    )
    assert red == []  # no red "The case could not be saved or read."

    window.banner.findChild(QToolButton).click()  # ✕: read, closed
    assert window.banner.message is None
    server.start(qtbot, services)
    qtbot.waitUntil(lambda: window.store_ops.pending == 0 and not page.reading())
    assert window.banner.message is None  # closed by the person: not said again when the store is back
    with team.reader() as reader:
        case = reader.cases.case(number)
        assert case.loss_reason is None
        assert not [e for e in reader.review.audit_trail(case_subject(number)) if e.changes.get("note")]
    window.close()


def test_the_rules_rerun_while_the_store_is_away_is_told_in_the_amber_banner_and_a_real_error_stays_red(
    qtbot, paths, server, team, monkeypatch
) -> None:
    window, services = open_team_window(qtbot, paths, team)
    red: list[str] = []
    window.rules.storeError.connect(red.append)
    server.stop(qtbot, window)

    window.rules.run_rules()  # Exceptions ▸ Re-run rules on all tickets
    rules_away = "The exception rules did not run: the team store's server cannot be reached."
    qtbot.waitUntil(lambda: window.banner.title_text() == rules_away, timeout=10_000)
    level, _title, detail = shown(window)
    assert level == "warning"
    assert (
        "Not finished: the re-run of the exception rules (Exceptions ▸ Re-run rules on all tickets)."
        in detail
    )
    assert AGAIN in detail and "may be out of date" in detail
    assert red == []

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise StoreError("The rule settings name a rule this version does not know.")

    monkeypatch.setattr(RuleRunner, "run_all", broken)  # a real error, not the server away: red as before
    window.rules.run_rules()
    qtbot.waitUntil(lambda: red != [], timeout=10_000)
    level, title, detail = shown(window)
    assert (level, title) == ("error", "The ticket cache could not be read.")
    assert (
        detail
        == "The exception rules could not run: The rule settings name a rule this version does not know."
    )
    monkeypatch.undo()

    server.start(qtbot, services)
    qtbot.waitUntil(lambda: window.banner.title_text() == BACK, timeout=30_000)
    assert "Not finished: the re-run of the exception rules" in shown(window)[2]
    window.rules.run_rules()  # run again: it lands, and the banner goes
    qtbot.waitUntil(lambda: window.banner.message is None, timeout=30_000)
    window.close()


def test_a_camera_mapping_made_while_the_store_is_away_is_said_not_saved_in_the_panel_and_the_banner(
    qtbot, paths, server, team
) -> None:
    window, _services = open_team_window(qtbot, paths, team)
    repo = CameraRepository(team, MemoryCameraSecrets())
    camera = repo.add_camera("Drawer", "rtsp://cam1.local/live")
    terminal = repo.terminals()[0]
    dialog = MappingDialog(repo, window.store_ops, window)
    dialog.open_for(terminal.location, terminal.terminal)
    panel = dialog.panel
    assert panel.offset.value() == 0.0
    server.stop(qtbot, window)

    panel.choose_available(camera.id)
    panel.add_selected()  # +: the camera to the register
    qtbot.waitUntil(lambda: window.store_ops.pending == 0)
    assert panel.message_text() == IN_DIALOG
    assert panel.selected.camera_ids() == []  # the lists show what the store holds
    panel.offset.setValue(2.5)  # the clock offset: not saved, the field shows the stored one again
    qtbot.waitUntil(lambda: window.store_ops.pending == 0)
    assert panel.offset.value() == 0.0 and panel.message_text() == IN_DIALOG
    level, title, detail = shown(window)
    assert (level, title) == ("warning", NOT_SAVED)
    named = terminal_label(terminal.location, terminal.terminal)
    assert f"Not saved: the cameras added to {named}; the clock offset of {named}." in detail

    editor = CameraEditDialog(repo, window.store_ops, None, dialog)  # a new camera: its fields kept
    editor.name.setText("Door")
    editor.url.setText("rtsp://cam2.local/live")
    editor.save()
    qtbot.waitUntil(lambda: window.store_ops.pending == 0)
    assert editor.error.text() == IN_DIALOG and editor.save_button.isEnabled()
    assert editor.name.text() == "Door" and editor.result() == 0
    assert (
        f"Not saved: the cameras added to {named}; the clock offset of {named}; the camera “Door”."
        in (shown(window)[2])
    )
    editor.close()
    dialog.close()
    window.close()


def test_a_flag_whose_connection_was_lost_as_it_committed_is_perhaps_saved_never_said_not_saved(
    qtbot, paths, team, pg_cluster, pg_url
) -> None:
    """The server ended the writer's session as it committed the flag (a trigger run at COMMIT terminates its
    own backend): nothing tells whether the flag landed. F pressed again on a flag that landed would take
    it off: the banner says "perhaps", and to check."""
    import psycopg

    window, _services = open_team_window(qtbot, paths, team)
    page = window.receipts
    page.focus_table()
    page.select_row(1)
    qtbot.waitUntil(lambda: "Total" in page.receipt.text() and page.current_key() is not None)
    admin = psycopg.connect(pg_cluster.conninfo(pg_url.rsplit("/", 1)[1]), autocommit=True)
    try:
        admin.execute(
            "CREATE FUNCTION test_die() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$"
        )
        admin.execute(
            "CREATE CONSTRAINT TRIGGER test_die AFTER INSERT ON review_audit "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_die()"
        )
        window.review.flag_current()  # F
        qtbot.waitUntil(lambda: window.banner.message is not None, timeout=10_000)
    finally:
        admin.execute("DROP TRIGGER IF EXISTS test_die ON review_audit")
        admin.execute("DROP FUNCTION IF EXISTS test_die()")
        admin.close()
    level, title, detail = shown(window)
    assert (level, title) == ("warning", "Perhaps not saved: the connection to the team store dropped.")
    assert detail.startswith(
        "Perhaps saved, in part or whole (the connection dropped while it was being saved): the flag change on "
        "Ticket #"
    )
    assert "Check what was saved before you make it again." in detail
    assert "Not saved:" not in detail
    window.close()


def test_a_case_close_made_while_the_store_is_away_is_offered_again_with_what_was_typed(
    qtbot, paths, server, team, monkeypatch
) -> None:
    """The close dialog opened with the server up (its case read), the server went away before OK: the close is
    not saved, and the dialog comes back with the outcome, loss and reason typed (it read the case again for
    that, which failed at once while the server was away: the dialog never came back, what was typed was gone)."""
    window, services = open_team_window(qtbot, paths, team)
    number, _page = on_a_new_case(qtbot, window, team)
    seen: list[dict] = []

    def exec_(dialog: CloseCaseDialog) -> int:
        seen.append(
            {
                "outcome": dialog.outcome(),
                "amount": dialog.amount.text(),
                "reason": dialog.reason.text(),
                "refusal": dialog.refusal.text() if dialog.refusal.isVisibleTo(dialog) else "",
            }
        )
        if len(seen) > 1:
            return CloseCaseDialog.DialogCode.Rejected
        server.stop(qtbot, window)  # while the person types
        dialog.outcomes[LOSS_CONFIRMED].setChecked(True)
        dialog.amount.setText("40")
        dialog.reason.setText("two bottles")
        return CloseCaseDialog.DialogCode.Accepted

    monkeypatch.setattr(CloseCaseDialog, "exec", exec_)
    window.case_actions.ask_status(number, CLOSED)  # the Status picker: Closed
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert seen[1] == {
        "outcome": LOSS_CONFIRMED,
        "amount": "40",
        "reason": "two bottles",
        "refusal": "The case was not closed: the team store's server cannot be reached; try again once the "
        "window's banner says it is back",
    }
    level, title, detail = shown(window)
    assert (level, title) == ("warning", NOT_SAVED)
    assert f"Not saved: closing case {number}." in detail
    server.start(qtbot, services)
    with team.reader() as reader:
        assert reader.cases.case(number).status != CLOSED
    window.close()


def test_two_different_notes_not_saved_are_said_apart_and_one_landing_leaves_the_other_said(
    qtbot, paths, server, team, monkeypatch
) -> None:
    """Both were "a note on case N" to the banner: the one made again, landing, took the other off it too."""
    window, services = open_team_window(qtbot, paths, team)
    number, page = on_a_new_case(qtbot, window, team)
    asked, _red = scripted_questions(
        monkeypatch, window.case_actions, ["Saw a bag", None, "Manager told", None]
    )
    server.stop(qtbot, window)
    page.note_button.click()
    qtbot.waitUntil(lambda: len(asked) == 2)
    page.note_button.click()
    qtbot.waitUntil(lambda: len(asked) == 4)
    assert (
        f"Not saved: the note “Saw a bag” on case {number}; the note “Manager told” on case {number}."
        in shown(window)[2]
    )
    server.start(qtbot, services)
    qtbot.waitUntil(lambda: window.banner.title_text() == BACK, timeout=30_000)
    window.case_actions.add_note(number, "Saw a bag")  # the first made again: it lands
    qtbot.waitUntil(lambda: window.store_ops.pending == 0 and not page.reading())
    qtbot.waitUntil(lambda: "Saw a bag" not in shown(window)[2])
    assert shown(window)[2].startswith(f"Not saved: the note “Manager told” on case {number}.\n")
    window.close()


def test_changes_to_two_terminals_not_saved_are_said_apart_and_one_landing_leaves_the_other_said(
    qtbot, paths, server, team
) -> None:
    window, services = open_team_window(qtbot, paths, team)
    repo = CameraRepository(team, MemoryCameraSecrets())
    camera = repo.add_camera("Drawer", "rtsp://cam1.local/live")
    first, second = repo.terminals()[:2]
    dialogs = [MappingDialog(repo, window.store_ops, window) for _ in range(2)]
    for dialog, terminal in zip(dialogs, (first, second), strict=True):
        dialog.open_for(terminal.location, terminal.terminal)
    server.stop(qtbot, window)
    for dialog in dialogs:
        dialog.panel.choose_available(camera.id)
        dialog.panel.add_selected()
        qtbot.waitUntil(lambda: window.store_ops.pending == 0)
    named = [terminal_label(t.location, t.terminal) for t in (first, second)]
    assert f"Not saved: the cameras added to {named[0]}; the cameras added to {named[1]}." in shown(window)[2]
    server.start(qtbot, services)
    qtbot.waitUntil(lambda: window.banner.title_text() == BACK, timeout=30_000)
    panel = dialogs[1].panel
    panel.choose_available(camera.id)  # the second terminal's, made again: it lands
    panel.add_selected()
    qtbot.waitUntil(lambda: panel.selected.camera_ids() == [camera.id])
    assert f"Not saved: the cameras added to {named[0]}.\n" in shown(window)[2]
    for dialog in dialogs:
        dialog.close()
    window.close()


class DyingCommit:
    """The server ends the writer's session as it commits a row ``event`` of ``table`` (a deferred trigger
    terminates its own backend): whether the change landed is not known."""

    def __init__(self, pg_cluster: Cluster, pg_url: str, table: str, event: str = "INSERT") -> None:
        import psycopg

        self.admin = psycopg.connect(pg_cluster.conninfo(pg_url.rsplit("/", 1)[1]), autocommit=True)
        self._trigger = ExitStack()
        self._trigger.enter_context(
            planted(self.admin, table, ENDS_ITS_SESSION, initially="DEFERRED", event=event)
        )

    def close(self) -> None:
        self._trigger.close()
        self.admin.close()


def test_a_note_perhaps_saved_is_not_offered_at_once_but_from_the_banner_once_checked(
    qtbot, paths, team, pg_cluster, pg_url, monkeypatch
) -> None:
    """The note perhaps landed: its dialog, back at once with OK one click away, made it a second entry of the
    case's history. Now the banner offers what was typed, for when the person has checked."""
    window, _services = open_team_window(qtbot, paths, team)
    number, page = on_a_new_case(qtbot, window, team)
    asked, red = scripted_questions(monkeypatch, window.case_actions, ["Saw a bag", None])
    dying = DyingCommit(pg_cluster, pg_url, "review_audit")
    try:
        page.note_button.click()
        qtbot.waitUntil(lambda: window.banner.message is not None, timeout=10_000)
    finally:
        dying.close()
    qtbot.waitUntil(lambda: window.store_ops.pending == 0)
    qtbot.wait(50)  # (a dialog offered again would have been asked by now: a zero-time timer)
    assert len(asked) == 1  # not offered again at once
    level, title, detail = shown(window)
    assert (level, title) == ("warning", "Perhaps not saved: the connection to the team store dropped.")
    assert f"the note “Saw a bag” on case {number}" in detail
    again = [b for b in window.banner.findChildren(QPushButton) if b.text() == "Open what was typed…"]
    assert len(again) == 1
    again[0].click()  # the person checked: what was typed, offered under the "perhaps" line
    qtbot.waitUntil(lambda: len(asked) == 2)
    label, value = asked[1]
    assert value == "Saw a bag"
    assert label.startswith("Perhaps not saved, or only in part")
    assert red == []
    window.close()


def test_a_new_camera_perhaps_saved_is_refused_when_saved_again_never_made_twice(
    qtbot, paths, team, pg_cluster, pg_url
) -> None:
    """The camera committed, then its password's mark was lost as it committed: saved again, it was made a
    second time under a new id ("door-2")."""
    window, _services = open_team_window(qtbot, paths, team)
    repo = CameraRepository(team, MemoryCameraSecrets())
    editor = CameraEditDialog(repo, window.store_ops, None, window)
    editor.name.setText("Door")
    editor.url.setText("rtsp://cam2.local/live")
    editor.password.setText("secret")
    dying = DyingCommit(pg_cluster, pg_url, "cameras", "UPDATE")
    try:
        editor.save()
        qtbot.waitUntil(lambda: window.store_ops.pending == 0, timeout=10_000)
    finally:
        dying.close()
    assert editor.error.text().startswith("Perhaps not saved") and editor.save_button.isEnabled()
    assert [c.name for c in repo.cameras()] == ["Door"]  # it did land
    editor.save()  # saved again: the same camera, refused as such
    qtbot.waitUntil(lambda: window.store_ops.pending == 0, timeout=10_000)
    assert "already in use" in editor.error.text()
    assert [c.name for c in repo.cameras()] == ["Door"]  # not a second "Door"
    editor.close()
    window.close()
