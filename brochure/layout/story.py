"""From a validated leaflet and its theme to the story: the list of flowables, in reading order.

One small function per content block; each returns flowables and draws nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from reportlab.platypus import Flowable, KeepTogether, Spacer

from brochure.content.assets import load_image
from brochure.content.markup import parse_blocks
from brochure.content.model import Benefit, Brand, Image, Leaflet, SafetyNote, Section
from brochure.content.source import FieldPath
from brochure.layout.flowables import (
    AtPageFoot,
    Callout,
    Card,
    CardRow,
    ContactLine,
    ContactPanel,
    CoverBand,
    CoverPanel,
    FactBox,
    Heading,
    IconBadge,
    ListItem,
    Logo,
    NotesPage,
    OutlineEntry,
    Picture,
    SectionBlock,
    Stack,
    measure_indent,
    unmarked,
)
from brochure.layout.qr import qr_matrix
from brochure.layout.richtext import escape_attribute, escape_text, to_reportlab
from brochure.layout.tagging import Element, Tags, Untagged
from brochure.layout.textlayer import TextParagraph
from brochure.layout.theme import Theme, paragraph_styles
from brochure.layout.typography import typeset, typeset_runs
from brochure.messages import Messages

Styles = dict[str, Any]


class StoryBuilder:
    """Builds the flowables of one leaflet; holds the theme, styles and messages it shares."""

    def __init__(self, theme: Theme, messages: Messages, tags: Tags | None = None) -> None:
        self.theme = theme
        self.messages = messages
        self.tags = tags or Untagged()
        self.document = self.tags.root
        self.styles: Styles = paragraph_styles(theme)
        self.space = theme.fitting.space
        self._keys = 0
        self.safety_section: Element | None = None
        """The safety callout's element, once built: a folded leaflet's back cover adds the
        reminder line to it."""

    def _outline(self, title: str, level: int) -> OutlineEntry:
        self._keys += 1
        return OutlineEntry(title, f"o{self._keys}", level)

    def tag(self, flowable: Flowable, role: str, parent: Element, text: str) -> Flowable:
        """``flowable`` as the content of a new ``role`` element under ``parent``; ``text`` is
        what it says, as written."""
        return self.tags.leaf(flowable, parent.add(role, text=text))

    def text(self, body: str, parent: Element, style: str = "body") -> list[Flowable]:
        """Paragraphs and bullet lists of a body written in the inline markup, tagged as P and
        L > LI > LBody > P under ``parent``."""
        color = self.theme.inks.markup(self.theme.palette.heading_text)
        result: list[Flowable] = []
        items: Element | None = None  # the list being filled
        for block in parse_blocks(body):
            runs = typeset_runs(block.runs, self.theme.language, self.theme.fonts.has_glyph)
            said = "".join(run.text for run in runs)
            markup = to_reportlab(runs, color, links=self.theme.links)
            if block.kind == "bullet":
                bullet = self.styles[f"{style}_bullet"]
                items = items or parent.add("L")
                item = items.add("LI")
                label = self.tag(
                    TextParagraph("\u2022", self.styles[f"{style}_label"]), "Lbl", item, "\u2022"
                )
                paragraph = TextParagraph(markup, bullet)
                content = self.tag(paragraph, "P", item.add("LBody"), said)
                result.append(ListItem(label, content, bullet.bulletIndent))
            else:
                if items is not None:  # a list ends with a paragraph's worth of space
                    result.append(Spacer(1, self.styles[style].spaceAfter / 2))
                    items = None
                paragraph = TextParagraph(markup, self.styles[style])
                result.append(self.tag(paragraph, "P", parent, said))
        return result

    def typeset(self, text: str) -> str:
        """``text`` with the language's typographic punctuation (the source stays as typed)."""
        return typeset(text, self.theme.language, self.theme.fonts.has_glyph)

    def heading(self, text: str, style: str, level: int, role: str, parent: Element) -> Flowable:
        """A heading paragraph that appears in the PDF outline, tagged ``role`` (H1-H3)."""
        text = self.typeset(text)
        heading = Heading(escape_text(text), self.styles[style], self._outline(text, level))
        return self.tag(heading, role, parent, text)

    def paragraph(self, text: str, style: str, parent: Element, role: str = "P") -> Flowable:
        """One paragraph of plain text (no markup), tagged ``role``."""
        text = self.typeset(text)
        return self.tag(TextParagraph(escape_text(text), self.styles[style]), role, parent, text)

    # --- blocks, in reading order ------------------------------------------------------------

    def cover(self, leaflet: Leaflet, logo: Logo | None) -> list[Flowable]:
        """The branded band with title and subtitle, then the intro as a lede."""
        return [self.band(leaflet, logo, CoverBand), *self.lede(leaflet.intro)]

    def band(self, leaflet: Leaflet, logo: Logo | None, kind: type[CoverBand]) -> CoverBand:
        """The cover: ``kind`` is :class:`CoverBand` (a band atop the first page) or
        :class:`CoverPanel` (a folded leaflet's whole front cover)."""
        brand, document = leaflet.brand, self.document
        alt = brand.logo_alt or self.messages.logo_alt.format(clinic=brand.name)
        logo_mark = self.tags.mark(document.add("Figure", alt)) if logo is not None else unmarked
        clinic = self.paragraph(brand.name, "clinic", document)
        title = self.heading(leaflet.title, "title", 0, "H1", document)
        subtitle = (
            self.paragraph(leaflet.subtitle, "subtitle", document) if leaflet.subtitle else None
        )
        return kind(self.theme, clinic, title, subtitle, logo, logo_mark)

    def lede(self, intro: str, after_band: bool = True) -> list[Flowable]:
        """The intro as a lede (after the cover band: a line and a half below it)."""
        lede = self.text(intro, self.document, "lede")
        # The lede runs over 10 of 12 columns: at its larger size that is ~70 characters a line.
        indent = self.theme.grid.width - self.theme.grid.lede_width
        space = [Spacer(1, self.space(self.theme.scale.line * 1.5))] if after_band else []
        start, end = measure_indent(self.theme, indent)
        return [*space, start, *lede, end]

    def section(self, section: Section) -> list[Flowable]:
        """A section: heading, then its text in the 8-column measure, fact box beside it."""
        document = self.document
        heading = self.heading(section.heading, "h2", 0, "H2", document)
        body = self.text(section.body, document)
        fact = None
        if section.fact is not None:
            # One element: "3-4 months: how long ..." is read as one statement.
            value, label = self.typeset(section.fact.value), self.typeset(section.fact.label)
            element = document.add("P", text=f"{value} {label}")
            # The value's text ends with a space: the label goes on with the same statement.
            shown_value = TextParagraph(
                escape_text(value), self.styles["fact_value"], trailing_space=True
            )
            shown_label = TextParagraph(escape_text(label), self.styles["fact_label"])
            fact = FactBox(
                self.theme,
                self.tags.leaf(shown_value, element),
                self.tags.leaf(shown_label, element),
            )
        flowables: list[Flowable] = [SectionBlock(self.theme, heading, body, fact)]
        if section.image is not None:
            flowables += self.picture(section.image)
        return flowables

    def picture(self, image: Image) -> list[Flowable]:
        """A content picture with its alt text, and its caption under it."""
        grid = self.theme.grid
        figure = self.document.add("Figure", image.alt)
        picture = Picture(self.theme, load_image(image.path), grid.picture_height)
        parts: list[Flowable] = [Spacer(1, self.space(self.theme.scale.line * 0.5))]
        parts.append(self.tags.leaf(picture, figure))
        if image.caption:
            parts.append(Spacer(1, 4))
            parts.append(self.paragraph(image.caption, "figure_caption", self.document, "Caption"))
        parts.append(Spacer(1, self.space(self.theme.scale.line * 0.5)))
        return [KeepTogether(parts)]

    def benefits_heading(self, heading: str | None) -> Flowable:
        """The heading above the cards (the content's, or the default one)."""
        text = heading or self.messages.benefits_heading
        return self.heading(text, "h2", 0, "H2", self.document)

    def benefits(self, heading: str | None, benefits: tuple[Benefit, ...]) -> list[Flowable]:
        """The benefits heading, then numbered cards two to a row (a numbered list)."""
        flowables: list[Flowable] = [self.benefits_heading(heading)]
        items = self.document.add("L")
        cards = [
            self.card(number, benefit, items.add("LI"))
            for number, benefit in enumerate(benefits, 1)
        ]
        per_row = self.theme.grid.cards_per_row
        for start in range(0, len(cards), per_row):
            if start:
                flowables.append(Spacer(1, self.space(self.theme.grid.gutter)))
            flowables.append(CardRow(self.theme, cards[start : start + per_row]))
        return flowables

    def card(self, number: int, benefit: Benefit, item: Element | None = None) -> Card:
        """One benefit card: a list item whose label is its number."""
        palette = self.theme.palette
        item = item or self.document.add("LI")
        label = self.paragraph(self.messages.number(number, 2), "number", item, "Lbl")
        content = item.add("LBody")
        return Card(
            number=label,
            title=self.heading(benefit.title, "h3", 1, "H3", content),
            body=self.text(benefit.body, content, "card"),
            badge=IconBadge(self.theme, benefit.icon, palette.primary, palette.on_primary_text),
        )

    def closing(self, closing: str | None) -> list[Flowable]:
        """The closing paragraphs, in the running-text measure."""
        if not closing:
            return []
        indent = self.theme.grid.width - self.theme.grid.measure
        space = Spacer(1, self.space(self.theme.scale.line))
        text = self.text(closing, self.document)
        start, end = measure_indent(self.theme, indent)
        return [space, start, *text, end]

    def safety(self, note: SafetyNote, in_footer: bool = True) -> list[Flowable]:
        """The safety callout: never split, never missed. Its one-line reminder is read once,
        where it is first drawn: in the first page's footer (``in_footer``), or on a folded
        leaflet's back cover (:meth:`back_cover`)."""
        section = self.document.add("Safety")
        text = note.heading or self.messages.safety_heading
        heading = self.heading(text, "callout_heading", 0, "H2", section)
        body = self.text(note.body, section)
        self.safety_section = section
        if in_footer:
            reminder = note.reminder or self.messages.reminder
            self.tags.reminder = section.add("P", text=reminder)  # drawn in the first footer
        return [Spacer(1, self.space(self.theme.scale.line)), Callout(self.theme, heading, body)]

    def back_cover(self, brand: Brand, note: SafetyNote) -> list[Flowable]:
        """A folded leaflet's back cover: the clinic's name and the one-line safety reminder at
        its foot, the booking panel in the middle of the room above them."""
        reminder = note.reminder or self.messages.reminder
        section = self.safety_section or self.document.add("Safety")
        panel = self.contact_panel(brand)  # first: the reading order is the page's
        foot = Stack(
            [
                self.paragraph(brand.name, "back_clinic", self.document),
                self.paragraph(reminder, "back_reminder", section),
            ]
        )
        return [AtPageFoot(foot, gap=0.0, over=panel)]

    def notes_page(self) -> NotesPage:
        """A booklet's Notes page (its heading in the outline, its rules page furniture)."""
        heading = self.heading(self.messages.notes_heading, "h2", 0, "H2", self.document)
        return NotesPage(self.theme, heading)

    def contact(self, brand: Brand) -> list[Flowable]:
        """The contact panel, set at the foot of the last page."""
        line = self.space(self.theme.scale.line)
        return [Spacer(1, line), AtPageFoot(self.contact_panel(brand), gap=line)]

    def contact_panel(self, brand: Brand) -> ContactPanel:
        """The "Book a consultation" panel: contact lines with links, a QR code to booking."""
        styles, palette, messages = self.styles, self.theme.palette, self.messages
        link = self.theme.inks.markup(palette.on_primary_text)
        section = self.document.add("Sect")
        heading = self.heading(messages.book_heading, "panel_heading", 0, "H2", section)

        def linked(kind: str, label: str, href: str) -> Flowable:
            if not self.theme.links:
                paragraph = TextParagraph(escape_text(label), styles["panel"])
                return self.tags.leaf(paragraph, section.add("P", f"{kind}: {label}", label))
            # The whole line is the link: the Link element owns its text and its annotation.
            runs = f'<a href="{escape_attribute(href)}" color="{link}">{escape_text(label)}</a>'
            element = section.add("P").add("Link", f"{kind}: {label}", label)
            return self.tags.leaf(TextParagraph(runs, styles["panel"]), element)

        def address() -> Flowable:
            markup = escape_text(brand.address).replace("\n", "<br/>")
            element = section.add("P", text=brand.address)
            return self.tags.leaf(TextParagraph(markup, styles["panel"]), element)

        lines = [
            ContactLine(
                "phone",
                linked(messages.phone_label, brand.phone, "tel:" + _dial(brand.phone)),
            ),
            ContactLine("mail", linked(messages.email_label, brand.email, "mailto:" + brand.email)),
            ContactLine(
                "globe",
                linked(messages.website_label, display_url(brand.website), brand.website),
            ),
            ContactLine("pin", address()),
            ContactLine(
                "calendar",
                linked(messages.booking_label, display_url(brand.booking_url), brand.booking_url),
            ),
        ]
        alt = messages.qr_alt.format(url=display_url(brand.booking_url))
        holder = section.add("Link", alt) if self.theme.links else section
        qr = self.tags.mark(holder.add("Figure", alt))
        caption = self.paragraph(messages.scan_to_book, "caption", section)
        return ContactPanel(
            self.theme, heading, lines, qr_matrix(brand.booking_url), caption, brand.booking_url, qr
        )


def _dial(phone: str) -> str:
    """The phone number as a tel: URI wants it: digits and a leading +."""
    return ("+" if phone.strip().startswith("+") else "") + "".join(c for c in phone if c.isdigit())


def display_url(url: str) -> str:
    """A web address as people say it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class StoryBlock:
    """A run of the story that shows one field of the content: what the copyfitter blames when
    the run does not fit."""

    field: FieldPath
    """The field (``("benefits", 2, "body")``)."""
    flowables: list[Flowable]
    """Its flowables, in reading order."""


def story_blocks(
    leaflet: Leaflet,
    theme: Theme,
    messages: Messages,
    logo: Logo | None,
    tags: Tags | None = None,
    folded: bool = False,
    notes: int = 0,
) -> list[StoryBlock]:
    """The leaflet as flowables in reading order, in blocks by the field each shows: cover,
    sections, benefits (a block per row of cards), closing, safety, contact. ``folded``: a
    folded leaflet's blocks, its cover a whole panel (``title``), the intro a block of its own,
    ``notes`` Notes pages (``notes``), the contact details a back cover (``brand.address``)."""
    builder = StoryBuilder(theme, messages, tags)
    if folded:
        blocks = [
            StoryBlock(("title",), [builder.band(leaflet, logo, CoverPanel)]),
            StoryBlock(("intro",), builder.lede(leaflet.intro, after_band=False)),
        ]
    else:
        blocks = [StoryBlock(("intro",), builder.cover(leaflet, logo))]
    for index, section in enumerate(leaflet.sections):
        blocks.append(StoryBlock(("sections", index, "body"), builder.section(section)))
    rows = 0
    current: list[Flowable] = []
    for flowable in builder.benefits(leaflet.benefits_heading, leaflet.benefits):
        current.append(flowable)
        if isinstance(flowable, CardRow):
            row = _longest_in_row(leaflet, rows, theme.grid.cards_per_row)
            blocks.append(StoryBlock(("benefits", row, "body"), current))
            rows, current = rows + 1, []
    blocks.append(StoryBlock(("closing",), builder.closing(leaflet.closing)))
    safety = builder.safety(leaflet.safety_note, in_footer=not folded)
    blocks.append(StoryBlock(("safety_note", "body"), safety))
    if notes:
        blocks.append(StoryBlock(("notes",), [builder.notes_page() for _ in range(notes)]))
    back = (
        builder.back_cover(leaflet.brand, leaflet.safety_note)
        if folded
        else builder.contact(leaflet.brand)
    )
    blocks.append(StoryBlock(("brand", "address"), back))
    return blocks


def _longest_in_row(leaflet: Leaflet, row: int, per_row: int) -> int:
    """The index of the benefit with the longest body in card row ``row``."""
    cards = range(per_row * row, min(per_row * row + per_row, len(leaflet.benefits)))
    return max(cards, key=lambda index: len(leaflet.benefits[index].body))


def build_story(
    leaflet: Leaflet,
    theme: Theme,
    messages: Messages,
    logo: Logo | None,
    tags: Tags | None = None,
) -> list[Flowable]:
    """The leaflet as flowables in reading order: cover, sections, benefits, closing, safety,
    contact; with ``tags``, each piece of content is tagged for the structure tree."""
    return [
        f for block in story_blocks(leaflet, theme, messages, logo, tags) for f in block.flowables
    ]


def brand_heights(
    leaflet: Leaflet,
    theme: Theme,
    messages: Messages,
    logo: Logo | None,
    folded: bool = False,
) -> tuple[float, ...]:
    """The heights of the blocks the brand fills (the cover band, the contact panel, a folded
    leaflet's back-cover foot) at ``theme``: all the brand can change in a layout besides its
    fonts. Two brands with the same fonts and these heights lay a content out alike."""
    builder = StoryBuilder(theme, messages, Untagged())
    width = theme.grid.width
    band = builder.band(leaflet, logo, CoverBand)
    heights = [band.wrap(width, theme.grid.frame_height)[1]]
    heights.append(builder.contact_panel(leaflet.brand).wrap(width, 1e6)[1])
    if folded:
        reminder = leaflet.safety_note.reminder or messages.reminder
        foot = Stack(
            [
                builder.paragraph(leaflet.brand.name, "back_clinic", builder.document),
                builder.paragraph(reminder, "back_reminder", builder.document),
            ]
        )
        heights.append(foot.wrap(width, 1e6)[1])
    return tuple(heights)
