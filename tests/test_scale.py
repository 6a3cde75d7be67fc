"""The Dask engine: a real LocalCluster (processes, 2 workers) against local ingest on a corpus slice."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import duckdb
import pytest
from conftest import shared_path

from communique.cli import main
from communique.scale import ingest_dask, load
from communique.scale.dataset import TABLES, done
from communique.settings import Settings
from communique.sources.parts import files, split
from communique.store import Store, ingest

STAMPS = {"ingested_at", "stored_at", "first_at", "last_at"}


@pytest.fixture(scope="module")
def cluster():
    """Spawned worker processes, as on a real cluster: each loads the model through the Warm plugin."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as running:
        yield running


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> str:
    """Six short corpus articles, one line that is not JSON and one empty text: a slice with skips."""
    lines = [line for line in shared_path("corpus", "news.jsonl").read_text(encoding="utf-8").splitlines()
             if len(json.loads(line)["text"].split()) <= 250][:6]
    lines[3:3] = ["{not json", json.dumps({"text": "  ", "id": "blank"})]
    path = tmp_path_factory.mktemp("corpus") / "slice.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def records(path: Path) -> dict[str, list]:
    """Every table's rows without their timestamps, in a stable order."""
    with Store(path, read_only=True) as store:
        out = {}
        for table in TABLES:
            rows = [{k: v for k, v in row.items() if k not in STAMPS} for row in store.table(table).to_pylist()]
            out[table] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return out


def test_the_dask_path_stores_exactly_what_local_ingest_stores(corpus, tmp_path, capsys) -> None:
    local = tmp_path / "local.duckdb"
    with Store(local) as store:
        summary = ingest(store, [corpus], settings=Settings(), workers=2)
    assert (summary.added, summary.failed) == (6, 2)

    out = tmp_path / "dataset"
    assert main(["ingest", corpus, "--engine", "dask", "--local-workers", "2", "--partition-size", "3",
                 "--out", str(out)]) == 1  # 1: two inputs were skipped with errors
    said = capsys.readouterr()
    assert "3 partitions: 3 run, 0 complete before, 0 failed; 6 articles, 2 inputs skipped" in said.out
    assert said.err.count("partition ") == 3
    loaded = tmp_path / "loaded.duckdb"
    assert main(["load", str(out), "--db", str(loaded)]) == 0
    assert "8 inputs: 6 articles added, 0 already stored, 2 skipped" in capsys.readouterr().out
    assert records(loaded) == records(local)

    with Store(loaded) as store:  # loading again changes nothing
        again = load(store, str(out))
    assert (again.added, again.duplicates) == (0, 6)
    assert records(loaded) == records(local)

    con = duckdb.connect()  # DuckDB reads the dataset where it lies
    events = con.execute(f"SELECT count(*) FROM read_parquet('{out}/events/*.parquet')").fetchone()[0]
    kinds = con.execute(f"SELECT kind, error FROM read_parquet('{out}/skips/*.parquet') ORDER BY 2").fetchall()
    assert events == len(records(local)["events"]) > 0
    assert kinds == [("InputError", "empty"), ("InputError", "not JSON: Expecting property name enclosed in "
                                              "double quotes at column 2")]


def test_a_failed_partition_is_reported_and_a_rerun_runs_only_it(corpus, tmp_path, cluster) -> None:
    out = tmp_path / "dataset"
    parts = split(next(files([corpus])), 3)
    blocked = out / "events" / f"{parts[1].id}.parquet.tmp"  # where that partition's events are written
    blocked.mkdir(parents=True)
    seen: list[str | None] = []
    first = ingest_dask([corpus], str(out), settings=Settings(), scheduler=cluster.scheduler_address,
                        partition_size=3, on_partition=lambda marker, failure: seen.append(failure))
    assert (first.partitions, first.ran, first.reused, len(first.failed)) == (3, 2, 0, 1)
    assert first.failed[0][0] == str(parts[1]) and "IsADirectoryError" in first.failed[0][1]
    assert sorted(done(str(out))) == sorted([parts[0].id, parts[2].id])
    assert sum(f is not None for f in seen) == 1

    blocked.rmdir()
    second = ingest_dask([corpus], str(out), settings=Settings(), scheduler=cluster.scheduler_address,
                         partition_size=3)
    assert (second.ran, second.reused, second.failed) == (1, 2, [])
    with Store(tmp_path / "s.duckdb") as store:
        summary = load(store, str(out))
    assert (summary.added, summary.failed) == (6, 2)

    from distributed import Client

    def loads() -> int:
        from communique.nlp import load as load_model

        return load_model.cache_info().misses

    with Client(cluster) as client:  # each worker process loaded the model once, by itself
        assert list(client.run(loads).values()) == [1, 1]


def test_the_dask_engine_refuses_what_it_cannot_partition(tmp_path, capsys) -> None:
    assert main(["ingest", "-", "--engine", "dask", "--out", str(tmp_path / "d")]) == 1
    assert "a partitioned run reads files and fsspec URLs only" in capsys.readouterr().err
    assert main(["ingest", "x.jsonl", "--engine", "dask"]) == 1
    assert "give it --out DATASET/" in capsys.readouterr().err
    assert main(["load", str(tmp_path / "nothing"), "--db", str(tmp_path / "s.duckdb")]) == 1
    assert "no complete partition in this dataset" in capsys.readouterr().err
