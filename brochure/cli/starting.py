"""``brochure init``: start a new clinic's project."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument(
    "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), required=False
)
@click.option("--clinic", default="", help="The clinic's name, as it should print.")
@click.option(
    "--from-sample", is_flag=True, help="Copy brochure's sample leaflet instead of placeholders."
)
def init(folder: Path, clinic: str, from_sample: bool) -> None:
    """Start a new leaflet project in FOLDER (default: here): a commented content.yaml whose
    texts say what to write, a brand file with the clinic's name, a brochure.yaml and a
    .gitignore. `brochure build` works in it straight away; `brochure lint` lists the texts
    still to write. Never overwrites a file."""
    from brochure.starter import plan_project, write_project

    written = write_project(folder, plan_project(clinic, from_sample=from_sample))
    for path in written:
        click.echo(f"wrote {path}")
    where = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(f"next: {where}brochure build content.yaml   (then brochure lint content.yaml)")
