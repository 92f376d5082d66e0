"""Running a plan: exactly the affected outputs rebuilt, the same bytes whatever the parallelism,
one failure never stops the others or touches an old PDF, time limits, concurrent builds."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

import brochure
import brochure.batch.worker
import brochure.pipeline
from brochure.batch import load_config, make_plan, run
from brochure.batch.plan import FAILED_BEFORE
from brochure.batch.pool import WorkerPool
from brochure.batch.run import ZygoteWhenStale
from brochure.batch.worker import Done, Task
from brochure.content.model import Leaflet
from brochure.layout.copyfit import Fit, Trial
from brochure.pdf.render import RenderOptions, fit_for
from tests.batch.batch_helpers import OUTPUTS, SPANISH, build, names, new_matrix, pdfs

LUMEN = {o for o in OUTPUTS if "lumen" in o}
JUNIPER = OUTPUTS - LUMEN
CONTENT = {o for o in OUTPUTS if "/content-" in o}
LIP_FILLER = OUTPUTS - CONTENT


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_up_to_date_matrix_builds_nothing_and_keeps_the_manifest(built: Path) -> None:
    manifest = (built / "out/.brochure-manifest.json").read_bytes()
    before = pdfs(built)
    result = build(built)
    assert names(result.up_to_date, built) == OUTPUTS
    assert not result.built and not result.failed and result.ok
    assert result.worker_peak_kb == ()
    assert (built / "out/.brochure-manifest.json").read_bytes() == manifest
    assert pdfs(built) == before


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        ("content", CONTENT),
        ("brand", JUNIPER),
        ("logo", JUNIPER),
        ("font", LUMEN),
        ("delete", {"out/lumen-skin-clinic/lip-filler-screen.pdf"}),
        ("hand-edit", {"out/juniper-aesthetics/content-screen.pdf"}),
    ],
)
def test_exactly_the_affected_outputs_are_rebuilt(
    built: Path, change: str, rebuilt: set[str]
) -> None:
    before = pdfs(built)
    if change == "content":
        edit(built / "content.yaml", "typically last 3-4 months", "usually last 3-4 months")
    elif change == "brand":
        edit(built / "assets/brands/juniper.yaml", "0752", "0753")
    elif change == "logo":
        edit(built / "assets/brands/juniper-logo.svg", 'r="7"', 'r="6"')
    elif change == "font":  # another valid TrueType file in place of the regular face
        shutil.copy(built / "assets/fonts/Lato-Bold.ttf", built / "assets/fonts/Lato-Regular.ttf")
    elif change == "delete":
        (built / "out/lumen-skin-clinic/lip-filler-screen.pdf").unlink()
    else:
        path = built / "out/juniper-aesthetics/content-screen.pdf"
        path.write_bytes(b"%PDF-1.4 not really\n")
    result = build(built)
    assert result.ok
    assert names(result.built, built) == rebuilt
    assert names(result.up_to_date, built) == OUTPUTS - rebuilt
    after = pdfs(built)
    for name in OUTPUTS - rebuilt:
        assert after[name] == before[name]
    if change in ("content", "brand", "logo", "font"):
        assert all(after[name] != before[name] for name in rebuilt)
    else:  # the same inputs give the same bytes back
        assert all(after[name] == before[name] for name in rebuilt if name in before)
    assert not build(built).built, "a second run after the rebuild has nothing to do"


def test_outputs_do_not_depend_on_parallelism_or_order(tmp_path: Path) -> None:
    one = new_matrix(tmp_path / "one")
    four = new_matrix(tmp_path / "four")
    config = four / "brochure.yaml"  # the other order: brands and contents reversed
    config.write_text(
        "contents: [assets/leaflets/*.yaml, content.yaml]\n"
        "brands: [assets/brands/*.yaml, assets/brand.yaml]\n"
        "output: out/{brand}/{content}-{profile}.pdf\n",
        "utf-8",
    )
    assert build(one, jobs=1).ok
    assert build(four, jobs=4).ok
    first, second = pdfs(one), pdfs(four)
    assert set(first) == OUTPUTS
    assert first == second
    # ... and the same bytes as building the leaflet on its own
    alone = brochure.render_pdf(brochure.load_leaflet(one / "content.yaml"))
    assert first["out/lumen-skin-clinic/content-screen.pdf"] == alone


def test_the_pool_is_given_each_tasks_type_family(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: list[tuple[str | None, str]] = []
    real = WorkerPool.run

    def spy(pool: WorkerPool, tasks: Sequence[Task], **options: Any) -> None:
        brands = [task.brand.name if task.brand else None for task in tasks]
        given.extend(zip(brands, options["kinds"], strict=True))
        real(pool, tasks, **options)

    monkeypatch.setattr(WorkerPool, "run", spy)
    assert build(fresh).ok
    families = dict(given)
    assert len(given) == 4 and families["juniper.yaml"] == ""
    assert "Lato-Regular.ttf" in families["brand.yaml"]


def fake_render(
    leaflet: Leaflet, options: RenderOptions | None = None, fit: Fit | None = None
) -> bytes:
    """Stands in for the renderer (inherited by forked workers): a stub naming the options."""
    assert options is not None
    return f"%PDF-1.7\n% {options.format.name} {options.profile.name}\n%%EOF\n".encode()


def fake_design(leaflet: Leaflet, options: RenderOptions | None = None) -> tuple[bytes, Trial]:
    """Stands in for the render at the design: the stub, and the design's real trial."""
    assert options is not None
    fit = fit_for(leaflet, options)
    return fake_render(leaflet, options, fit), fit.trial


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs forked workers")
def test_each_output_is_rendered_in_its_own_format_and_profile(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(brochure.pipeline, "render_pdf", fake_render)
    monkeypatch.setattr(brochure.pipeline, "render_design", fake_design)
    (fresh / "brochure.yaml").write_text(
        "contents: [content.yaml]\nformats: [pages, sheet]\nprofiles: [screen, print]\n"
        "output: out/{content}{suffix}.pdf\n",
        "utf-8",
    )
    result = build(fresh)
    assert result.ok and len(result.built) == 4
    assert {name: data.split(b"\n")[1] for name, data in pdfs(fresh).items()} == {
        "out/content.pdf": b"% pages screen",
        "out/content-print.pdf": b"% pages print",
        "out/content-sheet.pdf": b"% sheet screen",
        "out/content-sheet-print.pdf": b"% sheet print",
    }


def test_a_failing_job_among_good_ones(built: Path) -> None:
    before = pdfs(built)
    manifest = json.loads((built / "out/.brochure-manifest.json").read_text("utf-8"))
    edit(built / "assets/leaflets/lip-filler.yaml", "icon: droplet", "icon: raindrop")
    edit(built / "assets/brands/juniper.yaml", "0752", "0753")  # so good jobs run too
    result = build(built)
    assert not result.ok
    assert names(result.failed, built) == LIP_FILLER
    assert names(result.built, built) == {"out/juniper-aesthetics/content-screen.pdf"}
    problems = {str(p) for failed in result.failed for p in failed.problems}
    lines = (built / "assets/leaflets/lip-filler.yaml").read_text("utf-8").splitlines()
    line = lines.index("    icon: raindrop") + 1
    assert problems == {
        f"assets/leaflets/lip-filler.yaml:{line}:11: benefits[1].icon: unknown icon 'raindrop'; "
        "choose one of: calendar, check, clear-skin, clock, droplet, globe, heart, info, leaf, "
        "mail, phone, pin, shield, smile, smooth, sparkle, star, texture, warning"
    }
    after = pdfs(built)
    for name in LIP_FILLER:
        assert after[name] == before[name], f"{name}: the previous good PDF was touched"
    kept = json.loads((built / "out/.brochure-manifest.json").read_text("utf-8"))
    for name in LIP_FILLER:
        key = name.removeprefix("out/")
        assert kept["outputs"][key] == manifest["outputs"][key]
    # Fixed: rebuilt; failures are never recorded as up to date.
    edit(built / "assets/leaflets/lip-filler.yaml", "icon: raindrop", "icon: heart")
    assert names(build(built).built, built) == LIP_FILLER


def fake_build(task: Task, cache: object = None, **_: object) -> Iterator[Done]:
    """Stands in for the renderer (inherited by forked workers): writes a small file, hangs on
    a content file called slow.yaml, dies on crash.yaml."""
    for index, render in enumerate(task.renders):
        if task.content.name == "slow.yaml":
            time.sleep(600)
        if task.content.name == "crash.yaml":
            os._exit(3)
        data = b"%PDF-1.7\n% " + render.output.name.encode() + b"\n%%EOF\n"
        brochure.write_atomic(render.output, data)
        yield Done(index, (), hashlib.sha256(data).hexdigest(), len(data))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs forked workers")
def test_a_job_over_its_time_limit_is_stopped_and_a_crash_is_reported(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(brochure.batch.worker, "build_task", fake_build)
    for name in ("slow", "crash", "a", "b", "c"):
        shutil.copy(fresh / "content.yaml", fresh / f"{name}.yaml")
    (fresh / "brochure.yaml").write_text(
        "contents: [a.yaml, slow.yaml, b.yaml, crash.yaml, c.yaml]\ntimeout: 0.5\n", "utf-8"
    )
    result = build(fresh, jobs=2)
    failed = {r.job.content.name: [str(p) for p in r.problems] for r in result.failed}
    assert failed == {
        "slow.yaml": ["slow.yaml: took longer than 0.5 s and was stopped"],
        "crash.yaml": ["crash.yaml: the build process exited (3) before it finished"],
    }
    assert {r.job.content.name for r in result.built} == {"a.yaml", "b.yaml", "c.yaml"}


def test_max_size_fails_outputs_over_it_old_and_new(built: Path) -> None:
    before = pdfs(built)
    limit = min(len(data) for data in before.values())
    result = build(built, max_size=limit)
    assert names(result.failed, built) == {n for n, data in before.items() if len(data) > limit}
    assert str(result.failed[0].problems[0]).endswith(f"over --max-size {limit / 1024:.0f} KB")
    edit(built / "content.yaml", "typically last 3-4 months", "usually last 3-4 months")
    result = build(built, max_size=limit)
    rebuilt = [r for r in result.failed if r.job.content.name == "content.yaml"]
    assert rebuilt, "the content's outputs are larger than the smallest PDF"
    assert all("it was not written" in str(r.problems[0]) for r in rebuilt)
    assert pdfs(built) == before


def test_source_changed_since_translated(fresh: Path) -> None:
    source = fresh / "assets/leaflets/lip-filler.yaml"
    translation = fresh / "assets/leaflets/lip-filler-es.yaml"
    translation.write_text(source.read_text("utf-8") + "translation_of: lip-filler.yaml\n", "utf-8")
    (fresh / "brochure.yaml").write_text(
        "contents: [assets/leaflets/*.yaml]\nbrands: [assets/brand.yaml]\n", "utf-8"
    )
    assert not build(fresh).stale_translations
    edit(source, "about half an hour", "about 30 minutes")
    stale = build(fresh).stale_translations
    assert [(t.content, t.source) for t in stale] == [(translation, source)]
    assert build(fresh).stale_translations, "still stale until the translation changes"
    edit(translation, "about half an hour", "unos 30 minutos")
    assert not build(fresh).stale_translations


def test_two_builds_at_once_leave_only_valid_pdfs(tmp_path: Path) -> None:
    folder = new_matrix(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    command = [sys.executable, "-m", "brochure", "build", "-j", "2"]
    processes = [
        subprocess.Popen(
            command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
    built_lines = [line for stdout, _ in outputs for line in stdout.splitlines()]
    assert sum(line.startswith("built ") for line in built_lines) == 4, "each built once"
    found = pdfs(folder)
    assert set(found) == OUTPUTS
    for name, data in found.items():
        assert len(PdfReader(folder / name).pages) >= 1
        assert data.rstrip().endswith(b"%%EOF")
    manifest = json.loads((folder / "out/.brochure-manifest.json").read_text("utf-8"))
    assert len(manifest["outputs"]) == 4
    assert not list(folder.glob("out/**/.*.tmp")), "a temporary file was left behind"


def test_an_unchanged_failing_job_reports_its_error_again_without_building(built: Path) -> None:
    edit(built / "assets/leaflets/lip-filler.yaml", "icon: droplet", "icon: raindrop")
    first = build(built)
    assert names(first.failed, built) == LIP_FILLER
    recorded = json.loads((built / "out/.brochure-manifest.json").read_text("utf-8"))
    assert set(recorded["failures"]) == {name.removeprefix("out/") for name in LIP_FILLER}
    plan = make_plan(load_config(built / "brochure.yaml"))
    assert not plan.to_build
    assert {job.reason for job in plan.jobs if job.problems} == {FAILED_BEFORE}
    again = run(plan, jobs=2)
    assert again.worker_peak_kb == ()  # no worker started
    assert {r.problems for r in again.failed} == {r.problems for r in first.failed}
    assert names(again.failed, built) == LIP_FILLER and not again.ok
    # --force builds it, and so does any change to a file it uses
    assert names(build(built, force=True).failed, built) == LIP_FILLER
    edit(built / "assets/leaflets/lip-filler.yaml", "icon: raindrop", "icon: heart")
    assert names(build(built).built, built) == LIP_FILLER
    cleared = json.loads((built / "out/.brochure-manifest.json").read_text("utf-8"))
    assert "failures" not in cleared


def test_a_failure_over_a_missing_file_is_built_again_once_the_file_exists(built: Path) -> None:
    brand = built / "assets/brands/juniper.yaml"
    edit(brand, "juniper-logo.svg", "new-logo.svg")
    assert names(build(built).failed, built) == JUNIPER
    assert names(build(built).failed, built) == JUNIPER  # from the record
    shutil.copy2(built / "assets/brands/juniper-logo.svg", built / "assets/brands/new-logo.svg")
    assert names(build(built).built, built) == JUNIPER


def test_outputs_that_left_the_matrix_are_listed_and_pruned_only_if_unchanged(
    built: Path,
) -> None:
    config = built / "brochure.yaml"
    edit(config, "output: out/{brand}/{content}-{profile}.pdf", "output: out/{brand}/{content}.pdf")
    first = build(built)
    assert names(first.built, built) == {o.replace("-screen", "") for o in OUTPUTS}
    departed = {p.relative_to(built).as_posix() for p in first.departed}
    assert departed == OUTPUTS and all((built / name).is_file() for name in OUTPUTS)
    # still listed next time: the manifest remembers which files brochure wrote
    assert {p.relative_to(built).as_posix() for p in build(built).departed} == OUTPUTS
    edited = "out/lumen-skin-clinic/lip-filler-screen.pdf"
    with (built / edited).open("ab") as stream:
        stream.write(b"% annotated by hand\n")
    stranger = built / "out/lumen-skin-clinic/notes.pdf"
    stranger.write_bytes(b"%PDF-1.4 not brochure's\n")
    pruned = build(built, prune=True)
    assert {p.relative_to(built).as_posix() for p in pruned.pruned} == OUTPUTS - {edited}
    assert {p.relative_to(built).as_posix() for p in pruned.kept} == {edited}
    assert not pruned.departed and pruned.ok
    assert (built / edited).is_file() and stranger.is_file()
    assert not any((built / name).exists() for name in OUTPUTS - {edited})
    assert not (built / "out/juniper-aesthetics").exists() or any(
        (built / "out/juniper-aesthetics").iterdir()
    )
    after = build(built)
    assert not after.departed and not after.pruned and not after.built


def test_the_sample_matrix_has_the_spanish_edition(tmp_path: Path) -> None:
    folder = new_matrix(tmp_path / "sample", spanish=True)
    result = build(folder)
    assert result.ok and names(result.built, folder) == OUTPUTS | SPANISH
    spanish = PdfReader(folder / "out/lumen-skin-clinic/content.es-screen.pdf")
    assert "Los beneficios" in spanish.pages[0].extract_text()


@pytest.mark.parametrize(("post_pass", "expected"), [(False, "[]"), (True, "['pikepdf']")])
def test_workers_start_with_pikepdf_only_when_the_batch_needs_the_post_pass(
    post_pass: bool, expected: str
) -> None:
    code = (
        "import sys\nfrom brochure.batch.run import preload\n"
        f"preload(post_pass={post_pass})\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pikepdf', 'svglib', 'lxml'}))\n"
        "print('reportlab.platypus' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [expected, "True"]


def test_the_workers_zygote_starts_once_when_asked_and_stops_on_leaving(fresh: Path) -> None:
    with ZygoteWhenStale(load_config(fresh / "brochure.yaml")) as workers:
        assert workers.zygote is None, "not before the plan finds something to build"
        workers.start()
        zygote = workers.zygote
        workers.start()
        assert zygote is not None and workers.zygote is zygote
        os.kill(zygote.pid, 0)
    with pytest.raises(ProcessLookupError):
        os.kill(zygote.pid, 0)


def test_a_print_batch_whose_zygote_is_gone_forks_its_own_workers(fresh: Path) -> None:
    from brochure.batch.run import _pool

    config = load_config(fresh / "brochure.yaml", profiles=("print",))
    with ZygoteWhenStale(config) as workers:
        workers.start()
        assert workers.zygote is not None
        os.kill(workers.zygote.pid, signal.SIGKILL)
        pool = _pool(make_plan(config), 1, workers.zygote)
    assert isinstance(pool, WorkerPool) and pool.zygote is None


@pytest.mark.parametrize(("profile", "expected"), [("screen", "False"), ("print", "True")])
def test_a_zygote_loads_pikepdf_only_when_the_batch_needs_the_post_pass(
    fresh: Path, profile: str, expected: str
) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "def has_pikepdf(task):\n"
        "    yield 'pikepdf' in sys.modules\n"
        "from brochure.batch import load_config, make_plan\n"
        "from brochure.batch.pool import WorkerPool\n"
        "from brochure.batch.run import _pool, start_zygote\n"
        f"config = load_config(Path('brochure.yaml'), profiles=({profile!r},))\n"
        "with start_zygote(config) as zygote:\n"
        "    _pool(make_plan(config), 1, zygote)\n"
        "    with WorkerPool(1, has_pikepdf, zygote=zygote) as pool:\n"
        "        pool.run([0], timeout=30, on_message=lambda i, m: print(m), on_lost=print)\n"
        "print('pikepdf' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=fresh, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [expected, "False"]


def test_a_task_carries_the_hashes_the_plan_took_of_its_recorded_inputs(built: Path) -> None:
    from brochure.batch.run import _tasks

    edit(built / "assets/leaflets/lip-filler.yaml", "icon: droplet", "icon: star")
    plan = make_plan(load_config(built / "brochure.yaml"))
    todo = [index for index, job in enumerate(plan.jobs) if job.runnable]
    tasks, _ = _tasks(plan, todo, None)
    assert tasks
    for task in tasks:
        hashed = dict(task.hashed)
        # The logo and fonts the last build recorded: hashed once, by the plan.
        assert len(hashed) > 2 and task.content in hashed
        assert all(plan.hashes.known(path) == digest for path, digest in hashed.items())
