"""`unspin batch` on Dask: a LocalCluster of 2 worker processes gives the same rows as the plain loop,
and an existing cluster (--scheduler) is used with each worker loading its pipeline once; an article
that kills its worker process fails alone."""

from __future__ import annotations

import json

import pytest

from unspin.batch import BatchSettings, run_batch
from unspin.cli import main

from .test_batch import article, rows

distributed = pytest.importorskip("distributed")


def corpus(tmp_path, n=8):
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": article(i), "source": "Outlet"}) for i in range(n)]
    lines.append(json.dumps({"id": "blank", "text": ""}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def comparable(out):
    return {r["id"]: (r["status"], r["error_code"], r["n_sentences"], r["source"],
                      json.loads(r["report_json"])["text"] if r["report_json"] else None) for r in rows(out)}


@pytest.mark.slow
def test_two_local_workers_match_the_plain_loop(tmp_path, capsys):
    path = corpus(tmp_path)
    code = main(["batch", str(path), "--out", str(tmp_path / "dask"), "--workers", "2", "-k", "2",
                 "--analyzers", "", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 3 and "8 ok, 1 failed" in err  # the blank article fails, the others do not
    run_batch(BatchSettings(path, tmp_path / "plain", analyzers=(), chunk_size=3))
    assert comparable(tmp_path / "dask") == comparable(tmp_path / "plain")


class PoisonPlugin(distributed.WorkerPlugin):
    """A worker plugin: on every (re)started worker, analysing the article 'poison' kills the process."""

    name = "unspin-test-poison"

    def setup(self, worker):
        import os

        from unspin.batch import rows as rows_module

        real = rows_module.to_source

        def to_source(item):
            if item.id == "poison":
                os._exit(1)  # a segfault or OOM kill, as far as Dask can tell
            return real(item)

        rows_module.to_source = to_source


@pytest.mark.slow
def test_existing_scheduler_one_pipeline_per_worker_and_a_worker_killing_article(tmp_path):
    """On a cluster we did not start (--scheduler): each worker builds its pipeline once; then an
    article that kills the worker process analysing it fails alone, and the others still succeed."""
    import sys

    import cloudpickle
    import dask
    from distributed import Client, LocalCluster

    path = corpus(tmp_path, n=6)
    poisoned = tmp_path / "poisoned.jsonl"
    records = [{"id": f"d{i}", "text": article(i)} for i in range(3)]
    records.insert(1, {"id": "poison", "text": article(9)})
    poisoned.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import the tests package
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None) as cluster, Client(cluster) as client:
        result = run_batch(BatchSettings(path, tmp_path / "out", analyzers=(), chunk_size=1,
                                         scheduler=cluster.scheduler_address))
        assert (result.ok, result.failed, result.chunks) == (6, 1, 7)

        def loaded():
            from unspin import pipeline

            return len(pipeline._PIPELINES)

        # seven chunks over two workers, and each worker built its pipeline exactly once
        assert list(client.run(loaded).values()) == [1, 1]

        client.register_plugin(PoisonPlugin())
        poison = run_batch(BatchSettings(poisoned, tmp_path / "poison-out", analyzers=(), chunk_size=4,
                                         scheduler=cluster.scheduler_address))
    assert sorted(r["id"] for r in rows(tmp_path / "out")) == ["blank"] + [f"d{i}" for i in range(6)]
    assert (poison.ok, poison.failed) == (3, 1)
    got = {r["id"]: r for r in rows(tmp_path / "poison-out")}
    assert got["poison"]["error_code"] == "worker_failed" and "KilledWorker" in got["poison"]["error"]
    assert all(got[f"d{i}"]["status"] == "ok" for i in range(3))


@pytest.mark.slow
def test_an_article_over_the_time_limit_fails_alone_on_dask_workers(tmp_path, capsys):
    """Dask runs tasks in worker threads (no signal alarm there): the limit still stops the long article."""
    from .test_batch_timeout import corpus as with_transcript

    code = main(["batch", str(with_transcript(tmp_path)), "--out", str(tmp_path / "out"), "--workers", "2", "-k", "1",
                 "--analyzers", "attribution", "--article-timeout", "0.5", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 3 and "3 ok, 1 failed (1 stopped at the time limit)" in err
    got = {r["id"]: r for r in rows(tmp_path / "out")}
    assert got["transcript"]["error_code"] == "timed_out"
    assert "over the time limit of 0.5 s per article, during parsing 4," in got["transcript"]["error"]
    assert all(got[f"short{i}"]["status"] == "ok" for i in range(3))
