"""Real metadata: saved HTML pages of several site layouts (written for these tests, in
tests/data/pages), text files described on the command line, and one article however its
path is spelt; ingested on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from dbhelp import fake_extract_nlp
from quotes import pipeline
from quotes.cli import main
from quotes.db.htmlpage import read_page
from quotes.db.sources import Given, published_moment, read_articles

PAGES = Path(__file__).parent.parent / "data" / "pages"


def page(name: str):
    return read_page((PAGES / name).read_text(encoding="utf-8"))


def test_og_tags_and_json_ld_article_body():
    p = page("harian-nusantara.html")
    assert (p.title, p.outlet, p.url) == (
        "Menteri Pertanian: Pupuk Harus Tiba Tepat Waktu", "Harian Nusantara",
        "https://harian-nusantara.example/ekonomi/2024/05/01/pupuk-tepat-waktu")
    assert p.published[0] == "2024-05-01T09:30:00+07:00"
    # the article body of the JSON-LD: no menu, advertisement, "Baca juga" or footer
    assert p.text == ("JAKARTA - Menteri Pertanian Arjuna Mahendra meminta distribusi pupuk dipercepat.\n\n"
                      '"Pupuk bersubsidi harus sampai tepat waktu, tidak boleh terlambat lagi," kata Arjuna '
                      "di Jakarta, Rabu.")


def test_json_ld_graph_canonical_link_and_the_article_body_element():
    p = page("kabar-pagi.html")
    assert (p.title, p.outlet) == ("Stok Beras Aman Sampai Akhir Tahun", "KabarPagi.example")
    assert p.url == "https://kabarpagi.example/berita/d-7712/stok-beras-aman"
    assert p.published == ("2024-06-02T07:15:00+07:00", "2024/06/02 07:15:00")
    # the paragraphs of itemprop=articleBody: not the caption, the advertisement or the aside
    assert p.text.split("\n\n") == [
        "Surabaya - Kepala Dinas Perdagangan Agus Salim Nugroho memastikan stok beras cukup.",
        '"Stok beras di gudang cukup sampai akhir tahun, masyarakat tidak perlu panik," ujar Agus kepada wartawan.',
        "Ia menambahkan operasi pasar akan digelar pekan depan."]


def test_broken_json_ld_leaves_the_other_metadata():
    p = page("suara-timur.html")
    assert (p.title, p.outlet, p.url) == ("Banjir Rendam Empat Ratus Rumah di Lembah Hijau", "Suara Timur",
                                          "https://suaratimur.example/daerah/banjir-lembah-hijau")
    assert p.published == ("2024-03-10", "2024-03-10T18:00:00+08:00")
    assert p.text == ("LEMBAH HIJAU – Banjir merendam empat ratus rumah sejak Sabtu malam.\n\n"
                      "“Tim kami sudah membuka dapur umum sejak subuh,” kata Kepala BPBD Dewi Kartikasari.")


def test_a_plain_page_has_its_title_canonical_link_and_time_element():
    p = page("catatan-warga.htm")
    assert (p.title, p.outlet, p.url) == ("Catatan Warga: Jalan Desa Akhirnya Diperbaiki", None,
                                          "https://catatanwarga.example/2024/07/jalan-desa")
    assert p.published == ("Senin, 8 Juli 2024", "2024-07-08")


def test_pages_become_articles_keyed_by_their_url(tmp_path):
    shutil.copy(PAGES / "kabar-pagi.html", tmp_path / "simpan-1.html")
    shutil.copy(PAGES / "kabar-pagi.html", tmp_path / "simpan-2.HTML")  # the same page saved twice
    shutil.copy(PAGES / "catatan-warga.htm", tmp_path / "catatan.htm")
    (tmp_path / "kosong.html").write_text("<html><body><nav>Beranda</nav></body></html>", encoding="utf-8")
    items = list(read_articles([str(tmp_path)], Given(outlet="Kiriman Pembaca")))
    problems = [i for i in items if not hasattr(i, "key")]
    assert [str(p) for p in problems] == [f"{tmp_path / 'kosong.html'}: an HTML page with no article text"]
    articles = [i for i in items if hasattr(i, "key")]
    assert articles[1].published_at == dt.datetime(2024, 6, 2, 0, 15)  # 07:15 WIB, in UTC
    assert articles[0].published_at is None  # a date without a time
    assert [(a.key, a.outlet, a.published) for a in articles] == [
        ("https://catatanwarga.example/2024/07/jalan-desa", "Kiriman Pembaca", dt.date(2024, 7, 8)),
        ("https://kabarpagi.example/berita/d-7712/stok-beras-aman", "KabarPagi.example", dt.date(2024, 6, 2)),
        ("https://kabarpagi.example/berita/d-7712/stok-beras-aman", "KabarPagi.example", dt.date(2024, 6, 2)),
    ]


@pytest.mark.parametrize("value, moment", [
    ("2024-05-01T09:30:00+07:00", dt.datetime(2024, 5, 1, 2, 30)),
    ("2024-05-01T02:30:00Z", dt.datetime(2024, 5, 1, 2, 30)),
    ("2024-05-01T09:30:00", dt.datetime(2024, 5, 1, 2, 30)),  # no offset: Western Indonesian Time
    ("2024-05-01T10:30:00+08:00", dt.datetime(2024, 5, 1, 2, 30)),
    ("2024-05-01", None), ("Rabu, 1 Mei 2024 09:30", None), (None, None),
])
def test_the_moment_of_publication_is_kept_in_utc(value, moment):
    assert published_moment(value) == moment


def test_a_text_files_title_is_its_first_line_that_is_not_chrome(tmp_path):
    path = tmp_path / "berita.txt"
    path.write_text("Advertisement\nBagikan:\n\nBanjir di Lembah Hijau\n\nIsi berita.\n", encoding="utf-8")
    [article] = read_articles([str(path)], Given(outlet="Warta", published=dt.date(2024, 1, 2),
                                                 url="https://warta.example/banjir"))
    assert (article.key, article.title, article.outlet, article.published, article.source) == (
        str(path), "Banjir di Lembah Hijau", "Warta", dt.date(2024, 1, 2), "https://warta.example/banjir")


@pytest.fixture
def quotes_db(db_url, monkeypatch, capsys):
    monkeypatch.setattr(pipeline, "extract_nlp", fake_extract_nlp)

    def run(*args):
        code = main(["db", *args, "--db", db_url])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_ingest_pages_and_described_text_files(quotes_db, tmp_path, monkeypatch):
    for name in ("harian-nusantara.html", "kabar-pagi.html"):
        shutil.copy(PAGES / name, tmp_path / name)
    text = tmp_path / "rilis.txt"
    text.write_text('Rilis Pers\n\n"Kami siap membantu petani di seluruh daerah," kata Arjuna Mahendra.\n',
                    encoding="utf-8")
    code, _, err = quotes_db("ingest", str(tmp_path), "--jobs", "1", "--outlet", "Humas Kementan",
                             "--published", "2024-05-03")
    assert code == 0, err
    assert "3 articles added" in err
    code, out, _ = quotes_db("search", "--format", "jsonl")
    rows = {r["article"]: r for r in map(json.loads, out.splitlines())}
    assert {k: (r["outlet"], r["published"], r["article_title"]) for k, r in rows.items()} == {
        "https://harian-nusantara.example/ekonomi/2024/05/01/pupuk-tepat-waktu":
            ("Harian Nusantara", "2024-05-01", "Menteri Pertanian: Pupuk Harus Tiba Tepat Waktu"),
        "https://kabarpagi.example/berita/d-7712/stok-beras-aman":
            ("KabarPagi.example", "2024-06-02", "Stok Beras Aman Sampai Akhir Tahun"),
        str(text): ("Humas Kementan", "2024-05-03", "Rilis Pers"),
    }
    # the same file, its path spelt otherwise, is the same article: unchanged
    monkeypatch.chdir(tmp_path)
    code, _, err = quotes_db("ingest", "./rilis.txt", "--jobs", "1")
    assert code == 0 and "0 articles added, 0 replaced, 1 unchanged" in err
    code, _, err = quotes_db("ingest", os.path.join("..", tmp_path.name, "rilis.txt"), "--jobs", "1")
    assert code == 0 and "1 unchanged" in err
    code, out, _ = quotes_db("show", "rilis.txt")
    assert code == 0 and "Arjuna Mahendra" in out


def test_url_is_for_one_file(quotes_db, tmp_path):
    code, _, err = quotes_db("ingest", str(tmp_path), "--url", "https://x.example/a")
    assert (code, err) == (2, "quotes: --url names one article: give it with one file\n")
