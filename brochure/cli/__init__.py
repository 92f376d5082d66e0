"""The command line: a thin layer over the library. Exit status: 0 done, 1 the input or the
build failed (every problem listed), 2 the command line itself was wrong.

Nothing heavy is imported at module level: ``brochure build`` on an up-to-date batch must not
even import ReportLab.
"""

from __future__ import annotations

import click

from brochure.cli.building import build, watch
from brochure.cli.checking import check, lint, preflight, schema
from brochure.cli.previewing import preview
from brochure.cli.starting import init
from brochure.version import __version__

COMMANDS = (init, build, check, lint, preflight, watch, schema, preview)
"""Every command, in the order ``brochure --help`` lists them."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="brochure")
def main() -> None:
    """Turn a clinic's content.yaml into a designed, branded patient leaflet (PDF)."""


for command in COMMANDS:
    main.add_command(command)
