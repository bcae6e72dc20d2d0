"""A made-up archive for measuring quote trails: hand-written statements, each copied into
several made-up outlets with the edits that outlets make, in a shuffled order.

Statements in a group share a speaker and a phrase but are different statements: grouping
must keep them apart. Every text here was written for this test.
"""
from __future__ import annotations

import random

import attrs

# (speaker, statement); blank lines separate groups of one speaker's different statements
STATEMENTS = [
    ("Arjuna Mahendra", "Kami akan terus mendukung petani di seluruh daerah agar panen tahun ini meningkat. "
                        "Pupuk bersubsidi harus sampai tepat waktu, tidak boleh terlambat lagi."),
    ("Arjuna Mahendra", "Kami akan terus mendukung upaya penegakan hukum terhadap pelaku korupsi di daerah. "
                        "Tidak ada yang kebal hukum di negeri ini."),
    ("Arjuna Mahendra", "Kami akan terus mendukung program makan bergizi di sekolah. Anak-anak harus tumbuh "
                        "sehat dan belajar dengan tenang."),
    ("Arjuna Mahendra", "Pupuk bersubsidi harus sampai tepat waktu di seluruh daerah, dan kami akan mengawasi "
                        "sendiri penyalurannya dari gudang sampai ke kios."),

    ("Lestari Handayani", "Inflasi bulan ini lebih rendah dari perkiraan pasar, tetapi harga beras masih menjadi "
                          "perhatian utama kami."),
    ("Lestari Handayani", "Harga beras masih menjadi perhatian utama, sehingga operasi pasar akan diperluas ke "
                          "dua puluh kabupaten mulai pekan depan."),
    ("Lestari Handayani", "Pertumbuhan ekonomi kuartal ketiga ditopang oleh konsumsi rumah tangga. Kami "
                          "optimistis angka lima persen bisa dicapai tahun ini."),

    ("Victor Almeida", "Pemerintah kami siap mengirim tim teknis ke Jakarta dalam waktu sebulan untuk membahas "
                       "patroli bersama di perbatasan laut."),
    ("Victor Almeida", "Patroli bersama di perbatasan laut adalah langkah pertama, bukan tujuan akhir. Kita "
                       "perlu perjanjian yang mengikat kedua negara."),

    ("Agus Salim Nugroho", "Stok bawang merah di gudang Bulog cukup sampai akhir tahun, masyarakat tidak perlu "
                           "panik membeli dalam jumlah besar."),
    ("Agus Salim Nugroho", "Masyarakat tidak perlu panik, karena pasokan minyak goreng dari tiga pabrik baru "
                           "sudah mulai masuk ke pasar tradisional."),
    ("Agus Salim Nugroho", "Kenaikan harga cabai disebabkan oleh hujan deras yang merusak kebun di Jawa Barat. "
                           "Dalam dua minggu harga akan kembali normal."),

    ("Dewi Kartikasari", "Banjir di Lembah Hijau merendam empat ratus rumah dan memaksa seribu warga mengungsi "
                         "ke balai desa. Tim kami sudah membuka dapur umum sejak subuh."),
    ("Dewi Kartikasari", "Tim kami sudah membuka posko kesehatan di tiga titik pengungsian. Warga yang demam "
                         "atau diare bisa datang kapan saja tanpa biaya."),
    ("Dewi Kartikasari", "Curah hujan diperkirakan masih tinggi sampai akhir bulan, jadi warga di bantaran "
                         "sungai kami minta tetap waspada dan tidak kembali ke rumah dulu."),

    ("Bambang Prasetyo", "Jalan tol Trans Sumatera ruas Palembang sampai Jambi akan beroperasi penuh sebelum "
                         "mudik Lebaran tahun depan."),
    ("Bambang Prasetyo", "Sebelum mudik Lebaran, kami akan memperbaiki seluruh jembatan yang rusak di jalur "
                         "pantai utara Jawa."),
    ("Bambang Prasetyo", "Proyek kereta cepat tidak memakai uang negara sepeser pun. Semua pembiayaan berasal "
                         "dari konsorsium dan pinjaman jangka panjang."),

    ("Siti Rahmawati", "Kurikulum baru memberi guru keleluasaan untuk menyesuaikan materi dengan kebutuhan "
                       "murid di daerahnya masing-masing."),
    ("Siti Rahmawati", "Guru honorer yang sudah mengabdi lebih dari lima tahun akan diprioritaskan dalam "
                       "seleksi pegawai pemerintah tahun ini."),
    ("Siti Rahmawati", "Kami tidak akan menghapus ujian sekolah. Yang kami ubah adalah cara menilai, supaya "
                       "murid tidak hanya menghafal."),

    ("Hendra Gunawan", "Tim kami bermain dengan hati malam ini. Kemenangan ini untuk para suporter yang datang "
                       "jauh-jauh dari Makassar."),
    ("Hendra Gunawan", "Kami kalah karena lengah di babak kedua, dan itu tanggung jawab saya sebagai pelatih."),

    ("Kepolisian Daerah", "Tersangka ditangkap di sebuah rumah kontrakan di Bekasi tanpa perlawanan. Barang "
                          "bukti berupa dua telepon genggam dan uang tunai sudah kami sita."),
    ("Kepolisian Daerah", "Kami mengimbau masyarakat tidak menyebarkan video penangkapan itu karena penyidikan "
                          "masih berjalan."),

    ("Nur Aini", "Vaksinasi campak untuk anak di bawah lima tahun gratis di semua puskesmas sampai akhir "
                 "Desember."),
    ("Nur Aini", "Kasus demam berdarah naik dua kali lipat dibanding tahun lalu. Kami minta warga menguras bak "
                 "mandi setiap minggu dan menutup tempat penampungan air."),

    ("Rudi Hartono", "Harga tiket pesawat menjelang libur akhir tahun tidak boleh melampaui tarif batas atas "
                     "yang sudah ditetapkan."),
    ("Rudi Hartono", "Maskapai yang melanggar tarif batas atas akan kami beri sanksi, mulai dari teguran "
                     "sampai pencabutan izin rute."),

    ("Maya Anggraini", "Data pribadi pelanggan tidak bocor dari sistem kami. Kami sudah memeriksa seluruh server "
                       "bersama tim forensik independen."),
    ("Maya Anggraini", "Kami sudah memeriksa seluruh server dan menemukan celah pada aplikasi mitra, bukan pada "
                       "sistem inti bank."),
]

OUTLETS = ["Warta Nusantara", "Kabar Pagi", "Suara Timur", "Harian Merdeka", "Lintas Berita", "Detak Kota",
           "Portal Sembilan"]

# a word an outlet may put in another's place
SWAPS = {"kami": "kita", "akan": "bakal", "tidak": "tak", "sudah": "telah", "harus": "mesti",
         "masih": "tetap", "sampai": "hingga", "karena": "sebab", "bisa": "dapat", "supaya": "agar"}


@attrs.frozen
class Copy:
    statement: int  # index into STATEMENTS: the truth
    outlet: str
    speaker: str
    text: str


def _sentences(text: str) -> list[str]:
    parts, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
            parts.append(text[start:i + 1].strip())
            start = i + 1
    return [p for p in parts if p] or [text]


def _swap_word(text: str, rng: random.Random) -> str:
    ws = text.split(" ")
    spots = [i for i, w in enumerate(ws) if w.lower().strip(",.") in SWAPS]
    if not spots:
        return text
    i = rng.choice(spots)
    bare = ws[i].strip(",.")
    ws[i] = ws[i].replace(bare, SWAPS[bare.lower()])
    return " ".join(ws)


def _cut_clause(text: str) -> str:
    """The statement without its last clause (after the last comma), when it has one."""
    cut = text.rfind(",")
    return text[:cut] + "." if cut > len(text) // 2 else text


def _excerpt(text: str, rng: random.Random) -> str:
    parts = _sentences(text)
    return rng.choice(parts) if len(parts) > 1 else _cut_clause(text)


def _restyle(text: str) -> str:
    """Punctuation and case as another outlet prints them."""
    return text.rstrip(".") + "," if text.endswith(".") else text.upper()


EDITS = [
    lambda t, rng: t,
    lambda t, rng: _restyle(t),
    _swap_word,
    lambda t, rng: _cut_clause(t),
    _excerpt,
    lambda t, rng: _swap_word(_excerpt(t, rng), rng),
]


def archive(seed: int = 7) -> list[Copy]:
    """Each statement in 3 to 6 outlets, each copy with one edit; all copies shuffled."""
    rng = random.Random(seed)
    copies = []
    for index, (speaker, text) in enumerate(STATEMENTS):
        outlets = rng.sample(OUTLETS, rng.randint(3, 6))
        for n, outlet in enumerate(outlets):
            edit = EDITS[0] if n == 0 else rng.choice(EDITS)
            copies.append(Copy(index, outlet, speaker, edit(text, rng)))
    rng.shuffle(copies)
    return copies


def pair_scores(truth: list[int], found: list[int]) -> tuple[float, float]:
    """Precision and recall of the pairs of copies put in one group."""
    same_true = same_found = both = 0
    for i in range(len(truth)):
        for j in range(i + 1, len(truth)):
            t, f = truth[i] == truth[j], found[i] == found[j]
            same_true += t
            same_found += f
            both += t and f
    return both / same_found, both / same_true
