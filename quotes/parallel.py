"""Extraction over many documents on several processes, results in input order.

A document whose extraction fails (a bug the text provokes, memory) gives a Failed in its
place: one article never stops the others.
"""
from __future__ import annotations

import multiprocessing
from typing import Iterator, Sequence

from quotes import regexcache
from quotes.model import Failed, Quote
from quotes.pipeline import extract_guarded
from quotes.rules import load_rules

_worker = None  # (rules, nlp mode, stanza dir) of this worker process


def _init(rule_files: tuple[str, ...], nlp: str, stanza_dir: str | None) -> None:
    global _worker
    _worker = (load_rules(rule_files), nlp, stanza_dir)
    regexcache.keep()  # a worker that gets no work is stopped with the pool


def _extract(text: str) -> list[Quote] | Failed:
    rules, nlp, stanza_dir = _worker
    result = extract_guarded(text, rules, nlp, stanza_dir)
    regexcache.keep()  # now: the pool may stop this worker before its exit handlers finish
    return result


def map_extract(texts: Sequence[str], rule_files: Sequence[str] = (), jobs: int = 1,
                nlp: str = "rules", stanza_dir: str | None = None) -> Iterator[list[Quote] | Failed]:
    """extract() of each text, in order (Failed for one that raised). Worker processes only
    pay off for several texts."""
    rule_files = tuple(rule_files)
    jobs = max(1, min(jobs, len(texts)))
    if jobs == 1:
        rules = load_rules(rule_files)
        yield from (extract_guarded(t, rules, nlp, stanza_dir) for t in texts)
        return
    # spawn, not fork: safe with threads (stanza/torch) and the same on every platform
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_init, initargs=(rule_files, nlp, stanza_dir)) as pool:
        yield from pool.imap(_extract, texts, chunksize=8)
