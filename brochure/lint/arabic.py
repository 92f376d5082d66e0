"""Arabic word forms traced back to the entries a dictionary lists.

Arabic writes its conjunctions, prepositions and article as part of the word (و "and", ب "with",
ل "for", ال "the") and its pronouns as endings (ها "her", هم "them"): "ومرونتها" is و + مرونة +
ها, with the final ة written ت before the ending. pyspellchecker's Arabic dictionary lists the
bare forms, so a word it lacks is taken as correct when taking off such a prefix and ending
leads to an entry. Only these attached words are taken off: no stemming of the root.
"""

from __future__ import annotations

from collections.abc import Iterator

PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال", "وب", "ول", "وك", "فب", "فل",
            "و", "ف", "ب", "ل", "ك", "س")  # fmt: skip
"""Attached conjunctions, prepositions and the article, longest first."""
SUFFIXES = ("كما", "هما", "كم", "كن", "هم", "هن", "نا", "ها", "ك", "ه", "ي")
"""Attached pronouns, longest first."""
SHORTEST = 2
"""Letters a form must keep once a prefix or ending is taken off."""


def arabic_forms(word: str) -> Iterator[str]:
    """The forms a dictionary may list for ``word``: the word without an attached prefix,
    ending, or both (a ت left before an ending as the ة it was)."""
    bases = [word] + [
        word[len(prefix) :]
        for prefix in PREFIXES
        if word.startswith(prefix) and len(word) - len(prefix) >= SHORTEST
    ]
    seen: set[str] = set()
    for base in bases:
        candidates = [base]
        for suffix in SUFFIXES:
            if base.endswith(suffix) and len(base) - len(suffix) >= SHORTEST:
                stem = base[: -len(suffix)]
                candidates.append(stem)
                if stem.endswith("ت"):
                    candidates.append(stem[:-1] + "ة")
        for candidate in candidates:
            if candidate != word and candidate not in seen:
                seen.add(candidate)
                yield candidate
