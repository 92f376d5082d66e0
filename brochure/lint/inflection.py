"""Spanish word forms traced back to the entries a dictionary lists.

pyspellchecker's Spanish dictionary lists mostly lemmas: "arruga" but not "arrugas", "poder"
but not "puede", "estar" but not "está". A word it lacks is taken as correct when a regular
plural, feminine, adverb, verb ending or attached pronoun leads back to an entry: "arrugas" ->
"arruga", "tienen" -> "tener", "dígale" -> "diga". Irregular forms ("hay", "fue", "dice") are in
the project's Spanish word list instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

_AR = ("o", "as", "a", "amos", "áis", "an", "e", "es", "emos", "éis", "en", "aba", "abas",
       "ábamos", "abais", "aban", "é", "aste", "ó", "asteis", "aron", "ara", "aras", "áramos",
       "aran", "ase", "ando", "ado", "ada", "ados", "adas", "ad", "á", "án", "ás")  # fmt: skip
_ER_IR = ("o", "es", "e", "emos", "éis", "en", "imos", "ís", "a", "as", "amos", "áis", "an",
          "ía", "ías", "íamos", "íais", "ían", "í", "iste", "ió", "isteis", "ieron", "iera",
          "ieras", "iéramos", "ieran", "iese", "iendo", "yendo", "ido", "ida", "idos", "idas",
          "ed", "id", "yó", "yeron", "yo", "yes", "ye", "yen", "ya", "yas", "yan")  # fmt: skip
_FUTURE = ("é", "ás", "á", "emos", "éis", "án", "ía", "ías", "íamos", "íais", "ían")
ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    sorted(
        {
            **{ending: ("ar", "er", "ir") for ending in (*_AR, *_ER_IR)},
            **{inf + ending: (inf,) for inf in ("ar", "er", "ir") for ending in _FUTURE},
        }.items(),
        key=lambda item: -len(item[0]),
    )
)
"""Verb endings (present, subjunctive, past, future, conditional, gerund, participle), each with
the infinitive endings it may come from."""

STEM_CHANGES = (("ie", "e"), ("ue", "o"), ("i", "e"), ("zc", "c"), ("qu", "c"), ("gu", "g"),
                ("c", "z"), ("j", "g"), ("g", "gu"), ("ig", "egu"), ("y", "i"))  # fmt: skip
"""Spelling and stem changes of regular and radical-changing verbs, undone on the last match:
"tien" -> "ten", "pued" -> "pod", "busqu" -> "busc", "sig" -> "segu"."""

PRONOUNS = ("los", "las", "les", "nos", "me", "te", "se", "le", "lo", "la")
"""Pronouns attached to a verb ("dígale", "tómelo")."""

_MIN_STEM = 2


def strip_accents(word: str) -> str:
    """``word`` without its accents ("díga" -> "diga"), ñ and ü kept."""
    out = []
    for char in word:
        if char in "ñü":
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        out.append(decomposed[0])
    return "".join(out)


def _stems(stem: str) -> Iterator[str]:
    yield stem
    plain = strip_accents(stem)
    if plain != stem:
        yield plain
    for old, new in STEM_CHANGES:
        index = plain.rfind(old)
        if index >= 0:
            yield plain[:index] + new + plain[index + len(old) :]


def lemmas(word: str) -> Iterator[str]:
    """Dictionary entries ``word`` (lower case) may be a form of, likeliest first."""
    yield from nominal_lemmas(word)
    yield from _verbal(word)
    for pronoun in PRONOUNS:  # "dígale" -> "díga", "explíquemelo" -> "explíque" + "melo"
        if word.endswith(pronoun) and len(word) - len(pronoun) > _MIN_STEM:
            rest = strip_accents(word[: -len(pronoun)])
            yield rest
            yield from _verbal(rest)
            for second in PRONOUNS:
                if rest.endswith(second) and len(rest) - len(second) > _MIN_STEM:
                    base = strip_accents(rest[: -len(second)])
                    yield base
                    yield from _verbal(base)


_ACCENTED = str.maketrans("aeiou", "áéíóú")


def nominal_lemmas(word: str) -> Iterator[str]:
    """Entries ``word`` may be the plural, feminine or adverb of (quick: a few candidates)."""
    if word.endswith("mente") and len(word) > 7:  # "rápidamente" -> "rápida" -> "rápido"
        adjective = word[:-5]
        yield adjective
        if adjective.endswith("a"):
            yield adjective[:-1] + "o"
    if word.endswith("ces"):
        yield word[:-3] + "z"  # "luces" -> "luz"
    if word.endswith("es"):
        yield word[:-2]  # "papeles" -> "papel"
        stem = word[:-2]
        yield strip_accents(stem)  # the accent goes: "exámenes" -> "examen"
        if len(stem) > 2 and stem[-1] in "ns" and stem[-2] in "aeiou":  # or comes back:
            yield stem[:-2] + stem[-2].translate(_ACCENTED) + stem[-1]  # "inyecciones" -> "-ción"
    if word.endswith("s") and word[-2:-1] in ("a", "e", "i", "o", "u", "á", "é", "ó"):
        yield word[:-1]  # "arrugas" -> "arruga" (but "piel" makes "pieles")
    for ending in ("as", "a", "os"):
        if word.endswith(ending) and len(word) > len(ending) + _MIN_STEM:
            yield word[: -len(ending)] + "o"  # "finas" -> "fino"


def _verbal(word: str) -> Iterator[str]:
    for ending, infinitives in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            for stem in _stems(word[: -len(ending)]):
                for infinitive in infinitives:
                    yield stem + infinitive
