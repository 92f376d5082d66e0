"""The rendered PDF, read back with pypdf (text, structure) and pypdfium2 (text under links).

Most tests run twice: on the sample leaflet built through the library and through the CLI.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NumberObject

import brochure
from brochure.messages import messages_for
from brochure.pdf.render import RenderOptions
from tests.helpers import A4, LETTER, ROOT, copy_sample, page_sizes, pdf_dict

EXPECTED_PAGES = 3
"""The sample leaflet fills three A4 pages (cover + sections, benefit cards, safety + contact)."""

FOOTER_FRACTION = 0.1
"""The footer sits in the bottom tenth of the page; nothing else does."""

SUBSET_NAME = re.compile(r"^[A-Z]{6}\+")


# --- helpers ---------------------------------------------------------------------------------


def reader_of(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def normalise(text: str) -> str:
    """Join words hyphenated at a line end ("neuromodulat-\\nors"), then collapse whitespace."""
    text = re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", "", text)
    return " ".join(text.split())


def page_texts(data: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in reader_of(data).pages]


def full_text(data: bytes) -> str:
    return normalise("\n".join(page.extract_text() for page in reader_of(data).pages))


def assert_in_order(text: str, needles: list[str]) -> None:
    """Every needle occurs in ``text``, each after the previous one."""
    position = 0
    for index, needle in enumerate(needles):
        needle = normalise(needle)
        found = text.find(needle, position)
        if found < 0:
            where = "anywhere" if needle not in text else f"only before {needles[index - 1]!r}"
            pytest.fail(f"{needle!r} is not in the extracted text {where}:\n{text}")
        position = found + len(needle)


def footer_text(page: Any) -> str:
    """The text drawn in the bottom tenth of a page."""
    height = float(page.mediabox.height)
    parts: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y < height * FOOTER_FRACTION:
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return normalise(" ".join(parts))


def outline_items(reader: PdfReader) -> Iterator[tuple[int, Any]]:
    """(depth, destination) of every outline entry, in document order."""

    def walk(items: list[Any], depth: int) -> Iterator[tuple[int, Any]]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item

    yield from walk(reader.outline, 0)


def all_objects(reader: PdfReader) -> Iterator[Any]:
    """Every indirect object in the file, whether or not a page refers to it."""
    size = reader.trailer["/Size"]
    assert isinstance(size, NumberObject)
    for number in range(1, int(size)):
        try:
            obj = reader.get_object(number)
        except Exception:  # a free entry in the cross-reference table
            continue
        if obj is not None:
            yield obj


def links(data: bytes) -> list[tuple[int, str, str]]:
    """(page index, URI, the text lying under the link's rectangle) of every link."""
    found: list[tuple[int, str, str]] = []
    document = pdfium.PdfDocument(data)
    try:
        for index, page in enumerate(reader_of(data).pages):
            annotations = page.get("/Annots")
            if not annotations:
                continue
            text_page = document[index].get_textpage()
            for ref in annotations:
                annotation = ref.get_object()
                if annotation.get("/Subtype") != "/Link":
                    continue
                action = annotation.get("/A")
                assert action is not None, f"link without an action on page {index + 1}"
                action = action.get_object()
                assert action.get("/S") == "/URI", f"not a URI action: {action}"
                x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
                assert x1 > x0 and y1 > y0, f"empty link rectangle {annotation['/Rect']}"
                under = text_page.get_text_bounded(x0, y0, x1, y1)
                found.append((index, str(action["/URI"]), normalise(under)))
    finally:
        document.close()
    return found


def without_scheme(url: str) -> str:
    return re.sub(r"^https?://", "", url).rstrip("/")


def blocks(body: str) -> list[str]:
    """The paragraphs and bullet items of a body, in order, each as the words a reader sees
    (the bullet mark is the layout's): blank lines separate paragraphs, a line starting with
    "- " starts an item, an indented line continues the item above and any other line after an
    item starts a paragraph. The sample's bodies have no emphasis or links to remove."""
    found: list[str] = []
    for chunk in re.split(r"\n[ \t]*\n", body.strip()):
        filling = None  # the kind of block the last line went into
        for line in chunk.splitlines():
            if line.startswith("- "):
                found.append(line[2:])
                filling = "item"
            elif filling == "paragraph" or (filling == "item" and line[:1].isspace()):
                found[-1] += " " + line
            else:
                found.append(line)
                filling = "paragraph"
    return [normalise(text) for text in found]


# --- text, in reading order ------------------------------------------------------------------


def test_page_count(built_pdf: bytes) -> None:
    assert len(reader_of(built_pdf).pages) == EXPECTED_PAGES


def test_everything_is_in_reading_order(built_pdf: bytes, sample_content: dict[str, Any]) -> None:
    content = sample_content
    needles = [
        content["title"],
        content["intro"],
        *(section["heading"] for section in content["sections"]),
        content["benefits_heading"],
        *(benefit["title"] for benefit in content["benefits"]),
        content["safety_note"]["heading"],
        *blocks(content["safety_note"]["body"]),
    ]
    assert len(content["benefits"]) == 6
    assert_in_order(full_text(built_pdf), needles)


def test_benefit_titles_come_after_the_intro_and_before_the_safety_note(
    built_pdf: bytes, sample_content: dict[str, Any]
) -> None:
    text = full_text(built_pdf)
    intro_end = text.index(normalise(sample_content["intro"])) + len(
        normalise(sample_content["intro"])
    )
    safety = text.index(normalise(sample_content["safety_note"]["heading"]))
    positions = [text.index(normalise(b["title"])) for b in sample_content["benefits"]]
    assert positions == sorted(positions), "benefit titles are out of order"
    assert intro_end <= positions[0]
    assert positions[-1] < safety


def test_safety_note_is_printed_whole(built_pdf: bytes, sample_content: dict[str, Any]) -> None:
    note = sample_content["safety_note"]
    pages = page_texts(built_pdf)
    # The callout is never split: heading and whole body on one page.
    holding = [n for n, text in enumerate(pages, 1) if normalise(note["heading"]) in text]
    assert len(holding) == 1, f"safety heading found on pages {holding}"
    assert_in_order(pages[holding[0] - 1], [note["heading"], *blocks(note["body"])])


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_footer_on_every_page(
    paper: str, sample_pdf: bytes, letter_pdf: bytes, sample_content: dict[str, Any]
) -> None:
    reader = reader_of(sample_pdf if paper == "a4" else letter_pdf)
    total = len(reader.pages)
    clinic = sample_content["brand"]["name"]
    reminder = sample_content["safety_note"]["reminder"]
    for number, page in enumerate(reader.pages, 1):
        footer = footer_text(page)
        assert f"Page {number} of {total}" in footer, f"page {number} footer: {footer!r}"
        assert clinic in footer, f"page {number} footer: {footer!r}"
        assert reminder in footer, f"page {number} footer: {footer!r}"


# --- document structure ----------------------------------------------------------------------


def test_metadata(built_pdf: bytes, sample_content: dict[str, Any]) -> None:
    info = reader_of(built_pdf).metadata
    assert info is not None
    clinic = sample_content["brand"]["name"]
    assert info.get("/Title") == sample_content["title"]
    assert info.get("/Author") == clinic
    assert info.get("/Subject") == sample_content["subtitle"]
    keywords = str(info.get("/Keywords") or "")
    assert keywords.strip(), "no /Keywords"
    assert clinic in keywords
    assert brochure.__version__ in str(info.get("/Producer"))


def test_catalog_language_and_viewer_preferences(
    built_pdf: bytes, sample_content: dict[str, Any]
) -> None:
    catalog = pdf_dict(reader_of(built_pdf).trailer["/Root"])
    assert sample_content["locale"] == "en"
    assert catalog.get("/Lang") == "en"
    preferences = catalog.get("/ViewerPreferences")
    assert preferences is not None, "no /ViewerPreferences"
    display_title = preferences.get_object().get("/DisplayDocTitle")
    assert isinstance(display_title, BooleanObject), f"/DisplayDocTitle is {display_title!r}"
    assert display_title.value is True


def test_outline_has_every_heading_and_benefit_in_order(
    built_pdf: bytes, sample_content: dict[str, Any]
) -> None:
    items = list(outline_items(reader_of(built_pdf)))
    titles = [str(item.title) for _, item in items]
    expected = [
        sample_content["title"],
        *(section["heading"] for section in sample_content["sections"]),
        sample_content["benefits_heading"],
        *(benefit["title"] for benefit in sample_content["benefits"]),
        sample_content["safety_note"]["heading"],
    ]
    missing = [title for title in expected if title not in titles]
    assert not missing, f"not in the outline: {missing}; outline: {titles}"
    positions = [titles.index(title) for title in expected]
    assert positions == sorted(positions), f"outline out of reading order: {titles}"
    # Benefit cards are listed under the benefits heading.
    depth = {str(item.title): level for level, item in items}
    heading_depth = depth[sample_content["benefits_heading"]]
    assert all(depth[b["title"]] == heading_depth + 1 for b in sample_content["benefits"])


def test_outline_entries_go_to_the_page_showing_them(sample_pdf: bytes) -> None:
    reader = reader_of(sample_pdf)
    pages = page_texts(sample_pdf)
    wrong = []
    for _, item in outline_items(reader):
        index = reader.get_destination_page_number(item)
        assert index is not None, f"{item.title!r} goes to no page"
        if normalise(str(item.title)) not in pages[index]:
            wrong.append(f"{item.title!r} -> page {index + 1}")
    assert not wrong, "outline entries lead to the wrong page: " + "; ".join(wrong)


def test_contact_links_are_clickable_uri_actions(
    built_pdf: bytes, sample_content: dict[str, Any]
) -> None:
    brand = sample_content["brand"]
    expected = {
        "tel:" + re.sub(r"[^0-9+]", "", brand["phone"]): brand["phone"],
        "mailto:" + brand["email"]: brand["email"],
        brand["website"]: without_scheme(brand["website"]),
        brand["booking_url"]: without_scheme(brand["booking_url"]),
    }
    found = links(built_pdf)
    for uri, label in expected.items():
        under = [text for _, link_uri, text in found if link_uri == uri]
        assert under, f"no link to {uri}; links: {found}"
        assert label in under, f"the link to {uri} does not cover {label!r} (covers {under})"
    unexpected = {uri for _, uri, _ in found} - set(expected)
    assert not unexpected, f"unexpected links: {unexpected}"


def test_every_font_is_embedded_and_subset(built_pdf: bytes) -> None:
    reader = reader_of(built_pdf)
    fonts: list[DictionaryObject] = []
    for obj in all_objects(reader):
        if not isinstance(obj, DictionaryObject) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") == "/Type0":
            descendants = obj["/DescendantFonts"]
            assert isinstance(descendants, ArrayObject)
            fonts.extend(pdf_dict(d) for d in descendants)
        else:
            fonts.append(obj)
    names = sorted({str(font.get("/BaseFont")) for font in fonts})
    assert len(names) >= 2, f"expected at least a regular and a bold face, found {names}"
    problems = []
    for font in fonts:
        name = str(font.get("/BaseFont"))
        if not SUBSET_NAME.match(name.lstrip("/")):
            problems.append(f"{name}: not a subset (no XXXXXX+ prefix)")
        descriptor = font.get("/FontDescriptor")
        program = descriptor.get_object().get("/FontFile2") if descriptor is not None else None
        if program is None or not program.get_object().get_data():
            problems.append(f"{name}: not embedded (no FontFile2)")
    assert not problems, "\n".join(problems)
    # The brand's family, not a fallback.
    assert all(SUBSET_NAME.sub("", n.lstrip("/")).startswith("Lato") for n in names), names


def assert_no_standard_font(data: bytes) -> None:
    """No unembedded standard font is named anywhere, and every font a page uses is a subset."""
    for name in (b"Helvetica", b"Times-Roman", b"Courier", b"Symbol", b"ZapfDingbats"):
        assert name not in data, f"the PDF names the unembedded font {name.decode()}"
    for number, page in enumerate(reader_of(data).pages, 1):
        fonts = pdf_dict(page["/Resources"]).get("/Font")
        assert fonts, f"page {number} has no fonts"
        for key, ref in fonts.get_object().items():
            font = ref.get_object()
            assert SUBSET_NAME.match(str(font.get("/BaseFont")).lstrip("/")), (number, key)


def test_no_reference_to_a_standard_font(built_pdf: bytes) -> None:
    # Every font a page uses is one of the embedded fonts checked above.
    assert_no_standard_font(built_pdf)


def images(data: bytes) -> list[DictionaryObject]:
    """Every image XObject in the file."""
    return [
        obj
        for obj in all_objects(reader_of(data))
        if isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/Image"
    ]


def pixel_size(image: DictionaryObject) -> tuple[int, int]:
    """(width, height) of an image XObject, in pixels."""
    width, height = image["/Width"], image["/Height"]
    assert isinstance(width, NumberObject) and isinstance(height, NumberObject)
    return int(width), int(height)


def test_png_logo_is_an_image_and_adds_no_standard_font(project: Path) -> None:
    from PIL import Image, ImageDraw

    logo = Image.new("RGBA", (48, 24), (0, 0, 0, 0))  # transparent, with a half-opaque mark
    ImageDraw.Draw(logo).ellipse((4, 4, 44, 20), fill=(255, 255, 255, 160))
    logo.save(project / "assets" / "logo.png", format="PNG")
    brand_file = project / "assets" / "brand.yaml"
    brand = yaml.safe_load(brand_file.read_text("utf-8"))
    brand["logo"] = "logo.png"
    brand_file.write_text(yaml.safe_dump(brand, sort_keys=False), "utf-8")

    data = brochure.render_pdf(brochure.load_leaflet(project / "content.yaml"))
    found = images(data)
    logos = [i for i in found if pixel_size(i) == logo.size]
    assert logos, f"no {logo.size[0]}x{logo.size[1]} image XObject (images: {len(found)})"
    assert_no_standard_font(data)


# --- reproducibility -------------------------------------------------------------------------


def test_same_input_same_bytes(sample_project: Path, sample_pdf: bytes, cli_pdf: bytes) -> None:
    again = brochure.render_pdf(brochure.load_leaflet(sample_project / "content.yaml"))
    assert again == sample_pdf, "a second render in the same process differs"
    assert cli_pdf == sample_pdf, "the CLI and the library produce different bytes"


def test_output_does_not_depend_on_what_was_rendered_before(project: Path) -> None:
    """Sample, then another brand (inline, other colours, no fonts: the built-in Open Sans),
    then the sample again: the first and the last are the same bytes."""
    sample = brochure.load_leaflet(project / "content.yaml")
    first = brochure.render_pdf(sample)

    content = yaml.safe_load((project / "content.yaml").read_text("utf-8"))
    brand = yaml.safe_load((project / content["brand"]).read_text("utf-8"))
    del brand["fonts"]
    brand.pop("logo", None)
    brand.update(primary_color="#6A1B4D", accent_color="#2E7D32")
    content["brand"] = brand
    other_file = project / "other.yaml"
    other_file.write_text(yaml.safe_dump(content, sort_keys=False), "utf-8")
    other = brochure.render_pdf(brochure.load_leaflet(other_file))
    assert other != first
    fonts = {
        SUBSET_NAME.sub("", str(obj["/BaseFont"]).lstrip("/"))
        for obj in all_objects(reader_of(other))
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Font"
    }
    assert fonts and all(name.startswith("OpenSans") for name in fonts), fonts

    assert brochure.render_pdf(sample) == first, "rendering another brand changed the sample"
    reloaded = brochure.load_leaflet(project / "content.yaml")
    assert brochure.render_pdf(reloaded) == first


def test_source_date_epoch_sets_the_dates(
    sample_project: Path, sample_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    leaflet = brochure.load_leaflet(sample_project / "content.yaml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    first = brochure.render_pdf(leaflet)
    info = reader_of(first).metadata
    assert info is not None
    assert str(info["/CreationDate"]).startswith("D:20231114221320")
    assert str(info["/ModDate"]).startswith("D:20231114221320")
    assert brochure.render_pdf(leaflet) == first, "not reproducible with SOURCE_DATE_EPOCH set"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")  # 2001-09-09 01:46:40 UTC
    info = reader_of(brochure.render_pdf(leaflet)).metadata
    assert info is not None
    assert str(info["/CreationDate"]).startswith("D:20010909014640")
    # Without it, a fixed date (so that rebuilds are identical), not the clock.
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    info = reader_of(brochure.render_pdf(leaflet)).metadata
    assert info is not None
    sample_info = reader_of(sample_pdf).metadata
    assert sample_info is not None
    assert str(info["/CreationDate"]) == str(sample_info["/CreationDate"])


# --- paper -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def letter_pdf(sample_project: Path) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        leaflet = brochure.load_leaflet(sample_project / "content.yaml")
        return brochure.render_pdf(leaflet, RenderOptions(paper="letter"))


def test_a4_page_box(built_pdf: bytes) -> None:
    for size in page_sizes(built_pdf):
        assert size == pytest.approx(A4, abs=0.01)


def test_letter_page_box(letter_pdf: bytes, sample_content: dict[str, Any]) -> None:
    sizes = page_sizes(letter_pdf)
    assert len(sizes) >= 1
    for size in sizes:
        assert size == pytest.approx(LETTER, abs=0.01)
    needles = [b["title"] for b in sample_content["benefits"]]
    assert_in_order(full_text(letter_pdf), [*needles, sample_content["safety_note"]["heading"]])


# --- the one-sheet format --------------------------------------------------------------------

BODY_FLOOR = 11.5
"""No text a patient reads is set smaller than this, in points..."""
SMALL_PRINT_FLOOR = 8.5
"""...but for the small print: the footer and the captions (the QR code's, the benefit numbers)."""

SHEETS = [
    (content, paper)
    for content in ("content.yaml", "content.es.yaml")
    for paper in ("a4", "letter")
]


@pytest.fixture(scope="module")
def editions_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample project with the Spanish edition beside the English one."""
    root = copy_sample(tmp_path_factory.mktemp("editions") / "project")
    (root / "content.es.yaml").write_bytes((ROOT / "content.es.yaml").read_bytes())
    return root


def text_runs(data: bytes) -> list[tuple[int, float, str, bool]]:
    """(page, font size in points, text, whether it lies in the footer band) of each run of text
    PDFium reads at one size, in its reading order. Whitespace (PDFium makes some up, at the
    size 1) ends no run; the text is whitespace-normalised."""
    runs: list[tuple[int, float, str, bool]] = []
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            footer_top = page.get_height() * FOOTER_FRACTION
            text_page = page.get_textpage()
            for char_index in range(text_page.count_chars()):
                char = text_page.get_text_range(char_index, 1)
                number, size, text, in_footer = runs[-1] if runs else (0, 0.0, "", False)
                if not char.strip():
                    if runs:
                        runs[-1] = (number, size, text + " ", in_footer)
                    continue
                this = (
                    index + 1,
                    round(pdfium.raw.FPDFText_GetFontSize(text_page.raw, char_index), 2),
                    text_page.get_charbox(char_index)[1] < footer_top,
                )
                if runs and this == (number, size, in_footer):
                    runs[-1] = (number, size, text + char, in_footer)
                else:
                    runs.append((this[0], this[1], char, this[2]))
    finally:
        document.close()
    return [(page, size, " ".join(text.split()), footer) for page, size, text, footer in runs]


@pytest.mark.parametrize(("content", "paper"), SHEETS)
def test_the_sample_sheet_is_two_pages_with_no_body_text_under_11_5_pt(
    editions_project: Path, content: str, paper: str
) -> None:
    leaflet = brochure.load_leaflet(editions_project / content)
    options = RenderOptions.for_profile("screen", format="sheet", paper=paper)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        data = brochure.render_pdf(leaflet, options)
    assert len(reader_of(data).pages) == 2
    assert page_sizes(data) == [pytest.approx(A4 if paper == "a4" else LETTER, abs=0.01)] * 2
    captions = {
        messages_for(leaflet.locale, leaflet.messages).scan_to_book,
        *(f"{number:02d}" for number in range(1, len(leaflet.benefits) + 1)),
    }
    runs = text_runs(data)
    texts = {text for _, _, text, _ in runs}
    assert captions <= texts, f"captions not read on their own: {captions - texts}"
    assert {footer for *_, footer in runs} == {True, False}
    body = [(size, text) for _, size, text, footer in runs if not footer and text not in captions]
    small = [(size, text) for _, size, text, footer in runs if footer or text in captions]
    assert min(body)[0] >= BODY_FLOOR - 0.01, f"body text at {min(body)}"
    assert min(small)[0] >= SMALL_PRINT_FLOOR - 0.01, f"small print at {min(small)}"


# --- user text is text -----------------------------------------------------------------------


TRICKY = {
    "title": "Care at A&E <b>before</b> you go",
    "intro": "If x<y, go to A&E. Questions? Write to <info@clinic.example> with <b> as typed.",
    "section_heading": "When x<y & <b>why</b>",
    "benefit_title": "Fewer <b>lines</b> & x<y",
    "benefit_body": "Ask A&E or <info@clinic.example> if x<y; <b>stays</b> literal.",
    "safety_heading": "A&E first, if x<y",
    "safety_body": "Email <info@clinic.example> or call A&E. <b> is not bold.",
    "clinic": "Lumen & Co <Skin> Clinic",
}


@pytest.fixture
def tricky_content(project: Path) -> Path:
    """A copy of the sample whose text looks like markup."""
    content = yaml.safe_load((project / "content.yaml").read_text("utf-8"))
    content["title"] = TRICKY["title"]
    content["intro"] = TRICKY["intro"]
    content["sections"][0]["heading"] = TRICKY["section_heading"]
    content["benefits"][0]["title"] = TRICKY["benefit_title"]
    content["benefits"][0]["body"] = TRICKY["benefit_body"]
    content["safety_note"]["heading"] = TRICKY["safety_heading"]
    content["safety_note"]["body"] = TRICKY["safety_body"]
    (project / "content.yaml").write_text(yaml.safe_dump(content, sort_keys=False), "utf-8")
    brand_file = project / "assets" / "brand.yaml"
    brand = yaml.safe_load(brand_file.read_text("utf-8"))
    brand["name"] = TRICKY["clinic"]
    brand_file.write_text(yaml.safe_dump(brand, sort_keys=False), "utf-8")
    return project / "content.yaml"


def test_user_text_prints_exactly_as_typed(tricky_content: Path) -> None:
    tricky_pdf = brochure.render_pdf(brochure.load_leaflet(tricky_content))
    text = full_text(tricky_pdf)
    missing = [value for value in TRICKY.values() if normalise(value) not in text]
    assert not missing, f"not printed as typed: {missing}\n{text}"
    for escaped in ("&amp;", "&lt;", "&gt;", "&#"):
        assert escaped not in text
    reader = reader_of(tricky_pdf)
    for page in reader.pages:
        assert TRICKY["clinic"] in footer_text(page)
    titles = [str(item.title) for _, item in outline_items(reader)]
    for key in ("title", "section_heading", "benefit_title", "safety_heading"):
        assert TRICKY[key] in titles, f"{TRICKY[key]!r} not in the outline {titles}"
    info = reader.metadata
    assert info is not None
    assert info.title == TRICKY["title"]
    assert info.author == TRICKY["clinic"]


def test_language_follows_the_locale(project: Path) -> None:
    content_file = project / "content.yaml"
    content_file.write_text(
        content_file.read_text("utf-8").replace("locale: en", "locale: es"), "utf-8"
    )
    data = brochure.render_pdf(brochure.load_leaflet(content_file))
    assert pdf_dict(reader_of(data).trailer["/Root"]).get("/Lang") == "es"


# --- property: any text the font can draw renders and reads back ----------------------------

DRAWABLE = st.characters(
    min_codepoint=0x20,
    max_codepoint=0x17F,  # Basic Latin, Latin-1 and Latin Extended-A: all in the sample's Lato
    blacklist_categories=("Cc", "Cf", "Zl", "Zp"),
)


LINE = st.text(DRAWABLE, max_size=80)
"""One line of a body, as typed (DRAWABLE has no line breaks)."""

MULTI_LINE_BODY = st.lists(
    st.tuples(st.sampled_from(["", "", "- ", "  "]), LINE, st.sampled_from(["\n", "\n\n"])),
    min_size=2,
    max_size=5,
).map(lambda lines: "".join(prefix + line + end for prefix, line, end in lines))
"""Paragraphs (blank lines between), wrapped lines, bullet items ("- ") and indented lines
continuing an item: what the body markup makes blocks of."""

BODY = st.one_of(st.text(DRAWABLE, min_size=1, max_size=300), MULTI_LINE_BODY).filter(str.strip)


def squeeze(text: str) -> str:
    """Text without whitespace, hyphens and bullet marks: what survives line breaking,
    hyphenation and list layout (DRAWABLE has no bullet character of its own)."""
    return re.sub(r"[\s\-\u00a0\u00ad\u2022]", "", text)


def has_every_glyph(char: str) -> bool:
    return True


def set_plain(body: str) -> str:
    """The reader's text of ``body`` as the leaflet sets it (typographic punctuation, links as
    typed)."""
    from brochure.content.markup import parse_blocks
    from brochure.layout.typography import typeset_runs

    return "\n\n".join(
        "".join(run.text for run in typeset_runs(block.runs, "en", has_every_glyph))
        for block in parse_blocks(body)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(DRAWABLE, min_size=1, max_size=90).filter(str.strip), body=BODY)
def test_any_drawable_text_renders_and_reads_back(title: str, body: str) -> None:
    from brochure.content.markup import MarkupError, plain_text
    from brochure.layout.typography import typeset

    sample = brochure.load_leaflet(ROOT / "content.yaml")
    try:
        plain_text(body)
    except MarkupError:
        return  # a link to a scheme that is not allowed: a located validation error instead
    benefit = sample.benefits[0].model_copy(update={"title": title.strip(), "body": body.strip()})
    leaflet = sample.model_copy(
        update={"title": title.strip(), "benefits": (benefit, *sample.benefits[1:])}
    )
    text = squeeze(
        "".join(page.extract_text() for page in reader_of(brochure.render_pdf(leaflet)).pages)
    )
    # The leaflet sets typographic punctuation; the fonts of the sample have every mark.
    assert squeeze(typeset(title, "en", has_every_glyph)) in text
    assert squeeze(set_plain(body)) in text


def test_the_page_shows_typographic_punctuation_and_the_source_is_untouched(
    built_pdf: bytes,
) -> None:
    text = " ".join(page.extract_text() for page in reader_of(built_pdf).pages)
    assert "3\u20134 months" in text and "3-4 months" not in text
    assert "skin\u2019s" in text and "skin's" not in text
    source = (ROOT / "content.yaml").read_text("utf-8")
    assert "3-4 months" in source and "\u2013" not in source


# --- the text layer: every word, as each reader extracts it ---------------------------------
#
# A line broken between two words ends with a space; a word the layout hyphenated ends its line
# with a soft hyphen (U+00AD), which a reader drops with the line break (ISO 32000-1, 14.8.2,
# "Incidental artifacts"): so the words read the same through pypdf, poppler's pdftotext and
# poppler's structure text (pdfinfo -struct-text, which runs each element's text together).


def read(text: str) -> str:
    """Extracted text as a reader takes it: a soft hyphen and the line break after it join the
    two parts of a word, and any run of whitespace is one space."""
    return " ".join(re.sub(r"\u00ad\s*", "", text).split())


def content_sentences(content: dict[str, Any]) -> list[str]:
    """Every heading, paragraph, bullet item and fact the content writes, in reading order, as
    the leaflet sets it (the language's typographic punctuation)."""
    from brochure.layout.typography import typeset

    language = content["locale"].split("-")[0]
    texts = [content["title"], content.get("subtitle") or "", *blocks(content["intro"])]
    for section in content.get("sections", []):
        texts += [section["heading"], *blocks(section["body"])]
        if section.get("fact"):
            texts += [section["fact"]["value"], section["fact"]["label"]]
    texts.append(content.get("benefits_heading") or "")
    for benefit in content["benefits"]:
        texts += [benefit["title"], *blocks(benefit["body"])]
    texts += blocks(content.get("closing") or "")
    texts += [content["safety_note"].get("heading") or "", *blocks(content["safety_note"]["body"])]
    return [typeset(text, language, has_every_glyph) for text in texts if text]


def pypdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def poppler(*command: str) -> str:
    import shutil
    import subprocess

    if shutil.which(command[0]) is None:  # CI installs poppler-utils
        pytest.skip(f"poppler's {command[0]} is not installed")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def pdftotext_text(path: Path) -> str:
    return poppler("pdftotext", str(path), "-")


def structure_text(path: Path) -> str:
    """The text of every structure element, as ``pdfinfo -struct-text`` prints it: one quoted
    line per marked-content sequence, each element's lines run together."""
    output = poppler("pdfinfo", "-struct-text", str(path))
    return "\n".join(re.findall(r'^\s*"(.*)"$', output, re.MULTILINE))


READERS = {"pypdf": pypdf_text, "pdftotext": pdftotext_text, "structure": structure_text}


@pytest.fixture(scope="module", params=["content.yaml", "content.es.yaml"], ids=["en", "es"])
def edition(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    """The sample leaflet in English and in Spanish, written to a file, and its content."""
    import shutil

    project = copy_sample(tmp_path_factory.mktemp("edition") / "project")
    shutil.copy2(ROOT / "content.es.yaml", project)
    content_file = project / request.param
    path = project / "leaflet.pdf"
    path.write_bytes(brochure.render_pdf(brochure.load_leaflet(content_file)))
    content: dict[str, Any] = yaml.safe_load(content_file.read_text("utf-8"))
    return path, content


@pytest.mark.parametrize("reader", READERS)
def test_text_layer_has_every_sentence_word_for_word(
    edition: tuple[Path, dict[str, Any]], reader: str
) -> None:
    path, content = edition
    raw = READERS[reader](path)
    text = read(raw)
    sentences = content_sentences(content)
    for sentence in sentences:
        # Single spaces, no two words run together at a line end, no word in two pieces.
        assert read(sentence) in text, f"{sentence!r} is not in what {reader} reads:\n{raw}"
    # A hyphen left in a word's middle (at a line end, or where the lines run together) is
    # one the content has, not the layout's.
    source = " ".join(sentences)
    for head, tail in re.findall(r"(\w+)-\s*(\w+)", raw):
        if f"{head}-{tail}" not in source:
            assert f"{head}{tail}" not in source, f"the layout's hyphen in {head}-{tail} ({reader})"


def test_the_samples_hyphenate_with_soft_hyphens(edition: tuple[Path, dict[str, Any]]) -> None:
    """The check above reads words hyphenated at a line end: each sample has some."""
    path, _ = edition
    raw = pypdf_text(path)
    assert re.search(r"\w\u00ad\n\w", raw), raw
    assert not re.search(r"\w-\n\w", raw), raw  # no hyphen of the text's own at a line end


# --- finished without pikepdf ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "profile", "imported"),
    [
        ("content.yaml", "screen", []),
        ("content.ar.yaml", "screen", ["pikepdf"]),  # the /ToUnicode rewrite
        ("content.yaml", "print", ["pikepdf"]),  # the output intent, CMYK pictures
    ],
)
def test_only_a_file_that_needs_the_post_pass_imports_pikepdf(
    project: Path, content: str, profile: str, imported: list[str]
) -> None:
    (project / content).write_bytes((ROOT / content).read_bytes())
    code = (
        "import sys\nfrom brochure.cli import main\n"
        f"main(['build', {content!r}, '--profile', {profile!r}, '-o', 'out.pdf'], "
        "standalone_mode=False)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pikepdf'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == str(imported)
    assert (project / "out.pdf").read_bytes().startswith(b"%PDF-1.")


@pytest.mark.parametrize("content", ["content.yaml", "content.es.yaml", "content.ar.yaml"])
@pytest.mark.parametrize("profile", ["screen", "print"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_render_at_the_design_measures_what_the_design_trial_measures(
    content: str, profile: str, paper: str
) -> None:
    from brochure.pdf.render import fit_for, render_design, render_pdf

    leaflet = brochure.load_leaflet(ROOT / content)
    options = RenderOptions.for_profile(profile, paper=paper, format="pages")
    data, measured = render_design(leaflet, options)
    design = fit_for(leaflet, options, at=0.0)  # the design's own trial, laid out
    assert measured == design.trial
    assert data == render_pdf(leaflet, options, design)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.integers(min_value=0, max_value=400), benefits=st.integers(min_value=1, max_value=6)
)
def test_any_length_of_leaflet_measures_the_same_rendered_as_laid_out(
    words: int, benefits: int
) -> None:
    from brochure.pdf.render import fit_for, render_design

    sample = brochure.load_leaflet(ROOT / "content.yaml")
    leaflet = sample.model_copy(
        update={
            "closing": (sample.closing or "") + " More words here." * words,
            "benefits": sample.benefits[:benefits],
        }
    )
    options = RenderOptions.for_profile("screen", format="pages")
    _, measured = render_design(leaflet, options)
    design = fit_for(leaflet, options, at=0.0)  # the design's own trial, laid out
    assert measured == design.trial


def test_only_flowing_pages_are_rendered_at_the_design() -> None:
    from brochure.pdf.render import render_design

    leaflet = brochure.load_leaflet(ROOT / "content.yaml")
    with pytest.raises(ValueError, match="sheet"):
        render_design(leaflet, RenderOptions.for_profile("screen", format="sheet"))
