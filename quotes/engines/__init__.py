"""Running quotes.parquet.run_shard over every shard: on local processes or on Dask.

An engine takes the shards, the output folder and the extraction options, and calls
``on_result`` with each shard's ShardResult as it finishes. Only the chosen engine's module
is imported, so the others' packages need not be installed.
"""
from __future__ import annotations

from typing import Callable, Sequence

from quotes.batch import Options
from quotes.parquet import ShardResult
from quotes.shards import Shard

ENGINES = ("local", "dask")
OnResult = Callable[[ShardResult], None]


class EngineError(Exception):
    """The engine cannot run (not installed, scheduler unreachable); the message says why."""


def run(engine: str, shards: Sequence[Shard], out: str, options: Options, on_result: OnResult, *,
        jobs: int = 1, scheduler: str | None = None) -> None:
    if engine == "dask":
        from quotes.engines import dask
        dask.run(shards, out, options, on_result, workers=jobs, scheduler=scheduler)
    else:
        from quotes.engines import local
        local.run(shards, out, options, on_result, jobs=jobs)
