"""The package's entry points: ``preflight_file`` and ``preflight_bytes`` (a report, or one
BrochureError naming the file), and ``brochure preflight`` (exit status, JSON, --strict)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import Result

from brochure.errors import BrochureError
from brochure.preflight import DEFAULT_LIMITS, Limits, preflight_bytes, preflight_file
from tests.preflight.preflight_pdfs import Faults, print_pdf, rgb_pdf_from_elsewhere


def test_preflight_file_reads_the_file_and_names_it(tmp_path: Path, clean_pdf: bytes) -> None:
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(clean_pdf)
    report = preflight_file(path)
    assert report.file == str(path)
    assert report == preflight_bytes(clean_pdf, str(path))


def test_limits_are_passed_down(clean_pdf: bytes) -> None:
    few = Limits(page_operators=10)
    report = preflight_bytes(clean_pdf, "clean.pdf", limits=few)
    assert report.failed(strict=False)
    assert report.checks[0].id == "reading"
    assert not preflight_bytes(clean_pdf, "clean.pdf", limits=DEFAULT_LIMITS).failed(strict=True)


# --- files that cannot be read ------------------------------------------------------------


def test_not_a_pdf_raises_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(BrochureError, match=r"notes\.txt is not a PDF"):
        preflight_file(path)


def test_missing_file_raises_naming_it(tmp_path: Path) -> None:
    with pytest.raises(BrochureError, match=r"cannot read .*gone\.pdf"):
        preflight_file(tmp_path / "gone.pdf")


def test_password_protected_pdf_raises(clean_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(clean_pdf))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(BrochureError, match=r"locked\.pdf is encrypted with a password"):
        preflight_bytes(out.getvalue(), "locked.pdf")


def test_an_unexpected_failure_on_a_page_is_a_finding_for_that_page(
    clean_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("brochure.preflight.reader.ContentReader.scan", broken)
    report = preflight_bytes(clean_pdf, "clean.pdf")
    [finding] = [f for f in report.findings if f.check == "reading"]
    assert (finding.page, finding.severity) == (1, "error")
    assert finding.message == "its content could not be read (RuntimeError: boom)"


def test_an_unexpected_failure_elsewhere_is_one_line(
    clean_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("brochure.preflight.build_report", broken)
    with pytest.raises(BrochureError) as raised:
        preflight_bytes(clean_pdf, "clean.pdf")
    assert raised.value.format_message() == (
        "clean.pdf could not be preflighted (internal error RuntimeError: boom second line)"
    )


# --- the command line ------------------------------------------------------------------------


def test_cli_clean_file_exits_0(
    tmp_path: Path, clean_pdf: bytes, preflight_cli: Callable[..., Result]
) -> None:
    path = tmp_path / "clean.pdf"
    path.write_bytes(clean_pdf)
    result = preflight_cli(str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("PASS")


def test_cli_json_and_exit_status_on_errors(
    tmp_path: Path, preflight_cli: Callable[..., Result]
) -> None:
    path = tmp_path / "office.pdf"
    path.write_bytes(rgb_pdf_from_elsewhere())
    result = preflight_cli(str(path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["passed"] is False
    assert any(
        f["check"] == "colour" and f["severity"] == "error" and f["page"] == 1
        for f in data["findings"]
    )


def test_cli_strict_makes_warnings_fail(
    tmp_path: Path, preflight_cli: Callable[..., Result]
) -> None:
    path = tmp_path / "mid.pdf"
    path.write_bytes(print_pdf(Faults(image_ppi=200)))
    assert preflight_cli(str(path)).exit_code == 0
    assert preflight_cli(str(path), "--strict").exit_code == 1
    assert preflight_cli(str(path), "--strict", "--json").exit_code == 1


def test_cli_not_a_pdf_exits_1_with_message(
    tmp_path: Path, preflight_cli: Callable[..., Result]
) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("hello")
    result = preflight_cli(str(path))
    assert result.exit_code == 1
    assert "notes.pdf is not a PDF" in result.output
