"""Watch a batch: after each burst of saves, plan again and build what the change affects.

Planning is a hash comparison of a few milliseconds, so every relevant change simply re-plans
the whole batch; the manifest decides which outputs a change affects. Folders are watched one by
one (not recursively: a project folder may hold a virtual environment of thousands of files),
as folders rather than files, so a file an editor deletes and writes anew is still seen.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from typing import Any

from brochure.batch.config import BatchConfig
from brochure.batch.manifest import LOCK_NAME, MANIFEST_NAME, HashMemo, Manifest
from brochure.batch.plan import Plan, PlanCache, make_plan
from brochure.batch.pool import WorkerPool
from brochure.batch.run import BatchResult, JobResult, default_jobs, preload, run
from brochure.batch.worker import TaskRunner
from brochure.errors import BrochureError

STEP_MS = 5
"""A burst of saves ends when the folders stay quiet this long (editors write a file in a few
steps within a millisecond or two); then the batch is re-planned."""
MAX_BURST_MS = 1000
"""A burst that never quietens is cut after this long."""


@dataclass(frozen=True)
class Cycle:
    """One round of watching: the changes that started it, and what was built (or why the batch
    could not be planned)."""

    changes: tuple[Path, ...]
    """The changed files (empty for the first round)."""
    result: BatchResult | None = None
    """What happened to every output; None when planning failed."""
    error: BrochureError | None = None
    """Why the batch could not be planned (brochure.yaml is invalid, outputs collide...)."""


def watch_batch(
    load: Callable[[], BatchConfig],
    *,
    jobs: int | None = None,
    on_cycle: Callable[[Cycle], None],
    on_result: Callable[[JobResult], None] | None = None,
    stop: Event | None = None,
    on_ready: Callable[[tuple[Path, ...]], None] | None = None,
    home: Path | None = None,
) -> None:
    """Build the batch ``load`` describes, then rebuild after each relevant change until
    ``stop`` is set (or Ctrl-C: KeyboardInterrupt is raised). ``on_cycle`` hears about every
    round, ``on_result`` about every output as it is done, ``on_ready`` which folders are
    watched each time the watcher (re)starts. ``home`` (brochure.yaml's folder, by default the
    working folder) is watched even while the batch cannot be read."""
    import watchfiles

    stop = stop or Event()
    preload()
    with WorkerPool(jobs or default_jobs(), TaskRunner()) as pool:
        last_plan: Plan | None = None
        config: BatchConfig | None = None
        files = HashMemo()
        cache = PlanCache(files=files)

        def cycle(changes: tuple[Path, ...]) -> None:
            nonlocal last_plan, config
            started = time.perf_counter()
            files.forget(changes)
            try:
                config = load()
                last_plan = make_plan(config, cache=cache)
                result = run(last_plan, jobs=jobs, on_result=on_result, pool=pool, started=started)
            except BrochureError as exc:
                on_cycle(Cycle(changes, error=exc))
                return
            on_cycle(Cycle(changes, result))

        cycle(())
        while not stop.is_set():
            folders = _folders(config, last_plan) or ((home or Path.cwd()).resolve(),)
            # What changed while no watcher ran (the first build, a restart) went unseen.
            files.forget()
            if on_ready is not None:
                on_ready(folders)
            changes_seen = watchfiles.watch(
                *folders,
                watch_filter=_Relevant(),
                step=STEP_MS,
                debounce=MAX_BURST_MS,
                stop_event=stop,
                recursive=False,
                rust_timeout=500,
            )
            for changes in changes_seen:
                cycle(tuple(sorted({Path(path) for _, path in changes})))
                if _folders(config, last_plan) not in (folders, ()):
                    with contextlib.suppress(Exception):
                        changes_seen.close()
                    break  # an input moved to another folder: watch the new set


def _folders(config: BatchConfig | None, plan: Plan | None) -> tuple[Path, ...]:
    """The folders to watch: brochure.yaml's, every input's (as the manifest now records them),
    and where each glob looks."""
    found: set[Path] = set()
    if config is not None:
        found.add(config.folder)
        for pattern in (*(entry.pattern for entry in config.contents), *config.brands):
            found.update(_glob_folders(config.folder, pattern))
    if plan is not None:
        for job in plan.jobs:
            found.update(path.parent for path in job.inputs)
        for translation in plan.translations:
            found.add(translation.source.parent)
        # The files the last builds found (logo, fonts...): not in the plan of a first build.
        manifest = Manifest.load(plan.manifest.folder)
        for entry in manifest.outputs.values():
            found.update(manifest.resolve(name).parent for name in entry.inputs)
    return tuple(sorted(folder for folder in found if folder.is_dir()))


def _glob_folders(base: Path, pattern: str) -> set[Path]:
    """The folder a glob looks in (and every folder under it, for ``**``)."""
    fixed = []
    parts = Path(pattern).parts
    for part in parts[:-1]:
        if any(char in part for char in "*?["):
            break
        fixed.append(part)
    start = base.joinpath(*fixed)
    if len(fixed) == len(parts) - 1:
        return {start}
    found = {start}
    if start.is_dir():
        found.update(path for path in start.rglob("*") if path.is_dir())
    return found


class _Relevant:
    """Which changes start a round: any file in a watched folder but the batch's own (outputs,
    the manifest, temporary files) and editors' scratch files. A change that alters nothing
    costs one plan: the hashes decide what, if anything, is rebuilt."""

    def __init__(self) -> None:
        import watchfiles

        self.editors = watchfiles.DefaultFilter()

    def __call__(self, change: Any, path: str) -> bool:
        name = Path(path).name
        if name in (MANIFEST_NAME, LOCK_NAME) or name.endswith((".tmp", ".pdf")):
            return False
        return bool(self.editors(change, path))
