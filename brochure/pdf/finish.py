"""Finishing ReportLab's PDF: what ReportLab does not write by itself.

Every file is finished at save time, by ReportLab (:class:`FinishingCanvas`): the structure
tree, XMP metadata, ``/MarkInfo``, the declared PDF version and a content-derived ``/ID`` are
added as ReportLab objects just before the canvas writes the file. No pikepdf is imported:
this is how a screen leaflet without Arabic is made.

A file that needs something only a post-pass can do then goes through pikepdf
(:func:`finish_pdf`), as one table says (:data:`POST_PASS`): the PDF/X-4 output intent with
its embedded CMYK profile and ``/Trapped`` (ReportLab drops an ``/OutputIntents`` catalog entry
silently), pictures converted to CMYK, and, since Arabic is drawn in its joined shapes
(presentation forms), each font's ``/ToUnicode`` map rewritten to give the letters those shapes
stand for (the maps are written by ReportLab as it saves). It keeps the rest as it was.

Either way the result stays byte-identical across rebuilds: no wall-clock time (the dates are
ReportLab's, which follow ``SOURCE_DATE_EPOCH``) and IDs derived from the content.
"""

from __future__ import annotations

import hashlib
import html
import re
import struct
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from io import BytesIO
from typing import Any

from reportlab.pdfbase import pdfdoc

from brochure.colour import PRINT_PROFILE, icc_profile
from brochure.layout.bidi import needs_shaping
from brochure.layout.pages import FooterCanvas
from brochure.layout.tagging import Tags
from brochure.pdf.folds import saved
from brochure.pdf.profiles import Profile
from brochure.pdf.structure import add_structure


@dataclass(frozen=True)
class OutputIntent:
    """A print condition a PDF/X file declares."""

    identifier: str
    condition: str
    info: str
    profile: str
    """File name of the ICC profile in brochure/data/icc."""


FOGRA39 = OutputIntent(
    identifier="FOGRA39",
    condition="Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 "
    "(coated art), 115 g/m2, tone value increase curves A (CMY) and B (K)",
    info="Coated FOGRA39 (ISO 12647-2:2004)",
    profile=PRINT_PROFILE,
)


_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?"
)


def _xmp_date(pdf_date: str) -> str:
    """A PDF date ("D:20000101000000+00'00'") as XMP writes it (ISO 8601): the date and time,
    with its offset from UTC when it has one."""
    found = _PDF_DATE.match(pdf_date)
    if found is None:
        raise ValueError(f"not a PDF date: {pdf_date!r}")
    year, month, day, hour, minute, second = (
        int(part) if part else default
        for part, default in zip(found.groups()[:6], (2000, 1, 1, 0, 0, 0), strict=True)
    )
    zulu, sign, hours, minutes = found.groups()[6:]
    zone: timezone | None = None
    if zulu:
        zone = timezone.utc
    elif sign:
        offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
        zone = timezone(-offset if sign == "-" else offset)
    return datetime(year, month, day, hour, minute, second, tzinfo=zone).isoformat()


def escape(text: str) -> str:
    """``text`` for XML character data: ``&``, ``<`` and ``>`` escaped (what xml.sax.saxutils
    does, whose import pulls in urllib and costs a cold build about 15 ms)."""
    return html.escape(text, quote=False)


def _uuid(data: bytes, salt: str) -> str:
    digest = hashlib.sha256(salt.encode() + data).hexdigest()
    return f"uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
{properties}
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_packet(info: Mapping[str, str], document_id: str, profile: Profile, language: str) -> str:
    """The XMP metadata packet agreeing with the document information ``info`` (keys without
    the slash: Title, Author, Subject, Keywords, Creator, Producer, CreationDate, ModDate)."""
    created = _xmp_date(info.get("CreationDate", "D:20000101000000Z"))
    modified = _xmp_date(info.get("ModDate", info.get("CreationDate", "D:20000101000000Z")))

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'

    def element(name: str, value: str) -> str:
        return f"<{name}>{value}</{name}>"

    lines = [element("dc:title", alt(info.get("Title", "")))]
    if "Author" in info:
        lines.append(
            element("dc:creator", f"<rdf:Seq><rdf:li>{escape(info['Author'])}</rdf:li></rdf:Seq>")
        )
    if "Subject" in info:
        lines.append(element("dc:description", alt(info["Subject"])))
    lines.append(element("dc:language", f"<rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag>"))
    plain = {
        "xmp:CreateDate": created,
        "xmp:ModifyDate": modified,
        "xmp:MetadataDate": modified,
        "xmp:CreatorTool": info.get("Creator", ""),
        "pdf:Producer": info.get("Producer", ""),
        # ReportLab's Info says /Trapped /False in every file; the XMP says the same.
        "pdf:Trapped": "False",
        "xmpMM:DocumentID": document_id,
        "xmpMM:InstanceID": document_id,
    }
    if "Keywords" in info:
        plain["pdf:Keywords"] = info["Keywords"]
    if profile.tagged:
        plain["pdfuaid:part"] = "1"
    if profile.output_intent:
        plain |= {
            "xmpMM:VersionID": "1",
            "xmpMM:RenditionClass": "default",
            "pdfxid:GTS_PDFXVersion": "PDF/X-4",
        }
    lines += [element(name, escape(value)) for name, value in plain.items()]
    return _XMP.format(properties="\n".join(lines))


def shows_joined_forms(text: str) -> bool:
    """Whether drawing ``text`` puts Arabic joined shapes (presentation forms) on the page:
    Arabic letters, shaped when drawn, or forms typed as they are."""
    return needs_shaping(text) or _FORM.search(text) is not None


@dataclass(frozen=True)
class PostPassStep:
    """Something only the pikepdf post-pass writes (:data:`POST_PASS`)."""

    needed: Callable[[Profile, str | None], bool]
    """Whether a file of a profile, showing a text, needs it (None: the text is not known)."""
    write: Callable[[Any], object]
    """Writes it into the file, opened with pikepdf."""


def post_pass_needs(profile: Profile, text: str) -> list[str]:
    """What a file of ``profile`` drawing ``text`` needs the post-pass for (:data:`POST_PASS`);
    empty: :class:`FinishingCanvas` finishes it."""
    return [need for need, step in POST_PASS.items() if step.needed(profile, text)]


def _pdf_version(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def _content_digest(document: Any) -> bytes:
    """A digest of what a ReportLab document holds before it is written: its information
    dictionary and dates, the name of each object (an image's name is a digest of its pixels),
    the fonts, and the content of every page and form. Same content, same digest."""
    digest = hashlib.sha256()
    info = document.info
    for value in (info.title, info.author, info.subject, info.keywords, info.creator):
        digest.update(str(value).encode("utf-8") + b"\0")
    digest.update(str(info.producer).encode("utf-8") + b"\0")
    digest.update(repr(document._timeStamp.t).encode("ascii"))
    digest.update(repr(sorted(document.fontMapping.items())).encode("utf-8"))
    for number in range(1, document.objectcounter + 1):
        name = document.numberToId[number]
        digest.update(name.encode("utf-8") + b"\0")
        stream = getattr(document.idToObject[name], "stream", None)
        if stream is not None:
            digest.update(stream.encode("utf-8") if isinstance(stream, str) else stream)
    return digest.digest()


OBJECT_STREAMS_FROM = (1, 5)
"""The first PDF version with object and cross-reference streams."""


class PackedDocument(pdfdoc.PDFDocument):
    """ReportLab's document written as PDF 1.5 allows, as pikepdf wrote it before: every object
    that is not a stream in one compressed object stream, found through a compressed
    cross-reference stream. A tagged leaflet is mostly small dictionaries (its structure tree,
    pages, fonts, links, outline), a third of the file written one by one. Objects are formatted
    by ReportLab itself, in its order."""

    def format(self) -> bytes:
        if not isinstance(self.encrypt, pdfdoc.NoEncryption) or getattr(self, "_digiSigs", None):
            return bytes(super().format())  # brochure uses neither: ReportLab's own layout
        document: Any = self  # ReportLab's attributes are untyped
        self.encrypt.prepare(self)
        catalog, info = document.Reference(document.Catalog), document.Reference(self.info)
        file = pdfdoc.PDFFile(document._pdfVersion)
        offsets: dict[int, int] = {}
        packed: list[tuple[int, bytes]] = []
        number = 0
        # Formatting an object may register more (a page its content stream): count as it goes.
        while number + 1 in self.numberToId:
            number += 1
            obj = self.idToObject[self.numberToId[number]]
            body: bytes = pdfdoc.format(obj, self, toplevel=1)
            if body.endswith(b"endstream\n"):  # a string's line breaks are escaped
                offsets[number] = file.add(b"%d 0 obj\n%sendobj\n" % (number, body))
            else:
                packed.append((number, body))
        objects, xref = number + 1, number + 2
        index, starts, position = {}, [], 0
        for place, (packed_number, body) in enumerate(packed):
            index[packed_number] = place
            starts.append(b"%d %d" % (packed_number, position))
            position += len(body) + 1
        head = b" ".join(starts) + b"\n"
        content = zlib.compress(head + b"\n".join(body for _, body in packed), 9)
        offsets[objects] = file.add(
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            b"stream\n%s\nendstream\nendobj\n"
            % (objects, len(packed), len(head), len(content), content)
        )
        offsets[xref] = file.offset
        rows = [struct.pack(">BIH", 0, 0, 65535)]
        for entry in range(1, xref + 1):
            if entry in offsets:
                rows.append(struct.pack(">BIH", 1, offsets[entry], 0))
            else:
                rows.append(struct.pack(">BIH", 2, objects, index[entry]))
        table = zlib.compress(b"".join(rows), 9)
        file.add(
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root %s /Info %s /ID %s"
            b" /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
            % (
                xref,
                xref + 1,
                catalog.format(self),
                info.format(self),
                self.ID().split(b"\n%")[0].strip(),  # without its comment
                len(table),
                table,
            )
        )
        file.add(b"startxref\n%d\n%%%%EOF\n" % offsets[xref])
        return bytes(file.format(self))


class FinishingCanvas(FooterCanvas):
    """A :class:`FooterCanvas` that finishes its file as ReportLab saves it: the structure tree
    recorded while drawing, XMP metadata for the profile (PDF/X-4's keys for print), the
    profile's PDF version and an ``/ID`` derived from the content. What only pikepdf can add
    comes after (:func:`finish_pdf`)."""

    def __init__(
        self,
        *args: Any,
        profile: Profile,
        language: str,
        tags: Tags | None = None,
        packed: bool = True,
        **kwargs: Any,
    ) -> None:
        """``packed``: write object streams (a file the post-pass saves again is packed by it)."""
        version = _pdf_version(profile.pdf_version)
        super().__init__(*args, tags=tags, pdfVersion=version, **kwargs)
        self._profile = profile
        self._language = language
        if packed and version >= OBJECT_STREAMS_FROM:
            # The canvas makes its document itself: this one, made a moment ago and still
            # empty, is made a PackedDocument (ReportLab's class is left as it is).
            self._document.__class__ = PackedDocument

    @property
    def _document(self) -> Any:
        """ReportLab's document of this canvas."""
        return self._doc  # type: ignore[attr-defined]  # private to ReportLab, so untyped

    def before_writing(self) -> None:
        document = self._document
        if self._tags.enabled:
            add_structure(document, self._tags.root, self._language)
        digest = _content_digest(document)
        info = document.info
        date = pdfdoc.PDFDate(ts=document._timeStamp, dateFormatter=info._dateFormatter)
        written_date = date.format(pdfdoc.DummyDoc()).decode("latin-1")[1:-1]  # "(D:...)"
        fields = {
            "Title": info.title,
            "Author": info.author,
            "Subject": info.subject,
            "Keywords": info.keywords,
            "Creator": info.creator,
            "Producer": info.producer,
            "CreationDate": written_date,
            "ModDate": written_date,
        }
        packet = xmp_packet(fields, _uuid(digest, "document"), self._profile, self._language)
        metadata = pdfdoc.PDFStream(
            pdfdoc.PDFDictionary(
                {"Type": pdfdoc.PDFName("Metadata"), "Subtype": pdfdoc.PDFName("XML")}
            ),
            packet.encode("utf-8"),
        )
        self.setCatalogEntry("Metadata", metadata)
        # The trailer's /ID, both halves alike (a new file), from the content as the XMP IDs.
        identifier = pdfdoc.PDFText(digest[:16], enc="raw").format(pdfdoc.DummyDoc())
        document._ID = b"[" + identifier + identifier + b"]"


@lru_cache(maxsize=4)
def _compressed_profile(name: str) -> bytes:
    """An ICC profile deflated once per process (it is most of a print file's bytes)."""
    return zlib.compress(icc_profile(name), 9)


def _add_output_intent(pdf: Any, intent: OutputIntent) -> None:
    import pikepdf

    icc = pdf.make_stream(_compressed_profile(intent.profile), Filter=pikepdf.Name.FlateDecode)
    icc.N = 4
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.OutputIntent,
                    S=pikepdf.Name.GTS_PDFX,
                    OutputConditionIdentifier=intent.identifier,
                    OutputCondition=intent.condition,
                    RegistryName="http://www.color.org",
                    Info=intent.info,
                    DestOutputProfile=icc,
                )
            )
        ]
    )
    pdf.docinfo.Trapped = pikepdf.Name("/False")
    pdf.docinfo.GTS_PDFXVersion = "PDF/X-4"


JPEG_QUALITY = 92
"""Photos converted to CMYK for print: near-lossless."""


def _image_xobjects(pdf: Any) -> Iterator[Any]:
    """Every image XObject of every page and of the forms they use, each once."""
    seen: set[tuple[int, int]] = set()
    pending = [page.obj.get("/Resources") for page in pdf.pages]
    while pending:
        resources = pending.pop()
        if resources is None:
            continue
        for xobject in resources.get("/XObject", {}).values():
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if xobject.get("/Subtype") == "/Image":
                yield xobject
            elif xobject.get("/Subtype") == "/Form":
                pending.append(xobject.get("/Resources"))


def _is_rgb(colour_space: Any) -> bool:
    import pikepdf

    if colour_space == pikepdf.Name.DeviceRGB:
        return True
    return (
        isinstance(colour_space, pikepdf.Array)
        and len(colour_space) == 2
        and colour_space[0] == pikepdf.Name.ICCBased
        and int(colour_space[1].get("/N", 0)) == 3
    )


def _images_to_cmyk(pdf: Any) -> None:
    """Convert every RGB picture to CMYK through the print condition's ICC profile, keeping its
    soft mask (transparency) and its kind of compression."""
    import pikepdf

    from brochure.colour import to_cmyk_image

    for image in _image_xobjects(pdf):
        if not _is_rgb(image.get("/ColorSpace")):
            continue
        filters = image.get("/Filter")
        photo = "/DCTDecode" in (list(filters) if isinstance(filters, pikepdf.Array) else [filters])
        cmyk = to_cmyk_image(pikepdf.PdfImage(image).as_pil_image())
        if photo:
            buffer = BytesIO()
            cmyk.save(buffer, "JPEG", quality=JPEG_QUALITY)
            image.write(buffer.getvalue(), filter=pikepdf.Name.DCTDecode)
            # Pillow writes Adobe-style (inverted) CMYK JPEGs.
            image.Decode = pikepdf.Array([1, 0, 1, 0, 1, 0, 1, 0])
        else:
            image.write(zlib.compress(cmyk.tobytes()), filter=pikepdf.Name.FlateDecode)
            if "/Decode" in image:
                del image.Decode
        if "/DecodeParms" in image:
            del image.DecodeParms
        image.ColorSpace = pikepdf.Name.DeviceCMYK
        image.BitsPerComponent = 8


FORM_BLOCKS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
"""Arabic presentation forms (Forms-A and Forms-B): the joined shapes arabic-reshaper draws
Arabic letters with."""
CMAP_BLOCK = 100
"""Entries one ``beginbfchar`` or ``beginbfrange`` block may hold (ISO 32000-1, 9.10.3)."""
LONGEST_SPLIT = 0x10000
"""Codes of one ``bfrange`` entry written out one by one at most (a two-byte code space)."""

_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_HEX_STRING = rb"<[0-9A-Fa-f\s]*>"
_BFCHAR = re.compile(rb"(?<![\w.])\d+\s+beginbfchar\b(.*?)\bendbfchar\b", re.DOTALL)
_BFRANGE = re.compile(rb"(?<![\w.])\d+\s+beginbfrange\b(.*?)\bendbfrange\b", re.DOTALL)
_CHAR_ENTRY = re.compile(rb"(" + _HEX_STRING + rb"\s*)(" + _HEX_STRING + rb")")
_RANGE_ENTRY = re.compile(
    rb"(" + _HEX_STRING + rb")\s*(" + _HEX_STRING + rb")\s*(" + _HEX_STRING + rb"|\[[^\]]*\])"
)


def as_letters(text: str) -> str:
    """``text`` with each Arabic presentation form replaced by the letters it is a shape of,
    its compatibility decomposition: the lam-alef ligature U+FEFB gives lam and alef."""
    return _FORM.sub(lambda form: unicodedata.normalize("NFKC", form[0]), text)


def _digits(hex_string: bytes) -> str:
    """The hex digits of ``<...>``, white space removed."""
    return re.sub(rb"[<>\s]", b"", hex_string).decode("ascii")


def _text(hex_string: bytes) -> str | None:
    """The text a UTF-16BE destination string stands for; None when it stands for none."""
    try:
        return bytes.fromhex(_digits(hex_string)).decode("utf-16-be")
    except ValueError:  # odd digits or a lone surrogate: nothing of brochure's
        return None


def _hex(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _letters_destination(hex_string: bytes) -> bytes:
    """A destination string rewritten to letters; the very same bytes when it has no form."""
    text = _text(hex_string)
    if text is None or as_letters(text) == text:
        return hex_string
    return _hex(as_letters(text))


def _char_block(block: re.Match[bytes]) -> bytes:
    """A ``bfchar`` block, letters for forms: each entry stays in its place."""
    body = _CHAR_ENTRY.sub(lambda entry: entry[1] + _letters_destination(entry[2]), block[1])
    if body == block[1]:
        return block[0]
    start, end = block.span(1)
    whole = block.string
    return whole[block.start() : start] + body + whole[end : block.end()]


@dataclass
class _Split:
    """A ``bfrange`` block being rewritten: the ranges it keeps, the codes it gives up."""

    ranges: list[bytes]
    chars: list[bytes]
    changed: bool = False


def _range_block(block: re.Match[bytes]) -> bytes:
    """A ``bfrange`` block, letters for forms. An array of destinations is rewritten in place;
    a range counting up from one destination is split: its codes that give a form become
    ``bfchar`` entries after the block, the rest stay ranges. Unchanged when no code gives a
    form."""
    split = _Split([], [])
    for entry in _RANGE_ENTRY.finditer(block[1]):
        if entry[3].startswith(b"["):
            items = re.sub(_HEX_STRING, lambda item: _letters_destination(item[0]), entry[3])
            split.changed |= items != entry[3]
            split.ranges.append(entry[1] + b" " + entry[2] + b" " + items)
        else:
            _split_range(entry, split)
    if not split.changed:
        return block[0]
    return b"\n".join([*_blocks(split.ranges, b"bfrange"), *_blocks(split.chars, b"bfchar")])


def _split_range(entry: re.Match[bytes], split: _Split) -> None:
    """One ``bfrange`` entry from one destination into ``split``: kept as it is when none of its
    codes gives a form, else written out code by code where it does."""
    digits = len(_digits(entry[1]))
    first, last = int(_digits(entry[1]) or "0", 16), int(_digits(entry[2]) or "0", 16)
    text = _text(entry[3])
    if not text or last < first or last - first >= LONGEST_SPLIT:
        split.ranges.append(entry[0])
        return
    stem, base = text[:-1], ord(text[-1])
    top = min(base + last - first, 0x10FFFF)
    if as_letters(stem) == stem and not any(
        low <= top and base <= high for low, high in FORM_BLOCKS
    ):
        split.ranges.append(entry[0])
        return
    split.changed = True
    run: list[tuple[int, str]] = []  # consecutive codes that keep their text
    for code in range(first, first + top - base + 1):
        target = stem + chr(base + code - first)
        letters = as_letters(target)
        if letters == target and not 0xD800 <= ord(target[-1]) <= 0xDFFF:
            run.append((code, target))
            continue
        split.ranges += _run(run, digits)
        run = []
        if letters != target:
            split.chars.append(b"<%0*X> %s" % (digits, code, _hex(letters)))
    split.ranges += _run(run, digits)


def _run(run: list[tuple[int, str]], digits: int) -> list[bytes]:
    """Consecutive codes counting up from one destination, as one range (none when empty)."""
    if not run:
        return []
    (low, text), high = run[0], run[-1][0]
    return [b"<%0*X> <%0*X> %s" % (digits, low, digits, high, _hex(text))]


def _blocks(entries: list[bytes], kind: bytes) -> Iterator[bytes]:
    """``entries`` as ``begin<kind>`` blocks of at most :data:`CMAP_BLOCK` entries each."""
    for start in range(0, len(entries), CMAP_BLOCK):
        chunk = entries[start : start + CMAP_BLOCK]
        yield b"%d begin%s\n%s\nend%s" % (len(chunk), kind, b"\n".join(chunk), kind)


def cmap_with_letters(data: bytes) -> bytes:
    """A ``/ToUnicode`` CMap whose codes map to Arabic letters where they mapped to presentation
    forms (``bfchar`` and ``bfrange`` entries, a destination of several letters included); the
    very same bytes when none did."""
    return _BFRANGE.sub(_range_block, _BFCHAR.sub(_char_block, data))


def letters_for_forms(pdf: Any) -> int:
    """Map each glyph of an Arabic joined form back to its letters in every font's
    ``/ToUnicode`` (page fonts, fonts of forms and annotations alike): copying, searching and
    extraction then give the text as written, not its shapes. Maps without forms are left
    untouched, so a file without Arabic keeps its bytes. Returns how many maps it rewrote."""
    import pikepdf

    rewritten = 0
    seen: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or "/ToUnicode" not in obj:
            continue
        cmap = obj.ToUnicode
        if not isinstance(cmap, pikepdf.Stream) or cmap.objgen in seen:
            continue
        seen.add(cmap.objgen)
        try:
            data = cmap.read_bytes()
        except pikepdf.PdfError:  # pragma: no cover - ReportLab's streams always decode
            continue
        mapped = cmap_with_letters(data)
        if mapped != data:
            cmap.write(mapped)
            rewritten += 1
    return rewritten


POST_PASS: dict[str, PostPassStep] = {
    "pictures in CMYK": PostPassStep(
        lambda profile, text: profile.colour == "cmyk", _images_to_cmyk
    ),
    "the PDF/X-4 output intent": PostPassStep(
        lambda profile, text: profile.output_intent,
        lambda pdf: _add_output_intent(pdf, FOGRA39),
    ),
    "Arabic letters for joined shapes in /ToUnicode": PostPassStep(
        lambda profile, text: text is None or shows_joined_forms(text), letters_for_forms
    ),
}
"""What only the pikepdf post-pass writes, in the order it writes them: the render asks
whether a file needs any (else ReportLab finishes it as it saves), and the post-pass writes
the ones it needs."""


def finish_pdf(data: bytes, profile: Profile, text: str | None = None) -> bytes:
    """``data``, a file :class:`FinishingCanvas` wrote for ``profile`` (its structure tree, XMP
    metadata and version already in it), given what it needs of :data:`POST_PASS`: for print
    the PDF/X-4 output intent and pictures in CMYK, Arabic letters for joined shapes in the
    fonts' ``/ToUnicode``. ``text``: what the file shows (None: not known, so the Arabic step
    looks at every font's map). Same input, same bytes."""
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        if "/Metadata" not in pdf.Root:  # PDF/X-4 keys in Info would then have no XMP twin
            raise ValueError("finish_pdf needs a file FinishingCanvas wrote (it has no XMP)")
        for step in POST_PASS.values():
            if step.needed(profile, text):
                step.write(pdf)
        return saved(pdf, profile.pdf_version)
