"""The team store: the store interface (:mod:`ows_desktop.store.interface`) on PostgreSQL (psycopg 3).

Everything PostgreSQL-specific stays in this package; it is imported only when a ``postgresql://`` store
URL is opened (:func:`ows_desktop.store.url.open_store_url`), so a single seat never needs the driver.
Implemented: tickets + sync checkpoints (TicketWriter), reading and search (TicketQueries), review
(ReviewWriter/ReviewReader), camera mapping (MappingRows), exception rules (RuleRuns/RuleResults) and
investigation cases (CaseWriter/CaseReader), the last two through the store's shared flows and SQL."""

from ows_desktop.store.postgres.connect import PgLocation, parse_url
from ows_desktop.store.postgres.writer import PgTicketStore, init_store, open_postgres_store

__all__ = ["PgLocation", "PgTicketStore", "init_store", "open_postgres_store", "parse_url"]
