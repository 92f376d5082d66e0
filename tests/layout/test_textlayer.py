"""The paragraphs' text layer: a space at each line end between two words, a soft hyphen for
each hyphen the layout added, and nothing drawn differently from a ReportLab paragraph."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from typing import Any
from unittest.mock import patch

import pikepdf
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from brochure.content.model import Leaflet
from brochure.layout import textlayer
from brochure.layout.fonts import FontFamily, register_family
from brochure.layout.richtext import escape_text
from brochure.layout.textlayer import LineEnd, TextParagraph, draws_soft_hyphen, line_ends
from brochure.layout.theme import build_theme, paragraph_styles

KEEP, SPACE, SOFT = LineEnd.KEEP, LineEnd.SPACE, LineEnd.SOFT_HYPHEN


def read(text: str) -> str:
    """Extracted text as a reader takes it: a soft hyphen at a line end (the layout's hyphen:
    ISO 32000-1, 14.8.2, "Incidental artifacts") joins the two parts of its word; any run of
    whitespace is one space."""
    return " ".join(re.sub(r"\u00ad\s*", "", text).split())


# --- how a line ends, read from the text -----------------------------------------------------


def test_a_line_broken_between_words_ends_with_a_space_and_the_last_one_as_it_is() -> None:
    lines = ["The Benefits of Adding Botox", "or Dysport to Your Skincare", "Regime"]
    assert line_ends(lines, " ".join(lines)) == [SPACE, SPACE, KEEP]


def test_a_hyphen_the_layout_added_is_a_soft_hyphen() -> None:
    lines = ["Botox, Dysport and other neuromodulat-", "ors can also help"]
    shown = "Botox, Dysport and other neuromodulators can also help"
    assert line_ends(lines, shown) == [SOFT, KEEP]


def test_a_word_broken_at_its_own_hyphen_or_for_length_goes_on_without_a_space() -> None:
    assert line_ends(["How anti-", "wrinkle injections"], "How anti-wrinkle injections") == [
        KEEP,
        KEEP,
    ]
    assert line_ends(["a lumenskinexam", "ple.com"], "a lumenskinexample.com") == [KEEP, KEEP]
    # A word that ends with a hyphen of its own ends its line like any other word.
    assert line_ends(["pre- and", "post-treatment"], "pre- and post-treatment") == [SPACE, KEEP]


def test_the_first_part_of_a_split_paragraph_ends_as_the_text_goes_on() -> None:
    shown = "lines of the first part and the next part neuromodulators"
    assert line_ends(["lines of the first", "part and the"], shown) == [SPACE, SPACE]
    assert line_ends(["lines of the first part and the", "next part neuromodu-"], shown) == [
        SPACE,
        SOFT,
    ]


def test_an_explicit_line_break_is_a_word_boundary() -> None:
    lines = ["12 Harbour Street", "Brightwater"]
    assert line_ends(lines, "12 Harbour Street Brightwater", [True, False]) == [SPACE, KEEP]
    # The broken words of a split paragraph read a break as nothing: the line still ends.
    assert line_ends(lines, "12 Harbour StreetBrightwater", [True, False]) == [SPACE, KEEP]


def test_an_empty_line_or_one_ending_in_a_space_gets_no_other() -> None:
    assert line_ends(["one", "", "two"], "one two", [True, True, False]) == [SPACE, KEEP, KEEP]
    assert line_ends(["bold ", "text"], "bold text") == [KEEP, KEEP]


def test_lines_that_do_not_line_up_with_the_text_are_left_as_drawn() -> None:
    assert line_ends(["first line", "something else", "last"], "first line other") == [
        SPACE,
        KEEP,
        KEEP,
    ]
    assert line_ends(["neuromodul-", "lators"], "neuromodulators") == [SOFT, KEEP]
    assert line_ends(["neuromo-dul-", "ators"], "neuromodulators") == [KEEP, KEEP]


def test_the_fonts_draw_their_soft_hyphen_as_their_hyphen(sample: Leaflet) -> None:
    for family in (register_family(sample.brand.fonts), register_family(None)):  # Lato, Open Sans
        for face in (family.regular, family.bold, family.italic, family.bold_italic):
            assert draws_soft_hyphen(face), face
    assert not draws_soft_hyphen("Helvetica")  # a standard font: no soft hyphen of its own


# --- drawn paragraphs, read back ---------------------------------------------------------------


@pytest.fixture(scope="module")
def families(sample: Leaflet) -> dict[str, FontFamily]:
    """The sample's fonts (Lato) and the built-in ones (Open Sans, whose soft hyphen is a glyph
    of its own)."""
    return {"Lato": register_family(sample.brand.fonts), "Open Sans": register_family(None)}


@pytest.fixture(scope="module")
def body_styles(
    sample: Leaflet, families: dict[str, FontFamily]
) -> dict[tuple[str, str], ParagraphStyle]:
    """The running-text style in each family, hyphenated in English and in Spanish."""
    return {
        (name, language): paragraph_styles(build_theme(sample.brand, family, "a4", language))[
            "body"
        ]
        for name, family in families.items()
        for language in ("en", "es")
    }


def render(paragraphs: Sequence[Flowable], width: float, height: float) -> bytes:
    """``paragraphs`` set in a frame ``width`` wide and ``height`` high on each page."""
    buffer = io.BytesIO()
    margin = 10
    document = BaseDocTemplate(
        buffer, pagesize=(width + 2 * margin, height + 2 * margin), invariant=1
    )
    frame = Frame(margin, margin, width, height, 0, 0, 0, 0)  # no padding
    document.addPageTemplates([PageTemplate(frames=[frame])])
    document.build(list(paragraphs))
    return buffer.getvalue()


def pypdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def read_lines(text: str) -> str:
    """Text extracted line by line (pypdf), read: as :func:`read`, and a line that ends with a
    hyphen and no space goes on with the next one, on this page or the next (a word broken at
    its own hyphen, such as anti-wrinkle; a line broken between two words ends with a space)."""
    return read(re.sub(r"(?<=-)\n+", "", text))


def bitmaps(data: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(data)
    try:
        return [page.render(scale=1.5).to_pil().tobytes() for page in document]
    finally:
        document.close()


def test_a_paragraph_split_across_pages_reads_whole(
    body_styles: dict[tuple[str, str], ParagraphStyle],
) -> None:
    words = "Botox, Dysport and other neuromodulators can also help prevent new wrinkles. " * 6
    paragraph = TextParagraph(words, body_styles["Lato", "en"])
    pages = [
        page.extract_text() for page in PdfReader(io.BytesIO(render([paragraph], 120, 90))).pages
    ]
    assert len(pages) == 5
    # Each page but the last ends as a line does: with a space, or in a word hyphenated there.
    ends = [page.rstrip("\n")[-1] for page in pages[:-1]]
    assert sorted(ends) == [" ", " ", " ", "\u00ad"]
    text = "\n".join(pages)
    assert "-\n" not in text
    assert read(text) == " ".join(words.split())


LONG_WORDS = (
    "neuromodulators", "inflammation", "comfortable", "confidence", "practitioner",
    "appointment", "professional", "hyperhidrosis", "dermatologist", "complications",
    "neuromoduladores", "tratamientos", "recomendaciones", "profesionales", "inflamación",
    "glándulas", "transpiración", "característica",
)  # fmt: skip
"""Words pyphen breaks, in English and Spanish."""

WORD = st.one_of(
    st.sampled_from(LONG_WORDS),
    st.tuples(st.sampled_from(LONG_WORDS), st.sampled_from(",.;")).map("".join),
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=9, max_size=16),  # breaks where pyphen finds
    st.sampled_from(
        ["anti-wrinkle", "best-known", "make-up", "a", "of", "skin", "the", "3\u20134"]
    ),
)


@st.composite
def paragraph_words(draw: st.DrawFn) -> list[tuple[str, str]]:
    """A paragraph as (word, markup) pairs: some words bold or italic (set in other fonts).

    A paragraph with a word of its own hyphen (anti-wrinkle) is all in one style: when one in
    several styles is split across pages, ReportLab 5.1 may print such a word without its
    hyphen in the second part (``_shyUnsplit`` strips it), whatever the text layer."""
    words = draw(st.lists(WORD, min_size=1, max_size=30))
    styles = ["", "", "", "b", "i"] if not any("-" in word for word in words) else [""]
    marks = draw(st.lists(st.sampled_from(styles), min_size=len(words), max_size=len(words)))
    return [
        (word, f"<{mark}>{word}</{mark}>" if mark else word)
        for word, mark in zip(words, marks, strict=True)
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(paragraph_words(), min_size=1, max_size=3),
    width=st.integers(90, 240),
    height=st.sampled_from([100, 200, 800]),
    family=st.sampled_from(["Lato", "Open Sans"]),
    language=st.sampled_from(["en", "es"]),
)
def test_hyphenated_and_wrapped_paragraphs_read_back_word_for_word(
    families: dict[str, FontFamily],
    body_styles: dict[tuple[str, str], ParagraphStyle],
    paragraphs: list[list[tuple[str, str]]],
    width: int,
    height: int,
    family: str,
    language: str,
) -> None:
    style = body_styles[family, language]
    # Every word fits on a line, in bold too (the next test breaks one that does not).
    faces = (families[family].regular, families[family].bold)
    widest = max(
        stringWidth(word, face, style.fontSize)
        for words in paragraphs
        for word, _ in words
        for face in faces
    )
    width = max(width, math.ceil(widest) + 1)
    markups = [" ".join(markup for _, markup in words) for words in paragraphs]
    data = render([TextParagraph(markup, style) for markup in markups], width, height)
    text = pypdf_text(data)
    expected = " ".join(word for words in paragraphs for word, _ in words)
    assert read_lines(text) == expected, text
    # The layout's hyphens are soft: a hyphen left at a line end is one the words have.
    for head, tail in re.findall(r"(\S+)-\n(\S+)", text):
        assert f"{head}-{tail}" in expected, (head, tail)
    # Glyph for glyph what a ReportLab paragraph draws.
    plain = render([Paragraph(markup, style) for markup in markups], width, height)
    assert bitmaps(data) == bitmaps(plain)


def shown_text(data: bytes) -> str:
    """The text every text operator shows, one after the other with nothing added between them
    (as Poppler's structure text runs an element's text together), for ASCII text in a font's
    first subset (ReportLab gives those characters their own codes)."""
    shown: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for instruction in pikepdf.parse_content_stream(page):
                if str(instruction.operator) == "Tj":
                    shown.append(bytes(instruction.operands[0]).decode("latin-1"))
    return "".join(shown)


@pytest.mark.parametrize(
    "word", ["https://lumenskin.example/aftercare", "Hmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm"]
)
def test_a_word_broken_without_a_hyphen_goes_on_without_a_space(
    body_styles: dict[tuple[str, str], ParagraphStyle], word: str
) -> None:
    """ReportLab breaks a web address after a slash, and a word no line can hold where the
    line is full, with no hyphen: the text runs on into the next line. (A reader that goes by
    lines, such as pypdf, sees a line break there: nothing in the text can tell it otherwise.)"""
    text = f"Read {word} first."
    data = render([TextParagraph(text, body_styles["Lato", "en"])], 100, 800)
    lines = pypdf_text(data).splitlines()
    assert not any(word in line for line in lines), lines  # broken
    assert shown_text(data) == text


def test_a_paragraph_measures_and_breaks_as_reportlabs(
    body_styles: dict[tuple[str, str], ParagraphStyle],
) -> None:
    text = "Botox, Dysport and other <b>neuromodulators</b> can also help prevent new wrinkles."
    style = body_styles["Lato", "en"]
    ours, theirs = TextParagraph(text, style), Paragraph(text, style)
    assert ours.wrap(120, 1000) == theirs.wrap(120, 1000)
    lines: list[Any] = [
        [(getattr(f, "text", ""), f.fontName) for f in line.words] for line in ours.blPara.lines
    ]
    assert lines == [
        [(getattr(f, "text", ""), f.fontName) for f in line.words]
        for line in vars(theirs)["blPara"].lines
    ]


# --- the parse memo ------------------------------------------------------------------------------


def frag_data(paragraph: Paragraph) -> list[dict[str, Any]]:
    return [dict(vars(frag)) for frag in paragraph.frags]


MIXED_WORD = st.text(
    st.sampled_from("abcdefghij XYZ,.<>&'\"-\u00e9\u00f1\u05e9\u05dc\u05d5\u05dd\u0645\u0631"),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.tuples(MIXED_WORD, st.sampled_from(["", "b", "i"])), min_size=1, max_size=8),
    family=st.sampled_from(["Lato", "Open Sans"]),
)
def test_a_remembered_parse_gives_the_paragraph_a_fresh_parse_gives(
    sample: Leaflet, families: dict[str, FontFamily], words: list[tuple[str, str]], family: str
) -> None:
    """The second paragraph of the same markup in an equal style (another theme's: another
    brand's build) is parsed from the memo, after the first was laid out and drawn: it has
    the fragments, text and words of a paragraph parsed afresh. Hebrew and Arabic letters put
    the fallback faces in play."""
    markup = " ".join(
        f"<{tag}>{escape_text(w)}</{tag}>" if tag else escape_text(w) for w, tag in words
    )

    def style() -> ParagraphStyle:
        return paragraph_styles(build_theme(sample.brand, families[family], "a4", "en"))["body"]

    with patch.object(textlayer, "_PARSED", textlayer._ParseMemo()) as memo:
        first = TextParagraph(markup, style())
        render([first], 120, 400)  # laid out, split and drawn: its fragments annotated
        again, twice = TextParagraph(markup, style()), TextParagraph(markup, style())
        assert memo.hits == 2
    with patch.object(textlayer, "_PARSED", textlayer._ParseMemo()) as empty:
        fresh = TextParagraph(markup, style())
        assert empty.hits == 0
    assert frag_data(again) == frag_data(fresh)
    assert (again.text, again.shown) == (fresh.text, fresh.shown)
    assert frag_data(twice) == frag_data(fresh)
    # Each paragraph has fragments of its own: laying one out never touches another's.
    assert not {id(f) for f in again.frags} & {id(f) for f in twice.frags}


def test_a_parse_is_remembered_only_for_the_same_style(
    families: dict[str, FontFamily], body_styles: dict[tuple[str, str], ParagraphStyle]
) -> None:
    """Any attribute the parse reads tells two styles apart: the colour (and its model: a CMYK
    ink is not its RGB twin), the font, the size; the hyphenation and the name do not."""
    from reportlab.lib.colors import CMYKColor, Color

    base = body_styles["Lato", "en"]
    rgb = Color(0.2, 0.3, 0.4)
    cmyk = CMYKColor(0.6, 0.4, 0.2, 0.5)
    cmyk_rgb = Color(*cmyk.rgb())
    variants = {
        "rgb": ParagraphStyle("a", parent=base, textColor=rgb),
        "cmyk": ParagraphStyle("b", parent=base, textColor=cmyk),
        "cmyk as rgb": ParagraphStyle("c", parent=base, textColor=cmyk_rgb),
        "bold": ParagraphStyle("d", parent=base, textColor=rgb, fontName=families["Lato"].bold),
        "larger": ParagraphStyle("e", parent=base, textColor=rgb, fontSize=base.fontSize + 1),
    }
    with patch.object(textlayer, "_PARSED", textlayer._ParseMemo()) as memo:
        colours = {
            name: TextParagraph("Safe hands", s).frags[0].textColor for name, s in variants.items()
        }
        assert memo.hits == 0
        assert type(colours["cmyk"]) is CMYKColor and type(colours["cmyk as rgb"]) is Color
        renamed = ParagraphStyle("other", parent=variants["rgb"], hyphenationLang="")
        assert TextParagraph("Safe hands", renamed).frags[0].textColor == rgb
        assert memo.hits == 1


def test_a_leaflet_built_with_remembered_parses_is_byte_identical(sample: Leaflet) -> None:
    """The memo's whole promise, on the sample: a second build, its paragraphs parsed from the
    memo, gives the bytes of the first."""
    from brochure.pdf.render import RenderOptions, render_pdf

    with patch.object(textlayer, "_PARSED", textlayer._ParseMemo()) as memo:
        for options in (RenderOptions(), RenderOptions.for_profile("print", format="trifold")):
            cold = render_pdf(sample, options)
            hits = memo.hits
            assert render_pdf(sample, options) == cold
            assert memo.hits > hits


def test_a_full_memo_forgets_and_still_parses_right(
    body_styles: dict[tuple[str, str], ParagraphStyle],
) -> None:
    """Past its capacity of styles, the memo starts again: every paragraph still gets its own
    style's parse."""
    from reportlab.lib.colors import Color

    base = body_styles["Lato", "en"]
    colours = [Color(0.1 * n, 0.2, 0.3) for n in range(5)]
    memo = textlayer._ParseMemo()
    memo.capacity = 2
    with patch.object(textlayer, "_PARSED", memo):
        for _ in range(2):
            for number, colour in enumerate(colours):
                style = ParagraphStyle(f"s{number}", parent=base, textColor=colour)
                assert TextParagraph("Safe hands", style).frags[0].textColor == colour
    assert len(memo._numbers) <= memo.capacity


def test_threads_sharing_the_memo_each_get_their_own_styles_parse(
    body_styles: dict[tuple[str, str], ParagraphStyle],
) -> None:
    """The preview checks an edit in one thread while it renders in another: however the memo
    forgets and numbers styles meanwhile, every paragraph gets its own style's parse."""
    import threading

    from reportlab.lib.colors import Color

    base = body_styles["Lato", "en"]
    memo = textlayer._ParseMemo()
    memo.capacity = 4
    wrong: list[tuple[Any, Any]] = []

    def work(offset: int) -> None:
        for number in range(300):
            colour = Color((number + offset) % 5 / 5, 0.2, 0.3)
            style = ParagraphStyle(f"s{offset}-{number}", parent=base, textColor=colour)
            found = TextParagraph("Safe <b>hands</b> here", style).frags[0].textColor
            if found != colour:
                wrong.append((found, colour))

    with patch.object(textlayer, "_PARSED", memo):
        threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert wrong == []
    assert memo.hits > 0


def test_markup_whose_parse_is_more_than_its_text_is_not_remembered(
    body_styles: dict[tuple[str, str], ParagraphStyle],
) -> None:
    style = body_styles["Lato", "en"]
    with patch.object(textlayer, "_PARSED", textlayer._ParseMemo()) as memo:
        for _ in range(2):
            paragraph = TextParagraph("<bullet>*</bullet>Hello", style)
            assert paragraph.bulletText is not None
        assert memo.hits == 0
