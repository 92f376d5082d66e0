"""The batch on a dask cluster (a LocalCluster on 127.0.0.1, two worker processes): the same
bytes as the local pool, one failing job among good ones, a worker that dies."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from brochure.batch import load_config, make_plan, run
from brochure.batch.cluster import ClusterPool, scheduler_address
from brochure.batch.manifest import FileHashes
from brochure.batch.parcel import Made, Parcel, build_parcel
from brochure.batch.worker import Done, Render, Task
from brochure.errors import BrochureError
from tests.batch.batch_helpers import OUTPUTS, build, names, new_matrix, pdfs

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A two-worker cluster on this machine; its ``dask://`` address. A job that kills its
    worker is not tried again on another (allowed-failures 0), so the test is quick."""
    import dask

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as local,
    ):
        yield local.scheduler_address.replace("tcp://", "dask://")


def test_the_scheduler_address_is_the_executor_s_with_tcp() -> None:
    assert scheduler_address("dask://10.0.0.5:8786") == "tcp://10.0.0.5:8786"


def test_a_cluster_build_writes_the_same_bytes_and_manifest_as_the_local_pool(
    cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = new_matrix(tmp_path / "local")
    remote = new_matrix(tmp_path / "remote")
    monkeypatch.chdir(local)
    assert build(local).ok
    monkeypatch.chdir(remote)
    plan = make_plan(load_config(remote / "brochure.yaml", executor=cluster))
    result = run(plan)
    assert result.ok, [str(p) for r in result.failed for p in r.problems]
    assert names(result.built, remote) == OUTPUTS
    assert pdfs(remote) == pdfs(local)
    manifest = json.loads((remote / "out/.brochure-manifest.json").read_bytes())
    assert manifest == json.loads((local / "out/.brochure-manifest.json").read_bytes())
    assert len(result.worker_peak_kb) == 2 and all(kb > 0 for kb in result.worker_peak_kb)
    # the manifest is the single record: a local build of the cluster's outputs has nothing to do
    again = build(remote)
    assert names(again.up_to_date, remote) == OUTPUTS and not again.built


def test_a_failing_job_is_reported_with_its_file_and_line_and_the_others_are_built(
    cluster: str, fresh: Path
) -> None:
    content = fresh / "assets/leaflets/lip-filler.yaml"
    text = content.read_text("utf-8")
    content.write_text(text.replace("icon: ", "icon: stopwatch #", 1), "utf-8")
    plan = make_plan(load_config(fresh / "brochure.yaml", executor=cluster))
    result = run(plan)
    failed = {o for o in OUTPUTS if "lip-filler" in o}
    assert names(result.failed, fresh) == failed
    assert names(result.built, fresh) == OUTPUTS - failed
    problems = {str(p) for r in result.failed for p in r.problems}
    assert len(problems) == 1
    problem = problems.pop()
    assert problem.startswith("assets/leaflets/lip-filler.yaml:") and "stopwatch" in problem
    assert "brochure-job-" not in problem  # the worker's folder never shows
    assert not any(fresh.glob("out/*/lip-filler*.pdf"))


def test_a_failing_job_with_an_unchanged_input_fails_again_without_the_cluster(
    cluster: str, fresh: Path
) -> None:
    content = fresh / "assets/leaflets/lip-filler.yaml"
    content.write_text(content.read_text("utf-8").replace("icon: ", "icon: stopwatch #", 1))
    first = run(make_plan(load_config(fresh / "brochure.yaml", executor=cluster)))
    # nothing to build: the same error comes back from the manifest, with no cluster at all
    again = run(make_plan(load_config(fresh / "brochure.yaml", executor="dask://127.0.0.1:1")))
    assert {r.problems for r in again.failed} == {r.problems for r in first.failed}
    assert not again.built


def die_on_request(parcel: Parcel) -> tuple[Made, ...]:
    """Runs on a worker: kills the worker process for a parcel of ``die.yaml``."""
    if parcel.content == "die.yaml":
        os.kill(os.getpid(), signal.SIGKILL)
    return build_parcel(parcel)


def test_a_worker_that_dies_fails_its_job_and_the_batch_goes_on(cluster: str, fresh: Path) -> None:
    (fresh / "die.yaml").write_bytes((fresh / "content.yaml").read_bytes())
    tasks = [
        Task(fresh / name, None, fresh, (Render(fresh / f"out/{i}.pdf", "pages", "screen", "a4"),))
        for i, name in enumerate(["content.yaml", "die.yaml", "assets/leaflets/lip-filler.yaml"])
    ]
    messages: dict[int, Done] = {}
    lost: dict[int, str] = {}
    with ClusterPool(cluster, fresh, FileHashes(), die_on_request) as pool:
        pool.run(tasks, timeout=60, on_message=messages.__setitem__, on_lost=lost.__setitem__)
    assert set(lost) == {1} and "died" in lost[1]
    assert set(messages) == {0, 2} and not any(m.problems for m in messages.values())
    assert (fresh / "out/0.pdf").is_file() and (fresh / "out/2.pdf").is_file()
    assert not (fresh / "out/1.pdf").exists()


def test_no_scheduler_is_a_one_line_error() -> None:
    with pytest.raises(BrochureError, match="no dask scheduler answers") as caught:
        ClusterPool("dask://127.0.0.1:1", Path.cwd(), FileHashes())
    assert "dask scheduler" in caught.value.format_message()
