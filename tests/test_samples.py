"""The sample articles read as a whole: the quotes a reader finds in each, by whom.

Each sample mixes the patterns of test_patterns.py the way articles do, so these catch
interactions (speakers alternating, chrome between a quote and its cue, one article's
pronouns meaning different people). Listed quotes must be found exactly; optional ones by
the dev README's rules (headlines, `mengimbau`, `bercerita`, `mengaku`) are not listed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from helpers import describe, exact_quotes, find_quote

SAMPLES = Path(__file__).parent.parent / "samples"

# sample -> [(kind, text, speaker)]
EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "01_banjir_lembah_hijau.txt": [
        ("indirect", "pemerintah kabupaten telah membuka enam posko pengungsian dan mengirim perahu "
                     "karet ke desa-desa yang terisolasi", "Sutrisno Haryadi"),
        ("direct", "Kami tidak akan tinggal diam. Semua dinas sudah saya perintahkan turun ke lapangan "
                   "malam ini juga,", "Sutrisno Haryadi"),
        ("indirect", "bantuan logistik dari pemerintah provinsi diperkirakan tiba besok pagi", "Sutrisno Haryadi"),
        ("direct", "Yang paling mendesak sekarang adalah air bersih dan selimut. Anak-anak dan lansia "
                   "harus didahulukan,", "Sutrisno Haryadi"),
        ("indirect", "pihaknya masih menyisir permukiman di bantaran sungai", "Dewi Anggraini"),
        ("indirect", "curah hujan dalam dua hari terakhir tiga kali lipat dari rata-rata bulanan", "Dewi Anggraini"),
        ("direct", "Kami sudah mengevakuasi 300 orang sejak subuh. Tim masih bekerja di Desa Karangsari "
                   "dan Desa Sukamaju.", "Dewi Anggraini"),
        ("direct", "Debit sungai belum turun, jadi warga kami minta tetap di pengungsian sampai ada "
                   "pengumuman resmi,", "Dewi Anggraini"),
        ("direct", "Saya cuma sempat menyelamatkan ijazah anak,", "Darmo"),
        ("indirect", "pemkab akan menetapkan status tanggap darurat selama 14 hari", "Sutrisno Haryadi"),
        ("mixed", "yang terparah dalam satu dekade", "Sutrisno Haryadi"),
    ],
    "02_perundingan_laut_timur.txt": [
        ("direct", "Indonesia datang dengan niat baik. Kami ingin perundingan ini menghasilkan peta jalan "
                   "yang jelas, bukan sekadar foto bersama.", "Arjuna Mahendra"),
        ("direct", "Kedua negara punya kepentingan yang sama, yaitu laut yang aman bagi nelayan,", "Arjuna Mahendra"),
        ("direct", "Karena itu kami mengusulkan patroli bersama mulai tahun depan.", "Arjuna Mahendra"),
        ("indirect", "pemerintahnya siap mengirim tim teknis ke Jakarta dalam waktu sebulan", "Victor Almeida"),
        ("direct", "Kami tidak melihat alasan untuk menunda,", "Victor Almeida"),
        ("indirect", "parlemen Serani juga mendukung perundingan itu", "Victor Almeida"),
        ("indirect", "kedua menteri sepakat bertemu lagi pada bulan Mei", "Laila Fitriani"),
        ("indirect", "pertemuan berikutnya akan digelar di ibu kota Serani", "Laila Fitriani"),
        ("indirect", "kedua delegasi belum sepakat soal garis batas di sekitar Pulau Karang",
         "Seorang pejabat senior Kementerian Luar Negeri"),
        ("mixed", "jauh lebih produktif dari perkiraan", "Victor Almeida"),
        ("indirect", "kedua negara akan menandatangani nota kesepahaman sebelum akhir tahun", "Victor Almeida"),
        ("mixed", "masuk seenaknya", "Arjuna Mahendra"),
        ("indirect", "perundingan berikutnya akan membahas kerja sama perikanan", "Victor Almeida"),
    ],
    "03_semifinal_piala_nusantara.txt": [
        ("direct", "Kami hanya tertinggal satu gol. Di kandang sendiri, dengan dukungan suporter, semuanya "
                   "masih mungkin,", "Hendra Wijaya"),
        ("indirect", "timnya sudah memulihkan kondisi tiga pemain inti yang cedera", "Hendra Wijaya"),
        ("direct", "Saya sudah siap seratus persen. Saya ingin membayar kesalahan di leg pertama,", "Rizky Pratama"),
        ("mixed", "pelajaran mahal", "Maman Suparman"),
        ("direct", "Kami terlalu cepat puas setelah unggul penguasaan bola. Itu tidak boleh terulang,",
         "Maman Suparman"),
        ("indirect", "timnya tidak akan bermain bertahan di Bandung", "Stefan Kovac"),
        ("direct", "Kami datang untuk menang, bukan untuk bertahan. Jangan salah paham!", "Stefan Kovac"),
        # "Haji" is an honorific: the dev README puts it in alt, not in the speaker
        ("indirect", "seluruh tiket untuk laga Minggu sudah habis terjual", "Umar Said"),
        ("indirect", "Panitia menambah 200 petugas keamanan di sekitar stadion", "Umar Said"),
        ("direct", "Saya minta suporter datang lebih awal dan tertib,", "Umar Said"),
        ("indirect", "pintu stadion dibuka pukul 16.00", "Umar Said"),
    ],
    "04_vaksinasi_campak.txt": [
        ("indirect", "program vaksinasi campak akan diperluas ke 12 provinsi mulai bulan depan, setelah "
                     "lonjakan kasus di sejumlah daerah sejak awal tahun", "Kementerian Kesehatan"),
        ("indirect", "stok vaksin saat ini cukup untuk enam juta anak", "Sari Wulandari"),
        ("direct", "Kami sudah mendistribusikan vaksin ke gudang provinsi. Puskesmas tinggal mengambil "
                   "sesuai jadwal,", "Sari Wulandari"),
        ("indirect", "cakupan imunisasi yang turun selama beberapa tahun terakhir menjadi penyebab utama "
                     "merebaknya campak", "Sari Wulandari"),
        ("direct", "Kalau satu anak terkena campak, satu kelas bisa tertular. Karena itu kami minta sekolah "
                   "ikut mendata siswa yang belum divaksin,", "Sari Wulandari"),
        ("indirect", "anggaran tambahan sebesar Rp 300 miliar sudah disetujui pekan lalu",
         "Seorang pejabat senior Kemenkes"),
        ("direct", "Vaksin ini aman dan sudah dipakai puluhan tahun. Efek sampingnya paling demam ringan,",
         "Bambang Prasetyo"),
        ("direct", "Anak saya bertanya, 'Sakit tidak, Bu?' Saya jawab cuma seperti digigit semut,", "Nur Aini"),
        ("indirect", "seluruh puskesmas di provinsi itu siap melayani vaksinasi pada akhir pekan",
         "Dinas Kesehatan Provinsi Jawa Barat"),
        ("indirect", "kementerian akan mengumumkan jadwal lengkap untuk tiap provinsi pada pekan depan",
         "Sari Wulandari"),
    ],
    "05_harga_beras_surabaya.txt": [
        ("indirect", "kenaikan itu dipicu oleh pasokan yang tersendat dari sentra produksi di Ngawi dan "
                     "Lamongan", "Agus Salim Nugroho"),
        ("direct", "Panen mundur dua minggu karena hujan. Begitu panen raya mulai, harga akan turun lagi,",
         "Agus Salim Nugroho"),
        ("indirect", "pemerintah provinsi akan menggelar operasi pasar di 38 kabupaten dan kota mulai pekan "
                     "depan", "Agus Salim Nugroho"),
        ("direct", "Pembeli sekarang cuma beli dua atau tiga kilo. Biasanya satu karung,", "Siti Rohmah"),
        ("indirect", "kenaikan ini masih wajar", "Lestari Handayani"),
        ("indirect", "inflasi pangan bulan ini diperkirakan tidak lebih dari 0,4 persen", "Lestari Handayani"),
        ("indirect", "pemerintah perlu memperbaiki data stok di gudang Bulog agar operasi pasar tepat sasaran",
         "Lestari Handayani"),
        ("mixed", "sering terlambat dua minggu", "Lestari Handayani"),
        ("indirect", "Operasi pasar akan dimulai di Surabaya dan Sidoarjo", "Agus Salim Nugroho"),
    ],
}

OUTLETS = ("Antara", "Serani Press")


def sample_text(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def test_every_sample_has_expectations() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name, kind, text, speaker", [
    (name, *row) for name, rows in EXPECTED.items() for row in rows
], ids=lambda value: value[:40] if isinstance(value, str) else None)
def test_sample_quote(name: str, kind: str, text: str, speaker: str) -> None:
    quote = find_quote(sample_text(name), text)
    assert (quote.kind, quote.speaker) == (kind, speaker), describe([quote])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_has_no_quote_from_chrome_or_outlets(name: str) -> None:
    source = sample_text(name)
    chrome = ("Baca juga", "Editor:", "Oleh:", "Penulis:", "Bagikan", "Foto:", "Advertisement")
    quotes = exact_quotes(source)
    for quote in quotes:
        line_start = source.rfind("\n", 0, quote.start) + 1
        assert not source.startswith(chrome, line_start), describe([quote])
        assert not (quote.speaker or "").endswith(OUTLETS), describe([quote])


def as_html(source: str) -> str:
    """The article saved as HTML, one <p> a paragraph."""
    return "<html><body>\n" + "\n".join(f"<p>{p}</p>" for p in source.split("\n\n")) + "\n</body></html>\n"


# Other forms of the same article: only the offsets may change.
SAME_ARTICLE = {
    "crlf_line_endings": lambda source: source.replace("\n", "\r\n"),
    "html_paragraphs": as_html,
}


@pytest.mark.parametrize("form", SAME_ARTICLE.values(), ids=SAME_ARTICLE)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_another_form_of_the_article_gives_the_same_quotes(name: str, form: Callable[[str], str]) -> None:
    source = sample_text(name)
    assert [(q.kind, q.text, q.speaker) for q in exact_quotes(form(source))] == [
        (q.kind, q.text, q.speaker) for q in exact_quotes(source)]
