"""The per-article registry of people (quotes.resolve.Registry): look-ups read only the people
who can match, so an article with thousands of people costs no more per look-up than one
with ten."""
from __future__ import annotations

import pytest

from quotes import resolve
from quotes.resolve import Registry


@pytest.fixture
def crowded() -> Registry:
    reg = Registry()
    for i in range(2000):  # a long article's village heads, none of them a minister
        reg.add(f"Warga{i} Sentosa{i}", "Kepala Desa", i)
    reg.add("Antony Blinken", "Menteri Luar Negeri AS", 5000)
    return reg


def test_a_role_is_scored_among_the_holders_of_its_words_only(crowded, monkeypatch):
    tried = []
    abbreviates = resolve._abbreviates
    monkeypatch.setattr(resolve, "_abbreviates", lambda short, words: tried.append(words) or abbreviates(short, words))
    assert crowded.find_role("Menlu").name == "Antony Blinken"  # MENteri LUar, abbreviated
    assert tried == [["menteri", "luar", "negeri", "as"]]
    assert crowded.find_role("sang Kepala Desa").name == "Warga1999 Sentosa1999"  # the latest of equals
    assert crowded.find_role("Gubernur") is None


def test_titles_given_later_are_found(crowded):
    blinken = crowded.find_name("Blinken")
    crowded.add_title(blinken, "Juru Bicara")
    assert crowded.find_role("Jubir") is None and crowded.find_role("Juru Bicara") is blinken
    blinken.titles = [f"{t} Gedung Putih" for t in blinken.titles]  # as _settle_names moves a word
    crowded.index_titles(blinken)
    assert crowded.find_role("Gedung Putih") is blinken


def test_a_persons_words_follow_its_name(crowded):
    blinken = crowded.find_name("Blinken")
    crowded.rename(blinken, "Tony Blinken Jr")
    assert blinken.tokens == ("tony", "blinken", "jr") and crowded.find_name("Tony Blinken") is blinken


def test_places_are_the_capitalised_words_right_after_a_place_word():
    text = "Ia tinggal di  Lhoksukon,\ndari\nBanda Aceh ke-2 Jakarta, klub PSMS; di-Medan kota bogor, Di Sana"
    found = {after.text for _, after in resolve._capitalised_after(text, frozenset({"di", "dari", "klub", "kota", "ke"}))}
    assert found == {"Lhoksukon", "Banda", "PSMS", "Sana"}  # not after 'ke-2', 'di-', nor lower case
