"""Run brochure from a checkout: `python cli.py build` is the same as `brochure build`."""

from brochure.cli import main

if __name__ == "__main__":
    main()
