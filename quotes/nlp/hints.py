"""What the stanza Analysis changes in the rules engine. Pure functions; no stanza import.

Two modes:
  stanza  the rules' sentences, and stanza's boundaries inside a run-on the rules could not
          split (stanza's own boundaries cut news text worse than the rules' splitter, which
          knows its abbreviations and quotations); entities and syntax as below.
  both    the rules' sentences stay; stanza only fills gaps and reclassifies places.
In both modes:
  - a speaker mention read as a name that stanza tags as a place (LOC), and that the rules'
    lists know as a place ("kata Washington"), becomes an organisation-like source: it keeps
    its text as speaker but never enters the person registry that pronouns resolve against;
    which words of a phrase are a person's name is the rules' decision in every mode;
  - a speaker the rules read as a name that is exactly a place gives way to the first person
    (PER) named in the dependency subject of the speech verb ("Budi Santoso, pedagang di
    Pasar Senen, mengaku …");
  - in a sentence where the rules found no reported speech, a speech verb with a subject and
    a clausal complement (ccomp/xcomp) gives an indirect quote: the first person named in the
    subject, else the rules' reading of the subject phrase, is the speaker ("Wawan, yang
    berdagang di pasar itu, mengatakan …"), and the complement is the content.
"""
from __future__ import annotations

import bisect

import attrs

from quotes.attribute import Candidate
from quotes.cues import find_cues
from quotes.document import Layout
from quotes.mentions import Mention, mention_before, vocabulary
from quotes.nlp.analysis import Analysis, Token
from quotes.rules import Rules
from quotes.text import strip_span

NLP_MODES = ("rules", "stanza", "both")
SUBJECTS = ("nsubj", "nsubj:pass")
COMPLEMENTS = ("ccomp", "xcomp")
# Leading words of a complement that belong to the reporting frame, not to the content.
COMPLEMENTISERS = frozenset({"bahwa", "kalau", "jika", "apakah"})
DEPPARSE_CONFIDENCE = 0.5


@attrs.frozen
class NlpHints:
    analysis: Analysis
    mode: str = attrs.field(validator=attrs.validators.in_(NLP_MODES[1:]))


def stanza_layout(lay: Layout, analysis: Analysis) -> Layout:
    """The layout with each of the rules' sentences longer than RUN_ON characters cut where
    stanza's sentences inside it begin."""
    starts = sorted(sent.start for sent in analysis.sentences)
    sentences = []
    for s, e in lay.sentences:
        if e - s > RUN_ON:
            for cut in starts[bisect.bisect_right(starts, s):bisect.bisect_left(starts, e)]:
                sentences.append((s, cut))
                s = cut
        sentences.append((s, e))
    return attrs.evolve(lay, sentences=tuple(sentences))


RUN_ON = 600  # characters: twice the longest but one in a hundred news sentences


def _name_start(m: Mention) -> int:
    """Where the name part of a name mention starts (the title, if any, comes before it)."""
    return m.end - len(m.name) if m.name and m.text.endswith(m.name) else m.start


def _is_place(m: Mention, analysis: Analysis) -> bool:
    """Is this name mention exactly one place entity ("kata Washington")? A place entity that
    runs over title words ("Luar Negeri Antony Blinken") is the tagger's mistake."""
    start = _name_start(m)
    return any(e.type == "LOC" and e.start == start and e.end == m.end for e in analysis.entities)


def refine_names(text: str, cands: list[Candidate], analysis: Analysis, rules: Rules) -> list[Candidate]:
    """A speaker read as a name that is a place, by stanza and by the rules' own lists (stanza
    alone takes given names for places: 'Panca', 'Gatot'): the person the parse makes the
    subject of the speech verb ("Joko Widodo, yang baru pulang dari Tokyo, mengatakan …"),
    else the place as a source that is not a person, so that later pronouns never point to it."""
    v = vocabulary(rules)
    out = []
    for c in cands:
        m = c.mention
        if m is not None and m.kind == "name" and _is_place(m, analysis) and all(
                w in v.names.places or w in v.not_names for w in m.name.lower().split()):
            verb = analysis.token_at(c.cue.start) if c.cue is not None and c.cue.kind == "speech" else None
            person = _subject_person(analysis, verb) if verb is not None else None
            c = attrs.evolve(c, mention=person or Mention(m.start, m.end, m.text, "organisation"))
        out.append(c)
    return out


def _subtree(tokens: tuple[Token, ...], root: int) -> tuple[int, int]:
    """Character extent of the words governed by tokens[root], itself included."""
    inside = {root}
    for i in range(len(tokens)):  # heads may come after their dependents: walk up from each
        chain, j = [], i
        while j != -1 and j not in inside and len(chain) < len(tokens):
            chain.append(j)
            j = tokens[j].head
        if j in inside:
            inside.update(chain)
    return min(tokens[i].start for i in inside), max(tokens[i].end for i in inside)


def _dependent(tokens: tuple[Token, ...], head: int, deprels: tuple[str, ...]) -> int | None:
    return next((i for i, t in enumerate(tokens) if t.head == head and t.deprel in deprels), None)


def _subject_person(analysis: Analysis, verb: int) -> Mention | None:
    """The first person named in the subject of tokens[verb] (before any relative clause)."""
    subj = _dependent(analysis.tokens, verb, SUBJECTS)
    if subj is None or analysis.tokens[subj].start > analysis.tokens[verb].start:
        return None
    people = [e for e in analysis.entities_in(*_subtree(analysis.tokens, subj)) if e.type == "PER"]
    return Mention(people[0].start, people[0].end, people[0].text, "name", name=people[0].text) if people else None


def _content(text: str, start: int, end: int) -> tuple[int, int] | None:
    s, e = strip_span(text, start, end, " \t\u00a0,:;.")
    first = text[s:e].split(maxsplit=1)
    if first and first[0].lower() in COMPLEMENTISERS:
        s, e = strip_span(text, s + len(first[0]), e, " \t\u00a0,:;.")
    return (s, e) if e - s >= 12 else None


def depparse_reports(text: str, lay: Layout, analysis: Analysis, rules: Rules,
                     taken: list[tuple[int, int]]) -> list[Candidate]:
    """Indirect quotes from syntax in sentences where nothing was found: subject -> speaker,
    clausal complement -> content of a speech verb the rules know."""
    tokens = analysis.tokens
    out = []
    for index, sent in enumerate(analysis.sentences):
        if any(a < sent.end and sent.start < b for a, b in taken):
            continue
        cue_at = {c.start: c for c in find_cues(text, sent.start, sent.end, rules) if c.kind == "speech"}
        for v, verb in enumerate(tokens):
            cue = cue_at.get(verb.start)
            if verb.sent_index != index or cue is None:
                continue
            subj = _dependent(tokens, v, SUBJECTS)
            comp = _dependent(tokens, v, COMPLEMENTS)
            if subj is None or comp is None or tokens[subj].end > verb.start or tokens[comp].start < verb.end:
                continue
            ment = _subject_person(analysis, v) or mention_before(text, _subtree(tokens, subj)[0], verb.start, rules)
            span = _content(text, verb.end, _subtree(tokens, comp)[1])
            if ment is None or span is None:
                continue
            out.append(Candidate("indirect", span[0], span[1], cue, ment, DEPPARSE_CONFIDENCE,
                                 lay.paragraph_index(span[0])))
            break
    return out


def apply(text: str, lay: Layout, quoted: list[tuple[int, int]], cands: list[Candidate],
          hints: NlpHints, rules: Rules) -> list[Candidate]:
    """The rules' candidates with places reclassified and syntax-found reports added."""
    taken = [(c.start, c.end) for c in cands] + quoted
    extra = depparse_reports(text, lay, hints.analysis, rules, taken)
    return refine_names(text, cands + extra, hints.analysis, rules)
