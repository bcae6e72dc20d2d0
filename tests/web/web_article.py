"""A small article with hand-marked quotes: web tests need known quotes whatever the extractor
finds, and a quote holding markup to prove it is shown as text."""
from __future__ import annotations

import datetime as dt
import random
from typing import Sequence

from quotes.db.sources import Article
from quotes.model import Quote, Span

TEXT = """Menlu Tinjau Perundingan Laut Timur

JAKARTA — Menteri Luar Negeri Ratna Wulandari mengatakan bahwa perundingan batas laut akan dilanjutkan bulan depan.

"Kami siap duduk bersama, tetapi kedaulatan tidak bisa ditawar," kata Ratna kepada wartawan, Senin (3/3).

Ia menambahkan, tim teknis sudah bekerja sejak Januari. "<script>alert('x')</script> bukan ancaman," ujarnya.

Juru bicara Kemlu, Bayu Santoso, menyebut pertemuan itu "langkah maju yang penting".
"""


def quotes(text: str = TEXT) -> list[Quote]:
    """The quotes of TEXT (or of a copy of it with other words around them), in text order."""
    def quote(paragraph: str, kind: str, said: str, speaker: str, mention: str, resolution: str,
              cue: str, title: str) -> Quote:
        # every span is looked up from the start of its paragraph: "Ratna" and "kata" recur
        def span(part: str) -> Span:
            start = text.index(part, text.index(paragraph))
            return Span.of(text, start, start + len(part))

        body = span(said)
        return Quote(kind, body.text, body.start, body.end, speaker=speaker, mention=span(mention),
                     title=title, resolution=resolution, cue=span(cue), confidence=0.9)

    minister, spokesman = "Menteri Luar Negeri", "Juru bicara Kemlu"
    return [
        quote("JAKARTA", "indirect", "perundingan batas laut akan dilanjutkan bulan depan",
              "Ratna Wulandari", "Ratna Wulandari", "name", "mengatakan", minister),
        quote('"Kami', "direct", "Kami siap duduk bersama, tetapi kedaulatan tidak bisa ditawar",
              "Ratna Wulandari", "Ratna", "alias", "kata", minister),
        quote("Ia menambahkan", "direct", "<script>alert('x')</script> bukan ancaman",
              "Ratna Wulandari", "ujarnya", "pronoun", "ujarnya", minister),
        quote("Juru bicara", "mixed", "langkah maju yang penting", "Bayu Santoso", "Bayu Santoso",
              "name", "menyebut", spokesman),
    ]


# The test database: the article a dozen times over a year, from two outlets, plus one
# undated article without quotes whose title holds markup.
COPIES = 12
OUTLETS = ("Kompas", "Tempo")
PLAIN = Article(key="plain", text="Hujan turun sepanjang hari di Jakarta.\n",
                title="<b>Cuaca</b> hari ini")


# Statements of their own, one an article, each with the word "pelabuhan": a search that
# finds more statements than a page holds. Made of words drawn from VOCABULARY, so that no
# two are copies of one statement.
VOCABULARY = """anggaran armada bongkar cuaca dermaga ekspor gudang impor jadwal kapal kontainer
    logistik muatan nelayan ombak pajak perahu petikemas retribusi sandar tarif truk antrean
    bea derek feri izin kargo kru layar mercusuar navigasi oli penumpang rute solar tambat
    tiket tongkang waktu angin badai birokrasi dokumen karantina keamanan pungutan""".split()
STATEMENTS = 25


def port_statements() -> list[str]:
    rng = random.Random(5)
    return [f"Pelabuhan {' '.join(rng.sample(VOCABULARY, 9))}" for _ in range(STATEMENTS)]


def corpus() -> list[Article]:
    ports = [Article(key=f"pelabuhan-{i:02d}", text=f'"{said}," kata Dimas Pratama.\n', title=f"Pelabuhan {i}",
                     outlet=OUTLETS[i % 2], published=dt.date(2023, 1 + i % 12, 1 + i))
             for i, said in enumerate(port_statements())]
    copies = [Article(key=f"laut-{i:02d}", text=TEXT.replace("Januari", f"minggu ke-{i}"),
                      title=f"Perundingan Laut Timur, bagian {i}", outlet=OUTLETS[i % 2],
                      published=dt.date(2024, i + 1, 3), source=f"https://example.com/laut/{i}")
              for i in range(COPIES)]
    return [*copies, PLAIN, *ports]


def extractor(texts: Sequence[str]) -> list[list[Quote]]:
    """ingest's extractor: the hand-marked quotes of each copy, none elsewhere."""
    return [quotes(t) if "Ratna" in t else _port_quote(t) if t.startswith('"') else [] for t in texts]


def _port_quote(text: str) -> list[Quote]:
    end = text.index(',"')
    return [Quote("direct", text[1:end], 1, end, speaker="Dimas Pratama",
                  mention=Span.of(text, end + 8, end + 21), title=None, resolution="name",
                  cue=Span.of(text, end + 3, end + 7), confidence=0.9)]
