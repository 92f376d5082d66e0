"""The structure tree, written as ReportLab objects as the file is saved: what a reader sees
(the tree, page and annotation entries, catalog entries, XMP metadata), kept as it is by the
pikepdf post-pass that print files and Arabic editions go through, and written byte for byte
as ReportLab's own writer would."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pikepdf
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFDocument, PDFName, PDFString

import brochure
from brochure.layout.tagging import Element
from brochure.pdf import finish
from brochure.pdf.render import RenderOptions
from brochure.pdf.structure import TreeArray, TreeDictionary, add_structure
from tests.helpers import copy_sample

BODY_LINK = "Read more on [our booking page](https://lumenskin.example/book) before you come."


def render(content_file: Path, *, post_pass: bool) -> bytes:
    """The screen leaflet as saved, or (``post_pass``) after the pikepdf post-pass too, forced
    by one more row in the decision table."""
    leaflet = brochure.load_leaflet(content_file)
    with pytest.MonkeyPatch.context() as patch:
        if post_pass:
            step = finish.PostPassStep(lambda profile, text: True, lambda pdf: None)
            patch.setitem(finish.POST_PASS, "a test", step)
        return brochure.render_pdf(leaflet, RenderOptions.for_profile("screen"))


def text(value: Any) -> str | None:
    return None if value is None else str(value)


def xmp_data(packet: str) -> str:
    """An XMP packet as XML data (canonical: attribute order, namespace declarations and white
    space between elements left out)."""
    assert packet.startswith('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>')
    assert packet.rstrip().endswith('<?xpacket end="w"?>')
    body = re.sub(r"<\?xpacket[^>]*\?>", "", packet)
    return ElementTree.canonicalize(body, strip_text=True)


def structure_data(data: bytes) -> dict[str, Any]:
    """Everything a reader takes from the tagged file, as plain data: elements by their place
    in the tree (a path of child indexes), pages by number, annotations by (page, index)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        annotations = {
            annotation.objgen: (number, index)
            for number, page in enumerate(pdf.pages, 1)
            for index, annotation in enumerate(page.obj.get("/Annots", []))
        }
        paths: dict[tuple[int, int], tuple[int, ...]] = {}

        def element(obj: Any, path: tuple[int, ...], parent: Any) -> dict[str, Any]:
            paths[obj.objgen] = path
            assert obj.Type == pikepdf.Name.StructElem
            assert obj.P.objgen == parent.objgen, f"/P of {path}"
            page = pages[obj.Pg.objgen] if "/Pg" in obj else None
            kids = obj.get("/K", pikepdf.Array([]))
            kids = kids if isinstance(kids, pikepdf.Array) else pikepdf.Array([kids])
            items: list[Any] = []
            for kid in kids:
                if isinstance(kid, int):
                    items.append(("MCID", page, int(kid)))
                elif kid.get("/Type") == "/MCR":
                    items.append(("MCR", pages[kid.Pg.objgen], int(kid.MCID)))
                elif kid.get("/Type") == "/OBJR":
                    items.append(("OBJR", pages[kid.Pg.objgen], annotations[kid.Obj.objgen]))
                else:
                    items.append(element(kid, (*path, len(items)), obj))
            return {
                "role": str(obj.S),
                "page": page,
                "alt": text(obj.get("/Alt")),
                "actual_text": text(obj.get("/ActualText")),
                "lang": text(obj.get("/Lang")),
                "kids": items,
            }

        root = pdf.Root.StructTreeRoot
        (document,) = root.K
        tree = element(document, (), root)

        def place(value: Any) -> Any:
            if isinstance(value, pikepdf.Array):
                return [paths[item.objgen] for item in value]
            return paths[value.objgen]

        nums = list(root.ParentTree.Nums)
        packet = pdf.Root.Metadata.read_bytes().decode("utf-8")
        return {
            "tree": tree,
            "parent_tree": {int(nums[i]): place(nums[i + 1]) for i in range(0, len(nums), 2)},
            "next_key": int(root.ParentTreeNextKey),
            "role_map": {str(k): str(v) for k, v in root.RoleMap.items()},
            "pages": [(int(page.obj.StructParents), str(page.obj.Tabs)) for page in pdf.pages],
            "annotations": [
                (
                    number,
                    int(annotation.StructParent),
                    str(annotation.Contents),
                    str(annotation.A.URI),
                )
                for number, page in enumerate(pdf.pages, 1)
                for annotation in page.obj.get("/Annots", [])
            ],
            "xmp": xmp_data(packet),
            "metadata_stream": {
                str(k): str(v)
                for k, v in pdf.Root.Metadata.stream_dict.items()
                if k in ("/Type", "/Subtype", "/Filter")
            },
            "mark_info": bool(pdf.Root.MarkInfo.Marked),
            "lang": str(pdf.Root.Lang),
            "viewer_preferences": {str(k): bool(v) for k, v in pdf.Root.ViewerPreferences.items()},
            "info": {str(k): str(v) for k, v in pdf.docinfo.items()},
            "version": pdf.pdf_version,
            "id_parts": len(pdf.trailer.ID),
        }


@pytest.fixture(scope="module")
def linked_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with a link in the first section's text, besides the contact links."""
    root = copy_sample(tmp_path_factory.mktemp("linked") / "project")
    content = yaml.safe_load((root / "content.yaml").read_text("utf-8"))
    content["sections"][0]["body"] += "\n\n" + BODY_LINK + "\n"
    (root / "content.yaml").write_text(yaml.safe_dump(content, sort_keys=False), "utf-8")
    return root / "content.yaml"


@pytest.fixture(scope="module", params=["sample", "linked"])
def content_file(
    request: pytest.FixtureRequest, sample_project: Path, linked_project: Path
) -> Path:
    return sample_project / "content.yaml" if request.param == "sample" else linked_project


@pytest.fixture(scope="module")
def both(content_file: Path) -> tuple[bytes, bytes]:
    """(as saved, after a post-pass) of one leaflet."""
    return render(content_file, post_pass=False), render(content_file, post_pass=True)


def test_the_post_pass_keeps_the_tree_written_at_save_time(
    both: tuple[bytes, bytes],
) -> None:
    at_save, post_pass = both
    assert at_save != post_pass, "the post-pass was not forced"
    new, old = structure_data(at_save), structure_data(post_pass)
    for key in old:
        assert new[key] == old[key], key
    assert new == old


def test_a_rebuild_is_the_same_bytes(content_file: Path, both: tuple[bytes, bytes]) -> None:
    assert render(content_file, post_pass=False) == both[0]


def test_the_comparison_sees_the_links_and_the_tree(both: tuple[bytes, bytes]) -> None:
    """Not vacuous: elements with text, MCIDs on every page, links with their OBJRs."""
    data = structure_data(both[0])
    roles: list[str] = []
    objrs: list[Any] = []

    def walk(node: dict[str, Any]) -> None:
        roles.append(node["role"])
        for kid in node["kids"]:
            if isinstance(kid, dict):
                walk(kid)
            elif kid[0] == "OBJR":
                objrs.append(kid)

    walk(data["tree"])
    assert roles[0] == "/Document" and "/H1" in roles and "/Link" in roles
    assert data["tree"]["lang"] == "en"
    assert len(objrs) == len(data["annotations"]) >= 5
    assert sorted(data["parent_tree"]) == list(range(data["next_key"]))
    assert data["mark_info"] and data["version"] == "1.7" and data["id_parts"] == 2
    assert '/pdfua/ns/id/">1</pdfuaid:part>' in data["xmp"]


def test_a_link_in_the_text_is_a_link_element(linked_project: Path) -> None:
    data = structure_data(render(linked_project, post_pass=False))
    # A link in running text is a Link element of its own, described by its address.
    assert next(annotation[2:] for annotation in data["annotations"]) == (
        "https://lumenskin.example/book",
        "https://lumenskin.example/book",
    )
    assert len(data["annotations"]) == 6


def test_the_structure_is_what_the_recording_says(tmp_path: Path) -> None:
    """add_structure on a two-page ReportLab document: an element on both pages (an MCID, then
    an MCR), one with a link (an OBJR), the parent tree, the pages' and link's entries."""
    from reportlab.pdfgen.canvas import Canvas

    root = Element("Document")
    paragraph = root.add("P", text="Split over two pages")
    root.add("Sect")  # empty: pruned
    link = root.add("Link", alt="Book online")
    paragraph.parts += [(1, 0), (2, 0)]
    link.parts.append((2, 1))
    link.annotations.append((2, 0))
    canvas = Canvas(str(tmp_path / "two.pdf"), invariant=1)
    canvas.drawString(10, 10, "one")
    canvas.showPage()
    canvas.drawString(10, 10, "two")
    canvas.linkURL("https://example.org", (0, 0, 10, 10))
    canvas.showPage()
    add_structure(canvas._doc, root, "en")  # type: ignore[attr-defined]
    canvas.save()
    with pikepdf.open(tmp_path / "two.pdf") as pdf:
        first, second = (page.obj for page in pdf.pages)
        assert (int(first.StructParents), int(second.StructParents)) == (0, 1)
        assert first.Tabs == second.Tabs == pikepdf.Name.S
        tree = pdf.Root.StructTreeRoot
        (document,) = tree.K
        assert str(document.Lang) == "en"
        split, linked = document.K
        assert str(split.ActualText) == "Split over two pages"
        assert split.Pg.objgen == first.objgen
        assert split.K[0] == 0
        assert split.K[1].Type == pikepdf.Name.MCR and split.K[1].Pg.objgen == second.objgen
        (annotation,) = second.Annots
        assert int(annotation.StructParent) == 2 and str(annotation.Contents) == "Book online"
        assert linked.K[0] == 1 and linked.K[1].Obj.objgen == annotation.objgen
        nums = list(tree.ParentTree.Nums)
        assert [int(n) for n in nums[::2]] == [0, 1, 2]
        assert [e.objgen for e in nums[1]] == [split.objgen]
        assert [e.objgen for e in nums[3]] == [split.objgen, linked.objgen]
        assert nums[5].objgen == linked.objgen
        assert int(tree.ParentTreeNextKey) == 3
        assert bool(pdf.Root.MarkInfo.Marked)


# --- the tree's own writer -------------------------------------------------------------------

NAME_KEY = st.one_of(
    st.sampled_from(["Type", "S", "P", "K", "Pg", "MCID", "Alt", "ActualText", "Lang"]),
    st.from_regex(r"[A-Za-z0-9]{1,6}", fullmatch=True),
)
"""Dictionary keys as the tree has them: the names its own writer writes."""
ANY_KEY = st.text(st.characters(codec="ascii"), min_size=1, max_size=6)
"""Any others, with characters a PDF name escapes (left to ReportLab's writer)."""


@dataclass
class Document:
    """A ReportLab document with a few objects to refer to."""

    pdf: Any
    refs: list[Any]


@st.composite
def tree_values(draw: st.DrawFn, document: Document, depth: int = 0) -> Any:
    """A value as the tree writes them: a number, a name, a reference, a string, a yes/no, or
    (not too deep) an array or dictionary of such values."""
    leaves = [
        st.integers(-(2**31), 2**31),
        st.text(max_size=8).map(PDFName),
        st.sampled_from(document.refs),
        st.text(max_size=12).map(PDFString),
        st.booleans(),
        st.sampled_from(["true", "false", "/odd name", "caf\u00e9", "\u2022 \u00bfQu\u00e9?"]),
    ]
    if depth < 2:
        leaves.append(containers(document, depth + 1))
    return draw(st.one_of(leaves))


def containers(document: Document, depth: int = 0) -> st.SearchStrategy[Any]:
    """An array or a dictionary of tree values, long enough to be written on several lines."""
    values = tree_values(document, depth)
    return st.one_of(
        st.lists(values, max_size=25).map(TreeArray),
        st.dictionaries(NAME_KEY, values, max_size=15).map(TreeDictionary),
        st.dictionaries(ANY_KEY, values, max_size=4).map(TreeDictionary),
    )


def as_reportlab(value: Any) -> Any:
    """``value`` in ReportLab's own classes, all the way down."""
    if isinstance(value, TreeArray):
        return PDFArray([as_reportlab(v) for v in value.sequence])
    if isinstance(value, TreeDictionary):
        return PDFDictionary({k: as_reportlab(v) for k, v in value.dict.items()})
    return value


@pytest.fixture(scope="module")
def pdf_document() -> Document:
    pdf: Any = PDFDocument(invariant=1)
    return Document(pdf, [pdf.Reference(PDFDictionary({"N": n})) for n in range(3)])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), multiline=st.booleans())
def test_the_tree_is_written_byte_for_byte_as_reportlab_writes_it(
    pdf_document: Document, data: st.DataObject, multiline: bool
) -> None:
    value = data.draw(containers(pdf_document))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rl_config, "pdfMultiLine", int(multiline))
        ours = pdfdoc.format(value, pdf_document.pdf)
        theirs = pdfdoc.format(as_reportlab(value), pdf_document.pdf)
    assert ours == theirs
