"""The sketch a trial layout is drawn on: nothing is painted on it, and every trial measures
exactly what the same layout on a real canvas measures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

import brochure
from brochure.layout import copyfit, flowables, rtl
from brochure.layout.sketch import SketchCanvas
from brochure.layout.textlayer import TextParagraph
from brochure.pdf.render import RenderOptions, fit_for
from tests.helpers import ROOT, calls_to


def drawn(canvas: Canvas) -> bytes:
    """What ``canvas`` has drawn on its page so far."""
    return "\n".join(canvas._code).encode()  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", [Canvas, SketchCanvas])
def test_text_is_painted_on_a_page_and_not_on_a_sketch(kind: type[Canvas]) -> None:
    canvas = kind(io.BytesIO())
    paragraph = TextParagraph("Botox &amp; Dysport", ParagraphStyle("body"))
    paragraph.wrap(200, 100)
    paragraph.drawOn(canvas, 10, 10)
    assert (b"Tj" in drawn(canvas)) is (kind is Canvas)


@pytest.mark.parametrize(
    ("content", "format_name"),
    [
        ("content.yaml", "pages"),
        ("content.yaml", "sheet"),
        ("content.es.yaml", "trifold"),
        ("content.yaml", "booklet"),
        ("content.ar.yaml", "pages"),
        ("content.he.yaml", "sheet"),
    ],
)
def test_a_sketch_measures_what_a_page_measures(
    content: str, format_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    leaflet = brochure.load_leaflet(ROOT / content)
    options = RenderOptions.for_profile("screen", format=format_name)
    sketched = fit_for(leaflet, options)
    monkeypatch.setattr(copyfit, "SketchCanvas", Canvas)
    assert fit_for(leaflet, options) == sketched


def test_trials_paint_nothing_and_the_render_paints_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leaflet = brochure.load_leaflet(Path(ROOT / "content.ar.yaml"))
    options = RenderOptions.for_profile("screen", format="sheet")
    painted = {
        name: calls_to(monkeypatch, owner, name)
        for owner, name in [(rtl, "draw_right_to_left"), (flowables, "draw_qr")]
    }
    fit = fit_for(leaflet, options)
    assert fit.tightness != 0.0, "the sheet searched its ladder in trial layouts"
    assert not any(painted.values())
    brochure.render_pdf(leaflet, options)
    assert all(painted.values())
