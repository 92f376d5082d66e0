"""The sketch: the canvas a trial layout is drawn on.

The copyfitter lays a leaflet out several times to find the sizes it fits at
(:func:`~brochure.layout.copyfit.trial`); each trial is measured, never seen. Blocks measure
themselves in ``wrap`` and only paint in ``draw``, so on a sketch they skip painting (text,
shaped Arabic lines, icons, logos, QR codes): the layout, and every measurement taken from it,
is the same as on a real page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from reportlab.pdfgen.canvas import Canvas


class SketchCanvas(Canvas):
    """The canvas of a trial layout; it is never saved."""


Drawn = TypeVar("Drawn")


def paints(draw: Callable[[Drawn], None]) -> Callable[[Drawn], None]:
    """A flowable's ``draw`` that paints on a page and does nothing on a sketch."""

    @functools.wraps(draw)
    def painted(flowable: Drawn) -> None:
        canvas: Any = getattr(flowable, "canv", None)
        if not isinstance(canvas, SketchCanvas):
            draw(flowable)

    return painted
