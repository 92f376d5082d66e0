"""brochure.lint.fields: which texts a patient reads, and where a word of one was written, in
every YAML scalar style."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brochure.content.source import read_source
from brochure.lint.fields import (
    Placer,
    TextField,
    mask_addresses,
    occurrence,
    occurrences_before,
    text_fields,
    without_marks,
)


def test_text_fields_skip_the_brand_codes_paths_and_lint_settings() -> None:
    data = {
        "title": "Title",
        "locale": "en",
        "intro": "Intro",
        "brand": {"name": "Clinic", "address": "1 Street"},
        "lint": {"words": ["Botox"]},
        "sections": [
            {"heading": "H", "body": "B", "image": {"path": "a.png", "alt": "A photo of a face"}}
        ],
        "benefits": [{"title": "T", "icon": "smile", "body": "Body"}],
        "safety_note": "Safety",
        "messages": {"book_heading": "Book now"},
    }
    found = {text.field: text.running for text in text_fields(data)}
    assert found == {
        "title": False,
        "intro": True,
        "sections[0].heading": False,
        "sections[0].body": True,
        "sections[0].image.alt": False,
        "benefits[0].title": False,
        "benefits[0].body": True,
        "safety_note": True,
        "messages.book_heading": False,
    }


def test_a_running_text_is_read_without_its_markup() -> None:
    raw = "A **bold** and [linked](https://x.example/y) word.\n\n- item"
    text = TextField(("intro",), raw, True)
    assert text.blocks() == ("A bold and linked word.", "item")
    assert text.plain() == "A bold and linked word.\n\nitem"
    broken = TextField(("intro",), "A [bad](javascript:x) link\n\nNext", True)
    assert broken.blocks() == ("A [bad](javascript:x) link", "Next")


def test_addresses_and_link_targets_are_masked_keeping_offsets() -> None:
    text = "See [our page](https://a.example/book) or www.b.example, mail info@c.example now"
    masked = mask_addresses(text)
    assert len(masked) == len(text)
    assert "book" not in masked and "example" not in masked and "info" not in masked
    assert masked.startswith("See [our page ") and masked.endswith(", mail                now")


def test_occurrences_are_whole_words() -> None:
    text = "care skincare care careful care"
    assert [occurrence(text, "care", n) for n in range(4)] == [0, 14, 27, None]
    assert occurrences_before(text, "care", 27) == 2


SCALARS = {
    "literal": "intro: |\n  {0}\n  {1}\n",
    "folded": "intro: >-\n    {0}\n    {1}\n",
    "plain": "intro: {0}\n  {1}\n",
    "double": 'intro: "{0}\n  {1}"\n',
    "single": "intro: '{0}\n\n  {1}'\n",
}


@pytest.mark.parametrize("style", SCALARS)
def test_a_word_is_placed_at_its_line_and_column(style: str, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(SCALARS[style].format("first line of text", "second neuromodulaors"), "utf-8")
    source = read_source(path)
    placer = Placer(source)
    [text] = text_fields(source.data)
    where = placer.word(text, "neuromodulaors", 0)
    assert where is not None
    line = path.read_text("utf-8").splitlines()[where.line - 1]
    assert line[where.column - 1 :].startswith("neuromodulaors")


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.lists(WORD, min_size=1, max_size=6), min_size=1, max_size=5),
    style=st.sampled_from(["literal", "folded"]),
    pick=st.integers(min_value=0),
)
def test_any_word_of_a_block_is_placed_where_it_was_written(
    tmp_path_factory: pytest.TempPathFactory, lines: list[list[str]], style: str, pick: int
) -> None:
    header = "|" if style == "literal" else ">"
    body = "".join("  " + " ".join(words) + "\n" for words in lines)
    path = tmp_path_factory.mktemp("place") / "c.yaml"
    path.write_text(f"title: T\nintro: {header}\n{body}", "utf-8")
    source = read_source(path)
    placer = Placer(source)
    text = next(t for t in text_fields(source.data) if t.field == "intro")
    flat = [(n, word) for n, words in enumerate(lines) for word in words]
    line_index, word = flat[pick % len(flat)]
    index = sum(1 for n, w in flat[: pick % len(flat)] if w == word)
    where = placer.word(text, word, index)
    assert where is not None
    written = path.read_text("utf-8").splitlines()[where.line - 1]
    assert written[where.column - 1 :].split(" ")[0] == word
    assert where.line == 3 + line_index


@pytest.mark.parametrize(
    ("word", "bare"),
    [
        ("مَرحباً", "مرحبا"),  # fatha, tanween
        ("يكبّر", "يكبر"),  # shadda
        ("كـبير", "كبير"),  # tatweel, the stretching stroke
        ("מְדוּיָּק", "מדויק"),  # Hebrew points
        ("cafe\u0301", "caf\u00e9"),  # an accent typed apart is composed, not dropped
        ("צה״ל", "צה״ל"),
    ],
)
def test_marks_are_taken_off_words(word: str, bare: str) -> None:
    assert without_marks(word) == bare
