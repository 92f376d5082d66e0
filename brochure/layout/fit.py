"""Can this leaflet be drawn as designed, on every paper size? Checked before rendering.

Two things validation of the text alone cannot know: whether the brand's fonts have every
character (a missing glyph would print as a box), and whether every block that never splits
(a benefit card, the safety callout, the contact panel, a footer line) fits its page. Each
problem is returned with the field to blame, for the caller to locate in the source files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from brochure.content.model import Leaflet
from brochure.content.source import FieldPath
from brochure.layout.fonts import FontFamily, describe_char, missing_glyphs
from brochure.layout.theme import PAPER_SIZES, Theme, build_theme
from brochure.messages import Messages

FieldProblem = tuple[FieldPath, str]

NOT_TEXT = frozenset({"locale", "icon", "primary_color", "accent_color"})
"""Fields that are codes, not text the reader sees."""

LAYOUT_CHARACTERS = "\u2022\u00b7"
"""Characters the layout itself draws: the bullet and the footer's separator dot."""


def texts(data: Any, loc: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text a reader will see in ``data`` (a model or parsed YAML), with its field."""
    if loc and loc[-1] in NOT_TEXT:
        return
    if isinstance(data, BaseModel):
        data = {name: getattr(data, name) for name in type(data).model_fields}
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, (*loc, key))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            yield from texts(value, (*loc, index))


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
        value for value in vars(messages).values() if isinstance(value, str)
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


def size_problems(leaflet: Leaflet, family: FontFamily, messages: Messages) -> list[FieldProblem]:
    """Blocks that never split but would not fit on a page, on any supported paper size."""
    from brochure.layout.flowables import CardRow
    from brochure.layout.pages import reminder_fits
    from brochure.layout.story import StoryBuilder

    problems: dict[FieldPath, str] = {}
    for paper in PAPER_SIZES:
        # Measured without hyphenation: never shorter than the real thing, and no dictionary.
        theme = build_theme(leaflet.brand, family, paper, locale="")
        builder = StoryBuilder(theme, messages)
        name = paper.upper() if paper == "a4" else paper.capitalize()
        for index, benefit in enumerate(leaflet.benefits):
            card = CardRow(theme, [builder.card(index + 1, benefit)])
            if not _fits(card, theme):
                problems.setdefault(
                    ("benefits", index, "body"),
                    f"is too long for its card to fit on one {name} page; shorten it",
                )
        callout = builder.safety(leaflet.safety_note)[-1]
        if not _fits(callout, theme):
            problems.setdefault(
                ("safety_note", "body"),
                f"is too long for the safety box to fit on one {name} page; shorten it",
            )
        panel = builder.contact_panel(leaflet.brand)
        if not _fits(panel, theme):
            problems.setdefault(
                ("brand", "address"),
                f"makes the contact panel taller than one {name} page; shorten it",
            )
        reminder = leaflet.safety_note.reminder or messages.reminder
        if not reminder_fits(theme, reminder):
            problems.setdefault(
                ("safety_note", "reminder"),
                f"is too wide for the one-line footer on {name} paper; shorten it",
            )
    return list(problems.items())


def _fits(block: Any, theme: Theme) -> bool:
    grid = theme.grid
    frame_height = grid.page_height - grid.margin - grid.frame_bottom
    return bool(block.wrap(grid.width, frame_height)[1] <= frame_height)
