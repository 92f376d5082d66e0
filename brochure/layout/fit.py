"""Can this leaflet be drawn as designed, on every paper size? Checked before rendering.

Two things validation of the text alone cannot know: whether the brand's fonts have every
character (a missing glyph would print as a box), and whether every block that never splits
(a benefit card, the safety callout, the contact panel, a footer line) fits its page. Each
problem is returned with the field to blame, for the caller to locate in the source files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from brochure.content.model import Benefit, Brand, BrandColor, Leaflet, SafetyNote
from brochure.content.schema import Model
from brochure.content.source import FieldPath
from brochure.layout.fonts import FontFamily, describe_char, missing_glyphs
from brochure.layout.paper import PAPER_SIZES, PaperName
from brochure.layout.theme import Theme, build_theme
from brochure.messages import Messages

if TYPE_CHECKING:
    from brochure.layout.pages import FooterText

FieldProblem = tuple[FieldPath, str]

NOT_TEXT = frozenset(
    {
        "locale",
        "icon",
        "primary_color",
        "accent_color",
        "logo",
        "fonts",
        "logo_alt",
        "bleed",
        "path",
        "translation_of",
    }
)
"""Fields that are codes, files or alternative text: nothing the fonts draw."""

LAYOUT_CHARACTERS = "\u2022\u00b7-"
"""Characters the layout itself draws: the bullet, the footer's separator dot, the hyphen."""


def texts(data: Any, loc: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text a reader will see in ``data`` (a model or parsed YAML), with its field."""
    if loc and loc[-1] in NOT_TEXT:
        return
    if isinstance(data, Model):
        data = {name: getattr(data, name) for name in type(data).model_fields}
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, (*loc, key))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            yield from texts(value, (*loc, index))


def drawn_text(data: Any, messages: Messages) -> str:
    """Every text a leaflet shows, its catalogue's messages too: what its faces must draw."""
    fixed = (value for value in vars(messages).values() if isinstance(value, str))
    return "".join(text for _, text in texts(data)) + "".join(fixed)


def glyph_problems(
    found: Iterable[tuple[FieldPath, str]], family: FontFamily, messages: Messages
) -> list[FieldProblem]:
    """Each field and character the family cannot draw, and any the layout itself needs."""
    coverage = family.coverage()
    problems = [
        (
            loc,
            f"the font {family.display_name} has no glyph for {describe_char(char)}; "
            "use another character or a font that has it",
        )
        for loc, text in found
        for char in missing_glyphs(text, coverage)
    ]
    fixed = LAYOUT_CHARACTERS + "".join(
        re.sub(r"\{\w+\}", "", value)  # placeholders are filled in, not drawn
        for value in vars(messages).values()
        if isinstance(value, str)
    )
    problems += [
        (
            ("brand", "fonts"),
            f"the font {family.display_name} has no glyph for "
            f"{describe_char(char)}, which the layout uses; choose a font that has it",
        )
        for char in missing_glyphs(fixed, coverage)
    ]
    return problems


def size_problems(
    leaflet: Leaflet,
    family: FontFamily,
    messages: Messages,
    papers: Iterable[PaperName] = tuple(PAPER_SIZES),
) -> list[FieldProblem]:
    """Blocks that never split but would not fit on a page, on each of ``papers`` (default:
    every supported paper size)."""
    from brochure.layout.pages import footer_text

    problems: dict[FieldPath, str] = {}
    footer = footer_text(leaflet, messages)
    for paper in papers:
        for field, message in (
            *_text_problems(
                leaflet.benefits_heading,
                leaflet.benefits,
                leaflet.safety_note,
                leaflet.locale,
                family,
                messages,
                paper,
            ),
            *_brand_problems(leaflet.brand, footer, leaflet.locale, family, messages, paper),
        ):
            problems.setdefault(field, message)
    return list(problems.items())


@lru_cache(maxsize=64)
def _brand_problems(
    brand: Brand,
    footer: FooterText,
    locale: str,
    family: FontFamily,
    messages: Messages,
    paper: PaperName,
) -> tuple[FieldProblem, ...]:
    """The contact panel taller than a page of ``paper``, the footer's lines too long for it:
    the same for every content in the brand (a batch checks them once a brand, not once a
    leaflet)."""
    from brochure.layout.pages import contact_fits, reminder_fits
    from brochure.layout.story import StoryBuilder

    name = _paper_name(paper)
    theme = build_theme(brand, family, paper, locale)
    problems: list[FieldProblem] = []
    if not _fits(StoryBuilder(theme, messages).contact(brand)[-1], theme):
        problems.append(
            (
                ("brand", "address"),
                f"makes the contact panel taller than one {name} page; shorten it",
            )
        )
    if not contact_fits(theme, footer):
        longer = "website" if len(footer.website) > len(footer.clinic) else "name"
        problems.append(
            (
                ("brand", longer),
                f"makes the footer line (clinic name, phone, website) too long for {name} "
                "paper; shorten it",
            )
        )
    if not reminder_fits(theme, footer):
        problems.append(
            (
                ("safety_note", "reminder"),
                f"is too wide for the one-line footer on {name} paper; shorten it",
            )
        )
    return tuple(problems)


_NEUTRAL = Brand.model_construct(
    primary_color=BrandColor("#000000"), accent_color=BrandColor("#000000")
)
"""A brand of colours alone, for measuring blocks whose size no brand changes."""


@lru_cache(maxsize=64)
def _text_problems(
    benefits_heading: str | None,
    benefits: tuple[Benefit, ...],
    safety_note: SafetyNote,
    locale: str,
    family: FontFamily,
    messages: Messages,
    paper: PaperName,
) -> tuple[FieldProblem, ...]:
    """The cards and the safety box that would not fit on one page of ``paper``: the same in
    every brand that shares the fonts (a batch checks them once, not once a brand), since a
    brand's colours change no block's height."""
    from brochure.layout.flowables import CardRow
    from brochure.layout.story import StoryBuilder

    theme = build_theme(_NEUTRAL, family, paper, locale)
    builder = StoryBuilder(theme, messages)
    name = _paper_name(paper)
    problems: list[FieldProblem] = []
    # The benefits heading is kept with the first row of cards: they must fit together.
    heading = builder.benefits_heading(benefits_heading)
    above = heading.wrap(theme.grid.width, 1e6)[1] + heading.getSpaceAfter()
    for index, benefit in enumerate(benefits):
        card = CardRow(theme, [builder.card(index + 1, benefit)])
        if not _fits(card, theme, above if index < 2 else 0.0):
            problems.append(
                (
                    ("benefits", index, "body"),
                    f"is too long for its card to fit on one {name} page; shorten it",
                )
            )
    if not _fits(builder.safety(safety_note)[-1], theme):
        problems.append(
            (
                ("safety_note", "body"),
                f"is too long for the safety box to fit on one {name} page; shorten it",
            )
        )
    return tuple(problems)


def _paper_name(paper: PaperName) -> str:
    """A paper size as people write it: A4, Letter."""
    return paper.upper() if paper == "a4" else paper.capitalize()


def _fits(block: Any, theme: Theme, above: float = 0.0) -> bool:
    grid = theme.grid
    frame_height = grid.page_height - grid.margin - grid.frame_bottom
    return bool(block.wrap(grid.width, frame_height)[1] + above <= frame_height)
