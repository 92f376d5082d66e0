"""Tagged PDF, the drawing half: the structure elements and the marked content on the pages.

ReportLab's open-source release writes no structure tree, so tagging is done in two steps:

1. While the story is built, :class:`Tags` creates the structure elements in reading order
   (Document > H1, P, L > LI > Lbl/LBody, Sect, Figure, Link...) and wraps each leaf flowable in
   :class:`Tagged`. While pages are drawn, what a :class:`Tagged` flowable or a
   :meth:`Tags.content` block draws is one marked-content sequence with an MCID on its page,
   recorded against its element; page furniture (bands, backgrounds, icons, footers, marks) is
   drawn inside :meth:`Tags.artifact`. Each sequence opens and closes at the same graphics-state
   depth. Links drawn inside content are recorded as annotations of a ``Link`` element.
2. Once every page is drawn, :mod:`brochure.pdf.structure` turns the record into PDF objects
   (as ReportLab objects as the file is saved, or with pikepdf after it when the file needs that
   post-pass anyway): ``/StructTreeRoot`` with the elements, the ``/ParentTree``,
   ``/StructParents`` on pages, ``/StructParent`` and ``/Contents`` on link annotations,
   ``/MarkInfo``, ``/Tabs /S``.

The layout only decides which role each piece of content plays; it never writes a tag itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable

ROLE_MAP = {"Safety": "Sect"}
"""Custom structure types and the standard PDF 1.7 type each stands for (PDF/UA-1)."""


@dataclass(eq=False)
class Element:
    """One structure element: its role, parent, children and the content it owns."""

    role: str
    parent: Element | None = None
    alt: str | None = None
    """Alternative text (Figures), or the expansion of a link."""
    text: str | None = None
    """The text as written, for /ActualText. The page has it broken into lines, each ending
    with the space between its words or with the layout's hyphen as a soft hyphen (see
    :mod:`brochure.layout.textlayer`), for readers that take the page's text instead."""
    children: list[Element] = field(default_factory=list)
    parts: list[tuple[int, int]] = field(default_factory=list)
    """(page number, MCID) of each marked-content sequence, in drawing order."""
    annotations: list[tuple[int, int]] = field(default_factory=list)
    """(page number, index in the page's /Annots) of link annotations it owns."""

    def add(self, role: str, alt: str | None = None, text: str | None = None) -> Element:
        """A new child element, after the existing ones."""
        child = Element(role, self, alt, text)
        self.children.append(child)
        return child

    def is_empty(self) -> bool:
        """Whether nothing on any page belongs to it or to its descendants."""
        return not self.parts and not self.annotations and all(c.is_empty() for c in self.children)


class Tags:
    """Builds the structure tree of one document and marks its content while it is drawn."""

    enabled = True

    def __init__(self) -> None:
        self.root = Element("Document")
        self.reminder: Element | None = None
        """The element of the footer's safety reminder, drawn on the first page by the canvas."""
        self._mcids: dict[int, int] = {}
        self._annotations: dict[int, int] = {}
        self._open: Element | None = None

    # --- while the story is built ------------------------------------------------------------

    def leaf(self, flowable: Flowable, element: Element) -> Flowable:
        """``flowable`` drawn as ``element``'s content."""
        return Tagged(flowable, element, self)

    def mark(self, element: Element) -> Callable[[Any], AbstractContextManager[None]]:
        """For a block that draws a piece of content itself (a logo, a QR code): call the
        result with the canvas around the drawing."""
        return lambda canvas: self.content(canvas, element)

    # --- while pages are drawn ---------------------------------------------------------------

    @contextmanager
    def artifact(self, canvas: Any) -> Iterator[None]:
        """Mark what is drawn inside as page furniture (a no-op inside marked content, which
        it then belongs to)."""
        if self._open is not None:
            yield
            return
        canvas.addLiteral("/Artifact BMC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC")

    @contextmanager
    def content(self, canvas: Any, element: Element) -> Iterator[None]:
        """Mark what is drawn inside as ``element``'s content (a new MCID on this page)."""
        if self._open is not None:  # already inside marked content: it belongs there
            yield
            return
        page = canvas.getPageNumber()
        mcid = self._mcids.get(page, 0)
        self._mcids[page] = mcid + 1
        element.parts.append((page, mcid))
        canvas.addLiteral(f"/{ROLE_MAP.get(element.role, element.role)} <</MCID {mcid}>> BDC")
        self._open = element
        try:
            yield
        finally:
            self._open = None
            canvas.addLiteral("EMC")

    def annotation_added(self, canvas: Any, description: str) -> None:
        """A link annotation was just added to the current page: it belongs to the element
        being drawn (in a ``Link`` of its own unless the element is one)."""
        page = canvas.getPageNumber()
        index = self._annotations.get(page, 0)
        self._annotations[page] = index + 1
        owner = self._open
        if owner is None:
            return  # an annotation outside content: none of ours draws one
        if owner.role == "Link":
            link = owner
        elif owner.parent is not None and owner.parent.role == "Link":
            link = owner.parent  # a figure that is a link (the QR code)
        else:
            link = owner.add("Link", description)
        link.annotations.append((page, index))
        if link.alt is None:
            link.alt = description


class Untagged(Tags):
    """The same interface, doing nothing: for outputs without a structure tree."""

    enabled = False

    def leaf(self, flowable: Flowable, element: Element) -> Flowable:
        return flowable

    @contextmanager
    def artifact(self, canvas: Any) -> Iterator[None]:
        yield

    @contextmanager
    def content(self, canvas: Any, element: Element) -> Iterator[None]:
        yield

    def annotation_added(self, canvas: Any, description: str) -> None:
        pass


class Tagged(Flowable):
    """A flowable whose drawing is one structure element's content; it lays out exactly as
    the flowable it wraps, and its split parts stay parts of the same element."""

    def __init__(self, flowable: Flowable, element: Element, tags: Tags) -> None:
        super().__init__()
        self.flowable, self.element, self.tags = flowable, element, tags

    def __getattr__(self, name: str) -> Any:
        # Blocks that hold this flowable read its measurements (height, text...).
        if name in ("flowable", "element", "tags"):
            raise AttributeError(name)
        return getattr(self.flowable, name)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.flowable.wrap(avail_width, avail_height)
        self.width, self.height = width, height
        return width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return [
            Tagged(part, self.element, self.tags)
            for part in self.flowable.split(avail_width, avail_height)
        ]

    def getSpaceBefore(self) -> float:
        return float(self.flowable.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.flowable.getSpaceAfter())

    def getKeepWithNext(self) -> bool:
        return bool(self.flowable.getKeepWithNext())  # type: ignore[no-untyped-call]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        with self.tags.content(canvas, self.element):
            self.flowable.drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]
