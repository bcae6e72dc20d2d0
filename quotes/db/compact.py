"""Keeping SQLite's full-text indexes in few pieces.

FTS5 writes the words of each transaction as a new segment, and merges segments only as
they pile up (four of a level make one of the next), so the index of a large archive lies
in twenty or more segments. A search reads every segment: a common word with a speaker
looks each of the speaker's quotes up in all of them. At 50,000 articles the 22 segments of
an ingest made that search 2.8 times slower than one segment, and two common words with no
quote in common 1.6 times. So an ingest that leaves more than MAX_SEGMENTS merges them.

First by levels: FTS5's 'merge' with usermerge 2 joins any two segments of one level, so the
new, small segments of this ingest merge among themselves and the archive's large ones stay
as they are: the cost follows what was added (0.07 s after 10,000 articles appended to a
million). Only when that still leaves more than MAX_SEGMENTS is the whole index rewritten
into one ('optimize': 9 s at a million articles), which levels of sizes doubling each time
make rare. PostgreSQL's GIN indexes are one tree each and need nothing of this.
"""
from __future__ import annotations

import sqlalchemy as sa

# The FTS5 tables of the schema (quotes.db.schema): the words, the word pairs, and the tags
# of speakers, outlets and trails
TEXT_INDEXES = ("quotes_fts", "quote_pairs", "quote_tags")
MAX_SEGMENTS = 8


def segments(conn: sa.Connection, table: str) -> int:
    """How many segments the FTS5 index ``table`` lies in (each has rows in its _idx table)."""
    return conn.exec_driver_sql(f"SELECT count(DISTINCT segid) FROM {table}_idx").scalar_one()


def compact(engine: sa.Engine) -> list[str]:
    """Merge each full-text index of more than MAX_SEGMENTS segments, by levels and, if that
    is not enough, into one; the names of those merged (none on PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return []
    merged = []
    with engine.begin() as conn:
        for table in TEXT_INDEXES:
            if segments(conn, table) > MAX_SEGMENTS:
                merge_levels(conn, table)
                if segments(conn, table) > MAX_SEGMENTS:
                    merge_segments(conn, table)
                merged.append(table)
    return merged


# pages of merged data one 'merge' command writes; the commands repeat until none has work
MERGE_PAGES = 1000


def merge_levels(conn: sa.Connection, table: str) -> None:
    """Merge the FTS5 index ``table``'s segments two or more of a level at a time, until no
    level holds two."""
    conn.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES ('usermerge', 2)")
    while True:
        # FTS5 says a 'merge' found nothing to do by changing fewer than two rows
        before = conn.exec_driver_sql("SELECT total_changes()").scalar_one()
        conn.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES ('merge', {MERGE_PAGES})")
        if conn.exec_driver_sql("SELECT total_changes()").scalar_one() - before < 2:
            return


def merge_segments(conn: sa.Connection, table: str) -> None:
    """Merge the FTS5 index ``table`` into one segment ('optimize': a rewrite of it all)."""
    conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('optimize')")
