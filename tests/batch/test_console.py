"""`brochure build` with a brochure.yaml, through the command line: one line per output, every
error at the end with its file:line, a summary, the exit status; a no-op run imports no
ReportLab."""

from __future__ import annotations

import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from brochure.batch.console import build_all
from brochure.batch.pool import Handler
from brochure.batch.zygote import Zygote, ZygoteChild
from brochure.cli import main
from brochure.errors import BrochureError, ContentError
from brochure.pdf.render import RenderOptions, render_pdf
from brochure.pipeline import load_leaflet
from tests.batch.batch_helpers import OUTPUTS, pdfs


def brochure(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="brochure")


def test_build_reads_brochure_yaml_and_prints_a_line_per_output(fresh: Path) -> None:
    result = brochure("build", "-j", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert sorted(line.split(" (")[0] for line in lines[:-1]) == sorted(
        f"built {name}" for name in OUTPUTS
    )
    assert all(line.endswith(" s)") and " KB, " in line for line in lines[:-1])
    assert lines[-1].startswith("4 built, 0 up to date, 0 failed (")
    assert set(pdfs(fresh)) == OUTPUTS
    assert sorted(p.name for p in (fresh / "out").iterdir()) == [
        ".brochure-manifest.json",
        ".brochure-manifest.lock",
        "juniper-aesthetics",
        "lumen-skin-clinic",
    ]


def test_a_no_op_says_up_to_date(built: Path) -> None:
    result = brochure("build")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("up to date: 4 outputs (")
    assert len(result.output.splitlines()) == 1


def build_in_a_process(folder: Path, args: list[str], then: str) -> list[str]:
    """What `brochure build ARGS` prints in a fresh process in ``folder`` (it must succeed),
    then what the process prints of the Python expression ``then``."""
    code = (
        "import sys\n"
        "from brochure.cli import main\n"
        "try:\n"
        f"    main(['build', *{args!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        f"print({then})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_a_no_op_does_not_import_reportlab(built: Path) -> None:
    heavy = "('reportlab', 'pydantic', 'multiprocessing', 'watchfiles')"
    first, modules = build_in_a_process(
        built, [], f"sorted(m for m in sys.modules if m.split('.')[0] in {heavy})"
    )
    assert first.startswith("up to date: 4 outputs (")
    assert modules == "[]"


def test_a_build_forks_its_workers_from_a_zygote_and_makes_the_same_pdfs(
    built: Path, built_once: Path
) -> None:
    # The session's matrix was built through the library, its workers forked by the parent.
    for pdf in built.glob("out/*/*.pdf"):
        pdf.unlink()
    summary, parent_imported_reportlab = build_in_a_process(
        built, ["-q", "-j", "2"], "'reportlab' in sys.modules"
    )
    assert summary.startswith("4 built, 0 up to date, 0 failed (")
    assert parent_imported_reportlab == "False", "the zygote imports the renderer, not the parent"
    assert pdfs(built) == pdfs(built_once)


def test_the_workers_of_a_build_come_from_its_zygote(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked: list[int] = []
    fork = Zygote.fork

    def counted(zygote: Zygote, conn: Connection, handler: Handler) -> ZygoteChild:
        child = fork(zygote, conn, handler)
        forked.append(child.pid)
        return child

    monkeypatch.setattr(Zygote, "fork", counted)
    result = brochure("build", "-j", "2")
    assert result.exit_code == 0, result.output
    assert len(forked) == 2, "no worker was forked by the build process itself"


def test_verbose_and_quiet(built: Path) -> None:
    (built / "out/lumen-skin-clinic/content-screen.pdf").unlink()
    verbose = brochure("build", "-v")
    assert verbose.exit_code == 0, verbose.output
    lines = verbose.output.splitlines()
    assert sum(line.startswith("up to date out/") for line in lines) == 3
    (built_line,) = [line for line in lines if line.startswith("built ")]
    assert built_line.startswith("built out/lumen-skin-clinic/content-screen.pdf (")
    assert built_line.endswith("; output missing)")
    (built / "out/lumen-skin-clinic/content-screen.pdf").unlink()
    quiet = brochure("build", "-q")
    assert quiet.exit_code == 0
    assert quiet.output.startswith("1 built, 3 up to date, 0 failed (")
    assert len(quiet.output.splitlines()) == 1


def test_failures_are_listed_once_with_their_place_and_exit_1(built: Path) -> None:
    leaflet = built / "assets/leaflets/lip-filler.yaml"
    leaflet.write_text(leaflet.read_text("utf-8").replace("icon: clock", "icon: watch"), "utf-8")
    before = pdfs(built)
    result = brochure("build", "--force")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert sum(line.startswith("failed out/") for line in lines) == 2
    errors = [line for line in lines if line.startswith("assets/leaflets/lip-filler.yaml:")]
    assert len(errors) == 1, "the same problem is listed once for both brands"
    assert ": benefits[2].icon: unknown icon 'watch'" in errors[0]
    (stopped,) = [line for line in lines if line.startswith("  not built: ")]
    assert "out/lumen-skin-clinic/lip-filler-screen.pdf" in stopped
    assert "out/juniper-aesthetics/lip-filler-screen.pdf" in stopped
    assert lines[-1].startswith("2 built, 0 up to date, 2 failed (")
    after = pdfs(built)
    assert {n for n in OUTPUTS if after[n] != before[n]} == set(), "same inputs, same bytes"


def test_profile_and_paper_from_the_command_line(built: Path) -> None:
    result = brochure("build", "--paper", "letter", "-q")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("4 built, 0 up to date, 0 failed")
    page = PdfReader(built / "out/juniper-aesthetics/lip-filler-screen.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)


def test_an_invalid_brochure_yaml_is_a_located_error(fresh: Path) -> None:
    (fresh / "brochure.yaml").write_text("contents: [content.yaml]\nprofile: [screen]\n")
    result = brochure("build")
    assert result.exit_code == 1
    assert "brochure.yaml:2:1: profile: unknown field; did you mean 'profiles'?" in result.output
    assert not (fresh / "out").exists()


def test_brochure_yaml_named_on_the_command_line(fresh: Path) -> None:
    result = brochure("build", "brochure.yaml", "-q")
    assert result.exit_code == 0, result.output
    assert set(pdfs(fresh)) == OUTPUTS


def test_a_glob_matching_nothing_fails_the_build_but_not_the_others(fresh: Path) -> None:
    (fresh / "brochure.yaml").write_text("contents: [content.yaml, leaflets/*.yaml]\n", "utf-8")
    result = brochure("build", "-q")
    assert result.exit_code == 1
    assert "brochure.yaml:1:26: contents[1]: 'leaflets/*.yaml' matches no file" in result.output
    assert result.output.splitlines()[-1].startswith("1 built, 0 up to date, 0 failed")
    assert (fresh / "out/lumen-skin-clinic/content-screen.pdf").is_file()


def test_a_batch_in_two_formats_builds_both_as_single_builds_would(fresh: Path) -> None:
    (fresh / "brochure.yaml").write_text(
        "contents: [content.yaml]\nformats: [pages, sheet]\noutput: out/{content}{suffix}.pdf\n",
        "utf-8",
    )
    result = brochure("build", "-q")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 built, 0 up to date, 0 failed")
    found = pdfs(fresh)
    assert set(found) == {"out/content.pdf", "out/content-sheet.pdf"}
    leaflet = load_leaflet(fresh / "content.yaml")
    for name, format in (("out/content.pdf", "pages"), ("out/content-sheet.pdf", "sheet")):
        alone = render_pdf(leaflet, RenderOptions.for_profile("screen", format=format))
        assert found[name] == alone, f"{name} differs from the single build in {format}"
    again = brochure("build")
    assert again.exit_code == 0, again.output
    assert again.output.startswith("up to date: 2 outputs (")


def build_in(formats: tuple[str, ...]) -> int:
    return build_all(
        Path("brochure.yaml"),
        force=False,
        jobs=1,
        quiet=True,
        verbose=False,
        profiles=None,
        paper=None,
        max_size=None,
        formats=formats,
    )


def test_build_all_takes_formats_from_the_command_line(fresh: Path) -> None:
    # The sample's pattern has no {format}: two formats collide, which shows they were used.
    with pytest.raises(ContentError, match=r"add \{format\} to the pattern"):
        build_in(("pages", "sheet"))
    with pytest.raises(BrochureError, match="unknown format 'x'"):
        build_in(("x",))
    assert not (fresh / "out").exists()
