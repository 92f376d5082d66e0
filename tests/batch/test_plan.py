"""The plan: which outputs a matrix has, which files each depends on, and which must be built."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from brochure.batch import Job, load_config, make_plan
from brochure.batch.manifest import MANIFEST_NAME, HashMemo, Manifest
from brochure.batch.plan import PlanCache, type_family
from brochure.errors import ContentError
from brochure.layout.formats import FORMATS
from brochure.pdf.profiles import PROFILES
from brochure.pdf.render import RenderOptions
from brochure.pipeline import default_output
from tests.batch.batch_helpers import OUTPUTS, build, names
from tests.helpers import calls_to


def output_of(job: Job, folder: Path) -> str:
    """The output of ``job``, relative to ``folder``, with forward slashes."""
    assert job.output is not None
    return job.output.relative_to(folder).as_posix()


def write_config(folder: Path, text: str) -> None:
    (folder / "brochure.yaml").write_text(text, "utf-8")


def test_a_new_matrix_lists_every_output_with_the_files_known_before_building(
    fresh: Path,
) -> None:
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    assert names(plan.jobs, fresh) == OUTPUTS
    by_output = {output_of(job, fresh): job for job in plan.jobs}
    job = by_output["out/juniper-aesthetics/lip-filler-screen.pdf"]
    assert job.content == fresh / "assets/leaflets/lip-filler.yaml"
    assert job.brand == fresh / "assets/brands/juniper.yaml"
    assert job.inputs == (job.content, job.brand)
    assert (job.profile, job.paper, job.locale, job.brand_id) == (
        "screen",
        "a4",
        "en",
        "juniper-aesthetics",
    )
    assert all(job.reason == "new" for job in plan.jobs)
    assert len(plan.to_build) == 4 and not plan.up_to_date
    assert len({job.key for job in plan.jobs}) == 4


def test_after_a_build_each_output_also_depends_on_the_files_its_brand_names(
    built: Path,
) -> None:
    plan = make_plan(load_config(built / "brochure.yaml"))
    assert not plan.to_build and len(plan.up_to_date) == 4
    lato = {built / f"assets/fonts/Lato-{face}.ttf" for face in ("Regular", "Bold", "Italic")}
    for job in plan.jobs:
        files = {path.relative_to(built).as_posix() for path in job.inputs}
        if job.brand_id == "lumen-skin-clinic":
            assert {"assets/brand.yaml", "assets/logo.svg"} <= files
            assert lato <= set(job.inputs)
        else:
            assert {"assets/brands/juniper.yaml", "assets/brands/juniper-logo.svg"} <= files
            assert not any("Lato" in name for name in files), "Juniper uses the built-in font"
        assert job.inputs[0] == job.content


def test_a_pinned_content_file_is_built_in_its_own_brand_only(fresh: Path) -> None:
    write_config(
        fresh,
        "contents:\n"
        "  - assets/leaflets/*.yaml\n"
        "  - file: content.yaml\n"
        "    brand: own\n"
        "brands: [assets/brands/*.yaml]\n",
    )
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    assert names(plan.jobs, fresh) == {
        "out/juniper-aesthetics/lip-filler-screen.pdf",
        "out/lumen-skin-clinic/content-screen.pdf",
    }
    own = next(job for job in plan.jobs if job.content.name == "content.yaml")
    assert own.own_brand and own.brand == fresh / "assets/brand.yaml"


def test_a_content_file_with_its_brand_inline_is_pinned_to_it(fresh: Path) -> None:
    brand = (fresh / "assets/brands/juniper.yaml").read_text("utf-8")
    kept = [line for line in brand.splitlines() if not line.startswith(("#", "logo:"))]
    text = (fresh / "content.yaml").read_text("utf-8")
    inline = "brand:\n" + "".join(f"  {line}\n" for line in kept)
    (fresh / "promo.yaml").write_text(text.replace("brand: assets/brand.yaml\n", inline), "utf-8")
    write_config(fresh, "contents: [content.yaml, promo.yaml]\nbrands: [assets/brand.yaml]\n")
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    assert names(plan.jobs, fresh) == {
        "out/lumen-skin-clinic/content-screen.pdf",
        "out/juniper-aesthetics/promo-screen.pdf",
    }
    promo = next(job for job in plan.jobs if job.content.name == "promo.yaml")
    assert promo.brand is None and promo.own_brand and promo.inputs == (promo.content,)


def test_without_brands_each_content_uses_the_brand_it_names(fresh: Path) -> None:
    write_config(fresh, "contents: [content.yaml]\noutput: pdf/{content}{suffix}.pdf\n")
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    (job,) = plan.jobs
    assert job.output == fresh / "pdf/content.pdf"
    assert job.own_brand and job.brand_id == "lumen-skin-clinic"


def test_locale_and_translation(fresh: Path) -> None:
    source = fresh / "assets/leaflets/lip-filler.yaml"
    spanish = source.read_text("utf-8").replace("locale: en", "locale: es")
    spanish += "translation_of: lip-filler.yaml\n"
    (fresh / "assets/leaflets/lip-filler-es.yaml").write_text(spanish, "utf-8")
    write_config(
        fresh,
        "contents: [assets/leaflets/*.yaml]\nbrands: [assets/brand.yaml]\n"
        "output: out/{locale}/{content}.pdf\n",
    )
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    assert names(plan.jobs, fresh) == {
        "out/es/lip-filler-es.pdf",
        "out/en/lip-filler.pdf",
    }
    (translation,) = plan.translations
    assert translation.source == source
    assert not translation.source_changed
    assert plan.manifest_changes, "a translation seen for the first time is recorded"


def test_a_cache_kept_across_plans_sees_every_change(fresh: Path) -> None:
    write_config(fresh, "contents: [content.yaml]\noutput: out/{locale}/{brand}.pdf\n")
    config = load_config(fresh / "brochure.yaml")
    cache = PlanCache()
    assert names(make_plan(config, cache=cache).jobs, fresh) == {"out/en/lumen-skin-clinic.pdf"}
    assert len(cache.contents) == 1 and len(cache.brands) == 1
    content, brand = fresh / "content.yaml", fresh / "assets/brand.yaml"
    content.write_text(content.read_text("utf-8").replace("locale: en", "locale: es"), "utf-8")
    brand.write_text(brand.read_text("utf-8").replace("Lumen Skin", "Lumen Face"), "utf-8")
    assert names(make_plan(config, cache=cache).jobs, fresh) == {"out/es/lumen-face-clinic.pdf"}
    assert len(cache.contents) == 1 and len(cache.brands) == 1, "old entries are dropped"


def test_the_plan_says_once_and_early_that_something_is_to_build(built: Path) -> None:
    config = load_config(built / "brochure.yaml")
    calls: list[int] = []
    cache = PlanCache()

    def on_stale() -> None:
        calls.append(len(cache.brands))

    assert not make_plan(config, cache=cache, on_stale=on_stale).to_build and calls == []
    edited = built / "assets/leaflets/lip-filler.yaml"
    edited.write_text(edited.read_text("utf-8") + "\n", "utf-8")
    cache = PlanCache()
    plan = make_plan(config, cache=cache, on_stale=on_stale)
    assert names(plan.to_build, built) == {name for name in OUTPUTS if "lip-filler" in name}
    # Once, as the changed content file was read: before any output was compared (which
    # reads the brands).
    assert calls == [0] and len(cache.brands) == 2
    assert len(make_plan(config, force=True, on_stale=on_stale).to_build) == 4
    assert len(calls) == 2
    # A content that failed last time, unchanged since: its error is told again, unbuilt.
    edited.write_text(edited.read_text("utf-8").replace("icon: droplet", "icon: stopwatch"))
    assert not build(built).ok
    calls.clear()
    plan = make_plan(config, on_stale=on_stale)
    assert not plan.to_build and calls == []


def test_a_watchs_plans_read_only_the_files_that_changed(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import brochure.batch.manifest as manifest_module

    write_config(fresh, "contents: [content.yaml]\noutput: out/{locale}/{brand}.pdf\n")
    config = load_config(fresh / "brochure.yaml")
    files = HashMemo()
    cache = PlanCache(files=files)
    first = make_plan(config, cache=cache)
    hashed = calls_to(monkeypatch, manifest_module, "file_hash")
    read = calls_to(monkeypatch, Path, "read_bytes")

    def inputs_read() -> list[Path]:  # the manifest is read by every plan: it is no input
        return [*hashed, *(path for path in read if path.name != MANIFEST_NAME)]

    again = make_plan(config, cache=cache)
    assert inputs_read() == [] and [j.key for j in again.jobs] == [j.key for j in first.jobs]
    content = fresh / "content.yaml"
    content.write_text(content.read_text("utf-8").replace("locale: en", "locale: es"), "utf-8")
    files.forget([content])  # what the watcher does when it sees the save
    changed = make_plan(config, cache=cache)
    assert inputs_read() == [content]
    assert names(changed.jobs, fresh) == {"out/es/lumen-skin-clinic.pdf"}


def test_outputs_that_would_collide_are_a_located_error(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(
        fresh,
        "contents: [content.yaml, assets/leaflets/*.yaml]\n"
        "brands: [assets/brand.yaml, assets/brands/*.yaml]\n"
        "output: out/{content}.pdf\n",
    )
    with pytest.raises(ContentError) as caught:
        make_plan(load_config(fresh / "brochure.yaml"))
    first = str(caught.value.problems[0])
    assert first.startswith("brochure.yaml:3:9: output: out/content.pdf would be written for ")
    assert first.endswith("add {brand} to the pattern")


def test_two_formats_plan_one_output_each_and_suffix_names_them_as_a_single_build(
    fresh: Path,
) -> None:
    write_config(
        fresh,
        "contents: [content.yaml, assets/leaflets/*.yaml]\nformats: [pages, sheet]\n"
        "output: out/{format}/{brand}/{content}-{profile}.pdf\n",
    )
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    assert [(job.content.stem, job.format, job.profile) for job in plan.jobs] == [
        ("content", "pages", "screen"),
        ("content", "sheet", "screen"),
        ("lip-filler", "pages", "screen"),
        ("lip-filler", "sheet", "screen"),
    ]
    assert names(plan.jobs, fresh) == {
        "out/pages/lumen-skin-clinic/content-screen.pdf",
        "out/sheet/lumen-skin-clinic/content-screen.pdf",
        "out/pages/lumen-skin-clinic/lip-filler-screen.pdf",
        "out/sheet/lumen-skin-clinic/lip-filler-screen.pdf",
    }
    assert len({job.key for job in plan.jobs}) == 4
    # Every format x profile, named by {suffix} just where `brochure build content.yaml` puts it.
    write_config(
        fresh,
        f"contents: [content.yaml]\nformats: [{', '.join(FORMATS)}]\n"
        f"profiles: [{', '.join(PROFILES)}]\noutput: out/{{content}}{{suffix}}.pdf\n",
    )
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    single = {
        default_output(Path("content.yaml"), options.suffix).as_posix()
        for options in (
            RenderOptions.for_profile(profile, format=format)
            for format in FORMATS
            for profile in PROFILES
        )
    }
    assert names(plan.jobs, fresh) == single
    assert len(single) == len(plan.jobs) == len(FORMATS) * len(PROFILES)
    assert "out/content-sheet-print.pdf" in single


def test_two_formats_the_pattern_cannot_tell_apart_are_a_located_error(fresh: Path) -> None:
    write_config(
        fresh,
        "contents: [content.yaml]\nformats: [pages, sheet]\noutput: out/{content}-{profile}.pdf\n",
    )
    with pytest.raises(ContentError) as caught:
        make_plan(load_config(fresh / "brochure.yaml"))
    (problem,) = caught.value.problems
    assert str(problem) == (
        "brochure.yaml:3:9: output: out/content-screen.pdf would be written for both "
        "content.yaml in lumen-skin-clinic (pages, screen) and content.yaml in "
        "lumen-skin-clinic (sheet, screen); add {format} to the pattern"
    )


def test_a_glob_that_matches_nothing_is_reported_and_the_rest_is_planned(fresh: Path) -> None:
    write_config(fresh, "contents:\n  - content.yaml\n  - leaflets/*.yaml\n")
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    assert [str(p) for p in plan.problems] == [
        "brochure.yaml:3:5: contents[1]: 'leaflets/*.yaml' matches no file"
    ]
    assert len(plan.jobs) == 1


def test_brand_files_outside_the_project_are_refused(fresh: Path) -> None:
    outside = fresh.parent / "elsewhere.yaml"
    outside.write_text((fresh / "assets/brand.yaml").read_text("utf-8"), "utf-8")
    write_config(
        fresh,
        "contents:\n"
        "  - content.yaml\n"
        "  - file: assets/leaflets/lip-filler.yaml\n"
        "    brand: ../elsewhere.yaml\n"
        "brands: [assets/brand.yaml, ../elsewhere.yaml]\n",
    )
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    found = [str(problem) for problem in plan.problems]
    assert found == [
        f"brochure.yaml:4:12: contents[1].brand: {outside} is outside the project's folder; "
        "copy it inside",
        f"brochure.yaml:5:29: brands[1]: {outside} is outside the project's folder; copy it inside",
    ]
    assert names(plan.jobs, fresh) == {"out/lumen-skin-clinic/content-screen.pdf"}


def test_a_glob_never_matches_brochure_yaml_itself(fresh: Path) -> None:
    write_config(fresh, "contents: ['*.yaml']\nbrands: [assets/brand.yaml]\n")
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    assert [job.content.name for job in plan.jobs] == ["content.yaml"]


def test_an_unreadable_content_file_fails_its_jobs_without_building(fresh: Path) -> None:
    (fresh / "assets/leaflets/lip-filler.yaml").write_text("title: [unclosed\n", "utf-8")
    plan = make_plan(load_config(fresh / "brochure.yaml"))
    broken = [job for job in plan.jobs if job.problems]
    assert len(broken) == 2 and not any(job.runnable for job in broken)
    assert str(broken[0].problems[0]).startswith("assets/leaflets/lip-filler.yaml:2:1: YAML")
    assert len(plan.to_build) == 2


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("paper", "options or versions changed"),
        ("epoch", "options or versions changed"),
        ("content", "content.yaml changed"),
        ("delete", "output missing"),
        ("edit", "output changed since it was built"),
    ],
)
def test_why_an_output_must_be_built(
    built: Path, monkeypatch: pytest.MonkeyPatch, change: str, reason: str
) -> None:
    target = built / "out/lumen-skin-clinic/content-screen.pdf"
    if change == "paper":
        text = (built / "brochure.yaml").read_text("utf-8").replace("paper: a4", "paper: letter")
        write_config(built, text)
    elif change == "epoch":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    elif change == "content":
        with (built / "content.yaml").open("a", encoding="utf-8") as stream:
            stream.write("# a comment changes the bytes\n")
    elif change == "delete":
        target.unlink()
    else:
        target.write_bytes(target.read_bytes() + b"\n% edited\n")
    plan = make_plan(load_config(built / "brochure.yaml"))
    job = next(job for job in plan.jobs if job.output == target)
    assert job.reason == reason


def test_adding_a_profile_leaves_the_others_up_to_date(built: Path) -> None:
    text = (built / "brochure.yaml").read_text("utf-8")
    write_config(built, text.replace("profiles: [screen]", "profiles: [screen, print]"))
    plan = make_plan(load_config(built / "brochure.yaml"))
    assert {job.profile for job in plan.up_to_date} == {"screen"}
    assert {(job.profile, job.reason) for job in plan.to_build} == {("print", "new")}
    assert len(plan.jobs) == 8


def test_changing_formats_rebuilds_exactly_the_outputs_it_changes(built: Path) -> None:
    text = (built / "brochure.yaml").read_text("utf-8")
    # {suffix} is empty for pages on screen: the built outputs keep their names.
    added = text.replace("profiles: [screen]", "formats: [pages, sheet]\nprofiles: [screen]")
    write_config(built, added.replace("{content}-{profile}", "{content}{suffix}-{profile}"))
    plan = make_plan(load_config(built / "brochure.yaml"))
    assert names(plan.up_to_date, built) == OUTPUTS
    assert {(job.format, job.reason) for job in plan.to_build} == {("sheet", "new")}
    assert len(plan.to_build) == 4
    assert {job.output.name for job in plan.to_build if job.output} == {
        "content-sheet-screen.pdf",
        "lip-filler-sheet-screen.pdf",
    }
    # The same outputs in another format: same paths, other keys.
    write_config(built, text.replace("profiles: [screen]", "formats: [sheet]\nprofiles: [screen]"))
    sheet = make_plan(load_config(built / "brochure.yaml"))
    assert names(sheet.to_build, built) == OUTPUTS
    assert {job.reason for job in sheet.jobs} == {"options or versions changed"}
    write_config(built, text.replace("profiles: [screen]", "formats: [pages]\nprofiles: [screen]"))
    pages = make_plan(load_config(built / "brochure.yaml"))
    assert not pages.to_build, "formats: [pages] is what no formats: means"
    sheet_keys = {job.output: job.key for job in sheet.jobs}
    assert all(sheet_keys[job.output] != job.key for job in pages.jobs)


def test_force_builds_everything(built: Path) -> None:
    plan = make_plan(load_config(built / "brochure.yaml"), force=True)
    assert {job.reason for job in plan.jobs} == {"forced"}


def test_a_corrupt_manifest_means_everything_is_rebuilt(built: Path) -> None:
    (built / "out/.brochure-manifest.json").write_text("{not json", "utf-8")
    plan = make_plan(load_config(built / "brochure.yaml"))
    assert len(plan.to_build) == 4


def test_the_manifest_names_files_relative_to_the_output_folder(built: Path) -> None:
    data = json.loads((built / "out/.brochure-manifest.json").read_text("utf-8"))
    entry = data["outputs"]["lumen-skin-clinic/content-screen.pdf"]
    assert "../content.yaml" in entry["inputs"]
    assert "../assets/logo.svg" in entry["inputs"]
    manifest = Manifest.load(built / "out")
    assert manifest.resolve("../content.yaml") == built / "content.yaml"


def test_planning_imports_neither_reportlab_nor_pydantic(built: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from brochure.batch import load_config, make_plan\n"
        "plan = make_plan(load_config(Path('brochure.yaml')))\n"
        "assert len(plan.up_to_date) == 4, plan\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pydantic')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=built, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_library_round_trip(fresh: Path) -> None:
    """Plan, run, result: the API README shows."""
    result = build(fresh, jobs=1)
    assert result.ok and len(result.built) == 4 and result.seconds > 0
    again = build(fresh)
    assert len(again.up_to_date) == 4 and not again.built


def test_each_job_names_its_brands_type_family_for_the_workers(fresh: Path) -> None:
    lato = (fresh / "assets/brand.yaml").read_text("utf-8").replace("fonts/", "../fonts/")
    (fresh / "assets/brands/lumen-again.yaml").write_text(lato.replace("Lumen", "Lumen Two"))
    write_config(
        fresh, "contents: [content.yaml]\nbrands: [assets/brand.yaml, assets/brands/*.yaml]\n"
    )
    families = {
        job.brand_id: job.family for job in make_plan(load_config(fresh / "brochure.yaml")).jobs
    }
    assert families["juniper-aesthetics"] == "", "no fonts: brochure's own family"
    assert families["lumen-two-skin-clinic"] == families["lumen-skin-clinic"], "the same files"
    regular = json.loads(families["lumen-skin-clinic"])["fonts"]["regular"]
    assert Path(regular) == (fresh / "assets/fonts/Lato-Regular.ttf").resolve()


def test_a_brand_written_in_the_content_file_has_its_family_too(fresh: Path) -> None:
    content = (fresh / "content.yaml").read_text("utf-8")
    inline = "brand:\n  name: Inline Clinic\n  fonts:\n    regular: assets/fonts/Lato-Regular.ttf\n"
    (fresh / "inline.yaml").write_text(content.replace("brand: assets/brand.yaml\n", inline))
    write_config(fresh, "contents: [inline.yaml]\n")
    (job,) = make_plan(load_config(fresh / "brochure.yaml")).jobs
    assert json.loads(job.family) == {
        "fonts": {"regular": str((fresh / "assets/fonts/Lato-Regular.ttf").resolve())}
    }


@pytest.mark.parametrize(
    "brand",
    [
        None,
        [1, 2],
        {},
        {"fonts": None},
        {"fonts": False},
        {"fonts": 3},
        {"fonts": ["a.ttf", {"deep": [None, 1.5, "b.ttf"]}]},
        {"script_fonts": [{"regular": "c.ttf"}, "junk", 7]},
        {"fonts": {"regular": "bad\0name.ttf"}},
    ],
)
def test_a_brand_of_any_shape_gets_a_family_without_an_error(brand: object, tmp_path: Path) -> None:
    family = type_family(brand, tmp_path)
    assert isinstance(family, str)
    assert (family == "") == (not isinstance(brand, dict) or not any(brand.values()))


def test_a_family_names_its_files_as_validation_finds_them(tmp_path: Path) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "fonts")
    written = [" fonts/Lato.ttf", "fonts/../fonts/Lato.ttf", "linked/Lato.ttf"]
    families = {type_family({"fonts": {"regular": name}}, tmp_path) for name in written}
    assert families == {
        json.dumps({"fonts": {"regular": str((tmp_path / "fonts/Lato.ttf").resolve())}})
    }
