"""Run by test_scaling.py in a child process (QT_SCALE_FACTOR must be set before Qt starts): open the main
window on simulated tickets in the given language, select a receipt, and print as JSON the screen, the
window's frame and every key text that does not fit where it is shown (menus, tabs, sync bar, filters,
table headers, receipt tabs, status bar).

usage: python scaled_window_probe.py LANG DATA_DIR"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from gui_support import fill_store, make_services
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

from ows_desktop.app import install_translation
from ows_desktop.basics.paths import AppPaths
from ows_desktop.store import open_store
from ows_desktop.ui.app_shell import make_application
from ows_desktop.ui.column_fit import TEXT_COLUMNS


def text_width(widget: QWidget, text: str) -> int:
    return widget.fontMetrics().horizontalAdvance(text.replace("&", ""))


def clipped_texts(window: Any, parts: list[QWidget]) -> list[str]:
    """Each visible label, button, combo box and tab of ``parts`` whose text is cut or lies outside the window."""
    found: list[str] = []
    frame = QRect(QPoint(0, 0), window.size())
    widgets = [w for part in parts for w in [part, *part.findChildren(QWidget)] if w.isVisible()]
    for widget in widgets:
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            if (
                widget.textFormat() != widget.textFormat().RichText
                and text_width(widget, widget.text()) > widget.contentsRect().width()
            ):
                found.append(f"label {name}: {widget.text()!r}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                found.append(f"button {name}: {widget.text()!r}")
        elif isinstance(widget, QComboBox) and widget.currentText():
            option = QStyleOptionComboBox()
            widget.initStyleOption(option)
            field = widget.style().subControlRect(
                QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, widget
            )
            if text_width(widget, widget.currentText()) > field.width():
                found.append(f"combo {name}: {widget.currentText()!r}")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if text_width(widget, widget.tabText(i)) > widget.tabRect(i).width():
                    found.append(f"tab {widget.tabText(i)!r}")
        if not frame.contains(where) and isinstance(widget, QLabel | QAbstractButton | QComboBox | QTabBar):
            found.append(f"outside the window: {name}")
    return found


def header_clipped(table: Any) -> list[str]:
    """Each column title that does not fit its section. The store, register and operator columns may be
    narrowed below their title when the table is narrower than its columns (ui.column_fit: they give up width
    first, for the numbers): then their title is elided and its tooltip names the column."""
    header = table.horizontalHeader()
    model = table.model()
    marks = (QStyle.PixelMetric.PM_HeaderMarkSize, QStyle.PixelMetric.PM_HeaderMargin)
    arrow = sum(header.style().pixelMetric(m, None, header) for m in marks)
    asked = table.fit.asked()
    found = []
    for column in range(model.columnCount()):
        text = str(model.headerData(column, header.orientation()) or "")
        need = header.sectionSizeFromContents(column).width()  # text, margins and the sort arrow's room
        if column != header.sortIndicatorSection():
            need -= arrow
        fitted = column in TEXT_COLUMNS and header.sectionSize(column) < asked[column]
        tip = model.headerData(column, header.orientation(), Qt.ItemDataRole.ToolTipRole)
        if need > header.sectionSize(column) and not (fitted and tip):
            found.append(f"header {text!r}")
    return found


def main(language: str, data_dir: str) -> None:
    app = make_application(palette="light")
    install_translation(language)
    paths = AppPaths.resolve(Path(data_dir)).ensure()
    store = open_store(paths.database)
    fill_store(store)
    from ows_desktop.ui.main_window import MainWindow

    window = MainWindow(make_services(paths, store))
    window.show()
    window.start()

    def report() -> None:
        for widget in app.topLevelWidgets():  # the first-run connection dialog
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        window.receipts.table.selectRow(0)
        app.processEvents()
        screen = window.screen()
        page = window.receipts
        parts = [window.menuBar(), window.sync_bar, window.tabs.tabBar(), page.filter_bar, window.statusBar()]
        result = {
            "screen": screen.availableGeometry().getRect(),
            "window": window.frameGeometry().getRect(),
            "scale": screen.devicePixelRatio(),
            "clipped": clipped_texts(window, parts) + header_clipped(page.table),
            "menus": [a.text() for a in window.menuBar().actions()],
        }
        print(json.dumps(result))
        window.close()
        store.close()
        app.quit()

    QTimer.singleShot(1500, report)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
