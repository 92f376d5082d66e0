"""Typographic punctuation per language, and the text that must stay as typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brochure.content.markup import parse_inline
from brochure.layout.typography import typeset, typeset_runs


def every_glyph(char: str) -> bool:
    return True


@pytest.mark.parametrize(
    ("language", "typed", "set_"),
    [
        ("en", "Effects last 3-4 months.", "Effects last 3\u20134 months."),
        (
            "en",
            'She said "it works" and it\'s true.',
            "She said \u201cit works\u201d and it\u2019s true.",
        ),
        ("en", "A 'quoted' word", "A \u2018quoted\u2019 word"),
        ("en", "Wait...", "Wait\u2026"),
        ("en", "Inject 10 ml or 2 units", "Inject 10\u00a0ml or 2\u00a0units"),
        ("en", "the patients' own", "the patients\u2019 own"),
        ("es", 'Dijo "funciona" hoy', "Dijo \u00abfunciona\u00bb hoy"),
        ("es", "Dura 3-4 meses", "Dura 3\u20134 meses"),
        (
            "el",
            '\u0395\u03af\u03c0\u03b5 "\u03bd\u03b1\u03b9"',
            "\u0395\u03af\u03c0\u03b5 \u00ab\u03bd\u03b1\u03b9\u00bb",
        ),
    ],
)
def test_punctuation_per_language(language: str, typed: str, set_: str) -> None:
    assert typeset(typed, language, every_glyph) == set_


@pytest.mark.parametrize(
    "typed",
    [
        'https://clinic.example/a-b?x="1"',
        "www.clinic.example/3-4",
        "write to first.last@clinic.example",
        "+44 20 7946-0321",
        "call 555-1234",
        "He is 5' 10\" tall",
        'set width="3"',
        "2026-12-04",
        "1.5-2.5",
    ],
)
def test_what_stays_as_typed(typed: str) -> None:
    assert typeset(typed, "en", every_glyph) == typed


def test_a_character_the_font_lacks_is_never_used() -> None:
    def no_curly(char: str) -> bool:
        return char not in "\u201c\u201d\u2013"

    assert typeset('"3-4" it\'s', "en", no_curly) == '"3-4" it\'s'


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80))
def test_only_punctuation_changes(text: str) -> None:
    set_ = typeset(text, "en", every_glyph)
    plain = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-",
             "\u00a0": " ", "\u2026": "..."}  # fmt: skip
    back = "".join(plain.get(c, c) for c in set_)
    assert back == "".join(plain.get(c, c) for c in text)


def test_link_text_stays_as_typed_and_neighbours_give_context() -> None:
    runs = parse_inline('Read "**this**" and [5\' 10" chart](https://clinic.example/x-1)')
    set_ = typeset_runs(runs, "en", every_glyph)
    assert "".join(run.text for run in set_) == "Read \u201cthis\u201d and 5' 10\" chart"
    assert [run.href for run in set_] == [run.href for run in runs]
