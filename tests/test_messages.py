"""The message catalogues: English by default, Spanish complete, a fallback that says what it
left in English, overrides from the content, and shipped .mo files that match their .po."""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from brochure.errors import BrochureError
from brochure.messages import (
    Messages,
    catalogue_names,
    catalogue_warnings,
    english,
    language_tag,
    locale_folder,
    message_keys,
    message_problem,
    messages_for,
    read_catalogue,
)

LOCALES = locale_folder()
LANGUAGES = sorted(path.name for path in LOCALES.iterdir() if path.is_dir())
TEMPLATE = LOCALES / "brochure.pot"


def entries(catalog: Catalog) -> dict[tuple[str | None, str], str]:
    """(msgctxt, msgid) -> msgstr of every message of a Babel catalogue (not its header)."""
    return {
        (message.context, str(message.id)): str(message.string)
        for message in catalog
        if message.id and message.string
    }


def read_po_file(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def fields_of(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_shipped_languages() -> None:
    assert LANGUAGES == ["ar", "es", "he"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_mo_is_the_compiled_po(language: str) -> None:
    folder = LOCALES / language / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, read_po_file(folder / "brochure.po"))
    compiled.seek(0)
    with (folder / "brochure.mo").open("rb") as shipped:
        # "run `pybabel compile -d brochure/data/locale -D brochure`" when this fails
        assert entries(read_mo(shipped)) == entries(read_mo(compiled))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_translates_exactly_the_current_messages(language: str) -> None:
    catalog = read_po_file(LOCALES / language / "LC_MESSAGES" / "brochure.po")
    translated = entries(catalog)
    assert set(translated) == set(english().items())
    for (key, msgid), msgstr in translated.items():
        assert fields_of(msgstr) == fields_of(msgid), key
        assert message_problem(str(key), msgstr) is None
        assert not any(m.fuzzy for m in catalog if m.id), "fuzzy entries are not compiled"


def test_the_template_lists_every_message_untranslated() -> None:
    catalog = read_po_file(TEMPLATE)
    found = {(m.context, str(m.id)) for m in catalog if m.id}
    assert found == set(english().items())
    assert all(not m.string for m in catalog if m.id)


def test_english_is_the_default_and_needs_no_catalogue() -> None:
    assert messages_for("en") == Messages()
    assert messages_for("en-GB") == Messages()
    assert catalogue_warnings("en") == [] and catalogue_warnings("en_US") == []


def test_spanish_is_complete_and_every_message_differs_from_english() -> None:
    spanish = messages_for("es")
    assert catalogue_warnings("es") == []
    assert spanish.page_of.format(page=1, pages=3) == "Página 1 de 3"
    assert spanish.benefits_heading == "Beneficios"
    assert spanish.keywords == ("información para pacientes", "folleto")
    assert spanish.quote("hola") == "\u00abhola\u00bb"
    for key in message_keys():
        if key != "digits":  # Spanish writes the same digits
            assert getattr(spanish, key) != getattr(Messages(), key), key


@pytest.mark.parametrize(
    ("locale", "page", "benefits", "keywords"),
    [
        ("he", "עמוד 1 מתוך 3", "יתרונות", ("מידע למטופלים", "עלון")),
        ("ar", "الصفحة 1 من 3", "الفوائد", ("معلومات للمرضى", "نشرة")),
    ],
)
def test_hebrew_and_arabic_are_complete_and_every_message_differs_from_english(
    locale: str, page: str, benefits: str, keywords: tuple[str, ...]
) -> None:
    messages = messages_for(locale)
    assert catalogue_warnings(locale) == [] and catalogue_warnings(f"{locale}-IL") == []
    assert messages.page_of.format(page=1, pages=3) == page
    assert messages.benefits_heading == benefits
    assert messages.keywords == keywords
    # Hebrew closes a quotation as it opens it (”…”) and writes the digits 0-9.
    same = {"quote_close", "digits"} if locale == "he" else set()
    for key in message_keys():
        if key not in same:
            assert getattr(messages, key) != getattr(Messages(), key), key


def test_numbers_are_written_in_the_languages_digits() -> None:
    assert messages_for("ar").number(7, 2) == "\u0660\u0667"
    assert messages_for("he").number(12, 2) == "12"
    assert Messages().number(3) == "3"
    assert (
        messages_for(
            "en", {"digits": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"}
        ).number(10)
        == "\u0661\u0660"
    )


@pytest.mark.parametrize("locale", ["es-MX", "es_MX", "es-419", "ES", "es-mx"])
def test_a_regional_locale_falls_back_to_its_language(locale: str) -> None:
    assert messages_for(locale) == messages_for("es")
    assert catalogue_warnings(locale) == []


def test_an_unknown_language_is_english_with_a_warning_naming_every_message() -> None:
    assert messages_for("fr") == Messages()
    (warning,) = catalogue_warnings("fr-CA")
    assert warning.startswith('no catalogue for "fr-CA"; using English for: benefits_heading, ')
    assert all(key in warning for key in message_keys())


def test_a_partial_catalogue_keeps_what_it_has_and_names_the_rest(tmp_path: Path) -> None:
    catalog = Catalog(locale="fr", domain="brochure")
    catalog.add("Benefits", "Avantages", context="benefits_heading")
    catalog.add("Page {page} of {pages}", "Page {page} sur {pages}", context="page_of")
    catalog.add("Scan to book", "Scannez {url}", context="scan_to_book")  # harmless braces
    catalog.add("QR code: book at {url}", "QR : {adresse}", context="qr_alt")  # wrong placeholder
    catalog.add("Phone", "", context="phone_label")  # left untranslated
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "brochure.mo").open("wb") as file:
        write_mo(file, catalog)
    found = read_catalogue("fr-BE", tmp_path)
    assert found.found == ("fr",)
    assert found.messages.benefits_heading == "Avantages"
    assert found.messages.scan_to_book == "Scannez {url}"
    assert found.messages.qr_alt == Messages().qr_alt  # unusable, so English
    assert "qr_alt" in found.missing and "phone_label" in found.missing
    assert "benefits_heading" not in found.missing and "page_of" not in found.missing
    (warning,) = found.warnings()
    assert warning.startswith('the "fr" catalogue has no usable translation for: safety_heading, ')
    assert "qr_alt" in warning and "benefits_heading" not in warning


def test_a_regional_catalogue_overrides_its_language(tmp_path: Path) -> None:
    for name, heading, panel in (("es", "Beneficios", "Pida cita"), ("es_MX", "Ventajas", "")):
        catalog = Catalog(locale=name, domain="brochure")
        catalog.add("Benefits", heading, context="benefits_heading")
        if panel:
            catalog.add("Book a consultation", panel, context="book_heading")
        folder = tmp_path / name / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "brochure.mo").open("wb") as file:
            write_mo(file, catalog)
    mexican = read_catalogue("es-MX", tmp_path)
    assert mexican.found == ("es_MX", "es")
    assert mexican.messages.benefits_heading == "Ventajas"
    assert mexican.messages.book_heading == "Pida cita"
    assert read_catalogue("es-AR", tmp_path).messages.benefits_heading == "Beneficios"


def test_content_overrides_win_over_the_catalogue() -> None:
    messages = messages_for("es", {"book_heading": "Pida cita", "keywords": "bótox, piel,  ,"})
    assert messages.book_heading == "Pida cita"
    assert messages.keywords == ("bótox", "piel")
    assert messages.page_of == "Página {page} de {pages}"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("page_of", "Página {pagina} de {pages}"),
        ("page_of", "Página {page} de {pages"),
        ("qr_alt", "QR {}"),
        ("no_such_message", "x"),
        ("digits", "012345678"),
        ("digits", "0123456798"),
        ("digits", "abcdefghij"),
    ],
)
def test_an_override_that_cannot_be_used_is_an_error(key: str, text: str) -> None:
    assert message_problem(key, text) is not None
    with pytest.raises(BrochureError, match=f"messages.{key}: "):
        messages_for("en", {key: text})


def test_braces_in_a_message_without_placeholders_are_plain_text() -> None:
    assert message_problem("benefits_heading", "Benefits {new}") is None
    assert messages_for("en", {"page_of": "{page}/{pages}"}).page_of == "{page}/{pages}"


def test_language_tags_and_catalogue_names() -> None:
    assert catalogue_names("es-mx") == ("es_MX", "es")
    assert catalogue_names("sr_latn") == ("sr_Latn", "sr")
    assert catalogue_names("../../etc") == ()
    assert language_tag("es_mx") == "es-MX" and language_tag("el") == "el"


@given(st.text(max_size=20))
def test_any_locale_text_gives_usable_messages(locale: str) -> None:
    messages = messages_for(locale)
    assert messages in (Messages(), messages_for("es"), messages_for("he"), messages_for("ar"))
    assert isinstance(catalogue_warnings(locale), list)
    assert messages.page_of.format(page=2, pages=3)
