"""From a validated leaflet and its theme to the story: the list of flowables, in reading order.

One small function per content block; each returns flowables and draws nothing itself.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from reportlab.platypus import Flowable, Indenter, Paragraph, Spacer

from brochure.content.model import Benefit, Brand, Leaflet, SafetyNote, Section
from brochure.layout.flowables import (
    AtPageFoot,
    Callout,
    Card,
    CardRow,
    ContactLine,
    ContactPanel,
    CoverBand,
    FactBox,
    Heading,
    IconBadge,
    Logo,
    OutlineEntry,
    SectionBlock,
)
from brochure.layout.markup import escape_attribute, escape_text, parse_blocks, to_reportlab
from brochure.layout.qr import qr_matrix
from brochure.layout.theme import Theme, paragraph_styles
from brochure.messages import Messages

Styles = dict[str, Any]


class StoryBuilder:
    """Builds the flowables of one leaflet; holds the theme, styles and messages it shares."""

    def __init__(self, theme: Theme, messages: Messages) -> None:
        self.theme = theme
        self.messages = messages
        self.styles: Styles = paragraph_styles(theme)
        self._keys = 0

    def _outline(self, title: str, level: int) -> OutlineEntry:
        self._keys += 1
        return OutlineEntry(title, f"o{self._keys}", level)

    def text(self, body: str, style: str = "body") -> list[Flowable]:
        """Paragraphs and bullet items of a body written in the inline markup."""
        color = self.theme.inks.markup(self.theme.palette.heading_text)
        result: list[Flowable] = []
        previous = "paragraph"
        for block in parse_blocks(body):
            markup = to_reportlab(block.runs, color)
            if block.kind == "bullet":
                bullet = self.styles[f"{style}_bullet"]
                result.append(Paragraph(markup, bullet, bulletText="\u2022"))
            else:
                if previous == "bullet":  # a list ends with a paragraph's worth of space
                    result.append(Spacer(1, self.styles[style].spaceAfter / 2))
                result.append(Paragraph(markup, self.styles[style]))
            previous = block.kind
        return result

    def heading(self, text: str, style: str, level: int) -> Heading:
        """A heading paragraph that appears in the PDF outline."""
        return Heading(escape_text(text), self.styles[style], self._outline(text, level))

    # --- blocks, in reading order ------------------------------------------------------------

    def cover(self, leaflet: Leaflet, logo: Logo | None) -> list[Flowable]:
        """The branded band with title and subtitle, then the intro as a lede."""
        styles = self.styles
        title = self.heading(leaflet.title, "title", 0)
        subtitle = (
            Paragraph(escape_text(leaflet.subtitle), styles["subtitle"])
            if leaflet.subtitle
            else None
        )
        clinic = Paragraph(escape_text(leaflet.brand.name), styles["clinic"])
        band = CoverBand(self.theme, clinic, title, subtitle, logo)
        lede = self.text(leaflet.intro, "lede")
        # The lede runs over 10 of 12 columns: at its larger size that is ~70 characters a line.
        indent = self.theme.grid.width - self.theme.grid.span(10)
        space = Spacer(1, self.theme.scale.line * 1.5)
        return [band, space, Indenter(right=indent), *lede, Indenter(right=-indent)]

    def section(self, section: Section) -> list[Flowable]:
        """A section: heading, then its text in the 8-column measure, fact box beside it."""
        fact = None
        if section.fact is not None:
            fact = FactBox(
                self.theme,
                Paragraph(escape_text(section.fact.value), self.styles["fact_value"]),
                Paragraph(escape_text(section.fact.label), self.styles["fact_label"]),
            )
        heading = self.heading(section.heading, "h2", 0)
        return [SectionBlock(self.theme, heading, self.text(section.body), fact)]

    def benefits_heading(self, heading: str | None) -> Heading:
        """The heading above the cards (the content's, or the default one)."""
        return self.heading(heading or self.messages.benefits_heading, "h2", 0)

    def benefits(self, heading: str | None, benefits: tuple[Benefit, ...]) -> list[Flowable]:
        """The benefits heading, then numbered cards two to a row."""
        flowables: list[Flowable] = [self.benefits_heading(heading)]
        cards = [self.card(number, benefit) for number, benefit in enumerate(benefits, 1)]
        for start in range(0, len(cards), 2):
            if start:
                flowables.append(Spacer(1, self.theme.grid.gutter))
            flowables.append(CardRow(self.theme, cards[start : start + 2]))
        return flowables

    def card(self, number: int, benefit: Benefit) -> Card:
        """One benefit card."""
        palette = self.theme.palette
        return Card(
            number=Paragraph(f"{number:02d}", self.styles["number"]),
            title=self.heading(benefit.title, "h3", 1),
            body=self.text(benefit.body, "card"),
            badge=IconBadge(self.theme, benefit.icon, 34, palette.primary, palette.on_primary_text),
        )

    def closing(self, closing: str | None) -> list[Flowable]:
        """The closing paragraphs, in the running-text measure."""
        if not closing:
            return []
        indent = self.theme.grid.width - self.theme.grid.measure
        space = Spacer(1, self.theme.scale.line)
        return [space, Indenter(right=indent), *self.text(closing), Indenter(right=-indent)]

    def safety(self, note: SafetyNote) -> list[Flowable]:
        """The safety callout: never split, never missed."""
        heading = self.heading(note.heading or self.messages.safety_heading, "callout_heading", 0)
        body = self.text(note.body)
        return [Spacer(1, self.theme.scale.line), Callout(self.theme, heading, body)]

    def contact(self, brand: Brand) -> list[Flowable]:
        """The contact panel, set at the foot of the last page."""
        line = self.theme.scale.line
        return [Spacer(1, line), AtPageFoot(self.contact_panel(brand), gap=line)]

    def contact_panel(self, brand: Brand) -> ContactPanel:
        """The "Book a consultation" panel: contact lines with links, a QR code to booking."""
        styles, palette = self.styles, self.theme.palette
        link = self.theme.inks.markup(palette.on_primary_text)

        def linked(label: str, href: str) -> Paragraph:
            runs = f'<a href="{escape_attribute(href)}" color="{link}">{escape_text(label)}</a>'
            return Paragraph(runs, styles["panel"])

        lines = [
            ContactLine("phone", linked(brand.phone, "tel:" + _dial(brand.phone))),
            ContactLine("mail", linked(brand.email, "mailto:" + brand.email)),
            ContactLine("globe", linked(display_url(brand.website), brand.website)),
            ContactLine(
                "pin",
                Paragraph(escape_text(brand.address).replace("\n", "<br/>"), styles["panel"]),
            ),
            ContactLine("calendar", linked(display_url(brand.booking_url), brand.booking_url)),
        ]
        panel = ContactPanel(
            self.theme,
            self.heading(self.messages.book_heading, "panel_heading", 0),
            lines,
            qr_matrix(brand.booking_url),
            Paragraph(escape_text(self.messages.scan_to_book), styles["caption"]),
            brand.booking_url,
        )
        return panel


def _dial(phone: str) -> str:
    """The phone number as a tel: URI wants it: digits and a leading +."""
    return ("+" if phone.strip().startswith("+") else "") + "".join(c for c in phone if c.isdigit())


def display_url(url: str) -> str:
    """A web address as people say it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")


def build_story(
    leaflet: Leaflet, theme: Theme, messages: Messages, logo: Logo | None
) -> list[Flowable]:
    """The leaflet as flowables in reading order: cover, sections, benefits, closing, safety,
    contact."""
    builder = StoryBuilder(theme, messages)
    story = builder.cover(leaflet, logo)
    for section in leaflet.sections:
        story += builder.section(section)
    story += builder.benefits(leaflet.benefits_heading, leaflet.benefits)
    story += builder.closing(leaflet.closing)
    story += builder.safety(leaflet.safety_note)
    story += builder.contact(leaflet.brand)
    return story
