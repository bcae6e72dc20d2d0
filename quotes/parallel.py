"""Extraction over many documents on several processes, results in input order."""
from __future__ import annotations

import multiprocessing
from typing import Iterator, Sequence

from quotes.model import Quote
from quotes.pipeline import extract
from quotes.rules import load_rules

_worker_rules = None


def _init(rule_files: tuple[str, ...]) -> None:
    global _worker_rules
    _worker_rules = load_rules(rule_files)


def _extract(text: str) -> list[Quote]:
    return extract(text, _worker_rules)


def map_extract(texts: Sequence[str], rule_files: Sequence[str] = (), jobs: int = 1) -> Iterator[list[Quote]]:
    """extract() of each text, in order. Worker processes only pay off for several texts."""
    rule_files = tuple(rule_files)
    jobs = max(1, min(jobs, len(texts)))
    if jobs == 1:
        rules = load_rules(rule_files)
        yield from (extract(t, rules) for t in texts)
        return
    # spawn, not fork: safe with threads (stanza/torch) and the same on every platform
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_init, initargs=(rule_files,)) as pool:
        yield from pool.imap(_extract, texts, chunksize=8)
