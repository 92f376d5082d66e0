"""Layers point one way: content <- layout <- pdf <- pipeline <- (lint, batch, preflight) <- cli.

Every import in brochure/ is read with ``ast``, at module level or inside a function, under
``TYPE_CHECKING`` or not: a lazy import is still a dependency. Shared leaves (errors, messages,
output, colour, version) may be imported by anyone and import no layer themselves.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "brochure"

LEAVES = ("errors", "messages", "output", "colour", "version", "cache")
"""Shared leaves: anyone may import them; they import only each other."""

RANKS: dict[str, int] = {
    **dict.fromkeys(LEAVES, 0),
    "content": 1,
    "layout": 2,
    "pdf": 3,
    "pipeline": 4,
    "lint": 5,
    "batch": 5,
    "preflight": 5,
    "starter": 5,
    "preview": 6,
    "cli": 7,
    "__main__": 8,
    "__init__": 8,
}
"""A layer may import its own modules and any layer of a lower rank, never a higher or an equal
one (lint and batch do not know each other)."""


def layer_of(module: str) -> str:
    """The layer of a dotted module name inside brochure (``brochure.layout.story`` -> layout)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    return ".".join(relative.parts)


def imported_modules(path: Path) -> set[str]:
    """Every brochure module ``path`` imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "brochure":
                # `from brochure import errors` names a module; `from brochure import x` an
                # attribute of the package root.
                found.update(
                    f"brochure.{alias.name}"
                    if (PACKAGE / f"{alias.name}.py").exists() or (PACKAGE / alias.name).is_dir()
                    else "brochure"
                    for alias in node.names
                )
            else:
                found.add(node.module)
    return {name for name in found if name == "brochure" or name.startswith("brochure.")}


def edges() -> list[tuple[str, str]]:
    return sorted(
        (module_name(path), target)
        for path in PACKAGE.rglob("*.py")
        for target in imported_modules(path)
    )


def against_the_direction(source: str, target: str) -> bool:
    here, there = layer_of(source), layer_of(target)
    if here == there or (here in LEAVES and there in LEAVES):
        return False
    return RANKS[there] >= RANKS[here]


def test_every_module_belongs_to_a_known_layer() -> None:
    unknown = sorted({layer_of(module_name(p)) for p in PACKAGE.rglob("*.py")} - set(RANKS))
    assert not unknown, f"add these to RANKS in {__file__}: {unknown}"


def test_imports_point_down_the_layers() -> None:
    wrong = [
        f"{source} imports {target}"
        for source, target in edges()
        if against_the_direction(source, target)
    ]
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_the_walk_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from brochure.pdf.render import RenderOptions\n"
        "def f():\n    import brochure.layout.story\n"
        "    from brochure import errors, __version__\n",
        "utf-8",
    )
    assert imported_modules(sample) == {
        "brochure.pdf.render",
        "brochure.layout.story",
        "brochure.errors",
        "brochure",
    }


@pytest.mark.parametrize(
    ("source", "target", "wrong"),
    [
        ("brochure.content.model", "brochure.layout.markup", True),
        ("brochure.layout.story", "brochure.pdf.tagging", True),
        ("brochure.pdf.finish", "brochure.layout.inks", False),
        ("brochure.lint.fields", "brochure.batch.config", True),
        ("brochure.colour", "brochure.content.model", True),
        ("brochure.layout.story", "brochure.layout.theme", False),
        ("brochure.pdf.render", "brochure", True),
        ("brochure.cli", "brochure.errors", False),
        ("brochure.messages", "brochure.errors", False),
        ("brochure.errors", "brochure.pipeline", True),
    ],
)
def test_the_rule(source: str, target: str, wrong: bool) -> None:
    assert against_the_direction(source, target) is wrong
