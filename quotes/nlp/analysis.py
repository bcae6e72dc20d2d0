"""text -> Analysis: stanza's sentences, words, syntax and entities as exact character spans.

Every span indexes the original text: ``text[start:end] == span.text``. stanza reports character
offsets per token; the words of a multi-word token ("katanya" = "kata" + "nya") get the piece of
the token they spell when the pieces spell it exactly, and the whole token otherwise.
"""
from __future__ import annotations

from pathlib import Path

import attrs

from quotes.model import Span
from quotes.nlp.loader import load_pipeline, model_dir

ENTITY_TYPES = ("PER", "ORG", "LOC")


@attrs.frozen
class Token:
    """One syntactic word. head is the index of its head in Analysis.tokens, -1 for the root."""
    start: int
    end: int
    text: str
    word: str
    lemma: str
    upos: str
    head: int
    deprel: str
    sent_index: int


@attrs.frozen
class Entity:
    start: int
    end: int
    text: str
    type: str = attrs.field(validator=attrs.validators.in_(ENTITY_TYPES))


@attrs.frozen
class Analysis:
    sentences: tuple[Span, ...]
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]

    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.sent_index == index)

    def token_at(self, start: int) -> int | None:
        """Index of the first word that starts at character ``start``."""
        return next((i for i, t in enumerate(self.tokens) if t.start == start), None)

    def entities_in(self, start: int, end: int) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if start <= e.start and e.end <= end)


def word_offsets(start: int, end: int, source: str, words: list[str]) -> list[tuple[int, int]]:
    """Offsets of each word of one token: exact pieces when they spell the token, else the token."""
    if len(words) > 1 and "".join(words) == source[start:end]:
        bounds, pos = [], start
        for word in words:
            bounds.append((pos, pos + len(word)))
            pos += len(word)
        return bounds
    return [(start, end)] * len(words)


def from_document(text: str, doc) -> Analysis:
    """Convert a stanza Document made from ``text`` (offsets checked, not trusted)."""
    sentences, tokens, entities = [], [], []
    for s_index, sent in enumerate(doc.sentences):
        first_word = len(tokens)
        sentences.append(Span.of(text, sent.tokens[0].start_char, sent.tokens[-1].end_char))
        for token in sent.tokens:
            offsets = word_offsets(token.start_char, token.end_char, text, [w.text for w in token.words])
            for word, (start, end) in zip(token.words, offsets, strict=True):
                # word.head counts from 1 within the sentence; 0 is the root.
                head = first_word + word.head - 1 if word.head else -1
                tokens.append(Token(start, end, text[start:end], word.text, word.lemma or word.text,
                                    word.upos or "X", head, word.deprel or "dep", s_index))
    for ent in doc.ents:
        if ent.type in ENTITY_TYPES:
            entities.append(Entity(ent.start_char, ent.end_char, text[ent.start_char:ent.end_char], ent.type))
    for span in (*sentences, *tokens, *entities):
        assert 0 <= span.start < span.end <= len(text) and text[span.start:span.end] == span.text
    return Analysis(tuple(sentences), tuple(tokens), tuple(entities))


def analyse(text: str, stanza_dir: str | Path | None = None) -> Analysis:
    """Sentences, words with syntax, and PER/ORG/LOC entities of ``text``."""
    if not text.strip():
        return Analysis((), (), ())
    return from_document(text, load_pipeline(model_dir(stanza_dir))(text))
