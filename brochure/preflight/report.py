"""What ``brochure preflight`` found: one result per check, the findings, what was not checked.

Severity is the shared :data:`brochure.errors.Severity` (``error``, ``warning``) plus ``info``:
an observation that is neither wrong nor a risk ("no TrimBox; the ArtBox is taken as the trimmed
page"). Only the preflight has such observations, so ``info`` is added here, on top of the shared
type, rather than to every checker's (lint's JSON schema promises errors and warnings only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from brochure.errors import Severity, SeverityCounts
from brochure.preflight.formats import format_json, format_table

PreflightSeverity = Literal[Severity, "info"]
"""How serious a preflight finding is: the shared severities, or ``info``."""
Coverage = Literal["full", "limited", "none"]
"""How much of the file a check could look at."""
Verdict = Literal["ok", "warning", "error", "not checked"]
"""A check's result, from its findings and coverage."""


@dataclass(frozen=True)
class PreflightFinding:
    """One observation of one check."""

    check: str
    """The check's id (see :data:`~brochure.preflight.checks.CHECKS`)."""
    severity: PreflightSeverity
    """error, warning or info."""
    page: int | None
    """1-based page number, or None for the whole file."""
    message: str
    """What is wrong, for a person."""


@dataclass(frozen=True)
class CheckResult:
    """How far one check could look, and what it saw in a sentence."""

    id: str
    """The check's id (see :data:`~brochure.preflight.checks.CHECKS`)."""
    title: str
    """Its name in the table."""
    coverage: Coverage
    """full, limited (see ``note``) or none (the check could not run)."""
    summary: str = ""
    """One line on what was found when all is well ("3 fonts, all embedded")."""
    note: str = ""
    """Why coverage is limited or none."""


@dataclass(frozen=True)
class PreflightReport(SeverityCounts):
    """The preflight of one PDF."""

    file: str
    """The file's name as given."""
    pages: int
    """Number of pages read."""
    pdf_version: str
    """The version its header declares."""
    checks: tuple[CheckResult, ...]
    """Every check in :data:`~brochure.preflight.checks.CHECKS` order (the ``reading`` check
    first, when something could not be read)."""
    findings: tuple[PreflightFinding, ...]
    """Every finding, in check order, then page order."""
    not_checked: tuple[str, ...]
    """What the preflight could not check in this file."""

    def failed(self, *, strict: bool) -> bool:
        """Whether a print shop would reject the file: any error (or warning, when strict)."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def verdict(self, check: CheckResult) -> Verdict:
        """A check's verdict: ok, warning, error or not checked."""
        severities = {f.severity for f in self.findings if f.check == check.id}
        if "error" in severities:
            return "error"
        if "warning" in severities:
            return "warning"
        return "not checked" if check.coverage == "none" else "ok"

    def format_table(self, *, strict: bool = False) -> str:
        """The report for a person (see :func:`~brochure.preflight.formats.format_table`)."""
        return format_table(self, strict=strict)

    def to_json(self, *, strict: bool = False) -> str:
        """The report for machines (see :func:`~brochure.preflight.formats.format_json`)."""
        return format_json(self, strict=strict)
