"""The tiny inline markup of body text: parsing it into blocks and runs of one style.

A body is plain text. Blank lines separate paragraphs; lines starting with ``- `` are bullet
items (an indented line continues the item above). Inside a paragraph or item only three things
are interpreted:

* ``**bold**`` and ``*italic*`` (the markers must hug the words: ``5 * 3`` stays as typed);
* ``[text](https://...)`` links, also ``http:``, ``mailto:`` and ``tel:``;
* a backslash before ``*``, ``[`` or ``\\`` prints that character literally.

Everything else is text: ``<b>``, ``A&E``, ``x<y`` and ``<info@clinic.example>`` print as typed.
A paragraph or item with Arabic letters must be in one style throughout (:func:`check_one_style`).
This module is pure (no ReportLab import), so validation can use it cheaply; the layout writes
the parsed runs as ReportLab paragraph markup (:mod:`brochure.layout.richtext`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

LINK_SCHEMES = ("https", "http", "mailto", "tel")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph or one bullet item, as styled runs."""

    kind: Literal["paragraph", "bullet"]
    runs: tuple[Run, ...]

    @property
    def plain(self) -> str:
        """The text a reader sees, without markup."""
        return "".join(run.text for run in self.runs)


_TOKEN = re.compile(
    r"\\(?P<escaped>[\\*\[\]])"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<href>(?:[^()\s]|\([^()\s]*\))+)\)"
    r"|\*\*(?P<bold>(?=\S)(?:\\.|[^\\])+?(?<=\S))\*\*"
    r"|\*(?P<italic>(?=[^\s*])(?:\\.|[^\\*])+?(?<=[^\s\\]))\*(?!\*)",
    re.DOTALL,
)


class MarkupError(ValueError):
    """Body text asks for something the markup does not allow (such as a ``javascript:`` link)."""


def check_link(href: str) -> str:
    """Return ``href`` if it is an allowed link target, else raise :class:`MarkupError`."""
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        allowed = ", ".join(f"{s}:" for s in LINK_SCHEMES)
        raise MarkupError(f"link target {href!r} is not allowed; links must start with {allowed}")
    if scheme in ("http", "https") and not parts.netloc:
        raise MarkupError(f"link target {href!r} has no host name")
    if scheme in ("mailto", "tel") and not parts.path:
        raise MarkupError(f"link target {href!r} is empty after '{scheme}:'")
    return href


def parse_inline(
    text: str, *, bold: bool = False, italic: bool = False, href: str | None = None
) -> tuple[Run, ...]:
    """Split one paragraph's text into runs. Raises :class:`MarkupError` for a bad link."""
    runs: list[Run] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position : match.start()], bold, italic, href))
        position = match.end()
        if match["escaped"] is not None:
            runs.append(Run(match["escaped"], bold, italic, href))
        elif match["label"] is not None:
            target = check_link(match["href"])
            if href is not None:  # no links inside links: keep the outer one
                target = href
            runs.extend(parse_inline(match["label"], bold=bold, italic=italic, href=target))
        elif match["bold"] is not None:
            runs.extend(parse_inline(match["bold"], bold=True, italic=italic, href=href))
        else:
            runs.extend(parse_inline(match["italic"], bold=bold, italic=True, href=href))
    if position < len(text):
        runs.append(Run(text[position:], bold, italic, href))
    return _merge(runs)


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (
            run.bold,
            run.italic,
            run.href,
        ):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.href)
        elif run.text:
            merged.append(run)
    return tuple(merged)


_BULLET = re.compile(r"^[-\u2022]\s+")


BlockKind = Literal["paragraph", "bullet"]


def parse_blocks(text: str) -> tuple[Block, ...]:
    """Split a body into paragraphs and bullet items, each parsed into runs."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        kind: BlockKind = "paragraph"
        lines: list[str] = []
        for line in chunk.splitlines():
            stripped = line.strip()
            bullet = _BULLET.match(stripped) is not None
            if bullet or (kind == "bullet" and not line[:1].isspace()):
                _add_block(blocks, kind, lines)
                kind = "bullet" if bullet else "paragraph"
                lines = [_BULLET.sub("", stripped) if bullet else stripped]
            else:
                lines.append(stripped)
        _add_block(blocks, kind, lines)
    return tuple(blocks)


def _add_block(blocks: list[Block], kind: BlockKind, lines: list[str]) -> None:
    joined = " ".join(line for line in lines if line)
    if joined:
        blocks.append(Block(kind, parse_inline(joined)))


def plain_text(text: str) -> str:
    """The body as a reader sees it: markup removed, blocks joined by blank lines."""
    return "\n\n".join(block.plain for block in parse_blocks(text))


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
ONE_STYLE_ADVICE = (
    "brochure can join Arabic letters only in a paragraph set in one style, so set {whole} in "
    "one style (all bold, all italic or one whole link) or in none"
)
"""What to do about an Arabic paragraph in several styles ({whole}: which paragraph)."""


def has_arabic(text: str) -> bool:
    """Whether ``text`` has a letter of the Arabic script (Arabic, its Supplement and
    Extended-A blocks)."""
    return _ARABIC.search(text) is not None


def _mixed_styles(block: Block) -> str:
    """The styles a block mixes, in words: "bold text and plain text", "a link and plain
    text"."""
    links = len({run.href for run in block.runs if run.href is not None})
    plain = [run.text for run in block.runs if not (run.bold or run.italic or run.href)]
    parts = [
        *(["bold text"] if any(run.bold for run in block.runs) else []),
        *(["italic text"] if any(run.italic for run in block.runs) else []),
        *(["a link"] if links == 1 else [f"{links} links"] if links else []),
        *(["plain spaces" if all(not text.strip() for text in plain) else "plain text"]
          if plain else []),
    ]  # fmt: skip
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]


def check_one_style(blocks: tuple[Block, ...]) -> None:
    """Raise :class:`MarkupError` naming every paragraph (or bullet item) that has Arabic
    letters and mixes styles (bold, italic, a link): brochure joins Arabic letters one
    paragraph at a time, in one style, and would draw such a paragraph wrongly. A paragraph
    wholly bold, or one whole link, is fine, and so is any mix without Arabic (Hebrew)."""
    counts = {"paragraph": 0, "bullet": 0}
    mixed: list[str] = []
    for block in blocks:
        counts[block.kind] += 1
        styles = {(run.bold, run.italic, run.href) for run in block.runs}
        if len(styles) > 1 and has_arabic(block.plain):
            name = "paragraph" if block.kind == "paragraph" else "bullet item"
            mixed.append(f"{name} {counts[block.kind]} mixes {_mixed_styles(block)}")
    if len(mixed) == 1:
        raise MarkupError(
            f"{mixed[0]} with Arabic; " + ONE_STYLE_ADVICE.format(whole="the whole paragraph")
        )
    if mixed:
        raise MarkupError(
            f"{', '.join(mixed[:-1])}, and {mixed[-1]}, with Arabic; "
            + ONE_STYLE_ADVICE.format(whole="each of these paragraphs wholly")
        )
