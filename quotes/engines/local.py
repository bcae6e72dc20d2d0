"""Shards on this machine's processes (the engine without a cluster)."""
from __future__ import annotations

import multiprocessing
from typing import Sequence

from quotes.batch import Options
from quotes.engines import OnResult
from quotes.parquet import run_shard
from quotes.shards import Shard


def _run(task: tuple[int, Shard, str, Options]):
    return run_shard(*task)


def run(shards: Sequence[Shard], out: str, options: Options, on_result: OnResult, jobs: int = 1) -> None:
    tasks = [(i, shard, out, options) for i, shard in enumerate(shards)]
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        for task in tasks:
            on_result(_run(task))
        return
    # spawn, as quotes.parallel: safe with threads and the same on every platform
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        for result in pool.imap_unordered(_run, tasks):
            on_result(result)
