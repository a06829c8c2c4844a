"""The review widgets: the exception ranking model (qtmodeltester), the Exceptions view, the flag dialog and
the Flagged view's filter bar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from review_helpers import T0, ln, tk

from ows_desktop.itemmodels.exceptions import (
    COL_EXCEPTIONS,
    COL_NAME,
    COL_SCORE,
    FIXED_COLUMNS,
    ExceptionRankingModel,
    FilterRole,
    SortRole,
)
from ows_desktop.rules import Ranking, RankingRow, RuleConfig, RuleRunner, rank_exceptions
from ows_desktop.store import TicketQuery, open_store
from ows_desktop.ui.exceptions_view import ExceptionsView
from ows_desktop.ui.flag_dialog import FlagDialog, FlaggedFilterBar, FlagRequest, apply_request

START, END = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 8, tzinfo=UTC)


def sample_ranking(by: str = "operator") -> Ranking:
    rows = (
        RankingRow("Zoë", None if by == "operator" else "S1", 40, 6, 9, 24.0,
                   {"ticket_void": 3, "no_sale": 3, "void_then_no_sale": 3},
                   operator_id="E1" if by == "operator" else None),
        RankingRow("Ana", None if by == "operator" else "S1", 120, 6, 6, 6.0, {"no_sale": 6},
                   operator_id="E2" if by == "operator" else None),
    )  # fmt: skip
    return Ranking(by, START, END, ("line_void", "ticket_void", "no_sale", "void_then_no_sale"), rows)


def test_ranking_model_passes_the_model_tester(qtmodeltester) -> None:
    model = ExceptionRankingModel()
    qtmodeltester.check(model)
    model.set_ranking(sample_ranking(), RuleConfig())
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.columnCount() == FIXED_COLUMNS + 3  # rules that never fired in the range get no column
    assert model.rules == ("ticket_void", "no_sale", "void_then_no_sale")
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header == ["Operator", "Tickets", "Exceptions", "Score", "Per 100", "vs store peers", "Whole-ticket void",
                      "No-sale drawer open", "Void then no-sale"]  # fmt: skip
    zoe_pattern = model.index(0, FIXED_COLUMNS + 2)
    assert zoe_pattern.data() == "3" and zoe_pattern.data(SortRole) == 3
    assert zoe_pattern.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(1, FIXED_COLUMNS).data() == ""  # Ana: no whole-ticket voids
    assert model.index(0, COL_SCORE).data() == "24"  # weighted findings
    zoe = model.index(0, COL_EXCEPTIONS)  # her 6 tickets with an exception (9 findings): what a click lists
    assert zoe.data() == "6" and zoe.data(SortRole) == 6
    assert model.index(1, 4).data() == "5.0"  # 6 per 120 tickets
    assert zoe_pattern.data(FilterRole) == {
        "start": START,
        "end": END,
        "operator_keys": ("id:E1",),
        "exceptions": ("void_then_no_sale",),
    }
    assert model.index(1, COL_NAME).data(FilterRole) == {
        "start": START,
        "end": END,
        "operator_keys": ("id:E2",),
    }
    assert model.index(0, COL_NAME).data() == "Zoë (E1)"
    model.set_ranking(sample_ranking("terminal"))
    qtmodeltester.check(model)
    assert model.index(0, COL_NAME).data() == "S1 · Zoë"
    assert model.index(0, COL_NAME).data(FilterRole)["terminals"] == ("Zoë",)
    model.set_ranking(None)
    assert model.rowCount() == 0


def test_exceptions_view_loads_ranks_and_emits_a_filter_on_click(qtbot) -> None:
    calls: list[tuple[datetime | None, datetime | None, str]] = []

    def loader(start, end, by):
        calls.append((start, end, by))
        return sample_ranking(by)

    view = ExceptionsView(loader, tz=UTC, today=date(2026, 3, 7))
    qtbot.addWidget(view)
    view.refresh()
    assert calls[-1] == (datetime(2026, 2, 6, tzinfo=UTC), datetime(2026, 3, 8, tzinfo=UTC), "operator")
    assert "2 operators, 12 tickets with an exception" in view.status.text()  # not the 15 findings
    table = view.table
    top = table.model().index(0, COL_NAME)
    assert top.data() == "Zoë (E1)"  # sorted by score, highest first
    cell = table.model().index(0, FIXED_COLUMNS + 2)
    with qtbot.waitSignal(view.filterRequested) as blocker:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(cell).center())
    assert blocker.args[0]["exceptions"] == ("void_then_no_sale",)
    assert TicketQuery(**blocker.args[0]).operator_keys == ("id:E1",)
    view.group_combo.setCurrentIndex(1)
    assert calls[-1][2] == "terminal"
    with qtbot.waitSignal(view.runRulesRequested):
        view.run_button.click()

    def broken(*_args):
        raise RuntimeError("cache is busy")

    failing = ExceptionsView(broken, tz=UTC)
    qtbot.addWidget(failing)
    with qtbot.waitSignal(failing.loadFailed):
        failing.refresh()
    assert "cache is busy" in failing.status.text()


def test_exceptions_view_on_a_real_store(qtbot, tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        store.upsert_tickets(
            [tk("ns", status="no_sale", lines=()), tk("ok", start=T0 + timedelta(minutes=1))]
        )
        RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).run_all(store)
        reader = store.reader()
        try:
            view = ExceptionsView(
                lambda start, end, by: rank_exceptions(reader, start, end, by=by), tz=UTC, today=T0.date()
            )
            qtbot.addWidget(view)
            view.refresh()
            assert view.model.rowCount() == 1
            assert view.model.index(0, COL_NAME).data() == "S1 · Ana (no employee ID)"  # tk() carries no ID
        finally:
            reader.close()


@pytest.fixture
def store(store):
    store.upsert_tickets([tk("a"), tk("b", start=T0 + timedelta(minutes=1), lines=(ln("B"),))])
    return store


def test_flag_dialog_for_one_ticket(qtbot, store) -> None:
    store.review.flag_ticket("a", reason="No-sale", note="first look", who="jane")
    with store.reader() as reader:
        current = reader.review.review_of("a")
    dialog = FlagDialog(["a"], current=current, reasons=["my own words"])
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Flag a"
    assert dialog.reason_combo.currentText() == "No-sale"
    assert dialog.state_combo.currentData() == "to_review"
    assert "first look" in dialog.history.toPlainText() and not dialog.history.isHidden()
    assert dialog.unflag_button is not None
    dialog.reason_combo.setEditText("discount abuse")
    dialog.state_combo.setCurrentIndex(dialog.state_combo.findData("confirmed"))
    dialog.note_edit.setPlainText("Manager approved his own 50 %.")
    with qtbot.waitSignal(dialog.requested) as blocker:
        dialog.ok_button.click()
    request = blocker.args[0]
    assert request == FlagRequest("flag", "Discount abuse", "confirmed", "Manager approved his own 50 %.")
    assert dialog.request() == request
    apply_request(store, ["a"], request, who="jane")
    with store.reader() as reader:
        flag = reader.review.flag_of("a")
        assert flag is not None and (flag.reason, flag.state) == ("Discount abuse", "confirmed")


def test_the_flag_dialog_refuses_a_typed_reason_longer_than_a_label_and_keeps_an_older_one(
    qtbot, store, monkeypatch
) -> None:
    """A reason is a label (a 100 KB one ran over pages of the PDF): OK on a longer typed reason says so and
    keeps the dialog open with the text; a reason stored before the limit is shown whole and OK keeps it (a
    first version cut it, or failed on OK with an error box, or cut a long one chosen for several tickets)."""
    import sqlite3
    from contextlib import closing

    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    dialog = FlagDialog(["a"])
    qtbot.addWidget(dialog)
    dialog.reason_combo.setEditText("r" * 201)
    dialog.ok_button.click()
    assert dialog.request() is None and dialog.reason_combo.currentText() == "r" * 201
    assert said == [
        "A flag reason is a short label of at most 200 characters (this one has 201); put the details in the note."
    ]

    store.review.flag_ticket("a", reason="short")
    older = (
        "o" * 150 + "\U0001f600" * 150
    )  # code points beyond the 200: and past the BMP (a line edit's units)
    with closing(sqlite3.connect(store.path, isolation_level=None)) as conn:  # as an older version stored it
        conn.execute("UPDATE flags SET reason = ? WHERE ticket_key = 'a'", (older,))
    with store.reader() as reader:
        current = reader.review.review_of("a")
        in_use = reader.review.reasons_in_use()
    kept = FlagDialog(["a"], current=current)
    qtbot.addWidget(kept)
    assert kept.reason_combo.currentText() == older
    kept.ok_button.click()
    assert kept.request() is not None and kept.request().reason == older and len(said) == 1
    bulk = FlagDialog(["a", "b"], reasons=in_use)  # chosen from the list for two tickets: whole
    qtbot.addWidget(bulk)
    bulk.reason_combo.setCurrentIndex(bulk.reason_combo.findText(older))
    bulk.ok_button.click()
    assert bulk.request() is not None and bulk.request().reason == older


@OFFSCREEN_NOISE  # the question box, on the offscreen platform
def test_flag_dialog_remove_and_bulk_keeps_existing_reasons(qtbot, store) -> None:
    store.review.flag_ticket("a", reason="Sweethearting", state="confirmed")
    dialog = FlagDialog(["a", "b"])
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Flag 2 tickets"
    assert dialog.state_combo.currentData() is None  # keep each ticket's state
    with qtbot.waitSignal(dialog.requested) as blocker:
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel) is not None
        dialog.ok_button.click()
    apply_request(store, ["a", "b"], blocker.args[0], who="sam")
    with store.reader() as reader:
        a, b = reader.review.flag_of("a"), reader.review.flag_of("b")
    assert a is not None and (a.reason, a.state) == ("Sweethearting", "confirmed")
    assert b is not None and (b.reason, b.state) == (None, "to_review")
    remove = FlagDialog(["a", "b"])
    qtbot.addWidget(remove)
    remove.note_edit.setPlainText("false alarm")
    assert remove.unflag_button is not None
    # several tickets' flags go only once the person says so (Shift+F took a worked-on flag off silently)
    asked: list[str] = []
    answer_question(qtbot, asked, QMessageBox.StandardButton.Cancel)
    with qtbot.assertNotEmitted(remove.requested):
        remove.unflag_button.click()
    assert asked == ["Remove the flags from 2 tickets? Their reasons, review states and notes no longer show "
                     "in the list and the exports; the audit trail keeps them."]  # fmt: skip
    assert remove.note_edit.toPlainText() == "false alarm"
    answer_question(qtbot, asked, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(remove.requested) as blocker:
        remove.unflag_button.click()
    assert blocker.args[0] == FlagRequest("unflag", None, None, "false alarm")
    apply_request(store, ["a", "b"], blocker.args[0])
    with store.reader() as reader:
        assert reader.count(TicketQuery(flagged=True)) == 0
    fresh = FlagDialog(["b"])
    qtbot.addWidget(fresh)
    assert fresh.unflag_button is None and fresh.history.isHidden()


def test_flagged_filter_bar(qtbot) -> None:
    bar = FlaggedFilterBar(["Cash in pocket"])
    qtbot.addWidget(bar)
    assert bar.query_filter() == {"flagged": True, "flag_reasons": (), "review_states": ()}
    with qtbot.waitSignal(bar.filterChanged) as blocker:
        bar.state_buttons["confirmed"].click()
    assert blocker.args[0]["review_states"] == ("confirmed",)
    with qtbot.waitSignal(bar.filterChanged) as blocker:
        bar.reason_combo.setCurrentIndex(bar.reason_combo.findText("Cash in pocket"))
    assert blocker.args[0] == {
        "flagged": True,
        "flag_reasons": ("Cash in pocket",),
        "review_states": ("confirmed",),
    }
    TicketQuery(**blocker.args[0])  # a valid query
    bar.set_reasons(["Other words"])
    assert bar.reason_combo.findText("Other words") > 0


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_escape_asks_before_it_throws_away_a_typed_note(qtbot, monkeypatch) -> None:
    """Escape in Edit flag… threw a note the person had typed away without a word."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    answers, asked = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard], []
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text, *_a: asked.append(text) or answers.pop(0)
    )
    dialog = FlagDialog(["a"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert not dialog.isVisible() and asked == []
    dialog.show()
    qtbot.keyClicks(dialog.note_edit, "seen on camera 2 at 14:02")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and asked == ["Discard the note you typed? Nothing of this dialog is saved."]
    assert dialog.note_edit.toPlainText() == "seen on camera 2 at 14:02"  # kept: the person chose Cancel
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.request() is None and len(asked) == 2


def answer_question(qtbot, asked: list[str], button) -> None:
    """Answer the next question box with ``button`` (its text appended to ``asked``), from inside its loop."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, answer)
