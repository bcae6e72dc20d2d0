"""Articles to ingest: text files and folders (as `quotes extract` reads them), saved HTML
pages (quotes.db.htmlpage) and JSONL.

A JSONL line is one article: {"id", "url", "title", "outlet", "published", "text"}; other
keys are kept as metadata. Every bad record becomes a Problem naming its file and line, and
the records around it still come through.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

import attrs

from quotes.db.htmlpage import read_page
from quotes.inputs import MAX_BYTES, Document, Problem, decode, read_documents, read_one
from quotes.rules import load_rules

ARTICLE_FIELDS = ("id", "url", "title", "outlet", "published", "text")
TITLE_CHARS = 200


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
    """A file's identity: its absolute path, however it was spelt (relative, ./, ../)."""
    return os.path.abspath(name)


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
                   published=given.published)


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
                   outlet=page.outlet or given.outlet, published=published, published_at=moment, meta=meta)


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


def parse_record(line: str) -> Article:
    """One JSONL line as an Article; ValueError says what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('no "text" (a non-empty string)')
    if _has_nul(record):
        # no article text holds NUL, and PostgreSQL text cannot store it
        raise ValueError("holds a NUL character (\\u0000)")
    for field in ("url", "title", "outlet"):
        if record.get(field) is not None and not isinstance(record[field], str):
            raise ValueError(f'"{field}" must be a string')
    key = record.get("id")
    if isinstance(key, bool) or not isinstance(key, (str, int)) or str(key).strip() == "":
        if key is not None:
            raise ValueError('"id" must be a string or an integer')
        if not record.get("url"):
            raise ValueError('no "id" and no "url" to identify the article')
        key = record["url"]
    meta = {k: v for k, v in record.items() if k not in ARTICLE_FIELDS}
    return Article(key=str(key).strip(), text=text, source=record.get("url"), title=record.get("title"),
                   outlet=record.get("outlet"), published=parse_published(record.get("published")),
                   meta=meta or None, published_at=published_moment(record.get("published")))


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def read_jsonl(name: str, stream: IO[bytes]) -> Iterator[Article | Problem]:
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        try:
            yield parse_record(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Problem(where, f"not UTF-8 text (byte {exc.start})")
        except ValueError as exc:
            yield Problem(where, str(exc))


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
    start = stream.peek(4096).lstrip()
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


def read_articles(paths: Iterable[str], given: Given = Given()) -> Iterator[Article | Problem]:
    """Every article in ``paths`` (files, folders, "-"), in order; bad ones as Problems.

    A file named twice, however spelt (``a.txt``, ``./a.txt``, its absolute path), is read once.
    """
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
