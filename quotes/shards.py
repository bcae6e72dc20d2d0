"""Input as shards: text files, folders, JSONL and Parquet datasets, local or any fsspec URL.

A shard is a unit of work an engine hands to one worker: one Parquet file, one JSONL file,
or a group of text files. ``find_shards`` only lists them (cheap, on the client); a worker
reads its shard itself with ``read_shard``, as Arrow batches of articles. Bad input becomes
a Problem naming the file (and line or row), never an exception.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

import attrs

from quotes.inputs import Document, Problem, read_documents

if TYPE_CHECKING:  # pyarrow is an extra (quotes[parquet]); `quotes extract` runs without it
    import pyarrow as pa

KINDS = ("text", "jsonl", "parquet")
TEXT_FILES_PER_SHARD = 500
BATCH_ROWS = 2_000  # articles per Arrow batch: a few MB of text


@attrs.frozen
class Shard:
    kind: str  # text | jsonl | parquet
    paths: tuple[str, ...]  # text: its files; jsonl and parquet: one file (a path or URL)

    @property
    def name(self) -> str:
        return self.paths[0] if len(self.paths) == 1 else f"{self.paths[0]} … ({len(self.paths)} files)"


def is_url(path: str) -> bool:
    return "://" in path


def _kind_of(path: str) -> str:
    return "parquet" if path.endswith(".parquet") else "jsonl" if path.endswith(".jsonl") else "text"


def find_shards(paths: Iterable[str]) -> tuple[list[Shard], list[Problem]]:
    """The shards of ``paths`` in input order, and what could not be listed. A folder (or
    a URL of one) gives its *.txt, *.jsonl and *.parquet files, recursively, in sorted order;
    a file named twice is read once."""
    files: list[tuple[str, str]] = []  # (kind, path)
    problems: list[Problem] = []
    for p in paths:
        if p == "-":
            files.append(("text", p))
        elif is_url(p):
            try:
                files.extend(_remote(p))
            except (OSError, ImportError, ValueError) as exc:
                problems.append(Problem(p, f"cannot list: {exc}"))
        elif Path(p).is_dir():
            found = [str(f) for f in sorted(Path(p).rglob("*")) if f.is_file() and
                     f.suffix in (".txt", ".jsonl", ".parquet")]
            if not found:
                problems.append(Problem(p, "a folder with no *.txt, *.jsonl or *.parquet files"))
            files.extend((_kind_of(f), f) for f in found)
        else:
            files.append((_kind_of(p), p))
    shards: list[Shard] = []
    seen: set[str] = set()
    for kind, path in files:
        key = path if path == "-" or is_url(path) else os.path.realpath(path)
        if key in seen:
            continue
        seen.add(key)
        last = shards[-1] if shards else None
        if kind == "text" and last and last.kind == "text" and len(last.paths) < TEXT_FILES_PER_SHARD:
            shards[-1] = Shard("text", last.paths + (path,))
        else:
            shards.append(Shard(kind, (path,)))
    return shards, problems


def _remote(url: str) -> list[tuple[str, str]]:
    fs, root = filesystem(url)
    if not fs.isdir(root):
        return [(_kind_of(url), url)]
    protocol = url.split("://", 1)[0]
    names = sorted(f for f in fs.find(root) if f.endswith((".txt", ".jsonl", ".parquet")))
    if not names:
        raise ValueError("a folder with no *.txt, *.jsonl or *.parquet files")
    return [(_kind_of(n), f"{protocol}://{n}") for n in names]


def filesystem(url: str):
    """(fsspec file system, path in it) of a local path or a URL."""
    try:
        import fsspec
    except ImportError:
        raise ImportError("URLs need fsspec: pip install 'quotes[parquet]'") from None
    return fsspec.core.url_to_fs(url)


def open_input(path: str):
    """A local path or a URL, opened for reading bytes."""
    if is_url(path):
        fs, inner = filesystem(path)
        return fs.open(inner, "rb")
    return open(path, "rb")


def read_shard(shard: Shard) -> Iterator[pa.RecordBatch | Problem]:
    """The shard's articles as Arrow batches (columns as quotes.batch reads them), and its
    problems, in order."""
    if shard.kind == "parquet":
        yield from _parquet(shard.paths[0])
    elif shard.kind == "jsonl":
        yield from _jsonl(shard.paths[0])
    else:
        yield from _texts(shard.paths)


def _parquet(path: str) -> Iterator[pa.RecordBatch | Problem]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        yield Problem(path, "reading Parquet needs pyarrow: pip install 'quotes[parquet]'")
        return
    try:
        with open_input(path) as f:
            pf = pq.ParquetFile(f)
            names = set(pf.schema_arrow.names)
            if {"rules_hash", "article_text"} <= names:
                yield Problem(path, "holds quote rows (what quotes writes), not articles")
                return
            if "text" not in names:
                yield Problem(path, 'no "text" column')
                return
            yield from pf.iter_batches(batch_size=BATCH_ROWS)
    except FileNotFoundError:
        yield Problem(path, "no such file")
    except (OSError, pa.ArrowException) as exc:
        yield Problem(path, f"cannot read as Parquet: {exc}")


def _jsonl(path: str) -> Iterator[pa.RecordBatch | Problem]:
    rows: list[dict[str, Any]] = []
    for item in _jsonl_articles(path):
        if isinstance(item, Problem):
            yield item
            continue
        rows.append({"id": item.key, "url": item.source, "title": item.title, "outlet": item.outlet,
                     "published": item.published, "text": item.text, **(item.meta or {})})
        if len(rows) == BATCH_ROWS:
            yield records_batch(rows)
            rows = []
    if rows:
        yield records_batch(rows)


def _jsonl_articles(path: str) -> Iterator[Any]:
    """The Articles (quotes.db.sources) and Problems of a JSONL file."""
    from quotes.db.sources import read_jsonl  # the same record rules as `quotes db ingest`
    try:
        with open_input(path) as stream:
            yield from read_jsonl(path, stream)
    except FileNotFoundError:
        yield Problem(path, "no such file")
    except OSError as exc:
        yield Problem(path, f"cannot read: {exc.strerror or exc}")


def _texts(paths: tuple[str, ...]) -> Iterator[pa.RecordBatch | Problem]:
    from quotes.db.sources import from_document  # an article's title, as ingest gives it
    rows = []
    for item in read_documents(paths):
        if isinstance(item, Problem):
            yield item
        else:  # named as `quotes extract` names it (its `doc`), not normalised
            rows.append({"id": item.name, "title": from_document(item).title, "text": item.text})
    if rows:
        yield records_batch(rows)


def records_batch(rows: list[dict[str, Any]]) -> pa.RecordBatch:
    """Articles as a batch: the known fields typed, other keys as Arrow infers them (as JSON
    text where one key holds values of several types)."""
    import json

    import pyarrow as pa

    from quotes.batch import ARTICLE_TYPES
    names = list(ARTICLE_TYPES) + sorted({k for r in rows for k in r} - set(ARTICLE_TYPES))
    arrays = []
    for name in names:
        values = [r.get(name) for r in rows]
        try:
            arrays.append(pa.array(values, type=ARTICLE_TYPES.get(name)))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays.append(pa.array([None if v is None else json.dumps(v, ensure_ascii=False) for v in values]))
    return pa.RecordBatch.from_arrays(arrays, names=names)


def read_documents_of(paths: Iterable[str]) -> Iterator[Document | Problem]:
    """Every article of ``paths`` as a Document named by its id (text files: their path as
    given), in input order: what `quotes extract` writes as text, JSONL, JSON or CSV."""
    shards, problems = find_shards(paths)
    yield from problems
    for shard in shards:
        if shard.kind == "text":  # read as `quotes extract` always has
            yield from read_documents(shard.paths)
        elif shard.kind == "jsonl":
            yield from (item if isinstance(item, Problem) else Document(item.key, item.text)
                        for item in _jsonl_articles(shard.paths[0]))
        else:
            yield from _parquet_documents(shard)


def _parquet_documents(shard: Shard) -> Iterator[Document | Problem]:
    row_number = 0
    for item in read_shard(shard):
        if isinstance(item, Problem):
            yield item
            continue
        from quotes.batch import article_fields  # pyarrow is there: the shard was read
        for row in item.to_pylist():
            row_number += 1
            article, why = article_fields(row)
            yield Problem(f"{shard.name}: row {row_number}", why) if why else Document(article["id"], article["text"])
