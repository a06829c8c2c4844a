"""Fixtures of the GUI tests: the simulated OWS the window talks to, a store filled with its tickets, and
Qt garbage collected on the GUI thread."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from gui_support import KEY, SECRET, fill_store, make_services, receipts_window, small_config

from ows_desktop.simulator import FakeOws
from ows_desktop.tasks.idle_collector import IdleCollector


@pytest.fixture(autouse=True)
def _garbage_collected_between_events(request: pytest.FixtureRequest, qapp: Any) -> Any:
    """Garbage is collected as the app collects it while its window runs (``app.run_window``): automatic
    collection off, the window's :class:`IdleCollector` collecting from a timer between events. Left to
    CPython, a collection runs inside whichever allocation crosses the threshold — a cell's ``multiData`` in
    the middle of a table paint — and destroying the widgets of an earlier window there crashed Qt's style
    code (a segmentation fault in ``QStyledItemDelegate::initStyleOption``, depending on when collections
    fell). Whatever the test left is collected at its end, on the GUI thread: left to a later allocation it
    was destroyed in whichever thread allocated next ("QObject::killTimer: Timers cannot be stopped from
    another thread"). A test marked ``automatic_gc`` keeps CPython's own collection (the collector's tests)."""
    if request.node.get_closest_marker("automatic_gc") is not None:
        yield
    else:
        collector = IdleCollector()
        with collector.running():
            yield
        collector.timer.stop()
        collector.deleteLater()
    gc.collect()


@pytest.fixture(scope="session", autouse=True)
def _english_plural_forms(qapp: Any) -> Any:
    """What the app installs at start (ui.translation): English plural forms, "1 receipt" / "3 receipts"."""
    from ows_desktop.ui.translation import install_english_plurals

    translation = install_english_plurals()
    assert translation.plural_forms
    yield translation
    translation.remove()


@pytest.fixture(params=["en", "fr"])
def language(request: Any) -> Any:
    """The test in English, then in French (the window's French translation installed for it)."""
    from ows_desktop.ui.translation import install_translation

    translation = install_translation("fr_FR") if request.param == "fr" else None
    yield request.param
    if translation is not None:
        translation.remove()


@pytest.fixture
def sim():
    with FakeOws(small_config(), key=KEY, secret=SECRET, empty_page_rate=0.0) as server:
        yield server


@pytest.fixture
def browsing(qtbot: Any, paths: Any, filled_store: Any) -> Any:
    """The window on a filled cache, its first-run connection dialog dismissed, the receipts listed."""
    return receipts_window(qtbot, make_services(paths, filled_store))


@pytest.fixture
def filled_store(store: Any) -> Any:
    fill_store(store)
    return store


@pytest.fixture
def french(qapp: Any) -> Any:
    """The window in French (the translation shipped in resources/translations), taken away at the end."""
    from ows_desktop.ui.translation import install_translation

    translation = install_translation("fr_FR")
    assert translation.translated
    yield translation
    translation.remove()
