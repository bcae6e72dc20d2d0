"""A small article with hand-marked quotes: web tests need known quotes whatever the extractor
finds, and a quote holding markup to prove it is shown as text."""
from __future__ import annotations

from quotes.model import Quote, Span

TEXT = """Menlu Tinjau Perundingan Laut Timur

JAKARTA — Menteri Luar Negeri Ratna Wulandari mengatakan bahwa perundingan batas laut akan dilanjutkan bulan depan.

"Kami siap duduk bersama, tetapi kedaulatan tidak bisa ditawar," kata Ratna kepada wartawan, Senin (3/3).

Ia menambahkan, tim teknis sudah bekerja sejak Januari. "<script>alert('x')</script> bukan ancaman," ujarnya.

Juru bicara Kemlu, Bayu Santoso, menyebut pertemuan itu "langkah maju yang penting".
"""


def quotes() -> list[Quote]:
    """The article's quotes in text order, as an extractor should find them."""
    def quote(paragraph: str, kind: str, text: str, speaker: str, mention: str, resolution: str,
              cue: str, title: str) -> Quote:
        # every span is looked up from the start of its paragraph: "Ratna" and "kata" recur
        def span(part: str) -> Span:
            start = TEXT.index(part, TEXT.index(paragraph))
            return Span.of(TEXT, start, start + len(part))

        body = span(text)
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
