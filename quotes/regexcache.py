"""Regular expressions compiled once per machine, not at every start.

`regex` parses and compiles a pattern in Python, then hands a list of opcodes to its C
engine. For the fifty patterns an article needs (the cue alternations hold hundreds of
words) the Python half cost a fifth of `quotes extract`'s start-up; building the engine's
object from kept opcodes costs a fiftieth of that. So each pattern's opcodes are kept in
the data cache (quotes.datacache), keyed by the versions of quotes, regex and Python, and
read back at the next start.

The opcodes are what `regex.compile` passes to `_regex.compile`: a private interface, hence
the version in the key, and any failure to rebuild a pattern from them falls back to
`regex.compile`. The cache never changes what a pattern matches: a test compiles every
kept pattern both ways and compares them.
"""
from __future__ import annotations

import atexit
import sys
import threading

import regex

from quotes import datacache

# the module whose regex.compile hands the opcodes to the C engine `_regex` (regex._main;
# regex.regex in older releases); without one, patterns are compiled as regex does
_main = sys.modules[regex.compile.__module__]
_CACHING = hasattr(_main, "_regex") and hasattr(_main._regex, "compile")

_NAME = "patterns"
_MAX_KEPT = 512  # patterns kept across runs; past it only those of the last run are
_lock = threading.Lock()
_compiled: dict[tuple[str, int], regex.Pattern] = {}  # this process's, by (pattern, flags)
_kept: dict[tuple[str, int], tuple] | None = None  # the opcodes read back, by (pattern, flags)
_used: dict[tuple[str, int], tuple] = {}  # the opcodes of this process's patterns
_missed = False  # whether a pattern was compiled here since the cache was last written


def compile(pattern: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(pattern, flags)``, from kept opcodes when this machine compiled the
    same pattern before."""
    key = (pattern, int(flags))
    if (done := _compiled.get(key)) is not None:
        return done
    if not _CACHING:
        return regex.compile(pattern, flags)
    with _lock:
        if (done := _compiled.get(key)) is None:
            done = _compiled[key] = _build(key)
    return done


def _path() -> str:
    return datacache.cache_path(_NAME, f"regex{regex.__version__}-v{int(regex.DEFAULT_VERSION)}")


def _build(key: tuple[str, int]) -> regex.Pattern:
    global _kept, _missed
    if _kept is None:
        stored = datacache.read(_path())
        _kept = stored if isinstance(stored, dict) else {}
        atexit.register(keep)
    if (args := _kept.get(key)) is not None:
        try:
            pattern = _main._regex.compile(*args)
            _used[key] = args
            return pattern
        except Exception:  # noqa: BLE001 - a foreign or damaged entry: compile it anew
            pass
    _missed = True
    recorder = _Recorder(_main._regex, key[0])
    _main._regex = recorder  # regex looks its engine up per call: this sees the opcodes go by
    try:
        pattern = regex.compile(key[0], key[1], cache_pattern=False)
    finally:
        _main._regex = recorder.engine
    if recorder.args is not None and not recorder.args[1] & regex.LOCALE:  # locale's own casing
        _used[key] = recorder.args
    return pattern


class _Recorder:
    """Stands in for regex's C engine while one pattern compiles, noting what it is given."""

    def __init__(self, engine, pattern: str):
        self.engine, self.pattern, self.args = engine, pattern, None

    def __getattr__(self, name: str):
        return getattr(self.engine, name)

    def compile(self, *args):
        if args[0] == self.pattern:  # not another thread's pattern compiled meanwhile
            # enum flags become ints: marshal holds plain data only
            self.args = tuple(int(a) if isinstance(a, regex.RegexFlag) else a for a in args)
        return self.engine.compile(*args)


def keep() -> None:
    """Write the opcodes of the patterns compiled here that the cache lacked, if any: at
    exit, and in worker processes after each piece of work (a pool stops its workers
    without waiting for their exit handlers)."""
    global _missed
    if not _missed:
        return
    with _lock:
        # what other processes wrote meanwhile too (the workers of a pool, their parent)
        stored = datacache.read(_path())
        merged = {**(stored if isinstance(stored, dict) else {}), **_used}
        datacache.write(_path(), _NAME, merged if len(merged) <= _MAX_KEPT else dict(_used))
        _missed = False
