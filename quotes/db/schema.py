"""The quote database's tables (SQLAlchemy Core), its full-text index and its version.

One definition serves SQLite and PostgreSQL. Full-text search is the only part that differs:
SQLite gets an FTS5 table kept in sync by triggers (so every write to ``quotes`` updates it in
the same transaction), PostgreSQL a GIN index on ``to_tsvector('simple', text)`` ('simple'
because PostgreSQL has no Indonesian stemmer, and stemming names would do harm anyway).
"""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

SCHEMA_VERSION = 1

# PostgreSQL's text search configuration; the query must use the very same expression as the
# index or the index is not used.
PG_TS_CONFIG = sa.literal_column("'simple'")

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, nullable=False),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # the article's own id (JSONL "id") or the path of its text file: what makes it "the same"
    sa.Column("key", sa.Text, nullable=False, unique=True),
    sa.Column("source", sa.Text),  # URL or path
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("content_hash", sa.String(64), nullable=False),  # sha256 of text
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("meta", sa.JSON),  # the JSONL record's other keys
    sa.Index("articles_published", "published"),
    sa.Index("articles_outlet", "outlet"),
)

speakers = sa.Table(
    "speakers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.Text, nullable=False, unique=True),  # quotes.db.speakers.name_key(name)
    sa.Column("name", sa.Text, nullable=False),
)

speaker_aliases = sa.Table(
    "speaker_aliases", metadata,
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("alias", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("speaker_id", "key"),
    sa.Index("speaker_aliases_key", "key"),
)

speaker_titles = sa.Table(
    "speaker_titles", metadata,
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("speaker_id", "key"),
)

quotes = sa.Table(
    "quotes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # 0, 1, … in text order
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id"), nullable=True),
    sa.Column("speaker", sa.Text),  # the name as the extractor gave it for this article
    sa.Column("mention", sa.Text),
    sa.Column("mention_start", sa.Integer),
    sa.Column("mention_end", sa.Integer),
    sa.Column("title", sa.Text),
    sa.Column("resolution", sa.String(16), nullable=False),
    sa.Column("cue", sa.Text),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.UniqueConstraint("article_id", "position"),
    sa.Index("quotes_speaker", "speaker_id"),
)


def pg_text_vector(column: sa.ColumnElement) -> sa.ColumnElement:
    """The indexed expression; PostgreSQL uses the index only for this very expression."""
    return sa.func.to_tsvector(PG_TS_CONFIG, column)


sa.Index("quotes_pg_fts", pg_text_vector(quotes.c.text), postgresql_using="gin").ddl_if(dialect="postgresql")

# SQLite: an external-content FTS5 table over quotes.text. Triggers keep it in step inside
# whatever transaction writes quotes, so a killed ingest can never leave it out of sync.
quotes_fts = sa.table("quotes_fts", sa.column("rowid", sa.Integer), sa.column("quotes_fts"))

_SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
)
for _statement in _SQLITE_FTS_DDL:
    sa.event.listen(quotes, "after_create", sa.DDL(_statement).execute_if(dialect="sqlite"))
sa.event.listen(quotes, "before_drop", sa.DDL("DROP TABLE IF EXISTS quotes_fts").execute_if(dialect="sqlite"))


class SchemaError(Exception):
    """The database is not a quote database, or one made by a newer program."""


# version N -> N+1, each run inside the one transaction that also records the new version
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {}


def ensure_schema(engine: sa.Engine, create: bool = True) -> None:
    """Create the tables in an empty database, or migrate an older one to SCHEMA_VERSION."""
    with engine.begin() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        if "schema_version" not in tables:
            if tables & set(metadata.tables):
                raise SchemaError("the database has quote tables but no schema version; "
                                  "it was not made by `quotes db`")
            if not create:
                raise SchemaError("the database is empty; run `quotes db ingest` first")
            metadata.create_all(conn)
            conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
            return
        version = conn.execute(sa.select(schema_version.c.version)).scalar_one_or_none()
        if version is None:
            raise SchemaError("the database's schema version is missing")
        if version > SCHEMA_VERSION:
            raise SchemaError(f"the database has schema version {version}, newer than this "
                              f"program's {SCHEMA_VERSION}; upgrade quotes to open it")
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](conn)
        if version < SCHEMA_VERSION:
            conn.execute(schema_version.update().values(version=SCHEMA_VERSION))
