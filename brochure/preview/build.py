"""One build of the preview: a content file in one variant (profile, paper, format), made in
memory, with everything the page shows about it.

A build that fails keeps the pages of the last good build of the same variant, so the page
never goes blank while a user is typing; its problems say what is wrong, located.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brochure.content.source import display_name, parse_source
from brochure.content.validate import validate
from brochure.errors import BrochureError, ContentError, Finding, Problem
from brochure.layout.copyfit import LayoutCache
from brochure.pdf.render import RenderOptions
from brochure.pipeline import Loaded, drawing_problems, fit_and_render
from brochure.preflight import SAFE_MARGIN_MM
from brochure.preview.editing import EditableField, digest, editable_fields
from brochure.preview.raster import PageImage, Place, locate_texts, rasterize
from brochure.preview.sources import leaflet_inputs, named_inputs


@dataclass(frozen=True, order=True)
class Variant:
    """What the user picked: which file (language), profile, paper and format."""

    language: str
    """The content file, as the page names it (one of the session's languages)."""
    profile: str
    """screen or print."""
    paper: str
    """a4 or letter."""
    format: str
    """One of the formats' table."""

    def options(self) -> RenderOptions:
        """The render options of this variant."""
        return RenderOptions.for_profile(self.profile, paper=self.paper, format=self.format)


@dataclass(frozen=True)
class Build:
    """What the page shows of one variant, complete: a build is published whole or not at all."""

    number: int
    """Increases with every build the session publishes, whatever its variant."""
    variant: Variant
    """What was built."""
    ok: bool
    """Whether this build made the pages (else they are the last good build's)."""
    pages: tuple[PageImage, ...] = ()
    """The pages of the last good build of this variant (none before the first)."""
    pages_number: int = 0
    """The number of the build that made ``pages`` (their images' address)."""
    pdf: bytes | None = None
    """The PDF of ``pages``."""
    problems: tuple[Problem, ...] = ()
    """Why this build failed: every problem, located."""
    findings: tuple[Finding, ...] = ()
    """The copyfitter's and lint's findings (warnings and errors that do not stop a build)."""
    places: dict[str, Place] = field(default_factory=dict)
    """Where each text was drawn on ``pages``, by field."""
    fields: tuple[EditableField, ...] = ()
    """The texts a user can edit (none while the file cannot be read as YAML)."""
    seen: str = ""
    """The SHA-256 of the content file this build read (an edit names it)."""
    inputs: tuple[Path, ...] = ()
    """The files this build read, to watch."""

    def to_data(self) -> dict[str, Any]:
        """The build as plain data for the page (images and PDF are served on their own)."""
        return {
            "number": self.number,
            "ok": self.ok,
            "variant": {
                "language": self.variant.language,
                "profile": self.variant.profile,
                "paper": self.variant.paper,
                "format": self.variant.format,
            },
            "pages_number": self.pages_number,
            "pages": [page.to_data() for page in self.pages],
            "problems": [Finding(p, "error", "content").to_data() for p in self.problems],
            "findings": [finding.to_data() for finding in self.findings],
            "places": {
                name: {"page": place.page, "rect": place.rect}
                for name, place in self.places.items()
            },
            "fields": [f.to_data() for f in self.fields],
            "seen": self.seen,
        }


def build_variant(
    path: Path,
    variant: Variant,
    number: int,
    *,
    previous: Build | None = None,
    cache: LayoutCache | None = None,
) -> Build:
    """Build ``variant`` of the content file at ``path`` in memory as build ``number``;
    ``previous`` (the last build of the variant) gives the pages a failed build keeps."""
    name = display_name(path)
    kept: dict[str, Any] = {}
    if previous is not None:
        kept = {
            "pages": previous.pages,
            "pages_number": previous.pages_number,
            "pdf": previous.pdf,
            "places": previous.places,
        }
    inputs: tuple[Path, ...] = (path,)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        what = "does not exist" if not path.exists() else f"cannot be read ({exc.strerror})"
        problem = Problem(name, None, None, "", f"the file {what}")
        return Build(
            number, variant, False, problems=(problem,), inputs=_watch(inputs, previous), **kept
        )
    seen = digest(raw)
    fields: tuple[EditableField, ...] = ()
    findings: list[Finding] = []
    try:
        source = parse_source(raw, name, path)
        fields = editable_fields(source)
        validation = validate(source)
        brand = validation.located.brand
        brand_path = brand.path.resolve() if brand is not None else None
        inputs += (
            *((brand_path,) if brand_path else ()),
            *named_inputs(validation.draft, path, brand_path),
        )
        leaflet = validation.leaflet_or_raise(drawing_problems(validation))
        loaded = Loaded(leaflet, validation.located)
        inputs = (path, *leaflet_inputs(leaflet, validation.located))
        options = variant.options()
        pdf, report = fit_and_render(loaded, options, cache=cache)
        findings += [*report.findings, *_lint(path)]
        if pdf is None:
            errors = tuple(f.problem for f in report.findings if f.severity == "error")
            raise ContentError(errors)
    except BrochureError as exc:
        problems = (
            exc.problems
            if isinstance(exc, ContentError)
            else (Problem(name, None, None, "", exc.format_message()),)
        )
        return Build(
            number,
            variant,
            False,
            problems=problems,
            findings=tuple(findings),
            fields=fields,
            seen=seen,
            inputs=_watch(inputs, previous),
            **kept,
        )
    pages = rasterize(pdf, safe_margin_mm=SAFE_MARGIN_MM, folds=_folds(pdf))
    places = locate_texts(pdf, {f.field: f.seen for f in fields})
    return Build(
        number,
        variant,
        True,
        pages=pages,
        pages_number=number,
        pdf=pdf,
        findings=tuple(findings),
        places=places,
        fields=fields,
        seen=seen,
        inputs=inputs,
    )


def _watch(inputs: tuple[Path, ...], previous: Build | None) -> tuple[Path, ...]:
    """What a failed build watches: what it read, and what the last good one read (a fix to
    a logo the content no longer reaches must still be seen)."""
    return tuple(dict.fromkeys((*inputs, *(previous.inputs if previous else ()))))


def _lint(path: Path) -> list[Finding]:
    """Lint's findings of the file, but the content problems a failed build reports itself."""
    from brochure.lint import lint_file

    report = lint_file(path)
    return [item.finding for item in report.findings if item.rule != "content"]


def _folds(pdf: bytes) -> tuple[tuple[float, ...], ...]:
    """Each page's folds, as the PDF records them (a folded format's print sheets)."""
    from brochure.pdf.folds import read_folds

    return read_folds(pdf)
