"""Cutting an article into highlighted segments: every character once, in order, marked right."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import web_article
from quotes.model import Quote, Span
from quotes.web.highlight import describe, segments


def test_the_article_is_cut_at_every_quote_mention_and_cue():
    quotes = web_article.quotes()
    segs = segments(web_article.TEXT, quotes)
    assert "".join(s.text for s in segs) == web_article.TEXT
    for i, q in enumerate(quotes):
        assert "".join(s.text for s in segs if s.quote == i) == q.text
        assert "".join(s.text for s in segs if s.mark == "mention" and s.owner == i) == q.mention.text
    kinds = {s.kind for s in segs if s.quote is not None}
    assert kinds == {"direct", "mixed", "indirect"}


def test_hover_text_tells_who_and_how():
    pronoun = web_article.quotes()[2]
    assert describe(pronoun) == ("direct quote by Ratna Wulandari, Menteri Luar Negeri; speaker found "
                                 "via “ujarnya” (pronoun); cue “ujarnya”; confidence 0.90")


spans = st.tuples(st.integers(-5, 60), st.integers(-5, 60))


@given(text=st.text(max_size=50), found=st.lists(st.tuples(spans, spans, spans), max_size=5))
def test_any_spans_keep_the_text_whole(text, found):
    # offsets from a database are not trusted: out of range, reversed or overlapping spans
    # still give back the text exactly once
    quotes = [Quote("direct", "x", qa, qb, mention=Span(ma, mb, "m"), cue=Span(ca, cb, "c"))
              for (qa, qb), (ma, mb), (ca, cb) in found]
    assert "".join(s.text for s in segments(text, quotes)) == text
