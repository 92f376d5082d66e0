"""The fixed strings brochure itself writes on the page or into the PDF, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Messages:
    """Every fixed string of the layout, for one language."""

    benefits_heading: str = "Benefits"
    book_heading: str = "Book a consultation"
    scan_to_book: str = "Scan to book"
    page_of: str = "Page {page} of {pages}"
    reminder: str = "Ask a qualified medical professional before any treatment."
    keywords: tuple[str, ...] = ("patient information", "leaflet")


def messages_for(locale: str) -> Messages:
    """The messages for ``locale`` (English for now; catalogues per language come later)."""
    return Messages()
