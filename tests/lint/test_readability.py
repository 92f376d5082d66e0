"""brochure.lint.readability: sentences, words and syllables, the English and Spanish formulas,
and over-target texts with their hardest sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brochure.content.source import read_source
from brochure.lint.fields import RTL_SCRIPT, Placer, TextField, text_fields
from brochure.lint.readability import (
    Counts,
    ease_label,
    grade,
    read_texts,
    scores,
    sentences,
    split_sentences,
    unmeasured_words,
)
from tests.lint.seed_text import PLAIN_INTRO, SEED_INTRO, block


def texts_of(sentence_list: list[tuple[int, str]]) -> list[str]:
    return [text for _, text in sentence_list]


def test_sentences_end_at_stops_before_a_capital_or_a_digit() -> None:
    assert texts_of(split_sentences("It works. It lasts! Does it? 3 months… Yes.")) == [
        "It works.",
        "It lasts!",
        "Does it?",
        "3 months…",
        "Yes.",
    ]
    assert texts_of(split_sentences("Ask Dr. Smith, e.g. Botox or 2.5 ml. then rest.")) == [
        "Ask Dr. Smith, e.g. Botox or 2.5 ml. then rest."
    ]
    spanish = split_sentences("¿Duele? ¡No! «Casi nada.»")
    assert texts_of(spanish) == ["¿Duele?", "¡No! «Casi nada.»"]
    offsets = [start for start, _ in split_sentences("One.  Two.")]
    assert offsets == [0, 6]


def test_every_paragraph_and_bullet_item_is_at_least_a_sentence() -> None:
    text = TextField(("intro",), "Lines and wrinkles\n\n- less sweating\n- clearer skin", True)
    found = sentences(text, "en")
    assert [s.text for s in found] == ["Lines and wrinkles", "less sweating", "clearer skin"]
    assert [w.text for w in found[0].words] == ["Lines", "and", "wrinkles"]


def test_words_keep_hyphens_and_numbers_count_a_syllable_per_group() -> None:
    text = TextField(("intro",), "Feel self-assured for 3-4 months at https://x.example/a.", True)
    [sentence] = sentences(text, "en")
    assert [(w.text, w.syllables) for w in sentence.words] == [
        ("Feel", 1), ("self-assured", 3), ("for", 1), ("3-4", 2), ("months", 1), ("at", 1),
    ]  # fmt: skip


def test_flesch_kincaid_and_reading_ease() -> None:
    counts = Counts(words=100, sentences=5, syllables=150)
    assert grade(counts, "en") == pytest.approx(0.39 * 20 + 11.8 * 1.5 - 15.59)
    assert dict(scores(counts, "en")) == {"flesch_reading_ease": pytest.approx(59.6, abs=0.05)}
    assert grade(Counts(words=2, sentences=2, syllables=2), "en") == 0  # never below 0
    assert grade(Counts(), "en") == 0 and scores(Counts(), "en") == ()


def test_spanish_scores_and_the_grade_from_fernandez_huerta() -> None:
    counts = Counts(words=100, sentences=5, syllables=200)
    named = dict(scores(counts, "es"))
    assert named["fernandez_huerta"] == pytest.approx(206.84 - 120 - 20.4, abs=0.05)
    assert named["szigriszt_pazos"] == pytest.approx(206.835 - 124.6 - 20, abs=0.05)
    assert grade(counts, "es") == pytest.approx(8 - 2 * (66.44 - 60) / 10)  # 70 -> 6, 60 -> 8
    # the table: Fernández-Huerta 60 is the end of 8th grade, 90 of 4th
    sixty = Counts(words=100, sentences=10, syllables=int((206.84 - 60 - 10.2) / 60 * 100))
    assert 7.9 < grade(sixty, "es") < 8.3


def test_ease_labels() -> None:
    assert ease_label("flesch_reading_ease", 65) == "plain"
    assert ease_label("flesch_reading_ease", 10) == "very difficult"
    assert ease_label("szigriszt_pazos", 58) == "normal"
    assert ease_label("szigriszt_pazos", 81) == "very easy"


def test_over_target_texts_quote_their_three_hardest_sentences(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(f"intro: {block(SEED_INTRO, 2)}closing: {block(PLAIN_INTRO, 2)}", "utf-8")
    source = read_source(path)
    result = read_texts(text_fields(source.data), "en", 8, Placer(source))
    intro, closing, whole = result.readings
    assert (intro.field, closing.field, whole.field) == ("intro", "closing", "")
    assert intro.over_target and not closing.over_target
    assert whole.words == intro.words + closing.words
    assert whole.sentences == intro.sentences + closing.sentences
    [finding] = [f for f in result.findings if f.problem.field]
    assert finding.problem.field == "intro"
    assert (finding.problem.line, finding.problem.column) == (1, 8)
    grades = [quote.grade for quote in finding.quotes]
    assert len(grades) == 3 and grades == sorted(grades, reverse=True)
    assert all(quote.line is not None and quote.line >= 2 for quote in finding.quotes)
    whole_findings = [f for f in result.findings if not f.problem.field]
    assert len(whole_findings) == whole.over_target


@given(st.text(max_size=300))
def test_any_text_is_measured_without_failing(text: str) -> None:
    found = sentences(TextField(("intro",), text, True), "en")
    counts = sum((s.counts for s in found), Counts())
    assert counts.words >= counts.sentences >= 0
    assert counts.syllables >= counts.words
    assert grade(counts, "en") >= 0 and grade(counts, "es") >= 0


# --- Hebrew and Arabic: no formula is made for them -----------------------------------------


def test_arabic_and_hebrew_sentences_end_before_a_letter_without_case() -> None:
    assert texts_of(split_sentences("هل هذا آمن؟ نعم، إنه آمن؛ جدا. ثم ماذا")) == [
        "هل هذا آمن؟",
        "نعم، إنه آمن؛ جدا.",  # the Arabic comma and semicolon do not end a sentence
        "ثم ماذا",
    ]
    assert texts_of(split_sentences("האם זה בטוח? כן. ״זה בטוח״, אמר הרופא.")) == [
        "האם זה בטוח?",
        "כן.",
        "״זה בטוח״, אמר הרופא.",
    ]
    assert texts_of(split_sentences("It works. then it lasts.")) == ["It works. then it lasts."]


def test_hebrew_and_arabic_words_keep_their_marks_and_gershayim() -> None:
    text = TextField(("intro",), "Botox (בוטוקס) לפי צה״ל ומְדוּיָּק, مَرحباً بكـم", True)
    [sentence] = sentences(text, "en")
    assert [w.text for w in sentence.words] == ["Botox"]  # the rest is left out, not miscounted
    assert unmeasured_words(text) == 6  # בוטוקס, לפי, צה״ל, ומְדוּיָּק, مَرحباً, بكـم


def test_an_english_leaflet_s_arabic_paragraph_is_not_measured() -> None:
    english = "Botox is quick. It lasts for months."
    mixed = TextField(("intro",), f"{english}\n\nيستمر التأثير عادة ثلاثة أشهر. وهو آمن.", True)
    alone = TextField(("intro",), english, True)
    counted = [sum((s.counts for s in sentences(t, "en")), Counts()) for t in (mixed, alone)]
    assert counted[0] == counted[1] == Counts(words=7, sentences=2, syllables=counted[1].syllables)


RTL_TEXT = st.text(
    alphabet=st.sampled_from(
        [*"مرحبا بالعالم", *"שלום עולם", *"،؟؛״\u05f3ـًّ", *"Botox. ?!\n-'", "\u200f", "\ufefb"]
    ),
    max_size=200,
)


@given(RTL_TEXT)
def test_any_hebrew_or_arabic_text_is_read_without_failing_or_counting(text: str) -> None:
    field = TextField(("intro",), text, True)
    for language in ("en", "es"):
        found = sentences(field, language)
        assert all(not RTL_SCRIPT.search(w.text) for s in found for w in s.words)
        counts = sum((s.counts for s in found), Counts())
        assert grade(counts, language) >= 0
    assert unmeasured_words(field) >= 0
    for start, sentence in split_sentences(text):
        assert text[start : start + len(sentence)] == sentence
