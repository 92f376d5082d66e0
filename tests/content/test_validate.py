"""brochure.content.validate (and load_leaflet / the CLI): parsed content -> a validated Leaflet,
every problem located as ``file:line:col: field: message`` and reported in one run."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import brochure
from brochure.cli import main
from brochure.content.icons import ICON_NAMES
from brochure.content.model import Brand, BrandColor, SafetyNote
from brochure.content.source import parse_source
from brochure.content.validate import validate_source
from brochure.errors import ContentError
from tests.helpers import ROOT

if TYPE_CHECKING:
    from tests.content.conftest import Project

CONTENT = "content.yaml"
BRAND = "assets/brand.yaml"
SAMPLE_TITLE = "title: The Benefits of Adding Botox or Dysport to Your Skincare Regime"
COLOUR_RULE = 'must be a colour written "#RRGGBB", such as "#1F4E5F"'
INLINE_BRAND = """brand:
  name: Inline Clinic
  primary_color: "#123456"
  accent_color: "#abcdef"
  phone: "+1 555 0100"
  email: info@inline.example
  website: https://inline.example
  address: 1 Main Street
  booking_url: https://inline.example/book
"""


def cut_block(proj: Project, key: str) -> None:
    """Remove the top-level field ``key`` and its indented block from content.yaml."""
    text, count = re.subn(rf"(?m)^{key}:.*\n(?:(?:  .*)?\n)*", "", proj.text())
    assert count == 1
    proj.write(text)


def intro_end(proj: Project) -> str:
    """The intro's last line, with its line break: where a test adds to the intro."""
    return proj.block("intro").rsplit("\n", 1)[1] + "\n"


def test_the_sample_is_valid(proj: Project) -> None:
    leaflet = brochure.load_leaflet(proj.path())
    assert leaflet.title == "The Benefits of Adding Botox or Dysport to Your Skincare Regime"
    assert [b.icon for b in leaflet.benefits] == [
        "smooth", "shield", "texture", "droplet", "clear-skin", "smile",
    ]  # fmt: skip
    assert leaflet.brand.name == "Lumen Skin Clinic"
    assert leaflet.brand.primary_color.rgb == "#1F4E5F"
    assert leaflet.brand.logo == proj.path("assets/logo.svg").resolve()
    assert leaflet.brand.fonts is not None
    assert leaflet.brand.fonts.bold == proj.path("assets/fonts/Lato-Bold.ttf").resolve()
    assert leaflet.sections[0].fact is not None
    assert leaflet.sections[0].fact.value == "3-4"
    intro = yaml.safe_load(proj.text())["intro"]  # an independent reading: a literal block
    assert intro != intro.strip() and "\n" in intro.strip()
    assert leaflet.intro == intro.strip()  # line breaks kept, the last one stripped


def test_validate_source_from_bytes(proj: Project) -> None:
    src = parse_source(proj.path().read_bytes(), CONTENT, proj.path())
    leaflet, located = validate_source(src)
    assert leaflet.locale == "en"
    assert located.brand is not None and located.brand.name == BRAND
    brand_name = proj.at_value("name:", BRAND)
    assert str(located.problem(("brand", "name"), "x")) == f"{brand_name}: name: x"
    assert str(located.problem(("title",), "x")) == f"{proj.at_value(SAMPLE_TITLE)}: title: x"


# --- missing, unknown, overlong, wrong shape ------------------------------------------------------


def test_missing_benefit_title(proj: Project) -> None:
    proj.replace("  - title: Improves Skin Texture\n    icon: texture", "  - icon: texture")
    assert proj.problems() == [f"{proj.at('icon: texture')}: benefits[2].title: field required"]


def test_missing_required_top_level_fields(proj: Project) -> None:
    proj.replace(SAMPLE_TITLE + "\n", "")
    cut_block(proj, "intro")
    assert proj.problems() == [
        f"{proj.at('subtitle:')}: title: field required",
        f"{proj.at('subtitle:')}: intro: field required",
    ]


def test_no_brand_at_all(proj: Project) -> None:
    proj.replace("brand: assets/brand.yaml\n", "")
    assert proj.problems() == [f"{proj.at(SAMPLE_TITLE)}: brand: field required"]


def test_unknown_keys_are_located_at_the_key_with_a_hint(proj: Project) -> None:
    proj.replace("subtitle:", "subtitel:")
    proj.replace("    icon: shield", "    icn: shield")
    proj.replace("locale: en", "colour: blue")
    assert proj.problems() == [
        f"{proj.at('subtitel:')}: subtitel: unknown field; did you mean 'subtitle'?",
        f"{proj.at('colour:')}: colour: unknown field; known fields: title, subtitle, locale, "
        "intro, sections, benefits_heading, benefits, closing, safety_note, brand, translation_of, "
        "messages, lint, fit",
        f"{proj.at('title: Prevents')}: benefits[1].icon: field required",
        f"{proj.at('icn:')}: benefits[1].icn: unknown field; did you mean 'icon'?",
    ]


def test_unknown_key_without_a_value(proj: Project) -> None:
    proj.replace("locale: en", "locales:")
    assert proj.problems() == [
        f"{proj.at('locales:')}: locales: unknown field; did you mean 'locale'?"
    ]


def test_unknown_key_in_the_brand_file(proj: Project) -> None:
    proj.replace("booking_url:", "bookings_url:", BRAND)
    assert proj.problems() == [
        f"{proj.at('name:', BRAND)}: booking_url: field required",
        f"{proj.at('bookings_url:', BRAND)}: bookings_url: unknown field; "
        "did you mean 'booking_url'?",
    ]


@pytest.mark.parametrize(
    ("key", "old", "field", "limit"),
    [
        ("title", SAMPLE_TITLE, "title", 90),
        ("subtitle", "subtitle: How", "subtitle", 160),
        ("title", "title: Treats Acne", "benefits[4].title", 70),
        ("value", "value: 3-4", "sections[0].fact.value", 16),
        ("heading", "heading: Talk to", "safety_note.heading", 90),
        ("reminder", "reminder: Always", "safety_note.reminder", 110),
        ("benefits_heading", "benefits_heading: Benefits", "benefits_heading", 90),
    ],
)
def test_overlong_fields(proj: Project, key: str, old: str, field: str, limit: int) -> None:
    new = f"{key}: {'x' * (limit + 1)}"
    proj.replace(old, new)
    line = proj.text().splitlines()[proj.where(new)[0] - 1]
    value = line.split(": ", 1)[1].strip()
    assert proj.problems() == [
        f"{proj.at_value(new)}: {field}: is {len(value)} characters long; the limit is {limit}"
    ]


def test_an_invalid_item_does_not_make_the_list_look_empty(proj: Project) -> None:
    cut_block(proj, "benefits")
    proj.replace(
        "benefits_heading:",
        "benefits:\n  - title: ''\n    icon: star\n    body: b\nbenefits_heading:",
    )
    assert proj.problems() == [
        f"{proj.at_value(EMPTY_TITLE)}: benefits[0].title: must not be empty"
    ]


def test_a_field_at_its_limit_is_fine(proj: Project) -> None:
    proj.replace(SAMPLE_TITLE, "title: " + "x" * 90)
    assert proj.load().title == "x" * 90


def test_overlong_body_and_too_many_benefits(proj: Project) -> None:
    # The folded block becomes a plain scalar: 701 y's, then the words that were there.
    block = proj.block("benefits", 4, "body")
    proj.replace(block, block.replace("    body: >\n      ", f"    body: {'y' * 701}\n      ", 1))
    extra = "".join(f"  - title: Extra {n}\n    icon: star\n    body: More.\n" for n in range(7))
    proj.replace("\nclosing: |", f"{extra}\nclosing: |")
    body = yaml.safe_load(proj.text())["benefits"][4]["body"]  # an independent reading
    assert proj.problems() == [
        f"{proj.at('- title: Diminishes')}: benefits: has 13 items; the limit is 12",
        f"{proj.at_value('body: yyy')}: benefits[4].body: is {len(body)} characters long; "
        "the limit is 700",
    ]


def test_a_title_is_one_line(proj: Project) -> None:
    proj.replace("title: Treats Acne", 'title: "Treats\\nAcne"')
    at = proj.at_value('title: "Treats')
    assert proj.problems() == [
        f"{at}: benefits[4].title: must be a single line (remove the line break)"
    ]


EMPTY_TITLE = "title: ''"


def test_empty_fields(proj: Project) -> None:
    proj.replace("title: Treats Acne", EMPTY_TITLE)
    proj.replace("value: 3-4", "value:")
    proj.replace("locale: en", "locale: '  '")
    assert proj.problems() == [
        f"{proj.at_value('locale:')}: locale: must be a language code such as en, es or en-GB "
        "(got '')",
        f"{proj.at_value('value:')}: sections[0].fact.value: is empty; give a value or remove "
        "the line",
        f"{proj.at_value(EMPTY_TITLE)}: benefits[4].title: must not be empty",
    ]


def test_wrong_shapes(proj: Project) -> None:
    proj.replace("locale: en", "locale:\n  - en")
    cut_block(proj, "closing")
    proj.replace("safety_note:", "closing:\n  text: Thanks.\nsafety_note:")
    proj.replace("icon: smile", "icon: {name: smile}")
    problems = proj.problems()
    assert problems == [
        f"{proj.at('- en')}: locale: must be text, not a list",
        f"{proj.at_value('icon: {')}: benefits[5].icon: must be text, not a mapping",
        f"{proj.at('text: Thanks')}: closing: must be text, not a mapping",
    ]


def test_benefits_must_be_a_list(proj: Project) -> None:
    cut_block(proj, "benefits")
    proj.replace("benefits_heading:", "benefits: none\nbenefits_heading:")
    assert proj.problems() == [
        f"{proj.at_value('benefits: none')}: benefits: must be a list of '- ' items, not text"
    ]


def test_unknown_icon_suggests_the_nearest(proj: Project) -> None:
    proj.replace("icon: smooth", "icon: smoth")
    [problem] = proj.problems()
    assert problem.startswith(
        f"{proj.at_value('icon: smoth')}: benefits[0].icon: unknown icon 'smoth'; "
        "did you mean 'smooth'? choose one of: "
    )


# --- every scalar is text -------------------------------------------------------------------------


def test_scalars_that_look_like_other_types_stay_text(proj: Project) -> None:
    proj.replace(SAMPLE_TITLE, "title: 2024")
    proj.replace("locale: en", "locale: no")
    proj.replace("title: Treats Acne", "title: yes")
    proj.replace("value: 3-4", "value: 001100")
    cut_block(proj, "closing")
    proj.replace("safety_note:", "closing: null\nsafety_note:")
    proj.replace('phone: "+44 20 7946 0321"', "phone: 001100", BRAND)
    proj.replace("name: Lumen Skin Clinic", "name: 1.0", BRAND)
    leaflet = proj.load()
    assert leaflet.title == "2024"
    assert leaflet.locale == "no"
    assert leaflet.benefits[4].title == "yes"
    assert leaflet.sections[0].fact is not None
    assert leaflet.sections[0].fact.value == "001100"
    assert leaflet.closing == "null"
    assert leaflet.brand.phone == "001100"
    assert leaflet.brand.name == "1.0"


def test_unquoted_colour_is_reported_not_dropped(proj: Project) -> None:
    proj.replace('primary_color: "#1F4E5F"', "primary_color: #1F4E5F", BRAND)
    line, _ = proj.where("primary_color:", BRAND)
    assert proj.problems() == [
        f"{BRAND}:{line}:15: primary_color: is empty; give a value or remove the line "
        '(quote colours: "#1F4E5F"; an unquoted # starts a YAML comment)'
    ]


@pytest.mark.parametrize(
    "typed",
    ["001100", "'#1F4'", "'1F4E5F'", "'#1F4E5G'", "'#1F4E5F0'", "red", "rgb(1, 2, 3)", "'#'"],
)
def test_colours_must_be_rrggbb(proj: Project, typed: str) -> None:
    proj.replace('accent_color: "#C8963E"', f"accent_color: {typed}", BRAND)
    value = typed.strip("'")
    assert proj.problems() == [
        f"{proj.at_value('accent_color:', BRAND)}: accent_color: {COLOUR_RULE} (got {value!r})"
    ]


def test_colours_are_normalised(proj: Project) -> None:
    proj.replace('accent_color: "#C8963E"', "accent_color: ' #c8963e '", BRAND)
    assert proj.load().brand.accent_color.rgb == "#C8963E"


# --- links ----------------------------------------------------------------------------------------


NOT_ALLOWED = "is not allowed; links must start with https:, http:, mailto:, tel:"


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("javascript:alert", NOT_ALLOWED),
        ("JavaScript:alert", NOT_ALLOWED),
        ("ftp://files.example/x", NOT_ALLOWED),
        ("file:///etc/passwd", NOT_ALLOWED),
        ("data:text/html,hi", NOT_ALLOWED),
        ("relative/page", NOT_ALLOWED),
        ("https:///nohost", "has no host name"),
        ("mailto:", "is empty after 'mailto:'"),
    ],
)  # fmt: skip
def test_only_safe_links_in_bodies(proj: Project, href: str, reason: str) -> None:
    end = intro_end(proj)
    proj.replace(end, f"{end[:-1]} [More]({href}).\n")
    body = proj.block("benefits", 4, "body")  # a folded block: "body: >", then the text
    first = body.split("\n")[1]
    proj.replace(body, body.replace(first, f"      [x]({href}) {first.lstrip()}", 1))
    assert proj.problems() == [
        f"{proj.at_value('intro: |')}: intro: link target {href!r} {reason}",
        f"{proj.at_value(proj.block('benefits', 4, 'body'))}: benefits[4].body: link target "
        f"{href!r} {reason}",
    ]


def test_allowed_links(proj: Project) -> None:
    links = "[a](https://a.example) [b](HTTP://b.example) [c](mailto:c@d.example) [d](tel:+44123)"
    end = intro_end(proj)
    proj.replace(end, f"{end[:-1]} {links}\n")
    assert proj.load().intro.endswith(links)


# --- Arabic: one style per paragraph ---------------------------------------------------------


def test_arabic_paragraphs_in_several_styles_are_all_located_in_one_run(proj: Project) -> None:
    arabic = "content.ar.yaml"
    proj.write((ROOT / arabic).read_text("utf-8"), arabic)
    proj.replace("هذه أشهر فوائدهما.", "هذه **أشهر** فوائدهما.", arabic)
    proj.replace("لذلك يختار بعض", "لذلك [يختار](https://clinic.example) بعض", arabic)
    proj.replace("icon: shield", "icon: sheild", arabic)
    intro = proj.block("intro", name=arabic)
    proj.replace(intro, intro + "\n\n  **فقرة ثانية** Botox *مائل*", arabic)
    source = parse_source(proj.path(arabic).read_bytes(), arabic, proj.path(arabic))
    with pytest.raises(ContentError) as caught:
        validate_source(source)
    advice = (
        "brochure can join Arabic letters only in a paragraph set in one style, so set {} in "
        "one style (all bold, all italic or one whole link) or in none"
    )
    benefit_body = proj.at_value(proj.block("benefits", 0, "body", name=arabic), arabic)
    problems = [str(problem) for problem in caught.value.problems]
    assert problems[2].startswith(
        f"{proj.at_value('icon: sheild', arabic)}: benefits[1].icon: unknown icon 'sheild'"
    )
    assert problems[:2] == [
        f"{proj.at_value('intro: |', arabic)}: intro: paragraph 1 mixes a link and plain text, "
        "and paragraph 2 mixes bold text, italic text and plain text, with Arabic; "
        + advice.format("each of these paragraphs wholly"),
        f"{benefit_body}: benefits[0].body: paragraph 1 mixes bold text and plain text with "
        "Arabic; " + advice.format("the whole paragraph"),
    ]


def test_a_hebrew_paragraph_may_mix_styles(proj: Project) -> None:
    hebrew = "content.he.yaml"
    proj.write((ROOT / hebrew).read_text("utf-8"), hebrew)
    intro = proj.block("intro", name=hebrew)
    proj.replace(
        intro, intro + "\n\n  **בוטוקס** הוא *טיפול* [כאן](https://clinic.example)", hebrew
    )
    source = parse_source(proj.path(hebrew).read_bytes(), hebrew, proj.path(hebrew))
    leaflet, _ = validate_source(source)
    assert leaflet.intro.endswith("[כאן](https://clinic.example)")


@pytest.mark.parametrize("key", ["website", "booking_url"])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "mailto:a@b.example", "ftp://x.example"])
def test_brand_web_addresses_must_be_web(proj: Project, key: str, url: str) -> None:
    line = next(line for line in proj.text(BRAND).splitlines() if line.startswith(f"{key}:"))
    proj.replace(line, f"{key}: {url}", BRAND)
    assert proj.problems() == [
        f"{proj.at_value(f'{key}: {url}', BRAND)}: {key}: must be a web address starting with "
        f"https:// (got {url!r})"
    ]


# --- brand file, inline brand, safety note --------------------------------------------------------


def test_brand_given_inline(proj: Project) -> None:
    proj.replace("brand: assets/brand.yaml\n", INLINE_BRAND)
    leaflet = proj.load()
    assert leaflet.brand == Brand(
        name="Inline Clinic",
        primary_color=BrandColor("#123456"),
        accent_color=BrandColor("#ABCDEF"),
        phone="+1 555 0100",
        email="info@inline.example",
        website="https://inline.example",
        address="1 Main Street",
        booking_url="https://inline.example/book",
    )
    assert leaflet.brand.fonts is None  # the built-in Open Sans


def test_inline_brand_problems_are_in_the_content_file(proj: Project) -> None:
    proj.replace("brand: assets/brand.yaml\n", INLINE_BRAND.replace('"#123456"', "blue"))
    proj.replace("  name: Inline Clinic\n", "  name: Inline Clinic\n  logo: nope.png\n")
    assert proj.problems() == [
        f"{proj.at_value('logo: nope')}: brand.logo: 'nope.png' does not exist",
        f"{proj.at_value('primary_color: blue')}: brand.primary_color: {COLOUR_RULE} (got 'blue')",
    ]


def test_inline_brand_logo_is_relative_to_the_content(proj: Project) -> None:
    proj.replace("brand: assets/brand.yaml\n", INLINE_BRAND + "  logo: assets/logo.svg\n")
    assert proj.load().brand.logo == proj.path("assets/logo.svg").resolve()


def test_brand_file_problems_name_the_brand_file(proj: Project) -> None:
    proj.replace("name: Lumen Skin Clinic\n", "", BRAND)
    proj.replace("email: hello@lumenskin.example", "email: hello", BRAND)
    proj.replace("subtitle:", "subtitel:")
    with pytest.raises(ContentError) as caught:
        proj.load()
    assert [str(p) for p in caught.value.problems] == [
        f"{proj.at('subtitel:')}: subtitel: unknown field; did you mean 'subtitle'?",
        f"{proj.at('logo:', BRAND)}: name: field required",
        f"{proj.at_value('email: hello', BRAND)}: email: must be an e-mail address such as "
        "info@clinic.example (got 'hello')",
    ]
    assert caught.value.format_message().endswith(f"3 problems in {BRAND}, content.yaml.")


HINT = "did you mean 'subtitle'?"


def test_brand_file_syntax_error_and_content_problems_together(proj: Project) -> None:
    proj.replace("name: Lumen Skin Clinic", "name: [Lumen Skin Clinic", BRAND)
    proj.replace("subtitle:", "subtitel:")
    problems = proj.problems()
    assert problems[0] == f"{proj.at('subtitel:')}: subtitel: unknown field; {HINT}"
    assert problems[1].startswith(f"{BRAND}:4:5: YAML syntax error: while parsing a flow")
    assert len(problems) == 2  # and no "brand: field required" on top


OUTSIDE = "is outside the content's folder ({root}); copy it inside"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("assets/nope.yaml", "'assets/nope.yaml' does not exist"),
        ("assets/fonts", "'assets/fonts' is not a regular file"),
        ("../outside.yaml", "'../outside.yaml' " + OUTSIDE),
        ("/etc/passwd", "'/etc/passwd' " + OUTSIDE),
    ],
)  # fmt: skip
def test_brand_file_that_cannot_be_used(proj: Project, typed: str, message: str) -> None:
    (proj.root.parent / "outside.yaml").write_text(proj.text(BRAND))
    proj.replace("brand: assets/brand.yaml", f"brand: {typed}")
    assert proj.problems() == [
        f"{proj.at_value('brand:')}: brand: " + message.format(root=proj.root.resolve())
    ]


def test_brand_file_that_is_not_utf8_or_has_control_characters(proj: Project) -> None:
    proj.replace("address: 12 Harbour Street", "address: 12 Harbour Stra\u00dfe", BRAND)
    line, column = proj.where("\u00dfe", BRAND)
    proj.write(proj.text(BRAND).encode("latin-1"), BRAND)
    assert proj.problems() == [
        f"{BRAND}:{line}:{column}: the file is not UTF-8 text (byte 0xDF); save it as UTF-8"
    ]
    proj.write(proj.path(BRAND).read_bytes().replace(b"\xdf", b"\x0c"), BRAND)
    assert proj.problems() == [
        f"{BRAND}:{line}:{column}: address: contains an invisible control character (U+000C); "
        "delete it"
    ]


def test_empty_brand_file(proj: Project) -> None:
    proj.write("# nothing yet\n", BRAND)
    assert proj.problems() == [f"{BRAND}: the file is empty"]


def test_brand_of_the_wrong_shape(proj: Project) -> None:
    proj.replace("brand: assets/brand.yaml\n", "brand:\n  - assets/brand.yaml\n")
    assert proj.problems() == [
        f"{proj.at('- assets')}: brand: must be a mapping of fields, not a list"
    ]


def test_safety_note_as_plain_text(proj: Project) -> None:
    cut_block(proj, "safety_note")
    proj.write(proj.text() + "safety_note: Ask your doctor first.\n")
    note = proj.load().safety_note
    assert note == SafetyNote(body="Ask your doctor first.")
    assert note.heading is None  # the leaflet's language supplies it
    assert note.reminder is None


def test_safety_note_of_the_wrong_shape(proj: Project) -> None:
    cut_block(proj, "safety_note")
    proj.write(proj.text() + "safety_note:\n  - one\n")
    assert proj.problems() == [
        f"{proj.at('- one')}: safety_note: must be a mapping of fields, not a list"
    ]


# --- glyphs ---------------------------------------------------------------------------------------


def use_font(proj: Project, font: bytes) -> None:
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        proj.write(font, f"assets/fonts/Lato-{face}.ttf")


def no_glyph(code: int, name: str, font: str = "Lato") -> str:
    char = chr(code)
    return (
        f"the font {font} has no glyph for U+{ord(char):04X} {name} ({char!r}); "
        "use another character or a font that has it"
    )


def test_greek_with_a_latin_only_font(proj: Project, latin_only_font: bytes) -> None:
    use_font(proj, latin_only_font)
    proj.replace("intro: |\n  ", "intro: |\n  \u03b1-")  # a Greek letter opens the intro
    assert proj.problems() == [
        f"{proj.at_value('intro: |')}: intro: {no_glyph(0x03B1, 'GREEK SMALL LETTER ALPHA')}"
    ]


def test_each_missing_glyph_once_per_field_in_the_right_file(
    proj: Project, latin_only_font: bytes
) -> None:
    use_font(proj, latin_only_font)
    proj.replace("title: Treats Acne", "title: \u0391\u03b2\u03b3 \u03b2 \u0416")
    proj.replace("name: Lumen Skin Clinic", "name: Lumen \u03a9", BRAND)
    brand_name = proj.at_value("name:", BRAND)
    at = proj.at_value("title: \u0391") + ": benefits[4].title"
    assert proj.problems() == [
        f"{at}: {no_glyph(0x0391, 'GREEK CAPITAL LETTER ALPHA')}",
        f"{at}: {no_glyph(0x03B2, 'GREEK SMALL LETTER BETA')}",
        f"{at}: {no_glyph(0x03B3, 'GREEK SMALL LETTER GAMMA')}",
        f"{at}: {no_glyph(0x0416, 'CYRILLIC CAPITAL LETTER ZHE')}",
        f"{brand_name}: name: {no_glyph(0x03A9, 'GREEK CAPITAL LETTER OMEGA')}",
    ]


def test_the_sample_font_draws_greek(proj: Project) -> None:
    proj.replace("intro: |\n  ", "intro: |\n  \u03b1-")  # a Greek letter opens the intro
    assert "\u03b1" in proj.load().intro


def test_built_in_font_cannot_draw_cjk(proj: Project) -> None:
    proj.replace("brand: assets/brand.yaml\n", INLINE_BRAND)
    proj.replace("title: Treats Acne", "title: Treats Acne \u75e4\u7621")
    at = f"{proj.at_value('title: Treats')}: benefits[4].title"
    assert proj.problems() == [
        f"{at}: {no_glyph(0x75E4, 'CJK UNIFIED IDEOGRAPH-75E4', 'Open Sans')}",
        f"{at}: {no_glyph(0x7621, 'CJK UNIFIED IDEOGRAPH-7621', 'Open Sans')}",
    ]


def test_glyph_problems_come_with_the_other_problems(proj: Project, latin_only_font: bytes) -> None:
    use_font(proj, latin_only_font)
    proj.replace("intro: |\n  ", "intro: |\n  \u03b1-")  # a Greek letter opens the intro
    proj.replace("subtitle:", "subtitel:")
    proj.replace("name: Lumen Skin Clinic", "name: Lumen \u03a9", BRAND)
    brand_name = proj.at_value("name:", BRAND)
    assert proj.problems() == [
        f"{proj.at('subtitel:')}: subtitel: unknown field; did you mean 'subtitle'?",
        f"{proj.at_value('intro: |')}: intro: {no_glyph(0x03B1, 'GREEK SMALL LETTER ALPHA')}",
        f"{brand_name}: name: {no_glyph(0x03A9, 'GREEK CAPITAL LETTER OMEGA')}",
    ]


def test_a_font_reportlab_cannot_use(proj: Project) -> None:
    proj.write(b"\x00\x01\x00\x00" + b"\x00" * 64, "assets/fonts/Lato-Italic.ttf")
    [problem] = proj.problems()
    assert problem.startswith(
        f"{proj.at_value('  italic: fonts', BRAND)}: fonts.italic: ReportLab cannot use this font ("
    )


# --- many problems, one run -----------------------------------------------------------------------


def test_all_problems_of_both_files_in_one_run(proj: Project) -> None:
    proj.replace("    icon: droplet\n", "    icon: drop\n    icon: droplet\n")
    proj.replace("subtitle:", "subtitel:")
    proj.replace("title: Treats Acne", "title: " + "Acne " * 15)
    proj.replace("  - title: Boosts Confidence\n    icon: smile", "  - icon: smile")
    proj.replace('accent_color: "#C8963E"', "accent_color: C8963E", BRAND)
    proj.replace("logo: logo.svg", "logo: logo.png", BRAND)
    first, _ = proj.where("icon: drop\n")
    unknown_icon = proj.at_value("icon: drop\n")
    with pytest.raises(ContentError) as caught:
        proj.load()
    error = caught.value
    # The duplicate key leaves the data usable (the first value counts), so it is reported in
    # the same run as the field problems, the first value's own problem included.
    assert [str(p) for p in error.problems] == [
        f"{proj.at('subtitel:')}: subtitel: unknown field; did you mean 'subtitle'?",
        f"{unknown_icon}: benefits[3].icon: unknown icon 'drop'; did you mean "
        f"'droplet'? choose one of: {', '.join(ICON_NAMES)}",
        f"{proj.at('icon: droplet')}: benefits[3].icon: the key 'icon' is given twice "
        f"(first on line {first})",
        f"{proj.at_value('title: Acne')}: benefits[4].title: is 74 characters long; "
        "the limit is 70",
        f"{proj.at('icon: smile')}: benefits[5].title: field required",
        f"{proj.at_value('logo:', BRAND)}: logo: 'logo.png' does not exist",
        f"{proj.at_value('accent_color:', BRAND)}: accent_color: {COLOUR_RULE} (got 'C8963E')",
    ]
    assert error.format_message().splitlines()[-1] == f"7 problems in {BRAND}, content.yaml."


# --- property: any text either validates exactly or fails with located problems -------------------


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every character outside printable ASCII escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02X}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


TEMPLATE = """title: {title}
intro: {intro}
benefits:
  - title: {benefit_title}
    icon: smooth
    body: {benefit_body}
safety_note: Ask a qualified professional.
brand: assets/brand.yaml
"""
PLAIN = {
    "title": "A title",
    "intro": "An intro.",
    "benefit_title": "A benefit",
    "benefit_body": "Why it helps.",
}
MARKUPISH = st.sampled_from(
    ["<b>", "</para>", "<font size=99>", "&amp;", "&#9;", "A&E", "x<y", "<info@clinic.example>",
     "**", "*", "[x](", "](", "[a](https://ok.example)", "[a](javascript:alert)", "\\", "- ",
     "\n", "\n\n", " ", "\u00e9", "\u03b1", "\u0416", "\u75e4", "\U0001f600", "\u200b", "\u00a0",
     "\t", "\r", "\x00", "\x1f", "\x85", "\u2028", "\ufeff", "\ufffe"]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(MARKUPISH, st.text(max_size=4)), max_size=12).map("".join),
    st.text(min_size=60, max_size=120),  # around the title limits
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x24F), max_size=100),  # Latin
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(sorted(PLAIN)), text=TEXTS)
def test_any_text_validates_exactly_or_fails_located(proj: Project, field: str, text: str) -> None:
    values = {key: yaml_quoted(value) for key, value in PLAIN.items()}
    values[field] = yaml_quoted(text)
    proj.write(TEMPLATE.format(**values))
    try:
        leaflet = proj.load()
    except ContentError as error:
        event("refused")
        assert error.problems
        for problem in error.problems:
            assert problem.file == CONTENT  # the brand is untouched
            assert problem.line is not None and problem.column is not None
            assert problem.field in ("title", "intro", "benefits[0].title", "benefits[0].body")
        return
    event("accepted")
    got = {
        "title": leaflet.title,
        "intro": leaflet.intro,
        "benefit_title": leaflet.benefits[0].title,
        "benefit_body": leaflet.benefits[0].body,
    }
    assert got == {**PLAIN, field: text.strip()}


# --- the command line -----------------------------------------------------------------------------


def test_cli_check_ok(proj: Project) -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "content.yaml: ok (6 benefits, brand Lumen Skin Clinic; pages on a4: "
    ), result.output


def test_cli_check_reports_every_problem_and_exits_1(proj: Project) -> None:
    proj.replace("  - title: Improves Skin Texture\n    icon: texture", "  - icon: texture")
    proj.replace('primary_color: "#1F4E5F"', "primary_color: #1F4E5F", BRAND)
    result = CliRunner().invoke(main, ["check", "content.yaml"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{proj.at('icon: texture')}: benefits[2].title: field required",
        f"{BRAND}:5:15: primary_color: is empty; give a value or remove the line (quote "
        'colours: "#1F4E5F"; an unquoted # starts a YAML comment)',
        f"2 problems in {BRAND}, content.yaml.",
    ]


def test_cli_failed_build_keeps_the_previous_pdf(proj: Project) -> None:
    runner = CliRunner()
    target = proj.path("out/leaflet.pdf")
    first = runner.invoke(main, ["build", "content.yaml", "-o", "out/leaflet.pdf"])
    assert first.exit_code == 0, first.output
    good = target.read_bytes()
    assert good.startswith(b"%PDF")

    proj.replace("title: Treats Acne", "title: " + "Acne " * 15)
    proj.replace("locale: en", "locale: English")
    failed = runner.invoke(main, ["build", "content.yaml", "-o", "out/leaflet.pdf"])
    assert failed.exit_code == 1
    assert "Traceback" not in failed.output
    assert failed.stderr.splitlines() == [
        f"{proj.at_value('locale:')}: locale: must be a language code such as en, es or en-GB "
        "(got 'English')",
        f"{proj.at_value('title: Acne')}: benefits[4].title: is 74 characters long; "
        "the limit is 70",
        "2 problems in content.yaml.",
    ]
    assert target.read_bytes() == good
    assert [p.name for p in target.parent.iterdir()] == ["leaflet.pdf"]  # no temporary left


def test_cli_failed_build_of_a_broken_logo_keeps_the_previous_pdf(proj: Project) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["build", "-o", "leaflet.pdf"]).exit_code == 0
    good = proj.path("leaflet.pdf").read_bytes()
    proj.write(b"\x89PNG\r\n\x1a\n\x00\x00", "assets/logo.png")
    proj.replace("logo: logo.svg", "logo: logo.png", BRAND)
    failed = runner.invoke(main, ["build", "-o", "leaflet.pdf"])
    assert failed.exit_code == 1
    assert failed.stderr.startswith(
        f"{proj.at_value('logo:', BRAND)}: logo: 'logo.png' is corrupt or truncated ("
    )
    assert "Traceback" not in failed.output
    assert proj.path("leaflet.pdf").read_bytes() == good


def test_cli_yaml_error_in_build(proj: Project) -> None:
    proj.write(b"title: ok\nintro: \xe9\n")
    result = CliRunner().invoke(main, ["build", "-o", "x.pdf"])
    assert result.exit_code == 1
    assert result.stderr == (
        "content.yaml:2:8: the file is not UTF-8 text (byte 0xE9); save it as UTF-8\n"
        "1 problem in content.yaml.\n"
    )
    assert not proj.path("x.pdf").exists()


def test_cli_missing_content_file(proj: Project) -> None:
    result = CliRunner().invoke(main, ["check", "other.yaml"])
    assert result.exit_code == 1
    assert result.stderr == ("other.yaml: the file does not exist\n1 problem in other.yaml.\n")


# --- pictures in sections need alternative text ----------------------------------------------

SECTION_FACT = "    fact:\n      value: 3-4"


def test_a_section_picture_without_alt_is_located_at_the_picture(proj: Project) -> None:
    proj.replace(SECTION_FACT, "    image:\n      path: assets/logo.svg\n" + SECTION_FACT)
    at = proj.at("path: assets/logo.svg")
    assert proj.problems() == [f"{at}: sections[0].image.alt: field required"]
    result = CliRunner().invoke(main, ["check", CONTENT])
    assert result.exit_code == 1
    assert f"{at}: sections[0].image.alt: field required" in result.stderr


@pytest.mark.parametrize("alt", ["''", "'   '"])
def test_a_section_picture_with_an_empty_alt(proj: Project, alt: str) -> None:
    image = f"    image:\n      path: assets/logo.svg\n      alt: {alt}\n"
    proj.replace(SECTION_FACT, image + SECTION_FACT)
    assert proj.problems() == [
        f"{proj.at_value('alt: ' + alt)}: sections[0].image.alt: must not be empty"
    ]


def test_a_section_picture_with_alt_is_valid(proj: Project) -> None:
    image = "    image:\n      path: assets/logo.svg\n      alt: ' The clinic logo '\n"
    proj.replace(SECTION_FACT, image + SECTION_FACT)
    picture = proj.load().sections[0].image
    assert picture is not None
    assert picture.alt == "The clinic logo"
    assert picture.path == proj.path("assets/logo.svg").resolve()


def test_validating_imports_nothing_that_draws(proj: Project) -> None:
    """Checking the text of a leaflet (no picture to read) needs neither ReportLab, pikepdf,
    pydantic nor the hyphenation patterns; its problems are still located, all at once."""
    proj.replace("logo: logo.svg\n", "", BRAND)
    heavy = ("reportlab", "pikepdf", "pydantic", "pyphen", "svglib", "PIL")
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from brochure.content.source import read_source\n"
        "from brochure.content.validate import validate, validate_source\n"
        "validate_source(read_source(Path('content.yaml')))\n"
        "broken = Path('broken.yaml')\n"
        "broken.write_text(Path('content.yaml').read_text().replace('title: ', 'titel: ', 1))\n"
        "print([str(p) for p in validate(read_source(broken)).problems])\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=proj.root, capture_output=True, text=True, check=True
    )
    problems, modules = done.stdout.splitlines()[-2:]
    assert problems == str(
        [
            "broken.yaml:4:1: title: field required",
            "broken.yaml:4:1: titel: unknown field; did you mean 'title'?",
        ]
    )
    assert modules == "[]"
