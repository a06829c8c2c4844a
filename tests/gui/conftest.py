"""Fixtures of the GUI tests: the simulated OWS the window talks to, a store filled with its tickets, and
Qt garbage collected on the GUI thread."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from gui_support import KEY, SECRET, fill_store, small_config

from ows_desktop.simulator import FakeOws


@pytest.fixture(autouse=True)
def _qt_garbage_collected_on_the_gui_thread():
    """A test's unreachable Qt objects (a QObject in a reference cycle with a Python slot) are destroyed here,
    on the GUI thread. Left to the cyclic GC they would be destroyed in whichever thread allocates next, e.g. a
    later test's simulator thread: "QObject::killTimer: Timers cannot be stopped from another thread"."""
    yield
    gc.collect()


@pytest.fixture(scope="session", autouse=True)
def _english_plural_forms(qapp: Any) -> Any:
    """What the app installs at start (ui.translation): English plural forms, "1 receipt" / "3 receipts"."""
    from ows_desktop.ui.translation import install_english_plurals

    translation = install_english_plurals()
    assert translation.plural_forms
    yield translation
    translation.remove()


@pytest.fixture
def sim():
    with FakeOws(small_config(), key=KEY, secret=SECRET, empty_page_rate=0.0) as server:
        yield server


@pytest.fixture
def filled_store(store: Any) -> Any:
    fill_store(store)
    return store
