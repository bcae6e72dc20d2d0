#!/usr/bin/env python3
"""How fast `quotes` extracts in rules mode, against what bare regex passes reach.

    python bench/bench_extract.py                      # every measure below but instructions
    python bench/bench_extract.py --only speed,growth  # some of them
    python bench/bench_extract.py --only instructions  # the load-independent counts (valgrind)
    python bench/bench_extract.py --min-ratio 0.6      # exit 1 below the target ratio

On the same texts (`../shared/eval/pfsa-dev/docs` when present, else `samples/` repeated):

- speed: words/s of rules mode on one core (CPU time, in this process), words/s of three
  compiled `regex` passes over the same texts (quote marks, the cue-verb alternation,
  capitalised runs: the limit of any extractor that reads the text with regexes), and
  their ratio; below the target ratio (0.6), the share of the passes over every character
  that extraction makes whatever the text holds (the tokeniser's split, the line and
  sentence patterns), and how much faster everything else would have to run to reach it;
- growth: CPU time per word when the same words come as articles 16x and 64x longer;
- startup: wall and CPU time of `quotes extract` on one small file above a bare interpreter
  (bytecode and the rules cache in place, as after an install and a first run);
- memory: peak memory of `quotes extract --jobs 1` on 100 and on 5,000 files;
- jobs: wall time of `quotes extract` on 3,000 files with --jobs 1 and --jobs 2;
- instructions (with valgrind installed): the same comparisons counted in instructions
  under callgrind, which another process's load does not change: start-up above a bare
  interpreter, rules mode against the three passes, and the cost per word of articles 1x,
  16x and 64x longer, on the first 128 articles (a few minutes);
- against (with --against DIR, a checkout of an earlier commit: `git worktree add DIR REV`):
  articles/s of rules mode on one core in this checkout and in DIR, each in a fresh process,
  taking turns --repeat times, and their ratio (the cost of a change, such as the name
  tagger against the commit before it).

Each timing is the median of --repeat runs. Not part of the test suite: timings belong to
a quiet machine, not to CI.
"""
from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import regex

from quotes.document import BOUNDARY, LINE
from quotes.pipeline import extract
from quotes.rules import load_rules
from quotes.text import SPLIT

ROOT = Path(__file__).resolve().parent.parent
EVAL_DOCS = ROOT.parent / "shared" / "eval" / "pfsa-dev" / "docs"
QUOTES = [sys.executable, "-m", "quotes.cli"]
MEASURES = ("speed", "growth", "startup", "memory", "jobs", "against", "instructions")
WORD = regex.compile(r"\w+")
TARGET_RATIO = 0.6  # issue 13: rules mode at 0.6 of the three passes' words/s


def corpus(folder: Path | None) -> tuple[str, list[str]]:
    if folder is None:
        folder = EVAL_DOCS if EVAL_DOCS.is_dir() else ROOT / "samples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        sys.exit(f"bench: no *.txt articles in {folder}")
    if len(texts) < 200:  # samples/: repeat them to a corpus worth timing
        texts = list(itertools.islice(itertools.cycle(texts), 400))
    return str(folder), texts


def cpu_seconds(works: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The median CPU time of each work, run in turns (one of each per round), so that the
    machine's drift between rounds moves every work alike and their ratios stay fair."""
    times: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(repeat):
        for name, work in works.items():
            start = time.process_time()
            work()
            times[name].append(time.process_time() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def three_passes():
    """The three passes any regex reader of this text makes, one compiled pattern each."""
    rules = load_rules()
    cues = rules.alternation("after_quote", "speech", "request", "passive", "according")
    return [regex.compile(r"[\"“”„«»‘’']"),
            regex.compile(rf"(?i)\b(?:{cues})(?:nya)?\b"),
            regex.compile(r"\p{Lu}[\w'’-]*(?:[ \t]+\p{Lu}[\w'’-]*)*")]


def measure_speed(texts: list[str], words: int, repeat: int) -> float:
    rules = load_rules()
    for text in texts[:5]:  # warm up: the first calls compile and cache patterns
        extract(text, rules)
    passes = three_passes()
    timed = cpu_seconds({"ours": lambda: [extract(t, rules) for t in texts],
                         "limit": lambda: [sum(1 for p in passes for _ in p.finditer(t)) for t in texts],
                         "floor": lambda: [floor_passes(t) for t in texts]}, repeat)
    ours, limit = timed["ours"], timed["limit"]
    ratio = limit / ours
    print(f"speed: rules mode {words / ours:,.0f} words/s (CPU, one core); three regex passes "
          f"{words / limit:,.0f} words/s; ratio {ratio:.2f}")
    if ratio < TARGET_RATIO:
        # what the target leaves for everything but the passes no extraction can skip
        rest, budget = ours - timed["floor"], limit / TARGET_RATIO - timed["floor"]
        asks = f"asks the rest to run {rest / budget:.2f}x faster" if budget > 0 else "is out of reach even for them alone"
        print(f"speed: the engine's own passes over every character (words, lines, sentences) take "
              f"{timed['floor'] / ours:.0%} of rules mode; a ratio of {TARGET_RATIO} {asks}")
    return ratio


def floor_passes(text: str) -> object:
    """The passes over the whole text that extraction makes whatever the text holds: the
    tokeniser's split into words and the layout's line and sentence patterns."""
    return SPLIT.split(text), [m.end() for m in LINE.finditer(text)], [m.end() for m in BOUNDARY.finditer(text)]


def measure_growth(texts: list[str], words: int, repeat: int) -> None:
    rules = load_rules()
    # the same words, regrouped into fewer, longer articles
    grouped = {factor: ["\n\n".join(texts[i:i + factor]) for i in range(0, len(texts) - factor + 1, factor)]
               for factor in (1, 16, 64)}
    timed = cpu_seconds({factor: (lambda g=g: [extract(t, rules) for t in g]) for factor, g in grouped.items()},
                        repeat)
    per_word = {factor: timed[factor] / sum(len(WORD.findall(t)) for t in g) for factor, g in grouped.items()}
    for factor, cost in per_word.items():
        print(f"growth: articles {factor:>2}x longer: {cost * 1e6:.2f} µs/word, "
              f"{cost / per_word[1]:.2f}x the 1x cost per word")


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, **kwargs)


def _timed(args: list[str], **kwargs) -> tuple[float, float]:
    """Wall and CPU seconds of a command (CPU of its whole process tree)."""
    def cpu() -> float:  # getrusage, not os.times: microseconds, not clock ticks
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime
    before = cpu()
    start = time.perf_counter()
    _run(args, **kwargs)
    wall = time.perf_counter() - start
    return wall, cpu() - before


def measure_startup(sample: Path, repeat: int) -> None:
    """As installed: bytecode written (pip compiles it at install; PYTHONDONTWRITEBYTECODE
    would recompile every module at each start) and the rules cache in place (the first run
    after an install or a rules edit writes it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    _run(QUOTES + ["extract", "--jobs", "1", str(sample)], env=env)
    bare = [_timed([sys.executable, "-c", "pass"], env=env) for _ in range(repeat)]
    ours = [_timed(QUOTES + ["extract", "--jobs", "1", str(sample)], env=env) for _ in range(repeat)]
    for what, i in (("wall", 0), ("CPU", 1)):
        b, o = statistics.median(t[i] for t in bare), statistics.median(t[i] for t in ours)
        print(f"startup ({what}): quotes extract on one file {o * 1000:.0f} ms, bare interpreter "
              f"{b * 1000:.0f} ms, {(o - b) * 1000:.0f} ms above it")


def _write_files(folder: Path, texts: list[str], count: int) -> Path:
    out = folder / str(count)
    out.mkdir()
    for i, text in zip(range(count), itertools.cycle(texts)):
        (out / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return out


def _peak_kib(args: list[str]) -> int:
    """Peak resident memory of a command, measured in a fresh process of its own."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    return int(subprocess.run([sys.executable, "-c", probe, *args], check=True,
                              capture_output=True, text=True).stdout)


def measure_memory(texts: list[str], scratch: Path) -> None:
    peaks = {n: _peak_kib(QUOTES + ["extract", "--jobs", "1", "--format", "jsonl",
                                    str(_write_files(scratch, texts, n))]) for n in (100, 5000)}
    print(f"memory: quotes extract --jobs 1: {peaks[100] / 1024:.1f} MiB on 100 files, "
          f"{peaks[5000] / 1024:.1f} MiB on 5,000 files ({peaks[5000] / peaks[100]:.2f}x)")


def measure_jobs(texts: list[str], scratch: Path, repeat: int) -> None:
    folder = _write_files(scratch, texts, 3000)
    walls = {j: statistics.median(_timed(QUOTES + ["extract", "--jobs", str(j), "--format", "jsonl",
                                                   str(folder)])[0] for _ in range(repeat))
             for j in (1, 2)}
    print(f"jobs: 3,000 files in {walls[1]:.1f} s with --jobs 1, {walls[2]:.1f} s with --jobs 2 "
          f"({walls[1] / walls[2]:.2f}x)")


# Times rules mode with the checkout sys.argv[1] imported: its quotes/ and its rules/ (which
# an install maps to quotes.ruledata) joined in a folder of links, first on sys.path.
CHECKOUT_SPEED = """
import glob, os, sys, tempfile, time
top, docs = sys.argv[1], sys.argv[2]
overlay = tempfile.mkdtemp()
os.mkdir(os.path.join(overlay, "quotes"))
for name in os.listdir(os.path.join(top, "quotes")):
    os.symlink(os.path.join(top, "quotes", name), os.path.join(overlay, "quotes", name))
os.symlink(os.path.join(top, "rules"), os.path.join(overlay, "quotes", "ruledata"))
sys.path.insert(0, overlay)
from quotes.pipeline import extract
from quotes.rules import load_rules
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(docs, "*.txt")))]
rules = load_rules()
for t in texts[:5]:
    extract(t, rules)
start = time.process_time()
for t in texts:
    extract(t, rules)
print(len(texts) / (time.process_time() - start))
"""


def measure_against(docs: str, other: Path, repeat: int) -> None:
    def rate(top: Path) -> float:
        return float(subprocess.run([sys.executable, "-c", CHECKOUT_SPEED, str(top), docs], cwd=top,
                                    check=True, capture_output=True, text=True).stdout)
    rates: dict[Path, list[float]] = {ROOT: [], other: []}
    for _ in range(repeat):
        for top in (other, ROOT):
            rates[top].append(rate(top))
    here, there = statistics.median(rates[ROOT]), statistics.median(rates[other])
    print(f"against: rules mode {here:,.0f} articles/s here, {there:,.0f} in {other} "
          f"(each run: {', '.join(f'{r:.0f}' for r in rates[ROOT])} / "
          f"{', '.join(f'{r:.0f}' for r in rates[other])}); {here / there:.2f}x")


# One callgrind child: the corpus's first 128 articles extracted once to compile and load
# what extraction needs, then (unless WHAT is "none") the measured work. Its instructions
# minus those of a "none" child are the work's.
COUNTED = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from bench_extract import corpus, three_passes
from quotes.pipeline import extract
from quotes.rules import load_rules
texts = corpus(None if sys.argv[2] == "-" else Path(sys.argv[2]))[1][:128]
rules, passes = load_rules(), three_passes()
for t in texts:
    extract(t, rules)
what = sys.argv[1]
if what == "passes":
    for t in texts:
        sum(1 for p in passes for _ in p.finditer(t))
elif what != "none":
    n = int(what)
    for i in range(0, len(texts), n):
        extract("\\n\\n".join(texts[i:i + n]), rules)
"""


def measure_instructions(docs: Path | None) -> None:
    if shutil.which("valgrind") is None:
        print("instructions: valgrind is not installed; skipped")
        return

    def instructions(args: list[str], **kwargs) -> int:
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
                              capture_output=True, text=True, check=True, **kwargs)
        return int(regex.search(r"Collected : (\d+)", done.stderr)[1])

    def counted(what: str) -> int:
        return instructions([sys.executable, "-c", COUNTED, what, str(docs or "-"), str(ROOT / "bench")])
    # start-up as measure_startup() times it: bytecode and the caches in place
    sample = str(min(ROOT.joinpath("samples").glob("*.txt")))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    _run(QUOTES + ["extract", "--jobs", "1", sample], env=env)
    bare = instructions([sys.executable, "-c", "pass"], env=env)
    ours = instructions(QUOTES + ["extract", "--jobs", "1", sample], env=env)
    print(f"instructions: quotes extract on one file {ours / 1e6:,.0f} M, a bare interpreter {bare / 1e6:,.0f} M, "
          f"{(ours - bare) / 1e6:,.0f} M above it")
    texts = corpus(docs)[1][:128]
    words = sum(len(WORD.findall(t)) for t in texts)
    none = counted("none")
    passes = counted("passes") - none
    per_word = {factor: (counted(str(factor)) - none) / words for factor in (1, 16, 64)}
    print(f"instructions: {len(texts)} articles, {words:,} words; rules mode {per_word[1]:,.0f} a word, "
          f"three regex passes {passes / words:,.0f} a word, ratio {passes / words / per_word[1]:.2f}; "
          f"articles 16x / 64x longer: {per_word[16] / per_word[1]:.3f}x / {per_word[64] / per_word[1]:.3f}x "
          f"the 1x cost per word")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, help="folder of *.txt articles (default: pfsa-dev, else samples/)")
    parser.add_argument("--only", default=",".join(m for m in MEASURES if m != "instructions"),
                        help=f"comma-separated, of {', '.join(MEASURES)}")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the median counts")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="a checkout of another commit to time rules mode against (measure 'against')")
    parser.add_argument("--min-ratio", type=float, metavar="R",
                        help="exit 1 when rules mode reaches less than R times the three passes' words/s")
    args = parser.parse_args(argv)
    only = {m.strip() for m in args.only.split(",")}
    if args.against is None:
        only.discard("against")
    if unknown := only - set(MEASURES):
        parser.error(f"unknown measure(s): {', '.join(sorted(unknown))}")

    where, texts = corpus(args.docs)
    words = sum(len(WORD.findall(t)) for t in texts)
    print(f"corpus: {len(texts)} articles, {words:,} words ({where})")
    ratio = None
    if "speed" in only:
        ratio = measure_speed(texts, words, args.repeat)
    if "growth" in only:
        measure_growth(texts, words, args.repeat)
    if "instructions" in only:
        measure_instructions(args.docs)
    if "against" in only:
        measure_against(where, args.against.resolve(), args.repeat)
    if "startup" in only:
        measure_startup(min(ROOT.joinpath("samples").glob("*.txt")), max(args.repeat, 5))
    with tempfile.TemporaryDirectory() as scratch:
        if "memory" in only:
            measure_memory(texts, Path(scratch))
        if "jobs" in only:
            measure_jobs(texts, Path(scratch), args.repeat)
    if args.min_ratio is not None and ratio is not None and ratio < args.min_ratio:
        print(f"bench: ratio below the required {args.min_ratio}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
