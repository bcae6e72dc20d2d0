"""Person, organisation and place names in a sentence, by a trained CRF (see tagger.py)."""
from quotes.names.features import words
from quotes.names.tagger import NameTagger, TaggerError, load

__all__ = ["NameTagger", "TaggerError", "load", "words"]
