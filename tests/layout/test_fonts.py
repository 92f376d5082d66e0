"""Font registration is idempotent and glyph coverage is reported per character."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.content.assets import AssetError
from brochure.content.model import Fonts, Leaflet, ScriptFonts
from brochure.layout.fonts import describe_char, missing_glyphs, register_family
from tests.helpers import pdf_dict

ROOT = Path(__file__).resolve().parents[2]
LATO = ROOT / "assets" / "fonts"


def lato() -> Fonts:
    return Fonts(
        regular=LATO / "Lato-Regular.ttf",
        bold=LATO / "Lato-Bold.ttf",
        italic=LATO / "Lato-Italic.ttf",
        bold_italic=LATO / "Lato-BoldItalic.ttf",
    )


def test_registering_twice_gives_the_same_names() -> None:
    first, second = register_family(lato()), register_family(lato())
    assert first == second
    assert first.display_name == "Lato"
    assert len({first.regular, first.bold, first.italic, first.bold_italic}) == 4


def test_builtin_family_when_the_brand_names_none() -> None:
    family = register_family(None)
    assert family.display_name == "Open Sans"
    assert family != register_family(lato())


def test_coverage_and_missing_glyphs() -> None:
    coverage = register_family(None).coverage()
    assert ord("é") in coverage and ord("Δ") in coverage  # Open Sans covers Greek
    assert missing_glyphs("abc\n\t", coverage) == []
    assert missing_glyphs("a\U0001f600b\U0001f600", coverage) == ["\U0001f600"]


def test_describe_char_names_the_code_point() -> None:
    assert describe_char("Δ") == "U+0394 GREEK CAPITAL LETTER DELTA ('Δ')"


def test_a_file_reportlab_cannot_read_names_the_face(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 64)
    fonts = Fonts(regular=LATO / "Lato-Regular.ttf", bold=broken, italic=broken, bold_italic=broken)
    with pytest.raises(AssetError, match=r"^bold: ReportLab cannot use this font"):
        register_family(fonts)


def test_another_version_of_a_font_is_not_confused_with_the_first(tmp_path: Path) -> None:
    # Same PostScript name, different bytes (here: a trailing pad); ReportLab alone would hand
    # back the first file's font for the second.
    copies = {}
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        copy = tmp_path / f"Lato-{face}.ttf"
        copy.write_bytes((LATO / f"Lato-{face}.ttf").read_bytes() + b"\0\0\0\0")
        copies[face] = copy
    other = Fonts(
        regular=copies["Regular"],
        bold=copies["Bold"],
        italic=copies["Italic"],
        bold_italic=copies["BoldItalic"],
    )
    from reportlab.pdfbase import pdfmetrics

    first, second = register_family(lato()), register_family(other)
    assert first.regular != second.regular
    assert pdfmetrics.getFont(second.regular) is not pdfmetrics.getFont(first.regular)
    assert pdfmetrics.getFont(second.regular).fontName == second.regular
    # Both embed, each under its own name, in one PDF.
    from io import BytesIO

    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    # types-reportlab declares initialFontName a float; it is the font's name.
    canvas = Canvas(buffer, initialFontName=first.regular)  # type: ignore[arg-type]
    for y, name in ((700, first.regular), (650, second.regular)):
        canvas.setFont(name, 12)
        canvas.drawString(72, y, "Same name, other file")
    canvas.save()
    fonts = pdf_dict(pdf_dict(PdfReader(buffer).pages[0]["/Resources"])["/Font"])
    base_names = {str(pdf_dict(fonts[key])["/BaseFont"]) for key in fonts}
    assert len(base_names) == 2


# --- letters the brand's fonts lack -------------------------------------------------------------

SHIPPED = ROOT / "brochure" / "data" / "fonts"
HEBREW = "שלום"
ARABIC = "مرحبا"


def test_shipped_faces_draw_only_the_scripts_the_text_needs() -> None:
    assert register_family(lato(), "Hello").fallbacks == ()
    hebrew = register_family(lato(), "Hello " + HEBREW)
    assert [f.display_name for f in hebrew.fallbacks] == ["Noto Sans Hebrew"]
    both = register_family(lato(), HEBREW + ARABIC)
    assert [f.display_name for f in both.fallbacks] == ["Noto Sans Hebrew", "Noto Naskh Arabic"]
    assert (
        both.has_glyph("ש") and both.has_glyph("م") and not register_family(lato()).has_glyph("ש")
    )
    # A Hebrew letter in bold text takes the Hebrew bold face; Latin stays in Lato.
    hebrew_bold = both.fallbacks[0].bold
    assert both.face_for(both.bold, "ש") == hebrew_bold
    assert both.face_for(both.italic, "ש") == both.fallbacks[0].regular  # no Hebrew italic
    assert both.face_for(both.bold, "B") == both.bold


def test_the_brand_s_own_script_faces_come_first(tmp_path: Path) -> None:
    own = []
    for weight in ("Regular", "Bold"):
        copy = tmp_path / f"BrandHebrew-{weight}.ttf"  # another file: bytes of its own
        copy.write_bytes((SHIPPED / f"NotoSansHebrew-{weight}.ttf").read_bytes() + b"\0\0\0\0")
        own.append(copy)
    scripts = (ScriptFonts(regular=own[0], bold=own[1]),)
    family = register_family(lato(), HEBREW + ARABIC, scripts)
    shipped = register_family(lato(), HEBREW + ARABIC)
    assert family.fallbacks[0].regular != shipped.fallbacks[0].regular  # the brand's file
    assert [f.display_name for f in family.fallbacks][1:] == ["Noto Naskh Arabic"]
    # A brand face that has none of the missing letters is left out.
    assert register_family(lato(), "Hello", scripts).fallbacks == ()


def test_a_brand_script_face_reportlab_cannot_read_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 64)
    scripts = (ScriptFonts(regular=broken, bold=broken),)
    with pytest.raises(AssetError, match=r"^script_fonts\.0: ReportLab cannot use this font"):
        register_family(lato(), HEBREW, scripts)


def test_a_family_registered_again_is_the_same_family(sample: Leaflet) -> None:
    """Registered again (another leaflet of a batch), the faces give the very family object of
    the first time, so what is remembered by its ``has_glyph`` is found again."""
    assert register_family(sample.brand.fonts) is register_family(sample.brand.fonts)
    assert register_family(None) is register_family(None)
    assert register_family(None) is not register_family(sample.brand.fonts)
