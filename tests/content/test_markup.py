"""The inline markup: only **bold**, *italic* and allowed links are interpreted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brochure.content.markup import (
    MarkupError,
    Run,
    check_link,
    check_one_style,
    parse_blocks,
    parse_inline,
    plain_text,
)
from brochure.content.source import parse_source
from brochure.content.validate import validate_source
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


def refusal(text: str) -> str:
    with pytest.raises(MarkupError) as caught:
        check_one_style(parse_blocks(text))
    return str(caught.value)


ADVICE = (
    "brochure can join Arabic letters only in a paragraph set in one style, so set the whole "
    "paragraph in one style (all bold, all italic or one whole link) or in none"
)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("يمكن **أن** يساعد", "paragraph 1 mixes bold text and plain text"),
        ("يمكن [الحجز](https://example.com/book) الآن", "paragraph 1 mixes a link and plain text"),
        ("- عادي\n- *مائل* ثم عادي", "bullet item 2 mixes italic text and plain text"),
        ("**Botox** يساعد", "paragraph 1 mixes bold text and plain text"),  # a Latin word
        ("**أ** **ب**", "paragraph 1 mixes bold text and plain spaces"),  # the space between
        (
            "[أ](https://a.example) [ب](https://b.example)",
            "paragraph 1 mixes 2 links and plain spaces",
        ),
        ("[**أ** ب](https://a.example)", "paragraph 1 mixes bold text and a link"),
        ("ب **ج** *د*", "paragraph 1 mixes bold text, italic text and plain text"),
    ],
)
def test_an_arabic_paragraph_in_several_styles_is_refused(text: str, what: str) -> None:
    assert refusal(text) == f"{what} with Arabic; {ADVICE}"


def test_every_mixed_paragraph_of_a_body_is_named_at_once() -> None:
    text = "فقرة **أولى**\n\nفقرة ثانية\n\n- بند [رابط](https://a.example)\n\nThird *one*, و*ثالثة*"
    assert refusal(text) == (
        "paragraph 1 mixes bold text and plain text, bullet item 1 mixes a link and plain text, "
        "and paragraph 3 mixes italic text and plain text, with Arabic; brochure can join "
        "Arabic letters only in a paragraph set in one style, so set each of these paragraphs "
        "wholly in one style (all bold, all italic or one whole link) or in none"
    )


@pytest.mark.parametrize(
    "text",
    [
        "**كل الفقرة بخط عريض**",  # one style throughout
        "*فقرة مائلة كلها*",
        "[احجز موعدك الآن](https://example.com/book)",  # one whole link
        "يمكن أن يساعد\n\n**فقرة أخرى**",  # each paragraph in one style
        "- **بند عريض**\n- بند عادي",  # each item in one style
        "فقرة عربية\n\nBotox is **quick**",  # the mixed paragraph has no Arabic
        "הטיפול **חשוב** מאוד, [כאן](https://example.com)",  # Hebrew may mix styles
        "ما هو Botox؟ \\*ليس مائلا\\*",  # escaped markers are text
    ],
)
def test_one_style_per_arabic_paragraph_and_any_mix_elsewhere_is_fine(text: str) -> None:
    check_one_style(parse_blocks(text))


STYLES = ("plain", "bold", "italic", "link")
WORDS = {
    "arabic": st.sampled_from(["مرحبا", "بالعالم", "لا", "ﻻ", "ݐ", "ࢠ"]),  # U+0750, U+08A0 blocks
    "hebrew": st.sampled_from(["שלום", "עולם", "בוטוקס"]),
    "latin": st.sampled_from(["Botox", "skin", "3-4"]),
}


def _marked(word: str, style: str) -> str:
    return {"plain": word, "bold": f"**{word}**", "italic": f"*{word}*",
            "link": f"[{word}](https://clinic.example)"}[style]  # fmt: skip


@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(WORDS)).flatmap(lambda s: WORDS[s]), st.sampled_from(STYLES)
        ),
        min_size=1,
        max_size=6,
    )
)
def test_refused_exactly_when_arabic_meets_a_second_style(words: list[tuple[str, str]]) -> None:
    text = " ".join(_marked(word, style) for word, style in words)
    arabic = any(re.search("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]", w) for w, _ in words)
    # The spaces between words are plain: one styled word among others is a second style.
    mixed = len(words) > 1 and any(style != "plain" for _, style in words)
    if arabic and mixed:
        assert refusal(text).startswith("paragraph 1 mixes ")
    else:
        check_one_style(parse_blocks(text))


def test_the_refusal_is_located_in_the_content_file(tmp_path: Path) -> None:
    content = (ROOT / "content.ar.yaml").read_text("utf-8")
    content = content.replace("هذه أشهر فوائدهما.", "**هذه أشهر فوائدهما.**", 1)
    path = copy_sample(tmp_path) / "content.ar.yaml"
    path.write_text(content, "utf-8")
    source = parse_source(path.read_bytes(), "content.ar.yaml", path)
    with pytest.raises(ContentError) as caught:
        validate_source(source)
    message = str(caught.value)
    assert (
        "content.ar.yaml:27:11: benefits[0].body: paragraph 1 mixes bold text and plain" in message
    )
