"""Quote trails in the database: grouped at ingest, rebuilt on demand, read back by
`quotes db trail`; on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from dbhelp import fake_extract, fake_extract_nlp, fake_extractor, write_jsonl
from quotes import pipeline
from quotes.cli import main
from quotes.db.ingest import IngestCounts, ingest, write_batch
from quotes.db.schema import articles, quote_trails, quotes, trail_keys, trail_outlets, trail_speakers
from quotes.db.sources import parse_record

sys.path.insert(0, str(Path(__file__).parent.parent))
from trail_archive import archive, pair_scores  # noqa: E402


def archive_records(seed: int = 3) -> list[dict]:
    """The made-up trail archive, one article per copy, one copy a day or so."""
    return [{"id": f"copy-{i:03d}", "outlet": c.outlet, "published": f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}",
             "title": f"Berita {i}", "text": f'Laporan hari ini.\n\n"{c.text}," kata {c.speaker}.\n'}
            for i, c in enumerate(archive(seed))]


def partition(conn: sa.Connection) -> set[frozenset[str]]:
    """The trails as sets of article keys (each archive article holds one quote)."""
    groups: dict[int, set[str]] = {}
    for trail, key in conn.execute(sa.select(quote_trails.c.trail_id, articles.c.key)
                                   .join(quotes, quotes.c.id == quote_trails.c.quote_id)
                                   .join(articles, articles.c.id == quotes.c.article_id)):
        groups.setdefault(trail, set()).add(key)
    return {frozenset(g) for g in groups.values()}


def kept_counts(conn: sa.Connection) -> dict[tuple[int, str], int]:
    """The copies per trail and outlet key as ingest keeps them..."""
    return {(t, o): n for t, o, n in conn.execute(sa.select(trail_outlets))}


def speakers_kept_as_counted(conn: sa.Connection) -> bool:
    """Each trail's copies per speaker as ingest keeps them, and as counted anew."""
    kept = {(t, s): n for t, s, n in conn.execute(sa.select(trail_speakers))}
    recounted = {(t, s): n for t, s, n in conn.execute(
        sa.select(quote_trails.c.trail_id, quotes.c.speaker_id, sa.func.count())
        .join(quotes, quotes.c.id == quote_trails.c.quote_id).where(quotes.c.speaker_id.is_not(None))
        .group_by(quote_trails.c.trail_id, quotes.c.speaker_id))}
    return bool(kept) and kept == recounted


def counted(conn: sa.Connection) -> dict[tuple[int, str], int]:
    """...and as counted anew from the grouped quotes."""
    outlet = sa.func.coalesce(quotes.c.outlet_key, "")
    return {(t, o): n for t, o, n in conn.execute(
        sa.select(quote_trails.c.trail_id, outlet, sa.func.count())
        .join(quotes, quotes.c.id == quote_trails.c.quote_id).group_by(quote_trails.c.trail_id, outlet))}


def store(engine, records, batch_size=500) -> None:
    ingest(engine, [parse_record(json.dumps(r)) for r in records], fake_extractor, batch_size=batch_size)


def test_ingest_groups_copies_across_outlets(engine):
    records, copies = archive_records(), archive(3)
    store(engine, records, batch_size=7)  # statements meet copies stored by earlier batches
    with engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(quotes)).scalar_one() == len(copies)
        groups = partition(c)
    found = {key: n for n, group in enumerate(groups) for key in group}
    precision, recall = pair_scores([c.statement for c in copies], [found[r["id"]] for r in records])
    assert precision >= 0.95 and recall >= 0.95
    with engine.connect() as c:  # trails met and absorbed across batches: counts kept as they moved
        kept = kept_counts(c)
        assert kept == counted(c) and sum(kept.values()) == len(copies)
        assert speakers_kept_as_counted(c)
    with engine.begin() as c:  # one batch or many, ingest or rebuild: the same trails
        from quotes.db.trails import rebuild
        assert rebuild(c) == len(groups)
        assert partition(c) == groups
        assert kept_counts(c) == counted(c) and speakers_kept_as_counted(c)


def test_a_replaced_article_leaves_its_old_copy(engine):
    a = {"id": "a", "outlet": "Kabar Pagi", "published": "2024-05-01",
         "text": '"Stok beras di gudang cukup sampai akhir tahun depan," kata Agus Salim.'}
    b = {**a, "id": "b", "outlet": "Suara Timur", "published": "2024-05-02"}
    store(engine, [a, b])
    with engine.connect() as c:
        assert partition(c) == {frozenset({"a", "b"})}
    store(engine, [{**b, "text": '"Harga cabai akan turun dalam dua minggu ke depan," kata Agus Salim.'}])
    with engine.connect() as c:
        assert partition(c) == {frozenset({"a"}), frozenset({"b"})}
        # no band keys or trail rows outlive their quotes
        live = set(c.execute(sa.select(quotes.c.id)).scalars())
        assert set(c.execute(sa.select(trail_keys.c.quote_id)).scalars()) <= live
        assert set(c.execute(sa.select(quote_trails.c.quote_id)).scalars()) == live
        # the replaced copy left its trail's counts: one copy each, in its own outlet
        assert sorted(kept_counts(c).values()) == [1, 1] and kept_counts(c) == counted(c)
        assert speakers_kept_as_counted(c)


@pytest.fixture
def cli(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pipeline, "extract_nlp", fake_extract_nlp)

    def quotes_db(*args):
        code = main(["db", *args, "--db", db_url])
        out, err = capsys.readouterr()
        return code, out, err
    statement = "Pasokan minyak goreng dari tiga pabrik baru sudah mulai masuk ke pasar tradisional"
    records = [
        {"id": "tempo-2", "outlet": "Tempo", "published": "2024-06-02T15:40:00+07:00", "title": "Minyak goreng",
         "text": f'"{statement.replace("sudah", "telah")}," kata Agus.'},
        {"id": "antara-1", "outlet": "Antara", "published": "2024-06-02T01:05:00Z", "title": "Pasokan",
         "text": f'"{statement}. Masyarakat tidak perlu panik," kata Agus Salim Nugroho.'},
        {"id": "kompas-3", "outlet": "Kompas", "published": "2024-06-04", "title": "Pasar",
         "text": f'"{statement.upper()}," ujar Agus Salim.\n"Harga cabai juga akan turun pekan depan," kata Agus.'},
    ]
    code, _, err = quotes_db("ingest", str(write_jsonl(tmp_path / "arsip.jsonl", records)), "--jobs", "1")
    assert code == 0, err
    return quotes_db


def test_trail_command_lists_every_appearance_in_time_order(cli):
    code, out, _ = cli("trail", "minyak goreng pabrik")
    assert code == 0
    # the same day, by the time each gave (Antara's in UTC), however they were stored
    assert [line.split()[:6] for line in out.splitlines()] == [
        ["published", "time", "outlet", "article", "named", "text"],
        ["2024-06-02", "08:05", "WIB", "Antara", "antara-1", "Agus"],
        ["2024-06-02", "15:40", "WIB", "Tempo", "tempo-2", "Agus"],
        ["2024-06-04", "Kompas", "kompas-3", "Agus", "Salim", "PASOKAN"],
    ]
    code, out, _ = cli("trail", "minyak goreng", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["named"] for r in rows] == ["Agus Salim Nugroho", "Agus", "Agus Salim"]
    assert rows[1]["text"].startswith("Pasokan minyak goreng dari tiga pabrik baru telah")
    assert len({r["trail_id"] for r in rows}) == 1
    code, by_id, _ = cli("trail", str(rows[2]["quote_id"]), "--format", "jsonl")
    assert code == 0 and by_id == out
    code, out, _ = cli("trail", "harga cabai", "--format", "jsonl")
    assert [json.loads(line)["article"] for line in out.splitlines()] == ["kompas-3"]


def test_trail_command_errors_and_rebuild(cli):
    assert cli("trail", "99999")[0::2] == (1, "quotes: no quote 99999 in the database\n")
    assert cli("trail", "kereta cepat")[0::2] == (1, "quotes: no quote holds the words 'kereta cepat'\n")
    code, out, _ = cli("trails", "--format", "jsonl")
    reach = [json.loads(line) for line in out.splitlines()]
    assert [(r["copies"], r["outlets"], r["outlet"], r["published"], r["time"]) for r in reach] == [
        (3, 3, "Antara", "2024-06-02", "08:05 WIB"), (1, 1, "Kompas", "2024-06-04", None)]
    assert reach[0]["text"].startswith("Pasokan minyak goreng") and reach[1]["text"].startswith("Harga cabai")
    code, _, err = cli("trails", "--rebuild")
    assert (code, err) == (0, "quotes: grouped the stored quotes into 2 statements\n")
    code, out, _ = cli("trail", "minyak goreng", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 4


def test_a_trail_made_in_a_batch_absorbs_a_stored_one(engine):
    first = "Tim kami sudah membuka dapur umum sejak subuh di balai desa."
    second = "Warga yang demam atau diare bisa datang ke posko kapan saja."

    def said(n: int, words: str) -> dict:
        return {"id": f"r{n}", "outlet": "Kabar Pagi", "published": f"2024-05-0{n + 1}",
                "text": f'"{words}," kata Agus Salim.'}
    store(engine, [said(0, second.replace("kapan saja", "kapan pun"))])  # stored: a reworded excerpt
    # one transaction (which ingest would redo article by article if it failed): the other
    # excerpt (a new trail), then the whole, nearer to that new trail than to the stored one
    batch = [parse_record(json.dumps(said(n, words))) for n, words in ((1, first), (2, f"{first} {second}"))]
    write_batch(engine, [(a, fake_extract(a.text)) for a in batch], IngestCounts())
    with engine.connect() as c:
        assert partition(c) == {frozenset({"r0", "r1", "r2"})}
        assert list(kept_counts(c).values()) == [3] and kept_counts(c) == counted(c)
        assert speakers_kept_as_counted(c)


def test_first_appearances_read_from_the_index_are_the_trails_first(engine):
    """A trail's first appearances, read from its (trail, sort key) index down to the whole day
    of the last one shown, are those of the trail in full time order: dated copies by day and
    time, undated ones last, whatever the order they were stored in."""
    from quotes.db.trails import first_appearances, summaries, trail
    said = '"Pasokan beras ke pasar induk sudah kembali normal sejak pekan lalu," kata Agus Salim.'
    when = ["2024-05-03T10:00:00+07:00", "2024-05-03T08:30:00+07:00", "2024-05-03", "2024-05-01",
            None, "2024-05-03T09:15:00+07:00", "2024-05-01T23:00:00+07:00", None, "2024-05-07"]
    store(engine, [{"id": f"k{n}", "outlet": f"Media {n % 4}", "published": published, "text": said}
                   for n, published in enumerate(when)], batch_size=4)
    with engine.connect() as c:
        quote_id = c.execute(sa.select(sa.func.min(quotes.c.id))).scalar_one()
        everything = trail(c, quote_id)
        assert [a.article for a in everything] == ["k6", "k3", "k1", "k5", "k0", "k2", "k8", "k4", "k7"]
        trail_id = everything[0].trail_id
        for shown in range(1, len(when) + 2):
            assert first_appearances(c, trail_id, shown) == everything[:shown], shown
        reach = summaries(c, [quote_id])[quote_id]
        assert (reach.copies, reach.outlets, reach.appearances) == (9, 4, tuple(everything))
