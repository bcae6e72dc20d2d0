#!/usr/bin/env python3
"""Time per character of extraction on 1x, 4x, 16x and 64x long articles: flat when linear.

    python bench/bench_long.py              # the sample articles glued into one, and repeated
    python bench/bench_long.py --repeat 5   # best of 5 runs a size (default 3)

Two articles, each grown by repetition: the sample articles glued into one (the same people
again and again), and a report naming a new person in every paragraph (thousands of
distinct people by 64x, each quoted, then referred to by a pronoun). CPU time of one
process, the best of --repeat runs. Not part of the test suite (tests/test_adversarial.py
holds the pipeline to linear time); timings belong to a quiet machine.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Callable

from quotes import extract
from quotes.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers import made_up_word  # noqa: E402 - the tests' made-up names

SIZES = (1, 4, 16, 64)


def person(i: int) -> str:
    """A made-up name for each i: 'Baab Ceab', …"""
    return f"{made_up_word(i)} {made_up_word(i * 7 + 3)}"


def samples_article(copies: int) -> str:
    one = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt")))
    return "\n\n".join([one] * copies)


def people_article(copies: int) -> str:
    paragraphs = []
    for i in range(60 * copies):
        paragraphs.append(f'"Kami siap membantu warga nomor {i}," kata Kepala Dinas {person(i)} kepada wartawan. '
                          f'Menurut dia, bantuan tiba besok. "Semua sudah didata," ujarnya.')
    return "\n\n".join(paragraphs)


ARTICLES: dict[str, Callable[[int], str]] = {"samples": samples_article, "distinct people": people_article}


def cpu_seconds(text: str, repeat: int) -> float:
    best = float("inf")
    gc.disable()
    try:
        for _ in range(repeat):
            began = time.process_time()
            extract(text)
            best = min(best, time.process_time() - began)
    finally:
        gc.enable()
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs a size, the best counts (default 3)")
    args = parser.parse_args(argv)
    load_rules()
    extract(samples_article(1))  # warm up: per-rules caches
    print(f"{'article':16} {'size':>4} {'characters':>11} {'CPU s':>8} {'µs/char':>8} {'vs 1x':>6}")
    for name, make in ARTICLES.items():
        base = None
        for size in SIZES:
            text = make(size)
            seconds = cpu_seconds(text, args.repeat)
            per_char = seconds / len(text) * 1e6
            base = base or per_char
            print(f"{name:16} {size:>3}x {len(text):>11,} {seconds:>8.3f} {per_char:>8.2f} {per_char / base:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
