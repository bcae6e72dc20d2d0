"""Resolving speaker mentions to the fullest name the article gives.

A per-article registry holds every named person with titles, in order of appearance.
Mentions resolve in text order: a short name to the registered full name that contains
it, a pronoun or descriptive anaphor to the latest speaker (skipping one who is named in
the third person inside the quote), a role to the latest person with that title,
"terakhir" to the second of the last two people named.
"""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from itertools import chain, combinations, compress, islice
from operator import and_, or_
from typing import Iterable, Iterator

import attrs
import regex

from quotes import regexcache
from quotes.attribute import Candidate
from quotes.confidence import confidence
from quotes.document import Layout
from quotes.mentions import MAX_WORDS, _is_name_word, _title_after, load_tagger, mention_after, spaced, vocabulary
from quotes.model import Quote, Span
from quotes.rules import Rules
from quotes.text import Token, inside, lower_words, word_columns, words


# Up to this many distinct words, a name's shorter known forms are looked up by each set
# of its words (2^n lookups); a longer one, rare, checks everyone who shares a word with it.
SUBSET_WORDS = 6


def _renamed(person: "Person", _attribute: attrs.Attribute, name: str) -> str:
    person.tokens = tuple(name.lower().split())  # (no case mapping makes or takes white space)
    return name


@attrs.define
class Person:
    name: str = attrs.field(on_setattr=_renamed)
    first_seen: int
    titles: list[str] = attrs.field(factory=list)
    grown: bool = False  # given back a first name its title had taken: no title takes it again
    # the name's words, lower-cased: kept with the name, as look-ups read them for every candidate
    tokens: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _renamed(self, None, self.name)


@attrs.define(repr=False)  # its repr would print the whole article's index of people
class Registry:
    people: list[Person] = attrs.field(factory=list)
    counts: Counter = attrs.field(factory=Counter)  # capitalised words of the article
    occurrences: list[tuple[int, Person]] = attrs.field(factory=list)  # in text order
    nicknames: dict[str, Person] = attrs.field(factory=dict)  # 'dani' -> Muhammad Buldansyah
    # positions in ``people`` by name word and by set of name words (a renamed person stays
    # under its old words too): find_name looks at namesakes only, not at everyone
    by_word: dict[str, set[int]] = attrs.field(factory=dict)
    by_words: dict[frozenset[str], set[int]] = attrs.field(factory=dict)
    slots: dict[int, int] = attrs.field(factory=dict)  # id(person) -> its position in ``people``
    # name word -> the person with the most name words who has it, the latest of equals
    # (names only ever grow, so each change is compared as it happens)
    fullest: dict[str, int] = attrs.field(factory=dict)
    # positions in ``people`` by each word of their titles, and by its first two letters
    # (which an abbreviation starts with): find_role scores only those who may hold a role
    by_title_word: dict[str, set[int]] = attrs.field(factory=dict)
    by_title_prefix: dict[str, set[int]] = attrs.field(factory=dict)

    def last_named(self, lo: int, hi: int, titled: bool = True) -> Person | None:
        """The titled person named last in text[lo:hi] (outside quotations). Untitled
        capitalised runs are too often headline words to stand in for a pronoun."""
        k = bisect.bisect_left(self.occurrences, hi, key=lambda o: o[0]) - 1
        while k >= 0 and self.occurrences[k][0] >= lo:
            if self.occurrences[k][1].titles or not titled:
                return self.occurrences[k][1]
            k -= 1
        return None

    def add(self, name: str, title: str | None, pos: int) -> Person:
        p = self.find_name(name)
        if p is None or len(name.split()) > len(p.name.split()):
            if p is not None:  # a fuller form of a known name ("Erick" -> "Erick Thohir")
                p.name = name
            else:
                p = Person(name, pos)
                self.people.append(p)
            self._index(p)
        self.add_title(p, title)
        return p

    def add_title(self, p: Person, title: str | None) -> None:
        if title and title not in p.titles:
            p.titles.append(title)
            self.index_titles(p)

    def index_titles(self, p: Person) -> None:
        """Index p by the words of its titles (after they change; entries of words a title
        no longer has stay: find_role checks each person's titles)."""
        k = self.slots[id(p)]
        for title in p.titles:
            for w in title.lower().split():
                self.by_title_word.setdefault(w, set()).add(k)
                self.by_title_prefix.setdefault(w[:2], set()).add(k)

    def rename(self, p: Person, name: str) -> None:
        """Give p a shorter name found to be its own (index entries by its old words stay:
        lookups check a person's words)."""
        p.name = name
        self._index(p)

    def find_name(self, name: str) -> Person | None:
        """The person whose name holds every word of ``name``: the fullest such name,
        the latest of equals; else a registered shorter form of ``name``."""
        want = name.lower().split()
        if not want:
            return None
        if len(want) == 1 and want[0] in self.nicknames:
            return self.nicknames[want[0]]
        best = None
        fullest = self.fullest.get(want[0]) if len(want) == 1 else None
        if fullest is not None and want[0] in self.people[fullest].tokens:
            best = self.people[fullest]  # a bare word ("Santoso"), however many share it
        else:
            # only those named with the name's rarest word can hold all of its words
            for k in sorted(min((self.by_word.get(w, ()) for w in want), key=len)):
                p = self.people[k]
                if all(w in p.tokens for w in want) and (best is None or len(p.tokens) >= len(best.tokens)):
                    best = p
        if best is None:
            held = [k for k in self._within(set(want)) if all(t in want for t in self.people[k].tokens)]
            if held:
                return self.people[max(held)]
        return best

    def _within(self, want: set[str]) -> Iterable[int]:
        """Positions of the people who may be named by words of ``want`` alone."""
        if len(want) > SUBSET_WORDS:
            return set().union(self.by_words.get(frozenset(), ()), *(self.by_word.get(w, ()) for w in want))
        # a name's sets of words, not its namesakes: a shared surname does not make this slow;
        # only words someone is indexed by can be in a set (most new names have none)
        known = sorted(w for w in want if w in self.by_word)
        return [k for n in range(len(known) + 1) for subset in combinations(known, n)
                for k in self.by_words.get(frozenset(subset), ())]

    def _index(self, p: Person) -> None:
        """Index p (new, or under a fuller name) by its words and by its set of words."""
        k = self.slots.setdefault(id(p), len(self.people) - 1)
        for w in p.tokens:
            self.by_word.setdefault(w, set()).add(k)
            was = self.fullest.get(w)
            if was is None or (len(p.tokens), k) >= (len(self.people[was].tokens), was):
                self.fullest[w] = k
        self.by_words.setdefault(frozenset(p.tokens), set()).add(k)

    def subject_of(self, text: str, lo: int, hi: int, similar: regex.Pattern) -> tuple[int, Person] | None:
        """The titled person who opens sentence text[lo:hi], after at most a title
        ('Manajer Persikota, Umar Said, …'); not one named inside a fronted clause
        ('Ditanya tentang Presiden Putin, Lavrov …')."""
        k = bisect.bisect_left(self.occurrences, lo, key=lambda o: o[0])
        if k >= len(self.occurrences) or self.occurrences[k][0] >= hi:
            return None
        pos, person = self.occurrences[k]
        if (m := similar.match(text, lo, pos)) and (
                m.end() == pos or TITLE_RUN.fullmatch(text, m.end(), pos)):
            return pos, person  # 'Hal senada disampaikan Ketua … X.': X speaks next
        if person.titles:
            if len(text[lo:pos].split()) > 4 and not TITLE_RUN.fullmatch(text, lo, pos) \
                    and not _after_fronted_clause(text, lo, pos):
                return None
        elif not (pos > lo and APPOSITIVE_NAME.match(text, pos)):
            # a person named without a title: only between commas after a description
            # (other untitled capitalised runs are too often places and headline words)
            return None
        return pos, person

    def most_mentioned_before(self, pos: int) -> Person | None:
        """The article's main person so far: the one whose own name words (those no other
        person shares, unlike a family name) recur most; the earliest of equals."""
        seen = [p for p in self.people if p.first_seen < pos]
        shared = Counter(w for p in self.people for w in set(p.name.split()))

        def weight(p: Person) -> int:
            return sum(self.counts[w] for w in set(p.name.split()) if shared[w] == 1)
        return max(seen, key=lambda p: (weight(p), -p.first_seen), default=None)

    def find_role(self, role: str) -> Person | None:
        """The person whose title has the role's head word, written out or abbreviated
        ('Menlu' for 'Menteri Luar Negeri'), and most of its other words ('Panglima TNI' is
        not whoever else serves in the 'TNI'), the latest of equals."""
        want = [w for w in role.lower().split() if w not in ("sang", "para", "itu", "ini", "tersebut")]
        if not want:
            return None
        # those with the head word in a title, or a title word it may abbreviate (_abbreviates)
        holders = self.by_title_word.get(want[0], set()) | (
            self.by_title_prefix.get(want[0][:2], set()) if len(want[0]) >= 4 else set())
        best, most = None, (False, 0)
        for p in (self.people[k] for k in sorted(holders, reverse=True)):
            for title in p.titles:
                words = title.lower().split()
                have = set(words)
                head = want[0] in have or _abbreviates(want[0], words)
                score = (head, len(set(want) & have))
                if head and score > most:
                    best, most = p, score
        return best


def _after_fronted_clause(text: str, lo: int, pos: int) -> bool:
    """Does a short clause and a comma stand before the title at ``pos`` ('Terkait itu,
    Kepala Dinas …', 'Secara terpisah, Pengamat …'), naming no one?"""
    comma = text.rfind(",", lo, pos)
    if comma < 0 or len(text[lo:comma].split()) > FRONTED_WORDS:
        return False
    start = comma + 1 + len(text[comma + 1:pos]) - len(text[comma + 1:pos].lstrip())
    return start == pos or TITLE_RUN.fullmatch(text, start, pos) is not None


FRONTED_WORDS = 6


def _abbreviates(short: str, words: list[str]) -> bool:
    """Is ``short`` the beginnings of consecutive words glued ('menlu' = MENteri LUar,
    'wapres' = WAkil PRESiden), two letters or more of each of two words or more?"""
    def rest(s: str, k: int) -> bool:
        if not s:
            return True
        return k < len(words) and any(
            words[k].startswith(s[:n]) and rest(s[n:], k + 1) for n in range(len(s), 1, -1))
    return any(len(short) >= 4 and short[:2] == words[k][:2] and rest(short, k) and not words[k].startswith(short)
               for k in range(len(words) - 1))


def build_registry(text: str, layout: Layout, quoted: list[tuple[int, int]], rules: Rules) -> Registry:
    """People the article names, with a title ('Menlu AS Antony Blinken') or as two or
    more capitalised name words ('Stephen Hawking'); headlines and chrome are skipped.
    Names inside quotations count for lookups, but are not occurrences in the story."""
    v = vocabulary(rules)
    # the words with their texts, lower-case texts and capitals as lists, so that the passes
    # over every word below (counts, look-ups, which words to read) run in C, not a Python
    # line per word
    toks, texts, lows, caps = word_columns(text, ((p.start, p.end) for p in layout.paragraphs
                                                  if not (p.chrome or p.headline)))
    # nor page furniture glued into a paragraph ('…2022.Baca: Putin Tarik Pasukan …')
    if layout.glued_chrome:
        keep = [not inside(t.start, layout.glued_chrome) for t in toks]
        toks, texts, lows, caps = (list(compress(column, keep)) for column in (toks, texts, lows, caps))
    counts = Counter(compress(texts, caps))
    # the texts of the words not capitalised (a text is capitalised or not wherever it stands)
    lower_words = set(texts).difference(counts)
    # the capitalised words after a place word ('di Lhoksukon', 'Kota Banjarmasin') or a
    # nickname cue ('akrab disapa Dani'), found in one pass over the article
    prepositions, nickname_cues = rules.words["place_prepositions"], rules.words["nickname_cues"]
    cued = list(_capitalised_after(text, prepositions | nickname_cues))
    places = {after.text for cue, after in cued if cue.lower in prepositions}
    reg = Registry(counts=counts)
    covered = -1
    # only a title's head, an honorific or two capitalised words side by side may open a
    # name (a name word's next word is one too): most words are none of these
    openers = v.title_heads | v.honorifics
    pairs = map(and_, caps, chain(islice(caps, 1, None), [False]))  # (the last word has no next)
    for k in compress(range(len(toks)), map(or_, map(openers.__contains__, lows), pairs)):
        t = toks[k]
        if t.start < covered:
            continue
        if t.lower in v.title_heads or t.lower in v.honorifics and not (
                k and _is_name_word(toks[k - 1], v) and text[toks[k - 1].end:t.start] == " "):
            # (an honorific inside a name, 'Mardani H Maming', opens nothing)
            m = mention_after(text, t.start, len(text), rules)
            if m and m.kind == "name" and m.name and len(m.name) > 2:
                reg.add(_trim_place(m.name, places), m.title, m.end - len(m.name))
                covered = m.end
        elif _is_name_word(t, v) and t.lower not in lower_words and not v.names.is_common(t.lower) and \
                not v.names.is_place(t.lower) and \
                k + 1 < len(toks) and _is_name_word(toks[k + 1], v) and text[t.end:toks[k + 1].start] == " ":
            # (a capitalised ordinary word or a place opens a sentence, not a name:
            # 'Sepengetahuan Budi', 'Jatim Sinarto')
            run = [t]
            for u in toks[k + 1:k + 4]:
                # an initial may stand inside a name: 'Mardani H Maming'
                if not (_is_name_word(u, v) or len(u.text) == 1 and u.is_cap) or text[run[-1].end:u.start] != " ":
                    break
                run.append(u)
            while run and len(run[-1].text) == 1:
                run.pop()
            if len(run) < 2:
                continue
            # 'Abdian Saputra, Koordinator Ekajaya untuk Gili, juga …': a title in apposition
            title = _title_after(text, run[-1].end, toks[k + len(run):k + len(run) + MAX_WORDS], v)
            reg.add(_trim_place(text[run[0].start:run[-1].end], places), title, t.start)
            covered = run[-1].end
    # every later use of a known name word is an occurrence of that person
    by_word = {}
    for p in reg.people:
        for w in p.name.split():
            if len(w) > 2:
                by_word.setdefault(w, p)
    reg.occurrences = [(t.start, by_word[t.text]) for t in compress(toks, map(by_word.__contains__, texts))
                       if not inside(t.start, quoted)]
    _settle_names(text, reg, toks, texts, v)
    for cue, nickname in cued:
        if cue.lower not in nickname_cues:
            continue
        # 'Pria yang akrab disapa Dani ini': a nickname of the person named just before
        before = reg.last_named(0, cue.start, titled=False)
        if before is not None and len(nickname.text) > 1 and nickname.text not in by_word:
            reg.nicknames[nickname.lower] = before
    return reg


def _settle_names(text: str, reg: Registry, toks: list[Token], texts: list[str], v) -> None:
    """Move a word between a person's title and name where the rest of the article shows
    which it is (words it writes apart from the name, and how it names the person again);
    ``texts``: the texts of ``toks``."""
    # only the words of names and the last words of titles are looked at
    wanted = {w for p in reg.people for w in p.name.split()} | {p.titles[0].rpartition(" ")[2] for p in reg.people if p.titles}
    # (defaultdicts: setdefault would build an empty set at every word)
    before: dict[str, set[str]] = defaultdict(set)  # word -> the words written just before it
    after: dict[str, set[str]] = defaultdict(set)
    alone: dict[str, int] = {}  # word -> where it first stands outside a capitalised run
    # (read by _given_name for the last word of a title only)
    lasts = {p.titles[0].split()[-1] for p in reg.people if p.titles and p.titles[0].split()}
    for k in compress(range(len(toks)), map(wanted.__contains__, texts)):
        t = toks[k]
        if k:
            before[t.text].add(texts[k - 1])
        if k + 1 < len(toks):
            after[t.text].add(texts[k + 1])
        if t.text in lasts and t.text not in alone and _stands_alone(text, toks, k, v):
            alone[t.text] = k
    for p in reg.people:
        parts = p.name.split()
        cut = 0
        # 'Kepala Desa Karangbenda Sakino', later 'Desa Karangbenda' and 'kata Sakino': a first
        # word that no name uses, written apart from the name, and left out when the article
        # names the person again, was the role's
        while len(parts) - cut >= 2 and len(parts[cut]) > 2 and parts[cut].lower() not in v.names.names \
                and after.get(parts[cut], set()) - {parts[cut + 1]} \
                and any(before.get(parts[j], set()) - {parts[j - 1]} for j in range(cut + 1, len(parts))):
            cut += 1
        if cut:
            role = " ".join(parts[:cut])
            p.titles = [f"{title} {role}" for title in p.titles]
            reg.index_titles(p)
            reg.rename(p, " ".join(parts[cut:]))
        elif p.titles and len(p.titles[0].split()) >= 2 and _given_name(text, p.titles[0].split()[-1], toks, alone, reg, v):
            # 'Kepala Desa Penusupan Guntur Zagiyat', later 'Menurut Guntur, …': the title's
            # last word, named alone the way people are, is the given name
            role, _, given = p.titles[0].rpartition(" ")
            p.titles[0] = role
            p.grown = True
            reg.rename(p, f"{given} {p.name}")


def _stands_alone(text: str, toks: list[Token], k: int, v) -> bool:
    """Is toks[k] a capitalised word outside any capitalised run? After 'di', 'ke' or 'dari'
    a word is a place's; after 'of' or 'and', an institution's; in brackets, an acronym's."""
    t = toks[k]
    if not t.is_cap or BRACKETED.match(text, t.start - 1):
        return False
    if k and spaced(text, toks[k - 1].end, t.start):
        prev = toks[k - 1]
        if prev.is_cap and prev.lower not in v.function_words or prev.lower in v.joiners \
                or prev.lower in ("di", "ke", "dari"):
            return False
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return not (nxt is not None and nxt.is_cap and spaced(text, t.end, nxt.start))


def _given_name(text: str, word: str, toks: list[Token], alone: dict[str, int], reg: Registry, v) -> bool:
    """Does the article name ``word`` alone as it names a person (the name tagger reads it
    so where it stands alone), and is it no place, ordinary word or other person's name?"""
    low = word.lower()
    k = alone.get(word)
    if k is None or len(word) < 3 or not _is_name_word(toks[k], v) or low in v.names.places \
            or v.names.is_common(low) or reg.by_word.get(low):
        return False
    # the tagger reads the words around it with their punctuation, split as it was trained
    # ('Menurut Wiratmo , tim …'); imported here, as the tagger is: only where needed
    from quotes.names import words as tagger_words
    lo, hi = toks[max(0, k - 4)].start, toks[min(len(toks) - 1, k + 4)].end
    spans = tagger_words(text[lo:hi])
    at = next((i for i, (s, _) in enumerate(spans) if s == toks[k].start - lo), None)
    return at is not None and load_tagger().person_probs([text[lo + s:lo + e] for s, e in spans])[at] >= 0.5


BRACKETED = regexcache.compile(r"\([\w'’-]+\)")


# a title of capitalised words before a name ('Sekretaris Jenderal Majelis Ulama Indonesia (MUI) ')
TITLE_RUN = regexcache.compile(r"(?:(?:\p{Lu}[\w'’-]*+|\([^()\n]{1,20}\)|dan|and|of|for|&)[ \t]+){1,14}")
# ', Rakhmat Hidayat, mengapresiasi …': a name between commas, then the verb
APPOSITIVE_NAME = regexcache.compile(r"(?<=,[ \t]+)(?:\p{Lu}[\w'’-]*+[ \t]+){1,4}?\p{Lu}[\w'’-]*+,[ \t]+\p{Ll}")


def _capitalised_after(text: str, wanted: frozenset[str]) -> Iterator[tuple[Token, Token]]:
    """Each word of ``wanted`` (lower case) in the article with the capitalised word that
    follows it after white space ('di Lhoksukon', 'disapa Dani'): the article's words are
    looked up in C and only the hits read in Python (a case-insensitive regex tried at
    every character cost 4% of extraction on pfsa-dev)."""
    toks = words(text)
    for k in compress(range(len(toks) - 1), map(wanted.__contains__, lower_words(text))):
        t, after = toks[k], toks[k + 1]
        if after.is_cap and text[t.end:after.start].isspace():
            yield t, after


def _trim_place(name: str, places: set[str]) -> str:
    """Drop a leading place or club word that a title ran into ('Kepala Kejari Lhoksukon
    Teuku Rahmatsyah')."""
    parts = name.split()
    while len(parts) >= 3 and parts[0] in places:
        parts = parts[1:]
    return " ".join(parts)


@attrs.frozen
class Resolved:
    speaker: str | None
    title: str | None
    resolution: str
    evidence: str = "none"  # how it was found, the key of its confidence (rules/confidence.toml)


def _name_in(text: str, q_start: int, q_end: int, person: Person) -> bool:
    """Is this person named in the third person inside the quote?"""
    last = person.name.split()[-1]
    return any(t.text == last for t in words(text, q_start, q_end))


def resolve(text: str, cands: list[Candidate], layout: Layout, quoted: list[tuple[int, int]],
            rules: Rules) -> list[Quote]:
    reg = build_registry(text, layout, quoted, rules)
    history: list[tuple[int, Person | str]] = []  # (position, speaker) of earlier attributions
    out: list[Quote] = []
    last_item: tuple[Candidate, Resolved] | None = None
    for c in sorted(cands, key=lambda c: (c.mention.start if c.mention else c.start)):
        r = _resolve_one(text, c, reg, history, last_item, layout, rules)
        if r is None:
            continue
        speaker_obj, res = r
        if speaker_obj is not None:
            history.append((c.mention.start if c.mention else c.start, speaker_obj))
        last_item = (c, res)
        out.append(Quote(
            kind=c.kind, text=text[c.start:c.end], start=c.start, end=c.end,
            speaker=res.speaker,
            mention=Span.of(text, c.mention.start, c.mention.end) if c.mention else None,
            title=res.title, resolution=res.resolution,
            cue=Span.of(text, c.cue.start, c.cue.end) if c.cue else None,
            confidence=confidence(res.evidence, c.kind) if res.speaker else min(c.confidence, 0.3),
            evidence=res.evidence,
        ))
    out.sort(key=lambda q: (q.start, q.end))
    return out


SUBJECT_LOOKBACK = 5  # sentences back to a subject a pronoun may take
DEMONSTRATIVE = regexcache.compile(r"(?:\p{Lu}[\w'’-]*+[ \t]+){1,4}(?:ini|itu|tersebut)\b")


def _newer_subject(text: str, reg: Registry, layout: Layout, sent_start: int, history,
                   similar: regex.Pattern) -> Person | None:
    """The subject of one of the few sentences before, introduced after the last speaker
    ('Kakak Raoul Salim ini …' is about someone else: no subject)."""
    pos = sent_start
    for _ in range(SUBJECT_LOOKBACK):
        prev = layout.sentence_before(pos)
        if prev is None or history and history[-1][0] >= prev[1]:
            return None
        first = reg.subject_of(text, prev[0], prev[1], similar)
        if first is not None:
            if history and history[-1][0] >= first[0] or DEMONSTRATIVE.match(text, first[0]):
                return None
            return first[1]
        pos = prev[0]
    return None


def _latest(history, text: str, c: Candidate, want_person: bool = True):
    for _, who in reversed(history):
        if isinstance(who, Person):
            if c.kind != "indirect" and _name_in(text, c.start, c.end, who):
                continue  # "Menteri Blinken juga menekankan …," sambungnya: not Blinken
            return who
        if not want_person:
            return who
    return None


def _org_anaphor(m, rules: Rules) -> bool:
    """'badan antariksa AS itu', 'raksasa elektronik asal Korea ini': an organisation."""
    head = m.text.split()[0].lower()
    return head in vocabulary(rules).org_heads or head in ("raksasa", "perusahaan", "lembaga", "badan")


def _resolve_one(text, c: Candidate, reg: Registry, history, last_item, layout: Layout, rules: Rules):
    m = c.mention
    if m is None:
        # a quotation with no cue continues the statement just before it, in its own
        # paragraph or the one before: 'X mengatakan …' then '"…"' is X's
        if last_item is not None and last_item[1].speaker and \
                last_item[0].paragraph in (c.paragraph, layout.previous_paragraph(c.paragraph)):
            prev = last_item[1]
            who = next((w for _, w in reversed(history)), None)
            return who, Resolved(prev.speaker, prev.title, prev.resolution if prev.resolution != "none" else "name",
                                 "continuation")
        return None, Resolved(None, None, "none")
    if m.kind == "name" and m.name:
        known = reg.find_name(m.name)
        if known is None:
            known = reg.add(m.name, m.title, m.start)
        else:
            reg.add_title(known, m.title)
        if m.title and not known.grown and known.name != m.name and known.name.endswith(" " + m.name) and \
                set(known.name[:-len(m.name)].split()) <= set(m.title.split()):
            # 'Investree Dickie Widjaja' was read without its title; the title shows where
            # the name begins ('Chief Information Officer Investree | Dickie Widjaja')
            reg.rename(known, m.name)
        how = "name" if known.name == m.name else "alias"
        evidence = how if len(known.name.split()) > 1 else how + "_one_word"
        title = m.title
        if m.name.endswith(" " + known.name):  # the role's words that were read as the name's
            title = " ".join(filter(None, (title, m.name[:-len(known.name)].strip())))
        elif title and known.name.endswith(" " + m.name) and title.endswith(" " + known.name[:-len(m.name) - 1]):
            title = title[:-len(known.name) + len(m.name)].strip()  # a first name the title took
        return known, Resolved(known.name, title or (known.titles[0] if known.titles else None), how, evidence)
    if m.kind in ("pronoun", "anaphor"):
        sent = layout.sentence_at(m.start)
        # 'komentar Presiden AS Joe Biden … di mana ia menyarankan': named in the same sentence
        who = reg.last_named(sent[0], m.start) if sent and m.kind == "pronoun" else None
        evidence = "pronoun_same_sentence"
        if who is None and sent and m.kind == "pronoun":
            # 'Manajer Persikota, Umar Said, juga hadir. Beliau mengatakan …': the subject
            # of the sentence before, when introduced after the last speaker
            who, evidence = _newer_subject(text, reg, layout, sent[0], history, rules.grammar["similar"]), \
                "pronoun_subject"
        if who is None:
            # a singular pronoun ('katanya', 'ia') stands for a person rather than an
            # organisation reported in between, unless it continues that organisation's
            # quotation ('"…," kata Gedung Putih. "…," katanya.')
            quoted_org = last_item is not None and last_item[1].resolution == "organisation" and \
                last_item[0].kind != "indirect" and \
                last_item[0].paragraph in (c.paragraph, layout.previous_paragraph(c.paragraph))
            who = _latest(history, text, c, want_person=not quoted_org and not _org_anaphor(m, rules)) or \
                _latest(history, text, c, want_person=False)
            evidence = "pronoun_last_speaker"
        if who is None:
            who, evidence = reg.most_mentioned_before(m.start), "pronoun_main_person"
        if who is None:
            return None, Resolved(None, None, "none")
        if isinstance(who, str):  # '"…," katanya' after 'kata Gedung Putih'
            return who, Resolved(who, None, "organisation", "organisation_pronoun")
        return who, Resolved(who.name, who.titles[0] if who.titles else None, "pronoun", evidence)
    if m.kind == "plural":
        who = _latest(history, text, c, want_person=False)
        if isinstance(who, str):
            return who, Resolved(who, None, "organisation", "organisation_pronoun")
        return None, Resolved(None, None, "none")
    if m.kind == "latter":
        who = reg.last_named(0, m.start)
        if who is None:
            return None, Resolved(None, None, "none")
        return who, Resolved(who.name, who.titles[0] if who.titles else None, "pronoun", "latter")
    if m.kind == "role":
        who = reg.find_role(m.text)
        if who is not None:
            # 'Menlu AS' is a title; 'sang menteri' only points at one: the person's own
            titled = m.text.split()[0].lower() in vocabulary(rules).title_heads
            title = m.text if titled else (who.titles[0] if who.titles else None)
            return who, Resolved(who.name, title, "role", "role_person")
        return m.text, Resolved(m.text, m.text, "role", "role_alone")
    if m.kind == "organisation" and _bare_head(m.text, rules):
        # 'demikian pernyataan resmi klub', 'kelompok tersebut': the organisation last heard
        earlier = next((w for _, w in reversed(history) if isinstance(w, str)), None)
        if earlier is not None:
            return earlier, Resolved(earlier, None, "organisation", "organisation")
    # organisations and anonymous sources keep the article's phrase
    return m.text, Resolved(m.text, None, "organisation", m.kind)


def _bare_head(phrase: str, rules: Rules) -> bool:
    """A lower-case organisation head alone, maybe with a demonstrative ('klub', 'kelompok itu')."""
    words = [w for w in phrase.split() if w.lower() not in ("itu", "ini", "tersebut")]
    return len(words) == 1 and words[0].islower() and words[0] in vocabulary(rules).org_heads
