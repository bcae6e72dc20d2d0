"""Reading articles from files, folders and stdin, with clear problems for bad input.

Every path yields either a Document or a Problem; nothing raises for a bad file, so one
unreadable file never stops the others.
"""
from __future__ import annotations

import codecs
import os
import sys
from pathlib import Path
from typing import Iterable, Iterator

import attrs

# Larger files are almost never one article; reading them whole would only cost memory.
MAX_BYTES = 20 * 1024 * 1024


@attrs.frozen
class Document:
    name: str  # path as given (or "-" for stdin); the scorer matches it by base name
    text: str


@attrs.frozen
class Problem:
    name: str
    why: str

    def __str__(self) -> str:
        return f"{self.name}: {self.why}"


def decode(name: str, data: bytes) -> Document | Problem:
    """UTF-8 text (a BOM is dropped) or a Problem saying why not."""
    if len(data) > MAX_BYTES:  # only MAX_BYTES + 1 were read: the true size is unknown
        return Problem(name, f"too large (over {MAX_BYTES:,} bytes)")
    if not data.strip():
        return Problem(name, "empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # its NULs are not binary
        return Problem(name, "UTF-16 text, not UTF-8; convert it with iconv first")
    if b"\x00" in data:  # anywhere: no text holds NUL (and PostgreSQL could not store it)
        return Problem(name, "binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(name, f"not UTF-8 text (byte {exc.start}); convert it with iconv first")
    return Document(name, text[1:] if text.startswith("\ufeff") else text)


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Paths as given; folders become their *.txt files, recursively, in sorted order."""
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            files = [str(f) for f in sorted(path.rglob("*.txt")) if f.is_file()]
            # an empty folder is passed on as itself so that read_one reports it
            yield from files or [p]
        else:
            yield p


def read_one(name: str) -> Document | Problem:
    if name == "-":
        return decode("-", sys.stdin.buffer.read(MAX_BYTES + 1))
    try:
        with open(name, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Problem(name, "no such file")
    except IsADirectoryError:
        return Problem(name, "a folder with no *.txt files")
    except OSError as exc:
        return Problem(name, f"cannot read: {exc.strerror or exc}")
    return decode(name, data)


def read_documents(paths: Iterable[str]) -> Iterator[Document | Problem]:
    seen: set[str] = set()
    for name in expand(paths):
        # the same file named twice (`a.txt ./a.txt`, or inside a folder also given) is read
        # once: no duplicated quotes
        key = name if name == "-" else os.path.realpath(name)
        if key in seen:
            continue
        seen.add(key)
        yield read_one(name)
