"""Saddle-stitch imposition: a booklet's print pages placed two to a sheet side, in the order a
duplex printer needs them (``--impose saddle``).

Sheet after sheet, the outside of the fold holds the last and first pages, the inside the second
and the one before last: 8-1 / 2-7 / 6-3 / 4-5 for eight pages. Each page is placed as a form
XObject, clipped at the spine and keeping its bleed on the other three sides; the sheet gets its
own boxes, crop marks and a dashed fold mark at the spine, and keeps the file's PDF/X-4 output
intent and metadata. Creep moves the pages of inner sheets toward the spine, as much more per
sheet as the paper's thickness pushes their fore-edges out.

The imposed file is for the printer, not for reading: it carries no structure tree (the
tagged, single-page print file is the one to archive).
"""

from __future__ import annotations

from io import BytesIO

from brochure.colour import REGISTRATION
from brochure.errors import BrochureError
from brochure.layout.pages import FOLD_DASH, MARK_WIDTH, Sheet
from brochure.pdf.folds import saved

SHEET_PAGES = 4
"""Pages on one sheet, both sides: two a side."""
PDF_UA_PART = "{http://www.aiim.org/pdfua/ns/id/}part"
"""The XMP property that says which part of PDF/UA a file meets."""


def saddle_order(pages: int, right_to_left: bool = False) -> list[tuple[int, int]]:
    """The pages (1-based, left then right) on each printed side, sheet after sheet, outside
    side first: ``[(8, 1), (2, 7), (6, 3), (4, 5)]`` for eight pages. A right-to-left booklet
    is bound on the right, so each side is the mirror: ``[(1, 8), (7, 2), (3, 6), (5, 4)]``."""
    if pages < SHEET_PAGES or pages % SHEET_PAGES:
        raise BrochureError(f"a saddle-stitched booklet needs pages in fours, not {pages}")
    sides = []
    for sheet in range(pages // SHEET_PAGES):
        low, high = 2 * sheet + 1, pages - 2 * sheet
        sides.append((high, low))  # the outside of the fold
        sides.append((low + 1, high - 1))  # the inside
    if right_to_left:
        return [(right, left) for left, right in sides]
    return sides


def impose_saddle(
    data: bytes, creep: float = 0.0, marks: bool = True, right_to_left: bool = False
) -> bytes:
    """The print PDF ``data`` (single pages with boxes and no marks of their own, from
    :func:`render_pdf`) imposed for saddle stitching; ``creep`` points more shift toward the
    spine per sheet inwards; crop and fold marks on each sheet with ``marks``; bound on the
    right for a ``right_to_left`` booklet."""
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        originals = list(pdf.pages)
        first = originals[0].obj
        trim = [float(v) for v in first.TrimBox]
        bleed_box = [float(v) for v in first.BleedBox]
        page_w, page_h = trim[2] - trim[0], trim[3] - trim[1]
        bleed = trim[0] - bleed_box[0]
        sheet = Sheet(2 * page_w, page_h, bleed, marks=marks, folds=((page_w,),))
        forms = []
        for page in originals:
            form = page.as_form_xobject()
            # qpdf bounds the form by the trim; the bleed must come along (not the marks).
            form.BBox = pikepdf.Array(page.obj.BleedBox)
            forms.append(form)
        for index, (left, right) in enumerate(saddle_order(len(originals), right_to_left)):
            shift = creep * (index // 2)
            content = [
                _placed(sheet, trim, 0, shift, "/L"),
                _placed(sheet, trim, 1, -shift, "/R"),
                _marks(sheet),
            ]
            resources = pikepdf.Dictionary(
                XObject=pikepdf.Dictionary(L=forms[left - 1], R=forms[right - 1])
            )
            side = pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=pikepdf.Array([0, 0, *sheet.size]),
                TrimBox=pikepdf.Array(list(sheet.trim_box)),
                BleedBox=pikepdf.Array(list(sheet.bleed_box)),
                Resources=resources,
                Contents=pdf.make_stream("\n".join(content).encode("ascii")),
            )
            pdf.pages.append(pikepdf.Page(side))
        for _ in originals:
            del pdf.pages[0]
        # Printer spreads are not a document to read: no structure to point into, and the
        # metadata no longer says the file is tagged (PDF/UA).
        for key in ("/StructTreeRoot", "/MarkInfo", "/Outlines", "/PageLabels"):
            if key in pdf.Root:
                del pdf.Root[key]
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
            if PDF_UA_PART in metadata:
                del metadata[PDF_UA_PART]
        return saved(pdf)


def _placed(sheet: Sheet, trim: list[float], slot: int, shift: float, name: str) -> str:
    """Operators that draw page form ``name`` in ``slot`` (0 left, 1 right), its trim corner
    ``shift`` points to the right, clipped at the spine (its bleed kept on the other sides)."""
    x0, y0, _, y1 = sheet.trim_box
    width = sheet.trim_width / 2
    left = x0 + slot * width
    clip_x0 = left - sheet.bleed if slot == 0 else left
    clip_x1 = left + width + (sheet.bleed if slot == 1 else 0.0)
    clip = (clip_x0, y0 - sheet.bleed, clip_x1 - clip_x0, y1 - y0 + 2 * sheet.bleed)
    dx, dy = left + shift - trim[0], y0 - trim[1]
    return (
        f"q {_n(clip[0])} {_n(clip[1])} {_n(clip[2])} {_n(clip[3])} re W n "
        f"1 0 0 1 {_n(dx)} {_n(dy)} cm {name} Do Q"
    )


def _marks(sheet: Sheet) -> str:
    """Crop marks at the sheet's corners and the dashed fold mark at its spine, in registration
    colour (every plate)."""
    if not sheet.marks:
        return ""
    ink = " ".join(_n(v) for v in REGISTRATION)
    parts = [f"q {ink} K {_n(MARK_WIDTH)} w"]
    parts += [_line(line) for line in sheet.mark_lines()]
    parts.append(f"[{_n(FOLD_DASH[0])} {_n(FOLD_DASH[1])}] 0 d")
    parts += [_line(line) for line in sheet.fold_lines(1)]
    parts.append("Q")
    return "\n".join(parts)


def _line(line: tuple[float, float, float, float]) -> str:
    x0, y0, x1, y1 = line
    return f"{_n(x0)} {_n(y0)} m {_n(x1)} {_n(y1)} l S"


def _n(value: float) -> str:
    """A number as PDF writes it: up to three decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
