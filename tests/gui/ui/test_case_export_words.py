"""A case exported from a French window: the report's title and what it holds were given in the window's
language, over a report whose every other word is English — "Dossier C-…: … (opérateur … · magasin …)" above
"Case C-…", "tickets du dossier C-…" as its Selection (a tester). They are the report's own words now, the
same as the command line's (export/audit.py ``case_export``)."""

from __future__ import annotations

import json
from typing import Any

from gui_support import OFFSCREEN_NOISE, make_services, open_window

from ows_desktop.app import open_qt_settings
from ows_desktop.store import TicketQuery

pytestmark = OFFSCREEN_NOISE


def test_a_french_windows_case_export_holds_the_reports_own_words(
    qtbot: Any, french: Any, paths: Any, filled_store: Any, tmp_path: Any
) -> None:
    with filled_store.reader() as reader:
        row = reader.page(TicketQuery(), 1)[0][0]
    case = filled_store.cases.new_case(
        "Écarts de caisse", operator=row.operator, location=row.location, tickets=[row.key]
    )
    open_qt_settings(paths.settings_file).set("export/clips", "none")
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    out = tmp_path / "case"
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as done:
        window.case_actions.export_case(case.number, "json", out)
    assert done.args == [str(out)]
    export = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert export["selection"]["description"] == f"tickets of case {case.number}"
    assert export["title"] == f"Case {case.number}: Écarts de caisse ({case.subject})"
    window.close()
