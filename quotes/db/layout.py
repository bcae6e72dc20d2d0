"""What reads need to know of the stored layout, in plain Python: the schema version, the
search-order key, the outlet key, the names of the kept counters.

No SQLAlchemy here: `quotes db search` reads with the database driver alone (quotes.db.reader)
and must not pay for importing it. quotes.db.schema defines the tables from these.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from quotes.model import KINDS

SCHEMA_VERSION = 12

# PostgreSQL: the stored column of each quote's words (to_tsvector('simple', text)), which the
# full-text index quotes_pg_fts indexes
PG_TEXT_VECTOR = "text_vector"
# PostgreSQL: the stored column of each quote's adjacent word pairs (v7), indexed by
# quotes_pg_pairs; SQLite keeps them in the FTS5 table quote_pairs (quotes.db.pairs)
PG_TEXT_PAIRS = "text_pairs"

# SQLite's quote_tags (v11): a quote's speaker, outlet and trail as words of a contentless FTS5
# index keyed by sort_key ("s42", "o74656d706f", "t7"), so that the quotes of a speaker, of an
# outlet and of a trail are read in search order from doclists, which ingest appends to, not
# from b-trees that take each new quote at a random place
SPEAKER_TAG, OUTLET_TAG, TRAIL_TAG = "s", "o", "t"


def tags_query(speaker_ids: Iterable[int] | None = None, outlet: str | None = None) -> str:
    """The quote_tags query of the quotes of any of these speakers and of this outlet."""
    wanted = []
    if speaker_ids is not None:
        wanted.append("(" + " OR ".join(f"{SPEAKER_TAG}{int(s)}" for s in speaker_ids) + ")")
    if outlet is not None:
        # the outlet key's UTF-8 bytes in hex, as the triggers write it (SQL hex(), upper case,
        # which the tags' tokenizer folds as it does this lower case): one word, whatever the
        # name holds
        wanted.append(OUTLET_TAG + outlet_key(outlet).encode().hex())
    return " AND ".join(wanted)


def trail_tag(trail_id: int) -> str:
    """The quote_tags query of a trail's copies."""
    return f"{TRAIL_TAG}{int(trail_id)}"


# The rows of the counters table (kept by quotes.db.counts): articles, quotes with no speaker,
# and quotes of each kind
ARTICLES, UNATTRIBUTED = "articles", "unattributed"
COUNTER_NAMES = (ARTICLES, UNATTRIBUTED) + tuple(f"quotes:{kind}" for kind in KINDS)

def outlet_key(outlet: str | None) -> str | None:
    """What `search --outlet` compares: the outlet in lower case, stored with each quote
    (quotes.outlet_key, v6) so that an outlet's quotes are one index range in search order
    (PostgreSQL) or one tag (SQLite, v11)."""
    return None if outlet is None else outlet.lower()


# order_key()'s fields: days (22 bits: up to the year 9999), article id, position
_ARTICLE_BITS, _POSITION_BITS = 28, 13
DAY_SHIFT = _ARTICLE_BITS + _POSITION_BITS  # sort_key >> DAY_SHIFT: the day field
MAX_QUOTES_PER_ARTICLE = 1 << _POSITION_BITS
_UNDATED = dt.date.max.toordinal() + 1


def order_key(published: dt.date | None, article_id: int, position: int) -> int:
    """Newest published first (undated last), then by article, then in text order."""
    if not (0 <= article_id < 1 << _ARTICLE_BITS and 0 <= position < MAX_QUOTES_PER_ARTICLE):
        raise ValueError(f"article id {article_id} or quote position {position} out of range")
    days = _UNDATED if published is None else _UNDATED - 1 - published.toordinal()
    return (days << DAY_SHIFT) | (article_id << _POSITION_BITS) | position


def published_of(day: int) -> dt.date | None:
    """The publication date a day field (sort_key >> DAY_SHIFT) stands for (None: undated)."""
    return None if day == _UNDATED else dt.date.fromordinal(_UNDATED - 1 - day)


def order_key_range(since: dt.date | None, until: dt.date | None) -> tuple[int, int]:
    """The order keys, lowest and highest, of quotes published from since to until (each
    inclusive, None: open): a date range is a key range, which an index or FTS5 reads directly."""
    low = order_key(until, 0, 0) if until is not None else 0
    high = order_key(since or dt.date.min, (1 << _ARTICLE_BITS) - 1, MAX_QUOTES_PER_ARTICLE - 1)
    return low, high
