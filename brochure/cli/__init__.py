"""The command line: a thin layer over the library. Exit status: 0 done, 1 the input or the
build failed (every problem listed), 2 the command line itself was wrong.

Nothing heavy is imported at module level: ``brochure build`` on an up-to-date batch must not
even import ReportLab.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

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


def run() -> None:
    """The ``brochure`` program (and ``python -m brochure``): :func:`main` in a process of its
    own, which ends as soon as the command is done.

    Python's teardown of a process that has drawn a leaflet (clearing every module of ReportLab
    and brochure, collecting their objects) takes about 30 ms, a tenth of a build: brochure
    skips it. Everything a command writes is closed and synced before it returns, the exit
    handlers run (a worker pool's, temporary folders'), and the standard streams are flushed
    before the process exits with the command's status. While another thread still runs, the
    process ends the usual way, which waits for it."""
    try:
        main()
    except SystemExit as done:
        code = done.code
        status = code if isinstance(code, int) else 0 if code is None else 1
        others = [t for t in threading.enumerate() if t is not threading.main_thread()]
        if any(not thread.daemon for thread in others):
            raise
        if not isinstance(code, (int, type(None))):
            print(code, file=sys.stderr)
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            if stream is None:  # no stream at all (a closed descriptor, a windowed launcher)
                continue
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe (brochure check | head)
                status = status or 120  # what Python's own exit gives when its flush fails
        os._exit(status)
