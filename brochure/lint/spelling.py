"""Spelling: every word a patient reads, against pyspellchecker's dictionary of the leaflet's
language, the project's word list (``brochure/data/words/<language>.txt``: product names and
medical words) and the leaflet's own ``lint.words``.

Case does not matter. Words with digits, all-capital abbreviations (FDA, SPF), single letters,
web and e-mail addresses and link targets are not checked. English accepts British spellings
("revitalised", "colour") unless the locale is en-US; Spanish accepts the regular forms of the
dictionary's entries (see :mod:`brochure.lint.inflection`); Arabic, the words its dictionary
lists with an attached article, conjunction or pronoun (see :mod:`brochure.lint.arabic`).
Vowel marks and the tatweel are not spelling: "مَرحبا" is looked up as "مرحبا". A word in a
script the dictionary is not written in (Hebrew or Arabic in an English leaflet) is not
checked.
"""

from __future__ import annotations

import bisect
import difflib
import gzip
import importlib.util
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from brochure.errors import Finding, Problem
from brochure.lint.arabic import arabic_forms
from brochure.lint.fields import (
    RTL_SCRIPT,
    WORD_JOINERS,
    WORD_MARKS,
    Placer,
    TextField,
    mask_addresses,
    occurrences_before,
    without_marks,
)
from brochure.lint.inflection import lemmas, nominal_lemmas
from brochure.lint.report import LintFinding

SUGGESTIONS = 3
"""How many suggestions a finding offers at most."""
SEARCHED_WORDS = 40
"""Different unknown words per file that get suggestions (each search takes 5 to 100 ms): a
text in another language than its locale says is not searched word by word."""
SLOW_SEARCHES = 15
"""Unknown words per file searched two edits away (about 30 ms each) when one edit finds no
word; the rest get only the one-edit search."""
LIST_WEIGHT = 1000
"""The frequency a listed word counts as when suggestions are ranked."""

_CHUNK = re.compile(rf"[\w{WORD_JOINERS}{WORD_MARKS}\u2010-]+")
_EDGES = f"{WORD_JOINERS}-\u2010"
"""What a word does not start or end with: apostrophes, hyphens, geresh and gershayim (which
also quote, in Hebrew)."""
_HEBREW = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2010": "-"})
_BRITISH = (("ise", "ize"), ("isa", "iza"), ("yse", "yze"), ("our", "or"), ("tre", "ter"),
            ("ae", "e"), ("oe", "e"), ("ll", "l"), ("ogue", "og"), ("ence", "ense"),
            ("eing", "ing"))  # fmt: skip
"""British spellings and their American forms, tried one at a time and all together."""


def language_of(locale: str) -> str:
    """``es`` for "es-MX": the language part of a locale, lower case."""
    return re.split(r"[-_]", locale.strip())[0].lower() or "en"


def read_word_list(text: str) -> frozenset[str]:
    """Words of a word list: one a line, ``#`` comments, lower-cased."""
    return frozenset(
        _key(line.strip())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


@lru_cache(maxsize=8)
def project_words(language: str) -> frozenset[str]:
    """The project's word list for ``language`` (empty when there is none)."""
    found = resources.files("brochure") / "data" / "words" / f"{language}.txt"
    if not found.is_file():
        return frozenset()
    return read_word_list(found.read_text("utf-8"))


ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyz'",
    "es": "abcdefghijklmnopqrstuvwxyzáéíóúüñ",
    "ar": "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي",
}
"""Letters tried when looking for a word one edit away; other languages use a-z."""


class Dictionary:
    """pyspellchecker's word-frequency list of one language, searched in place.

    The list is read as its sorted ``"word": frequency`` lines and searched by bisection: about
    0.1 s, where building pyspellchecker's own dictionary of 160,000 English words takes 0.3 to
    0.5 s, most of ``brochure lint``'s time on the sample.
    """

    def __init__(self, lines: list[str], listed: frozenset[str]) -> None:
        lines.sort()  # sorted already, but for the opening brace: one quick pass
        self._lines = lines
        self.listed = listed
        """The project's word list for the language."""
        self._by_start: dict[tuple[str, int], list[str]] = {}

    @classmethod
    def from_json(cls, text: str, listed: frozenset[str]) -> Dictionary:
        """From the text of a pyspellchecker frequency file (a JSON object, a word a line)."""
        return cls(text.lower().split("\n"), listed)

    def frequency(self, word: str) -> int | None:
        """How often ``word`` (lower case) occurs in the list's corpus; None when not listed."""
        key = f'"{word}":'
        index = bisect.bisect_left(self._lines, key)
        if index < len(self._lines) and self._lines[index].startswith(key):
            count = self._lines[index][len(key) :].strip(" ,")
            return int(count) if count.isdigit() else 1
        return LIST_WEIGHT if word in self.listed else None

    def starting(self, letter: str, length: int) -> list[str]:
        """Listed words starting with ``letter`` of ``length`` letters (indexed on first use)."""
        if not self._by_start:
            for line in self._lines:
                word = line[1 : line.rfind('"')]
                if word:
                    self._by_start.setdefault((word[:1], len(word)), []).append(word)
            for word in self.listed:
                self._by_start.setdefault((word[:1], len(word)), []).append(word)
        return self._by_start.get((letter, length), [])


@lru_cache(maxsize=4)
def dictionary(language: str) -> Dictionary | None:
    """The dictionary of ``language`` with the project's word list, read once per process; None
    when pyspellchecker has none."""
    spec = importlib.util.find_spec("spellchecker")  # its files, without importing it
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    reference = folder / "resources" / f"{language}.json.gz"
    if not reference.is_file():  # pyspellchecker has no dictionary for the language
        return None
    text = gzip.decompress(reference.read_bytes()).decode("utf-8")
    return Dictionary.from_json(text, project_words(language))


def edits(word: str, alphabet: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {head + tail[1:] for head, tail in splits if tail}
    found |= {head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1}
    found |= {head + c + tail[1:] for head, tail in splits if tail for c in alphabet}
    found |= {head + c + tail for head, tail in splits for c in alphabet}
    found.discard(word)
    return found


def _british(word: str) -> Iterator[str]:
    together = word
    for old, new in _BRITISH:
        if old in word:
            yield word.replace(old, new)
            together = together.replace(old, new)
    yield together


class Speller:
    """Knows the words of one language (and of one leaflet), and suggests words for the rest."""

    def __init__(self, locale: str, extra: Iterable[str] = ()) -> None:
        self.language = language_of(locale)
        self._dictionary = dictionary(self.language)
        self._alphabet = ALPHABETS.get(self.language, ALPHABETS["en"][:-1])
        self._extra = read_word_list("\n".join(extra))
        self._british = self.language == "en" and locale.replace("_", "-").lower() != "en-us"
        self._suggested: dict[str, tuple[str, ...]] = {}
        self._known: dict[str, bool] = {}
        self.context: set[str] = set()
        """Words (lower case) the text uses: the likeliest meant by a misspelling of them."""
        self._slow = SLOW_SEARCHES

    @property
    def available(self) -> bool:
        """Whether there is a dictionary for the language."""
        return self._dictionary is not None

    def _entry(self, word: str, *, quick: bool = False) -> str | None:
        """The entry that makes ``word`` (lower case) correct, or None; ``quick`` tries plurals
        and feminines but not verb forms."""
        assert self._dictionary is not None
        known = self._dictionary.frequency
        if word in self._extra or known(word) is not None:
            return word
        if word.endswith("'s") and known(word[:-2]) is not None:
            return word[:-2]
        if self._british:
            return next((form for form in _british(word) if known(form) is not None), None)
        if self.language == "es":
            forms = nominal_lemmas(word) if quick else lemmas(word)
            return next((form for form in forms if known(form) is not None), None)
        if self.language == "ar":
            return next((form for form in arabic_forms(word) if known(form) is not None), None)
        return None

    def foreign(self, word: str) -> bool:
        """Whether ``word`` is in a script the dictionary is not written in, so it cannot judge
        it: a Hebrew or Arabic word in an English leaflet, a Hebrew one in an Arabic leaflet.
        (Latin words in an Arabic leaflet, product names mostly, are checked against the word
        lists.)"""
        if self.language == "ar":
            return _HEBREW.search(word) is not None
        return RTL_SCRIPT.search(word) is not None

    def knows(self, word: str) -> bool:
        """Whether ``word`` is spelt correctly (always true without a dictionary)."""
        if self._dictionary is None or self.foreign(word):
            return True
        lower = _key(word)
        known = self._known.get(lower)
        if known is None:
            parts = [part for part in lower.split("-") if part]
            known = self._entry(lower) is not None or (
                len(parts) > 1 and all(self._entry(part) is not None for part in parts)
            )
            self._known[lower] = known
        return known

    def _rank(self, word: str, *, quick: bool) -> tuple[bool, int, str]:
        """Sort key of a suggestion: words the leaflet uses elsewhere first, then the forms of
        the most frequent words."""
        assert self._dictionary is not None
        entry = self._entry(word, quick=quick) or ""
        frequency = self._dictionary.frequency(entry) or LIST_WEIGHT
        return (word not in self.context, -frequency, word)

    def suggest(self, word: str) -> tuple[str, ...]:
        """Likely intended words for ``word``, likeliest first, in its capitalisation."""
        if self._dictionary is None:
            return ()
        lower = _key(word)
        if lower not in self._suggested:
            searched = len(self._suggested) < SEARCHED_WORDS
            self._suggested[lower] = self._search(lower) if searched else ()
        return tuple(_like(word, found) for found in self._suggested[lower])

    def _search(self, word: str) -> tuple[str, ...]:
        assert self._dictionary is not None
        near = edits(word, self._alphabet)
        for quick in (True, False):  # nouns and adjectives first: a verb's forms are many
            ranked = sorted(
                self._rank(edit, quick=quick)
                for edit in near
                if self._entry(edit, quick=quick) is not None
            )
            if ranked:
                return tuple(word for _, _, word in ranked[:SUGGESTIONS])
            if self.language != "es":
                break
        if self._slow <= 0 or len(word) < 4:
            return ()
        self._slow -= 1
        pool = [
            candidate
            for length in range(len(word) - 2, len(word) + 3)
            for candidate in self._dictionary.starting(word[0], length)
        ]
        pool += [extra for extra in self._extra if extra[:1] == word[:1]]
        return tuple(difflib.get_close_matches(word, pool, n=SUGGESTIONS, cutoff=0.75))


def _key(word: str) -> str:
    """How a word is looked up: without marks or tatweel, lower case, one kind of apostrophe."""
    return without_marks(word).lower().translate(_APOSTROPHES)


def _like(original: str, found: str) -> str:
    if original[:1].isupper() and found[:1].islower():
        return found[:1].upper() + found[1:]
    return found


def words(text: str) -> Iterator[tuple[int, str]]:
    """The words of ``text`` that are spell-checked, each with its offset."""
    for match in _CHUNK.finditer(mask_addresses(text)):
        chunk = match.group()
        if any(char.isdigit() or char == "_" for char in chunk):
            continue
        start = match.start()
        stripped = chunk.strip(_EDGES)
        start += len(chunk) - len(chunk.lstrip(_EDGES))
        if len(without_marks(stripped)) < 2 or (stripped.isupper() and len(stripped) <= 6):
            continue
        yield start, stripped


def check_spelling(
    texts: Iterable[TextField], speller: Speller, placer: Placer
) -> list[LintFinding]:
    """A warning for each unknown word of ``texts``, located, with suggestions."""
    findings: list[LintFinding] = []
    texts = list(texts)
    speller.context.update(
        _key(word) for text in texts for _, word in words(text.plain()) if speller.knows(word)
    )
    for text in texts:
        plain = text.plain()
        masked = mask_addresses(plain)
        for offset, word in words(plain):
            if speller.knows(word):
                continue
            suggestions = speller.suggest(word)
            where = placer.word(text, word, occurrences_before(masked, word, offset))
            problem = Problem(
                placer.source.name,
                where.line if where else None,
                where.column if where else None,
                text.field,
                _message(word, suggestions),
            )
            findings.append(LintFinding(Finding(problem, "warning", "spelling"), (), suggestions))
    return findings


def _message(word: str, suggestions: tuple[str, ...]) -> str:
    if not suggestions:
        return f'unknown word "{word}" (no suggestion; if it is right, add it to lint.words)'
    quoted = [f'"{s}"' for s in suggestions]
    options = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f'unknown word "{word}"; did you mean {options}?'
