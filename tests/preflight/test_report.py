"""brochure.preflight.report: counts, verdicts, and when a print shop would reject the file."""

from __future__ import annotations

from brochure.preflight.report import (
    CheckResult,
    Coverage,
    PreflightFinding,
    PreflightReport,
    PreflightSeverity,
)


def report(*severities: PreflightSeverity, coverage: Coverage = "full") -> PreflightReport:
    check = CheckResult("images", "image resolution", coverage)
    findings = tuple(PreflightFinding("images", s, 1, f"{s} message") for s in severities)
    return PreflightReport("f.pdf", 1, "1.6", (check,), findings, ())


def test_counts_ignore_info() -> None:
    found = report("error", "warning", "warning", "info")
    assert (found.errors, found.warnings) == (1, 2)


def test_errors_fail_warnings_fail_only_when_strict_info_never() -> None:
    assert not report("info").failed(strict=True)
    assert not report("warning").failed(strict=False)
    assert report("warning").failed(strict=True)
    assert report("error").failed(strict=False)


def test_verdict_follows_the_worst_finding_then_the_coverage() -> None:
    def verdict(*severities: PreflightSeverity, coverage: Coverage = "full") -> str:
        found = report(*severities, coverage=coverage)
        return found.verdict(found.checks[0])

    assert verdict() == "ok"
    assert verdict("info") == "ok"
    assert verdict("warning", "info") == "warning"
    assert verdict("warning", "error") == "error"
    assert verdict(coverage="limited") == "ok"
    assert verdict(coverage="none") == "not checked"
    assert verdict("error", coverage="none") == "error"
