"""Watch mode, driven in a scratch folder: save and see the rebuild; save invalid content and see
the error with the old PDF intact; survive the file being deleted and written anew; Ctrl-C.

Saves are repeated until the watcher reacts (it may not be listening yet when the test first
writes); each repeat writes the same bytes, so only the first one changes anything."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from brochure.batch import load_config
from brochure.batch.watch import Cycle, watch_batch
from tests.batch.batch_helpers import OUTPUTS, names, pdfs

LIP_FILLER = {name for name in OUTPUTS if "lip-filler" in name}
WAIT = 60.0
"""Seconds before a test gives up waiting (a failure, never a measurement)."""


def wait_for(
    cycles: queue.Queue[Cycle], wanted: Callable[[Cycle], bool], poke: Callable[[], None]
) -> Cycle:
    """The first cycle ``wanted`` accepts, saving with ``poke`` until the watcher reacts."""
    for _ in range(int(WAIT / 2)):
        poke()
        try:
            while True:
                cycle = cycles.get(timeout=2)
                if wanted(cycle):
                    return cycle
        except queue.Empty:
            continue
    raise AssertionError("the watcher never reacted")


def save(path: Path, text: str) -> Callable[[], None]:
    def write() -> None:
        path.write_text(text, "utf-8")

    return write


def has_built(cycle: Cycle) -> bool:
    return cycle.result is not None and bool(cycle.result.built)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks from a thread")
def test_watch_rebuilds_reports_and_survives(built: Path) -> None:
    leaflet = built / "assets/leaflets/lip-filler.yaml"
    original = leaflet.read_text("utf-8")
    cycles: queue.Queue[Cycle] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_batch,
        args=(lambda: load_config(built / "brochure.yaml"),),
        kwargs={"jobs": 1, "on_cycle": cycles.put, "stop": stop},
        daemon=True,
    )
    thread.start()
    try:
        first = cycles.get(timeout=WAIT)
        assert first.changes == () and first.result is not None
        assert not first.result.built and len(first.result.up_to_date) == 4

        changed = original.replace("about half an hour", "about 30 minutes")
        cycle = wait_for(cycles, has_built, save(leaflet, changed))
        assert cycle.result is not None
        assert names(cycle.result.built, built) == LIP_FILLER
        assert leaflet in cycle.changes
        good = pdfs(built)

        invalid = changed.replace("icon: clock", "icon: stopwatch")
        cycle = wait_for(
            cycles, lambda c: bool(c.result and c.result.failed), save(leaflet, invalid)
        )
        assert cycle.result is not None
        problems = {str(p) for r in cycle.result.failed for p in r.problems}
        assert len(problems) == 1
        assert "assets/leaflets/lip-filler.yaml:" in problems.pop()
        assert pdfs(built) == good, "the last good PDFs are kept"

        leaflet.unlink()  # as some editors save: delete, then write anew
        fixed = changed.replace("Most people go back", "Most people return")
        cycle = wait_for(cycles, has_built, save(leaflet, fixed))
        assert cycle.result is not None
        assert names(cycle.result.built, built) == LIP_FILLER
        assert all(pdfs(built)[name] != good[name] for name in LIP_FILLER)
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_the_watch_command_rebuilds_and_stops_cleanly_on_ctrl_c(built: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "brochure", "watch", "-j", "1"],
        cwd=built,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read_lines() -> None:
        for line in process.stdout or ():
            lines.put(line.rstrip("\n"))

    reader = threading.Thread(target=read_lines, daemon=True)
    reader.start()
    seen: list[str] = []

    def until(wanted: Callable[[str], bool], poke: Callable[[], None] = lambda: None) -> str:
        for _ in range(int(WAIT / 2)):
            poke()
            try:
                while True:
                    line = lines.get(timeout=2)
                    seen.append(line)
                    if wanted(line):
                        return line
            except queue.Empty:
                continue
        raise AssertionError(f"never printed the line wanted; printed: {seen}")

    content = built / "content.yaml"
    changed = content.read_text("utf-8").replace("3-4 months", "three to four months")
    try:
        until(lambda line: line.startswith("watching brochure.yaml ("))
        until(lambda line: line.startswith("built out/"), save(content, changed))
        until(lambda line: line.startswith("2 built, 2 up to date, 0 failed ("))
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(WAIT)
        reader.join(WAIT)
    while not lines.empty():
        seen.append(lines.get())
    assert code == 0, seen
    assert seen[-1] == "stopped"
    assert not any("Traceback" in line for line in seen), seen
