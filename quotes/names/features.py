"""What the name tagger sees of each word: shape, affixes, neighbours, and the lexicons.

Word-level features depend only on the word's string, so they are computed once per distinct
string and reused; a sentence's features are those lists joined with the neighbours' ones.
The lexicons are the rules' word lists (titles, honorifics, organisations, ...), a gazetteer of
Indonesian regions, a table of how often a word is written in lower case and one of the words
of people's names (all three shipped in ``quotes/names/data`` and rebuilt by
``python -m quotes.names.train``).
"""
from __future__ import annotations

import importlib.resources
from typing import Sequence

import regex

from quotes import regexcache
from quotes.rules import Rules, load_rules

# Rules keys whose words mark a word's role in a speaker phrase.
# (Not name_words: it is built from NERGRIT's names, so in training it would give every
# name away; names.tsv holds them jackknifed.)
LEXICON_KEYS = ("titles", "honorifics", "organisations", "not_names", "pronouns", "speech",
                "after_quote", "according", "stop_words", "name_joiners", "anonymous",
                "anaphor_heads", "negations", "ranks", "degrees", "units", "place_types",
                "institution_heads", "complement_heads", "role_prefixes", "places", "common_words")

# Gazetteer levels, as bits in regions.tsv
REGION_LEVELS = {"province": 1, "regency": 2, "city": 4, "district": 8, "village": 16}

# Words written in lower case at least this share of the time are ordinary words
LOWER_BUCKETS = ((0.9, "always"), (0.5, "mostly"), (0.1, "often"), (0.0, "seldom"))

# Dots that belong to the word before: a single capital (an initial, 'M.'), a dotted
# abbreviation ('S.H.', 'M.Kes.', 'Ph.D'), or a known short title ('dr.', 'Prof.', 'Kol.').
# Every other punctuation mark is a word of its own.
TOKEN = regexcache.compile(r"""
    \p{L}{1,3}(?:\.\p{L}{1,4})++(?![\p{L}\p{N}])\.?+
  | \p{Lu}\.
  | (?P<word>[\p{L}\p{M}\p{N}]++(?:['’-][\p{L}\p{M}\p{N}]++)*+)(?P<dot>\.)?+
  | \S
""", regex.VERBOSE)

# Short titles written with a dot besides the rules' honorifics.
ABBREVIATIONS = frozenset({
    "dr", "drg", "drh", "drs", "dra", "ir", "prof", "h", "hj", "kh", "st", "mr", "mrs", "ms",
    "pol", "kol", "pt", "cv", "jend", "brig", "let", "kapt", "purn", "sdr", "sdri", "bpk", "tn", "ny", "nn",
})

SHAPE_MAP = str.maketrans({c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
                          | {c: "x" for c in "abcdefghijklmnopqrstuvwxyz"}
                          | {c: "d" for c in "0123456789"})
REPEATS = regexcache.compile(r"(.)\1+")


def words(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the words the tagger expects, in order."""
    out = []
    for m in TOKEN.finditer(text):
        if m.group("dot") and m.group("word").lower() not in ABBREVIATIONS:
            out.append((m.start(), m.end("word")))
            out.append((m.end("word"), m.end()))
        else:
            out.append(m.span())
    return out


def shape(word: str) -> str:
    """'Ahmad' -> 'Xx', 'M.Kes.' -> 'X.Xx.', '2024' -> 'd', 'AKBP' -> 'X'."""
    s = word.translate(SHAPE_MAP)
    s = "".join(c if c in "Xxd" or not c.isalpha() else ("X" if c.isupper() else "x") for c in s)
    return REPEATS.sub(r"\1", s)


def read_table(name: str) -> dict[str, str]:
    """A shipped word<TAB>value table (an empty one when the file is absent)."""
    path = importlib.resources.files("quotes.names").joinpath("data", name)
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, value = line.partition("\t")
            out[word] = value
    return out


class Featurizer:
    """Turns a sentence's words into crfsuite feature lists; one per process is enough."""

    def __init__(self, rules: Rules | None = None, regions: dict[str, str] | None = None,
                 lower: dict[str, str] | None = None, names: dict[str, str] | None = None):
        rules = rules or load_rules()
        self.lexicon: dict[str, list[str]] = {}
        for key in LEXICON_KEYS:
            # a key gone from the rules just drops out; the long lists are words only
            for phrase in rules.phrases[key] if key in rules.phrases else sorted(rules.words.get(key, ())):
                parts = phrase.lower().split()
                for i, part in enumerate(parts):
                    tag = f"{key}" if len(parts) == 1 else f"{key}{'+' if i == 0 else '~'}"
                    self.lexicon.setdefault(part, [])
                    if tag not in self.lexicon[part]:
                        self.lexicon[part].append(tag)
        # kept as read, decoded per word on first sight: loading stays quick
        self.regions = read_table("regions.tsv") if regions is None else regions
        self.lower = read_table("lowercase.tsv") if lower is None else lower
        self.names = read_table("names.tsv") if names is None else names
        self.cache: dict[str, tuple[list[str], list[list[str]]]] = {}

    def word(self, w: str) -> tuple[list[str], list[list[str]]]:
        """The word's own features, and the lists it lends to its neighbours at -2, -1, +1, +2."""
        hit = self.cache.get(w)
        if hit is not None:
            return hit
        low = w.lower()
        key = low.rstrip(".") or low
        sh = shape(w)
        own = [f"w={key}", f"sh={sh}"]
        marks = []
        if w[:1].isupper():
            marks.append("cap")
            if len(w) > 1 and w.isupper():
                marks.append("caps")
        elif w[:1].islower():
            marks.append("low")
        if any(c.isdigit() for c in w):
            marks.append("digit")
        if "." in w:
            marks.append("dot")
        if len(key) == 1 and key.isalpha():
            marks.append("initial")
        if not any(c.isalnum() for c in w):
            marks.append("punct")
        lex = [f"L:{t}" for t in self.lexicon.get(key, ())]
        if key in self.regions:
            mask = int(self.regions[key])
            lex += [f"G:{level}" for level, bit in REGION_LEVELS.items() if mask & bit]
        if key in self.names:
            lex += [f"N:{kind}" for kind in self.names[key].split(",")]
        if key in self.lower:
            lex.append(f"lc:{self.lower[key]}")
        elif key.isalpha():
            lex.append("lc:none")
        own += marks + lex
        if len(key) > 3:
            own += [f"p2={key[:2]}", f"p3={key[:3]}", f"s2={key[-2:]}", f"s3={key[-3:]}", f"s4={key[-4:]}"]
        lend = [f"w={key}", f"sh={sh}"] + marks[:2] + lex
        near = [[f"{o}{f}" for f in (lend if o in ("-1", "+1") else lend[:2] + lex)]
                for o in ("-2", "-1", "+1", "+2")]
        out = (own, near)
        if len(self.cache) > 500_000:  # bounded: a stream of unseen strings cannot grow it forever
            self.cache.clear()
        self.cache[w] = out
        return out

    def sentence(self, ws: Sequence[str]) -> list[list[str]]:
        feats = [self.word(w) for w in ws]
        n = len(feats)
        out = []
        for i, (own, _) in enumerate(feats):
            f = list(own)
            f += feats[i - 2][1][0] if i >= 2 else ["-2BOS"]
            f += feats[i - 1][1][1] if i >= 1 else ["-1BOS"]
            f += feats[i + 1][1][2] if i + 1 < n else ["+1EOS"]
            f += feats[i + 2][1][3] if i + 2 < n else ["+2EOS"]
            out.append(f)
        return out
