"""brochure.content.schema: the field specs, the models they make and the JSON Schema they write,
on small models of the test's own (the leaflet's own schema is tested in test_model.py)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brochure.content.schema import (
    INVALID,
    Entries,
    Integer,
    Issues,
    Items,
    Model,
    Nested,
    Number,
    Plain,
    Text,
    ValidationError,
    docstrings_in,
    field,
    field_docstrings,
    line,
)


def _path(value: Any, context: Any) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a path to a file")
    return Path(context.get("base", ".")) / value


class Leaf(Model):
    """A leaf."""

    name: str = field(line(5))
    """Its name."""
    note: str | None = field(line(), default=None)
    """A note."""


class Tree(Model):
    """A tree."""

    leaves: tuple[Leaf, ...] = field(Items(Nested(Leaf), 1, 3))
    """The leaves."""
    count: int = field(Integer(1, 10), default=2)
    """How many."""
    size: float | None = field(Number(0.5, 2), default=None)
    """How big."""
    tags: dict[str, str] = field(Entries(line()), default_factory=dict)
    """Tags."""
    file: Path | None = field(Plain(_path, {"type": "string"}), default=None)
    """A file."""
    top: Leaf | None = field(Nested(Leaf), default=None)
    """The top leaf."""


def problems(model: type[Model], data: Any) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(tuple(e["loc"]), e["type"]) for e in caught.value.errors()]


def test_valid_data_becomes_a_frozen_model() -> None:
    tree = Tree.model_validate({"leaves": [{"name": " oak "}], "size": "1.5", "count": 3.0})
    assert tree.leaves == (Leaf(name="oak"),)
    assert (tree.count, tree.size, tree.tags, tree.file, tree.top) == (3, 1.5, {}, None, None)
    assert isinstance(tree.count, int)
    with pytest.raises(ValidationError):
        tree.count = 4  # type: ignore[misc]
    with pytest.raises(ValidationError):
        del tree.count


def test_every_problem_is_reported_with_its_place() -> None:
    data = {
        "leaves": [{"name": "toolong"}, {"nam": "x"}, 5, {"name": "ok"}],
        "count": 11,
        "size": "big",
        "tags": {"a": "", 3: "x"},
        "file": " ",
        "extra": 1,
    }
    assert problems(Tree, data) == [
        (("leaves",), "too_long"),  # counted though its items are invalid too
        (("leaves", 0, "name"), "string_too_long"),
        (("leaves", 1, "name"), "missing"),
        (("leaves", 1, "nam"), "extra_forbidden"),
        (("leaves", 2), "model_type"),
        (("count",), "less_than_equal"),
        (("size",), "float_type"),
        (("tags", "a"), "string_too_short"),
        (("tags", "3"), "string_type"),
        (("file",), "value_error"),
        (("extra",), "extra_forbidden"),
    ]


def test_messages_and_limits_travel_with_each_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        Tree.model_validate({"leaves": [], "count": 0, "file": ""})
    found = {e["loc"]: e for e in caught.value.errors()}
    assert found[("leaves",)]["ctx"] == {"min_length": 1}
    assert found[("count",)]["msg"] == "must be at least 1"
    assert str(found[("file",)]["ctx"]["error"]) == "must be a path to a file"
    assert "3 problem(s) in Tree" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "kind"),
    [(True, "int_type"), ("x", "int_type"), (2.5, "int_from_float"), (None, "int_type"),
     (float("nan"), "int_type"), ("inf", "int_type"), (0, "greater_than_equal"),
     (10**400, "less_than_equal"), ("9" * 400, "int_type")],
)  # fmt: skip
def test_whole_numbers(value: Any, kind: str) -> None:
    assert problems(Tree, {"leaves": [{"name": "a"}], "count": value}) == [(("count",), kind)]


def test_a_number_too_large_for_a_float_is_a_located_problem() -> None:
    leaves = [{"name": "a"}]
    assert problems(Tree, {"leaves": leaves, "size": 10**400}) == [(("size",), "float_type")]


def test_numbers_written_as_text_or_whole() -> None:
    for written, read in (("2", 2.0), (1, 1.0), (" 0.5 ", 0.5)):
        assert Tree.model_validate({"leaves": [{"name": "a"}], "size": written}).size == read


def test_empty_values() -> None:
    leaves = [{"name": "a"}]
    # a field whose default is nothing may be written empty...
    assert Tree.model_validate({"leaves": leaves, "size": None, "top": None}).top is None
    # ...but not one with another default, and a path written empty is the spec's to judge
    assert problems(Tree, {"leaves": leaves, "count": None, "tags": None, "file": None}) == [
        (("count",), "int_type"),
        (("tags",), "dict_type"),
        (("file",), "value_error"),
    ]
    assert problems(Tree, {"leaves": None}) == [(("leaves",), "tuple_type")]
    assert problems(Tree, None) == [((), "model_type")]


def test_context_reaches_the_checks() -> None:
    tree = Tree.model_validate({"leaves": [{"name": "a"}], "file": "x"}, context={"base": "/b"})
    assert tree.file == Path("/b/x")


def test_a_model_instance_is_taken_as_it_is() -> None:
    leaf = Leaf(name="a")
    assert Tree.model_validate({"leaves": [leaf], "top": leaf}).top is leaf


def test_construct_copy_equality_hash_pickle() -> None:
    tree = Tree.model_validate({"leaves": [{"name": "a"}], "tags": {"k": "v"}})
    copied = tree.model_copy(update={"count": 5})
    assert (copied.count, tree.count, copied.leaves) == (5, 2, tree.leaves)
    assert copied != tree and tree.model_copy() == tree
    assert pickle.loads(pickle.dumps(tree)) == tree
    assert hash(Leaf(name="a")) == hash(Leaf(name="a")) != hash(Leaf(name="b"))
    assert Leaf(name="a") != Leaf(name="a", note="n")
    bare = Tree.model_construct(count=9)
    assert (bare.count, bare.size, bare.tags) == (9, None, {})
    assert not hasattr(bare, "leaves")  # required, and not given
    assert repr(Leaf(name="a")) == "Leaf(name='a', note=None)"
    with pytest.raises(ValidationError):
        Leaf(name="")


def test_json_schema() -> None:
    schema = Tree.model_json_schema()
    assert schema["required"] == ["leaves"]
    assert schema["additionalProperties"] is False
    assert schema["description"] == "A tree."
    leaves = schema["properties"]["leaves"]
    assert leaves == {
        "description": "The leaves.",
        "items": {"$ref": "#/$defs/Leaf"},
        "maxItems": 3,
        "minItems": 1,
        "title": "Leaves",
        "type": "array",
    }
    assert schema["properties"]["count"]["default"] == 2
    assert schema["properties"]["size"]["anyOf"] == [
        {"maximum": 2, "minimum": 0.5, "type": "number"},
        {"type": "null"},
    ]
    assert schema["properties"]["tags"]["additionalProperties"] == {
        "minLength": 1,
        "type": "string",
    }
    assert schema["$defs"]["Leaf"]["properties"]["name"]["maxLength"] == 5
    assert set(schema["$defs"]) == {"Leaf"}


def test_field_docs_and_nesting() -> None:
    assert field_docstrings(Tree)["size"] == "How big."
    assert Tree.model_fields["leaves"].description == "The leaves."
    assert Tree.model_fields["leaves"].spec.model is Leaf  # a list of them
    assert Tree.model_fields["top"].spec.model is Leaf
    assert Tree.model_fields["count"].spec.model is None
    assert docstrings_in("class A:\n    x: int\n    'About x.'\n") == {"A": {"x": "About x."}}


def test_a_failed_value_is_invalid_and_recorded() -> None:
    issues = Issues()
    assert Text(max_length=2).check("abc", ("f",), {}, issues) is INVALID
    assert issues.found == [
        {
            "type": "string_too_long",
            "loc": ("f",),
            "msg": "String too long",
            "input": "abc",
            "ctx": {"max_length": 2},
        }
    ]


@given(st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=3)))
def test_any_value_of_a_line_is_its_text_or_a_located_problem(value: Any) -> None:
    issues = Issues()
    result = line(8).check(value, ("name",), {}, issues)
    if result is INVALID:
        assert len(issues.found) == 1 and issues.found[0]["loc"] == ("name",)
    else:
        assert isinstance(value, str) and result == value.strip()
        assert 1 <= len(result) <= 8 and "\n" not in result and not issues.found
