#!/usr/bin/env python3
"""Attribution F1 and speed of --nlp rules, stanza and both, on the seeds and dev sets.

    python bench/nlp_modes.py [--shared ../shared] [--stanza-dir DIR] [--out bench/out]

Prints a markdown table (the README's) and writes each mode's predictions and scores under
--out. Speed is articles per second on one process after the models are loaded (the load
time is shown apart); set OMP_NUM_THREADS to pin torch's threads.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes.pipeline import extract_nlp  # noqa: E402  (after the path fix above)
from quotes.rules import load_rules  # noqa: E402

MODES = ("rules", "stanza", "both")


def sets(shared: Path) -> dict[str, tuple[Path, Path]]:
    """name -> (folder of articles, gold file)."""
    return {"seeds": (shared / "seeds", shared / "eval" / "seeds.gold.jsonl"),
            "dev": (shared / "eval" / "dev" / "docs", shared / "eval" / "dev" / "dev.gold.jsonl")}


def run_mode(mode: str, docs: list[Path], stanza_dir: str | None) -> tuple[list[dict], float, float]:
    """Predictions, load seconds, extraction seconds."""
    rules = load_rules()
    started = time.perf_counter()
    if mode != "rules":
        from quotes.nlp.loader import load_pipeline, model_dir
        load_pipeline(model_dir(stanza_dir))
    loaded = time.perf_counter()
    rows = []
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        rows += [q.as_dict(doc.name) for q in extract_nlp(text, rules, mode, stanza_dir)]
    return rows, loaded - started, time.perf_counter() - loaded


def score(shared: Path, gold: Path, docs: Path, pred: Path) -> dict:
    out = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold), str(docs), str(pred),
                          "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--stanza-dir", help="model folder (default: the shipped models)")
    p.add_argument("--modes", default=",".join(MODES))
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = {}
    for mode in args.modes.split(","):
        row = {"articles": 0, "seconds": 0.0, "load": 0.0}
        for name, (docs_dir, gold) in sets(args.shared).items():
            docs = sorted(docs_dir.glob("*.txt"))
            preds, load, seconds = run_mode(mode, docs, args.stanza_dir)
            pred = args.out / f"{name}.{mode}.jsonl"
            pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in preds), encoding="utf-8")
            row[name] = score(args.shared, gold, docs_dir, pred)
            row["articles"] += len(docs)
            row["seconds"] += seconds
            row["load"] += load
        results[mode] = row
        print(f"{mode}: done", file=sys.stderr)
    (args.out / "nlp_modes.json").write_text(json.dumps(results, indent=2))
    print("| mode | seeds quoted F1 | seeds indirect F1 | dev quoted F1 | dev indirect F1 | dev overall F1 | articles/s | model load s |")
    print("|---|---|---|---|---|---|---|---|")
    for mode, r in results.items():
        cells = [r["seeds"]["quoted"]["attr_f1"], r["seeds"]["indirect"]["attr_f1"],
                 r["dev"]["quoted"]["attr_f1"], r["dev"]["indirect"]["attr_f1"], r["dev"]["overall_attr_f1"]]
        speed = r["articles"] / r["seconds"] if r["seconds"] else float("inf")
        print(f"| {mode} | " + " | ".join(f"{100 * c:.1f}" for c in cells) + f" | {speed:.1f} | {r['load']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
