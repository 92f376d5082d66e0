"""The inline markup: only **bold**, *italic* and allowed links are interpreted."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure import load_leaflet
from brochure.content.markup import (
    MarkupError,
    Run,
    check_link,
    check_one_style,
    parse_blocks,
    parse_inline,
    plain_text,
)
from brochure.errors import ContentError
from tests.helpers import ROOT, copy_sample


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


# --- one style per Arabic paragraph -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "يمكن **أن** يساعد",  # bold inside an Arabic paragraph
        "يمكن [الحجز](https://example.com/book) الآن",  # a link inside one
        "- *مائل* ثم عادي",  # an italic word in a bullet item
    ],
)
def test_an_arabic_paragraph_in_several_styles_is_refused(text: str) -> None:
    with pytest.raises(MarkupError, match="mixes bold, italic or link text with Arabic"):
        check_one_style(parse_blocks(text))


@pytest.mark.parametrize(
    "text",
    [
        "**كل الفقرة بخط عريض**",  # one style throughout
        "يمكن أن يساعد\n\n**فقرة أخرى**",  # each paragraph in one style
        "הטיפול **חשוב** מאוד",  # Hebrew may mix styles
        "Botox is **quick**",
    ],
)
def test_one_style_per_arabic_paragraph_and_any_mix_elsewhere_is_fine(text: str) -> None:
    check_one_style(parse_blocks(text))


def test_the_refusal_is_located_in_the_content_file(tmp_path: Path) -> None:
    content = (ROOT / "content.ar.yaml").read_text("utf-8")
    content = content.replace("هذه أشهر فوائدهما.", "**هذه أشهر فوائدهما.**", 1)
    path = copy_sample(tmp_path) / "content.ar.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(ContentError) as caught:
        load_leaflet(path)
    message = str(caught.value)
    assert "content.ar.yaml:27:11: benefits[0].body: paragraph 1 mixes bold" in message
