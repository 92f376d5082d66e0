"""``brochure preview`` on the command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from brochure.cli import main


def test_preview_is_a_command_with_its_options() -> None:
    result = CliRunner().invoke(main, ["preview", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--no-open", "--format", "--paper", "--profile"):
        assert option in result.output


def test_a_missing_file_is_an_error_without_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["preview", str(tmp_path / "nope.yaml"), "--no-open"])
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_a_port_in_use_is_an_error(project: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main, ["preview", str(project / "content.yaml"), "--no-open", "--port", str(port)]
        )
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
