"""Indirect speech: reported content without quote marks.

    Budi mengatakan (kepada wartawan) (bahwa) CONTENT.     Ia menambahkan, CONTENT.
    Menurut Budi, CONTENT.      CONTENT, menurut Budi.     CONTENT, kata Budi.
    X, lanjut dia, CONTENT.     Kata dia, CONTENT.         Dikatakannya, CONTENT.

The span is the content clause without its final full stop. A clause that holds a
quotation is left to the quote stage (its quoted fragment is the scored unit).
"""
from __future__ import annotations

import regex

from quotes import regexcache
from quotes.attribute import Candidate
from quotes.cues import Cue, find_cues, patterns, pronoun_cue, skip_adjuncts
from quotes.document import Layout
from quotes.marks import Quoted
from quotes.mentions import Mention, mention_after, mention_before
from quotes.rules import Rules
from quotes.text import first_start, has_words, inside, last_end, skip_space, strip_span, words

TRIM = " \t\u00a0,.;:-–—"
MIN_WORDS = 2
LEAD_BAHWA = regexcache.compile(r"[\s\u00a0]*(?:,[\s\u00a0]*)?(?::[\s\u00a0]*)?(?:bahwa\b[\s\u00a0]*)?", regex.I)


def _content(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The reported clause in text[start:end]. It stops before a quotation that opens a
    new statement ('… Rusia "Dia menyatakan …"'); a clause that wraps a quoted fragment
    ('bahwa Moskow tidak akan membiarkan Washington "menutup mulut"') is left to the quote."""
    a = first_start(quoted, start, end)
    if a is not None:
        if not text[a + 1:a + 3].lstrip()[:1].isupper():
            return None
        end = a
    s, e = strip_span(text, start, end, TRIM + '"“”„«»')
    if e <= s or not has_words(text, s, e, MIN_WORDS):
        return None
    return s, e


COMMA = regexcache.compile(r",[\s\u00a0]*")
ACCORDING_WORD = regexcache.compile(r"(?i)menurut(?P<nya>nya)?\b")
TAIL_WINDOW = 120  # a trailing ', kata Budi di Jakarta' is short
# What may follow a trailing cue's speaker: a few words of place or time, no new clause
SHORT_TAIL = regexcache.compile(r"[\s\u00a0]*(?:[\w'’-]+[\s\u00a0]*){0,4}[.!?\"”]*[\s\u00a0]*")


def _cue_with_speaker(text: str, w: regex.Match, kind: str, end: int, rules: Rules) -> tuple[Cue, Mention] | None:
    cue = Cue(w.start(), w.end(), w.group(), kind, bool(w.group("nya")))
    ment = pronoun_cue(cue) if cue.nya else mention_after(text, skip_space(text, w.end(), end), end, rules)
    return (cue, ment) if ment else None


def _trailing_cue(text: str, s: int, e: int, rules: Rules) -> tuple[int, Cue, Mention] | None:
    """', kata Budi' / ', ujarnya' / ', menurut Budi' closing text[s:e]: (comma, cue, mention)."""
    pat = patterns(rules)
    for m in COMMA.finditer(text, max(s, e - TAIL_WINDOW), e):
        p = m.end()
        for word, kind in ((pat.after_word, "after"), (ACCORDING_WORD, "according")):
            w = word.match(text, p, e)
            found = w and _cue_with_speaker(text, w, kind, e, rules)
            if found and SHORT_TAIL.fullmatch(text, found[1].end, e):
                return m.start(), found[0], found[1]
    return None


def indirect_speech(text: str, layout: Layout, quotes: list[Quoted], rules: Rules) -> list[Candidate]:
    quoted = [(q.open, q.outer_end) for q in quotes]
    out: list[Candidate] = []
    previous: tuple[int, int, bool] | None = None  # the last sentence, and whether it reported
    for s, e in layout.sentences:
        if layout.glued_chrome and inside(s, layout.glued_chrome):
            continue  # page furniture glued into the text ('…2022.Baca: Putin Tarik Pasukan')
        found = _sentence(text, s, e, quoted, rules)
        if not found and previous is not None and not previous[2]:
            found = _retro(text, s, e, previous[0], previous[1], quoted, rules)
        for start, end, cue, ment, conf in found:
            out.append(Candidate("indirect", start, end, cue, ment, conf, layout.paragraph_index(start)))
        previous = (s, e, bool(found) or first_start(quoted, s, e) is not None)
    return out


LEAD_CONNECTIVE = regexcache.compile(r"(?i)(?:[\w-]+\s+){0,1}[\w-]+\s*,\s*")


def _retro(text, s, e, ps, pe, quoted, rules):
    """'CONTENT. Hal itu disampaikan X.': the previous sentence, attributed to X."""
    pat = patterns(rules)
    r = rules.grammar["retro"].match(text, s, e)
    w = r and pat.passive_word.match(text, r.end(), e)
    ment = w and mention_after(text, skip_space(text, w.end(), e), e, rules)
    if not ment:
        return []
    start = ps
    if (c := LEAD_CONNECTIVE.match(text, ps, pe)) and text[ps].isupper():
        start = c.end()  # 'Sebelumnya, CONTENT': the connective is the writer's
    span = _content(text, start, pe, quoted)
    cue = Cue(w.start(), w.end(), w.group(), "passive", False)
    return [(span[0], span[1], cue, ment, 0.5)] if span else []


# Subjects that start a new report in the same sentence; a pronoun ("bahwa pihaknya
# memprediksi …") is the reporter's own words.
NEW_SPEAKER = ("name", "organisation", "role", "anonymous")



def _sentence(text, s, e, quoted, rules):
    """The reported clauses of sentence text[s:e]."""
    pat = patterns(rules)
    cues = [c for c in find_cues(text, s, e, rules) if not inside(c.start, quoted)]
    speech = [c for c in cues if c.kind == "speech"]
    if speech and (found := _reports(text, s, e, speech, quoted, rules)):
        return found
    for cue in cues:
        if cue.kind == "according":
            one = _according(text, s, e, cue, quoted, rules)
            return [one] if one else []
        if cue.kind in ("after", "passive") and cue.start == _first_word(text, s):
            # 'Kata dia, CONTENT' / 'Dikatakannya, CONTENT'
            if cue.nya:
                ment, after = pronoun_cue(cue), cue.end
            else:
                ment = mention_after(text, skip_space(text, cue.end, e), e, rules)
                if ment is None:
                    continue
                after = ment.end
            if not LEAD_COMMA.match(text, after, e):
                continue
            span = _content(text, after, e, quoted)
            return [(span[0], span[1], cue, ment, 0.6)] if span else []
    # 'CONTENT, kata Budi.' or 'X, lanjut dia, CONTENT.' (only the commas a cue word follows)
    for m in pat.comma_after.finditer(text, s, e):
        if inside(m.end(), quoted):
            continue
        found_cue = _cue_with_speaker(text, pat.after_word.match(text, m.end(), e), "after", e, rules)
        if found_cue is None:
            continue
        cue, ment = found_cue
        if (c := LEAD_COMMA.match(text, ment.end, e)):  # interrupting cue: the content follows
            span = _content(text, c.end(), e, quoted)
        elif END_REST.fullmatch(text, ment.end, e):
            span = _content(text, s, m.start(), quoted)
        else:
            continue
        return [(span[0], span[1], cue, ment, 0.6)] if span else []
    return []


def _reports(text, s, e, speech, quoted, rules):
    """The clauses that the speech verbs of sentence text[s:e] report (most sentences have
    no speech verb: _sentence asks only for those that do)."""
    subjects = [_subject(text, s, c, quoted, rules) for c in speech]
    # for each report, where the next one with a new speaker begins ('… dan Lavrov mengatakan')
    next_new: list[Mention | None] = [None] * len(speech)
    for k in range(len(speech) - 2, -1, -1):
        m = subjects[k + 1]
        next_new[k] = m if m is not None and m.kind in NEW_SPEAKER else next_new[k + 1]
    found = []
    covered = s
    for k, cue in enumerate(speech):
        subj = subjects[k]
        if subj is None or cue.start < covered:
            continue  # a verb inside an earlier report belongs to that report
        if _negated(text, s, cue, rules):
            continue  # 'Budi tidak mengatakan kapan …' reports nothing
        p = skip_adjuncts(text, cue.end, e, rules)
        if (b := rules.grammar["place_time_bahwa"].match(text, p, e)):
            p = b.end()  # '… kepada wartawan di Balai Desa, Selasa (4/3), bahwa CONTENT'
        p = LEAD_BAHWA.match(text, p, e).end()
        if p < e and text[p] in '"“„«':
            continue  # 'Budi mengatakan, "…"': a direct quote
        if rules.grammar["back_reference"].match(text, p, e):
            continue  # 'mengatakan demikian …', 'menyampaikan hal itu': refers back
        end = e
        if next_new[k] is not None:
            end = _clause_start(text, p, next_new[k].start, rules) or e
        tc = _trailing_cue(text, p, end, rules)
        if tc:
            end = tc[0]
        span = _content(text, p, end, quoted)
        if span:
            found.append((span[0], span[1], cue, subj, 0.7 if subj.kind in ("name", "organisation") else 0.6))
            covered = span[1]
    return found


LEAD_COMMA = regexcache.compile(r"(?<![\s\u00a0])[\s\u00a0]*,")
END_REST = regexcache.compile(r"[\s\u00a0.!?\"”]*")


def _negated(text: str, s: int, cue: Cue, rules: Rules) -> bool:
    """A negation among the two words before the verb ('tidak', 'belum juga')."""
    return any(rules.has("negations", t.lower) for t in words(text, max(s, cue.start - 30), cue.start)[-2:])


def _subject(text, s, cue, quoted, rules):
    """Who reports with this speech verb: the phrase before it, or the speaker of an
    earlier cue in the sentence when the subject is left out ('seraya menambahkan')."""
    if rules.grammar["shared_subject"].search(text, max(s, cue.start - 20), cue.start):
        pat = patterns(rules)
        for w in reversed(list(pat.after_word.finditer(text, s, cue.start))):
            if w.group("nya"):
                return pronoun_cue(Cue(w.start(), w.end(), w.group(), "after", True))
            m = mention_after(text, skip_space(text, w.end(), cue.start), cue.start, rules)
            if m:
                return m
    lo = _after_quotes(s, cue.start, quoted)
    return mention_before(text, lo, cue.start, rules)


def _after_quotes(s: int, pos: int, quoted: list[tuple[int, int]]) -> int:
    """Subjects never reach back into a quotation."""
    return last_end(quoted, s, pos)




def _clause_start(text: str, lo: int, subject_start: int, rules: Rules) -> int | None:
    """Where the clause of a later subject begins: before its 'dan'/'sementara'/comma;
    None when nothing joins it ('bahwa kementerian akan mengumumkan' is reported)."""
    m = rules.grammar["clause_joint"].search(text, max(lo, subject_start - 20), subject_start)
    return m.start() if m else None


def _first_word(text: str, s: int) -> int:
    toks = words(text, s, min(len(text), s + 40))
    return toks[0].start if toks else -1


def _according(text, s, e, cue, quoted, rules):
    """'Menurut X, CONTENT' / 'Menurut X CONTENT' / 'CONTENT, menurut X'."""
    pat = patterns(rules)
    if cue.nya:
        ment: Mention | None = pronoun_cue(cue)
    else:
        p = skip_space(text, cue.end, e)
        if (st := pat.statement.match(text, p, e)):
            p = st.end()
        ment = mention_after(text, p, e, rules)
    if ment is None:
        return None  # 'Menurut kesepakatan …': a document, not a speaker
    before = text[s:cue.start].rstrip()
    leading = not before.strip(" \t\u00a0,") or before.endswith(",") and len(before.split()) <= 2
    if leading:  # 'Menurut Budi, CONTENT' / 'Namun, menurut Budi, CONTENT'
        span = _content(text, ment.end, e, quoted)
    elif before.endswith(","):  # 'CONTENT, menurut Budi.'
        span = _content(text, s, s + len(before) - 1, quoted)
    else:
        return None
    if span:
        return span[0], span[1], cue, ment, 0.7
    return None
