#!/usr/bin/env python3
"""Words per second of the name tagger (quotes.names) on one core, on the sentences of samples/.

    python bench/bench_nametagger.py               # tag() over the corpus, repeated
    python bench/bench_nametagger.py --cold        # with the per-word feature cache emptied first

The figure is CPU time (time.process_time), which other processes on a shared machine do not
lower. Sentences are split at . ! ? and cut into the words the tagger expects (words()).
Not part of the test suite: timings belong to a quiet machine, not to CI.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import regex

from quotes.names import load, words

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = regex.compile(r"[^.!?\n]+[.!?]?")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=300_000, help="words to tag in all")
    ap.add_argument("--cold", action="store_true", help="empty the feature cache before timing")
    args = ap.parse_args()
    sentences = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        text = path.read_text("utf-8")
        for m in SENTENCE.finditer(text):
            ws = [m.group()[s:e] for s, e in words(m.group())]
            if ws:
                sentences.append(ws)
    tagger = load()
    per_round = sum(map(len, sentences))
    rounds = max(1, args.words // per_round)
    if not args.cold:
        for ws in sentences:
            tagger.tag(ws)
    start = time.process_time()
    for _ in range(rounds):
        if args.cold:
            tagger.features.cache.clear()
        for ws in sentences:
            tagger.tag(ws)
    tag_s = time.process_time() - start
    start = time.process_time()
    for _ in range(rounds):
        for ws in sentences:
            tagger.person_probs(ws)
    probs_s = time.process_time() - start
    n = rounds * per_round
    print(f"{len(sentences)} sentences, {per_round} words, x{rounds}")
    print(f"tag():          {n / tag_s:,.0f} words/s (CPU){' with a cold cache' if args.cold else ''}")
    print(f"person_probs(): {n / probs_s:,.0f} words/s (CPU)")


if __name__ == "__main__":
    main()
