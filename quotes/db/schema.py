"""The quote database's tables (SQLAlchemy Core), its full-text index and its version.

One definition serves SQLite and PostgreSQL. Full-text search is the only part that differs:
SQLite gets an FTS5 table kept in sync by triggers (so every write to ``quotes`` updates it in
the same transaction), PostgreSQL a stored column ``to_tsvector('simple', text)`` with a GIN
index ('simple' because PostgreSQL has no Indonesian stemmer, and stemming names would do harm
anyway). Each has beside it an index of every quote's adjacent word pairs (v7), which a
phrase search reads first.

Counts that listings show (quotes and articles per speaker, quotes per kind, articles) are kept
up to date by their writers (quotes.db.counts) rather than counted over every quote on a read.
"""
from __future__ import annotations

from typing import Callable, Sequence

import sqlalchemy as sa

from quotes.db.compact import merge_segments
from quotes.db.layout import (DAY_SHIFT, OUTLET_TAG, PG_TEXT_PAIRS, PG_TEXT_VECTOR, SCHEMA_VERSION, SPEAKER_TAG,
                               TRAIL_TAG, order_key, outlet_key)
from quotes.db.speakers import surname_of

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
    # the moment of publication in UTC, when the source gives a time (v4): who was first
    sa.Column("published_at", sa.DateTime),
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
    # the key's last word when it has several (quotes.db.speakers.surname_of), else NULL (v8):
    # the full names that a bare surname may mean, found by an index seek
    sa.Column("surname", sa.Text),
    # kept by quotes.db.counts: the speaker's quotes, and the articles with at least one of them
    sa.Column("quotes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
)
# the most quoted first: `speakers --top N` reads N entries of this index
sa.Index("speakers_by_quotes", speakers.c.quotes.desc(), speakers.c.name, speakers.c.id)
sa.Index("speakers_surname", speakers.c.surname)

# Totals for `db stats`, kept by quotes.db.counts: "articles", "unattributed" (quotes with no
# speaker) and "quotes:KIND" for each kind.
counters = sa.Table(
    "counters", metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)


def _speaker_labels(name: str, label: str) -> sa.Table:
    """A speaker's other names or titles: each once per speaker (by key), as first written."""
    return sa.Table(
        name, metadata,
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.Text, nullable=False),  # name_key(label)
        sa.Column(label, sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("speaker_id", "key"),
        sa.Index(f"{name}_key", "key"),
    )


speaker_aliases = _speaker_labels("speaker_aliases", "alias")
speaker_titles = _speaker_labels("speaker_titles", "title")

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
    # search order (order_key()) as one integer: also the FTS5 rowid, so that SQLite's
    # full-text index yields matches already sorted and a search stops at its limit
    sa.Column("sort_key", sa.BigInteger, nullable=False),
    # the article's outlet in lower case (layout.outlet_key(), v6): what `search --outlet`
    # compares, here so that an outlet's quotes are one range of an index in search order
    # (PostgreSQL) or one tag (SQLite, v11)
    sa.Column("outlet_key", sa.Text),
    sa.UniqueConstraint("article_id", "position"),
    # PostgreSQL: a speaker's quotes in search order, which `search --speaker` reads in order
    # and stops. SQLite reads them from quote_tags (v11), and indexes a speaker's quotes in the
    # order they were stored (its rowid), which ingest appends to: a merge's look-ups.
    sa.Index("quotes_speaker_order", "speaker_id", "sort_key").ddl_if(dialect="postgresql"),
    sa.Index("quotes_by_speaker", "speaker_id").ddl_if(dialect="sqlite"),
    sa.Index("quotes_sort_key", "sort_key", unique=True),
    # an outlet's quotes in search order: `search --outlet` reads them in order and stops
    # (PostgreSQL; SQLite reads them from quote_tags, v11)
    sa.Index("quotes_outlet_order", "outlet_key", "sort_key").ddl_if(dialect="postgresql"),
)

# Quote trails (quotes.trails, written by quotes.db.trails): the copies of one statement
# across articles. A trail row only allocates an id; a quote's trail and its LSH band keys
# go with the quote (ON DELETE CASCADE), so replacing an article drops its old copies.
trails = sa.Table("trails", metadata, sa.Column("id", sa.Integer, primary_key=True))

quote_trails = sa.Table(
    "quote_trails", metadata,
    sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("trail_id", sa.Integer, sa.ForeignKey("trails.id"), nullable=False),
    sa.Column("exact", sa.String(32), nullable=False),  # Statement.exact: copies with the same words
    # the quote's quotes.sort_key (v8): a trail's first appearances read in date order from
    # its index (PostgreSQL) or its tag (SQLite, v11), however many copies it has
    sa.Column("sort_key", sa.BigInteger, nullable=False, server_default="0"),
    # PostgreSQL: a trail's copies in date order; SQLite reads them from quote_tags (v11) and
    # indexes a trail's copies in the order they were stored, for moving them to another trail
    sa.Index("quote_trails_trail_order", "trail_id", "sort_key").ddl_if(dialect="postgresql"),
    sa.Index("quote_trails_by_trail", "trail_id").ddl_if(dialect="sqlite"),
    # a statement's trail found in one seek however many copies of it are stored (schema 8)
    sa.Index("quote_trails_exact_trail", "exact", "trail_id"),
)

# Each trail's copies per outlet (v8), kept by quotes.db.trails as quotes are grouped, moved
# and replaced: a statement's reach (copies, outlets) is a few rows, not a count of its copies.
trail_outlets = sa.Table(
    "trail_outlets", metadata,
    sa.Column("trail_id", sa.Integer, sa.ForeignKey("trails.id"), nullable=False),
    sa.Column("outlet_key", sa.Text, nullable=False),  # quotes.outlet_key; '' for no outlet
    sa.Column("copies", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("trail_id", "outlet_key"),
)

# Each trail's copies per speaker (v10), kept as trail_outlets is: how many statements a
# speaker made is a count of their rows in an index, not a pass over each of their quotes
# (20,000 for a much quoted person, read from all over the file).
trail_speakers = sa.Table(
    "trail_speakers", metadata,
    sa.Column("trail_id", sa.Integer, sa.ForeignKey("trails.id"), nullable=False),
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id"), nullable=False),
    sa.Column("copies", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("trail_id", "speaker_id"),
    sa.Index("trail_speakers_speaker", "speaker_id", "trail_id"),
)

trail_keys = sa.Table(
    "trail_keys", metadata,
    sa.Column("key", sa.BigInteger, nullable=False),  # an LSH band key of the quote
    sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"), nullable=False),
    sa.PrimaryKeyConstraint("key", "quote_id"),
    sa.Index("trail_keys_quote", "quote_id"),
)

# The dense words (v12, quotes.db.dense): the words whose bitmaps this database keeps, copied
# from rules/lists/dense_words.txt when it was made, and per word one bit per quote id in rows
# of dense.BLOCK ids, set at ingest. SQLite keeps the rows in their key's order (no rowid):
# a word's bitmap is one range of the table.
dense_words = sa.Table("dense_words", metadata, sa.Column("word", sa.Text, primary_key=True))
word_blocks = sa.Table(
    "word_blocks", metadata,
    sa.Column("word", sa.Text, nullable=False),
    sa.Column("block", sa.Integer, nullable=False),  # quote id // dense.BLOCK
    sa.Column("bits", sa.LargeBinary, nullable=False),  # dense.BLOCK bits, little-endian
    sa.PrimaryKeyConstraint("word", "block"),
    sqlite_with_rowid=False,
)


def order_key_day(sort_key: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
    """The publication day field of order_key() values, in SQL (see published_of())."""
    return sort_key.op(">>")(sa.literal_column(str(DAY_SHIFT)))


# PostgreSQL: each quote's words, as the 'simple' configuration splits them, stored with the
# quote (v6) and indexed. A search reads candidates from the GIN index and rechecks them
# (a phrase always: the index holds no word positions) against this stored vector; with an
# index on to_tsvector(text) alone, every recheck parsed the quote's text again. Written
# out rather than as Column and Index: the column is PostgreSQL's alone, and SQLAlchemy 2.1
# did not attach an Index on a function expression to the table.
_PG_FTS_DDL = (
    f"ALTER TABLE quotes ADD COLUMN {PG_TEXT_VECTOR} tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED",
    f"CREATE INDEX quotes_pg_fts ON quotes USING gin ({PG_TEXT_VECTOR})",
)
for _statement in _PG_FTS_DDL:
    sa.event.listen(quotes, "after_create", sa.DDL(_statement).execute_if(dialect="postgresql"))

# SQLite: an external-content FTS5 table over quotes.text. Triggers keep it in step inside
# whatever transaction writes quotes, so a killed ingest can never leave it out of sync.
quotes_fts = sa.table("quotes_fts", sa.column("rowid", sa.BigInteger), sa.column("quotes_fts"))

# Without the sizes of each quote's text (columnsize=0, v9): no search ranks by them, and
# their table, keyed by the search order, took an insert at a random place for every quote.
_SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='sort_key', "
    "columnsize=0, tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.sort_key, new.text); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.sort_key, old.text); END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, sort_key ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.sort_key, old.text); "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.sort_key, new.text); END",
)
_SQLITE_FTS_DROP = ("DROP TRIGGER quotes_fts_insert", "DROP TRIGGER quotes_fts_delete",
                    "DROP TRIGGER quotes_fts_update", "DROP TABLE quotes_fts")
for _statement in _SQLITE_FTS_DDL:
    sa.event.listen(quotes, "after_create", sa.DDL(_statement).execute_if(dialect="sqlite"))

# Each quote's adjacent word pairs (v7), so that a phrase is looked up as its pairs first:
# a phrase of common words that never stand side by side is then answered from an index,
# not by checking the word positions of every quote that holds its words.
# PostgreSQL: the pairs of positions p and p + 1 of the quote's words (exactly what a phrase
# query, <->, needs of a quote), stored and GIN-indexed; word_pairs() is plain SQL, so that
# COPY and every other write compute them. CREATE OR REPLACE: dropping the tables keeps it.
_PG_PAIRS_DDL = (
    "CREATE OR REPLACE FUNCTION word_pairs(words tsvector) RETURNS text[] "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme), '{}') "
    "FROM (SELECT lexeme, unnest(positions) AS at FROM unnest(words)) AS a "
    "JOIN (SELECT lexeme, unnest(positions) AS at FROM unnest(words)) AS b ON b.at = a.at + 1 $$",
    f"ALTER TABLE quotes ADD COLUMN {PG_TEXT_PAIRS} text[] "
    "GENERATED ALWAYS AS (word_pairs(to_tsvector('simple'::regconfig, text))) STORED",
    f"CREATE INDEX quotes_pg_pairs ON quotes USING gin ({PG_TEXT_PAIRS})",
)
for _statement in _PG_PAIRS_DDL:
    sa.event.listen(quotes, "after_create", sa.DDL(_statement).execute_if(dialect="postgresql"))

# SQLite: quotes.db.pairs.index_tokens(text), which every connection that writes registers as
# word_pairs() (quotes.db.store), through triggers into a contentless FTS5 table keyed by
# sort_key as quotes_fts is; without positions (detail=none): a pair is one token. A deleted
# quote's pairs are computed again from its text, as contentless FTS5 needs them.
_SQLITE_PAIRS_DDL = (
    "CREATE VIRTUAL TABLE quote_pairs USING fts5(pairs, content='', detail=none, columnsize=0, "
    "tokenize=\"unicode61 tokenchars '_'\")",
    "CREATE TRIGGER quote_pairs_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quote_pairs(rowid, pairs) VALUES (new.sort_key, word_pairs(new.text)); END",
    "CREATE TRIGGER quote_pairs_delete AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quote_pairs(quote_pairs, rowid, pairs) VALUES ('delete', old.sort_key, word_pairs(old.text)); END",
    "CREATE TRIGGER quote_pairs_update AFTER UPDATE OF text, sort_key ON quotes BEGIN "
    "INSERT INTO quote_pairs(quote_pairs, rowid, pairs) VALUES ('delete', old.sort_key, word_pairs(old.text)); "
    "INSERT INTO quote_pairs(rowid, pairs) VALUES (new.sort_key, word_pairs(new.text)); END",
)
for _statement in _SQLITE_PAIRS_DDL:
    sa.event.listen(quotes, "after_create", sa.DDL(_statement).execute_if(dialect="sqlite"))
for _table in ("quotes_fts", "quote_pairs", "quote_tags"):
    sa.event.listen(quotes, "before_drop", sa.DDL(f"DROP TABLE IF EXISTS {_table}").execute_if(dialect="sqlite"))

# SQLite (v11): each quote's speaker, outlet and trail as words (layout.tags_query, trail_tag)
# of a contentless FTS5 table keyed by sort_key, filled by triggers on quotes and quote_trails:
# `search --speaker`, `--outlet`, the speaker page and a trail's first appearances read a
# doclist in search order. Indexes in (speaker, sort_key), (outlet, sort_key) and (trail,
# sort_key) took every new quote at a random place of a speaker's, an outlet's or a trail's
# entries (tens to thousands of pages each at a million articles, spread dates); FTS5 writes
# each statement's words as a new segment and merges segments by levels. Made with the whole
# schema or by v11's step: the triggers need the table.
def _tags_of(row: str) -> dict[str, tuple[str, str]]:
    """table -> (the columns its tags come from, its row's tags in SQL), for ``row`` (new, old)."""
    return {
        "quotes": ("speaker_id, outlet_key",
                   f"coalesce('{SPEAKER_TAG}' || {row}.speaker_id, '') || CASE WHEN {row}.outlet_key IS NULL "
                   f"THEN '' ELSE ' {OUTLET_TAG}' || hex({row}.outlet_key) END"),
        "quote_trails": ("trail_id", f"'{TRAIL_TAG}' || {row}.trail_id"),
    }


def _tags_ddl() -> tuple[str, ...]:
    """The tags' table and the triggers that keep it."""
    statements = ["CREATE VIRTUAL TABLE quote_tags USING fts5(tags, content='', detail=none, columnsize=0)"]
    for table, (columns, added) in _tags_of("new").items():
        removed = _tags_of("old")[table][1]
        statements += [
            f"CREATE TRIGGER {table}_tag_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO quote_tags(rowid, tags) VALUES (new.sort_key, {added}); END",
            f"CREATE TRIGGER {table}_tag_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO quote_tags(quote_tags, rowid, tags) VALUES ('delete', old.sort_key, {removed}); END",
            f"CREATE TRIGGER {table}_tag_update AFTER UPDATE OF {columns}, sort_key ON {table} BEGIN "
            f"INSERT INTO quote_tags(quote_tags, rowid, tags) VALUES ('delete', old.sort_key, {removed}); "
            f"INSERT INTO quote_tags(rowid, tags) VALUES (new.sort_key, {added}); END",
        ]
    return tuple(statements)


_SQLITE_TAGS_DDL = _tags_ddl()


@sa.event.listens_for(metadata, "after_create")
def _make_tags(target: sa.MetaData, conn: sa.Connection, tables: Sequence[sa.Table] = (), **kw) -> None:
    """SQLite's tags, when create_all() made the tables that they are kept from."""
    if conn.dialect.name == "sqlite" and {quotes, quote_trails} <= set(tables):
        for statement in _SQLITE_TAGS_DDL:
            conn.exec_driver_sql(statement)


quote_tags = sa.table("quote_tags", sa.column("rowid", sa.BigInteger), sa.column("quote_tags"))


class SchemaError(Exception):
    """The database is not a quote database, or one made by a newer program."""


def _index(table: sa.Table, name: str) -> sa.Index:
    return next(i for i in table.indexes if i.name == name)


def _migrate_1_to_2(conn: sa.Connection) -> None:
    """v2: quotes.sort_key (the search order, and SQLite's FTS rowid); titles indexed by key."""
    conn.execute(sa.text("ALTER TABLE quotes ADD COLUMN sort_key BIGINT NOT NULL DEFAULT 0"))
    rows = conn.execute(sa.select(quotes.c.id, articles.c.published, quotes.c.article_id, quotes.c.position)
                        .join(articles, quotes.c.article_id == articles.c.id)).all()
    if rows:
        conn.execute(quotes.update().where(quotes.c.id == sa.bindparam("quote_id"))
                     .values(sort_key=sa.bindparam("key")),
                     [{"quote_id": r.id, "key": order_key(r.published, r.article_id, r.position)} for r in rows])
    _index(quotes, "quotes_sort_key").create(conn)
    _index(speaker_titles, "speaker_titles_key").create(conn)
    if conn.dialect.name == "sqlite":  # the FTS table is keyed by sort_key now: build it anew
        _sqlite_fts_anew(conn)


def _sqlite_fts_anew(conn: sa.Connection) -> None:
    """SQLite's full-text table and triggers made again as this schema makes them, and filled."""
    for statement in _SQLITE_FTS_DROP + _SQLITE_FTS_DDL:
        conn.exec_driver_sql(statement)
    conn.execute(quotes_fts.insert().values(quotes_fts="rebuild"))


def _migrate_2_to_3(conn: sa.Connection) -> None:
    """v3: quotes indexed by (speaker, search order) instead of by speaker alone."""
    _index(quotes, "quotes_speaker_order").create(conn)
    conn.exec_driver_sql("DROP INDEX quotes_speaker")


def _migrate_3_to_4(conn: sa.Connection) -> None:
    """v4: counts kept by the writers (speakers.quotes/articles, counters), the indexes that
    read them and lower(outlet), and PostgreSQL's full-text index where it was never made."""
    from quotes.db.counts import recount
    for column in ("quotes", "articles"):
        conn.exec_driver_sql(f"ALTER TABLE speakers ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
    counters.create(conn)
    recount(conn)
    _index(speakers, "speakers_by_quotes").create(conn)
    conn.exec_driver_sql("CREATE INDEX articles_outlet_key ON articles (lower(outlet))")  # until v6
    if conn.dialect.name == "postgresql":  # the index of v4 to v5 (v6 indexes a stored column)
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS quotes_pg_fts ON quotes "
                             "USING gin (to_tsvector('simple'::regconfig, text))")


def _migrate_4_to_5(conn: sa.Connection) -> None:
    """v5: quote trails (grouped by v8's step, which needs later columns). Articles' time of
    publication."""
    conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN published_at TIMESTAMP")
    # as v11 has them: grouped by v8's step
    for table in (trails, quote_trails, trail_keys, trail_outlets, trail_speakers):
        table.create(conn)


def _migrate_5_to_6(conn: sa.Connection) -> None:
    """v6: each quote's outlet key, indexed in search order, in place of articles' index on
    lower(outlet); PostgreSQL's full-text index on a stored tsvector column rather than on
    an expression that every recheck computed again."""
    conn.exec_driver_sql("ALTER TABLE quotes ADD COLUMN outlet_key TEXT")
    outlets = conn.execute(sa.select(articles.c.outlet).where(articles.c.outlet.is_not(None)).distinct()).scalars()
    of_outlet = sa.select(articles.c.id).where(articles.c.outlet == sa.bindparam("outlet")).scalar_subquery()
    conn.execute(quotes.update().where(quotes.c.article_id.in_(of_outlet)).values(outlet_key=sa.bindparam("key")),
                 [{"outlet": outlet, "key": outlet_key(outlet)} for outlet in outlets])
    _index(quotes, "quotes_outlet_order").create(conn)
    conn.exec_driver_sql("DROP INDEX IF EXISTS articles_outlet_key")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP INDEX IF EXISTS quotes_pg_fts")
        for statement in _PG_FTS_DDL:
            conn.exec_driver_sql(statement)


def _migrate_6_to_7(conn: sa.Connection) -> None:
    """v7: each quote's adjacent word pairs, indexed, which a phrase search reads first."""
    if conn.dialect.name == "postgresql":  # the stored column is computed as it is added
        for statement in _PG_PAIRS_DDL:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql("ANALYZE quotes")  # the planner's statistics of the new column
        return
    for statement in _SQLITE_PAIRS_DDL:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("INSERT INTO quote_pairs(rowid, pairs) SELECT sort_key, word_pairs(text) FROM quotes")


def _trails_7_to_8(conn: sa.Connection) -> None:
    """v7's grouped trails as v8 keeps them: sort keys and their index, copies per outlet."""
    from quotes.db.trails import OUTLETS  # it needs the tables defined above
    conn.exec_driver_sql("ALTER TABLE quote_trails ADD COLUMN sort_key BIGINT NOT NULL DEFAULT 0")
    conn.exec_driver_sql("UPDATE quote_trails SET sort_key = "
                         "(SELECT quotes.sort_key FROM quotes WHERE quotes.id = quote_trails.quote_id)")
    for index in ("quote_trails_exact_trail", "quote_trails_trail_order"):
        _index(quote_trails, index).create(conn)
    for index in ("quote_trails_exact", "quote_trails_trail"):
        conn.exec_driver_sql(f"DROP INDEX {index}")
    trail_outlets.create(conn)
    OUTLETS.count(conn)


def _migrate_7_to_8(conn: sa.Connection) -> None:
    """v8: quote trails indexed by (exact words, trail) rather than by exact words alone, so
    that ingest finds a statement's trail without visiting each of its stored copies, and by
    (trail, sort_key), with each trail's copies per outlet kept, so that a statement's reach
    and first appearances cost the same however many copies it has; each
    speaker's surname, indexed, so that ingest reads only the speakers its names can mean."""
    if sa.inspect(conn).has_table("trail_outlets"):  # v5's step made the tables as they are now
        from quotes.db.trails import rebuild  # it needs the tables defined above
        rebuild(conn)
    else:
        _trails_7_to_8(conn)
    conn.exec_driver_sql("ALTER TABLE speakers ADD COLUMN surname TEXT")
    stored = conn.execute(sa.select(speakers.c.id, speakers.c.key)).all()
    surnames = [{"of": id_, "surname": surname_of(key)} for id_, key in stored if surname_of(key)]
    if surnames:
        conn.execute(speakers.update().where(speakers.c.id == sa.bindparam("of"))
                     .values(surname=sa.bindparam("surname")), surnames)
    _index(speakers, "speakers_surname").create(conn)


def _migrate_8_to_9(conn: sa.Connection) -> None:
    """v9: SQLite's full-text index without each quote's text size (columnsize=0), which cost
    every ingested quote a page written at a random place: built anew (95 s at a million
    articles). Nothing changes on PostgreSQL."""
    if conn.dialect.name != "sqlite":
        return
    made = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'quotes_fts'").scalar_one()
    if "columnsize=0" in made:  # v1's step made it as it is now
        return
    _sqlite_fts_anew(conn)
    # a rebuild leaves the index in many segments (27 at a million articles): one, as ingest
    # leaves it
    merge_segments(conn, "quotes_fts")


def _migrate_9_to_10(conn: sa.Connection) -> None:
    """v10: each trail's copies per speaker, kept, so that a speaker's statements are counted
    from an index (a migration from v4 or older made the table with the trails)."""
    from quotes.db.trails import SPEAKERS  # it needs the tables defined above
    trail_speakers.create(conn, checkfirst=True)
    SPEAKERS.count(conn)


def _migrate_10_to_11(conn: sa.Connection) -> None:
    """v11 (SQLite): the quotes of speakers and outlets and the copies of trails read from
    quote_tags, filled here in search order and merged into one segment, instead of from
    indexes in (speaker, sort key), (outlet, sort key) and (trail, sort key); speakers' quotes
    and trails' copies indexed in storing order instead. Nothing changes on PostgreSQL."""
    if conn.dialect.name != "sqlite":
        return
    for statement in _SQLITE_TAGS_DDL:
        conn.exec_driver_sql(statement)
    for table, (_, tags) in _tags_of("stored").items():
        # in search order: FTS5 starts a new segment whenever a row id is lower than the last
        conn.exec_driver_sql(f"INSERT INTO quote_tags(rowid, tags) SELECT sort_key, {tags} FROM {table} AS stored "
                             "ORDER BY sort_key")
    merge_segments(conn, "quote_tags")
    _index(quotes, "quotes_by_speaker").create(conn, checkfirst=True)
    _index(quote_trails, "quote_trails_by_trail").create(conn, checkfirst=True)  # v5's step may have made it
    for index in ("quotes_speaker_order", "quotes_outlet_order", "quote_trails_trail_order"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")


def _migrate_11_to_12(conn: sa.Connection) -> None:
    """v12: bitmaps of the quotes holding each dense word (quotes.db.dense), set for every
    stored quote (about a minute at a million articles)."""
    from quotes.db.bitmaps import backfill, track  # it needs the tables defined above
    for table in (dense_words, word_blocks):
        table.create(conn, checkfirst=True)  # (v1's step may have made them)
    track(conn)
    backfill(conn)


# version N -> N+1, each run inside the one transaction that also records the new version
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3,
                                                          3: _migrate_3_to_4, 4: _migrate_4_to_5,
                                                          5: _migrate_5_to_6, 6: _migrate_6_to_7,
                                                          7: _migrate_7_to_8, 8: _migrate_8_to_9,
                                                          9: _migrate_9_to_10, 10: _migrate_10_to_11,
                                                          11: _migrate_11_to_12}


def _current(engine: sa.Engine) -> bool:
    """Whether the database is a quote database of this very schema version."""
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(schema_version.c.version)).scalar() == SCHEMA_VERSION
    except sa.exc.DBAPIError:  # no such table (yet); ensure_schema() says what is wrong
        return False


def ensure_schema(engine: sa.Engine, create: bool = True) -> None:
    """Create the tables in an empty database, or migrate an older one to SCHEMA_VERSION."""
    if _current(engine):  # the usual case, and every read's: one small query, no inspection
        return
    with engine.begin() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        if "schema_version" not in tables:
            if tables & set(metadata.tables):
                raise SchemaError("the database has quote tables but no schema version; "
                                  "it was not made by `quotes db`")
            if not create:
                raise SchemaError("the database is empty; run `quotes db ingest` first")
            from quotes.db.bitmaps import track
            from quotes.db.counts import recount
            metadata.create_all(conn)
            recount(conn)  # the counters' rows, at zero
            track(conn)
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
