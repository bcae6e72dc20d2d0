"""Generated articles for the engine tests: the same ~200 everywhere, as JSONL and as Parquet shards.

Each article recombines paragraphs of samples/*.txt (quotes with their cues, pronouns,
roles, plain paragraphs) in a seeded order, so the real extractor has real work; every
tenth has no quote at all, and a passed-through column (`section`) rides along.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
OUTLETS = ["Kompas", "Tempo", "Antara"]
QUIET = ["Cuaca di Jakarta cerah sepanjang hari.", "Harga cabai di pasar induk stabil pekan ini.",
         "Jalan tol dalam kota dibuka kembali setelah perbaikan."]


def make_articles(n: int = 200, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    paragraphs = [p.strip() for path in sorted(SAMPLES.glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    articles = []
    for i in range(n):
        body = [rng.choice(QUIET) for _ in range(2)] if i % 10 == 9 else rng.sample(paragraphs, rng.randint(3, 6))
        articles.append({"id": f"gen-{i:04d}", "url": f"https://example.org/berita/{i}", "title": f"Berita {i}",
                         "outlet": OUTLETS[i % len(OUTLETS)], "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                         "text": f"Berita {i}\n\n" + "\n\n".join(body), "section": ["nasional", "daerah"][i % 2]})
    return articles


def write_jsonl(path: Path, articles: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def write_shards(folder: Path, articles: list[dict], shards: int = 4) -> Path:
    """``articles`` as ``shards`` Parquet files, in order (part-0.parquet holds the first)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(articles) // shards)
    for k in range(shards):
        pq.write_table(pa.Table.from_pylist(articles[k * size:(k + 1) * size]), folder / f"part-{k}.parquet")
    return folder


def jsonl_form(row: dict) -> dict:
    """A quote row (Parquet) as `quotes extract --format jsonl` writes the same quote."""
    fields = ("doc", "kind", "text", "start", "end", "speaker", "speaker_mention", "title", "resolution", "cue")
    return {**{k: row[k] for k in fields}, "confidence": round(row["confidence"], 3)}


def sort_key(row: dict) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)
