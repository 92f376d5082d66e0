"""The command line: a thin layer over the library. Exit status: 0 done, 1 the input or the
build failed (every problem listed), 2 the command line itself was wrong.

Nothing heavy is imported at module level: ``brochure build`` on an up-to-date batch must not
even import ReportLab.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from brochure.layout.formats import FORMATS
from brochure.layout.paper import PAPER_SIZES
from brochure.pdf.profiles import PROFILES
from brochure.version import __version__

CONTENT = click.Path(dir_okay=False, path_type=Path)
EXISTING = click.Path(dir_okay=False, exists=True, path_type=Path)
BATCH_FILE = "brochure.yaml"
F = TypeVar("F", bound=Callable[..., Any])


def _size(text: str | None) -> int | None:
    """Bytes from "60KB", "1.5MB", "400k" or a plain number of bytes."""
    if text is None:
        return None
    units = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2}
    number = text.strip().lower().rstrip("ib")  # KiB/MiB read as KB/MB
    digits = number.rstrip("km")
    unit = number[len(digits) :]
    try:
        return int(float(digits) * units[unit])
    except (ValueError, KeyError):
        raise click.BadParameter(
            f"{text!r} is not a size such as 60KB or 1.5MB", param_hint="--max-size"
        ) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="brochure")
def main() -> None:
    """Turn a clinic's content.yaml into a designed, branded patient leaflet (PDF)."""


def paper_option(help: str) -> Callable[[F], F]:
    """The ``--paper`` option, its choices from the paper table."""
    return click.option(
        "--paper", type=click.Choice(list(PAPER_SIZES), case_sensitive=False), help=help
    )


format_option = click.option(
    "--format",
    "format_name",
    type=click.Choice(list(FORMATS), case_sensitive=False),
    default=None,
    help="; ".join(f"{f.name}: {f.description}" for f in FORMATS.values()) + ".  [default: pages]",
)
"""The ``--format`` option, its choices from the format table."""

ONE_LEAFLET_ONLY = ("output", "bleed", "no_marks", "lint_first", "strict")
"""``build`` options that make sense for one leaflet only: a usage error with brochure.yaml,
which sets its own outputs."""

ALL_PROFILES = "all"
"""``--profile all``: every profile of the table."""


@main.command()
@click.argument("content", type=CONTENT, required=False)
@click.option(
    "-o",
    "--output",
    type=CONTENT,
    default=None,
    help="Where to write the PDF (one profile).  [default: out/<content name>[-print].pdf]",
)
@paper_option("Paper size.  [default: a4]")
@format_option
@click.option(
    "--profile",
    type=click.Choice([*PROFILES, ALL_PROFILES], case_sensitive=False),
    default=None,
    help="screen: small, tagged, RGB (to email); print: CMYK, bleed, crop marks, PDF/X-4; "
    "all: both.  [default: screen]",
)
@click.option("--bleed", default=None, help="Print bleed, such as 3mm or 0.125in.  [default: 3mm]")
@click.option("--no-marks", is_flag=True, help="Print profile without crop marks.")
@click.option("--max-size", default=None, help="Fail when an output is larger, such as 60KB.")
@click.option("--lint", "lint_first", is_flag=True, help="Run `brochure lint` first.")
@click.option(
    "--strict",
    is_flag=True,
    help="With --lint: any lint error or warning stops the build (else it goes ahead).",
)
@click.option("--force", is_flag=True, help="Batch: rebuild every output, even up-to-date ones.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, help="Batch: parallel jobs."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Print every job, even up-to-date ones.")
@click.pass_context
def build(ctx: click.Context, /, content: Path | None, **options: Any) -> None:
    """Build CONTENT's leaflet, or every leaflet of brochure.yaml.

    Without CONTENT, reads ./brochure.yaml when present (a batch of leaflets x brands x
    profiles, rebuilt only where something changed), else builds ./content.yaml.

    Each PDF is written to a temporary file and renamed into place: a failed build never
    leaves a partial file and never touches the previous PDF.
    """
    batch = Path(BATCH_FILE) if content is None else content
    if batch.name == BATCH_FILE and batch.is_file():
        _refuse_given(
            ctx,
            ONE_LEAFLET_ONLY,
            "apply to one leaflet: name it (brochure build "
            "content.yaml ...); brochure.yaml sets its own outputs",
        )
        sys.exit(_build_batch(batch, **options))
    _build_one(content or Path("content.yaml"), **options)


def _refuse_given(ctx: click.Context, names: tuple[str, ...], why: str) -> None:
    """A usage error naming each of the options ``names`` the user gave, and ``why``."""
    from click.core import ParameterSource

    given = [
        param.opts[-1]
        for param in ctx.command.params
        if param.name in names and ctx.get_parameter_source(param.name) != ParameterSource.DEFAULT
    ]
    if given:
        raise click.UsageError(f"{', '.join(given)} {why}")


def _build_batch(
    batch: Path,
    *,
    paper: str | None,
    format_name: str | None,
    profile: str | None,
    max_size: str | None,
    force: bool,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
    **_one_leaflet: Any,
) -> int:
    """Build brochure.yaml's matrix; return the exit status."""
    from brochure.batch.console import build_all

    return build_all(
        batch,
        force=force,
        jobs=jobs,
        quiet=quiet,
        verbose=verbose,
        profiles=None if profile is None else _profiles(profile),
        formats=None if format_name is None else (format_name.lower(),),
        paper=paper,
        max_size=_size(max_size),
    )


def _build_one(
    content: Path,
    *,
    output: Path | None,
    paper: str | None,
    format_name: str | None,
    profile: str | None,
    bleed: str | None,
    no_marks: bool,
    max_size: str | None,
    lint_first: bool,
    strict: bool,
    quiet: bool,
    **_batch_only: Any,
) -> None:
    """Build one leaflet in each profile asked for; a print file is preflighted."""
    limit = _size(max_size)
    names = _profiles(profile or "screen")
    if output is not None and len(names) > 1:
        raise click.UsageError("-o names one file; use it with --profile screen or print")
    if lint_first:  # the build goes ahead whatever lint finds, unless --strict
        _lint((content,), "text", strict, None, stop_on_failure=strict)

    from brochure.pdf.render import RenderOptions
    from brochure.pipeline import build_leaflet, default_output, load

    loaded = load(content)
    _warn_catalogue(loaded.leaflet.locale)
    failed = False
    for name in names:
        options = RenderOptions.for_profile(
            name,
            paper=(paper or "a4").lower(),
            format=(format_name or "pages").lower(),
            bleed=bleed,
            marks=not no_marks,
        )
        target = output or default_output(content, options.suffix)
        written, report = build_leaflet(loaded, target, options, max_size=limit)
        for finding in report.findings:
            click.echo(str(finding), err=True)
        if not quiet:
            click.echo(f"wrote {target} ({written.size / 1024:.0f} KB, {name})")
        if options.profile.preflight:
            failed |= _preflight(target, json_output=False, strict=False, quiet=quiet)
    if failed:
        sys.exit(1)


def _warn_catalogue(locale: str) -> None:
    from brochure.messages import catalogue_warnings

    for warning in catalogue_warnings(locale):
        click.echo(f"warning: {warning}", err=True)


def _profiles(choice: str) -> tuple[str, ...]:
    return tuple(PROFILES) if choice.lower() == ALL_PROFILES else (choice.lower(),)


@main.command()
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
        _warn_catalogue(leaflet.locale)
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
            + (
                f"{r.fit.trial.pages} pages at {r.fit.body:.1f} pt"
                if r.fit.fits
                else "does not fit"
            )
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


@main.command()
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
    _lint(contents or (Path("content.yaml"),), output_format, strict, target_grade)


def _lint(
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


@main.command()
@click.argument("pdf", type=EXISTING)
@click.option("--json", "json_output", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Warnings count as errors.")
def preflight(pdf: Path, json_output: bool, strict: bool) -> None:
    """Check PDF as a print shop would: boxes, bleed, colour, fonts, image resolution, safe
    margin, output intent. Works on any PDF; says what it cannot check. Exit 1 on errors."""
    if _preflight(pdf, json_output=json_output, strict=strict, quiet=False):
        sys.exit(1)


def _preflight(pdf: Path, *, json_output: bool, strict: bool, quiet: bool) -> bool:
    """Print the preflight report of ``pdf``; return whether it failed."""
    from brochure.preflight import preflight_file

    report = preflight_file(pdf)
    if json_output:
        click.echo(report.to_json(strict=strict))
    elif not quiet or report.failed(strict=strict):
        click.echo(report.format_table(strict=strict), nl=False)
    return report.failed(strict=strict)


@main.command()
@click.argument("config", type=CONTENT, default=BATCH_FILE)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Parallel jobs.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print every job.")
def watch(config: Path, jobs: int | None, quiet: bool, verbose: bool) -> None:
    """Rebuild what each saved change affects, until Ctrl-C. Reads CONFIG (brochure.yaml), or
    watches a single content file given instead."""
    from brochure.batch.console import watch as watch_files

    watch_files(config, jobs=jobs, quiet=quiet, verbose=verbose)


@main.command()
def schema() -> None:
    """Print the JSON Schema of content.yaml (for editor completion and checks)."""
    from brochure.content.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
