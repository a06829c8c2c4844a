"""The window in French at 1440 px, after a session in English: the receipts table came back with the English
session's column widths, so the status chip read "Rembourse…" and the headers "Magasi" and "rticles" while the
Exceptions column had room to spare; the Exceptions tab's footer ran off the window's edge; a refund's
exception chip said "Retour" beside its status "Remboursement"."""

from __future__ import annotations

from typing import Any

from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from PySide6.QtCore import QPoint, QRect, Qt

from ows_desktop.itemmodels.ticket_columns import COL_ITEMS, COL_LOCATION, COL_STATUS, COL_TERMINAL, COL_TOTAL
from ows_desktop.ui.column_fit import TEXT_COLUMNS, _title_width, content_width

pytestmark = OFFSCREEN_NOISE


def test_widths_saved_in_english_make_room_for_the_french_titles_and_statuses(
    qtbot: Any, paths: Any, filled_store: Any
) -> None:
    from ows_desktop.ui.translation import install_translation

    services = make_services(paths, filled_store)
    english = offline_window(qtbot, services)
    english.resize(1440, 900)
    qtbot.waitUntil(lambda: english.receipts.model.rowCount() > 0)
    english.save_state()
    english.close()
    translation = install_translation("fr_FR")
    try:
        window = offline_window(qtbot, make_services(paths, filled_store, settings=services.settings))
        window.resize(1440, 900)
        table = window.receipts.table
        qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0 and table.viewport().width() > 800)
        header = table.horizontalHeader()
        assert header.model().headerData(COL_LOCATION, header.orientation()) == "Magasin"
        for column in (COL_LOCATION, COL_TERMINAL, COL_STATUS, COL_ITEMS, COL_TOTAL):
            # the title whole (a text column's rows may still be elided at a narrow window), the chips whole
            need = _title_width(table, column) if column in TEXT_COLUMNS else content_width(table, column)
            assert header.sectionSize(column) >= need, column
        assert table.horizontalScrollBar().maximum() == 0
    finally:
        translation.remove()


def test_the_exceptions_footer_wraps_instead_of_running_off_the_window(
    qtbot: Any, paths: Any, filled_store: Any
) -> None:
    from ows_desktop.rules import RuleConfig, RuleRunner
    from ows_desktop.ui.translation import install_translation

    RuleRunner(RuleConfig()).run_all(filled_store)  # the tab ranks what the rules found
    translation = install_translation("fr_FR")
    try:
        window = offline_window(qtbot, make_services(paths, filled_store))
        window.resize(1440, 900)
        view = window.exceptions
        window.tabs.setCurrentWidget(view)
        qtbot.waitUntil(lambda: "avec une exception" in view.status.text(), timeout=10_000)
        footer = view.status
        assert footer.fontMetrics().horizontalAdvance(footer.text()) > window.width()  # longer than a line
        right = footer.mapTo(window, QPoint(footer.width(), 0)).x()
        assert right <= window.width()  # it ended past the window's edge

        def lines_shown() -> bool:  # every line of it, once the layout has given it its height
            room = footer.contentsRect()
            drawn = footer.fontMetrics().boundingRect(
                QRect(0, 0, room.width(), 10_000), Qt.TextFlag.TextWordWrap, footer.text()
            )
            return drawn.height() <= room.height()

        qtbot.waitUntil(lines_shown)
    finally:
        translation.remove()


def test_an_exception_chip_says_its_status_in_the_same_words(qapp: Any) -> None:
    """A refund's status said "Remboursement" and its refund exception chip "Retour", in the same row."""
    from PySide6.QtCore import QCoreApplication

    from ows_desktop.itemmodels.ticket_columns import status_label
    from ows_desktop.ui.theme import CHIPS, STATUS_CHIP_KIND
    from ows_desktop.ui.translation import install_translation

    translation = install_translation("fr_FR")
    try:
        said = {
            status: (status_label(status), QCoreApplication.translate("theme", CHIPS[kind].label))
            for status, kind in STATUS_CHIP_KIND.items()
        }
    finally:
        translation.remove()
    assert said["refund"] == ("Remboursement", "Remboursement")
    assert all(status == chip for status, chip in said.values()), said
