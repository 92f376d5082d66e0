"""Arabic word forms: attached prefixes and pronoun endings taken off before the dictionary is
asked, so that the sample's Arabic edition lints clean and a real typo is still found."""

from __future__ import annotations

import pytest

from brochure.lint.arabic import arabic_forms
from brochure.lint.spelling import Speller


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("ومرونتها", "مرونة"),  # and + elasticity + her (ة written ت before the ending)
        ("بالبشرة", "بشرة"),  # with + the + skin
        ("والخطوط", "خطوط"),  # and + the + lines
        ("للعناية", "عناية"),  # for the + care
        ("بشرتك", "بشرة"),  # your skin
    ],
)
def test_attached_words_come_off(word: str, form: str) -> None:
    assert form in list(arabic_forms(word))


def test_a_short_word_keeps_its_letters() -> None:
    assert list(arabic_forms("في")) == []  # "in": no prefix or ending to take off
    assert all(len(form) >= 2 for form in arabic_forms("وله"))


def test_the_arabic_sample_s_words_are_known_and_a_typo_is_not() -> None:
    speller = Speller("ar")
    assert speller.available
    for word in ("ومرونتها", "بالبشرة", "التجاعيد", "ونضارة", "Botox", "الكولاجين"):
        assert speller.knows(word), word
    assert not speller.knows("مرونتهاا")
    assert "مرونتها" in speller.suggest("مرونتهاا")
