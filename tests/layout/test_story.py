"""The story: every content block, in reading order, with the right keep/split behaviour."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reportlab.platypus import Flowable, Paragraph

from brochure.content.model import Leaflet
from brochure.layout.flowables import (
    AtPageFoot,
    Callout,
    CardRow,
    ContactPanel,
    CoverBand,
    Heading,
    SectionBlock,
)
from brochure.layout.story import StoryBuilder, build_story, display_url
from brochure.layout.theme import Theme
from brochure.messages import Messages


def outline_title(heading: Flowable) -> str:
    """The title of a heading's outline entry (the builder's headings are :class:`Heading`)."""
    assert isinstance(heading, Heading)
    return heading.outline.title


def outline_titles(story: Sequence[Flowable]) -> list[str]:
    titles: list[str] = []
    for flowable in story:
        if isinstance(flowable, AtPageFoot):
            flowable = flowable.block
        if isinstance(flowable, CoverBand):
            titles.append(outline_title(flowable.title))
        elif isinstance(flowable, Heading):
            titles.append(flowable.outline.title)
        elif isinstance(flowable, CardRow):
            titles += [outline_title(card.title) for card in flowable.cards]
        elif isinstance(flowable, (Callout, ContactPanel, SectionBlock)):
            titles.append(outline_title(flowable.heading))
    return titles


def test_blocks_come_in_reading_order(sample: Leaflet, theme: Theme) -> None:
    story = build_story(sample, theme, Messages(), logo=None)
    kinds = [type(f).__name__ for f in story if type(f).__name__ not in ("Spacer", "Indenter")]
    assert kinds[0] == "CoverBand"
    assert kinds.index("SectionBlock") < kinds.index("CardRow") < kinds.index("Callout")
    assert kinds.index("Callout") < kinds.index("AtPageFoot") == len(kinds) - 1
    foot = story[-1]
    assert isinstance(foot, AtPageFoot)
    assert isinstance(foot.block, ContactPanel)
    assert sum(isinstance(f, CardRow) for f in story) == 3  # six benefits, two to a row
    assert outline_titles(story) == [
        sample.title,
        sample.sections[0].heading,
        sample.benefits_heading,
        *(benefit.title for benefit in sample.benefits),
        sample.safety_note.heading,
        "Book a consultation",
    ]


def test_every_section_is_one_block_that_keeps_its_heading(sample: Leaflet, theme: Theme) -> None:
    # With or without a fact, the heading travels inside the section's block, with its text.
    for fact in (sample.sections[0].fact, None):
        section = sample.sections[0].model_copy(update={"fact": fact})
        leaflet = sample.model_copy(update={"sections": (section,)})
        story = build_story(leaflet, theme, Messages(), None)
        (block,) = [f for f in story if isinstance(f, SectionBlock)]
        assert outline_title(block.heading) == section.heading
        assert (block.aside is None) == (fact is None)
        assert isinstance(block.main[0], Paragraph)


def test_cards_and_callout_never_split(sample: Leaflet, theme: Theme) -> None:
    story = build_story(sample, theme, Messages(), logo=None)
    row = next(f for f in story if isinstance(f, CardRow))
    callout = next(f for f in story if isinstance(f, Callout))
    width = theme.grid.width
    _, height = row.wrap(width, 10_000)
    assert row.split(width, height - 1) == []
    _, height = callout.wrap(width, 10_000)
    assert callout.split(width, height - 1) == []


def test_user_text_is_escaped_in_headings(sample: Leaflet, theme: Theme) -> None:
    benefit = sample.benefits[0].model_copy(update={"title": "<b>A&E</b> x<y"})
    leaflet = sample.model_copy(update={"benefits": (benefit, *sample.benefits[1:])})
    story = build_story(leaflet, theme, Messages(), logo=None)
    row = next(f for f in story if isinstance(f, CardRow))
    title = row.cards[0].title
    assert isinstance(title, Paragraph)
    assert "".join(frag.text for frag in title.frags) == "<b>A&E</b> x<y"


def test_card_badges_take_their_size_from_the_theme(sample: Leaflet, theme: Theme) -> None:
    for badge in (theme.card.badge, 48.0):
        themed = replace(theme, card=replace(theme.card, badge=badge))
        card = StoryBuilder(themed, Messages()).card(1, sample.benefits[0])
        assert card.badge.wrap(100, 100) == (badge, badge)


def test_display_url_drops_the_scheme() -> None:
    assert display_url("https://lumenskin.example/") == "lumenskin.example"
    assert display_url("https://a.example/book?x=1") == "a.example/book?x=1"
