"""Ingest on SQLite and PostgreSQL: idempotent, replacing, skipping bad records, merging speakers."""
from __future__ import annotations

import json
import multiprocessing
import random

import pytest
import sqlalchemy as sa

from dbhelp import MemoryStore, dump, fake_extract, fake_extractor, make_records, write_jsonl
from quotes.db import query
from quotes.db.bulk import Rows
from quotes.db.edit import load_index
from quotes.db.ingest import ingest
from quotes.db.schema import articles, quotes, speakers
from quotes.db.sources import parse_record, read_articles
from quotes.db.speakers import SpeakerIndex, lookup_keys
from quotes.model import Quote, Span


def run(engine, paths, extractor=fake_extractor, **kw):
    problems = []
    counts = ingest(engine, read_articles([str(p) for p in paths]), extractor, on_problem=problems.append, **kw)
    return counts, problems


def test_jsonl_articles_are_stored_with_quotes_and_metadata(engine, db_url, tmp_path):
    counts, problems = run(engine, [write_jsonl(tmp_path / "a.jsonl", make_records(12))])
    assert (counts.added, counts.quotes, problems) == (12, 24, [])
    with engine.connect() as c:
        row = c.execute(sa.select(articles).where(articles.c.key == "art-00003")).one()
        assert (row.outlet, str(row.published), row.meta) == ("Kompas", "2024-05-04", {"section": "nasional"})
        shown = query.article_quotes(c, row.id)
    assert [q.position for q in shown] == [0, 1]
    assert shown[0].text == "Kita harus membicarakan energi bersih dengan tenang"
    assert shown[0].speaker == "Sri Mulyani"
    assert shown[1].speaker == "Antony Blinken"  # "ujar Blinken": the bare surname found its person


def test_reingest_changes_nothing(engine, db_url, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", make_records(30))
    run(engine, [path])
    before = dump(db_url)
    counts, _ = run(engine, [path], extractor=lambda texts: pytest.fail("unchanged articles re-extracted"))
    assert (counts.added, counts.replaced, counts.unchanged) == (0, 0, 30)
    assert dump(db_url) == before


def test_changed_article_replaces_its_quotes(engine, db_url, tmp_path):
    records = make_records(3)
    run(engine, [write_jsonl(tmp_path / "a.jsonl", records)])
    records[1]["text"] = '"Satu-satunya kutipan baru," kata Retno Marsudi.'
    counts, _ = run(engine, [write_jsonl(tmp_path / "b.jsonl", records)])
    assert (counts.added, counts.replaced, counts.unchanged, counts.quotes) == (0, 1, 2, 1)
    with engine.connect() as c:
        article = query.find_article(c, "art-00001")
        assert article.quotes == 1
        assert [q.text for q in query.article_quotes(c, article.article_id)] == ["Satu-satunya kutipan baru"]
        assert c.execute(sa.select(sa.func.count()).select_from(quotes)).scalar() == 5
        assert query.search(c, "kutipan baru")[0].speaker == "Retno Marsudi"


def test_bad_records_are_reported_and_the_rest_goes_in(engine, tmp_path):
    good = make_records(3)
    path = write_jsonl(tmp_path / "mixed.jsonl", [
        good[0], "{not json", '["a list"]', {"id": "x", "text": ""}, {"id": "y", "text": "t", "published": "kemarin"},
        {"title": "no id", "text": "t"}, good[1], {"id": 7, "text": "angka", "outlet": 5}, good[2]])
    counts, problems = run(engine, [path, tmp_path / "missing.txt"])
    assert counts.added == 3
    assert [p.name for p in problems] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6, 8)] + [str(tmp_path / "missing.txt")]
    assert "not JSON" in problems[0].why and "ISO date" in problems[3].why and "no such file" in problems[-1].why


def test_text_files_and_folders(engine, tmp_path):
    (tmp_path / "arsip").mkdir()
    (tmp_path / "arsip" / "satu.txt").write_text('Judul Satu\n\n"Kami siap," kata Hadi Santoso.\n', encoding="utf-8")
    write_jsonl(tmp_path / "arsip" / "lain.jsonl", make_records(2))
    counts, problems = run(engine, [tmp_path / "arsip"])
    assert (counts.added, problems) == (3, [])
    with engine.connect() as c:
        article = query.find_article(c, str(tmp_path / "arsip" / "satu.txt"))
    assert (article.title, article.quotes) == ("Judul Satu", 1)


def test_speakers_merge_across_articles(engine, tmp_path):
    texts = ['"Satu," kata Blinken.', '"Dua," kata Antony Blinken.', '"Tiga," kata Menlu AS Antony Blinken.',
             '"Empat," kata Joko Widodo.', '"Lima," kata Iriana Widodo.', '"Enam," kata Widodo.']
    run(engine, [write_jsonl(tmp_path / "a.jsonl", [{"id": str(i), "text": t} for i, t in enumerate(texts)])],
        batch_size=2)  # merges also work across transactions
    with engine.connect() as c:
        people = {s.name: s for s in query.list_speakers(c)}
    assert sorted(people) == ["Antony Blinken", "Iriana Widodo", "Joko Widodo", "Widodo"]
    assert (people["Antony Blinken"].quotes, people["Antony Blinken"].aliases,
            people["Antony Blinken"].titles) == (3, ("Blinken",), ("Menlu AS",))


def _parallel_extractor(texts):
    # spawn, as quotes.parallel does: results arrive in order whatever the scheduling
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        return list(pool.imap(fake_extract, texts, chunksize=3))


def test_result_does_not_depend_on_jobs(tmp_path):
    from quotes.db.store import open_db
    path = write_jsonl(tmp_path / "a.jsonl", make_records(40))
    dumps = []
    for name, extractor in (("one.db", fake_extractor), ("two.db", _parallel_extractor)):
        engine = open_db(str(tmp_path / name), create=True)
        run(engine, [path], extractor=extractor, batch_size=7)
        engine.dispose()
        dumps.append(dump(str(tmp_path / name)))
    assert dumps[0] == dumps[1] and dumps[0]["quotes"]


def test_failed_batch_leaves_whole_articles_only(engine, db_url, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", make_records(10))

    def dies_after_six(texts):
        for i, t in enumerate(texts):
            if i == 6:
                raise RuntimeError("extraction died")
            yield fake_extract(t)
    with pytest.raises(RuntimeError):
        run(engine, [path], extractor=dies_after_six, batch_size=4)
    with engine.connect() as c:
        stored = sorted(c.execute(sa.select(articles.c.key)).scalars())
    assert stored == [f"art-{i:05d}" for i in range(4)]  # the first batch only
    run(engine, [path])
    reference = tmp_path / "ref.db"
    from quotes.db.store import open_db
    ref = open_db(str(reference), create=True)
    run(ref, [path])
    ref.dispose()
    assert dump(db_url) == dump(str(reference))


def test_nul_characters_are_a_reported_bad_record(tmp_path):
    from quotes.db.sources import read_articles
    path = tmp_path / "nul.jsonl"
    path.write_text('{"id": "a", "text": "Kata \\u0000 Budi."}\n{"id": "b", "text": "Baik."}\n', encoding="utf-8")
    items = list(read_articles([str(path)]))
    assert [type(i).__name__ for i in items] == ["Problem", "Article"]
    assert "NUL" in items[0].why and items[0].name.endswith("nul.jsonl:1")


# Articles whose quotes name their speakers as given, one (name, title, alias) per quote:
# bare surnames before and after full names, a surname two people share, an alias and
# titles seen again in later batches, with unrelated speakers in between.
NAMINGS = [
    [("Blinken", None, None), ("Retno Marsudi", "Menteri Luar Negeri", None)],
    [("Joko Widodo", "Presiden", "Jokowi"), ("Iriana Widodo", None, None)],
    *[[(f"Tokoh{i} Warga{i}", "Ketua", None)] for i in range(12)],
    [("Marsudi", None, None), ("Widodo", None, None)],
    [("Antony Blinken", None, None)],
    [("Jokowi", "Presiden", None), ("Blinken", "Menlu AS", None)],
    [("Menteri Luar Negeri Retno Marsudi", None, None), ("Widodo", None, None),
     ("Wakil Ketua Tokoh3 Warga3", None, None)],
]


def scripted(namings, start: int = 0):
    """The articles of ``namings`` (numbered from ``start``) and an extractor that finds their quotes."""
    texts = [f"Artikel {i}." for i in range(start, start + len(namings))]
    said = dict(zip(texts, namings))

    def extract(batch):
        return [[Quote("direct", text, 0, len(text), speaker=name, title=title,
                       mention=Span(0, len(alias), alias) if alias else None,
                       resolution="alias" if alias else "name", confidence=0.9)
                 for name, title, alias in said[text]] for text in batch]
    articles = [parse_record(json.dumps({"id": f"a{i:03d}", "text": t})) for i, t in enumerate(texts, start)]
    return articles, extract


def in_memory(namings) -> tuple[list[str], list[tuple]]:
    """Each quote's speaker (canonical name) and every speaker's (name, aliases, titles), as
    one SpeakerIndex that sees every speaker decides them."""
    index = SpeakerIndex(MemoryStore())
    ids = [index.resolve(*naming) for article in namings for naming in article]
    store = index.store
    speakers = sorted((name, sorted(store.aliases.get(i, ())), sorted(store.titles.get(i, ())))
                      for i, name in store.names.items())
    return [store.names[index.current(i)] for i in ids], speakers


@pytest.mark.parametrize("batch_size", [1, 3])
def test_batches_decide_speakers_as_one_index_of_every_speaker(engine, db_url, batch_size):
    articles, extract = scripted(NAMINGS)
    ingest(engine, articles, extract, batch_size=batch_size)
    stored = dump(db_url)
    said_by = [q[6] for q in stored["quotes"]]
    people = [(name, aliases, titles) for _, name, aliases, titles in stored["speakers"]]
    assert (said_by, sorted(people)) == in_memory(NAMINGS)
    with engine.connect() as c:
        listed = {s.name: (s.quotes, s.aliases, s.titles) for s in query.list_speakers(c)}
    assert listed["Antony Blinken"] == (3, ("Blinken",), ("Menlu AS",))  # bare first, merged later
    assert listed["Retno Marsudi"] == (3, ("Marsudi",), ("Menteri Luar Negeri",))  # surname of one
    assert listed["Joko Widodo"] == (2, ("Jokowi",), ("Presiden",))  # alias found in a later batch
    assert listed["Widodo"] == (2, (), ())  # a surname two people share stays a speaker of its own
    assert listed["Tokoh3 Warga3"] == (2, (), ("Ketua", "Wakil Ketua"))
    assert len(listed) == 5 + 12


def random_namings(seed: int, articles: int = 60) -> list[list[tuple]]:
    """Articles of one to three quotes by a few people whose first names and surnames
    collide: full names, bare surnames and first names, aliases and titles, in any order."""
    rng = random.Random(seed)
    firsts, surnames = ["Budi", "Agus", "Dewi"], ["Santoso", "Wijaya", "Hartono", "Lubis"]

    def naming():
        first, last = rng.choice(firsts), rng.choice(surnames)
        name = rng.choice([f"{first} {last}", f"{first} {last}", last, first])
        return (name, rng.choice([None, None, "Menteri", "Ketua"]),
                rng.choice([None, None, last, first, f"Pak {first}"]))
    return [[naming() for _ in range(rng.randint(1, 3))] for _ in range(articles)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_batches_decide_speakers_as_one_index_of_every_speaker(engine, db_url, seed):
    namings = random_namings(seed)
    articles, extract = scripted(namings)
    ingest(engine, articles, extract, batch_size=seed + 1)
    stored = dump(db_url)
    people = sorted((name, aliases, titles) for _, name, aliases, titles in stored["speakers"])
    assert ([q[6] for q in stored["quotes"]], people) == in_memory(namings)


def test_a_batch_loads_only_the_speakers_its_names_can_mean(engine):
    articles, extract = scripted(NAMINGS)
    ingest(engine, articles, extract)
    with engine.connect() as c:
        ids = {name: id_ for id_, name in c.execute(sa.select(speakers.c.id, speakers.c.name))}
        read = []
        sa.event.listen(c, "before_cursor_execute", lambda *args: read.append(args[2]))
        index = load_index(Rows(c), lookup_keys("Widodo") | lookup_keys("Menteri Marsudi"))
        assert len(read) == 4  # by key, by surname, aliases, titles: each speaker found already
        assert index.key_of == {ids["Widodo"]: "widodo", ids["Joko Widodo"]: "joko widodo",
                                ids["Iriana Widodo"]: "iriana widodo", ids["Retno Marsudi"]: "retno marsudi"}
        assert index.alias_owners == {"marsudi": {ids["Retno Marsudi"]}}
        assert index.titles == {(ids["Joko Widodo"], "presiden"), (ids["Retno Marsudi"], "menteri luar negeri")}
        # an alias's speaker is read by id; a name of no one loads nothing
        index = load_index(Rows(c), lookup_keys("Antony Jokowi", alias="Jokowi"))
        assert index.key_of == {ids["Joko Widodo"]: "joko widodo"}
        joko = ids["Joko Widodo"]
        assert (index.alias_owners, index.titles) == ({"jokowi": {joko}}, {(joko, "presiden")})
        assert load_index(Rows(c), lookup_keys("Budi Santoso", alias="Pak Budi")).key_of == {}


def test_ingest_resolves_a_batch_with_the_speakers_its_names_can_mean(engine, monkeypatch):
    from quotes.db import ingest as ingest_module
    ingest(engine, *scripted(NAMINGS))
    loaded = []

    def load(*args):
        loaded.append(load_index(*args))
        return loaded[-1]
    monkeypatch.setattr(ingest_module, "load_index", load)
    ingest(engine, *scripted([[("Widodo", None, None)], [("Menlu Blinken", None, None)]], start=len(NAMINGS)))
    assert [sorted(index.key_of.values()) for index in loaded] == [
        ["antony blinken", "iriana widodo", "joko widodo", "widodo"]]  # of 17 speakers stored
    with engine.connect() as c:
        listed = {s.name: s.quotes for s in query.list_speakers(c)}
    assert (listed["Widodo"], listed["Antony Blinken"], len(listed)) == (3, 4, 17)
