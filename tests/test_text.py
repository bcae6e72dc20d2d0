"""Windows of an article's words (quotes.text): words() and word_columns() agree, and the
columns of a whole article are the tokeniser's own lists, not copies."""
from hypothesis import given, strategies as st

from quotes.text import _all_words, word_columns, words

ARTICLE = "Kata dia, Budi.\nBaca juga: Ani\n\nMenurut Kepala Desa Sakino, hujan."


def test_columns_of_some_lines_hold_only_their_words():
    # the second line left out, as build_registry leaves out page chrome
    toks, texts, lows, caps = word_columns(ARTICLE, [(0, 15), (32, len(ARTICLE))])
    assert texts == ["Kata", "dia", "Budi", "Menurut", "Kepala", "Desa", "Sakino", "hujan"]
    assert lows == [w.lower() for w in texts]
    assert caps == [True, False, True, True, True, True, True, False]
    assert [t.text for t in toks] == texts
    assert [ARTICLE[t.start:t.end] for t in toks] == texts


def test_columns_of_every_line_are_the_tokenisers_lists():
    toks, texts, lows, caps = word_columns(ARTICLE, [(0, 15), (16, 30), (32, len(ARTICLE))])
    whole = _all_words(ARTICLE)
    assert toks is whole[0] and lows is whole[2] and texts is whole[3] and caps is whole[4]


def test_columns_of_no_words_are_empty():
    assert word_columns(ARTICLE, [(15, 16)]) == ([], [], [], [])
    assert word_columns(ARTICLE, []) == ([], [], [], [])


def test_a_word_cut_by_the_window_end_is_left_out():
    assert [t.text for t in words(ARTICLE, 0, 13)] == ["Kata", "dia"]
    assert word_columns(ARTICLE, [(0, 13)])[1] == ["Kata", "dia"]


@given(st.text(alphabet="ab C.,\n-'", max_size=60), st.lists(st.integers(0, 60), max_size=6))
def test_columns_are_the_words_of_each_span(text: str, cuts: list[int]) -> None:
    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    spans = [(a, b) for k, (a, b) in enumerate(zip(bounds, bounds[1:])) if k % 2 == 0]
    toks, texts, lows, caps = word_columns(text, spans)
    expected = [t for a, b in spans for t in words(text, a, b)]
    assert toks == expected
    assert texts == [t.text for t in expected] and caps == [t.is_cap for t in expected]
    assert lows == [t.lower for t in expected]
