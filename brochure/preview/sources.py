"""Which files the preview shows and watches.

The languages of the preview are content files: a brochure.yaml's ``contents:`` (globs
expanded), else the given content file and each ``<name>.*.yaml`` beside it whose
``translation_of`` names it. The inputs to watch are those files, brochure.yaml, and whatever
the last build of each read: the brand file, the logo, the fonts, the pictures.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brochure.batch.config import CONFIG_NAME, load_config
from brochure.content.model import Leaflet
from brochure.content.source import read_source
from brochure.content.validate import Located
from brochure.errors import ContentError

Fingerprint = tuple[tuple[str, int, int], ...]
"""Each watched file with its modification time (ns) and size; -1, -1 when it is missing."""


def is_batch(target: Path) -> bool:
    """Whether ``target`` is a batch file (brochure.yaml) rather than a content file."""
    return target.name == CONFIG_NAME


def content_files(target: Path) -> tuple[Path, ...]:
    """The content files to preview, absolute, in order; the first is the default. Raise
    :class:`~brochure.errors.ContentError` when brochure.yaml is invalid."""
    if is_batch(target):
        config = load_config(target)
        found: list[Path] = []
        for entry in config.contents:
            if entry.is_glob:
                names = sorted(glob.glob(entry.pattern, root_dir=config.folder, recursive=True))
            else:
                names = [entry.pattern]
            found += [(config.folder / name).resolve() for name in names]
        return tuple(dict.fromkeys(found))
    content = target.resolve()
    return (content, *translations_of(content))


def translations_of(content: Path) -> tuple[Path, ...]:
    """The ``<name>.*.yaml`` files beside ``content`` whose ``translation_of`` names it."""
    found = []
    for sibling in sorted(content.parent.glob(glob.escape(content.stem) + ".*.yaml")):
        try:
            named = read_source(sibling).data.get("translation_of")
        except ContentError:
            continue
        if isinstance(named, str) and (sibling.parent / named).resolve() == content:
            found.append(sibling)
    return tuple(found)


def leaflet_inputs(leaflet: Leaflet, located: Located) -> tuple[Path, ...]:
    """The files a leaflet was made of besides its content file: brand file, logo, fonts,
    pictures."""
    found: list[Path] = []
    if located.brand is not None:
        found.append(located.brand.path)
    brand = leaflet.brand
    if brand.logo is not None:
        found.append(brand.logo)
    if brand.fonts is not None:
        fonts = brand.fonts
        found += [fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic]
    found += [path for own in brand.script_fonts for path in (own.regular, own.bold)]
    found += [section.image.path for section in leaflet.sections if section.image is not None]
    return tuple(path.resolve() for path in found)


def named_inputs(draft: dict[str, Any], content: Path, brand: Path | None) -> tuple[Path, ...]:
    """The files a content file that failed validation names (logo, fonts, pictures), so that
    a fix to one of them is seen: ``draft`` is the data as read, with the brand file's data in
    ``brand``; ``brand`` is the brand file, when there is one."""
    found: list[Path] = []
    brand_data = draft.get("brand")
    if isinstance(brand_data, dict):
        base = (brand or content).parent
        fonts = brand_data.get("fonts")
        names = [brand_data.get("logo"), *(fonts.values() if isinstance(fonts, dict) else ())]
        scripts = brand_data.get("script_fonts")
        for own in scripts if isinstance(scripts, list) else ():
            names += own.values() if isinstance(own, dict) else ()
        found += [base / name for name in names if isinstance(name, str)]
    sections = draft.get("sections")
    for section in sections if isinstance(sections, list) else ():
        image = section.get("image") if isinstance(section, dict) else None
        name = image.get("path") if isinstance(image, dict) else None
        if isinstance(name, str):
            found.append(content.parent / name)
    return tuple(path.resolve() for path in found)


def fingerprint(paths: Iterable[Path]) -> Fingerprint:
    """What changes when any of ``paths`` is saved, deleted or created again."""
    marks = []
    for path in sorted(set(paths)):
        try:
            stat = os.stat(path)
            marks.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            marks.append((str(path), -1, -1))
    return tuple(marks)
