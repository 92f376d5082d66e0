"""A job as a pure function of bytes: no path goes in or out, the PDF is the local build's,
problems name the project's files, and the time limit stops a job inside itself."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from brochure.batch.manifest import FileHashes
from brochure.batch.parcel import HERE, JobTimeout, build_parcel, pack, time_limit
from brochure.batch.worker import Render, Task
from brochure.errors import BrochureError
from brochure.pdf.render import RenderOptions
from brochure.pipeline import build_leaflet, load


def task(folder: Path, *renders: tuple[str, str]) -> Task:
    outputs = tuple(
        Render(folder / f"out/{i}.pdf", format, profile, "a4")
        for i, (format, profile) in enumerate(renders)
    )
    return Task(folder / "content.yaml", None, folder, outputs)


def test_a_parcel_holds_bytes_named_relative_to_the_project(fresh: Path) -> None:
    parcel = pack(task(fresh, ("pages", "screen")), FileHashes(), 60)
    assert parcel.content == "content.yaml" and parcel.brand is None
    assert set(parcel.files) == {
        "content.yaml",
        "assets/brand.yaml",
        "assets/logo.svg",
        *(f"assets/fonts/Lato-{face}.ttf" for face in ("Regular", "Bold", "Italic", "BoldItalic")),
    }
    assert all(not name.startswith("/") for name in parcel.files)
    assert parcel.files["assets/logo.svg"] == (fresh / "assets/logo.svg").read_bytes()


def test_a_parcel_builds_the_local_pdf_bytes_without_touching_the_project(fresh: Path) -> None:
    parcel = pack(task(fresh, ("pages", "screen"), ("sheet", "print")), FileHashes(), 60)
    made = build_parcel(parcel)
    assert [m.index for m in made] == [0, 1] and not any(m.problems for m in made)
    assert not (fresh / "out").exists()  # nothing written: the bytes come back
    loaded = load(fresh / "content.yaml", root=fresh)
    for one, (format, profile) in zip(made, [("pages", "screen"), ("sheet", "print")], strict=True):
        options = RenderOptions.for_profile(profile, paper="a4", format=format)
        written, _ = build_leaflet(loaded, fresh / f"local-{one.index}.pdf", options)
        assert one.pdf == (fresh / f"local-{one.index}.pdf").read_bytes()
        assert hashlib.sha256(one.pdf).hexdigest() == written.sha256
    names = dict(made[0].assets)
    logo = (fresh / "assets/logo.svg").read_bytes()
    assert names["assets/logo.svg"] == hashlib.sha256(logo).hexdigest()


def test_problems_name_the_project_s_files_never_the_worker_s_folder(fresh: Path) -> None:
    content = fresh / "content.yaml"
    content.write_text(content.read_text("utf-8").replace("icon: smooth", "icon: stopwatch"))
    made = build_parcel(pack(task(fresh, ("pages", "screen")), FileHashes(), 60))
    (problem,) = made[0].problems
    assert problem.file == HERE + "content.yaml" and "stopwatch" in problem.message
    assert not made[0].pdf


def test_a_parcel_may_not_name_a_file_outside_its_folder(fresh: Path) -> None:
    parcel = pack(task(fresh, ("pages", "screen")), FileHashes(), 60)
    parcel.files["../escape.txt"] = b"no"
    with pytest.raises(BrochureError, match="relative to the project only"):
        build_parcel(parcel)


def test_the_time_limit_stops_a_job_inside_itself_and_can_be_restarted() -> None:
    started = time.monotonic()
    with pytest.raises(JobTimeout), time_limit(0.2):
        while True:  # a job that never ends on its own
            sum(range(1000))
    assert time.monotonic() - started < 5
    with time_limit(0.3) as restart:
        for _ in range(4):
            time.sleep(0.1)
            restart()  # each step within the limit: never stopped
    time.sleep(0.4)  # and nothing is raised once the block is left


def test_a_job_over_its_limit_fails_each_output_not_yet_made(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parcel = pack(task(fresh, ("pages", "screen"), ("pages", "print")), FileHashes(), 0.001)
    made = build_parcel(parcel)
    assert [m.index for m in made] == [0, 1]
    assert all("took longer than 0.001 s and was stopped" in str(m.problems) for m in made)
