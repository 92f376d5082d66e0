"""brochure's version: one place, read by the package, the PDFs' producer line, the batch
manifest and the packaging metadata (pyproject.toml's dynamic version)."""

__version__ = "0.1.0"
