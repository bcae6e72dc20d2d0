"""How a stanza Analysis changes extraction, on hand-built analyses: no stanza needed."""
from __future__ import annotations

from quotes import extract
from quotes.model import Span
from quotes.nlp.analysis import Analysis, Entity, Token, word_offsets
from quotes.nlp.hints import NlpHints, depparse_reports, stanza_layout
from quotes.document import layout
from quotes.rules import load_rules


def parse(text: str, rows: list[tuple[str, int, str]], entities=()) -> Analysis:
    """An Analysis of one sentence from (word, head, deprel) rows, heads 1-based as in CoNLL-U."""
    tokens, pos = [], 0
    for word, head, deprel in rows:
        start = text.index(word, pos)
        pos = start + len(word)
        tokens.append(Token(start, pos, word, word, word.lower(), "X", head - 1, deprel, 0))
    ents = tuple(Entity(text.index(t), text.index(t) + len(t), t, kind) for t, kind in entities)
    return Analysis((Span.of(text, 0, len(text)),), tuple(tokens), ents)


# 'Wawan, who trades at that market, said that rice prices rose sharply.' The subject's
# relative clause ends in "pasar itu" right before the verb; the parse and NER say Wawan.
LONG_SUBJECT = "Wawan, yang berdagang di pasar itu, mengatakan bahwa harga beras naik tajam."
LONG_SUBJECT_PARSE = [
    ("Wawan", 9, "nsubj"), (",", 4, "punct"), ("yang", 4, "nsubj"), ("berdagang", 1, "acl:relcl"),
    ("di", 6, "case"), ("pasar", 4, "obl"), ("itu", 6, "det"), (",", 4, "punct"),
    ("mengatakan", 0, "root"), ("bahwa", 13, "mark"), ("harga", 13, "nsubj"), ("beras", 11, "compound"),
    ("naik", 9, "ccomp"), ("tajam", 13, "advmod"), (".", 9, "punct"),
]


def test_subject_and_complement_of_a_speech_verb_give_speaker_and_content():
    analysis = parse(LONG_SUBJECT, LONG_SUBJECT_PARSE, [("Wawan", "PER")])
    rules = load_rules()
    found = depparse_reports(LONG_SUBJECT, layout(LONG_SUBJECT, rules), analysis, rules, taken=[])
    assert [(c.kind, LONG_SUBJECT[c.start:c.end], c.mention.text, c.mention.kind, c.cue.text)
            for c in found] == [("indirect", "harga beras naik tajam", "Wawan", "name", "mengatakan")]


def test_syntax_only_fills_sentences_where_the_rules_found_nothing():
    analysis = parse(LONG_SUBJECT, LONG_SUBJECT_PARSE, [("Wawan", "PER")])
    rules = load_rules()
    taken = [(0, 10)]
    assert depparse_reports(LONG_SUBJECT, layout(LONG_SUBJECT, rules), analysis, rules, taken) == []


def test_a_place_tagged_loc_speaks_as_a_source_not_a_person():
    text = '"Kami tidak akan mundur," kata Washington.'
    analysis = Analysis((Span.of(text, 0, len(text)),), (), (Entity(31, 41, "Washington", "LOC"),))
    [nlp_quote] = extract(text, nlp=NlpHints(analysis, "both"))
    assert (nlp_quote.speaker, nlp_quote.resolution) == ("Washington", "organisation")


def test_a_person_tagged_per_stays_a_name():
    text = '"Kami tidak akan mundur," kata Budi.'
    analysis = Analysis((Span.of(text, 0, len(text)),), (), (Entity(31, 35, "Budi", "PER"),))
    [quote] = extract(text, nlp=NlpHints(analysis, "stanza"))
    assert (quote.speaker, quote.resolution) == ("Budi", "name")


def test_stanza_sentences_cut_only_a_run_on_the_rules_could_not_split():
    run_on = "harga naik terus kata dia " * 30  # 780 characters with no full stop
    text = "Harga naik. Kata dia begitu.\n\n" + run_on.strip() + ".\n"
    rules = load_rules()
    lay = layout(text, rules)
    cut = text.index("kata dia", 400)
    # stanza's sentences: one across the rules' boundary (ignored), one inside the run-on
    analysis = Analysis((Span.of(text, 0, 28), Span.of(text, 30, cut), Span.of(text, cut, len(text) - 1)), (), ())
    new = stanza_layout(lay, analysis)
    assert new.sentences[-2:] == ((lay.sentences[-1][0], cut), (cut, lay.sentences[-1][1]))
    assert new.sentences[:-2] == lay.sentences[:-1]
    assert new.paragraphs == lay.paragraphs


def test_words_of_a_multiword_token_get_their_own_offsets_when_they_spell_it():
    text = "katanya kemarin"
    assert word_offsets(0, 7, text, ["kata", "nya"]) == [(0, 4), (4, 7)]
    # pieces that do not spell the token (a normalised form) share the token's span
    assert word_offsets(0, 7, text, ["kata", "dia"]) == [(0, 7), (0, 7)]


def test_a_place_glued_before_a_name_leaves_the_name():
    text = '"Berkas perkara sudah kami terima," kata Kajari Lhoksukon Teuku Rahmatsyah.'
    ents = (Entity(48, 57, "Lhoksukon", "LOC"), Entity(58, 74, "Teuku Rahmatsyah", "PER"))
    analysis = Analysis((Span.of(text, 0, len(text)),), (), ents)
    [nlp_quote] = extract(text, nlp=NlpHints(analysis, "both"))
    assert (nlp_quote.speaker, nlp_quote.title) == ("Teuku Rahmatsyah", "Kajari Lhoksukon")


def test_a_given_name_stanza_tags_as_a_place_stays_a_name():
    # stanza's NER takes some given names for places; which words name a person is the
    # rules' decision in every mode
    text = '"Kami tidak akan mundur," kata Wiratmo.'
    analysis = Analysis((Span.of(text, 0, len(text)),), (), (Entity(31, 38, "Wiratmo", "LOC"),))
    [quote] = extract(text, nlp=NlpHints(analysis, "stanza"))
    assert (quote.speaker, quote.resolution) == ("Wiratmo", "name")
