"""The one-entry, per-thread cache behind an article's words (quotes.memo.last_call)."""
import gc
import threading
import weakref

from quotes import extract
from quotes.memo import forget, last_call
from quotes.text import _all_words, words


class Box:
    def __init__(self, text: str):
        self.text = text


def counted():
    calls = []

    @last_call
    def build(text: str) -> Box:
        calls.append(text)
        return Box(text)
    return build, calls


def test_repeated_arguments_are_built_once_and_new_ones_replace_them():
    build, calls = counted()
    first = build("satu")
    assert build("satu") is first
    assert build("dua").text == "dua"
    assert build("satu") is not first  # one entry: the first was dropped
    assert calls == ["satu", "dua", "satu"]


def test_an_earlier_article_is_freed_when_the_next_comes():
    build, _ = counted()
    gone = weakref.ref(build("artikel pertama"))
    build("artikel kedua")
    gc.collect()
    assert gone() is None


def test_threads_do_not_evict_each_others_entry():
    build, calls = counted()
    start = threading.Barrier(2)

    def read(text: str) -> None:
        start.wait()
        for _ in range(200):
            assert build(text).text == text
    threads = [threading.Thread(target=read, args=(t,)) for t in ("kata Budi", "ujar Ani")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(calls) == ["kata Budi", "ujar Ani"]


def test_words_of_two_articles_in_turn_stay_right():
    a, b = "Kata dia, Budi.", "Ujar Ani"
    for _ in range(3):
        assert [t.text for t in words(a)] == ["Kata", "dia", "Budi"]
        assert [(t.start, t.end) for t in words(b)] == [(0, 4), (5, 8)]


def test_forget_drops_this_threads_entries():
    build, calls = counted()
    build("satu")
    forget()
    build("satu")
    assert calls == ["satu", "satu"]


def test_nothing_of_an_article_outlives_its_extraction(monkeypatch):
    tokenised = []
    monkeypatch.setattr("quotes.text._all_words", last_call(lambda text: tokenised.append(text) or _all_words(text)))
    text = '"Kami siap," kata Budi Santoso.'
    assert [q.speaker for q in extract(text)] == ["Budi Santoso"]
    assert [q.speaker for q in extract(text)] == ["Budi Santoso"]
    assert tokenised == [text, text]  # once for each extraction: the first one's words were dropped
