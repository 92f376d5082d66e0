"""brochure.layout.faces: parsed TrueType faces kept in the cache, read back as ReportLab parsed
them, and never used when the entry is not what brochure wrote."""

from __future__ import annotations

import hashlib
import marshal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.layout.faces import decode_face, encode_face, font_of, load_font

ROOT = Path(__file__).resolve().parents[2]
FONTS = sorted(
    [*(ROOT / "brochure/data/fonts").glob("*.ttf"), *(ROOT / "assets/fonts").glob("*.ttf")]
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_a_face_reads_back_as_parsed(path: Path) -> None:
    data = path.read_bytes()
    parsed = TTFont("parsed", BytesIO(data)).face
    face = decode_face(encode_face(parsed), data)
    assert face is not None
    expected = dict(parsed.__dict__)
    found = dict(face.__dict__)
    scale, parsed_scale = found.pop("_pdfScale"), expected.pop("_pdfScale")
    assert found == expected
    assert found["_ttf_data"] is data
    for units in (0, 1, 77, 1000, -250.5):
        assert scale(units) == parsed_scale(units)
    assert face.name.ustr == parsed.name.ustr


def test_a_font_is_made_around_the_face_as_reportlab_makes_it() -> None:
    data = FONTS[0].read_bytes()
    parsed = TTFont("same", BytesIO(data))
    made = font_of("same", parsed.face)
    assert set(vars(made)) == set(vars(parsed))
    for key in ("fontName", "_asciiReadable", "_shapable"):
        assert getattr(made, key) == getattr(parsed, key)
    assert type(made.encoding) is type(parsed.encoding)
    assert made.face is parsed.face


def _pdf(font: TTFont) -> bytes:
    pdfmetrics.registerFont(font)
    out = BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.setFont(font.fontName, 12)
    canvas.drawString(
        72, 720, "Botox, Dysport: tratamiento \u05e9\u05dc\u05d5\u05dd \u0633\u0644\u0627\u0645"
    )
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_a_cached_face_embeds_the_same_subset(path: Path) -> None:
    data = path.read_bytes()
    parsed = TTFont(f"Cmp{path.stem}", BytesIO(data))
    face = decode_face(encode_face(TTFont("other", BytesIO(data)).face), data)
    assert face is not None
    cached = font_of(f"Cmp{path.stem}", face)
    assert _pdf(cached) == _pdf(parsed)


def test_load_font_parses_once_then_reads_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = FONTS[0].read_bytes()
    first = load_font("First", data, hashlib.sha256(data).hexdigest())
    (entry,) = cache.glob("face-*.bin")
    written = entry.stat().st_mtime_ns, entry.read_bytes()

    def no_parsing(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("parsed again")

    with monkeypatch.context() as patched:
        patched.setattr(ttfonts.TTFontFace, "__init__", no_parsing)
        second = load_font("Second", data, hashlib.sha256(data).hexdigest())
    assert second.fontName == "Second"
    assert second.face.charWidths == first.face.charWidths
    assert (entry.stat().st_mtime_ns, entry.read_bytes()) == written  # read, not made again


def test_a_damaged_entry_is_parsed_again(cache: Path) -> None:
    data = FONTS[0].read_bytes()
    load_font("Damaged", data, hashlib.sha256(data).hexdigest())
    (entry,) = cache.glob("face-*.bin")
    good = entry.read_bytes()
    entry.write_bytes(good[:-20])  # truncated: the checksum fails
    font = load_font("Damaged", data, hashlib.sha256(data).hexdigest())
    assert font.face.numGlyphs > 0
    assert entry.read_bytes() == good  # written again


def _state(**changes: Any) -> bytes:
    data = FONTS[0].read_bytes()
    state = marshal.loads(encode_face(TTFont("s", BytesIO(data)).face))
    for key, value in changes.items():
        if value is None:
            del state[key]
        else:
            state[key] = value
    return marshal.dumps(state)


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"\xff\x00",
        marshal.dumps([1, 2]),
        marshal.dumps({}),
        _state(charWidths=None),  # a value the layout reads is missing
        _state(unitsPerEm=0),
        _state(unitsPerEm=True),
        _state(charWidths={65: "wide"}),
        _state(charToGlyph={"A": 1}),
        _state(glyphToChar={1: ["A"]}),
        _state(hmetrics=[("a", 1)]),
        _state(bbox=[0, 0, 1]),
        _state(table=[]),
        _state(name=b"plain"),  # a name without its text
        _state(name=(b"Lato", "Other")),  # bytes and text disagree
    ],
)
def test_an_entry_that_is_not_a_face_is_never_used(payload: bytes) -> None:
    assert decode_face(payload, FONTS[0].read_bytes()) is None
