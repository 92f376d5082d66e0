"""Run a plan: build the outputs that need it in worker processes, record them in the manifest,
and say what happened to every output.

Only this step writes. It holds the output folder's lock from the moment it looks at the
manifest again to the moment it has saved it, so two builds of one folder take turns: the
second finds the first one's work done and builds nothing twice.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from brochure.batch.config import LOCAL_EXECUTOR, BatchConfig
from brochure.batch.manifest import (
    MISSING,
    BuildLock,
    Entry,
    Failure,
    FileHashes,
    Manifest,
    file_hash,
)
from brochure.batch.plan import Job, Plan, Translation, staleness
from brochure.content.source import display_name
from brochure.errors import Problem
from brochure.pdf.profiles import PROFILES

if TYPE_CHECKING:  # imported when there is work: an up-to-date batch needs no processes
    from brochure.batch.cluster import ClusterPool
    from brochure.batch.pool import WorkerPool
    from brochure.batch.worker import Done, Task
    from brochure.batch.zygote import Zygote

Status = Literal["built", "up to date", "failed"]

HEAVY_MODULES = (
    "reportlab.platypus",
    "brochure.content.validate",
    "brochure.batch.leaflet",
    "brochure.batch.worker",
    "brochure.pdf.render",
    # imported on first use by the layout and the renderer
    "brochure.layout.fit",
    "pyphen",
    "PIL.Image",
)
"""Imported once before workers are forked (by the zygote, or in the parent), so no worker
imports them again.
svglib and lxml are left out: a logo converted once is read back from the user's cache."""
POST_PASS_MODULES = ("pikepdf",)
"""Imported there too when the batch makes files that need the post-pass (print)."""


@dataclass(frozen=True)
class JobResult:
    """What happened to one output."""

    job: Job
    """The output."""
    status: Status
    """``built``, ``up to date`` or ``failed``."""
    problems: tuple[Problem, ...] = ()
    """Why it failed, each located in its file where possible."""
    size: int | None = None
    """Size of the PDF in bytes (built or up to date)."""
    seconds: float = 0.0
    """Time spent building it."""
    detail: str = ""
    """A traceback, when the failure is a bug in brochure."""


@dataclass(frozen=True)
class BatchResult:
    """The outcome of a run: every output's result, in the plan's order."""

    results: tuple[JobResult, ...]
    """Every output's result, in the plan's order."""
    problems: tuple[Problem, ...] = ()
    """Problems in brochure.yaml that stopped no job (a glob that matches no file)."""
    translations: tuple[Translation, ...] = ()
    """The plan's translations (see :attr:`stale_translations`)."""
    seconds: float = 0.0
    """Wall time of planning and building."""
    worker_peak_kb: tuple[int, ...] = field(default=())
    """Peak resident memory of each worker process (KB; pages shared with the parent
    included)."""
    departed: tuple[Path, ...] = ()
    """Outputs brochure wrote that are no longer in the matrix, left in place (``prune``
    deletes them)."""
    pruned: tuple[Path, ...] = ()
    """Outputs no longer in the matrix that this run deleted."""
    kept: tuple[Path, ...] = ()
    """Outputs no longer in the matrix that were not deleted, because the file is no longer the
    one brochure wrote (edited or replaced since): forgotten, left for the user."""

    def _with(self, status: Status) -> tuple[JobResult, ...]:
        return tuple(r for r in self.results if r.status == status)

    @property
    def built(self) -> tuple[JobResult, ...]:
        """Outputs written by this run."""
        return self._with("built")

    @property
    def up_to_date(self) -> tuple[JobResult, ...]:
        """Outputs that needed nothing."""
        return self._with("up to date")

    @property
    def failed(self) -> tuple[JobResult, ...]:
        """Outputs that could not be built (any previous PDF is left as it was)."""
        return self._with("failed")

    @property
    def stale_translations(self) -> tuple[Translation, ...]:
        """Translations whose source changed since the translation last did."""
        return tuple(t for t in self.translations if t.source_changed)

    @property
    def ok(self) -> bool:
        """Whether nothing failed."""
        return not self.failed and not self.problems


def default_jobs() -> int:
    """Parallel jobs when none are asked for: the processors this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def run(
    plan: Plan,
    *,
    jobs: int | None = None,
    max_size: int | None = None,
    on_result: Callable[[JobResult], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    pool: WorkerPool | None = None,
    started: float | None = None,
    prune: bool = False,
    zygote: Zygote | None = None,
) -> BatchResult:
    """Build the plan's outputs that need it (``jobs`` at a time, or on the cluster the
    batch's ``executor`` names), save the manifest, and return every output's result.
    ``on_result`` is called as each output is done (for progress), ``on_wait`` when another
    build holds the folder. ``pool`` keeps workers between runs (watch); ``started`` is when
    planning began, for the total time. ``prune`` deletes the outputs that left the matrix
    (only files brochure wrote and nobody changed since). ``zygote`` (see
    :func:`start_zygote`) forks the workers, unless ``pool`` is given."""
    started = time.perf_counter() if started is None else started
    report = on_result or (lambda result: None)
    results: dict[int, JobResult] = {}
    for index, job in enumerate(plan.jobs):
        if job.problems:
            results[index] = JobResult(job, "failed", job.problems)
        elif job.reason is None:
            results[index] = _fresh(plan.manifest, job, max_size)
    for result in results.values():
        report(result)
    peaks: tuple[int, ...] = ()
    departed = plan.departed
    pruning = _Pruning()
    if plan.to_build or plan.manifest_changes or (prune and departed):
        lock = BuildLock(plan.config.output_folder.resolve())
        lock.acquire(on_wait)
        try:
            pruned = pruning if prune else None
            peaks = _build(plan, jobs, max_size, results, report, (pool, zygote), pruned)
        finally:
            lock.release()
    ordered = tuple(results[index] for index in range(len(plan.jobs)))
    if prune:
        departed = ()
    return BatchResult(
        ordered,
        plan.problems,
        plan.translations,
        time.perf_counter() - started,
        peaks,
        departed,
        tuple(pruning.deleted),
        tuple(pruning.kept),
    )


@dataclass
class _Pruning:
    """What pruning did, under the lock."""

    deleted: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def _fresh(manifest: Manifest, job: Job, max_size: int | None) -> JobResult:
    assert job.output is not None
    entry = manifest.outputs.get(manifest.name(job.output))
    size = entry.size if entry is not None else None
    if max_size is not None and size is not None and size > max_size:
        message = f"is {size / 1024:.0f} KB, over --max-size {max_size / 1024:.0f} KB"
        problem = Problem(display_name(job.output), None, None, "", message)
        return JobResult(job, "failed", (problem,), size)
    return JobResult(job, "up to date", size=size)


def _build(
    plan: Plan,
    jobs: int | None,
    max_size: int | None,
    results: dict[int, JobResult],
    report: Callable[[JobResult], None],
    workers_from: tuple[WorkerPool | None, Zygote | None],
    pruning: _Pruning | None,
) -> tuple[int, ...]:
    """Under the lock: build what is still stale, then record it all in the manifest (and
    prune, when asked). ``workers_from``: workers kept between runs, else a zygote to fork
    the batch's own (either may be None)."""
    manifest = Manifest.load(plan.manifest.folder)
    todo: list[int] = []
    for index, job in enumerate(plan.jobs):
        if not job.runnable:
            continue
        assert job.output is not None
        # Another build of this folder may have done it while this one waited for the lock.
        entry = manifest.outputs.get(manifest.name(job.output))
        args = (job.key, job.output, entry, manifest, plan.hashes, job.sources)
        if plan.force or staleness(*args) is not None:
            todo.append(index)
        else:
            results[index] = _fresh(manifest, job, max_size)
            report(results[index])
    tasks, members = _tasks(plan, todo, max_size)
    peaks: tuple[int, ...] = ()
    if tasks:
        kept, zygote = workers_from
        workers = kept or _pool(plan, min(jobs or default_jobs(), len(tasks)), zygote)

        def done(task_index: int, message: Done) -> None:
            index = members[task_index][message.index]
            result = _record(plan, manifest, plan.jobs[index], message, max_size)
            results[index] = result
            report(result)

        def lost(task_index: int, reason: str) -> None:
            for index in members[task_index]:
                if index not in results:
                    job = plan.jobs[index]
                    problem = Problem(display_name(job.content), None, None, "", reason)
                    results[index] = JobResult(job, "failed", (problem,))
                    report(results[index])

        # A worker keeps to one type family: it lays each content out in as few as it can.
        kinds = [plan.jobs[indexes[0]].family for indexes in members]
        try:
            workers.run(
                tasks, timeout=plan.config.timeout, on_message=done, on_lost=lost, kinds=kinds
            )
        finally:
            if kept is None:
                workers.close()
                peaks = tuple(workers.peak_kb)
            _save(plan, manifest, pruning)
    else:
        _save(plan, manifest, pruning)
    return peaks


def _pool(plan: Plan, size: int, zygote: Zygote | None) -> WorkerPool | ClusterPool:
    """The batch's own worker processes (forked by ``zygote`` if given), or the cluster
    brochure.yaml (or --executor) names."""
    if plan.config.executor != LOCAL_EXECUTOR:
        from brochure.batch.cluster import ClusterPool

        return ClusterPool(plan.config.executor, plan.config.confined_to, plan.hashes)
    from brochure.batch.pool import WorkerPool
    from brochure.batch.worker import TaskRunner

    post_pass = any(PROFILES[job.profile].output_intent for job in plan.jobs)
    if zygote is not None and post_pass:
        try:
            zygote.load(POST_PASS_MODULES)
        except (OSError, EOFError):
            zygote = None  # gone (killed?): this process forks the workers
    if zygote is None:
        preload(post_pass=post_pass)
    return WorkerPool(size, TaskRunner(), zygote=zygote)


def _tasks(plan: Plan, todo: list[int], max_size: int | None) -> tuple[list[Task], list[list[int]]]:
    """One task per content file and brand (validated once, with its group), with one render
    per output."""
    from brochure.batch.worker import Render, Task

    by_task: dict[tuple[Path, Path | None, bool, tuple[Path, ...]], list[int]] = {}
    for index in todo:
        job = plan.jobs[index]
        by_task.setdefault((job.content, job.brand, job.own_brand, job.group), []).append(index)
    tasks, members = [], []
    root = plan.config.confined_to.resolve()
    for (content, brand, own, group), indexes in by_task.items():
        renders = []
        hashed: dict[Path, str] = {}
        for index in indexes:
            job = plan.jobs[index]
            assert job.output is not None
            renders.append(Render(job.output, job.format, job.profile, job.paper))
            for path in job.inputs:
                digest = plan.hashes.known(path)
                if digest is not None:
                    hashed[path] = digest
        brand_given = None if own else brand
        task = Task(
            content, brand_given, root, tuple(renders), max_size, group, tuple(hashed.items())
        )
        tasks.append(task)
        members.append(indexes)
    return tasks, members


def _record(
    plan: Plan, manifest: Manifest, job: Job, done: Done, max_size: int | None
) -> JobResult:
    """The result of one finished output; a written one goes into the manifest, and so does a
    failure on the input (not a bug in brochure, not one that --max-size decides)."""
    assert job.output is not None
    name = manifest.name(job.output)
    manifest.failures.pop(name, None)
    if done.problems:
        if not done.detail and max_size is None:
            manifest.failures[name] = Failure(
                job.key, _failure_inputs(plan, job, done), done.problems
            )
        return JobResult(job, "failed", done.problems, seconds=done.seconds, detail=done.detail)
    inputs = {manifest.name(path): _hash(plan.hashes, path) for path in job.sources}
    for path, digest in done.assets:
        # A source may be an asset too (an edition's translation_of names the job's content):
        # its hash taken while planning stays.
        inputs.setdefault(manifest.name(path), digest)
    manifest.outputs[manifest.name(job.output)] = Entry(
        job.key, inputs, done.output_hash, done.size
    )
    return JobResult(job, "built", size=done.size, seconds=done.seconds)


def _failure_inputs(plan: Plan, job: Job, done: Done) -> dict[str, str]:
    """Every file a failed job read or may have read, with its hash (missing ones too: the
    logo a problem says is missing is one the user will add)."""
    from brochure.batch.references import named_files

    manifest, root = plan.manifest, plan.config.confined_to
    paths: dict[Path, None] = dict.fromkeys(job.sources)
    for source in job.sources:
        data, _ = plan.hashes.read(source)  # the hash taken while planning is kept
        paths.update(dict.fromkeys(named_files(source, data, root)))
    paths.update(dict.fromkeys(path for path, _ in done.assets))
    inputs = {manifest.name(path): _hash(plan.hashes, path) for path in paths}
    return inputs


def _hash(hashes: FileHashes, path: Path) -> str:
    # Taken while planning (before the job read the file), so a save during the build is seen
    # as a change next time.
    return hashes.known(path) or file_hash(path)


def _save(plan: Plan, manifest: Manifest, pruning: _Pruning | None) -> None:
    """Record the translations, prune when asked, and write the manifest. An output that left
    the matrix stays recorded until pruned: the record is what says brochure wrote it."""
    planned = {manifest.name(job.output) for job in plan.jobs if job.output is not None}
    manifest.failures = {n: f for n, f in manifest.failures.items() if n in planned}
    manifest.translations = {manifest.name(t.content): t.record for t in plan.translations}
    if pruning is not None:
        for name in sorted(set(manifest.outputs) - planned):
            _prune(manifest, name, pruning)
    manifest.save()


def _prune(manifest: Manifest, name: str, pruning: _Pruning) -> None:
    """Delete an output that left the matrix if it is still the file brochure wrote; forget
    it either way; remove the folders it leaves empty inside the output folder."""
    entry = manifest.outputs.pop(name)
    path = manifest.resolve(name)
    found = file_hash(path)
    if found == MISSING:
        return
    if found != entry.output:
        pruning.kept.append(path)
        return
    path.unlink()
    pruning.deleted.append(path)
    folder = path.parent
    while folder != manifest.folder and folder.is_relative_to(manifest.folder):
        try:
            folder.rmdir()  # only when empty
        except OSError:
            break
        folder = folder.parent


def preload(*, post_pass: bool = True) -> None:
    """Import the renderer in this process, so forked workers start with it (a spawned worker
    imports it itself); pikepdf too with ``post_pass``. What is not imported here costs a
    worker nothing until a job needs it (each worker's memory counts every page it maps)."""
    from brochure.batch.zygote import forks_workers, import_modules

    if forks_workers():
        import_modules((*HEAVY_MODULES, *(POST_PASS_MODULES if post_pass else ())))


class ZygoteWhenStale:
    """Starts the workers' zygote (:func:`start_zygote`) when the plan finds the first output
    to build (pass :meth:`start` as ``make_plan``'s ``on_stale``), and closes it on leaving:
    a batch with nothing to build forks nothing."""

    def __init__(self, config: BatchConfig) -> None:
        self._config = config
        self.zygote: Zygote | None = None
        """The zygote, once started (None too where workers are not forked)."""

    def start(self) -> None:
        """Start the zygote, unless it is started."""
        if self.zygote is None:
            self.zygote = start_zygote(self._config)

    def __enter__(self) -> ZygoteWhenStale:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.zygote is not None:
            self.zygote.close()


def start_zygote(config: BatchConfig) -> Zygote | None:
    """A zygote (:class:`~brochure.batch.zygote.Zygote`) importing the renderer while the
    caller plans ``config``'s batch, to fork its workers; None where workers do not come from
    one (a cluster; see :func:`~brochure.batch.zygote.zygote_available`). The caller closes
    it."""
    from brochure.batch.zygote import Zygote, zygote_available

    if config.executor != LOCAL_EXECUTOR or not zygote_available():
        return None
    return Zygote(HEAVY_MODULES)
