"""The pure parts of the training module: splits, tag mapping and NER scoring."""
from __future__ import annotations

from pathlib import Path

from quotes.models import prepare
from quotes.models.train import entity_spans, ner_f1


def test_bio_and_bioes_give_the_same_entities():
    bio = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "O"]
    bioes = ["B-PER", "E-PER", "O", "S-LOC", "B-LOC", "E-LOC", "O"]
    assert entity_spans(bio) == entity_spans(bioes) == {(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC")}


def test_a_stray_inside_tag_starts_an_entity():
    assert entity_spans(["O", "I-ORG", "I-ORG"]) == {(1, 3, "ORG")}


def test_ner_f1_per_type_and_overall():
    gold = [{(0, 2, "PER"), (3, 4, "LOC")}]
    pred = [{(0, 2, "PER"), (3, 5, "LOC")}]
    assert ner_f1(gold, pred) == {"LOC": 0.0, "PER": 100.0, "all": 50.0}


def test_nergrit_tags_map_to_per_org_loc():
    assert [prepare.map_tag(t) for t in ("O", "B-PERSON", "I-ORGANISATION", "B-PLACE")] == [
        "O", "B-PER", "I-ORG", "B-LOC"]


def test_bio_files_are_read_sentence_by_sentence(tmp_path: Path):
    f = tmp_path / "ner.txt"
    f.write_text("Budi\tB-PERSON\ndatang\tO\n\n\nke\tO\nBandung\tB-PLACE\n", encoding="utf-8")
    assert prepare.read_bio(f) == [[("Budi", "B-PERSON"), ("datang", "O")], [("ke", "O"), ("Bandung", "B-PLACE")]]


def test_the_dev_split_is_fixed_and_disjoint_from_train():
    pool = [prepare.Sentence(f"s{i}", (f"# sent_id = s{i}",)) for i in range(50)]
    train, dev = prepare.split_pool(pool)
    assert prepare.split_pool(pool) == (train, dev)
    assert len(dev) == 5 and not {s.sent_id for s in train} & {s.sent_id for s in dev}
    assert len(train) + len(dev) == len(pool)
