"""The preflight report for people (a table: one row per check, its findings under it) and for
machines (JSON, shape in :mod:`brochure.preflight`)."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brochure.preflight.report import PreflightReport

_WIDTH = 100


def format_table(report: PreflightReport, *, strict: bool = False) -> str:
    """The report for a person: one row per check with its verdict and findings, what was not
    checked, then the verdict line."""
    lines = [
        f"Preflight of {report.file}: {plural(report.pages, 'page')}, PDF {report.pdf_version}"
    ]
    lines.append("")
    width = max(len(check.title) for check in report.checks) + 2
    for check in report.checks:
        verdict = report.verdict(check)
        shown = verdict.upper() if verdict == "error" else verdict
        if check.coverage == "limited" and verdict == "ok":
            shown = "ok*"
        detail = check.note if check.coverage == "none" else check.summary
        lines.append(f"  {check.title:<{width}}{shown:<13}{detail}".rstrip())
        for finding in report.findings:
            if finding.check == check.id:
                where = "file" if finding.page is None else f"page {finding.page}"
                lines.append(f"      {where:<11}{finding.severity:<9}{finding.message}")
    limited = [c for c in report.checks if c.coverage == "limited"]
    if limited:
        lines.append("")
        lines.extend(f"  * {c.title}: {c.note}" for c in limited)
    lines.append("")
    lines.extend(
        textwrap.wrap(
            "Not checked: " + "; ".join(report.not_checked) + ".",
            width=_WIDTH,
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    )
    lines.append(_verdict_line(report, strict))
    return "\n".join(lines) + "\n"


def report_json(report: PreflightReport, *, strict: bool = False) -> dict[str, Any]:
    """The report as plain data (shape in :mod:`brochure.preflight`)."""
    return {
        "file": report.file,
        "pages": report.pages,
        "pdf_version": report.pdf_version,
        "strict": strict,
        "passed": not report.failed(strict=strict),
        "errors": report.errors,
        "warnings": report.warnings,
        "checks": [
            {
                "id": c.id,
                "title": c.title,
                "verdict": report.verdict(c),
                "coverage": c.coverage,
                "summary": c.summary,
                "note": c.note,
            }
            for c in report.checks
        ],
        "findings": [
            {"check": f.check, "severity": f.severity, "page": f.page, "message": f.message}
            for f in report.findings
        ],
        "not_checked": list(report.not_checked),
    }


def format_json(report: PreflightReport, *, strict: bool = False) -> str:
    """The report as JSON, for CI."""
    return json.dumps(report_json(report, strict=strict), indent=2, ensure_ascii=False)


def plural(count: int, noun: str) -> str:
    """ "1 page", "3 pages"."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _verdict_line(report: PreflightReport, strict: bool) -> str:
    counts = f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')}"
    if report.errors:
        return f"FAIL ({counts}): a print shop would reject this file."
    if report.warnings and strict:
        return f"FAIL ({counts}; --strict counts warnings as errors)."
    if report.warnings:
        return f"PASS with warnings ({counts}): read them before sending the file."
    return "PASS: no errors or warnings in what was checked."
