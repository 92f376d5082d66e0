"""brochure.preflight.formats: the table for people and the JSON for machines, on the clean print
file and on reports built here (a check limited by what could not be read, findings of every
severity)."""

from __future__ import annotations

import json

from brochure.preflight import CHECKS, READING, PreflightReport
from brochure.preflight.formats import plural, report_json
from brochure.preflight.report import CheckResult, PreflightFinding

JSON_KEYS = {
    "file", "pages", "pdf_version", "strict", "passed", "errors", "warnings",
    "checks", "findings", "not_checked",
}  # fmt: skip


def limited_report() -> PreflightReport:
    """Page 2's content could not be read in full: the reading check is first, with its error,
    and the colour check is limited."""
    return PreflightReport(
        "bad.pdf",
        2,
        "1.7",
        (
            CheckResult(READING[0], READING[1], "full"),
            CheckResult("colour", "colour (no RGB)", "limited", "colours in CMYK", "not all read"),
            CheckResult("marks", "crop marks", "none", "", "no TrimBox"),
            CheckResult("images", "image resolution", "full", "1 image, lowest 250 ppi"),
        ),
        (
            PreflightFinding(READING[0], "error", 2, "reading stopped after 10 operators"),
            PreflightFinding("images", "warning", None, "image /Im1 250 ppi (300 wanted)"),
            PreflightFinding("images", "info", 1, "just so you know"),
        ),
        ("overprint and knockout",),
    )


def test_table_has_a_row_per_check_and_a_verdict_line(clean_report: PreflightReport) -> None:
    table = clean_report.format_table()
    assert table.endswith("\n")
    lines = table.splitlines()
    assert lines[0] == "Preflight of clean.pdf: 1 page, PDF 1.6"
    for check, title in CHECKS:
        verdict = " not checked " if check == "folds" else " ok "  # a flat page has no folds
        assert any(line.strip().startswith(title) and verdict in line for line in lines), title
    assert lines[-1].startswith("PASS")
    assert "Not checked: overprint and knockout;" in table
    assert READING[1] not in table


def test_table_of_a_file_not_read_in_full() -> None:
    lines = limited_report().format_table().splitlines()
    assert lines[0] == "Preflight of bad.pdf: 2 pages, PDF 1.7"
    assert lines[2].split() == ["file", "read", "in", "full", "ERROR"]
    assert lines[3] == "      page 2     error    reading stopped after 10 operators"
    assert "ok*" in lines[4] and lines[4].endswith("colours in CMYK")
    assert lines[5].split()[-3:] == ["checked", "no", "TrimBox"]
    assert "  * colour (no RGB): not all read" in lines
    assert lines[-1] == "FAIL (1 error, 1 warning): a print shop would reject this file."


def test_verdict_lines() -> None:
    report = limited_report()
    warned = PreflightReport(
        "w.pdf", 1, "1.6", report.checks[1:], report.findings[1:], report.not_checked
    )
    assert warned.format_table().splitlines()[-1].startswith("PASS with warnings (0 errors, 1 ")
    assert warned.format_table(strict=True).splitlines()[-1] == (
        "FAIL (0 errors, 1 warning; --strict counts warnings as errors)."
    )


def test_json_shape(clean_report: PreflightReport) -> None:
    data = json.loads(clean_report.to_json())
    assert set(data) == JSON_KEYS
    assert data["passed"] is True and data["errors"] == 0
    assert [c["id"] for c in data["checks"]] == [check for check, _ in CHECKS]
    assert set(data["checks"][0]) == {"id", "title", "verdict", "coverage", "summary", "note"}


def test_json_of_a_file_not_read_in_full() -> None:
    report = limited_report()
    data = json.loads(report.to_json(strict=True))
    assert data == report_json(report, strict=True)
    assert (data["strict"], data["passed"], data["errors"], data["warnings"]) == (True, False, 1, 1)
    assert data["checks"][0] == {
        "id": "reading",
        "title": "file read in full",
        "verdict": "error",
        "coverage": "full",
        "summary": "",
        "note": "",
    }
    assert [c["verdict"] for c in data["checks"]] == ["error", "ok", "not checked", "warning"]
    assert data["findings"][1] == {
        "check": "images",
        "severity": "warning",
        "page": None,
        "message": "image /Im1 250 ppi (300 wanted)",
    }


def test_plural() -> None:
    assert [plural(n, "page") for n in (0, 1, 2)] == ["0 pages", "1 page", "2 pages"]
