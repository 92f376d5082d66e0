"""Right-to-left text: direction from the locale, Arabic shaping with its way back to the source,
per-line reordering (checked against python-bidi's own reordering) and the logical text of a
line for /ActualText."""

# ruff: noqa: RUF001 (Hebrew and Arabic letters, and en dashes, are what is tested)

from __future__ import annotations

import itertools
import unicodedata

import pytest
from bidi.algorithm import get_display  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from brochure.layout.bidi import (
    Direction,
    analyse,
    base_direction,
    contains_rtl,
    line_spans,
    locale_direction,
    logical_text,
    needs_reordering,
    needs_shaping,
    shape,
    text_direction,
    visual_line,
    visual_lines,
    visual_order,
)

HEBREW = "הטיפול ב-Botox נמשך בדרך כלל 3–4 חודשים."
ARABIC = "يستمر تأثير Botox عادةً من 3-4 أشهر."


def whole(text: str, locale: str) -> str:
    paragraph = analyse(text, locale)
    return visual_line(paragraph, 0, len(paragraph.text)).text


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


def test_the_leaflet_language_decides_the_base_direction_not_the_first_word() -> None:
    assert base_direction("Botox הוא שם מסחרי", "he") is Direction.RTL
    assert base_direction("שלום and hello", "en") is Direction.LTR
    assert base_direction("שלום and hello", "") is Direction.RTL  # unknown: first strong letter
    assert base_direction("3-4", "") is Direction.LTR
    assert text_direction("3-4 (!)") is None and text_direction("Botox") is Direction.LTR


def test_what_a_paragraph_contains() -> None:
    assert contains_rtl(HEBREW) and contains_rtl(ARABIC) and not contains_rtl("Botox 3-4")
    assert needs_shaping(ARABIC) and not needs_shaping(HEBREW)
    assert needs_reordering("Botox", Direction.RTL) and needs_reordering(HEBREW, Direction.LTR)
    assert not needs_reordering("Botox 3-4 (ok)", Direction.LTR)


def test_hebrew_reads_right_to_left_and_keeps_latin_and_numbers_left_to_right() -> None:
    assert whole(HEBREW, "he") == ".םישדוח 4–3 ללכ ךרדב ךשמנ Botox-ב לופיטה"
    line = whole("הוא Botox (בוטוקס), לא Dysport.", "he")
    # The brackets run right to left, so they are mirrored (UAX #9, L4).
    assert line == ".Dysport אל ,(סקוטוב) Botox אוה"


def test_arabic_letters_become_joined_presentation_forms() -> None:
    shaped = shape("سلام")
    names = [unicodedata.name(char) for char in shaped.text]
    assert names == [
        "ARABIC LETTER SEEN INITIAL FORM",
        "ARABIC LIGATURE LAM WITH ALEF FINAL FORM",
        "ARABIC LETTER MEEM ISOLATED FORM",
    ]
    assert shape("Botox 3-4").text == "Botox 3-4"


def test_lam_alef_is_one_ligature_and_vowel_marks_are_dropped() -> None:
    shaped = shape("لا عادةً")
    assert shaped.text == "\ufefb \ufecb\ufe8e\ufea9\ufe93"
    assert shaped.source_of(0, 1) == "لا"  # the ligature stands for two letters
    assert shaped.source_of(5, 6) == "ةً"  # the dropped tanween belongs to its letter
    assert shape("عادةً", keep_harakat=True).text.endswith("\u064b")


def test_arabic_reorders_with_latin_and_numbers_in_reading_order() -> None:
    line = whole(ARABIC, "ar")
    assert line.startswith(".")  # the full stop ends the sentence, on the left
    # Read right to left: "Botox" before "3-4", and 3 before 4 (after an Arabic letter, the
    # digits are Arabic numbers and the hyphen between them is neutral: UAX #9, W2 and N1).
    assert line.index("4-3") < line.index("Botox")
    mirrored = shape(ARABIC).text.replace("Botox", "xotoB")
    assert line == "".join(reversed(mirrored))
    # A number's own digits stay left to right, in Hebrew and in Arabic.
    assert "120" in whole("מחיר 120 שקלים", "he") and "120" in whole("السعر 120 جنيهًا", "ar")
    assert "Dysport 500" in whole("استخدم Dysport 500 وحدة", "ar")


def test_lines_are_reordered_one_by_one_after_breaking() -> None:
    paragraph = analyse("אחת שתיים Botox ארבע", "he")
    first, second = visual_lines(paragraph, [paragraph.text.index("Botox")])
    assert first.text == " םייתש תחא"  # the trailing space goes to the line's end (L1)
    assert second.text == "עברא Botox"
    assert first.logical == "אחת שתיים " and second.logical == "Botox ארבע"
    assert logical_text(paragraph, 0, len(paragraph.text)) == paragraph.shaped.source


def test_a_left_to_right_paragraph_is_unchanged() -> None:
    paragraph = analyse("Botox lasts 3-4 months (usually).", "en")
    assert visual_order(paragraph, 0, 5) == (0, 1, 2, 3, 4)
    assert whole("Botox lasts 3-4 months (usually).", "en") == "Botox lasts 3-4 months (usually)."


def test_line_spans_follow_reportlabs_words() -> None:
    text = "אחת  שתיים\nשלוש ארבע"
    assert line_spans(text, [["אחת", "שתיים"], ["שלוש", "ארבע"]]) == [(0, 10), (11, 20)]
    with pytest.raises(ValueError, match="line 2: expected 'חמש'"):
        line_spans(text, [["אחת", "שתיים"], ["חמש"]])
    with pytest.raises(ValueError, match="no words"):
        line_spans(text, [[]])


# --- properties --------------------------------------------------------------------------------

LETTERS = "אבגדהוזחטיכלמנסעפצקרשתםןףץ" + "ابتثجحخدذرزسشصضطظعغفقكلمنهويةءأإآىلا"
TEXTS = st.text(
    alphabet=st.sampled_from(list(LETTERS + "BotxDysp" + "0123456789" + " -–.,:()%!?\u064b\u064e")),
    max_size=60,
)
LOCALES = st.sampled_from(["he", "ar", "en", ""])


@given(TEXTS, LOCALES, st.data())
def test_reordering_is_a_permutation_of_the_shaped_characters(
    text: str, locale: str, data: st.DataObject
) -> None:
    paragraph = analyse(text, locale)
    size = len(paragraph.text)
    breaks = sorted(data.draw(st.sets(st.integers(1, max(size - 1, 1)), max_size=4)))
    breaks = [b for b in breaks if 0 < b < size]
    lines = visual_lines(paragraph, breaks)
    edges = [0, *breaks, size]
    spans = list(itertools.pairwise(edges))
    assert len(lines) == len(spans)
    for line, (start, end) in zip(lines, spans, strict=True):
        assert sorted(line.order) == list(range(start, end))
        assert len(line.text) == end - start
    assert "".join(line.logical for line in lines) == text


@given(TEXTS, LOCALES)
def test_the_logical_text_gives_back_the_input(text: str, locale: str) -> None:
    paragraph = analyse(text, locale)
    assert logical_text(paragraph, 0, len(paragraph.text)) == text
    starts = paragraph.shaped.starts
    assert starts[0] == 0 and starts[-1] == len(text) and list(starts) == sorted(starts)


@given(TEXTS, LOCALES)
def test_one_line_is_ordered_as_python_bidi_orders_it(text: str, locale: str) -> None:
    paragraph = analyse(text, locale)
    if "\n" in paragraph.text:
        return
    base = "R" if paragraph.base is Direction.RTL else "L"
    assert whole(text, locale) == get_display(paragraph.text, base_dir=base)
