"""The files a validated leaflet depends on, beyond its content and brand files: what a batch
hashes to know when a leaflet must be rebuilt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brochure.content.model import Leaflet
from brochure.content.schema import Model


def asset_files(leaflet: Leaflet) -> tuple[Path, ...]:
    """Every file the validated leaflet names (logo, fonts, section images...), once each: the
    dependencies only validation can find. Any path field a later schema adds is found too."""
    found: dict[Path, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, Path):
            found.setdefault(value, None)
        elif isinstance(value, Model):
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
