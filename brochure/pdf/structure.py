"""Tagged PDF, the writing half: the structure tree recorded while drawing
(:mod:`brochure.layout.tagging`) as ReportLab objects, added to the document just before it is
saved (:class:`~brochure.pdf.finish.FinishingCanvas`); a pikepdf post-pass keeps it as it is.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

from brochure.layout.tagging import ROLE_MAP, Element


def _value(element: Any, document: Any) -> bytes:
    """``element`` as ReportLab's ``format`` writes it, quicker for the kinds a tree holds."""
    kind = type(element)
    if kind is str and element.isascii() and element.isprintable():
        return str(element).encode("ascii")  # a name: printable ASCII is itself PDFDocEncoding
    if kind is int:
        return b"%d" % int(element)
    if kind is pdfdoc.PDFObjectReference:
        number: tuple[int, int] = document.idToObjectNumberAndVersion[element.name]
        return b"%d %d R" % number
    if kind is TreeDictionary or kind is TreeArray:
        formatted: bytes = element.format(document)
        return formatted
    return bytes(pdfdoc.format(element, document))


def _joined(parts: list[bytes], every: int) -> bytes:
    """``parts`` joined by spaces, a line break after every ``every`` of them, as ReportLab
    writes them (each on a line of its own, with its ``pdfMultiLine`` setting)."""
    if rl_config.pdfMultiLine:
        return b"\n ".join(parts)
    for index in reversed(range(every, len(parts), every)):
        parts.insert(index, b"\n ")
    return b" ".join(parts)


class TreeDictionary(pdfdoc.PDFDictionary):
    """A dictionary of the structure tree, written byte for byte as ReportLab writes one,
    without its general path: a tagged leaflet has a hundred of them, each mostly names,
    numbers and references, and ReportLab's general writer spent about 1.5 ms of a 23 ms
    render on them."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        items = self.dict
        if not all(type(k) is str and k.isascii() and k.isalnum() for k in items):
            return bytes(super().format(document, IND))  # a name ReportLab escapes
        parts = [b"/%s %s" % (k.encode("ascii"), _value(items[k], document)) for k in sorted(items)]
        return b"<<\n" + _joined(parts, 6) + b"\n>>"


class TreeArray(pdfdoc.PDFArray):
    """An array of the structure tree, written as :class:`TreeDictionary` is."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        return b"[ " + _joined([_value(e, document) for e in self.sequence], 10) + b" ]"


def _prune(element: Element) -> None:
    element.children = [c for c in element.children if not c.is_empty()]
    for child in element.children:
        _prune(child)


def add_structure(document: Any, root: Element, language: str) -> None:
    """Add ``root``'s tree to ``document`` (the ReportLab ``PDFDocument`` it was recorded on,
    every page drawn, not yet saved): the tree and its parent tree as objects of the document,
    ``/StructParents`` and ``/Tabs`` on its pages, ``/StructParent`` and ``/Contents`` on its
    link annotations, ``/StructTreeRoot`` and ``/MarkInfo`` in its catalog."""
    from reportlab.pdfbase.pdfdoc import PDFName, PDFString

    _prune(root)
    pages: list[Any] = list(document.Pages.pages)
    page_refs = [document.Reference(page) for page in pages]
    parent_tree: dict[int, Any] = {}  # StructParents key -> element reference
    mcid_owners: dict[int, dict[int, Any]] = {}  # page number -> {mcid: element reference}
    tree_root = TreeDictionary({"Type": PDFName("StructTreeRoot")})
    tree_ref = document.Reference(tree_root)

    def build(element: Element, parent_ref: Any) -> Any:
        fields: dict[str, Any] = {
            "Type": PDFName("StructElem"),
            "S": PDFName(element.role),
            "P": parent_ref,
        }
        if element is root:
            fields["Lang"] = PDFString(language)
        if element.alt is not None:
            fields["Alt"] = PDFString(element.alt)
        if element.text is not None:
            fields["ActualText"] = PDFString(element.text)
        first_page = element.parts[0][0] if element.parts else None
        if first_page is None and element.annotations:
            first_page = element.annotations[0][0]
        if first_page is not None:
            fields["Pg"] = page_refs[first_page - 1]
        obj = TreeDictionary(fields)
        ref = document.Reference(obj)
        kids: list[Any] = []
        for page, mcid in element.parts:
            mcid_owners.setdefault(page, {})[mcid] = ref
            if page == first_page:
                kids.append(mcid)
            else:
                kids.append(
                    TreeDictionary(
                        {"Type": PDFName("MCR"), "Pg": page_refs[page - 1], "MCID": mcid}
                    )
                )
        for child in element.children:
            kids.append(build(child, ref))
        for page, index in element.annotations:
            annotation_ref = pages[page - 1].Annots[index]
            annotation = document.idToObject[annotation_ref.name]
            key = len(pages) + len(parent_tree)
            parent_tree[key] = ref
            annotation["StructParent"] = key
            annotation["Contents"] = PDFString(element.alt or element.text or "")
            kids.append(
                TreeDictionary(
                    {"Type": PDFName("OBJR"), "Obj": annotation_ref, "Pg": page_refs[page - 1]}
                )
            )
        obj["K"] = kids[0] if len(kids) == 1 and isinstance(kids[0], int) else TreeArray(kids)
        return ref

    document_ref = build(root, tree_ref)
    nums: list[Any] = []
    for number, page in enumerate(pages, 1):
        # A ReportLab page writes only the keys its __NoDefault__ names: this page's own list
        # names two more (the class is left as it is).
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = number - 1
        page.Tabs = PDFName("S")
        owners = mcid_owners.get(number, {})
        nums += [number - 1, TreeArray([owners[m] for m in sorted(owners)])]
    for key in sorted(parent_tree):
        nums += [key, parent_tree[key]]
    tree_root["K"] = TreeArray([document_ref])
    tree_root["ParentTree"] = document.Reference(TreeDictionary({"Nums": TreeArray(nums)}))
    tree_root["ParentTreeNextKey"] = len(pages) + len(parent_tree)
    tree_root["RoleMap"] = TreeDictionary({k: PDFName(v) for k, v in ROLE_MAP.items()})
    document.Catalog.StructTreeRoot = tree_ref
    document.Catalog.MarkInfo = TreeDictionary({"Marked": "true"})
