"""The outage banner's account of what was not saved (ui/store_away.py), on a real MessageBanner."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ows_desktop.tasks.store_ops import NotSaved
from ows_desktop.ui.banner import MessageBanner
from ows_desktop.ui.store_away import StoreAway


def test_a_change_perhaps_saved_stays_perhaps_saved_when_made_again_and_not_saved(qtbot) -> None:
    """F on a ticket, lost as it committed (perhaps flagged), then F again while the server is away (not
    saved): said "not saved" from then on, F once the store was back would take off a flag that landed."""
    parent = QWidget()
    qtbot.addWidget(parent)
    banner = MessageBanner(parent)
    away = StoreAway(banner, parent)
    away.not_saved(NotSaved("the flag change on Ticket #7", in_doubt=True, about="flag:k7"))
    away.not_saved(NotSaved("the flag change on Ticket #7", in_doubt=False, about="flag:k7"))
    assert banner.title_text() == "Perhaps not saved: the connection to the team store dropped."
    assert banner.detail_text().startswith("Perhaps saved, in part or whole")
    assert "Not saved:" not in banner.detail_text()
    away.not_saved(NotSaved("the flag change on Ticket #8", about="flag:k8"))  # another change: its own kind
    assert "Not saved: the flag change on Ticket #8." in banner.detail_text()
