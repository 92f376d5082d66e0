"""The worker pool: tasks run in parallel and report as they go; a task over its time limit or
whose worker dies is reported lost, and the other tasks still run."""

from __future__ import annotations

import gc
import itertools
import os
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from brochure.batch.pool import TaskQueue, WorkerPool, start_method
from brochure.batch.zygote import Zygote
from tests.helpers import running

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the handlers below are inherited by fork"
)


def handler(task: tuple[str, int]) -> Iterator[tuple[str, int, int]]:
    """Sends one message per step: (name, step, worker pid); "hang" and "die" misbehave."""
    name, steps = task
    for step in range(steps):
        if name == "hang" and step == 1:
            time.sleep(600)
        if name == "die":
            os._exit(7)
        yield name, step, os.getpid()


@pytest.fixture(params=["forked here", "forked by a zygote"])
def zygote(request: pytest.FixtureRequest) -> Iterable[Zygote | None]:
    """Each pool test runs with workers forked by this process, and by a zygote."""
    if request.param == "forked here":
        yield None
    else:
        with Zygote(()) as forks:
            yield forks


def run(
    pool: WorkerPool, tasks: list[tuple[str, int]], timeout: float = 30
) -> tuple[dict[int, list[int]], dict[int, str]]:
    messages: dict[int, list[int]] = {}
    lost: dict[int, str] = {}
    pool.run(
        tasks,
        timeout=timeout,
        on_message=lambda index, message: messages.setdefault(index, []).append(message[1]),
        on_lost=lost.__setitem__,
    )
    return messages, lost


def test_every_task_runs_and_reports_each_step_in_order(zygote: Zygote | None) -> None:
    assert start_method() == "fork"
    with WorkerPool(3, handler, zygote=zygote) as pool:
        messages, lost = run(pool, [(f"t{i}", i + 1) for i in range(8)])
    assert not lost
    assert messages == {i: list(range(i + 1)) for i in range(8)}
    assert len(pool.peak_kb) == 3 and all(kb > 0 for kb in pool.peak_kb)


def test_a_hanging_task_is_stopped_after_its_time_limit_and_the_rest_run(
    zygote: Zygote | None,
) -> None:
    with WorkerPool(2, handler, zygote=zygote) as pool:
        messages, lost = run(pool, [("a", 2), ("hang", 3), ("b", 2), ("c", 1)], timeout=0.5)
        assert lost == {1: "took longer than 0.5 s and was stopped"}
        assert messages == {0: [0, 1], 1: [0], 2: [0, 1], 3: [0]}
        # the pool still works afterwards, with a fresh worker in place of the killed one
        again, lost_again = run(pool, [("d", 1), ("e", 1), ("f", 1)])
    assert again == {0: [0], 1: [0], 2: [0]} and not lost_again


def test_a_worker_that_dies_is_reported_and_replaced(zygote: Zygote | None) -> None:
    with WorkerPool(1, handler, zygote=zygote) as pool:
        messages, lost = run(pool, [("die", 1), ("a", 2)])
    assert lost == {0: "the build process exited (7) before it finished"}
    assert messages == {1: [0, 1]}


def test_a_task_for_a_worker_that_died_while_idle_goes_to_a_fresh_one(
    zygote: Zygote | None,
) -> None:
    with WorkerPool(1, handler, zygote=zygote) as pool:
        first, _ = run(pool, [("a", 1)])
        (pid,) = {worker.process.pid for worker in pool._workers}
        os.kill(pid, signal.SIGKILL)  # between two runs, as the out-of-memory killer might
        while running(pid):
            time.sleep(0.01)
        messages, lost = run(pool, [("b", 2)])
    assert first == {0: [0]} and messages == {0: [0, 1]} and not lost


def test_workers_persist_between_runs_until_closed(zygote: Zygote | None) -> None:
    pids: list[int] = []
    pool = WorkerPool(1, handler, zygote=zygote)
    for _ in range(2):
        pool.run(
            [("a", 1)],
            timeout=30,
            on_message=lambda index, message: pids.append(message[2]),
            on_lost=lambda index, reason: None,
        )
    pool.close()
    assert len(pids) == 2 and pids[0] == pids[1]
    with pytest.raises(ProcessLookupError):
        os.kill(pids[0], 0)


class _Cycle:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


_LEFT: list[weakref.ref[_Cycle]] = []


def leaves_a_cycle(task: str) -> Iterator[tuple[str, bool]]:
    """ "leave": turns automatic collection off and leaves a cycle behind; "look": whether
    the cycle the last task left is still alive."""
    if task == "leave":
        gc.disable()
        _LEFT.append(weakref.ref(_Cycle()))
        yield task, True
    else:
        yield task, _LEFT[-1]() is not None


def test_a_worker_collects_what_each_task_left_behind(zygote: Zygote | None) -> None:
    with WorkerPool(1, leaves_a_cycle, zygote=zygote) as pool:
        found: list[tuple[str, bool]] = []
        pool.run(
            ["leave", "look"],
            timeout=30,
            on_message=lambda index, message: found.append(message),
            on_lost=lambda index, why: pytest.fail(why),
        )
    assert found == [("leave", True), ("look", False)]


def test_a_free_worker_takes_its_own_kind_then_a_kind_nobody_has_then_the_first() -> None:
    queue = TaskQueue(5, ["a", "b", "a", "c", "b"])
    assert queue.take("b", {"a"}) == 1, "its own kind first"
    assert queue.take(None, {"a"}) == 3, "a fresh worker: the first of a kind nobody has"
    assert queue.take("c", {"a", "b"}) == 0, "else the first"
    assert len(queue) == 2 and queue.has("a") and not queue.has("c")
    assert [queue.take("b", ()), queue.take("b", ())] == [4, 2]
    assert not queue and not queue.has("b")
    with pytest.raises(IndexError):
        queue.take(None, ())


def test_a_task_given_back_is_taken_first_again() -> None:
    queue = TaskQueue(3, ["a", "b", "a"])
    assert queue.take("a", ()) == 0
    queue.give_back(0)
    assert len(queue) == 3 and queue.has("a")
    assert [queue.take("b", ()), queue.take("a", ()), queue.take("a", ())] == [1, 0, 2]
    assert not queue


def test_without_kinds_tasks_are_taken_in_order() -> None:
    queue = TaskQueue(3)
    assert [queue.take(None, ()), queue.take("a", {None}), queue.take(None, ())] == [0, 1, 2]


def test_each_worker_keeps_to_one_kind_while_there_are_tasks_of_it() -> None:
    tasks = [(kind, 1) for _ in range(3) for kind in ("a", "a", "b", "b")]
    ran: dict[int, list[str]] = {}
    with WorkerPool(2, handler) as pool:
        pool.run(
            tasks,
            timeout=30,
            on_message=lambda index, message: ran.setdefault(message[2], []).append(message[0]),
            on_lost=lambda index, reason: pytest.fail(reason),
            kinds=[name for name, _ in tasks],
        )
    assert sorted(kind for kinds in ran.values() for kind in kinds) == ["a"] * 6 + ["b"] * 6
    assert len(ran) == 2 and {kinds[0] for kinds in ran.values()} == {"a", "b"}
    for kinds in ran.values():  # it turns to the other kind only when its own has run out
        switches = sum(first != second for first, second in itertools.pairwise(kinds))
        assert switches <= 1, kinds


def test_a_worker_that_dies_loses_its_task_and_the_rest_of_every_kind_run_once(
    zygote: Zygote | None,
) -> None:
    tasks = [("a", 1), ("b", 1), ("die", 1), ("a", 1), ("b", 1), ("a", 1)]
    messages: dict[int, list[int]] = {}
    lost: dict[int, str] = {}
    with WorkerPool(2, handler, zygote=zygote) as pool:
        pool.run(
            tasks,
            timeout=30,
            on_message=lambda index, message: messages.setdefault(index, []).append(message[1]),
            on_lost=lost.__setitem__,
            kinds=["x", "y", "x", "x", "y", "x"],
        )
    assert list(lost) == [2] and "exited (7)" in lost[2]
    assert messages == {0: [0], 1: [0], 3: [0], 4: [0], 5: [0]}


def test_a_kept_pool_gives_a_task_to_the_worker_that_last_ran_its_kind() -> None:
    pids: dict[str, int] = {}

    def record(index: int, message: tuple[str, int, int]) -> None:
        pids[message[0]] = message[2]

    with WorkerPool(2, handler) as pool:
        pool.run([("x", 1), ("y", 1)], timeout=30, on_message=record, on_lost=print, kinds="xy")
        first = dict(pids)
        pool.run([("y", 1)], timeout=30, on_message=record, on_lost=print, kinds="y")
    assert first["x"] != first["y"] and pids["y"] == first["y"]


def test_a_busy_worker_ends_when_the_batch_process_is_killed(tmp_path: Path) -> None:
    code = (
        "import os, threading, time\n"
        "from brochure.batch.pool import WorkerPool\n"
        "def hang(task):\n"
        "    with open(task, 'w') as note:\n"
        "        note.write(str(os.getpid()))\n"
        "    time.sleep(600)\n"
        "    yield task\n"
        "pool = WorkerPool(1, hang)\n"
        "run = lambda: pool.run([%r], timeout=600, on_message=print, on_lost=print)\n"
        "threading.Thread(target=run, daemon=True).start()\n"
        "while not os.path.getsize(%r) if os.path.exists(%r) else True:\n"
        "    time.sleep(0.01)\n"
        "os._exit(0)  # as if killed: nothing is closed\n"
    ) % ((str(tmp_path / "pid"),) * 3)
    with (tmp_path / "out").open("w") as out:  # a worker left running would hold a pipe open
        subprocess.run([sys.executable, "-c", code], stdout=out, check=True, timeout=60)
    pid = int((tmp_path / "pid").read_text())
    deadline = time.monotonic() + 20
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not running(pid), "the kernel ends a worker whose batch process ended"
