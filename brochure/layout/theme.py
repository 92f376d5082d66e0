"""From a brand to the leaflet's design system: palette, page grid, type scale, the designed
blocks' sizes and spacing, paragraph styles.

Colours are computed, not guessed: every colour used for text is checked (and if needed
darkened) against the background it sits on, to reach WCAG AA (4.5:1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from brochure.colour import Inks, print_inks
from brochure.layout.bidi import Direction, locale_direction
from brochure.layout.fonts import FontFamily
from brochure.layout.paper import MM, PAPER_SIZES, PaperName

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

    from brochure.content.model import Brand

MIN_TEXT_CONTRAST = 4.5
WHITE = "#FFFFFF"
INK = "#1B1F23"


# --- colour arithmetic (WCAG 2.x) -----------------------------------------------------------


def _rgb(hex_color: str) -> tuple[float, float, float]:
    value = hex_color.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def luminance(hex_color: str) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(color: str, other: str, amount: float) -> str:
    """``color`` moved ``amount`` (0..1) of the way towards ``other``."""
    a, b = _rgb(color), _rgb(other)
    return _hex(
        (
            a[0] + (b[0] - a[0]) * amount,
            a[1] + (b[1] - a[1]) * amount,
            a[2] + (b[2] - a[2]) * amount,
        )
    )


def readable(color: str, *backgrounds: str, ratio: float = MIN_TEXT_CONTRAST) -> str:
    """``color``, darkened (or lightened on dark grounds) just enough to reach ``ratio``."""
    darker = luminance(backgrounds[0]) > 0.18
    target = "#000000" if darker else WHITE
    for step in range(21):
        candidate = mix(color, target, step / 20)
        if all(contrast(candidate, bg) >= ratio for bg in backgrounds):
            return candidate
    return target


@dataclass(frozen=True)
class Palette:
    """The leaflet's colours; fields ending in ``_text`` are only ever used for text."""

    primary: str
    """Brand primary: cover band, contact panel, icon circles."""
    accent: str
    """Brand accent: rules and the safety callout's edge (never small text)."""
    tint: str
    """A light tint of the primary: card and fact-box backgrounds."""
    accent_tint: str
    """A light tint of the accent: the safety callout's background."""
    on_primary_text: str
    """Text on the primary colour (white when it contrasts enough, else ink)."""
    heading_text: str
    """Headings: the primary colour, darkened where needed to read on white and on tints."""
    body_text: str
    """Running text."""
    number_text: str
    """Card numbers: the accent, darkened until it reads on the card tint."""
    muted_text: str
    """Footer and captions."""

    def text_pairs(self) -> Iterator[tuple[str, str, str]]:
        """Every (use, text colour, background) pair the layout draws."""
        for use, fg, bgs in (
            ("body on paper", self.body_text, (WHITE, self.tint, self.accent_tint)),
            ("headings", self.heading_text, (WHITE, self.tint, self.accent_tint)),
            ("card numbers", self.number_text, (self.tint,)),
            ("footer", self.muted_text, (WHITE,)),
            ("cover and contact panel", self.on_primary_text, (self.primary,)),
        ):
            for bg in bgs:
                yield use, fg, bg


def build_palette(primary: str, accent: str) -> Palette:
    """Derive every colour of the leaflet from the two brand colours."""
    tint = mix(primary, WHITE, 1 - TINT)
    accent_tint = mix(accent, WHITE, 1 - ACCENT_TINT)
    grounds = (WHITE, tint, accent_tint)
    on_primary = WHITE if contrast(WHITE, primary) >= MIN_TEXT_CONTRAST else INK
    return Palette(
        primary=primary,
        accent=accent,
        tint=tint,
        accent_tint=accent_tint,
        on_primary_text=readable(on_primary, primary),
        heading_text=readable(primary, *grounds),
        body_text=readable(INK, *grounds),
        number_text=readable(accent, tint),
        muted_text=readable(mix(INK, WHITE, 0.35), WHITE),
    )


# --- grid and type ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """Page geometry: a 12-column grid inside the margins (points)."""

    page_width: float
    page_height: float
    margin: float = 18 * MM
    gutter: float = 5 * MM
    columns: int = 12
    footer_height: float = 17 * MM
    """Space reserved at the foot of each page for the footer (above the bottom margin)."""
    bleed: float = 0.0
    """How far backgrounds that touch the paper's edge reach past it (print: 3 mm)."""
    bottom_margin_share: float = 0.6
    """The margin under the footer, as a share of ``margin``: the footer sits nearer the paper's
    edge than the text sits to its sides."""
    picture_share: float = 0.6
    """The greatest height of a picture in the text, as a share of the frame's height: room for
    its caption and the text around it stays on the page."""
    narrow: bool = False
    """One column: a folded format's panel or a small page, where running text takes the full
    width, cards stand one to a row and a fact box goes under its text, not beside it."""

    @property
    def width(self) -> float:
        """Width between the side margins."""
        return self.page_width - 2 * self.margin

    def span(self, columns: int) -> float:
        """Width of ``columns`` grid columns including the gutters between them."""
        column = (self.width - (self.columns - 1) * self.gutter) / self.columns
        return columns * column + (columns - 1) * self.gutter

    @property
    def measure(self) -> float:
        """Width of running text: 8 of 12 columns, about 60-70 characters a line (the full
        width of a narrow grid)."""
        return self.width if self.narrow else self.span(8)

    @property
    def lede_width(self) -> float:
        """Width of the lede and the cover's title: 10 of 12 columns (all of a narrow grid)."""
        return self.width if self.narrow else self.span(10)

    @property
    def aside_width(self) -> float:
        """Width of an aside beside the running text (a fact box): 4 of 12 columns; on a narrow
        grid the aside goes under the text, as wide as it."""
        return self.width if self.narrow else self.span(4)

    @property
    def cards_per_row(self) -> int:
        """Benefit cards side by side in a row."""
        return 1 if self.narrow else 2

    @property
    def card_width(self) -> float:
        """A benefit card's width."""
        return self.width if self.narrow else self.span(6)

    @property
    def bottom_margin(self) -> float:
        """Space between the paper's lower edge and the footer's lowest line."""
        return self.margin * self.bottom_margin_share

    @property
    def frame_bottom(self) -> float:
        """Lowest y that flowing content may reach."""
        return self.bottom_margin + self.footer_height

    @property
    def frame_height(self) -> float:
        """Height of a following page's text frame."""
        return self.page_height - self.margin - self.frame_bottom

    @property
    def picture_height(self) -> float:
        """The greatest height of a picture in the text (see ``picture_share``)."""
        return self.frame_height * self.picture_share


@dataclass(frozen=True)
class TypeScale:
    """Sizes in points (print sizes from the design brief)."""

    title: float = 30
    subtitle: float = 14
    heading: float = 18
    card_title: float = 13.5
    lede: float = 13.5
    body: float = 12
    card_body: float = 11.5
    fact: float = 34
    """The fact box's big figure."""
    small: float = 9
    leading: float = 1.45

    @property
    def line(self) -> float:
        """The body leading: the unit of vertical rhythm."""
        return self.body * self.leading


# --- the designed blocks' sizes and spacing -------------------------------------------------
# Each block reads its knobs here and nowhere else, so a tighter theme is a dataclasses.replace()
# away. Lengths are points; fields documented "in lines" are multiples of TypeScale.line.


@dataclass(frozen=True)
class BandMetrics:
    """The cover band: logo row, title, subtitle and a short accent rule on the primary colour."""

    top_share: float = 0.9
    """Space above the logo row, as a share of the grid margin."""
    logo_height: float = 44
    """The logo row's height: the logo fits in it, the clinic's name is centred on it."""
    logo_gap: float = 12
    """Between the logo and the clinic's name."""
    title_space: float = 2
    """Between the logo row and the title, in lines."""
    subtitle_space: float = 0.75
    """Between the title and the subtitle, in lines."""
    rule_space: float = 1.25
    """Between the title (or subtitle) and the accent rule, in lines."""
    foot_space: float = 2
    """Between the accent rule and the band's lower edge, in lines."""
    rule_length: float = 56
    """The accent rule's length."""
    cover_title_share: float = 0.42
    """On a folded leaflet's front cover, the title's top at least this share of the cover's
    height below its top: the logo row above, the title and subtitle near the optical middle."""
    rule_thickness: float = 4
    """The accent rule's thickness."""


@dataclass(frozen=True)
class FactMetrics:
    """The fact box beside a section's text: a tinted box, an accent rule, figure and label."""

    padding: float = 14
    """Between the box's edges and what it holds."""
    radius: float = 8
    """The box's corner radius."""
    rule_length: float = 32
    """The accent rule's length."""
    rule_thickness: float = 4
    """The accent rule's thickness."""
    rule_space: float = 8
    """Between the accent rule and the figure under it."""


@dataclass(frozen=True)
class CardMetrics:
    """A benefit card: an icon badge beside its number and title, the body text under them."""

    padding: float = 14
    """Between the card's edges and what it holds."""
    radius: float = 9
    """The card's corner radius."""
    badge: float = 34
    """The icon badge's diameter."""
    badge_icon_share: float = 0.56
    """The icon's size, as a share of the badge's diameter."""
    badge_gap: float = 10
    """Between the badge and the number and title beside it."""
    number_space: float = 2
    """Between the number and the title under it."""
    body_space: float = 10
    """Between the card's head (badge, number, title) and its body text."""


@dataclass(frozen=True)
class CalloutMetrics:
    """The safety callout: a tinted box with an accent edge, a warning icon, heading and text."""

    padding: float = 18
    """Between the box's edges (the accent edge's inner side) and what it holds."""
    edge: float = 6
    """The accent edge's width, along the box's start side (left; right for right to left)."""
    icon: float = 30
    """The warning icon's size."""
    icon_gap: float = 14
    """Between the warning icon and the text beside it."""


@dataclass(frozen=True)
class PanelMetrics:
    """The contact panel: heading and contact lines at the start side, a QR code on white at
    the other (mirrored right to left)."""

    padding: float = 22
    """Between the panel's edges and what it holds."""
    radius: float = 10
    """The panel's corner radius."""
    heading_space: float = 12
    """Between the heading and the first contact line."""
    line_space: float = 6
    """Between one contact line and the next."""
    icon: float = 13
    """A contact line's icon size."""
    icon_drop: float = 14
    """From a contact line's top down to its icon's foot."""
    text_indent: float = 22
    """From the icons' left edge to the contact lines' text."""
    qr_size: float = 96
    """The QR code's side."""
    qr_quiet: float = 8
    """White around the QR code, on each side (its quiet zone, for phone cameras)."""
    qr_gap: float = 14
    """Between the contact lines and the QR code's white box."""
    qr_radius: float = 6
    """The QR code's white box's corner radius."""
    caption_space: float = 6
    """Between the QR code's white box and the caption under it."""

    @property
    def qr_box(self) -> float:
        """The side of the QR code's white box."""
        return self.qr_size + 2 * self.qr_quiet

    @property
    def qr_clearance(self) -> float:
        """The width the QR code's white box and the gap before it add to the code itself."""
        return 2 * self.qr_quiet + self.qr_gap


@dataclass(frozen=True)
class Furniture:
    """Page furniture: the footer of every page and the brand strip along following pages' top."""

    footer_rule_drop: float = 14
    """From the frame's bottom down to the footer's rule."""
    footer_line_drop: float = 14
    """From the footer's rule down to the contact line's baseline."""
    footer_leading: float = 1.45
    """From the contact line's baseline to the reminder's, in small type sizes."""
    footer_rule_width: float = 0.75
    """The footer rule's line width."""
    footer_label_gap: float = 24
    """Kept free between the contact line and "Page N of M"."""
    strip_height: float = 8
    """The brand strip along the top edge of every page after the cover."""
    notes_line_share: float = 1.6
    """A Notes page's ruled lines, this many lines of body text apart (room to write)."""
    notes_rule_width: float = 0.4
    """A Notes page's ruled lines' width."""


MIN_LEADING = 1.25
"""The tightest leading the copyfitter sets running text in, as a multiple of its size."""


@dataclass(frozen=True)
class Fitting:
    """How far the copyfitter moved spacing and leading from the design (sizes and paddings it
    sets in :class:`TypeScale` and the metrics). The defaults are the design itself."""

    spacing: float = 1.0
    """Space between blocks and paragraphs, as a share of the design's (0.5 to 1.5)."""
    leading: float = 0.0
    """How far each text's leading moves towards :data:`MIN_LEADING` (0: the design's, 1: all
    the way)."""

    def space(self, design: float) -> float:
        """A vertical space of the design, fitted."""
        return design if self.spacing == 1.0 else design * self.spacing

    def lead(self, factor: float) -> float:
        """A leading factor of the design (1.45 x size), fitted."""
        if self.leading == 0.0 or factor <= MIN_LEADING:
            return factor
        return factor - (factor - MIN_LEADING) * self.leading


@dataclass(frozen=True)
class Theme:
    """Everything the layout needs to know about the look of one leaflet."""

    palette: Palette
    grid: Grid
    fonts: FontFamily
    hyphenate: Callable[[str], object] | None
    """pyphen's word splitter for the content's language, or None when it has no dictionary."""
    scale: TypeScale = field(default_factory=TypeScale)
    band: BandMetrics = field(default_factory=BandMetrics)
    """The cover band's sizes and spacing."""
    fact: FactMetrics = field(default_factory=FactMetrics)
    """The fact box's sizes and spacing."""
    card: CardMetrics = field(default_factory=CardMetrics)
    """A benefit card's sizes and spacing."""
    callout: CalloutMetrics = field(default_factory=CalloutMetrics)
    """The safety callout's sizes and spacing."""
    panel: PanelMetrics = field(default_factory=PanelMetrics)
    """The contact panel's sizes and spacing."""
    furniture: Furniture = field(default_factory=Furniture)
    """The footer's and the page strip's sizes and spacing."""
    fitting: Fitting = field(default_factory=Fitting)
    """What the copyfitter changed in spacing and leading."""
    language: str = "en"
    """The language of the text ("en", "es"), for its typographic punctuation."""
    inks: Inks = field(default_factory=Inks)
    """How the palette's colours are drawn: sRGB, or CMYK for print."""
    image_ppi: int | None = None
    """Raster pictures are downsampled to this resolution at their placed size (None: kept)."""
    links: bool = True
    """Whether links are clickable (not in a print file)."""
    direction: Direction = Direction.LTR
    """The leaflet's writing direction: right to left (Hebrew, Arabic) mirrors the layout."""

    @property
    def rtl(self) -> bool:
        """Whether the leaflet is written right to left, its layout mirrored."""
        return self.direction is Direction.RTL

    def mirror(self, x: float, width: float, within: float) -> float:
        """The left edge of a part ``width`` wide at ``x`` from the start of a box ``within``
        wide: ``x`` itself left to right, measured from the box's right edge right to left."""
        return within - x - width if self.rtl else x

    def color(self, hex_color: str) -> Any:
        """A ReportLab colour for ``hex_color`` in the output's colour space."""
        return self.inks.color(hex_color)


def _hyphenator(dictionary: Any) -> Callable[[str], list[tuple[str, str]]]:
    """pyphen's word splits, without those at a hyphen the word already has: ReportLab adds a
    hyphen of its own at a break ("anti-" + "-wrinkle" would print two)."""

    def splits(word: str) -> list[tuple[str, str]]:
        return [
            (head, tail)
            for head, tail in dictionary.iterate(word)
            if not head.endswith("-") and not tail.startswith("-")
        ]

    return splits


TINT = 0.1
"""Share of the primary colour in its tint (card backgrounds)."""
ACCENT_TINT = 0.12
"""Share of the accent in its tint (the safety callout)."""


def _inks(brand: Brand, palette: Palette, colour: str) -> Inks:
    if colour == "rgb":
        return Inks()
    given = [
        (color.rgb, color.cmyk, (tint,))
        for color, tint in (
            (brand.primary_color, palette.tint),
            (brand.accent_color, palette.accent_tint),
        )
        if color.cmyk is not None
    ]
    return print_inks(given)


def build_theme(
    brand: Brand,
    fonts: FontFamily,
    paper: PaperName,
    locale: str,
    *,
    colour: str = "rgb",
    bleed: float = 0.0,
    image_ppi: int | None = None,
    links: bool = True,
    grid: Grid | None = None,
) -> Theme:
    """The theme of a leaflet in ``brand`` on ``paper``, hyphenated for ``locale``, drawn in
    ``colour`` ("rgb" or "cmyk") with backgrounds reaching ``bleed`` points past the edge; laid
    out on ``grid`` (default: the paper's page; a folded format's from
    :func:`brochure.layout.panels.layout_grid`)."""
    from brochure.layout.typography import hyphenator

    hyphenate = hyphenator(locale)
    width, height = PAPER_SIZES[paper]
    palette = build_palette(brand.primary_color.rgb, brand.accent_color.rgb)
    return Theme(
        palette=palette,
        grid=grid or Grid(width, height, bleed=bleed),
        fonts=fonts,
        hyphenate=hyphenate,
        language=(locale.replace("_", "-").split("-")[0] or "en").lower(),
        inks=_inks(brand, palette, colour),
        image_ppi=image_ppi,
        links=links,
        direction=locale_direction(locale) or Direction.LTR,
    )


BULLET_INDENT = 16.0
"""A bullet item's text indent from the column's start edge (left, or right for right to left)."""
BULLET_GAP = 2.0
"""The bullet's distance from the column's start edge."""


def paragraph_styles(theme: Theme) -> dict[str, ParagraphStyle]:
    """The paragraph styles of ``theme``: title, subtitle, lede, h2, h3, body, bullet, small..."""
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    scale, palette, fonts = theme.scale, theme.palette, theme.fonts
    space, lead = theme.fitting.space, theme.fitting.lead
    base = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=scale.body,
        leading=scale.line,
        textColor=theme.color(palette.body_text),
        spaceAfter=space(scale.line * 0.5),
        allowWidows=0,
        allowOrphans=0,
        # ReportLab accepts a callable here (its stubs say str): pyphen built once per theme.
        hyphenationLang=theme.hyphenate or "",  # type: ignore[arg-type]
        embeddedHyphenation=1,
        # Only long words are broken: a ragged right edge reads better than many hyphens.
        hyphenationMinWordLength=9,
        uriWasteReduce=0.3,
        splitLongWords=1,
    )
    # brochure's own attributes, read by TextParagraph: the faces for scripts the brand's font
    # lacks, and the direction its lines are drawn in.
    base.family = fonts
    base.direction = theme.direction.value
    base.alignment = TA_RIGHT if theme.rtl else TA_LEFT

    def derive(name: str, parent: ParagraphStyle = base, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **changes)

    # Display text (headings, labels, short lines): never hyphenated, spacing set by its block.
    display = derive("display", hyphenationLang="", spaceAfter=0)

    def bold(name: str, size: float, leading: float, **changes: Any) -> ParagraphStyle:
        return derive(
            name, display, fontName=fonts.bold, fontSize=size, leading=size * leading, **changes
        )

    on_primary = theme.color(palette.on_primary_text)
    heading = theme.color(palette.heading_text)
    styles = {
        "body": base,
        "lede": derive("lede", fontSize=scale.lede, leading=scale.lede * lead(1.5)),
        "card": derive("card", fontSize=scale.card_body, leading=scale.card_body * lead(1.45),
                       spaceAfter=space(scale.card_body * 0.7)),
        "title": bold("title", scale.title, 1.12, textColor=on_primary),
        "subtitle": derive("subtitle", display, fontSize=scale.subtitle,
                           leading=scale.subtitle * 1.35, textColor=on_primary),
        "clinic": bold("clinic", scale.card_title, 1.2, textColor=on_primary),
        "h2": bold("h2", scale.heading, 1.25, textColor=heading,
                   spaceBefore=space(scale.line * 1.5), spaceAfter=space(scale.line * 0.5),
                   keepWithNext=1),
        "h3": bold("h3", scale.card_title, 1.25, textColor=heading, keepWithNext=1),
        "callout_heading": bold("callout_heading", scale.card_title + 1.5, 1.25,
                                textColor=heading, spaceAfter=space(scale.line * 0.35),
                                keepWithNext=1),
        "number": bold("number", scale.small + 1, 1.17, textColor=theme.color(palette.number_text)),
        "fact_value": bold("fact_value", scale.fact, 1.12, textColor=heading, spaceAfter=2),
        "fact_label": derive("fact_label", display, fontSize=scale.card_body,
                             leading=scale.card_body * lead(1.4)),
        "panel_heading": bold("panel_heading", scale.heading, 1.2, textColor=on_primary),
        "panel": derive("panel", display, fontSize=scale.card_body,
                        leading=scale.card_body * lead(1.45), textColor=on_primary),
        "caption": derive("caption", display, fontSize=scale.small, leading=scale.small * 1.3,
                          textColor=on_primary, alignment=1),
        "back_clinic": bold("back_clinic", scale.card_title, 1.25, textColor=heading,
                            spaceAfter=space(scale.small * 0.5)),
        "back_reminder": derive("back_reminder", display, fontSize=scale.small + 0.5,
                                leading=(scale.small + 0.5) * 1.35,
                                textColor=theme.color(palette.muted_text)),
        "figure_caption": derive("figure_caption", display, fontSize=scale.small + 1,
                                 leading=(scale.small + 1) * 1.35,
                                 textColor=theme.color(palette.muted_text)),
    }  # fmt: skip
    for name in ("body", "lede", "card"):  # bullet items in each running-text style
        indent = {"rightIndent" if theme.rtl else "leftIndent": BULLET_INDENT}
        styles[f"{name}_bullet"] = derive(
            f"{name}_bullet", styles[name], **indent, bulletIndent=BULLET_GAP,
            spaceAfter=space(scale.line * 0.25), bulletFontName=fonts.bold, bulletColor=heading,
        )  # fmt: skip
        # The bullet itself, drawn at bulletIndent beside the item's first line.
        styles[f"{name}_label"] = derive(
            f"{name}_label", styles[name], fontName=fonts.bold, textColor=heading,
            hyphenationLang="", spaceAfter=0,
        )  # fmt: skip
    return styles
