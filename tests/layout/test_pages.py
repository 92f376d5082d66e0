"""Page templates and the footer: "Page N of M" on every page, painted once the count is known."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageBreak, Paragraph

from brochure.layout.bidi import Direction
from brochure.layout.fonts import register_family
from brochure.layout.pages import (
    MARK_LENGTH,
    FooterCanvas,
    FooterText,
    Sheet,
    contact_fits,
    footer_painter,
    footer_placement,
    page_templates,
)
from brochure.layout.theme import Theme

TEXT = FooterText("Clinic", "+1 555 0100", "clinic.example", "Ask first.", "Page {page} of {pages}")


def build(theme: Theme, pages: int) -> bytes:
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=(theme.grid.page_width, theme.grid.page_height),
        invariant=1,
        initialFontName=theme.fonts.regular,
    )
    document.addPageTemplates(page_templates(theme))
    story: list[Flowable] = []
    for number in range(pages):
        if number:
            story.append(PageBreak())
        story.append(Paragraph(f"Body of page {number + 1}"))
    canvasmaker = partial(FooterCanvas, footer=footer_painter(theme, TEXT))
    document.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def test_every_page_says_its_number_and_the_total(theme: Theme) -> None:
    reader = PdfReader(io.BytesIO(build(theme, 4)))
    assert len(reader.pages) == 4
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of 4" in text
        assert f"Body of page {number}" in text
        assert "Clinic" in text and "Ask first." in text


class Recorder(Canvas):
    """A canvas that notes the baseline of every string and the height of every line drawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heights: list[float] = []
        self.strings: list[tuple[float, float, str]] = []
        self.rects: list[tuple[float, float, float, float]] = []

    def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        self.strings.append((x, y, text))
        super().drawString(x, y, text, *args, **kwargs)

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        self.strings.append((x - self.stringWidth(text), y, text))
        super().drawRightString(x, y, text, *args, **kwargs)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.heights += [y1, y2]
        super().line(x1, y1, x2, y2)

    def rect(self, x: float, y: float, width: float, height: float, *args: Any, **kw: Any) -> None:
        self.rects.append((x, y, width, height))
        super().rect(x, y, width, height, *args, **kw)


def test_the_footer_is_drawn_below_the_frames_and_inside_the_margins(theme: Theme) -> None:
    grid = theme.grid
    canvas = Recorder(io.BytesIO(), pagesize=(grid.page_width, grid.page_height))
    canvas.setFont(theme.fonts.regular, 9)
    footer_painter(theme, TEXT)(canvas, 2, 3)
    baselines = [y for _, y, _ in canvas.strings]
    assert {t for _, _, t in canvas.strings} >= {"Clinic", "Page 2 of 3", "Ask first."}
    assert max(baselines + canvas.heights) < grid.frame_bottom  # below the flowing content
    assert min(baselines) >= 10 * 72 / 25.4  # nothing but backgrounds within 10 mm of the edge
    assert min(x for x, _, _ in canvas.strings) >= grid.margin
    right = max(x + canvas.stringWidth(t, theme.fonts.regular, 9) for x, _, t in canvas.strings)
    assert right <= grid.page_width - grid.margin + 0.01


def paint_footer(theme: Theme) -> Recorder:
    grid = theme.grid
    canvas = Recorder(io.BytesIO(), pagesize=(grid.page_width, grid.page_height))
    footer_painter(theme, TEXT)(canvas, 2, 3)
    return canvas


def test_the_footer_is_painted_where_its_placement_says(theme: Theme) -> None:
    place = footer_placement(theme)
    canvas = paint_footer(theme)
    assert canvas.heights == [place.rule_y, place.rule_y]
    baselines = {text: (x, y) for x, y, text in canvas.strings}
    assert baselines["Clinic"] == (place.left, place.contact_y)
    assert baselines["Ask first."] == (place.left, place.reminder_y)
    assert baselines["Page 2 of 3"][1] == place.contact_y
    assert place.rule_y > place.contact_y > place.reminder_y
    line = theme.scale.small * theme.furniture.footer_leading
    assert place.contact_y - place.reminder_y == pytest.approx(line)


def test_the_footer_moves_with_its_knobs(theme: Theme) -> None:
    furniture = theme.furniture
    lower = replace(theme, furniture=replace(furniture, footer_rule_drop=20))
    before, after = footer_placement(theme), footer_placement(lower)
    drop = 20 - furniture.footer_rule_drop
    assert after.rule_y == pytest.approx(before.rule_y - drop)
    assert after.contact_y == pytest.approx(before.contact_y - drop)
    assert after.reminder_y == pytest.approx(before.reminder_y - drop)
    assert paint_footer(lower).heights == [after.rule_y, after.rule_y]
    # The room kept beside "Page N of M" decides whether the contact line fits.
    assert contact_fits(theme, TEXT)
    wide_gap = replace(theme, furniture=replace(furniture, footer_label_gap=theme.grid.width))
    assert not contact_fits(wide_gap, TEXT)


def test_the_strip_on_following_pages_is_as_tall_as_the_theme_says(theme: Theme) -> None:
    grid = theme.grid
    for height in (theme.furniture.strip_height, 20.0):
        themed = replace(theme, furniture=replace(theme.furniture, strip_height=height))
        _, following = page_templates(themed)
        canvas = Recorder(io.BytesIO(), pagesize=(grid.page_width, grid.page_height))
        following.onPage(canvas, None)
        assert canvas.rects == [(0, grid.page_height - height, grid.page_width, height)]


def test_the_frames_leave_the_footer_its_room(theme: Theme) -> None:
    grid = theme.grid
    cover, following = page_templates(theme)
    for template in (cover, following):
        (frame,) = template.frames
        assert frame.y1 == grid.frame_bottom
        assert frame.x1 == grid.margin and frame.width == grid.width
    # The cover's frame starts at the paper's top edge, so its band can bleed off the page.
    assert cover.frames[0].y1 + cover.frames[0].height == grid.page_height
    assert following.frames[0].y1 + following.frames[0].height == grid.page_height - grid.margin
    assert cover.autoNextPageTemplate == "page"


# --- the sheet: trim, bleed and crop marks -------------------------------------------------

MM = 72 / 25.4
A4_TRIM = (210 * MM, 297 * MM)


def outside(line: tuple[float, float, float, float], box: tuple[float, ...]) -> bool:
    """Whether the segment ``line`` lies wholly outside ``box`` (touching its edge counts)."""
    left, right = sorted((line[0], line[2]))
    bottom, top = sorted((line[1], line[3]))
    return right <= box[0] or left >= box[2] or top <= box[1] or bottom >= box[3]


def test_a_sheet_with_bleed_and_marks() -> None:
    sheet = Sheet(*A4_TRIM, bleed=3 * MM, marks=True)
    x0, y0, x1, y1 = sheet.trim_box
    assert (x1 - x0, y1 - y0) == pytest.approx(A4_TRIM)
    assert sheet.bleed_box == pytest.approx((x0 - 3 * MM, y0 - 3 * MM, x1 + 3 * MM, y1 + 3 * MM))
    width, height = sheet.size
    assert (width - x1, height - y1) == pytest.approx((x0, y0))  # centred on the sheet
    assert sheet.bleed_box[0] > 0 and sheet.bleed_box[2] < width  # room for the marks


def test_a_sheet_without_marks_is_the_bleed_box() -> None:
    sheet = Sheet(*A4_TRIM, bleed=3 * MM)
    assert sheet.offset == pytest.approx(3 * MM)
    assert sheet.bleed_box == pytest.approx((0, 0, *sheet.size))


def test_a_plain_sheet_is_the_page() -> None:
    sheet = Sheet(*A4_TRIM)
    assert sheet.offset == 0
    assert sheet.size == A4_TRIM
    assert sheet.trim_box == sheet.bleed_box == (0, 0, *A4_TRIM)


@given(
    st.floats(72, 2000),
    st.floats(72, 2000),
    st.floats(0, 30 * MM),
)
def test_crop_marks_are_eight_lines_between_the_bleed_and_the_sheet_edge(
    width: float, height: float, bleed: float
) -> None:
    sheet = Sheet(width, height, bleed, marks=True)
    lines = sheet.mark_lines()
    assert len(lines) == 8
    assert len(set(lines)) == 8
    sheet_width, sheet_height = sheet.size
    trim = sheet.trim_box
    for line in lines:
        assert outside(line, sheet.bleed_box), f"{line} reaches into the bleed"
        assert min(line) >= 0
        assert max(line[0], line[2]) <= sheet_width and max(line[1], line[3]) <= sheet_height
        x0, y0, x1, y1 = line
        assert (x0 == x1 and x0 in (trim[0], trim[2])) or (y0 == y1 and y0 in (trim[1], trim[3]))
        assert math.hypot(x1 - x0, y1 - y0) == pytest.approx(MARK_LENGTH)


def test_the_footer_canvas_sets_the_boxes_and_draws_the_marks(theme: Theme) -> None:
    from reportlab.lib.colors import CMYKColor

    sheet = Sheet(theme.grid.page_width, theme.grid.page_height, 3 * MM, marks=True)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=sheet.size, invariant=1, initialFontName=theme.fonts.regular
    )
    document.addPageTemplates(page_templates(theme, sheet))
    canvasmaker = partial(
        FooterCanvas,
        footer=footer_painter(theme, TEXT),
        sheet=sheet,
        registration=CMYKColor(1, 1, 1, 1),
    )
    document.build(
        [Paragraph("Body one"), PageBreak(), Paragraph("Body two")], canvasmaker=canvasmaker
    )
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert [float(v) for v in page.trimbox] == pytest.approx(sheet.trim_box)
        assert [float(v) for v in page.bleedbox] == pytest.approx(sheet.bleed_box)
        assert [float(v) for v in page.mediabox] == pytest.approx((0, 0, *sheet.size))
        contents = page.get_contents()
        assert contents is not None
        stream = contents.get_data()
        assert b"1 1 1 1 K" in stream and b".25 w" in stream
        assert stream.count(b" l\n") + stream.count(b" l ") >= 8


def test_a_right_to_left_footer_is_mirrored(theme: Theme) -> None:
    rtl = replace(theme, direction=Direction.RTL)
    place = footer_placement(rtl)
    canvas = paint_footer(rtl)
    starts = {text: x for x, _, text in canvas.strings}
    regular, bold, size = rtl.fonts.regular, rtl.fonts.bold, rtl.scale.small
    # The clinic's name ends at the right margin, phone and website to its left...
    assert starts["Clinic"] + canvas.stringWidth("Clinic", bold, size) == pytest.approx(place.right)
    rest = next(text for text in starts if "clinic.example" in text)
    assert rest.index("clinic.example") < rest.index("+1 555 0100")
    assert starts[rest] + canvas.stringWidth(rest, regular, size) == pytest.approx(starts["Clinic"])
    # ... the page label starts at the left margin, and the reminder ends at the right one.
    assert starts["Page 2 of 3"] == pytest.approx(place.left)
    reminder_end = starts["Ask first."] + canvas.stringWidth("Ask first.", regular, size)
    assert reminder_end == pytest.approx(place.right)


def test_a_hebrew_footer_reads_back_in_its_own_words_and_digits(theme: Theme) -> None:
    hebrew = FooterText(
        "מרפאה",
        "+1 555 0100",
        "clinic.example",
        "שאלו קודם.",
        "עמוד {page} מתוך {pages}",
        "٠١٢٣٤٥٦٧٨٩",
    )
    fonts = register_family(None, hebrew.clinic + hebrew.page_of + hebrew.digits)
    rtl = replace(theme, direction=Direction.RTL, fonts=fonts)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(rtl.grid.page_width, rtl.grid.page_height), invariant=1)
    footer_painter(rtl, hebrew)(canvas, 2, 3)
    canvas.save()
    text = PdfReader(buffer).pages[0].extract_text()
    assert "עמוד ٢ מתוך ٣" in text
    assert "מרפאה" in text and "שאלו קודם." in text


def test_a_right_to_left_footer_keeps_its_parts_apart_inside_the_margins(theme: Theme) -> None:
    rtl = replace(theme, direction=Direction.RTL)
    place = footer_placement(rtl)
    assert place == footer_placement(theme)  # the same rule and baselines, only mirrored
    canvas = paint_footer(rtl)
    assert canvas.heights == [place.rule_y, place.rule_y]  # the rule from margin to margin
    regular, bold, size = rtl.fonts.regular, rtl.fonts.bold, rtl.scale.small
    spans = {}
    for x, _, text in canvas.strings:
        font = bold if text == "Clinic" else regular
        spans[text] = (x, x + canvas.stringWidth(text, font, size))
    assert min(start for start, _ in spans.values()) >= place.left - 0.01
    assert max(end for _, end in spans.values()) <= place.right + 0.01
    # "Page 2 of 3" at the left, the contact line's start (its left end) the gap beyond it.
    rest = next(text for text in spans if "clinic.example" in text)
    assert spans["Page 2 of 3"][1] + rtl.furniture.footer_label_gap <= spans[rest][0]
    assert spans[rest][1] == pytest.approx(spans["Clinic"][0])


def test_the_strip_of_a_right_to_left_leaflet_still_spans_the_paper(theme: Theme) -> None:
    grid = theme.grid
    _, following = page_templates(replace(theme, direction=Direction.RTL))
    canvas = Recorder(io.BytesIO(), pagesize=(grid.page_width, grid.page_height))
    following.onPage(canvas, None)
    strip = theme.furniture.strip_height
    assert canvas.rects == [(0, grid.page_height - strip, grid.page_width, strip)]


class _Recording(FooterCanvas):
    """A FooterCanvas noting what its document holds when it is about to be written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen: list[tuple[int, list[str]]] = []

    def before_writing(self) -> None:
        document: Any = self._doc  # type: ignore[attr-defined]  # private to ReportLab
        forms = [name for name in document.idToObject if name.startswith("FormXob.footer")]
        self.seen.append((len(document.Pages.pages), forms))


def test_before_writing_is_called_once_every_page_and_footer_is_drawn(theme: Theme) -> None:
    buffer = io.BytesIO()
    canvas = _Recording(buffer, footer=footer_painter(theme, TEXT))
    for _ in range(3):
        canvas.drawString(10, 10, "page")
        canvas.showPage()
    canvas.save()
    assert canvas.seen == [(3, ["FormXob.footer1", "FormXob.footer2", "FormXob.footer3"])]
    assert buffer.getvalue().startswith(b"%PDF-")
