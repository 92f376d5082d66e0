"""``brochure init``: a new clinic's project that builds at once.

The project is a commented ``content.yaml`` whose texts are placeholders that say what to write
(:mod:`brochure.content.placeholders`), a brand file with the clinic's name, placeholder colours,
contact details and logo, a ``brochure.yaml`` and a ``.gitignore``
for ``out/``; or, with ``from_sample``, a copy of brochure's sample leaflet. Nothing that exists
is ever overwritten: :func:`write_project` refuses, naming every file in the way, and writes
nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from brochure.errors import BrochureError
from brochure.output import write_atomic

DATA = files("brochure") / "data"


@dataclass(frozen=True)
class ProjectFile:
    """One file of a new project."""

    path: Path
    """Where it goes, relative to the project's folder."""
    data: bytes
    """Its bytes."""


class ProjectExists(BrochureError):
    """Files of the new project are already there: nothing was written."""


TRANSLATIONS = ("content.es.yaml", "content.he.yaml", "content.ar.yaml")
"""The sample's translated editions (Spanish; Hebrew and Arabic, right to left)."""


def plan_project(clinic: str, *, from_sample: bool = False) -> list[ProjectFile]:
    """The files of a new project for ``clinic`` (its name, as it should print)."""
    name = clinic.strip() or "Your Clinic"
    if from_sample:
        project = _sample_files()
        if clinic.strip():
            project = [_renamed(f, name) if f.path.name == "brand.yaml" else f for f in project]
        contents = ["content.yaml", *TRANSLATIONS]
    else:
        starter = DATA / "starter"
        brand = (starter / "brand.yaml").read_text("utf-8")
        brand = brand.replace("{clinic_alt}", _yaml_text(f"{name} logo"))
        brand = brand.replace("{clinic}", _yaml_text(name))
        project = [
            ProjectFile(Path("content.yaml"), (starter / "content.yaml").read_bytes()),
            ProjectFile(Path("assets/brand.yaml"), brand.encode()),
            ProjectFile(Path("assets/logo.svg"), PLACEHOLDER_LOGO.encode()),
        ]
        contents = ["content.yaml"]
    batch = (DATA / "starter" / "brochure.yaml").read_text("utf-8")
    batch = batch.replace("  - content.yaml\n", "".join(f"  - {c}\n" for c in contents))
    project.append(ProjectFile(Path("brochure.yaml"), batch.encode()))
    project.append(ProjectFile(Path(".gitignore"), (DATA / "starter" / "gitignore").read_bytes()))
    return project


def write_project(folder: Path, project: list[ProjectFile]) -> list[Path]:
    """Write ``project`` into ``folder`` (made if missing), each file atomically; return the
    paths written. Raises :class:`ProjectExists`, writing nothing, when any file is there."""
    taken = [folder / f.path for f in project if (folder / f.path).exists()]
    if taken:
        listed = ", ".join(str(path) for path in taken)
        raise ProjectExists(f"not overwriting what is there: {listed}; choose an empty folder")
    written = []
    for item in project:
        target = folder / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, item.data)
        written.append(target)
    return written


PLACEHOLDER_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">\n'
    '  <circle cx="60" cy="60" r="53" fill="none" stroke="#FFFFFF" stroke-width="6"/>\n'
    '  <path d="M60 22 C64 48 72 56 98 60 C72 64 64 72 60 98'
    ' C56 72 48 64 22 60 C48 56 56 48 60 22 Z" fill="#FFFFFF"/>\n'
    "</svg>\n"
)
"""A new brand's logo until the clinic's own replaces it: a white star in a ring, drawn in
paths (a logo with live text is refused: it would print in whatever font the printer has)."""


def _yaml_text(text: str) -> str:
    """``text`` as a YAML scalar that reads back exactly (a JSON string is one): quotes,
    colons, # and & stay text."""
    return json.dumps(text, ensure_ascii=False)


def _sample_files() -> list[ProjectFile]:
    """brochure's sample leaflet, as shipped with the package."""
    sample = DATA / "sample"
    found = []
    for relative in (
        "content.yaml",
        *TRANSLATIONS,
        "assets/brand.yaml",
        "assets/logo.svg",
        *(f"assets/fonts/{font.name}" for font in (sample / "assets" / "fonts").iterdir()),
    ):
        found.append(ProjectFile(Path(relative), (sample / relative).read_bytes()))
    return sorted(found, key=lambda f: str(f.path))


def _renamed(brand: ProjectFile, clinic: str) -> ProjectFile:
    """The sample's brand file with ``clinic`` as its name."""
    lines = brand.data.decode().splitlines(keepends=True)
    renamed = [f"name: {_yaml_text(clinic)}\n" if ln.startswith("name:") else ln for ln in lines]
    return ProjectFile(brand.path, "".join(renamed).encode())
