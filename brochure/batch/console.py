"""What ``brochure build`` (with a brochure.yaml) and ``brochure watch`` print: a progress bar on a
terminal, one line per output otherwise, every error at the end with its file:line, a summary.

The only module of the batch that prints; everything it shows comes from the library's plan
and result objects.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from brochure.batch.config import CONFIG_NAME, BatchConfig, load_config, single_content_config
from brochure.batch.plan import FAILED_BEFORE, Job, make_plan
from brochure.batch.run import BatchResult, JobResult, ZygoteWhenStale, run
from brochure.content.source import display_name
from brochure.errors import Problem
from brochure.pdf.profiles import PROFILES

MAX_NAMED = 4
"""Outputs named under an error before "and N more"."""

Preflight = Callable[[Path], tuple[bool, str]]
"""Preflights a print PDF: (whether it failed, its one-line summary). Given by the command
line: the batch does not know the preflight."""


def build_all(
    config: Path,
    *,
    force: bool,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
    profiles: tuple[str, ...] | None,
    paper: str | None,
    max_size: int | None,
    formats: tuple[str, ...] | None = None,
    executor: str | None = None,
    prune: bool = False,
    preflight: Preflight | None = None,
) -> int:
    """Build every output of brochure.yaml ``config`` that needs it; print progress, every
    error and a summary; return the exit status (1 when anything failed). ``formats``,
    ``profiles``, ``paper`` and ``executor`` (from the command line) replace brochure.yaml's;
    ``prune`` deletes outputs that left the matrix; ``preflight`` checks each print PDF
    built, one line each."""
    started = time.perf_counter()
    loaded = load_config(config, formats=formats, profiles=profiles, paper=paper, executor=executor)
    # From the first stale output on, the workers' zygote imports the renderer while the
    # rest of the batch is planned.
    with ZygoteWhenStale(loaded) as workers:
        plan = make_plan(loaded, force=force, on_stale=workers.start)
        folder = display_name(plan.config.output_folder)
        bar = sys.stdout.isatty() and not quiet and not verbose and len(plan.to_build) > 1
        with _progress(len(plan.to_build) if bar else 0) as advance:

            def on_result(result: JobResult) -> None:
                if bar:
                    if result.job.runnable:
                        advance(result.job)
                elif not quiet:
                    _job_line(result, verbose)

            result = run(
                plan,
                jobs=jobs,
                max_size=max_size,
                on_result=on_result,
                on_wait=lambda: click.echo(f"waiting for another build of {folder}/ ...", err=True),
                started=started,
                prune=prune,
                zygote=workers.zygote,
            )
    preflight_failed = False
    if preflight is not None:
        for built in result.built:
            output = built.job.output
            if output is not None and PROFILES[built.job.profile].preflight:
                failed, line = preflight(output)
                preflight_failed |= failed
                if failed or not quiet:
                    click.echo(line, err=failed)
    _report(result, verbose=verbose)
    return 0 if result.ok and not preflight_failed else 1


def watch(config: Path, *, jobs: int | None, quiet: bool, verbose: bool) -> None:
    """Build, then rebuild what each saved change affects, until Ctrl-C. ``config`` is a
    brochure.yaml, or one content file (written where ``brochure build CONTENT`` writes)."""
    from brochure.batch.watch import Cycle, watch_batch

    folder = Path.cwd()
    if config.name == CONFIG_NAME and not config.exists() and (folder / "content.yaml").is_file():
        config = folder / "content.yaml"  # as `brochure build` does without a brochure.yaml

    def load() -> BatchConfig:
        if config.name == CONFIG_NAME:
            return load_config(config)
        return single_content_config(config, folder)

    first = True

    def on_ready(folders: tuple[Path, ...]) -> None:
        nonlocal first
        if first and not quiet:
            where = f"{len(folders)} folder" + ("" if len(folders) == 1 else "s")
            click.echo(f"watching {display_name(config)} ({where}); Ctrl-C stops")
        first = False

    def on_cycle(cycle: Cycle) -> None:
        if cycle.error is not None:
            cycle.error.show()
            return
        assert cycle.result is not None
        if verbose and cycle.changes:
            click.echo("changed: " + ", ".join(display_name(path) for path in cycle.changes))
        result = cycle.result
        if result.built or result.failed or result.problems or verbose or not cycle.changes:
            _report(result, verbose=verbose, summary=not quiet)

    try:
        watch_batch(
            load,
            jobs=jobs,
            on_cycle=on_cycle,
            on_result=None if quiet else (lambda result: _job_line(result, verbose)),
            on_ready=on_ready,
            home=config.resolve().parent,
        )
    except KeyboardInterrupt:
        if not quiet:
            click.echo("stopped")


@contextmanager
def _progress(length: int) -> Iterator[Callable[[Job], None]]:
    """A progress bar of ``length`` outputs (none when 0); yields the function that advances
    it."""
    if not length:
        yield lambda job: None
        return
    with click.progressbar(
        None, length=length, label="building", show_pos=True, item_show_func=_describe
    ) as bar:
        yield lambda job: bar.update(1, job)


def _describe(job: Job | None) -> str | None:
    return job.describe() if job is not None else None


def _job_line(result: JobResult, verbose: bool) -> None:
    job = result.job
    if result.status == "built":
        why = f"; {job.reason}" if verbose and job.reason else ""
        size = (result.size or 0) / 1024
        click.echo(f"built {job.describe()} ({size:.0f} KB, {result.seconds:.2f} s{why})")
    elif result.status == "failed":
        again = " (as last time: nothing it uses changed)" if job.reason == FAILED_BEFORE else ""
        click.echo(f"failed {job.describe()}{again}")
    elif verbose:
        click.echo(f"up to date {job.describe()}")


def _report(result: BatchResult, *, verbose: bool, summary: bool = True) -> None:
    """Every error once (with the outputs it stopped), translation notes, then the summary."""
    for problem in result.problems:
        click.echo(str(problem), err=True)
    groups: dict[tuple[Problem, ...], list[JobResult]] = {}
    for failed in result.failed:
        groups.setdefault(failed.problems, []).append(failed)
    for problems, failures in groups.items():
        for problem in problems:
            click.echo(str(problem), err=True)
        names = [failure.job.describe() for failure in failures]
        more = f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else ""
        click.echo(f"  not built: {', '.join(names[:MAX_NAMED])}{more}", err=True)
        if verbose:
            for failure in failures[:1]:
                if failure.detail:
                    click.echo(failure.detail, err=True)
    for translation in result.stale_translations:
        click.echo(
            f"{display_name(translation.content)}: source changed since translated "
            f"({display_name(translation.source)})"
        )
    _report_departed(result)
    seconds = f"{result.seconds:.2f} s"
    if not summary:
        return
    if not result.built and result.ok:
        click.echo(f"up to date: {_outputs(len(result.results))} ({seconds})")
        return
    click.echo(
        f"{len(result.built)} built, {len(result.up_to_date)} up to date, "
        f"{len(result.failed)} failed ({seconds})"
    )


def _report_departed(result: BatchResult) -> None:
    """The outputs that left the matrix: still there (and how to remove them), deleted, or
    kept because someone changed them."""
    for paths, what in (
        (result.departed, "no longer in brochure.yaml; brochure build --prune deletes"),
        (result.pruned, "no longer in brochure.yaml, deleted"),
        (result.kept, "no longer in brochure.yaml, changed since built, so kept"),
    ):
        if paths:
            names = [display_name(path) for path in paths]
            more = f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else ""
            click.echo(f"{_outputs(len(names))} {what}: {', '.join(names[:MAX_NAMED])}{more}")


def _outputs(count: int) -> str:
    return f"{count} output" + ("" if count == 1 else "s")
