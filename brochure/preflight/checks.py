"""The checks: what a print shop would reject in a file, judged on what
:mod:`~brochure.preflight.document` read of it (the list and their meaning are in
:mod:`brochure.preflight`).

Each check looks at every page it can and says how far it could look (its coverage). What could
not be read (a page whose content was damaged or stopped by a limit, pages past the limit) is the
``reading`` check's finding, listed first, and limits the coverage of every check it hides
something from: a page whose content could not be read is never a pass.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from brochure.preflight.document import Document, Page
from brochure.preflight.fonts import FontInfo
from brochure.preflight.formats import plural as _plural
from brochure.preflight.geometry import Box
from brochure.preflight.reader import Affects, Gap, ImagePlacement
from brochure.preflight.report import (
    CheckResult,
    Coverage,
    PreflightFinding,
    PreflightReport,
    PreflightSeverity,
)
from brochure.preflight.values import clipped

MM = 72 / 25.4
"""Points per millimetre."""
SAFE_MARGIN_MM = 5.0
"""How far inside the trim text and logos must stay."""
BLEED_MM = 3.0
"""The bleed print shops ask for."""
MIN_PPI = 150
"""Below this effective resolution an image is an error."""
GOOD_PPI = 300
"""Below this effective resolution an image is a warning."""
MAX_IMAGE_PIXELS = 1_000_000_000
"""More pixels than this in one image is an error: no print needs it (A0 at 300 ppi is 140
million), and a RIP may refuse it; a damaged or hostile file declares such sizes."""
MESSAGE_LENGTH = 1000
"""The longest finding message."""
EDGE_TOLERANCE = 0.5
"""How close (points) an edge must be to the trim edge to count as "on" it."""
PDFX4_MAX_VERSION = (1, 6)
"""The newest PDF version PDF/X-4 allows."""

CHECKS: tuple[tuple[str, str], ...] = (
    ("encryption", "not encrypted"),
    ("boxes", "page boxes"),
    ("bleed", "bleed"),
    ("marks", "crop marks"),
    ("output-intent", "output intent"),
    ("pdfx", "PDF/X-4 metadata"),
    ("fonts", "fonts embedded"),
    ("colour", "colour (no RGB)"),
    ("images", "image resolution"),
    ("safe-margin", "safe margin"),
    ("folds", "fold clear space"),
    ("backgrounds", "backgrounds reach bleed"),
)
"""Every check, in report order: (id, title)."""
READING = ("reading", "file read in full")
"""The check listed first when something could not be read (id, title); absent otherwise."""

NOT_CHECKED: tuple[str, ...] = (
    "overprint and knockout",
    "transparency blending (soft masks, blend modes)",
    "total ink coverage",
    "hairlines (line widths)",
    "annotation and form-field appearances",
    "colours inside Type 3 glyphs",
    "image detail (an upsampled image passes the resolution check)",
    "the full PDF/X standard (use a validator for a certificate)",
)
"""What the preflight never checks, in any file."""

_CONTENT_CHECKS = ("marks", "fonts", "colour", "images", "safe-margin", "folds", "backgrounds")
_LIMITED: dict[Affects, tuple[str, ...]] = {
    "content": _CONTENT_CHECKS,
    "text": ("fonts", "safe-margin", "folds"),
    "images": ("images",),
    "pages": ("boxes", "bleed", *_CONTENT_CHECKS),
    "metadata": ("output-intent", "pdfx"),
    "output-intent": ("output-intent",),
    "none": (),
}
"""The checks each kind of gap hides something from."""

_PAPERS = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A6": (105.0, 148.0),
    "DL": (99.0, 210.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
}


@dataclass
class _Check:
    """A check being run: its findings so far and its coverage."""

    id: str
    total_pages: int
    findings: list[PreflightFinding] = field(default_factory=list)
    coverage: Coverage = "full"
    summary: str = ""
    note: str = ""

    def add(self, severity: PreflightSeverity, page: int | None, message: str) -> None:
        """Record one finding (cut to :data:`MESSAGE_LENGTH`: it may quote the file's names)."""
        message = clipped(message, MESSAGE_LENGTH)
        self.findings.append(PreflightFinding(self.id, severity, page, message))

    def add_pages(self, severity: PreflightSeverity, pages: Iterable[int], message: str) -> None:
        """Record a finding seen on ``pages``: once for the whole file when on every page."""
        numbers = sorted(set(pages))
        if len(numbers) == self.total_pages and self.total_pages > 1:
            self.add(severity, None, f"{message} (all {self.total_pages} pages)")
        else:
            for number in numbers:
                self.add(severity, number, message)

    def limit(self, coverage: Coverage, note: str) -> None:
        """Say the check could not look at everything."""
        if coverage == "none" or self.coverage == "full":
            self.coverage = coverage
        self.note = clipped(f"{self.note}; {note}" if self.note else note, MESSAGE_LENGTH)

    def result(self, title: str) -> CheckResult:
        """What the report shows of the check."""
        return CheckResult(self.id, title, self.coverage, self.summary, self.note)


def build_report(
    document: Document, name: str, margin_mm: float, folds: tuple[float, ...] | None = None
) -> PreflightReport:
    """Run every check on ``document``; ``name`` names the file in the report. ``folds``: the
    first side's folds (x from the trim's left edge, in points) for a file that does not record
    its own; the back of each sheet (even pages) folds at the mirrored places."""
    margin = margin_mm * MM
    runners: dict[str, Callable[[_Check, Document], None]] = {
        "encryption": _check_encryption,
        "boxes": _check_boxes,
        "bleed": _check_bleed,
        "marks": _check_marks,
        "output-intent": _check_output_intent,
        "pdfx": _check_pdfx,
        "fonts": _check_fonts,
        "colour": _check_colour,
        "images": _check_images,
        "safe-margin": lambda c, d: _check_safe_margin(c, d, margin),
        "folds": lambda c, d: _check_folds(c, d, margin, folds),
        "backgrounds": _check_backgrounds,
    }
    results: list[CheckResult] = []
    findings: list[PreflightFinding] = []
    total = len(document.pages)
    if document.gaps:
        reading = _check_reading(document.gaps, total)
        results.append(reading.result(READING[1]))
        findings.extend(reading.findings)
    for check_id, title in CHECKS:
        check = _Check(check_id, total)
        runners[check_id](check, document)
        _limit_by_gaps(check, document.gaps)
        results.append(check.result(title))
        findings.extend(sorted(check.findings, key=lambda f: f.page or 0))
    return PreflightReport(
        name,
        total,
        document.pdf_version,
        tuple(results),
        tuple(findings),
        _not_checked(document),
    )


def _check_reading(gaps: list[Gap], total_pages: int) -> _Check:
    """One finding per thing that could not be read, on the pages where it happened."""
    check = _Check(READING[0], total_pages)
    pages: dict[tuple[PreflightSeverity, str], list[int]] = defaultdict(list)
    for gap in gaps:
        if gap.page is None:
            check.add(gap.severity, None, gap.message)
        elif gap.page not in pages[gap.severity, gap.message]:
            pages[gap.severity, gap.message].append(gap.page)
    for (severity, message), numbers in pages.items():
        check.add_pages(severity, numbers, message)
    check.findings.sort(key=lambda f: (f.page or 0, f.severity != "error"))
    return check


def _limit_by_gaps(check: _Check, gaps: list[Gap]) -> None:
    """Limit a check's coverage by what could not be read of what it judges."""
    if check.coverage == "none":
        return
    affecting = [gap for gap in gaps if check.id in _LIMITED[gap.affects]]
    if not affecting:
        return
    pages = [gap.page for gap in affecting if gap.page is not None]
    where = f" on {_pages_text(pages)}" if len(pages) == len(affecting) else ""
    check.limit("limited", f"not everything could be read{where} (see {READING[1]})")


def _not_checked(document: Document) -> tuple[str, ...]:
    not_checked = list(NOT_CHECKED)
    for note, pages in sorted(document.notes.items()):
        not_checked.append(f"{note} on {_pages_text(pages)}")
    if document.optional_content:
        not_checked.append("optional content: hidden layers are checked as if they printed")
    scaled = [p.number for p in document.pages if p.user_unit != 1]
    if scaled:
        not_checked.append(f"/UserUnit scaling (sizes read as points) on {_pages_text(scaled)}")
    return tuple(not_checked)


def _check_encryption(check: _Check, document: Document) -> None:
    if document.encrypted:
        check.add("error", None, "the file is encrypted: print shops cannot process it")
    else:
        check.summary = "no encryption"


def _check_boxes(check: _Check, document: Document) -> None:
    problems: dict[tuple[PreflightSeverity, str], list[int]] = defaultdict(list)
    for page in document.pages:
        for severity, message in _box_problems(page):
            problems[severity, message].append(page.number)
    for (severity, message), pages in problems.items():
        check.add_pages(severity, pages, message)
    sizes = {_size_mm(p.trim_or_media) for p in document.pages}
    first = document.pages[0]
    if len(sizes) > 1:
        for page in document.pages[1:]:
            if _size_mm(page.trim_or_media) != _size_mm(first.trim_or_media):
                check.add(
                    "warning",
                    page.number,
                    f"trimmed size {_size_text(page.trim_or_media)} differs from page 1's "
                    f"({_size_text(first.trim_or_media)})",
                )
    if any(p.trim is not None or p.art is not None for p in document.pages):
        check.summary = f"trimmed page {_size_text(first.trim_or_media)}"


def _box_problems(page: Page) -> list[tuple[PreflightSeverity, str]]:
    problems: list[tuple[PreflightSeverity, str]] = []
    for box in page.bad_boxes:
        if box == "MediaBox":
            problems.append(
                ("error", "the MediaBox is missing or not four finite numbers: US Letter assumed")
            )
        else:
            problems.append(("error", f"the {box} is not four finite numbers and was ignored"))
    if page.trim is None and page.art is None:
        problems.append(("error", "no TrimBox: the finished page size is not declared"))
    elif page.trim is None:
        problems.append(("info", "no TrimBox; the ArtBox is taken as the trimmed page"))
    trim, bleed = page.trim_or_media, page.bleed_or_default
    if not _inside(trim, bleed):
        problems.append(("error", "the TrimBox is not inside the BleedBox"))
    if not _inside(bleed, page.media):
        problems.append(("error", "the BleedBox extends past the MediaBox"))
    if not _inside(trim, page.media):
        problems.append(("error", "the TrimBox extends past the MediaBox"))
    if page.crop is not None and not _inside(bleed, page.crop):
        problems.append(("warning", "the CropBox cuts off part of the bleed"))
    return problems


def _check_bleed(check: _Check, document: Document) -> None:
    amounts: list[float] = []
    missing_trim = [p.number for p in document.pages if p.trim is None and p.art is None]
    none: list[int] = []
    short: dict[str, list[int]] = defaultdict(list)
    for page in document.pages:
        if page.number in missing_trim:
            continue
        sides = _gaps(page.trim_or_media, page.bleed_or_default)
        amount = min(sides.values())
        amounts.append(amount)
        wanted = BLEED_MM * MM - 0.05
        narrow = [side for side, gap in sides.items() if gap < wanted]
        if amount < 0.01:
            none.append(page.number)
        elif narrow:
            where = "on every side" if len(narrow) == 4 else f"on the {_join(narrow)}"
            message = (
                f"bleed is only {amount / MM:.1f} mm {where}; print shops ask for {BLEED_MM:g} mm"
            )
            short[message].append(page.number)
    if missing_trim:
        check.add_pages(
            "error",
            missing_trim,
            "no bleed: no TrimBox, so nothing is declared beyond the trimmed page",
        )
        check.limit(
            "limited", f"the MediaBox is taken as the trimmed page on {_pages_text(missing_trim)}"
        )
    if none:
        check.add_pages("error", none, "no bleed: nothing is declared beyond the TrimBox")
    for message, pages in short.items():
        check.add_pages("warning", pages, message)
    if amounts and min(amounts) >= 0.01:
        low, high = min(amounts) / MM, max(amounts) / MM
        at_least = "at least " if high - low >= 0.05 else ""
        check.summary = f"{at_least}{low:.1f} mm on every side"


def _check_marks(check: _Check, document: Document) -> None:
    pages = [p for p in document.pages if p.trim is not None]
    if not pages:
        check.limit("none", "no TrimBox, so no trim corners to mark")
        return
    found = 0
    inside: list[int] = []
    off_sheet: list[int] = []
    for page in pages:
        marks = [
            s.box
            for s in page.content.strokes
            if s.width <= 1.0 and not _overlaps(s.box, page.trim_or_media)
        ]
        found += len(marks)
        if any(_overlaps(box, page.bleed_or_default) for box in marks):
            inside.append(page.number)
        if any(not _inside(box, page.media) for box in marks):
            off_sheet.append(page.number)
    check.add_pages(
        "warning", inside, "a crop mark reaches into the bleed: it may show after trimming"
    )
    check.add_pages("warning", off_sheet, "a crop mark lies outside the MediaBox and is cut off")
    if not found:
        check.summary = "none (print shops can add their own)"
    elif not inside and not off_sheet:
        check.summary = "outside the bleed"


def _claimed_pdfx(document: Document) -> str:
    """The PDF/X version the file claims (XMP, else Info), or ""."""
    return document.xmp.get("pdfxid:GTS_PDFXVersion") or document.info.get("/GTS_PDFXVersion", "")


def _check_output_intent(check: _Check, document: Document) -> None:
    intents = document.output_intents
    claimed = _claimed_pdfx(document)
    if not intents:
        if claimed:
            check.add("error", None, f"the file claims {claimed} but has no GTS_PDFX output intent")
        else:
            check.add(
                "warning",
                None,
                "not a PDF/X file: no output intent names the CMYK printing condition",
            )
        return
    if len(intents) > 1:
        check.add("error", None, f"{len(intents)} GTS_PDFX output intents; PDF/X allows one")
    intent = intents[0]
    condition = intent.condition
    if intent.profile == "referenced":
        check.limit("limited", "the output profile is referenced, not embedded (PDF/X-4p)")
        check.summary = f"{condition} (external profile)"
        return
    if intent.profile == "missing":
        check.add("error", None, f"the output intent ({condition}) has no embedded ICC profile")
        return
    components, header = intent.components, intent.header
    signature = _icc_space(header)
    if components != 4 or signature not in (None, "CMYK"):
        space = signature or f"N {components}"
        check.add("error", None, f"the output profile ({condition}) is not CMYK but {space}")
    elif len(header) < 40 or header[36:40] != b"acsp":
        check.add("error", None, f"the output profile ({condition}) is not an ICC profile")
    else:
        check.summary = f"{condition}, CMYK ICC profile embedded"


def _icc_space(header: bytes) -> str | None:
    """The colour space an ICC profile header names ("CMYK", "RGB"), or None when there is no
    readable name where the header keeps it."""
    space = header[16:20]
    if len(space) < 4 or not re.fullmatch(rb"[A-Za-z0-9 ]{4}", space):
        return None
    return space.decode("ascii").strip()


def _check_pdfx(check: _Check, document: Document) -> None:
    xmp = document.xmp
    claimed = _claimed_pdfx(document)
    if not claimed:
        check.summary = "the file does not claim PDF/X"
        return
    if not claimed.startswith("PDF/X-4"):
        check.add("info", None, f"the file claims {claimed}; checked against PDF/X-4's rules")
    if "pdfxid:GTS_PDFXVersion" not in xmp:
        check.add("error", None, "the XMP metadata does not declare pdfxid:GTS_PDFXVersion")
    for key, label in (
        ("dc:title", "title"),
        ("xmp:CreateDate", "creation date"),
        ("xmp:ModifyDate", "modification date"),
    ):
        if key not in xmp:
            check.add("error", None, f"the XMP metadata has no {label} ({key})")
    trapped = document.info.get("/Trapped")
    if trapped not in ("/True", "/False"):
        shown = "missing" if trapped is None else trapped
        check.add("error", None, f"Info /Trapped must be /True or /False (it is {shown})")
    if claimed.startswith("PDF/X-4") and _version(document.pdf_version) > PDFX4_MAX_VERSION:
        check.add("error", None, f"PDF {document.pdf_version} is newer than PDF/X-4 allows (1.6)")
    check.summary = claimed


def _version(text: str) -> tuple[int, ...]:
    """ "1.6" -> (1, 6); parts that are not short runs of digits are left out."""
    return tuple(int(part) for part in text.split(".")[:2] if re.fullmatch(r"[0-9]{1,6}", part))


def _check_fonts(check: _Check, document: Document) -> None:
    fonts: dict[str, FontInfo] = {}
    listed: dict[str, list[int]] = defaultdict(list)
    shown: dict[str, list[int]] = defaultdict(list)
    for page in document.pages:
        for key, font in page.content.fonts.items():
            fonts.setdefault(key, font)
            listed[key].append(page.number)
        for key in page.content.shown_fonts:
            shown[key].append(page.number)
    missing = 0
    for key, font in fonts.items():
        if font.embedded:
            continue
        if key in shown:
            missing += 1
            check.add_pages("error", shown[key], f"font {font.name} ({font.kind}) is not embedded")
        else:
            message = f"font {font.name} ({font.kind}) is not embedded, but shows no visible text"
            check.add_pages("info", listed[key], message)
    count = _plural(len(fonts), "font")
    if not fonts:
        check.summary = "no fonts"
    elif not missing:
        check.summary = f"{count}, embedded" if len(fonts) == 1 else f"{count}, all embedded"
    else:
        check.summary = count


def _check_colour(check: _Check, document: Document) -> None:
    kinds: set[str] = set()
    problems: dict[tuple[PreflightSeverity, str], list[int]] = defaultdict(list)
    for page in document.pages:
        by_space: dict[tuple[str, str], list[str]] = defaultdict(list)
        for use, count in page.content.colours.items():
            kinds.add(use.kind)
            if use.kind in ("rgb", "unknown", "spot"):
                by_space[use.kind, use.label].append(f"{use.what} x{count}")
        for (kind, label), uses in sorted(by_space.items()):
            where = _some_of(sorted(uses))
            if kind == "rgb":
                problems["error", f"RGB colour ({label}): {where}"].append(page.number)
            elif kind == "spot":
                problems[
                    "warning",
                    f"spot colour ({label}), an extra plate unless converted: {where}",
                ].append(page.number)
            else:
                problems["warning", f"colour space not identified ({label}): {where}"].append(
                    page.number
                )
    for (severity, message), pages in problems.items():
        check.add_pages(severity, pages, message)
    used = sorted(kinds & {"cmyk", "gray", "lab", "spot", "rgb"})
    check.summary = (
        ("colours in " + ", ".join(k.upper() if k != "gray" else "gray" for k in used))
        if used
        else "no colours painted"
    )


def _check_images(check: _Check, document: Document) -> None:
    lowest: float | None = None
    count = 0
    problems: dict[tuple[PreflightSeverity, str], list[int]] = defaultdict(list)
    for page in document.pages:
        for image in page.content.images:
            if not _overlaps(image.box, page.bleed_or_default):
                continue
            count += 1
            lowest = image.ppi if lowest is None else min(lowest, image.ppi)
            width, height = image.pixels
            if width * height > MAX_IMAGE_PIXELS:
                message = (
                    f"{_image_name(image)} declares {width:,} x {height:,} px, more than any "
                    f"print needs ({MAX_IMAGE_PIXELS:,} pixels at most): the file may be damaged"
                )
                problems["error", message].append(page.number)
                continue
            if image.ppi >= GOOD_PPI:
                continue
            placed = f"{image.size[0] / MM:.1f} x {image.size[1] / MM:.1f} mm"
            severity: PreflightSeverity = "error" if image.ppi < MIN_PPI else "warning"
            wanted = (
                f"{MIN_PPI} wanted, 300 for sharp print" if severity == "error" else "300 wanted"
            )
            message = (
                f"{_image_name(image)} ({width} x {height} px) placed {placed}: "
                f"{image.ppi:.0f} ppi ({wanted})"
            )
            if page.number not in problems[severity, message]:
                problems[severity, message].append(page.number)
    for (severity, message), pages in problems.items():
        check.add_pages(severity, pages, message)
    check.summary = (
        f"{_plural(count, 'image')}, lowest {lowest:.0f} ppi" if lowest is not None else "no images"
    )


def _image_name(image: ImagePlacement) -> str:
    """ "image /Im1", "image mask /Im2", "inline image" (long generated names shortened)."""
    if image.name == "inline image":
        return "inline image (mask)" if image.mask else "inline image"
    name = clipped(image.name, 18)
    return f"image mask {name}" if image.mask else f"image {name}"


def _check_safe_margin(check: _Check, document: Document, margin: float) -> None:
    missing_trim = [p.number for p in document.pages if p.trim is None and p.art is None]
    if missing_trim:
        check.limit(
            "limited", f"the MediaBox is taken as the trimmed page on {_pages_text(missing_trim)}"
        )
    problems: dict[tuple[PreflightSeverity, str], list[int]] = defaultdict(list)
    for page in document.pages:
        for message in _text_in_margin(page, margin):
            problems["error", message].append(page.number)
        for message in _images_in_margin(page, margin):
            if page.number not in problems["warning", message]:
                problems["warning", message].append(page.number)
    for (severity, message), pages in problems.items():
        check.add_pages(severity, pages, message)
    if not check.findings:
        check.summary = f"text and logos at least {margin / MM:g} mm inside the trim"


def _text_in_margin(page: Page, margin: float) -> list[str]:
    """One message per trim edge that text on ``page`` comes closer to than ``margin``."""
    trim = page.trim_or_media
    close: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for run in page.content.texts:
        if not _overlaps(run.box, trim):
            continue  # slug text, outside the trimmed page
        edge, distance = _nearest_edge(run.box, trim)
        if distance < margin - 0.01:
            close[edge].append((distance, run.text.strip()))
    messages = []
    for edge, runs in sorted(close.items()):
        distance, text = min(runs)
        quoted = f': "{_shorten(text)}"' if text else ""
        if distance < -0.01:
            message = f"text crosses the trim ({edge} edge){quoted}"
        else:
            message = (
                f"text {distance / MM:.1f} mm from the trim ({edge} edge; "
                f"{margin / MM:g} mm wanted){quoted}"
            )
        if len(runs) > 1:
            message += f" and {_plural(len(runs) - 1, 'more text run')}"
        messages.append(message)
    return messages


def _images_in_margin(page: Page, margin: float) -> list[str]:
    """A message for each image edge inside the safe margin (but not on or past the trim: an
    image running to the trim is a background, judged by the backgrounds check)."""
    trim = page.trim_or_media
    messages = []
    for image in page.content.images:
        if not _overlaps(image.box, trim):
            continue
        for edge, gap in _gaps(image.box, trim, signed=True).items():
            if EDGE_TOLERANCE < gap < margin - 0.01:
                messages.append(
                    f"{_image_name(image)} {gap / MM:.1f} mm from the trim "
                    f"({edge} edge; {margin / MM:g} mm wanted)"
                )
    return messages


def _check_folds(
    check: _Check, document: Document, margin: float, given: tuple[float, ...] | None
) -> None:
    folded = 0
    for page in document.pages:
        trim = page.trim_or_media
        folds = page.folds if given is None else _mirrored(given, trim, page.number)
        folded += bool(folds)
        for fold in folds:
            x = trim[0] + fold
            close = [
                (abs(run.box[0] - x) if run.box[0] >= x else abs(x - run.box[2]), run)
                for run in page.content.texts
                if _overlaps(run.box, trim) and run.box[0] - margin < x < run.box[2] + margin
            ]
            if not close:
                continue
            distance, run = min(close, key=lambda item: item[0])
            where = f"the fold at {fold / MM:.1f} mm"
            text = f': "{_shorten(run.text.strip())}"' if run.text.strip() else ""
            if run.box[0] < x < run.box[2]:
                message = f"text crosses {where}{text}"
            else:
                message = (
                    f"text {distance / MM:.1f} mm from {where} ({margin / MM:g} mm wanted){text}"
                )
            if len(close) > 1:
                message += f" and {_plural(len(close) - 1, 'more text run')}"
            check.add("error", page.number, message)
    if not folded:
        check.limit(
            "none",
            "the file records no folds (brochure's folded print files do; else give --folds)",
        )
    elif not check.findings:
        check.summary = f"text at least {margin / MM:g} mm from every fold"


def _mirrored(folds: tuple[float, ...], trim: Box, page: int) -> tuple[float, ...]:
    """``folds`` of a sheet's first side, as they fall on page ``page``: the back of a sheet
    (an even page) folds at the mirrored places."""
    if page % 2:
        return folds
    width = trim[2] - trim[0]
    return tuple(sorted(width - fold for fold in folds))


def _check_backgrounds(check: _Check, document: Document) -> None:
    pages = [
        p
        for p in document.pages
        if (p.trim or p.art) and min(_gaps(p.trim_or_media, p.bleed_or_default).values()) >= 0.01
    ]
    if not pages:
        check.limit("none", "no page has bleed for backgrounds to reach")
        return
    if len(pages) < len(document.pages):
        with_bleed = {p.number for p in pages}
        without = [p.number for p in document.pages if p.number not in with_bleed]
        check.limit("limited", f"no bleed on {_pages_text(without)}")
    problems: dict[str, list[int]] = defaultdict(list)
    for page in pages:
        for message in _short_backgrounds(page):
            problems[message].append(page.number)
    for message, numbers in problems.items():
        check.add_pages("error", numbers, message)
    if not check.findings:
        check.summary = "every background touching the trim runs into the bleed"


def _short_backgrounds(page: Page) -> list[str]:
    """Messages for the areas on ``page`` that reach the trim but not the bleed, one per kind
    of shortfall, naming the edges and what was painted."""
    trim, bleed = page.trim_or_media, page.bleed_or_default
    edges: dict[str, list[str]] = defaultdict(list)
    painted: dict[str, list[str]] = defaultdict(list)
    for area in page.content.areas:
        if area.white or not _overlaps(area.box, trim):
            continue
        past_trim = _gaps(trim, area.box, signed=True)  # > 0: past the trim edge
        short_of_bleed = _gaps(area.box, bleed, signed=True)  # > 0: short of the bleed
        for edge, past in past_trim.items():
            if past >= -EDGE_TOLERANCE and short_of_bleed[edge] > EDGE_TOLERANCE:
                where = (
                    "at the trim"
                    if past <= EDGE_TOLERANCE
                    else f"{past / MM:.1f} mm past the trim, short of the bleed"
                )
                if edge not in edges[where]:
                    edges[where].append(edge)
                if area.what not in painted[where]:
                    painted[where].append(area.what)
    messages = []
    for where, sides in edges.items():
        whats = painted[where]
        shown = ", ".join(whats[:3]) + (f" and {len(whats) - 3} more" if len(whats) > 3 else "")
        noun = "edge" if len(sides) == 1 else "edges"
        messages.append(f"background stops {where} ({_join(sides)} {noun}): {shown}")
    return messages


def _some_of(items: list[str], shown: int = 20) -> str:
    """ "a, b, c", or the first ``shown`` and how many more."""
    more = f" and {len(items) - shown:,} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def _join(words: list[str]) -> str:
    """ "left", "left and top", "left, right and top"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# -- geometry and wording ----------------------------------------------------------------------


def _inside(inner: Box, outer: Box, tolerance: float = 0.01) -> bool:
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[2] <= outer[2] + tolerance
        and inner[3] <= outer[3] + tolerance
    )


def _overlaps(box: Box, region: Box, tolerance: float = 0.01) -> bool:
    """Whether ``box`` (possibly a line, with no width or height) reaches into ``region``."""
    return (
        box[0] < region[2] - tolerance
        and box[2] > region[0] + tolerance
        and box[1] < region[3] - tolerance
        and box[3] > region[1] + tolerance
    )


def _gaps(inner: Box, outer: Box, *, signed: bool = False) -> dict[str, float]:
    """How far ``outer`` extends past ``inner`` on each side (negative: it falls short)."""
    gaps = {
        "left": inner[0] - outer[0],
        "bottom": inner[1] - outer[1],
        "right": outer[2] - inner[2],
        "top": outer[3] - inner[3],
    }
    return gaps if signed else {side: max(gap, 0.0) for side, gap in gaps.items()}


def _nearest_edge(box: Box, trim: Box) -> tuple[str, float]:
    """The trim edge ``box`` comes closest to, and how far inside it stays (negative: across)."""
    gaps = {
        "left": box[0] - trim[0],
        "bottom": box[1] - trim[1],
        "right": trim[2] - box[2],
        "top": trim[3] - box[3],
    }
    return min(gaps.items(), key=lambda item: item[1])


def _size_mm(box: Box) -> tuple[float, float]:
    return (round((box[2] - box[0]) / MM, 1), round((box[3] - box[1]) / MM, 1))


def _size_text(box: Box) -> str:
    width, height = _size_mm(box)
    text = f"{width:.1f} x {height:.1f} mm"
    for name, (short, long) in _PAPERS.items():
        if math.isclose(min(width, height), short, abs_tol=0.5) and math.isclose(
            max(width, height), long, abs_tol=0.5
        ):
            return f"{text} ({name})"
    return text


def _pages_text(pages: list[int]) -> str:
    """ "page 2", "pages 1-3", "pages 1, 3"."""
    numbers = sorted(set(pages))
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"pages {numbers[0]}-{numbers[-1]}"
    return "pages " + ", ".join(map(str, numbers))


def _shorten(text: str, limit: int = 40) -> str:
    return clipped(" ".join(text.split()), limit)
