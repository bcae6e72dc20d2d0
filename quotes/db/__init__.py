"""The quote database: `quotes db …` stores extracted quotes in SQLite or PostgreSQL.

schema: tables and migrations; layout: what reads need of them in plain Python (version,
search order); store: opening a database with SQLAlchemy; speakers: merging names into
speakers; edit: speaker writes; counts: the counts kept by every write; sql: the statements of
every read, as text; reader: running them on a SQLAlchemy connection or on the bare driver;
query: read-only queries (shared with the web UI).
"""
