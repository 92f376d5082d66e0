"""``brochure lint``: is this leaflet ready for patients? Checked before anything is printed.

For each content file: its content problems (as errors), the reading level of every running
text and of the whole leaflet (:mod:`~brochure.lint.readability`), spelling
(:mod:`~brochure.lint.spelling`) and, when the file is valid, the design checks its brand and
content allow (:mod:`~brochure.lint.design`); placeholders a new project still has
(:mod:`~brochure.lint.placeholders`). Reading level, spelling and placeholders are warnings, the
rest errors. A file that fails validation is still read for spelling and reading level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brochure.errors import ContentError, Finding
from brochure.lint.formats import REPORT_SCHEMA, format_json, format_text
from brochure.lint.report import FileReport, LintFinding, LintReport, Quote, Reading

if TYPE_CHECKING:
    from brochure.content.model import Leaflet
    from brochure.content.source import Source
    from brochure.content.validate import Located
    from brochure.layout.theme import Theme

__all__ = [
    "REPORT_SCHEMA",
    "FileReport",
    "LintFinding",
    "LintReport",
    "Quote",
    "Reading",
    "format_json",
    "format_text",
    "lint_file",
    "lint_files",
]

DEFAULT_TARGET_GRADE = 8
"""The NIH's advice for patient material: below an 8th-grade reading level."""


def lint_files(
    paths: Sequence[Path],
    *,
    target_grade: int | None = None,
    formats: Sequence[str] = (),
    paper: str = "a4",
) -> LintReport:
    """Lint each content file; ``target_grade`` None means each file's ``lint.target_grade``,
    else 8. Each leaflet is also fitted to ``formats`` on ``paper`` (brochure.yaml's)."""
    return LintReport(
        tuple(
            lint_file(Path(path), target_grade=target_grade, formats=formats, paper=paper)
            for path in paths
        )
    )


def lint_file(
    path: Path,
    *,
    target_grade: int | None = None,
    formats: Sequence[str] = (),
    paper: str = "a4",
) -> FileReport:
    """Everything lint finds in one content file (a missing or unreadable file included), with
    the copyfitter's findings for each of ``formats`` on ``paper``."""
    from brochure.content.source import display_name, read_source
    from brochure.content.validate import validate_source

    try:
        source = read_source(path)
    except ContentError as exc:
        return FileReport(
            file=display_name(path),
            language="en",
            formula=None,
            target_grade=target_grade or DEFAULT_TARGET_GRADE,
            readings=(),
            findings=_content_findings(exc),
            notes=("the file could not be read, so nothing else was checked",),
        )
    leaflet: Leaflet | None = None
    findings: list[LintFinding] = []
    try:
        # Glyphs and page fit are `brochure check`'s (and every build's) to report.
        leaflet, located = validate_source(source)
    except ContentError as exc:
        findings += _content_findings(exc)
    data: dict[str, Any] = source.data
    settings = _settings(leaflet, data)
    target = target_grade or settings.target_grade
    locale = leaflet.locale if leaflet is not None else _text(data.get("locale")) or "en"
    report = _read_and_spell(source, locale, target, settings.words + _brand_words(leaflet, data))
    findings += report.findings
    notes = list(report.notes)
    if leaflet is not None:
        from brochure.lint.placeholders import check_example_contacts

        findings += check_example_contacts(leaflet, located)
        findings += _design(leaflet, located)
        findings += _fit(leaflet, located, formats, paper)
    else:
        notes.append("design checks skipped until the content errors are fixed")
    return FileReport(
        file=source.name,
        language=report.language,
        formula=report.formula,
        target_grade=target,
        readings=report.readings,
        findings=_ordered(findings, source.name),
        syllable_origins=report.origins,
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class _Settings:
    target_grade: int
    words: tuple[str, ...]


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _settings(leaflet: Leaflet | None, data: dict[str, Any]) -> _Settings:
    """The content's lint settings; read leniently from the raw data of an invalid file."""
    if leaflet is not None:
        if leaflet.lint is None:
            return _Settings(DEFAULT_TARGET_GRADE, ())
        return _Settings(leaflet.lint.target_grade, leaflet.lint.words)
    raw = data.get("lint")
    if not isinstance(raw, dict):
        return _Settings(DEFAULT_TARGET_GRADE, ())
    grade = _text(raw.get("target_grade")) or ""
    target = int(grade) if grade.isdigit() and 1 <= int(grade) <= 18 else DEFAULT_TARGET_GRADE
    words = raw.get("words")
    listed = tuple(w for w in words if isinstance(w, str)) if isinstance(words, list) else ()
    return _Settings(target, listed)


def _brand_words(leaflet: Leaflet | None, data: dict[str, Any]) -> tuple[str, ...]:
    """The words of the clinic's name: correct wherever the text names the clinic."""
    if leaflet is not None:
        name: str | None = leaflet.brand.name
    else:
        brand = data.get("brand")
        name = _text(brand.get("name")) if isinstance(brand, dict) else None
    return tuple(re.findall(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*", name or ""))


def _content_findings(exc: ContentError) -> tuple[LintFinding, ...]:
    return tuple(LintFinding(Finding(problem, "error", "content")) for problem in exc.problems)


@dataclass
class _TextReport:
    """What reading level and spelling found in one file's texts."""

    language: str
    formula: str | None
    readings: tuple[Reading, ...] = ()
    findings: list[LintFinding] = field(default_factory=list)
    origins: tuple[tuple[str, int], ...] = ()
    notes: list[str] = field(default_factory=list)


def _read_and_spell(
    source: Source, locale: str, target: int, words: tuple[str, ...]
) -> _TextReport:
    from brochure.lint.fields import Placer, text_fields
    from brochure.lint.placeholders import check_placeholders
    from brochure.lint.plain import check_plain_words, plain_words
    from brochure.lint.readability import FORMULAS, read_texts
    from brochure.lint.spelling import Speller, check_spelling, language_of

    language = language_of(locale)
    report = _TextReport(language, FORMULAS.get(language))
    texts = list(text_fields(source.data))
    placer = Placer(source)
    if report.formula is not None:
        result = read_texts(texts, language, target, placer)
        report.readings, report.origins = result.readings, result.origins
        report.findings += result.findings
        if result.unmeasured:
            report.notes.append(
                f"{_words(result.unmeasured)} in Hebrew or Arabic left out of the reading "
                f"level: the {language!r} formula is not made for them"
            )
    else:
        report.notes.append(
            f"reading level not measured: no reading-level formula applies to the language "
            f"{language!r} (brochure measures English and Spanish)"
        )
    speller = Speller(locale, words)
    if speller.available:
        report.findings += check_spelling(texts, speller, placer)
    else:
        report.notes.append(
            f"spelling not checked: no spelling dictionary for the language {language!r}"
        )
    report.findings += check_placeholders(texts, placer)
    plain = plain_words(language)
    if plain is not None:
        report.findings += check_plain_words(texts, plain, placer)
    else:
        report.notes.append(
            f"plainer words not suggested: no list of plainer words for the language {language!r}"
        )
    return report


def _words(count: int) -> str:
    return "1 word" if count == 1 else f"{count} words"


def _design(leaflet: Leaflet, located: Located) -> list[LintFinding]:
    from brochure.content.assets import AssetError
    from brochure.layout.fonts import register_family
    from brochure.layout.paper import PAPER_SIZES
    from brochure.layout.theme import build_theme
    from brochure.lint.design import check_design

    try:
        family = register_family(leaflet.brand.fonts)
    except AssetError:  # pragma: no cover - validation registered the same fonts
        return []
    themes: list[Theme] = [
        build_theme(leaflet.brand, family, paper, leaflet.locale) for paper in PAPER_SIZES
    ]
    return check_design(leaflet, located, themes)


def _fit(
    leaflet: Leaflet, located: Located, formats: Sequence[str], paper: str
) -> list[LintFinding]:
    """What the copyfitter says of each format: text to cut, a page left empty."""
    from brochure.pdf.render import RenderOptions
    from brochure.pipeline import Loaded, check_fit

    loaded = Loaded(leaflet, located)
    return [
        LintFinding(finding)
        for name in formats
        for finding in check_fit(
            loaded, RenderOptions.for_profile("screen", paper=paper, format=name)
        ).findings
    ]


def _ordered(findings: list[LintFinding], first: str) -> tuple[LintFinding, ...]:
    """Findings of the content file first, then of other files (its brand), each in file order;
    those of the whole file (no line) last."""

    def key(item: LintFinding) -> tuple[bool, str, int, int]:
        problem = item.problem
        line = problem.line if problem.line is not None else 10**9
        return (problem.file != first, problem.file, line, problem.column or 0)

    return tuple(sorted(findings, key=key))
