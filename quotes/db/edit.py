"""Speaker writes: what ingest decides (quotes.db.speakers) and what a user corrects."""
from __future__ import annotations

from typing import Callable, Iterable

import sqlalchemy as sa

from quotes.db.bulk import Rows, chunks
from quotes.db.counts import after_merge
from quotes.db.query import speaker_ids
from quotes.db.schema import quotes, speaker_aliases, speaker_titles, speakers
from quotes.db.speakers import SpeakerIndex, name_key, surname_of
from quotes.db.trails import SPEAKERS


class EditError(Exception):
    """A speaker correction that cannot be made as asked; the message says why."""


class SqlSpeakerStore:
    """SpeakerStore in the caller's transaction: new speakers are inserted at once (their ids
    are needed), aliases and titles go with the other new rows (``rows``, quotes.db.bulk).

    before_merge: writes what the caller holds back (new rows, counts), as a merge reads them.
    """

    def __init__(self, rows: Rows, before_merge: Callable[[], None] = lambda: None):
        self.rows = rows
        self.before_merge = before_merge

    def create(self, key: str, name: str) -> int:
        # values as parameters: one compiled statement for every speaker of an ingest
        values = {"key": key, "name": name, "surname": surname_of(key)}
        return self.rows.conn.execute(speakers.insert(), values).inserted_primary_key[0]

    def add_alias(self, speaker_id: int, key: str, alias: str) -> None:
        self.rows.add(speaker_aliases, [{"speaker_id": speaker_id, "key": key, "alias": alias}])

    def add_title(self, speaker_id: int, key: str, title: str) -> None:
        self.rows.add(speaker_titles, [{"speaker_id": speaker_id, "key": key, "title": title}])

    def merge(self, keep_id: int, other_id: int) -> None:
        self.before_merge()
        merge_speakers(self.rows.conn, keep_id, other_id)


def load_index(rows: Rows, keys: Iterable[str], before_merge: Callable[[], None] = lambda: None) -> SpeakerIndex:
    """The stored speakers that names of these keys can mean (quotes.db.speakers.lookup_keys),
    as an index that writes its new decisions through ``rows`` (see SqlSpeakerStore for
    ``before_merge``). Each look-up is an index seek: the cost follows the names, not the
    number of speakers stored.

    Loaded: the speakers with one of the keys or, for a one-word key, that surname; the
    aliases with one of the keys, and their speakers; the titles of every speaker loaded.
    """
    conn = rows.conn
    keys = sorted(set(keys))
    named = (speakers.c.id, speakers.c.key)
    found = dict(_rows_of(conn, speakers.c.key, keys, named))  # speaker id -> key
    found.update(_rows_of(conn, speakers.c.surname, [key for key in keys if " " not in key], named))
    aliases = _rows_of(conn, speaker_aliases.c.key, keys)
    found.update(_rows_of(conn, speakers.c.id, sorted({owner for owner, _ in aliases} - found.keys()), named))
    titles = _rows_of(conn, speaker_titles.c.speaker_id, sorted(found))
    return SpeakerIndex(SqlSpeakerStore(rows, before_merge)).load(found.items(), aliases, titles)


def _rows_of(conn: sa.Connection, column: sa.Column, values: list, columns: tuple[sa.Column, ...] = ()) -> list[tuple]:
    """``columns`` (by default: speaker id and key) of the rows of ``column``'s table whose
    ``column`` is one of ``values``, in bounded IN lists."""
    columns = columns or (column.table.c.speaker_id, column.table.c.key)
    return [tuple(row) for part in chunks(values) for row in conn.execute(sa.select(*columns).where(column.in_(part)))]


def _move_keyed(conn: sa.Connection, table: sa.Table, keep_id: int, other_id: int) -> None:
    """Give other's rows of an alias/title table to keep, dropping those keep already has."""
    have = set(conn.execute(sa.select(table.c.key).where(table.c.speaker_id == keep_id)).scalars())
    conn.execute(table.delete().where(table.c.speaker_id == other_id, table.c.key.in_(have)))
    conn.execute(table.update().where(table.c.speaker_id == other_id).values(speaker_id=keep_id))


def merge_speakers(conn: sa.Connection, keep_id: int, other_id: int) -> None:
    """Make other one with keep: its quotes, aliases and titles move, its name becomes an alias."""
    if keep_id == other_id:
        raise EditError("a speaker cannot be merged with itself")
    other = conn.execute(sa.select(speakers.c.key, speakers.c.name, speakers.c.quotes)
                         .where(speakers.c.id == other_id)).one()
    SPEAKERS.merge(conn, keep_id, other_id)  # their statements, kept per trail
    conn.execute(quotes.update().where(quotes.c.speaker_id == other_id).values(speaker_id=keep_id))
    after_merge(conn, keep_id, other.quotes)
    _move_keyed(conn, speaker_aliases, keep_id, other_id)
    _move_keyed(conn, speaker_titles, keep_id, other_id)
    conn.execute(speakers.delete().where(speakers.c.id == other_id))
    keep_key = conn.execute(sa.select(speakers.c.key).where(speakers.c.id == keep_id)).scalar_one()
    has_alias = conn.execute(sa.select(speaker_aliases.c.key).where(
        speaker_aliases.c.speaker_id == keep_id, speaker_aliases.c.key == other.key)).first()
    if other.key != keep_key and not has_alias:
        conn.execute(speaker_aliases.insert().values(speaker_id=keep_id, key=other.key, alias=other.name))


def rename_speaker(conn: sa.Connection, speaker_id: int, new_name: str) -> None:
    """Give a speaker a new canonical name; the old one stays as an alias."""
    key = name_key(new_name)
    if not key:
        raise EditError(f"{new_name!r} has no letters or digits")
    taken = conn.execute(sa.select(speakers.c.id, speakers.c.name).where(speakers.c.key == key)).first()
    if taken and taken.id != speaker_id:
        raise EditError(f"another speaker is already called {taken.name!r} (id {taken.id}); "
                        "merge the two instead")
    old = conn.execute(sa.select(speakers.c.key, speakers.c.name).where(speakers.c.id == speaker_id)).one()
    conn.execute(speakers.update().where(speakers.c.id == speaker_id)
                 .values(key=key, surname=surname_of(key), name=new_name.strip()))
    conn.execute(speaker_aliases.delete().where(speaker_aliases.c.speaker_id == speaker_id,
                                                speaker_aliases.c.key == key))
    if old.key != key:
        conn.execute(speaker_aliases.insert().values(speaker_id=speaker_id, key=old.key, alias=old.name))


def find_speaker(conn: sa.Connection, ref: str) -> int:
    """The one speaker a user means by an id ("42"), a name, an alias or words of one."""
    if ref.strip().isdigit():
        found = conn.execute(sa.select(speakers.c.id).where(speakers.c.id == int(ref))).scalar()
        if found is None:
            raise EditError(f"no speaker with id {ref.strip()}")
        return found
    key = name_key(ref)
    by_name = conn.execute(sa.select(speakers.c.id).where(speakers.c.key == key)).scalar()
    if by_name is not None:
        return by_name
    owners = sorted(set(conn.execute(sa.select(speaker_aliases.c.speaker_id)
                                     .where(speaker_aliases.c.key == key)).scalars()))
    if not owners:  # "Retno" for Retno Marsudi: the words of one name, alias or title
        owners = speaker_ids(conn, ref)
    if len(owners) == 1:
        return owners[0]
    if not owners:
        raise EditError(f"no speaker named {ref!r}; see `quotes db speakers`")
    raise EditError(f"{ref!r} could be any of several speakers (ids {', '.join(map(str, owners))}); "
                    "use an id")

def speaker_name(conn: sa.Connection, speaker_id: int) -> str:
    return conn.execute(sa.select(speakers.c.name).where(speakers.c.id == speaker_id)).scalar_one()
