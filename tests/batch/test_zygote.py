"""The zygote: it imports its modules once, forks the workers with them, and its workers carry
none of what the parent allocated after it started; closing it stops it at once, and a pool
whose zygote is gone forks its workers itself. (The pool's own behaviour with a zygote, time
limits and dying workers included, is in test_pool.py.)"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from brochure.batch.pool import WorkerPool
from brochure.batch.zygote import Zygote, forks_workers

pytestmark = pytest.mark.skipif(not forks_workers(), reason="a zygote needs fork")

UNUSED = "tabnanny"
"""A standard module nothing in brochure or its tests imports."""


def report(task: str) -> Iterator[tuple[int, bool, int]]:
    """Its parent's process id, whether ``task`` (a module) is imported, its peak memory."""
    yield os.getppid(), task in sys.modules, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def ask(pool: WorkerPool, tasks: list[str]) -> list[tuple[int, bool, int]]:
    answers: list[tuple[int, bool, int]] = []
    pool.run(
        tasks,
        timeout=30,
        on_message=lambda index, answer: answers.append(answer),
        on_lost=lambda index, why: pytest.fail(why),
    )
    return answers


def test_its_workers_are_its_children_with_its_modules_imported() -> None:
    assert UNUSED not in sys.modules
    with Zygote([UNUSED]) as zygote, WorkerPool(2, report, zygote=zygote) as pool:
        answers = ask(pool, [UNUSED, UNUSED, "brochure.batch.zygote"])
    assert UNUSED not in sys.modules, "the parent does not import what the zygote does"
    assert [(parent, found) for parent, found, _ in answers] == [(zygote.pid, True)] * 3


def test_it_imports_what_it_is_asked_to_load_before_forking_the_next_worker() -> None:
    with Zygote(()) as zygote:
        with WorkerPool(1, report, zygote=zygote) as pool:
            before = ask(pool, [UNUSED])
        zygote.load([UNUSED])
        with WorkerPool(1, report, zygote=zygote) as pool:
            after = ask(pool, [UNUSED])
    assert [found for _, found, _ in before + after] == [False, True]


def test_its_workers_carry_nothing_the_parent_allocated_after_it_started() -> None:
    size = 96 << 20
    with Zygote(()) as zygote:
        kept = b"x" * size  # resident in this process, after the zygote was forked
        with WorkerPool(1, report, zygote=zygote) as pool:
            ((_, _, from_zygote),) = ask(pool, ["os"])
        with WorkerPool(1, report) as pool:
            ((_, _, from_here),) = ask(pool, ["os"])
    assert len(kept) == size
    # A worker forked here maps the parent's 96 MB; the zygote's has never seen them.
    assert from_here - from_zygote > (size >> 10) // 2


def test_closing_it_stops_it_at_once_even_while_it_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, finished = tmp_path / "started", tmp_path / "finished"
    (tmp_path / "slow_to_import.py").write_text(
        "import pathlib, time\n"
        f"pathlib.Path({str(started)!r}).touch()\n"
        "time.sleep(60)\n"
        f"pathlib.Path({str(finished)!r}).touch()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    zygote = Zygote(["slow_to_import"])
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert started.exists()
    zygote.close()
    with pytest.raises(ProcessLookupError):
        os.kill(zygote.pid, 0)
    assert not finished.exists(), "killed in the middle of its import, not waited for"
    zygote.close()  # closing twice is harmless


def test_a_pool_whose_zygote_is_gone_forks_its_workers_itself() -> None:
    with Zygote(()) as zygote:
        os.kill(zygote.pid, signal.SIGKILL)
        with WorkerPool(2, report, zygote=zygote) as pool:
            answers = ask(pool, ["os", "os"])
        assert pool.zygote is None
        assert {parent for parent, _, _ in answers} == {os.getpid()}
        assert zygote.wait(12345) is None, "a zygote that is gone knows no exit code"
