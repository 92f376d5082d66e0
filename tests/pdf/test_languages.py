"""Leaflets in other languages, read back from the PDF: the Spanish sample (its words, its
catalogue's fixed strings and no English ones, Spanish hyphenation, /Lang es) and a Greek leaflet
(another script, rendered and extracted, or refused naming the character the font lacks)."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pyphen
import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

import brochure
from brochure.cli import main
from brochure.content.markup import parse_blocks
from brochure.errors import ContentError
from brochure.messages import Messages, catalogue_warnings, english, messages_for
from tests.helpers import ROOT, copy_sample, pdf_dict

GREEK = ROOT / "tests" / "data" / "greek"


def reader_of(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def raw_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in reader_of(data).pages]


def normalise(text: str) -> str:
    """Join words hyphenated at a line end (the layout's hyphen is a soft hyphen, U+00AD), then
    collapse whitespace."""
    text = re.sub(r"(?<=\w)[-\u00ad][ \t]*\n\s*(?=\w)", "", text)
    return " ".join(text.split())


def assert_in_order(text: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = text.find(normalise(needle), position)
        assert found >= 0, f"{needle!r} is missing or out of order in:\n{text}"
        position = found + len(normalise(needle))


def pdf_strings(data: bytes) -> Iterator[str]:
    """Every string object anywhere in the PDF (metadata, outline, annotations, structure
    tree...), decoded, and the XMP metadata as text."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        seen: set[tuple[int, int]] = set()

        def walk(value: Any) -> Iterator[str]:
            if isinstance(value, pikepdf.Object) and value.is_indirect:
                if value.objgen in seen:
                    return
                seen.add(value.objgen)
            if isinstance(value, pikepdf.String):
                yield str(value)
            elif isinstance(value, pikepdf.Array):
                for item in value:
                    yield from walk(item)
            elif isinstance(value, (pikepdf.Dictionary, pikepdf.Stream)):
                for key in value.keys():  # noqa: SIM118 - pikepdf objects iterate differently
                    if key != "/Parent":
                        yield from walk(value[key])

        yield from walk(pdf.trailer)
        if "/Metadata" in pdf.Root:
            yield pdf.Root.Metadata.read_bytes().decode("utf-8")


def hyphenations(data: bytes) -> list[tuple[str, str]]:
    """(head, tail) of every word broken with a hyphen at a line end."""
    return [
        (match[1], match[2])
        for text in raw_pages(data)
        for match in re.finditer(r"(\w+)\u00ad\n(\w+)", text)
    ]


# --- Spanish -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spanish_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_sample(tmp_path_factory.mktemp("es") / "project")
    shutil.copy2(ROOT / "content.es.yaml", folder / "content.es.yaml")
    return folder


@pytest.fixture(scope="session")
def spanish_content() -> dict[str, Any]:
    content: dict[str, Any] = yaml.safe_load((ROOT / "content.es.yaml").read_text("utf-8"))
    return content


@pytest.fixture(scope="session")
def spanish_pdf(spanish_project: Path) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        leaflet = brochure.load_leaflet(spanish_project / "content.es.yaml")
        return brochure.render_pdf(leaflet)


def test_the_spanish_text_is_all_there_in_order(
    spanish_pdf: bytes, spanish_content: dict[str, Any]
) -> None:
    text = normalise("\n".join(raw_pages(spanish_pdf)))
    assert_in_order(
        text,
        [
            spanish_content["title"],
            spanish_content["sections"][0]["heading"],
            spanish_content["benefits_heading"],
            *(benefit["title"] for benefit in spanish_content["benefits"]),
            spanish_content["safety_note"]["heading"],
            "Reserve su consulta",
            "Escanee para reservar",
        ],
    )
    for benefit in spanish_content["benefits"]:
        assert normalise(benefit["body"]) in text


def test_every_page_says_pagina_n_de_m(spanish_pdf: bytes) -> None:
    pages = raw_pages(spanish_pdf)
    assert len(pages) == 3
    for number, text in enumerate(pages, 1):
        assert f"Página {number} de {len(pages)}" in text


def test_the_pdf_language_and_metadata_are_spanish(spanish_pdf: bytes) -> None:
    reader = reader_of(spanish_pdf)
    assert pdf_dict(reader.trailer["/Root"]).get("/Lang") == "es"
    assert reader.metadata is not None
    keywords = str(reader.metadata["/Keywords"])
    assert keywords.startswith("información para pacientes, folleto")
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Reserve su consulta" in outline


def test_no_english_fixed_string_is_left(spanish_pdf: bytes, spanish_project: Path) -> None:
    text = normalise("\n".join(raw_pages(spanish_pdf)))
    # The brand file's own words are content, not the tool's (the sample brand's logo_alt).
    brand = brochure.load_leaflet(spanish_project / "content.es.yaml").brand
    everything = [text, *(s for s in pdf_strings(spanish_pdf) if s != brand.logo_alt)]
    # the walk reaches the outline and the metadata, where fixed strings also go
    assert any("Reserve su consulta" in found for found in everything[1:])
    assert any("información para pacientes" in found for found in everything[1:])
    spanish = messages_for("es")
    for key, source in english().items():
        if not re.search(r"[A-Za-z]{2}", source):
            continue  # quotation marks
        words = source.split("{")[0].strip() or source.split("}")[-1].strip()
        for phrase in (words, *Messages().keywords):
            assert not any(phrase in found for found in everything), (key, phrase)
        assert getattr(spanish, key) != getattr(Messages(), key)


def test_generated_alternative_text_is_spanish(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "project")
    shutil.copy2(ROOT / "content.es.yaml", folder / "content.es.yaml")
    brand = folder / "assets" / "brand.yaml"
    lines = brand.read_text("utf-8").splitlines(keepends=True)
    brand.write_text("".join(line for line in lines if not line.startswith("logo_alt:")), "utf-8")
    data = brochure.render_pdf(brochure.load_leaflet(folder / "content.es.yaml"))
    strings = list(pdf_strings(data))
    assert "Logotipo de Lumen Skin Clinic" in strings
    assert not any("Lumen Skin Clinic logo" in found for found in strings)


def test_spanish_words_are_hyphenated_by_spanish_rules(spanish_pdf: bytes) -> None:
    spanish = pyphen.Pyphen(lang="es", left=3, right=3)
    english_rules = pyphen.Pyphen(lang="en_US", left=3, right=3)
    breaks = hyphenations(spanish_pdf)
    assert breaks, "no word is hyphenated at a line end"
    for head, tail in breaks:
        assert len(head) in spanish.positions(head + tail), (head, tail)
    # "neuromodulado-res", "cual-quier": places only Spanish rules allow a break
    assert any(len(head) not in english_rules.positions(head + tail) for head, tail in breaks)


def test_the_cli_builds_the_spanish_sample(spanish_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "es.pdf"
    result = CliRunner().invoke(
        main, ["build", str(spanish_project / "content.es.yaml"), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "Página 1 de 3" in raw_pages(target.read_bytes())[0]


def test_a_regional_spanish_leaflet_uses_the_spanish_catalogue(spanish_project: Path) -> None:
    content = (spanish_project / "content.es.yaml").read_text("utf-8")
    mexican = spanish_project / "content.es-MX.yaml"
    mexican.write_text(content.replace("locale: es", "locale: es-MX"), "utf-8")
    data = brochure.render_pdf(brochure.load_leaflet(mexican))
    assert pdf_dict(reader_of(data).trailer["/Root"]).get("/Lang") == "es-MX"
    assert "Página 2 de 3" in raw_pages(data)[1]


def test_a_language_without_catalogue_falls_back_to_english(spanish_project: Path) -> None:
    english_text = (spanish_project / "content.yaml").read_text("utf-8")
    french = spanish_project / "content.fr.yaml"
    french.write_text(english_text.replace("locale: en", "locale: fr"), "utf-8")
    data = brochure.render_pdf(brochure.load_leaflet(french))
    assert "Page 1 of 3" in raw_pages(data)[0]
    (warning,) = catalogue_warnings("fr")
    assert warning.startswith('no catalogue for "fr"; using English for: ')


# --- Greek -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def greek_content() -> dict[str, Any]:
    content: dict[str, Any] = yaml.safe_load((GREEK / "content.yaml").read_text("utf-8"))
    return content


@pytest.fixture(scope="session")
def greek_pdf() -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return brochure.render_pdf(brochure.load_leaflet(GREEK / "content.yaml"))


def test_a_greek_leaflet_renders_and_extracts(
    greek_pdf: bytes, greek_content: dict[str, Any]
) -> None:
    text = normalise("\n".join(raw_pages(greek_pdf)))
    messages = greek_content["messages"]
    assert_in_order(
        text,
        [
            greek_content["brand"]["name"],
            greek_content["title"],
            normalise(greek_content["intro"]),
            greek_content["sections"][0]["heading"],
            messages["benefits_heading"],
            *(benefit["title"] for benefit in greek_content["benefits"]),
            greek_content["safety_note"]["heading"],
            normalise(greek_content["safety_note"]["body"]),
            messages["book_heading"],
            greek_content["brand"]["address"],
        ],
    )
    assert "Σελίδα 1 από 2" in text and "Σελίδα 2 από 2" in text
    assert not re.search(r"[\ufffd\u25a1]", text)  # no replacement character, no tofu box


def test_the_greek_pdf_says_it_is_greek_and_embeds_its_font(greek_pdf: bytes) -> None:
    reader = reader_of(greek_pdf)
    assert pdf_dict(reader.trailer["/Root"]).get("/Lang") == "el"
    assert reader.metadata is not None
    assert str(reader.metadata["/Keywords"]).startswith("ενημέρωση ασθενών, φυλλάδιο")
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in pdf_dict(pdf_dict(page["/Resources"])["/Font"]).values()
    }
    assert fonts and all("OpenSans" in name for name in fonts)


def test_greek_words_break_by_greek_rules(greek_pdf: bytes) -> None:
    greek = pyphen.Pyphen(lang="el", left=3, right=3)
    for head, tail in hyphenations(greek_pdf):
        assert len(head) in greek.positions(head + tail), (head, tail)


def test_a_character_the_font_lacks_is_named_with_its_field_and_code_point(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(GREEK)
    with pytest.raises(ContentError) as caught:
        brochure.load_leaflet("polytonic.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == ("polytonic.yaml", 8, 12)
    assert problem.field == "benefits[0].title"
    assert "U+1FF6 GREEK SMALL LETTER OMEGA WITH PERISPOMENI" in problem.message
    target = tmp_path / "never.pdf"
    result = CliRunner().invoke(main, ["build", "polytonic.yaml", "-o", str(target)])
    assert result.exit_code == 1 and not target.exists()
    assert "polytonic.yaml:8:12: benefits[0].title: the font Open Sans has no glyph" in (
        result.output
    )


# --- right to left: Hebrew and Arabic ---------------------------------------------------------


def plain(text: str) -> str:
    """Text as a reader compares it: Arabic presentation forms as their letters, a range's en
    dash as the hyphen typed in the content, the bullet and whitespace runs out."""
    text = unicodedata.normalize("NFKC", text).replace("\u2013", "-")
    return " ".join(text.replace("\u2022", " ").split())


@pytest.fixture(scope="session")
def rtl_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_sample(tmp_path_factory.mktemp("rtl") / "project")
    for name in ("content.he.yaml", "content.ar.yaml"):
        shutil.copy2(ROOT / name, folder / name)
    return folder


@pytest.fixture(scope="session", params=["he", "ar"])
def rtl_edition(request: pytest.FixtureRequest, rtl_project: Path) -> tuple[str, Any, bytes]:
    language: str = request.param
    path = rtl_project / f"content.{language}.yaml"
    leaflet = brochure.load_leaflet(path)
    return language, leaflet, brochure.render_pdf(leaflet)


def field_paragraphs(leaflet: Any) -> list[str]:
    """Every paragraph of text the content gives, as written."""
    texts = [leaflet.title, leaflet.subtitle or "", leaflet.closing or ""]
    texts += [leaflet.intro, leaflet.safety_note.heading or "", leaflet.safety_note.body]
    for section in leaflet.sections:
        texts += [section.heading, section.body]
        if section.fact is not None:
            texts += [section.fact.value, section.fact.label]
    for benefit in leaflet.benefits:
        texts += [benefit.title, benefit.body]
    return [
        "".join(run.text for run in block.runs)
        for text in texts
        for block in parse_blocks(text)
        if block.runs
    ]


def test_every_paragraph_of_a_right_to_left_edition_reads_back_as_written(
    rtl_edition: tuple[str, Any, bytes],
) -> None:
    _, leaflet, data = rtl_edition
    text = plain("\n".join(raw_pages(data)))
    for paragraph in field_paragraphs(leaflet):
        assert plain(paragraph) in text, paragraph


def test_arabic_reads_back_as_letters_not_their_joined_forms(
    rtl_edition: tuple[str, Any, bytes],
) -> None:
    _language, leaflet, data = rtl_edition
    text = "\n".join(raw_pages(data))
    assert not [c for c in text if "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff"]
    assert " ".join(leaflet.title.split()) in " ".join(text.split())


def test_a_right_to_left_pdf_says_its_language_and_embeds_the_script_font(
    rtl_edition: tuple[str, Any, bytes],
) -> None:
    language, _leaflet, data = rtl_edition
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == language
        assert str(pdf.Root.StructTreeRoot.K.get("/Lang", pdf.Root.Lang)) == language
        fonts = {str(font.BaseFont) for page in pdf.pages for font in page.Resources.Font.values()}
    script = "NotoSansHebrew" if language == "he" else "NotoNaskhArabic"
    assert any(script in name for name in fonts), fonts
    assert any("Lato" in name for name in fonts), fonts  # Latin words stay in the brand font


def test_the_structure_tree_gives_each_paragraph_as_written(
    rtl_edition: tuple[str, Any, bytes],
) -> None:
    _, leaflet, data = rtl_edition
    with pikepdf.open(io.BytesIO(data)) as pdf:
        said = [plain(str(e.ActualText)) for e in _elements(pdf.Root.StructTreeRoot)]
    for paragraph in field_paragraphs(leaflet):  # typeset: "3-4" is set with an en dash
        assert any(plain(paragraph) in text for text in said), paragraph


def _elements(node: Any) -> Iterator[Any]:
    """Every structure element under ``node`` that carries ``/ActualText``."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            if "/ActualText" in kid:
                yield kid
            yield from _elements(kid)


def test_running_text_is_flush_with_the_right_edge_of_its_column(
    rtl_edition: tuple[str, Any, bytes],
) -> None:
    import pypdfium2 as pdfium

    _, _leaflet, data = rtl_edition
    page = pdfium.PdfDocument(data)[0]
    width = page.get_width()
    text = page.get_textpage()
    lines: dict[int, float] = {}
    for index in range(text.count_chars()):
        if text.get_text_range(index, 1).strip():
            _, bottom, right, _ = text.get_charbox(index, loose=True)
            key = round(bottom)
            lines[key] = max(lines.get(key, 0.0), right)
    margin = width - max(lines.values())
    flush = [right for right in lines.values() if abs(width - margin - right) <= 0.5]
    # The title, the lede, a section's heading and text: many lines end at the same edge...
    assert len(flush) >= 8, sorted(lines.values())
    # ... which is the frame's right edge, the same distance from the paper's edge as the
    # left margin is on an English page.
    assert margin == pytest.approx(leaflet_margin(data), abs=0.5)


def leaflet_margin(data: bytes) -> float:
    """The grid's margin for the PDF's first page size: an English page's left margin, which a
    right-to-left page has on its right."""
    from brochure.layout.theme import Grid

    with pikepdf.open(io.BytesIO(data)) as pdf:
        box = pdf.pages[0].MediaBox
        return float(Grid(float(box[2]), float(box[3])).margin)


def test_page_labels_and_card_numbers_are_in_the_catalogue_s_digits(
    rtl_edition: tuple[str, Any, bytes],
) -> None:
    language, _leaflet, data = rtl_edition
    messages = messages_for(language)
    pages = raw_pages(data)
    for number, text in enumerate(pages, 1):
        label = messages.page_of.format(
            page=messages.number(number), pages=messages.number(len(pages))
        )
        assert plain(label) in plain(text), (label, text[-200:])
    assert plain(messages.number(1, 2)) in plain(pages[0] + pages[1])


def test_the_cli_builds_both_editions_in_both_profiles(rtl_project: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for language in ("he", "ar"):
        for profile in ("screen", "print"):
            out = tmp_path / f"{language}-{profile}.pdf"
            result = runner.invoke(
                main,
                ["build", str(rtl_project / f"content.{language}.yaml"), "--profile", profile,
                 "-o", str(out)],
            )  # fmt: skip
            assert result.exit_code == 0, result.output
            assert out.stat().st_size > 10_000
        check = runner.invoke(
            main,
            ["check", "--against", str(rtl_project / "content.yaml"),
             str(rtl_project / f"content.{language}.yaml")],
        )  # fmt: skip
        assert check.exit_code == 0, check.output
