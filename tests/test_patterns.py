"""Issue 3, pattern by pattern: hand-written Indonesian sentences with exact expectations.

Conventions are those of shared/eval/dev/README.md:
- a direct quote's text excludes the enclosing marks and keeps the punctuation inside them;
- indirect speech is the content clause after the cue, without the final full stop;
- speaker is the fullest name the article gives, without the title (which goes to ``title``);
  organisations and anonymous sources keep the article's phrase; outlets are never speakers;
  no credible speaker means None.
"""
from __future__ import annotations

from typing import NamedTuple

import pytest

from helpers import describe, exact_quotes, find_quote


class Case(NamedTuple):
    """One expected quote in ``source``. Fields left as None are not checked."""

    source: str
    text: str
    kind: str
    speaker: str | None
    resolution: str | None = None
    cue: str | None = None
    mention: str | None = None
    title: str | None = None


def check(case: Case) -> None:
    quote = find_quote(case.source, case.text)
    assert (quote.kind, quote.speaker) == (case.kind, case.speaker), describe([quote])
    if case.resolution is not None:
        assert quote.resolution == case.resolution, describe([quote])
    if case.cue is not None:
        assert quote.cue is not None and quote.cue.text == case.cue, quote.cue
    if case.mention is not None:
        assert quote.mention is not None and quote.mention.text == case.mention, quote.mention
    if case.title is not None:
        assert quote.title == case.title, quote.title


def ids(cases: dict[str, Case]) -> dict:
    return {"argvalues": list(cases.values()), "ids": list(cases)}


# A speaker introduced with a comma-separated title; later sentences name him "Budi".
BUDI = "Kepala Desa Sukamaju, Budi Santoso, meninjau lokasi banjir pada Senin (3/3).\n\n"
BUDI_TITLE = "Kepala Desa Sukamaju"

# --- 1. Direct quotes: cue after, before, split around the quote -----------------------

CUE_AFTER = {
    f"{verb}_name": Case(BUDI + f'"Air mulai surut di dua desa," {verb} Budi.',
                         "Air mulai surut di dua desa,", "direct", "Budi Santoso",
                         resolution="alias", cue=verb, mention="Budi", title=BUDI_TITLE)
    for verb in ("kata", "ujar", "tutur", "ucap", "ungkap", "jelas", "tegas", "lanjut", "tambah")
}

# Cue and mention are both the whole -nya word (quotes.model: mention "ujarnya").
NYA_CUES = {
    verb: Case(BUDI + f'"Air mulai surut di dua desa," {verb} sambil menunjuk peta.',
                    "Air mulai surut di dua desa,", "direct", "Budi Santoso",
                    resolution="pronoun", cue=verb, mention=verb)
    for verb in ("ujarnya", "katanya", "tuturnya", "lanjutnya", "serunya", "tegasnya",
                 "ungkapnya", "jelasnya", "imbuhnya", "tambahnya", "pungkasnya")
}

PRONOUN_AFTER_VERB = {
    f"{verb}_{pronoun}": Case(BUDI + f'"Air mulai surut di dua desa," {verb} {pronoun}.',
                              "Air mulai surut di dua desa,", "direct", "Budi Santoso",
                              resolution="pronoun", cue=verb, mention=pronoun)
    for verb, pronoun in (("kata", "dia"), ("ujar", "dia"), ("lanjut", "dia"), ("kata", "beliau"))
} | {
    # `kata dia lagi`, `ujarnya lagi` (dev README): "lagi" is neither speaker nor content
    f"{cue}_lagi": Case(BUDI + f'"Air mulai surut di dua desa," {cue} lagi.',
                        "Air mulai surut di dua desa,", "direct", "Budi Santoso",
                        resolution="pronoun", mention=mention)
    for cue, mention in (("kata dia", "dia"), ("ujarnya", "ujarnya"))
}

CUE_BEFORE = {
    verb: Case(
        BUDI + f'Budi {verb}{sep}"Kami sudah menyiapkan perahu karet."',
        "Kami sudah menyiapkan perahu karet.", "direct", "Budi Santoso",
        resolution="alias", cue=verb, mention="Budi")
    for verb, sep in (("mengatakan", ", "), ("menambahkan", ", "), ("menegaskan", ": "))
}

SPLIT = {
    # `"…," kata dia. "…"`: the second sentence has no cue of its own
    "kata_dia_then_more_first": Case(
        BUDI + '"Air mulai surut," kata dia. "Tapi kami tetap berjaga malam ini."',
        "Air mulai surut,", "direct", "Budi Santoso", resolution="pronoun", cue="kata", mention="dia"),
    "kata_dia_then_more_second": Case(
        BUDI + '"Air mulai surut," kata dia. "Tapi kami tetap berjaga malam ini."',
        "Tapi kami tetap berjaga malam ini.", "direct", "Budi Santoso"),
    # one sentence split around its cue
    "around_cue_first": Case(
        BUDI + '"Air mulai surut," kata Budi, "tetapi warga belum boleh pulang."',
        "Air mulai surut,", "direct", "Budi Santoso", cue="kata", mention="Budi"),
    "around_cue_second": Case(
        BUDI + '"Air mulai surut," kata Budi, "tetapi warga belum boleh pulang."',
        "tetapi warga belum boleh pulang.", "direct", "Budi Santoso"),
    # `"…," lanjut X seraya menambahkan …`: the quote, and the indirect speech after it
    "seraya_menambahkan_direct": Case(
        BUDI + '"Kami butuh lebih banyak relawan," lanjut Budi seraya menambahkan bahwa '
               'posko dibuka 24 jam.',
        "Kami butuh lebih banyak relawan,", "direct", "Budi Santoso", cue="lanjut", mention="Budi"),
    "seraya_menambahkan_indirect": Case(
        BUDI + '"Kami butuh lebih banyak relawan," lanjut Budi seraya menambahkan bahwa '
               'posko dibuka 24 jam.',
        "posko dibuka 24 jam", "indirect", "Budi Santoso"),
}

# Names with titles before or after them (the spec's examples without commas), honorifics.
NAMED_SPEAKERS = {
    "title_name_cue_before": Case(
        'Menteri Luar Negeri AS Antony Blinken mengatakan, "Kami tetap membuka pintu dialog."',
        "Kami tetap membuka pintu dialog.", "direct", "Antony Blinken",
        resolution="name", cue="mengatakan", title="Menteri Luar Negeri AS"),
    "lowercase_title_name_cue_after": Case(
        '"Pertemuan itu berlangsung konstruktif," kata juru bicara Departemen Luar Negeri Ned Price.',
        "Pertemuan itu berlangsung konstruktif,", "direct", "Ned Price",
        resolution="name", cue="kata", title="juru bicara Departemen Luar Negeri"),
    # a place name inside the title: the later short name shows where the name begins
    "title_with_place_name": Case(
        "Bupati Lembah Hijau Sutrisno Haryadi meninjau posko pengungsian pada Jumat.\n\n"
        '"Semua dinas sudah turun ke lapangan," kata Sutrisno.',
        "Semua dinas sudah turun ke lapangan,", "direct", "Sutrisno Haryadi",
        resolution="alias", title="Bupati Lembah Hijau"),
    # honorifics and academic titles are not part of the name (dev README: they go to alt)
    "honorific_dr": Case(
        "Direktur Imunisasi, dr. Sari Wulandari, meninjau gudang vaksin.\n\n"
        '"Stok kami cukup," kata Sari.',
        "Stok kami cukup,", "direct", "Sari Wulandari", resolution="alias"),
    "title_after_name": Case(
        '"Air mulai surut," kata Budi Santoso, Kepala Desa Sukamaju.',
        "Air mulai surut,", "direct", "Budi Santoso", resolution="name", title="Kepala Desa Sukamaju"),
    "full_name_without_title": Case(
        '"Kami tidak akan mundur," kata Budi Santoso.',
        "Kami tidak akan mundur,", "direct", "Budi Santoso",
        resolution="name", cue="kata", mention="Budi Santoso"),
}


@pytest.mark.parametrize("case", **ids(CUE_AFTER | NYA_CUES | PRONOUN_AFTER_VERB))
def test_direct_quote_with_cue_after(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", **ids(CUE_BEFORE))
def test_direct_quote_with_cue_before(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", **ids(SPLIT))
def test_direct_quote_split_around_cue(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", **ids(NAMED_SPEAKERS))
def test_direct_quote_named_speaker(case: Case) -> None:
    check(case)


# --- 2. Mixed quotes: a quoted fragment inside the writer's sentence -------------------

LAVROV = "Menteri Luar Negeri Rusia Sergey Lavrov bertemu mitranya di Jenewa pada Jumat.\n\n"

MIXED = {
    "memperingatkan_bahwa": Case(
        LAVROV + 'Lavrov memperingatkan bahwa Moskow tidak akan membiarkan Washington '
                 '"menutup mulut" soal keamanan Eropa.',
        "menutup mulut", "mixed", "Sergey Lavrov"),
    "menyebut_sebagai_curly": Case(
        BUDI + "Dia menyebut banjir kali ini sebagai “yang terparah dalam satu dekade”.",
        "yang terparah dalam satu dekade", "mixed", "Budi Santoso"),
    "mengatakan_np": Case(
        LAVROV + 'Lavrov mengatakan pembicaraan itu "terus terang dan substantif" tetapi belum cukup.',
        "terus terang dan substantif", "mixed", "Sergey Lavrov"),
    # the fragment's own punctuation stays inside the text, as with direct quotes
    "menilai_punctuation_inside": Case(
        BUDI + 'Budi menilai bantuan dari provinsi "datang tepat waktu."',
        "datang tepat waktu.", "mixed", "Budi Santoso"),
}


@pytest.mark.parametrize("case", **ids(MIXED))
def test_mixed_quote(case: Case) -> None:
    check(case)


# --- 3. Indirect speech: no quote marks, the content clause after the cue --------------

INDIRECT = {
    "mengatakan_bahwa": Case(
        BUDI + "Budi mengatakan bahwa air mulai surut di dua desa. Warga mulai pulang.",
        "air mulai surut di dua desa", "indirect", "Budi Santoso",
        resolution="alias", cue="mengatakan", mention="Budi"),
    "mengatakan_no_bahwa": Case(
        BUDI + "Budi mengatakan air mulai surut di dua desa.",
        "air mulai surut di dua desa", "indirect", "Budi Santoso", cue="mengatakan"),
    "mengatakan_comma": Case(
        BUDI + "Budi mengatakan, air mulai surut di dua desa.",
        "air mulai surut di dua desa", "indirect", "Budi Santoso", cue="mengatakan"),
    "menegaskan": Case(
        BUDI + "Budi menegaskan pemerintah desa tidak memungut biaya apa pun dari pengungsi.",
        "pemerintah desa tidak memungut biaya apa pun dari pengungsi", "indirect", "Budi Santoso",
        cue="menegaskan"),
    "menurut_name": Case(
        BUDI + "Menurut Budi, sebagian besar pengungsi sudah kembali ke rumah.",
        "sebagian besar pengungsi sudah kembali ke rumah", "indirect", "Budi Santoso",
        cue="Menurut", mention="Budi"),
    "menurut_dia": Case(
        BUDI + "Menurut dia, sebagian besar pengungsi sudah kembali ke rumah.",
        "sebagian besar pengungsi sudah kembali ke rumah", "indirect", "Budi Santoso",
        resolution="pronoun", mention="dia"),
    "menurutnya": Case(
        BUDI + "Menurutnya, sebagian besar pengungsi sudah kembali ke rumah.",
        "sebagian besar pengungsi sudah kembali ke rumah", "indirect", "Budi Santoso",
        resolution="pronoun"),
    "lowercase_ia_after_adverbial": Case(
        BUDI + "Dalam kesempatan itu, ia mengatakan bahwa air mulai surut.",
        "air mulai surut", "indirect", "Budi Santoso", resolution="pronoun", mention="ia"),
    "ia_pun_menambahkan": Case(
        BUDI + "Ia pun menambahkan, bantuan akan tiba besok.",
        "bantuan akan tiba besok", "indirect", "Budi Santoso", resolution="pronoun"),
    "dikatakannya": Case(
        BUDI + "Dikatakannya, bantuan akan tiba besok.",
        "bantuan akan tiba besok", "indirect", "Budi Santoso", resolution="pronoun"),
    "kata_dia_opening": Case(
        BUDI + "Kata dia, bantuan akan tiba besok.",
        "bantuan akan tiba besok", "indirect", "Budi Santoso", resolution="pronoun"),
    "trailing_kata_name": Case(
        BUDI + "Sebagian besar pengungsi sudah kembali ke rumah, kata Budi.",
        "Sebagian besar pengungsi sudah kembali ke rumah", "indirect", "Budi Santoso",
        cue="kata", mention="Budi"),
    "trailing_menurut_name": Case(
        BUDI + "Sebagian besar pengungsi sudah kembali ke rumah, menurut Budi.",
        "Sebagian besar pengungsi sudah kembali ke rumah", "indirect", "Budi Santoso",
        mention="Budi"),
    "ia_menambahkan": Case(
        BUDI + "Ia menambahkan, bantuan dari provinsi akan tiba besok pagi.",
        "bantuan dari provinsi akan tiba besok pagi", "indirect", "Budi Santoso",
        resolution="pronoun", cue="menambahkan", mention="Ia"),
    "juga_mengatakan_kepada_wartawan": Case(
        BUDI + "Budi juga mengatakan kepada wartawan bahwa posko kesehatan dibuka 24 jam.",
        "posko kesehatan dibuka 24 jam", "indirect", "Budi Santoso", cue="mengatakan"),
    # place and date between the addressee and "bahwa" are not part of the report
    "kepada_wartawan_place_date_bahwa": Case(
        BUDI + "Budi mengatakan kepada wartawan di Balai Desa Sukamaju, Selasa (4/3), bahwa "
               "posko kesehatan dibuka 24 jam.",
        "posko kesehatan dibuka 24 jam", "indirect", "Budi Santoso", cue="mengatakan"),
    "kepada_wartawan_comma": Case(
        BUDI + "Budi mengatakan kepada wartawan, posko kesehatan dibuka 24 jam.",
        "posko kesehatan dibuka 24 jam", "indirect", "Budi Santoso", cue="mengatakan"),
    "menurut_title_name": Case(
        "Menurut Menteri Luar Negeri AS Antony Blinken, Washington tetap mendukung Ukraina.",
        "Washington tetap mendukung Ukraina", "indirect", "Antony Blinken",
        resolution="name", title="Menteri Luar Negeri AS"),
    "title_name_menegaskan": Case(
        "Menteri Luar Negeri AS Antony Blinken menegaskan Washington tetap mendukung Ukraina.",
        "Washington tetap mendukung Ukraina", "indirect", "Antony Blinken",
        resolution="name", cue="menegaskan", title="Menteri Luar Negeri AS"),
    # an organisation inside the title is part of the title, not of the name
    "organisation_in_title": Case(
        "Juru bicara Gedung Putih Karen Miller mengatakan bahwa Presiden akan berkunjung pekan depan.",
        "Presiden akan berkunjung pekan depan", "indirect", "Karen Miller",
        resolution="name", title="Juru bicara Gedung Putih"),
    "comma_title_name": Case(
        "Kepala Badan Penanggulangan Bencana Daerah (BPBD) Lembah Hijau, Dewi Anggraini, "
        "menegaskan pihaknya masih menyisir permukiman di bantaran sungai.",
        "pihaknya masih menyisir permukiman di bantaran sungai", "indirect", "Dewi Anggraini",
        resolution="name", title="Kepala Badan Penanggulangan Bencana Daerah (BPBD) Lembah Hijau"),
}


@pytest.mark.parametrize("case", **ids(INDIRECT))
def test_indirect_speech(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("negated", ["tidak mengatakan", "belum menjelaskan", "enggan menyebutkan"])
def test_negated_speech_reports_nothing(negated: str) -> None:
    source = BUDI + f"Budi {negated} kapan bantuan akan tiba."
    quotes = exact_quotes(source)
    assert not [q for q in quotes if "bantuan" in q.text], describe(quotes)


def test_menurut_a_document_is_not_a_speaker() -> None:
    source = BUDI + "Menurut jadwal, pengungsi pulang pada Rabu."
    quotes = exact_quotes(source)
    assert not any(q.text == "pengungsi pulang pada Rabu" and q.speaker for q in quotes), describe(quotes)


# --- 4. Quote marks as real text has them -----------------------------------------------

MARKS = {
    "curly": Case(BUDI + "“Kami siap berangkat,” kata Budi.",
                  "Kami siap berangkat,", "direct", "Budi Santoso"),
    "low_and_curly": Case(BUDI + "„Kami siap berangkat,” kata Budi.",
                          "Kami siap berangkat,", "direct", "Budi Santoso"),
    "low_and_high": Case(BUDI + "„Kami siap berangkat,“ kata Budi.",
                         "Kami siap berangkat,", "direct", "Budi Santoso"),
    "guillemets": Case(BUDI + "«Kami siap berangkat,» kata Budi.",
                       "Kami siap berangkat,", "direct", "Budi Santoso"),
    "mismatched_curly_straight": Case(BUDI + "“Kami siap berangkat,\" kata Budi.",
                                      "Kami siap berangkat,", "direct", "Budi Santoso"),
    "mismatched_straight_curly": Case(BUDI + "\"Kami siap berangkat,” kata Budi.",
                                      "Kami siap berangkat,", "direct", "Budi Santoso"),
    "nested_single_straight": Case(
        BUDI + "\"Anak saya bertanya, 'Kapan kita pulang?' Saya belum bisa menjawab,\" kata Budi.",
        "Anak saya bertanya, 'Kapan kita pulang?' Saya belum bisa menjawab,", "direct", "Budi Santoso"),
    "nested_single_curly": Case(
        BUDI + "“Warga bilang, ‘Kami tidak mau pindah,’ jadi kami bujuk pelan-pelan,” ujar Budi.",
        "Warga bilang, ‘Kami tidak mau pindah,’ jadi kami bujuk pelan-pelan,", "direct", "Budi Santoso"),
    "apostrophes_inside_quote": Case(
        BUDI + "\"Kita 'kan sudah sepakat libur saat Isra Mi’raj dan salat Jum'at,\" kata Budi.",
        "Kita 'kan sudah sepakat libur saat Isra Mi’raj dan salat Jum'at,", "direct", "Budi Santoso"),
    "apostrophes_before_quote": Case(
        BUDI + "Usai salat Jum'at menjelang Isra Mi’raj, Budi mengatakan, \"Posko tetap buka.\"",
        "Posko tetap buka.", "direct", "Budi Santoso"),
    "glued_to_previous_sentence": Case(
        BUDI + "Budi menunjuk tanggul yang jebol itu.\"Di sini airnya masuk,\" kata Budi.",
        "Di sini airnya masuk,", "direct", "Budi Santoso"),
    "no_comma_before_cue": Case(
        BUDI + "\"Di sini airnya masuk\" ujar Budi.",
        "Di sini airnya masuk", "direct", "Budi Santoso"),
    "no_space_after_closing_mark": Case(
        BUDI + "\"Di sini airnya masuk,\"kata Budi.",
        "Di sini airnya masuk,", "direct", "Budi Santoso"),
    "comma_outside_marks": Case(
        BUDI + "\"Di sini airnya masuk\", kata Budi.",
        "Di sini airnya masuk", "direct", "Budi Santoso"),
    "question_mark": Case(
        BUDI + "\"Siapa yang mau tinggal di sini kalau tiap tahun banjir?\" tanya Budi.",
        "Siapa yang mau tinggal di sini kalau tiap tahun banjir?", "direct", "Budi Santoso"),
}

# One quotation over three paragraphs: each new paragraph reopens it and only the last one
# closes it and carries the cue. Gold texts never cross a paragraph break, so each
# paragraph is its own quote, all by the speaker of the closing cue.
MULTI_PARAGRAPH = (
    "Kepala BPBD Lembah Hijau, Dewi Anggraini, meninjau posko pada Jumat.\n\n"
    "“Kami sudah mengevakuasi 300 orang sejak subuh.\n\n"
    "“Tim masih bekerja di Desa Karangsari dan Desa Sukamaju.\n\n"
    "“Debit sungai belum turun, jadi warga tetap di pengungsian,” tutur Dewi.\n")

MULTI_PARAGRAPH_TEXTS = ("Kami sudah mengevakuasi 300 orang sejak subuh.",
                         "Tim masih bekerja di Desa Karangsari dan Desa Sukamaju.",
                         "Debit sungai belum turun, jadi warga tetap di pengungsian,")
MARKS |= {
    f"multi_paragraph_{style}_{i}": Case(source, text, "direct", "Dewi Anggraini")
    for style, source in (("curly", MULTI_PARAGRAPH),
                          ("straight", MULTI_PARAGRAPH.replace("“", '"').replace("”", '"')))
    for i, text in enumerate(MULTI_PARAGRAPH_TEXTS)
}
# the cue before the quotation: it ends its own paragraph and opens the next one
MARKS |= {
    f"cue_before_colon_paragraph_{i}": Case(
        "Kepala BPBD Lembah Hijau, Dewi Anggraini, meninjau posko pada Jumat.\n\n"
        "Dewi menjelaskan:\n\n"
        "“Kami sudah mengevakuasi 300 orang sejak subuh.\n\n"
        "“Tim masih bekerja di Desa Karangsari dan Desa Sukamaju.”\n",
        text, "direct", "Dewi Anggraini")
    for i, text in enumerate(MULTI_PARAGRAPH_TEXTS[:2])
}


@pytest.mark.parametrize("case", **ids(MARKS))
def test_quote_marks(case: Case) -> None:
    check(case)


def test_apostrophes_in_words_open_nothing() -> None:
    source = BUDI + ("Warga libur pada Isra Mi’raj dan kembali bekerja setelah salat Jum'at. "
                     "Posko tutup pada hari Qur'an dibacakan bersama.")
    quotes = exact_quotes(source)
    assert not [q for q in quotes if q.kind != "indirect"], describe(quotes)


def test_single_quoted_headline_pairs_around_apostrophes() -> None:
    """Headline quotes are optional in the gold, but if one is found it is the right span."""
    headline = "Bupati Tinjau Banjir Jum'at: 'Kami Tidak Akan Tinggal Diam'\n\n"
    source = headline + BUDI + '"Kami tidak akan tinggal diam," kata Budi.'
    quotes = exact_quotes(source)
    in_headline = [q.text for q in quotes if q.start < len(headline)]
    assert in_headline in ([], ["Kami Tidak Akan Tinggal Diam"]), describe(quotes)
    check(Case(source, "Kami tidak akan tinggal diam,", "direct", "Budi Santoso"))


UNCLOSED_STRAIGHT = (
    BUDI + 'Warga menyebut banjir itu "kiriman dari hulu.\n\n'
    'Budi mengatakan, "Kami sudah menyiapkan perahu karet."\n\n'
    "Ia menambahkan, bantuan dari provinsi akan tiba besok pagi.\n")
UNCLOSED_CURLY = (
    BUDI + "Warga menyebut banjir itu “kiriman dari hulu.\n\n"
    "“Kami sudah menyiapkan perahu karet,” kata Budi.\n\n"
    "Ia menambahkan, bantuan dari provinsi akan tiba besok pagi.\n")


@pytest.mark.parametrize("source, later_quote", [
    (UNCLOSED_STRAIGHT, "Kami sudah menyiapkan perahu karet."),
    (UNCLOSED_CURLY, "Kami sudah menyiapkan perahu karet,"),
], ids=["straight", "curly"])
def test_unclosed_mark_does_not_swallow_the_article(source: str, later_quote: str) -> None:
    check(Case(source, later_quote, "direct", "Budi Santoso"))
    check(Case(source, "bantuan dari provinsi akan tiba besok pagi", "indirect", "Budi Santoso"))
    quotes = exact_quotes(source)
    assert not [q for q in quotes if "\n" in q.text], describe(quotes)


def test_unclosed_mark_at_the_end_keeps_earlier_quotes() -> None:
    source = BUDI + '"Kami siap berangkat," kata Budi.\n\nWarga menyebut tanggul itu "warisan'
    check(Case(source, "Kami siap berangkat,", "direct", "Budi Santoso"))


# --- 5. Noise: web chrome lines are skipped, offsets untouched --------------------------

CHROME = (
    "Oleh: Rina Kartikasari\n"
    "Bagikan: Facebook Twitter WhatsApp\n\n"
    + BUDI
    + "Baca juga: Camat Suparno Tinjau Tanggul Jebol\n\n"
    '"Kami siap berangkat," ujarnya.\n\n'
    "Advertisement\n\n"
    "Scroll to see content\n\n"
    "Ia menambahkan, semua perahu sudah diperiksa.\n\n"
    'Baca juga: "Kami Tidak Akan Mundur," Kata Bupati Soal Banjir\n\n'
    "Editor: Bambang Setiawan\n")


@pytest.mark.parametrize("case", [
    Case(CHROME, "Kami siap berangkat,", "direct", "Budi Santoso", resolution="pronoun"),
    Case(CHROME, "semua perahu sudah diperiksa", "indirect", "Budi Santoso", resolution="pronoun"),
], ids=["pronoun_past_baca_juga", "pronoun_past_advertisement"])
def test_chrome_lines_are_skipped(case: Case) -> None:
    check(case)


CHROME_KINDS = {
    "baca_juga": "Baca juga: Camat Suparno Tinjau Tanggul Jebol",
    "advertisement": "Advertisement",
    "scroll": "Scroll to see content",
    "editor": "Editor: Bambang Setiawan",
    "byline": "Oleh: Rina Kartikasari",
    "share_buttons": "Bagikan: Facebook Twitter WhatsApp",
    "share_english": "Share this article",
}


@pytest.mark.parametrize("line", CHROME_KINDS.values(), ids=CHROME_KINDS)
def test_chrome_line_does_not_break_a_continuation(line: str) -> None:
    """Chrome between a quote and its uncued continuation is as if it were not there."""
    source = BUDI + f'"Air mulai surut," kata Budi.\n\n{line}\n\n"Kami tetap berjaga malam ini."\n'
    check(Case(source, "Kami tetap berjaga malam ini.", "direct", "Budi Santoso"))


def test_line_patterns_open_with_a_word_or_anywhere() -> None:
    """A pattern that may open with any character ('.{0,40}\\bklik …') is kept apart from
    the others (LinePatterns): a line matching either is chrome, whole lines only."""
    from quotes.rules import LinePatterns, load_rules

    lines = LinePatterns(["iklan\\s*:.*", ".{0,20}\\bklik\\s+di\\s*sini\\b.*"])
    assert lines.fullmatch("  Iklan: beli sekarang ")
    assert lines.fullmatch("Untuk mendaftar, klik di sini.")
    assert not lines.fullmatch("Warga diminta mendaftar lewat situs resmi; untuk itu klik di sini.")
    assert not lines.fullmatch("Budi berkata: iklan: beli")
    text = "Kata dia.\nIklan: promo\n"
    assert lines.fullmatch(text, 10, 22) and not lines.fullmatch(text, 0, 9)
    assert LinePatterns([]).fullmatch("Advertisement") is None
    shipped = load_rules().chrome
    assert shipped.fullmatch("Klik di sini untuk berita lainnya") and shipped.fullmatch("Baca juga: Banjir")


def test_chrome_lines_give_no_quotes_or_speakers() -> None:
    quotes = exact_quotes(CHROME)
    assert not [q for q in quotes if "Mundur" in q.text or "Suparno" in q.text], describe(quotes)
    named = {q.speaker for q in quotes} - {None}
    assert named == {"Budi Santoso"}, describe(quotes)


# --- Who said it: resolution across the article ----------------------------------------

DIPLOMACY = (
    "Menteri Luar Negeri AS Antony Blinken tiba di Jenewa pada Jumat.\n\n"
    '"Kami datang untuk berunding, bukan untuk mengancam," kata Blinken.\n\n'
    "Juru bicara Departemen Luar Negeri Ned Price mengatakan pertemuan berlangsung dua jam.\n\n"
    '"Suasananya konstruktif," kata dia.\n\n'
    '"Kami tidak akan mundur dari komitmen kepada sekutu," kata Menlu AS.\n\n'
    '"Ini baru awal dari proses panjang," ujar sang menteri.\n\n'
    '"Tanggal pertemuan berikutnya belum ditetapkan," kata Price.\n\n'
    "Gedung Putih mengatakan bahwa Presiden akan menerima laporan lengkap pada Senin.\n\n"
    "Kementerian Pertahanan menyatakan sebagian pasukan telah kembali ke barak.\n\n"
    "Pemerintah Inggris mengatakan masih ada peluang bagi diplomasi.\n\n"
    "Seorang pejabat senior mengatakan kepada wartawan bahwa sanksi baru sedang disiapkan.\n")

SPEAKERS = {
    "alias_keeps_title": Case(
        DIPLOMACY, "Kami datang untuk berunding, bukan untuk mengancam,", "direct", "Antony Blinken",
        resolution="alias", mention="Blinken", title="Menteri Luar Negeri AS"),
    "pronoun_is_latest_speaker": Case(
        DIPLOMACY, "Suasananya konstruktif,", "direct", "Ned Price", resolution="pronoun", mention="dia"),
    "role_matches_title_not_latest": Case(
        DIPLOMACY, "Kami tidak akan mundur dari komitmen kepada sekutu,", "direct", "Antony Blinken",
        resolution="role", mention="Menlu AS"),
    "sang_menteri": Case(
        DIPLOMACY, "Ini baru awal dari proses panjang,", "direct", "Antony Blinken",
        resolution="role", mention="sang menteri"),
    "alias_after_other_speakers": Case(
        DIPLOMACY, "Tanggal pertemuan berikutnya belum ditetapkan,", "direct", "Ned Price",
        resolution="alias", mention="Price", title="Juru bicara Departemen Luar Negeri"),
    "organisation_gedung_putih": Case(
        DIPLOMACY, "Presiden akan menerima laporan lengkap pada Senin", "indirect", "Gedung Putih",
        resolution="organisation"),
    "organisation_kementerian": Case(
        DIPLOMACY, "sebagian pasukan telah kembali ke barak", "indirect", "Kementerian Pertahanan",
        resolution="organisation"),
    "organisation_pemerintah": Case(
        DIPLOMACY, "masih ada peluang bagi diplomasi", "indirect", "Pemerintah Inggris",
        resolution="organisation"),
    "organisation_lowercase_mid_sentence": Case(
        BUDI + "Sementara itu, pemerintah Inggris mengatakan masih ada peluang bagi diplomasi.",
        "masih ada peluang bagi diplomasi", "indirect", "pemerintah Inggris", resolution="organisation"),
    "anonymous_source": Case(
        DIPLOMACY, "sanksi baru sedang disiapkan", "indirect", "Seorang pejabat senior"),
    "terakhir_is_the_latter": Case(
        "Presiden Serani Marco Duarte menerima Menteri Luar Negeri Victor Almeida di istana. "
        "Yang terakhir mengatakan “masih ada ruang” untuk berunding dengan Jakarta.",
        "masih ada ruang", "mixed", "Victor Almeida", title="Menteri Luar Negeri"),
}


# People named inside a quotation or a report are what was said, not who speaks next.
TRAPS = {
    "name_inside_direct_quote": Case(
        BUDI + '"Saya sudah bicara dengan Camat Suparno Hadi," kata Budi. "Bantuan datang besok," ujarnya.',
        "Bantuan datang besok,", "direct", "Budi Santoso", resolution="pronoun"),
    "name_inside_indirect_speech": Case(
        BUDI + "Budi mengatakan Camat Suparno Hadi akan datang besok.\n\n"
               "Ia menambahkan, bantuan beras sudah disiapkan.",
        "bantuan beras sudah disiapkan", "indirect", "Budi Santoso", resolution="pronoun"),
    "pihaknya_is_the_organisation": Case(
        "Kementerian Kesehatan menyatakan stok vaksin cukup.\n\n"
        "Pihaknya juga menegaskan bahwa vaksin itu gratis.",
        "vaksin itu gratis", "indirect", "Kementerian Kesehatan"),
}
SPEAKERS |= TRAPS


@pytest.mark.parametrize("case", **ids(SPEAKERS))
def test_speaker_resolution(case: Case) -> None:
    check(case)


# A quote paragraph with no cue continues the previous speaker only when the text supports it.
CONTINUATION = (
    BUDI + 'Budi mengatakan, "Air mulai surut sejak pagi."\n\n'
    '"Warga sudah bisa membersihkan rumah masing-masing."\n')
# ... and a quote right after someone else's reported speech is theirs (dev d010).
NEW_SPEAKER_BEFORE = (
    BUDI + '"Air mulai surut," kata Budi.\n\n'
    "Warga lain, Siti Aminah, mengatakan dirinya masih bertahan di atap rumah.\n\n"
    '"Saya tidak mau meninggalkan ternak saya."\n')
OPENING_QUOTE = (
    '"Semua warga harus mengungsi sebelum gelap."\n\n'
    "Hujan deras mengguyur Kabupaten Lembah Hijau sejak Kamis malam.\n")


def test_uncued_paragraph_continues_the_previous_quote() -> None:
    check(Case(CONTINUATION, "Warga sudah bisa membersihkan rumah masing-masing.", "direct", "Budi Santoso"))


def test_uncued_paragraph_after_another_speaker_is_theirs() -> None:
    check(Case(NEW_SPEAKER_BEFORE, "Saya tidak mau meninggalkan ternak saya.", "direct", "Siti Aminah"))


def test_no_credible_speaker_is_null() -> None:
    check(Case(OPENING_QUOTE, "Semua warga harus mengungsi sebelum gelap.", "direct", None,
               resolution="none"))


# --- Outlets and wires are never the speaker -------------------------------------------

OUTLETS = {
    "dikutip_dari_after_cue": Case(
        LAVROV + '"Kami siap berunding," kata Lavrov, dikutip dari Sputnik, Jumat (18/2).',
        "Kami siap berunding,", "direct", "Sergey Lavrov", mention="Lavrov"),
    "dikutip_dari_before": Case(
        LAVROV + "Dikutip dari Sputnik, Lavrov mengatakan bahwa Moskow siap berunding.",
        "Moskow siap berunding", "indirect", "Sergey Lavrov"),
    "kata_kantor_berita": Case(
        LAVROV + "Lavrov mengatakan Moskow siap berunding, kata kantor berita RIA.",
        "Moskow siap berunding", "indirect", "Sergey Lavrov"),
    "seperti_dikutip": Case(
        LAVROV + '"Kami siap berunding," ujar Lavrov seperti dikutip kantor berita TASS.',
        "Kami siap berunding,", "direct", "Sergey Lavrov"),
    "media_melaporkan_trailing": Case(
        LAVROV + "Lavrov mengatakan “selalu ada kesempatan” untuk mencapai kesepakatan, "
                 "Al Jazeera melaporkan.",
        "selalu ada kesempatan", "mixed", "Sergey Lavrov"),
}

OUTLET_NAMES = {"Sputnik", "kantor berita RIA", "RIA", "TASS", "kantor berita TASS", "Al Jazeera"}


@pytest.mark.parametrize("case", **ids(OUTLETS))
def test_outlet_is_not_the_speaker(case: Case) -> None:
    check(case)


def test_outlet_alone_is_never_a_speaker() -> None:
    source = "Al Jazeera melaporkan bahwa sebagian pasukan mulai ditarik dari perbatasan.\n"
    quotes = exact_quotes(source)
    assert not [q for q in quotes if q.speaker in OUTLET_NAMES], describe(quotes)
