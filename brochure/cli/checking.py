"""``brochure check``, ``lint``, ``preflight`` and ``schema``: read, never write."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from brochure.cli.options import (
    BATCH_FILE,
    CONTENT,
    EXISTING,
    format_option,
    paper_option,
    warn_catalogue,
)
from brochure.layout.paper import PAPER_SIZES


@click.command()
@click.argument("contents", type=CONTENT, nargs=-1)
@click.option(
    "--against",
    type=CONTENT,
    default=None,
    help="Compare each CONTENT, a translation, with this source (else its translation_of).",
)
@format_option
@paper_option("Paper to fit on.  [default: each size]")
@click.option("--json", "json_output", is_flag=True, help="Print the fit reports as JSON.")
@click.option("--strict", is_flag=True, help="Translation and fit warnings make the check fail.")
def check(
    contents: tuple[Path, ...],
    against: Path | None,
    format_name: str | None,
    paper: str | None,
    json_output: bool,
    strict: bool,
) -> None:
    """Validate CONTENTS (default: content.yaml) and their brands without rendering; list every
    problem. Each leaflet is fitted to the format (on each paper, or --paper): what does not fit
    is named field by field, with how much to cut. A translation is also compared with its
    source."""
    from brochure.content.translation import check_translation
    from brochure.pdf.render import RenderOptions
    from brochure.pipeline import check_fit, load

    papers = (paper.lower(),) if paper else tuple(PAPER_SIZES)
    warned = failed = False
    files: list[dict[str, Any]] = []
    for content in contents or (Path("content.yaml"),):
        loaded = load(content)
        leaflet = loaded.leaflet
        warn_catalogue(leaflet.locale)
        findings = check_translation(content, against)
        reports = [
            check_fit(
                loaded,
                RenderOptions.for_profile("screen", paper=name, format=format_name or "pages"),
            )
            for name in papers
        ]
        fit_findings = [f for report in reports for f in report.findings]
        failed |= any(report.failed for report in reports)
        warned |= bool(findings) or bool(fit_findings)
        if json_output:
            files.append(
                {
                    "file": str(content),
                    "translation": [f.to_data() for f in findings],
                    "fit": [report.to_data() for report in reports],
                }
            )
            continue
        for finding in [*findings, *fit_findings]:
            click.echo(str(finding), err=True)
        fitted = ", ".join(
            f"{r.options.format.name} on {r.options.paper}: "
            + (f"{r.fit.page_count} pages at {r.fit.body:.1f} pt" if r.fit.fits else "does not fit")
            for r in reports
        )
        click.echo(
            f"{content}: {'FAILS' if any(r.failed for r in reports) else 'ok'} "
            f"({len(leaflet.benefits)} benefits, brand {leaflet.brand.name}; {fitted}"
            + (f"; {len(findings)} translation warnings)" if findings else ")")
        )
    if json_output:
        click.echo(json.dumps({"files": files, "passed": not failed}, indent=2, ensure_ascii=False))
    if failed or (strict and warned):
        sys.exit(1)


@click.command()
@click.argument("contents", type=CONTENT, nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for CI (shape in docs/lint.md).",
)
@click.option("--strict", is_flag=True, help="Warnings (spelling, reading level) count as errors.")
@click.option(
    "--target-grade",
    type=click.IntRange(1, 18),
    default=None,
    help="Highest acceptable reading grade.  [default: the content's lint.target_grade, or 8]",
)
def lint(
    contents: tuple[Path, ...], output_format: str, strict: bool, target_grade: int | None
) -> None:
    """Check CONTENTS (default: content.yaml) for patients: reading level, spelling, contrast,
    type size, alt text and image resolution. Exit status 1 when there are errors."""
    lint_files_to_console(contents or (Path("content.yaml"),), output_format, strict, target_grade)


def lint_files_to_console(
    contents: tuple[Path, ...],
    output_format: str,
    strict: bool,
    target_grade: int | None,
    *,
    stop_on_failure: bool = True,
) -> None:
    from brochure.lint import format_json, format_text, lint_files

    formats: tuple[str, ...] = ()
    paper = "a4"
    if Path(BATCH_FILE).is_file():  # fit each leaflet to the formats the batch makes
        from brochure.batch.config import load_config

        config = load_config(Path(BATCH_FILE))
        formats, paper = config.formats, config.paper
    report = lint_files(contents, target_grade=target_grade, formats=formats, paper=paper)
    if output_format == "json":
        click.echo(format_json(report))
    else:
        click.echo(format_text(report, color=sys.stdout.isatty()), nl=False)
    if stop_on_failure and report.failed(strict=strict):
        sys.exit(1)


@click.command()
@click.argument("pdf", type=EXISTING)
@click.option("--json", "json_output", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Warnings count as errors.")
@click.option(
    "--folds",
    default=None,
    help="Where a folded sheet folds, from the left trim edge, such as 97,197mm (brochure's "
    "own folded files say so themselves).",
)
def preflight(pdf: Path, json_output: bool, strict: bool, folds: str | None) -> None:
    """Check PDF as a print shop would: boxes, bleed, colour, fonts, image resolution, safe
    margin, fold clear space, output intent. Works on any PDF; says what it cannot check. Exit
    1 on errors."""
    from brochure.preflight import parse_folds

    given = None if folds is None else parse_folds(folds)
    if preflight_to_console(pdf, json_output=json_output, strict=strict, quiet=False, folds=given):
        sys.exit(1)


def preflight_to_console(
    pdf: Path,
    *,
    json_output: bool,
    strict: bool,
    quiet: bool,
    folds: tuple[float, ...] | None = None,
) -> bool:
    """Print the preflight report of ``pdf``; return whether it failed."""
    from brochure.preflight import preflight_file

    report = preflight_file(pdf, folds=folds)
    if json_output:
        click.echo(report.to_json(strict=strict))
    elif not quiet or report.failed(strict=strict):
        click.echo(report.format_table(strict=strict), nl=False)
    return report.failed(strict=strict)


@click.command()
def schema() -> None:
    """Print the JSON Schema of content.yaml (for editor completion and checks)."""
    from brochure.content.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
