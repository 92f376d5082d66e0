"""Tagged PDF, the writing half: the structure tree recorded while drawing
(:mod:`brochure.layout.tagging`) as PDF objects, written with pikepdf after rendering."""

from __future__ import annotations

from typing import Any

from brochure.layout.tagging import ROLE_MAP, Element


def _prune(element: Element) -> None:
    element.children = [c for c in element.children if not c.is_empty()]
    for child in element.children:
        _prune(child)


def write_structure(pdf: Any, root: Element, language: str) -> None:
    """Write ``root``'s tree into ``pdf`` (a pikepdf.Pdf of the document it was recorded on)."""
    import pikepdf

    _prune(root)
    pages = list(pdf.pages)
    parent_tree: dict[int, Any] = {}  # StructParents key -> element or list of elements
    mcid_owners: dict[int, dict[int, Any]] = {}  # page number -> {mcid: element object}
    tree_root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))

    def build(element: Element, parent_object: Any) -> Any:
        fields: dict[str, Any] = {
            "/Type": pikepdf.Name.StructElem,
            "/S": pikepdf.Name("/" + element.role),
            "/P": parent_object,
        }
        if element.alt is not None:
            fields["/Alt"] = pikepdf.String(element.alt)
        if element.text is not None:
            fields["/ActualText"] = pikepdf.String(element.text)
        first_page = element.parts[0][0] if element.parts else None
        if first_page is None and element.annotations:
            first_page = element.annotations[0][0]
        if first_page is not None:
            fields["/Pg"] = pages[first_page - 1].obj
        obj = pdf.make_indirect(pikepdf.Dictionary(fields))
        kids: list[Any] = []
        for page, mcid in element.parts:
            mcid_owners.setdefault(page, {})[mcid] = obj
            if page == first_page:
                kids.append(mcid)
            else:
                kids.append(
                    pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[page - 1].obj, MCID=mcid)
                )
        for child in element.children:
            kids.append(build(child, obj))
        for page, index in element.annotations:
            page_obj = pages[page - 1].obj
            annotation = page_obj.Annots[index]
            key = len(pages) + len(parent_tree)
            parent_tree[key] = obj
            annotation.StructParent = key
            annotation.Contents = pikepdf.String(element.alt or element.text or "")
            kids.append(pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation, Pg=page_obj))
        obj.K = kids[0] if len(kids) == 1 and isinstance(kids[0], int) else pikepdf.Array(kids)
        return obj

    document = build(root, tree_root)
    document.Lang = pikepdf.String(language)
    nums: list[Any] = []
    for number, page in enumerate(pages, 1):
        page.obj.StructParents = number - 1
        page.obj.Tabs = pikepdf.Name.S
        owners = mcid_owners.get(number, {})
        nums += [number - 1, pikepdf.Array([owners[m] for m in sorted(owners)])]
    for key in sorted(parent_tree):
        nums += [key, parent_tree[key]]
    tree_root.K = pikepdf.Array([document])
    tree_root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    tree_root.ParentTreeNextKey = len(pages) + len(parent_tree)
    tree_root.RoleMap = pikepdf.Dictionary(
        {f"/{k}": pikepdf.Name("/" + v) for k, v in ROLE_MAP.items()}
    )
    pdf.Root.StructTreeRoot = tree_root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
