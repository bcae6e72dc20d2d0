"""Merging names into speakers, without a database (a dict stands in for the tables)."""
from __future__ import annotations

import pytest

from dbhelp import MemoryStore
from quotes.db.speakers import SpeakerIndex, lookup_keys, name_key, split_title, surname_of


@pytest.fixture
def index():
    return SpeakerIndex(MemoryStore())


def test_name_key_ignores_case_spacing_and_punctuation():
    assert name_key("  Antony   BLINKEN ") == "antony blinken"
    assert name_key("Moh. Mahfud MD") == "moh mahfud md"


@pytest.mark.parametrize("raw, title, expected", [
    ("Menlu AS Antony Blinken", None, ("Antony Blinken", "Menlu AS")),
    ("Menteri Luar Negeri Retno Marsudi", None, ("Retno Marsudi", "Menteri Luar Negeri")),
    ("Pak Budi Santoso", None, ("Budi Santoso", None)),
    ("Presiden Joko Widodo", "Presiden", ("Joko Widodo", "Presiden")),
    ("Antony Blinken", "Menlu AS", ("Antony Blinken", "Menlu AS")),
    ("Menteri", None, ("Menteri", None)),  # never strips a name to nothing
])
def test_split_title(raw, title, expected):
    assert split_title(raw, title) == expected


def test_blinken_variants_are_one_speaker_with_alias_and_title(index):
    full = index.resolve("Antony Blinken")
    assert index.resolve("Blinken") == full
    assert index.resolve("Menlu AS Antony Blinken") == full
    assert index.store.aliases[full] == {"Blinken"}
    assert index.store.titles[full] == {"Menlu AS"}
    assert len(index.store.names) == 1


def test_bare_surname_first_is_merged_into_the_first_full_name(index):
    bare = index.resolve("Blinken")
    full = index.resolve("Antony Blinken")
    assert bare != full
    assert index.store.merged == [(full, bare)]
    assert index.resolve("Blinken") == full


def test_people_sharing_a_surname_are_not_merged(index):
    joko = index.resolve("Joko Widodo")
    iriana = index.resolve("Iriana Widodo")
    assert joko != iriana
    # a bare "Widodo" could be either: it stays a speaker of its own
    bare = index.resolve("Widodo")
    assert bare not in (joko, iriana)
    assert index.resolve("Widodo") == bare
    assert index.store.merged == []


def test_mention_alias_is_recorded_and_used(index):
    jokowi = index.resolve("Joko Widodo", alias="Jokowi")
    assert index.store.aliases[jokowi] == {"Jokowi"}
    assert index.resolve("Jokowi") == jokowi


def test_full_name_after_title_words_is_no_alias(index):
    bupati = index.resolve("Sutrisno Haryadi", alias="Bupati Lembah Hijau Sutrisno Haryadi")
    assert index.resolve("Sutrisno Haryadi", alias="Sutrisno") == bupati
    assert index.store.aliases[bupati] == {"Sutrisno"}


def test_unknown_or_empty_names(index):
    assert index.resolve(None) is None
    assert index.resolve("  ") is None
    assert index.resolve("...") is None


@pytest.mark.parametrize("name, title, alias, expected", [
    ("Menlu AS Antony Blinken", None, None, {"antony blinken", "blinken"}),
    ("Presiden Joko Widodo", "Presiden", "Pak Jokowi", {"joko widodo", "widodo", "jokowi"}),
    ("Blinken", None, "Antony Blinken", {"blinken", "antony blinken"}),
    ("Retno", None, "", {"retno"}),
    ("...", None, "Jokowi", set()),  # no name: resolve() looks nothing up
    (None, None, "Jokowi", set()),
])
def test_lookup_keys_are_the_keys_resolve_asks_about(name, title, alias, expected):
    assert lookup_keys(name, title, alias) == expected


def test_surname_is_the_last_word_of_a_full_name():
    assert [surname_of(k) for k in ("antony blinken", "moh mahfud md", "blinken")] == ["blinken", "md", None]
