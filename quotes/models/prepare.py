"""Training data for the shipped Indonesian stanza models: fixed, seeded splits of ../shared/data.

UD (tokenizer, mwt, pos, lemma, depparse): the GSD train file is not in the data folder, so the
training pool is CSUI train plus GSD dev; a seeded 10% of that pool is the dev set used for early
stopping, and the official CSUI test and GSD test files are the held-out sets, untouched.
NER: NERGRIT train/valid/test as published, its PERSON/ORGANISATION/PLACE mapped to PER/ORG/LOC.
NERP is lower-cased; the notes measured that adding it lowers F1 on cased news text at this
training length, so it only feeds the word vectors.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterable, Iterator

import attrs

SEED = 1234
DEV_FRACTION = 0.10

UD_POOL = ("ud/csui-id_csui-ud-train.conllu", "ud/gsd-id_gsd-ud-dev.conllu")
UD_TESTS = {"csui": "ud/csui-id_csui-ud-test.conllu", "gsd": "ud/gsd-id_gsd-ud-test.conllu"}
NERGRIT = {split: f"ner/nergrit_ner-grit-{split}_preprocess.txt" for split in ("train", "valid", "test")}
NERP_TRAIN = "ner/nerp_ner-prosa-train_preprocess.txt"
NER_TAGS = {"PERSON": "PER", "ORGANISATION": "ORG", "PLACE": "LOC"}


@attrs.frozen
class Sentence:
    """One CoNLL-U sentence block, kept verbatim (comments included)."""
    sent_id: str
    lines: tuple[str, ...]

    def words(self) -> list[str]:
        """The syntactic words (not the multi-word token lines)."""
        return [ln.split("\t")[1] for ln in self.lines
                if ln and not ln.startswith("#") and ln.split("\t")[0].isdigit()]


def read_conllu(path: Path) -> list[Sentence]:
    blocks = path.read_text(encoding="utf-8").strip("\n").split("\n\n")
    sentences = []
    for number, block in enumerate(blocks):
        lines = tuple(block.strip("\n").split("\n"))
        ids = [ln.split("=", 1)[1].strip() for ln in lines if ln.startswith("# sent_id")]
        sentences.append(Sentence(ids[0] if ids else f"{path.name}#{number}", lines))
    return sentences


def write_conllu(path: Path, sentences: Iterable[Sentence]) -> None:
    path.write_text("".join("\n".join(s.lines) + "\n\n" for s in sentences), encoding="utf-8")


def read_bio(path: Path) -> list[list[tuple[str, str]]]:
    """IndoNLU NER files: token<TAB>tag lines, a blank line between sentences."""
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            token, tag = line.rsplit("\t", 1)
            sentences[-1].append((token, tag))
        elif sentences[-1]:
            sentences.append([])
    return [s for s in sentences if s]


def map_tag(tag: str) -> str:
    if tag == "O":
        return "O"
    prefix, kind = tag.split("-", 1)
    return f"{prefix}-{NER_TAGS[kind]}"


def write_ner_json(path: Path, sentences: list[list[tuple[str, str]]]) -> None:
    """stanza's NER training format: a list of sentences, each a list of {text, ner}."""
    rows = [[{"text": tok, "ner": map_tag(tag)} for tok, tag in sent] for sent in sentences]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def split_pool(pool: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    order = list(range(len(pool)))
    random.Random(SEED).shuffle(order)
    n_dev = round(len(pool) * DEV_FRACTION)
    dev = sorted(order[:n_dev])
    train = sorted(order[n_dev:])
    return [pool[i] for i in train], [pool[i] for i in dev]


def vector_corpus(data: Path, work: Path) -> Iterator[list[str]]:
    """Lower-cased training sentences (never a test split) for the word vectors."""
    for sent in read_conllu(work / "ud.train.conllu"):
        yield [w.lower() for w in sent.words()]
    for name in (NERGRIT["train"], NERP_TRAIN):
        for sent in read_bio(data / name):
            yield [tok.lower() for tok, _ in sent]


def prepare(data: Path, work: Path) -> dict:
    """Write every split under ``work``; returns what was used, for the scores file."""
    work.mkdir(parents=True, exist_ok=True)
    pool = [s for name in UD_POOL for s in read_conllu(data / name)]
    train, dev = split_pool(pool)
    write_conllu(work / "ud.train.conllu", train)
    write_conllu(work / "ud.dev.conllu", dev)
    for name, rel in UD_TESTS.items():
        write_conllu(work / f"ud.test-{name}.conllu", read_conllu(data / rel))
    ner_counts = {}
    for split, rel in NERGRIT.items():
        sentences = read_bio(data / rel)
        write_ner_json(work / f"ner.{split}.json", sentences)
        ner_counts[split] = len(sentences)
    (work / "splits.json").write_text(json.dumps(
        {"ud_dev_sent_ids": [s.sent_id for s in dev]}, indent=0), encoding="utf-8")
    return {
        "seed": SEED,
        "ud": {"pool": list(UD_POOL), "dev_fraction": DEV_FRACTION, "train_sentences": len(train),
               "dev_sentences": len(dev), "tests": UD_TESTS,
               "dev_sent_ids": "splits.json (sentence ids of the dev split)"},
        "ner": {"files": NERGRIT, "sentences": ner_counts, "tags": NER_TAGS},
        "vectors": {"text": ["ud train split", NERGRIT["train"], NERP_TRAIN + " (lower-cased)"]},
    }
