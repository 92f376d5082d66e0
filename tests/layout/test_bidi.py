"""Right-to-left text: direction from the locale, Arabic shaping, levels over a paragraph and
the visual order of a line (checked against python-bidi's own reordering)."""

# ruff: noqa: RUF001 (Hebrew and Arabic letters, and en dashes, are what is tested)

from __future__ import annotations

import unicodedata

import pytest
from bidi.algorithm import get_display  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from brochure.layout.bidi import (
    Direction,
    contains_rtl,
    locale_direction,
    needs_shaping,
    resolve_levels,
    shape,
    visual_order,
)

HEBREW = "הטיפול ב-Botox נמשך בדרך כלל 3–4 חודשים."
ARABIC = "يستمر تأثير Botox عادةً من 3-4 أشهر."


def seen(text: str, base: Direction) -> str:
    """``text`` (one line, shaped) as drawn left to right, brackets not mirrored."""
    order = visual_order(resolve_levels(text, base), classes(text), base)
    return "".join(text[i] for i in order)


def classes(text: str) -> tuple[str, ...]:
    return tuple(unicodedata.bidirectional(char) for char in text)


@pytest.mark.parametrize(
    ("locale", "direction"),
    [
        ("he", Direction.RTL),
        ("ar-EG", Direction.RTL),
        ("fa_IR", Direction.RTL),
        ("az-Arab", Direction.RTL),
        ("en", Direction.LTR),
        ("es-MX", Direction.LTR),
        ("sr-Latn", Direction.LTR),
        ("../x", None),
        ("", None),
    ],
)
def test_the_locale_gives_the_direction(locale: str, direction: Direction | None) -> None:
    assert locale_direction(locale) == direction


def test_what_a_paragraph_contains() -> None:
    assert contains_rtl(HEBREW) and contains_rtl(ARABIC) and not contains_rtl("Botox 3-4")
    assert needs_shaping(ARABIC) and not needs_shaping(HEBREW)


def test_hebrew_reads_right_to_left_and_keeps_latin_and_numbers_left_to_right() -> None:
    assert seen(HEBREW, Direction.RTL) == ".םישדוח 4–3 ללכ ךרדב ךשמנ Botox-ב לופיטה"


def test_arabic_letters_become_joined_presentation_forms() -> None:
    names = [unicodedata.name(char) for char in shape("سلام")]
    assert names == [
        "ARABIC LETTER SEEN INITIAL FORM",
        "ARABIC LIGATURE LAM WITH ALEF FINAL FORM",
        "ARABIC LETTER MEEM ISOLATED FORM",
    ]
    assert shape("Botox 3-4") == "Botox 3-4"


def test_lam_alef_is_one_ligature_and_vowel_marks_are_dropped() -> None:
    assert shape("لا عادةً") == "\ufefb \ufecb\ufe8e\ufea9\ufe93"
    assert shape("عادةً", keep_harakat=True).endswith("\u064b")
    assert shape("\u064b") == "\u064b"  # nothing but a mark: kept rather than lost


def test_arabic_reorders_with_latin_and_numbers_in_reading_order() -> None:
    line = seen(shape(ARABIC), Direction.RTL)
    assert line.startswith(".")  # the full stop ends the sentence, on the left
    # Read right to left: "Botox" before "3-4", and 3 before 4 (after an Arabic letter, the
    # digits are Arabic numbers and the hyphen between them is neutral: UAX #9, W2 and N1).
    assert line.index("4-3") < line.index("Botox")
    # A number's own digits stay left to right, in Hebrew and in Arabic.
    assert "120" in seen("מחיר 120 שקלים", Direction.RTL)
    assert "120" in seen(shape("السعر 120 جنيهًا"), Direction.RTL)


def test_a_line_s_trailing_space_goes_to_its_end_and_a_left_to_right_line_is_unchanged() -> None:
    text = "אחת שתיים "
    assert seen(text, Direction.RTL) == " םייתש תחא"  # UAX #9, L1
    latin = "Botox lasts 3-4 months (usually)."
    assert visual_order(resolve_levels(latin, Direction.LTR), classes(latin), Direction.LTR) == (
        tuple(range(len(latin)))
    )


def test_levels_of_a_paragraph_can_differ_from_those_of_its_line_alone() -> None:
    # After "Dysport" the 3 is left to right (W7); on its own line it would not be.
    paragraph = "שלום Dysport 3 Botox"
    line = paragraph[paragraph.index("3") :]
    assert resolve_levels(paragraph, Direction.RTL)[-len(line) :] != resolve_levels(
        line, Direction.RTL
    )


# --- properties --------------------------------------------------------------------------------

LETTERS = "אבגדהוזחטיכלמנסעפצקרשתםןףץ" + "ابتثجحخدذرزسشصضطظعغفقكلمنهويةءأإآىلا"
TEXTS = st.text(
    alphabet=st.sampled_from(list(LETTERS + "BotxDysp" + "0123456789" + " -–.,:()%!?")),
    max_size=60,
)
BASES = st.sampled_from(list(Direction))


@given(TEXTS, BASES)
def test_reordering_is_a_permutation_of_the_line(text: str, base: Direction) -> None:
    order = visual_order(resolve_levels(text, base), classes(text), base)
    assert sorted(order) == list(range(len(text)))


@given(TEXTS, BASES)
def test_one_line_is_ordered_as_python_bidi_orders_it(text: str, base: Direction) -> None:
    text = shape(text)
    reference = get_display(text, base_dir="R" if base is Direction.RTL else "L")
    # python-bidi mirrors brackets in the string (UAX #9, L4); brochure flips their glyphs.
    unbracketed = str.maketrans("", "", "()")
    assert seen(text, base).translate(unbracketed) == reference.translate(unbracketed)
