"""Loading the language rules in rules/*.toml (and users' own files), validated once.

A rules file is TOML whose top-level keys are word lists (or regex lists) named below.
The shipped files define every key; a user's file may add words to any of them:

    # my-rules.toml
    after_quote = ["sergahnya"]
    titles = ["kepala desa"]
"""
from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import os
import zlib
from typing import Callable, Sequence

import attrs
import regex

from quotes import regexcache
from quotes.datacache import cached

SHIPPED = ("cues.toml", "mentions.toml", "names.toml", "grammar.toml", "chrome.toml")
# Long word lists, one entry a line (`#` starts a comment), in rules/lists/KEY.txt: too long
# to read as TOML at every start; a user's TOML file may still add to these keys.
LISTS = ("places", "roots", "common_words", "name_words")

# key -> True when its entries are regular expressions, False for plain words
KEYS: dict[str, bool] = {
    "after_quote": False, "speech": False, "request": False, "passive": False,
    "according": False, "statement_nouns": False, "verb_modifiers": False,
    "addressees": False, "outlet_markers": False, "negations": False,
    "pronouns": False, "plural_pronouns": False, "latter": False, "titles": False,
    "honorifics": False, "forms_of_address": False, "organisations": False, "anonymous": False,
    "anaphor_heads": False, "nickname_cues": False, "stop_words": False, "name_joiners": False, "not_names": False, "connectives": False,
    "subject_verb_fillers": False, "interjection_openers": False, "adverbial_openers": False,
    "shared_subject_joiners": False, "clause_joints": False, "back_references": False,
    "retro_heads": False, "similar_words": False, "place_prepositions": False, "place_time_openers": False, "locatives": False,
    "place_types": False, "units": False, "complement_heads": False, "institution_heads": False, "role_prefixes": False,
    "calendar_words": False, "ranks": False, "degrees": False,
    "places": False, "roots": False, "common_words": False, "name_words": False,
    "line_patterns": True,
}


# Cue words, place prepositions and nickname cues are looked up word by word, so these lists
# hold single words.
SINGLE_WORDS = frozenset({"after_quote", "speech", "request", "passive", "according", "place_prepositions",
                          "nickname_cues"})


class RulesError(Exception):
    """A rules file is missing, malformed or holds a value of the wrong kind."""


def _phrase_alternation(words: Sequence[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any white space.
    Equal lengths go in alphabetical order, so that each run writes the same pattern (and
    finds its compiled form in quotes.regexcache)."""
    parts = sorted(sorted({w.strip().lower() for w in words}), key=len, reverse=True)  # a stable sort
    return "|".join(r"\s+".join(p.translate(_ESCAPES) for p in w.split()) for w in parts)


# what regex.escape escapes in a word (no white space), at C speed: it loops in Python, and
# the cue alternations are written at every start
_ESCAPES = str.maketrans({c: "\\" + c for c in "()[]{}?*+|^$\\.-#&~"})


class LinePatterns:
    """The chrome line patterns, matched against a whole line, case-insensitively. Kept as two
    alternations: a pattern that may open with any character ('.{0,40}\\bklik …') would make
    the engine try every branch on every line; apart from it, the others turn most lines
    away at their first character. (A plain class: an attrs one costs a millisecond at every
    start, to build its methods.)"""

    __slots__ = ("fixed", "floating")

    def __init__(self, patterns: Sequence[str]):
        def alternation(group: list[str]) -> regex.Pattern:
            lines = "|".join(f"(?:{p})" for p in group) or r"(?!)"
            return regexcache.compile(rf"(?i)\s*(?:{lines})\s*")
        self.fixed = alternation([p for p in patterns if not p.startswith(".")])
        self.floating = alternation([p for p in patterns if p.startswith(".")])  # ('.{0,40}…')

    @property
    def pattern(self) -> str:
        return f"{self.fixed.pattern}|{self.floating.pattern}"

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        return self.fixed.fullmatch(text, pos, endpos) or self.floating.fullmatch(text, pos, endpos)


@attrs.frozen(eq=False, repr=False)  # by identity: loaded once, then shared; no repr of 48,000 words
class Rules:
    words: dict[str, frozenset[str]]
    phrases: dict[str, tuple[str, ...]]  # as written, but the long lists (LISTS): in words only
    chrome: LinePatterns
    grammar: dict[str, regex.Pattern]  # built from grammar.toml, compiled as used (_Grammar)

    def has(self, key: str, word: str) -> bool:
        return word.lower() in self.words[key]

    def alternation(self, *keys: str) -> str:
        """Regex source matching any phrase of the given keys (use inside a group)."""
        return _phrase_alternation([p for k in keys for p in self.phrases[k]])


COMMENT = regexcache.compile(r"#[^\n]*")


def _shipped_path(*parts: str) -> tuple[importlib.machinery.ModuleSpec, str]:
    spec = importlib.util.find_spec("quotes.ruledata")
    return spec, os.path.join(os.path.dirname(spec.origin), *parts)


def shipped(*parts: str) -> bytes:
    """A file of rules/ as installed (package quotes.ruledata), read through its loader:
    importlib.resources would cost a tenth of the command's start-up in imports."""
    spec, path = _shipped_path(*parts)
    return spec.loader.get_data(path)


def shipped_stamp(files: Sequence[tuple[str, ...]]) -> str | None:
    """A cache key for files of rules/ from their sizes and modification times, as Python
    keys the bytecode of modules: reading their 400 KB to hash them cost a millisecond at
    every start. None where they are not plain files (an installed zip): then their bytes are."""
    try:
        stamps = [(parts, os.stat(_shipped_path(*parts)[1])) for parts in files]
    except OSError:
        return None
    text = repr([(parts, s.st_size, s.st_mtime_ns) for parts, s in stamps])
    return f"s{len(files)}-{zlib.crc32(text.encode()):08x}"


def _read_list(name: str, data: bytes) -> list[str]:
    """A word list: one lower-case entry a line; blank lines and `#` comments skipped."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulesError(f"{name}: not UTF-8 text ({exc.reason})") from None
    # whole-text operations, not a Python loop over 30,000 lines: these lists are read at
    # every start
    lines = COMMENT.sub("", text).splitlines()
    entries = [entry for entry in map(str.strip, lines) if entry]
    body = "\n".join(entries)
    if body != body.lower() or "\t" in body:
        _bad_entry(name, lines)
    return entries


def shipped_list(key: str) -> list[str]:
    """A word list of rules/lists/ as installed (KEY.txt), checked as the rules' lists are."""
    return _read_list(f"rules/lists/{key}.txt", shipped("lists", f"{key}.txt"))


def _bad_entry(name: str, lines: list[str]) -> None:
    for number, line in enumerate(lines, 1):
        entry = line.strip()
        if entry != entry.lower() or "\t" in entry:
            raise RulesError(f"{name}:{number}: entries are lower-case words or phrases, not {entry!r}")


def _read(name: str, data: bytes) -> dict[str, list[str]]:
    import tomllib  # only when the cache of the shipped rules misses, or for a user's file
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RulesError(f"{name}: not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{name}: not valid TOML: {exc}") from None
    out: dict[str, list[str]] = {}
    for key, value in table.items():
        if key not in KEYS:
            raise RulesError(f"{name}: unknown key {key!r}; known keys: {', '.join(sorted(KEYS))}")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise RulesError(f"{name}: {key!r} must be a list of non-empty strings")
        if key in SINGLE_WORDS and (bad := [w for w in value if len(w.split()) != 1]):
            raise RulesError(f"{name}: {key!r} holds single words only, not {bad[0]!r}")
        if KEYS[key]:
            for pattern in value:
                try:
                    regex.compile(pattern)
                except regex.error as exc:
                    raise RulesError(f"{name}: {key!r}: bad pattern {pattern!r}: {exc}") from None
        out[key] = value
    return out


# Rules as parsed: each key's entries in file order (the long lists' are in words only), and
# each key's words stripped and lower-cased.
Parsed = tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]


def _parse(sources: list[tuple[str, bytes]], lists: dict[str, list[str]]) -> Parsed:
    phrases: dict[str, list[str]] = {k: [] for k in KEYS if k not in LISTS}
    toml: dict[str, set[str]] = {k: set() for k in KEYS}
    for name, data in sources:
        for key, values in _read(name, data).items():
            if key in phrases:
                phrases[key].extend(values)
            toml[key].update(v.strip().lower() for v in values)
    # the long lists are already stripped and lower-case: only the TOML words need it
    words = {k: frozenset(toml[k]).union(lists.get(k, ())) for k in KEYS if not KEYS[k]}
    return {k: tuple(v) for k, v in phrases.items()}, words


def _shipped_rules() -> Parsed:
    """The shipped rules, parsed once per machine and read back from the cache (datacache)."""
    parts = [(n,) for n in SHIPPED] + [("lists", f"{key}.txt") for key in LISTS]

    def read() -> list[bytes]:
        return [shipped(*p) for p in parts]

    def parse() -> tuple[dict, dict, dict[str, str]]:
        data = read()
        lists = {key: _read_list(f"rules/lists/{key}.txt", d) for key, d in zip(LISTS, data[len(SHIPPED):])}
        phrases, words = _parse([(f"rules/{n}", d) for n, d in zip(SHIPPED, data)], lists)
        # the long lists kept as one text each, split when read back: marshal reading their
        # 48,000 words one by one cost a fifth more
        return phrases, {k: v for k, v in words.items() if k not in LISTS}, {k: "\n".join(sorted(words[k])) for k in LISTS}
    phrases, words, lists = cached("rules", shipped_stamp(parts) or b"\0".join(read()), parse,
                                   valid=lambda value: isinstance(value, tuple) and len(value) == 3)
    words.update((k, frozenset(text.split("\n")) if text else frozenset()) for k, text in lists.items())
    return phrases, words


@functools.lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Rules:
    phrases, words = _shipped_rules()
    if extra:
        sources = []
        for path in extra:
            try:
                with open(path, "rb") as f:
                    sources.append((path, f.read()))
            except OSError as exc:
                raise RulesError(f"{path}: cannot read rules file: {exc.strerror or exc}") from None
        added, added_words = _parse(sources, {})
        phrases = {k: phrases[k] + added[k] for k in phrases}
        words = {k: words[k] | added_words[k] for k in words}
    return Rules(
        words=words,
        phrases={k: v for k, v in phrases.items() if not KEYS[k]},
        chrome=LinePatterns(phrases["line_patterns"]),
        grammar=_Grammar(phrases),
    )


class _Grammar(dict):
    """The sentence patterns by name, each compiled at its first use (see _SENTENCE).

    Each starts at a mark or a word so that a search never rescans white space (the
    engine stays linear)."""

    def __init__(self, words: dict[str, Sequence[str]]):
        super().__init__()
        self._words = words

    def __missing__(self, name: str) -> regex.Pattern:
        def alt(key: str) -> str:
            return _phrase_alternation(self._words[key]) or "(?!)"
        pattern = self[name] = regexcache.compile(_SENTENCE[name](alt))
        return pattern


_SP = r"[ \t\u00a0]"
_SENTENCE: dict[str, Callable[[Callable[[str], str]], str]] = {
    # ', sebelum bertemu …,' before a verb
    "interjection": lambda alt: rf"(?i),[\s\u00a0]*(?=(?:{alt('interjection_openers')})\b)",
    # ', Koordinator Ekajaya untuk Gili,' before a verb: a title in apposition
    "appositive_title": lambda alt: rf",[\s\u00a0]*(?=(?i:{alt('titles')})\b)",
    # 'saat mendampingi …' before a verb
    "adverbial": lambda alt: rf"(?i)\b(?:{alt('adverbial_openers')})\b",
    # 'seraya' right before a verb
    "shared_subject": lambda alt: rf"(?i)\b(?:{alt('shared_subject_joiners')}){_SP}*+$",
    # ', dan' / ';' right before a new subject
    "clause_joint": lambda alt: rf"(?i)(?:[,;]{_SP}*+)?\b(?:{alt('clause_joints')}){_SP}*+$|[,;]{_SP}*+$",
    # 'demikian', 'hal itu' right after a verb
    "back_reference": lambda alt: rf"(?i)(?:{alt('back_references')})\b",
    # 'Hal itu ' opening a sentence
    "retro": lambda alt: rf"(?i)(?:{alt('retro_heads')})\s+(?:itu|ini|tersebut)\s+",
    # 'Hal senada disampaikan ' opening a sentence (a passive verb: di-…-kan)
    "similar": lambda alt: (
        rf"(?i)(?:{alt('retro_heads')})\s+(?:yang\s+)?(?:{alt('similar_words')})\s+(?:juga\s+)?di\w+kan\s+(?:oleh\s+)?"),
    # '… di Balai Desa, Selasa (4/3), bahwa ' after a verb
    "place_time_bahwa": lambda alt: (
        rf"(?i)[\s\u00a0]*,?[\s\u00a0]*(?:{alt('place_time_openers')})\b[^.!?\"“”]{{1,100}}?\bbahwa\b[\s\u00a0]*"),
}


def load_rules(extra: Sequence[str] = ()) -> Rules:
    """The shipped rules plus each file in ``extra``; loaded once per distinct list."""
    return _load(tuple(extra))
