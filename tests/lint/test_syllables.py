"""brochure.lint.syllables: counts from the CMU dictionary, two dictionary words, Spanish rules
and hyphenation points."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brochure.lint.syllables import cmu_syllables, count_syllables, spanish_syllables


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("the", 1), ("aging", 2), ("elasticity", 5), ("Botox", 2), ("individual's", 5)],
)
def test_english_words_are_counted_from_the_pronouncing_dictionary(
    word: str, syllables: int
) -> None:
    assert count_syllables(word, "en").syllables == syllables
    assert count_syllables(word, "en").origin == "dictionary"


def test_a_possessive_or_curly_apostrophe_is_looked_up_as_the_word() -> None:
    assert cmu_syllables("individual\u2019s") == 5
    assert count_syllables("neuromodulators's", "en").origin != "dictionary"


def test_a_word_the_dictionary_lacks_is_two_words_or_hyphenation() -> None:
    assert cmu_syllables("skincare") is None
    assert count_syllables("skincare", "en").syllables == 2  # skin + care
    assert count_syllables("skincare", "en").origin == "compound"
    counted = count_syllables("neuromodulators", "en")
    assert counted.origin == "hyphenation" and counted.syllables == 6  # neu-ro-mod-u-la-tors


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        *(("día", 2), ("leer", 2), ("poeta", 3), ("aéreo", 4), ("tratamiento", 4)),  # hiatus
        *(("piel", 1), ("ciudad", 2), ("cuidado", 3), ("huevo", 2), ("buey", 1)),  # diphthongs
        *(("que", 1), ("guerra", 2), ("pingüino", 3), ("arrugas", 3), ("y", 1), ("hoy", 1)),
        *(("Dysport", 2), ("neuromoduladores", 7), ("inyección", 3), ("colágeno", 4)),
    ],
)
def test_spanish_syllables_follow_diphthong_and_hiatus(word: str, syllables: int) -> None:
    assert spanish_syllables(word) == syllables
    assert count_syllables(word, "es").origin == "rules"


def test_other_languages_use_hyphenation_points() -> None:
    counted = count_syllables("Behandlung", "de")
    assert counted.origin == "hyphenation" and counted.syllables == 3


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíóúüñ'", min_size=1, max_size=30))
def test_every_word_has_at_least_one_syllable(word: str) -> None:
    for language in ("en", "es", "fr"):
        assert count_syllables(word, language).syllables >= 1
