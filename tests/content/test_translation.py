"""Translation checks: each kind of slip in a translation is reported once, as a warning located
in the translation, and the Spanish sample has none."""

from __future__ import annotations

import copy
import re
import shutil
from typing import TYPE_CHECKING

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import ROOT

if TYPE_CHECKING:  # only for annotations: pytest loads the conftest itself
    from tests.content.conftest import Project

from brochure.cli import main
from brochure.content.icons import ICON_NAMES
from brochure.content.source import parse_source
from brochure.content.translation import _align, _Item, check_translation, compare
from brochure.errors import ContentError

SPANISH = "content.es.yaml"


@pytest.fixture
def es(proj: Project) -> Project:
    """The sample project with the Spanish sample beside its English source."""
    shutil.copy2(ROOT / SPANISH, proj.path(SPANISH))
    return proj


def findings(project: Project, source: str | None = None) -> list[str]:
    against = None if source is None else project.path(source)
    return [str(found) for found in check_translation(project.path(SPANISH), against)]


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], prog_name="brochure")


def test_the_spanish_sample_is_a_complete_translation(es: Project) -> None:
    assert findings(es) == []
    assert findings(es, "content.yaml") == []
    result = check(SPANISH)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "content.es.yaml: ok (6 benefits, brand Lumen Skin Clinic; pages on a4: "
    ), result.output
    assert "translation warnings" not in result.output


def test_a_missing_benefit_is_reported_once_at_the_benefits_key(es: Project) -> None:
    text = es.text(SPANISH)
    start = text.index("  - title: Reduce el exceso de sudor")
    es.write(text[:start] + text[text.index("  - title: Ayuda a tratar el acné") :], SPANISH)
    line = es.where("\nbenefits:", SPANISH)[0] + 1
    assert findings(es) == [
        f"content.es.yaml:{line}:1: warning: benefits: the source's benefit 4 "
        f'"Reduces Excessive Sweating" (content.yaml:{es.where("Reduces Excessive")[0]}) '
        "is missing"
    ]  # and no icon warning for the benefits after it


def test_an_untranslated_field_is_reported_at_its_value(es: Project) -> None:
    es.replace("title: Mejora la textura de la piel", "title: Improves Skin Texture", SPANISH)
    (found,) = findings(es)
    assert found == (
        f"{es.at_value('title: Improves Skin Texture', SPANISH)}: warning: benefits[2].title: "
        f"is the same as in the source (content.yaml:{es.where('Improves Skin')[0]}); "
        "probably not translated"
    )


def test_swapped_icons_are_each_reported_at_their_line(es: Project) -> None:
    es.replace("icon: shield", "icon: SWAP", SPANISH)
    es.replace("icon: smooth", "icon: shield", SPANISH)
    es.replace("icon: SWAP", "icon: smooth", SPANISH)
    assert findings(es) == [
        f'{es.at_value("icon: shield", SPANISH)}: warning: benefits[0].icon: is "shield" but '
        f'the source\'s benefit 1 has "smooth" (content.yaml:{es.where("icon: smooth")[0]}); '
        "a benefit keeps its icon in every language",
        f'{es.at_value("icon: smooth", SPANISH)}: warning: benefits[1].icon: is "smooth" but '
        f'the source\'s benefit 2 has "shield" (content.yaml:{es.where("icon: shield")[0]}); '
        "a benefit keeps its icon in every language",
    ]


def test_a_missing_benefit_beside_swapped_icons_is_still_one_missing_benefit(es: Project) -> None:
    es.replace(es.block("benefits", 3, name=SPANISH) + "\n", "", SPANISH)  # the sweating one
    es.replace("icon: smooth", "icon: SWAP", SPANISH)  # the first and the last icons swapped
    es.replace("icon: smile", "icon: smooth", SPANISH)
    es.replace("icon: SWAP", "icon: smile", SPANISH)
    # Not a tie: skipping the sweating benefit pairs more icons (3 of 5) than skipping any other
    # benefit does (2 at most), so the lengths of the texts, which only break ties, cannot decide.
    source = [item["icon"] for item in yaml.safe_load(es.text())["benefits"]]
    mine = [item["icon"] for item in yaml.safe_load(es.text(SPANISH))["benefits"]]
    agreeing = [
        sum(a == b for a, b in zip(source[:skip] + source[skip + 1 :], mine, strict=True))
        for skip in range(len(source))
    ]
    assert agreeing == [1, 1, 2, 3, 2, 2]
    found = [f.split(": warning: ")[1] for f in findings(es)]
    assert [f.split(":")[0] for f in found] == ["benefits", "benefits[0].icon", "benefits[4].icon"]
    assert found[0].startswith('benefits: the source\'s benefit 4 "Reduces Excessive Sweating"')


def test_the_cli_prints_warnings_and_fails_only_when_strict(es: Project) -> None:
    es.replace("title: Mejora la textura de la piel", "title: Improves Skin Texture", SPANISH)
    result = check("--against", "content.yaml", SPANISH)
    assert result.exit_code == 0
    assert "warning: benefits[2].title: is the same as in the source" in result.stderr
    assert result.stdout.startswith("content.es.yaml: ok (6 benefits, brand Lumen Skin Clinic; ")
    assert result.stdout.endswith("; 1 translation warnings)\n")
    assert check("--strict", SPANISH).exit_code == 1


def paragraphs(block: str) -> list[str]:
    """A body block's text (its key line dropped) cut at its blank lines."""
    return re.split(r"\n[ \t]*\n", block.split("\n", 1)[1])


def test_a_dropped_paragraph_is_reported(es: Project) -> None:
    body = es.block("safety_note", "body", name=SPANISH)
    _, second = paragraphs(body)
    es.replace(body, body.replace("\n\n" + second, ""), SPANISH)
    (found,) = findings(es)
    assert found.startswith(es.at_value(es.block("safety_note", "body", name=SPANISH), SPANISH))
    assert "safety_note.body: has 1 paragraph where the source has 2" in found
    assert "a paragraph may be missing" in found


def test_a_much_shorter_text_is_reported(es: Project) -> None:
    body = es.block("benefits", 3, "body", name=SPANISH)
    sentence = yaml.safe_load(es.text(SPANISH))["benefits"][3]["body"].split(". ")[0] + "."
    short = f"    body: >\n      {sentence}"  # only the first sentence is left
    es.replace(body, short, SPANISH)
    (found,) = findings(es)
    assert found.startswith(es.at_value(short, SPANISH))
    source = " ".join(yaml.safe_load(es.text())["benefits"][3]["body"].split())
    source_line = es.where(es.block("benefits", 3, "body"))[0]
    assert (
        f"benefits[3].body: is much shorter than the source ({len(sentence)} characters against "
        f"{len(source)}, content.yaml:{source_line})"
    ) in found
    assert len(sentence) < 0.3 * len(source)  # well under the 0.6 the check allows
    assert "part of it may be missing" in found


def test_an_untranslated_paragraph_is_reported(es: Project) -> None:
    body = es.block("safety_note", "body", name=SPANISH)
    english = paragraphs(es.block("safety_note", "body"))[1]
    es.replace(body, body.replace(paragraphs(body)[1], english), SPANISH)
    (found,) = findings(es)
    assert "safety_note.body: paragraph 2 is the same as in the source" in found


def test_missing_and_extra_fields_and_items(es: Project) -> None:
    es.replace(es.block("sections", 0, "fact", name=SPANISH) + "\n", "", SPANISH)
    es.replace("subtitle: Cómo", "#subtitle: Cómo", SPANISH)
    es.write(
        es.text(SPANISH).replace(
            "\nclosing:",
            "\n  - title: Un beneficio más\n    icon: star\n    body: Texto.\n\nclosing:",
        ),
        SPANISH,
    )
    found = findings(es)
    assert [f.split(": warning: ")[1].split(":")[0] for f in found] == [
        "subtitle",
        "sections[0].fact",
        "benefits[6]",
    ]
    assert found[1].startswith(f"content.es.yaml:{es.where('- heading:', SPANISH)[0]}:")
    assert "is missing; the source has it (content.yaml:" in found[1]
    assert "is not in the source, which has 6 benefits (content.yaml:" in found[2]


def test_an_empty_field_is_missing_and_message_overrides_are_optional(es: Project) -> None:
    es.replace("locale: en\n", "locale: en\nmessages:\n  book_heading: Book now\n")
    es.replace("subtitle: Cómo actúan", "subtitle:\n#Cómo actúan", SPANISH)
    (found,) = findings(es)
    assert found.startswith(f"{es.at('subtitle:', SPANISH)}: warning: subtitle: is missing;")
    es.write(es.text(SPANISH) + "messages:\n  book_heading: Book now\n", SPANISH)
    assert findings(es)[1] == (
        f"{es.at_value('book_heading: Book now', SPANISH)}: warning: messages.book_heading: "
        f"is the same as in the source (content.yaml:{es.where('Book now')[0]}); "
        "probably not translated"
    )


def test_a_missing_section_and_the_same_locale(es: Project) -> None:
    text = es.text(SPANISH)
    es.write(text[: text.index("sections:")] + text[text.index("benefits_heading:") :], SPANISH)
    es.replace("locale: es", "locale: en", SPANISH)
    found = findings(es)
    assert len(found) == 2
    # a file without sections has nowhere better to point than its start
    assert found[0].startswith("content.es.yaml:3:1: warning: sections: the source's section 1 ")
    assert '"What is Botox/Dysport?"' in found[0]
    assert found[1].startswith(es.at_value("locale: en", SPANISH))
    assert 'locale: is "en", the same as the source' in found[1]


def test_against_wins_over_translation_of_and_no_source_means_no_check(es: Project) -> None:
    es.replace("translation_of: content.yaml\n", "", SPANISH)
    assert findings(es) == []
    assert findings(es, "content.yaml") == []
    shutil.copy2(es.path(), es.path("other.yaml"))
    es.replace("title: Treats Acne", "title: Acne", "other.yaml")
    assert len(findings(es, "other.yaml")) == 0  # a shorter title is not a finding
    es.replace("icon: clear-skin", "icon: star", "other.yaml")
    assert "benefits[4].icon" in findings(es, "other.yaml")[0]


def test_a_file_is_not_compared_with_itself(es: Project) -> None:
    assert check_translation(es.path(), es.path()) == []
    result = check("--against", "content.yaml", "content.yaml", SPANISH)
    assert result.exit_code == 0 and "warning" not in result.output


def test_translation_of_naming_no_file_is_a_located_error(es: Project) -> None:
    es.replace("translation_of: content.yaml", "translation_of: contenido.yaml", SPANISH)
    with pytest.raises(ContentError) as caught:
        check_translation(es.path(SPANISH))
    (problem,) = caught.value.problems
    assert str(problem) == (
        f"{es.at_value('translation_of: contenido.yaml', SPANISH)}: translation_of: names "
        "'contenido.yaml', which is not a file"
    )


def test_a_safety_note_given_as_plain_text_is_compared_by_its_body(es: Project) -> None:
    data = yaml.safe_load(es.text(SPANISH))
    note = data["safety_note"]
    data["safety_note"] = note["body"]
    es.write(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), SPANISH)
    found = findings(es)
    assert [f.split(": warning: ")[1].split(": ")[0] for f in found] == [
        "safety_note.heading",
        "safety_note.reminder",
    ]


# --- properties ------------------------------------------------------------------------------


def leaflet_text(icons: list[str]) -> bytes:
    benefits = [
        {"title": f"Benefit number {n}", "icon": icon, "body": f"Body {n}"}
        for n, icon in enumerate(icons)
    ]
    return yaml.safe_dump({"title": "T", "locale": "en", "benefits": benefits}).encode()


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(ICON_NAMES), min_size=1, max_size=12, unique=True),
    st.data(),
)
def test_dropped_benefits_are_each_reported_once(icons: list[str], data: st.DataObject) -> None:
    kept = data.draw(st.lists(st.booleans(), min_size=len(icons), max_size=len(icons)))
    translated = [icon for icon, keep in zip(icons, kept, strict=True) if keep]
    source = parse_source(leaflet_text(icons), "content.yaml")
    target_text = leaflet_text(translated).replace(b"locale: en", b"locale: es")
    target = parse_source(target_text.replace(b"Benefit number", b"Ventaja"), "es.yaml")
    found = compare(source, target)
    missing = [f for f in found if f.rule == "translation-missing"]
    assert len(missing) == kept.count(False)
    assert all(f.problem.field == "benefits" for f in missing)
    assert {f.rule for f in found} <= {"translation-missing", "translation-untranslated"}


KEYS = ["title", "benefits", "icon", "body", "sections", "safety_note", "fact", "messages"]
ANY_SHAPE = st.recursive(
    st.none() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=12,
)
"""Parsed YAML of any shape, with the keys of a leaflet."""


@settings(max_examples=60)
@given(ANY_SHAPE)
def test_any_shape_of_content_is_compared_without_crashing(value: object) -> None:
    twice = copy.deepcopy(value)
    source = parse_source(
        yaml.safe_dump({"title": "A title", "benefits": value}).encode(), "a.yaml"
    )
    translated = {"title": "Un título", "safety_note": value, "sections": twice}
    target = parse_source(yaml.safe_dump(translated).encode(), "b.yaml")
    for finding in compare(source, target):
        assert finding.problem.file == "b.yaml" and finding.severity == "warning"


@given(
    st.lists(st.tuples(st.sampled_from(ICON_NAMES[:4]), st.integers(0, 300)), max_size=12),
    st.lists(st.tuples(st.sampled_from(ICON_NAMES[:4]), st.integers(0, 300)), max_size=12),
)
def test_benefits_line_up_in_order_skipping_only_the_difference(
    theirs: list[tuple[str, int]], mine: list[tuple[str, int]]
) -> None:
    steps = _align([_Item(*x) for x in theirs], [_Item(*x) for x in mine])
    assert [i for i, _ in steps if i is not None] == list(range(len(theirs)))
    assert [j for _, j in steps if j is not None] == list(range(len(mine)))
    assert sum(j is None for _, j in steps) == max(0, len(theirs) - len(mine))
    assert sum(i is None for i, _ in steps) == max(0, len(mine) - len(theirs))
