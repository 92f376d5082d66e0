"""PDFs the preflight tests build: a clean print file (CMYK, boxes, bleed, crop marks, output
intent, XMP) made with ReportLab's canvas and pikepdf, the same file with one fault at a time,
files "from elsewhere" (plain RGB ReportLab output), one-page files with hand-written content
streams, and raw PDF bytes for files pikepdf would not write (loops, damage, bombs).

Imported as ``tests.preflight.preflight_pdfs``."""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.preflight import PreflightReport
from tests.helpers import ROOT

MM = 72 / 25.4
TRIM_W, TRIM_H = 210 * MM, 297 * MM
BLEED = 3 * MM
SLUG = 10 * MM
OFFSET = BLEED + SLUG
FONT = "PreflightSans"
FONT_FILE = ROOT / "brochure" / "data" / "fonts" / "OpenSans-Regular.ttf"


# --- building test PDFs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Faults:
    """What to get wrong in :func:`print_pdf` (the defaults make a clean print file)."""

    image_ppi: float = 350
    text_from_left_mm: float = 20
    background: str = "bleed"  # bleed | trim | short (1 mm past the trim) | clipped | white
    font: str = FONT
    output_intent: bool = True
    metadata: bool = True
    trapped: str | None = "/False"
    marks_offset: float = BLEED + 1 * MM
    rgb_text: bool = False
    slug_text: bool = False
    pages: int = 1


def cmyk_profile() -> bytes:
    """The 128-byte header of a CMYK output ICC profile and an empty tag table: all the
    preflight reads of an output intent's profile."""
    header = bytearray(132)
    header[0:4] = (132).to_bytes(4, "big")
    header[8:12] = bytes([4, 0x20, 0, 0])
    header[12:16] = b"prtr"
    header[16:20] = b"CMYK"
    header[20:24] = b"Lab "
    header[36:40] = b"acsp"
    return bytes(header)


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))


def cmyk_image(ppi: float, width_mm: float, height_mm: float) -> ImageReader:
    """A CMYK image with enough pixels for ``ppi`` at the given placed size."""
    pixels = (round(ppi * width_mm / 25.4), round(ppi * height_mm / 25.4))
    return ImageReader(Image.new("CMYK", pixels, (200, 30, 0, 10)))


def print_pdf(faults: Faults = Faults()) -> bytes:
    """An A4 print file: 3 mm bleed, crop marks, CMYK, OutputIntent, XMP, /Trapped /False."""
    register_font()
    buffer = io.BytesIO()
    sheet = (TRIM_W + 2 * OFFSET, TRIM_H + 2 * OFFSET)
    # types-reportlab declares initialFontName a float; ReportLab takes the font's name.
    canvas = Canvas(buffer, pagesize=sheet, initialFontName=FONT, invariant=True)  # type: ignore[arg-type]
    for _ in range(faults.pages):
        draw_page(canvas, faults)
        canvas.showPage()
    canvas.save()
    return finish(buffer.getvalue(), faults)


def draw_page(canvas: Canvas, faults: Faults) -> None:
    trim = (OFFSET, OFFSET, OFFSET + TRIM_W, OFFSET + TRIM_H)
    canvas.setTrimBox(trim)
    canvas.setBleedBox((OFFSET - BLEED, OFFSET - BLEED, trim[2] + BLEED, trim[3] + BLEED))
    canvas.saveState()
    canvas.translate(OFFSET, OFFSET)
    draw_background(canvas, faults.background)
    if faults.rgb_text:
        canvas.setFillColorRGB(0.2, 0.3, 0.8)
    else:
        canvas.setFillColorCMYK(0, 0, 0, 1)
    canvas.setFont(faults.font, 11)
    canvas.drawString(faults.text_from_left_mm * MM, TRIM_H / 2, "Call us on 0123 456 789")
    canvas.drawRightString(TRIM_W - 20 * MM, TRIM_H / 3, "Right-aligned line")
    canvas.drawImage(cmyk_image(faults.image_ppi, 40, 30), 20 * MM, 40 * MM, 40 * MM, 30 * MM)
    canvas.restoreState()
    if faults.slug_text:
        canvas.setFont(faults.font, 6)
        canvas.drawString(OFFSET, 2 * MM, "leaflet v1 - slug line outside the bleed")
    draw_marks(canvas, trim, faults.marks_offset)


def draw_background(canvas: Canvas, kind: str) -> None:
    """A 60 mm band across the top of the trimmed page, in trim coordinates."""
    band = 60 * MM
    canvas.setFillColorCMYK(0.9, 0.4, 0, 0.1)
    if kind == "bleed":
        canvas.rect(-BLEED, TRIM_H - band, TRIM_W + 2 * BLEED, band + BLEED, stroke=0, fill=1)
    elif kind == "trim":
        canvas.rect(0, TRIM_H - band, TRIM_W, band, stroke=0, fill=1)
    elif kind == "short":
        canvas.rect(-1 * MM, TRIM_H - band, TRIM_W + 2 * MM, band + 1 * MM, stroke=0, fill=1)
    elif kind == "clipped":
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(0, 0, TRIM_W, TRIM_H)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.rect(-BLEED, TRIM_H - band, TRIM_W + 2 * BLEED, band + BLEED, stroke=0, fill=1)
        canvas.restoreState()
    elif kind == "white":
        canvas.setFillColorCMYK(0, 0, 0, 0)
        canvas.rect(0, 0, TRIM_W, TRIM_H, stroke=0, fill=1)


def draw_marks(canvas: Canvas, trim: tuple[float, float, float, float], offset: float) -> None:
    """Crop marks at the four trim corners, ``offset`` from the trim, in registration colour,
    as one stroked path of eight lines."""
    canvas.setStrokeColorCMYK(1, 1, 1, 1)
    canvas.setLineWidth(0.25)
    x0, y0, x1, y1 = trim
    length = 5 * MM
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * offset, y, x + sx * (offset + length), y))
            lines.append((x, y + sy * offset, x, y + sy * (offset + length)))
    canvas.lines(lines)


def finish(data: bytes, faults: Faults) -> bytes:
    """The PDF/X-4 post-pass: output intent, XMP, /Trapped, PDF 1.6."""
    pdf = pikepdf.open(io.BytesIO(data))
    if faults.output_intent:
        profile = pdf.make_stream(cmyk_profile(), N=4)
        intent = Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String("FOGRA39"),
            DestOutputProfile=profile,
        )
        pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])
    if faults.metadata:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
            meta["dc:title"] = "Leaflet"
            meta["xmp:CreateDate"] = "2024-05-01T10:00:00+00:00"
            meta["xmp:ModifyDate"] = "2024-05-01T10:00:00+00:00"
    if faults.trapped is None:
        del pdf.docinfo["/Trapped"]  # ReportLab writes /Trapped /False itself
    else:
        pdf.docinfo["/Trapped"] = Name(faults.trapped)
    out = io.BytesIO()
    pdf.save(out, force_version="1.6")
    return out.getvalue()


def rgb_pdf_from_elsewhere() -> bytes:
    """What an office program might send: A4, RGB colours, Helvetica, no TrimBox."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(TRIM_W, TRIM_H), invariant=True)
    canvas.setFillColorRGB(0.1, 0.5, 0.3)
    canvas.rect(0, TRIM_H - 50 * MM, TRIM_W, 50 * MM, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(30 * MM, TRIM_H / 2, "Our clinic")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def raw_pdf(
    content: bytes,
    resources: dict[str, object] | None = None,
    *,
    media: tuple[float, float, float, float] = (0, 0, 300, 300),
    trim: tuple[float, float, float, float] | None = (20, 20, 280, 280),
    bleed: tuple[float, float, float, float] | None = (10, 10, 290, 290),
) -> tuple[pikepdf.Pdf, pikepdf.Dictionary]:
    """A one-page PDF with a hand-written content stream; returns (pdf, page) to add to."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(media[2], media[3]))
    page = pdf.pages[0].obj
    page.MediaBox = Array(list(media))
    if trim is not None:
        page.TrimBox = Array(list(trim))
    if bleed is not None:
        page.BleedBox = Array(list(bleed))
    page.Contents = pdf.make_stream(content)
    page.Resources = Dictionary(resources or {})
    return pdf, page


def saved(pdf: pikepdf.Pdf) -> bytes:
    """The bytes of ``pdf``."""
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def image_stream(pdf: pikepdf.Pdf, width: int, height: int, space: object) -> pikepdf.Stream:
    """An image XObject of zeros."""
    components = 4 if space == Name.DeviceCMYK else 3 if space == Name.DeviceRGB else 1
    return pdf.make_stream(
        bytes(width * height * components),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=width,
        Height=height,
        ColorSpace=space,
        BitsPerComponent=8,
    )


def findings(report: PreflightReport, check: str) -> list[str]:
    """ "severity: message" of every finding of ``check``."""
    return [f"{f.severity}: {f.message}" for f in report.findings if f.check == check]


def errors_of(report: PreflightReport, check: str) -> list[str]:
    """The messages of the errors of ``check``."""
    return [f.message for f in report.findings if f.check == check and f.severity == "error"]


def verdicts(report: PreflightReport) -> dict[str, str]:
    """Each check's verdict, by id."""
    return {c.id: report.verdict(c) for c in report.checks}


# --- raw files ----------------------------------------------------------------------------------


def raw_file(objects: dict[int, bytes], *, root: int = 1, version: str = "1.4") -> bytes:
    """A PDF written byte by byte: ``objects`` (number -> body, streams included), a classic
    cross-reference table and a trailer naming ``root`` as the catalog."""
    out = bytearray(f"%PDF-{version}\n".encode())
    offsets: dict[int, int] = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets.get(number, 0):010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {size} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream_object(data: bytes, entries: bytes = b"") -> bytes:
    """The body of a stream object holding ``data`` as is."""
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page_file(content: bytes, page_entries: bytes = b"/MediaBox [0 0 300 300]") -> bytes:
    """A raw one-page PDF drawing ``content`` (objects 1-4: catalog, pages, page, content)."""
    return raw_file(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R " + page_entries + b" /Contents 4 0 R >>",
            4: stream_object(content),
        }
    )


def zeros_deflated(size: int) -> bytes:
    """``size`` zero bytes, deflated: about a thousandth of ``size``."""
    deflater = zlib.compressobj(9)
    block = bytes(1 << 20)
    parts = [deflater.compress(block) for _ in range(size >> 20)]
    parts.append(deflater.compress(bytes(size % (1 << 20))))
    parts.append(deflater.flush())
    return b"".join(parts)


def form(pdf: pikepdf.Pdf, content: bytes, **entries: object) -> pikepdf.Stream:
    """A form XObject drawing ``content``, with a 100 x 100 BBox unless given."""
    entries.setdefault("BBox", [0, 0, 100, 100])
    return pdf.make_stream(content, Type=Name.XObject, Subtype=Name.Form, **entries)
