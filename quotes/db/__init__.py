"""The quote database: `quotes db …` stores extracted quotes in SQLite or PostgreSQL.

schema: tables and migrations; store: opening a database; speakers: merging names into
speakers; edit: speaker writes; counts: the counts kept by every write; query: read-only
queries (shared with the web UI).
"""
