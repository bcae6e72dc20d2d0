"""Fuzzed archives: good records mixed with every kind of bad one. Every good record is
stored (the last version of an id wins), every bad one is reported by its line, and an
ingest killed anywhere then run again gives what one uninterrupted run gives."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import hypothesis.strategies as st
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings

from dbhelp import dump, fake_extractor
from quotes.db.ingest import ingest
from quotes.db.schema import articles, metadata
from quotes.db.sources import read_articles
from quotes.db.store import open_db

KILLEE = str(Path(__file__).with_name("killee.py"))


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


# Lines no article can come from, each as bytes: broken encodings, lone surrogates, NUL,
# nesting past any JSON codec, wrong shapes and types, ids too long to index.
BAD_LINES = [
    b'{"id": "x", "text": "\xff\xfe rusak"}',
    b'\xc3\x28{"id": "x"}',
    b'{"id": "s", "text": "\\"Siap\\ud800,\\" kata Budi."}',
    b'{"id": "t", "title": "\\udc80", "text": "ada"}',
    b'{"id": "n", "text": "ada\\u0000"}',
    ('{"id": "d", "text": "ada", "meta": ' + deep(60) + "}").encode(),
    ('{"id": "D", "text": "ada", "meta": ' + deep(50_000) + "}").encode(),
    b"[1, 2, 3]",
    b'"hanya teks"',
    b"{",
    b'{"id": "kosong", "text": "   "}',
    b'{"id": true, "text": "ada"}',
    b'{"id": 1.5, "text": "ada"}',
    b'{"id": ["a"], "text": "ada"}',
    b'{"text": "tanpa id dan url"}',
    json.dumps({"id": "i" * 600, "text": "ada"}).encode(),
    b'{"id": "p", "text": "ada", "published": "kemarin"}',
    b'{"id": "u", "url": 5, "text": "ada"}',
]
IDS = ["a-1", " a-1 ", "b", "ü-ñ", 7, "7x", "https://example.org/c", "x" * 500]
SPEAKERS = ["Hadi Santoso", "Retno Marsudi", "Santoso", "Budi", "Sri Mulyani"]


@st.composite
def good_records(draw) -> dict:
    who = draw(st.sampled_from(SPEAKERS))
    words = draw(st.text(alphabet="abcdeū ", min_size=1, max_size=30)).strip() or "kata"
    text = f'"{words}," kata {who}.\n"Lagi," ujarnya.\n' + "panjang " * draw(st.sampled_from([0, 0, 25_000]))
    record: dict = {"id": draw(st.sampled_from(IDS)), "text": text}
    if draw(st.booleans()):
        record["meta"] = draw(st.recursive(st.integers() | st.text(max_size=5),
                                           lambda inner: st.lists(inner, max_size=3), max_leaves=8))
    return record


lines = st.lists(st.one_of(good_records(), st.sampled_from(BAD_LINES)), min_size=1, max_size=25)


def encoded(line: dict | bytes) -> bytes:
    return line if isinstance(line, bytes) else json.dumps(line, ensure_ascii=False).encode()


def expected(found: list[dict | bytes]) -> tuple[dict[str, str], list[int]]:
    """What a correct ingest stores (key -> text, the last version of each) and the numbers of
    the lines it reports."""
    stored = {str(r["id"]).strip(): r["text"] for r in found if isinstance(r, dict)}
    return stored, [n for n, r in enumerate(found, 1) if isinstance(r, bytes)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(found=lines)
def test_every_good_record_stored_every_bad_one_reported(db_url, tmp_path, found):
    path = tmp_path / "acak.jsonl"
    path.write_bytes(b"\n".join(encoded(r) for r in found) + b"\n")
    engine = open_db(db_url, create=True)
    try:
        problems = []
        ingest(engine, read_articles([str(path)]), fake_extractor, on_problem=problems.append, batch_size=4)
        with engine.connect() as c:
            stored = dict(c.execute(sa.select(articles.c.key, articles.c.text)).all())
    finally:
        metadata.drop_all(engine)
        engine.dispose()
    want, bad = expected(found)
    assert stored == want
    assert [int(p.name.rsplit(":", 1)[1]) for p in problems] == bad


def killee(db: str, jsonl: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, KILLEE, db, str(jsonl), "10"], stdout=subprocess.PIPE, text=True,
                            cwd=os.getcwd())


def test_a_fuzzed_archive_killed_and_run_again_is_stored_as_in_one_run(db_url, tmp_path):
    seed = int(time.time())
    rng = random.Random(seed)
    found: list[dict | bytes] = []
    for i in range(400):
        if rng.random() < 0.25:
            found.append(rng.choice(BAD_LINES))
        else:
            who = rng.choice(SPEAKERS)
            found.append({"id": rng.choice([f"art-{i}", rng.choice(IDS)]),
                          "text": f'"Nomor {i} siap," kata {who}.\n"Lagi," ujarnya.\n'})
    jsonl = tmp_path / "acak.jsonl"
    jsonl.write_bytes(b"\n".join(encoded(r) for r in found) + b"\n")
    for _ in range(3):
        proc = killee(db_url, jsonl)
        for _ in range(rng.randint(1, 6)):  # a few committed batches, then a kill inside the next
            if proc.stdout.readline().strip() in ("", "done"):
                break
        time.sleep(rng.uniform(0, 0.02))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    proc = killee(db_url, jsonl)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0 and out.splitlines()[-1] == "done", f"seed {seed}"
    reference = str(tmp_path / "sekali.db")
    proc = killee(reference, jsonl)
    proc.communicate(timeout=120)
    assert dump(db_url) == dump(reference), f"seed {seed}"
    assert {a[0] for a in dump(reference)["articles"]} == set(expected(found)[0]), f"seed {seed}"
