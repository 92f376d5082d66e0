"""README documents every schema field, every icon and the two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from brochure.content.model import Benefit, Brand, Fact, Fonts, Leaflet, SafetyNote, Section
from brochure.layout.icons import ICON_NAMES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("model", [Leaflet, Section, Fact, Benefit, SafetyNote, Brand, Fonts])
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    missing = [name for name in model.model_fields if f"`{name}`" not in README]
    assert not missing, f"README does not mention {model.__name__} fields {missing}"


def test_every_field_has_a_docstring() -> None:
    for model in (Leaflet, Section, Fact, Benefit, SafetyNote, Brand, Fonts):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no docstring"


def test_every_icon_is_listed() -> None:
    listed = set(re.findall(r"`([a-z-]+)`", README.split("Icons:", 1)[1].split("\n\n", 1)[0]))
    assert listed == set(ICON_NAMES)


def test_the_two_set_up_commands() -> None:
    assert "pip install -e . && brochure build" in README
    assert "pip install -e '.[test]' && pytest" in README
    run = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest" in run
