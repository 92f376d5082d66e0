"""brochure.preflight.fonts: widths and ToUnicode maps, expanded only as far as a one- or
two-byte font can use and at most Limits.font_entries codes per font; embedding."""

from __future__ import annotations

from typing import Any

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from brochure.preflight.fonts import HALF_EM_FONT, font_info, is_embedded, read_font
from brochure.preflight.limits import Budget, Limits
from brochure.preflight.streams import StreamReader
from tests.preflight.preflight_pdfs import zeros_deflated


@pytest.fixture
def pdf() -> pikepdf.Pdf:
    return pikepdf.new()


def streams(**limits: int) -> StreamReader:
    return StreamReader(Budget(Limits(**limits)))


def cmap(pdf: pikepdf.Pdf, body: bytes) -> pikepdf.Stream:
    return pdf.make_stream(b"begincmap\n" + body + b"\nendcmap")


def type0(w: list[object], **entries: Any) -> Dictionary:
    descendant = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, DW=1000, W=Array(w))
    return Dictionary(Type=Name.Font, Subtype=Name.Type0, DescendantFonts=[descendant], **entries)


def test_simple_font_widths_from_first_char() -> None:
    font = Dictionary(Subtype=Name.TrueType, FirstChar=65, Widths=[500, 600])
    read = read_font(font, streams())
    assert read.font.widths == {65: 0.5, 66: 0.6}
    assert read.font.default_width == 0.5 and read.problems == []
    assert read.font.decode(read.font.codes(b"AB")) == "AB"


def test_type3_widths_follow_its_matrix() -> None:
    font = Dictionary(
        Subtype=Name.Type3, FirstChar=0, Widths=[10], FontMatrix=[0.01, 0, 0, 0.01, 0, 0]
    )
    assert read_font(font, streams()).font.widths == {0: 0.1}


def test_cid_widths_both_forms() -> None:
    read = read_font(type0([1, Array([500, 250]), 10, 12, 300]), streams())
    assert read.font.widths == {1: 0.5, 2: 0.25, 10: 0.3, 11: 0.3, 12: 0.3}
    assert read.font.code_bytes == 2 and read.font.codes(b"\x00\x01\x00\x0a") == [1, 10]


def test_a_width_range_past_the_limit_stops_the_font() -> None:
    read = read_font(type0([0, 4294967295, 500, 5, 5, 100]), streams(font_entries=1000))
    assert len(read.font.widths) == 1000 and read.font.widths[999] == 0.5
    assert read.problems == ["its widths name more than 1,000 codes (the limit)"]


def test_empty_width_groups_still_count_towards_the_limit() -> None:
    read = read_font(type0([0, Array([])] * 50_000), streams(font_entries=100))
    assert read.font.widths == {}
    assert read.problems == ["its widths name more than 100 codes (the limit)"]
    assert read.work == 100


def test_to_unicode_chars_ranges_and_arrays(pdf: pikepdf.Pdf) -> None:
    body = (
        b"2 beginbfchar <01> <0041> <02> <D835DC9C> endbfchar\n"
        b"1 beginbfrange <10> <12> <0061> endbfrange\n"
        b"1 beginbfrange <20> <21> [<0066 0066> <0078>] endbfrange"
    )
    font = Dictionary(Subtype=Name.Type1, ToUnicode=cmap(pdf, body))
    read = read_font(font, streams())
    assert read.font.unicode == {
        1: "A",
        2: "\U0001d49c",
        16: "a",
        17: "b",
        18: "c",
        32: "ff",
        33: "x",
    }
    assert read.font.decode([1, 2, 99]) == "A\U0001d49c\ufffd"


def test_a_to_unicode_range_over_every_code_stops_at_the_limit(pdf: pikepdf.Pdf) -> None:
    body = b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange"
    font = Dictionary(Subtype=Name.Type0, ToUnicode=cmap(pdf, body))
    read = read_font(font, streams())
    assert len(read.font.unicode) == 65536  # the codes a two-byte font can use
    assert read.problems == ["its ToUnicode map names more than 131,072 codes (the limit)"]


def test_to_unicode_oddities_are_read_safely(pdf: pikepdf.Pdf) -> None:
    body = (
        b"beginbfchar " * 20_000  # never ended: found in one pass, not twenty thousand
        + b"1 beginbfrange <00> <FF> <DBFF DFFF> endbfrange"  # would run past U+10FFFF
    )
    read = read_font(Dictionary(Subtype=Name.Type1, ToUnicode=cmap(pdf, body)), streams())
    assert read.font.unicode == {0: "\U0010ffff"}
    long_target = b"beginbfchar <01> <" + b"0041" * 1000 + b"> endbfchar"
    read = read_font(Dictionary(Subtype=Name.Type1, ToUnicode=cmap(pdf, long_target)), streams())
    assert read.font.unicode == {1: "A" * 16}


def test_a_to_unicode_bomb_is_not_read(pdf: pikepdf.Pdf) -> None:
    bomb = pdf.make_stream(b"")
    bomb.write(zeros_deflated(8 << 20), filter=Name.FlateDecode)
    read = read_font(Dictionary(Subtype=Name.Type1, ToUnicode=bomb), streams(stream_bytes=1 << 20))
    assert read.font.unicode == {}
    assert read.problems == [
        "its ToUnicode map was not read: a stream decodes to more than 1 MiB "
        "(the limit per stream; a compression bomb?)"
    ]


def test_embedding_and_names(pdf: pikepdf.Pdf) -> None:
    descriptor = Dictionary(FontFile2=pdf.make_stream(b""))
    embedded = Dictionary(Subtype=Name.TrueType, BaseFont=Name.Sans, FontDescriptor=descriptor)
    assert is_embedded(embedded)
    assert is_embedded(Dictionary(Subtype=Name.Type3))
    assert not is_embedded(Dictionary(Subtype=Name.Type1, BaseFont=Name.Helvetica))
    assert not is_embedded(Dictionary(Subtype=Name.Type0, DescendantFonts=[]))
    assert is_embedded(Dictionary(Subtype=Name.Type0, DescendantFonts=[embedded]))
    assert font_info(embedded, "/F1") == font_info(embedded, "/F2")
    assert font_info(Dictionary(), "/F3").name == "F3"
    assert (font_info(Dictionary(), "/F3").kind, HALF_EM_FONT.default_width) == ("font", 0.5)
