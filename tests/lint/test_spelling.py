"""brochure.lint.spelling: dictionaries, the project and leaflet word lists, what is not
checked, suggestions, and located findings."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from brochure.content.source import read_source
from brochure.lint.fields import Placer, text_fields
from brochure.lint.spelling import (
    Speller,
    check_spelling,
    edits,
    language_of,
    project_words,
    read_word_list,
    words,
)
from tests.lint.seed_text import block


def test_the_project_word_lists_ship_with_the_package() -> None:
    folder = resources.files("brochure") / "data" / "words"
    assert {"botox", "dysport", "neuromodulators"} <= project_words("en")
    assert {"botox", "neuromoduladores", "hay"} <= project_words("es")
    assert (folder / "en.txt").is_file() and project_words("xx") == frozenset()
    assert read_word_list("# comment\n Botox \n\nDon\u2019t\n") == {"botox", "don't"}


def test_english_words_brands_and_british_spellings_are_known() -> None:
    speller = Speller("en")
    for word in ("wrinkles", "Botox", "DYSPORT", "individual's", "self-assured", "skincare"):
        assert speller.knows(word), word
    assert speller.knows("revitalised") and speller.knows("colour")
    assert not Speller("en-US").knows("revitalised")
    assert not speller.knows("neuromodulaors")


def test_a_leaflet_adds_its_own_words() -> None:
    assert not Speller("en").knows("Lumenique")
    assert Speller("en", ["Lumenique"]).knows("lumenique")


def test_suggestions_come_likeliest_first_in_the_word_s_case() -> None:
    speller = Speller("en")
    assert speller.suggest("neuromodulaors") == ("neuromodulators",)
    assert speller.suggest("Wrinkels")[0] == "Wrinkles"
    assert speller.suggest("teh")[0] == "the"
    assert speller.suggest("wrnkels")[0] == "wrinkles"  # two edits away
    assert speller.suggest("xqzvj") == ()


def test_words_used_elsewhere_in_the_leaflet_are_suggested_first() -> None:
    speller = Speller("es")
    speller.context.add("arrugas")
    assert speller.suggest("arrgas")[0] == "arrugas"


def test_spanish_knows_the_regular_forms_of_its_entries() -> None:
    speller = Speller("es-MX")
    assert speller.language == "es"
    for word in ("arrugas", "tienen", "está", "hay", "inyecciones", "Dígale", "neuromoduladores"):
        assert speller.knows(word), word
    assert not speller.knows("arrguas")
    assert speller.suggest("tratamieno") == ("tratamiento",)


def test_no_dictionary_means_no_spelling_check() -> None:
    speller = Speller("sv")
    assert not speller.available and speller.knows("qqqq") and speller.suggest("qqqq") == ()
    assert language_of("en_GB") == "en" and language_of("") == "en"


def test_addresses_numbers_abbreviations_and_single_letters_are_not_checked() -> None:
    text = "Call 020 7946, see https://x.example/botx or mail infoo@x.example: SPF 30, UVA, a 3rd x"
    assert [word for _, word in words(text)] == ["Call", "see", "or", "mail"]
    assert [w for _, w in words("'tis don\u2019t -")] == ["tis", "don\u2019t"]


def test_unknown_words_are_located_with_their_suggestions(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    body = "The wrinkels fade. Then the wrinkels fade again, said Dr. Qzxv."
    path.write_text(f"title: Neuromodulaors\nintro: {block(body, 2)}", "utf-8")
    source = read_source(path)
    found = check_spelling(text_fields(source.data), Speller("en"), Placer(source))
    located = [(f.problem.field, f.problem.line, f.problem.column) for f in found]
    line = path.read_text("utf-8").splitlines()[2]
    first = line.index("wrinkels") + 1
    second = line.index("wrinkels", first) + 1
    last = line.index("Qzxv") + 1
    assert located == [("title", 1, 8), *[("intro", 3, col) for col in (first, second, last)]]
    assert found[0].suggestions == ("Neuromodulators",)
    assert found[1].problem.message == 'unknown word "wrinkels"; did you mean "wrinkles"?'
    assert "add it to lint.words" in found[3].problem.message
    assert {f.severity for f in found} == {"warning"} and {f.rule for f in found} == {"spelling"}


@given(st.text(alphabet="abcdefgh", min_size=1, max_size=8))
def test_edits_are_one_change_away(word: str) -> None:
    found = edits(word, "abc")
    assert word not in found
    assert word[1:] in found or len(word) == 1
    assert all(abs(len(edit) - len(word)) <= 1 for edit in found)


# --- Hebrew and Arabic -------------------------------------------------------------------------


def test_arabic_vowel_marks_shadda_and_tatweel_are_not_spelling() -> None:
    speller = Speller("ar")
    text = "مَرحباً بكـم، الطبيب يكبّر الصورة؟ مرحبااا"
    found = list(words(text))
    assert [word for _, word in found] == ["مَرحباً", "بكـم", "الطبيب", "يكبّر", "الصورة", "مرحبااا"]
    assert all(text[offset : offset + len(word)] == word for offset, word in found)
    assert [word for _, word in found if not speller.knows(word)] == ["مرحبااا"]


def test_a_word_in_another_script_is_not_checked() -> None:
    english, arabic = Speller("en"), Speller("ar")
    assert english.knows("مرحبا") and english.knows("שלום") and english.knows("ﻣﺮﺣﺒﺎ")
    assert not english.knows("wrinkels")  # Latin words are still checked
    assert arabic.knows("שלום")
    assert not arabic.knows("Dysprot")  # a misspelt product name in an Arabic leaflet


def test_hebrew_has_no_dictionary_and_its_words_stay_whole() -> None:
    assert not Speller("he").available
    geresh = "\u05f3"
    text = f"צה״ל, ״טיפול״ וג{geresh}ל"
    assert [w for _, w in words(text)] == ["צה״ל", "טיפול", f"וג{geresh}ל"]


@given(st.text(alphabet=st.sampled_from([*"مرحبا שלום", *"،؟؛״ـًّ'-", "\u05f3"]), max_size=80))
def test_any_hebrew_or_arabic_text_is_spell_checked_without_failing(text: str) -> None:
    speller = Speller("ar")
    for offset, word in words(text):
        assert text[offset : offset + len(word)] == word
        assert speller.knows(word) or speller.suggest(word) is not None
