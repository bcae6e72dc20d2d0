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
    s, e = strip_span(text, start, end, TRIM)
    if e - s <= 0 or len(text[s:e].split()) < MIN_WORDS:
        return None
    if any(s <= a < e for a, _ in quoted) or any(c in text[s:e] for c in '"“”„«»'):
        return None  # a quotation inside: the quote stage reports its fragment
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
    pat = patterns(rules)
    quoted = [(q.open, q.outer_end) for q in quotes]
    out: list[Candidate] = []
    for s, e in layout.sentences:
        para = layout.paragraph_index(s)
        found = _sentence(text, s, e, quoted, rules, pat)
        if found:
            out.append(Candidate("indirect", found[0], found[1], found[2], found[3], found[4], para))
    return out


def _sentence(text, s, e, quoted, rules, pat):
    """The one reported clause of sentence text[s:e], if it has one."""
    body_end = e
    cues = [c for c in find_cues(text, s, e, rules) if not _inside(c.start, quoted)]
    for cue in cues:
        if cue.kind == "speech":
            subj = mention_before(text, s, cue.start, rules)
            if subj is None:
                continue
            p = pat.modifiers.match(text, cue.end, e).end()
            p = _skip_space(text, p, e)
            if (a := pat.addressee.match(text, p, e)):
                p = _skip_addressee(text, a.end(), e)
            p = LEAD_BAHWA.match(text, p, e).end()
            if p < e and text[p] in '"“„«':
                return None  # 'Budi mengatakan, "…"': a direct quote
            end = body_end
            tc = _trailing_cue(text, p, e, rules)
            if tc:
                end = tc[0]
            span = _content(text, p, end, quoted)
            if span:
                return span[0], span[1], cue, subj, 0.7 if subj.kind in ("name", "organisation") else 0.6
            return None
        if cue.kind == "according":
            return _according(text, s, e, cue, quoted, rules)
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
            if span:
                return span[0], span[1], cue, ment, 0.6
            return None
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
        if span:
            return span[0], span[1], cue, ment, 0.6
        return None
    return None


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
