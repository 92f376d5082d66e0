"""ReportLab paragraph markup from parsed runs: user text escaped, links as the theme wants."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from brochure.content.markup import MarkupError, parse_blocks, parse_inline
from brochure.layout.richtext import escape_attribute, to_reportlab


@pytest.mark.parametrize(
    "text", ["<b>not bold</b>", "A&E", "x<y", "<info@clinic.example>", "5 * 3 = 15", "&amp;"]
)
def test_markup_looking_text_prints_as_typed(text: str) -> None:
    runs = parse_inline(text)
    paragraph = Paragraph(to_reportlab(runs), ParagraphStyle("t"))
    assert "".join(paragraph.frags[i].text for i in range(len(paragraph.frags))) == text


@pytest.mark.parametrize(
    "href", ["https://a.example/x?y=1&z=2", "http://a.example", "mailto:a@b.example", "tel:+4420"]
)
def test_links_are_escaped_in_the_href(href: str) -> None:
    markup = to_reportlab(parse_inline(f"[go]({href})"))
    assert f'href="{escape_attribute(href)}"' in markup
    assert ("&amp;" in markup) == ("&" in href)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_any_text_becomes_valid_reportlab_markup_with_the_same_letters(text: str) -> None:
    try:
        blocks = parse_blocks(text)
    except MarkupError:
        return  # a link to a scheme that is not allowed: reported by validation
    for block in blocks:
        paragraph = Paragraph(to_reportlab(block.runs), ParagraphStyle("t"))
        shown = "".join(getattr(frag, "text", "") for frag in paragraph.frags)
        # Arabic is drawn in its joined shapes (presentation forms): the same letters, in NFKC.
        letters = unicodedata.normalize("NFKC", " ".join(shown.split()))
        assert letters == unicodedata.normalize("NFKC", " ".join(block.plain.split()))


def test_without_links_a_link_is_coloured_text_that_cannot_be_clicked() -> None:
    (block,) = parse_blocks("Book [online](https://clinic.example/book) & save")
    markup = to_reportlab(block.runs, "#123456", links=False)
    assert "<a" not in markup and "href" not in markup
    assert markup == 'Book <font color="#123456">online</font> &amp; save'
