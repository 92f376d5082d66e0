"""How long ``brochure lint`` takes on the sample: a cold run of the command next to
``brochure check`` (the validation every lint starts with), then warm runs in one process and
the one-off loads of the dictionaries.

    python bench/lint.py            # from the repository root, with brochure installed
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"


def cold(command: str, runs: int) -> tuple[float, float]:
    """Median wall time and CPU time (s) of ``python -m brochure COMMAND content.yaml`` in a new
    process (CPU time is steadier when other work shares the machine)."""
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "brochure", command, str(CONTENT)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        _, _, usage = os.wait4(process.pid, 0)  # lint exits 1 on errors: still a finished run
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def timed(action: Callable[[], object], count: int = 1) -> float:
    """Median seconds of ``count`` calls of ``action``."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    check_wall, check_cpu = cold("check", runs)
    lint_wall, lint_cpu = cold("lint", runs)
    print(f"cold, median of {runs} runs of python -m brochure ... content.yaml (wall / CPU):")
    print(f"  check {check_wall:.2f} / {check_cpu:.2f} s   lint {lint_wall:.2f} / {lint_cpu:.2f} s")
    print(f"  lint's own share: {lint_cpu - check_cpu:.2f} s of CPU")

    from brochure.lint import lint_files, spelling, syllables

    first = timed(lambda: lint_files([CONTENT]))
    warm = timed(lambda: lint_files([CONTENT]), 20)
    print(f"in one process: first lint {first:.2f} s, then {warm * 1000:.0f} ms a lint")
    syllables._cmu_lines.cache_clear()
    spelling.dictionary.cache_clear()
    cmu = timed(syllables._cmu_lines)
    english = timed(lambda: spelling.dictionary("en"))
    spanish = timed(lambda: spelling.dictionary("es"))
    print(
        f"one-off loads: CMU dictionary {cmu * 1000:.0f} ms, English word list "
        f"{english * 1000:.0f} ms, Spanish {spanish * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
