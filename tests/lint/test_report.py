"""brochure.lint.report: counts and when a run fails."""

from __future__ import annotations

from brochure.errors import Finding, Problem, Severity
from brochure.lint.report import FileReport, LintFinding, LintReport, Reading


def finding(severity: Severity) -> LintFinding:
    return LintFinding(Finding(Problem("c.yaml", 1, 1, "intro", "msg"), severity, "rule"))


def file_report(*severities: Severity) -> FileReport:
    return FileReport("c.yaml", "en", "flesch-kincaid", 8, (), tuple(map(finding, severities)))


def test_errors_fail_warnings_fail_only_when_strict() -> None:
    assert not LintReport((file_report(), file_report())).failed(strict=True)
    warned = LintReport((file_report("warning"), file_report()))
    assert not warned.failed(strict=False) and warned.failed(strict=True)
    erred = LintReport((file_report("warning"), file_report("error", "warning")))
    assert erred.failed(strict=False)
    assert (erred.errors, erred.warnings) == (1, 2)


def test_a_reading_is_over_target_as_printed() -> None:
    def reading(grade: float) -> Reading:
        return Reading("intro", 1, 1, grade, (), 10, 1, 15, 8)

    assert not reading(8.04).over_target and reading(8.05).over_target
    assert finding("error").rule == "rule" and finding("error").severity == "error"
