"""brochure.yaml: the sample, defaults, command-line overrides, and every problem located."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brochure.batch.config import (
    DEFAULT_OUTPUT,
    DEFAULT_TIMEOUT,
    PLACEHOLDERS,
    BatchConfig,
    ContentEntry,
    load_config,
    single_content_config,
)
from brochure.errors import BrochureError, ContentError, unknown_choice
from brochure.layout.formats import FORMATS
from tests.helpers import ROOT


def load(tmp_path: Path, text: str, **overrides: object) -> BatchConfig:
    path = tmp_path / "brochure.yaml"
    path.write_text(text, "utf-8")
    return load_config(path, **overrides)  # type: ignore[arg-type]


def problems(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load(tmp_path, text)
    return [str(problem) for problem in caught.value.problems]


def test_the_sample_matrix() -> None:
    config = load_config(ROOT / "brochure.yaml")
    assert [entry.pattern for entry in config.contents] == [
        "content.yaml",
        "content.es.yaml",
        "content.he.yaml",
        "content.ar.yaml",
        "assets/leaflets/*.yaml",
    ]
    assert config.executor == "local"
    assert config.brands == ("assets/brand.yaml", "assets/brands/*.yaml")
    assert config.formats == ("pages",)
    assert config.profiles == ("screen",)
    assert config.paper == "a4"
    assert config.output == "out/{brand}/{content}-{profile}.pdf"
    assert config.folder == ROOT
    assert config.output_folder == ROOT / "out"


def test_defaults(tmp_path: Path) -> None:
    config = load(tmp_path, "contents: [content.yaml]\n")
    assert config.contents == (ContentEntry("content.yaml", None, ("contents", 0)),)
    assert config.brands == ()
    assert config.formats == ("pages",)
    assert config.profiles == ("screen",)
    assert config.paper == "a4"
    assert config.output == DEFAULT_OUTPUT
    assert config.timeout == DEFAULT_TIMEOUT
    assert config.fit == "each"
    assert config.confined_to == tmp_path.resolve()


def test_pinned_content_and_options(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "contents:\n"
        "  - leaflets/*.yaml\n"
        "  - file: promo.yaml\n"
        "    brand: own\n"
        "formats: [sheet, pages, sheet]\n"
        "profiles: [print, screen, print]\n"
        "paper: Letter\n"
        "fit: group\n"
        "output: pdf/{locale}/{format}/{brand}-{content}{suffix}.pdf\n"
        "timeout: 2.5s\n",
    )
    assert config.fit == "group"
    assert config.contents[1] == ContentEntry("promo.yaml", "own", ("contents", 1))
    assert config.contents[0].is_glob and not config.contents[1].is_glob
    assert config.formats == ("sheet", "pages")
    assert config.profiles == ("print", "screen")
    assert config.paper == "letter"
    assert config.timeout == 2.5
    assert config.output_folder == tmp_path.resolve() / "pdf"


def test_command_line_overrides(tmp_path: Path) -> None:
    text = "contents: [content.yaml]\nformats: [pages]\nprofiles: [screen]\npaper: a4\n"
    config = load(
        tmp_path, text, formats=("sheet", "sheet"), profiles=("screen", "print"), paper="LETTER"
    )
    assert config.formats == ("sheet",)
    assert config.profiles == ("screen", "print")
    assert config.paper == "letter"
    kept = load(tmp_path, text, formats=None, profiles=None)
    assert (kept.formats, kept.profiles) == (("pages",), ("screen",))
    with pytest.raises(BrochureError, match="unknown profile 'web'"):
        load(tmp_path, text, profiles=("web",))
    with pytest.raises(BrochureError, match=r"unknown format 'shet'; did you mean 'sheet'\?"):
        load(tmp_path, text, formats=("pages", "shet"))


def test_an_output_pattern_without_a_folder_keeps_the_manifest_beside_brochure_yaml(
    tmp_path: Path,
) -> None:
    config = load(tmp_path, "contents: [a.yaml]\noutput: '{brand}/{content}.pdf'\n")
    assert config.output_folder == tmp_path.resolve()


def test_every_problem_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = problems(
        tmp_path,
        "content:\n"  # 1
        "  - content.yaml\n"  # 2
        "brands: assets/brand.yaml\n"  # 3
        "profiles: [screen, web]\n"  # 4
        "paper: a3\n"  # 5
        "output: out/{brand}/{name}.html\n"  # 6
        "timeout: forever\n"  # 7
        "fit: groups\n",  # 8
        monkeypatch,
    )
    assert found == [
        "brochure.yaml:1:1: content: unknown field; did you mean 'contents'?",
        "brochure.yaml:1:1: contents: field required (a list of content files, such as "
        "content.yaml)",
        "brochure.yaml:3:9: brands: must be a list of '- ' items, not text",
        "brochure.yaml:4:20: profiles[1]: unknown profile 'web'; choose one of: screen, print",
        "brochure.yaml:5:8: paper: unknown paper size 'a3'; choose one of: a4, letter",
        "brochure.yaml:6:9: output: unknown placeholder {name}; use {content}, {brand}, "
        "{format}, {profile}, {suffix}, {locale}, {paper}",
        "brochure.yaml:6:9: output: must end with .pdf (got 'out/{brand}/{name}.html')",
        "brochure.yaml:7:10: timeout: must be a number of seconds above 0, at most 3600 "
        "(got 'forever')",
        "brochure.yaml:8:6: fit: unknown fit 'groups'; did you mean 'group'? choose one of: "
        "each, group",
    ]


def test_formats_are_checked_where_they_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = problems(
        tmp_path,
        "contents: [a.yaml]\n"  # 1
        "formats:\n"  # 2
        "  - [pages]\n"  # 3
        "  - sheet\n"  # 4
        "  - shet\n"  # 5
        "profiles: [screen, prnt]\n",  # 6
        monkeypatch,
    )
    assert found == [
        "brochure.yaml:3:5: formats[0]: must be a format name, not a list",
        f"brochure.yaml:5:5: formats[2]: {unknown_choice('format', 'shet', FORMATS)}",
        "brochure.yaml:6:20: profiles[1]: unknown profile 'prnt'; did you mean 'print'? "
        "choose one of: screen, print",
    ]
    assert "did you mean 'sheet'?" in found[1]


def test_the_placeholder_help_follows_the_formats_table() -> None:
    for row in FORMATS.values():
        assert row.name in PLACEHOLDERS["format"]
        assert f'"{row.suffix}" for {row.name}' in PLACEHOLDERS["suffix"]
    assert '"-print" for print' in PLACEHOLDERS["suffix"]


def test_content_entries_are_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = problems(
        tmp_path,
        "contents:\n"  # 1
        "  - file: a.yaml\n"  # 2
        "    brnd: own\n"  # 3
        "  - [nested]\n"  # 4
        "  -\n",  # 5
        monkeypatch,
    )
    assert found == [
        "brochure.yaml:2:5: contents[0].brand: needs brand: own or a brand file",
        "brochure.yaml:3:5: contents[0].brnd: unknown field; did you mean 'brand'?",
        "brochure.yaml:4:5: contents[1]: must be a file name, a glob or a mapping, not a list",
        "brochure.yaml:5:4: contents[2]: must be a file name, a glob or a mapping, not empty",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("contents: []\n", "contents: must be a list of '- ' content files, not an empty list"),
        ("contents: [a.yaml]\npaper:\n", "paper: is empty; give a value or remove the line"),
        ("contents: [a.yaml]\noutput: out/{content!r}.pdf\n", "output: write {content} without"),
        ("contents: [a.yaml]\noutput: 'out/{content.pdf'\n", "output: is not a valid pattern"),
        ("contents: [a.yaml]\nprofiles: []\n", "profiles: needs at least one profile"),
        ("contents: [a.yaml]\nformats: []\n", "formats: needs at least one format, such as pages"),
        ("contents: [a.yaml]\nformats: sheet\n", "formats: must be a list of '- ' items, not text"),
        ("contents: [a.yaml]\nformats:\n", "formats: must be a list of '- ' items, not empty"),
        ("contents: [a.yaml]\nformat: [sheet]\n", "format: unknown field; did you mean 'formats'?"),
        ("contents: [a.yaml]\ntimeout: '0'\n", "timeout: must be a number of seconds above 0"),
        ("contents: [a.yaml]\nfit:\n", "fit: is empty; give a value or remove the line"),
        ("contents: [a.yaml]\nfit: [group]\n", "fit: must be text, not a list"),
        ("contents: [a.yaml]\nfit: Group\n", "fit: unknown fit 'Group'; did you mean 'group'?"),
        ("contents: [a.yaml]\nfits: group\n", "fits: unknown field; did you mean 'fit'?"),
    ],
)
def test_bad_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    assert any(message in found for found in problems(tmp_path, text, monkeypatch))


def test_yaml_problems_use_the_content_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = problems(tmp_path, "contents:\n  - a.yaml\n\tbrands: []\n", monkeypatch)
    assert found[0].startswith("brochure.yaml:3:1: YAML syntax error")
    assert "(indent with spaces, not tabs)" in found[0]


def test_single_content_config(tmp_path: Path) -> None:
    content = tmp_path / "leaflets" / "botox.yaml"
    config = single_content_config(content, tmp_path)
    assert config.folder == tmp_path.resolve()
    assert config.output == "out/{content}{suffix}.pdf"
    assert config.contents[0].brand == "own"
    assert config.confined_to == content.resolve().parent


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="{}!:/.ab-_ ", max_size=30))
def test_any_output_pattern_is_accepted_or_explained(pattern: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brochure.yaml"
        path.write_text(f"contents: [a.yaml]\noutput: {pattern!r}\n".replace("'", '"'), "utf-8")
        try:
            config = load_config(path)
        except ContentError as exc:
            assert exc.problems
        else:
            assert config.output.lower().endswith(".pdf")


@pytest.mark.parametrize(
    "executor", ["local", "dask://10.0.0.5:8786", "dask://scheduler.clinic:8786", "dask://[::1]:1"]
)
def test_an_executor_is_local_or_a_dask_scheduler(tmp_path: Path, executor: str) -> None:
    config = load(tmp_path, f"contents: [content.yaml]\nexecutor: {executor!r}\n")
    assert config.executor == executor


@pytest.mark.parametrize("executor", ["dask", "tcp://10.0.0.5:8786", "dask://host", "remote"])
def test_an_unknown_executor_is_located(tmp_path: Path, executor: str) -> None:
    with pytest.raises(ContentError) as caught:
        load(tmp_path, f"contents: [content.yaml]\nexecutor: {executor}\n")
    assert "brochure.yaml:2:11: executor: must be local or dask://HOST:PORT" in str(caught.value)


def test_the_command_line_executor_replaces_the_file_s(tmp_path: Path) -> None:
    (tmp_path / "brochure.yaml").write_text("contents: [content.yaml]\n", "utf-8")
    config = load_config(tmp_path / "brochure.yaml", executor="dask://127.0.0.1:8786")
    assert config.executor == "dask://127.0.0.1:8786"
    with pytest.raises(BrochureError, match="--executor: must be local or dask://"):
        load_config(tmp_path / "brochure.yaml", executor="127.0.0.1:8786")
