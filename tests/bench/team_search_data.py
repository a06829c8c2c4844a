"""The 5 M-ticket team store the PostgreSQL search bench reads (bench_team_search.py): a cluster of its own
that outlives the run, and the bulk load that fills it.

    python tests/bench/team_search_data.py --build [--copies 25] [--dir /work/coord/pg5m-data]
    python tests/bench/team_search_data.py --start | --stop | --remove

The cluster (initdb + pg_ctl, as tests/pg_cluster.py, but in ``--dir`` so it survives between runs) listens
on 127.0.0.1:``--port`` with its socket in ``--dir``; it runs under ``nice -n 19``. ``--stop`` stops it,
``--remove`` stops it and deletes the directory.

Loading 5 M tickets through the writer (~1,000 tickets/s here) would take hours, so the build:

1. syncs a base of ``tickets / copies`` tickets (the simulator's generator, 20 stores, 30 days) through the real
   normaliser and the team store's own writer (``bulk_upsert``);
2. replicates that base server-side into ``copies - 1`` more chains of 20 stores: copy ``c`` renames store
   ``S012`` to ``S{c}012`` (and "Store 012" to "Store {c}012") wherever the writer put it — key, id,
   location, terminal, the folded ``search`` tokens, the raw JSON, the items' location — and takes the rid
   ``rid + c × K`` (same millisecond, its own slot; K = 1 + the highest slot the base used). Every other
   column is copied as the writer wrote it: nothing in them depends on the store's name;
3. drops the secondary indexes before step 2 and rebuilds them from their own definitions after it (what
   the schema says, built in one pass), then VACUUM ANALYZE (as autovacuum would, so index-only scans work),
   and adds the copies' words to the store's vocabulary (``ticket_words``, as the writer does per batch);
4. checks a sample of copies against the writer: each copy's raw JSON normalised and stored by the real
   writer code gives the very same row, search text and derived rows (:func:`check_copies`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: pg_cluster

from pg_cluster import _ENGLISH, SUPERUSER, _as_server_user, _binary

from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator import SimConfig, TicketGenerator

DEFAULT_DIR = Path("/work/coord/pg5m-data")
DEFAULT_PORT = 54355
DBNAME = "ows5m"
STORES = 20  # per chain copy
DAYS = 30
# The tables the writer fills per ticket (rules_pending: the rules' queue of new tickets).
_COPIED = ("tickets", "ticket_docs", "ticket_facts", "ticket_items", "rules_pending", "ticket_exceptions")


def base_config(tickets: int, copies: int) -> SimConfig:
    per_day = max(1, -(-tickets // (copies * STORES * DAYS)))
    return SimConfig(
        seed=2026, stores=STORES, terminals_per_store=4, days=DAYS, tickets_per_store_day=per_day
    )


def conninfo(port: int, folder: Path, dbname: str = DBNAME) -> str:
    return f"host=127.0.0.1 port={port} user={SUPERUSER} dbname={dbname}"


def url(port: int) -> str:
    return f"postgresql://{SUPERUSER}@127.0.0.1:{port}/{DBNAME}"


def _run(argv: list[str], folder: Path) -> None:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(_as_server_user(argv), check=True, env=env, cwd=folder, timeout=600)


def start(folder: Path, port: int, *, building: bool = False) -> None:
    """Start the cluster in ``folder`` (created by initdb the first time), niced."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    assert initdb is not None and pg_ctl is not None, "install postgresql (initdb, pg_ctl)"
    data = folder / "db"
    if not data.exists():
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        _run(
            [str(initdb), "-D", str(data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--no-sync"], folder
        )
    if (data / "postmaster.pid").exists():
        return
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c shared_buffers=1GB -c maintenance_work_mem=1GB -c work_mem=32MB -c max_wal_size=8GB "
        "-c wal_level=minimal -c max_wal_senders=0 -c jit=off"
    )
    if building:
        options += " -c autovacuum=off"
    _run(
        [
            "nice",
            "-n",
            "19",
            str(pg_ctl),
            "-D",
            str(data),
            "-w",
            "-l",
            str(folder / "log"),
            "-o",
            options,
            "start",
        ],
        folder,
    )


def stop(folder: Path) -> None:
    pg_ctl = _binary("pg_ctl")
    data = folder / "db"
    if pg_ctl is not None and (data / "postmaster.pid").exists():
        _run([str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"], folder)


def _log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def _load_base(port: int, folder: Path, tickets: int, copies: int) -> None:
    import psycopg

    from ows_desktop.store.postgres import init_store, parse_url
    from ows_desktop.store.url import open_store_url

    with psycopg.connect(conninfo(port, folder, "postgres"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DBNAME,)).fetchone() is None:
            conn.execute(f"CREATE DATABASE {DBNAME} TEMPLATE template0 {_ENGLISH}")
    init_store(parse_url(url(port)), lambda _where: None)
    gen = TicketGenerator(base_config(tickets, copies))
    total = gen.count()
    with psycopg.connect(conninfo(port, folder)) as conn:
        row = conn.execute("SELECT count(*) FROM tickets").fetchone()
        have = int(row[0]) if row else 0
    if have >= total:
        _log(f"base already loaded ({have:,} tickets)")
        return
    started = time.monotonic()

    def stream():  # resumed after the tickets already there (the writer commits the base in order)
        for i in range(have, total):
            if i and i % 20_000 == 0:
                rate = i / (time.monotonic() - started)
                _log(f"  base {i:,}/{total:,} tickets, {rate:,.0f}/s")
            yield normalise_ticket(gen.ticket(i))

    with open_store_url(url(port), Path("x"), password=lambda _where: None) as store:
        store.bulk_upsert(stream(), batch_size=5_000)
    _log(f"base: {total:,} tickets through the writer in {time.monotonic() - started:.0f} s")


def _columns(conn, table: str) -> list[str]:
    return [
        name
        for (name,) in conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
            (table,),
        )
    ]


def _renamed(expr: str) -> str:
    """``expr`` with the base store's id (``b.location``) replaced by the copy's, as whole words."""
    return f"regexp_replace({expr}, '(?<![[:alnum:]])' || b.location || '(?![[:alnum:]])', b.newloc, 'g')"


def _expressions(table: str) -> dict[str, str]:
    if table == "tickets":
        return {
            "key": _renamed("t.key"),
            "id": _renamed("t.id"),
            "location": "b.newloc",
            "terminal": _renamed("t.terminal"),
            "search": "regexp_replace(t.search, ' ' || lower(b.location) || '(?= )', ' ' || lower(b.newloc), 'g')",
        }
    if table == "ticket_docs":
        return {
            "raw": "replace("
            + _renamed("t.raw")
            + ", '\"locationName\":\"Store ' || substr(b.location, 2) || ' ', "
            "'\"locationName\":\"Store ' || substr(b.newloc, 2) || ' ')"
        }
    if table == "ticket_items":
        return {"location": "CASE WHEN t.location = b.location THEN b.newloc ELSE t.location END"}
    return {}


def _secondary_indexes(conn) -> list[tuple[str, str]]:
    """(name, definition) of the non-unique indexes on the partitioned ticket tables (the parents')."""
    return list(
        conn.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = ANY(%s) AND NOT x.indisunique "
            "AND NOT x.indisprimary AND t.relnamespace = 'public'::regnamespace",
            (list(_COPIED),),
        )
    )


def _replicate(port: int, folder: Path, copies: int) -> None:
    import psycopg

    from ows_desktop.store.timekeys import SLOTS

    with psycopg.connect(conninfo(port, folder), autocommit=True) as conn:
        bases = [
            loc
            for (loc,) in conn.execute("SELECT DISTINCT location FROM tickets WHERE location ~ '^S[0-9]{3}$'")
        ]
        (top,) = conn.execute(
            f"SELECT max(rid & {SLOTS - 1}) FROM tickets WHERE location ~ '^S[0-9]{{3}}$'"
        ).fetchone()
        step = int(top) + 1
        assert step * copies < SLOTS, "too many copies for the slots of a millisecond"
        done = {
            int(c)
            for (c,) in conn.execute(
                "SELECT DISTINCT substr(location, 2, length(location) - 4) FROM tickets WHERE location ~ '^S[0-9]{4,}$'"
            )
        }
        todo = [c for c in range(1, copies) if c not in done]
        saved = folder / "dropped-indexes.json"  # a build stopped half way must still rebuild them
        if not todo and not saved.exists():
            _log("copies already made")
            return
        indexes = _secondary_indexes(conn)
        if saved.exists():
            indexes = sorted({*map(tuple, json.loads(saved.read_text())), *indexes})
        saved.write_text(json.dumps(indexes))
        for name, _sql in indexes:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        _log(f"dropped {len(indexes)} secondary indexes; copying {len(todo)} chains of {len(bases)} stores")
        for c in todo:
            started = time.monotonic()
            with conn.transaction():
                conn.execute(
                    "CREATE TEMP TABLE base ON COMMIT DROP AS "
                    "SELECT rid, location, 'S' || %s::text || substr(location, 2) AS newloc FROM tickets "
                    "WHERE location ~ '^S[0-9]{3}$'",
                    (c,),
                )
                conn.execute("CREATE INDEX ON base (rid)")
                conn.execute("ANALYZE base")
                for table in _COPIED:
                    columns = _columns(conn, table)
                    special = _expressions(table)
                    select = ", ".join(
                        f"t.rid + {c * step}" if col == "rid" else special.get(col, f"t.{col}")
                        for col in columns
                    )
                    conn.execute(
                        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {table} AS t "
                        "JOIN base AS b ON b.rid = t.rid"
                    )
                conn.execute(
                    "INSERT INTO ticket_terminals (location, terminal) SELECT 'S' || %s::text || substr(location, 2), "
                    "'S' || %s::text || substr(terminal, 2) FROM ticket_terminals WHERE location ~ '^S[0-9]{3}$' "
                    "ON CONFLICT DO NOTHING",
                    (c, c),
                )
                conn.execute(
                    "INSERT INTO location_offsets (location, offset_min, updated_us) SELECT "
                    "'S' || %s::text || substr(location, 2), offset_min, updated_us FROM location_offsets "
                    "WHERE location ~ '^S[0-9]{3}$' ON CONFLICT DO NOTHING",
                    (c,),
                )
            _log(f"  copy {c}: {time.monotonic() - started:.0f} s")
        for name, sql in sorted(
            indexes, key=lambda index: (not index[0].startswith("tickets_"), "lexemes" in index[0])
        ):
            started = time.monotonic()
            while conn.execute(  # built meanwhile by hand in another session: wait for it
                "SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query ILIKE %s",
                (f"%CREATE INDEX%{name} %",),
            ).fetchone():
                time.sleep(5)
            # a partitioned parent's definition reads "ON ONLY": that would build no partition's index
            conn.execute(
                sql.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1).replace(" ON ONLY ", " ON ", 1)
            )
            _log(f"  index {name}: {time.monotonic() - started:.0f} s")
        saved.unlink()
    _vacuum(port, folder)


def _vacuum(port: int, folder: Path) -> None:
    import psycopg

    started = time.monotonic()
    with psycopg.connect(conninfo(port, folder), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    _log(f"vacuum analyze: {time.monotonic() - started:.0f} s")


def _vocabulary(port: int, folder: Path) -> None:
    """The copies' words in the store's vocabulary (schema v14, postgres/search_words.py), as the writer
    would have added them (the base's words it added itself)."""
    import psycopg

    from ows_desktop.store.postgres.search_words import words_of

    started = time.monotonic()
    with psycopg.connect(conninfo(port, folder), autocommit=True) as conn:
        conn.execute(words_of("tickets"))
        conn.execute("ANALYZE ticket_words")
    _log(f"vocabulary: {time.monotonic() - started:.0f} s")


def check_copies(port: int, folder: Path, sample: int = 200) -> int:
    """Re-derive a sample of copied tickets with the writer's own code from their stored raw JSON; the
    number checked. AssertionError at the first difference."""
    import psycopg

    from ows_desktop.store.postgres.tickets import TextCodec, search_text
    from ows_desktop.store.ticket_rows import TICKET_COLUMNS, ticket_record

    codec = TextCodec()
    checked = 0
    with psycopg.connect(conninfo(port, folder), autocommit=True) as conn:
        rows = conn.execute(
            f"SELECT t.rid, d.raw, t.terms, t.search, {', '.join('t.' + c for c in TICKET_COLUMNS)} "
            "FROM tickets AS t TABLESAMPLE SYSTEM (0.1) JOIN ticket_docs AS d ON d.rid = t.rid "
            "WHERE t.location ~ '^S[0-9]{4,}$' LIMIT %s",
            (sample,),
        ).fetchall()
        for rid, raw, terms, search, *values in rows:
            record = ticket_record(normalise_ticket(json.loads(raw)), 0, codec)
            assert record.raw == raw, (rid, "raw")
            assert record.terms == terms, (rid, "terms")
            assert search_text(record.values, record.terms) == search, (rid, search)
            assert tuple(float(v) if isinstance(v, int) and isinstance(w, float) else v
                         for v, w in zip(record.values, values, strict=True)) == tuple(values), (rid, values)  # fmt: skip
            items = conn.execute(
                "SELECT idx, location, sku, role FROM ticket_items WHERE rid = %s ORDER BY idx", (rid,)
            )
            assert tuple(items.fetchall()) == tuple(record.items or ()), (rid, "items")
            facts = conn.execute("SELECT * FROM ticket_facts WHERE rid = %s", (rid,)).fetchone()
            assert facts is not None and record.facts is not None
            assert tuple(facts[1:]) == tuple(record.facts), (rid, facts, record.facts)
            checked += 1
    return checked


def build(folder: Path, port: int, tickets: int, copies: int) -> None:
    start(folder, port, building=True)
    try:
        _load_base(port, folder, tickets, copies)
        _replicate(port, folder, copies)
        _vocabulary(port, folder)
        _log(f"checked {check_copies(port, folder)} copied tickets against the writer's own derivation")
    finally:
        stop(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--tickets", type=int, default=5_000_000)
    parser.add_argument("--copies", type=int, default=25)
    action = parser.add_mutually_exclusive_group(required=True)
    for name in ("build", "start", "stop", "remove", "check"):
        action.add_argument(f"--{name}", action="store_true")
    args = parser.parse_args(argv)
    if args.build:
        build(args.dir, args.port, args.tickets, args.copies)
    elif args.start:
        start(args.dir, args.port)
        print(url(args.port))
    elif args.check:
        start(args.dir, args.port)
        try:
            print(f"checked {check_copies(args.port, args.dir)} copies")
        finally:
            stop(args.dir)
    else:
        stop(args.dir)
        if args.remove:
            shutil.rmtree(args.dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
