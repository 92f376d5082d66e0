"""Hostile and broken files: each gives a report with a finding (most often in the ``reading``
check, with the checks it hides something from limited) or one BrochureError, never another
exception, and within the limits. Random damage to a sound file is no different."""

from __future__ import annotations

import io
import zlib
from typing import Any

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pikepdf import Array, Dictionary, Name

from brochure.errors import BrochureError
from brochure.preflight import READING, Limits, PreflightReport, preflight_bytes
from tests.preflight.preflight_pdfs import (
    Faults,
    form,
    one_page_file,
    print_pdf,
    raw_file,
    raw_pdf,
    saved,
)


def reading(report: PreflightReport) -> list[str]:
    """ "severity: message" of the reading check's findings."""
    return [f"{f.severity}: {f.message}" for f in report.findings if f.check == READING[0]]


def coverage(report: PreflightReport) -> dict[str, str]:
    return {check.id: check.coverage for check in report.checks}


def page_with(content: bytes, **resources: Any) -> tuple[pikepdf.Pdf, pikepdf.Dictionary]:
    pdf, page = raw_pdf(content)
    page.Resources = Dictionary(**resources)
    return pdf, page


# --- files that are not (quite) PDFs ---------------------------------------------------------


def test_not_a_pdf() -> None:
    with pytest.raises(
        BrochureError, match=r"^x\.pdf is not a PDF \(it does not start with %PDF-\)$"
    ):
        preflight_bytes(b"GIF89a" + bytes(100), "x.pdf")


def test_a_truncated_file_is_repaired_or_refused(clean_pdf: bytes) -> None:
    report = preflight_bytes(clean_pdf[: len(clean_pdf) * 2 // 3], "cut.pdf")
    assert report.failed(strict=False)
    assert any("the file is damaged; it was repaired" in m for m in reading(report))
    with pytest.raises(BrochureError, match=r"^stub\.pdf is not a readable PDF: "):
        preflight_bytes(clean_pdf[:40], "stub.pdf")


def test_a_broken_cross_reference_table_is_repaired_and_said(clean_pdf: bytes) -> None:
    broken = clean_pdf.replace(b"\nxref", b"\nxerf")
    report = preflight_bytes(broken, "xref.pdf")
    [message] = reading(report)
    assert message.startswith("warning: the file is damaged; it was repaired while reading: ")
    assert report.verdict(report.checks[0]) == "warning"


def test_a_cyclic_page_tree_is_one_error() -> None:
    data = raw_file(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
            4: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        }
    )
    with pytest.raises(BrochureError, match=r"^loop\.pdf is not a readable PDF: .*loop"):
        preflight_bytes(data, "loop.pdf")


def test_a_page_listed_a_hundred_thousand_times_is_read_up_to_the_page_limit() -> None:
    kids = b" ".join([b"3 0 R"] * 100_000)
    data = raw_file(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [" + kids + b"] /Count 100000 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
        }
    )
    report = preflight_bytes(data, "many.pdf", limits=Limits(pages=50))
    assert report.pages == 50
    assert reading(report) == [
        "error: only the first 50 pages were read (the limit); the file has more"
    ]
    assert coverage(report)["boxes"] == "limited"


def test_missing_or_wrong_objects() -> None:
    not_a_stream = preflight_bytes(
        raw_file(
            {
                1: b"<< /Type /Catalog /Pages 2 0 R >>",
                2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                3: b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
                4: b"<< /Length 0 >>",
            }
        ),
        "dict.pdf",
    )
    assert reading(not_a_stream) == ["error: its content could not be read: it is not a stream"]
    assert "the MediaBox is missing or not four finite numbers: US Letter assumed" in [
        f.message for f in not_a_stream.findings if f.check == "boxes"
    ]
    pdf, page = raw_pdf(b"/Im1 Do BT /F1 9 Tf (a) Tj ET")
    del page["/Resources"]
    report = preflight_bytes(saved(pdf), "bare.pdf")
    assert reading(report) == [
        "error: it draws /Im1, which is not in its resources",
        "error: it sets the font /F1, which is not in its resources",
    ]
    with pytest.raises(BrochureError, match=r"^nopages\.pdf is not a readable PDF: .*page tree"):
        preflight_bytes(raw_file({1: b"<< /Type /Catalog /Pages 5 >>"}), "nopages.pdf")


def test_a_page_without_contents_is_blank_not_broken() -> None:
    pdf, page = raw_pdf(b"")
    del page["/Contents"]
    report = preflight_bytes(saved(pdf), "blank.pdf")
    assert reading(report) == []
    assert {c.id: c.summary for c in report.checks}["colour"] == "no colours painted"
    # a reference to an object that is not in the file is null: the same as no /Contents
    dangling = one_page_file(b"", b"/MediaBox [0 0 100 100]").replace(
        b"/Contents 4 0 R", b"/Contents 9 0 R"
    )
    assert reading(preflight_bytes(dangling, "dangling.pdf")) == []


# --- encryption ----------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["", "secret"])
def test_encrypted_files(clean_pdf: bytes, user: str) -> None:
    out = io.BytesIO()
    pikepdf.open(io.BytesIO(clean_pdf)).save(
        out, encryption=pikepdf.Encryption(user=user, owner="owner")
    )
    if user:
        with pytest.raises(BrochureError, match=r"^e\.pdf is encrypted with a password"):
            preflight_bytes(out.getvalue(), "e.pdf")
        return
    report = preflight_bytes(out.getvalue(), "e.pdf")
    assert [f.message for f in report.findings if f.check == "encryption"] == [
        "the file is encrypted: print shops cannot process it"
    ]
    # the content was decrypted and read
    assert {c.id: c.summary for c in report.checks}["colour"] == "colours in CMYK"


# --- bombs and loops ---------------------------------------------------------------------------


def test_a_flate_bomb_in_the_content(flate_bomb: bytes) -> None:
    pdf, page = raw_pdf(b"")
    page.Contents.write(flate_bomb, filter=Name.FlateDecode)
    report = preflight_bytes(saved(pdf), "bomb.pdf")
    assert reading(report) == [
        "error: a stream decodes to more than 16 MiB (the limit per stream; a compression "
        "bomb?); the rest of the page was not read"
    ]
    assert report.failed(strict=False)


def test_a_flate_bomb_in_a_font_map_and_a_profile(flate_bomb: bytes, clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    pdf.Root.OutputIntents[0].DestOutputProfile.write(flate_bomb, filter=Name.FlateDecode)
    report = preflight_bytes(saved(pdf), "profile.pdf")
    assert [f.message for f in report.findings if f.check == "output-intent"] == [
        "the output profile (FOGRA39) is not an ICC profile"
    ]
    pdf, page = raw_pdf(b"BT /F1 10 Tf 30 150 Td (a) Tj ET")
    bomb = pdf.make_stream(b"")
    bomb.write(flate_bomb, filter=Name.FlateDecode)
    font = Dictionary(Type=Name.Font, Subtype=Name.Type3, ToUnicode=bomb, FirstChar=0, Widths=[1])
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    report = preflight_bytes(saved(pdf), "cmap.pdf")
    assert reading(report) == [
        "warning: font /F1: its ToUnicode map was not read: a stream decodes to more than "
        "16 MiB (the limit per stream; a compression bomb?)"
    ]


def test_a_bomb_in_the_cross_reference_stream_is_stopped_by_qpdf() -> None:
    head = b"%PDF-1.5\n"
    objects = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n",
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >> endobj\n",
    ]
    offsets, body = [], bytearray(head)
    for obj in objects:
        offsets.append(len(body))
        body += obj
    entries = bytes([0, 0, 0, 0xFF]) + b"".join(
        bytes([1]) + offset.to_bytes(2, "big") + b"\0" for offset in [*offsets, len(body)]
    )
    deflater = zlib.compressobj(9)
    data = deflater.compress(entries) + deflater.compress(bytes(64 << 20)) + deflater.flush()
    xref = len(body)
    body += b"4 0 obj << /Type /XRef /Size 5 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode"
    body += b" /Length %d >> stream\n" % len(data) + data + b"\nendstream endobj\n"
    body += b"startxref\n%d\n%%%%EOF\n" % xref
    report = preflight_bytes(bytes(body), "xref.pdf")
    assert report.pages == 1
    [message] = reading(report)
    assert "memory limit exceeded" in message


def test_forms_that_draw_themselves_or_each_other() -> None:
    pdf, page = raw_pdf(b"/A Do")
    a = form(pdf, b"0 0 1 1 re f /B Do")
    b = form(pdf, b"/A Do", Resources=Dictionary(XObject=Dictionary(A=a)))
    a.Resources = Dictionary(XObject=Dictionary(B=b, Self=a))
    page.Resources = Dictionary(XObject=Dictionary(A=a))
    report = preflight_bytes(saved(pdf), "loops.pdf")
    assert reading(report) == ["error: form /A is drawn inside itself (a loop); it was read once"]
    a.write(b"/Self Do")
    report = preflight_bytes(saved(pdf), "self.pdf")
    assert reading(report) == [
        "error: form /Self is drawn inside itself (a loop); it was read once"
    ]
    assert coverage(report)["colour"] == "limited"


def test_a_pattern_that_paints_with_itself() -> None:
    pdf, page = raw_pdf(b"/Pattern cs /P1 scn 30 30 100 100 re f")
    tile = pdf.make_stream(
        b"/Pattern cs /P1 scn 0 0 5 5 re f",
        PatternType=1,
        PaintType=1,
        TilingType=1,
        BBox=[0, 0, 10, 10],
        XStep=10,
        YStep=10,
    )
    tile.Resources = Dictionary(Pattern=Dictionary(P1=tile))
    page.Resources = Dictionary(Pattern=Dictionary(P1=tile))
    report = preflight_bytes(saved(pdf), "pattern.pdf")
    assert reading(report) == ["error: pattern /P1 paints with itself (a loop); it was read once"]


def test_a_type3_font_whose_glyph_uses_the_font() -> None:
    pdf, page = raw_pdf(b"BT /T3 12 Tf 40 150 Td (a) Tj ET")
    glyph = pdf.make_stream(b"1000 0 d0 BT /T3 12 Tf (a) Tj ET")
    font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type3,
            FontBBox=[0, 0, 1000, 1000],
            FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
            CharProcs=Dictionary(a=glyph),
            Encoding=Dictionary(Differences=[97, Name.a]),
            FirstChar=97,
            LastChar=97,
            Widths=[1000],
        )
    )
    font.Resources = Dictionary(Font=Dictionary(T3=font))
    page.Resources = Dictionary(Font=Dictionary(T3=font))
    report = preflight_bytes(saved(pdf), "type3.pdf")
    assert {c.id: c.summary for c in report.checks}["fonts"] == "1 font, embedded"
    # glyph procedures are never run, so they cannot loop; what they paint is not checked
    assert "colours inside Type 3 glyphs" in report.not_checked
    assert reading(report) == []


def test_forms_a_thousand_times_a_thousand_stop_at_the_operator_limit() -> None:
    pdf, page = raw_pdf(b"/Outer Do 0 0 1 1 re f")
    inner = form(pdf, b"q Q " * 500)
    outer = form(pdf, b"/Inner Do " * 1000, Resources=Dictionary(XObject=Dictionary(Inner=inner)))
    page.Resources = Dictionary(XObject=Dictionary(Outer=outer))
    report = preflight_bytes(saved(pdf), "expansion.pdf")
    assert reading(report) == [
        "error: reading stopped after 250,000 operators (the limit per page, counting what "
        "forms and patterns draw, and each glyph shown); the rest of the page was not read"
    ]
    assert report.failed(strict=False)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"0 " * 100_000 + b"sc", "an operator 'sc' with 100,000 operands was skipped"),
        (b"BT /F1 10 Tf (" + b"x" * 100_000 + b") Tj ET", None),
        (b"x" * 1_000_000, "its content uses 'xxxxxxxxxxxxxxxxxxx…', which is not a PDF operator"),
        (
            b"1" + b"0" * 1_000_000 + b".5 w",
            "an operator 'w' without a finite number as operands was skipped",
        ),
    ],
    ids=["many-operands", "long-string", "long-operator", "long-number"],
)
def test_long_tokens_count_as_work_each_time_a_form_runs(
    content: bytes, problem: str | None
) -> None:
    pdf, page = raw_pdf(b"/Fm1 Do " * 1000 + b"0 0 1 1 re f")
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.Resources = Dictionary(
        XObject=Dictionary(Fm1=form(pdf, content)), Font=Dictionary(F1=font)
    )
    found = reading(preflight_bytes(saved(pdf), "long.pdf"))
    assert found[-1].startswith("error: reading stopped after 250,000 operators")
    assert found[:-1] == ([f"error: {problem}"] if problem else [])


def test_a_colour_space_with_a_megabyte_name_used_a_million_times() -> None:
    pdf, page = raw_pdf(b"/Fm1 Do " * 1000)
    ink = Array([Name.Separation, Name("/" + "x" * 1_000_000), Name.DeviceCMYK, 0])
    page.Resources = Dictionary(
        XObject=Dictionary(Fm1=form(pdf, b"/Ink cs " * 500 + b"1 sc 0 0 1 1 re f")),
        ColorSpace=Dictionary(Ink=ink),
    )
    report = preflight_bytes(saved(pdf), "ink.pdf")
    [spot] = [f.message for f in report.findings if f.check == "colour"]
    assert spot.startswith("spot colour (Separation " + "x" * 126 + "…), an extra plate")
    assert reading(report)[-1].startswith("error: reading stopped after 250,000 operators")


def test_deep_nesting(clean_pdf: bytes) -> None:
    deep_q = preflight_bytes(saved(raw_pdf(b"q " * 5000 + b"0 0 1 1 re f")[0]), "q.pdf")
    assert reading(deep_q) == [
        "error: graphics states are nested more than 256 deep; the rest of the page was not read"
    ]
    deep_array = preflight_bytes(saved(raw_pdf(b"[" * 5000 + b"]" * 5000 + b" TJ")[0]), "a.pdf")
    [message] = reading(deep_array)
    assert message.startswith("error: its content is damaged: limits error(parser-max-nesting)")


# --- numbers that are not numbers -----------------------------------------------------------


@pytest.mark.parametrize(
    "media_box",
    [b"[0 0 1e400 inf]", b"[0 0 (wide) (tall)]", b"[0 0 1" + b"0" * 400 + b".5 100]"],
    ids=["1e400-inf", "strings", "too-large-for-a-float"],
)
def test_a_media_box_that_is_not_numbers(media_box: bytes) -> None:
    report = preflight_bytes(one_page_file(b"0 0 1 1 re f", b"/MediaBox " + media_box), "m.pdf")
    assert "the MediaBox is missing or not four finite numbers: US Letter assumed" in [
        f.message for f in report.findings if f.check == "boxes" and f.severity == "error"
    ]


def test_an_operand_like_1e999() -> None:
    report = preflight_bytes(one_page_file(b"1e999 0 0 1 0 0 cm 0 0 1 1 re f"), "e.pdf")
    assert reading(report) == [
        "error: its content uses '1e999', which is not a PDF operator",
        "error: an operator 'cm' without 6 finite numbers as operands was skipped",
    ]


def test_an_image_declaring_a_billion_by_a_billion_pixels() -> None:
    pdf, page = raw_pdf(b"q 50 0 0 50 100 100 cm /Im1 Do Q")
    image = pdf.make_stream(
        bytes(16),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=10**9,
        Height=10**9,
        ColorSpace=Name.DeviceCMYK,
        BitsPerComponent=8,
    )
    page.Resources = Dictionary(XObject=Dictionary(Im1=image))
    report = preflight_bytes(saved(pdf), "huge.pdf")
    assert [f.message for f in report.findings if f.check == "images"] == [
        "image /Im1 declares 1,000,000,000 x 1,000,000,000 px, more than any print needs "
        "(1,000,000,000 pixels at most): the file may be damaged"
    ]


def test_a_to_unicode_range_over_every_code() -> None:
    pdf, page = raw_pdf(b"BT /F1 10 Tf 40 150 Td <0041> Tj ET")
    cmap = pdf.make_stream(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange")
    font = Dictionary(Type=Name.Font, Subtype=Name.Type0, BaseFont=Name.X, ToUnicode=cmap)
    font.DescendantFonts = [Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2)]
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    report = preflight_bytes(saved(pdf), "cmap.pdf")
    assert reading(report) == [
        "warning: font /F1: its ToUnicode map names more than 131,072 codes (the limit)"
    ]


# --- a limit never passes silently -----------------------------------------------------------


def test_a_limit_that_stops_a_check_is_in_the_report(clean_pdf: bytes) -> None:
    report = preflight_bytes(clean_pdf, "clean.pdf", limits=Limits(page_operators=20))
    assert report.failed(strict=False)
    assert report.checks[0].id == READING[0]
    [message] = reading(report)
    assert message.startswith("error: reading stopped after 20 operators")
    for check in ("marks", "fonts", "colour", "images", "safe-margin", "backgrounds"):
        assert coverage(report)[check] == "limited", check
    notes = {c.id: c.note for c in report.checks}
    assert notes["colour"] == "not everything could be read on page 1 (see file read in full)"
    table = report.format_table()
    assert "  colour (no RGB)          ok*" in table
    assert table.splitlines()[-1].startswith("FAIL")


def test_the_file_wide_limits() -> None:
    three = print_pdf(Faults(pages=3))
    for limits, reached in (
        (Limits(file_tokens=300), "the file's limit of 300 content tokens was reached"),
        (Limits(file_operators=400), "the file's limit of 400 operators was reached"),
        (Limits(file_bytes=3000), "the file's limit of 2.93 KiB of decoded streams was reached"),
    ):
        report = preflight_bytes(three, "three.pdf", limits=limits)
        pages = [f.page for f in report.findings if f.check == READING[0] and reached in f.message]
        assert {2, 3} <= set(pages), limits


# --- random damage -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    """A small, sound file with a form, an image, text and a pattern: much to damage."""
    pdf, page = raw_pdf(b"q 10 0 0 10 50 50 cm /Im1 Do Q /Fm1 Do BT /F1 9 Tf 40 150 Td (x) Tj ET")
    image = pdf.make_stream(
        bytes(4),
        Subtype=Name.Image,
        Width=2,
        Height=2,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=8,
    )
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.Resources = Dictionary(
        XObject=Dictionary(Im1=image, Fm1=form(pdf, b"0 0 1 0 k 0 0 50 50 re f")),
        Font=Dictionary(F1=font),
    )
    out = io.BytesIO()
    pdf.save(out, compress_streams=True)
    return out.getvalue()


damage = st.lists(
    st.tuples(
        st.sampled_from(["flip", "delete", "insert"]),
        st.floats(min_value=0, max_value=1, exclude_max=True),
        st.integers(min_value=0, max_value=255),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(damage)
def test_random_damage_gives_a_report_or_one_brochure_error(
    small_pdf: bytes, edits: list[tuple[str, float, int]]
) -> None:
    data = bytearray(small_pdf)
    for kind, where, value in edits:
        at = int(where * len(data))
        if kind == "flip":
            data[at] ^= value or 1
        elif kind == "delete":
            del data[at]
        else:
            data.insert(at, value)
    try:
        report = preflight_bytes(bytes(data), "damaged.pdf")
    except BrochureError as exc:
        message = exc.format_message()
        assert "\n" not in message and "internal error" not in message
        return
    assert isinstance(report, PreflightReport)
    assert report.format_table() and report.to_json()
