"""The schema of a leaflet and of a clinic brand: frozen models, one docstring per field.

Each field is declared with what its value must be (:mod:`brochure.content.schema`): validating
``content.yaml`` reports every problem at once, with its place, and ``brochure schema`` prints
the same declarations as JSON Schema, so an editor can complete and check ``content.yaml``. A
field's docstring is its description. Paths to files (logo, fonts) are checked and resolved
while validating, through the :class:`~brochure.content.assets.AssetFolder` passed in the
validation context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure.content.icons import ICON_NAMES
from brochure.content.markup import check_link, check_one_style, parse_blocks
from brochure.content.schema import (
    Context,
    Entries,
    Integer,
    Items,
    Model,
    Nested,
    Number,
    Plain,
    Text,
    field,
    line,
)
from brochure.errors import unknown_choice


def _check_markup(text: str) -> str:
    # Raises MarkupError (a ValueError) for a link that is not allowed, or an Arabic
    # paragraph in more than one style.
    check_one_style(parse_blocks(text))
    return text


_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def _hex_color(text: str) -> str:
    if not _HEX.fullmatch(text):
        raise ValueError(f'must be a colour written "#RRGGBB", such as "#1F4E5F" (got {text!r})')
    return text.upper()


def _web_url(text: str) -> str:
    if not text.lower().startswith(("https://", "http://")):
        raise ValueError(f"must be a web address starting with https:// (got {text!r})")
    return check_link(text)


_EMAIL = re.compile(r"[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{3,28}[0-9]")
_LOCALE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?")


def _email(text: str) -> str:
    if not _EMAIL.fullmatch(text):
        raise ValueError(f"must be an e-mail address such as info@clinic.example (got {text!r})")
    return text


def _phone(text: str) -> str:
    if not _PHONE.fullmatch(text):
        raise ValueError(f"must be a phone number of digits, spaces and + ( ) - . (got {text!r})")
    return text


def _locale(text: str) -> str:
    if not _LOCALE.fullmatch(text):
        raise ValueError(f"must be a language code such as en, es or en-GB (got {text!r})")
    return text


def _icon(name: str) -> str:
    if name not in ICON_NAMES:
        raise ValueError(unknown_choice("icon", name, ICON_NAMES))
    return name


def marked_text(max_length: int) -> Text:
    """Body text with the documented inline markup, not empty."""
    return Text(1, max_length, _check_markup)


@dataclass(frozen=True)
class BrandColor:
    """A brand colour: its screen value and, when the brand guide gives them, its print inks."""

    rgb: str
    """"#RRGGBB", upper case."""
    cmyk: tuple[float, float, float, float] | None = None
    """Cyan, magenta, yellow and black in per cent, as the brand guide states them."""


def _brand_color(value: Any, context: Context) -> BrandColor:
    if isinstance(value, BrandColor):
        return value
    if isinstance(value, str):
        return BrandColor(_hex_color(value.strip()))
    if not isinstance(value, dict):
        raise ValueError('must be "#RRGGBB" or a mapping with rgb and cmyk')
    unknown = sorted(set(value) - {"rgb", "cmyk"})
    if unknown:
        raise ValueError(f"unknown key {', '.join(unknown)}; a colour has rgb and cmyk")
    if not isinstance(value.get("rgb"), str):
        raise ValueError('needs rgb: "#RRGGBB" (the screen colour)')
    rgb = _hex_color(value["rgb"].strip())
    inks = value.get("cmyk")
    if inks is None:
        return BrandColor(rgb)
    try:
        cmyk = tuple(float(str(ink).strip().rstrip("%")) for ink in inks)
    except (TypeError, ValueError):
        cmyk = ()
    if len(cmyk) != 4 or not all(0 <= ink <= 100 for ink in cmyk):
        raise ValueError("cmyk must be four percentages from 0 to 100, such as [88, 45, 35, 45]")
    return BrandColor(rgb, (cmyk[0], cmyk[1], cmyk[2], cmyk[3]))


_COLOR_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"},
        {
            "type": "object",
            "properties": {
                "rgb": {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"},
                "cmyk": {
                    "type": "array",
                    "items": {"type": "number", "minimum": 0, "maximum": 100},
                    "minItems": 4,
                    "maxItems": 4,
                },
            },
            "required": ["rgb"],
            "additionalProperties": False,
        },
    ]
}
COLOR = Plain(_brand_color, _COLOR_SCHEMA, empty_kind="string_type")
"""A brand colour: "#RRGGBB", or {rgb, cmyk} with the print inks."""
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(mm|in|pt)")
_POINTS = {"mm": 72 / 25.4, "in": 72.0, "pt": 1.0}


def parse_length(text: str) -> float:
    """Points from a length written "3mm", "0.125in" or "9pt"; ValueError otherwise."""
    match = _LENGTH.fullmatch(text.strip().lower())
    if not match:
        raise ValueError(f"must be a length such as 3mm or 0.125in (got {text!r})")
    return float(match[1]) * _POINTS[match[2]]


def check_bleed(text: str) -> str:
    """A bleed written "3mm" or "0.125in", normalised; ValueError when it is not a length, or
    is under 1 mm or over 10 mm."""
    points = parse_length(text)
    if points > 72 / 25.4 * 10:
        raise ValueError(f"a bleed of {text} is more than 10mm; print shops ask for 3mm")
    if points < 72 / 25.4:
        raise ValueError(f"a bleed of {text} is too small to trim to; print shops ask for 3mm")
    return text.strip().lower()


WEB_URL = Text(max_length=300, after=_web_url)
"""A web address (https://...)."""


def _asset(kind: str, folder_key: str = "assets") -> Plain:
    """A path resolved through the AssetFolder at ``folder_key`` of the validation context:
    "assets" for the brand's files, "content_assets" for the content's own."""

    def resolve(value: Any, context: Context) -> Path:
        folder = context.get(folder_key)
        if folder is not None:
            return Path(folder.resolve(value, kind))
        if not isinstance(value, str | Path) or not str(value).strip():
            raise ValueError("must be a path to a file")
        return Path(value)

    return Plain(resolve, {})


class Fact(Model):
    """A highlighted fact shown beside a section, such as how long the effect lasts."""

    value: str = field(line(16))
    """The figure, large: "3-4"."""
    label: str = field(line(120))
    """What the figure means, in a few words: "months: how long the effect usually lasts"."""


class Image(Model):
    """A picture in the text, such as a photo; described for readers who cannot see it."""

    path: Path = field(_asset("image", "content_assets"))
    """PNG, JPEG or SVG file, relative to the content file."""
    alt: str = field(line(300))
    """What the picture shows, for screen readers (required)."""
    caption: str | None = field(line(200), default=None)
    """A line printed under the picture."""


class Section(Model):
    """A titled section of running text, such as "What is Botox/Dysport?"."""

    heading: str = field(line(90))
    """The section heading (one line)."""
    body: str = field(marked_text(5000))
    """Paragraphs separated by blank lines; "- " bullet lists; **bold**, *italic*, [links](https://...)."""
    fact: Fact | None = field(Nested(Fact), default=None)
    """Optional highlighted fact shown in a box beside the text."""
    image: Image | None = field(Nested(Image), default=None)
    """Optional picture after the text (with alt text)."""


class Benefit(Model):
    """One benefit, shown as a numbered card with an icon."""

    title: str = field(line(70))
    """Short title of the benefit."""
    body: str = field(marked_text(700))
    """A short paragraph (a card never splits across pages, so keep it brief)."""
    icon: str = field(Text(after=_icon))
    """Name of a built-in icon (the list is in docs/content.md)."""


class SafetyNote(Model):
    """The safety information, printed as a callout that is never split across pages."""

    heading: str | None = field(line(90), default=None)
    """Heading of the callout; defaults to "Important safety information", in the leaflet's
    language."""
    body: str = field(marked_text(1500))
    """The safety text itself."""
    reminder: str | None = field(line(110), default=None)
    """One line repeated in every page footer; defaults to a generic reminder."""

    @classmethod
    def before(cls, data: Any) -> Any:
        """Plain text is the body."""
        return {"body": data} if isinstance(data, str) else data


class Fonts(Model):
    """The four TrueType (.ttf) files of one type family; paths are relative to the brand file."""

    regular: Path = field(_asset("font"))
    """Upright regular weight, used for body text."""
    bold: Path = field(_asset("font"))
    """Bold weight, used for headings."""
    italic: Path = field(_asset("font"))
    """Italic."""
    bold_italic: Path = field(_asset("font"))
    """Bold italic."""


class ScriptFonts(Model):
    """A type family for letters the brand's fonts lack (Hebrew, Arabic...): its upright faces;
    italic text is set upright in it. Paths are relative to the brand file."""

    regular: Path = field(_asset("font"))
    """Upright regular weight."""
    bold: Path = field(_asset("font"))
    """Bold weight."""


class Brand(Model):
    """A clinic's look and contact details, in its own file or inline under ``brand:``."""

    name: str = field(line(80))
    """The clinic's name, as printed on the cover and in every footer."""
    logo: Path | None = field(_asset("image"), default=None)
    """The logo: SVG, PNG or JPEG, relative to the brand file, drawn as-is on the primary colour."""
    logo_alt: str | None = field(line(200), default=None)
    """Text alternative for the logo; defaults to "(clinic name) logo" in the leaflet's language."""
    primary_color: BrandColor = field(COLOR)
    """Main brand colour: cover band, headings, icons. "#RRGGBB" (quoted), or
    {rgb: "#RRGGBB", cmyk: [C, M, Y, K]} with the print inks from the brand guide."""
    accent_color: BrandColor = field(COLOR)
    """Accent colour, used sparingly: numbers, rules, the callout's edge (written as
    primary_color)."""
    bleed: str | None = field(Text(after=check_bleed), default=None)
    """Print bleed for this brand's print files ("3mm", "0.125in"); default 3mm."""
    fonts: Fonts | None = field(Nested(Fonts), default=None)
    """The type family; when omitted, brochure's built-in Open Sans is used."""
    script_fonts: tuple[ScriptFonts, ...] = field(Items(Nested(ScriptFonts), None, 8), default=())
    """Type families for letters the type family lacks, tried in order (a Hebrew or Arabic
    face that matches the brand); brochure's own Noto faces draw what none of them has."""
    phone: str = field(Text(after=_phone))
    """Phone number for bookings, as patients should dial it."""
    email: str = field(Text(after=_email))
    """Contact e-mail address."""
    website: str = field(WEB_URL)
    """The clinic's website (https://...)."""
    address: str = field(Text(1, 200))
    """Postal address; a line break starts a new line."""
    booking_url: str = field(WEB_URL)
    """Where patients book a consultation; printed as a QR code and a link."""


class LintSettings(Model):
    """How `brochure lint` judges this leaflet."""

    target_grade: int = field(Integer(1, 18), default=8)
    """Highest acceptable reading grade (US school grade; NIH advises 8 or below, AMA 6)."""
    words: tuple[str, ...] = field(Items(line(), None, 500), default=())
    """Extra correctly spelt words for this leaflet (names, products), beside the project list."""


MIN_BODY_PT = 10.0
"""The smallest body size any leaflet may ask the copyfitter to go down to, in points."""


class FitSettings(Model):
    """How the copyfitter may fit this leaflet to its format's pages."""

    min_body_pt: float | None = field(Number(MIN_BODY_PT, 16), default=None)
    """The smallest body text size the fitter may use, in points, at least 10 (default: the
    format's floor, 11.5 pt for pages and the sheet). Raise it for older readers."""


def _known_messages(value: dict[str, Any]) -> dict[str, Any]:
    from brochure.messages import message_problem

    bad = [problem for key, text in value.items() if (problem := message_problem(key, text))]
    if bad:
        raise ValueError("; ".join(bad))
    return value


class Leaflet(Model):
    """A patient leaflet: the text of ``content.yaml`` and the clinic brand it is printed in."""

    title: str = field(line(90))
    """The leaflet's title, printed large on the cover."""
    subtitle: str | None = field(line(160), default=None)
    """One line under the title."""
    locale: str = field(Text(after=_locale), default="en")
    """Language of the text (en, es, en-GB...): hyphenation and the PDF's language."""
    intro: str = field(marked_text(1500))
    """The opening paragraph(s), printed large as a lede on the cover."""
    sections: tuple[Section, ...] = field(Items(Nested(Section), None, 20), default=())
    """Sections of running text, in order, before the benefits."""
    benefits_heading: str | None = field(line(90), default=None)
    """Heading above the benefit cards; defaults to "Benefits"."""
    benefits: tuple[Benefit, ...] = field(Items(Nested(Benefit), 1, 12))
    """The benefits, shown as numbered cards two to a row."""
    closing: str | None = field(marked_text(3000), default=None)
    """Closing paragraph(s) after the benefits."""
    safety_note: SafetyNote = field(Nested(SafetyNote))
    """Safety information: a plain text, or a mapping with heading and body."""
    brand: Brand = field(Nested(Brand))
    """The clinic brand: a path to a brand file (such as assets/brand.yaml) or the brand inline."""
    translation_of: Path | None = field(_asset("file", "content_assets"), default=None)
    """For a translation: the content file it translates, relative to this file (content.yaml)."""
    messages: dict[str, str] = field(Entries(line(), _known_messages), default_factory=dict)
    """Overrides of the tool's own wording ("book_heading: Book now"); see docs/languages.md."""
    lint: LintSettings | None = field(Nested(LintSettings), default=None)
    """Settings of `brochure lint` for this leaflet: target reading grade, extra known words."""
    fit: FitSettings | None = field(Nested(FitSettings), default=None)
    """Settings of the copyfitter for this leaflet (``fit: {min_body_pt: 12}``)."""


def json_schema() -> dict[str, Any]:
    """JSON Schema of content.yaml, for editors (what a user may write, not the resolved model)."""
    schema = Leaflet.model_json_schema()
    properties = schema["properties"]
    properties["brand"] = {
        "description": properties["brand"].get("description", ""),
        "anyOf": [
            {"type": "string", "description": "Path to a brand file, relative to content.yaml."},
            {"$ref": "#/$defs/Brand"},
        ],
    }
    properties["safety_note"] = {
        "description": properties["safety_note"].get("description", ""),
        "anyOf": [{"type": "string"}, {"$ref": "#/$defs/SafetyNote"}],
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "brochure leaflet (content.yaml)"
    return schema
