"""Right-to-left text: a locale's direction, Arabic shaping and the visual order of a line.

Pure functions on strings, for Hebrew and Arabic leaflets; nothing here draws
(:mod:`brochure.layout.rtl` does). The order of work for one paragraph is fixed by the Unicode
Bidirectional Algorithm (UAX #9):

1. :func:`shape` turns Arabic letters into their joined presentation forms (``arabic-reshaper``)
   before the layout measures and breaks lines: a joined letter is narrower or wider than its
   isolated form.
2. :func:`resolve_levels` resolves the embedding level of every character over the *whole*
   paragraph (``python-bidi``): whether "3-4" or a neutral between two words is read left to
   right depends on its neighbours, which may end up on another line.
3. Only then is each line reordered on its own (:func:`visual_order`): UAX #9 reorders *per
   line* (rules L1-L2), so reordering the whole paragraph first and breaking it afterwards would
   put the paragraph's last words on its first line.

Costs of shaping with presentation forms, rather than a shaping engine: vowel marks (harakat)
are dropped unless asked for, only the four lam-alef ligatures are formed, and the font must
have the presentation-form glyphs (U+FB50-FDFF, U+FE70-FEFF).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arabic_reshaper import ArabicReshaper  # type: ignore[import-untyped]


class Direction(Enum):
    """A paragraph's base direction."""

    LTR = "ltr"
    RTL = "rtl"

    @property
    def level(self) -> int:
        """The paragraph embedding level of UAX #9: 0 left to right, 1 right to left."""
        return 1 if self is Direction.RTL else 0


RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)
"""Languages written right to left in their usual script (ISO 639 codes)."""

RTL_SCRIPTS = frozenset({"adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa"})
"""ISO 15924 script subtags written right to left (a locale such as ``pa-Arab``)."""

_STRONG_RTL = frozenset({"R", "AL"})
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_LAM_ALEF = (
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
)


def locale_direction(locale: str) -> Direction | None:
    """The direction a locale is written in: ``he`` and ``ar-EG`` right to left, ``az-Arab``
    too (its script subtag decides), ``en`` and ``sr-Latn`` left to right; None for text that
    is no language code."""
    parts = [part.lower() for part in re.split(r"[-_]", locale.strip())]
    if not parts or not re.fullmatch(r"[a-z]{2,3}", parts[0]):
        return None
    scripts = [part for part in parts[1:] if re.fullmatch(r"[a-z]{4}", part)]
    if scripts:
        return Direction.RTL if scripts[0] in RTL_SCRIPTS else Direction.LTR
    return Direction.RTL if parts[0] in RTL_LANGUAGES else Direction.LTR


def contains_rtl(text: str) -> bool:
    """Whether ``text`` has a right-to-left letter (Hebrew, Arabic, ...)."""
    # Asked of every paragraph a layout draws: each distinct letter is looked up once.
    return not text.isascii() and any(
        unicodedata.bidirectional(char) in _STRONG_RTL for char in set(text)
    )


def needs_shaping(text: str) -> bool:
    """Whether ``text`` has Arabic-script letters, which join and change shape."""
    return _ARABIC.search(text) is not None


@lru_cache(maxsize=2)
def _reshaper(keep_harakat: bool) -> ArabicReshaper:
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.reshaper_config import (  # type: ignore[import-untyped]
        default_config,
    )

    # Every option is given, and an empty file is named so that the reshaper reads no
    # configuration file from its environment variable: the same text shapes the same way
    # everywhere. Only the lam-alef ligatures are obligatory in Arabic; the others are optional
    # and fonts vary in which they have.
    settings: dict[str, bool | str] = {key: False for key in default_config}
    settings.update(language="Arabic", delete_harakat=not keep_harakat, support_zwj=True)
    settings.update(support_ligatures=True, **dict.fromkeys(_LAM_ALEF, True))
    return ArabicReshaper(configuration=settings, configuration_file=os.devnull)


def shape(text: str, *, keep_harakat: bool = False) -> str:
    """``text`` with its Arabic letters replaced by their joined presentation forms (initial,
    medial, final, isolated; lam-alef ligatures), in logical order; other text unchanged.

    Vowel marks (harakat) are dropped unless ``keep_harakat``: drawn without a shaping engine
    they would not sit over their letter. Shape before measuring and breaking lines.
    """
    if not needs_shaping(text):
        return text
    return _shaped(text, keep_harakat)


@lru_cache(maxsize=4096)
def _shaped(text: str, keep_harakat: bool) -> str:
    # Remembered: each trial layout and each brand shapes the same paragraphs.
    shaped: str = _reshaper(keep_harakat).reshape(text)
    return shaped or text  # nothing but marks: keep them rather than lose the text


def resolve_levels(text: str, base: Direction) -> tuple[int, ...]:
    """The embedding level of each character of ``text`` (one paragraph), UAX #9 rules X1-I2, by
    python-bidi. Explicit formatting characters, which the algorithm removes (X9), take the level
    of the character before them, as UAX #9 suggests; they draw nothing."""
    from bidi import algorithm  # type: ignore[import-untyped]

    if not text:
        return ()
    # python-bidi's pure-Python algorithm gives the resolved levels (its Rust one only the
    # reordered string); each character is tagged with its index, as X9 removes some.
    storage = algorithm.get_empty_storage()
    storage["base_level"] = base.level
    storage["base_dir"] = "R" if base is Direction.RTL else "L"
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    found = {char["index"]: int(char["level"]) for char in storage["chars"]}
    levels: list[int] = []
    for index in range(len(text)):
        levels.append(found.get(index, levels[-1] if levels else base.level))
    return tuple(levels)


def visual_order(levels: Sequence[int], classes: Sequence[str], base: Direction) -> tuple[int, ...]:
    """The indexes of one line's characters in the order they are drawn, left to right, from
    their resolved ``levels`` (over the whole paragraph: :func:`resolve_levels`) and their bidi
    ``classes`` (UAX #9 rules L1 and L2, on this line only)."""
    levels = list(levels)
    trailing = True
    for i in range(len(levels) - 1, -1, -1):  # L1: separators and the line's trailing spaces
        kind = classes[i]
        if kind in ("S", "B"):
            levels[i] = base.level
            trailing = True
        elif trailing and kind in ("WS", "BN", "FSI", "LRI", "RLI", "PDI"):
            levels[i] = base.level
        else:
            trailing = False
    order = list(range(len(levels)))
    lowest_odd = min((level for level in levels if level % 2), default=None)
    if lowest_odd is None:
        return tuple(order)
    for level in range(max(levels), lowest_odd - 1, -1):  # L2
        i = 0
        while i < len(levels):
            if levels[i] >= level:
                j = i
                while j < len(levels) and levels[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    return tuple(order)
