"""Fixtures for the content tests: a scratch copy of the sample project whose YAML a test can
edit line by line (so every expected ``file:line:col`` is known), and a few generated files."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from brochure import load_leaflet
from brochure.content.model import Leaflet
from brochure.errors import ContentError
from tests.helpers import ROOT, copy_sample

CONTENT = "content.yaml"
BRAND = "assets/brand.yaml"


@dataclass
class Project:
    """A copy of the sample project in a temporary folder, which is also the working folder (so
    messages name files ``content.yaml`` and ``assets/brand.yaml``)."""

    root: Path

    def path(self, name: str = CONTENT) -> Path:
        return self.root / name

    def text(self, name: str = CONTENT) -> str:
        return self.path(name).read_text("utf-8")

    def write(self, text: str | bytes, name: str = CONTENT) -> Path:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
        return path

    def replace(self, old: str, new: str, name: str = CONTENT) -> None:
        """Replace the one occurrence of ``old`` in file ``name`` (fails loudly if not unique)."""
        text = self.text(name)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        self.write(text.replace(old, new), name)

    def where(self, needle: str, name: str = CONTENT) -> tuple[int, int]:
        """1-based line and column of the one occurrence of ``needle`` in file ``name``."""
        text = self.text(name)
        assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times in {name}"
        index = text.index(needle)
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return line, column

    def at(self, needle: str, name: str = CONTENT) -> str:
        """``name:line:col`` of ``needle``: the start of an expected message."""
        line, column = self.where(needle, name)
        return f"{name}:{line}:{column}"

    def at_value(self, needle: str, name: str = CONTENT) -> str:
        """``name:line:col`` of the value after the key in ``needle`` (``"title: Treats"``)."""
        line, column = self.where(needle, name)
        assert ":" in needle, f"{needle!r} has no key"
        after = needle.index(":") + 1
        line_text = self.text(name).splitlines()[line - 1]
        start = column - 1 + after
        while line_text[start : start + 1] == " ":
            start += 1
        return f"{name}:{line}:{start + 1}"

    def block(self, *keys: str | int, name: str = CONTENT) -> str:
        """The text of field ``keys`` in file ``name`` as written: its key line and the lines
        indented under it, blank lines inside kept, trailing ones and the last newline not.

        ``keys`` is a path of mapping keys and list indexes, ``("benefits", 3, "body")``; a list
        item starts at its ``- `` line. Found by indentation alone, the way the sample files are
        laid out (two spaces a level), so a test can edit a field whatever its words are.
        """
        lines = self.text(name).split("\n")
        start, end, indent = 0, len(lines), 0
        for key in keys:
            if isinstance(key, int):  # the key-th "- " line under the list, to the next one
                items = [
                    n
                    for n in range(start + 1, end)
                    if not lines[n][:indent].strip() and lines[n][indent : indent + 2] == "- "
                ]
                assert key < len(items), f"{keys}: {name} has {len(items)} items there"
                start, end = items[key], (items[key + 1 :] or [end])[0]
                indent += 2
                continue
            found = [
                n
                for n in range(start, end)
                if lines[n][:indent].strip() in ("", "-")
                and lines[n][indent:].startswith(f"{key}:")
            ]
            assert len(found) == 1, f"{keys}: {key!r} is on {len(found)} lines of {name}"
            start = found[0]
            end = next(
                (
                    n
                    for n in range(start + 1, end)
                    if lines[n].strip() and len(lines[n]) - len(lines[n].lstrip()) <= indent
                ),
                end,
            )
            indent += 2
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        return "\n".join(lines[start:end])

    def load(self) -> Leaflet:
        return load_leaflet(self.path())

    def problems(self) -> list[str]:
        """Every problem load_leaflet reports, as printed (fails if the content is valid)."""
        with pytest.raises(ContentError) as caught:
            self.load()
        return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A fresh, editable copy of the sample project; the working folder is its root."""
    root = copy_sample(tmp_path / "clinic")
    monkeypatch.chdir(root)
    return Project(root)


def _png_header(width: int, height: int) -> bytes:

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="session")
def png_header() -> Callable[[int, int], bytes]:
    """Make a tiny, well-formed PNG that claims ``width`` x ``height`` pixels (no pixel data)."""
    return _png_header


@pytest.fixture(scope="session")
def latin_only_font() -> bytes:
    """Lato with its character map cut down to Latin (no Greek, no Cyrillic): a TrueType file.

    Built by copying the tables of the sample's Lato-Regular.ttf with a new ``cmap`` (format 12,
    Windows Unicode) and a new ``name`` table, so no font tool beyond ReportLab is needed. The
    PostScript name changes too: ReportLab keeps one font per PostScript name in a process, and
    would otherwise hand back the full Lato registered by an earlier test.
    """
    from reportlab.pdfbase.ttfonts import TTFontFile, TTFontMaker

    original = TTFontFile(str(ROOT / "assets" / "fonts" / "Lato-Regular.ttf"))
    groups = sorted(
        (code, glyph)
        for code, glyph in original.charToGlyph.items()
        if code < 0x250 or 0x2000 <= code < 0x2070
    )
    subtable = struct.pack(">HHIII", 12, 0, 16 + 12 * len(groups), 0, len(groups))
    subtable += b"".join(struct.pack(">III", code, code, glyph) for code, glyph in groups)
    tables = {
        "cmap": struct.pack(">HHHHI", 0, 1, 3, 10, 12) + subtable,
        "name": _name_table(
            {1: "Lato", 2: "Regular", 3: "LatoLatinOnly", 4: "Lato Regular", 6: "LatoLatinOnly"}
        ),
    }
    maker = TTFontMaker()
    for tag in original.table:
        # get_table is unannotated in types-reportlab; it returns the table's bytes.
        maker.add(tag, tables.get(tag) or original.get_table(tag))  # type: ignore[no-untyped-call]
    data: bytes = maker.makeStream()
    return data


def _name_table(names: dict[int, str]) -> bytes:
    """A TrueType ``name`` table (format 0) with Windows Unicode English records."""
    records = b""
    strings = b""
    for name_id, text in sorted(names.items()):
        encoded = text.encode("utf-16-be")
        records += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(encoded), len(strings))
        strings += encoded
    return struct.pack(">HHH", 0, len(names), 6 + len(records)) + records + strings
