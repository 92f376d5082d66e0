"""Reading level: words, sentences and syllables of each running text, turned into a grade.

English uses Flesch-Kincaid (grade) and Flesch reading ease::

    grade = 0.39 * words / sentences + 11.8 * syllables / words - 15.59
    ease  = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words

Spanish uses Fernández-Huerta (as corrected by Law) and Szigriszt-Pazos, the INFLESZ scale::

    fernandez_huerta = 206.84 - 60 * syllables / words - 1.02 * words / sentences
    szigriszt_pazos  = 206.835 - 62.3 * syllables / words - words / sentences

and a grade estimated from Fernández-Huerta's own table (score 90 = 4th grade, 80 = 5th,
70 = 6th, 60 = 8th, 50 = 12th, 30 = 16th; in between by straight lines).

A sentence ends at ``.``, ``!``, ``?``, ``…`` or the Arabic ``؟`` before a capital letter, a
digit or a letter of a script without capitals (not after an abbreviation such as "e.g." or
"Dr."), and at the end of every paragraph and bullet item. A word is a run of letters or digits
and their marks, apostrophes, hyphens and the Hebrew geresh and gershayim inside it included
("self-assured" is one word of three syllables); a number counts one syllable per group of
digits. Web and e-mail addresses are not read.

Only languages with an established formula are measured: English and Spanish. No formula is
applied to Hebrew or Arabic, nor to their words in a leaflet in another language (they are left
out of its counts, and the report says how many).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from brochure.errors import Finding, Problem
from brochure.lint.fields import (
    RTL_SCRIPT,
    WORD_JOINERS,
    WORD_MARKS,
    Placer,
    TextField,
    mask_addresses,
    occurrences_before,
)
from brochure.lint.report import LintFinding, Quote, Reading
from brochure.lint.syllables import Origin, count_syllables

FORMULAS = {"en": "flesch-kincaid", "es": "fernandez-huerta"}
"""The grade formula of each language that has one."""
QUOTED = 3
"""How many of an over-target text's hardest sentences are quoted."""
LONG_WORD = {"en": 3, "es": 4}
"""Syllables from which a word counts as long, when saying what makes a sentence hard."""
LONG_SENTENCE = 20
"""Words from which a sentence counts as long (plain-language guides say 15 to 20)."""

_LETTERS = rf"(?:[^\W_][{WORD_MARKS}]*)+"
_WORD = re.compile(rf"{_LETTERS}(?:[{WORD_JOINERS}\u2010-]{_LETTERS})*")
_END = re.compile(r"[.!?\u2026\u061f\u06d4]+[\"'\u201d\u2019\u00bb\u05f3\u05f4)\]]*\s+")
_OPENERS = "\"'\u201c\u2018(\u00bf\u00a1\u05f4"
_BEFORE_END = re.compile(r"(\w+(?:\.\w+)*)\W*$")
ABBREVIATIONS = frozenset(
    {
        *("e.g", "i.e", "dr", "mr", "mrs", "ms", "prof", "st", "vs", "approx", "fig", "no"),
        *("a.m", "p.m", "sr", "sra", "srta", "dra", "ej", "p.ej", "aprox", "núm", "ud", "uds"),
    }
)
"""Words after which a full stop does not end the sentence (lower case, without the last dot)."""

_FH_GRADES: tuple[tuple[float, float], ...] = (
    (100.0, 3.0), (90.0, 4.0), (80.0, 5.0), (70.0, 6.0), (60.0, 8.0), (50.0, 12.0), (30.0, 16.0),
    (0.0, 18.0),
)  # fmt: skip
"""Fernández-Huerta score -> school grade, from the table published with the formula."""


@dataclass(frozen=True)
class Counts:
    """Words, sentences and syllables of a stretch of text."""

    words: int = 0
    """How many words."""
    sentences: int = 0
    """How many sentences."""
    syllables: int = 0
    """How many syllables, all words together."""

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.words + other.words,
            self.sentences + other.sentences,
            self.syllables + other.syllables,
        )


@dataclass(frozen=True)
class Word:
    """A word of a sentence and its syllables."""

    text: str
    """The word as written ("self-assured", "3-4")."""
    offset: int
    """Where it starts in the text's plain form."""
    syllables: int
    """Its syllables."""
    origins: tuple[Origin, ...]
    """Where each part's count comes from (none for a number)."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text, as a reader sees it."""

    text: str
    """The sentence as a reader sees it."""
    offset: int
    """Where it starts in the text's plain form."""
    words: tuple[Word, ...]
    """Its words, in order."""

    @property
    def counts(self) -> Counts:
        """Its words, one sentence, and its syllables."""
        return Counts(len(self.words), 1, sum(word.syllables for word in self.words))


def split_sentences(block: str) -> list[tuple[int, str]]:
    """Sentences of one paragraph or bullet item, each with its offset in ``block``."""
    found: list[tuple[int, str]] = []
    start = 0
    for match in _END.finditer(block):
        following = block[match.end() :].lstrip(_OPENERS)[:1]
        # A letter of a script without case (Hebrew, Arabic) may start a sentence too.
        if not (following.isupper() or following.isdigit() or _caseless(following)):
            continue
        if match.group().startswith(".") and match.group().rstrip()[-1:] == ".":
            before = _BEFORE_END.search(block[start : match.start()])
            word = before.group(1).lower() if before else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        _add_sentence(found, block, start, match.end())
        start = match.end()
    _add_sentence(found, block, start, len(block))
    return found


def _caseless(char: str) -> bool:
    return char.isalpha() and not char.islower() and not char.isupper()


def _add_sentence(found: list[tuple[int, str]], block: str, start: int, end: int) -> None:
    text = block[start:end]
    if text.strip():
        found.append((start + len(text) - len(text.lstrip()), text.strip()))


def _word(text: str, offset: int, language: str) -> Word:
    parts = re.split(r"[\u2010-]", text)
    if any(char.isdigit() for char in text):
        count = sum(1 for part in re.split(r"\D+", text) if part)
        return Word(text, offset, max(1, count), ())
    counted = [count_syllables(part, language) for part in parts if part]
    return Word(text, offset, sum(c.syllables for c in counted), tuple(c.origin for c in counted))


def sentences(text: TextField, language: str) -> list[Sentence]:
    """The sentences of a text, with their words and syllables; words in the Hebrew or Arabic
    script left out (:func:`unmeasured_words`)."""
    found: list[Sentence] = []
    offset = 0
    for block in text.blocks():
        visible = mask_addresses(block)
        for start, sentence in split_sentences(visible):
            begin = offset + start
            words = tuple(
                _word(match.group(), begin + match.start(), language)
                for match in _WORD.finditer(sentence)
                if not RTL_SCRIPT.search(match.group())  # no formula here is made for them
            )
            if words:
                shown = block[start : start + len(sentence)]
                found.append(Sentence(shown, begin, words))
        offset += len(block) + 2  # blocks are joined by a blank line in TextField.plain
    return found


def unmeasured_words(text: TextField) -> int:
    """How many words of ``text`` are in the Hebrew or Arabic script: the English and Spanish
    formulas are made for neither, so such words (in a leaflet in English, say) are not
    counted in its reading level."""
    return sum(
        1
        for block in text.blocks()
        for match in _WORD.finditer(mask_addresses(block))
        if RTL_SCRIPT.search(match.group())
    )


def grade(counts: Counts, language: str) -> float:
    """The reading grade of ``counts`` in ``language`` (0 or more)."""
    if not counts.words or not counts.sentences:
        return 0.0
    if language == "es":
        return _grade_from_fernandez_huerta(_scores(counts, language)[0][1])
    words_per_sentence = counts.words / counts.sentences
    syllables_per_word = counts.syllables / counts.words
    return max(0.0, 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59)


def _scores(counts: Counts, language: str) -> tuple[tuple[str, float], ...]:
    words_per_sentence = counts.words / counts.sentences
    syllables_per_word = counts.syllables / counts.words
    if language == "es":
        return (
            ("fernandez_huerta", 206.84 - 60 * syllables_per_word - 1.02 * words_per_sentence),
            ("szigriszt_pazos", 206.835 - 62.3 * syllables_per_word - words_per_sentence),
        )
    return (("flesch_reading_ease", 206.835 - 1.015 * words_per_sentence
             - 84.6 * syllables_per_word),)  # fmt: skip


def scores(counts: Counts, language: str) -> tuple[tuple[str, float], ...]:
    """Reading-ease scores of ``counts``, rounded to one decimal (higher is easier)."""
    if not counts.words or not counts.sentences:
        return ()
    return tuple((name, round(value, 1)) for name, value in _scores(counts, language))


def _grade_from_fernandez_huerta(score: float) -> float:
    for (high, high_grade), (low, low_grade) in itertools.pairwise(_FH_GRADES):
        if score >= low:
            share = (min(score, high) - low) / (high - low)
            return low_grade + (high_grade - low_grade) * share
    return _FH_GRADES[-1][1]


_INFLESZ_BANDS = ((80.0, "very easy"), (65.0, "fairly easy"), (55.0, "normal"),
                  (40.0, "somewhat difficult"))  # fmt: skip
"""The INFLESZ scale of Szigriszt-Pazos scores (Barrio-Cantalejo, 2008): above each bound."""
_FLESCH_BANDS = ((90.0, "very easy"), (80.0, "easy"), (70.0, "fairly easy"), (60.0, "plain"),
                 (50.0, "fairly difficult"), (30.0, "difficult"))  # fmt: skip
"""Flesch's (and Fernández-Huerta's) bands: from each bound up."""


def ease_label(name: str, score: float) -> str:
    """What a reading-ease score means: "fairly difficult", "normal"..."""
    if name == "szigriszt_pazos":
        return next((label for low, label in _INFLESZ_BANDS if score > low), "very difficult")
    return next((label for low, label in _FLESCH_BANDS if score >= low), "very difficult")


@dataclass(frozen=True)
class ReadingResult:
    """Reading levels and over-target findings of one file's texts."""

    readings: tuple[Reading, ...]
    """Each running text, then the whole leaflet."""
    findings: tuple[LintFinding, ...]
    """A warning for each text over the target (and the whole leaflet when it is)."""
    origins: tuple[tuple[str, int], ...]
    """How many words had their syllables from each source."""
    unmeasured: int = 0
    """Words of the running texts left out for being in the Hebrew or Arabic script."""


def read_texts(
    texts: Iterable[TextField], language: str, target: int, placer: Placer
) -> ReadingResult:
    """Measure every running text and the whole leaflet; a warning for each over the target."""
    readings: list[Reading] = []
    findings: list[LintFinding] = []
    total = Counts()
    origins: Counter[str] = Counter()
    unmeasured = 0
    for text in texts:
        if not text.running:
            continue
        unmeasured += unmeasured_words(text)
        found = sentences(text, language)
        counts = sum((sentence.counts for sentence in found), Counts())
        if not counts.words:
            continue
        total += counts
        origins.update(origin for s in found for w in s.words for origin in w.origins)
        where = placer.field(text.path)
        reading = _reading(text.field, where.line if where else None,
                           where.column if where else None, counts, language, target)  # fmt: skip
        readings.append(reading)
        if reading.over_target:
            findings.append(_over_target(text, reading, found, language, placer))
    if total.words:
        whole = _reading("", None, None, total, language, target)
        readings.append(whole)
        if whole.over_target:
            problem = Problem(placer.source.name, None, None, "", _message(whole, language, "the "
                              "whole leaflet reads"))  # fmt: skip
            findings.append(LintFinding(Finding(problem, "warning", "reading-level")))
    return ReadingResult(
        tuple(readings), tuple(findings), tuple(sorted(origins.items())), unmeasured
    )


def _reading(
    field: str, line: int | None, column: int | None, counts: Counts, language: str, target: int
) -> Reading:
    return Reading(
        field=field,
        line=line,
        column=column,
        grade=round(grade(counts, language), 1),
        scores=scores(counts, language),
        words=counts.words,
        sentences=counts.sentences,
        syllables=counts.syllables,
        target=target,
    )


def _message(reading: Reading, language: str, subject: str) -> str:
    named = dict(reading.scores)
    if language == "es":
        fh, sp = named["fernandez_huerta"], named["szigriszt_pazos"]
        return (
            f"{subject} at grade {reading.grade:.1f} (from Fernández-Huerta {fh:.0f}, "
            f"{ease_label('fernandez_huerta', fh)}), above the target {reading.target}; "
            f"INFLESZ {sp:.0f}, {ease_label('szigriszt_pazos', sp)}"
        )
    ease = named["flesch_reading_ease"]
    return (
        f"{subject} at grade {reading.grade:.1f} (Flesch-Kincaid), above the target "
        f"{reading.target}; Flesch reading ease {ease:.0f}, {ease_label('flesch', ease)}"
    )


def _over_target(
    text: TextField, reading: Reading, found: Sequence[Sentence], language: str, placer: Placer
) -> LintFinding:
    where = placer.field(text.path)
    problem = Problem(
        placer.source.name,
        where.line if where else None,
        where.column if where else None,
        text.field,
        _message(reading, language, "reads"),
    )
    hardest = sorted(found, key=lambda s: (grade(s.counts, language), len(s.words)), reverse=True)[
        :QUOTED
    ]
    return LintFinding(
        Finding(problem, "warning", "reading-level"),
        quotes=tuple(_quote(text, sentence, language, placer) for sentence in hardest),
    )


def _quote(text: TextField, sentence: Sentence, language: str, placer: Placer) -> Quote:
    first = sentence.words[0]
    plain = mask_addresses(text.plain())
    where = placer.word(text, first.text, occurrences_before(plain, first.text, first.offset))
    threshold = LONG_WORD.get(language, 3)
    long_words = sorted(
        {w.text: w.syllables for w in sentence.words if w.syllables >= threshold}.items(),
        key=lambda item: -item[1],
    )
    return Quote(
        text=sentence.text,
        line=where.line if where else None,
        column=where.column if where else None,
        grade=round(grade(sentence.counts, language), 1),
        words=len(sentence.words),
        long_words=tuple(word for word, _ in long_words[:5]),
    )
