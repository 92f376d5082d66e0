"""Options and argument types that several commands share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from brochure.layout.formats import FORMATS
from brochure.layout.paper import PAPER_SIZES
from brochure.pdf.profiles import PROFILES

CONTENT = click.Path(dir_okay=False, path_type=Path)
EXISTING = click.Path(dir_okay=False, exists=True, path_type=Path)
BATCH_FILE = "brochure.yaml"
F = TypeVar("F", bound=Callable[..., Any])

ALL_PROFILES = "all"
"""``--profile all``: every profile of the table."""


def parse_size(text: str | None) -> int | None:
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


def profile_names(choice: str) -> tuple[str, ...]:
    """The profiles ``--profile`` names: one, or every profile for ``all``."""
    return tuple(PROFILES) if choice.lower() == ALL_PROFILES else (choice.lower(),)


def warn_catalogue(locale: str) -> None:
    """Warn on stderr when the leaflet's language has no complete message catalogue."""
    from brochure.messages import catalogue_warnings

    for warning in catalogue_warnings(locale):
        click.echo(f"warning: {warning}", err=True)
