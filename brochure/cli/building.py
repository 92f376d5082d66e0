"""``brochure build`` and ``brochure watch``: one leaflet, or brochure.yaml's batch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from brochure.cli.checking import lint_files_to_console, preflight_to_console
from brochure.cli.options import (
    ALL_PROFILES,
    BATCH_FILE,
    CONTENT,
    format_option,
    paper_option,
    parse_size,
    profile_names,
    warn_catalogue,
)
from brochure.layout.formats import IMPOSITIONS
from brochure.layout.paper import PAPER_SIZES
from brochure.pdf.profiles import PROFILES

ONE_LEAFLET_ONLY = (
    "output",
    "bleed",
    "no_marks",
    "impose",
    "creep",
    "fold_allowance",
    "lint_first",
    "strict",
)
"""``build`` options that make sense for one leaflet only: a usage error with brochure.yaml,
which sets its own outputs."""


@click.command()
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
@click.option(
    "--impose",
    type=click.Choice(IMPOSITIONS, case_sensitive=False),
    default=None,
    help="Booklet, print: printer spreads for a duplex printer (saddle stitch) instead of "
    "single pages.",
)
@click.option("--creep", default=None, help="With --impose: shift per sheet, such as 0.1mm.")
@click.option(
    "--fold-allowance",
    default=None,
    help="Tri-fold: how much narrower the fold-in panel is, such as 4mm for heavy stock.  "
    "[default: 3mm on A4, 1/16 in on Letter]",
)
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
@click.option(
    "--executor",
    default=None,
    metavar="local|dask://HOST:PORT",
    help="Batch: where the jobs run: this machine's processes, or a dask cluster's scheduler.  "
    "[default: brochure.yaml's executor, else local]",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Batch: delete the outputs brochure wrote that are no longer in brochure.yaml.",
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
    executor: str | None,
    prune: bool,
    **_one_leaflet: Any,
) -> int:
    """Build brochure.yaml's matrix; return the exit status."""
    from brochure.batch.console import build_all

    return build_all(
        batch,
        executor=executor,
        prune=prune,
        preflight=_preflight_line,
        force=force,
        jobs=jobs,
        quiet=quiet,
        verbose=verbose,
        profiles=None if profile is None else profile_names(profile),
        formats=None if format_name is None else (format_name.lower(),),
        paper=paper,
        max_size=parse_size(max_size),
    )


def _preflight_line(pdf: Path) -> tuple[bool, str]:
    """A batch's print PDF preflighted: whether it failed, and its one-line summary."""
    from brochure.content.source import display_name
    from brochure.preflight import preflight_file

    report = preflight_file(pdf)
    failed = report.failed(strict=False)
    counts = f"{report.errors} errors, {report.warnings} warnings"
    verdict = f"FAIL ({counts}; brochure preflight {display_name(pdf)})" if failed else "PASS"
    if not failed and report.warnings:
        verdict = f"PASS with {report.warnings} warnings"
    return failed, f"preflight {display_name(pdf)}: {verdict}"


def _build_one(
    content: Path,
    *,
    output: Path | None,
    paper: str | None,
    format_name: str | None,
    profile: str | None,
    bleed: str | None,
    no_marks: bool,
    impose: str | None,
    creep: str | None,
    fold_allowance: str | None,
    max_size: str | None,
    lint_first: bool,
    strict: bool,
    quiet: bool,
    **_batch_only: Any,
) -> None:
    """Build one leaflet in each profile asked for; a print file is preflighted."""
    limit = parse_size(max_size)
    names = profile_names(profile or "screen")
    if output is not None and len(names) > 1:
        raise click.UsageError("-o names one file; use it with --profile screen or print")
    if lint_first:  # the build goes ahead whatever lint finds, unless --strict
        lint_files_to_console((content,), "text", strict, None, stop_on_failure=strict)

    from brochure.pdf.render import RenderOptions
    from brochure.pipeline import build_leaflet, default_output, load

    # Only the paper being built is checked for blocks too big for a page (check does all).
    chosen = next(name for name in PAPER_SIZES if name == (paper or "a4").lower())
    loaded = load(content, papers=(chosen,))
    warn_catalogue(loaded.leaflet.locale)
    failed = False
    for name in names:
        options = RenderOptions.for_profile(
            name,
            paper=(paper or "a4").lower(),
            format=(format_name or "pages").lower(),
            bleed=bleed,
            marks=not no_marks,
            impose=None if impose is None else impose.lower(),
            creep=creep,
            fold_allowance=fold_allowance,
        )
        target = output or default_output(content, options.suffix)
        written, report = build_leaflet(loaded, target, options, max_size=limit)
        for finding in report.findings:
            click.echo(str(finding), err=True)
        if not quiet:
            click.echo(f"wrote {target} ({written.size / 1024:.0f} KB, {name})")
        if options.profile.preflight:
            failed |= preflight_to_console(target, json_output=False, strict=False, quiet=quiet)
    if failed:
        sys.exit(1)


@click.command()
@click.argument("config", type=CONTENT, default=BATCH_FILE)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Parallel jobs.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print every job.")
def watch(config: Path, jobs: int | None, quiet: bool, verbose: bool) -> None:
    """Rebuild what each saved change affects, until Ctrl-C. Reads CONFIG (brochure.yaml), or
    watches a single content file given instead."""
    from brochure.batch.console import watch as watch_files

    watch_files(config, jobs=jobs, quiet=quiet, verbose=verbose)
