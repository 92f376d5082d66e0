"""Opening a PDF from outside and reading what the checks judge, within the limits.

:func:`read_document` returns plain data (:class:`Document`): page boxes, what each page paints,
the output intents, the metadata; the checks never touch the PDF. What could not be read is a
:class:`~brochure.preflight.reader.Gap` of the document; a file that cannot be opened at all is
a :class:`~brochure.errors.BrochureError`, in one line.

qpdf decodes some streams itself while it opens a file (cross-reference and object streams). Its
own memory limits stop a compression bomb there; they are process-wide settings, so they are
set only while a file is read and put back afterwards (:func:`qpdf_limits`). What pikepdf logs
meanwhile (qpdf's complaints about a damaged file) is gathered into the report too, rather than
left for Python to print on stderr.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import pikepdf
from lxml import etree

from brochure.errors import BrochureError
from brochure.preflight.geometry import Box
from brochure.preflight.limits import Budget, LimitReached, Limits
from brochure.preflight.reader import Affects, ContentReader, Gap, PageContent, inherited
from brochure.preflight.streams import UnreadableStream, first_problem, qpdf_message
from brochure.preflight.values import READ_ERRORS, get, integer, number, numbers, rect

LETTER: Box = (0.0, 0.0, 612.0, 792.0)
"""The MediaBox assumed when a page has none (PDF's default)."""
_FILE_LEVEL_ERRORS: tuple[type[Exception], ...] = (UnreadableStream, LimitReached, *READ_ERRORS)
_XMP_TAGS = {
    "pdfxid:GTS_PDFXVersion": "{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion",
    "dc:title": "{http://purl.org/dc/elements/1.1/}title",
    "xmp:CreateDate": "{http://ns.adobe.com/xap/1.0/}CreateDate",
    "xmp:ModifyDate": "{http://ns.adobe.com/xap/1.0/}ModifyDate",
}
XMP_KEYS = tuple(_XMP_TAGS)
"""The XMP properties the checks read."""
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Page:
    """One page: its boxes (normalised) and what it paints."""

    number: int
    """1-based."""
    media: Box
    """The MediaBox (inherited), or :data:`LETTER` when it has none."""
    crop: Box | None
    """The CropBox (inherited)."""
    bleed: Box | None
    """The BleedBox."""
    trim: Box | None
    """The TrimBox."""
    art: Box | None
    """The ArtBox."""
    user_unit: float
    """``/UserUnit``: points per unit (1 unless the page says otherwise)."""
    content: PageContent
    """What it paints."""
    bad_boxes: tuple[str, ...] = ()
    """Boxes present but not four finite numbers (``MediaBox``...), or a missing MediaBox."""
    folds: tuple[float, ...] = ()
    """Where the page folds, as brochure's folded print files say (``/PieceInfo /Brochure
    /Private /Folds``): each fold's x in points from the trimmed page's left edge."""

    @property
    def trim_or_media(self) -> Box:
        """The trimmed page: TrimBox, else ArtBox, else the MediaBox."""
        return self.trim or self.art or self.media

    @property
    def bleed_or_default(self) -> Box:
        """The BleedBox, defaulting to the CropBox, then the MediaBox (as PDF says)."""
        return self.bleed or self.crop or self.media


@dataclass(frozen=True)
class OutputIntent:
    """A GTS_PDFX output intent."""

    condition: str
    """Its ``/OutputConditionIdentifier``, or "unnamed condition"."""
    profile: Literal["embedded", "referenced", "missing"]
    """Whether its ICC profile is in the file, referenced (PDF/X-4p), or absent."""
    components: int | None = None
    """The embedded profile's ``/N``."""
    header: bytes = b""
    """The first 40 bytes of the embedded profile (empty when unreadable)."""


@dataclass
class Document:
    """What the checks read of a file."""

    pdf_version: str
    """The version its header declares."""
    encrypted: bool
    """Whether it is encrypted (it opened without a password)."""
    pages: list[Page] = field(default_factory=list)
    """The pages read, in order."""
    xmp: dict[str, str] = field(default_factory=dict)
    """The XMP properties of :data:`XMP_KEYS` it has."""
    info: dict[str, str] = field(default_factory=dict)
    """``/GTS_PDFXVersion`` and ``/Trapped`` of its Info dictionary, as text, when present."""
    output_intents: list[OutputIntent] = field(default_factory=list)
    """Its GTS_PDFX output intents."""
    optional_content: bool = False
    """Whether it has optional content (layers)."""
    gaps: list[Gap] = field(default_factory=list)
    """What could not be read."""
    notes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    """What is not judged -> the pages where that happened."""


def read_document(data: bytes, name: str, limits: Limits) -> Document:
    """Read a PDF held in memory; ``name`` names it in errors.

    Raises :class:`BrochureError` when it is not a PDF, cannot be opened, needs a password or
    has no pages."""
    if b"%PDF-" not in data[:1024]:
        raise BrochureError(f"{name} is not a PDF (it does not start with %PDF-)")
    with qpdf_limits(limits), _pikepdf_log() as logged:
        pdf = _open(data, name)
        with pdf:
            return _read(pdf, name, limits, logged)


@contextmanager
def qpdf_limits(limits: Limits) -> Iterator[None]:
    """qpdf's own decoding memory limits set to ``limits.stream_bytes`` while reading, and put
    back afterwards (they are process-wide; older pikepdf versions have none to set)."""
    setter: Any = getattr(pikepdf.settings, "set_qpdf_limits", None)
    if setter is None:  # pragma: no cover - older pikepdf
        yield
        return
    cap = limits.stream_bytes
    previous = setter(
        flate_max_memory=cap, png_max_memory=cap, tiff_max_memory=cap, run_length_max_memory=cap
    )
    try:
        yield
    finally:
        setter(**previous)


class _Collect(logging.Handler):
    """Keeps the messages pikepdf logs (qpdf's complaints about a damaged file)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message:
            self.messages.append(qpdf_message(message))


@contextmanager
def _pikepdf_log() -> Iterator[list[str]]:
    """What pikepdf logs while a file is read: it belongs in the report, not on stderr (where
    Python prints the warnings of a library no handler listens to)."""
    handler = _Collect()
    logger = logging.getLogger("pikepdf")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _open(data: bytes, name: str) -> pikepdf.Pdf:
    try:
        # Pages are found by walking the tree here (bounded), not by qpdf's page list, which
        # copies a page listed a million times a million times.
        return pikepdf.open(io.BytesIO(data), inherit_page_attributes=False)
    except pikepdf.PasswordError:
        raise BrochureError(
            f"{name} is encrypted with a password; preflight cannot open it"
        ) from None
    except (pikepdf.PdfError, ValueError, OverflowError, RecursionError) as exc:
        raise BrochureError(f"{name} is not a readable PDF: {qpdf_message(str(exc))}") from None


def _read(pdf: pikepdf.Pdf, name: str, limits: Limits, logged: list[str]) -> Document:
    try:
        root = pdf.Root
        document = Document(str(pdf.pdf_version), bool(pdf.is_encrypted))
        leaves = _page_tree(root, name, limits, document)
    except READ_ERRORS as exc:
        raise BrochureError(f"{name} is not a readable PDF: {qpdf_message(str(exc))}") from None
    if not leaves:
        raise BrochureError(f"{name} has no pages")
    reader = ContentReader(Budget(limits))
    for page_number, leaf in enumerate(leaves, start=1):
        page = _read_page(leaf, page_number, reader)
        document.pages.append(page)
        document.gaps += [_on_page(gap, page_number) for gap in page.content.gaps]
        for note in page.content.notes:
            document.notes[note].append(page_number)
    _read_file_level(pdf, root, reader, document)
    # qpdf's first word is often just "file is damaged": the problems after it say more.
    damage = [qpdf_message(text) for text in pdf.get_warnings()] + logged
    damage = [text for text in damage if text != "file is damaged"] or damage
    if damage:
        repaired = f"the file is damaged; it was repaired while reading: {first_problem(damage)}"
        document.gaps.append(Gap(repaired, "warning", "none"))
    return document


def _on_page(gap: Gap, number: int) -> Gap:
    return Gap(gap.message, gap.severity, gap.affects, number)


def _page_tree(
    root: pikepdf.Object, name: str, limits: Limits, document: Document
) -> list[pikepdf.Object]:
    """The page objects in order, walking ``/Pages`` without recursion; at most
    ``limits.pages``. A page tree that loops is a :class:`BrochureError`."""
    tree = get(root, "/Pages")
    if not isinstance(tree, pikepdf.Dictionary):
        raise BrochureError(f"{name} has no page tree (the catalog has no /Pages dictionary)")
    pages: list[pikepdf.Object] = []
    seen: set[tuple[int, int]] = set()
    pending: list[Iterator[pikepdf.Object]] = [iter([tree])]
    while pending:
        node = next(pending[-1], None)
        if node is None:
            pending.pop()
            continue
        kids = get(node, "/Kids")
        if isinstance(kids, pikepdf.Array):
            if node.objgen in seen:
                number, generation = node.objgen
                raise BrochureError(
                    f"{name} is not a readable PDF: its page tree loops "
                    f"(object {number} {generation} is listed twice)"
                )
            if node.is_indirect:
                seen.add(node.objgen)
            pending.append(iter(kids))
        elif not isinstance(node, pikepdf.Dictionary):
            stray = Gap("the page tree lists something that is not a page", "warning", "none")
            if stray not in document.gaps:
                document.gaps.append(stray)
        elif len(pages) == limits.pages:
            document.gaps.append(
                Gap(
                    f"only the first {limits.pages:,} pages were read (the limit); "
                    "the file has more",
                    "error",
                    "pages",
                )
            )
            break
        else:
            pages.append(node)
    return pages


def _read_page(leaf: pikepdf.Object, number: int, reader: ContentReader) -> Page:
    """One page's boxes and content; whatever happens, a page (with a gap when unreadable)."""
    try:
        content = reader.scan(leaf)
    except Exception as exc:  # the last guard: a page's failure is a gap, never a traceback
        content = PageContent()
        content.gap(
            f"its content could not be read ({type(exc).__name__}: {qpdf_message(str(exc))})"
        )
    try:
        return _page_boxes(leaf, number, content)
    except READ_ERRORS as exc:
        content.gap(f"its boxes could not be read ({qpdf_message(str(exc))})", affects="pages")
        return Page(number, LETTER, None, None, None, None, 1.0, content, ("MediaBox",))


def _page_boxes(leaf: pikepdf.Object, number: int, content: PageContent) -> Page:
    bad: list[str] = []

    def box(key: str, value: pikepdf.Object | None) -> Box | None:
        found = rect(value)
        if value is not None and found is None:
            bad.append(key.lstrip("/"))
        return found

    media = box("/MediaBox", inherited(leaf, "/MediaBox"))
    if media is None and "MediaBox" not in bad:
        bad.append("MediaBox")
    return Page(
        number,
        media or LETTER,
        box("/CropBox", inherited(leaf, "/CropBox")),
        box("/BleedBox", get(leaf, "/BleedBox")),
        box("/TrimBox", get(leaf, "/TrimBox")),
        box("/ArtBox", get(leaf, "/ArtBox")),
        _user_unit(get(leaf, "/UserUnit")),
        content,
        tuple(bad),
        _folds(leaf),
    )


MAX_FOLDS = 16
"""More folds than this on one page are not a leaflet's: such a list is not trusted."""


def _folds(leaf: pikepdf.Object) -> tuple[float, ...]:
    """The page's folds, when it records them; a list that is not a few finite numbers is
    ignored (the file says nothing reliable about folds)."""
    private = get(get(get(leaf, "/PieceInfo"), "/Brochure"), "/Private")
    values = get(private, "/Folds")
    if not isinstance(values, pikepdf.Array) or not 0 < len(values) <= MAX_FOLDS:
        return ()
    found = numbers(list(values), len(values))
    return found if found is not None and all(x >= 0 for x in found) else ()


def _user_unit(value: object) -> float:
    found = number(value)
    return found if found is not None and found > 0 else 1.0


def _read_file_level(
    pdf: pikepdf.Pdf, root: pikepdf.Object, reader: ContentReader, document: Document
) -> None:
    """Info, XMP, output intents, optional content: each unreadable part a gap."""
    readers: tuple[tuple[str, Affects, Callable[[], None]], ...] = (
        ("the Info dictionary", "metadata", lambda: _read_info(pdf, document)),
        ("the XMP metadata", "metadata", lambda: _read_xmp(root, reader, document)),
        ("the output intents", "output-intent", lambda: _read_intents(root, reader, document)),
    )
    for what, affects, read in readers:
        try:
            read()
        except _FILE_LEVEL_ERRORS as exc:
            message = f"{what} could not be read: {qpdf_message(str(exc))}"
            document.gaps.append(Gap(message, "error", affects))
    try:
        document.optional_content = "/OCProperties" in root
    except READ_ERRORS:
        document.optional_content = False


def _read_info(pdf: pikepdf.Pdf, document: Document) -> None:
    info = pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return
    for key in ("/GTS_PDFXVersion", "/Trapped"):
        value = info.get(key)
        if value is not None:
            document.info[key] = str(value)


def _read_xmp(root: pikepdf.Object, reader: ContentReader, document: Document) -> None:
    """The XMP properties the checks read, from metadata decoded within the limits."""
    stream = get(root, "/Metadata")
    if stream is not None:
        document.xmp = xmp_properties(reader.streams.read(stream))


def xmp_properties(data: bytes) -> dict[str, str]:
    """The properties of :data:`XMP_KEYS` an XMP packet gives a value (a simple value, in an
    attribute or an element, or a language alternative's default); XMP that is not well-formed
    counts as missing. Entities are never expanded and the network never used."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, str] = {}
    for description in tree.iter(f"{{{_RDF}}}Description"):
        for key, tag in _XMP_TAGS.items():
            value = description.get(tag)
            element = description.find(tag)
            if value is None and element is not None:
                value = _xmp_value(element)
            if value and key not in found:
                found[key] = value
    return found


def _xmp_value(element: etree._Element) -> str:
    """An element's text, or the default item of the rdf:Alt (Seq, Bag: the first) inside."""
    if element.text and element.text.strip():
        return str(element.text)
    items = element.findall(f"{{{_RDF}}}*/{{{_RDF}}}li")
    default = [item for item in items if item.get(_XML_LANG) == "x-default"]
    chosen = (default or items)[:1]
    return str(chosen[0].text or "") if chosen else ""


def _read_intents(root: pikepdf.Object, reader: ContentReader, document: Document) -> None:
    intents = get(root, "/OutputIntents")
    if not isinstance(intents, pikepdf.Array):
        return
    for intent in intents:
        if isinstance(intent, pikepdf.Dictionary) and intent.get("/S") == "/GTS_PDFX":
            document.output_intents.append(_output_intent(intent, reader))


def _output_intent(intent: pikepdf.Dictionary, reader: ContentReader) -> OutputIntent:
    condition = str(intent.get("/OutputConditionIdentifier", "")) or "unnamed condition"
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        kind: Literal["referenced", "missing"] = (
            "referenced" if "/DestOutputProfileRef" in intent else "missing"
        )
        return OutputIntent(condition, kind)
    components = profile.get("/N")
    try:
        header = reader.streams.read(profile, head=40)
    except (UnreadableStream, LimitReached):
        header = b""
    count = integer(components, 0) if number(components) is not None else None
    return OutputIntent(condition, "embedded", count, header)
