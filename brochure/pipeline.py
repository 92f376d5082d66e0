"""The one build path, from a content file to a written PDF, for every caller: ``brochure build``
of one leaflet, each job of a batch, ``brochure check`` and the library API.

    load(path)                   content (+ brand) -> Loaded: a Leaflet that validates and can
                                 be drawn, with where each of its fields was written
    check_fit(loaded, options)   -> FitReport: the copyfit in a format and on a paper, with
                                 located findings (what to cut, a page left empty)
    build_leaflet(loaded, ...)   both, then Leaflet -> PDF bytes, size-checked -> file, all or
                                 nothing; nothing is written when the leaflet does not fit

Validation (:mod:`brochure.content.validate`) knows the text; whether the brand's fonts can draw
it and every block fits its page is the layout's question (:mod:`brochure.layout.fit`). Both
sets of problems are reported together, so a user fixes everything in one pass.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure.content.assets import AssetError
from brochure.content.model import Leaflet
from brochure.content.source import read_source
from brochure.content.validate import Located, Validation, validate
from brochure.errors import BrochureError, ContentError, Finding, Problem
from brochure.layout.copyfit import Fit, LayoutCache, Trial, fit_findings, layout_key
from brochure.layout.paper import PaperName
from brochure.messages import messages_for
from brochure.output import write_atomic
from brochure.pdf.render import RenderOptions, fit_for, render_design, render_pdf


@dataclass(frozen=True)
class Loaded:
    """A leaflet that validates and can be drawn, and where each of its fields was written."""

    leaflet: Leaflet
    """The validated leaflet."""
    located: Located
    """Field -> file, line and column, for problems found later (fitting)."""


def load(
    path: Path,
    *,
    brand: Path | None = None,
    root: Path | None = None,
    papers: Collection[PaperName] | None = None,
) -> Loaded:
    """Read, parse and validate a content file and its brand, and check it can be drawn; raise
    :class:`~brochure.errors.ContentError` with every problem at once.

    ``brand`` replaces the brand file the content names (a batch crosses content files with
    brand files); ``root`` is the folder no named file may be outside of (default: the content
    file's folder; a batch uses brochure.yaml's); ``papers``: the paper sizes every block must
    fit (default: all; a build of one paper size asks only for it)."""
    validation = validate(read_source(path), brand=brand, root=root)
    leaflet = validation.leaflet_or_raise(drawing_problems(validation, papers))
    return Loaded(leaflet, validation.located)


def load_leaflet(path: Path, *, brand: Path | None = None, root: Path | None = None) -> Leaflet:
    """:func:`load`, for a caller that needs the leaflet only."""
    return load(path, brand=brand, root=root).leaflet


def drawing_problems(
    validation: Validation, papers: Collection[PaperName] | None = None
) -> list[Problem]:
    """Characters the brand's fonts cannot draw and blocks too big for a page of ``papers``
    (default: every paper size), located. A leaflet that failed validation still has its
    glyphs checked when its brand is valid."""
    from brochure.layout.fit import drawn_text, glyph_problems, size_problems, texts
    from brochure.layout.fonts import register_family
    from brochure.layout.paper import PAPER_SIZES

    brand = validation.draft_brand
    if brand is None:
        return []
    leaflet = validation.leaflet
    if leaflet is None:
        messages = messages_for(str(validation.draft.get("locale") or "en"))
    else:
        messages = messages_for(leaflet.locale, leaflet.messages)
    shown = validation.draft if leaflet is None else leaflet
    try:
        family = register_family(brand.fonts, drawn_text(shown, messages), brand.script_fonts)
    except AssetError as exc:
        face, _, reason = str(exc).partition(": ")
        field, _, index = face.partition(".")
        loc = ("brand", field, int(index)) if index else ("brand", "fonts", face)
        return [validation.located.problem(loc, reason)]
    found = glyph_problems(texts(shown), family, messages)
    if leaflet is not None and not found:
        # Measuring text the font cannot draw would only repeat the same problem.
        found = size_problems(leaflet, family, messages, papers or tuple(PAPER_SIZES))
    return [validation.located.problem(loc, message) for loc, message in found]


@dataclass(frozen=True)
class Written:
    """A PDF that was written."""

    path: Path
    """Where it is."""
    size: int
    """Its size in bytes."""
    sha256: str
    """The hex SHA-256 of its bytes (what a batch manifest records)."""


def default_output(content: Path, suffix: str = "") -> Path:
    """Where a single build writes by default: ``out/<content name><suffix>.pdf`` (the print
    profile's suffix is ``-print``)."""
    return Path("out") / (content.stem + suffix + ".pdf")


@dataclass(frozen=True)
class FitReport:
    """How a leaflet fits one format on one paper, and what a user should know about it."""

    fit: Fit
    """The fitter's result: tightness, sizes, the trial layout."""
    options: RenderOptions
    """The format, paper and profile it was fitted for."""
    findings: tuple[Finding, ...]
    """Located: an overflow (error) naming the field and how much to cut; a page left too
    empty, or an odd page count in a print file (warnings)."""

    @property
    def failed(self) -> bool:
        """Whether the leaflet cannot be made in this format (nothing is written)."""
        return any(f.severity == "error" for f in self.findings)

    def to_data(self) -> dict[str, Any]:
        """The report as plain data (``brochure check --json``; shape in docs/copyfit.md)."""
        scale = self.fit.theme.scale
        return {
            "format": self.options.format.name,
            "paper": self.options.paper,
            "fits": self.fit.fits,
            "tightness": round(self.fit.tightness, 4),
            "pages": self.fit.page_count,
            "min_body_pt": self.fit.min_body,
            "sizes_pt": {
                name: round(getattr(scale, name), 2)
                for name in ("body", "card_body", "lede", "heading", "title", "small")
            },
            "findings": [f.to_data() for f in self.findings],
        }


def check_fit(
    loaded: Loaded,
    options: RenderOptions,
    group: Sequence[Leaflet] = (),
    cache: LayoutCache | None = None,
    measured: Trial | None = None,
) -> FitReport:
    """Fit ``loaded`` to the format and paper of ``options``; locate what the fitter found.
    With ``group`` (its other language editions), all are set at the tightness the tightest of
    them needs, so every edition comes out at the same sizes. ``cache`` keeps trial layouts
    for the next build of the same content (another brand, another save); ``measured`` is its
    layout at the design, when a render measured it (:func:`~brochure.pdf.render.render_design`)."""
    leaflet, located = loaded.leaflet, loaded.located
    fit = fit_for(leaflet, options, cache=cache, measured=measured)
    if group:
        tightest = max(fit_for(other, options, cache=cache).tightness for other in group)
        if tightest > fit.tightness:
            fit = fit_for(leaflet, options, at=tightest, cache=cache)
    messages = messages_for(leaflet.locale, leaflet.messages)
    findings = [
        Finding(located.problem(f.field, f.message), f.severity, "fit")
        for f in fit_findings(leaflet, fit, options.format, options.paper, messages)
    ]
    if options.profile.duplex and fit.fits and fit.page_count % 2:
        message = messages.fit_odd_pages.format(profile=options.profile.name, pages=fit.page_count)
        findings.append(Finding(located.problem((), message), "warning", "fit"))
    return FitReport(fit, options, tuple(findings))


def build_leaflet(
    loaded: Loaded,
    target: Path,
    options: RenderOptions,
    *,
    max_size: int | None = None,
    group: Sequence[Leaflet] = (),
    cache: LayoutCache | None = None,
) -> tuple[Written, FitReport]:
    """Fit (with its ``group`` of language editions, if any), render and write one leaflet;
    raise :class:`ContentError` with the located fit findings, writing nothing, when it does
    not fit its format. ``cache``: see :func:`check_fit`."""
    data, report = _rendered(loaded, options, group, cache)
    return _write(target, data, options, max_size), report


def render_leaflet(
    loaded: Loaded,
    options: RenderOptions,
    *,
    max_size: int | None = None,
    group: Sequence[Leaflet] = (),
    cache: LayoutCache | None = None,
) -> tuple[bytes, FitReport]:
    """:func:`build_leaflet` without the file: the PDF's bytes, for a caller that writes them
    elsewhere (a cluster worker sends them back to the client)."""
    data, report = _rendered(loaded, options, group, cache)
    problem = _oversize(data, options, max_size)
    if problem is not None:
        raise BrochureError(problem)
    return data, report


def _rendered(
    loaded: Loaded,
    options: RenderOptions,
    group: Sequence[Leaflet],
    cache: LayoutCache | None,
) -> tuple[bytes, FitReport]:
    """:func:`fit_and_render`, raising :class:`ContentError` when the leaflet does not fit."""
    data, report = fit_and_render(loaded, options, group, cache)
    if data is None:
        raise ContentError(f.problem for f in report.findings if f.severity == "error")
    return data, report


def fit_and_render(
    loaded: Loaded,
    options: RenderOptions,
    group: Sequence[Leaflet] = (),
    cache: LayoutCache | None = None,
) -> tuple[bytes | None, FitReport]:
    """Fit (:func:`check_fit`) and render: the PDF's bytes, or None when the leaflet does not
    fit (the report says why), and the report.

    A leaflet alone on flowing pages is rendered at the design first, measuring the layout as
    the fitter's first trial would: the fitter keeps the design unless a short last page can
    be fitted away, and then that render is the PDF, so the leaflet is laid out once, not
    twice. Otherwise it is rendered again at the tightness found (byte-identical either way:
    the same tightness gives the same bytes); with a ``cache`` that saw this layout's fit
    leave the design, it is not rendered at the design at all."""
    format = options.format
    flowing = not group and format.folding == "flat" and format.pages is None
    # A cache that saw this layout's fit leave the design (another brand's) says the render at
    # the design would most likely be thrown away.
    expected = flowing and (
        cache is None
        or cache.expects_design(
            layout_key(loaded.leaflet, format, options.paper, options.allowance)
        )
    )
    design = render_design(loaded.leaflet, options) if expected else None
    report = check_fit(loaded, options, group, cache, design[1] if design else None)
    if report.failed:
        return None, report
    if design is not None and report.fit.tightness == 0.0:
        return design[0], report
    return render_pdf(loaded.leaflet, options, report.fit), report


def _oversize(data: bytes, options: RenderOptions, max_size: int | None) -> str | None:
    """Why ``data`` may not be written under ``max_size`` bytes, or None."""
    if max_size is None or len(data) <= max_size:
        return None
    return (
        f"the {options.profile.name} PDF would be {len(data) / 1024:.0f} KB, over --max-size "
        f"{max_size / 1024:.0f} KB; it was not written"
    )


def write_leaflet(
    leaflet: Leaflet,
    target: Path,
    options: RenderOptions | None = None,
    *,
    max_size: int | None = None,
    fit: Fit | None = None,
) -> Written:
    """Render ``leaflet`` and write it to ``target`` atomically. With ``max_size`` (bytes), a
    larger PDF is an error and nothing is written (a previous file at ``target`` stays)."""
    options = options or RenderOptions()
    return _write(target, render_pdf(leaflet, options, fit), options, max_size)


def _write(target: Path, data: bytes, options: RenderOptions, max_size: int | None) -> Written:
    """Write ``data`` to ``target`` atomically, unless it is over ``max_size`` bytes."""
    problem = _oversize(data, options, max_size)
    if problem is not None:
        raise BrochureError(f"{target}: {problem}")
    write_atomic(target, data)
    return Written(target, len(data), hashlib.sha256(data).hexdigest())
