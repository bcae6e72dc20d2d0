"""Reporting cues: the compiled patterns built once from rules/cues.toml."""
from __future__ import annotations

import bisect
import functools
from itertools import compress

import attrs
import regex

from quotes import regexcache
from quotes.memo import last_call
from quotes.mentions import Mention
from quotes.rules import Rules
from quotes.text import Token, lower_words, skip_space, words



@attrs.frozen
class Cue:
    start: int
    end: int
    text: str
    kind: str  # after | speech | request | passive | according
    nya: bool  # ends in -nya: the speaker is "he/she" (ujarnya, menurutnya, dikatakannya)


@attrs.frozen(eq=False, repr=False)  # built once per Rules; its repr would print every cue
class CuePatterns:
    table: dict[str, tuple[str, bool]]  # lower-case cue word -> (kind, ends in -nya)
    after_word: regex.Pattern   # an after-quote stem (+nya) at a position
    comma_after: regex.Pattern  # a comma (and blanks) that an after-quote stem follows: '…, kata Budi'
    speech_word: regex.Pattern  # a speech verb at a position
    passive_word: regex.Pattern
    statement: regex.Pattern    # "pernyataan (resmi|tertulis) (dari)" before a source
    outlet: regex.Pattern       # an outlet marker at a position
    addressee: regex.Pattern    # "kepada wartawan", "kepada Presiden Putin" (the cap run is checked by the caller)
    modifiers: regex.Pattern    # "kembali", "lagi" … between verb and content


def _words(alternation: str) -> str:
    return rf"(?:{alternation})"


@functools.lru_cache(maxsize=8)
def patterns(rules: Rules) -> CuePatterns:
    after = _words(rules.alternation("after_quote"))
    speech = _words(rules.alternation("speech"))
    request = _words(rules.alternation("request"))
    passive = _words(rules.alternation("passive"))
    nya = r"(?P<nya>nya)?"
    table: dict[str, tuple[str, bool]] = {}
    # lowest precedence first: a word in several lists takes the last kind written
    for key, kind, with_nya in (("after_quote", "after", True), ("according", "according", True),
                                ("passive", "passive", True), ("request", "request", False),
                                ("speech", "speech", False)):
        for word in rules.words[key]:
            if with_nya:
                table[word + "nya"] = (kind, True)
            table[word] = (kind, False)
    return CuePatterns(
        table=table,
        after_word=regexcache.compile(rf"(?i)(?P<w>{after}){nya}\b"),
        comma_after=regexcache.compile(rf"(?i),[\s\u00a0]*+(?={after}(?:nya)?\b)"),
        speech_word=regexcache.compile(rf"(?i)(?P<w>{speech}|{request})\b"),
        passive_word=regexcache.compile(rf"(?i)(?P<w>{passive}){nya}\b(?:\s+oleh)?"),
        statement=regexcache.compile(
            rf"(?i)(?:{rules.alternation('statement_nouns')})(?:nya)?(?:\s+(?:resmi|tertulis|pers))?(?:\s+(?:dari|oleh))?\s+"),
        outlet=regexcache.compile(rf"(?i)(?:{rules.alternation('outlet_markers')})\b"),
        addressee=regexcache.compile(
            rf"(?i)(?:kepada|pada|ke)\s+(?:(?:{rules.alternation('addressees')})\b|(?=\p{{Lu}}))"),
        modifiers=regexcache.compile(rf"(?i)(?:\s+(?:{rules.alternation('verb_modifiers')})\b)*"),
    )


def pronoun_cue(cue: Cue) -> Mention:
    """The speaker of a -nya cue is the cue word itself: 'ujarnya' = 'he/she said'."""
    return Mention(cue.start, cue.end, cue.text, "pronoun")


# A named addressee: capitalised words, outlets with a domain ('kepada Kompas.com')
ADDRESSEE_NAME = regexcache.compile(
    r"(?:\p{Lu}[\w'’&-]*(?:\.(?:com|co|id|net|org)\b)*(?:[ \t\u00a0]+(?:dan|para)\b)?[ \t\u00a0]*)*")


def skip_adjuncts(text: str, pos: int, end: int, rules: Rules) -> int:
    """Past what may stand between a speech verb and its content or quotation: modifiers
    and an addressee ('menegaskan kembali kepada wartawan', 'kepada Presiden Putin')."""
    pat = patterns(rules)
    p = skip_space(text, pat.modifiers.match(text, pos, end).end(), end)
    if (a := pat.addressee.match(text, p, end)):
        p = ADDRESSEE_NAME.match(text, a.end(), min(end, a.end() + 200)).end()
    return p


@last_call
def _cue_words(text: str, rules: Rules) -> tuple[list[int], list[Token], list[Token | None]]:
    """The article's cue words, their starts and the word after each: one pass over the
    article without Python code per word, then every sentence only looks its cues up (most
    sentences have none). Only the cue words are kept, not a copy of every word."""
    toks = words(text)
    at = list(compress(range(len(toks)), map(patterns(rules).table.__contains__, lower_words(text))))
    cues = [toks[k] for k in at]
    return [t.start for t in cues], cues, [toks[k + 1] if k + 1 < len(toks) else None for k in at]


def find_cues(text: str, start: int, end: int, rules: Rules) -> list[Cue]:
    """Every cue word in text[start:end], in order. A short stem before 'bahwa' is a verb
    of speech too ('Sudarto klaim bahwa …')."""
    table = patterns(rules).table
    starts, cues, nexts = _cue_words(text, rules)
    out = []
    for i in range(bisect.bisect_left(starts, start), len(starts)):
        t, nxt = cues[i], nexts[i]
        if t.end > end:  # (words end in the order they start)
            break
        kind, nya = table[t.lower]
        if kind == "after" and not nya and nxt is not None and nxt.lower == "bahwa" and nxt.end <= end:
            kind = "speech"
        out.append(Cue(t.start, t.end, t.text, kind, nya))
    return out
