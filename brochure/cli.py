"""The command line: a thin layer over the library. Exit status: 0 done, 1 the input or the
build failed (every problem listed), 2 the command line itself was wrong."""

from __future__ import annotations

import json
from pathlib import Path

import click

from brochure import __version__

CONTENT = click.Path(dir_okay=False, path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="brochure")
def main() -> None:
    """Turn a clinic's content.yaml into a designed, branded patient leaflet (PDF)."""


@main.command()
@click.argument("content", type=CONTENT, default="content.yaml")
@click.option(
    "-o",
    "--output",
    type=CONTENT,
    default=None,
    help="Where to write the PDF.  [default: out/<content name>.pdf]",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size.",
)
def build(content: Path, output: Path | None, paper: str) -> None:
    """Validate CONTENT (default: content.yaml) and write its leaflet PDF.

    The PDF is written to a temporary file and renamed into place: a failed build never
    leaves a partial file and never touches the previous PDF.
    """
    from brochure import build as build_leaflet
    from brochure.pdf.render import RenderOptions

    target = build_leaflet(content, output, RenderOptions(paper=paper.lower()))  # type: ignore[arg-type]
    size = target.stat().st_size
    click.echo(f"wrote {target} ({size / 1024:.0f} KB)")


@main.command()
@click.argument("content", type=CONTENT, default="content.yaml")
def check(content: Path) -> None:
    """Validate CONTENT and its brand without rendering; list every problem."""
    from brochure import load_leaflet

    leaflet = load_leaflet(content)
    click.echo(f"{content}: ok ({len(leaflet.benefits)} benefits, brand {leaflet.brand.name})")


@main.command()
def schema() -> None:
    """Print the JSON Schema of content.yaml (for editor completion and checks)."""
    from brochure.content.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
