"""`python -m brochure` is the same as the `brochure` command."""

from brochure.cli import run

run()
