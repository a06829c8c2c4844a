"""A new case's store, register and operator in the window: picked among those the cache's tickets name, and
a value no synced ticket names is asked about before it is kept (Store "S999" for tickets of S027 and S063
was accepted and became the signed PDF's title, "Case C-2026-0001 … (store S999)")."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, cases_read, landed, make_services, open_window, when_modal
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ows_desktop.itemmodels.cases import COL_SUBJECT
from ows_desktop.store.case_subjects import KnownSubjects
from ows_desktop.store.cases import CaseFilter
from ows_desktop.ui.case_dialogs import AddToCaseDialog, NewCase, NewCaseDialog

pytestmark = OFFSCREEN_NOISE


def answer_question(answer: str, seen: list[str], tries: int = 250) -> None:
    """Click ``answer`` in the next "Not among the synced tickets" question, noting its text."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox) or box.objectName() != "unknownSubjectQuestion":
        if tries:
            QTimer.singleShot(20, lambda: answer_question(answer, seen, tries - 1))
        return
    seen.append(box.text())
    (button,) = [b for b in box.buttons() if b.text() == answer]
    button.click()


def test_the_subject_is_picked_among_the_known_and_an_unknown_store_is_asked_about(
    qtbot, filled_store
) -> None:
    with filled_store.reader() as reader:
        known = KnownSubjects.read(reader)
        stores = reader.distinct_values("location")
    assert len(stores) >= 2 and known.stores == tuple(sorted(stores))
    dialog = AddToCaseDialog(2, [], NewCase("Refunds"), None, known)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.fields.location
    assert [picker.itemData(i) for i in range(picker.count())] == list(known.stores)
    assert picker.completer().filterMode() == Qt.MatchFlag.MatchContains  # "063" finds S063
    assert dialog.fields.operator.count() == len(known.operators) > 0

    picker.lineEdit().setText("S999")
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_question("Change it", seen))
    dialog.ok.click()
    assert seen == [
        "No ticket synced to this computer names the store “S999”.\n\nIt may be right (a store whose tickets "
        "are not synced yet), or a typo: the case's evidence will name it as what the case is about."
    ]
    assert dialog.isVisible() and dialog.result() == 0  # still open, the store to correct
    assert picker.lineEdit().selectedText() == "S999"

    picker.lineEdit().setText(stores[1].lower())  # a known store typed in the wrong case: said which
    QTimer.singleShot(0, lambda: answer_question("Change it", seen))
    dialog.ok.click()
    assert f"Did you mean “{stores[1]}”?" in seen[-1]

    picker.setCurrentIndex(1)  # chosen from the list: nothing asked
    dialog.ok.click()
    assert not dialog.isVisible() and len(seen) == 2
    assert dialog.choice().new.location == stores[1]

    new = NewCaseDialog(NewCase("New store"), None, known)
    qtbot.addWidget(new)
    new.fields.location.lineEdit().setText("S200")
    new.fields.operator.lineEdit().setText("Nobody Here")
    QTimer.singleShot(0, lambda: answer_question("Keep it", seen))
    new.ok.click()  # a store not synced yet: kept once the person says so
    assert "the store “S200”" in seen[-1] and "the operator “Nobody Here”" in seen[-1]
    assert new.result() == 1 and new.value().location == "S200" and new.value().operator == "Nobody Here"


def test_add_to_case_from_the_window_asks_before_it_files_tickets_under_a_store_nobody_synced(
    qtbot, paths, filled_store
) -> None:
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    page = window.receipts
    qtbot.waitUntil(lambda: page.total() is not None and page.model.rowCount() > 3)
    page.table.setCurrentIndex(page.model.index(0, 0))
    row = page.model.ticket_row(0)
    seen: list[str] = []

    def fill_in(dialog: AddToCaseDialog) -> None:
        # prefilled from the receipt, its store among those offered
        assert dialog.fields.location.currentData() == row.location
        assert dialog.fields.location.findData(row.location) >= 0
        dialog.fields.title.setText("Ghost store")
        dialog.fields.location.lineEdit().setText("S999")
        QTimer.singleShot(0, lambda: answer_question("Keep it", seen))
        dialog.ok.click()

    when_modal(AddToCaseDialog, fill_in)
    window.case_actions.ask_add_to_case()
    landed(qtbot, window)
    assert len(seen) == 1 and "“S999”" in seen[0]
    with filled_store.reader() as reader:
        (case,) = reader.cases.cases(CaseFilter())
    assert case.title == "Ghost store" and case.location == "S999"  # kept: the person said so


def test_a_case_of_no_subject_says_so_in_words(qtbot, paths, filled_store) -> None:
    """The header read "Subject: —": a case opened without a store, register or operator says "no subject"."""
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    number = filled_store.cases.new_case("Audit case").number
    page = window.cases
    window.tabs.setCurrentWidget(page)
    cases_read(qtbot, page, select=number)
    assert page.current_case().number == number
    assert "\nSubject: no subject · Status: Open" in page.header.text()
    assert page.model.index(0, COL_SUBJECT).data() == "—"  # the list's empty cell, as the Assignee's


def test_the_value_suggested_is_taken_with_one_click_and_typing_matches_whatever_the_accents(qtbot) -> None:
    """ "Did you mean “Yuki Brontë (E1031)”?" offered only Keep it / Change it: taking it meant retyping it.
    "Use “…”" (the default) puts the known value in the field and the dialog goes on; and typing "bronte"
    lists "Yuki Brontë (E1031)" as typing "Brontë" does."""
    known = KnownSubjects(
        stores=("S027",),
        operators=("Ana Lucia (E1002)", "Yuki Brontë (E1031)"),
        operator_names=frozenset({"Ana Lucia", "E1002", "Yuki Brontë", "E1031"}),
    )
    dialog = NewCaseDialog(NewCase("Audit"), None, known)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.fields.operator
    completer = picker.completer()
    for typed in ("bronte", "BRONTË", "yuki  bronte"):
        completer.setCompletionPrefix(typed)
        assert completer.completionCount() == 1, typed
        assert completer.currentCompletion() == "Yuki Brontë (E1031)", typed
    completer.setCompletionPrefix("lucia")
    assert completer.currentCompletion() == "Ana Lucia (E1002)"

    picker.lineEdit().setText("Yuki Bronte")
    dialog.fields.location.lineEdit().setText("S999")  # nothing near it: asked about again, alone
    seen: list[str] = []
    defaults: list[str] = []

    def answer(text: str):
        def act(tries: int = 250) -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox) or box.objectName() != "unknownSubjectQuestion":
                if tries:
                    QTimer.singleShot(20, lambda: act(tries - 1))
                return
            seen.append(box.text())
            defaults.append(box.defaultButton().text())
            buttons = [b for b in box.buttons() if b.text() == text] or [
                box.escapeButton()
            ]  # missing: Change
            buttons[0].click()

        return act

    QTimer.singleShot(0, answer("Use “Yuki Brontë (E1031)”"))
    # the store has nothing to suggest: asked again about it alone, and kept
    picker.currentIndexChanged.connect(lambda _i: QTimer.singleShot(0, answer("Keep it")))
    dialog.ok.click()
    assert len(seen) == 2 and "Did you mean “Yuki Brontë (E1031)”?" in seen[0] and "S999" in seen[0]
    assert defaults == ["Use “Yuki Brontë (E1031)”", "Change it"]
    assert "operator" not in seen[1] and "“S999”" in seen[1]
    assert dialog.result() == 1
    assert dialog.value().operator == "Yuki Brontë (E1031)" and dialog.value().location == "S999"
    assert picker.currentText() == "Yuki Brontë (E1031)"


def _type_then_tab(qtbot, picker, text: str) -> None:
    """Type ``text`` into a subject picker as a person does (its list pops up), then press Tab."""
    picker.setFocus()
    picker.lineEdit().clear()
    qtbot.keyClicks(picker.lineEdit(), text)
    popup = picker.completer().popup()
    qtbot.keyClick(popup if popup.isVisible() else picker.lineEdit(), Qt.Key.Key_Tab)


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")
def test_an_employee_id_typed_as_the_operator_becomes_the_operator_the_picker_offers(
    qtbot, paths, store
) -> None:
    """A tester typed the operator of a new case (Add to case… → A new case) as "E1031" and pressed Tab and OK:
    the case was stored as "operator E1031" (case show, the Cases tab, the PDF's cover) where the picker
    offered "Yuki Brontë (E1031)". An ID that names one operator is that operator, in the field and in the
    case; an ID of two names stays as typed (not chosen for the person), as does one no ticket names."""
    from review_helpers import tk

    store.upsert_tickets(
        [
            tk("T-1", location="S027", terminal="S027-R01", operator="Yuki Brontë", operator_id="E1031"),
            tk("T-2", location="S027", terminal="S027-R01", operator="Bo Lind", operator_id="E1099"),
            tk("T-3", location="S063", terminal="S063-R01", operator="Bo Lindqvist", operator_id="E1099"),
        ]
    )
    window = open_window(qtbot, make_services(paths, store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    page = window.receipts
    qtbot.waitUntil(lambda: page.total() is not None and page.model.rowCount() == 3)
    (row,) = [i for i in range(3) if page.model.ticket_row(i).key == "T-1"]
    page.table.setCurrentIndex(page.model.index(row, 0))
    typed: list[str] = []

    def fill_in(dialog: AddToCaseDialog) -> None:
        # Tab moves the focus (and ends the edit) in the active window only: without a window manager the
        # dialog may be shown and not yet active (CI's Xvfb), and the Tab then did nothing
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.new_radio.setChecked(True)
        dialog.fields.title.setText("Till 1")
        picker = dialog.fields.operator
        _type_then_tab(qtbot, picker, "E1099")  # two names: stays as typed
        typed.append(picker.currentText())
        _type_then_tab(qtbot, picker, "E1031")
        typed.append(picker.currentText())  # was "E1031"
        dialog.ok.click()

    when_modal(AddToCaseDialog, fill_in)
    window.case_actions.ask_add_to_case()
    landed(qtbot, window)
    assert typed == ["E1099", "Yuki Brontë (E1031)"]
    with store.reader() as reader:
        (case,) = reader.cases.cases(CaseFilter())
    assert case.operator == "Yuki Brontë (E1031)"  # the stored case: case show and the PDF say it so
    cases = window.cases
    window.tabs.setCurrentWidget(cases)
    cases_read(qtbot, cases, select=case.number)
    assert (
        "\nSubject: operator Yuki Brontë (E1031) · store S027 · register S027-R01 · Status"
        in cases.header.text()
    )
    assert cases.model.index(0, COL_SUBJECT).data().startswith("operator Yuki Brontë (E1031)")
    window.close()


def test_an_id_typed_then_ok_is_the_operator_and_one_of_several_names_or_none_stays_as_typed(qtbot) -> None:
    """OK pressed with the ID still in the field (no Tab) keeps the operator the ID names too; "e1031" (another
    letter case) is asked about with the operator offered ("Use “…”"), "E1099" (two names) is kept as typed
    and "E9999" (no ticket) asked about as before."""
    known = KnownSubjects(
        operators=("Bo Lind (E1099)", "Bo Lindqvist (E1099)", "Yuki Brontë (E1031)"),
        operator_names=frozenset({"Bo Lind", "Bo Lindqvist", "E1099", "Yuki Brontë", "E1031"}),
        operator_ids=(("E1031", "Yuki Brontë (E1031)"), ("E1099", "Bo Lind (E1099)"),
                      ("E1099", "Bo Lindqvist (E1099)")),
    )  # fmt: skip
    seen: list[str] = []
    for text, answer, kept in (
        ("E1031", None, "Yuki Brontë (E1031)"),
        ("e1031", "Use “Yuki Brontë (E1031)”", "Yuki Brontë (E1031)"),
        ("E1099", None, "E1099"),
        ("E9999", "Keep it", "E9999"),
    ):
        dialog = NewCaseDialog(NewCase("Audit"), None, known)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.fields.operator.lineEdit().setText(text)
        asked = len(seen)
        if answer:
            QTimer.singleShot(0, lambda answer=answer: answer_question(answer, seen))
        dialog.ok.click()
        assert dialog.result() == 1 and dialog.value().operator == kept, text
        assert len(seen) == asked + (answer is not None), text  # asked only where the cache has no such ID
    assert "Did you mean “Yuki Brontë (E1031)”?" in seen[0] and "Did you mean" not in seen[1]
