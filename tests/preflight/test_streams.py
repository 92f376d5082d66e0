"""brochure.preflight.streams: decoding with a cap on the bytes made (a Flate bomb costs no more
than the limit), filters qpdf undoes only when their worst case fits, parsing bounded by the
tokens a stream can hold, and qpdf's warnings read as damage."""

from __future__ import annotations

import base64
import re
import zlib

import pikepdf
import pytest
from pikepdf import Name

from brochure.preflight.limits import Budget, LimitReached, Limits
from brochure.preflight.streams import (
    StreamReader,
    UnreadableStream,
    count_tokens,
    first_problem,
    qpdf_message,
)
from tests.preflight.preflight_pdfs import zeros_deflated

KIB = 1024


@pytest.fixture
def pdf() -> pikepdf.Pdf:
    return pikepdf.new()


def reader(**limits: int) -> StreamReader:
    return StreamReader(Budget(Limits(**limits)))


def encoded(
    pdf: pikepdf.Pdf,
    data: bytes,
    filters: pikepdf.Name | pikepdf.Array | list[pikepdf.Name],
    parms: pikepdf.Dictionary | pikepdf.Array | None = None,
) -> pikepdf.Stream:
    """A stream holding ``data`` as given, declared as encoded with ``filters``."""
    stream = pikepdf.Stream(pdf, b"")
    stream.write(data, filter=filters, decode_parms=parms)
    return stream


def lzw(data: bytes) -> bytes:
    """``data`` LZW-encoded without compression (each byte a 9-bit code), as PDF allows."""
    codes = [256, *data, 257]
    bits = "".join(f"{code:09b}" for code in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def test_unfiltered_and_flate_streams(pdf: pikepdf.Pdf) -> None:
    streams = reader()
    assert streams.read(pdf.make_stream(b"0 0 m")) == b"0 0 m"
    assert streams.read(encoded(pdf, zlib.compress(b"q Q"), Name.FlateDecode)) == b"q Q"
    assert streams.read(encoded(pdf, zlib.compress(b"abcdef"), Name.FlateDecode), head=2) == b"ab"
    assert streams.budget.file_bytes == 5 + 3 + 2


def test_a_chain_of_filters_and_a_predictor(pdf: pikepdf.Pdf) -> None:
    data = base64.a85encode(zlib.compress(b"BT ET"), adobe=True)[2:]
    chain = pikepdf.Array([Name.ASCII85Decode, Name.FlateDecode])
    assert reader().read(encoded(pdf, data, chain)) == b"BT ET"
    # PNG "Up" predictor over two rows of two bytes
    rows = zlib.compress(b"\x02\x01\x02\x02\x01\x02")
    parms = pikepdf.Dictionary(Predictor=12, Columns=2)
    assert reader().read(encoded(pdf, rows, Name.FlateDecode, parms)) == b"\x01\x02\x02\x04"


def test_a_flate_bomb_stops_at_the_limit(pdf: pikepdf.Pdf) -> None:
    bomb = encoded(pdf, zeros_deflated(100 << 20), Name.FlateDecode)
    streams = reader(stream_bytes=1 << 20)
    with pytest.raises(LimitReached, match=r"decodes to more than 1 MiB \(the limit per stream"):
        streams.read(bomb)
    assert streams.budget.file_bytes == 0


def test_the_file_limit_counts_every_stream(pdf: pikepdf.Pdf) -> None:
    streams = reader(stream_bytes=100 * KIB, file_bytes=250 * KIB)
    stream = encoded(pdf, zeros_deflated(100 * KIB), Name.FlateDecode)
    streams.read(stream)
    streams.read(stream)
    with pytest.raises(LimitReached, match=r"the file's limit of 250 KiB"):
        streams.read(stream)


def test_lzw_is_decoded_only_when_its_worst_case_fits(pdf: pikepdf.Pdf) -> None:
    stream = encoded(pdf, lzw(b"0 0 m 1 1 l S"), Name.LZWDecode)
    assert reader().read(stream) == b"0 0 m 1 1 l S"
    with pytest.raises(LimitReached, match=r"LZWDecode could decode to more than 4 KiB"):
        reader(stream_bytes=4 * KIB).read(stream)


@pytest.mark.parametrize(
    ("data", "filters", "reason"),
    [
        (b"not zlib", Name.FlateDecode, "its Flate data is damaged"),
        (b"\xff\xd8", Name.DCTDecode, "its filter /DCTDecode is not one content streams use"),
        (b"x", pikepdf.Array([Name.ASCIIHexDecode] * 9), "it has 9 filters (at most 8 are read)"),
        (b"x", pikepdf.Array([1]), "its /Filter is not a name or an array of names"),
    ],
    ids=["damaged-flate", "image-filter", "too-many-filters", "not-a-name"],
)
def test_streams_that_cannot_be_decoded(
    pdf: pikepdf.Pdf, data: bytes, filters: object, reason: str
) -> None:
    stream = pdf.make_stream(data)
    stream.Filter = filters
    with pytest.raises(UnreadableStream, match=re.escape(reason)):
        reader().read(stream)


def test_only_streams_are_read(pdf: pikepdf.Pdf) -> None:
    with pytest.raises(UnreadableStream, match="it is not a stream"):
        reader().read(pikepdf.Dictionary())


def test_tokens_are_counted_by_their_separators() -> None:
    assert count_tokens(b"") == 1
    assert count_tokens(b"q Q") == 2
    assert count_tokens(b"[(a)(b)]TJ") == 7
    assert count_tokens(b"0 " * 1000) == 1001


def test_parsing_is_refused_past_the_token_limit() -> None:
    streams = reader(page_tokens=100)
    with pytest.raises(LimitReached, match=r"more than 100 tokens \(the limit per page\)"):
        streams.parse(b"q " * 100)
    assert streams.budget.page_tokens == 0
    assert len(streams.parse(b"q " * 40).instructions) == 40
    assert streams.budget.page_tokens == 41


def test_damage_while_parsing_is_reported() -> None:
    streams = reader()
    sound = streams.parse(b"0 0 m 1 1 l S")
    assert [str(i.operator) for i in sound.instructions] == ["m", "l", "S"]
    assert sound.damage == ()
    damaged = streams.parse(b"0 0 m } 1 1 l (unterminated")
    assert damaged.damage[0] == "treating unexpected brace token as null (offset 6)"
    assert len(damaged.damage) == 2
    assert streams.parse(b"q Q").damage == ()


def test_qpdf_messages_lose_the_file_name_and_are_kept_short() -> None:
    assert qpdf_message("stream <_io.BytesIO object at 0x7f>: file is damaged") == "file is damaged"
    assert qpdf_message("stream <x> (offset 286): error decoding") == "error decoding (offset 286)"
    assert qpdf_message("stream <x> (object 4 0): loop") == "loop (object 4 0)"
    assert qpdf_message("content stream objects stream 3 0 (content): EOF") == "EOF"
    assert len(qpdf_message("x" * 10_000)) == 200


def test_first_problem_says_how_many_more() -> None:
    assert first_problem(["a"]) == "a"
    assert first_problem(["a", "b"]) == "a (and 1 more problem)"
    assert first_problem(["a", "b", "c"]) == "a (and 2 more problems)"
