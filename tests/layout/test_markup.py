"""The inline markup: only **bold**, *italic* and allowed links are interpreted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from brochure.layout.markup import (
    MarkupError,
    Run,
    check_link,
    escape_attribute,
    parse_blocks,
    parse_inline,
    plain_text,
    to_reportlab,
)


def test_bold_italic_and_links() -> None:
    runs = parse_inline("a **b** *c* [d](https://e.example)")
    assert runs == (
        Run("a "),
        Run("b", bold=True),
        Run(" "),
        Run("c", italic=True),
        Run(" "),
        Run("d", href="https://e.example"),
    )


@pytest.mark.parametrize(
    "text", ["<b>not bold</b>", "A&E", "x<y", "<info@clinic.example>", "5 * 3 = 15", "&amp;"]
)
def test_markup_looking_text_stays_text(text: str) -> None:
    runs = parse_inline(text)
    assert "".join(run.text for run in runs) == text
    assert not any(run.bold or run.italic or run.href for run in runs)
    paragraph = Paragraph(to_reportlab(runs), ParagraphStyle("t"))
    assert "".join(paragraph.frags[i].text for i in range(len(paragraph.frags))) == text


def test_escapes_print_the_marker_itself() -> None:
    assert plain_text(r"\*not italic\* and \[not a link]") == "*not italic* and [not a link]"


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.example", "data:text/html,hi"]
)
def test_disallowed_link_schemes_are_errors(href: str) -> None:
    with pytest.raises(MarkupError, match="not allowed"):
        parse_inline(f"[click]({href})")


@pytest.mark.parametrize(
    "href", ["https://a.example/x?y=1&z=2", "http://a.example", "mailto:a@b.example", "tel:+4420"]
)
def test_allowed_links(href: str) -> None:
    assert check_link(href) == href
    markup = to_reportlab(parse_inline(f"[go]({href})"))
    assert f'href="{escape_attribute(href)}"' in markup
    assert ("&amp;" in markup) == ("&" in href)


def test_paragraphs_and_bullets() -> None:
    blocks = parse_blocks("One\nline.\n\n- first\n  continued\n- second\nAfter.")
    assert [(b.kind, b.plain) for b in blocks] == [
        ("paragraph", "One line."),
        ("bullet", "first continued"),
        ("bullet", "second"),
        ("paragraph", "After."),
    ]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_text_becomes_valid_reportlab_markup_with_the_same_letters(text: str) -> None:
    try:
        blocks = parse_blocks(text)
    except MarkupError:
        return  # a link to a scheme that is not allowed: reported by validation
    for block in blocks:
        paragraph = Paragraph(to_reportlab(block.runs), ParagraphStyle("t"))
        shown = "".join(getattr(frag, "text", "") for frag in paragraph.frags)
        assert " ".join(shown.split()) == " ".join(block.plain.split())


def test_without_links_a_link_is_coloured_text_that_cannot_be_clicked() -> None:
    (block,) = parse_blocks("Book [online](https://clinic.example/book) & save")
    markup = to_reportlab(block.runs, "#123456", links=False)
    assert "<a" not in markup and "href" not in markup
    assert markup == 'Book <font color="#123456">online</font> &amp; save'
