"""Pairing each quoted span with its cue and speaker mention (direct and mixed quotes)."""
from __future__ import annotations

import attrs
import regex

from quotes import regexcache
from quotes.cues import Cue, find_cues, patterns, pronoun_cue, skip_adjuncts
from quotes.document import Layout
from quotes.marks import Quoted
from quotes.mentions import Mention, mention_after, mention_before, vocabulary
from quotes.rules import Rules
from quotes.text import skip_space, words

SPACE = r"[\s\u00a0]*"
# What may stand between a closing mark and a cue after it: '," kata' / '", ujar' / '." kata'
AFTER_CLOSE = regexcache.compile(rf"{SPACE}[,.]?{SPACE}(?:(?:demikian|seperti|sebagaimana)\s+(?:yang\s+)?)?", regex.I)
# What may stand between a pre-cue and the opening mark: 'mengatakan, "' / 'menambahkan: "'
PRE_TAIL = regexcache.compile(rf"(?<![\s\u00a0]){SPACE}(?:bahwa{SPACE})?[,:]?{SPACE}$", regex.I)
WINDOW = 600  # how far before a quotation its cue may stand (keeps extraction linear)


@attrs.frozen
class Candidate:
    """A statement before its speaker is resolved."""

    kind: str                 # direct | mixed | indirect
    start: int
    end: int
    cue: Cue | None
    mention: Mention | None   # None: no cue at all (a continuation, or unattributed)
    confidence: float
    paragraph: int


def post_cue(text: str, pos: int, limit: int, rules: Rules) -> tuple[Cue, Mention] | None:
    """A cue and speaker right after a closing mark: '," kata Budi' / '," ujarnya'."""
    pat = patterns(rules)
    m = AFTER_CLOSE.match(text, pos, limit)
    p = m.end() if m else pos
    if (w := pat.after_word.match(text, p, limit)) and _word_boundary(text, p):
        cue = Cue(w.start(), w.end(), w.group(), "after", bool(w.group("nya")))
        if cue.nya:
            return cue, pronoun_cue(cue)
        sp = skip_space(text, w.end(), limit)
        ment = mention_after(text, sp, limit, rules)
        return (cue, ment) if ment else None
    if (w := pat.passive_word.match(text, p, limit)) and _word_boundary(text, p):
        cue = Cue(w.start(), w.end(), w.group(), "passive", bool(w.group("nya")))
        if cue.nya:
            return cue, pronoun_cue(cue)
        return _source_after(text, w.end(), limit, rules, cue)
    if (w := pat.statement.match(text, p, limit)) and _word_boundary(text, p):
        # '"…," demikian pernyataan resmi klub.': the statement's author speaks
        cue = Cue(w.start(), w.start() + len(w.group().split()[0]), w.group().split()[0], "passive", False)
        return _source_after(text, w.start(), limit, rules, cue)
    if (w := pat.outlet.match(text, p, limit)) and _word_boundary(text, p):
        # "demikian dikutip dari pernyataan juru bicara X": the statement's author speaks;
        # "dikutip dari Sputnik": an outlet, never the speaker
        sp = skip_space(text, w.end(), limit)
        if pat.statement.match(text, sp, limit):
            return _source_after(text, sp, limit, rules, Cue(w.start(), w.end(), w.group(), "passive", False))
        return None
    # inverted order: '"…," Budi menambahkan.' / '"…," ia menambahkan.'
    ment = mention_after(text, p, limit, rules)
    if ment:
        sp = skip_space(text, ment.end, limit)
        if (v := pat.speech_word.match(text, sp, limit)):
            return Cue(v.start(), v.end(), v.group(), "speech", False), ment
        return None
    return _unlisted_cue(text, pos, p, limit, rules)


LOWER_WORD = regexcache.compile(r"\p{Ll}[\p{L}-]+\b")


def _unlisted_cue(text: str, pos: int, p: int, limit: int, rules: Rules) -> tuple[Cue, Mention] | None:
    """A reporting verb the rules do not list ('"…," sergah Budi.', '"…," kelakarnya.'),
    trusted only where a cue is due: after a quotation that ends in a comma, ? or !."""
    if pos < 2 or text[pos - 2] not in ",?!":
        return None
    w = LOWER_WORD.match(text, p, limit)
    if w is None or w.group() in vocabulary(rules).function_words:
        return None
    if w.group().endswith("nya") and len(w.group()) > 5:
        cue = Cue(w.start(), w.end(), w.group(), "after", True)
        return cue, pronoun_cue(cue)
    ment = mention_after(text, skip_space(text, w.end(), limit), limit, rules)
    if ment is None or ment.kind not in ("name", "pronoun", "role", "organisation"):
        return None
    return Cue(w.start(), w.end(), w.group(), "after", False), ment


def _source_after(text: str, pos: int, limit: int, rules: Rules, cue: Cue) -> tuple[Cue, Mention] | None:
    pat = patterns(rules)
    sp = skip_space(text, pos, limit)
    if (s := pat.statement.match(text, sp, limit)):
        sp = s.end()
    ment = mention_after(text, sp, limit, rules)
    return (cue, ment) if ment else None


def _word_boundary(text: str, pos: int) -> bool:
    return pos == 0 or not text[pos - 1].isalnum()


def pre_cue(text: str, lo: int, pos: int, rules: Rules) -> tuple[Cue, Mention | None, bool] | None:
    """A cue that introduces the quotation opening at ``pos``: 'Budi mengatakan, "…'.

    Returns (cue, speaker mention, whether the quotation is embedded in the writer's
    sentence: then it is a mixed quote).
    """
    pat = patterns(rules)
    head = text[lo:pos]
    tail = PRE_TAIL.search(head)
    core_end = lo + (tail.start() if tail else len(head))
    # 'mengatakan, "…' and 'mengatakan: "…' open a direct quote; 'mengatakan bahwa "…' and
    # 'mengatakan "masih ada ruang" untuk …' quote a fragment of the writer's sentence
    embedded = not (tail and ("," in tail.group() or ":" in tail.group()))
    toks = words(text, lo, core_end)
    if not toks:
        return None
    # the cue may be followed by modifiers and an addressee: 'mengatakan kepada wartawan'
    for k in range(len(toks) - 1, max(-1, len(toks) - 7), -1):
        t = toks[k]
        v = pat.speech_word.fullmatch(text, t.start, t.end)
        a = pat.after_word.fullmatch(text, t.start, t.end)
        if not (v or a):
            continue
        if v:
            if skip_adjuncts(text, t.end, core_end, rules) < core_end:
                return None
            cue = Cue(t.start, t.end, t.text, "speech", False)
            return cue, mention_before(text, lo, t.start, rules), embedded
        # 'kata Budi, "…"': the stem, then its speaker up to the mark
        cue = Cue(t.start, t.end, t.text, "after", bool(a.group("nya")))
        if cue.nya:
            return (cue, pronoun_cue(cue), embedded) if not text[t.end:core_end].strip() else None
        ment = mention_after(text, skip_space(text, t.end, core_end), core_end, rules)
        if ment is None or text[ment.end:core_end].strip():
            return None
        return cue, ment, embedded
    return None


def attribute_quotes(text: str, layout: Layout, quotes: list[Quoted], rules: Rules) -> list[Candidate]:
    pairs: list[tuple[Quoted, Candidate | None]] = []
    prev: Candidate | None = None
    prev_quote: Quoted | None = None
    for q in quotes:
        para = layout.paragraphs[q.paragraph]
        sent = layout.sentence_at(q.open) or (para.start, para.end)
        # a cue before the mark stands in its sentence, after any earlier quotation, nearby
        lo = max(para.start, sent[0], q.open - WINDOW)
        if prev_quote is not None and prev_quote.paragraph == q.paragraph and prev_quote.outer_end > lo:
            lo = prev_quote.outer_end
        cand = _attribute_one(text, layout, q, lo, prev, rules)
        if cand is not None and (not q.single or cand.mention is not None):
            prev = cand
        else:
            cand = None  # a single-quoted span needs a cue: it is usually a name or a title
        pairs.append((q, cand))
        prev_quote = q
    return _share_along_chains(layout, pairs)


def _attribute_one(text: str, layout: Layout, q: Quoted, lo: int, prev: Candidate | None,
                   rules: Rules) -> Candidate | None:
    """The quote's kind, cue and speaker mention, or None when it is no quotation."""
    before = text[lo:q.open]
    post = post_cue(text, q.outer_end, layout.paragraphs[q.paragraph].end, rules) if q.close is not None else None
    pre = pre_cue(text, lo, q.open, rules) if before.strip() else _cue_paragraph_before(text, layout, q, rules)
    starts_sentence = not before.strip(" \t\u00a0,.;:-–—") or _only_connective(before, rules)
    if pre and not pre[2] and pre[1] is not None:
        return Candidate("direct", q.start, q.end, pre[0], pre[1], 0.85, q.paragraph)
    if post and (starts_sentence or pre is None):
        kind = "direct" if starts_sentence else "mixed"
        return Candidate(kind, q.start, q.end, post[0], post[1], 0.9 if starts_sentence else 0.7, q.paragraph)
    if pre and pre[1] is not None:
        return Candidate("mixed", q.start, q.end, pre[0], pre[1], 0.75, q.paragraph)
    if not starts_sentence:
        found = _sentence_speaker(text, layout, q, lo, rules)
        if found and _looks_quoted_speech(text, q):
            return Candidate("mixed", q.start, q.end, found[0], found[1], 0.6, q.paragraph)
        return None
    if prev is not None and prev.mention is not None and _adjacent(layout, prev, q) or _looks_statement(text, q):
        # no cue: the resolver decides whether it continues the statement before it
        return Candidate("direct", q.start, q.end, None, None, 0.6, q.paragraph)
    return None


def _share_along_chains(layout: Layout, pairs: list[tuple[Quoted, Candidate | None]]) -> list[Candidate]:
    """A quotation over several paragraphs is cued once, usually in its last paragraph:
    every earlier paragraph of it (unclosed, the next one reopening) shares that cue."""
    shared: dict[int, Candidate] = {}
    for (q, c), (nq, nc) in reversed(list(zip(pairs, pairs[1:], strict=False))):
        nc = shared.get(id(nc), nc)
        continues = (q.close is None and nq.paragraph == layout.next_paragraph(q.paragraph)
                     and nq.open == layout.paragraphs[nq.paragraph].start)
        if continues and c is not None and c.mention is None and nc is not None and nc.mention is not None:
            shared[id(c)] = attrs.evolve(c, kind="direct", cue=nc.cue, mention=nc.mention,
                                         confidence=nc.confidence)
    return [shared.get(id(c), c) for _, c in pairs if c is not None]


def _cue_paragraph_before(text: str, layout: Layout, q: Quoted, rules: Rules):
    """'Dewi menjelaskan:' closing the paragraph before one that opens with the quote."""
    if q.open != layout.paragraphs[q.paragraph].start:
        return None
    k = layout.previous_paragraph(q.paragraph)
    if k is None:
        return None
    p = layout.paragraphs[k]
    if text[p.end - 1] != ":":
        return None
    sent = layout.sentence_before(p.end) or (p.start, p.end)
    return pre_cue(text, max(p.start, sent[0], p.end - WINDOW), p.end, rules)


def _only_connective(before: str, rules: Rules) -> bool:
    ws = before.lower().replace(",", " ").split()
    return bool(ws) and len(ws) <= 2 and all(rules.has("connectives", w) or w == "itu" for w in ws)


def _adjacent(layout: Layout, prev: Candidate, q: Quoted) -> bool:
    """Is q in the same paragraph as prev, or in the next article paragraph?"""
    if q.paragraph == prev.paragraph:
        return True
    between = [p for p in layout.paragraphs[prev.paragraph + 1:q.paragraph] if not p.chrome]
    return not between


def _looks_statement(text: str, q: Quoted) -> bool:
    """A whole quoted statement rather than a title or scare quote: several words, a clause."""
    body = text[q.start:q.end]
    return len(body.split()) >= 5 and body[:1].isupper()


def _looks_quoted_speech(text: str, q: Quoted) -> bool:
    """Not a name or a label in quotes ("No Kings", "AUKUS"): at least two words, not all capitalised."""
    ws = text[q.start:q.end].split()
    return len(ws) >= 2 and not all(w[:1].isupper() for w in ws)


def _sentence_speaker(text: str, layout: Layout, q: Quoted, lo: int, rules: Rules) -> tuple[Cue, Mention] | None:
    """For a quoted fragment inside the writer's sentence: the nearest speech cue before it
    in the sentence, with its subject ('Lavrov memperingatkan bahwa … "menutup mulut" …')."""
    sent = layout.sentence_at(q.open)
    s0 = max(sent[0] if sent else lo, q.open - WINDOW)
    # the sentence's main report comes first: in 'Blinken mengatakan dia berharap … "…"'
    # the fragment is Blinken's, whose "dia" is only repeated inside his report
    for cue in find_cues(text, s0, q.open, rules):
        if cue.kind in ("speech", "request"):
            ment = mention_before(text, s0, cue.start, rules)
        elif cue.kind == "according":
            if cue.nya:
                return cue, pronoun_cue(cue)
            ment = mention_after(text, skip_space(text, cue.end, q.open), q.open, rules)
        elif cue.kind == "passive" and cue.nya:  # 'apa yang disebutnya "…"'
            return cue, pronoun_cue(cue)
        else:
            continue
        if ment:
            return cue, ment
    return None
