"""Exception rules on the team store: ``store.rules`` and ``reader.rules`` are the shared flow of
:mod:`ows_desktop.store.rule_runs` over the shared SQL (:mod:`ows_desktop.store.rule_sql`, run through
:class:`.portable.PgSql`); what is PostgreSQL's own is a run's setup here:

* rule runs from several workstations take one transaction-level advisory lock, so two runs never
  evaluate the same tickets at once (each replaces the results of its scope);
* the temporary ``rules_scope`` / ``rules_hours`` tables live in the session's ``pg_temp`` schema;
* zone offsets (the "outside opening hours" rule) come from the server's time zone data: a run lists the
  zone settings it uses in ``pg_temp.rules_zones``, each as an IANA name the server knows or a fixed offset
  ('' = this workstation's zone: its IANA name when the system says it, else its current offset; an IANA
  name the server does not know gives no offset, as an unknown zone does in SQLite)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ows_desktop.store.day_plan import OwnOffset
from ows_desktop.store.dialect import Sql
from ows_desktop.store.postgres.connect import translated
from ows_desktop.store.postgres.portable import PgSql
from ows_desktop.store.rule_runs import RuleParams, RuleResultsRows, RuleRunsFlow
from ows_desktop.store.zones import zone_offset_minutes

if TYPE_CHECKING:
    from psycopg import Connection

RULES_LOCK_KEY = 0x4F575347
Transaction = Callable[[], AbstractContextManager["Connection[Any]"]]


class PgRuleRuns(RuleRunsFlow):
    """``store.rules`` on the team store (the writer's connection, one transaction per step)."""

    def __init__(self, transaction: Transaction) -> None:
        @contextmanager
        def block() -> Iterator[Sql]:
            with transaction() as conn:
                yield PgSql(conn)

        self._known_zones: dict[str, bool] = {}
        super().__init__(block, block, self._setup)

    def _setup(self, conn: Sql, rules: RuleParams) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(?)", (RULES_LOCK_KEY,))
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS rules_scope (rid bigint PRIMARY KEY)")
        conn.execute(
            'CREATE TEMP TABLE IF NOT EXISTS rules_hours (location text COLLATE "C" PRIMARY KEY, '
            "open_min integer, close_min integer, zone text)"
        )
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS rules_zones (zone text PRIMARY KEY, iana text, fixed_min integer)"
        )
        conn.execute("DELETE FROM pg_temp.rules_zones")
        conn.executemany(
            "INSERT INTO pg_temp.rules_zones (zone, iana, fixed_min) VALUES (?, ?, ?)",
            [(zone, *self._zone_row(conn, zone)) for zone in _zones_of(rules)],
        )

    def _zone_row(self, conn: Sql, zone: str) -> tuple[str | None, int | None]:
        """(IANA name, fixed offset) of a zone setting (see the module docstring)."""
        if zone == "":
            name = _local_zone_name()
            if name is None or not self._server_knows(conn, name):
                return None, time.localtime().tm_gmtoff // 60
            return name, None
        if zone == "UTC" or zone[0] in "+-":
            return None, zone_offset_minutes(zone, 0)
        return (zone, None) if self._server_knows(conn, zone) else (None, None)

    def _server_knows(self, conn: Sql, name: str) -> bool:
        if name not in self._known_zones:
            row = conn.execute("SELECT 1 FROM pg_timezone_names WHERE name = ?", (name,)).fetchone()
            self._known_zones[name] = row is not None
        return self._known_zones[name]


def _zones_of(rules: Mapping[str, Mapping[str, Any]]) -> list[str]:
    hours = rules.get("outside_hours")
    if not hours:
        return []
    zones = {str(hours.get("zone", ""))} | {str(z) for z in hours.get("location_zones", {}).values()}
    return sorted(zones)


def _local_zone_name() -> str | None:
    """This workstation's IANA zone name, when the system says it (TZ, or /etc/localtime's link)."""
    named = os.environ.get("TZ", "").lstrip(":")
    if named and "/" in named and not named.startswith("/"):
        return named
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return None
    marker = "/zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


class PgRuleResults(RuleResultsRows):
    """``reader.rules`` on the team store (the reader's own connection)."""

    def __init__(
        self, conn: Connection[Any], where: object, snapshot: Callable[[], AbstractContextManager[None]]
    ) -> None:
        super().__init__(PgSql(conn), snapshot, lambda: translated(where), OwnOffset("t.utc_offset_min"))
        self.path = Path(str(where))
