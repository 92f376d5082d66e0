"""brochure.lint.inflection: Spanish word forms back to the dictionary's entries."""

from __future__ import annotations

import pytest

from brochure.lint.inflection import lemmas, nominal_lemmas, strip_accents


@pytest.mark.parametrize(
    ("form", "entry"),
    [
        *(("arrugas", "arruga"), ("papeles", "papel"), ("luces", "luz"), ("finas", "fino")),
        *(("exámenes", "examen"), ("inyecciones", "inyección"), ("rápidamente", "rápido")),
    ],
)
def test_plurals_feminines_and_adverbs(form: str, entry: str) -> None:
    assert entry in nominal_lemmas(form)
    assert entry in lemmas(form)


@pytest.mark.parametrize(
    ("form", "entry"),
    [
        *(("tienen", "tener"), ("puede", "poder"), ("está", "estar"), ("varían", "variar")),
        *(("eligen", "elegir"), ("siga", "seguir"), ("leyendo", "leer"), ("busque", "buscar")),
        *(("obstruyan", "obstruir"), ("reducirá", "reducir"), ("cualificado", "cualificar")),
        *(("dígale", "diga"), ("tómelo", "tomar"), ("consulte", "consultar")),
    ],
)
def test_verb_forms_and_attached_pronouns(form: str, entry: str) -> None:
    assert entry in lemmas(form)


def test_a_word_is_not_its_own_lemma_and_typos_lead_nowhere_real() -> None:
    assert "arrugas" not in nominal_lemmas("arrugas")
    assert "arruga" not in lemmas("arrguas")


def test_accents_go_but_enye_and_dieresis_stay() -> None:
    assert strip_accents("díganle niñó pingüino") == "diganle niño pingüino"
