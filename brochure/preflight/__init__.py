"""``brochure preflight``: read any PDF and report what a print shop would reject, before it costs
days.

The file may come from anywhere (a designer's export, a print shop's proof), so it is read as
untrusted: within :class:`~brochure.preflight.limits.Limits` (decoded bytes per stream and per
file, content tokens and operators per page and per file, form depth, nesting, pages, font
entries), and whatever stops the reading is reported, never passed over. A file that cannot be
opened at all is a :class:`~brochure.errors.BrochureError` in one line.

Modules: :mod:`~brochure.preflight.document` opens the file and reads pages, boxes and
metadata; :mod:`~brochure.preflight.reader` interprets content streams (its public API, the
per-page scan and the operator walk, is described in its docstring), with
:mod:`~brochure.preflight.fonts`, :mod:`~brochure.preflight.colour`,
:mod:`~brochure.preflight.geometry` and :mod:`~brochure.preflight.values`;
:mod:`~brochure.preflight.streams` decodes and parses within :mod:`~brochure.preflight.limits`;
:mod:`~brochure.preflight.checks` judges; :mod:`~brochure.preflight.report` and
:mod:`~brochure.preflight.formats` tell.

Checks, in report order (``id``: what it means):

``reading`` (listed only when something could not be read)
    Every page's content was read in full: not damaged, within the limits, with every form,
    image and font it names, no form or pattern drawn inside itself; the file needed no repair.
    Each problem is a finding (an error when something painted may have been missed), and the
    checks it hides something from have coverage "limited".
``encryption``
    The file is not encrypted (a file that needs a password cannot be opened at all).
``boxes``
    Every page has a TrimBox (the finished page), and TrimBox ⊆ BleedBox ⊆ MediaBox; the CropBox
    does not cut off the bleed; all pages have the same trimmed size; every box is four numbers.
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
    300 ppi a warning; more than a billion pixels an error.
``safe-margin``
    Text at least 5 mm inside the trim (error: the cut may take it), images (logos) too (warning)
    unless they are backgrounds running into the bleed. Text entirely outside the trimmed page
    (slug lines) is ignored.
``folds``
    Text at least 5 mm from every fold (error when nearer, or across it). A folded print file
    from brochure records its folds on each page; for anyone else's file ``--folds 97,197mm``
    gives the first side's, from the trimmed page's left edge, and the back of each sheet (even
    pages) is checked at the mirrored places. Without folds: not checked.
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
      "pages": 3,                     # pages read (see the reading check when limited)
      "pdf_version": "1.6",
      "strict": false,
      "passed": true,                 # no errors (and, with strict, no warnings)
      "errors": 0,
      "warnings": 1,
      "checks": [                     # every check above, in that order ("reading" only
                                      # when something could not be read)
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

A limit that stops the reading shows as a ``reading`` finding ("reading stopped after 250,000
operators (the limit per page, counting what forms and patterns draw); the rest of the page was
not read") and as coverage ``limited`` with a note on the checks it affects.
"""

from __future__ import annotations

from pathlib import Path

from brochure.errors import BrochureError
from brochure.preflight.checks import CHECKS, NOT_CHECKED, READING, SAFE_MARGIN_MM, build_report
from brochure.preflight.document import read_document
from brochure.preflight.formats import format_json, format_table, report_json
from brochure.preflight.limits import DEFAULT_LIMITS, Limits
from brochure.preflight.report import (
    CheckResult,
    Coverage,
    PreflightFinding,
    PreflightReport,
    PreflightSeverity,
)
from brochure.preflight.streams import qpdf_message

__all__ = [
    "CHECKS",
    "DEFAULT_LIMITS",
    "NOT_CHECKED",
    "READING",
    "SAFE_MARGIN_MM",
    "CheckResult",
    "Coverage",
    "Limits",
    "PreflightFinding",
    "PreflightReport",
    "PreflightSeverity",
    "format_json",
    "format_table",
    "parse_folds",
    "preflight_bytes",
    "preflight_file",
    "report_json",
]


def parse_folds(text: str) -> tuple[float, ...]:
    """Fold positions as a user writes them, ``97,197mm`` or ``3.625,7.3125in`` (one unit for
    all, at the end; mm, cm, in or pt), in points. Raises :class:`BrochureError` saying why."""
    from brochure.content.model import parse_length

    text = text.strip()
    digits = text.rstrip("abcdefghijklmnopqrstuvwxyz ")
    unit = text[len(digits) :].strip() or "pt"
    try:
        folds = tuple(parse_length(f"{part.strip()}{unit}") for part in digits.split(","))
    except ValueError:
        raise BrochureError(
            f"--folds {text!r}: write the folds' distances from the left edge, such as "
            "97,197mm or 3.625,7.3125in"
        ) from None
    if any(fold <= 0 for fold in folds):
        raise BrochureError(f"--folds {text!r}: every fold must be right of the left edge")
    return tuple(sorted(folds))


def preflight_file(
    path: Path,
    *,
    safe_margin_mm: float = SAFE_MARGIN_MM,
    limits: Limits = DEFAULT_LIMITS,
    folds: tuple[float, ...] | None = None,
) -> PreflightReport:
    """Preflight the PDF at ``path``.

    Raises :class:`BrochureError` naming the file when it cannot be read, is not a PDF, or is
    encrypted with a password."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BrochureError(f"cannot read {path}: {exc.strerror or exc}") from None
    return preflight_bytes(
        data, str(path), safe_margin_mm=safe_margin_mm, limits=limits, folds=folds
    )


def preflight_bytes(
    data: bytes,
    name: str,
    *,
    safe_margin_mm: float = SAFE_MARGIN_MM,
    limits: Limits = DEFAULT_LIMITS,
    folds: tuple[float, ...] | None = None,
) -> PreflightReport:
    """Preflight a PDF held in memory; ``name`` names it in the report and in errors.
    ``folds``: where the first side folds, for a file that does not say (see ``folds`` above).

    Returns a report for any file that opens (what could not be read is in it); raises only
    :class:`BrochureError`, with a one-line message."""
    try:
        document = read_document(data, name, limits)
        return build_report(document, name, safe_margin_mm, folds)
    except BrochureError:
        raise
    except Exception as exc:  # the last guard: one line for the CLI, never a traceback
        raise BrochureError(
            f"{name} could not be preflighted "
            f"(internal error {type(exc).__name__}: {qpdf_message(str(exc))})"
        ) from exc
