"""The tagged PDF, walked with pikepdf: catalog entries, marked content on every page, the
structure tree and its parent tree, roles and order of the elements, alternative texts, links.

Three documents are read, each rendered once per module: the sample leaflet (screen profile),
the sample for print (crop marks, CMYK) and a "rich" variant with two sections, the first so
long that a paragraph splits across pages, a bullet list, a content picture with a caption and
a locale with a region. The text inside each marked-content sequence is decoded through the
fonts' /ToUnicode maps, so each element can be compared with what the content says.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

import brochure
from brochure.layout.typography import typeset
from brochure.messages import messages_for
from brochure.pdf.render import RenderOptions
from tests.helpers import copy_sample

TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})
PAINTING = frozenset({"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"})
ARTIFACT = "Artifact"


# --- reading the content streams -------------------------------------------------------------


def _hex_text(hex_digits: str) -> str:
    return bytes.fromhex(hex_digits).decode("utf-16-be")


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")


def to_unicode_map(font: Any) -> dict[int, str]:
    """Character code -> text, from a simple font's /ToUnicode CMap (bfchar and bfrange)."""
    assert "/ToUnicode" in font, f"font {font.get('/BaseFont')} has no /ToUnicode"
    cmap = font.ToUnicode.read_bytes()
    codes: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        for source, target in _PAIR.findall(block):
            codes[int(source, 16)] = _hex_text(target.decode())
    for block in _BFRANGE.findall(cmap):
        for low, high, target in _RANGE.findall(block):
            first, last = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                names = re.findall(rb"<([0-9A-Fa-f]+)>", target)
                for offset, name in enumerate(names):
                    codes[first + offset] = _hex_text(name.decode())
            else:
                start = int(target[1:-1], 16)
                for offset in range(last - first + 1):
                    codes[first + offset] = chr(start + offset)
    return codes


@dataclass
class PageMarks:
    """What one page's content streams (and the forms they draw) say about marked content."""

    number: int
    """1-based."""
    mcids: list[int] = field(default_factory=list)
    """Every MCID opened on the page, in drawing order."""
    text: dict[int, str] = field(default_factory=dict)
    """The text shown inside each MCID's sequence (one line per text-showing operator)."""
    artifact_text: list[str] = field(default_factory=list)
    """The text shown inside /Artifact sequences."""
    forms: list[tuple[str, str]] = field(default_factory=list)
    """(name, innermost open tag) of every form XObject drawn."""
    images: list[tuple[str, int | str | None]] = field(default_factory=list)
    """(name, MCID or "Artifact" it is drawn in) of every image XObject drawn."""
    counts: dict[str, int] = field(default_factory=dict)
    """How many text-showing and painting operators were seen (so the walk is not vacuous)."""
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Problems by kind: unmarked text, unmarked paint, unbalanced, nested, form."""

    def problem(self, kind: str, message: str) -> None:
        self.problems.setdefault(kind, []).append(f"page {self.number}: {message}")


class _Walker:
    """Follows the marked-content stack and the current font through a page and its forms."""

    def __init__(self, marks: PageMarks) -> None:
        self.marks = marks
        self.stack: list[int | str] = []  # open sequences: an MCID, or a tag's name
        self._fonts: dict[tuple[int, int], dict[int, str]] = {}

    def owner(self) -> int | str | None:
        """The innermost open sequence that has an MCID or is an artifact."""
        for entry in reversed(self.stack):
            if isinstance(entry, int) or entry == ARTIFACT:
                return entry
        return None

    def decode(self, font: Any, data: bytes) -> str:
        if font is None:
            return data.decode("latin-1")
        if font.objgen not in self._fonts:
            self._fonts[font.objgen] = to_unicode_map(font)
        codes = self._fonts[font.objgen]
        return "".join(codes.get(byte, "\ufffd") for byte in data)

    def walk(self, container: Any, resources: Any, where: str) -> None:
        marks = self.marks
        fonts: list[Any] = [None]
        depth = len(self.stack)
        for instruction in pikepdf.parse_content_stream(container):
            op = str(instruction.operator)
            operands = list(instruction.operands)
            if op == "BMC":
                self.stack.append(str(operands[0])[1:])
            elif op == "BDC":
                tag, properties = str(operands[0])[1:], operands[1]
                if isinstance(properties, pikepdf.Name):
                    properties = resources.Properties[properties]
                if "/MCID" in properties:
                    mcid = int(properties.MCID)
                    if where != "page":
                        marks.problem("nested", f"MCID {mcid} inside {where}")
                    if self.owner() is not None:
                        marks.problem("nested", f"MCID {mcid} opened inside {self.owner()!r}")
                    if mcid in marks.mcids:
                        marks.problem("nested", f"MCID {mcid} used twice")
                    marks.mcids.append(mcid)
                    marks.text.setdefault(mcid, "")
                    self.stack.append(mcid)
                else:
                    if tag == ARTIFACT and isinstance(self.owner(), int):
                        marks.problem("nested", f"artifact inside MCID {self.owner()}")
                    self.stack.append(tag)
            elif op == "EMC":
                if len(self.stack) <= depth:
                    marks.problem("unbalanced", f"EMC without an open sequence in {where}")
                else:
                    self.stack.pop()
            elif op == "q":
                fonts.append(fonts[-1])
            elif op == "Q" and len(fonts) > 1:
                fonts.pop()
            elif op == "Tf":
                font = resources.Font[operands[0]]
                if font.get("/Subtype") == "/Type0":
                    marks.problem("font", f"composite font {font.get('/BaseFont')}: not decoded")
                fonts[-1] = font
            if op in TEXT_SHOWING:
                marks.counts[op] = marks.counts.get(op, 0) + 1
                shown = operands[-1]
                pieces = shown if isinstance(shown, pikepdf.Array) else [shown]
                text = "".join(
                    self.decode(fonts[-1], bytes(piece))
                    for piece in pieces
                    if isinstance(piece, pikepdf.String)
                )
                owner = self.owner()
                if owner is None:
                    marks.problem("text", f"{op} outside marked content in {where}: {text!r}")
                elif isinstance(owner, int):
                    marks.text[owner] += text + "\n"
                else:
                    marks.artifact_text.append(text)
            if op in PAINTING:
                marks.counts[op] = marks.counts.get(op, 0) + 1
                if not self.stack:
                    marks.problem("paint", f"{op} outside marked content in {where}")
            if op == "Do":
                name = operands[0]
                xobject = resources.XObject[name]
                if xobject.Subtype == "/Form":
                    marks.forms.append((str(name), str(self.owner())))
                    if self.owner() != ARTIFACT:
                        marks.problem("form", f"form {name} drawn inside {self.owner()!r}")
                    self.walk(xobject, xobject.get("/Resources", resources), f"form {name}")
                else:
                    marks.images.append((str(name), self.owner()))
        if len(self.stack) != depth:
            marks.problem("unbalanced", f"{len(self.stack) - depth} sequences left open in {where}")
            del self.stack[depth:]


def page_marks(page: pikepdf.Page, number: int) -> PageMarks:
    """Walk one page's content."""
    marks = PageMarks(number)
    _Walker(marks).walk(page, page.Resources, "page")
    return marks


# --- reading the structure tree --------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """One structure element as found in the file."""

    obj: Any
    role: str
    parent: Node | None
    page: int | None
    """1-based number of the element's /Pg, if it has one."""
    children: list[Node] = field(default_factory=list)
    parts: list[tuple[int, int]] = field(default_factory=list)
    """(page number, MCID) of each marked-content item in /K, in order."""
    objrs: list[tuple[Any, int | None]] = field(default_factory=list)
    """(annotation, page number of the OBJR's /Pg) of each object reference in /K."""

    @property
    def actual_text(self) -> str | None:
        return str(self.obj.ActualText) if "/ActualText" in self.obj else None

    @property
    def alt(self) -> str | None:
        return str(self.obj.Alt) if "/Alt" in self.obj else None

    def walk(self) -> Iterator[Node]:
        """This element and its descendants, depth first, in /K order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, role: str) -> list[Node]:
        return [node for node in self.walk() if node.role == role]


@dataclass
class Tagged:
    """A rendered PDF opened with pikepdf, its pages' marked content and its structure tree."""

    content: dict[str, Any]
    """What it was made from: content.yaml with its brand, read as plain YAML."""
    pdf: pikepdf.Pdf
    pages: list[PageMarks]
    document: Node
    page_numbers: dict[tuple[int, int], int]
    """objgen of a page object -> its 1-based number."""

    @property
    def tree_root(self) -> Any:
        return self.pdf.Root.StructTreeRoot

    def parent_tree(self) -> dict[int, Any]:
        """The parent tree's /Nums as a mapping (a flat number tree, no /Kids)."""
        nums = self.tree_root.ParentTree.Nums
        return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}

    def nodes(self) -> list[Node]:
        return list(self.document.walk())

    def text_of(self, node: Node) -> str:
        """The text shown in ``node``'s own marked-content sequences, in /K order."""
        return "".join(self.pages[page - 1].text.get(mcid, "") for page, mcid in node.parts)


def read_structure(pdf: pikepdf.Pdf, page_numbers: dict[tuple[int, int], int]) -> Node:
    def page_of(obj: Any) -> int | None:
        return page_numbers[obj.objgen] if obj is not None else None

    def build(obj: Any, parent: Node | None) -> Node:
        assert obj.get("/Type") == "/StructElem", f"not a structure element: {obj!r}"
        node = Node(obj, str(obj.S)[1:], parent, page_of(obj.get("/Pg")))
        kids = obj.get("/K")
        if kids is None:
            kids = pikepdf.Array([])
        elif not isinstance(kids, pikepdf.Array):
            kids = pikepdf.Array([kids])
        for kid in kids:
            if isinstance(kid, int):
                assert node.page is not None, f"{node.role} has an MCID but no /Pg"
                node.parts.append((node.page, int(kid)))
            elif kid.get("/Type") == "/MCR":
                page = page_of(kid.get("/Pg")) or node.page
                assert page is not None, f"{node.role} has an MCR without a page"
                node.parts.append((page, int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":
                node.objrs.append((kid.Obj, page_of(kid.get("/Pg")) or node.page))
            else:
                node.children.append(build(kid, node))
        return node

    kids = pdf.Root.StructTreeRoot.K
    roots = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    assert len(roots) == 1, f"the structure tree has {len(roots)} top elements"
    return build(roots[0], None)


@contextmanager
def open_tagged(data: bytes, content: dict[str, Any]) -> Iterator[Tagged]:
    """``data`` read for the tests, made from ``content``."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page_numbers = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        pages = [page_marks(page, number) for number, page in enumerate(pdf.pages, 1)]
        yield Tagged(content, pdf, pages, read_structure(pdf, page_numbers), page_numbers)


# --- expectations from the YAML, read independently ------------------------------------------


def plain(text: str) -> str:
    """A paragraph as a reader should hear it: the markup's emphasis gone, lines joined."""
    text = re.sub(r"\*\*(.+?)\*\*|\*(.+?)\*", lambda m: m[1] or m[2], text)
    return " ".join(text.split())


def blocks(body: str) -> list[tuple[str, str]]:
    """The blocks of a body in order, as ("P", text) for a paragraph and ("LI", text) for a
    bullet item, each text one line of plain text: blank lines separate paragraphs, a line
    starting with "- " starts an item, an indented line continues the item above, and any other
    line after an item starts a new paragraph."""
    result: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        filling = None  # the kind of block the previous line went into
        for line in chunk.splitlines():
            if line.startswith("- "):
                result.append(("LI", line[2:]))
                filling = "LI"
            elif filling == "P" or (filling == "LI" and line[:1].isspace()):
                result[-1] = (result[-1][0], result[-1][1] + " " + line)
            else:
                result.append(("P", line))
                filling = "P"
    return [(kind, written(plain(text))) for kind, text in result]


def written(text: str, language: str = "en") -> str:
    """``text`` as the leaflet sets it: with its language's typographic punctuation (the
    sample's fonts have every character it uses)."""
    return typeset(text, language, lambda _char: True)


def paragraphs(body: str) -> list[str]:
    """The paragraphs and bullet items of a body, each as one line of plain text."""
    return [text for _, text in blocks(body)]


def elements(body: str) -> list[tuple[str, str | list[str]]]:
    """The elements a body is tagged as, in order: ("P", text) for a paragraph, ("L", [text of
    each item]) for a run of bullet items (one list, ended by the next paragraph)."""
    result: list[tuple[str, str | list[str]]] = []
    for kind, group in itertools.groupby(blocks(body), key=lambda block: block[0]):
        texts = [text for _, text in group]
        result += [("P", text) for text in texts] if kind == "P" else [("L", texts)]
    return result


def squeeze(text: str) -> str:
    """Text without whitespace, hyphens and bullet marks: what line breaking, hyphenation and
    list layout may change on the page."""
    return re.sub(r"[\s\-\u00a0\u00ad\u2022]", "", text)


def expected_headings(content: dict[str, Any]) -> list[tuple[str, str]]:
    messages = messages_for(content.get("locale", "en"), {})
    return [
        ("H1", written(content["title"])),
        *(("H2", written(section["heading"])) for section in content.get("sections", [])),
        ("H2", written(content.get("benefits_heading") or messages.benefits_heading)),
        *(("H3", written(benefit["title"])) for benefit in content["benefits"]),
        ("H2", content["safety_note"].get("heading") or messages.safety_heading),
        ("H2", messages.book_heading),
    ]


def expected_paragraphs(content: dict[str, Any]) -> list[str]:
    """Every paragraph the content writes, in reading order."""
    found = paragraphs(content["intro"])
    for section in content.get("sections", []):
        found += paragraphs(section["body"])
    for benefit in content["benefits"]:
        found += paragraphs(benefit["body"])
    found += paragraphs(content.get("closing") or "")
    return found + paragraphs(content["safety_note"]["body"])


# --- the documents ---------------------------------------------------------------------------

LONG_PARAGRAPH = " ".join(
    f"Sentence {n} of a long paragraph explains, in plain words, what happens at each step of "
    "the appointment and why the practitioner asks about medicines and allergies first."
    for n in range(1, 21)
)
"""About 3,400 characters: more than the rest of the cover page can hold."""

IMAGE_ALT = "A practitioner marks injection points on a patient's forehead"
CAPTION = "Injection points are marked before the treatment."
CUSTOM_LOGO_ALT = "Lumen: a crescent moon over the clinic's name"
ADDRESS = "12 Harbour Street\nBrightwater BW1 2AB\nUnited Kingdom"


def render(content_file: Path, profile: str = "screen") -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        leaflet = brochure.load_leaflet(content_file)
        return brochure.render_pdf(leaflet, RenderOptions.for_profile(profile))


@pytest.fixture(scope="module")
def rich_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The sample, changed: en-GB, a PNG logo with its own alt text, a first section whose
    second paragraph splits across pages and which ends with a bullet list, a second section
    with a picture and its caption."""
    from PIL import Image, ImageDraw

    root = copy_sample(tmp_path_factory.mktemp("rich") / "project")
    picture = Image.new("RGB", (480, 320), (236, 226, 214))
    ImageDraw.Draw(picture).ellipse((140, 60, 340, 260), fill=(31, 78, 95))
    picture.save(root / "picture.png")
    content = yaml.safe_load((root / "content.yaml").read_text("utf-8"))
    content["locale"] = "en-GB"
    content["sections"] = [
        {
            "heading": "What happens at the appointment",
            "body": "First, a short paragraph.\n\n"
            + LONG_PARAGRAPH
            + "\n\n- Bring a list of your **medicines**\n- Come without make-up,\n"
            "  if you can\n- Allow *an hour*\n",
        },
        content["sections"][0] | {"image": {"path": "picture.png", "alt": IMAGE_ALT}},
    ]
    content["sections"][1]["image"]["caption"] = CAPTION
    (root / "content.yaml").write_text(yaml.safe_dump(content, sort_keys=False), "utf-8")
    brand_file = root / content["brand"]
    brand = yaml.safe_load(brand_file.read_text("utf-8"))
    brand["logo_alt"] = CUSTOM_LOGO_ALT
    brand["address"] = ADDRESS  # lines broken where the brand breaks them
    brand["logo"] = "logo.png"  # a bitmap logo: an image XObject, where the SVG one is paths
    logo = Image.new("RGBA", (120, 48), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((8, 8, 40, 40), fill=(255, 255, 255, 255))
    logo.save(brand_file.parent / "logo.png")
    brand_file.write_text(yaml.safe_dump(brand, sort_keys=False), "utf-8")
    content["brand"] = brand
    return root / "content.yaml", content


@pytest.fixture(scope="module")
def rich_pdf(rich_project: tuple[Path, dict[str, Any]]) -> bytes:
    return render(rich_project[0])


@pytest.fixture(scope="module")
def print_pdf(sample_project: Path) -> bytes:
    return render(sample_project / "content.yaml", "print")


@pytest.fixture(scope="module")
def sample(sample_pdf: bytes, sample_content: dict[str, Any]) -> Iterator[Tagged]:
    with open_tagged(sample_pdf, sample_content) as tagged:
        yield tagged


@pytest.fixture(scope="module")
def printed(print_pdf: bytes, sample_content: dict[str, Any]) -> Iterator[Tagged]:
    with open_tagged(print_pdf, sample_content) as tagged:
        yield tagged


@pytest.fixture(scope="module")
def rich(rich_pdf: bytes, rich_project: tuple[Path, dict[str, Any]]) -> Iterator[Tagged]:
    with open_tagged(rich_pdf, rich_project[1]) as tagged:
        yield tagged


@pytest.fixture(params=["sample", "printed", "rich"])
def doc(request: pytest.FixtureRequest) -> Tagged:
    """Each of the three documents."""
    tagged: Tagged = request.getfixturevalue(request.param)
    return tagged


@pytest.fixture(params=["sample", "rich"])
def screen(request: pytest.FixtureRequest) -> Tagged:
    """The two screen documents (the print one has the sample's structure)."""
    tagged: Tagged = request.getfixturevalue(request.param)
    return tagged


# --- document level --------------------------------------------------------------------------


def test_catalog_declares_a_tagged_document_in_the_contents_language(doc: Tagged) -> None:
    root = doc.pdf.Root
    marked: object = root.MarkInfo.Marked  # pikepdf hands a PDF boolean back as a bool
    assert marked is True
    assert doc.content["locale"] in ("en", "en-GB")
    assert str(root.Lang) == doc.content["locale"]
    assert str(doc.document.obj.Lang) == doc.content["locale"]
    display_title: object = root.ViewerPreferences.DisplayDocTitle
    assert display_title is True
    tree = root.StructTreeRoot
    assert tree.Type == "/StructTreeRoot"
    assert dict(tree.RoleMap.items()) == {"/Safety": pikepdf.Name.Sect}
    assert "/Nums" in tree.ParentTree


def test_every_page_has_structure_tab_order_and_its_own_parent_tree_entry(doc: Tagged) -> None:
    parent_tree = doc.parent_tree()
    keys = []
    for number, page in enumerate(doc.pdf.pages, 1):
        assert page.obj.get("/Tabs") == pikepdf.Name.S, f"page {number} has no /Tabs /S"
        assert "/StructParents" in page.obj, f"page {number} has no /StructParents"
        key = int(page.obj.StructParents)
        assert isinstance(parent_tree.get(key), pikepdf.Array), f"page {number}: key {key}"
        keys.append(key)
    assert len(set(keys)) == len(keys), f"pages share parent tree keys: {keys}"


def test_parent_tree_is_a_sorted_number_tree_below_its_next_key(doc: Tagged) -> None:
    nums = list(doc.tree_root.ParentTree.Nums)
    keys = [int(key) for key in nums[::2]]
    assert len(nums) == 2 * len(keys)
    assert keys == sorted(set(keys)), f"/Nums keys out of order or repeated: {keys}"
    assert int(doc.tree_root.ParentTreeNextKey) > max(keys)


def test_xmp_metadata_has_the_title_and_claims_pdf_ua_1(doc: Tagged) -> None:
    meta = doc.pdf.open_metadata()
    assert meta["dc:title"] == doc.content["title"]
    assert meta["pdfuaid:part"] == "1"
    assert str(doc.pdf.docinfo.Title) == doc.content["title"]


def test_link_annotations_have_contents_and_a_struct_parent(doc: Tagged) -> None:
    links = 0
    for number, page in enumerate(doc.pdf.pages, 1):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            links += 1
            assert str(annotation.get("/Contents", "")).strip(), f"page {number}: no /Contents"
            assert "/StructParent" in annotation, f"page {number}: link without /StructParent"
    # Phone, e-mail, website, booking address, QR code; none in a print file (PDF/X allows no
    # annotation on the printed page).
    assert links == (0 if doc.pdf.Root.get("/OutputIntents") else 5)


# --- marked content --------------------------------------------------------------------------


def problems(doc: Tagged, kind: str) -> list[str]:
    return [message for page in doc.pages for message in page.problems.get(kind, [])]


def test_every_text_operator_is_in_an_mcid_or_an_artifact(doc: Tagged) -> None:
    assert not problems(doc, "text"), "\n".join(problems(doc, "text"))
    assert not problems(doc, "font"), "\n".join(problems(doc, "font"))
    for page in doc.pages:  # the walk saw text of both kinds on every page
        assert page.counts.get("Tj", 0) + page.counts.get("TJ", 0) > 0
        assert any(text.strip() for text in page.text.values()), f"page {page.number}"
        assert page.artifact_text, f"page {page.number} has no footer text"


def test_nothing_is_painted_outside_marked_content(doc: Tagged) -> None:
    assert not problems(doc, "paint"), "\n".join(problems(doc, "paint"))
    for page in doc.pages:
        assert page.counts.get("Do", 0) >= 1  # at least the footer
        assert sum(page.counts.get(op, 0) for op in ("f", "f*", "S", "B")) > 0


def test_marked_content_is_balanced_and_never_nested(doc: Tagged) -> None:
    assert not problems(doc, "unbalanced"), "\n".join(problems(doc, "unbalanced"))
    assert not problems(doc, "nested"), "\n".join(problems(doc, "nested"))


def test_marked_content_opens_and_closes_at_the_same_graphics_state_depth(doc: Tagged) -> None:
    # BDC/BMC ... EMC must nest properly with q ... Q (PDF 32000-1, 14.6; PDF/UA checkers).
    crossings = []
    for number, page in enumerate(doc.pdf.pages, 1):
        depth, opened = 0, []
        for instruction in pikepdf.parse_content_stream(page):
            name = str(instruction.operator)
            if name == "q":
                depth += 1
            elif name == "Q":
                depth -= 1
            elif name in ("BDC", "BMC"):
                opened.append(depth)
            elif name == "EMC" and opened.pop() != depth:
                crossings.append(number)
    assert not crossings, f"marked content crosses q/Q on pages {crossings}"


def test_footers_are_forms_drawn_only_as_artifacts(doc: Tagged) -> None:
    assert not problems(doc, "form"), "\n".join(problems(doc, "form"))
    for page in doc.pages:
        assert page.forms == [(f"/FormXob.footer{page.number}", ARTIFACT)]


def test_footer_text_is_furniture_but_the_reminder_is_read_once(doc: Tagged) -> None:
    reminder = doc.content["safety_note"]["reminder"]
    total = len(doc.pages)
    tagged_text = squeeze(" ".join(t for page in doc.pages for t in page.text.values()))
    for page in doc.pages:
        label = f"Page {page.number} of {total}"
        assert label in page.artifact_text, page.artifact_text
        assert squeeze(label) not in tagged_text
        tagged_here = squeeze(" ".join(page.text.values()))
        if page.number == 1:  # safety information: part of the safety section, read once
            assert squeeze(reminder) in tagged_here
            assert reminder not in page.artifact_text
        else:
            assert reminder in page.artifact_text, page.artifact_text
            assert squeeze(reminder) not in tagged_here


# --- the parent tree -------------------------------------------------------------------------


def test_every_mcid_on_a_page_is_referenced_once_from_the_parent_tree(doc: Tagged) -> None:
    parent_tree = doc.parent_tree()
    for number, page in enumerate(doc.pdf.pages, 1):
        marks = doc.pages[number - 1]
        owners = parent_tree[int(page.obj.StructParents)]
        assert sorted(marks.mcids) == list(range(len(owners))), (
            f"page {number}: MCIDs {sorted(marks.mcids)}, parent tree has {len(owners)} entries"
        )
        for mcid, owner in enumerate(owners):
            assert owner.get("/Type") == "/StructElem", f"page {number} MCID {mcid}"
            node = next(n for n in doc.nodes() if n.obj.objgen == owner.objgen)
            assert node.parts.count((number, mcid)) == 1, (
                f"page {number} MCID {mcid}: the parent tree names a {node.role} that does not "
                f"own it (its parts: {node.parts})"
            )


def test_every_mcid_in_the_tree_exists_on_its_page_exactly_once(doc: Tagged) -> None:
    in_tree = [part for node in doc.nodes() for part in node.parts]
    assert len(in_tree) == len(set(in_tree)), "an MCID belongs to two elements"
    on_pages = {(page.number, mcid) for page in doc.pages for mcid in page.mcids}
    assert set(in_tree) == on_pages, (
        f"in the tree only: {sorted(set(in_tree) - on_pages)}; "
        f"on pages only: {sorted(on_pages - set(in_tree))}"
    )


def test_elements_point_back_to_their_parents(doc: Tagged) -> None:
    assert doc.document.role == "Document"
    assert doc.document.obj.P.objgen == doc.tree_root.objgen
    for node in doc.nodes():
        for child in node.children:
            assert child.obj.P.objgen == node.obj.objgen, f"{child.role} under {node.role}"
        assert node.children or node.parts or node.objrs, f"an empty {node.role} element"


# --- roles and order -------------------------------------------------------------------------


def test_headings_follow_the_content_in_order(screen: Tagged) -> None:
    doc, content = screen, screen.content
    headings = [
        (node.role, node.actual_text) for node in doc.nodes() if re.fullmatch(r"H\d", node.role)
    ]
    assert headings == expected_headings(content)


def test_headings_nest_one_h1_first_and_no_level_skipped(doc: Tagged) -> None:
    levels = [int(node.role[1:]) for node in doc.nodes() if re.fullmatch(r"H\d", node.role)]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, level in itertools.pairwise(levels):
        assert level <= before + 1, f"H{level} after H{before}: {levels}"


def test_benefits_are_a_numbered_list_of_titled_cards(screen: Tagged) -> None:
    doc, content = screen, screen.content
    siblings = doc.document.children
    heading = [n.actual_text for n in siblings].index(written(content["benefits_heading"]))
    numbered = siblings[heading + 1]
    assert numbered.role == "L", "the benefits heading is not followed by a list"
    items = numbered.children
    assert [item.role for item in items] == ["LI"] * len(content["benefits"])
    for number, (item, benefit) in enumerate(zip(items, content["benefits"], strict=True), 1):
        assert [child.role for child in item.children] == ["Lbl", "LBody"]
        label, body = item.children
        assert label.actual_text == f"{number:02d}"
        assert squeeze(doc.text_of(label)) == f"{number:02d}"
        assert [child.role for child in body.children][:2] == ["H3", "P"]
        assert body.children[0].actual_text == written(benefit["title"])
        assert [p.actual_text for p in body.children[1:]] == paragraphs(benefit["body"])


def bullet_list(doc: Tagged, node: Node) -> list[str | None]:
    """The text of each item of an L element, checked to be tagged L > LI > (Lbl, LBody > P)
    with the bullet mark, as drawn, for its label."""
    texts = []
    for item in node.children:
        assert item.role == "LI", item.role
        assert [child.role for child in item.children] == ["Lbl", "LBody"]
        label, body = item.children
        assert label.actual_text == doc.text_of(label).strip() == "\u2022"
        assert [child.role for child in body.children] == ["P"]
        texts.append(body.children[0].actual_text)
    return texts


def test_safety_note_is_its_own_element(screen: Tagged) -> None:
    doc, content = screen, screen.content
    (safety,) = doc.document.find("Safety")
    assert safety.parent is doc.document
    note = content["safety_note"]
    assert [
        (n.role, bullet_list(doc, n) if n.role == "L" else n.actual_text) for n in safety.children
    ] == [
        ("H2", note["heading"]),
        *elements(note["body"]),
        ("P", note["reminder"]),  # the footer's reminder, read once, from the first page
    ]
    (reminder_page, _), *others = safety.children[-1].parts
    assert reminder_page == 1 and not others


def test_contact_section_comes_last(screen: Tagged) -> None:
    brand = screen.content["brand"]
    contact = screen.document.children[-1]
    assert contact.role == "Sect"
    assert contact.children[0].role == "H2"
    assert contact.children[0].actual_text == messages_for("en", {}).book_heading
    texts = [n.actual_text for n in contact.walk()]
    for value in (brand["phone"], brand["email"], brand["address"]):
        assert value in texts, f"{value!r} not in the contact section: {texts}"


def test_paragraphs_are_tagged_in_content_order_with_their_text_as_written(
    screen: Tagged,
) -> None:
    doc, content = screen, screen.content
    tagged = [node.actual_text for node in doc.nodes() if node.role == "P"]
    position = 0
    for paragraph in expected_paragraphs(content):
        assert paragraph in tagged[position:], (
            f"{paragraph!r} is not the /ActualText of a P after {tagged[position - 1]!r}"
            if position
            else f"{paragraph!r} is not the /ActualText of a P"
        )
        position = tagged.index(paragraph, position) + 1


def test_marked_text_is_what_the_actual_text_says(doc: Tagged) -> None:
    """The text inside each element's sequences is its /ActualText, give or take line breaks
    and hyphens: so each MCID is recorded against the element it draws."""
    for node in doc.nodes():
        text = doc.text_of(node)
        if node.role == "Figure":
            assert not text.strip(), f"a Figure shows text: {text!r}"
        elif node.parts:
            assert node.actual_text, f"a {node.role} with content but no /ActualText"
            assert squeeze(text) == squeeze(node.actual_text), node.role


def test_actual_text_has_no_hyphen_the_layout_added(rich: Tagged) -> None:
    """A word the layout hyphenated ends its line with a soft hyphen (U+00AD), which readers
    drop (ISO 32000-1, 14.8.2, "Incidental artifacts"); a hyphen (U+002D) at a line end is one
    the text has."""
    hyphenated = 0
    for node in rich.nodes():
        actual = node.actual_text or ""
        lines = rich.text_of(node).splitlines()
        for line, following in itertools.pairwise(lines):
            end, start = re.search(r"(\w+)([-\u00ad])$", line), re.match(r"\w+", following)
            if end is None or start is None:
                continue  # no hyphen at this line's end
            if end[2] == "-":  # the text's own (make-up)
                assert f"{end[1]}-{start[0]}" in actual, f"{line!r} / {following!r} in {actual!r}"
            else:
                hyphenated += 1
                assert f"{end[1]}{start[0]}" in actual, f"{line!r} / {following!r} in {actual!r}"
    assert hyphenated, "no line was hyphenated: the check above tested nothing"


def run_together(doc: Tagged, node: Node) -> str:
    """The text of ``node``'s sequences as Poppler's structure text reads it: every text
    operator's text, one after the other, with nothing added between them."""
    return "".join(doc.text_of(node).splitlines())


def read(text: str) -> str:
    """``text`` as a reader takes it: a soft hyphen at a line end joins the word's two parts
    (ISO 32000-1, 14.8.2), and any run of whitespace is one space."""
    return " ".join(re.sub(r"\u00ad\s*", "", text).split())


def test_marked_text_run_together_reads_as_the_actual_text_word_for_word(doc: Tagged) -> None:
    """Lines, pages and the paragraphs of one element end with the space between their words:
    the text of each element, run together, has every word of its /ActualText, one space apart,
    and no word the layout hyphenated keeps its hyphen."""
    checked = 0
    for node in doc.nodes():
        if node.role == "Figure" or not node.parts:
            continue
        text, actual = run_together(doc, node), node.actual_text or ""
        assert read(text) == read(actual), node.role
        assert "  " not in text.strip(), f"two spaces in a {node.role}: {text!r}"
        checked += text.count("\u00ad") + sum(line.endswith(" ") for line in text.splitlines())
    assert checked, "no line ended with a space or a soft hyphen: nothing was tested"


def test_a_line_break_in_the_address_is_a_space(rich: Tagged) -> None:
    (node,) = [n for n in rich.nodes() if n.actual_text == ADDRESS]
    assert run_together(rich, node) == ADDRESS.replace("\n", " ")


# --- figures and links -----------------------------------------------------------------------


def test_every_figure_has_alternative_text(doc: Tagged) -> None:
    figures = doc.document.find("Figure")
    assert len(figures) >= 2  # the logo and the QR code
    for figure in figures:
        assert figure.alt and figure.alt.strip(), f"a Figure on page {figure.page} has no /Alt"
        assert figure.parts, "a Figure that marks nothing"


def test_logo_and_qr_code_alternative_texts(screen: Tagged) -> None:
    brand = screen.content["brand"]
    logo = screen.document.children[0]
    assert logo.role == "Figure"
    default = messages_for("en", {}).logo_alt.format(clinic=brand["name"])
    assert logo.alt == brand.get("logo_alt", default)
    booking = re.sub(r"^https?://", "", brand["booking_url"]).rstrip("/")
    (qr,) = [f for f in screen.document.find("Figure") if f.parent and f.parent.role == "Link"]
    assert qr.alt == f"QR code: book at {booking}"
    assert qr.parent is not None and qr.parent.parent is screen.document.children[-1]


def test_a_bitmap_logo_is_a_figure_with_the_brands_alt(rich: Tagged) -> None:
    logo = rich.document.children[0]
    assert (logo.role, logo.alt) == ("Figure", CUSTOM_LOGO_ALT)
    ((page, mcid),) = logo.parts
    assert [owner for _, owner in rich.pages[page - 1].images] == [mcid]


def test_content_picture_is_a_figure_with_its_alt_and_caption(rich: Tagged) -> None:
    roles = [(node.role, node.alt or node.actual_text) for node in rich.document.children]
    index = roles.index(("Figure", IMAGE_ALT))
    assert roles[index + 1] == ("Caption", written(CAPTION))
    # After the second section's text (its fact box last, one statement), before the benefits.
    fact = rich.content["sections"][1]["fact"]
    assert roles[index - 1] == ("P", written(f"{fact['value']} {fact['label']}"))
    assert roles[index + 2] == ("H2", written(rich.content["benefits_heading"]))
    (figure,) = [n for n in rich.document.children if n.alt == IMAGE_ALT]
    (page, mcid) = figure.parts[0]
    assert [owner for _, owner in rich.pages[page - 1].images] == [mcid]


def test_every_image_is_drawn_as_a_figure(doc: Tagged) -> None:
    owners = {part: node for node in doc.nodes() for part in node.parts}
    for page in doc.pages:
        for name, mcid in page.images:
            assert isinstance(mcid, int), f"page {page.number}: image {name} drawn in {mcid!r}"
            assert owners[(page.number, mcid)].role == "Figure", f"page {page.number}: {name}"


def test_logo_alt_defaults_to_the_clinic_name(sample_project: Path) -> None:
    sample = brochure.load_leaflet(sample_project / "content.yaml")
    brand = sample.brand.model_copy(update={"logo_alt": None, "name": "Harbour Light Clinic"})
    data = brochure.render_pdf(sample.model_copy(update={"brand": brand}))
    with open_tagged(data, {}) as tagged:
        logo = tagged.document.children[0]
        assert (logo.role, logo.alt) == ("Figure", "Harbour Light Clinic logo")


def test_each_link_annotation_belongs_to_a_link_element(doc: Tagged) -> None:
    parent_tree = doc.parent_tree()
    nodes = {node.obj.objgen: node for node in doc.nodes()}
    annotations = []
    for number, page in enumerate(doc.pdf.pages, 1):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            annotations.append(annotation.objgen)
            owner = parent_tree[int(annotation.StructParent)]
            link = nodes[owner.objgen]
            assert link.role == "Link", f"page {number}: the annotation's element is {link.role}"
            assert [(a.objgen, p) for a, p in link.objrs] == [(annotation.objgen, number)]
            assert str(annotation.Contents).strip()
    owned = [a.objgen for node in doc.nodes() for a, _ in node.objrs]
    assert sorted(owned) == sorted(annotations), "an OBJR to something that is not a link"
    assert all(node.role == "Link" for node in doc.nodes() if node.objrs)


def test_contact_links_hold_the_text_they_make_clickable(screen: Tagged) -> None:
    """Each contact line's Link element owns its text (so a screen reader reads the link as
    what it shows) and its annotation, whose /Contents says what the line is."""
    brand, messages = screen.content["brand"], messages_for("en", {})
    links = []
    for node in screen.document.children[-1].find("Link"):
        ((annotation, _),) = node.objrs
        assert node.parent is not None
        text = squeeze(screen.text_of(node))
        links.append((str(annotation.A.URI), node.parent.role, text, str(annotation.Contents)))
    website = re.sub(r"^https?://", "", brand["website"]).rstrip("/")
    booking = re.sub(r"^https?://", "", brand["booking_url"]).rstrip("/")
    assert links == [
        (
            "tel:" + re.sub(r"[^0-9+]", "", brand["phone"]),
            "P",
            squeeze(brand["phone"]),
            f"{messages.phone_label}: {brand['phone']}",
        ),
        (
            "mailto:" + brand["email"],
            "P",
            squeeze(brand["email"]),
            f"{messages.email_label}: {brand['email']}",
        ),
        (brand["website"], "P", squeeze(website), f"{messages.website_label}: {website}"),
        (brand["booking_url"], "P", squeeze(booking), f"{messages.booking_label}: {booking}"),
        # The QR code: a Figure inside its Link, straight under the contact section.
        (brand["booking_url"], "Sect", "", f"QR code: book at {booking}"),
    ]


# --- a paragraph across pages ----------------------------------------------------------------


def test_a_paragraph_split_across_pages_is_one_element(rich: Tagged) -> None:
    (node,) = [n for n in rich.nodes() if n.actual_text == LONG_PARAGRAPH]
    pages = [page for page, _ in node.parts]
    assert len(set(pages)) >= 2 and pages == sorted(pages), node.parts
    assert node.page == pages[0]
    kids = list(node.obj.K)
    assert isinstance(kids[0], int), "the first part is on the element's own page"
    references = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
    assert references, "no MCR to another page"
    for reference in references:
        assert reference.Type == "/MCR"
        assert reference.Pg.objgen != node.obj.Pg.objgen
    # Each page holds a piece of the text, and the pieces make the paragraph.
    pieces = [rich.pages[page - 1].text[mcid] for page, mcid in node.parts]
    assert all(piece.strip() for piece in pieces)
    assert squeeze("".join(pieces)) == squeeze(LONG_PARAGRAPH)


def test_rich_document_is_the_same_bytes_when_rebuilt(
    rich_project: tuple[Path, dict[str, Any]], rich_pdf: bytes
) -> None:
    # The sample's rebuild is checked in test_render; this one has split and picture parts.
    assert render(rich_project[0]) == rich_pdf


# --- an independent reader -------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler's pdfinfo is not installed")
def test_poppler_reads_the_structure(tmp_path: Path, sample: Tagged, sample_pdf: bytes) -> None:
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(sample_pdf)
    result = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    # Poppler reads the marked text itself, not /ActualText: test_text_layer in test_render
    # reads it word for word.
    output = squeeze(result.stdout)
    content = sample.content
    needles = [
        content["title"],
        content["sections"][0]["heading"],
        content["benefits"][0]["title"],
        content["safety_note"]["heading"],
    ]
    positions = [output.find(squeeze(needle)) for needle in needles]
    assert -1 not in positions and positions == sorted(positions), result.stdout[:3000]
    roles = re.findall(r"^\s*(\w+)(?: \(\w+\))?$", result.stdout, re.MULTILINE)
    assert roles[:4] == ["Document", "Figure", "P", "H1"], roles
    # The safety note's custom role reaches poppler as the standard one the RoleMap names.
    assert roles.count("Sect") == 2 and roles.count("Figure") == 2, roles
