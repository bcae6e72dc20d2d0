"""New rows of one write transaction: PostgreSQL `COPY`, SQLite multi-row INSERTs.

The writer (quotes.db.ingest, quotes.db.edit, quotes.db.trails) hands the new rows of a
batch to ``Rows``: articles, quotes, speakers' aliases and titles, trails.
On PostgreSQL they are held and written by one `COPY` per table when the writer calls
``flush()``, which it does before anything reads them back (trail grouping, a speaker merge,
an article replaced) and before it commits; ids that later rows refer to (articles, trails)
are taken from their sequences in advance. One statement per table and batch instead of one
per article: `quotes db load` of 20,000 articles runs 2.3 times as fast on PostgreSQL
(bench/bench_load.py).

On SQLite, rows are inserted as they come, except those of tables with a search-order key
(the quotes, and their trails): FTS5, which triggers fill from the quotes, writes its
pending words to a new segment at every statement and whenever a key is lower than the one
before, so one quote per statement left a segment per quote (1,500 a batch) for FTS5 to
merge again. Such rows are held to ``flush()`` like PostgreSQL's and inserted many to a
statement in search order, with the ids one at a time would have given.
"""
from __future__ import annotations

import sqlite3
from itertools import islice
from operator import itemgetter
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


# SQLite: a table whose rows are held and inserted in the order of this column (the FTS5 rowid)
KEY = "sort_key"
# rows per such INSERT, within SQLite's limit of bound values: the statement is compiled anew
# for each count of rows, and a batch's quotes need only a few
MAX_ROWS = 1000

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
        if self.copy or KEY in table.c:
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
                (self._copy if self.copy else self._insert_in_key_order)(table, rows)

    def _insert_in_key_order(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        if "id" in table.c:  # the ids that inserting them as they came would have given
            first = self.conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one() + 1
            rows = [{**row, "id": first + k} for k, row in enumerate(rows)]
        rows.sort(key=itemgetter(KEY))
        names, values = self._values(table, rows)
        quote = self.conn.dialect.identifier_preparer.quote
        # written out, not built by SQLAlchemy: compiling a statement of a thousand rows
        # took longer than running it
        head = f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) VALUES "
        one = f"({', '.join('?' * len(names))})"
        limit = self.conn.connection.driver_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        for part in chunks(values, min(limit // len(names), MAX_ROWS)):
            self.conn.exec_driver_sql(head + ", ".join([one] * len(part)), tuple(v for row in part for v in row))

    def _values(self, table: sa.Table, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
        """The column names of ``rows``, and each row's values as SQLAlchemy binds them (meta: JSON)."""
        dialect = self.conn.dialect
        names = list(rows[0])
        process = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
        return names, [[p(row[n]) if p else row[n] for n, p in zip(names, process)] for row in rows]

    def _copy(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        from psycopg import sql
        dialect = self.conn.dialect
        names, values = self._values(table, rows)
        # each value in COPY's own text form
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names)))
        with self.conn.connection.driver_connection.cursor() as cursor:
            try:
                with cursor.copy(statement) as copy:
                    for row in values:
                        copy.write_row(row)
            except dialect.loaded_dbapi.Error as exc:
                # as SQLAlchemy raises a driver's error: a concurrent writer's unique key is an
                # IntegrityError that the writer retries, as with an INSERT
                raise sa.exc.DBAPIError.instance(statement.as_string(cursor), None, exc, dialect.loaded_dbapi.Error,
                                                 dialect=dialect) from exc
