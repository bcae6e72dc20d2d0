"""New rows of one write transaction: PostgreSQL `COPY`, SQLite executemany.

The writer (quotes.db.ingest, quotes.db.edit, quotes.db.trails) hands the new rows of a
batch to ``Rows``: articles, quotes, speakers' aliases and titles, trails.
On SQLite they are inserted as they come, as they always were. On PostgreSQL they are held
and written by one `COPY` per table when the writer calls ``flush()``, which it does before
anything reads them back (trail grouping, a speaker merge, an article replaced) and before
it commits; ids that later rows refer to (articles, trails) are taken from their sequences
in advance. One statement per table and batch instead of one per article: `quotes db load`
of 20,000 articles runs 2.3 times as fast on PostgreSQL (bench/bench_load.py).
"""
from __future__ import annotations

from itertools import islice
from typing import Any, Iterable, Iterator

import sqlalchemy as sa

from quotes.db.schema import metadata

# values per IN list of a statement: bounded, whatever a batch holds
IN_LIST = 500


def chunks(items: Iterable, size: int = IN_LIST) -> Iterator[list]:
    """items in lists of ``size`` (the last one shorter): IN lists, batches."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


# ids taken from a sequence at a time when how many are needed is not known (trails); the
# unused rest of a batch's block is a gap in the ids, nothing more
BLOCK = 64


class Rows:
    """The new rows of one transaction on ``conn``."""

    def __init__(self, conn: sa.Connection):
        self.conn = conn
        self.copy = conn.dialect.name == "postgresql"
        self.pending: dict[sa.Table, list[dict[str, Any]]] = {}
        self.free_ids: dict[sa.Table, list[int]] = {}

    def add(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` (dicts with the same keys) into ``table``."""
        if not rows:
            return
        if self.copy:
            self.pending.setdefault(table, []).extend(rows)
        else:
            self.conn.execute(table.insert(), rows)

    def reserve(self, table: sa.Table, count: int) -> None:
        """Take ``count`` ids of ``table`` now: as many as the batch will insert (PostgreSQL)."""
        if self.copy and count > 0:
            self.free_ids.setdefault(table, []).extend(self._next_ids(table, count))

    def insert(self, table: sa.Table, values: dict[str, Any]) -> int:
        """Insert one row of ``table`` (which has an ``id`` key); its id."""
        if not self.copy:
            return self.conn.execute(table.insert(), values).inserted_primary_key[0]
        free = self.free_ids.setdefault(table, [])
        if not free:
            free.extend(self._next_ids(table, BLOCK))
        new_id = free.pop(0)
        self.add(table, [{**values, "id": new_id}])
        return new_id

    def _next_ids(self, table: sa.Table, count: int) -> list[int]:
        query = sa.text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)")
        return sorted(self.conn.execute(query, {"table": table.name, "count": count}).scalars())

    def flush(self) -> None:
        """Write the held rows, referenced tables first (articles before quotes)."""
        if not self.pending:
            return
        for table in metadata.sorted_tables:
            if rows := self.pending.pop(table, None):
                self._copy(table, rows)

    def _copy(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        from psycopg import sql
        dialect = self.conn.dialect
        names = list(rows[0])
        # each value as SQLAlchemy binds it (meta: JSON), then in COPY's own text form
        process = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names)))
        with self.conn.connection.driver_connection.cursor() as cursor:
            try:
                with cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row([p(row[n]) if p else row[n] for n, p in zip(names, process)])
            except dialect.loaded_dbapi.Error as exc:
                # as SQLAlchemy raises a driver's error: a concurrent writer's unique key is an
                # IntegrityError that the writer retries, as with an INSERT
                raise sa.exc.DBAPIError.instance(statement.as_string(cursor), None, exc, dialect.loaded_dbapi.Error,
                                                 dialect=dialect) from exc
