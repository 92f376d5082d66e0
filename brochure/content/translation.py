"""Translation checks (placeholder until the languages work lands: reports nothing)."""

from __future__ import annotations

from pathlib import Path

from brochure.errors import Finding


def check_translation(translation: Path, source: Path | None = None) -> list[Finding]:
    """Differences between a translation and its source that suggest a mistake."""
    return []
