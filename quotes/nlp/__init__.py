"""The optional stanza layer: sentences, tokens, entities and syntax for the rules to use.

Only this package imports stanza (and so torch); rules mode never imports it.
"""


class NlpUnavailable(Exception):
    """stanza is not installed, or the model folder is missing or broken."""
