"""Right-to-left lines: placed by the bidi algorithm, written in reading order, drawn in visual
order; read back from the PDF glyph by glyph (pypdfium2) and as text (pypdf)."""

from __future__ import annotations

import io
import itertools
import unicodedata
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from brochure.layout.bidi import Direction, resolve_levels
from brochure.layout.fonts import FontFamily, register_family
from brochure.layout.rtl import Piece, draw_string, place_line, string_width
from brochure.layout.textlayer import TextParagraph

HEBREW = "הטיפול ב-Botox נמשך 3-4 חודשים (לפעמים יותר)."
ARABIC = "يستمر تأثير Botox عادة 3-4 أشهر (وأحيانا أكثر)."


def width(text: str, font: str, size: float) -> float:
    """Every character 1 wide, whatever the font: positions are easy to read."""
    return float(len(text))


def test_a_hebrew_line_runs_right_to_left_with_its_latin_word_left_to_right() -> None:
    pieces = [Piece("שלום Botox עולם", "F", 10, None)]
    line = place_line(pieces, Direction.RTL, width)
    # Written in reading order: the first Hebrew word, then Botox, then the last word.
    assert [run.text.strip() for run in line.runs] == ["םולש", "Botox", "םלוע"]
    first, botox, last = line.runs
    assert first.x > botox.x > last.x  # the first word at the right
    assert line.width == len("שלום Botox עולם")


def test_a_bracket_in_a_right_to_left_run_is_drawn_flipped_as_its_own_character() -> None:
    line = place_line([Piece("(שלום)", "F", 10, None)], Direction.RTL, width)
    assert [(run.text, run.flipped) for run in line.runs] == [
        ("(", True),
        ("םולש", False),
        (")", True),
    ]
    opening, _, closing = line.runs
    assert opening.x == 5 and closing.x == 0  # "(" at the right end


def test_a_line_without_right_to_left_text_stays_as_typed() -> None:
    line = place_line([Piece("+44 20 7946 0321", "F", 10, None)], Direction.LTR, width)
    assert [run.text for run in line.runs] == ["+44 20 7946 0321"]


def test_pieces_keep_their_style_and_the_outer_spaces_are_left_out() -> None:
    pieces = [Piece(" שלום ", "Regular", 10, None), Piece("עולם ", "Bold", 10, None)]
    line = place_line(pieces, Direction.RTL, width)
    assert [(run.text, run.piece) for run in line.runs] == [(" םולש", 0), ("םלוע", 1)]
    assert line.width == len("שלום עולם")
    assert line.runs[0].x > line.runs[1].x


def test_a_line_takes_its_levels_from_the_whole_paragraph() -> None:
    # "3 Botox" starts the second line of "שלום Dysport 3 Botox": after Dysport, the 3 reads
    # left to right with Botox (UAX #9, W7); resolved on its own line, it would not.
    paragraph = "שלום Dysport 3 Botox"
    levels = resolve_levels(paragraph, Direction.RTL)
    line = [Piece("3 Botox", "F", 10, None)]
    start = paragraph.index("3")
    joined = place_line(line, Direction.RTL, width, levels[start:])
    alone = place_line(line, Direction.RTL, width)
    three = next(run for run in joined.runs if "3" in run.text)
    assert three.x == 0  # "3 Botox", as typed
    three_alone = next(run for run in alone.runs if "3" in run.text)
    assert three_alone.x > 0  # "Botox 3": what a line resolved alone would show


@given(st.text(alphabet="אבג dog 12-().,", max_size=40))
@settings(max_examples=200, deadline=None)
def test_every_character_is_placed_once_inside_the_line(text: str) -> None:
    line = place_line([Piece(text, "F", 10, None)], Direction.RTL, width)
    assert sorted(c for run in line.runs for c in run.text) == sorted(text.strip())
    spans = sorted((run.x, run.x + run.width) for run in line.runs)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end - 1e-9  # no two runs overlap
    assert all(run.x >= 0 and run.x + run.width <= line.width + 1e-9 for run in line.runs)


# --- drawn into a PDF --------------------------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    right: float


def glyphs(data: bytes) -> list[Glyph]:
    """Each character pdfium finds on page 1, in content order, with its box."""
    page = pdfium.PdfDocument(data)[0]
    text = page.get_textpage()
    found = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        left, _, right, _ = text.get_charbox(index, loose=True)
        if char.strip():
            found.append(Glyph(char, left, right))
    return found


@pytest.fixture(scope="module")
def family() -> FontFamily:
    return register_family(None, HEBREW + ARABIC)


def paragraph_pdf(
    text: str, family: FontFamily, frame_width: float = 300, direction: str = "rtl"
) -> bytes:
    style = ParagraphStyle("rtl", fontName=family.regular, fontSize=12, leading=16)
    style.alignment = TA_RIGHT if direction == "rtl" else TA_LEFT
    style.family = family
    style.direction = direction
    from brochure.layout.richtext import escape_text

    paragraph = TextParagraph(escape_text(text), style)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 200), invariant=1)
    paragraph.wrap(frame_width, 200)
    paragraph.drawOn(canvas, 50, 100)
    canvas.save()
    return buffer.getvalue()


def test_hebrew_glyphs_run_right_to_left_and_the_latin_word_left_to_right(
    family: FontFamily,
) -> None:
    drawn = glyphs(paragraph_pdf(HEBREW, family))
    chars = "".join(g.char for g in drawn)
    # pdfium gives each glyph with its box, a line's right-to-left runs in reading order.
    word = "הטיפול"
    start = chars.index(word)
    lefts = [g.left for g in drawn[start : start + len(word)]]
    assert lefts == sorted(lefts, reverse=True)  # each letter left of the one before
    botox = chars.index("Botox")
    latin = [g.left for g in drawn[botox : botox + 5]]
    assert latin == sorted(latin)
    # "ב-" comes before Botox in reading order: it stands to Botox's right.
    assert drawn[chars.index("ב")].left > drawn[botox + 4].right - 0.01
    # The line ends flush right at the frame's right edge (x = 50 + 300).
    assert max(g.right for g in drawn) == pytest.approx(350, abs=0.5)


def test_arabic_is_drawn_in_joined_forms_and_read_back_in_order(family: FontFamily) -> None:
    data = paragraph_pdf(ARABIC, family)
    # The glyphs drawn are the letters' joined forms (before the finishing pass maps them
    # back to letters for the text layer).
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    forms = [char for char in text if 0xFE70 <= ord(char) <= 0xFEFF]
    assert len(forms) > 20 and "\ufefb" not in ARABIC  # initial, medial and final forms
    assert unicodedata.normalize("NFKC", text).split() == ARABIC.split()
    # Glyph by glyph (pdfium reads the forms as letters): right to left within a word.
    drawn = glyphs(data)
    chars = "".join(g.char for g in drawn)
    start = chars.index("تأثير")
    lefts = [g.left for g in drawn[start : start + 5]]
    assert lefts == sorted(lefts, reverse=True)
    botox = chars.index("Botox")
    assert [g.left for g in drawn[botox : botox + 5]] == sorted(
        g.left for g in drawn[botox : botox + 5]
    )


def test_text_extraction_reads_the_sentence_as_written(family: FontFamily) -> None:
    data = paragraph_pdf(HEBREW, family)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert text.split() == HEBREW.split()


def test_a_long_paragraph_reads_back_in_order_line_after_line(family: FontFamily) -> None:
    sentence = " ".join([HEBREW] * 4)
    data = paragraph_pdf(sentence, family, frame_width=180)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert len(text.splitlines()) > 3
    assert text.split() == sentence.split()


def test_hebrew_letters_go_into_the_shipped_face_and_latin_stays_in_the_brand_font(
    family: FontFamily,
) -> None:
    style = ParagraphStyle("p", fontName=family.bold)
    style.family = family
    paragraph = TextParagraph("שלום Botox", style)
    faces = [(frag.text, frag.fontName) for frag in paragraph.frags]
    hebrew_bold = family.fallbacks[0].bold
    assert faces == [("שלום", hebrew_bold), (" Botox", family.bold)]


def test_one_line_of_plain_text_is_measured_and_drawn_in_its_faces(family: FontFamily) -> None:
    text = "עמוד 1 מתוך 3"
    assert string_width(text, family.regular, 10, family) > 0
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 100), invariant=1)
    draw_string(canvas, 20, 50, text, family.regular, 10, family)
    canvas.save()
    assert PdfReader(buffer).pages[0].extract_text().split() == text.split()
    drawn = glyphs(buffer.getvalue())
    assert min(g.left for g in drawn) == pytest.approx(20, abs=0.5)
    right = max(g.right for g in drawn)
    assert right - 20 == pytest.approx(string_width(text, family.regular, 10, family), abs=0.5)


def test_a_hebrew_name_in_an_english_paragraph_reads_right_to_left_in_its_place(
    family: FontFamily,
) -> None:
    sentence = "Ask for Dr Cohen כהן at the front desk."
    data = paragraph_pdf(sentence, family, direction="ltr")
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().split() == sentence.split()
    drawn = glyphs(data)
    chars = "".join(g.char for g in drawn)
    assert min(g.left for g in drawn) == pytest.approx(50, abs=0.5)  # starts at the left
    start = chars.index("כהן")
    lefts = [g.left for g in drawn[start : start + 3]]
    assert lefts == sorted(lefts, reverse=True)  # the name itself right to left
    assert drawn[chars.index("Ask")].left < drawn[start].left < drawn[chars.index("desk")].left


def test_hebrew_bold_italic_and_links_keep_their_style_and_place(family: FontFamily) -> None:
    from brochure.content.markup import parse_inline
    from brochure.layout.richtext import to_reportlab

    runs = parse_inline("טיפול **חשוב** גם *עדין* [לקביעת תור](https://clinic.example/book) היום")
    style = ParagraphStyle("rtl", fontName=family.regular, fontSize=12, leading=16)
    style.alignment, style.family, style.direction = TA_RIGHT, family, "rtl"
    paragraph = TextParagraph(to_reportlab(runs, "#0000FF"), style)
    faces = {frag.text: frag.fontName for frag in paragraph.frags if frag.text.strip()}
    hebrew = family.fallbacks[0]
    assert faces["חשוב"] == hebrew.bold and faces["טיפול"] == hebrew.regular
    assert faces["עדין"] == hebrew.regular  # Hebrew has no italic: set upright
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 200), invariant=1)
    paragraph.wrap(300, 200)
    paragraph.drawOn(canvas, 50, 100)
    canvas.save()
    data = buffer.getvalue()
    said = "טיפול חשוב גם עדין לקביעת תור היום"
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().split() == said.split()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (link,) = pdf.pages[0].obj.Annots  # one link, however many runs it was drawn in
        assert str(link.A.URI) == "https://clinic.example/book"
        left, _, right, _ = (float(v) for v in link.Rect)
    drawn = glyphs(data)
    chars = "".join(g.char for g in drawn)
    start = chars.index("לקביעת")
    inside = drawn[start : start + len("לקביעתתור")]  # glyphs: no spaces
    assert all(left - 0.5 <= g.left and g.right <= right + 0.5 for g in inside)
    before = drawn[chars.index("היום")]  # read after the link: drawn left of it
    assert before.right <= left + 0.5
