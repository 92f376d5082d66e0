"""Preflight: read any PDF and report what a print shop would reject, before it costs days.

Checks, in report order (``id``: what it means):

``encryption``
    The file is not encrypted (a file that needs a password cannot be opened at all).
``boxes``
    Every page has a TrimBox (the finished page), and TrimBox ⊆ BleedBox ⊆ MediaBox; the CropBox
    does not cut off the bleed; all pages have the same trimmed size.
``bleed``
    The BleedBox extends at least 3 mm past the TrimBox on every side (none: error; less: warning).
``marks``
    Crop marks (thin strokes outside the trimmed page) stay outside the bleed and on the sheet.
``output-intent``
    One GTS_PDFX output intent with an embedded CMYK ICC profile (``/N 4``). Missing: error when
    the file claims PDF/X, else a warning ("not a PDF/X file").
``pdfx``
    For a file claiming PDF/X: XMP ``pdfxid:GTS_PDFXVersion``, ``dc:title``, ``xmp:CreateDate``
    and ``xmp:ModifyDate``; Info ``/Trapped`` ``/True`` or ``/False``; PDF version at most 1.6.
``fonts``
    Every font (pages, forms, patterns; Type0 descendants) is embedded; Type 3 fonts count as
    embedded.
``colour``
    No RGB on any page (DeviceRGB, CalRGB, ICC-based RGB; Indexed judged by its base) in vector
    colours, text, images, shadings, patterns or transparency groups; spot colours and unknown
    colour spaces are warnings.
``images``
    Each placed image's effective resolution at its printed size: below 150 ppi an error, below
    300 ppi a warning.
``safe-margin``
    Text at least 5 mm inside the trim (error: the cut may take it), images (logos) too (warning)
    unless they are backgrounds running into the bleed. Text entirely outside the trimmed page
    (slug lines) is ignored.
``backgrounds``
    A filled area, image or shading whose edge lies on the trim edge (within 0.5 pt), or between
    the trim and the bleed edge, does not reach the bleed: error, "background stops at the trim
    (left edge)". White fills do not count.

Severities: ``error`` (a print shop would reject the file), ``warning`` (it might, or the result
may disappoint), ``info``. :meth:`PreflightReport.failed` is true with any error, or any warning
under ``strict``.

JSON shape (:meth:`PreflightReport.to_json`)::

    {
      "file": "out/content-print.pdf",
      "pages": 3,
      "pdf_version": "1.6",
      "strict": false,
      "passed": true,                 # no errors (and, with strict, no warnings)
      "errors": 0,
      "warnings": 1,
      "checks": [                     # every check above, in that order
        {"id": "bleed", "title": "bleed", "verdict": "ok",   # ok|warning|error|not checked
         "coverage": "full",          # full|limited|none
         "summary": "3.0 mm on every side", "note": ""}      # note: why coverage is limited
      ],
      "findings": [
        {"check": "images", "severity": "warning", "page": 2,   # page: 1-based, or null
         "message": "image /Im1 (400 x 300 px) placed 40.6 x 30.5 mm: 250 ppi (300 wanted)"}
      ],
      "not_checked": ["overprint and knockout", "..."]
    }
"""

from __future__ import annotations

import io
import json
import math
import textwrap
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from brochure.errors import BrochureError

if TYPE_CHECKING:
    import pikepdf

    from brochure.pdf.content_stream import Box, ImagePlacement, PageContent

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
EDGE_TOLERANCE = 0.5
"""How close (points) an edge must be to the trim edge to count as "on" it."""
PDFX4_MAX_VERSION = (1, 6)
"""The newest PDF version PDF/X-4 allows."""

Severity = Literal["error", "warning", "info"]
Coverage = Literal["full", "limited", "none"]

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
    ("backgrounds", "backgrounds reach bleed"),
)
"""Every check, in report order: (id, title)."""

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

_PAPERS = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A6": (105.0, 148.0),
    "DL": (99.0, 210.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
}


@dataclass(frozen=True)
class PreflightFinding:
    """One observation of one check."""

    check: str
    """The check's id (see :data:`CHECKS`)."""
    severity: Severity
    """error, warning or info."""
    page: int | None
    """1-based page number, or None for the whole file."""
    message: str
    """What is wrong, for a person."""


@dataclass(frozen=True)
class CheckResult:
    """How far one check could look, and what it saw in a sentence."""

    id: str
    """The check's id (see :data:`CHECKS`)."""
    title: str
    """Its name in the table."""
    coverage: Coverage
    """full, limited (see ``note``) or none (the check could not run)."""
    summary: str = ""
    """One line on what was found when all is well ("3 fonts, all embedded")."""
    note: str = ""
    """Why coverage is limited or none."""


@dataclass(frozen=True)
class PreflightReport:
    """The preflight of one PDF."""

    file: str
    """The file's name as given."""
    pages: int
    """Number of pages."""
    pdf_version: str
    """The version its header declares."""
    checks: tuple[CheckResult, ...]
    """Every check in :data:`CHECKS` order."""
    findings: tuple[PreflightFinding, ...]
    """Every finding, in check order, then page order."""
    not_checked: tuple[str, ...]
    """What the preflight could not check in this file."""

    @property
    def errors(self) -> int:
        """Number of error findings."""
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        """Number of warning findings."""
        return sum(f.severity == "warning" for f in self.findings)

    def failed(self, *, strict: bool) -> bool:
        """Whether a print shop would reject the file: any error (or warning, when strict)."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def verdict(self, check: CheckResult) -> str:
        """A check's verdict: ok, warning, error or not checked."""
        severities = {f.severity for f in self.findings if f.check == check.id}
        if "error" in severities:
            return "error"
        if "warning" in severities:
            return "warning"
        return "not checked" if check.coverage == "none" else "ok"

    def format_table(self, *, strict: bool = False) -> str:
        """The report for a person: one row per check with its verdict and findings, what was
        not checked, then the verdict line."""
        lines = [f"Preflight of {self.file}: {_plural(self.pages, 'page')}, PDF {self.pdf_version}"]
        lines.append("")
        width = max(len(title) for _, title in CHECKS) + 2
        for check in self.checks:
            verdict = self.verdict(check)
            shown = verdict.upper() if verdict == "error" else verdict
            if check.coverage == "limited" and verdict == "ok":
                shown = "ok*"
            detail = check.note if check.coverage == "none" else check.summary
            lines.append(f"  {check.title:<{width}}{shown:<13}{detail}".rstrip())
            for finding in self.findings:
                if finding.check == check.id:
                    where = "file" if finding.page is None else f"page {finding.page}"
                    lines.append(f"      {where:<11}{finding.severity:<9}{finding.message}")
        limited = [c for c in self.checks if c.coverage == "limited"]
        if limited:
            lines.append("")
            lines.extend(f"  * {c.title}: {c.note}" for c in limited)
        lines.append("")
        lines.extend(
            textwrap.wrap(
                "Not checked: " + "; ".join(self.not_checked) + ".",
                width=100,
                subsequent_indent="  ",
                break_on_hyphens=False,
            )
        )
        lines.append(self._verdict_line(strict))
        return "\n".join(lines) + "\n"

    def to_json(self, *, strict: bool = False) -> str:
        """The report for machines (shape in the module docstring)."""
        data = {
            "file": self.file,
            "pages": self.pages,
            "pdf_version": self.pdf_version,
            "strict": strict,
            "passed": not self.failed(strict=strict),
            "errors": self.errors,
            "warnings": self.warnings,
            "checks": [
                {
                    "id": c.id,
                    "title": c.title,
                    "verdict": self.verdict(c),
                    "coverage": c.coverage,
                    "summary": c.summary,
                    "note": c.note,
                }
                for c in self.checks
            ],
            "findings": [
                {"check": f.check, "severity": f.severity, "page": f.page, "message": f.message}
                for f in self.findings
            ],
            "not_checked": list(self.not_checked),
        }
        return json.dumps(data, indent=2, ensure_ascii=False)

    def _verdict_line(self, strict: bool) -> str:
        counts = f"{_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')}"
        if self.errors:
            return f"FAIL ({counts}): a print shop would reject this file."
        if self.warnings and strict:
            return f"FAIL ({counts}; --strict counts warnings as errors)."
        if self.warnings:
            return f"PASS with warnings ({counts}): read them before sending the file."
        return "PASS: no errors or warnings in what was checked."


def preflight_file(path: Path, *, safe_margin_mm: float = SAFE_MARGIN_MM) -> PreflightReport:
    """Preflight the PDF at ``path``.

    Raises :class:`BrochureError` naming the file when it cannot be read, is not a PDF, or is
    encrypted with a password."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BrochureError(f"cannot read {path}: {exc.strerror or exc}") from None
    return preflight_bytes(data, str(path), safe_margin_mm=safe_margin_mm)


def preflight_bytes(
    data: bytes, name: str, *, safe_margin_mm: float = SAFE_MARGIN_MM
) -> PreflightReport:
    """Preflight a PDF held in memory; ``name`` names it in the report and in errors."""
    import pikepdf

    if b"%PDF-" not in data[:1024]:
        raise BrochureError(f"{name} is not a PDF (it does not start with %PDF-)")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise BrochureError(
            f"{name} is encrypted with a password; preflight cannot open it"
        ) from None
    except pikepdf.PdfError as exc:
        raise BrochureError(f"{name} is not a readable PDF: {exc}") from None
    with pdf:
        if len(pdf.pages) == 0:
            raise BrochureError(f"{name} has no pages")
        document = _read_document(pdf)
        return _report(document, name, safe_margin_mm * MM)


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    """One page: its boxes (normalised) and what it paints."""

    number: int
    media: Box
    crop: Box | None
    bleed: Box | None
    trim: Box | None
    art: Box | None
    user_unit: float
    content: PageContent

    @property
    def trim_or_media(self) -> Box:
        """The trimmed page: TrimBox, else ArtBox, else the MediaBox."""
        return self.trim or self.art or self.media

    @property
    def bleed_or_default(self) -> Box:
        """The BleedBox, defaulting to the CropBox, then the MediaBox (as PDF says)."""
        return self.bleed or self.crop or self.media


@dataclass
class _Document:
    """What the checks read: the open PDF and its pages."""

    pdf: pikepdf.Pdf
    pages: list[_Page]
    xmp: dict[str, str]
    """The XMP properties the checks read (see :func:`_read_xmp`)."""
    notes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    """What could not be judged -> the pages where that happened."""


def _read_document(pdf: pikepdf.Pdf) -> _Document:
    import pikepdf

    from brochure.pdf.content_stream import PageContent, inherited, rect, scan_page

    document = _Document(pdf, [], _read_xmp(pdf))
    for number, page in enumerate(pdf.pages, start=1):
        obj = page.obj
        try:
            content = scan_page(obj)
        except (pikepdf.PdfError, ValueError, TypeError) as exc:
            content = PageContent()
            content.notes.add(f"content (the content stream could not be read: {exc})")
        for note in content.notes:
            document.notes[note].append(number)
        media = rect(inherited(obj, "/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
        document.pages.append(
            _Page(
                number,
                media,
                rect(inherited(obj, "/CropBox")),
                rect(obj.get("/BleedBox")),
                rect(obj.get("/TrimBox")),
                rect(obj.get("/ArtBox")),
                _number(obj.get("/UserUnit"), 1.0),
                content,
            )
        )
    return document


# -- the checks --------------------------------------------------------------------------------


@dataclass
class _Check:
    """A check being run: its findings so far and its coverage."""

    id: str
    total_pages: int
    findings: list[PreflightFinding] = field(default_factory=list)
    coverage: Coverage = "full"
    summary: str = ""
    note: str = ""

    def add(self, severity: Severity, page: int | None, message: str) -> None:
        """Record one finding."""
        self.findings.append(PreflightFinding(self.id, severity, page, message))

    def add_pages(self, severity: Severity, pages: Iterable[int], message: str) -> None:
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
        self.note = f"{self.note}; {note}" if self.note else note


def _report(document: _Document, name: str, margin: float) -> PreflightReport:
    runners = {
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
        "backgrounds": _check_backgrounds,
    }
    results: list[CheckResult] = []
    findings: list[PreflightFinding] = []
    unreadable = sorted(
        {
            page
            for note, pages in document.notes.items()
            if note.startswith("content (")
            for page in pages
        }
    )
    for check_id, title in CHECKS:
        check = _Check(check_id, len(document.pages))
        runners[check_id](check, document)
        if unreadable and check_id in ("marks", "fonts", "colour", "images", "safe-margin"):
            check.limit("limited", f"unreadable content on {_pages_text(unreadable)}")
        results.append(CheckResult(check_id, title, check.coverage, check.summary, check.note))
        findings.extend(sorted(check.findings, key=lambda f: f.page or 0))
    not_checked = list(NOT_CHECKED)
    for note, pages in sorted(document.notes.items()):
        not_checked.append(f"{note} on {_pages_text(pages)}")
    if "/OCProperties" in document.pdf.Root:
        not_checked.append("optional content: hidden layers are checked as if they printed")
    scaled = [p.number for p in document.pages if p.user_unit != 1]
    if scaled:
        not_checked.append(f"/UserUnit scaling (sizes read as points) on {_pages_text(scaled)}")
    return PreflightReport(
        name,
        len(document.pages),
        str(document.pdf.pdf_version),
        tuple(results),
        tuple(findings),
        tuple(not_checked),
    )


def _check_encryption(check: _Check, document: _Document) -> None:
    if document.pdf.is_encrypted:
        check.add("error", None, "the file is encrypted: print shops cannot process it")
    else:
        check.summary = "no encryption"


def _check_boxes(check: _Check, document: _Document) -> None:
    problems: dict[tuple[Severity, str], list[int]] = defaultdict(list)
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


def _box_problems(page: _Page) -> list[tuple[Severity, str]]:
    problems: list[tuple[Severity, str]] = []
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


def _check_bleed(check: _Check, document: _Document) -> None:
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


def _check_marks(check: _Check, document: _Document) -> None:
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


def _output_intents(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    import pikepdf

    intents = pdf.Root.get("/OutputIntents")
    if not isinstance(intents, pikepdf.Array):
        return []
    return [i for i in intents if isinstance(i, pikepdf.Dictionary) and i.get("/S") == "/GTS_PDFX"]


def _claimed_pdfx(document: _Document) -> str:
    """The PDF/X version the file claims (XMP, else Info), or ""."""
    info = str(document.pdf.docinfo.get("/GTS_PDFXVersion", ""))
    return document.xmp.get("pdfxid:GTS_PDFXVersion") or info


def _read_xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    """The XMP properties the preflight reads (missing or unreadable: absent)."""
    wanted = ("pdfxid:GTS_PDFXVersion", "dc:title", "xmp:CreateDate", "xmp:ModifyDate")
    if "/Metadata" not in pdf.Root:
        return {}
    try:
        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        found = {key: meta.get(key) for key in wanted}
    except Exception:  # broken XMP is reported as missing XMP
        return {}
    return {key: str(value) for key, value in found.items() if value}


def _check_output_intent(check: _Check, document: _Document) -> None:
    import pikepdf

    intents = _output_intents(document.pdf)
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
    condition = str(intent.get("/OutputConditionIdentifier", "")) or "unnamed condition"
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        if "/DestOutputProfileRef" in intent:
            check.limit("limited", "the output profile is referenced, not embedded (PDF/X-4p)")
            check.summary = f"{condition} (external profile)"
        else:
            check.add("error", None, f"the output intent ({condition}) has no embedded ICC profile")
        return
    components = profile.get("/N")
    try:
        header = profile.read_bytes()[:40]
    except pikepdf.PdfError:
        header = b""
    if components != 4 or (len(header) >= 20 and header[16:20] != b"CMYK"):
        space = header[16:20].decode("latin-1").strip() if len(header) >= 20 else f"N {components}"
        check.add("error", None, f"the output profile ({condition}) is not CMYK but {space}")
    elif len(header) < 40 or header[36:40] != b"acsp":
        check.add("error", None, f"the output profile ({condition}) is not an ICC profile")
    else:
        check.summary = f"{condition}, CMYK ICC profile embedded"


def _check_pdfx(check: _Check, document: _Document) -> None:
    pdf, xmp = document.pdf, document.xmp
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
    trapped = pdf.docinfo.get("/Trapped")
    if str(trapped) not in ("/True", "/False"):
        shown = "missing" if trapped is None else str(trapped)
        check.add("error", None, f"Info /Trapped must be /True or /False (it is {shown})")
    version = tuple(int(part) for part in str(pdf.pdf_version).split(".")[:2] if part.isdigit())
    if claimed.startswith("PDF/X-4") and version > PDFX4_MAX_VERSION:
        check.add("error", None, f"PDF {pdf.pdf_version} is newer than PDF/X-4 allows (1.6)")
    check.summary = claimed


def _check_fonts(check: _Check, document: _Document) -> None:
    fonts: dict[str, tuple[str, pikepdf.Object]] = {}
    listed: dict[str, list[int]] = defaultdict(list)
    shown: dict[str, list[int]] = defaultdict(list)
    for page in document.pages:
        for key, (name, font) in page.content.fonts.items():
            fonts.setdefault(key, (name, font))
            listed[key].append(page.number)
        for key in page.content.shown_fonts:
            shown[key].append(page.number)
    missing = 0
    for key, (name, font) in fonts.items():
        if _embedded(font):
            continue
        kind = str(font.get("/Subtype", "")).lstrip("/") or "font"
        if key in shown:
            missing += 1
            check.add_pages("error", shown[key], f"font {name} ({kind}) is not embedded")
        else:
            message = f"font {name} ({kind}) is not embedded, but shows no visible text"
            check.add_pages("info", listed[key], message)
    count = _plural(len(fonts), "font")
    if not fonts:
        check.summary = "no fonts"
    elif not missing:
        check.summary = f"{count}, embedded" if len(fonts) == 1 else f"{count}, all embedded"
    else:
        check.summary = count


def _embedded(font: pikepdf.Object) -> bool:
    """Whether a font's program is in the file (Type 3 glyphs always are)."""
    import pikepdf

    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, pikepdf.Array) or not descendants:
            return False
        font = descendants[0]
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return False
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _check_colour(check: _Check, document: _Document) -> None:
    kinds: set[str] = set()
    problems: dict[tuple[Severity, str], list[int]] = defaultdict(list)
    for page in document.pages:
        by_space: dict[tuple[str, str], list[str]] = defaultdict(list)
        for use, count in page.content.colours.items():
            kinds.add(use.kind)
            if use.kind in ("rgb", "unknown", "spot"):
                by_space[use.kind, use.label].append(f"{use.what} x{count}")
        for (kind, label), uses in sorted(by_space.items()):
            where = ", ".join(sorted(uses))
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


def _check_images(check: _Check, document: _Document) -> None:
    lowest: float | None = None
    count = 0
    problems: dict[tuple[Severity, str], list[int]] = defaultdict(list)
    for page in document.pages:
        for image in page.content.images:
            if not _overlaps(image.box, page.bleed_or_default):
                continue
            count += 1
            lowest = image.ppi if lowest is None else min(lowest, image.ppi)
            if image.ppi >= GOOD_PPI:
                continue
            width, height = image.pixels
            placed = f"{image.size[0] / MM:.1f} x {image.size[1] / MM:.1f} mm"
            severity: Severity = "error" if image.ppi < MIN_PPI else "warning"
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
    name = image.name if len(image.name) <= 18 else image.name[:17] + "…"
    return f"image mask {name}" if image.mask else f"image {name}"


def _check_safe_margin(check: _Check, document: _Document, margin: float) -> None:
    missing_trim = [p.number for p in document.pages if p.trim is None and p.art is None]
    if missing_trim:
        check.limit(
            "limited", f"the MediaBox is taken as the trimmed page on {_pages_text(missing_trim)}"
        )
    problems: dict[tuple[Severity, str], list[int]] = defaultdict(list)
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


def _text_in_margin(page: _Page, margin: float) -> list[str]:
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


def _images_in_margin(page: _Page, margin: float) -> list[str]:
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


def _check_backgrounds(check: _Check, document: _Document) -> None:
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


def _short_backgrounds(page: _Page) -> list[str]:
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


def _join(words: list[str]) -> str:
    """ "left", "left and top", "left, right and top"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _number(value: object, default: float) -> float:
    """A PDF number as a float, or ``default`` when ``value`` is not a number."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return float(value)
    return default


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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
