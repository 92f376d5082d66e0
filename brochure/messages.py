"""The fixed strings brochure itself writes on the page or into the PDF, in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Messages:
    """Every fixed string of the layout, for one language."""

    benefits_heading: str = "Benefits"
    safety_heading: str = "Important safety information"
    book_heading: str = "Book a consultation"
    scan_to_book: str = "Scan to book"
    page_of: str = "Page {page} of {pages}"
    reminder: str = "Ask a qualified medical professional before any treatment."
    keywords: tuple[str, ...] = ("patient information", "leaflet")


def message_keys() -> tuple[str, ...]:
    """The names of every message a content file may override."""
    return tuple(f.name for f in fields(Messages))


def messages_for(locale: str, overrides: Mapping[str, str] | None = None) -> Messages:
    """The messages for ``locale`` (English for now; catalogues per language come later), with
    the content's own ``overrides`` applied."""
    return replace(Messages(), **dict(overrides or {}))
