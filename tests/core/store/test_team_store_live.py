"""The team store's change feed hears a rules run: the findings the rules write after a sync's last page reach
the open windows without waiting for another page (schema step ``rules_notify``), a whole-store run too,
and a run with nothing queued wakes no window. Real throwaway PostgreSQL cluster."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.rules import RuleConfig
from ows_desktop.rules.runner import RuleRunner
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
QUIET_S = 0.5  # how long "nothing heard" is listened for


def _voided(key: str) -> Ticket:
    lines = (LineItem(sku="A1", amount=2.5), LineItem(sku="B2", amount=1.0, voided=True))
    return Ticket(
        key=key, id=key, start=datetime(2026, 11, 20, 10, tzinfo=UTC), total=2.5, lines=lines, raw={}
    )


def test_a_rules_run_speaks_on_the_tickets_channel_only_when_it_evaluated_tickets(pg_url: str) -> None:
    with (
        open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as listener,
        open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as sync,
    ):
        feed = listener.change_feed()
        try:
            runner = RuleRunner(RuleConfig())
            runner.apply_pending(sync)  # nothing queued
            assert not feed.wait(QUIET_S).tickets
            sync.upsert_tickets([_voided("LIVE-1")])
            assert feed.wait(5.0).tickets  # the page
            runner.apply_pending(sync)
            assert feed.wait(5.0).tickets  # the rules' findings on it, with no page after them
            runner.run_all(sync)  # the rules changed: every ticket evaluated again, nothing was queued
            assert feed.wait(5.0).tickets
        finally:
            feed.close()
