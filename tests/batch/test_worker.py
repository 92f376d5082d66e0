"""brochure.batch.worker: a task validated once, each of its outputs rendered and written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import brochure.layout.fit
from brochure.batch.worker import Render, Task, TaskRunner, build_task
from tests.helpers import calls_to


def test_only_the_papers_being_built_are_checked_for_oversized_blocks(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[tuple[str, ...]] = []
    size_problems = brochure.layout.fit.size_problems

    def spy(*args: Any, **kwargs: Any) -> Any:
        checked.append(tuple(args[3]))
        return size_problems(*args, **kwargs)

    monkeypatch.setattr(brochure.layout.fit, "size_problems", spy)
    renders = (
        Render(fresh / "out/a.pdf", "pages", "screen", "letter"),
        Render(fresh / "out/b.pdf", "sheet", "screen", "letter"),
    )
    done = list(build_task(Task(fresh / "content.yaml", None, fresh, renders)))
    assert [d.problems for d in done] == [(), ()]
    assert checked == [("letter",)]  # once for the task, and not for A4
    assert (fresh / "out/a.pdf").is_file() and (fresh / "out/b.pdf").is_file()


def test_files_the_plan_hashed_are_not_hashed_again(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import brochure.batch.manifest

    hashed = calls_to(monkeypatch, brochure.batch.manifest, "file_hash")
    renders = (Render(fresh / "out/a.pdf", "pages", "screen", "a4"),)
    (alone,) = build_task(Task(fresh / "content.yaml", None, fresh, renders))
    assets = dict(alone.assets)
    assert set(hashed) == set(assets) and len(assets) > 1  # the logo, the fonts...
    logo = next(path for path in assets if path.suffix in (".svg", ".png"))
    hashed.clear()
    known = ((logo, "taken-while-planning"),)
    (planned,) = build_task(Task(fresh / "content.yaml", None, fresh, renders, hashed=known))
    assert dict(planned.assets) == {**assets, logo: "taken-while-planning"}
    assert logo not in hashed and set(hashed) == set(assets) - {logo}


def test_a_worker_hashes_a_file_its_tasks_share_once_until_it_changes(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A brand's fonts are used by every leaflet in it: a worker hashes them for its first task
    only, and again once a file is written anew."""
    import brochure.batch.manifest

    hashed = calls_to(monkeypatch, brochure.batch.manifest, "file_hash")
    runner = TaskRunner()
    first = Task(
        fresh / "content.yaml", None, fresh, (Render(fresh / "out/a.pdf", "pages", "screen", "a4"),)
    )
    second = Task(
        fresh / "content.yaml", None, fresh, (Render(fresh / "out/b.pdf", "sheet", "screen", "a4"),)
    )
    (done,) = runner(first)
    assets = dict(done.assets)
    assert sorted(hashed) == sorted(assets)
    hashed.clear()
    (again,) = runner(second)
    assert dict(again.assets) == assets and hashed == []
    logo = next(path for path in assets if path.suffix in (".svg", ".png"))
    logo.write_bytes(logo.read_bytes() + b"\n")
    (changed,) = runner(first)
    assert hashed == [logo]
    assert dict(changed.assets)[logo] != assets[logo]
