"""Quote trails' grouping (quotes.trails): exact values on small examples, invariants, and
precision and recall on a made-up archive of copied statements (tests/trail_archive.py)."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.trails import MIN_WORDS, Grouper, similarity, statement, words
from trail_archive import STATEMENTS, archive, pair_scores


def group(texts, speakers=None) -> list[int]:
    ids = itertools.count(1)
    grouper = Grouper(lambda: next(ids))
    placed = [grouper.add(i, statement(t, (speakers or [None] * len(texts))[i])).trail for i, t in enumerate(texts)]
    return [grouper.trail(t) for t in placed]


def test_words_drop_case_punctuation_and_quote_marks():
    assert words("“Kami SIAP,” — katanya… ‘tidak’ mundur!") == ("kami", "siap", "katanya", "tidak", "mundur")
    assert words("Anak-anak Jum’at") == ("anak-anak", "jum'at")


def test_copies_restyled_cut_and_excerpted_are_one_statement():
    full = ("Stok bawang merah di gudang cukup sampai akhir tahun. Masyarakat tidak perlu panik "
            "membeli dalam jumlah besar, karena pasokan terus datang.")
    assert group([
        full,
        full.upper().replace(".", ","),                                    # case and punctuation
        full.replace("tidak perlu", "tak perlu"),                         # a word changed
        "Masyarakat tidak perlu panik membeli dalam jumlah besar",        # an excerpt, a clause cut
    ]) == [1, 1, 1, 1]


def test_statements_sharing_a_phrase_stay_apart():
    a = "Kami akan terus mendukung petani di seluruh daerah agar panen tahun ini meningkat."
    b = "Kami akan terus mendukung upaya penegakan hukum terhadap pelaku korupsi di daerah."
    assert similarity(words(a), words(b)) == 0.0
    assert group([a, b, a]) == [1, 2, 1]


def test_similarity_is_the_shorter_ones_word_pairs_held():
    long = words("harga beras masih menjadi perhatian utama kami bulan ini")
    assert similarity(long, words("harga beras masih menjadi perhatian utama")) == 1.0
    # one word changed: the last of six (four of five word pairs held), a middle one of six
    # (three of five), a middle one of five (two of four: too few)
    assert similarity(long, words("harga beras masih menjadi perhatian besar")) == pytest.approx(0.8)
    assert similarity(long, words("harga beras tetap menjadi perhatian utama")) == pytest.approx(0.6)
    assert similarity(long, words("harga beras tetap menjadi perhatian")) == 0.0


def test_short_quotes_join_only_exact_copies_by_the_same_speaker():
    assert MIN_WORDS == 5
    assert group(["Tidak benar,", "tidak benar.", "Tidak benar", "Tidak benar itu"],
                 speakers=[1, 1, 2, 1]) == [1, 1, 2, 3]


def test_excerpts_seen_before_the_whole_join_when_it_comes():
    first = "Tim kami sudah membuka dapur umum sejak subuh di balai desa."
    second = "Warga yang demam atau diare bisa datang ke posko kapan saja."
    assert group([first, second, f"{first} {second}"]) == [1, 1, 1]


@pytest.mark.parametrize("seed", range(4))
def test_precision_and_recall_on_a_made_up_archive(seed):
    copies = archive(seed)
    assert len(copies) > 100 and len({c.statement for c in copies}) == len(STATEMENTS)
    precision, recall = pair_scores([c.statement for c in copies], group([c.text for c in copies],
                                                                          [c.speaker for c in copies]))
    assert precision >= 0.95 and recall >= 0.95


_text = st.lists(st.sampled_from("kami akan terus mendukung petani daerah harga beras naik turun pekan "
                                 "depan, tidak. boleh".split(" ")), min_size=1, max_size=30).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_text, _text)
def test_similarity_is_symmetric_and_bounded(a, b):
    wa, wb = words(a), words(b)
    assert similarity(wa, wb) == similarity(wb, wa)
    assert 0.0 <= similarity(wa, wb) <= 1.0
    assert similarity(wa, wa) == 1.0


@settings(max_examples=100, deadline=None)
@given(_text)
def test_a_restyled_copy_has_the_same_exact_key_and_band_keys(text):
    restyled = "“" + text.upper().replace(",", " ,") + "!”"
    assert statement(text, 3) == statement(restyled, 3)
    assert statement(text, 3).keys == statement(restyled, 3).keys
