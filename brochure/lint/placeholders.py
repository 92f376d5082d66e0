"""Placeholders still in a leaflet: the ``[Write ...]`` texts and example contact details a new
project starts with (``brochure init``). A warning each, at the text: the leaflet builds, but it
is not ready to print until each is replaced."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from brochure.content.placeholders import PLACEHOLDER, STARTER_CONTACTS
from brochure.errors import Finding, Problem
from brochure.lint.fields import Placer, TextField
from brochure.lint.report import LintFinding

if TYPE_CHECKING:
    from brochure.content.model import Leaflet
    from brochure.content.validate import Located

RULE = "placeholder"
"""The rule's name in reports."""


def check_placeholders(texts: Iterable[TextField], placer: Placer) -> list[LintFinding]:
    """A warning for each placeholder of ``texts``, located where it was written."""
    findings: list[LintFinding] = []
    for text in texts:
        for match in PLACEHOLDER.finditer(text.raw):
            where = placer.at(text, match.start())
            problem = Problem(
                placer.source.name,
                where.line if where else None,
                where.column if where else None,
                text.field,
                f"placeholder text still here: {match.group()}; replace it with your own words",
            )
            findings.append(LintFinding(Finding(problem, "warning", RULE)))
    return findings


def check_example_contacts(leaflet: Leaflet, located: Located) -> list[LintFinding]:
    """A warning for each contact detail of the leaflet's brand that is still a new project's
    example, located in the brand file."""
    findings: list[LintFinding] = []
    for key, example in STARTER_CONTACTS.items():
        if getattr(leaflet.brand, key) == example:
            message = f"still the example {key} of a new project ({example}); give the clinic's own"
            problem = located.problem(("brand", key), message)
            findings.append(LintFinding(Finding(problem, "warning", RULE)))
    return findings
