"""brochure: turn a clinic's structured content into branded patient leaflets (PDF).

The pipeline, one stage per module::

    load_leaflet(path)          content.yaml (+ brand) -> validated, frozen Leaflet
    render_pdf(leaflet, opts)   Leaflet -> PDF bytes (same input, same bytes)
    write_atomic(path, data)    bytes -> file, all or nothing

``build`` runs all three. Every user-caused failure raises a :class:`BrochureError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from brochure.version import __version__

if TYPE_CHECKING:
    from brochure.content.model import Leaflet
    from brochure.pdf.render import RenderOptions

__all__ = [
    "BrochureError",
    "ContentError",
    "Leaflet",
    "RenderOptions",
    "__version__",
    "build",
    "load_leaflet",
    "render_pdf",
    "write_atomic",
    "write_leaflet",
]


def load_leaflet(path: str | Path) -> Leaflet:
    """Read and validate a content file and its brand, and check its fonts can draw it and its
    blocks fit a page; raise ContentError listing every problem."""
    from brochure.pipeline import load_leaflet as load

    return load(Path(path))


def render_pdf(leaflet: Leaflet, options: RenderOptions | None = None) -> bytes:
    """Render a validated leaflet to PDF bytes."""
    from brochure.pdf.render import render_pdf as render

    return render(leaflet, options)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write bytes to ``path`` via a temporary file and a rename (never a partial file)."""
    from brochure.output import write_atomic as write

    write(Path(path), data)


def build(
    content: str | Path,
    output: str | Path | None = None,
    options: RenderOptions | None = None,
    *,
    max_size: int | None = None,
) -> Path:
    """Load, render and write one leaflet; return the path written. With ``max_size`` (bytes), a
    larger PDF is an error and is not written."""
    return write_leaflet(load_leaflet(content), content, output, options, max_size=max_size)


def write_leaflet(
    leaflet: Leaflet,
    content: str | Path,
    output: str | Path | None = None,
    options: RenderOptions | None = None,
    *,
    max_size: int | None = None,
) -> Path:
    """Render a loaded leaflet (from the file ``content``) and write it to ``output`` (default:
    ``out/<content name>[-print].pdf``); return the path. With ``max_size`` (bytes), a larger
    PDF is an error and is not written."""
    from brochure.pdf.render import RenderOptions
    from brochure.pipeline import default_output
    from brochure.pipeline import write_leaflet as write

    options = options or RenderOptions()
    target = Path(output) if output is not None else default_output(Path(content), options.suffix)
    return write(leaflet, target, options, max_size=max_size).path


def __getattr__(name: str) -> Any:
    # Lazy, so `import brochure` stays cheap (the CLI's "up to date" path needs no ReportLab).
    if name in ("BrochureError", "ContentError"):
        from brochure import errors

        return getattr(errors, name)
    if name == "Leaflet":
        from brochure.content.model import Leaflet

        return Leaflet
    if name == "RenderOptions":
        from brochure.pdf.render import RenderOptions

        return RenderOptions
    raise AttributeError(name)
