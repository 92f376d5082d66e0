"""The warm rebuild loop: variants picked safely, builds published whole, rebuilds on change."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from brochure.preview.session import Session
from tests.helpers import ROOT
from tests.preview.conftest import TIMEOUT_S


@pytest.fixture
def session(project: Path) -> Iterator[Session]:
    shutil.copy2(ROOT / "content.es.yaml", project / "content.es.yaml")
    running = Session(project / "content.yaml", profile="print")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def test_choices_come_from_the_tables_and_the_files(session: Session) -> None:
    choices = session.choices
    assert choices.languages == ("content.yaml", "content.es.yaml")
    assert choices.profiles == ("screen", "print")
    assert {"pages", "sheet", "trifold", "booklet"} <= set(choices.formats)


def test_a_variant_only_ever_names_known_choices(session: Session) -> None:
    variant = session.variant("/etc/passwd", "evil", "a0", "scroll")
    assert variant.language == "content.yaml"
    assert (variant.profile, variant.paper, variant.format) == ("print", "a4", "pages")
    assert session.file_of("/etc/passwd") is None
    assert session.file_of("content.es.yaml") == session.target.parent / "content.es.yaml"


def test_wait_returns_a_build_then_a_newer_one_after_a_change(session: Session) -> None:
    variant = session.variant()
    first = session.wait(variant, 0, TIMEOUT_S)
    assert first is not None and first.ok
    assert session.image(first.pages_number, 0) is not None
    assert session.image(first.pages_number, 99) is None
    assert session.wait(variant, first.number, 0.0) is first  # nothing newer: no waiting
    session.changed()
    second = session.wait(variant, first.number, TIMEOUT_S)
    assert second is not None and second.number > first.number


def test_a_save_to_the_brand_rebuilds(session: Session) -> None:
    variant = session.variant()
    first = session.wait(variant, 0, TIMEOUT_S)
    assert first is not None
    brand = session.target.parent / "assets" / "brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace("name: ", "name: New "), "utf-8")
    second = session.wait(variant, first.number, TIMEOUT_S)
    assert second is not None and second.ok and second.pages_number > first.pages_number


def test_a_broken_logo_is_a_problem_and_its_fix_is_seen(project: Path) -> None:
    (project / "assets" / "logo.svg").write_bytes(b"\x00not an svg")
    running = Session(project / "content.yaml")
    running.start()
    try:
        build = running.wait(running.variant(), 0, TIMEOUT_S)
        assert build is not None and not build.ok and build.problems
        shutil.copy2(ROOT / "assets" / "logo.svg", project / "assets" / "logo.svg")
        again = running.wait(running.variant(), build.number, TIMEOUT_S)
        assert again is not None and again.ok
    finally:
        running.stop()
