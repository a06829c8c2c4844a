"""A search with a search engine's syntax (``-70.17``, ``"choc" OR ines``) added a hint to the line over the receipt
list, a plain label that asked for its whole width: at 1366×768 it widened the list's pane and the receipt with
its video shrank from ~480 px to ~290 px, the hint cut off at the window's edge with no "…" ("… are ignor"). It
also said a leading minus was ignored while ``-70.17`` listed the refund alone. Now the hint has a line of its
own, ends in "…" where it does not fit (whole in its tooltip), never moves the split, and says what the search
does with each piece typed (ui/search_syntax.py)."""

from __future__ import annotations

from typing import Any

from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextDocument

pytestmark = OFFSCREEN_NOISE

SAID = {
    "en": {
        '"choc" OR -ines*': "Search: OR, AND and NOT are searched as words, not operators; quotes are ignored (the "
        "words are found in any order); * is ignored; a leading minus excludes nothing (-void finds void).",
        "-3.77": "Search: -3.77 alone finds the total −3.77 (a refund), not 3.77.",
    },
    "fr": {
        '"choc" OR -ines*': "Recherche : OR, AND et NOT sont cherchés comme des mots, pas des opérateurs ; les "
        "guillemets sont ignorés (les mots sont trouvés dans n’importe quel ordre) ; * est ignoré ; un signe moins "
        "devant un mot n’exclut rien (-void trouve void).",
        "-3.77": "Recherche : -3.77 seul trouve le total −3,77 (un remboursement), pas 3,77.",
    },
}


def _plain(tip: str) -> str:
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


def _search(qtbot: Any, page: Any, text: str) -> None:
    with qtbot.waitSignal(page.model.queryChanged, timeout=5000):
        page.filter_bar.search.setText(text)


def test_the_search_hint_says_what_the_search_does_and_never_narrows_the_receipt(
    qtbot: Any, paths: Any, filled_store: Any, language: str
) -> None:
    window = offline_window(qtbot, make_services(paths, filled_store))
    window.resize(1366, 768)
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and page.split_fitted)
    left, right = page.splitter.widget(0), page.splitter.widget(1)
    qtbot.wait(50)  # the split fitted at the window's width
    widths = (left.width(), right.width())
    assert not page.search_hint.isVisibleTo(page)
    for typed, said in SAID[language].items():
        _search(qtbot, page, typed)
        hint = page.search_hint
        qtbot.waitUntil(lambda hint=hint: hint.isVisible())
        qtbot.wait(50)  # any layout the hint asked for
        assert hint.full_text() == said, typed
        assert (left.width(), right.width()) == widths, typed  # the receipt and its video keep their room
        assert hint.mapTo(left, QPoint(hint.width(), 0)).x() <= left.width()  # inside the list's pane
        shown = hint.text()
        fits = hint.fontMetrics().horizontalAdvance(said) <= hint.contentsRect().width()
        assert shown == said if fits else (shown.endswith("…") and said.startswith(shown[:-1])), typed
        assert _plain(hint.toolTip()) == said, typed  # whole on hover
    assert page.model.rowCount() == 1 and page.model.ticket_row(0).total == -3.77  # the refund alone
    _search(qtbot, page, "choc")
    qtbot.waitUntil(lambda: not page.search_hint.isVisible())
    assert (left.width(), right.width()) == widths
