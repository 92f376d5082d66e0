"""``fit: group``: a content file and the batch's translations of it are fitted together, so
every language edition of a sheet comes out at the same sizes; each output depends on the other
editions' files, and a member that does not validate stops the whole group."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml

from brochure.batch import Job, Plan, load_config, make_plan
from brochure.pdf.render import RenderOptions
from brochure.pipeline import check_fit, load
from tests.batch.batch_helpers import build, names, pdfs
from tests.helpers import ROOT, copy_sample

ENGLISH = "content.yaml"
SPANISH = "content.es.yaml"
OUTPUTS = {"out/content-sheet.pdf", "out/content.es-sheet.pdf"}
"""The two editions' sheets, relative to the project."""
SHEET = RenderOptions.for_profile("screen", format="sheet")

SENTENCE = (
    "Cada tratamiento se adapta a su rostro, a su piel y a lo que usted espera de él, y lo "
    "revisamos con usted en una visita de seguimiento unas dos semanas después.\n"
)
"""What the Spanish edition is lengthened with, until it is set smaller than the English."""


def write_config(folder: Path, fit: str | None = "group", extra: str = "") -> None:
    """brochure.yaml: both editions (and ``extra`` contents), as sheets."""
    line = f"fit: {fit}\n" if fit is not None else ""
    (folder / "brochure.yaml").write_text(
        f"contents: [content.yaml, content.es.yaml{extra}]\nformats: [sheet]\n{line}"
        "output: out/{content}{suffix}.pdf\n",
        "utf-8",
    )


@pytest.fixture
def editions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample and its Spanish edition (``translation_of: content.yaml``) in a batch with
    ``fit: group``; the working folder."""
    folder = copy_sample(tmp_path / "project")
    shutil.copy2(ROOT / SPANISH, folder / SPANISH)
    write_config(folder)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return folder


def plan_of(folder: Path) -> Plan:
    return make_plan(load_config(folder / "brochure.yaml"))


def by_content(plan: Plan) -> dict[str, Job]:
    """The plan's jobs by content file name (one output each)."""
    return {job.content.name: job for job in plan.jobs}


def edit_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_each_edition_is_fitted_with_the_others_and_depends_on_their_files(
    editions: Path,
) -> None:
    jobs = by_content(plan_of(editions))
    english, spanish = jobs[ENGLISH], jobs[SPANISH]
    assert english.group == (editions / SPANISH,)
    assert spanish.group == (editions / ENGLISH,)
    brand = editions / "assets/brand.yaml"
    assert english.inputs == (english.content, brand, editions / SPANISH)
    assert spanish.inputs == (spanish.content, brand, editions / ENGLISH)
    assert english.sources == english.inputs, "known before building, so recorded and hashed"
    write_config(editions, "each")
    alone = by_content(plan_of(editions))
    assert alone[ENGLISH].group == () and alone[ENGLISH].inputs == (english.content, brand)
    assert alone[ENGLISH].key != english.key and alone[SPANISH].key != spanish.key
    write_config(editions, None)
    default = by_content(plan_of(editions))
    assert {n: j.key for n, j in default.items()} == {n: j.key for n, j in alone.items()}


def test_a_group_is_a_source_and_its_direct_translations_in_the_batch(editions: Path) -> None:
    french = (ROOT / SPANISH).read_text("utf-8").replace("locale: es", "locale: fr")
    (editions / "content.fr.yaml").write_text(french, "utf-8")
    # A translation of a translation starts a group of its own ("directly").
    catalan = french.replace("translation_of: content.yaml", "translation_of: content.es.yaml")
    (editions / "content.ca.yaml").write_text(catalan, "utf-8")
    outside = french.replace("translation_of: content.yaml", "translation_of: other.yaml")
    (editions / "content.de.yaml").write_text(outside, "utf-8")
    extra = ", content.fr.yaml, content.ca.yaml, content.de.yaml, assets/leaflets/*.yaml"
    write_config(editions, extra=extra)
    groups = {
        name: [p.name for p in job.group] for name, job in by_content(plan_of(editions)).items()
    }
    assert groups == {
        ENGLISH: ["content.es.yaml", "content.fr.yaml"],
        SPANISH: ["content.fr.yaml", "content.yaml"],
        "content.fr.yaml": ["content.es.yaml", "content.yaml"],
        "content.ca.yaml": ["content.es.yaml"],
        "content.de.yaml": [],  # its source is not in the batch
        "lip-filler.yaml": [],
    }


def test_an_edition_in_its_own_brand_also_depends_on_the_brand_it_names(editions: Path) -> None:
    spanish = editions / SPANISH
    juniper = editions / "assets/brands/juniper.yaml"
    text = spanish.read_text("utf-8")
    spanish.write_text(text.replace("assets/brand.yaml", "assets/brands/juniper.yaml"), "utf-8")
    english = by_content(plan_of(editions))[ENGLISH]
    assert english.inputs == (english.content, editions / "assets/brand.yaml", spanish, juniper)
    # Crossed with brands:, every edition is loaded in the job's brand.
    config = (editions / "brochure.yaml").read_text("utf-8")
    (editions / "brochure.yaml").write_text(
        config.replace("formats:", "brands: [assets/brand.yaml]\nformats:"), "utf-8"
    )
    english = by_content(plan_of(editions))[ENGLISH]
    assert english.inputs == (english.content, editions / "assets/brand.yaml", spanish)


def body_size(path: Path) -> float:
    """The most common font size of the PDF's visible characters (the body text), in points."""
    sizes: Counter[float] = Counter()
    document = pdfium.PdfDocument(str(path))
    for number in range(len(document)):
        text = document[number].get_textpage()
        for index in range(text.count_chars()):
            if text.get_text_range(index, 1).strip():
                sizes[round(pdfium_c.FPDFText_GetFontSize(text.raw, index), 2)] += 1
    return sizes.most_common(1)[0][0]


def alone(path: Path) -> float:
    """The body size ``path`` is set at when fitted to the sheet alone; fails when it does not
    fit."""
    report = check_fit(load(path), SHEET)
    assert not report.failed, [str(f.problem) for f in report.findings]
    return report.fit.body


def set_apart(folder: Path) -> tuple[float, float]:
    """Make the two editions need different body sizes on their own, whatever the sample's
    length: both may go down to 10 pt, and the Spanish gets longer until it must. Return the
    body sizes of the English and the Spanish, each fitted alone."""
    english, spanish = folder / ENGLISH, folder / SPANISH
    for path in (english, spanish):
        edit_yaml(path, lambda data: data.update(fit={"min_body_pt": 10}))
    while not check_fit(load(english), SHEET).fit.fits:  # the sample may outgrow the sheet
        for path in (english, spanish):
            edit_yaml(path, lambda data: data.update(benefits=data["benefits"][:-1]))
    english_body, spanish_body = alone(english), alone(spanish)
    for _ in range(12):
        if spanish_body < english_body:
            return english_body, spanish_body
        edit_yaml(spanish, lambda data: data.update(intro=data["intro"] + SENTENCE))
        spanish_body = alone(spanish)
    raise AssertionError("the Spanish edition never needed smaller type than the English")


def test_a_group_of_sheets_comes_out_at_the_same_sizes_and_is_rebuilt_together(
    editions: Path,
) -> None:
    english_alone, spanish_alone = set_apart(editions)
    result = build(editions)
    assert result.ok, [str(p) for r in result.failed for p in r.problems]
    assert names(result.built, editions) == OUTPUTS
    sizes = {name: body_size(editions / name) for name in OUTPUTS}
    assert sizes["out/content-sheet.pdf"] == sizes["out/content.es-sheet.pdf"]
    assert sizes["out/content-sheet.pdf"] == pytest.approx(spanish_alone, abs=0.01)
    assert sizes["out/content-sheet.pdf"] < english_alone, "the English is set as the Spanish"
    # Up to date; then a change to the Spanish alone rebuilds both editions.
    again = build(editions)
    assert names(again.up_to_date, editions) == OUTPUTS and not again.built
    with (editions / SPANISH).open("a", encoding="utf-8") as stream:
        stream.write("# a comment changes the bytes\n")
    stale = by_content(plan_of(editions))
    assert stale[ENGLISH].reason == "content.es.yaml changed"
    before = pdfs(editions)
    rebuilt = build(editions)
    assert names(rebuilt.built, editions) == OUTPUTS
    assert pdfs(editions) == before, "a comment moves nothing"
    # Fitted alone, each edition is a different output.
    write_config(editions, "each")
    assert {job.reason for job in plan_of(editions).jobs} == {"options or versions changed"}


def test_an_edition_that_does_not_validate_stops_the_whole_group(editions: Path) -> None:
    spanish = editions / SPANISH
    text = spanish.read_text("utf-8")
    spanish.write_text(text.replace("icon: smooth", "icon: smoothe", 1), "utf-8")
    result = build(editions)
    assert names(result.failed, editions) == OUTPUTS and not result.built
    line = spanish.read_text("utf-8").splitlines().index("    icon: smoothe") + 1
    for failed in result.failed:
        assert [str(p) for p in failed.problems] == [
            f"content.es.yaml:{line}:11: benefits[0].icon: unknown icon 'smoothe'; did you mean "
            "'smooth'? choose one of: calendar, check, clear-skin, clock, droplet, globe, heart, "
            "info, leaf, mail, phone, pin, shield, smile, smooth, sparkle, star, texture, warning"
        ]
