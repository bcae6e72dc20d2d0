"""Shards on a Dask cluster: an existing one (``--scheduler tcp://HOST:PORT``) or a local one.

Each shard is one task: the worker reads its input itself, extracts and writes its Parquet
file, and sends back only counts and problems. Workers must see the input and output paths
(a shared file system, or URLs such as s3://… with that fsspec driver installed on them).
"""
from __future__ import annotations

from typing import Sequence

from quotes.batch import Options
from quotes.engines import EngineError, OnResult
from quotes.inputs import Problem
from quotes.parquet import ShardResult, run_shard
from quotes.shards import Shard

# A local cluster shares its cores with the client and scheduler, so its own housekeeping is
# work taken from extraction. The statistical profiler samples every worker's stack every
# 10 ms under the GIL (it cost 7-15% of a worker's rate here) and feeds only the dashboard,
# which a local run has none of; the health checks run a few times a second instead of 50.
QUIET_LOCAL_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def run(shards: Sequence[Shard], out: str, options: Options, on_result: OnResult, *,
        workers: int = 1, scheduler: str | None = None) -> None:
    try:
        import dask.config
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise EngineError("--engine dask needs Dask: pip install 'quotes[dask]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            # one single-threaded process per core: extraction is pure Python (the GIL)
            with dask.config.set(QUIET_LOCAL_CLUSTER):
                cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        # pure=False: a shard is work to do each time, not a cached value
        futures = {client.submit(run_shard, i, shard, out, options, pure=False): (i, shard)
                   for i, shard in enumerate(shards)}
        for future in as_completed(futures):
            index, shard = futures[future]
            try:
                on_result(future.result())
            except Exception as exc:  # a worker's failure is one shard's problem, not the run's
                on_result(ShardResult(index, problems=(Problem(shard.name, f"failed on a worker: {exc}"),)))
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
