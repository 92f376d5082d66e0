"""Design checks that the content and brand allow before anything is rendered: contrast of
every text colour on its background, type sizes, alt text, an empty safety note or benefit,
and the print resolution of content images.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from brochure.content.markup import plain_text
from brochure.content.model import Leaflet
from brochure.content.source import FieldPath
from brochure.content.validate import Located
from brochure.errors import Finding, Severity
from brochure.layout.theme import INK, MIN_TEXT_CONTRAST, WHITE, Theme, TypeScale, contrast
from brochure.lint.report import LintFinding

LARGE_TEXT_CONTRAST = 3.0
"""WCAG AA for large text: 18 pt, or 14 pt bold, and larger."""
MIN_RUNNING_TEXT_PT = 11.5
"""The design brief's smallest size for running text (body, lede, cards, panel)."""
MIN_TEXT_PT = 8.5
"""The design brief's smallest size for any text (footer, captions)."""
PRINT_PPI = 300
"""Pixels per inch a photo needs to print sharp."""
RUNNING_STYLES = frozenset(
    {"body", "lede", "card", "body_bullet", "lede_bullet", "card_bullet", "panel", "fact_label"}
)
"""Paragraph styles of running text."""
PLACEHOLDERS = frozenset(
    {
        *("tbd", "tba", "todo", "xxx", "n/a", "lorem ipsum", "placeholder", "text", "..."),
        *("image", "picture", "photo", "photograph", "img", "graphic", "figure", "logo", "alt"),
        *("imagen", "foto", "fotografía", "gráfico", "figura", "pendiente"),
    }
)
"""Texts that stand in for the real thing."""

_BLAME: dict[str, FieldPath] = {
    "headings": ("brand", "primary_color"),
    "cover and contact panel": ("brand", "primary_color"),
    "card numbers": ("brand", "accent_color"),
}


def check_design(leaflet: Leaflet, located: Located, themes: Sequence[Theme]) -> list[LintFinding]:
    """Every design finding of ``leaflet`` printed with ``themes`` (one per paper size)."""
    found: list[tuple[FieldPath, str, Severity, str]] = []
    theme = themes[0]
    found += _contrast(theme)
    found += _brand_colours(leaflet, theme)
    found += _type_sizes(theme)
    found += _alt_texts(leaflet)
    found += _empty_texts(leaflet, located)
    found += _resolutions(leaflet, themes)
    return [
        LintFinding(Finding(located.problem(path, message), severity, rule))
        for path, message, severity, rule in dict.fromkeys(found)  # each once
    ]


def format_ratio(ratio: float, needed: float) -> str:
    """A contrast ratio as "2.1:1": rounded down, never up to what it needs, and to two
    decimals near it (4.46 is "4.46:1")."""
    digits = 100 if abs(ratio - needed) < 0.1 else 10
    return f"{math.floor(ratio * digits) / digits:g}:1"


def _large(size: float, bold: bool) -> bool:
    return size >= 18 or (bold and size >= 14)


def _smallest(use: str, scale: TypeScale) -> tuple[float, bool]:
    """The smallest size, and whether it is bold, at which the layout draws ``use``."""
    sizes = {
        "body on paper": (min(scale.body, scale.card_body, scale.lede), False),
        "headings": (min(scale.heading, scale.card_title), True),
        "card numbers": (scale.small + 1, True),
        "footer": (scale.small, False),
        "cover and contact panel": (scale.small, False),
    }
    return sizes.get(use, (scale.small, False))


def _ground(theme: Theme, colour: str) -> str:
    """A background named as a reader of the leaflet sees it."""
    names = {
        theme.palette.primary: "the primary colour",
        theme.palette.accent_tint: "the safety box's tint",
        theme.palette.tint: "the card tint",
        WHITE: "white paper",
    }
    return f"{names[colour]} ({colour})" if colour in names else colour


def _contrast(theme: Theme) -> Iterator[tuple[FieldPath, str, Severity, str]]:
    for use, foreground, background in theme.palette.text_pairs():
        size, bold = _smallest(use, theme.scale)
        needed = LARGE_TEXT_CONTRAST if _large(size, bold) else MIN_TEXT_CONTRAST
        ratio = contrast(foreground, background)
        if ratio < needed:
            yield (
                _BLAME.get(use, ("brand",)),
                f"{use}: text {foreground} on {_ground(theme, background)} is "
                f"{format_ratio(ratio, needed)}, "
                f"needs {needed:g}:1 (WCAG AA, {size:g} pt{' bold' if bold else ''})",
                "error",
                "contrast",
            )


def _brand_colours(
    leaflet: Leaflet, theme: Theme
) -> Iterator[tuple[FieldPath, str, Severity, str]]:
    """Brand colours the layout cannot use as they are for text (it shifts them to read)."""
    palette = theme.palette
    primary = leaflet.brand.primary_color.rgb
    grounds = [bg for use, _, bg in palette.text_pairs() if use == "headings"]
    worst = min(grounds, key=lambda bg: contrast(primary, bg))
    size, bold = _smallest("headings", theme.scale)
    needed = LARGE_TEXT_CONTRAST if _large(size, bold) else MIN_TEXT_CONTRAST
    if contrast(primary, worst) < needed:
        yield (
            ("brand", "primary_color"),
            f"{primary} is {format_ratio(contrast(primary, worst), needed)} on "
            f"{_ground(theme, worst)}, needs {needed:g}:1 for headings: they print in "
            f"{palette.heading_text} instead "
            f"({format_ratio(contrast(palette.heading_text, worst), needed)})",
            "warning",
            "contrast",
        )
    white = contrast(WHITE, primary)
    if white < MIN_TEXT_CONTRAST:
        yield (
            ("brand", "primary_color"),
            f"white text on {primary} is {format_ratio(white, MIN_TEXT_CONTRAST)}, needs "
            f"{MIN_TEXT_CONTRAST:g}:1: the cover and contact panel print in dark ink ({INK}) "
            "instead of white",
            "warning",
            "contrast",
        )


def _type_sizes(theme: Theme) -> Iterator[tuple[FieldPath, str, Severity, str]]:
    from brochure.layout.theme import paragraph_styles

    sizes = [(name, float(style.fontSize)) for name, style in paragraph_styles(theme).items()]
    sizes.append(("footer", float(theme.scale.small)))
    for name, size in sizes:
        least = MIN_RUNNING_TEXT_PT if name in RUNNING_STYLES else MIN_TEXT_PT
        if size < least:
            kind = "running text" if name in RUNNING_STYLES else "any text"
            yield (
                ("brand",),
                f"{name} text is {size:g} pt; {kind} needs at least {least:g} pt for patients",
                "error",
                "type-size",
            )


def _placeholder(text: str) -> bool:
    return text.strip().lower().strip(".:;!") in PLACEHOLDERS or text.strip() in ("...", "\u2026")


def _alt_texts(leaflet: Leaflet) -> Iterator[tuple[FieldPath, str, Severity, str]]:
    for index, section in enumerate(leaflet.sections):
        image = section.image
        if image is None:
            continue
        alt = image.alt.strip()
        names = {image.path.name.lower(), image.path.stem.lower()}
        if not alt or _placeholder(alt) or alt.lower() in names:
            yield (
                ("sections", index, "image", "alt"),
                f'"{alt}" does not say what the picture shows; describe it for readers who '
                "cannot see it",
                "error",
                "alt-text",
            )
    logo_alt = leaflet.brand.logo_alt
    if leaflet.brand.logo is not None and logo_alt is not None and _placeholder(logo_alt):
        yield (
            ("brand", "logo_alt"),
            f'"{logo_alt}" does not say what the logo shows; give the clinic\'s name',
            "error",
            "alt-text",
        )


def _has_words(text: str) -> bool:
    try:
        plain = plain_text(text)
    except ValueError:  # a bad link: validation reports it
        plain = text
    return bool(re.search(r"[^\W\d_]{2,}", plain)) and not _placeholder(plain)


def _empty_texts(
    leaflet: Leaflet, located: Located
) -> Iterator[tuple[FieldPath, str, Severity, str]]:
    if not _has_words(leaflet.safety_note.body):
        plain = isinstance(located.content.data.get("safety_note"), str)
        yield (
            ("safety_note",) if plain else ("safety_note", "body"),
            "the safety note says nothing; give the safety information patients must read",
            "error",
            "safety-note",
        )
    for index, benefit in enumerate(leaflet.benefits):
        if not _has_words(benefit.body):
            yield (
                ("benefits", index, "body"),
                f'the benefit "{benefit.title}" has no text; say what it does for the patient',
                "error",
                "benefit-body",
            )


def pixel_size(path: Path) -> tuple[int, int] | None:
    """Width and height in pixels of a PNG or JPEG file; None for SVG (vector) or unreadable."""
    from PIL import Image, UnidentifiedImageError

    from brochure.content.assets import image_format

    try:
        with path.open("rb") as handle:
            if image_format(handle.read(4096)) not in ("png", "jpeg"):
                return None
        with Image.open(path) as image:
            width, height = image.size
            return int(width), int(height)
    except (OSError, UnidentifiedImageError):
        return None


def planned_size(pixels: tuple[int, int], theme: Theme) -> tuple[float, float]:
    """Points a content picture of ``pixels`` prints at: as story.py places it, as wide as the
    text frame and at most the grid's picture height, in proportion."""
    grid = theme.grid
    scale = min(grid.width / pixels[0], grid.picture_height / pixels[1])
    return pixels[0] * scale, pixels[1] * scale


def _resolutions(
    leaflet: Leaflet, themes: Sequence[Theme]
) -> Iterator[tuple[FieldPath, str, Severity, str]]:
    """Pictures with too few pixels for the size they print at (on the paper that needs most)."""
    for index, section in enumerate(leaflet.sections):
        if section.image is None:
            continue
        pixels = pixel_size(section.image.path)
        if pixels is None:
            continue
        width, height = max(planned_size(pixels, theme) for theme in themes)
        ppi = pixels[0] / (width / 72)
        if ppi < PRINT_PPI:
            needed = (math.ceil(PRINT_PPI * width / 72), math.ceil(PRINT_PPI * height / 72))
            yield (
                ("sections", index, "image", "path"),
                f"{section.image.path.name} is {pixels[0]}x{pixels[1]} px and prints "
                f"{width / 72 * 25.4:.0f} x {height / 72 * 25.4:.0f} mm: {ppi:.0f} ppi, where "
                f"print needs {PRINT_PPI} (at least {needed[0]}x{needed[1]} px)",
                "error",
                "image-resolution",
            )
