"""Figures for batch builds: a generated matrix of 10 leaflets x 10 clinic brands (100 PDFs),
next to the single-build floor.

    python bench/batch.py            # from the repository root, with brochure installed

Prints: a cold single build (the floor), a clean build of all 100, a no-op rebuild, a rebuild
after one content file changes (its 10 PDFs), watch latency from saving a content file to its
first and last new PDF, and the peak memory of each worker process. ``BENCH_JOBS`` sets -j
(default: the machine's cores), ``BENCH_RUNS`` the runs per figure (median).

Commands run with Python's bytecode cache on (in the scratch folder when the environment turns
it off with PYTHONDONTWRITEBYTECODE), as an installed brochure has it: without it every run
compiles brochure's modules again, which is not what a user's machine does.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENTS = 10
BRANDS = 10
PRIMARY = "#1F4E5F #4A2C4F #2F4858 #5B3A29 #233D4D #3C1642 #1B4332 #432818 #22223B #2B2D42"
ACCENT = "#C8963E #D4846A #F6AE2D #BC6C25 #FE7F2D #E09F3E #52B788 #BB9457 #C9ADA7 #EF233C"


def make_matrix(folder: Path) -> None:
    """10 content files (each the full sample leaflet, retitled) and 10 brands (half in Lato,
    half in the built-in font, each with its own name, colours and logo file), and a
    brochure.yaml crossing them."""
    make_files(folder, [ROOT / "content.yaml"] * CONTENTS)
    (folder / "brochure.yaml").write_text(
        "contents: [leaflets/*.yaml]\nbrands: [brands/*.yaml]\nprofiles: [screen]\n"
        "output: out/{brand}/{content}.pdf\n"
    )


def make_files(folder: Path, sources: list[Path]) -> None:
    """One content file per source (retitled, numbered) and the 10 brands."""
    (folder / "leaflets").mkdir(parents=True)
    (folder / "brands").mkdir()
    shutil.copytree(ROOT / "assets/fonts", folder / "brands/fonts")
    for number, source in enumerate(sources):
        text = source.read_text("utf-8")
        lines = [
            f'title: "Leaflet {number:02d}, {line.split(": ", 1)[1].strip(chr(34))}"'
            if line.startswith("title: ")
            else line
            for line in text.splitlines()
            if not line.startswith(("brand: ", "translation_of: "))
        ]
        (folder / f"leaflets/leaflet-{number:02d}.yaml").write_text("\n".join(lines) + "\n")
    logo = (ROOT / "assets/logo.svg").read_text("utf-8")
    brand = (ROOT / "assets/brand.yaml").read_text("utf-8")
    for number in range(BRANDS):
        name = f"brand-{number:02d}"
        (folder / f"brands/{name}.svg").write_text(logo.replace('r="29"', f'r="{20 + number}"'))
        text = brand.replace("Lumen Skin Clinic", f"Clinic {number:02d}")
        text = text.replace("logo.svg", f"{name}.svg")
        text = text.replace('"#1F4E5F"', f'"{PRIMARY.split()[number]}"')
        text = text.replace('"#C8963E"', f'"{ACCENT.split()[number]}"')
        if number % 2:  # the built-in font: no fonts block
            kept = [x for x in text.splitlines() if "fonts" not in x and not x.startswith("  ")]
            text = "\n".join(kept) + "\n"
        (folder / f"brands/{name}.yaml").write_text(text)


def timed(args: list[str], cwd: Path) -> float:
    """Wall time of one command (which must succeed)."""
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def watch_latency(folder: Path, jobs: list[str], runs: int) -> tuple[float, float]:
    """Median seconds from saving one content file to its first and to its last new PDF, with
    ``brochure watch`` running."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "brochure", "watch", *jobs],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in process.stdout or ()])
    reader.daemon = True
    reader.start()
    while not lines.get(timeout=120).startswith("watching"):
        pass
    time.sleep(1.0)  # let the watcher settle before the first save
    content = folder / "leaflets/leaflet-03.yaml"
    outputs = sorted(folder.glob("out/*/leaflet-03.pdf"))
    firsts, lasts = [], []
    try:
        for run in range(runs):
            before = {path: digest(path) for path in outputs}
            text = content.read_text("utf-8")
            saved = time.perf_counter()
            content.write_text(text.replace("Leaflet 03", f"Leaflet 03 ({run})", 1))
            first = None
            waiting = set(outputs)
            while waiting and time.perf_counter() - saved < 60:
                for path in list(waiting):
                    if digest(path) not in ("", before[path]):
                        waiting.discard(path)
                        first = first or time.perf_counter() - saved
                time.sleep(0.002)
            firsts.append(first or float("nan"))
            lasts.append(time.perf_counter() - saved)
            time.sleep(0.5)
            content.write_text(text)
            time.sleep(1.5)  # the rebuild back, before the next measurement
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(30)
    return statistics.median(firsts), statistics.median(lasts)


def _spin() -> None:
    total = 0
    for number in range(15_000_000):
        total += number


def parallel_speedup() -> float:
    """How much faster two CPU-bound processes finish than one after the other, right now: 2.0
    on two idle cores; less when the machine is shared (then -j cannot do better either)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    _spin()
    alone = time.perf_counter() - start
    start = time.perf_counter()
    workers = [context.Process(target=_spin) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return 2 * alone / (time.perf_counter() - start)


def worker_memory(folder: Path, jobs: int) -> tuple[list[int], int]:
    """Peak RSS (KB) of each worker and of the parent, in a clean build through the library
    (its workers forked by a zygote where `brochure build` has one)."""
    code = (
        "import resource\n"
        "from pathlib import Path\n"
        "from brochure.batch import load_config, make_plan, run\n"
        "from brochure.batch.run import ZygoteWhenStale\n"
        "config = load_config(Path('brochure.yaml'))\n"
        "with ZygoteWhenStale(config) as workers:\n"  # as `brochure build` forks its workers
        "    plan = make_plan(config, force=True, on_stale=workers.start)\n"
        f"    result = run(plan, jobs={jobs}, zygote=workers.zygote)\n"
        "assert result.ok\n"
        "print(*result.worker_peak_kb)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, check=True, capture_output=True, text=True
    )
    workers, parent = done.stdout.splitlines()
    return [int(kb) for kb in workers.split()], int(parent)


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    cache = Path(tempfile.mkdtemp(prefix="brochure-bench-pyc-"))
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        os.environ["PYTHONPYCACHEPREFIX"] = str(cache)
    jobs = os.environ.get("BENCH_JOBS")
    job_args = ["-j", jobs] if jobs else []
    count = int(jobs) if jobs else len(os.sched_getaffinity(0))
    build = [sys.executable, "-m", "brochure", "build", "-q", *job_args]
    speedup_before = parallel_speedup()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "matrix"
        make_matrix(folder)
        single = [sys.executable, "-m", "brochure", "build", str(ROOT / "content.yaml"), "-o"]
        floor = median(runs, lambda: timed([*single, str(Path(scratch) / "one.pdf")], ROOT))

        def clean() -> float:
            shutil.rmtree(folder / "out", ignore_errors=True)
            return timed(build, folder)

        clean_s = median(runs, clean)
        noop_s = median(max(runs, 7), lambda: timed(build, folder))
        content = folder / "leaflets/leaflet-04.yaml"
        original = content.read_text("utf-8")

        def one_change() -> float:
            text = content.read_text("utf-8")
            changed = original if text != original else original.replace("Leaflet 04", "Leaf 04")
            content.write_text(changed)
            return timed(build, folder)

        change_s = median(runs, one_change)
        first, last = watch_latency(folder, job_args, runs)
        peaks, parent = worker_memory(folder, count)
        outputs = len(list(folder.glob("out/*/*.pdf")))
    shutil.rmtree(cache, ignore_errors=True)
    speedup = (speedup_before + parallel_speedup()) / 2

    rows = [
        ("cores available / -j", f"{len(os.sched_getaffinity(0))} / {count}"),
        ("2-process CPU speedup (before/after)", f"{speedup:.2f} x (2.00 on two idle cores)"),
        ("single cold `brochure build` (floor)", f"{floor:.2f} s"),
        (f"clean build of all {outputs}", f"{clean_s:.2f} s (aim: < 2.5 s on 2 cores)"),
        ("no-op rebuild", f"{noop_s * 1000:.0f} ms (aim: < 250 ms)"),
        (f"one content changed ({BRANDS} PDFs)", f"{change_s:.2f} s (aim: < 0.6 s)"),
        ("watch: save -> first new PDF", f"{first * 1000:.0f} ms (aim: < 150 ms)"),
        (f"watch: save -> all {BRANDS} new PDFs", f"{last * 1000:.0f} ms"),
        (
            "peak RSS per worker",
            f"{max(peaks) >> 10} MB max, {min(peaks) >> 10} MB min (parent {parent >> 10} MB;"
            " pages shared with the parent counted in each)",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
