"""README is a short front page that works; the reference moved to the MkDocs site in ``docs/``.

README: the two set-up commands, a quick-start leaflet that validates and builds, the command
list (every CLI command, no other), links to docs pages that exist, the snapshot instructions.
Docs: the field tables are generated from the schema by ``docs/hooks/schema_tables.py``, so the
test checks that the pages ask for them and that the generated rows cover every field; the hand
lists (icons, messages) are checked against the code.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, UnionType
from typing import Any, Union, cast, get_args, get_origin, get_type_hints

import pytest
import yaml
from click.testing import CliRunner

import brochure
from brochure.cli import main
from brochure.content.icons import ICON_NAMES
from brochure.content.model import (
    Benefit,
    Brand,
    Fact,
    Fonts,
    Image,
    Leaflet,
    LintSettings,
    SafetyNote,
    Section,
    json_schema,
)
from brochure.content.schema import Model
from brochure.messages import message_keys
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
MAX_README_LINES = 250

BUILD_COMMAND = "pip install -e . && brochure build content.yaml"
TEST_COMMAND = "pip install -e '.[test]' && pytest"
SNAPSHOT_COMMAND = "BROCHURE_UPDATE_SNAPSHOTS=1 pytest tests/pdf/test_snapshots.py"

TABLES: dict[str, tuple[type[Model], frozenset[type[Model]]]] = {
    "content.md": (Leaflet, frozenset({Brand})),
    "brand.md": (Brand, frozenset()),
}
"""The docs pages with a generated field table: (the model whose fields, nested models included,
each need a row there, the nested models documented on a page of their own)."""


# --- helpers ---------------------------------------------------------------------------------


def load_hook() -> ModuleType:
    """The MkDocs hook, loaded from its file (docs/ is not a package)."""
    path = DOCS / "hooks" / "schema_tables.py"
    spec = importlib.util.spec_from_file_location("docs_hooks_schema_tables", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


HOOK = load_hook()


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The part of ``text`` under the ``## `` heading that starts with ``heading``, up to the
    next ``## `` heading."""
    match = re.search(rf"^{re.escape(heading)}.*$", text, re.MULTILINE)
    assert match, f"no heading starting {heading!r}"
    rest = text[match.end() :]
    end = re.search(r"^## ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def fenced(text: str, info: str) -> list[str]:
    """The bodies of the fenced code blocks of ``text`` whose info string is ``info``."""
    return re.findall(rf"^```{re.escape(info)}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def generated_paths(markdown: str) -> list[str]:
    """The field paths of the tables the hook makes for ``markdown``'s placeholders."""
    schema = json_schema()
    paths: list[str] = []
    for match in HOOK.PLACEHOLDER.finditer(markdown):
        without = frozenset(w.strip() for w in (match["without"] or "").split(",") if w.strip())
        rows = cast(list[Any], HOOK.rows(schema, match["name"], without))
        paths.extend(str(row.path) for row in rows)
    return paths


def nested_models(annotation: Any) -> Iterator[tuple[type[Model], bool]]:
    """The models a field's annotation holds: (model, whether it holds a list of them)."""
    if isinstance(annotation, type) and issubclass(annotation, Model):
        yield annotation, False
        return
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (tuple, list):
        for arg in args:
            yield from ((model, True) for model, _ in nested_models(arg))
    elif origin in (Union, UnionType):
        for arg in args:
            yield from nested_models(arg)


def field_paths(
    model: type[Model], without: frozenset[type[Model]] = frozenset(), prefix: str = ""
) -> list[str]:
    """Every field of ``model`` as the docs write its path (``sections[].fact.value``), walked
    from the models' type annotations, independently of the hook's walk of the JSON Schema."""
    paths: list[str] = []
    hints = get_type_hints(model)
    for name in model.model_fields:
        paths.append(prefix + name)
        for inner, many in nested_models(hints[name]):
            if inner not in without:
                child = f"{prefix}{name}[]." if many else f"{prefix}{name}."
                paths.extend(field_paths(inner, without, child))
    return paths


def all_models(model: type[Model] = Leaflet) -> set[type[Model]]:
    """``model`` and every model nested in it."""
    found = {model}
    hints = get_type_hints(model)
    for name in model.model_fields:
        for inner, _ in nested_models(hints[name]):
            found |= all_models(inner)
    return found


def undocumented(name: str, text: str | None = None) -> list[str]:
    """The fields that page ``name`` (or ``text`` in its place) has no generated row for."""
    model, without = TABLES[name]
    rows = set(generated_paths(page(name) if text is None else text))
    return [path for path in field_paths(model, without) if path not in rows]


def outside_fences(text: str) -> list[str]:
    """The lines of ``text`` that are not inside a fenced code block."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            inside = not inside
            continue
        if not inside:
            lines.append(line)
    return lines


def docs_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "hooks" not in p.parts)


# --- README: a front page --------------------------------------------------------------------


def test_readme_is_a_front_page() -> None:
    lines = README.splitlines()
    assert len(lines) <= MAX_README_LINES, f"README has {len(lines)} lines"
    first = README.split("\n\n")[1]
    assert "patient leaflet" in first and "PDF" in first, "the first paragraph says what it makes"


def test_the_two_set_up_commands() -> None:
    block = "\n".join(fenced(section(README, "## Set up"), "sh"))
    assert BUILD_COMMAND in block
    assert TEST_COMMAND in block
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in run
    assert BUILD_COMMAND in run


def test_the_quick_start_is_the_smallest_leaflet() -> None:
    """README calls it "the smallest leaflet brochure accepts": exactly the required fields, and
    in the brand exactly the brand's required fields."""
    (text,) = fenced(section(README, "## Quick start"), "yaml")
    data = yaml.safe_load(text)
    schema = json_schema()
    assert set(data) == set(schema["required"])
    assert set(data["brand"]) == set(schema["$defs"]["Brand"]["required"])


def test_the_quick_start_leaflet_validates_and_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Write README's quick-start content.yaml into an empty folder, then run the commands the
    quick start shows there, in order: each succeeds, and the build writes out/content.pdf."""
    quick = section(README, "## Quick start")
    (text,) = fenced(quick, "yaml")
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    leaflet = brochure.load_leaflet(tmp_path / "content.yaml")
    assert leaflet.brand.name

    commands = [
        line.split("#", 1)[0].split()
        for block in fenced(quick, "sh")
        for line in block.splitlines()
        if line.startswith("brochure ")
    ]
    assert [c[:2] for c in commands] == [
        ["brochure", "check"],
        ["brochure", "build"],
        ["brochure", "lint"],
    ]
    monkeypatch.chdir(tmp_path)
    for command in commands:
        result = CliRunner().invoke(main, command[1:], prog_name="brochure")
        assert result.exit_code == 0, f"{' '.join(command)}:\n{result.output}"
    pdf = tmp_path / "out" / "content.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_the_command_list_is_every_command() -> None:
    listed = set(re.findall(r"^- `brochure (\w+)", section(README, "## Commands"), re.MULTILINE))
    assert listed == set(main.commands)


def test_every_docs_link_of_readme_exists() -> None:
    targets = re.findall(r"\]\((docs/[^)#\s]+)", README)
    assert targets, "README links to no docs page"
    missing = sorted({t for t in targets if not (ROOT / t).is_file()})
    assert not missing, f"README links to missing files {missing}"
    linked = {ROOT / t for t in targets}
    unlinked = [str(p.relative_to(ROOT)) for p in docs_pages() if p not in linked]
    assert not unlinked, f"README's Documentation list does not link {unlinked}"


def test_readme_keeps_no_reference_tables() -> None:
    """The reference moved to docs/: README has no field table of its own to drift."""
    assert "| field |" not in README
    assert "docs/content.md" in README and "docs/brand.md" in README


def test_the_snapshot_instructions_match_the_test() -> None:
    snapshots = (ROOT / "tests" / "pdf" / "test_snapshots.py").read_text(encoding="utf-8")
    assert SNAPSHOT_COMMAND in snapshots
    assert '"_failures"' in snapshots
    for text in (section(README, "## Development"), page("development.md")):
        assert SNAPSHOT_COMMAND in text
        assert "tests/pdf/_failures/" in text
        assert "diff images first" in text


def test_the_ruff_commands_are_the_ones_ci_runs() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    block = "\n".join(fenced(section(README, "## Development"), "sh"))
    ruff = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.startswith("ruff")]
    assert len(ruff) == 2
    for command in ruff:
        assert command in run


@pytest.mark.parametrize(
    "path", [ROOT / "README.md", *docs_pages()], ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_command_is_in_a_fence(path: Path) -> None:
    """A command shown on a line of its own sits in a fenced block (not loose text, and not an
    indented block that renders differently on GitHub and in MkDocs)."""
    command = re.compile(r"^\s*(\$ )?(brochure (build|check|lint|preflight|watch|schema)\b|pip )")
    loose = [line for line in outside_fences(path.read_text("utf-8")) if command.match(line)]
    assert not loose, f"commands outside a fenced block: {loose}"


# --- docs: the field tables are generated ----------------------------------------------------


def test_the_pages_ask_for_the_field_tables() -> None:
    assert "<!-- fields: Leaflet without Brand -->" in page("content.md")
    assert "<!-- fields: Brand -->" in page("brand.md")


@pytest.mark.parametrize("name", list(TABLES))
def test_every_field_has_a_row(name: str) -> None:
    missing = undocumented(name)
    assert not missing, f"{name}'s generated field table has no row for {missing}"


@pytest.mark.parametrize("name", list(TABLES))
def test_every_row_is_a_field(name: str) -> None:
    model, without = TABLES[name]
    paths = generated_paths(page(name))
    assert len(paths) == len(set(paths)), f"{name}: a field has two rows"
    unknown = set(paths) - set(field_paths(model, without))
    assert not unknown, f"{name}: rows for unknown fields {unknown}"


@pytest.mark.parametrize("name", list(TABLES))
def test_a_removed_placeholder_is_noticed(name: str) -> None:
    """The check reads the generated tables: without its placeholder, a page's fields are
    reported, whatever else the page still says about them."""
    model, without = TABLES[name]
    text = HOOK.PLACEHOLDER.sub("", page(name))
    assert undocumented(name, text) == field_paths(model, without)


def test_the_hook_writes_markdown_tables() -> None:
    out = cast(str, HOOK.expand(page("content.md")))
    assert "<!-- fields:" not in out
    assert "| field | type | required | what it is |" in out
    assert re.search(r"^\| `sections\[\]\.heading` \| text \| yes \| .+ \|$", out, re.MULTILINE)
    assert re.search(r"^\| `lint\.target_grade` \| whole number \| no \(default 8\) \|", out, re.M)
    assert "`brand.name`" not in out, "the brand has its own page"


def test_the_hook_refuses_an_unknown_name() -> None:
    with pytest.raises(HOOK.FieldTableError, match="no 'Leaflett'"):
        HOOK.expand("<!-- fields: Leaflett -->")
    with pytest.raises(HOOK.FieldTableError, match="Brandt"):
        HOOK.expand("<!-- fields: Leaflet without Brandt -->")


def test_every_field_has_a_docstring() -> None:
    models = all_models()
    assert {Section, Fact, Image, Benefit, SafetyNote, LintSettings, Brand, Fonts} <= models
    for model in models:
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no docstring"


# --- docs: hand lists checked against the code -----------------------------------------------


def test_every_icon_is_listed() -> None:
    text = page("content.md")
    listed = set(re.findall(r"`([a-z-]+)`", text.split("Icons:", 1)[1].split("\n\n", 1)[0]))
    assert listed == set(ICON_NAMES)


def test_every_message_is_listed() -> None:
    table = section(page("languages.md"), "## Your own wording")
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    listed = {name for cell in rows for name in re.findall(r"`(\w+)`", cell)}
    assert listed == set(message_keys())
