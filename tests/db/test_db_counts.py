"""Kept counts (speakers.quotes/articles, their statements, counters) always equal a count over the stored rows:
after ingest, re-ingest of changed articles, speakers absorbed during ingest, merge and rename,
and after the migration that introduced them. So do the quotes read as a speaker's and as a
trail's copies (SQLite: from their tags, schema 11)."""
from __future__ import annotations

import json

import sqlalchemy as sa

from dbhelp import fake_extractor, make_records
from quotes.db import browse, query, trails
from quotes.db.edit import find_speaker, merge_speakers, rename_speaker
from quotes.db.ingest import ingest
from quotes.db.schema import articles, quote_trails, quotes, speakers
from quotes.db.schema import trails as trails_table
from quotes.db.sources import parse_record
from quotes.db.store import open_db
from test_db_schema import make_version_3


# make_records' outlets, any case, and one with no quotes
OUTLETS = ("Kompas", "TEMPO", "detik", "Antara")


def counted(conn) -> tuple[dict, dict]:
    """(speaker id -> (quotes, articles), stats) counted the slow way, over every row."""
    per_speaker = dict.fromkeys(conn.execute(sa.select(speakers.c.id)).scalars(), (0, 0))
    for sid, n, a in conn.execute(sa.select(quotes.c.speaker_id, sa.func.count(),
                                            sa.func.count(sa.distinct(quotes.c.article_id)))
                                  .where(quotes.c.speaker_id.is_not(None)).group_by(quotes.c.speaker_id)):
        per_speaker[sid] = (n, a)
    by_kind = dict(conn.execute(sa.select(quotes.c.kind, sa.func.count()).group_by(quotes.c.kind)).all())
    totals = dict(articles=conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one(),
                  quotes=sum(by_kind.values()), by_kind=by_kind,
                  speakers=sum(1 for n, _ in per_speaker.values() if n),
                  outlets=conn.execute(sa.select(sa.func.count(sa.distinct(articles.c.outlet)))).scalar_one(),
                  unattributed=conn.execute(sa.select(sa.func.count()).where(quotes.c.speaker_id.is_(None)))
                  .scalar_one())
    totals["statements"] = dict(conn.execute(
        sa.select(quotes.c.speaker_id, sa.func.count(sa.distinct(quote_trails.c.trail_id)))
        .join(quote_trails, quote_trails.c.quote_id == quotes.c.id).group_by(quotes.c.speaker_id)
        .where(quotes.c.speaker_id.is_not(None))).all())
    totals["said"] = {sid: conn.execute(sa.select(quotes.c.id).where(quotes.c.speaker_id == sid)
                                        .order_by(quotes.c.sort_key)).scalars().all() for sid in per_speaker}
    totals["published"] = {outlet: conn.execute(sa.select(quotes.c.id).where(quotes.c.outlet_key == outlet.lower())
                                                .order_by(quotes.c.sort_key)).scalars().all() for outlet in OUTLETS}
    copies: dict[int, list[int]] = {}
    for trail, quote_id in conn.execute(sa.select(quote_trails.c.trail_id, quote_trails.c.quote_id)):
        copies.setdefault(trail, []).append(quote_id)
    totals["copies"] = sorted(sorted(ids) for ids in copies.values())  # trails by their quotes, not ids
    return per_speaker, totals


def kept(conn) -> tuple[dict, dict]:
    per_speaker = {sid: (n, a) for sid, n, a in
                   conn.execute(sa.select(speakers.c.id, speakers.c.quotes, speakers.c.articles))}
    s = query.stats(conn)
    return per_speaker, dict(articles=s.articles, quotes=s.quotes, by_kind=s.by_kind, speakers=s.speakers,
                             outlets=s.outlets, unattributed=s.unattributed,
                             statements=trails.statement_counts(conn, per_speaker),
                             said={sid: [q.quote_id for q in browse.speaker_quotes(conn, sid, limit=None)]
                                   for sid in per_speaker},
                             published={outlet: [q.quote_id for q in query.search(conn, None, outlet=outlet, limit=None)]
                                        for outlet in OUTLETS},
                             copies=sorted(copies for t in conn.execute(sa.select(trails_table.c.id)).scalars()
                                           if (copies := sorted(a.quote_id for a in
                                                                trails.first_appearances(conn, t, 10**6)))))


def store(engine, records) -> None:
    ingest(engine, [parse_record(json.dumps(r)) for r in records], fake_extractor, batch_size=7)


def test_counts_follow_ingest_replacement_absorption_merge_and_rename(engine):
    records = make_records(40)
    # a bare surname first ("ujar Blinken" in art-00003), then full names that absorb it, and
    # quotes with no speaker
    records[0]["text"] += '"Tanpa nama," ujarnya.\n'
    store(engine, records)
    with engine.connect() as c:
        assert kept(c) == counted(c)
        assert kept(c)[1]["unattributed"] == 1 and kept(c)[1]["articles"] == 40
    changed = make_records(10)
    for r in changed:  # same articles, new text: their old quotes' counts go, the new ones come
        r["text"] = r["text"].replace("ujar", "kata").replace("Nomor", "Angka") + '"Lagi," kata Sri Mulyani.\n'
    store(engine, changed + make_records(5, start=40))
    with engine.connect() as c:
        assert kept(c) == counted(c)
        assert kept(c)[1]["unattributed"] == 0 and kept(c)[1]["articles"] == 45
    with engine.begin() as c:
        merge_speakers(c, find_speaker(c, "Retno Marsudi"), find_speaker(c, "Sri Mulyani"))
        rename_speaker(c, find_speaker(c, "Joko Widodo"), "Jokowi")
    with engine.connect() as c:
        assert kept(c) == counted(c)
        top = query.list_speakers(c, top=1)[0]
        assert top.name == "Retno Marsudi" and (top.quotes, top.articles) == counted(c)[0][top.speaker_id]


def test_migration_counts_what_is_stored(engine, db_url):
    store(engine, make_records(30))
    with engine.connect() as c:
        before = kept(c)
    with engine.begin() as c:
        make_version_3(c)
    engine.dispose()
    migrated = open_db(db_url)
    with migrated.connect() as c:
        assert kept(c) == before == counted(c)
    migrated.dispose()
