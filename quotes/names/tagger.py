"""The trained name tagger: which words of a sentence are a person, an organisation or a place.

    >>> from quotes.names import load, words
    >>> text = "kata Kapolres Garut AKBP Budi Hartono"
    >>> ws = [text[s:e] for s, e in words(text)]
    >>> [(label, round(p, 2)) for label, p in load().tag(ws)]
    [('O', 1.0), ('O', 1.0), ('B-PLACE', 1.0), ('O', 1.0), ('B-PERSON', 1.0), ('I-PERSON', 1.0)]

A linear-chain CRF (crfsuite) over the features in ``quotes.names.features``; the model file
ships in ``quotes/names/data`` and is trained by ``python -m quotes.names.train``.
"""
from __future__ import annotations

import functools
import importlib.resources
import threading
from typing import Sequence

import pycrfsuite

from quotes.names.features import Featurizer

MODEL = "model.crfsuite"
PROBS_KEPT = 4096  # phrases whose person probabilities a tagger keeps
LABELS = ("O", "B-PERSON", "I-PERSON", "B-ORGANISATION", "I-ORGANISATION", "B-PLACE", "I-PLACE")


class TaggerError(Exception):
    """The shipped model file is missing or unreadable."""


class NameTagger:
    """Tags sentences given as lists of words. crfsuite keeps the current sentence inside the
    tagger, so one sentence at a time goes through it (a lock: the web server's threads share
    the loaded tagger)."""

    def __init__(self, model_path: str, featurizer: Featurizer | None = None):
        self.crf = pycrfsuite.Tagger()
        try:
            self.crf.open(model_path)
        except (OSError, ValueError) as exc:
            raise TaggerError(f"{model_path}: cannot read the name tagger's model: {exc}") from None
        self.features = featurizer or Featurizer()
        self.lock = threading.Lock()
        # the same phrase is often read twice (the registry of people, then the quote's cue):
        # its probabilities are kept, a bounded number (crfsuite reads a phrase in ~0.1 ms)
        self.probs: dict[tuple[str, ...], list[float]] = {}

    def _set(self, words: Sequence[str]) -> bool:
        if not words:
            return False
        # crfsuite reads features as C strings: a NUL would cut one short, so none reach it
        self.crf.set(self.features.sentence([w.replace("\0", " ") for w in words]))
        return True

    def tag(self, words: Sequence[str]) -> list[tuple[str, float]]:
        """The BIO label of each word and its marginal probability."""
        with self.lock:
            if not self._set(words):
                return []
            labels = self.crf.tag()
            return [(y, self.crf.marginal(y, i)) for i, y in enumerate(labels)]

    def person_probs(self, words: Sequence[str]) -> list[float]:
        """The probability that each word is part of a person's name."""
        key = tuple(words)
        with self.lock:
            if (known := self.probs.get(key)) is not None:
                return list(known)
            if not self._set(words):
                return []
            m = self.crf.marginal
            probs = [min(1.0, m("B-PERSON", i) + m("I-PERSON", i)) for i in range(len(words))]
            if len(self.probs) >= PROBS_KEPT:
                self.probs.clear()
            self.probs[key] = probs
            return list(probs)


def model_path() -> str:
    return str(importlib.resources.files("quotes.names").joinpath("data", MODEL))


@functools.cache
def load() -> NameTagger:
    """The shipped tagger, loaded once per process."""
    path = model_path()
    if not importlib.resources.files("quotes.names").joinpath("data", MODEL).is_file():
        raise TaggerError(f"{path}: the name tagger's model is missing; "
                          "train it with `python -m quotes.names.train`")
    return NameTagger(path)
