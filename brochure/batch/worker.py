"""What a worker process does with a task: validate one content file in one brand once (with
the language editions it is fitted with, if any), then render and write each of its outputs
(one per format and profile), reporting each as it is done."""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brochure.batch.manifest import HashMemo
from brochure.content.source import display_name
from brochure.errors import BrochureError, ContentError, Problem


@dataclass(frozen=True)
class Render:
    """One output of a task."""

    output: Path
    """Where the PDF goes."""
    format: str
    """The format's name."""
    profile: str
    """The profile's name."""
    paper: str
    """The paper size."""


@dataclass(frozen=True)
class Task:
    """A content file in one brand, and the outputs to make of it."""

    content: Path
    """The content file."""
    brand: Path | None
    """The brand file; None: the brand the content file names (or writes inline)."""
    root: Path
    """No file a leaflet names may be outside this folder."""
    renders: tuple[Render, ...]
    """The outputs to make."""
    max_size: int | None = None
    """Bytes; a larger PDF is an error and is not written."""
    group: tuple[Path, ...] = ()
    """The content's other language editions (``fit: group``), loaded in the same brand: each
    output is fitted at the sizes the tightest of them needs."""
    hashed: tuple[tuple[Path, str], ...] = ()
    """Files the plan hashed before sending the task (the inputs the manifest recorded last
    time), with their hashes: the job hashes only the files it finds besides these (a font
    family is megabytes)."""


@dataclass(frozen=True)
class Done:
    """The outcome of one output of a task (``renders[index]``)."""

    index: int
    """Which of the task's renders."""
    problems: tuple[Problem, ...] = ()
    """Why it failed; empty: it was written."""
    output_hash: str = ""
    """SHA-256 of the PDF written."""
    size: int = 0
    """Its size in bytes."""
    assets: tuple[tuple[Path, str], ...] = ()
    """The files validation found the leaflet and its group to use (logo, fonts, images), each
    with its hash taken before rendering: a file saved while the job ran is then seen as
    changed next time."""
    seconds: float = 0.0
    """Time spent on this output (the first one includes validating)."""
    detail: str = ""
    """A traceback, when the failure is a bug in brochure rather than in the input."""


@dataclass
class TaskRunner:
    """Runs tasks in one worker process (:func:`build_task`), keeping its trial layouts warm
    from one task to the next: the same content in another brand is not laid out again
    (:class:`~brochure.layout.copyfit.LayoutCache`). Each worker has its own; the cache is
    made at the first task, so a batch with nothing to build never imports the layout."""

    cache: Any = None
    """The worker's :class:`~brochure.layout.copyfit.LayoutCache`, once it has built."""
    hashes: HashMemo = field(default_factory=HashMemo)
    """The hashes of the files its tasks used (a brand's fonts are megabytes), each trusted
    only while the file's stat key is unchanged."""

    def __call__(self, task: Task) -> Iterator[Done]:
        if self.cache is None:
            from brochure.layout.copyfit import LayoutCache

            self.cache = LayoutCache()
        return build_task(task, self.cache, hashes=self.hashes)


def build_task(task: Task, cache: Any = None, *, hashes: HashMemo | None = None) -> Iterator[Done]:
    """Validate the task's leaflet and its group once, then render and write each output
    atomically. A group member that does not validate fails every output with its problems:
    the group cannot be fitted without it. ``cache``: a LayoutCache to keep trial layouts in;
    ``hashes``: the files earlier tasks hashed (:class:`~brochure.batch.manifest.HashMemo`)."""
    from brochure.batch.leaflet import asset_files
    from brochure.batch.manifest import FileHashes
    from brochure.layout.paper import PAPER_SIZES
    from brochure.pdf.render import RenderOptions
    from brochure.pipeline import Loaded, build_leaflet, load

    start = time.perf_counter()
    editions: list[Loaded] = []
    path = task.content  # the file being loaded: a problem that is not located names it
    # Only the papers being built are checked for blocks too big for a page (as a single build).
    papers = tuple(name for name in PAPER_SIZES if any(r.paper == name for r in task.renders))
    try:
        for path in (task.content, *task.group):
            editions.append(load(path, brand=task.brand, root=task.root, papers=papers))
        files = dict.fromkeys(asset for e in editions for asset in asset_files(e.leaflet))
        hashed, file_hash = dict(task.hashed), FileHashes(hashes)
        assets = tuple((asset, hashed.get(asset) or file_hash(asset)) for asset in files)
    except Exception as exc:
        problems, detail = problems_of(exc, path)
        for index in range(len(task.renders)):
            yield Done(index, problems, seconds=time.perf_counter() - start, detail=detail)
        return
    loaded, *members = editions
    group = [member.leaflet for member in members]
    for index, render in enumerate(task.renders):
        try:
            options = RenderOptions.for_profile(
                render.profile, paper=render.paper, format=render.format
            )
            written, _ = build_leaflet(
                loaded, render.output, options, max_size=task.max_size, group=group, cache=cache
            )
        except Exception as exc:
            problems, detail = problems_of(exc, task.content)
            yield Done(index, problems, seconds=time.perf_counter() - start, detail=detail)
        else:
            seconds = time.perf_counter() - start
            yield Done(index, (), written.sha256, written.size, assets, seconds)
        start = time.perf_counter()


def problems_of(exc: Exception, content: Path) -> tuple[tuple[Problem, ...], str]:
    """What a job reports for ``exc``: located problems for a user's mistake; a one-line
    problem and a traceback for a bug (so one bug stops one job, not the batch)."""
    if isinstance(exc, ContentError):
        return exc.problems, ""
    name = display_name(content)
    if isinstance(exc, BrochureError):
        return (Problem(name, None, None, "", exc.format_message()),), ""
    message = f"internal error ({type(exc).__name__}: {exc}); please report it"
    return (Problem(name, None, None, "", message),), traceback.format_exc()
