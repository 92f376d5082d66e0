"""Helpers of the batch tests: the sample matrix (brochure.yaml: two leaflets x two brands) in a
scratch folder, building it through the library, and reading what happened."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from brochure.batch import BatchResult, Job, JobResult, load_config, make_plan, run
from tests.helpers import ROOT, copy_sample

OUTPUTS = {
    "out/lumen-skin-clinic/content-screen.pdf",
    "out/juniper-aesthetics/content-screen.pdf",
    "out/lumen-skin-clinic/lip-filler-screen.pdf",
    "out/juniper-aesthetics/lip-filler-screen.pdf",
}
"""Every output of the test matrix, relative to the project."""
TRANSLATIONS = ("content.es.yaml", "content.he.yaml", "content.ar.yaml")
"""The sample's translated editions: Spanish, Hebrew and Arabic."""
SPANISH = {
    f"out/{brand}/{name.removesuffix('.yaml')}-screen.pdf"
    for brand in ("lumen-skin-clinic", "juniper-aesthetics")
    for name in TRANSLATIONS
}
"""The outputs the sample matrix adds with its translated editions."""
SPANISH_LINE = "  - content.es.yaml"


def new_matrix(folder: Path, *, spanish: bool = False) -> Path:
    """The sample project with its brochure.yaml in ``folder``, nothing built: two leaflets in
    two brands (:data:`OUTPUTS`); with ``spanish``, the whole sample matrix, which also has the
    Spanish edition (:data:`SPANISH`)."""
    copy_sample(folder)
    if spanish:
        for name in TRANSLATIONS:
            shutil.copy2(ROOT / name, folder / name)
    lines = (ROOT / "brochure.yaml").read_text("utf-8").splitlines(keepends=True)
    assert any(line.startswith(SPANISH_LINE) for line in lines)
    editions = tuple(f"  - {name}" for name in TRANSLATIONS)
    kept = [line for line in lines if spanish or not line.startswith(editions)]
    (folder / "brochure.yaml").write_text("".join(kept), "utf-8")
    return folder


def build(folder: Path, *, force: bool = False, jobs: int = 2, **options: Any) -> BatchResult:
    """Plan and run the batch of ``folder``/brochure.yaml through the library."""
    plan = make_plan(load_config(folder / "brochure.yaml"), force=force)
    return run(plan, jobs=jobs, **options)


def names(items: tuple[Job, ...] | tuple[JobResult, ...], folder: Path) -> set[str]:
    """The outputs of jobs or results, relative to ``folder``, with forward slashes."""
    jobs = [item.job if isinstance(item, JobResult) else item for item in items]
    return {job.output.relative_to(folder).as_posix() for job in jobs if job.output}


def pdfs(folder: Path) -> dict[str, bytes]:
    """Every PDF under ``folder``/out, by path relative to ``folder``."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.glob("out/**/*.pdf")}
