"""Compare brochure's right-to-left lines with reference engines, paragraph by paragraph.

    pip install uharfbuzz && python bench/rtl_reference.py

For every paragraph of content.he.yaml and content.ar.yaml, set as one line:

- **Order.** The characters in the order brochure draws them, left to right (from
  :func:`brochure.layout.rtl.place_line`), against python-bidi's own reordering of the line
  (``bidi.get_display``, its Rust implementation of UAX #9), brackets aside: get_display
  leaves their mirroring (L4) to the renderer.
- **Glyphs.** Each Hebrew or Arabic word as brochure draws it (arabic-reshaper's presentation
  forms, looked up in the font's cmap) against the same word shaped by HarfBuzz (uharfbuzz)
  with the same font, glyph by glyph in visual order.

It prints a line per edition and the words whose glyphs differ, with HarfBuzz's glyph names.
Not a test: HarfBuzz applies the font's own ligatures and contextual forms, which brochure's
shaping without an engine does not, so some differences are expected; this shows which.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

import uharfbuzz as hb  # type: ignore[import-not-found]
from bidi import get_display  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth

from brochure import load_leaflet
from brochure.content.markup import parse_blocks
from brochure.layout.bidi import Direction, shape
from brochure.layout.fonts import SCRIPT_FONTS, register_family
from brochure.layout.rtl import place_line, string_pieces

ROOT = Path(__file__).resolve().parents[1]
WORD = {"he": re.compile(r"[\u0590-\u05ff]+"), "ar": re.compile(r"[\u0600-\u06ff]+")}


def paragraphs(path: Path) -> list[str]:
    leaflet = load_leaflet(path)
    texts = [leaflet.title, leaflet.subtitle or "", leaflet.intro, leaflet.closing or ""]
    texts += [leaflet.safety_note.body]
    for section in leaflet.sections:
        texts += [section.heading, section.body]
    for benefit in leaflet.benefits:
        texts += [benefit.title, benefit.body]
    return [
        " ".join("".join(run.text for run in block.runs).split())
        for text in texts
        for block in parse_blocks(text)
        if block.runs
    ]


def drawn_order(text: str, family: object) -> str:
    """The characters of ``text`` (shaped) as brochure draws them, left to right."""
    pieces = string_pieces(text, family.regular, 10, None, family)  # type: ignore[attr-defined]
    line = place_line(pieces, Direction.RTL, stringWidth)
    runs = sorted(line.runs, key=lambda run: run.x)
    out = []
    for run in runs:
        chars = run.text
        if run.flipped:  # the glyph is mirrored: it shows the mirrored bracket
            chars = {"(": ")", ")": "(", "[": "]", "]": "[", "«": "»", "»": "«"}.get(chars, chars)
        out.append(chars)
    return "".join(out)


def _unbracketed(text: str) -> str:
    return text.translate(str.maketrans("", "", "()[]«»"))


def harfbuzz_glyphs(font: hb.Font, word: str) -> list[str]:
    buffer = hb.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return [font.glyph_to_string(info.codepoint) for info in buffer.glyph_infos]


def brochure_glyphs(font: hb.Font, word: str) -> list[str]:
    shaped = shape(word)[::-1]  # drawn right to left: visual order is reversed
    return [font.glyph_to_string(font.get_nominal_glyph(ord(char)) or 0) for char in shaped]


def main() -> int:
    folder = resources.files("brochure") / "data" / "fonts"
    for language, script in (("he", SCRIPT_FONTS[0]), ("ar", SCRIPT_FONTS[1])):
        texts = paragraphs(ROOT / f"content.{language}.yaml")
        family = register_family(None, "".join(texts))
        blob = hb.Blob.from_file_path(str(folder / script.regular))
        font = hb.Font(hb.Face(blob))
        same_order = 0
        for text in texts:
            shaped = shape(text)
            reference = get_display(shaped, base_dir="R")
            # get_display leaves the mirroring of brackets (UAX #9 L4) to the renderer.
            if _unbracketed(drawn_order(text, family)) == _unbracketed(reference):
                same_order += 1
            else:
                print(f"  order differs: {text[:60]!r}")
        words = [w for text in texts for w in WORD[language].findall(text)]
        differ = {}
        for word in words:
            ours, theirs = brochure_glyphs(font, word), harfbuzz_glyphs(font, word)
            if ours != theirs:
                differ[word] = (ours, theirs)
        print(
            f"{language}: {len(texts)} paragraphs, order as python-bidi's in {same_order}; "
            f"{len(words)} words, glyphs as HarfBuzz's in "
            f"{len(words) - sum(words.count(w) for w in differ)}"
        )
        for word, (ours, theirs) in sorted(differ.items())[:12]:
            name = unicodedata.name(word[0], "?").split()[0]
            print(f"  {word} ({name}): brochure {' '.join(ours)} | HarfBuzz {' '.join(theirs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
