"""Speaker names: the role split off whole, every given name kept, no place or ordinary word
taken for a name. Hand-written sentences; names, places and firms are made up."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import quotes
from quotes.roles import name_start, name_words
from quotes.rules import load_rules


def speaker_and_title(text: str) -> tuple[str | None, str | None]:
    [q] = [q for q in quotes.extract(text) if q.kind == "direct"]
    return q.speaker, q.title


@pytest.mark.parametrize("text,speaker,title", [
    # unit, place type and place words stay in the title
    ('"Stok beras aman," kata Kepala Dinas Pariwisata Kota Sukamaju Rudi Hartono.',
     "Rudi Hartono", "Kepala Dinas Pariwisata Kota Sukamaju"),
    ('"Jalan ditutup," kata Wali Kota Bekasi Dedi Kurniawan di Bekasi, Rabu.',
     "Dedi Kurniawan", "Wali Kota Bekasi"),
    ('"Ini baik," kata Kepala Desa Tegalrejo Sutrisno.', "Sutrisno", "Kepala Desa Tegalrejo"),
    ('"Kami menolak," kata Ketua Umum Partai Harapan Bangsa Yusuf Maulana.',
     "Yusuf Maulana", "Ketua Umum Partai Harapan Bangsa"),
    ('"Saya sehat," kata Rektor Universitas Nusa Cendana Fransiskus Bata.',
     "Fransiskus Bata", "Rektor Universitas Nusa Cendana"),
    # ranks spelled out, a day after a comma
    ('"Pelaku sudah kami tahan," ujar Kepala Bidang Humas Polda Jabar Komisaris Besar Budi '
     'Hartono, Selasa (4/3/2021).', "Budi Hartono", "Kepala Bidang Humas Polda Jabar Komisaris Besar"),
    # honorifics and degrees around the name
    ('"Bagus," kata Dr Hendra Wijaya SH MH.', "Hendra Wijaya", "Dr"),
    # given names kept whole after a place
    ('"Vaksin tiba besok," kata Kepala Dinas Kesehatan Kabupaten Garut Asep Surya Purnama.',
     "Asep Surya Purnama", "Kepala Dinas Kesehatan Kabupaten Garut"),
    # initials after an office's acronym open no name
    ('"Ini berbahaya," kata Ketua DPR RI Mira Lestiani.', "Mira Lestiani", "Ketua DPR RI"),
    # an institution always takes its own name first
    ('"Kami siap," kata Direktur Utama PT Sinar Laut Bambang Hermawan.',
     "Bambang Hermawan", "Direktur Utama PT Sinar Laut"),
    # a role whose fields are listed with commas and 'dan', or numbered
    ('"Semua aman," kata Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Arief Nugraha.',
     "Arief Nugraha", "Menteri Koordinator Bidang Politik, Hukum, dan Keamanan"),
    ('"Kami buka lagi," kata Menteri Pariwisata dan Ekonomi Kreatif Lestiani Maharani.',
     "Lestiani Maharani", "Menteri Pariwisata dan Ekonomi Kreatif"),
    ('"Kereta tertahan," ujar Kepala Humas Daop 2 Bandung Yuni Safitri.',
     "Yuni Safitri", "Kepala Humas Daop 2 Bandung"),
    # a place in apposition inside the role; initials after a name
    ('"Warga sudah diingatkan," kata Camat Sukasari, Kabupaten Garut, Hendra Gunawan, Sabtu.',
     "Hendra Gunawan", "Camat Sukasari, Kabupaten Garut"),
    ('"Semua aman," kata Menteri Koordinator Bidang Politik dan Keamanan Arief Nugraha MD.',
     "Arief Nugraha MD", "Menteri Koordinator Bidang Politik dan Keamanan"),
])
def test_the_role_is_split_off_the_name(text: str, speaker: str, title: str) -> None:
    assert speaker_and_title(text) == (speaker, title)


def test_a_list_of_officials_is_several_people() -> None:
    text = ('Presiden Joko Wibisono, Menteri Pertahanan Agus Salim Harahap, dan pejabat lain hadir.'
            '\n\n"Kita kuat," kata Agus.')
    assert speaker_and_title(text) == ("Agus Salim Harahap", "Menteri Pertahanan")


def test_an_ordinary_word_opening_a_sentence_is_no_given_name() -> None:
    text = 'Sepengetahuan Rina Handoko, rapat itu batal.\n\n"Tidak ada rapat," kata Rina.'
    assert speaker_and_title(text)[0] == "Rina Handoko"


def test_a_place_alone_after_a_role_is_no_name() -> None:
    [q] = quotes.extract('"Kami siaga," kata Kepala Desa Tegalrejo.')
    assert q.speaker != "Tegalrejo" and q.resolution != "name"


@pytest.mark.parametrize("word,common", [
    ("keamanan", True), ("pandangan", True), ("sepengetahuan", True), ("sembuhnya", True),
    ("pariwisata", True), ("perikanan", True),
    ("setiawan", False), ("kurniawan", False), ("budi", False), ("dimas", False), ("sri", False),
])
def test_ordinary_words_and_given_names(word: str, common: bool) -> None:
    assert name_words(load_rules()).is_common(word) is common


TITLES = ["Kepala Dinas Kesehatan Kota Sukamaju", "Kapolres Garut AKBP", "Ketua Umum Partai Harapan Bangsa",
          "Direktur Utama PT Sinar Laut", "Wali Kota Bekasi", "Kepala Desa Tegalrejo",
          "Menteri Pertahanan", "Kepala Bidang Humas Polda Jabar Komisaris Besar", "Rektor Universitas Nusa Cendana",
          "Juru Bicara Kementerian Kesehatan", "Gubernur Banten", "Camat Sukasari"]
NAMES = ["Rudi Hartono", "Asep Surya Purnama", "Budi", "Yohana Maria Sitompul", "I Made Sudarsana",
         "Hendra Wijaya", "Siti Nurhaliza", "Dedi Kurniawan", "Fransiskus Xaverius Bata"]


@given(st.sampled_from(TITLES), st.sampled_from(NAMES))
def test_any_title_with_any_name(title: str, name: str) -> None:
    assert speaker_and_title(f'"Kami siap membantu warga," kata {title} {name}.') == (name, title)


def test_a_name_before_a_title_in_apposition_is_the_subject() -> None:
    text = ('Rahmat Hidayat, Koordinator Relawan Pesisir untuk Lombok, juga menyampaikan harapan serupa.'
            '\n\n"Kami siap membantu," tuturnya.')
    assert speaker_and_title(text)[0] == "Rahmat Hidayat"


def test_a_singular_pronoun_takes_a_person_before_an_organisation() -> None:
    text = ('"Pasokan aman," kata Direktur Utama Yanti Kusuma.\n\n'
            'Kementerian Perdagangan memastikan harga stabil.\n\n"Kami terus memantau," katanya.')
    found = [q for q in quotes.extract(text) if q.kind == "direct"]
    assert [q.speaker for q in found] == ["Yanti Kusuma", "Yanti Kusuma"]


def test_a_title_shows_where_a_name_read_earlier_without_it_begins() -> None:
    text = ('Para pejabat hadir. Sinarmaju Dedi Kurniawan juga hadir di sana.\n\n'
            '"Kami siap," kata Chief Information Officer Sinarmaju Dedi Kurniawan.\n\n"Semua aman," kata Dedi.')
    assert [q.speaker for q in quotes.extract(text)] == ["Dedi Kurniawan", "Dedi Kurniawan"]


def test_a_role_goes_on_after_dari_to_the_name() -> None:
    text = ('Wakil Ketua Komisi II dari Fraksi Partai Maju Rina Santika mengatakan, rapat ditunda.\n\n'
            '"Kami menunggu jadwal baru," katanya.')
    found = [(q.kind, q.speaker, q.title) for q in quotes.extract(text)]
    role = "Wakil Ketua Komisi II dari Fraksi Partai Maju"
    assert found == [("indirect", "Rina Santika", role), ("direct", "Rina Santika", role)]
    text = 'Pengamat politik dari Universitas Cendana Bima Saputra menilai, hasil itu wajar.'
    assert [(q.speaker, q.title) for q in quotes.extract(text)] == [
        ("Bima Saputra", "Pengamat politik dari Universitas Cendana")]


def test_a_role_resolves_by_its_head_word_not_a_shared_unit() -> None:
    text = ('Panglima TNI Jenderal Agus Santoso meninjau kapal.\n\nKepala Dinas Penerangan TNI AL '
            'Laksamana Pertama Julius Widodo mendampinginya.\n\n"Kapal ini canggih," kata Panglima TNI.')
    assert speaker_and_title(text) == ("Agus Santoso", "Panglima TNI")


def test_a_first_word_the_article_writes_apart_from_the_name_is_the_roles() -> None:
    text = ('"Pesanan naik," kata Ketua Sarimbit Wenny Arsita.\n\nProduk Sarimbit dijual ke Jepang.\n\n'
            '"Kami kewalahan," kata Wenny.')
    assert [(q.speaker, q.title) for q in quotes.extract(text)] == [("Wenny Arsita", "Ketua Sarimbit")] * 2


def test_a_given_name_the_title_took_comes_back_when_the_article_uses_it_alone() -> None:
    text = ('"Pelaku kami kejar," kata Kepala Bareskrim Komisaris Jenderal Wiratmo Sigit Prasetyo.\n\n'
            'Menurut Wiratmo, tim sudah bergerak.\n\n"Kami tangkap," ujarnya.')
    found = [(q.speaker, q.title) for q in quotes.extract(text)]
    assert found == [("Wiratmo Sigit Prasetyo", "Kepala Bareskrim Komisaris Jenderal")] * 3


def test_an_organisation_then_a_person_is_the_person() -> None:
    text = 'Peneliti pada Lembaga Studi Hukum Sulteng Ahmad Fauzi menyatakan, pengejaran terkesan lamban.'
    assert [(q.speaker, q.title) for q in quotes.extract(text)] == [("Ahmad Fauzi", "Lembaga Studi Hukum Sulteng")]


def test_a_word_before_an_initial_is_a_given_name() -> None:
    nw = name_words(load_rules())
    unsure = lambda i: 0.1  # noqa: E731 - the tagger doubting every word
    assert name_start(["polani", "b", "santika"], "transportasi", nw, person=unsure) == 0
    assert name_start(["polani", "sari", "santika"], "transportasi", nw, person=unsure) == 1
    assert name_start(["bangsa", "i", "made", "sudarsana"], "partai", nw, person=unsure) == 1


@pytest.mark.parametrize("introduction", [
    # after a short clause and a comma
    "Secara terpisah, Kepala Dinas Perdagangan Sukamaju Rina Wulandari meninjau pasar.",
    # a name between commas after a description
    "Pengajar ekonomi Universitas Sukamaju, Rina Wulandari, mengkritik kebijakan itu.",
    # brought in as saying much the same
    "Hal senada disampaikan Ketua Paguyuban Nelayan Rina Wulandari.",
])
def test_a_pronoun_takes_the_person_a_sentence_before_brings_in(introduction: str) -> None:
    text = ('"Harga naik," kata Ketua Paguyuban Pedagang Budi Santoso.\n\n' + introduction +
            '\n\nPasokan beras disebut cukup.\n\n"Stok aman," ujarnya.')
    assert [q.speaker for q in quotes.extract(text)] == ["Budi Santoso", "Rina Wulandari"]


def test_a_place_in_apposition_speaks_for_no_one_the_name_before_it_does() -> None:
    text = 'Warsito (37), pedagang daging di Pasar Cempaka, Jakarta Selatan, mengatakan, permintaan naik dua kali.'
    assert [q.speaker for q in quotes.extract(text)] == ["Warsito"]
    # a fronted time is no description: the place is the source
    text = 'Pada hari Senin, Washington mengumumkan bahwa kedutaan dipindahkan sementara.'
    assert [q.speaker for q in quotes.extract(text)] == ["Washington"]
