"""What ``brochure lint`` found: located findings (with quoted sentences or spelling suggestions
where they help), the reading level of every text, grouped by file."""

from __future__ import annotations

from dataclasses import dataclass

from brochure.errors import Finding, Problem, SeverityCounts


@dataclass(frozen=True)
class Quote:
    """A hard sentence of an over-target text, quoted, with what makes it hard."""

    text: str
    """The sentence as a reader sees it."""
    line: int | None
    """Where it starts in the file (1-based), when known."""
    column: int | None
    """The column it starts at (1-based), when known."""
    grade: float
    """Its reading grade alone."""
    words: int
    """Its length in words."""
    long_words: tuple[str, ...]
    """Its longest words by syllables (three or more in English, four or more in Spanish)."""


@dataclass(frozen=True)
class LintFinding:
    """One finding, with the details that help to act on it."""

    finding: Finding
    """Where, how serious (error or warning), which rule, and what."""
    quotes: tuple[Quote, ...] = ()
    """Reading level: the hardest sentences of the text, hardest first."""
    suggestions: tuple[str, ...] = ()
    """Spelling: likely intended words, likeliest first."""

    @property
    def problem(self) -> Problem:
        """The finding's location and message."""
        return self.finding.problem

    @property
    def severity(self) -> str:
        """``error`` or ``warning``."""
        return self.finding.severity

    @property
    def rule(self) -> str:
        """The check that found it: ``reading-level``, ``spelling``, ``contrast``..."""
        return self.finding.rule


@dataclass(frozen=True)
class Reading:
    """The reading level of one text (or of the whole leaflet, with ``field`` empty)."""

    field: str
    """``intro``, ``sections[0].body``... or "" for the whole leaflet."""
    line: int | None
    """Where the text starts in the file (None for the whole leaflet)."""
    column: int | None
    """The column the text starts at."""
    grade: float
    """US school grade: Flesch-Kincaid for English, estimated from Fernández-Huerta for Spanish."""
    scores: tuple[tuple[str, float], ...]
    """Reading-ease scores by name (``flesch_reading_ease``; ``fernandez_huerta`` and
    ``szigriszt_pazos`` for Spanish): higher is easier, 0-100."""
    words: int
    """Words read (addresses are not)."""
    sentences: int
    """Sentences, each paragraph and bullet item at least one."""
    syllables: int
    """Syllables of all the words."""
    target: int
    """The highest acceptable grade."""

    @property
    def over_target(self) -> bool:
        """Whether the grade (as printed, to one decimal) is above the target."""
        return round(self.grade, 1) > self.target


@dataclass(frozen=True)
class FileReport(SeverityCounts):
    """Everything found in one content file."""

    file: str
    """The content file, as named in messages."""
    language: str
    """The language its text was read in (``en``, ``es``...)."""
    formula: str | None
    """``flesch-kincaid``, ``fernandez-huerta``, or None when the language has no formula."""
    target_grade: int
    """The highest acceptable reading grade it was judged by."""
    readings: tuple[Reading, ...]
    """Each running text in file order, then the whole leaflet."""
    findings: tuple[LintFinding, ...]
    """In file order: content errors, then reading level, spelling and design findings."""
    syllable_origins: tuple[tuple[str, int], ...] = ()
    """How many words had their syllables from each source (``dictionary``, ``compound``,
    ``rules``, ``hyphenation``)."""
    notes: tuple[str, ...] = ()
    """What could not be checked, and why."""


@dataclass(frozen=True)
class LintReport:
    """The findings of one ``brochure lint`` run, one entry per content file given."""

    files: tuple[FileReport, ...]

    @property
    def errors(self) -> int:
        """Errors in all files."""
        return sum(report.errors for report in self.files)

    @property
    def warnings(self) -> int:
        """Warnings in all files."""
        return sum(report.warnings for report in self.files)

    def failed(self, *, strict: bool) -> bool:
        """Whether the run fails: any error, or with ``strict`` any warning too."""
        return self.errors > 0 or (strict and self.warnings > 0)
