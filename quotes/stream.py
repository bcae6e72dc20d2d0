"""Documents in, ready output records out, in input order and in constant memory.

The command line reads, extracts and writes articles as they come: at most a few batches
per worker are in flight, so memory does not grow with the number of files, and workers
send back formatted text (cheap to pickle) rather than Quote objects.
"""
from __future__ import annotations

import itertools
from collections import deque
from typing import Iterable, Iterator, Sequence

import attrs

from quotes.outputs import format_quotes
from quotes.model import Failed

BATCH = 8  # documents a worker takes at a time: fewer round trips, little latency
IN_FLIGHT = 4  # batches per worker sent ahead: keeps every worker busy, bounds memory


@attrs.frozen
class Options:
    rule_files: tuple[str, ...]
    fmt: str
    kinds: frozenset[str]
    nlp: str = "rules"
    stanza_dir: str | None = None


_worker = None  # (options, rules) of this worker process


def _init(options: Options) -> None:
    global _worker
    from quotes import regexcache
    from quotes.rules import load_rules
    _worker = (options, load_rules(options.rule_files))
    regexcache.keep()  # a worker that gets no work is stopped with the pool


def _records(name: str, text: str) -> tuple[str, list[str] | Failed]:
    from quotes.pipeline import extract_guarded
    options, rules = _worker
    found = extract_guarded(text, rules, options.nlp, options.stanza_dir)
    if isinstance(found, Failed):
        return name, found
    return name, format_quotes(name, [q for q in found if q.kind in options.kinds], options.fmt)


def _batch(docs: Sequence[tuple[str, str]]) -> list[tuple[str, list[str] | Failed]]:
    from quotes import regexcache
    records = [_records(name, text) for name, text in docs]
    regexcache.keep()  # now: the pool may stop this worker before its exit handlers finish
    return records


def extract_records(docs: Iterable[tuple[str, str]], options: Options,
                    jobs: int) -> Iterator[tuple[str, list[str] | Failed]]:
    """(name, output records) of each (name, text), in input order, on ``jobs`` processes;
    a document whose extraction failed gives a Failed for its records.

    ``docs`` is read lazily, a few batches ahead of the output. Worker processes only pay
    off for several documents: one document is extracted here.
    """
    docs = iter(docs)
    head = list(itertools.islice(docs, 2))
    if jobs <= 1 or len(head) < 2:
        _init(options)
        yield from (_records(name, text) for name, text in itertools.chain(head, docs))
        return
    import multiprocessing
    # spawn, not fork: safe with threads (stanza/torch) and the same on every platform
    ctx = multiprocessing.get_context("spawn")
    batches = _batches(itertools.chain(head, docs))
    with ctx.Pool(jobs, initializer=_init, initargs=(options,)) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(_batch, (batch,)))
            if len(pending) >= jobs * IN_FLIGHT:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _batches(docs: Iterator[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    while batch := list(itertools.islice(docs, BATCH)):
        yield batch
