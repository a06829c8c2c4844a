"""Team-store schema step: the store's database plans with the cost of a random page read on SSD storage
(``random_page_cost = 1.1``), where PostgreSQL's default (4) models a spinning disk.

Why (measured at 5 M tickets, tests/bench/bench_team_search.py; RESULTS.md "Team store"): a word and a
selective filter (``chocolate`` on one terminal: 1,600 tickets a month, 437 k with the word) were answered
by a BitmapAnd of the terminal's index and the word's whole GIN posting list, because at 4 per page the
planner priced fetching the terminal's 1,600 rows higher than reading 437 k index entries (173 ms of the
286 ms first page). Priced as SSD pages it reads the terminal's index and checks the word on its rows:
first page 286 → 38 ms, capped count 242 → 29 ms under EXPLAIN ANALYZE, 490 → 64 ms in the bench; the other
queries stay within the run's noise (RESULTS.md). A database administrator may set another value (``ALTER DATABASE … SET``); a role
that does not own the database cannot set it and the step is skipped with a notice (the searches stay
correct, only slower), so an upgrade never fails on it."""

from __future__ import annotations

RANDOM_PAGE_COST = 1.1

MIGRATION: tuple[str, ...] = (
    f"""
    DO $$
    BEGIN
        EXECUTE format('ALTER DATABASE %I SET random_page_cost = {RANDOM_PAGE_COST}', current_database());
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'random_page_cost not set: only the owner of the database can set it';
    END
    $$
    """,
)
