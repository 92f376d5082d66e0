"""What a language costs: in-process load + render of the Spanish sample against the English one.

    python bench/languages.py            # from the repository root, with brochure installed

Both leaflets are built alternately (so drift in the machine's speed hits both alike), after a
warm-up that imports the modules, registers the fonts and loads both hyphenation dictionaries and
the Spanish catalogue; the figure is the ratio of the medians.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEAFLETS = {"English": ROOT / "content.yaml", "Spanish": ROOT / "content.es.yaml"}
AIM = 1.1


def build_ms(content: Path) -> float:
    """Milliseconds to load, validate and render ``content`` once."""
    import brochure

    start = time.perf_counter()
    brochure.render_pdf(brochure.load_leaflet(content))
    return (time.perf_counter() - start) * 1000


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "40"))
    for content in LEAFLETS.values():
        build_ms(content)  # warm
    times: dict[str, list[float]] = {name: [] for name in LEAFLETS}
    for _ in range(runs):
        for name, content in LEAFLETS.items():
            times[name].append(build_ms(content))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name + ' load + render:':28} {median:.1f} ms (median of {runs})")
    ratio = medians["Spanish"] / medians["English"]
    print(f"{'Spanish / English:':28} {ratio:.2f} x (aim: <= {AIM} x)")


if __name__ == "__main__":
    main()
