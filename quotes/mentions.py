"""Who could be speaking: parsing the speaker phrase next to a cue.

A phrase is read word by word, forward from just after a cue ("kata | Menteri Luar
Negeri AS Antony Blinken saat …") or backward from just before a speech verb ("Namun,
| juru bicara Kemlu Ned Price | mengatakan …"), and classified: a name (with the title
split off), a pronoun, a role, an organisation, an anonymous source, a descriptive
anaphor ("pria kelahiran Jawa Tengah ini") or "terakhir" (the latter).
"""
from __future__ import annotations

import functools
from itertools import chain, filterfalse, islice
from typing import Callable

import attrs

from quotes import regexcache
from quotes.roles import NameWords, lone_word_is_name, name_start, name_words
from quotes.rules import Rules
from quotes.text import Token, last_match, lower_of, words


def load_tagger():
    """The CRF name tagger, imported only when a phrase needs it (it costs start-up time)."""
    from quotes.names import load
    return load()


# Between two words of one phrase only spaces may stand, or a bracketed acronym or age
# ("Kepala Dinas Kesehatan (Dinkes) Lombok Barat", "Wawan (35)").
PLAIN_GAP = regexcache.compile(r"[ \t\u00a0]+")
BRACKET_GAP = regexcache.compile(r"[ \t\u00a0]*\([^()\n]{1,40}\)[ \t\u00a0]*")
COMMA_GAP = regexcache.compile(r"[ \t\u00a0]*(?:\([^()\n]{1,40}\)[ \t\u00a0]*)?,[ \t\u00a0]*")
MAX_WORDS = 14
DIGIT = regexcache.compile(r"\d")


def spaced(text: str, a: int, b: int) -> bool:
    """Only blanks between a and b (at least one): words side by side in a phrase. Most gaps
    are one space, tested without the regex (this runs for nearly every pair of words)."""
    return b == a + 1 and text[a] == " " or PLAIN_GAP.fullmatch(text, a, b) is not None
MAX_NAME = 5  # words of a person's name: 'Raden Mas Tumenggung Budi Santoso'
DEMONSTRATIVES = frozenset({"ini", "itu", "tersebut"})


@attrs.frozen
class Mention:
    start: int
    end: int
    text: str
    kind: str  # name | pronoun | plural | role | organisation | anonymous | anaphor | latter
    name: str | None = None   # the name part, for kind == "name"
    title: str | None = None  # the title/role words before the name


@attrs.frozen(eq=False, repr=False)  # built once per Rules; its repr would print every word
class Vocabulary:
    """Word sets derived once from the rules."""

    pronouns: frozenset[str]
    plural: frozenset[str]
    title_words: frozenset[str]
    title_heads: frozenset[str]
    org_words: frozenset[str]  # every word of a multi-word organisation ('gedung putih')
    org_heads: frozenset[str]
    anonymous_heads: frozenset[str]
    anaphor_heads: frozenset[str]
    honorifics: frozenset[str]
    address: frozenset[str]  # honorifics that are no title ('H', 'Pak')
    not_names: frozenset[str]
    stop: frozenset[str]
    joiners: frozenset[str]
    latter: frozenset[str]
    connectives: frozenset[str]
    fillers: frozenset[str]  # between a subject and its verb: 'juga', 'pada Selasa'
    function_words: frozenset[str]  # never part of a name, even when capitalised
    names: NameWords  # the word classes that split a role from a name
    # every lower-case word that is never a name word (_is_name_word): one look-up, not eight
    never_names: frozenset[str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "never_names", self.title_words | self.not_names | self.org_words
                           | self.honorifics | self.function_words | self.names.role_words
                           | self.names.heads | self.names.calendar)


@functools.lru_cache(maxsize=8)
def vocabulary(rules: Rules) -> Vocabulary:
    def split(key: str) -> frozenset[str]:
        return frozenset(w for p in rules.words[key] for w in p.split())

    def heads(key: str) -> frozenset[str]:
        return frozenset(p.split()[0] for p in rules.words[key])

    return Vocabulary(
        pronouns=rules.words["pronouns"],
        plural=rules.words["plural_pronouns"],
        title_words=split("titles") | {"sang", "para"},
        title_heads=heads("titles"),
        org_words=split("organisations"),
        org_heads=heads("organisations"),
        anonymous_heads=heads("anonymous"),
        anaphor_heads=rules.words["anaphor_heads"],
        honorifics=rules.words["honorifics"],
        address=rules.words["forms_of_address"],
        not_names=rules.words["not_names"],
        stop=rules.words["stop_words"],
        joiners=rules.words["name_joiners"],
        latter=frozenset(p.split()[-1] for p in rules.words["latter"]),
        connectives=rules.words["connectives"],
        fillers=rules.words["subject_verb_fillers"],
        function_words=frozenset().union(*(split(k) for k in (
            "stop_words", "connectives", "after_quote", "speech", "request", "passive",
            "according", "pronouns", "plural_pronouns"))) - split("name_joiners"),
        names=name_words(rules),
    )


def _gap_ok(text: str, a: int, b: int, allow_comma: bool) -> str | None:
    """How words at a..b connect: 'plain', 'bracket', 'comma', or None (no connection)."""
    if a == b:
        return None
    if spaced(text, a, b):
        return "plain"
    if BRACKET_GAP.fullmatch(text, a, b):
        return "bracket"
    if allow_comma and COMMA_GAP.fullmatch(text, a, b):
        return "comma"
    return None


def _appositive_word(t: Token, v: Vocabulary) -> bool:
    return t.is_cap and t.lower not in v.function_words and t.lower not in v.org_heads and not t.is_acronym


def _is_name_word(t: Token, v: Vocabulary) -> bool:
    if not t.is_cap:
        return False
    # 'Covid-19' names no one (a word of letters alone holds no digit: no regex for most words)
    return t.lower not in v.never_names and (t.lower.isalpha() or not DIGIT.search(t.lower)) and not t.is_acronym


def _name_run(text: str, toks: list[Token], v: Vocabulary) -> list[Token]:
    """The run of name-like words that ends the phrase (a degree after it left out):
    'Kepala Dinas Kesehatan Kota Bogor Sri Nowo Retno SKM' -> Bogor Sri Nowo Retno."""
    end = len(toks)
    while end > 1 and toks[end - 1].lower in v.names.degrees:
        end -= 1  # 'Hendra Wijaya SH MH'
    if end < len(toks) and not _is_name_word(toks[end - 1], v):
        end = len(toks)  # no name before them: not degrees
    run: list[Token] = []
    for t in reversed(toks[:end]):
        if run and not spaced(text, t.end, run[0].start):
            break  # a name never spans a bracket or a comma
        if _is_name_word(t, v) or run and (t.lower in v.joiners or len(t.text) == 1 and t.is_cap):
            run.insert(0, t)
        elif t.is_acronym and len(t.text) == 2 and t.lower not in v.names.degrees and (
                not run or len(run[0].text) > 1):
            run.insert(0, t)  # initials inside or after a name: 'Arnold AP Ritiauw', 'Mahfud MD'
        else:
            break
    while run and (run[0].is_acronym or len(run[0].text) == 1 and len(run) > 1 and run[1].is_acronym):
        run.pop(0)  # initials open no name: 'Ketua DPR RI Puan' -> Puan
    return run


def _tagger_probs(toks: list[Token]) -> Callable[[], list[float]]:
    """The tagger's person probabilities of a phrase's words, computed at the first call
    (a plain closure: wrapping a lambda in functools.cache cost more than most phrases' parsing)."""
    memo: list[list[float]] = []

    def probs() -> list[float]:
        if not memo:
            memo.append(load_tagger().person_probs([t.text for t in toks]))
        return memo[0]
    return probs


def _name_part(text: str, toks: list[Token], v: Vocabulary,
               probs: Callable[[], list[float]] | None = None) -> list[Token]:
    """The person's name that ends a phrase with no comma, its role words left out; ``probs``
    the phrase's tagger probabilities where a caller shares them."""
    name_toks = _name_run(text, toks, v)
    if name_toks:
        k = toks.index(name_toks[0])
        before = toks[k - 1].lower if k else None
        probs = probs or _tagger_probs(toks)
        cut = name_start([t.lower for t in name_toks], before, v.names, person=lambda i: probs()[k + i])
        name_toks = name_toks[cut:][-MAX_NAME:]
        k = toks.index(name_toks[0])
        if len(name_toks) == 1 and k and not lone_word_is_name(name_toks[0].lower, toks[k - 1].lower, v.names):
            name_toks = []  # 'kata Kepala Desa Sukamaju': a role, no name
    return name_toks


def _person_after_org(toks: list[Token], name_toks: list[Token], probs: Callable[[], list[float]]) -> bool:
    """'Lembaga Studi Hukum Sulteng Ahmad Fauzi menyatakan': an organisation's name, then a
    person's of two words or more that the tagger reads as one ('Rumah Sakit Gatot Subroto'
    is read so too, but is rarely a speaker)."""
    if len(name_toks) < 2 or name_toks[0] is toks[0]:
        return False
    k = toks.index(name_toks[0])
    return min(probs()[k:k + len(name_toks)]) >= 0.5


def classify(text: str, toks: list[Token], v: Vocabulary, comma_at: int | None = None) -> Mention | None:
    """Turn a run of words into a Mention (name/title split, or role/organisation…)."""
    while toks and toks[-1].lower in v.joiners:
        toks = toks[:-1]
    while toks and toks[0].lower in v.joiners:
        toks = toks[1:]
    if not toks:
        return None
    start, end = toks[0].start, toks[-1].end
    surface = text[start:end]
    first = toks[0].lower
    if len(toks) == 1 and first in v.pronouns:
        return Mention(start, end, surface, "pronoun")
    if len(toks) == 1 and first in v.plural:
        return Mention(start, end, surface, "plural")
    if len(toks) <= 2 and toks[-1].lower in v.latter:  # 'terakhir', 'yang terakhir'
        return Mention(start, end, surface, "latter")
    probs = _tagger_probs(toks)  # asked only where the grammar cannot tell
    if comma_at is not None:
        # "Kapolsek Genuk, Kompol Rismanto": the title, then the name after the comma
        name_toks = [t for t in toks if t.start > comma_at]
        title_toks = [t for t in toks if t.start < comma_at]
    else:
        name_toks = _name_part(text, toks, v, probs)
        title_toks = [t for t in toks if t.end <= (name_toks[0].start if name_toks else end)]
    while name_toks and (name_toks[0].lower in v.honorifics or name_toks[0].lower in v.joiners):
        title_toks.append(name_toks.pop(0))
    head_is_org = first in v.org_heads and not first in v.title_heads
    if head_is_org and comma_at is None and not _person_after_org(toks, name_toks, probs):
        return Mention(start, end, surface, "organisation")
    # after a comma the phrase is a name by position ('…, Aditya Perdana'), so words that
    # can also be titles ('Perdana') count as name words there
    is_name = _appositive_word if comma_at is not None else _is_name_word
    if name_toks and all(is_name(t, v) or t.lower in v.joiners or len(t.text) == 1 or len(t.text) == 2 and t.is_acronym
                         for t in name_toks):  # (initials: 'Arnold AP Ritiauw', 'Mahfud MD')
        name = text[name_toks[0].start:name_toks[-1].end]
        while title_toks and title_toks[-1].lower in v.address:  # 'H Ahmad': no title
            title_toks.pop()
        title = text[title_toks[0].start:title_toks[-1].end].strip(" ,") if title_toks else None
        return Mention(start, end, surface, "name", name=name, title=title or None)
    if first in v.anonymous_heads:
        return Mention(start, end, surface, "anonymous")
    if any(t.lower in v.title_words for t in toks):
        return Mention(start, end, surface, "role", title=surface)
    if head_is_org:
        return Mention(start, end, surface, "organisation")
    if toks[0].is_cap and not all(t.lower in v.names.calendar or v.names.is_common(t.lower) for t in toks):
        # an unknown capitalised word: a name we cannot split (Google, NASA); not an
        # ordinary word or a date opening a sentence ('Tujuannya memastikan …')
        return Mention(start, end, surface, "name", name=surface)
    return None


def _anaphor_forward(text: str, toks: list[Token], v: Vocabulary) -> Mention | None:
    """'pria kelahiran Jawa Tengah ini' / 'Mantan Presiden Inter Milan ini'."""
    if DEMONSTRATIVES.isdisjoint(map(lower_of, islice(toks, 1, MAX_WORDS))):
        return None  # (most phrases: no demonstrative that could end one, found in C)
    for i, t in enumerate(toks[:MAX_WORDS]):
        if i and t.lower in DEMONSTRATIVES:
            nxt = text[t.end:t.end + 2]
            if not nxt or not nxt[:1].isalnum() or nxt[:1] in " ," and (i + 1 >= len(toks) or toks[i + 1].lower in v.stop):
                return Mention(toks[0].start, t.end, text[toks[0].start:t.end], "anaphor")
        if i and _gap_ok(text, toks[i - 1].end, t.start, False) is None:
            return None
    return None


def _lowercase_phrase(text: str, toks: list[Token], v: Vocabulary, kind: str) -> Mention:
    """An anonymous source or organisation in lower case: 'seorang sumber diplomatik'.
    A name in apposition wins: 'seorang lansia, Colleen Hoffman (69),'."""
    end, i = toks[0].end, 1
    while i < min(len(toks), 6):
        t = toks[i]
        if t.lower in v.stop or _gap_ok(text, toks[i - 1].end, t.start, False) != "plain":
            break
        end, i = t.end, i + 1
    if i < len(toks) and _gap_ok(text, end, toks[i].start, True) == "comma" and _is_name_word(toks[i], v):
        name = [toks[i]]
        for t in toks[i + 1:i + 4]:
            if not _is_name_word(t, v) or not spaced(text, name[-1].end, t.start):
                break
            name.append(t)
        return Mention(toks[0].start, name[-1].end, text[toks[0].start:name[-1].end], "name",
                       name=text[name[0].start:name[-1].end], title=text[toks[0].start:end])
    return Mention(toks[0].start, end, text[toks[0].start:end], kind)


BRACKET = regexcache.compile(r"\([^()\n]{1,40}\)")


def phrase_words(text: str, start: int, end: int) -> list[Token]:
    """Words of text[start:end] without those in short brackets ('(BPBD)', '(35)'): a
    bracket inside a phrase is skipped as a whole (see BRACKET_GAP)."""
    toks = words(text, start, end)
    if "(" not in text[start:end]:
        return toks
    # the words inside the brackets, dropped by a set look-up in C, not a Python test per word
    inner = set(chain.from_iterable(words(text, m.start() + 1, m.end()) for m in BRACKET.finditer(text, start, end)))
    return list(filterfalse(inner.__contains__, toks))


def mention_after(text: str, pos: int, limit: int, rules: Rules) -> Mention | None:
    """The speaker phrase that starts right at ``pos`` (after a cue), within text[:limit]."""
    v = vocabulary(rules)
    toks = phrase_words(text, pos, min(limit, pos + 200))
    if not toks or not spaced(text, pos, toks[0].start) and pos != toks[0].start:
        return None
    first = toks[0]
    low = first.lower
    if low in v.pronouns or low in v.plural:
        return classify(text, [first], v)
    if low in v.latter:
        return Mention(first.start, first.end, first.text, "latter")
    if low in v.anaphor_heads or not first.is_cap and low not in v.function_words:
        # 'kata pria kelahiran Jawa Tengah ini', 'ujar gelandang berusia 32 tahun tersebut'
        m = _anaphor_forward(text, toks, v)
        if m:
            return m
    if not first.is_cap and low not in v.title_words and low not in v.org_heads:
        if low in v.anonymous_heads:
            return _lowercase_phrase(text, toks, v, "anonymous")
        return None
    run = [first]
    comma_at = None
    for k in range(1, len(toks)):
        prev, t = toks[k - 1], toks[k]
        next_cap = k + 1 < len(toks) and toks[k + 1].is_cap
        joiner = next_cap and (t.lower in v.joiners or t.lower == "dan" and (
            run[0].lower in v.org_heads or _joins_role(prev, toks[k + 1], v)))
        if len(run) >= MAX_WORDS or (t.lower in v.stop and not t.is_cap and not joiner):
            break
        # an appositive name may follow a comma, a day or a place may not ('…, Senin')
        appositive = t.is_cap and t.lower not in v.not_names and t.lower not in v.names.places
        gap = _gap_ok(text, prev.end, t.start, allow_comma=True)
        if gap == "comma" and _role_list(prev, t, toks[k + 1] if k + 1 < len(toks) else None, v):
            gap = "plain"  # 'Menteri Koordinator Bidang Politik, Hukum, dan Keamanan'
        elif gap == "comma" and not (comma_at is None and appositive):
            gap = None
        if gap is None:
            break
        if gap == "comma":
            if not any(x.lower in v.title_words or x.lower in v.org_heads for x in run):
                break
            comma_at = prev.end
        honorific = t.lower in v.honorifics and next_cap  # '… Kendari dr Algazali'
        number = t.text.isdigit() and next_cap and prev.is_cap  # 'Kepala Humas Daop 1 Eva'
        if not (t.is_cap or t.lower in v.title_words or t.lower in v.org_heads or joiner or honorific
                or number):
            break
        run.append(t)
    if run[0].lower in v.org_heads and not run[0].is_cap and len(run) == 1:
        return _lowercase_phrase(text, toks, v, "organisation")
    if comma_at is not None and _second_person(text, run, comma_at, v):
        run = [t for t in run if t.end <= comma_at]  # 'kata Presiden X, Menteri Y': X
        comma_at = None
    if comma_at is not None and not _phrase_ends(text, run[-1], toks, v):
        # 'Menurut Menteri X, Washington tetap mendukung …': after the comma the report
        # begins; an appositive name ends its phrase ('…, Kompol Rismanto, mengatakan')
        run = [t for t in run if t.end <= comma_at]
        comma_at = None
    found = classify(text, run, v, comma_at)
    if found is not None and found.kind == "name" and found.title is None:
        found = attrs.evolve(found, title=_title_after(text, found.end, toks, v))
    return found


def _role_part(t: Token, v: Vocabulary) -> bool:
    """A capitalised ordinary word, unit or acronym: a part of a role, not of a name."""
    return t.is_cap and (t.is_acronym or v.names.is_common(t.lower) or t.lower in v.org_words)


def _joins_role(before: Token, after: Token, v: Vocabulary) -> bool:
    """Does 'dan' between these words join two parts of one role ('Menteri Pariwisata dan
    Ekonomi Kreatif', 'Kementerian Koperasi dan UKM'), not two people ('Presiden X dan
    Menteri Y')? Both sides are ordinary words, units or acronyms, and no title follows."""
    return _role_part(before, v) and after.is_cap and after.lower not in v.title_heads and (
        _role_part(after, v) or after.lower not in v.names.names)


def _role_list(prev: Token, t: Token, nxt: Token | None, v: Vocabulary) -> bool:
    """Is the comma between prev and t inside a role: a list of its fields ('Bidang Politik,
    Hukum, dan Keamanan'), or its place ('Camat Neglasari, Kabupaten Tangerang, Ubaidillah')?"""
    if t.lower in v.names.place_types and nxt is not None and nxt.is_cap:
        return True
    if t.lower == "dan":
        return nxt is not None and _joins_role(prev, nxt, v)
    return _role_part(prev, v) and _role_part(t, v) and not prev.is_acronym and t.lower not in v.title_heads


def _second_person(text: str, run: list[Token], comma_at: int, v: Vocabulary) -> bool:
    """After 'Presiden Joko Widodo,' a title opens another person ('Menteri Pertahanan
    Prabowo'); after a bare title ('Kapolsek Genuk,') the name follows."""
    before = [t for t in run if t.end <= comma_at]
    while before and before[0].lower in v.connectives:  # 'Selain Presiden X, Menteri Y'
        before = before[1:]
    after = [t for t in run if t.start > comma_at]
    if not after or after[0].lower not in v.title_words or not before or before[0].lower not in v.title_words:
        return False
    name = _name_run(text, before, v)
    return len(name) >= 2 or len(name) == 1 and lone_word_is_name(name[0].lower, None, v.names)


def _title_after(text: str, end: int, toks: list[Token], v: Vocabulary) -> str | None:
    """'kata Budi Santoso, Kepala Desa Sukamaju.': a title in apposition after the name."""
    rest = [t for t in toks if t.start >= end][:MAX_WORDS]
    if not rest or _gap_ok(text, end, rest[0].start, True) != "comma" or rest[0].lower not in v.title_heads:
        return None
    last = rest[0]
    for t in rest[1:]:
        if _gap_ok(text, last.end, t.start, False) is None or not (
                t.is_cap or t.lower in v.title_words or t.lower in v.org_heads):
            break
        last = t
    return text[rest[0].start:last.end]


def _phrase_ends(text: str, last: Token, toks: list[Token], v: Vocabulary) -> bool:
    """Does a speaker phrase end after ``last``: at punctuation, the end, or a function word?"""
    k = toks.index(last)
    if k + 1 >= len(toks) or not spaced(text, last.end, toks[k + 1].start):
        return True
    nxt = toks[k + 1]
    return not nxt.is_cap and (nxt.lower in v.stop or nxt.lower in v.function_words)


TRAILING_COMMA = regexcache.compile(r",[\s\u00a0]*$")
def mention_before(text: str, lo: int, pos: int, rules: Rules) -> Mention | None:
    """The subject phrase that ends just before ``pos`` (a speech verb), within text[lo:pos]."""
    v = vocabulary(rules)
    # (adverbs may stand between the comma and the verb: '…, juga menyampaikan')
    before_fillers = pos
    for t in reversed(words(text, max(lo, pos - 40), pos)):
        if t.lower not in v.fillers or not spaced(text, t.end, before_fillers):
            break
        before_fillers = t.start
    if TRAILING_COMMA.search(text, max(lo, before_fillers - 3), before_fillers):
        pos = before_fillers
        # 'Blinken, sebelum bertemu dengan pejabat Jerman di Berlin, mengatakan': the
        # subject stands before an interjected clause
        aside = last_match(rules.grammar["interjection"], text, max(lo, pos - 250), pos)
        if aside is not None:
            subject = mention_before(text, lo, aside.start(), rules)
            if subject is not None:
                return subject
        # 'Abdian Saputra, Koordinator Ekajaya untuk Gili, menyampaikan': the name before
        # a title in apposition
        role = last_match(rules.grammar["appositive_title"], text, max(lo, pos - 150), pos - 2)
        if role is not None and role.start() > lo:
            subject = _subject_before(text, lo, role.start(), rules, v)
            if subject is not None and subject.kind == "name" and subject.title is None:
                return attrs.evolve(subject, title=text[role.end():pos].strip(" ,\t\u00a0") or None)
    found = _subject_before(text, lo, pos, rules, v)
    if found is None or found.kind not in ("name", "pronoun"):
        # 'Kepala Seksi Haji H Burhan Noor saat mendampingi kepala dinas mengatakan': the
        # subject stands before an adverbial clause
        adjunct = last_match(rules.grammar["adverbial"], text, max(lo, pos - 200), found.start if found else pos)
        if adjunct is not None and adjunct.start() > lo:
            before = _subject_before(text, lo, adjunct.start(), rules, v)
            if before is not None and before.kind in ("name", "pronoun", "organisation"):
                found = before
    return found


DATE_GAP = regexcache.compile(r"[\s\d/()]*")  # 'Senin (14/2)'
SUBJECT_GAP = regexcache.compile(r"[\s\u00a0]*(?:\([^()]{1,20}\))?[\s\u00a0]*,?[\s\u00a0]*")


def _subject_before(text: str, lo: int, pos: int, rules: Rules, v: Vocabulary) -> Mention | None:
    toks = phrase_words(text, max(lo, pos - 250), pos)
    if not toks:
        return None
    i = len(toks) - 1
    # step back over adverbs, times and dates between subject and verb
    right = pos
    while i >= 0 and (toks[i].lower in v.fillers or toks[i].text.isdigit()) and not (
            toks[i].lower in v.pronouns):
        if _gap_ok(text, toks[i].end, right, True) is None and not DATE_GAP.fullmatch(text, toks[i].end, right):
            break
        right = toks[i].start
        i -= 1
    if i < 0:
        return None
    if i + 1 < len(toks) and toks[i + 1].lower in ("itu", "ini", "tersebut"):
        anaphor = _anaphor_backward(text, toks[: i + 2], v)
        if anaphor:
            return anaphor
        # "Vatikan yang hendak menuju Kendal itu mengaku": the subject stands before "yang"
        for j in range(i, max(-1, i - 12), -1):
            if toks[j].lower == "yang":
                return mention_before(text, lo, toks[j].start, rules) if j else None
    last = toks[i]
    gap = text[last.end:right]
    if not SUBJECT_GAP.fullmatch(gap):
        return None
    if last.lower in v.pronouns or last.lower in v.plural:
        # "Ia menambahkan", but not "… kepada dia mengatakan"
        return classify(text, [last], v)
    if last.lower in ("ini", "itu", "tersebut"):
        return _anaphor_backward(text, toks[: i + 1], v)
    if last.lower in v.latter:
        return Mention(last.start, last.end, last.text, "latter")
    if not (last.is_cap or last.lower in v.title_words or last.lower in v.org_heads):
        # 'seorang petugas polisi yang berjaga memperkirakan': a short relative clause
        for j in range(i - 1, max(-1, i - 4), -1):
            if toks[j].lower == "yang":
                return mention_before(text, lo, toks[j].start, rules) if j else None
        # 'seorang pejabat senior mengatakan': a lower-case source; 'akan mengumumkan': none
        return _lowercase_source_before(text, toks[: i + 1], v)
    run = [last]
    comma_at = None
    for j in range(i - 1, -1, -1):
        t, nxt = toks[j], run[0]
        if len(run) >= MAX_WORDS:
            break
        g = _gap_ok(text, t.end, nxt.start, allow_comma=comma_at is None)
        if g is None:
            break
        if not (t.is_cap or t.lower in v.title_words or t.lower in v.org_heads or t.lower in v.joiners
                or t.lower == "dan" and j and _joins_role(toks[j - 1], nxt, v)):
            break
        if g == "comma":
            # only an appositive "Title, Name," joins across a comma
            if not (t.is_cap or t.lower in v.title_words):
                break
            comma_at = t.end
        run.insert(0, t)
    if comma_at is not None and (_second_person(text, run, comma_at, v) or not any(
            x.lower in v.title_words or x.lower in v.org_heads for x in run if x.start < comma_at)):
        run = [t for t in run if t.start > comma_at]
        comma_at = None
    k = toks.index(run[0])
    if k and comma_at is None and "," in text[toks[k - 1].end:run[0].start] and toks[k - 1].is_cap \
            and toks[k - 1].lower not in v.names.calendar and all(
            v.names.is_place(t.lower) or t.lower in v.not_names for t in run):
        # 'Teguh (37), pedagang di Pasar Kebayoran Lama, Jakarta Selatan, menyampaikan': a
        # place in apposition speaks for no one; the name that opens the sentence does
        first = text.find(",", lo, run[0].start)
        found = _subject_before(text, lo, first, rules, v) if first > lo else None
        return found if found is not None and found.kind == "name" else None
    if k and comma_at is None and rules.has("locatives", toks[k - 1].lower) and \
            spaced(text, toks[k - 1].end, run[0].start):
        # 'Gubernur BI Perry Warjiyo di Jakarta, Rabu, mengatakan': a place, the subject before it
        at = toks[k - 1].start
        found = _subject_before(text, lo, at, rules, v)
        name = _name_part(text, run, v)
        if name and name[0] is not run[0] and (found is None or found.kind != "name"):
            # 'Wakil Ketua Komisi II dari Fraksi PDI-P Arif Wibowo', 'Pengamat politik dari
            # Universitas Lampung Robi Cahyadi': the role goes on after the locative to a name
            begin = found.start if found is not None else _role_head_before(text, toks[:k - 1], at, v)
            return Mention(begin, run[-1].end, text[begin:run[-1].end], "name",
                           name=text[name[0].start:name[-1].end],
                           title=text[begin:name[0].start].strip(" ,") or None)
        comma = text.rfind(",", max(lo, at - 60), at)
        if found is None and comma > lo:
            # 'Budi Santoso, pedagang di Pasar Senen, mengaku': the name before the description
            found = _subject_before(text, lo, comma, rules, v)
            found = found if found is not None and found.kind == "name" else None
        return found
    # 'Seorang pejabat senior Kemenkes': an anonymous source before the organisation
    if comma_at is None and k:
        source = _lowercase_source_before(text, toks[:k], v)
        if source is not None and spaced(text, source.end, run[0].start):
            return Mention(source.start, run[-1].end, text[source.start:run[-1].end], "anonymous")
    # a sentence-initial connective is not part of the subject ("Namun Budi mengatakan")
    while run and run[0].lower in v.connectives:
        run = run[1:]
    if not run:
        return None
    return classify(text, run, v, comma_at)


def _role_head_before(text: str, toks: list[Token], at: int, v: Vocabulary) -> int:
    """Where a role with lower-case words opens, a few words before ``at`` ('Pengamat
    politik | dari'); ``at`` itself when no title word stands there."""
    end = at
    for t in reversed(toks[-3:]):
        if not spaced(text, t.end, end):
            break
        if t.lower in v.title_heads:
            return t.start
        end = t.start
    return at


def _lowercase_source_before(text: str, toks: list[Token], v: Vocabulary) -> Mention | None:
    """'seorang pejabat senior' ending at toks[-1]: an anonymous or organisation head
    at most three plain words back."""
    for j in range(len(toks) - 1, max(-1, len(toks) - 4), -1):
        t = toks[j]
        if j < len(toks) - 1 and _gap_ok(text, t.end, toks[j + 1].start, False) != "plain":
            return None
        if t.lower in v.anonymous_heads or t.lower in v.org_heads:
            # take in a leading 'seorang' / 'salah satu'
            while j and toks[j - 1].lower in v.anonymous_heads and \
                    _gap_ok(text, toks[j - 1].end, t.start, False) == "plain":
                j -= 1
                t = toks[j]
            kind = "anonymous" if toks[j].lower in v.anonymous_heads else "organisation"
            return Mention(toks[j].start, toks[-1].end, text[toks[j].start:toks[-1].end], kind)
    return None


def _anaphor_backward(text: str, toks: list[Token], v: Vocabulary) -> Mention | None:
    """'Mantan Presiden Inter Milan ini' ending just before the verb."""
    end = toks[-1].end
    for j in range(len(toks) - 2, max(-1, len(toks) - MAX_WORDS), -1):
        t = toks[j]
        if _gap_ok(text, t.end, toks[j + 1].start, False) is None:
            return None
        if t.lower in v.anaphor_heads:
            before = toks[j - 1] if j else None
            if before is None or _gap_ok(text, before.end, t.start, False) is None or before.lower in (
                    "namun", "sementara", "adapun", "kemudian"):
                return Mention(t.start, end, text[t.start:end], "anaphor")
    return None
