"""Which content files the preview offers, and what it watches."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brochure.errors import ContentError
from brochure.pipeline import load
from brochure.preview.sources import (
    content_files,
    fingerprint,
    is_batch,
    leaflet_inputs,
    named_inputs,
)
from tests.helpers import ROOT


def test_a_content_file_comes_with_its_translations(project: Path) -> None:
    shutil.copy2(ROOT / "content.es.yaml", project / "content.es.yaml")
    (project / "content.fr.yaml").write_text("title: not a translation of it\n", "utf-8")
    (project / "other.es.yaml").write_text("translation_of: content.yaml\n", "utf-8")
    assert content_files(project / "content.yaml") == (
        (project / "content.yaml").resolve(),
        (project / "content.es.yaml").resolve(),
    )


def test_a_batch_lists_its_contents_globs_expanded(project: Path) -> None:
    leaflets = project / "assets" / "leaflets"
    batch = project / "brochure.yaml"
    batch.write_text("contents:\n  - content.yaml\n  - assets/leaflets/*.yaml\n", "utf-8")
    assert is_batch(batch) and not is_batch(project / "content.yaml")
    found = content_files(batch)
    assert found[0] == (project / "content.yaml").resolve()
    assert set(found[1:]) == {path.resolve() for path in leaflets.glob("*.yaml")}
    batch.write_text("contents: 3\n", "utf-8")
    with pytest.raises(ContentError):
        content_files(batch)


def test_the_inputs_are_the_brand_logo_and_fonts(project: Path) -> None:
    loaded = load(project / "content.yaml")
    inputs = leaflet_inputs(loaded.leaflet, loaded.located)
    assert (project / "assets" / "brand.yaml").resolve() in inputs
    assert (project / "assets" / "logo.svg").resolve() in inputs


def test_the_fingerprint_changes_on_save_delete_and_return(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_text("a", "utf-8")
    saved = fingerprint([path])
    path.write_text("ab", "utf-8")
    changed = fingerprint([path])
    path.unlink()
    gone = fingerprint([path])
    assert len({saved, changed, gone}) == 3
    assert gone == ((str(path), -1, -1),)


def test_an_invalid_contents_named_files_are_watched(project: Path) -> None:
    from brochure.content.source import read_source
    from brochure.content.validate import validate

    brand = project / "assets" / "brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace("name:", "nam:"), "utf-8")
    validation = validate(read_source(project / "content.yaml"))
    assert validation.leaflet is None
    named = named_inputs(validation.draft, project / "content.yaml", brand)
    assert (project / "assets" / "logo.svg").resolve() in named
