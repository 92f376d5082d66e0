"""The command line, through Click's CliRunner, plus real subprocess runs of ``python cli.py`` and
``python -m brochure``."""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import brochure
from brochure.cli import main
from tests.helpers import A4, LETTER, ROOT, copy_sample, page_sizes


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="brochure")


def assert_pdf(path: Path, size: tuple[float, float] = A4) -> None:
    assert path.is_file(), f"{path} was not written"
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    sizes = page_sizes(data)
    assert sizes, "no pages"
    for found in sizes:
        assert found == pytest.approx(size, abs=0.01)


# --- version and help ------------------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"brochure, version {brochure.__version__}"
    assert importlib.metadata.version("brochure") == brochure.__version__, (
        "the installed package's version is not brochure.version.__version__"
    )


@pytest.mark.parametrize(
    ("command", "mentions"),
    [
        ([], ["build", "check", "schema", "--version"]),
        (["build"], ["CONTENT", "--output", "--paper", "a4", "letter"]),
        (["check"], ["CONTENT"]),
        (["schema"], ["JSON Schema"]),
    ],
    ids=["brochure", "build", "check", "schema"],
)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(command: list[str], mentions: list[str], flag: str) -> None:
    result = run(*command, flag)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: {' '.join(['brochure', *command])} ")
    for word in mentions:
        assert word in result.output


# --- build -----------------------------------------------------------------------------------


def test_build_writes_out_content_pdf_by_default(
    project: Path, monkeypatch: pytest.MonkeyPatch, sample_pdf: bytes
) -> None:
    monkeypatch.chdir(project)
    result = run("build")
    assert result.exit_code == 0, result.output
    target = project / "out" / "content.pdf"
    assert_pdf(target)
    assert target.read_bytes() == sample_pdf
    assert result.output.startswith(f"wrote {Path('out', 'content.pdf')} (")
    assert sorted(p.name for p in target.parent.iterdir()) == ["content.pdf"]


def test_build_named_content_and_output(project: Path, tmp_path: Path, sample_pdf: bytes) -> None:
    target = tmp_path / "elsewhere" / "nested" / "leaflet.pdf"
    result = run("build", str(project / "content.yaml"), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert_pdf(target)
    assert target.read_bytes() == sample_pdf
    assert str(target) in result.output


def test_build_long_output_option(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--output", "leaflet.pdf")
    assert result.exit_code == 0, result.output
    assert_pdf(project / "leaflet.pdf")
    assert not (project / "out").exists(), "wrote the default output as well"


@pytest.mark.parametrize(("paper", "size"), [("letter", LETTER), ("a4", A4), ("LETTER", LETTER)])
def test_build_paper(
    paper: str, size: tuple[float, float], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--paper", paper, "-o", "leaflet.pdf")
    assert result.exit_code == 0, result.output
    assert_pdf(project / "leaflet.pdf", size)


@pytest.mark.parametrize("paper", ["a3", "A5", ""])
def test_bad_paper_is_a_usage_error(
    paper: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--paper", paper)
    assert result.exit_code == 2, result.output
    assert "--paper" in result.output
    assert not (project / "out").exists()


def test_unknown_option_is_a_usage_error(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--colour", "red")
    assert result.exit_code == 2
    assert not (project / "out").exists()


def test_build_invalid_content_fails_and_writes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    content = project / "content.yaml"
    content.write_text(content.read_text("utf-8").replace("icon: smooth", "icon: smoth"), "utf-8")
    result = run("build")
    assert result.exit_code == 1, result.output
    assert "content.yaml" in result.output
    assert "benefits[0].icon" in result.output
    assert "Traceback" not in result.output
    assert not (project / "out").exists()


def test_build_missing_content_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 1
    assert "content.yaml" in result.output
    assert not (tmp_path / "out").exists()


def test_build_unwritable_output_fails_cleanly(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"a file where a folder should be")
    result = run("build", str(project / "content.yaml"), "-o", str(blocker / "leaflet.pdf"))
    assert result.exit_code == 1
    assert "cannot write" in result.output
    assert "Traceback" not in result.output


# --- check and schema ------------------------------------------------------------------------


def test_check_ok(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = run("check")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        r"content\.yaml: ok \(6 benefits, brand Lumen Skin Clinic; "
        r"pages on a4: \d pages at 12\.0 pt, pages on letter: \d pages at 12\.0 pt\)",
        result.output.strip(),
    ), result.output
    assert not (project / "out").exists(), "check must not render"


def test_check_lists_every_problem(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    content = project / "content.yaml"
    text = content.read_text("utf-8").replace("icon: smooth", "icon: smoth")
    content.write_text(text.replace("locale: en", "locale: english!"), "utf-8")
    result = run("check", "content.yaml")
    assert result.exit_code == 1
    assert "benefits[0].icon" in result.output
    assert "locale" in result.output
    assert "2 problems" in result.output


def test_schema_is_json_describing_content(sample_content: dict[str, Any]) -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    properties = schema["properties"]
    for key in ("title", "benefits", "safety_note", "brand"):
        assert key in properties, f"{key} not in the schema's properties"
    # The sample content uses only documented keys, and has every required one.
    assert set(sample_content) <= set(properties)
    assert set(schema.get("required", [])) <= set(sample_content)


# --- real processes --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def processes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any]]:
    """Run ``python cli.py build`` and ``python -m brochure build`` in a copy of the sample
    project, side by side, each with its own hash seed; return (output, completed process)."""
    folder = copy_sample(tmp_path_factory.mktemp("processes") / "project")
    commands = {
        "cli.py": ([sys.executable, str(ROOT / "cli.py"), "build"], folder / "out/content.pdf"),
        "-m brochure": (
            [sys.executable, "-m", "brochure", "build", "-o", "module.pdf"],
            folder / "module.pdf",
        ),
    }
    running = {}
    for seed, (name, (args, target)) in enumerate(commands.items(), 1):
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["PYTHONHASHSEED"] = str(seed)
        process = subprocess.Popen(
            args, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        running[name] = (target, process)
    done = {}
    for name, (target, process) in running.items():
        stdout, stderr = process.communicate(timeout=120)
        done[name] = (target, (process.returncode, stdout, stderr))
    return done


@pytest.mark.parametrize("name", ["cli.py", "-m brochure"])
def test_real_process_builds(name: str, processes: dict[str, tuple[Path, Any]]) -> None:
    target, (code, stdout, stderr) = processes[name]
    assert code == 0, stderr
    assert stdout.startswith("wrote "), stdout
    assert_pdf(target)


def test_separate_processes_write_identical_bytes(
    processes: dict[str, tuple[Path, Any]], sample_pdf: bytes
) -> None:
    outputs = {name: target.read_bytes() for name, (target, _) in processes.items()}
    first, second = outputs.values()
    assert first == second, "two processes (different hash seeds) wrote different PDFs"
    assert first == sample_pdf, "a separate process wrote other bytes than this one"


def program(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m brochure ARGS`` as a process of its own."""
    command = [sys.executable, "-m", "brochure", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_program_ends_with_its_commands_status_and_all_it_printed(tmp_path: Path) -> None:
    """The process skips Python's teardown: its status is still the command's (0 done, 1 the
    input failed, 2 the command line was wrong), and everything it printed arrives, however
    long (the schema is longer than Python's output buffer)."""
    schema = program("schema")
    assert schema.returncode == 0 and json.loads(schema.stdout)["properties"]
    assert len(schema.stdout) > io.DEFAULT_BUFFER_SIZE
    missing = program("build", "nothing.yaml", cwd=tmp_path)
    assert missing.returncode == 1 and "nothing.yaml: the file does not exist" in missing.stderr
    wrong = program("build", "--bogus", cwd=tmp_path)
    assert wrong.returncode == 2 and "No such option" in wrong.stderr


def test_the_program_runs_the_exit_handlers_then_exits_at_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import atexit

    import brochure.cli

    calls: list[str] = []
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: calls.append("exit handlers"))

    def exit_now(status: int) -> None:
        calls.append(f"exit {status}")
        raise SystemExit(status)

    monkeypatch.setattr(os, "_exit", exit_now)
    monkeypatch.setattr(sys, "argv", ["brochure", "--version"])
    with pytest.raises(SystemExit):
        brochure.cli.run()
    assert calls == ["exit handlers", "exit 0"]
    assert brochure.__version__ in capsys.readouterr().out


def test_the_program_waits_for_a_thread_that_still_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread still at work (not a daemon) ends the process the usual way, which waits."""
    import threading

    import brochure.cli

    def never(status: int) -> None:
        raise AssertionError("exited without waiting for the thread")

    monkeypatch.setattr(os, "_exit", never)
    monkeypatch.setattr(sys, "argv", ["brochure", "--version"])
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as done:
            brochure.cli.run()
        assert done.value.code == 0
    finally:
        release.set()
        worker.join()


# --- print profile -----------------------------------------------------------------------------


def boxes_of(path: Path) -> list[dict[str, list[float]]]:
    """MediaBox, TrimBox and BleedBox of every page of the PDF at ``path`` (absent: [])."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return [
            {
                name: [float(v) for v in page.obj.get(key, [])]
                for name, key in (
                    ("media", "/MediaBox"),
                    ("trim", "/TrimBox"),
                    ("bleed", "/BleedBox"),
                )
            }
            for page in pdf.pages
        ]


def test_build_help_lists_the_print_options() -> None:
    result = run("build", "--help")
    assert result.exit_code == 0
    for word in ("--profile", "screen", "print", "all", "--bleed", "--no-marks", "--max-size"):
        assert word in result.output


def test_profile_all_writes_the_screen_and_the_print_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, sample_pdf: bytes
) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--profile", "all")
    assert result.exit_code == 0, result.output
    screen, printed = project / "out" / "content.pdf", project / "out" / "content-print.pdf"
    assert screen.read_bytes() == sample_pdf
    assert sorted(p.name for p in (project / "out").iterdir()) == [
        "content-print.pdf",
        "content.pdf",
    ]
    assert all(page["trim"] for page in boxes_of(printed))
    assert not any(page["trim"] for page in boxes_of(screen))
    assert f"wrote {Path('out', 'content.pdf')} (" in result.output
    assert f"wrote {Path('out', 'content-print.pdf')} (" in result.output


def test_output_with_profile_all_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--profile", "all", "-o", "leaflet.pdf")
    assert result.exit_code == 2, result.output
    assert "-o" in result.output and "Traceback" not in result.output
    assert not (project / "leaflet.pdf").exists()
    assert not (project / "out").exists()


def test_print_profile_with_an_inch_bleed_and_no_marks(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--profile", "print", "--bleed", "0.125in", "--no-marks", "-o", "p.pdf")
    assert result.exit_code == 0, result.output
    for page in boxes_of(project / "p.pdf"):
        trim, bleed = page["trim"], page["bleed"]
        assert trim[2] - trim[0] == pytest.approx(A4[0], abs=0.01)
        assert bleed == pytest.approx([trim[0] - 9, trim[1] - 9, trim[2] + 9, trim[3] + 9])
        assert page["media"] == pytest.approx(bleed)


def test_print_profile_defaults_to_out_content_print_pdf(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--profile", "print", "--paper", "letter")
    assert result.exit_code == 0, result.output
    (target,) = (project / "out").iterdir()
    assert target.name == "content-print.pdf"
    for page in boxes_of(target):
        trim = page["trim"]
        assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(LETTER, abs=0.01)
        assert page["media"][2] > page["bleed"][2]  # crop marks beyond the bleed


@pytest.mark.parametrize("bleed", ["3cm", "lots", "-3mm", "3mm3mm"])
@pytest.mark.parametrize("profile", ["print", "screen"])
def test_an_invalid_bleed_is_a_clear_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, bleed: str, profile: str
) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--profile", profile, "--bleed", bleed)
    assert result.exit_code in (1, 2), result.output
    assert "--bleed" in result.output
    assert "3mm" in result.output  # says what a length looks like
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (project / "out").exists()


@pytest.mark.parametrize("profile", ["screen", "print"])
def test_max_size_fails_and_writes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, profile: str
) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--profile", profile, "--max-size", "10KB")
    assert result.exit_code == 1, result.output
    assert "--max-size" in result.output and "not written" in result.output
    assert "Traceback" not in result.output
    assert not (project / "out").exists()


def test_max_size_leaves_the_previous_pdf_untouched(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    previous = project / "out" / "content.pdf"
    previous.parent.mkdir()
    previous.write_bytes(b"%PDF-1.7 the previous build")
    stamp = previous.stat().st_mtime_ns
    result = run("build", "--max-size", "10KB")
    assert result.exit_code == 1, result.output
    assert previous.read_bytes() == b"%PDF-1.7 the previous build"
    assert previous.stat().st_mtime_ns == stamp
    assert [p.name for p in previous.parent.iterdir()] == ["content.pdf"]  # no temporary left


def test_a_generous_max_size_builds(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--max-size", "1MB")
    assert result.exit_code == 0, result.output
    assert_pdf(project / "out" / "content.pdf")


@pytest.mark.parametrize("size", ["ten", "10GB", "KB"])
def test_a_max_size_that_is_not_a_size_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, size: str
) -> None:
    monkeypatch.chdir(project)
    result = run("build", "--max-size", size)
    assert result.exit_code == 2, result.output
    assert "60KB" in result.output
    assert not (project / "out").exists()


@pytest.mark.parametrize(
    "option", [["-o", "x.pdf"], ["--bleed", "5mm"], ["--no-marks"], ["--lint"]]
)
def test_options_for_one_leaflet_are_refused_for_a_batch(
    option: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "brochure.yaml").write_text("contents: [content.yaml]\n", "utf-8")
    result = CliRunner().invoke(main, ["build", *option])
    assert result.exit_code == 2
    assert option[0] in result.output and "one leaflet" in result.output
    assert not (tmp_path / "out").exists()


def test_the_program_ends_well_without_an_output_stream(tmp_path: Path) -> None:
    """Started with standard output closed (``brochure schema >&-``), there is nothing to
    flush: the command's status stands."""
    command = [sys.executable, "-m", "brochure", "--version"]
    done = subprocess.run(
        command,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        close_fds=True,
        preexec_fn=lambda: os.close(1),
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 0
