"""brochure.content.model: the frozen models, used directly (without a content file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brochure.content.model import (
    Benefit,
    Brand,
    Fact,
    Fonts,
    Leaflet,
    SafetyNote,
    Section,
    json_schema,
)
from brochure.content.schema import Model, ValidationError, docstrings_in

BRAND: dict[str, Any] = {
    "name": "Clinic",
    "primary_color": "#1f4e5f",
    "accent_color": "#C8963E",
    "phone": "+44 20 7946 0321",
    "email": "info@clinic.example",
    "website": "https://clinic.example",
    "address": "1 Street\nTown",
    "booking_url": "https://clinic.example/book",
}
LEAFLET: dict[str, Any] = {
    "title": "  A title  ",
    "intro": "Intro **bold** and <b>not markup</b> & more.",
    "benefits": [{"title": "One", "body": "Body.", "icon": "smooth"}],
    "safety_note": "Ask first.",
    "brand": BRAND,
}


def errors(model: type[Model], data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(tuple(e["loc"]), e["type"]) for e in caught.value.errors()]


def test_a_minimal_leaflet() -> None:
    leaflet = Leaflet.model_validate(LEAFLET)
    assert leaflet.title == "A title"  # stripped
    assert leaflet.intro == LEAFLET["intro"]  # kept as typed: markup is interpreted later
    assert leaflet.locale == "en"
    assert leaflet.sections == ()
    assert leaflet.safety_note == SafetyNote(body="Ask first.")
    assert leaflet.brand.primary_color.rgb == "#1F4E5F"
    assert leaflet.brand.address == "1 Street\nTown"  # an address may have several lines


def test_models_are_frozen() -> None:
    leaflet = Leaflet.model_validate(LEAFLET)
    with pytest.raises(ValidationError):
        leaflet.title = "changed"  # type: ignore[misc]
    assert isinstance(leaflet.benefits, tuple)
    with pytest.raises(ValidationError):
        leaflet.brand.name = "x"  # type: ignore[misc]


def test_unknown_fields_are_refused_everywhere() -> None:
    data = {**LEAFLET, "extra": 1, "brand": {**BRAND, "colour": "x"}}
    data["benefits"] = [{**LEAFLET["benefits"][0], "emoji": "x"}]
    assert sorted(e for e in errors(Leaflet, data) if e[1] == "extra_forbidden") == [
        (("benefits", 0, "emoji"), "extra_forbidden"),
        (("brand", "colour"), "extra_forbidden"),
        (("extra",), "extra_forbidden"),
    ]


def test_no_type_coercion_from_numbers_or_booleans() -> None:
    # the YAML reader gives only text; anything else reaching the model is refused, not converted
    assert errors(Fact, {"value": 3, "label": True}) == [
        (("value",), "string_type"),
        (("label",), "string_type"),
    ]


@pytest.mark.parametrize(
    ("model", "data", "loc", "kind"),
    [
        (Fact, {"value": "x" * 17, "label": "l"}, ("value",), "string_too_long"),
        (Section, {"heading": "h", "body": "b" * 5001}, ("body",), "string_too_long"),
        (Benefit, {"title": "t" * 71, "body": "b", "icon": "star"}, ("title",), "string_too_long"),
        (Benefit, {"title": "t", "body": "b" * 701, "icon": "star"}, ("body",), "string_too_long"),
        (Benefit, {"title": " ", "body": "b", "icon": "star"}, ("title",), "string_too_short"),
        (Benefit, {"title": "a\nb", "body": "b", "icon": "star"}, ("title",), "value_error"),
        (Benefit, {"title": "t", "body": "b", "icon": "sparkles"}, ("icon",), "value_error"),
        (Benefit, {"title": "t", "body": "[x](data:y)", "icon": "star"}, ("body",), "value_error"),
        (SafetyNote, {"body": "b", "reminder": "r" * 111}, ("reminder",), "string_too_long"),
    ],
)  # fmt: skip
def test_field_limits(
    model: type[Model], data: dict[str, Any], loc: tuple[str, ...], kind: str
) -> None:
    assert errors(model, data) == [(loc, kind)]


def test_list_limits() -> None:
    benefit = LEAFLET["benefits"][0]
    assert errors(Leaflet, {**LEAFLET, "benefits": []}) == [(("benefits",), "too_short")]
    assert errors(Leaflet, {**LEAFLET, "benefits": [benefit] * 13}) == [(("benefits",), "too_long")]
    section = {"heading": "h", "body": "b"}
    assert errors(Leaflet, {**LEAFLET, "sections": [section] * 21}) == [(("sections",), "too_long")]
    assert len(Leaflet.model_validate({**LEAFLET, "benefits": [benefit] * 12}).benefits) == 12


@pytest.mark.parametrize("colour", ["#1F4E5F", "#abcdef", " #000000 "])
def test_good_colours(colour: str) -> None:
    brand = Brand.model_validate({**BRAND, "accent_color": colour})
    assert brand.accent_color.rgb == colour.strip().upper()


@pytest.mark.parametrize("colour", ["#1F4", "1F4E5F", "#1F4E5G", "#1F4E5F00", "teal", ""])
def test_bad_colours(colour: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Brand.model_validate({**BRAND, "primary_color": colour})
    [error] = caught.value.errors()
    assert error["loc"] == ("primary_color",)
    assert str(error["ctx"]["error"]) == (
        f'must be a colour written "#RRGGBB", such as "#1F4E5F" (got {colour.strip()!r})'
    )


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("email", "info@clinic.example", True),
        ("email", "info@clinic", False),
        ("email", "<info@clinic.example>", False),
        ("phone", "+44 (0)20 7946-0321", True),
        ("phone", "001100", True),
        ("phone", "call us", False),
        ("phone", "12", False),
        ("website", "http://clinic.example", True),
        ("website", "HTTPS://clinic.example", True),
        ("website", "javascript:alert(1)", False),
        ("website", "https://", False),
        ("booking_url", "tel:+4420", False),
        ("booking_url", "https://x.example/" + "a" * 300, False),
    ],
)
def test_brand_contact_fields(field: str, value: str, ok: bool) -> None:
    data = {**BRAND, field: value}
    if ok:
        assert getattr(Brand.model_validate(data), field) == value
    else:
        assert [loc for loc, _ in errors(Brand, data)] == [(field,)]


@pytest.mark.parametrize(
    ("locale", "ok"),
    [
        ("en", True),
        ("en-GB", True),
        ("pt_BR", True),
        ("no", True),
        ("English", False),
        ("e", False),
    ],
)
def test_locale(locale: str, ok: bool) -> None:
    data = {**LEAFLET, "locale": locale}
    if ok:
        assert Leaflet.model_validate(data).locale == locale
    else:
        assert errors(Leaflet, data) == [(("locale",), "value_error")]


def test_safety_note_plain_text_or_mapping() -> None:
    assert SafetyNote.model_validate("Careful.") == SafetyNote(body="Careful.")
    note = SafetyNote.model_validate(
        {"heading": "Read this", "body": "Careful.", "reminder": "Ask."}
    )
    assert (note.heading, note.body, note.reminder) == ("Read this", "Careful.", "Ask.")
    assert errors(SafetyNote, {"heading": "x"}) == [(("body",), "missing")]


def test_paths_without_an_asset_folder() -> None:
    # used without a validation context (no files checked), a path is still required to be text
    brand = Brand.model_validate({**BRAND, "logo": "logo.svg"})
    assert brand.logo == Path("logo.svg")
    for bad in (None, "", "  ", ["a"], 5):
        assert errors(Brand, {**BRAND, "logo": bad}) == [(("logo",), "value_error")]
    fonts = {"regular": "r.ttf", "bold": "b.ttf", "italic": "i.ttf", "bold_italic": "bi.ttf"}
    assert Fonts.model_validate(fonts).bold == Path("b.ttf")
    assert errors(Fonts, {**fonts, "italic": None}) == [(("italic",), "value_error")]


def test_json_schema_documents_every_field() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"title", "intro", "benefits", "safety_note", "brand"}
    assert {"type": "string"} in schema["properties"]["safety_note"]["anyOf"]
    assert schema["properties"]["brand"]["anyOf"][0]["type"] == "string"
    assert schema["properties"]["title"]["maxLength"] == 90
    for name, definition in [("Leaflet", schema), *schema["$defs"].items()]:
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_each_field_is_described_by_its_docstring() -> None:
    """Read from the source in one pass, as pydantic's use_attribute_docstrings would: every
    field of every model, multi-line docstrings cleaned, and the JSON Schema carries them."""
    for model in Model.__subclasses__():
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"
    assert SafetyNote.model_fields["heading"].description == (
        'Heading of the callout; defaults to "Important safety information", in the leaflet\'s\n'
        "language."
    )
    assert (
        Leaflet.model_fields["title"].description
        == "The leaflet's title, printed large on the cover."
    )
    schema = json_schema()
    assert (
        schema["$defs"]["Fact"]["properties"]["value"]["description"] == 'The figure, large: "3-4".'
    )


def test_field_docstrings_are_read_like_pydantics() -> None:
    source = (
        "class A(Model):\n"
        '    """The class\'s own docstring is not a field\'s."""\n'
        "    x: int\n"
        '    """About x,\n    on two lines."""\n'
        "    y: int = 1\n"
        "    z: int\n"
        '    """About z."""\n'
        "    def method(self) -> None:\n"
        "        w: int\n"
        '        """Not a field of A."""\n'
        "class B:\n"
        "    v = 1\n"
        '    """Not annotated: not a field."""\n'
    )
    assert docstrings_in(source) == {
        "A": {"x": "About x,\non two lines.", "z": "About z."},
        "B": {},
    }
