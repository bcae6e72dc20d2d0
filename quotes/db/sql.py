"""The SQL of the quote database's reads (quotes.db.query, quotes.db.browse), as text.

Text rather than SQLAlchemy expressions so that one builder serves both ways of reading: the
web app runs a statement on its SQLAlchemy connection, `quotes db search` on the bare driver
without importing SQLAlchemy at all (quotes.db.reader). Each builder returns a Statement whose
values are bound parameters, in the driver's style: user text never becomes SQL.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

import attrs

from quotes.db.layout import DAY_SHIFT, PG_TEXT_PAIRS, PG_TEXT_VECTOR, outlet_key, tags_query
from quotes.db.pairs import ANY_QUOTE, phrase_pairs

SQLITE, POSTGRESQL = "sqlite", "postgresql"


@attrs.frozen
class Statement:
    text: str
    params: dict[str, object]


class _Binds:
    """The parameters of one statement as it is written: each value gets a placeholder."""

    def __init__(self, dialect: str):
        self.pyformat = dialect == POSTGRESQL  # psycopg's style; sqlite3 takes :name
        self.params: dict[str, object] = {}

    def __call__(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s" if self.pyformat else f":{name}"

    def each(self, values: Iterable[object]) -> str:
        return "(" + ", ".join(self(v) for v in values) + ")"

    def statement(self, text: str) -> Statement:
        return Statement(text, self.params)


# QuoteRow's fields, in order ("end" and "position" are SQL words: always quoted)
QUOTE_COLUMNS = (
    'quotes.id, articles."key", articles.title, articles.outlet, articles.published, articles.source, '
    'quotes."position", quotes.kind, quotes.text, quotes.start, quotes."end", speakers.name, '
    "quotes.speaker_id, quotes.mention, quotes.title, quotes.resolution, quotes.cue, quotes.confidence"
)
_QUOTE_SOURCE = ("quotes JOIN articles ON quotes.article_id = articles.id "
                 "LEFT OUTER JOIN speakers ON quotes.speaker_id = speakers.id")


def _limit(dialect: str, limit: int | None, offset: int = 0) -> str:
    if limit is None and not offset:
        return ""
    if limit is None:  # an offset alone: SQLite has no OFFSET without a LIMIT
        count = "-1" if dialect == SQLITE else "ALL"
    else:
        count = str(int(limit))
    return f" LIMIT {count}" + (f" OFFSET {int(offset)}" if offset else "")


def quotes_where(dialect: str, where: str, value: object, order: str, limit: int | None = None,
                 extra_columns: str = "") -> Statement:
    """Whole quote rows (QUOTE_COLUMNS, then extra_columns) where ``where`` (with one
    placeholder, {}, for value) holds, in ``order``."""
    b = _Binds(dialect)
    return b.statement(f"SELECT {QUOTE_COLUMNS}{extra_columns} FROM {_QUOTE_SOURCE} "
                       f"WHERE {where.format(b(value))} ORDER BY {order}{_limit(dialect, limit)}")


def _words_match(b: _Binds, terms: Sequence[str], keys: tuple[int, int] | None) -> str:
    """SQLite: an FTS5 match of every term. Each term becomes a double-quoted string (a
    phrase), which FTS5 reads as plain text whatever it holds; phrases side by side must all
    match. A date range reads only that range of rowids (sort keys)."""
    phrases = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
    match = f"quotes_fts MATCH {b(phrases)}"
    return match if keys is None else f"{match} AND quotes_fts.rowid BETWEEN {b(keys[0])} AND {b(keys[1])}"


def _pg_words_match(b: _Binds, vector: str, terms: Sequence[str]) -> str:
    """PostgreSQL: the stored words hold every term, as one tsquery that the GIN index
    answers in one pass."""
    wanted = " && ".join(f"phraseto_tsquery('simple'::regconfig, {b(t)})" for t in terms)
    return f"{vector} @@ ({wanted})"


def _fts_probe(b: _Binds, terms: Sequence[str], keys: tuple[int, int] | None) -> str:
    """SQLite: the quote read (by another index) holds every term, looked up in FTS5."""
    return (f"EXISTS (SELECT * FROM quotes_fts WHERE {_words_match(b, terms, keys)} "
            "AND quotes_fts.rowid = quotes.sort_key)")


def _pairs_match(b: _Binds, pairs: Sequence[str], keys: tuple[int, int] | None) -> str:
    """SQLite: quotes holding every pair (or whose pairs quotes.db.pairs could not tell)."""
    wanted = " AND ".join(f'"{p}"' for p in pairs)  # [a-z0-9_] only: nothing to escape
    match = f"quote_pairs MATCH {b(f'({wanted}) OR {ANY_QUOTE}')}"
    return match if keys is None else f"{match} AND quote_pairs.rowid BETWEEN {b(keys[0])} AND {b(keys[1])}"


# a phrase of at least two words, as PostgreSQL's parser finds them ("_" is no word to it)
_PHRASE = re.compile(r"[^\W_]+\W+[^\W_]")


def pg_phrases(terms: Sequence[str]) -> list[str]:
    """PostgreSQL: the terms that the pair index answers (of two words or more)."""
    return [t for t in terms if _PHRASE.search(t)]


def _pg_pairs_match(b: _Binds, terms: Sequence[str]) -> str | None:
    """PostgreSQL: the stored pairs hold every pair of each phrase, computed from the phrase
    as from a quote, so that a phrase query's candidates come from quotes_pg_pairs."""
    phrases = pg_phrases(terms)
    if not phrases:
        return None
    wanted = " || ".join(f"word_pairs(to_tsvector('simple'::regconfig, {b(t)}))" for t in phrases)
    return f"quotes.{PG_TEXT_PAIRS} @> ({wanted})"


def _ids_match(b: _Binds, dialect: str, ids: Sequence[int]) -> str:
    """The quotes of these ids, bound as one value whatever their count: a JSON array
    (SQLite) or an array's text (PostgreSQL)."""
    listed = ",".join(map(str, ids))
    if dialect == SQLITE:
        return f"quotes.id IN (SELECT value FROM json_each({b(f'[{listed}]')}))"
    return f"quotes.id = ANY(CAST({b('{' + listed + '}')} AS integer[]))"


def _tags_match(b: _Binds, speaker_ids: Sequence[int] | None, outlet: str | None,
                keys: tuple[int, int] | None) -> str:
    """SQLite: the quotes of any of these speakers and of the outlet, from their tags (schema 11)."""
    match = f"quote_tags MATCH {b(tags_query(speaker_ids, outlet))}"
    return match if keys is None else f"{match} AND quote_tags.rowid BETWEEN {b(keys[0])} AND {b(keys[1])}"


def _key_range(b: _Binds, keys: tuple[int, int] | None) -> str:
    return "" if keys is None else f" WHERE quotes.sort_key BETWEEN {b(keys[0])} AND {b(keys[1])}"


def search_page(dialect: str, terms: Sequence[str], *, probe_words: bool = False,
                speaker_ids: Sequence[int] | None = None, kinds: Sequence[str] | None = None,
                outlet: str | None = None, keys: tuple[int, int] | None = None,
                limit: int | None = 50, offset: int = 0, ids: Sequence[int] | None = None) -> Statement:
    """Whole rows of one page of a search, in search order: a page of ids first, then the
    rows of that page only.

    terms: words and phrases every quote holds (none: the filters alone select). SQLite reads
    its full-text index in search order (its rowid is sort_key) and stops at the page, unless
    probe_words (with speakers or an outlet): the quotes are read in search order (a speaker's
    or an outlet's, from their tags) and each is looked up in the full-text index. Phrases alone are
    read from the pair index (schema 7) instead, so that only quotes holding their pairs have
    their word positions checked; PostgreSQL takes candidates from its pair index likewise.
    ids: the only quotes that may match (from the dense words' bitmaps, schema 12), each read
    by its id and checked.
    """
    b = _Binds(dialect)
    source, order, where = "quotes", "quotes.sort_key", []  # every filter is a column of quotes
    # SQLite reads the pair index first only when every term is a phrase it answers: a word
    # beside a phrase is left to FTS5, which walks the two together (read from the pairs, each
    # quote with a common phrase would be looked up for a rare word)
    each = [phrase_pairs(t) for t in terms] if dialect == SQLITE and ids is None else []
    pairs = list(dict.fromkeys(p for found in each for p in found)) if each and all(each) else []
    # SQLite: the speakers' or the outlet's quotes drive, read from their tags in search order
    tagged = dialect == SQLITE and ids is None and (speaker_ids is not None or outlet is not None) \
        and (probe_words or not terms)
    if ids is not None:
        where.append(_ids_match(b, dialect, ids))
        if terms:
            where.append(_fts_probe(b, terms, keys) if dialect == SQLITE
                         else _pg_words_match(b, f"quotes.{PG_TEXT_VECTOR}", terms))
    elif terms and dialect == POSTGRESQL:
        where.append(_pg_words_match(b, f"quotes.{PG_TEXT_VECTOR}", terms))
        if (with_pairs := _pg_pairs_match(b, terms)) is not None:
            where.append(with_pairs)
    elif tagged:
        source = "quote_tags JOIN quotes ON quotes.sort_key = quote_tags.rowid"
        order = "quote_tags.rowid"
        where.append(_tags_match(b, speaker_ids, outlet, keys))
        if terms:
            where.append(_fts_probe(b, terms, keys))
    elif pairs:  # phrases: the quotes with their pairs, in search order, each looked up in FTS5
        source = "quote_pairs JOIN quotes ON quotes.sort_key = quote_pairs.rowid"
        order = "quote_pairs.rowid"
        where += [_pairs_match(b, pairs, keys), _fts_probe(b, terms, keys)]
    elif terms:
        source = "quotes_fts JOIN quotes ON quotes.sort_key = quotes_fts.rowid"
        order = "quotes_fts.rowid"
        where.append(_words_match(b, terms, keys))
    if speaker_ids is not None and not tagged:
        where.append(f"quotes.speaker_id IN {b.each(speaker_ids)}")
    if kinds:
        where.append(f"quotes.kind IN {b.each(kinds)}")
    if outlet is not None and not tagged:
        where.append(f"quotes.outlet_key = {b(outlet_key(outlet))}")
    if keys is not None:
        where.append(f"quotes.sort_key BETWEEN {b(keys[0])} AND {b(keys[1])}")
    page = (f"SELECT quotes.id FROM {source}" + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order}{_limit(dialect, limit, offset)}")
    return b.statement(f"SELECT {QUOTE_COLUMNS} FROM {_QUOTE_SOURCE} JOIN ({page}) AS page "
                       "ON page.id = quotes.id ORDER BY quotes.sort_key")


def dense_blocks(dialect: str, words: Sequence[str]) -> Statement:
    """(word, block, bits) of each of ``words`` that the database keeps bitmaps of
    (quotes.db.dense); block and bits NULL for such a word in no quote."""
    b = _Binds(dialect)
    return b.statement("SELECT dense_words.word, word_blocks.block, word_blocks.bits FROM dense_words "
                       "LEFT JOIN word_blocks ON word_blocks.word = dense_words.word "
                       f"WHERE dense_words.word IN {b.each(words)}")


def pg_newest_matches(terms: Sequence[str], sample: int, keys: tuple[int, int] | None) -> Statement:
    """PostgreSQL: how many of the ``sample`` newest quotes (in the key range) match."""
    b = _Binds(POSTGRESQL)
    newest = (f"SELECT quotes.{PG_TEXT_VECTOR} AS words FROM quotes{_key_range(b, keys)} "
              f"ORDER BY quotes.sort_key LIMIT {int(sample)}")
    return b.statement(f"SELECT count(*) FROM ({newest}) AS newest "
                       f"WHERE {_pg_words_match(b, 'newest.words', terms)}")


def speaker_days(dialect: str, speaker_id: int) -> Statement:
    """(day field of the sort key, quotes) of each day the speaker was quoted, from the sort
    keys alone: SQLite's tags (schema 11), PostgreSQL's index in (speaker, sort_key)."""
    b = _Binds(dialect)
    if dialect == SQLITE:
        return b.statement(f"SELECT quote_tags.rowid >> {DAY_SHIFT}, count(*) FROM quote_tags "
                           f"WHERE quote_tags MATCH {b(tags_query([speaker_id]))} GROUP BY 1")
    return b.statement(f"SELECT quotes.sort_key >> {DAY_SHIFT}, count(*) FROM quotes "
                       f"WHERE quotes.speaker_id = {b(speaker_id)} GROUP BY 1")


def speakers_quotes(dialect: str, speaker_ids: Sequence[int]) -> Statement:
    """How many quotes these speakers have (kept counts)."""
    b = _Binds(dialect)
    return b.statement("SELECT coalesce(sum(speakers.quotes), 0) FROM speakers "
                       f"WHERE speakers.id IN {b.each(speaker_ids)}")


def all_quotes(dialect: str) -> Statement:
    """How many quotes there are (the kept counts per kind)."""
    b = _Binds(dialect)
    return b.statement(f"SELECT sum(counters.value) FROM counters WHERE counters.name LIKE {b('quotes:%')}")


def nth_newest_key(dialect: str, n: int, keys: tuple[int, int] | None) -> Statement:
    """The sort key of the n-th newest quote (in the key range)."""
    b = _Binds(dialect)
    return b.statement(f"SELECT quotes.sort_key FROM quotes{_key_range(b, keys)} ORDER BY quotes.sort_key "
                       f"LIMIT 1 OFFSET {int(n) - 1}")


def outlet_quotes(dialect: str, outlet: str, keys: tuple[int, int] | None, cap: int) -> Statement:
    """How many quotes of the outlet there are (in the key range), counted up to cap + 1."""
    b = _Binds(dialect)
    if dialect == SQLITE:  # from its tags (schema 11)
        return b.statement(f"SELECT count(*) FROM (SELECT 1 FROM quote_tags WHERE {_tags_match(b, None, outlet, keys)} "
                           f"LIMIT {int(cap) + 1}) AS found")
    within = "" if keys is None else f" AND quotes.sort_key BETWEEN {b(keys[0])} AND {b(keys[1])}"
    return b.statement(f"SELECT count(*) FROM (SELECT 1 FROM quotes WHERE quotes.outlet_key = {b(outlet_key(outlet))}"
                       f"{within} LIMIT {int(cap) + 1}) AS found")


def words_matches_until(terms: Sequence[str], keys: tuple[int, int] | None, last: int) -> Statement:
    """SQLite: how many quotes up to sort key ``last`` match (from the full-text index alone)."""
    b = _Binds(SQLITE)
    return b.statement(f"SELECT count(*) FROM quotes_fts WHERE {_words_match(b, terms, keys)} "
                       f"AND quotes_fts.rowid <= {b(last)}")


def speakers_named(dialect: str, key: str) -> Statement:
    """Ids of the speakers whose name, an alias or a title key holds key's words in a row."""
    b = _Binds(dialect)
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = b(f"% {escaped} %")
    holds = f"(' ' || {{}}.\"key\" || ' ') LIKE {pattern} ESCAPE '\\'"
    return b.statement(" UNION ".join(
        f"SELECT {column} FROM {table} WHERE {holds.format(table)}"
        for table, column in (("speakers", "id"), ("speaker_aliases", "speaker_id"),
                              ("speaker_titles", "speaker_id"))))


_SPEAKER_COLUMNS = "speakers.id, speakers.name, speakers.quotes, speakers.articles"


def top_speakers(dialect: str, top: int | None) -> Statement:
    """Speakers with quotes, most quoted first (then by name): speakers_by_quotes in order."""
    return Statement(f"SELECT {_SPEAKER_COLUMNS} FROM speakers WHERE speakers.quotes > 0 "
                     f"ORDER BY speakers.quotes DESC, speakers.name, speakers.id{_limit(dialect, top)}", {})


def speaker(dialect: str, speaker_id: int) -> Statement:
    b = _Binds(dialect)
    return b.statement(f"SELECT {_SPEAKER_COLUMNS} FROM speakers WHERE speakers.id = {b(speaker_id)}")


def speaker_labels(dialect: str, table: str, column: str, speaker_ids: Sequence[int]) -> Statement:
    """(speaker id, label) of these speakers from speaker_aliases or speaker_titles."""
    b = _Binds(dialect)
    return b.statement(f"SELECT {table}.speaker_id, {table}.{column} FROM {table} "
                       f"WHERE {table}.speaker_id IN {b.each(speaker_ids)} "
                       f"ORDER BY {table}.speaker_id, {table}.{column}")


def article(dialect: str, where: str, value: object, extra_columns: str = "") -> Statement:
    """ArticleRow's fields (then extra_columns) of the article where ``where`` (with {} for
    value) holds."""
    b = _Binds(dialect)
    count = "(SELECT count(*) FROM quotes WHERE quotes.article_id = articles.id)"
    return b.statement(f'SELECT articles.id, articles."key", articles.title, articles.outlet, articles.published, '
                       f"articles.source, {count}{extra_columns} FROM articles WHERE {where.format(b(value))}")


COUNTERS = Statement("SELECT counters.name, counters.value FROM counters", {})
# apart: each alone is one index seek, together (SQLite) a pass over the index
FIRST_PUBLISHED = Statement("SELECT min(articles.published) FROM articles", {})
LAST_PUBLISHED = Statement("SELECT max(articles.published) FROM articles", {})
QUOTED_SPEAKERS = Statement("SELECT count(*) FROM speakers WHERE speakers.quotes > 0", {})
# How many distinct outlets: one index seek per value (a loose index scan), not a pass over
# every article
OUTLETS = Statement(
    "WITH RECURSIVE seen(value) AS (SELECT min(articles.outlet) FROM articles UNION ALL "
    "SELECT (SELECT min(articles.outlet) FROM articles WHERE articles.outlet > seen.value) "
    "FROM seen WHERE seen.value IS NOT NULL) SELECT count(seen.value) FROM seen", {})
VERSION = Statement("SELECT version FROM schema_version", {})
