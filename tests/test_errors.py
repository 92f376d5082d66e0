"""brochure.errors: located problems, one line each, and how the CLI shows them (status 1, no
traceback; status 2 stays Click's usage error)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from brochure.cli import main
from brochure.errors import (
    BrochureError,
    ContentError,
    Finding,
    OutputError,
    Problem,
    SeverityCounts,
)


def test_problem_formats() -> None:
    assert str(Problem("content.yaml", 14, 7, "benefits[2].title", "field required")) == (
        "content.yaml:14:7: benefits[2].title: field required"
    )
    assert str(Problem("content.yaml", 14, None, "title", "x")) == "content.yaml:14: title: x"
    assert str(Problem("content.yaml", None, None, "", "the file is empty")) == (
        "content.yaml: the file is empty"
    )
    assert str(Problem("a/brand.yaml", 3, 1, "", "YAML syntax error")) == (
        "a/brand.yaml:3:1: YAML syntax error"
    )


def test_problems_are_values() -> None:
    one = Problem("c.yaml", 1, 1, "title", "x")
    assert one == Problem("c.yaml", 1, 1, "title", "x")
    assert len({one, Problem("c.yaml", 1, 1, "title", "x")}) == 1
    assert sorted([Problem("c.yaml", 9, 1, "", "b"), one]) == [
        one,
        Problem("c.yaml", 9, 1, "", "b"),
    ]
    with pytest.raises(AttributeError):
        one.line = 2  # type: ignore[misc]


def test_content_error_lists_every_problem_then_a_summary() -> None:
    error = ContentError(
        [
            Problem("content.yaml", 4, 8, "title", "is 95 characters long; the limit is 90"),
            Problem("content.yaml", 31, 5, "benefits[0].icon", "field required"),
            Problem("assets/brand.yaml", 6, 16, "primary_color", "must be a colour"),
        ]
    )
    assert len(error.problems) == 3
    assert error.format_message().splitlines() == [
        "content.yaml:4:8: title: is 95 characters long; the limit is 90",
        "content.yaml:31:5: benefits[0].icon: field required",
        "assets/brand.yaml:6:16: primary_color: must be a colour",
        "3 problems in assets/brand.yaml, content.yaml.",
    ]
    single = ContentError([Problem("content.yaml", None, None, "", "the file is empty")])
    assert single.format_message().splitlines()[-1] == ("1 problem in content.yaml.")


def test_errors_are_click_exceptions_with_status_1() -> None:
    for error in (
        ContentError([Problem("c.yaml", 1, 1, "", "x")]),
        OutputError("cannot write out.pdf: Permission denied"),
    ):
        assert isinstance(error, BrochureError)
        assert isinstance(error, click.ClickException)
        assert error.exit_code == 1


def test_show_prints_compiler_style_without_an_error_prefix() -> None:
    error = ContentError([Problem("c.yaml", 2, 3, "title", "field required")])
    stream = io.StringIO()
    error.show(stream)
    assert stream.getvalue() == ("c.yaml:2:3: title: field required\n1 problem in c.yaml.\n")


def test_show_goes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    ContentError([Problem("c.yaml", 2, 3, "title", "field required")]).show()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("c.yaml:2:3: title: field required\n")


# --- through the command line --------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "build"])
def test_cli_content_error_exits_1_without_traceback(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content.yaml").write_text("title: [unclosed\n", "utf-8")
    result = CliRunner().invoke(main, [command, "content.yaml"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "content.yaml:2:1: YAML syntax error: while parsing a flow sequence, did not find "
        "expected ',' or ']'",
        "1 problem in content.yaml.",
    ]
    assert not (tmp_path / "out").exists()


def test_cli_empty_and_too_big_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "big.yaml").write_bytes(b"# " + b"x" * (600 * 1024))
    runner = CliRunner()
    empty = runner.invoke(main, ["check", "empty.yaml"])
    assert (empty.exit_code, empty.stderr.splitlines()[0]) == (1, "empty.yaml: the file is empty")
    big = runner.invoke(main, ["check", "big.yaml"])
    assert (big.exit_code, big.stderr.splitlines()[0]) == (
        1,
        "big.yaml: the file is 601 KB; content files are limited to 512 KB",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--no-such-option"],
        ["build", "--paper", "a3"],
        ["frobnicate"],
        ["check", "--no-such-option"],
    ],
)
def test_usage_errors_keep_status_2(args: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr
    assert "Traceback" not in result.output


def test_severity_counts_count_each_kind() -> None:
    @dataclass(frozen=True)
    class Report(SeverityCounts):
        findings: tuple[Finding, ...]

    problem = Problem("content.yaml", 1, 1, "title", "x")
    report = Report((Finding(problem, "error"), Finding(problem), Finding(problem)))
    assert (report.errors, report.warnings) == (1, 2)
