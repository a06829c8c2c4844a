"""The team store's capped match count of a word prefix (what the receipt table shows as "10,000+") first
counts the prefix as a whole word, which GIN answers faster (postgres/search.py compile_whole_words): the
count shown is still the prefix's, whether the whole word alone reaches the cap or not. Real throwaway
cluster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
T0 = datetime(2024, 5, 6, 12, tzinfo=UTC)


def _ticket(i: int, description: str) -> Ticket:
    return Ticket(
        key=f"cnt{i}",
        id=f"C-{i}",
        start=T0 + timedelta(seconds=i),
        terminal="R1",
        total=1.0,
        lines=(LineItem(description=description),),
        raw={"id": f"C-{i}"},
    )


def test_a_capped_count_of_a_prefix_counts_every_word_it_starts(pg_url: str) -> None:
    # 6 tickets with the whole word "zebu", 4 with longer words starting with it
    words = ["zebu"] * 6 + ["zebus", "zebulon", "zebus", "zebutop"]
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(i, f"Toy {word}") for i, word in enumerate(words)])
        with store.reader() as reader:
            prefix = TicketQuery(text="zebu")
            assert reader.count(prefix) == 10
            assert reader.count(prefix, cap=5) == 5  # the whole word alone reaches the cap
            assert reader.count(prefix, cap=8) == 8  # it does not: the prefix's own count
            assert reader.count(prefix, cap=50) == 10
            assert reader.count(TicketQuery(text="toy zebu"), cap=7) == 7
            assert reader.count(TicketQuery(text="toy zebu"), cap=20) == 10
            assert reader.count(TicketQuery(text="zebul"), cap=20) == 1  # no ticket with the whole word
            assert reader.count(prefix, cap=0) == 0
