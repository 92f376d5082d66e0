"""The inline markup: only **bold**, *italic* and allowed links are interpreted."""

from __future__ import annotations

import pytest

from brochure.content.markup import (
    MarkupError,
    Run,
    check_link,
    parse_blocks,
    parse_inline,
    plain_text,
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


@pytest.mark.parametrize(
    "href", ["https://a.example/x?y=1&z=2", "http://a.example", "mailto:a@b.example", "tel:+4420"]
)
def test_allowed_links(href: str) -> None:
    assert check_link(href) == href
    assert parse_inline(f"[go]({href})") == (Run("go", href=href),)


def test_escapes_print_the_marker_itself() -> None:
    assert plain_text(r"\*not italic\* and \[not a link]") == "*not italic* and [not a link]"


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.example", "data:text/html,hi"]
)
def test_disallowed_link_schemes_are_errors(href: str) -> None:
    with pytest.raises(MarkupError, match="not allowed"):
        parse_inline(f"[click]({href})")


def test_paragraphs_and_bullets() -> None:
    blocks = parse_blocks("One\nline.\n\n- first\n  continued\n- second\nAfter.")
    assert [(b.kind, b.plain) for b in blocks] == [
        ("paragraph", "One line."),
        ("bullet", "first continued"),
        ("bullet", "second"),
        ("paragraph", "After."),
    ]
