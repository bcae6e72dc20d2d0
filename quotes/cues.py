"""Reporting cues: the compiled patterns built once from rules/cues.toml."""
from __future__ import annotations

import functools

import attrs
import regex

from quotes.rules import Rules

CUE_KINDS = ("after", "speech", "request", "passive", "according")


@attrs.frozen
class Cue:
    start: int
    end: int
    text: str
    kind: str
    nya: bool  # ends in -nya: the speaker is "he/she" (ujarnya, menurutnya, dikatakannya)


@attrs.frozen
class CuePatterns:
    any_cue: regex.Pattern      # every cue word, kind told by its named group
    after_word: regex.Pattern   # an after-quote stem (+nya) at a position
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
    according = _words(rules.alternation("according"))
    nya = r"(?P<nya>nya)?"
    return CuePatterns(
        any_cue=regex.compile(
            rf"(?i)\b(?:(?P<speech>{speech})|(?P<request>{request})|(?P<passive>{passive}){nya}"
            rf"|(?P<according>{according}){nya}|(?P<after>{after}){nya})\b"),
        after_word=regex.compile(rf"(?i)(?P<w>{after}){nya}\b"),
        speech_word=regex.compile(rf"(?i)(?P<w>{speech}|{request})\b"),
        passive_word=regex.compile(rf"(?i)(?P<w>{passive}){nya}\b(?:\s+oleh)?"),
        statement=regex.compile(
            rf"(?i)(?:{rules.alternation('statement_nouns')})(?:nya)?(?:\s+(?:resmi|tertulis|pers))?(?:\s+(?:dari|oleh))?\s+"),
        outlet=regex.compile(rf"(?i)(?:{rules.alternation('outlet_markers')})\b"),
        addressee=regex.compile(
            rf"(?i)(?:kepada|pada|ke)\s+(?:(?:{rules.alternation('addressees')})\b|(?=\p{{Lu}}))"),
        modifiers=regex.compile(rf"(?i)(?:\s+(?:{rules.alternation('verb_modifiers')})\b)*"),
    )


def pronoun_cue(cue: Cue) -> "Mention":
    """The speaker of a -nya cue is the cue word itself: 'ujarnya' = 'he/she said'."""
    from quotes.mentions import Mention
    return Mention(cue.start, cue.end, cue.text, "pronoun")


def cue_at(m: regex.Match) -> Cue:
    kind = next(k for k in CUE_KINDS if m.group(k))
    return Cue(m.start(), m.end(), m.group(), kind, bool(m.groupdict().get("nya")))


def find_cues(text: str, start: int, end: int, rules: Rules) -> list[Cue]:
    return [cue_at(m) for m in patterns(rules).any_cue.finditer(text, start, end)]
