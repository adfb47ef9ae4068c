"""Running a batch on a Dask distributed cluster.

Documents are tasks.  Each worker process keeps its configured pipeline (and so the
lexicon, gazetteer and other resources) in memory between tasks: resources load once per
worker, not per document.  Workers write each document's outputs as soon as it is done, so
an interrupted run resumes like a local one.  The output folder must be reachable by every
worker under the same path (a shared file system).

``ADDRESS`` is a scheduler address (``tcp://host:8786``) or ``local:N`` for a cluster of N
worker processes on this machine.
"""
from __future__ import annotations

from typing import Callable

from .batch import DocResult, process_source
from .ingest import Source


def _client(address: str):
    from dask.distributed import Client, LocalCluster
    if address.startswith("local"):
        _, _, n = address.partition(":")
        cluster = LocalCluster(n_workers=int(n or 2), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    return Client(address), None


def run_on_dask(sources: list[Source], args: tuple, address: str,
                progress: Callable[[DocResult], None], on_error: str = "skip") -> list[DocResult]:
    """Process ``sources`` on the cluster at ``address``; results in completion order."""
    from dask.distributed import as_completed
    client, cluster = _client(address)
    results: list[DocResult] = []
    try:
        futures = [client.submit(process_source, src, *args, key=f"ocrfix-{src.name}-{i}", pure=False)
                   for i, src in enumerate(sources)]
        for fut in as_completed(futures):
            res = fut.result()
            results.append(res)
            progress(res)
            if res.status == "failed" and res.code.startswith("E4") and on_error == "abort":
                for f in futures:
                    f.cancel()
                break
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return results
