"""Keeping SQLite's full-text indexes in few pieces.

FTS5 writes the words of each transaction as a new segment, and merges segments only as
they pile up (four of a level make one of the next), so the index of a large archive lies
in twenty or more segments. A search reads every segment: a common word with a speaker
looks each of the speaker's quotes up in all of them. At 50,000 articles the 22 segments of
an ingest made that search 2.8 times slower than one segment, and two common words with no
quote in common 1.6 times. So an ingest that leaves more than MAX_SEGMENTS merges the index
into one ('optimize'): a rewrite of the whole index (10 s at a million articles), needed
only every few tens of thousands of articles, as FTS5's own merging keeps the count low in
between. PostgreSQL's GIN indexes are one tree each and need nothing of this.
"""
from __future__ import annotations

import sqlalchemy as sa

# The FTS5 tables of the schema (quotes.db.schema): the words, and the word pairs
TEXT_INDEXES = ("quotes_fts", "quote_pairs")
MAX_SEGMENTS = 8


def segments(conn: sa.Connection, table: str) -> int:
    """How many segments the FTS5 index ``table`` lies in (each has rows in its _idx table)."""
    return conn.exec_driver_sql(f"SELECT count(DISTINCT segid) FROM {table}_idx").scalar_one()


def compact(engine: sa.Engine) -> list[str]:
    """Merge each full-text index of more than MAX_SEGMENTS segments into one; the names of
    those merged (none on PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return []
    merged = []
    with engine.begin() as conn:
        for table in TEXT_INDEXES:
            if segments(conn, table) > MAX_SEGMENTS:
                merge_segments(conn, table)
                merged.append(table)
    return merged


def merge_segments(conn: sa.Connection, table: str) -> None:
    """Merge the FTS5 index ``table`` into one segment ('optimize': a rewrite of it all)."""
    conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('optimize')")
