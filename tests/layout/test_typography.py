"""Typographic punctuation per language, and the text that must stay as typed."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyphen
import pytest
from hypothesis import given
from hypothesis import strategies as st

from brochure.content.markup import parse_inline
from brochure.layout.typography import _patterns, hyphenator, typeset, typeset_runs


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
    # Set first in a font that has them, the same text is still set anew in one that has not.
    assert typeset('"so" 5-6 it\'s', "en", every_glyph) == "\u201cso\u201d 5\u20136 it\u2019s"
    assert typeset('"so" 5-6 it\'s', "en", no_curly) == '"so" 5-6 it\'s'


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


# Hyphenation: pyphen's splits, its patterns kept in the user's cache folder.

WORDS = [
    "treatment",
    "consultation",
    "hyphenation",
    "anti-wrinkle",
    "extraordinary",
    "neuromodulators",
    "tratamiento",
    "información",
    "inyecciones",
    "asszonnyal",
    "hosszú",
    "Schifffahrt",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own, and no patterns kept from other tests."""
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path / "cache"))
    _patterns.cache_clear()
    yield tmp_path / "cache"
    _patterns.cache_clear()


def pyphen_splits(locale: str, word: str) -> list[tuple[str, str]]:
    dictionary = pyphen.Pyphen(lang=pyphen.language_fallback(locale), left=3, right=3)
    return [(h, t) for h, t in dictionary.iterate(word) if h[-1:] != "-" and t[:1] != "-"]


@pytest.mark.parametrize("locale", ["en", "en-US", "es", "hu", "el"])
def test_hyphenation_is_pyphens_from_the_cache_too(locale: str, cache: Path) -> None:
    """Parsed (and written to the cache), then read back from it: the same splits as pyphen's
    own, including Hungarian's nonstandard breaks ("ssz" -> "sz-sz")."""
    parsed = hyphenator(locale)
    assert parsed is not None
    assert len(list(cache.glob("hyphenation-*.bin"))) == 1
    _patterns.cache_clear()
    cached = hyphenator(locale)
    assert cached is not None
    for word in WORDS:
        assert parsed(word) == cached(word) == pyphen_splits(locale.replace("-", "_"), word)
    path = pyphen.LANGUAGES[pyphen.language_fallback(locale.replace("-", "_"))]
    assert type(_patterns(path)) is not pyphen.HyphDict  # read back, not parsed


def test_the_cache_is_read_not_parsed(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert hyphenator("en") is not None
    _patterns.cache_clear()
    expected = pyphen_splits("en", "consultation")

    def no_parsing(path: object) -> None:
        raise AssertionError("pyphen parsed its patterns again")

    monkeypatch.setattr(pyphen, "HyphDict", no_parsing)
    split = hyphenator("en")
    assert split is not None and split("consultation") == expected


def test_no_split_at_a_hyphen_the_word_has(cache: Path) -> None:
    split = hyphenator("en")
    assert split is not None
    assert all(not h.endswith("-") and not t.startswith("-") for h, t in split("anti-inflammatory"))
    assert split("anti-inflammatory")  # but it is still split elsewhere
    assert hyphenator("xx") is None
    assert hyphenator("") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-10],  # truncated: the checksum fails
        lambda data: data.replace(b"pyphen", b"pyphon", 1),  # another key
    ],
)
def test_a_damaged_cache_is_rebuilt(cache: Path, damage: Callable[[bytes], bytes]) -> None:
    hyphenator("es")
    (entry,) = cache.glob("hyphenation-*.bin")
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    _patterns.cache_clear()
    split = hyphenator("es")
    assert split is not None and split("tratamiento") == pyphen_splits("es", "tratamiento")
    assert entry.read_bytes() == good  # written again


def test_a_checksummed_entry_is_still_checked(cache: Path) -> None:
    """An entry whose checksum matches but whose content is not patterns is not used."""
    from brochure.cache import write_entry

    path = pyphen.LANGUAGES["es"]
    hyphenator("es")
    (entry,) = cache.glob("hyphenation-*.bin")
    key = entry.read_bytes().split(b"\n")[1].decode()
    junks: list[Any] = [
        {"a": "b"},
        {"ab": (1, (1, ("x",)))},
        [1, 2],
        {},
        b"\xff",
        ((), b"", b"", [], {}),  # no patterns at all
        (("ab",), b"\x00", b"\x01", [2], {}),  # values end past their bytes
        (("ab", "cd"), b"\x00\x00", b"\x01\x01", [1], {}),  # counts disagree
        (("ab",), b"\x00", b"\x0a", [1], {}),  # a value over 9
        (("ab", "cd"), b"\x00\x00", b"\x01\x01", [2, 1], {}),  # ends out of order
        ((3,), b"\x00", b"\x01", [1], {}),  # a tag that is no text
        (("ab",), b"\x00", b"\x01", [1], {"cd": (0, (1, ("ff", 1, 1)))}),  # no "=" change
    ]
    for junk in junks:
        payload = marshal.dumps(junk) if not isinstance(junk, bytes) else junk
        assert write_entry(entry.stem, key, payload)
        _patterns.cache_clear()
        assert type(_patterns(path)) is pyphen.HyphDict  # parsed again


def test_a_cache_that_cannot_be_written_still_hyphenates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(blocker / "cache"))
    _patterns.cache_clear()
    try:
        split = hyphenator("en")
        assert split is not None and split("consultation") == pyphen_splits("en", "consultation")
    finally:
        _patterns.cache_clear()
