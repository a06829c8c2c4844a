"""Assistive technology can name every control of the main window, and read the selected receipt.

The walk asks Qt's accessibility layer (what a screen reader is given), so a button's text or a line
edit's buddy label counts as its name; widgets that are parts of another control (a spin box's line edit,
a combo box's popup, a table's scroll bars and header) are named through that control."""

from __future__ import annotations

import re

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from ows_desktop.itemmodels.ticket_columns import format_money

pytestmark = OFFSCREEN_NOISE

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabBar,
    QTabWidget,
    QAbstractSlider,
    QTextEdit,
)
# Parts of a composite control: the control itself carries the name.
PART_OF = (QComboBox, QAbstractSpinBox, QTabBar, QHeaderView, QScrollBar)
QT_PARTS = {"QLineEditIconButton", "QTableCornerButton", "QCalendarWidget"}


def _is_part(widget: QWidget, window: QWidget) -> bool:
    if isinstance(widget, (QHeaderView, QScrollBar)) or widget.objectName().startswith("qt_"):
        return True
    if type(widget).__name__ in QT_PARTS or widget.metaObject().className() in QT_PARTS:
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, PART_OF) or parent.metaObject().className() in QT_PARTS:
            return True
        parent = parent.parentWidget()
    return False


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces. Qt derives one from a button's text and from a line edit's or
    spin box's buddy label; a combo box's derived "name" is only its current value, and a table, tree,
    tab widget, slider or text view has none: those need an explicit name."""
    explicit = widget.accessibleName().strip()
    if explicit or not isinstance(widget, (QAbstractButton, QLineEdit, QAbstractSpinBox)):
        return explicit
    interface = QAccessible.queryAccessibleInterface(widget)
    derived = (interface.text(QAccessible.Text.Name) if interface is not None else "") or ""
    derived = derived.replace("&", "").strip()
    return derived if any(c.isalpha() for c in derived) else ""  # "✕" or "|▶" is no name


def unnamed_controls(window: QWidget) -> list[str]:
    """Interactive widgets without a usable name, or sharing their name with a sibling control."""
    problems = []
    seen: dict[tuple[int, str], QWidget] = {}
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _is_part(widget, window):
            continue
        name = accessible_name(widget)
        where = f"{type(widget).__name__} {widget.objectName()!r} in {_path(widget, window)}"
        if not name:
            problems.append(f"no name: {where}")
            continue
        key = (id(widget.parentWidget()), name.lower())
        if key in seen:
            problems.append(f"same name {name!r} as a sibling: {where}")
        seen[key] = widget
    return problems


def _path(widget: QWidget, window: QWidget) -> str:
    names = []
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        names.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    return "/".join(reversed(names))


@pytest.fixture
def window(qtbot, paths, filled_store):
    return open_window(qtbot, make_services(paths, filled_store))


def test_every_control_of_the_main_window_has_an_accessible_name(window) -> None:
    assert unnamed_controls(window) == []


def test_the_selected_receipt_is_read_out_from_the_table_and_the_receipt_view(qtbot, window) -> None:
    page = window.receipts
    qtbot.waitUntil(lambda: (page.total() or 0) > 1)
    described = []
    for row in (0, 1):
        page.select_row(row)
        qtbot.waitUntil(lambda: page.receipt.ticket() is not None and page.current_key() is not None)
        ticket = page.receipt.ticket()
        assert ticket.key == page.current_key()
        description = page.table.accessibleDescription()
        assert description == page.receipt.browser.accessibleDescription()
        assert ticket.terminal in description
        assert f"Operator {ticket.operator} ({ticket.operator_id})" in description  # who: names repeat
        assert f"Total {format_money(ticket.total)}" in description
        started = re.search(r"Started \d{4}-\d\d-\d\d (\d\d:\d\d) (UTC\S*)\.", description)
        assert started, description  # the store's time, as the receipt shows it
        assert started.group(1) in page.receipt.text() and started.group(2) in page.receipt.text()
        assert f"{len(ticket.lines)} line" in description
        first = ticket.lines[0]
        assert (first.description or first.sku) in description
        described.append(description)
    assert described[0] != described[1]  # kept current as the selection moves


# --------------------------------------------------------------------------------------------- dialogs
FIELDS = (QLineEdit, QAbstractSpinBox, QComboBox, QTextEdit, QPlainTextEdit)


def unlabelled_fields(dialog: QWidget) -> list[str]:
    """Shown text, number and choice fields that no label names (a screen reader and Alt+letter reach a
    field through its label's buddy)."""
    buddies = {id(label.buddy()) for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    return [
        f"no label: {type(w).__name__} {w.objectName()!r} ({accessible_name(w)!r}) in {_path(w, dialog)}"
        for w in dialog.findChildren(QWidget)
        if isinstance(w, FIELDS)
        and not _is_part(w, dialog)
        and id(w) not in buddies
        and w.isVisibleTo(dialog)
    ]


def dialog_problems(dialog: QWidget) -> list[str]:
    return unnamed_controls(dialog) + unlabelled_fields(dialog)


def open_dialogs(qtbot, window, services) -> dict[str, QWidget]:
    """Every dialog of the window, open (the modal ones built as the window builds them)."""
    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.store.cameras import CameraRepository
    from ows_desktop.tasks.store_ops import StoreOps
    from ows_desktop.ui.camera_edit_dialog import CameraEditDialog
    from ows_desktop.ui.case_dialogs import AddToCaseDialog, NewCase, NewCaseDialog
    from ows_desktop.ui.case_questions import CloseCaseDialog
    from ows_desktop.ui.flag_dialog import FlagDialog
    from ows_desktop.ui.mapping_window import MappingDialog

    ops = StoreOps(parent=window)
    repo = CameraRepository(services.store, MemoryCameraSecrets())
    subject = NewCase("Refunds at S027", operator="Ana", location="S027", terminal="R01")
    dialogs: dict[str, QWidget] = {
        "connection": window.connection_dialog(),
        "preferences": window.preferences.open(),
        "flag": FlagDialog(["Ticket #7742 (S027-R01)"], parent=window),
        "flag several": FlagDialog(["Ticket #7742 (S027-R01)", "Ticket #68 (S063-R02)"], parent=window),
        "export": window.export.dialog(),
        "mapping": MappingDialog(repo, ops, window),
        "camera": CameraEditDialog(repo, ops, parent=window),
        "new case": NewCaseDialog(subject, window),
        "add to case": AddToCaseDialog(2, [], subject, window),
        "close case": CloseCaseDialog(services.store.cases.new_case("Refunds at S027"), window),
    }
    for dialog in dialogs.values():
        dialog.show()
    return dialogs


def test_every_control_of_every_dialog_has_an_accessible_name_and_a_label(qtbot, paths, filled_store) -> None:
    services = make_services(paths, filled_store)
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    dialogs = open_dialogs(qtbot, window, services)
    preferences = dialogs["preferences"]
    problems = {}
    for name, dialog in dialogs.items():
        found = dialog_problems(dialog)
        if found:
            problems[name] = found
    assert problems == {}
    # every page of the preferences, and the window's About box
    assert len(preferences.pages) == 6
    seen: dict[str, list[str]] = {}

    def about() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, about)
            return
        seen["about"] = [*dialog_problems(box), f"title {box.windowTitle()!r}"]
        box.close()

    QTimer.singleShot(0, about)
    window.about()
    assert seen["about"] == ["title 'About OWS Desktop'"]
    for dialog in dialogs.values():
        dialog.close()


def test_every_dialog_shows_its_whole_title_in_the_title_bar(qtbot, qapp, paths, filled_store) -> None:
    """The title bar shows "Add to case — OWS Desktop" in bold beside the icon and the buttons (~160 px): the
    dialogs sized to their contents showed "Add to… esktop"."""
    from PySide6.QtGui import QFont, QFontMetrics

    previous = qapp.applicationDisplayName()
    qapp.setApplicationDisplayName("OWS Desktop")  # what the app sets, and Qt appends to every title
    try:
        services = make_services(paths, filled_store)
        window = open_window(qtbot, services)
        qtbot.waitUntil(lambda: window.connection_dialog() is not None)
        narrow = {}
        for name, dialog in open_dialogs(qtbot, window, services).items():
            bold = QFont(dialog.font())
            bold.setBold(True)
            needed = QFontMetrics(bold).horizontalAdvance(f"{dialog.windowTitle()} — OWS Desktop") + 160
            if dialog.width() < needed:
                narrow[name] = (dialog.windowTitle(), dialog.width(), needed)
            # and the layout still keeps the dialog at least as big as its contents need (a minimum width
            # set on the dialog replaced the layout's own: Flag's reason field ran out past its edge)
            contents, minimum = dialog.layout().totalMinimumSize(), dialog.minimumSize()
            if minimum.width() < contents.width() or minimum.height() < contents.height():
                narrow[name] = ("contents", minimum, contents)
    finally:
        qapp.setApplicationDisplayName(previous)
    assert narrow == {}
