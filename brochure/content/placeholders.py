"""Placeholder text: what ``brochure init`` writes where the clinic's own words must go.

A placeholder is a bracketed instruction that starts with "Write": ``[Write the treatment's
name]``. It is ordinary text to every other part of brochure (square brackets not followed by a
link's ``(https://...)`` print as they are), so a new project builds at once and shows where
each text goes; ``brochure lint`` lists every one still left. The contact details a new brand
file starts with (:data:`STARTER_CONTACTS`) are placeholders too.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\[Write\b[^\[\]\n]*\]")
"""A placeholder: ``[Write ...]`` on one line."""

STARTER_CONTACTS: dict[str, str] = {
    "phone": "+44 20 7946 0000",
    "email": "hello@clinic.example",
    "website": "https://clinic.example",
    "address": "1 High Street, Exampletown EX1 1AA",
    "booking_url": "https://clinic.example/book",
}
"""The example contact details of a new brand file, by field: a number from the range set aside
for drama and the domain reserved for examples."""


def placeholders_in(text: str) -> list[str]:
    """Every placeholder of ``text``, in order."""
    return PLACEHOLDER.findall(text)
