"""Indirect speech: reported content without quote marks.

    Budi mengatakan (kepada wartawan) (bahwa) CONTENT.     Ia menambahkan, CONTENT.
    Menurut Budi, CONTENT.      CONTENT, menurut Budi.     CONTENT, kata Budi.
    X, lanjut dia, CONTENT.     Kata dia, CONTENT.         Dikatakannya, CONTENT.

The span is the content clause without its final full stop. A clause that holds a
quotation is left to the quote stage (its quoted fragment is the scored unit).
"""
from __future__ import annotations

import regex

from quotes.attribute import Candidate, _skip_space
from quotes.cues import Cue, find_cues, patterns
from quotes.document import Layout
from quotes.marks import Quoted
from quotes.mentions import Mention, mention_after, mention_before
from quotes.rules import Rules
from quotes.text import strip_span, words

TRIM = " \t\u00a0,.;:-–—"
MIN_WORDS = 3
LEAD_BAHWA = regex.compile(r"[\s\u00a0]*(?:,[\s\u00a0]*)?(?::[\s\u00a0]*)?(?:bahwa\b[\s\u00a0]*)?", regex.I)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _content(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The reported clause in text[start:end]. It stops before a quotation that opens a
    new statement ('… Rusia "Dia menyatakan …"'); a clause that wraps a quoted fragment
    ('bahwa Moskow tidak akan membiarkan Washington "menutup mulut"') is left to the quote."""
    for a, _ in quoted:
        if start <= a < end:
            inner = text[a + 1:a + 3].lstrip()
            if not inner[:1].isupper():
                return None
            end = a
            break
    s, e = strip_span(text, start, end, TRIM + '"“”„«»')
    if e - s <= 0 or len(text[s:e].split()) < MIN_WORDS:
        return None
    return s, e


def _trailing_cue(text: str, s: int, e: int, rules: Rules) -> tuple[int, Cue, Mention] | None:
    """', kata Budi' / ', ujarnya' at the end of text[s:e]: (comma position, cue, mention)."""
    pat = patterns(rules)
    for m in regex.finditer(r",[\s\u00a0]*", text[s:e]):
        p = s + m.end()
        if (w := pat.after_word.match(text, p, e)) or (w := regex.compile(r"(?i)menurut(?P<nya>nya)?\b").match(text, p, e)):
            nya = bool(w.group("nya"))
            if nya:
                ment = Mention(w.start("nya"), w.end("nya"), "nya", "pronoun")
            else:
                ment = mention_after(text, _skip_space(text, w.end(), e), e, rules)
            if ment is None:
                continue
            tail = text[ment.end:e].strip(" \t\u00a0.")
            kind = "according" if w.group().lower().startswith("menurut") else "after"
            if not tail or len(tail.split()) <= 4 and not any(c in tail for c in ".!?"):
                return s + m.start(), Cue(w.start(), w.end(), w.group(), kind, nya), ment
    return None


def indirect_speech(text: str, layout: Layout, quotes: list[Quoted], rules: Rules) -> list[Candidate]:
    quoted = [(q.open, q.outer_end) for q in quotes]
    out: list[Candidate] = []
    for s, e in layout.sentences:
        para = layout.paragraph_index(s)
        for start, end, cue, ment, conf in _sentence(text, s, e, quoted, rules):
            out.append(Candidate("indirect", start, end, cue, ment, conf, para))
    return out


# Subjects that start a new report in the same sentence; a pronoun ("bahwa pihaknya
# memprediksi …") is the reporter's own words.
NEW_SPEAKER = ("name", "organisation", "role", "anonymous")

# A subject left out after a conjunction: '…," kata Blinken, seraya menambahkan bahwa …'
SHARED_SUBJECT = regex.compile(r"(?i)(?:seraya|sambil|sembari|lalu|kemudian|dan|serta)[\s\u00a0]*$")


def _sentence(text, s, e, quoted, rules):
    """The reported clauses of sentence text[s:e]."""
    pat = patterns(rules)
    cues = [c for c in find_cues(text, s, e, rules) if not _inside(c.start, quoted)]
    found = []
    speech = [c for c in cues if c.kind == "speech"]
    subjects = {id(c): _subject(text, s, c, quoted, rules) for c in speech}
    covered = s
    for k, cue in enumerate(speech):
        subj = subjects[id(cue)]
        if subj is None or cue.start < covered:
            continue  # a verb inside an earlier report belongs to that report
        p = pat.modifiers.match(text, cue.end, e).end()
        p = _skip_space(text, p, e)
        if (a := pat.addressee.match(text, p, e)):
            p = _skip_addressee(text, a.end(), e)
        p = LEAD_BAHWA.match(text, p, e).end()
        if p < e and text[p] in '"“„«':
            continue  # 'Budi mengatakan, "…"': a direct quote
        end = e
        later = [m for c in speech[k + 1:] if (m := subjects[id(c)]) is not None and m.kind in NEW_SPEAKER]
        if later:  # '… dan Lavrov mengatakan …': the next report starts a new clause
            end = _clause_start(text, p, later[0].start)
        tc = _trailing_cue(text, p, end, rules)
        if tc:
            end = tc[0]
        span = _content(text, p, end, quoted)
        if span:
            found.append((span[0], span[1], cue, subj, 0.7 if subj.kind in ("name", "organisation") else 0.6))
            covered = span[1]
    if found:
        return found
    for cue in cues:
        if cue.kind == "according":
            one = _according(text, s, e, cue, quoted, rules)
            return [one] if one else []
        if cue.kind in ("after", "passive") and cue.start == _first_word(text, s):
            # 'Kata dia, CONTENT' / 'Dikatakannya, CONTENT'
            if cue.nya:
                ment = Mention(cue.end - 3, cue.end, "nya", "pronoun")
                after = cue.end
            else:
                ment = mention_after(text, _skip_space(text, cue.end, e), e, rules)
                if ment is None:
                    continue
                after = ment.end
            if text[after:after + 2].lstrip()[:1] != ",":
                continue
            span = _content(text, after, e, quoted)
            return [(span[0], span[1], cue, ment, 0.6)] if span else []
    # 'CONTENT, kata Budi.' or 'X, lanjut dia, CONTENT.'
    for m in regex.finditer(r",[\s\u00a0]*", text[s:e]):
        p = s + m.end()
        w = pat.after_word.match(text, p, e)
        if not w or _inside(p, quoted):
            continue
        nya = bool(w.group("nya"))
        ment = (Mention(w.start("nya"), w.end("nya"), "nya", "pronoun") if nya
                else mention_after(text, _skip_space(text, w.end(), e), e, rules))
        if ment is None:
            continue
        cue = Cue(w.start(), w.end(), w.group(), "after", nya)
        rest = text[ment.end:e]
        if rest.lstrip().startswith(","):  # interrupting cue: the content is what follows
            span = _content(text, ment.end + rest.index(",") + 1, e, quoted)
        elif not rest.strip(" \t\u00a0.!?"):
            span = _content(text, s, s + m.start(), quoted)
        else:
            continue
        return [(span[0], span[1], cue, ment, 0.6)] if span else []
    return []


def _subject(text, s, cue, quoted, rules):
    """Who reports with this speech verb: the phrase before it, or the speaker of an
    earlier cue in the sentence when the subject is left out ('seraya menambahkan')."""
    before = text[s:cue.start]
    if SHARED_SUBJECT.search(before):
        pat = patterns(rules)
        for w in reversed(list(pat.after_word.finditer(text, s, cue.start))):
            if w.group("nya"):
                return Mention(w.start("nya"), w.end("nya"), "nya", "pronoun")
            m = mention_after(text, _skip_space(text, w.end(), cue.start), cue.start, rules)
            if m:
                return m
    lo = _after_quotes(s, cue.start, quoted)
    return mention_before(text, lo, cue.start, rules)


def _after_quotes(s: int, pos: int, quoted: list[tuple[int, int]]) -> int:
    """Subjects never reach back into a quotation."""
    for a, b in quoted:
        if s < b <= pos:
            s = b
    return s


def _clause_start(text: str, lo: int, subject_start: int) -> int:
    """Where the clause of a later subject begins: before its 'dan'/'sementara'/comma."""
    m = regex.search(r"(?i)(?:[,;]?\s*\b(?:dan|sementara|sedangkan|tetapi|namun)\s*|[,;]\s*)$", text[lo:subject_start])
    return lo + m.start() if m else subject_start


def _first_word(text: str, s: int) -> int:
    toks = words(text, s, min(len(text), s + 40))
    return toks[0].start if toks else -1


def _skip_addressee(text: str, p: int, e: int) -> int:
    """Past a named addressee's capitalised words ('kepada Presiden Rusia Vladimir Putin')."""
    toks = words(text, p, e)
    end = p
    for t in toks:
        if not (t.is_cap or t.lower in ("dan", "para")) or text[end:t.start].strip():
            break
        end = t.end
    return end


def _according(text, s, e, cue, quoted, rules):
    """'Menurut X, CONTENT' / 'Menurut X CONTENT' / 'CONTENT, menurut X'."""
    pat = patterns(rules)
    if cue.nya:
        ment: Mention | None = Mention(cue.end - 3, cue.end, "nya", "pronoun")
    else:
        p = _skip_space(text, cue.end, e)
        if (st := pat.statement.match(text, p, e)):
            p = st.end()
        ment = mention_after(text, p, e, rules)
    if ment is None:
        return None  # 'Menurut kesepakatan …': a document, not a speaker
    leading = not text[s:cue.start].strip(" \t\u00a0,") or text[s:cue.start].rstrip().endswith(",") and len(
        text[s:cue.start].split()) <= 2
    if leading:
        span = _content(text, ment.end, e, quoted)
    else:
        before = text[s:cue.start].rstrip()
        if not before.endswith(","):
            return None
        span = _content(text, s, s + len(before) - 1, quoted)
    if span:
        return span[0], span[1], cue, ment, 0.7
    return None
