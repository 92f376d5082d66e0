"""brochure's version: one place, read by the package, the PDFs' producer line, the batch
manifest and the packaging metadata (pyproject.toml's dynamic version); and how the
versions of the libraries brochure uses are found without importing them."""

from __future__ import annotations

import os
import sys

__version__ = "0.1.0"

UNKNOWN_VERSION = "unknown"
"""What :func:`installed_version` gives for a distribution that is not installed."""


def installed_version(name: str) -> str:
    """The installed version of the distribution ``name``, without importing it.

    Read from the name of its ``.dist-info`` folder on ``sys.path``, which is what
    ``importlib.metadata.version`` finds, without that module's 50 ms import (an up-to-date
    batch has 250 ms in all); ``importlib.metadata`` is the fallback for other layouts.
    """
    prefix = name.lower().replace("-", "_") + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for item in names:
            if item.lower().startswith(prefix) and item.endswith(".dist-info"):
                return item[len(prefix) : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return UNKNOWN_VERSION
