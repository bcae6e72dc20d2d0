"""Which capitalised words of a speaker phrase are the role and which the person's name.

Indonesian news builds a role from parts (office, unit, organisation, place type, place,
rank) and writes the name after it: "Kepala Dinas Kesehatan Kota Bogor Sri Nowo Retno".
The name is the run of name-like words at the end of the phrase, less the words at its
front that still belong to the role: a place ("Bogor"), the name of a place after its
type ("Desa Sukamaju"), an institution after its head ("Direktur Sinarmaju"), or an
ordinary word that a title capitalised ("Keamanan", "Pariwisata").
"""
from __future__ import annotations

import functools
from typing import Callable

import attrs

from quotes.rules import Rules

# Affixes of Indonesian derivation: a capitalised word built from a root word
# ("Keamanan" = ke-aman-an, "Pandangan" = pandang-an, "Sembuhnya") is no given name.
CONFIXES = (("ke", "an"), ("pe", "an"), ("per", "an"), ("se", "an"), ("pen", "an"), ("pem", "an"),
            ("peng", "an"), ("peny", "an"), ("penge", "an"), ("ber", "an"), ("", "an"), ("", "nya"), ("se", "nya"),
            ("ber", ""), ("ter", ""), ("me", "kan"), ("mem", "kan"), ("men", "kan"), ("meng", "kan"),
            ("meny", "kan"), ("di", "kan"), ("ber", "kan"), ("ke", "nya"))
OUTER = {"se", "ke", "ber", "ter", "di", "per"}  # prefixes that wrap a derived word
# the consonant a nasal prefix replaced: peny-akit <- sakit, pen-anggulangan <- tanggulang
NASAL = {"peny": "s", "meny": "s", "pem": "p", "mem": "p", "pen": "t", "men": "t", "peng": "k", "meng": "k"}
MIN_ROOT = 4  # shorter roots make names look derived ('Dimas' is no di-mas)


@attrs.frozen(eq=False, repr=False)  # by identity: built once per Rules; no repr of 48,000 words
class NameWords:
    places: frozenset[str]
    roots: frozenset[str]
    common: frozenset[str]
    names: frozenset[str]
    place_types: frozenset[str]
    complement_heads: frozenset[str]
    institution_heads: frozenset[str]
    role_words: frozenset[str]  # units and ranks: never names
    degrees: frozenset[str]
    role_prefixes: tuple[str, ...]
    heads: frozenset[str]  # place types and heads of institutions: never names
    calendar: frozenset[str]  # days, months, holidays

    def is_place(self, low: str) -> bool:
        """A region's name that is no person's name word ('bogor', not 'bima')."""
        return low in self.places and low not in self.names

    @functools.lru_cache(maxsize=65536)
    def is_common(self, low: str) -> bool:
        """An ordinary Indonesian word that no given name uses ('pariwisata', 'keamanan')."""
        if low in self.names:
            return False
        if low in self.common or low in self.role_words or low.startswith(self.role_prefixes):
            return True
        if "-" in low:  # 'adaptasi-kolaborasi', 'bahu-membahu'
            return all(part and self.is_common(part) for part in low.split("-"))
        return self.is_derived(low)

    @functools.lru_cache(maxsize=65536)
    def is_derived(self, low: str) -> bool:
        """Built from a root word by affixes ('keamanan', 'pandangan', 'sepengetahuan')."""
        return self._derived(low, 2)

    def _derived(self, low: str, layers: int) -> bool:
        """Built from a root by at most ``layers`` affixations ('sepengetahuan' = se-peng-tahu-an)."""
        for prefix, suffix in CONFIXES:
            if low.startswith(prefix) and low.endswith(suffix) and len(low) - len(prefix) - len(suffix) >= MIN_ROOT:
                stem = low[len(prefix):len(low) - len(suffix)]
                if stem in self.roots or prefix in NASAL and NASAL[prefix] + stem in self.roots:
                    return True
                if layers > 1 and prefix in OUTER and self._derived(low[len(prefix):], layers - 1):
                    return True
        if layers > 1 and low.endswith("nya") and self._derived(low[:-3], layers - 1):
            return True  # 'tujuannya' = tuju-an-nya
        return False


@functools.lru_cache(maxsize=8)
def name_words(rules: Rules) -> NameWords:
    def split(key: str) -> frozenset[str]:
        return frozenset(w for p in rules.words[key] for w in p.split())
    return NameWords(
        places=rules.words["places"], roots=rules.words["roots"], common=rules.words["common_words"],
        names=rules.words["name_words"],
        place_types=rules.words["place_types"], complement_heads=split("complement_heads"),
        institution_heads=split("institution_heads"),
        role_words=split("units") | split("ranks"), degrees=rules.words["degrees"],
        role_prefixes=tuple(sorted(rules.words["role_prefixes"])),
        heads=rules.words["place_types"] | split("institution_heads") | split("complement_heads"),
        calendar=rules.words["calendar_words"],
    )


def name_start(lows: list[str], before: str | None, nw: NameWords,
               person: Callable[[int], float] | None = None) -> int:
    """How many leading words of a run of name-like words (lower case) still belong to the
    role; ``before`` is the role word just before the run, if any; ``person(i)``, where
    given, is the name tagger's belief that word i is a person's, asked where the grammar
    cannot tell."""
    def expects_name(k: int) -> bool:  # an office or unit before word k
        prev = lows[k - 1] if k else before
        return prev is not None and (prev in nw.complement_heads or prev in nw.role_words)

    # a place, unit or derived word inside the run ends the role: 'Konservasi Penyu
    # Nagaraja Cilacap Jumawan', 'General Manager Santika Hotel Mataram Baharuddin Adam'
    def before_initial(k: int) -> bool:
        # an initial follows a given name ('Polana B Pramesti'); a place or an ordinary word
        # before it is the role's ('Bogor M Arifin', 'Bangsa I Made …') unless the tagger says
        return len(lows[k + 1]) == 1 and (not nw.is_place(lows[k]) and not nw.is_common(lows[k])
                                          or person is not None and person(k) >= 0.5)

    i = max((k + 1 for k, w in enumerate(lows[:-1]) if k and not before_initial(k) and (
        nw.is_place(w) or w not in nw.names and (
            w in nw.role_words or w.startswith(nw.role_prefixes) or nw.is_derived(w)))), default=0)
    while len(lows) - i >= 2:
        first, prev = lows[i], lows[i - 1] if i else before
        if before_initial(i):
            break
        if nw.is_place(first) or nw.is_common(first) and (
                prev is not None or first not in nw.roots and (person is None or person(i) < 0.5)):
            # 'Bogor Sri Nowo Retno', 'Keamanan Mahfud MD'; an ordinary word opening a
            # phrase with no role before it may be a given name: a root ('Maya Kusuma')
            # is, a derived word unless the tagger says ('Abdian Saputra', 'Sepengetahuan Rina')
            i += 1
        elif prev is not None and (prev in nw.place_types or prev in nw.institution_heads):
            i += 1  # 'Desa Tegalmulyo Sutarno', 'PT Sinar Laut Bambang Hermawan'
        elif prev is not None and len(lows) - i >= 3 and first not in nw.names and (
                # after a word that expects an institution's name, the first of three
                # words is the institution's; elsewhere the tagger decides
                expects_name(i) or person is not None and person(i) < 0.5):
            i += 1  # 'Direktur Sinarmaju Rudi Gunawan', 'Officer Investree Dickie Widjaja'
        else:
            break
    return i


def lone_word_is_name(low: str, before: str | None, nw: NameWords) -> bool:
    """A single word after a role: a name, unless it is a place or an ordinary word."""
    return not (low in nw.places or nw.is_common(low) or before is not None and before in nw.place_types)
