"""A rendered PDF as the preview shows it: one PNG per page, each page's boxes (for the trim,
bleed and safe-zone overlays) and where each text of the leaflet was drawn.

pdfium is not safe to call from two threads at once: only the session's build thread calls
this module.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from brochure.layout.paper import MM

TARGET_WIDTH_PX = 900
"""About how wide each page image is: sharp on a laptop screen, a few hundred KB a page."""
SEARCH_WORDS = 4
"""How many words of a text are looked for on the pages to find where it was drawn: enough to
be unique, few enough not to cross a hyphenated line break."""

Rect = tuple[float, float, float, float]
"""Left, top, right, bottom as shares (0-1) of the page image's width and height."""


@dataclass(frozen=True)
class PageImage:
    """One page of the PDF, drawn."""

    png: bytes
    """The page as a PNG image."""
    width_pt: float
    """The page's (MediaBox's) width in points."""
    height_pt: float
    """Its height in points."""
    trim: Rect | None
    """The TrimBox, when the PDF has one (print files)."""
    bleed: Rect | None
    """The BleedBox, when the PDF has one."""
    safe: Rect | None
    """The trimmed page less the safe margin: where text is safe from the cutter."""
    folds: tuple[float, ...] = ()
    """Where the page folds, as shares of the image's width."""

    def to_data(self) -> dict[str, object]:
        """The page's geometry as plain data (the image is served on its own)."""
        return {
            "width_pt": round(self.width_pt, 2),
            "height_pt": round(self.height_pt, 2),
            "trim": self.trim,
            "bleed": self.bleed,
            "safe": self.safe,
            "folds": list(self.folds),
        }


@dataclass(frozen=True)
class Place:
    """Where a text was drawn: its page (0-based) and the box around its first words."""

    page: int
    """The page, counted from 0."""
    rect: Rect
    """The box around the first words found."""


def rasterize(
    pdf: bytes, *, safe_margin_mm: float, folds: Iterable[Iterable[float]] = ()
) -> tuple[PageImage, ...]:
    """Every page of ``pdf`` as a :class:`PageImage`; ``folds`` gives each page's fold x in
    points from its TrimBox's left edge (as brochure writes them)."""
    import pypdfium2 as pdfium

    fold_list = [tuple(page) for page in folds]
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                page_box: Rect = page.get_mediabox()
                left, bottom, right, top = page_box
                width, height = right - left, top - bottom
                trim_box: Rect | None = page.get_trimbox(fallback_ok=False)
                bleed_box: Rect | None = page.get_bleedbox(fallback_ok=False)
                safe = None
                if trim_box is not None:
                    inset = safe_margin_mm * MM
                    x0, y0, x1, y1 = trim_box
                    safe = _share(page_box, (x0 + inset, y0 + inset, x1 - inset, y1 - inset))
                fold_at = fold_list[index] if index < len(fold_list) else ()
                origin = trim_box[0] if trim_box is not None else left
                image = page.render(scale=TARGET_WIDTH_PX / max(width, 1.0)).to_pil()
                buffer = io.BytesIO()
                image.save(buffer, "PNG", compress_level=1)
                pages.append(
                    PageImage(
                        png=buffer.getvalue(),
                        width_pt=width,
                        height_pt=height,
                        trim=_share(page_box, trim_box) if trim_box is not None else None,
                        bleed=_share(page_box, bleed_box) if bleed_box is not None else None,
                        safe=safe,
                        folds=tuple(round((origin + x - left) / width, 5) for x in fold_at),
                    )
                )
            finally:
                page.close()
        return tuple(pages)
    finally:
        document.close()


def _share(page: Rect, box: Rect) -> Rect:
    """``box`` (PDF points, y up) as shares of ``page`` (y down, as the image is drawn)."""
    left, bottom, right, top = page
    width, height = right - left, top - bottom
    x0, y0, x1, y1 = box
    return (
        round((x0 - left) / width, 5),
        round((top - y1) / height, 5),
        round((x1 - left) / width, 5),
        round((top - y0) / height, 5),
    )


def locate_texts(pdf: bytes, texts: dict[str, str]) -> dict[str, Place]:
    """Where each of ``texts`` (field -> the text a reader sees) was drawn: the first page
    whose text holds its first words. A text not found (hyphenated at its start, cut by the
    fitter) is left out."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    found: dict[str, Place] = {}
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                page_box: Rect = page.get_mediabox()
                for field, text in texts.items():
                    if field in found:
                        continue
                    words = " ".join(text.split()[:SEARCH_WORDS])
                    if not words:
                        continue
                    searcher = textpage.search(words, match_case=True)
                    hit = searcher.get_next()
                    searcher.close()
                    if hit is None:
                        continue
                    start, count = hit
                    rects = [
                        textpage.get_rect(i) for i in range(textpage.count_rects(start, count))
                    ]
                    if not rects:
                        continue
                    box = (
                        min(r[0] for r in rects),
                        min(r[1] for r in rects),
                        max(r[2] for r in rects),
                        max(r[3] for r in rects),
                    )
                    found[field] = Place(index, _share(page_box, box))
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()
    return found
