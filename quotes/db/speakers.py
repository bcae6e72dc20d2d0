"""Which speaker is this? Merging the names articles give into one speaker per person.

Within one article the extractor already gives the fullest name ("Antony Blinken"). Across
articles this module decides, with no database code of its own (a SpeakerStore does the
writes):

- a name's key is its words, lower-cased: "Antony  Blinken" and "antony blinken" are one;
- leading titles and honorifics are not part of a name: "Menlu AS Antony Blinken" is
  Antony Blinken with the title "Menlu AS";
- a bare one-word name ("Blinken") is the known speaker with that surname or alias only
  when exactly one known speaker has it; two people who share a surname stay two, and the
  bare name then stays a speaker of its own;
- a bare name seen before any full name is merged into the first full name that claims it
  alone, so the order articles arrive in does not split a person in two.
"""
from __future__ import annotations

import re
from typing import Iterable, Protocol

_WORD = re.compile(r"\w+")

# Words that open a title or a form of address, not a name ("Menlu AS Antony Blinken",
# "Pak Budi"); only leading words are ever taken off, and never the last one.
HONORIFICS = frozenset("bapak ibu pak bu saudara saudari sdr tuan nyonya dr prof ir drs".split())
TITLE_WORDS = frozenset("""
    menteri menlu menkeu mendagri menhan menko wamen presiden wapres wakil ketua kepala juru
    bicara jubir direktur dirut gubernur wagub bupati wali kota sekretaris sekjen jenderal
    kapolri kapolda kapolres panglima duta besar dubes rektor dekan anggota pakar pengamat
    ekonom analis komisioner pelaksana plt perdana raja ratu kanselir senator
    luar negeri dalam keuangan pertahanan koordinator bidang umum utama
""".split())


def name_key(name: str) -> str:
    """The words of a name, lower-cased, one space apart: what makes two names the same."""
    return " ".join(_WORD.findall(name.casefold()))


def split_title(name: str, title: str | None = None) -> tuple[str, str | None]:
    """(name without leading title/honorifics, the title) for a name as an article gives it."""
    words = name.split()
    if title and len(words) > 1 and name_key(" ".join(words[:len(title.split())])) == name_key(title):
        return " ".join(words[len(title.split()):]) or name, title
    taken: list[str] = []
    after_title_word = False
    while len(words) > 1:
        word_key = name_key(words[0])
        if word_key in HONORIFICS:
            after_title_word = False
        elif word_key in TITLE_WORDS or (after_title_word and _is_acronym(words[0])):
            taken.append(words[0])
            after_title_word = True
        else:
            break
        words = words[1:]
    return " ".join(words), title or (" ".join(taken) if taken else None)


def surname_of(key: str) -> str | None:
    """The last word of a name key of several words (what a bare name may refer to), else None."""
    words = key.split()
    return words[-1] if len(words) > 1 else None


def _named(name: str, title: str | None = None) -> tuple[str, str | None, str]:
    """(name without its title, the title, the name's key) for a name as resolve() takes it."""
    name, title = split_title(name.strip(), title)
    return name, title, name_key(name)


def lookup_keys(name: str | None, title: str | None = None, alias: str | None = None) -> set[str]:
    """Every name key that resolve(name, title, alias) can look up: the name's and its last
    word's (a bare surname that a new full name takes in), and the alias's. An index that holds
    every stored speaker, alias and title under these keys decides as one that holds them all
    (quotes.db.edit.load_index)."""
    key = _named(name, title)[2] if name else ""
    if not key:  # resolve() looks nothing up
        return set()
    alias_key = _named(alias)[2] if alias else ""
    return {key, key.split()[-1]} | ({alias_key} if alias_key else set())


def _is_acronym(word: str) -> bool:  # "AS", "RI", "PBB": the country or body of a title
    letters = word.strip(".,")
    return 1 < len(letters) <= 5 and letters.isalpha() and letters.isupper()


class SpeakerStore(Protocol):
    """Where the index writes its decisions (the database, inside the ingest's transaction)."""

    def create(self, key: str, name: str) -> int: ...
    def add_alias(self, speaker_id: int, key: str, alias: str) -> None: ...
    def add_title(self, speaker_id: int, key: str, title: str) -> None: ...
    def merge(self, keep_id: int, other_id: int) -> None: ...


class SpeakerIndex:
    """Known speakers' keys, aliases, surnames and titles, to resolve names without queries:
    every stored one, or (as ingest loads it) those that the names to resolve can mean, which
    decides the same (lookup_keys)."""

    def __init__(self, store: SpeakerStore):
        self.store = store
        self.by_key: dict[str, int] = {}
        self.key_of: dict[int, str] = {}
        self.alias_owners: dict[str, set[int]] = {}
        self.surname_owners: dict[str, set[int]] = {}
        self.titles: set[tuple[int, str]] = set()
        self.merged_into: dict[int, int] = {}  # a bare name's speaker id -> who absorbed it

    def current(self, speaker_id: int | None) -> int | None:
        """The id that a speaker id resolved earlier stands for now (merges move it on)."""
        while speaker_id in self.merged_into:
            speaker_id = self.merged_into[speaker_id]
        return speaker_id

    def load(self, speakers: Iterable[tuple[int, str]], aliases: Iterable[tuple[int, str]],
             titles: Iterable[tuple[int, str]]) -> "SpeakerIndex":
        """Fill from stored rows: (id, key), (speaker_id, alias key), (speaker_id, title key)."""
        for speaker_id, key in speakers:
            self._register(speaker_id, key)
        for speaker_id, key in aliases:
            self.alias_owners.setdefault(key, set()).add(speaker_id)
        self.titles.update(titles)
        return self

    def _register(self, speaker_id: int, key: str) -> None:
        self.by_key[key] = speaker_id
        self.key_of[speaker_id] = key
        if surname := surname_of(key):
            self.surname_owners.setdefault(surname, set()).add(speaker_id)

    def _owners(self, key: str) -> set[int]:
        owners = set(self.alias_owners.get(key, ()))
        if " " not in key:
            owners |= self.surname_owners.get(key, set())
        return owners

    def find(self, key: str) -> int | None:
        """The one speaker this name key means, or None when unknown or ambiguous."""
        if key in self.by_key:
            return self.by_key[key]
        owners = self._owners(key)
        return next(iter(owners)) if len(owners) == 1 else None

    def resolve(self, name: str | None, title: str | None = None, alias: str | None = None) -> int | None:
        """The speaker id for an extracted speaker name, creating the speaker when new.

        title: the quote's title for the speaker; alias: another name the article used for
        the same person at this quote ("Blinken"), recorded so later articles find them.
        """
        if not name:
            return None
        name, title, key = _named(name, title)
        if not key:
            return None
        speaker_id = self.find(key)
        if speaker_id is None:
            speaker_id = self._create(key, name)
        elif key != self.key_of[speaker_id]:
            self._add_alias(speaker_id, key, name)
        if title and name_key(title) and (speaker_id, name_key(title)) not in self.titles:
            self.titles.add((speaker_id, name_key(title)))
            self.store.add_title(speaker_id, name_key(title), title)
        if alias:
            alias_name, _, alias_key = _named(alias)
            if alias_key and not self._is_full_name(alias_key, key, speaker_id) \
                    and self.find(alias_key) in (None, speaker_id):
                self._add_alias(speaker_id, alias_key, alias_name)
        return speaker_id

    def _is_full_name(self, alias_key: str, key: str, speaker_id: int) -> bool:
        """The name itself, maybe after words of a title ("Lembah Hijau Sutrisno Haryadi")."""
        return any(alias_key == k or alias_key.endswith(" " + k) for k in (key, self.key_of[speaker_id]))

    def _create(self, key: str, name: str) -> int:
        speaker_id = self.store.create(key, name)
        surname = surname_of(key)
        claimed = self._owners(surname) if surname else {0}
        self._register(speaker_id, key)
        if not claimed:  # the first full name with this surname takes in the bare surname
            self._absorb_bare(speaker_id, surname)
        return speaker_id

    def _add_alias(self, speaker_id: int, key: str, alias: str) -> None:
        owners = self.alias_owners.setdefault(key, set())
        if speaker_id in owners:
            return
        had_owner = bool(self._owners(key))
        owners.add(speaker_id)
        self.store.add_alias(speaker_id, key, alias)
        if not had_owner and " " not in key:
            self._absorb_bare(speaker_id, key)

    def _absorb_bare(self, speaker_id: int, key: str) -> None:
        bare = self.by_key.get(key)
        if bare is None or bare == speaker_id:
            return
        self.store.merge(speaker_id, bare)
        self.merged_into[bare] = speaker_id
        del self.by_key[key]
        del self.key_of[bare]
        self.alias_owners.setdefault(key, set()).add(speaker_id)
        for owners in self.alias_owners.values():
            if bare in owners:
                owners.discard(bare)
                owners.add(speaker_id)
        self.titles = {(speaker_id if s == bare else s, t) for s, t in self.titles}
