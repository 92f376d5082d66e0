"""A content file validated in a brand chosen by the batch, and the files the result depends on.

A batch crosses content files with brand files named in brochure.yaml, so the brand file is
given, and files are confined to the project's folder (brochure.yaml's) rather than the
content's: a leaflet in ``assets/leaflets/`` may use the shared ``assets/brand.yaml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from brochure.content.model import Leaflet
from brochure.content.validate import load_leaflet


def load_batch_leaflet(content: Path, brand: Path | None, root: Path) -> Leaflet:
    """Read and validate ``content`` in the brand file ``brand`` (None: the brand the content
    names itself), reading no file outside ``root``; raise ContentError with every problem."""
    return load_leaflet(content, brand=brand, root=root)


def asset_files(leaflet: Leaflet) -> tuple[Path, ...]:
    """Every file the validated leaflet names (logo, fonts, section images...), once each: the
    dependencies only validation can find. Any path field a later schema adds is found too."""
    found: dict[Path, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, Path):
            found.setdefault(value, None)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(leaflet)
    return tuple(found)
