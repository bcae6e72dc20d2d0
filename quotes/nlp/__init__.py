"""The optional stanza layer: sentences, tokens, entities and syntax for the rules to use.

Only this package imports stanza (and so torch); rules mode never imports it.
"""
