"""Helpers for the database tests: a stand-in extractor, test archives, table dumps.

The stand-in extractor finds only `"…," kata NAME` (and `"…," ujarnya`): enough to put
real quotes with real speakers through ingest, independent of the extraction engine.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, Sequence

import sqlalchemy as sa

from quotes.db.schema import articles, quote_trails, quotes, speaker_aliases, speaker_titles, speakers
from quotes.db.store import engine_for
from quotes.model import Quote, Span

_DIRECT = re.compile(r'"(?P<text>[^"]+?),?" (?:(?P<cue>kata|ujar) (?P<name>[A-Z][\w\']*(?: [A-Z][\w\']*)*)'
                     r'|(?P<pronoun>ujarnya|katanya))')


def fake_extract(text: str, rules=None) -> list[Quote]:
    found = []
    for m in _DIRECT.finditer(text):
        if m["pronoun"]:
            found.append(Quote("direct", m["text"], m.start("text"), m.end("text"),
                               mention=Span.of(text, *m.span("pronoun")), resolution="pronoun",
                               cue=Span.of(text, *m.span("pronoun")), confidence=0.5))
        else:
            found.append(Quote("direct", m["text"], m.start("text"), m.end("text"), speaker=m["name"],
                               mention=Span.of(text, *m.span("name")), resolution="name",
                               cue=Span.of(text, *m.span("cue")), confidence=0.9))
    return found


def fake_extract_nlp(text: str, rules=None, mode: str = "rules", stanza_dir=None) -> list[Quote]:
    """fake_extract in the place of quotes.parallel's extract_nlp."""
    return fake_extract(text, rules)


def fake_extractor(texts: Sequence[str]) -> list[list[Quote]]:
    return [fake_extract(t) for t in texts]


SPEAKERS = ["Antony Blinken", "Retno Marsudi", "Joko Widodo", "Sri Mulyani", "Hadi Santoso"]
TOPICS = ["diplomasi kawasan", "anggaran negara", "banjir di Bekasi", "energi bersih", "harga beras"]
OUTLETS = ["Kompas", "Tempo", "Antara"]


def make_records(n: int, start: int = 0) -> list[dict]:
    """n JSONL articles, two quotes each, speakers and topics cycling, dates in May 2024."""
    records = []
    for i in range(start, start + n):
        who, other = SPEAKERS[i % len(SPEAKERS)], SPEAKERS[(i + 2) % len(SPEAKERS)]
        topic = TOPICS[i % len(TOPICS)]
        text = (f'Berita nomor {i}.\n\n"Kita harus membicarakan {topic} dengan tenang," kata {who}.\n'
                f'"Nomor {i} bukan sekadar angka," ujar {other.split()[-1]}.\n')
        records.append({"id": f"art-{i:05d}", "url": f"https://example.org/{i}", "title": f"Berita {i}",
                        "outlet": OUTLETS[i % len(OUTLETS)], "published": f"2024-05-{1 + i % 28:02d}",
                        "text": text, "section": "nasional"})
    return records


class MemoryStore:
    """A SpeakerStore in dicts: the tables as a SpeakerIndex that never forgets sees them."""

    def __init__(self):
        self.names: dict[int, str] = {}
        self.aliases: dict[int, set[str]] = {}
        self.titles: dict[int, set[str]] = {}
        self.merged: list[tuple[int, int]] = []

    def create(self, key, name):
        speaker_id = len(self.names) + len(self.merged) + 1
        self.names[speaker_id] = name
        return speaker_id

    def add_alias(self, speaker_id, key, alias):
        self.aliases.setdefault(speaker_id, set()).add(alias)

    def add_title(self, speaker_id, key, title):
        self.titles.setdefault(speaker_id, set()).add(title)

    def merge(self, keep_id, other_id):  # as quotes.db.edit.merge_speakers does it
        self.merged.append((keep_id, other_id))
        self.aliases.setdefault(keep_id, set()).update(self.aliases.pop(other_id, set()), {self.names.pop(other_id)})
        self.titles.setdefault(keep_id, set()).update(self.titles.pop(other_id, set()))


def write_jsonl(path: Path, records: Iterable[dict | str]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path


def dump(url: str) -> dict[str, list]:
    """Everything stored, by natural keys (not ids, which PostgreSQL sequences do not reuse)."""
    engine = engine_for(url)
    try:
        with engine.connect() as c:
            arts = c.execute(sa.select(articles.c.key, articles.c.source, articles.c.title, articles.c.outlet,
                                       articles.c.published, articles.c.content_hash, articles.c.meta)
                             .order_by(articles.c.key)).all()
            qs = c.execute(sa.select(articles.c.key, quotes.c.position, quotes.c.kind, quotes.c.text,
                                     quotes.c.start, quotes.c.end, speakers.c.name, quotes.c.speaker,
                                     quotes.c.mention, quotes.c.title, quotes.c.resolution, quotes.c.cue,
                                     quotes.c.confidence)
                           .join(articles, quotes.c.article_id == articles.c.id)
                           .outerjoin(speakers, quotes.c.speaker_id == speakers.c.id)
                           .order_by(articles.c.key, quotes.c.position)).all()
            people = []
            for sid, key, name in c.execute(sa.select(speakers.c.id, speakers.c.key, speakers.c.name)):
                aliases = sorted(c.execute(sa.select(speaker_aliases.c.alias)
                                           .where(speaker_aliases.c.speaker_id == sid)).scalars())
                titles = sorted(c.execute(sa.select(speaker_titles.c.title)
                                          .where(speaker_titles.c.speaker_id == sid)).scalars())
                people.append((key, name, aliases, titles))
    finally:
        engine.dispose()
    return {"articles": [tuple(a) for a in arts], "quotes": [tuple(q) for q in qs], "speakers": sorted(people)}


def trail_groups(url: str) -> list[list[tuple[str, int]]]:
    """Every trail as its quotes' (article key, position), sorted: trails by natural keys."""
    engine = engine_for(url)
    try:
        with engine.connect() as c:
            rows = c.execute(sa.select(quote_trails.c.trail_id, articles.c.key, quotes.c.position)
                             .join(quotes, quotes.c.id == quote_trails.c.quote_id)
                             .join(articles, articles.c.id == quotes.c.article_id)).all()
    finally:
        engine.dispose()
    groups: dict[int, list[tuple[str, int]]] = {}
    for trail, key, position in rows:
        groups.setdefault(trail, []).append((key, position))
    return sorted(sorted(g) for g in groups.values())


def stored_pairs(c: sa.Connection, pair: str) -> int:
    """How many quotes the pair index holds with the pair (words as 'a b' on PostgreSQL)."""
    if c.dialect.name == "sqlite":
        return c.exec_driver_sql("SELECT count(*) FROM quote_pairs WHERE quote_pairs MATCH ?",
                                 (f'"{pair}"',)).scalar_one()
    return c.exec_driver_sql("SELECT count(*) FROM quotes WHERE text_pairs @> ARRAY[%(p)s]",
                             {"p": pair.replace("_", " ")}).scalar_one()
