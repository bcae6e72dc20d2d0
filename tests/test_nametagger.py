"""The name tagger (quotes.names): speaker phrases split into title, unit, place and name."""
import concurrent.futures
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotes.names import NameTagger, TaggerError, load, words
from quotes.names import train as training
from quotes.names.features import Featurizer, shape
from quotes.names.synth import Builder, spans
from quotes.names.tagger import LABELS
from quotes.text import words as text_words


def tagged(text: str) -> list[tuple[str, str]]:
    ws = [text[s:e] for s, e in words(text)]
    return list(zip(ws, [y for y, _ in load().tag(ws)]))


def entities(text: str, kind: str) -> list[str]:
    pairs = tagged(text)
    return [" ".join(w for w, _ in pairs[s:e]) for s, e, k in spans([y for _, y in pairs]) if k == kind]


def test_words_keep_initials_abbreviations_and_degrees_whole():
    text = "kata dr. H. Ahmad Subagja, M.Kes. dan Ir. Budi S.H. di PT. Maju, Jum'at (4/3)."
    assert [text[s:e] for s, e in words(text)] == [
        "kata", "dr.", "H.", "Ahmad", "Subagja", ",", "M.Kes.", "dan", "Ir.", "Budi", "S.H.", "di",
        "PT.", "Maju", ",", "Jum'at", "(", "4", "/", "3", ")", "."]
    # a sentence-final name keeps its full stop apart; a web address is not an abbreviation
    text = "ujar Budi. Lihat www.contoh.com"
    assert [text[s:e] for s, e in words(text)] == [
        "ujar", "Budi", ".", "Lihat", "www", ".", "contoh", ".", "com"]


def test_shape():
    assert [shape(w) for w in ("Ahmad", "M.Kes.", "2024", "AKBP", "Éric", "al-Azhar")] == [
        "Xx", "X.Xx.", "d", "X", "Xx", "x-Xx"]


@pytest.mark.parametrize("text, persons", [
    # office + unit + place + honorifics + name + degree
    ("kata Kepala Dinas Kesehatan Kabupaten Garut dr. H. Ahmad Subagja, M.Kes.", ["Ahmad Subagja"]),
    # office + place + rank with its corps
    ("ujar Kapolres Metro Jakarta Selatan Kombes Pol Budi Hartono.", ["Budi Hartono"]),
    # a rank spelled out with its acronym in brackets
    ("kata Kabid Humas Polda Riau Komisaris Besar (Kombes) Pol Sunarto Wibowo.", ["Sunarto Wibowo"]),
    # name first, the role in commas: every given name kept
    ("Asep Sasa Purnama, Kepala Bidang Humas Polda Jawa Barat, mengatakan hal itu.", ["Asep Sasa Purnama"]),
    # 'menurut' + role + comma + name
    ("menurut Direktur Utama PT Sinar Abadi, Rudi Gunawan, penjualan naik.", ["Rudi Gunawan"]),
    # degrees after the name
    ("kata Ketua Pengadilan Negeri Bandung Dr. Hendra Kusuma, S.H., M.H.", ["Hendra Kusuma"]),
    # an initial inside the name
    ("kata Kepala BPBD Kabupaten Sleman M. Nasir Hidayat.", ["M. Nasir Hidayat"]),
    # a day after a comma is not part of the name
    ("kata Kasat Reskrim Polres Bogor AKP Andi Prasetyo, Selasa (4/3).", ["Andi Prasetyo"]),
    # a nickname is a person too
    ("Yusuf Kurniawan yang akrab disapa Ucok mengatakan harga naik.", ["Yusuf Kurniawan", "Ucok"]),
    # places around a resident are never people
    ("Rahmat, warga Desa Cibodas, Kecamatan Lembang, Kabupaten Bandung Barat, mengaku rugi.", ["Rahmat"]),
    # an organisation as the speaker: nobody
    ("kata Badan Penanggulangan Bencana Daerah Kabupaten Cianjur dalam keterangannya.", []),
])
def test_persons_in_speaker_phrases(text, persons):
    assert entities(text, "PERSON") == persons


def test_units_and_places_are_labelled():
    text = "kata Kepala Dinas Kesehatan Kabupaten Garut dr. H. Ahmad Subagja, M.Kes."
    assert tagged(text) == [
        ("kata", "O"), ("Kepala", "O"), ("Dinas", "B-ORGANISATION"), ("Kesehatan", "I-ORGANISATION"),
        ("Kabupaten", "B-PLACE"), ("Garut", "I-PLACE"), ("dr.", "O"), ("H.", "O"),
        ("Ahmad", "B-PERSON"), ("Subagja", "I-PERSON"), (",", "O"), ("M.Kes.", "O")]
    assert entities("menurut Direktur Utama PT Sinar Abadi, Rudi Gunawan, penjualan naik.",
                    "ORGANISATION") == ["PT Sinar Abadi"]


def test_person_probs_are_high_on_the_name_and_low_on_the_title():
    ws = ["ujar", "Kapolres", "Garut", "AKBP", "Budi", "Hartono", "."]
    probs = load().person_probs(ws)
    assert [p > 0.9 for p in probs] == [False, False, False, False, True, True, False]
    assert all(p < 0.1 for p in probs[:4])


def test_a_phrase_read_again_gets_the_same_probabilities_from_a_bounded_store(monkeypatch):
    from quotes.names import tagger as tagger_module

    tg = NameTagger(tagger_module.model_path())
    ws = ["kata", "Kepala", "Desa", "Sakino"]
    first = tg.person_probs(ws)
    first[0] = 9.0  # the caller's copy: the kept probabilities stay as read
    monkeypatch.setattr(tg, "_set", lambda words: pytest.fail("read again"))
    again = tg.person_probs(ws)
    assert again == tg.person_probs(list(ws)) and again[0] < 0.1 and again[3] > 0.5
    monkeypatch.undo()
    monkeypatch.setattr(tagger_module, "PROBS_KEPT", 3)
    for name in ("Ani", "Budi", "Citra", "Dedi"):
        tg.person_probs(["kata", name])
    assert len(tg.probs) <= 3


def test_the_model_loads_once():
    assert load() is load()
    assert load.cache_info().currsize == 1


def test_a_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(TaggerError, match="nothing.crfsuite: cannot read"):
        NameTagger(str(tmp_path / "nothing.crfsuite"))


@given(st.lists(st.text(max_size=12), max_size=30))
def test_any_words_get_one_label_and_probability_each(ws):
    tags = load().tag(ws)
    probs = load().person_probs(ws)
    assert len(tags) == len(probs) == len(ws)
    assert all(y in LABELS and 0.0 <= p <= 1.0 for y, p in tags)
    assert all(0.0 <= p <= 1.0 for p in probs)


def test_training_on_tiny_data(tmp_path):
    bio = tmp_path / "tiny.txt"
    bio.write_text("kata\tO\nBudi\tB-PERSON\nSantoso\tI-PERSON\n\n"
                   "di\tO\nGarut\tB-PLACE\n.\tO\n", "utf-8")
    data = training.read_bio(bio)
    assert data == [(["kata", "Budi", "Santoso"], ["O", "B-PERSON", "I-PERSON"]),
                    (["di", "Garut", "."], ["O", "B-PLACE", "O"])]
    model = tmp_path / "tiny.crfsuite"
    featurizer = Featurizer(regions={}, lower={}, names={})
    items = [(featurizer.sentence(toks), labels) for toks, labels in data * 5]
    training.train(items, model, {"c2": 0.01, "max_iterations": 30})
    tagger = NameTagger(str(model), Featurizer(regions={}, lower={}, names={}))
    assert [y for y, _ in tagger.tag(["kata", "Budi", "Santoso"])] == ["O", "B-PERSON", "I-PERSON"]
    scores = training.evaluate(tagger, data)
    assert scores["PERSON"] == {"precision": 100.0, "recall": 100.0, "f1": 100.0, "support": 1}


def test_a_bad_training_line_names_the_file_and_line(tmp_path):
    bio = tmp_path / "bad.txt"
    bio.write_text("kata\tO\nBudi\tB-PERSON\nSantoso\tI-PEOPLE\n", "utf-8")
    with pytest.raises(SystemExit, match=r"bad.txt:3: not a word<TAB>label line"):
        training.read_bio(bio)


def test_lowercase_table_counts_words_after_the_first():
    table = training.lowercase_table([
        ["Kata", "Budi", "kepada", "warga"], ["Warga", "datang", "kepada", "Warga", "Budi"],
        ["Sementara", "itu", "KPK", "menolak", "kepada", "Kepada"]])
    # 'Kata', 'Warga', 'Sementara' open sentences; 'Budi' and 'KPK' never appear in lower case
    assert table == {"kepada": "mostly", "warga": "mostly", "datang": "always", "itu": "always",
                     "menolak": "always"}


def test_spans_of_bio_labels():
    assert spans(["B-PERSON", "I-PERSON", "O", "I-PLACE", "B-PLACE", "B-PLACE"]) == [
        (0, 2, "PERSON"), (3, 4, "PLACE"), (4, 5, "PLACE"), (5, 6, "PLACE")]


def test_the_training_command_names_missing_data(tmp_path):
    run = subprocess.run([sys.executable, "-m", "quotes.names.train", "--data", str(tmp_path),
                          "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.startswith(f"{tmp_path}/ner/nergrit_ner-grit-train_preprocess.txt: cannot read training data")
    assert "Traceback" not in run.stderr


def test_synthetic_phrases_carry_their_labels_through_each_split():
    b = Builder().add("kata").add("dr.").add("Budi Santoso", "PERSON").add(",", sep="")
    b.add("M.Kes.").add("di").add("Kota Bogor", "PLACE")
    assert b.sentence("words") == (
        ["kata", "dr.", "Budi", "Santoso", ",", "M.Kes.", "di", "Kota", "Bogor"],
        ["O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "B-PLACE", "I-PLACE"])
    assert b.sentence("plain")[0] == [
        "kata", "dr", ".", "Budi", "Santoso", ",", "M", ".", "Kes", ".", "di", "Kota", "Bogor"]
    assert b.sentence("bare") == (
        ["kata", "dr", "Budi", "Santoso", "M", "Kes", "di", "Kota", "Bogor"],
        ["O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "B-PLACE", "I-PLACE"])


@pytest.mark.parametrize("phrase, persons", [
    # a speaker phrase alone, split into bare words as quotes.text does (no punctuation)
    ("Kepala Dinas Kesehatan Kabupaten Garut dr. H. Ahmad Subagja, M.Kes.", ["Ahmad Subagja"]),
    ("Kabid Humas Polda Jawa Barat Kombes Asep Sasa Purnama", ["Asep Sasa Purnama"]),
    ("Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Hendra Wijaya", ["Hendra Wijaya"]),
    ("Kepala Desa Sukamaju Sutrisno", ["Sutrisno"]),
])
def test_bare_words_of_a_phrase(phrase, persons):
    ws = [t.text for t in text_words(phrase)]
    labels = [y for y, _ in load().tag(ws)]
    assert [" ".join(ws[s:e]) for s, e, k in spans(labels) if k == "PERSON"] == persons


def test_threads_sharing_the_tagger_get_their_own_sentences_labels():
    sentences = [["kata", "Kapolres", "Garut", "AKBP", "Budi", "Hartono"],
                 ["Rahmat", ",", "warga", "Desa", "Cibodas", ",", "mengaku", "rugi", "."]] * 50
    alone = [load().tag(ws) for ws in sentences]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often enough to meet inside the tagger
    try:
        for _ in range(3):
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                assert list(pool.map(load().tag, sentences)) == alone
    finally:
        sys.setswitchinterval(interval)
