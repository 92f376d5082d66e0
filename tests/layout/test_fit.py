"""What text validation cannot see: missing glyphs, and blocks too big for any page."""

from __future__ import annotations

from brochure.content.model import BrandColor, Leaflet
from brochure.layout.fit import (
    _brand_problems,
    _text_problems,
    glyph_problems,
    size_problems,
    texts,
)
from brochure.layout.fonts import register_family
from brochure.messages import Messages


def test_texts_skips_codes_and_walks_models_and_raw_data(sample: Leaflet) -> None:
    found = dict(texts(sample))
    assert found[("title",)] == sample.title
    assert found[("benefits", 5, "title")] == sample.benefits[5].title
    assert ("benefits", 0, "icon") not in found and ("locale",) not in found
    raw = {"title": "T", "benefits": [{"title": "B", "icon": "smile"}], "locale": "en"}
    assert list(texts(raw)) == [(("title",), "T"), (("benefits", 0, "title"), "B")]


def test_missing_glyphs_are_named_by_field(sample: Leaflet) -> None:
    family = register_family(sample.brand.fonts)
    found = [(("intro",), "Ein \u0f00 hier \u2603"), (("title",), "fine")]
    problems = glyph_problems(found, family, Messages())
    assert [loc for loc, _ in problems] == [("intro",), ("intro",)]
    assert "U+2603 SNOWMAN" in problems[1][1] and "Lato" in problems[1][1]


def test_layout_characters_must_exist_in_the_font(sample: Leaflet) -> None:
    family = register_family(sample.brand.fonts)
    assert glyph_problems([], family, Messages()) == []
    odd = Messages(page_of="Page {page} \u2603 {pages}")
    ((loc, message),) = glyph_problems([], family, odd)
    assert loc == ("brand", "fonts") and "which the layout uses" in message


def test_the_sample_fits(sample: Leaflet) -> None:
    assert size_problems(sample, register_family(sample.brand.fonts), Messages()) == []


def test_blocks_too_big_for_a_page_are_blamed_on_their_field(sample: Leaflet) -> None:
    bullets = "\n".join(["- Avoid alcohol."] * 40)  # under the 700-character limit
    benefit = sample.benefits[2].model_copy(update={"body": bullets})
    note = sample.safety_note.model_copy(
        update={"body": "\n".join(["- Short line."] * 60), "reminder": "W" * 100}
    )
    brand = sample.brand.model_copy(update={"address": "\n".join(["Line"] * 60)})
    leaflet = sample.model_copy(
        update={
            "benefits": (*sample.benefits[:2], benefit, *sample.benefits[3:]),
            "safety_note": note,
            "brand": brand,
        }
    )
    problems = dict(size_problems(leaflet, register_family(brand.fonts), Messages()))
    assert set(problems) == {
        ("benefits", 2, "body"),
        ("safety_note", "body"),
        ("safety_note", "reminder"),
        ("brand", "address"),
    }
    assert "one A4 page" in problems[("benefits", 2, "body")]


def test_footer_name_and_heading_with_first_row_are_checked(sample: Leaflet) -> None:
    family = register_family(sample.brand.fonts)
    brand = sample.brand.model_copy(update={"name": "Lumen Skin and Laser Aesthetics Clinic " * 2})
    problems = dict(size_problems(sample.model_copy(update={"brand": brand}), family, Messages()))
    assert list(problems) == [("brand", "name")]
    assert "footer line" in problems[("brand", "name")]
    brand = sample.brand.model_copy(update={"website": "https://" + "w" * 120 + ".example"})
    problems = dict(size_problems(sample.model_copy(update={"brand": brand}), family, Messages()))
    assert list(problems) == [("brand", "website")]
    # A first card that fits a page alone, but not under the benefits heading.
    bullets = "\n".join(["- x"] * 27)
    first = sample.benefits[0].model_copy(update={"body": bullets})
    leaflet = sample.model_copy(update={"benefits": (first, *sample.benefits[1:])})
    assert ("benefits", 0, "body") in dict(size_problems(leaflet, family, Messages()))


def test_cards_and_safety_box_are_measured_once_for_every_brand(sample: Leaflet) -> None:
    """A brand's colours change no block's height: a batch measures a content's cards in one
    brand and reuses them in the next; what each brand adds (its address) is still its own."""
    family = register_family(sample.brand.fonts)
    first = sample.benefits[0].model_copy(update={"body": "Much longer text. " * 120})
    long = sample.model_copy(update={"benefits": (first, *sample.benefits[1:])})
    recoloured = long.brand.model_copy(
        update={"primary_color": BrandColor("#7A1F2B"), "address": "\n".join(["Line"] * 80)}
    )
    _text_problems.cache_clear()
    alone = dict(size_problems(long, family, Messages(), ("a4",)))
    other = dict(
        size_problems(long.model_copy(update={"brand": recoloured}), family, Messages(), ("a4",))
    )
    info = _text_problems.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert set(alone) == {("benefits", 0, "body")}
    assert set(other) == {("benefits", 0, "body"), ("brand", "address")}
    assert other[("benefits", 0, "body")] == alone[("benefits", 0, "body")]


def test_a_brands_panel_and_footer_are_measured_once_for_every_content(sample: Leaflet) -> None:
    """The contact panel and the footer line are the brand's: a batch checks them once a brand
    and paper, while a content's own reminder line is still checked in the footer."""
    family = register_family(sample.brand.fonts)
    brand = sample.brand.model_copy(update={"address": "\n".join(["Line"] * 80)})
    one = sample.model_copy(update={"brand": brand})
    other = one.model_copy(update={"title": "Another leaflet", "intro": "Another text."})
    note = one.safety_note.model_copy(update={"reminder": "W" * 100})
    loud = one.model_copy(update={"safety_note": note})
    _brand_problems.cache_clear()
    first = dict(size_problems(one, family, Messages(), ("a4",)))
    second = dict(size_problems(other, family, Messages(), ("a4",)))
    info = _brand_problems.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert set(first) == set(second) == {("brand", "address")}
    assert set(dict(size_problems(loud, family, Messages(), ("a4",)))) == {
        ("brand", "address"),
        ("safety_note", "reminder"),
    }
