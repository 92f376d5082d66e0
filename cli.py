"""Run brochure from a checkout: `python cli.py build` is the same as `brochure build`."""

from brochure.cli import run

if __name__ == "__main__":
    run()
