"""Figures for the sample leaflet: cold build time against the ReportLab import floor,
in-process builds per second, peak memory and PDF size; what each profile costs (the print
profile against the screen profile, tagging against the same build untagged); what fitting
costs (the two-page sheet against flowing pages).

    python bench/bench.py            # from the repository root, with brochure installed
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"


def run_timed(args: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{args} failed with status {status}")
    return elapsed, usage.ru_maxrss


def median_run(args: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    results = [run_timed(args, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "leaflet.pdf"
        floor, floor_rss = median_run(
            [sys.executable, "-c", "import reportlab.platypus"], ROOT, runs
        )
        cold, cold_rss = median_run(
            [sys.executable, "-m", "brochure", "build", str(CONTENT), "-o", str(out)], ROOT, runs
        )
        size = out.stat().st_size
        sheet_args = ["build", str(CONTENT), "--format", "sheet", "-o", str(out)]
        cold_sheet, _ = median_run([sys.executable, "-m", "brochure", *sheet_args], ROOT, runs)

    import brochure

    leaflet = brochure.load_leaflet(CONTENT)
    brochure.render_pdf(leaflet)  # warm: fonts registered, modules imported
    count = 30
    start = time.perf_counter()
    for _ in range(count):
        brochure.render_pdf(leaflet)
    render_ms = (time.perf_counter() - start) / count * 1000
    start = time.perf_counter()
    for _ in range(count):
        brochure.render_pdf(brochure.load_leaflet(CONTENT))
    full_ms = (time.perf_counter() - start) / count * 1000

    from dataclasses import replace

    from brochure.pdf.profiles import PROFILES
    from brochure.pdf.render import RenderOptions

    def render_ms_for(options: RenderOptions) -> tuple[float, int]:
        brochure.render_pdf(leaflet, options)
        start = time.perf_counter()
        for _ in range(count):
            data = brochure.render_pdf(leaflet, options)
        return (time.perf_counter() - start) / count * 1000, len(data)

    screen_ms, _ = render_ms_for(RenderOptions.for_profile("screen"))
    print_ms, print_size = render_ms_for(RenderOptions.for_profile("print"))
    untagged = replace(PROFILES["screen"], tagged=False)
    untagged_ms, untagged_size = render_ms_for(RenderOptions(profile=untagged))
    # Fitting: the sheet searches the ladder with trial layouts; flowing pages lay out once to
    # see whether a short last page could go.
    pages_ms, _ = render_ms_for(RenderOptions.for_profile("screen", format="pages"))
    sheet_ms, _ = render_ms_for(RenderOptions.for_profile("screen", format="sheet"))

    import tracemalloc

    tracemalloc.start()
    brochure.render_pdf(brochure.load_leaflet(CONTENT))
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    rows = [
        (
            "import reportlab.platypus (floor)",
            f"{floor * 1000:.0f} ms, peak RSS {floor_rss >> 10} MB",
        ),
        ("cold `brochure build`", f"{cold * 1000:.0f} ms, peak RSS {cold_rss >> 10} MB"),
        ("cold build / import floor", f"{cold / floor:.2f} x (aim: <= 1.3 x)"),
        ("in-process render, loaded model", f"{render_ms:.1f} ms (aim: < 25 ms)"),
        ("in-process load + render", f"{full_ms:.1f} ms, {1000 / full_ms:.0f} builds/s"),
        ("peak Python heap, load + render", f"{traced_peak / 2**20:.1f} MB"),
        ("PDF size", f"{size / 1024:.1f} KB (aim: < 60 KB)"),
        ("render, screen profile", f"{screen_ms:.1f} ms"),
        (
            "render, print profile",
            f"{print_ms:.1f} ms = {print_ms / screen_ms:.2f} x screen (aim: <= 1.5 x), "
            f"{print_size / 1024:.0f} KB (92 KB of it the compressed ICC profile)",
        ),
        (
            "screen untagged -> tagged",
            f"{untagged_ms:.1f} -> {screen_ms:.1f} ms = {screen_ms / untagged_ms:.2f} x "
            f"(aim: <= 1.25 x); {untagged_size / 1024:.1f} -> {size / 1024:.1f} KB",
        ),
    ]
    rows.append(
        (
            "render, sheet (fitted) vs pages",
            f"{sheet_ms:.1f} ms vs {pages_ms:.1f} ms = {sheet_ms / pages_ms:.2f} x (aim: <= 2 x)",
        )
    )
    rows.append(
        (
            "cold build, sheet vs pages",
            f"{cold_sheet * 1000:.0f} ms vs {cold * 1000:.0f} ms = {cold_sheet / cold:.2f} x",
        )
    )
    for label, value in rows:
        print(f"{label + ':':36} {value}")


if __name__ == "__main__":
    main()
