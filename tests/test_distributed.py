"""A batch on a Dask LocalCluster with two workers gives the same outputs as a local run."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import SAMPLES
from pipeline.batch import RunOptions, run_batch

pytest.importorskip("dask.distributed")


def _outputs(folder):
    out = {}
    for doc in sorted(p for p in folder.iterdir() if p.is_dir()):
        d = json.loads((doc / "document.json").read_text())
        out[doc.name] = ((doc / "corrected.txt").read_text(), (doc / "suggestions.jsonl").read_text(),
                         d["text"], d["stamp"]["key"])
    return out


@pytest.mark.slow
def test_dask_local_cluster_matches_local_run(tmp_path):
    src = tmp_path / "in"
    for name in ("seed-000", "seed-002", "seed-003", "seed-004"):
        shutil.copytree(SAMPLES / name, src / name)
    local = run_batch([src], RunOptions(tmp_path / "local", workers=1), progress=lambda r: None)
    dask = run_batch([src], RunOptions(tmp_path / "dask", scheduler="local:2"), progress=lambda r: None)
    assert [d.status for d in local.documents] == ["ok"] * 4
    assert sorted(d.status for d in dask.documents) == ["ok"] * 4
    assert _outputs(tmp_path / "local") == _outputs(tmp_path / "dask")
    # resuming on the cluster does no work
    again = run_batch([src], RunOptions(tmp_path / "dask", scheduler="local:2"), progress=lambda r: None)
    assert [d.status for d in again.documents] == ["skipped"] * 4
