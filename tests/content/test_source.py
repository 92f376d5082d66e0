"""brochure.content.source: YAML -> plain data + a source map, every problem located."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brochure.content import source as source_module
from brochure.content.source import (
    MAX_FILE_BYTES,
    Location,
    display_name,
    format_path,
    parse_source,
    read_source,
)
from brochure.errors import ContentError

NAME = "content.yaml"


def parse(text: str | bytes) -> object:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_source(raw, NAME).data


def problems(text: str | bytes) -> list[str]:
    """Every problem parse_source reports for ``text``, as printed: raised when the data is
    unusable, else kept on the Source for validation to report with the field problems."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        source = parse_source(raw, NAME)
    except ContentError as caught:
        return [str(problem) for problem in caught.problems]
    assert source.problems, "parse_source found nothing wrong"
    return [str(problem) for problem in source.problems]


def test_usable_data_keeps_its_problems_for_validation() -> None:
    source = parse_source(b"title: One\ntitle: Two\nintro: &a Hi\n", NAME)
    assert source.data == {"title": "One", "intro": "Hi"}
    assert [p.line for p in source.problems] == [2, 3]
    with pytest.raises(ContentError):
        parse_source(b"title: [unclosed\n", NAME)


# --- plain data and the source map -------------------------------------------------------


def test_plain_data_and_locations() -> None:
    src = parse_source(
        b"title: Hello\nbenefits:\n  - title: One\n    body: Two\n  - title: Three\n", NAME
    )
    assert src.data == {
        "title": "Hello",
        "benefits": [{"title": "One", "body": "Two"}, {"title": "Three"}],
    }
    assert src.values[("title",)] == Location(1, 8)
    assert src.keys[("benefits",)] == Location(2, 1)
    assert src.values[("benefits", 1, "title")] == Location(5, 12)
    assert src.keys[("benefits", 0, "body")] == Location(4, 5)
    # a field that is not written is located at its nearest written ancestor
    assert src.locate(("benefits", 1, "body")) == Location(5, 5)
    assert src.locate(("nothing", "here")) == Location(1, 1)
    assert str(src.problem(("benefits", 1, "icon"), "field required")) == (
        "content.yaml:5:5: benefits[1].icon: field required"
    )
    assert str(src.problem(("benefits", 0, "body"), "x", at_key=True)) == (
        "content.yaml:4:5: benefits[0].body: x"
    )


def test_format_path() -> None:
    assert format_path(()) == ""
    assert format_path(("title",)) == "title"
    assert format_path(("benefits", 2, "title")) == "benefits[2].title"
    assert format_path(("brand", "fonts", "bold")) == "brand.fonts.bold"


# --- every scalar is text ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "no", "yes", "on", "off", "true", "False", "null", "Null", "~", "001100", "2024",
        "0x1F", "0o17", "1e3", "1_000", "12:30:00", "2024-01-31", ".inf", "-.nan", "+44",
        "3-4", "0.50",
    ],
)  # fmt: skip
def test_every_scalar_is_kept_as_typed(typed: str) -> None:
    data = parse(f"value: {typed}\nlist:\n  - {typed}\n{typed}: key\n")
    assert data == {"value": typed, "list": [typed], typed: "key"}


def test_quoted_scalars_and_block_scalars_are_text() -> None:
    text = "a: '2024'\nb: \"no\"\nc: |\n  line one\n  line two\nd: >\n  folded\n  text\ne: ''\n"
    assert parse(text) == {
        "a": "2024",
        "b": "no",
        "c": "line one\nline two\n",
        "d": "folded text\n",
        "e": "",
    }


def test_empty_value_is_none_and_unquoted_colour_is_a_comment() -> None:
    # `#1F4E5F` unquoted starts a YAML comment: the value is empty, never a number or a colour
    assert parse("empty:\nprimary_color: #1F4E5F\n") == {"empty": None, "primary_color": None}


# --- anchors, aliases, tags --------------------------------------------------------------


def test_anchors_and_aliases_are_refused_with_their_place() -> None:
    text = "title: &t Hello\nsubtitle: *t\nbase: &b\n  x: y\nmore:\n  <<: *b\n"
    assert problems(text) == [
        "content.yaml:1:8: title: anchors (&t) are not allowed; write the value out",
        "content.yaml:2:11: subtitle: aliases (*t) are not allowed; write the value out",
        "content.yaml:3:7: base: anchors (&b) are not allowed; write the value out",
        "content.yaml:6:7: more.<<: aliases (*b) are not allowed; write the value out",
    ]


@pytest.mark.parametrize(
    ("line", "tag"),
    [
        ("value: !!int 5", "tag:yaml.org,2002:int"),
        ("value: !!bool yes", "tag:yaml.org,2002:bool"),
        ("value: !!python/object:os.system x", "tag:yaml.org,2002:python/object:os.system"),
        ("value: !custom x", "!custom"),
    ],
)
def test_tags_are_refused(line: str, tag: str) -> None:
    assert problems(f"title: ok\n{line}\n") == [
        f"content.yaml:2:8: value: YAML tags ({tag}) are not allowed; write plain text"
    ]


def test_str_tags_are_accepted() -> None:
    assert parse("a: !!str 5\nb: ! 6\n") == {"a": "5", "b": "6"}


def test_tags_on_collections_are_refused() -> None:
    assert problems("value: !!set {a}\n") == [
        "content.yaml:1:8: value: YAML tags (tag:yaml.org,2002:set) are not allowed"
    ]


# --- duplicate keys ----------------------------------------------------------------------


def test_duplicate_keys_are_refused_naming_the_first() -> None:
    text = "title: One\nbenefits:\n  - title: A\n    body: B\n    title: C\ntitle: Two\n"
    assert problems(text) == [
        "content.yaml:5:5: benefits[0].title: the key 'title' is given twice (first on line 3)",
        "content.yaml:6:1: title: the key 'title' is given twice (first on line 1)",
    ]


def test_quoting_does_not_hide_a_duplicate() -> None:
    assert problems("title: a\n'title': b\n") == [
        "content.yaml:2:1: title: the key 'title' is given twice (first on line 1)"
    ]


def test_a_key_must_be_text() -> None:
    assert problems("? [a, b]\n: c\ntitle: x\n") == ["content.yaml:1:3: a key must be plain text"]


# --- syntax errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: Botox: what to know\n",
            "content.yaml:1:13: YAML syntax error: mapping values are not allowed in this "
            'context (put text that contains ": " in quotes, or check the indentation)',
        ),
        (
            "title: ok\nintro: @clinic\n",
            "content.yaml:2:8: YAML syntax error: while scanning for the next token, found "
            "character that cannot start any token (put text that starts with @, `, %, *, & or "
            "! in quotes)",
        ),
        (
            'title: "unclosed\nintro: x\n',
            "content.yaml:3:1: YAML syntax error: while scanning a quoted scalar, found "
            "unexpected end of stream (a quote mark is opened but never closed)",
        ),
        (
            "benefits:\n  - title: a\n   body: b\n",
            "content.yaml:3:4: YAML syntax error: while parsing a block collection, did not find "
            "expected '-' indicator (check the indentation of this line and the lines above)",
        ),
    ],
)
def test_syntax_errors_are_located_with_a_hint(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_tab_indentation_is_explained() -> None:
    [message] = problems("benefits:\n\t- title: a\n")
    assert message.startswith("content.yaml:2:1: YAML syntax error: ")
    assert message.endswith("(indent with spaces, not tabs)")


def test_only_one_document() -> None:
    assert problems("title: a\n---\ntitle: b\n") == [
        "content.yaml:2:1: only one YAML document is allowed (remove '---')"
    ]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "---\n"])
def test_the_file_must_be_a_mapping(text: str) -> None:
    assert problems(text) == [
        "content.yaml:1:1: the file must be a mapping of 'field: value' lines"
    ]


# --- encoding, emptiness, size, control characters ----------------------------------------


def test_not_utf8_is_located_at_the_first_bad_byte() -> None:
    raw = "title: ok\nintro: Caf\u00e9 cr\u00e8me\n".encode("latin-1")
    assert problems(raw) == [
        "content.yaml:2:11: the file is not UTF-8 text (byte 0xE9); save it as UTF-8"
    ]


def test_not_utf8_column_counts_characters() -> None:
    raw = "title: ok\nintro: Caf\u00e9 cr\u00e8me \u2013 ".encode() + b"\x92tis\n"
    assert problems(raw) == [
        "content.yaml:2:21: the file is not UTF-8 text (byte 0x92); save it as UTF-8"
    ]


def test_utf16_is_not_utf8() -> None:
    raw = "title: ok\n".encode("utf-16")
    assert problems(raw) == [
        "content.yaml:1:1: the file is not UTF-8 text (byte 0xFF); save it as UTF-8"
    ]


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbftitle: Caf\xc3\xa9\n") == {"title": "Caf\u00e9"}


@pytest.mark.parametrize("raw", [b"", b"\n\n", b"   \n\t\n", b"# only a comment\n\n  # another\n"])
def test_empty_files_are_refused(raw: bytes) -> None:
    assert problems(raw) == ["content.yaml: the file is empty"]


def test_too_large_bytes_are_refused_before_parsing() -> None:
    raw = b"title: " + b"x" * MAX_FILE_BYTES
    assert problems(raw) == [
        "content.yaml: the file is 513 KB; content files are limited to 512 KB"
    ]


def test_control_characters_are_located_with_their_field() -> None:
    text = (
        "title: Clean\u0007\n"
        "subtitle: fine\n"
        "benefits:\n"
        "  - body: |\n"
        "      pasted\u0080 from elsewhere\n"
        "title: twice\n"
    )
    assert problems(text) == [
        "content.yaml:1:13: title: contains an invisible control character (U+0007); delete it",
        "content.yaml:5:13: benefits[0].body: contains an invisible control character (U+0080); "
        "delete it",
        # the rest of the file is still checked in the same run
        "content.yaml:6:1: title: the key 'title' is given twice (first on line 1)",
    ]


def test_control_characters_written_as_escapes_are_kept() -> None:
    # in a double-quoted scalar they are typed visibly; the glyph check deals with them later
    assert parse('title: "a\\x07b"\n') == {"title": "a\x07b"}


def test_every_problem_of_a_file_is_reported_in_line_order() -> None:
    text = "title: &x one\nsubtitle: ok\ntitle: again\nintro: *x\nlocale: !!int 5\n"
    assert problems(text) == [
        "content.yaml:1:8: title: anchors (&x) are not allowed; write the value out",
        "content.yaml:3:1: title: the key 'title' is given twice (first on line 1)",
        "content.yaml:4:8: intro: aliases (*x) are not allowed; write the value out",
        "content.yaml:5:9: locale: YAML tags (tag:yaml.org,2002:int) are not allowed; "
        "write plain text",
    ]


# --- read_source: the file itself --------------------------------------------------------


def test_read_source_names_files_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "content.yaml"
    path.write_text("title: x\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    src = read_source(Path("sub/content.yaml"))
    assert src.name == os.path.join("sub", "content.yaml")
    assert src.data == {"title": "x"}
    monkeypatch.chdir(tmp_path / "sub")
    assert display_name(path) == "content.yaml"


def test_files_outside_the_working_folder_are_named_absolutely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    path = tmp_path / "content.yaml"
    path.write_bytes(b"")
    assert display_name(path) == str(path)
    with pytest.raises(ContentError) as caught:
        read_source(Path("../content.yaml"))
    assert [str(p) for p in caught.value.problems] == [f"{path}: the file is empty"]


def test_read_source_missing_file_and_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.yaml").mkdir()
    for name, expected in [
        ("missing.yaml", "missing.yaml: the file does not exist"),
        ("folder.yaml", "folder.yaml: the file is not a regular file"),
    ]:
        with pytest.raises(ContentError) as caught:
            read_source(Path(name))
        assert [str(p) for p in caught.value.problems] == [expected]


def test_read_source_refuses_a_large_file_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with (tmp_path / "content.yaml").open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: cheap to make
    monkeypatch.setattr(Path, "read_bytes", _must_not_read)
    with pytest.raises(ContentError) as caught:
        read_source(Path("content.yaml"))
    assert [str(p) for p in caught.value.problems] == [
        "content.yaml: the file is 5120 KB; content files are limited to 512 KB"
    ]


def _must_not_read(self: Path) -> bytes:
    raise AssertionError(f"{self} was read")


def test_read_source_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content.yaml").write_text("title: x\n")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ContentError) as caught:
        read_source(Path("content.yaml"))
    assert [str(p) for p in caught.value.problems] == [
        "content.yaml: cannot read: Permission denied"
    ]


def test_the_cap_is_sane() -> None:
    # a real content file is a few KB; the cap must allow a long leaflet but stop a stray PDF
    assert 64 * 1024 <= source_module.MAX_FILE_BYTES <= 2 * 1024 * 1024


def test_runaway_nesting_is_a_located_problem_not_a_crash() -> None:
    text = "title: " + "{a: " * 500 + "x" + "}" * 500 + "\nintro: Hi\n"
    (message,) = problems(text)
    assert message.startswith("content.yaml:1:") and "nested too deeply" in message
    assert parse_source(text.encode(), NAME).data["intro"] == "Hi"
