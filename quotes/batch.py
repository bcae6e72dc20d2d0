"""A batch of articles in, a batch of quote rows out: the one function every engine runs.

Columnar (Arrow) and engine-free: the local process pool, Dask workers and Spark's
``mapInArrow`` all call ``extract_batch`` on their share of the articles. Nothing here
imports an engine, and the rules (with any model they bring) load once per process.

Input columns: ``text`` (required), ``id``, ``url``, ``title``, ``outlet``, ``published``;
any other column passes through. Output: one row per quote with every field of the JSONL
output (``doc`` is the article's id), its ``position`` in the article, the article's columns
as ``article_<name>``, the ``quotes`` version and a hash of the rules. An article where
nothing was found, and a row that is no article (no text, no id), still get one row, its
quote fields null (``problem`` says why a row was skipped): every input row is accounted for.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.resources
from typing import Any, Callable, Sequence

import attrs
import pyarrow as pa

from quotes import __version__
from quotes.model import Quote, Span
from quotes.pipeline import extract_nlp
from quotes.rules import load_rules

ARTICLE_FIELDS = ("id", "url", "title", "outlet", "published", "text")
PREFIX = "article_"

SPAN = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
# the quote's own columns, in the JSONL output's order, then where it stands in its article
QUOTE_FIELDS = [
    pa.field("doc", pa.string()), pa.field("kind", pa.string()), pa.field("text", pa.string()),
    pa.field("start", pa.int64()), pa.field("end", pa.int64()), pa.field("speaker", pa.string()),
    pa.field("speaker_mention", SPAN), pa.field("title", pa.string()), pa.field("resolution", pa.string()),
    pa.field("cue", SPAN), pa.field("confidence", pa.float64()), pa.field("position", pa.int32()),
]
ARTICLE_TYPES = {"id": pa.string(), "url": pa.string(), "title": pa.string(), "outlet": pa.string(),
                 "published": pa.date32(), "text": pa.string()}
TRAILER_FIELDS = [pa.field("problem", pa.string()), pa.field("quotes_version", pa.string()),
                  pa.field("rules_hash", pa.string())]

def output_schema(input_schema: pa.Schema) -> pa.Schema:
    """The quote rows' schema for articles of ``input_schema`` (its other columns pass through)."""
    extra = [pa.field(PREFIX + f.name, f.type) for f in input_schema if f.name not in ARTICLE_FIELDS]
    articles = [pa.field(PREFIX + name, kind) for name, kind in ARTICLE_TYPES.items()]
    return pa.schema(QUOTE_FIELDS + articles + extra + TRAILER_FIELDS)


# what the output depends on besides the code: the rule files (TOML and word lists) and
# the name tagger's model and tables
SHIPPED_DATA = ("quotes.ruledata", "quotes.names")


@functools.lru_cache(maxsize=8)
def rules_hash(rule_files: tuple[str, ...] = ()) -> str:
    """SHA-256 (16 hex digits) of the shipped rules and models and of the user's rule files,
    in load order: rows made with different rules never look alike."""
    digest = hashlib.sha256()
    for package in SHIPPED_DATA:
        for name, data in _data_files(importlib.resources.files(package)):
            digest.update(f"{package}/{name}\0".encode() + hashlib.sha256(data).digest())
    for path in rule_files:
        with open(path, "rb") as f:
            digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest()[:16]


def _data_files(folder, prefix: str = "") -> list[tuple[str, bytes]]:
    """(relative name, bytes) of every data file under a package folder, in name order."""
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and entry.name != "__pycache__":
            found.extend(_data_files(entry, f"{prefix}{entry.name}/"))
        elif entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            found.append((prefix + entry.name, entry.read_bytes()))
    return found


@attrs.frozen
class Options:
    """How to extract: the same on every worker. Picklable, so engines ship it as it is."""

    rule_files: tuple[str, ...] = ()
    nlp: str = "rules"
    stanza_dir: str | None = None
    kinds: frozenset[str] | None = None  # None: every kind


def local_extractor(options: Options) -> Callable[[Sequence[str]], list[list[Quote]]]:
    """Extraction in this process; the rules load on the first call and stay loaded."""
    rules = load_rules(options.rule_files)
    return lambda texts: [extract_nlp(t, rules, options.nlp, options.stanza_dir) for t in texts]


def extract_batch(batch: pa.RecordBatch, options: Options = Options()) -> pa.RecordBatch:
    """The quote rows of a batch of articles (see the module's doc), in input order."""
    schema = output_schema(batch.schema)
    rows = batch.to_pylist()
    articles, problems = [], []
    for row in rows:
        article, why = article_fields(row)
        articles.append(article)
        problems.append(why)
    texts = [a["text"] for a, why in zip(articles, problems) if why is None]
    found = iter(local_extractor(options)(texts) if texts else ())
    trailer = {"quotes_version": __version__, "rules_hash": rules_hash(options.rule_files)}
    out: list[dict[str, Any]] = []
    for row, article, why in zip(rows, articles, problems):
        columns = {PREFIX + k: v for k, v in row.items() if k not in ARTICLE_FIELDS}
        columns.update({PREFIX + k: article.get(k) for k in ARTICLE_TYPES})
        quotes = [] if why else [q for q in next(found) if options.kinds is None or q.kind in options.kinds]
        if not quotes:  # the article is still there, with no quote
            out.append({"doc": article.get("id"), **columns, "problem": why, **trailer})
        for position, q in enumerate(quotes):
            out.append({**q.as_dict(article["id"]), "confidence": q.confidence, "position": position,
                        **columns, "problem": None, **trailer})
    return pa.RecordBatch.from_pylist(out, schema=schema)


def article_fields(row: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The article's fields as the output holds them, and why it cannot be read (or None)."""
    text, key = row.get("text"), row.get("id")
    if key is None or (isinstance(key, str) and not key.strip()):
        key = row.get("url")
    article = {"id": None if key is None else str(key).strip(), "text": text if isinstance(text, str) else None}
    for name in ("url", "title", "outlet"):
        value = row.get(name)
        article[name] = None if value is None else str(value)
    try:
        article["published"] = as_date(row.get("published"))
    except ValueError as exc:
        return article, str(exc)
    if not isinstance(text, str) or not text.strip():
        return article, 'no "text" (a non-empty string)'
    if "\x00" in text:
        return article, "holds a NUL character (\\u0000)"
    if not article["id"]:
        return article, 'no "id" and no "url" to identify the article'
    return article, None


def as_date(value: Any) -> dt.date | None:
    """A date from a date, a date-time, or an ISO string of either."""
    from quotes.db.sources import parse_published  # plain parsing; imports nothing of the database
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_published(value)


def quote_of(row: dict[str, Any]) -> Quote:
    """The Quote a quote row holds (the inverse of extract_batch's row)."""
    def span(value: dict | None) -> Span | None:
        return None if value is None else Span(value["start"], value["end"], value["text"])
    return Quote(row["kind"], row["text"], row["start"], row["end"], speaker=row["speaker"],
                 mention=span(row["speaker_mention"]), title=row["title"], resolution=row["resolution"],
                 cue=span(row["cue"]), confidence=row["confidence"])
