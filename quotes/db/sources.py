"""Articles to ingest: text files and folders (as `quotes extract` reads them), saved HTML
pages (quotes.db.htmlpage) and JSONL.

A JSONL line is one article: {"id", "url", "title", "outlet", "published", "text"}; other
keys are kept as metadata. Every bad record becomes a Problem naming its file and line, and
the records around it still come through.
"""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

import attrs

from quotes.db.htmlpage import read_page
from quotes.inputs import MAX_BYTES, Document, Problem, decode, expand, read_documents, read_one
from quotes.rules import load_rules

ARTICLE_FIELDS = ("id", "url", "title", "outlet", "published", "text")
TITLE_CHARS = 200
# What identifies an article is indexed: PostgreSQL's index takes about 2,700 bytes a
# value, and 500 characters are at most 2,000 bytes of UTF-8.
MAX_KEY_CHARS = 500
# No article's metadata nests this deep; far deeper nesting would overflow the JSON codecs.
MAX_DEPTH = 32
# One JSONL record may be as large as one text file, no larger: a longer line is skipped
# unread rather than held in memory whole.
MAX_RECORD_BYTES = MAX_BYTES
# NUL: no article text holds it, and PostgreSQL text cannot store it. A lone surrogate (JSON
# "\ud800") is no character at all: no database, page or file can encode it.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


@attrs.frozen
class Article:
    key: str  # what identifies the article across ingests: its JSONL id, or its file's path
    text: str
    source: str | None = None  # URL or path
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    meta: dict[str, Any] | None = None
    published_at: dt.datetime | None = None  # in UTC, when a time was given (published_moment)
    where: str | None = None  # where it was read, for messages: "file.jsonl:3" or the path
    numeric_id: bool = False  # the JSONL id was a number (7), not a string ("7"): key "7" either way

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@attrs.frozen
class Given:
    """What the command line says of the text files it names (--outlet, --published, --url);
    for a saved page, only what the page itself does not say."""

    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None


def file_key(name: str) -> str:
    """A file's identity: its real path, however it was spelt (relative, ./, ../, a link)."""
    return os.path.realpath(name)


def article_key(ref: str) -> str:
    """The key a user means by ``ref`` in `db show`: a text file's real path, else ``ref``."""
    return file_key(ref) if os.path.isfile(ref) else ref


def _title(text: str) -> str | None:
    """The first line that is not page chrome ("Advertisement", "Bagikan:")."""
    chrome = load_rules().chrome
    for line in text.splitlines():
        line = line.strip()
        if line and not chrome.fullmatch(line):
            return line[:TITLE_CHARS]
    return None


def from_document(doc: Document, given: Given = Given()) -> Article:
    """A text file's article: keyed by its path, titled by its first line of text."""
    if doc.name == "-":  # stdin has no name of its own; the same text is the same article
        key = "stdin:" + hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16]
        source = given.url
    else:
        key = file_key(doc.name)
        source = given.url or key
    return Article(key=key, text=doc.text, source=source, title=_title(doc.text), outlet=given.outlet,
                   published=given.published, where=doc.name)


def from_page(doc: Document, given: Given = Given()) -> Article | Problem:
    """A saved HTML page's article, keyed by its URL (else its path), with its metadata."""
    page = read_page(doc.text)
    if not page.text.strip():
        return Problem(doc.name, "an HTML page with no article text")
    published, moment = given.published, None
    for value in page.published:
        try:
            published, moment = parse_published(value), published_moment(value)
            break
        except ValueError:  # a date written for people ("Rabu, 1 Mei 2024"): try the next one
            continue
    url = page.url or given.url
    key = url or file_key(doc.name)
    meta = {"file": file_key(doc.name)} if url else None
    return Article(key=key, text=page.text, source=url or key, title=page.title[:TITLE_CHARS] if page.title else None,
                   outlet=page.outlet or given.outlet, published=published, published_at=moment, meta=meta,
                   where=doc.name)


# Indonesian news gives local times; one without an offset is taken to be Western Indonesian
# Time (WIB), where most outlets are.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def parse_published(value: Any) -> dt.date | None:
    """An ISO date, or the date of an ISO date-time ("2024-05-01T09:30:00+07:00")."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be an ISO date string, not {json.dumps(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"published {value!r} is not an ISO date (YYYY-MM-DD)") from None


def published_moment(value: Any) -> dt.datetime | None:
    """The moment (naive UTC) of a published value that parse_published() reads and that
    gives a time; None for a bare date."""
    if not isinstance(value, str) or "T" not in value and " " not in value.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    local = moment if moment.tzinfo else moment.replace(tzinfo=WIB)
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def parse_record(line: str, where: str | None = None) -> Article:
    """One JSONL line as an Article; ValueError says what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('no "text" (a non-empty string)')
    if (why := _unstorable(record)) is not None:
        raise ValueError(why)
    for field in ("url", "title", "outlet"):
        if record.get(field) is not None and not isinstance(record[field], str):
            raise ValueError(f'"{field}" must be a string')
    key = record.get("id")
    named_by = "id"
    if isinstance(key, bool) or not isinstance(key, (str, int)) or str(key).strip() == "":
        if key is not None:
            raise ValueError('"id" must be a string or an integer')
        if not record.get("url"):
            raise ValueError('no "id" and no "url" to identify the article')
        key, named_by = record["url"], "url"
    key = str(key).strip()
    if len(key) > MAX_KEY_CHARS:
        raise ValueError(f'"{named_by}" is {len(key):,} characters long; an article is identified by '
                         f"at most {MAX_KEY_CHARS}")
    meta = {k: v for k, v in record.items() if k not in ARTICLE_FIELDS}
    return Article(key=key, text=text, source=record.get("url"), title=record.get("title"),
                   outlet=record.get("outlet"), published=parse_published(record.get("published")),
                   meta=meta or None, published_at=published_moment(record.get("published")), where=where,
                   numeric_id=named_by == "id" and isinstance(record["id"], int))


def _unstorable(record: dict) -> str | None:
    """Why the record's values cannot be stored (nesting, NUL, a lone surrogate), or None.
    A loop, not recursion: a record is checked before anything recursive touches it."""
    pending: list[tuple[Any, int]] = [(record, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if (bad := UNSTORABLE.search(value)) is not None:
                return ("holds a NUL character (\\u0000)" if bad.group() == "\x00"
                        else f"holds a lone surrogate (\\u{ord(bad.group()):04x}), which is not Unicode text")
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels"
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            pending.extend((item, depth + 1) for item in items)
    return None


def read_jsonl(name: str, stream: IO[bytes]) -> Iterator[Article | Problem]:
    for number, raw in _records(stream):
        where = f"{name}:{number}"
        if raw is None:
            yield Problem(where, f"record too large (over {MAX_RECORD_BYTES:,} bytes); skipped unread")
            continue
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)  # some editors start UTF-8 files with one
        if not raw.strip():
            continue
        try:
            yield parse_record(raw.decode("utf-8"), where)
        except UnicodeDecodeError as exc:
            yield Problem(where, f"not UTF-8 text (byte {exc.start})")
        except ValueError as exc:
            yield Problem(where, str(exc))


def _records(stream: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of each line; None for a line over MAX_RECORD_BYTES, which is
    read past in pieces, never held whole."""
    number = 0
    while raw := stream.readline(MAX_RECORD_BYTES + 1):
        number += 1
        if len(raw) <= MAX_RECORD_BYTES or raw.endswith(b"\n"):
            yield number, raw
            continue
        while raw and not raw.endswith(b"\n"):
            raw = stream.readline(1 << 20)
        yield number, None


def _jsonl_file(name: str) -> Iterator[Article | Problem]:
    try:
        with open(name, "rb") as stream:
            yield from read_jsonl(name, stream)
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")


def _stdin(given: Given) -> Iterator[Article | Problem]:
    """stdin is JSONL when it starts with "{", an HTML page when it starts with "<", else
    one text article."""
    stream = sys.stdin.buffer
    start = stream.peek(4096).removeprefix(codecs.BOM_UTF8).lstrip()
    if start.startswith(b"{"):
        yield from read_jsonl("-", stream)
        return
    item = decode("-", stream.read(MAX_BYTES + 1))
    if isinstance(item, Problem):
        yield item
    else:
        yield from_page(item, given) if start.startswith(b"<") else from_document(item, given)


HTML_SUFFIXES = (".html", ".htm")


def _entries(paths: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(how, path): folders give their *.txt (as `extract` reads them), their saved pages
    (*.html, *.htm) and their *.jsonl."""
    for p in paths:
        path = Path(p)
        if p == "-":
            yield "stdin", p
        elif path.is_dir():
            jsonl = [str(f) for f in sorted(path.rglob("*.jsonl")) if f.is_file()]
            pages = [str(f) for f in sorted(path.rglob("*")) if f.suffix.lower() in HTML_SUFFIXES and f.is_file()]
            if not (jsonl or pages) or any(f.is_file() for f in path.rglob("*.txt")):
                yield "text", p
            yield from (("html", f) for f in pages)
            yield from (("jsonl", f) for f in jsonl)
        elif p.endswith(".jsonl"):
            yield "jsonl", p
        elif p.lower().endswith(HTML_SUFFIXES):
            yield "html", p
        else:
            yield "text", p


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles ``paths`` hold, to show progress against: their text files and JSONL
    lines (counted by newlines, a fast read); None when stdin is one of them."""
    total = 0
    for how, path in _entries(paths):
        if how == "stdin":
            return None
        if how == "text":
            total += sum(1 for _ in expand([path]))
            continue
        if how == "html":  # one saved page, one article
            total += 1
            continue
        try:
            with open(path, "rb") as stream:
                ends_open = False
                while block := stream.read(1 << 20):
                    total += block.count(b"\n")
                    ends_open = not block.endswith(b"\n")
                total += ends_open
        except OSError:
            pass  # reported when read
    return total


def one_type_per_id(items: Iterable[Article | Problem]) -> Iterator[Article | Problem]:
    """``items``, where a record whose id is an earlier record's in the other JSON type (7 after
    "7", or "7" after 7) is a Problem naming both: two sources' numbering may have met, and
    one article must not silently replace the other. Both are the key "7", as stored ever
    since, so ingesting again finds what is stored; the same id in the same type is a new
    version of that article, as always. Only ids that a number could have given are
    remembered (about 150 bytes each, with where they were read)."""
    first: dict[bool, dict[int, str]] = {True: {}, False: {}}  # a number? -> id -> where read
    for item in items:
        if isinstance(item, Article) and (value := _as_number(item.key)) is not None:
            where = first[not item.numeric_id].get(value)
            if where is not None:
                yield Problem(item.where or item.key,
                              f'"id" {_spelt(item.key, item.numeric_id)} is {where}\'s "id" '
                              f"{_spelt(item.key, not item.numeric_id)}: a number and a string, one "
                              "article cannot be both; skipped (give every id as a string)")
                continue
            first[item.numeric_id].setdefault(value, item.where or item.key)
        yield item


def _as_number(key: str) -> int | None:
    """The integer whose JSON number gives this key ("7", "-3"; not "007"), or None."""
    return int(key) if key.removeprefix("-").isdigit() and str(int(key)) == key else None


def _spelt(key: str, numeric: bool) -> str:
    return key if numeric else json.dumps(key)  # 7 or "7", as JSON gives them


def read_articles(paths: Iterable[str], given: Given = Given()) -> Iterator[Article | Problem]:
    """Every article in ``paths`` (files, folders, "-"), in order; bad ones as Problems.

    A file named twice, however spelt (``a.txt``, ``./a.txt``, its absolute path), is read once;
    see one_type_per_id for ids.
    """
    return one_type_per_id(_read_articles(paths, given))


def _read_articles(paths: Iterable[str], given: Given) -> Iterator[Article | Problem]:
    seen: set[str] = set()
    for how, path in _entries(paths):
        if how == "stdin":
            yield from _stdin(given)
            continue
        if how in ("jsonl", "html"):
            if file_key(path) in seen:
                continue
            seen.add(file_key(path))
        if how == "jsonl":
            yield from _jsonl_file(path)
        elif how == "html":
            item = read_one(path)
            yield from_page(item, given) if isinstance(item, Document) else item
        else:
            for item in read_documents([path]):
                if isinstance(item, Problem):
                    yield item
                elif file_key(item.name) not in seen:
                    seen.add(file_key(item.name))
                    yield from_document(item, given)
