"""Shipped data parsed once per machine: what a build step makes of the rule files is kept
between runs, keyed by the files' sizes and modification times (their bytes where they are
not plain files), as Python keeps the bytecode of modules.

Parsing 50,000 lines of word lists and TOML (and importing the TOML parser), and hashing
them into sets, cost an eighth of `quotes extract`'s start-up; reading them back with
marshal costs a third of that. The cache lives in $QUOTES_CACHE_DIR, else
$XDG_CACHE_HOME/quotes, else ~/.cache/quotes. It is an optimisation only: a cache that
cannot be read or written is rebuilt or skipped.
"""
from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from typing import Callable, TypeVar

T = TypeVar("T")
KEEP = 8  # caches of one name kept: several checkouts (or versions) may share the folder

# marshal's format and the objects built change with the interpreter and with quotes
_TAG = f"{sys.implementation.cache_tag}-m{marshal.version}"


def cache_dir() -> str:
    if (given := os.environ.get("QUOTES_CACHE_DIR")):
        return given
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "quotes")


def cache_path(name: str, key: str) -> str:
    """The file of cache ``name`` for ``key`` (what its contents depend on besides this
    version of quotes and of the interpreter)."""
    from quotes import __version__
    return os.path.join(cache_dir(), f"{name}-{__version__}-{_TAG}-{key}.marshal")


def read(path: str) -> object | None:
    """What the file at ``path`` holds, or None when it is missing or unreadable (another
    version, a torn write)."""
    try:
        with open(path, "rb") as f:
            return marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write(path: str, name: str, value: object) -> None:
    """Keep ``value`` at ``path`` (a file of cache ``name``); silently not, where the folder
    cannot be written (a read-only home: every run builds, as without a cache)."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        partial = f"{path}.{os.getpid()}"  # then renamed: readers never see half a file
        with open(partial, "wb") as f:
            f.write(marshal.dumps(value))
        os.replace(partial, path)
        _prune(path, name)
    except (OSError, ValueError):
        pass


def cached(name: str, sources: bytes | str, build: Callable[[], T],
           valid: Callable[[object], bool] = lambda value: True) -> T:
    """build(), or what it returned before for the same ``sources``: the bytes it reads, or
    a key that stands for them (quotes.rules.shipped_stamp: the files' sizes and times).

    ``build`` must return plain data marshal can hold (str, int, float, tuple, list, dict,
    frozenset) and raise on bad input: only what it returned is ever kept. A kept value that
    is not ``valid`` (the shape an older quotes gave it) is built again.
    """
    key = sources if isinstance(sources, str) else f"{len(sources)}-{zlib.crc32(sources):08x}"
    path = cache_path(name, key)
    value = read(path)
    if value is None or not valid(value):
        value = build()
        write(path, name, value)
    return value


def _prune(kept: str, name: str) -> None:
    """Remove all but the KEEP newest caches of ``name`` (``kept`` among them): each edit of
    the rules makes one. Half-written files older than a minute go too: their writer was
    stopped."""
    folder = os.path.dirname(kept)
    files = [os.path.join(folder, f) for f in os.listdir(folder) if f.startswith(f"{name}-")]
    now = time.time()
    for partial in files:
        if not partial.endswith(".marshal") and now - os.path.getmtime(partial) > 60:
            os.remove(partial)
    others = [f for f in files if f.endswith(".marshal") and f != kept]
    for old in sorted(others, key=os.path.getmtime)[:max(0, len(others) - (KEEP - 1))]:
        os.remove(old)
