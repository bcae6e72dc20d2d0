"""Train the shipped Indonesian stanza models with stanza's own trainers, on one CPU core.

    python -m quotes.models.train --out quotes/models/id [--data ../shared/data] [--work DIR]

Needs stanza==1.15.0, torch==2.13.0 and gensim. Every trainer gets a fixed seed and a fixed step
count sized so that the whole run takes well under an hour on one core; a wall-clock cap per
trainer is only a safety net (stanza keeps the best checkpoint on dev, which is what ships).
Held-out scores go to DIR/scores.json: sentence-split F1, UPOS, lemma accuracy and LAS of the
whole pipeline from raw text on CSUI test and GSD test, and NER F1 per type on NERGRIT test.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from quotes.models import prepare
from quotes.nlp.loader import MODEL_FILES, PRETRAIN_FILE, ensure_resources_json, load_pipeline

SEED = str(prepare.SEED)
# Small dimensions: the defaults take 12-30 s a step on this CPU and ship ~60 MB.
VECTOR_DIM = 100
VECTOR_VOCAB = 25000
HYPER = {
    "tokenize": ["--steps", "2000", "--eval_steps", "250", "--max_steps_before_stop", "1500"],
    "mwt": ["--num_epoch", "12", "--hidden_dim", "64", "--emb_dim", "32"],
    "pos": ["--max_steps", "350", "--eval_interval", "50", "--fix_eval_interval", "--batch_size", "50",
            "--hidden_dim", "100", "--char_hidden_dim", "64", "--deep_biaff_hidden_dim", "100",
            "--composite_deep_biaff_hidden_dim", "64", "--word_emb_dim", "50", "--char_emb_dim", "50",
            "--tag_emb_dim", "32", "--transformed_dim", "64", "--batch_maximum_tokens", "2000"],
    "lemma": ["--num_epoch", "4", "--hidden_dim", "100", "--emb_dim", "50"],
    "depparse": ["--max_steps", "420", "--eval_interval", "50", "--no_checkpoint",
                 "--hidden_dim", "160", "--char_hidden_dim", "100", "--deep_biaff_hidden_dim", "160",
                 "--deep_biaff_output_dim", "100", "--word_emb_dim", "50", "--char_emb_dim", "50",
                 "--tag_emb_dim", "32", "--transformed_dim", "64", "--num_layers", "2",
                 "--batch_size", "1000"],
    "ner": ["--max_steps", "2000", "--eval_interval", "200", "--hidden_dim", "128",
            "--char_hidden_dim", "64", "--char_emb_dim", "50"],
}
# --quick: a few steps each, to check the whole chain in a couple of minutes (scores meaningless).
QUICK = {
    "tokenize": ["--steps", "20", "--eval_steps", "10"],
    "mwt": ["--num_epoch", "1"],
    "pos": ["--max_steps", "20", "--eval_interval", "10"],
    "lemma": ["--num_epoch", "1"],
    "depparse": ["--max_steps", "20", "--eval_interval", "10"],
    "ner": ["--max_steps", "20", "--eval_interval", "10"],
}
CAP_SECONDS = {"tokenize": 600, "mwt": 300, "pos": 720, "lemma": 480, "depparse": 660, "ner": 780}


def run_trainer(module: str, args: list[str], log: Path, cap: int, model: Path) -> dict:
    """Run ``python -m module args`` on one thread; returns how it went for the scores file."""
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0")
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", module, *args], stdout=out,
                                stderr=subprocess.STDOUT, env=env)
        try:
            proc.wait(timeout=cap)
            capped = False
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait()
            capped = True
    if not capped and proc.returncode != 0:
        raise SystemExit(f"{module} failed (exit {proc.returncode}); see {log}")
    if not model.is_file():
        raise SystemExit(f"{module} wrote no model {model}; see {log}")
    return {"seconds": round(time.monotonic() - started, 1), "stopped_by_time_cap": capped}


def train_vectors(work: Path, corpus: list[list[str]]) -> dict:
    """word2vec on the training text, converted to stanza's pretrain file."""
    from gensim.models import Word2Vec
    from stanza.models.common.pretrain import Pretrain

    started = time.monotonic()
    w2v = Word2Vec(corpus, vector_size=VECTOR_DIM, window=5, min_count=2, workers=1,
                   seed=prepare.SEED, epochs=10)
    vec = work / "vectors.txt"
    words = w2v.wv.index_to_key[:VECTOR_VOCAB]
    with vec.open("w", encoding="utf-8") as out:
        out.write(f"{len(words)} {VECTOR_DIM}\n")
        for word in words:
            out.write(word + " " + " ".join(f"{x:.5f}" for x in w2v.wv[word]) + "\n")
    Pretrain(str(work / PRETRAIN_FILE), str(vec), max_vocab=VECTOR_VOCAB).load()
    return {"seconds": round(time.monotonic() - started, 1), "vocab": len(words), "dim": VECTOR_DIM}


def tokenizer_data(work: Path, split: str) -> list[str]:
    """Raw text and character labels for one UD split, made by stanza's own converters."""
    from stanza.utils.datasets import prepare_tokenizer_data
    from stanza.utils.datasets.conllu_to_text import convert_text

    conllu = work / f"ud.{split}.conllu"
    txt, labels, mwt = (work / f"tok.{split}.{ext}" for ext in ("txt", "toklabels", "mwt.json"))
    convert_text(str(conllu), str(txt))
    prepare_tokenizer_data.main([str(txt), str(conllu), "-o", str(labels), "-m", str(mwt)])
    return [str(txt), str(labels), str(mwt), str(conllu)]


def common(work: Path, name: str, shorthand: str = "id_quotes") -> list[str]:
    return ["--shorthand", shorthand, "--save_dir", str(work / "models"),
            "--save_name", MODEL_FILES[name], "--seed", SEED]


def trainer_args(work: Path) -> dict[str, tuple[str, list[str]]]:
    """Module and arguments of each trainer, in training order (depparse after pos)."""
    pretrain = ["--wordvec_pretrain_file", str(work / PRETRAIN_FILE)]
    train_c, dev_c = str(work / "ud.train.conllu"), str(work / "ud.dev.conllu")
    tok_train = tokenizer_data(work, "train")
    tok_dev = tokenizer_data(work, "dev")
    from stanza.utils.datasets.contract_mwt import contract_mwt
    contract_mwt(dev_c, str(work / "ud.dev.mwt-in.conllu"))
    return {
        "tokenize": ("stanza.models.tokenizer", [
            "--lang", "id", "--txt_file", tok_train[0], "--label_file", tok_train[1],
            "--mwt_json_file", tok_train[2], "--dev_txt_file", tok_dev[0],
            "--dev_label_file", tok_dev[1], "--dev_conll_gold", dev_c]),
        "mwt": ("stanza.models.mwt_expander", [
            "--lang", "id", "--train_file", train_c, "--eval_file", str(work / "ud.dev.mwt-in.conllu"),
            "--gold_file", dev_c, "--output_file", str(work / "mwt.dev.pred.conllu")]),
        "pos": ("stanza.models.tagger", [
            "--lang", "id", "--train_file", train_c, "--eval_file", dev_c,
            "--output_file", str(work / "pos.dev.pred.conllu"), *pretrain]),
        "lemma": ("stanza.models.lemmatizer", [
            "--train_file", train_c, "--eval_file", dev_c,
            "--output_file", str(work / "lemma.dev.pred.conllu")]),
        "depparse": ("stanza.models.parser", [
            "--lang", "id", "--train_file", train_c, "--eval_file", dev_c,
            "--output_file", str(work / "depparse.dev.pred.conllu"), *pretrain]),
        "ner": ("stanza.models.ner_tagger", [
            "--train_file", str(work / "ner.train.json"), "--eval_file", str(work / "ner.valid.json"),
            *pretrain]),
    }


def evaluate_ud(models: Path, work: Path) -> dict:
    """Whole pipeline from raw text on each UD test set, scored by the CoNLL 2018 script."""
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL
    from stanza.models.common.utils import UDError
    from stanza.utils.datasets.conllu_to_text import convert_text

    nlp = load_pipeline(models)
    scores = {}
    for name in prepare.UD_TESTS:
        gold = work / f"ud.test-{name}.conllu"
        raw = work / f"ud.test-{name}.txt"
        convert_text(str(gold), str(raw))
        started = time.monotonic()
        doc = nlp(raw.read_text(encoding="utf-8"))
        seconds = time.monotonic() - started
        system = work / f"ud.test-{name}.pred.conllu"
        CoNLL.write_doc2conll(doc, str(system))
        try:
            ev = ud_scores(str(gold), str(system))
        except UDError as exc:  # a tokenizer trained with --quick spells garbage
            scores[name] = {"error": str(exc)}
            continue
        scores[name] = {key.lower(): round(100 * ev[key].f1, 2)
                        for key in ("Tokens", "Sentences", "Words", "UPOS", "Lemmas", "UAS", "LAS")}
        scores[name]["words_per_second_1_thread"] = round(doc.num_words / seconds)
    return scores


def entity_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) of each entity in a BIO or BIOES tag sequence."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix in ("O", "B", "S") or label != kind):
            spans.add((start, i, kind))
            start = None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start, kind = i, label
        if prefix in ("E", "S") and start is not None:
            spans.add((start, i + 1, kind))
            start = None
    return spans


def ner_f1(gold: list[set], pred: list[set]) -> dict:
    """Micro F1 over entity spans, overall and per type."""
    kinds = sorted({k for sent in gold for *_, k in sent})
    result = {}
    for kind in [*kinds, "all"]:
        keep = (lambda s: True) if kind == "all" else (lambda s, k=kind: s[2] == k)
        tp = sum(len({s for s in g if keep(s)} & {s for s in p if keep(s)}) for g, p in zip(gold, pred, strict=True))
        n_gold = sum(1 for g in gold for s in g if keep(s))
        n_pred = sum(1 for p in pred for s in p if keep(s))
        prec, rec = tp / max(n_pred, 1), tp / max(n_gold, 1)
        result[kind] = round(100 * (2 * prec * rec / (prec + rec) if tp else 0.0), 2)
    return result


def evaluate_ner(models: Path, work: Path, log: Path) -> dict:
    """NERGRIT test, tokens as given, predicted by stanza's NER trainer in predict mode."""
    out = work / "ner.test.pred.tsv"
    subprocess.run([sys.executable, "-m", "stanza.models.ner_tagger", "--mode", "predict",
                    "--eval_file", str(work / "ner.test.json"), "--eval_output_file", str(out),
                    "--save_dir", str(models), "--save_name", MODEL_FILES["ner"],
                    "--wordvec_pretrain_file", str(models / PRETRAIN_FILE)],
                   check=True, stdout=log.open("w"), stderr=subprocess.STDOUT,
                   env=dict(os.environ, OMP_NUM_THREADS="1"))
    gold, pred = [], []
    for block in out.read_text(encoding="utf-8").strip().split("\n\n"):
        rows = [line.split("\t") for line in block.splitlines()]  # word, gold, predicted
        gold.append(entity_spans([r[1] for r in rows]))
        pred.append(entity_spans([r[2] for r in rows]))
    return ner_f1(gold, pred)


CARD = """# Indonesian stanza models shipped with quotes

Trained by `python -m quotes.models.train` (stanza {stanza}, torch {torch}, one CPU thread,
seed {seed}); `scores.json` holds the splits, hyperparameters, training times and held-out scores.

| model | held-out score |
|---|---|
| tokenizer (sentences) | sentence F1 CSUI test {csui[sentences]}, GSD test {gsd[sentences]}; token F1 {csui[tokens]} / {gsd[tokens]} |
| mwt | word F1 {csui[words]} / {gsd[words]} |
| pos | UPOS {csui[upos]} / {gsd[upos]} |
| lemma | {csui[lemmas]} / {gsd[lemmas]} |
| depparse | LAS {csui[las]} / {gsd[las]} (UAS {csui[uas]} / {gsd[uas]}) |
| ner (NERGRIT test) | F1 {ner[all]}: PER {ner[PER]}, ORG {ner[ORG]}, LOC {ner[LOC]} |

UD scores are of the whole pipeline from raw text (CoNLL 2018 evaluation script).

## Data and licences

- UD_Indonesian-CSUI (train, test) and UD_Indonesian-GSD (dev, test), Universal Dependencies,
  CC BY-SA 4.0. GSD's train file was not available, so GSD dev is part of the training pool.
- NERGRIT from IndoNLU (IndoNLP/indonlu, Apache 2.0 repository; Wilie et al., 2020,
  "IndoNLU: Benchmark and Resources for Evaluating Indonesian Natural Language Understanding").
  NERP (IndoNLU, lower-cased) feeds only the word vectors.
- Word vectors: word2vec (gensim) on the training text above, lower-cased.

As works derived from CC BY-SA 4.0 treebanks, these model files are shared under CC BY-SA 4.0.
"""


def write_card(out: Path, report: dict) -> None:
    import stanza
    import torch

    ud = report["scores"]["ud"]
    if any("error" in scores for scores in ud.values()):
        print("no model card: the UD evaluation failed (see scores.json)", file=sys.stderr)
        return
    (out / "README.md").write_text(CARD.format(
        stanza=stanza.__version__, torch=torch.__version__, seed=SEED,
        csui=ud["csui"], gsd=ud["gsd"], ner=report["scores"]["ner_nergrit_test"]), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    default_data = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    p = argparse.ArgumentParser(prog="python -m quotes.models.train", description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, type=Path, help="folder for the trained models and scores")
    p.add_argument("--data", type=Path, default=default_data, help=f"open data (default {default_data})")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "quotes-train",
                   help="scratch folder for splits, logs and checkpoints (default %(default)s)")
    p.add_argument("--only", nargs="*", choices=["vectors", *MODEL_FILES],
                   help="retrain only these (the others must already be in the work folder); "
                        "with no names, only evaluate")
    p.add_argument("--quick", action="store_true", help="a few steps per model: checks the setup only")
    args = p.parse_args(argv)
    work = args.work.resolve()
    models = work / "models"
    models.mkdir(parents=True, exist_ok=True)
    # --only with no names re-runs the evaluation alone.
    wanted = set(args.only) if args.only is not None else {"vectors", *MODEL_FILES}
    report_path = work / "report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}

    def step(name: str, action: Callable[..., dict], *action_args) -> None:
        if name in wanted:
            print(f"training {name} ...", flush=True)
            report.setdefault("training", {})[name] = action(*action_args)
            report_path.write_text(json.dumps(report, indent=2))

    report["data"] = prepare.prepare(args.data, work)
    step("vectors", lambda: train_vectors(work, list(prepare.vector_corpus(args.data, work))))
    shutil.copy(work / PRETRAIN_FILE, models / PRETRAIN_FILE)
    for name, (module, extra) in trainer_args(work).items():
        step(name, run_trainer, module, [*extra, *common(work, name), *HYPER[name], *(QUICK[name] if args.quick else [])],
             work / f"{name}.log", CAP_SECONDS[name], models / MODEL_FILES[name])
    ensure_resources_json(models)
    print("evaluating ...", flush=True)
    report["scores"] = {"ud": evaluate_ud(models, work), "ner_nergrit_test": evaluate_ner(models, work, work / "ner-eval.log")}
    report["hyperparameters"] = HYPER
    args.out.mkdir(parents=True, exist_ok=True)
    for name in [*MODEL_FILES.values(), PRETRAIN_FILE, "resources.json"]:
        shutil.copy(models / name, args.out / name)
    shutil.copy(work / "splits.json", args.out / "splits.json")
    (args.out / "scores.json").write_text(json.dumps(report, indent=2) + "\n")
    write_card(args.out, report)
    print(json.dumps(report["scores"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
