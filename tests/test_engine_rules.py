"""Exact expectations for the engine's finer rules (hand-written sentences, invented people)."""
from __future__ import annotations

import pytest

import quotes


def only(text: str, body: str) -> quotes.Quote:
    found = [q for q in quotes.extract(text) if q.text == body]
    assert len(found) == 1, [(q.kind, q.text, q.speaker) for q in quotes.extract(text)]
    q = found[0]
    assert text[q.start:q.end] == q.text
    return q


CASES = [
    # retro-attribution: the sentence before is the speaker's report
    ("Sebelumnya, pemerintah terus menyempurnakan aturan pengelolaan sampah kota. "
     "Hal itu disampaikan Menteri Lingkungan Hidup Rahmat Wibisono di Bogor, Senin.",
     "pemerintah terus menyempurnakan aturan pengelolaan sampah kota", "indirect", "Rahmat Wibisono"),
    # a reporting verb the rules do not list, where a cue is due
    ('Ketua RT 05 Darto Wiyono menolak tuduhan itu. "Saya tidak pernah menerima uang," '
     "sergah Darto.", "Saya tidak pernah menerima uang,", "direct", "Darto Wiyono"),
    # a nickname introduced with 'akrab disapa'
    ("Direktur Utama PT Sinar Laut Bambang Hermawan meresmikan pabrik baru. Pria yang akrab "
     'disapa Bembi ini optimistis. "Kami siap bersaing di pasar ekspor," ujar Bembi.',
     "Kami siap bersaing di pasar ekspor,", "direct", "Bambang Hermawan"),
    # a subject before an interjected clause
    ("Gubernur Sulawesi Tengah Anwar Pattiro, sebelum bertemu para bupati di Palu, mengatakan "
     "anggaran bencana sudah cair.", "anggaran bencana sudah cair", "indirect", "Anwar Pattiro"),
    # a subject before an adverbial clause without commas
    ("Kepala Seksi Pelayanan Rina Marlina saat mendampingi kepala dinas mengatakan antrean "
     "sudah berkurang.", "antrean sudah berkurang", "indirect", "Rina Marlina"),
    # a subject before a short relative clause
    ("Di pasar itu, seorang pedagang yang berjualan sayur mengatakan harga cabai naik dua kali "
     "lipat.", "harga cabai naik dua kali lipat", "indirect", "seorang pedagang"),
    # a stem before 'bahwa' reports too
    ("Ketua serikat buruh, Joko Susilo, klaim bahwa upah minimum belum layak.",
     "upah minimum belum layak", "indirect", "Joko Susilo"),
    # a descriptive anaphor with any head noun, closed by 'tersebut'
    ('Kapten tim, Rudi Hartono, menyebut kemenangan itu untuk suporter. "Ini untuk mereka," '
     "ujar gelandang berusia 32 tahun tersebut.", "Ini untuk mereka,", "direct", "Rudi Hartono"),
    # a statement's author after the quote; a bare organisation head is the one last heard
    ('Manajemen Persita menyatakan akan mengevaluasi tim. "Kami kecewa, tapi musim masih '
     'panjang," demikian pernyataan resmi klub.', "Kami kecewa, tapi musim masih panjang,",
     "direct", "Manajemen Persita"),
    # a place and a day between the subject and the verb
    ("Gubernur BI Perry Wirawan di Jakarta, Rabu, mengatakan inflasi inti masih stabil.",
     "inflasi inti masih stabil", "indirect", "Perry Wirawan"),
    # a name, then a description with a place, then the verb
    ("Budi Santoso, pedagang di Pasar Senen, mengaku ia khawatir harga cabai akan terus naik.",
     "ia khawatir harga cabai akan terus naik", "indirect", "Budi Santoso"),
    # English words inside an institution's name in the title
    ("Ekonom senior Institute for Development of Economics and Finance (Indef) Aviliani "
     "menilai kebijakan itu sudah tepat.", "kebijakan itu sudah tepat", "indirect", "Aviliani"),
    # an anonymous source named in apposition
    ('"Air naik sangat cepat," kata seorang warga, Siti Rohmah (41), kepada wartawan.',
     "Air naik sangat cepat,", "direct", "Siti Rohmah"),
]


@pytest.mark.parametrize("text,body,kind,speaker", CASES, ids=[c[3] for c in CASES])
def test_rule(text: str, body: str, kind: str, speaker: str) -> None:
    q = only(text, body)
    assert (q.kind, q.speaker) == (kind, speaker)


def test_back_reference_is_not_a_report() -> None:
    text = "Pria itu mengatakan demikian karena pasar tumbuh pesat tahun ini."
    assert [q for q in quotes.extract(text) if q.kind == "indirect"] == []


def test_place_before_name_is_not_part_of_it() -> None:
    text = ("Berkas itu dikirim ke Kejari Wonosari pekan lalu. Kajari Wonosari Hendra Gunawan "
            "mengatakan berkas perkara sudah lengkap.")
    assert only(text, "berkas perkara sudah lengkap").speaker == "Hendra Gunawan"


def test_html_tags_are_ignored_and_offsets_kept() -> None:
    text = ('<html><body><p class="lead">Menteri Kesehatan Budi Sadikin meninjau rumah sakit.</p>'
            '<p>"Kami <b>siap</b> membantu," kata Budi.</p><script>var s = "a, b";</script></body></html>')
    found = quotes.extract(text)
    assert [(q.kind, q.text, q.speaker) for q in found] == [
        ("direct", "Kami <b>siap</b> membantu,", "Budi Sadikin")]
    assert all(text[q.start:q.end] == q.text for q in found)
