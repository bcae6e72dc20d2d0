"""Fit rules/confidence.toml: how often each kind of evidence names the right speaker.

    python bench/calibrate.py [--write]

Fits on the odd-numbered documents of ../shared/eval/dev and ../shared/eval/pfsa-dev (the
tuning halves) and reports the expected calibration error (ten equal-width bins) and a
reliability table on the even-numbered ones, which it never fits on. --write rewrites
rules/confidence.toml with the fitted rates. pfsa-dev is read for figures only: nothing
of its text goes into the table, only counts per kind of evidence.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import quotes

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SETS = {"dev": ("dev/dev.gold.jsonl", "dev/docs"),
        "pfsa-dev": ("pfsa-dev/pfsa-dev.gold.plus-unannotated.jsonl", "pfsa-dev/docs")}
PRIOR = 2  # pseudo-counts at the overall rate: rare evidence is not believed blindly


def doc_number(name: str) -> int:
    return int("".join(c for c in name if c.isdigit())[-4:] or 0)


def matched(gold_file: Path, docs: Path, score) -> list[tuple[str, str, float, bool]]:
    """(group, evidence, confidence, speaker right) for every gold quote the extractor found."""
    gold = defaultdict(list)
    for row in score.read_jsonl(gold_file):
        if not row.get("optional"):
            gold[row["doc"]].append(row)
    out = []
    for name, rows in sorted(gold.items()):
        text = (docs / name).read_text(encoding="utf-8")
        found = quotes.extract(text)
        for g in rows:
            span = score.locate(text, g["text"], g.get("start"), g.get("end"))
            group = score.GROUP[g["kind"]]
            best = max(((score.overlap(span, (q.start, q.end)), q) for q in found
                        if score.GROUP[q.kind] == group), key=lambda x: x[0][1], default=None)
            if best and best[0][0] >= 0.6 and best[0][1] >= 0.3:
                q = best[1]
                out.append((group, q.evidence if q.speaker else "none", q.confidence,
                            score.speaker_ok(q.speaker, g)))
    return out


def ece(rows: list[tuple[str, str, float, bool]]) -> tuple[float, list[tuple[str, int, float, float]]]:
    bins = defaultdict(list)
    for _, _, conf, ok in rows:
        bins[min(int(conf * 10), 9)].append((conf, ok))
    table, err = [], 0.0
    for b in sorted(bins):
        items = bins[b]
        mean_conf = sum(c for c, _ in items) / len(items)
        acc = sum(ok for _, ok in items) / len(items)
        err += len(items) / len(rows) * abs(mean_conf - acc)
        table.append((f"{b / 10:.1f}-{(b + 1) / 10:.1f}", len(items), mean_conf, acc))
    return err, table


def main(argv: list[str]) -> None:
    if not EVAL.is_dir():
        sys.exit(f"calibrate: {EVAL} is absent; it holds the evaluation sets")
    sys.path.insert(0, str(EVAL))
    import score
    halves = {"odd": [], "even": []}
    for name, (gold, docs) in SETS.items():
        for parity in ("odd", "even"):
            want = 1 if parity == "odd" else 0
            g = [r for r in score.read_jsonl(EVAL / gold) if doc_number(r["doc"]) % 2 == want]
            tmp = ROOT / ".calibrate-gold.jsonl"
            tmp.write_text("".join(json.dumps(r) + "\n" for r in g), encoding="utf-8")
            halves[parity] += [(name,) + r for r in matched(tmp, EVAL / docs, score)]
            tmp.unlink()
    fit = halves["odd"]
    overall = sum(r[4] for r in fit) / len(fit)
    counts = defaultdict(lambda: [0, 0])
    for _, group, evidence, _, ok in fit:
        counts[(group, evidence)][0] += 1
        counts[(group, evidence)][1] += ok
    rates = {k: round((ok + PRIOR * overall) / (n + PRIOR), 3) for k, (n, ok) in counts.items()}
    print("evidence (fitted on odd documents)        n    rate")
    for (group, evidence), rate in sorted(rates.items()):
        print(f"  {group:8} {evidence:30} {counts[(group, evidence)][0]:4}  {rate:.3f}")
    if "--write" in argv:
        out = ["# P(speaker right) for each kind of evidence (quotes/confidence.py), fitted on the",
               "# odd-numbered documents of dev and pfsa-dev by: python bench/calibrate.py --write", ""]
        for group in ("quoted", "indirect"):
            out.append(f"[{group}]")
            out += [f"{e} = {r}" for (g, e), r in sorted(rates.items()) if g == group and e != "none"]
            out.append("")
        (ROOT / "rules" / "confidence.toml").write_text("\n".join(out), encoding="utf-8")
        print("wrote rules/confidence.toml; run again to measure it")
        return
    for parity in ("odd", "even"):
        for name in SETS:
            part = [r[1:] for r in halves[parity] if r[0] == name and r[1] == "quoted"]
            err, table = ece(part)
            print(f"\n{name} {parity} documents, quoted: ECE {err:.3f} over {len(part)} matched quotes")
            print("  confidence   n   mean conf  speaker right")
            for label, n, conf, acc in table:
                print(f"  {label}  {n:5}   {conf:.3f}      {acc:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
