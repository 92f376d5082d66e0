"""ReportLab paragraph markup from the content's parsed runs, with every piece of user text
escaped: ``<``, ``&`` and markup-looking text print as typed. Arabic letters go into the markup
in their joined forms (:func:`brochure.layout.bidi.shape`): ReportLab draws the characters it
is given, one glyph each."""

from __future__ import annotations

from dataclasses import replace
from html import escape as _html_escape

from brochure.content.markup import Run
from brochure.layout.bidi import shape


def to_reportlab(
    runs: tuple[Run, ...], link_color: str | None = None, *, links: bool = True
) -> str:
    """ReportLab paragraph markup for ``runs``; every piece of user text is escaped. Without
    ``links``, a link's text is set in the link colour but is not clickable."""
    out: list[str] = []
    for run in _merged(runs):
        piece = escape_text(run.text)
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        if run.href is not None:
            color = f' color="{escape_attribute(link_color)}"' if link_color else ""
            if links:
                href = escape_attribute(run.href)
                piece = f'<a href="{href}"{color} underline="1">{piece}</a>'
            elif link_color:
                piece = f"<font{color}>{piece}</font>"
        out.append(piece)
    return "".join(out)


def _merged(runs: tuple[Run, ...]) -> list[Run]:
    """``runs`` with neighbours in the same style joined: Arabic letters join across them."""
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last is not None and replace(last, text=run.text) == run:
            merged[-1] = replace(last, text=last.text + run.text)
        else:
            merged.append(run)
    return merged


def escape_text(text: str) -> str:
    """Escape plain text (no markup at all) for a ReportLab paragraph, Arabic letters shaped."""
    return _html_escape(shape(text), quote=False)


def escape_attribute(text: str) -> str:
    """Escape text for a double-quoted attribute of ReportLab paragraph markup."""
    return _html_escape(text, quote=True)
