"""Scale figures: the issue's table (cold build against the import floor, one build's memory, 100
PDFs clean / one change / no-op, watch) beside Typst in the same run, then a 1,000-PDF matrix:
PDFs per second per core, peak memory per worker at 100 and at 1,000 builds, and the same
matrix on a two-worker dask LocalCluster.

    python bench/scale.py            # from the repository root, with brochure[cluster] installed

The 1,000 PDFs: 25 leaflets (each the full sample, retitled) in English and in Spanish (the
locales brochure ships), 10 brands (half in Lato, half in the built-in font), 2 formats (pages
and the fitted sheet). Builds are whole processes (`brochure build -j 2`), as a clinic runs them.

Typst (the peer in /work/shared/peers, or BENCH_PEERS) runs from its own virtual environment:
BENCH_TYPST_PYTHON, else $TMPDIR/brochure-bench-typst, made with `pip install typst==0.15.2
pyyaml` when missing; when it cannot be installed, brochure's figures are printed alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from batch import (  # type: ignore[import-not-found]
    ROOT,
    make_files,
    make_matrix,
    median,
    timed,
    watch_latency,
    worker_memory,
)

from bench import median_run  # type: ignore[import-not-found]

PEERS = Path(os.environ.get("BENCH_PEERS", "/work/shared/peers"))
LEAFLETS = 25
JOBS = os.environ.get("BENCH_JOBS", "2")


def typst_python() -> Path | None:
    """The Python of a virtual environment with typst, made if need be; None if it cannot be."""
    given = os.environ.get("BENCH_TYPST_PYTHON")
    if given:
        return Path(given)
    venv = Path(tempfile.gettempdir()) / "brochure-bench-typst"
    python = venv / "bin/python"
    if not python.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip = [str(python), "-m", "pip", "install", "-q", "typst==0.15.2", "pyyaml"]
            subprocess.run(pip, check=True, capture_output=True)
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"typst could not be installed ({exc}); brochure's figures alone")
            shutil.rmtree(venv, ignore_errors=True)
            return None
    return python


def typst_rows(runs: int, scratch: Path) -> dict[str, float]:
    """Typst's cold single leaflet and its batch of 100 in one process (seconds)."""
    python = typst_python()
    script = PEERS / "typst_leaflet.py"
    if python is None or not script.exists():
        return {}
    content = str(PEERS / "content.yaml")
    one = median(runs, lambda: timed([str(python), str(script), content, "one.pdf"], scratch))
    many = median(
        runs, lambda: timed([str(python), str(script), content, "many", "--batch", "100"], scratch)
    )
    return {"one": one, "batch": many}


def thousand(folder: Path) -> None:
    """The 1,000-PDF matrix: 25 leaflets x {en, es} x 10 brands x {pages, sheet}."""
    sources = [ROOT / "content.yaml", ROOT / "content.es.yaml"] * LEAFLETS
    make_files(folder, sources)
    (folder / "brochure.yaml").write_text(
        "contents: [leaflets/*.yaml]\nbrands: [brands/*.yaml]\nformats: [pages, sheet]\n"
        "profiles: [screen]\noutput: out/{brand}/{content}{suffix}.pdf\n"
    )


def only(folder: Path, count: int) -> None:
    """Keep the first ``count`` content files of the matrix in brochure.yaml (x 20 PDFs each)."""
    names = sorted(p.name for p in (folder / "leaflets").glob("*.yaml"))[:count]
    text = (folder / "brochure.yaml").read_text()
    listed = "[" + ", ".join(f"leaflets/{name}" for name in names) + "]"
    (folder / "brochure.yaml").write_text(text.replace("[leaflets/*.yaml]", listed, 1))


def cluster_build(folder: Path) -> tuple[float, list[int]]:
    """Wall time of a clean build through a 2-worker LocalCluster, and each worker's peak
    memory (KB); the cluster is started before the clock starts."""
    code = (
        "import time, distributed\n"
        "from pathlib import Path\n"
        "from brochure.batch import load_config, make_plan, run\n"
        "if __name__ == '__main__':\n"
        "    with distributed.LocalCluster(n_workers=2, threads_per_worker=1,"
        " host='127.0.0.1', dashboard_address=None) as cluster:\n"
        "        address = cluster.scheduler_address.replace('tcp://', 'dask://')\n"
        "        start = time.perf_counter()\n"
        "        plan = make_plan(load_config(Path('brochure.yaml'), executor=address))\n"
        "        result = run(plan)\n"
        "        print(time.perf_counter() - start, len(result.built), len(result.failed))\n"
        "        print(*result.worker_peak_kb)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, check=True, capture_output=True, text=True
    )
    first, peaks = done.stdout.strip().splitlines()[-2:]
    return float(first.split()[0]), [int(kb) for kb in peaks.split()]


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    cores = len(os.sched_getaffinity(0))
    build = [sys.executable, "-m", "brochure", "build", "-q", "-j", JOBS]
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        floor, _ = median_run([sys.executable, "-c", "import reportlab.platypus"], ROOT, runs)
        single = [sys.executable, "-m", "brochure", "build", str(ROOT / "content.yaml")]
        cold, cold_kb = median_run([*single, "-o", str(scratch / "one.pdf")], ROOT, runs)
        peer = typst_rows(runs, scratch)
        hundred = scratch / "hundred"
        make_matrix(hundred)

        def clean() -> float:
            shutil.rmtree(hundred / "out", ignore_errors=True)
            return timed(build, hundred)

        clean_s = median(runs, clean)
        noop_s = median(runs, lambda: timed(build, hundred))
        content = hundred / "leaflets/leaflet-04.yaml"
        original = content.read_text("utf-8")

        def one_change() -> float:
            text = content.read_text("utf-8")
            changed = original if text != original else original.replace("Leaflet 04", "Leaf 04")
            content.write_text(changed)
            return timed(build, hundred)

        change_s = median(runs, one_change)
        first, last = watch_latency(hundred, ["-j", JOBS], runs)

        ratio = f"{cold / peer['one']:.1f} x" if "one" in peer else "n/a"
        rows += [
            ("import reportlab.platypus (floor)", f"{floor:.2f} s"),
            (
                "cold `brochure build content.yaml`",
                f"{cold:.2f} s = {cold / floor:.2f} x the floor; Typst "
                + (f"{peer['one']:.2f} s (brochure / Typst {ratio})" if peer else "not run"),
            ),
            ("peak memory of one build", f"{cold_kb >> 10} MB RSS"),
            (
                f"clean batch of 100 (-j {JOBS})",
                f"{clean_s:.2f} s"
                + (
                    f"; Typst's 100 in one process {peer['batch']:.2f} s "
                    f"(brochure / Typst {clean_s / peer['batch']:.1f} x)"
                    if peer
                    else ""
                ),
            ),
            ("rebuild after one content change (10 PDFs)", f"{change_s:.2f} s"),
            ("no-op rebuild of 100", f"{noop_s * 1000:.0f} ms"),
            (
                "watch: save -> first / all 10 new PDFs",
                f"{first * 1000:.0f} / {last * 1000:.0f} ms",
            ),
        ]

        big = scratch / "thousand"
        thousand(big)
        start = time.perf_counter()
        subprocess.run(build, cwd=big, check=False, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        made = len(list(big.glob("out/*/*.pdf")))
        rows.append(
            (
                f"clean batch of {made} (-j {JOBS}, whole process)",
                f"{wall:.1f} s = {made / wall / int(JOBS):.1f} PDFs/s per core "
                f"({cores} cores available)",
            )
        )
        small = scratch / "hundred-of-thousand"
        shutil.copytree(big, small, ignore=shutil.ignore_patterns("out"))
        only(small, 5)
        # A worker that runs out of its own type family takes the other one's last leaflets
        # and holds both families' fonts (3-7 MB more); in a batch of 100 that happens in
        # about half the runs, so one run's largest worker says more about that than about
        # growth. The peak is the largest worker seen in every run, for both sizes alike.
        seen_100 = [kb for _ in range(runs) for kb in worker_memory(small, int(JOBS))[0]]
        seen_1000 = [kb for _ in range(runs) for kb in worker_memory(big, int(JOBS))[0]]
        peak_100, peak_1000 = max(seen_100), max(seen_1000)
        growth = peak_1000 / peak_100 - 1
        # One worker takes every leaflet of both families in order: the same work at both
        # sizes, so what moves is growth with the number of builds alone.
        one_100 = median(runs, lambda: worker_memory(small, 1)[0][0])
        one_1000 = median(runs, lambda: worker_memory(big, 1)[0][0])
        rows.append(
            (
                "peak RSS of a single worker (-j 1), 100 -> 1,000 builds",
                f"{int(one_100) >> 10} -> {int(one_1000) >> 10} MB "
                f"({(one_1000 / one_100 - 1) * 100:+.0f} %; median of {runs} runs)",
            )
        )
        rows.append(
            (
                "peak RSS per worker, 100 -> 1,000 builds",
                f"{peak_100 >> 10} -> {peak_1000 >> 10} MB ({growth * 100:+.0f} %; the largest of "
                f"{runs} runs' workers: {sorted(kb >> 10 for kb in seen_100)} and "
                f"{sorted(kb >> 10 for kb in seen_1000)} MB; aim: within 10 %)",
            )
        )
        shutil.rmtree(big / "out")
        cluster_s, cluster_peaks = cluster_build(big)
        rows.append(
            (
                f"the same {made} on a 2-worker LocalCluster",
                f"{cluster_s:.1f} s = {made / cluster_s / 2:.1f} PDFs/s per worker, peak "
                f"{max(cluster_peaks) >> 10} MB per worker",
            )
        )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
