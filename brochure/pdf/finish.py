"""The post-pass over ReportLab's PDF: what ReportLab cannot write itself.

ReportLab drops an ``/OutputIntents`` catalog entry silently and writes no XMP metadata, so
the profile's finishing is done here with pikepdf: the PDF/X-4 output intent with its embedded
CMYK profile, XMP metadata that agrees with the document information dictionary, ``/Trapped``,
the declared PDF version. The result stays byte-identical across rebuilds: no wall-clock time
(the dates are ReportLab's, which follow ``SOURCE_DATE_EPOCH``) and pikepdf's deterministic ID.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from brochure.colour import PRINT_PROFILE, icc_profile
from brochure.layout.tagging import Element
from brochure.pdf.profiles import Profile
from brochure.pdf.structure import write_structure


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


def _xmp_date(pdf_date: str) -> str:
    """A PDF date ("D:20000101000000+00'00'") as XMP writes it (ISO 8601)."""
    from pikepdf.models.metadata import decode_pdf_date

    return decode_pdf_date(pdf_date).isoformat()


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
        "xmpMM:DocumentID": document_id,
        "xmpMM:InstanceID": document_id,
    }
    if "Keywords" in info:
        plain["pdf:Keywords"] = info["Keywords"]
    if profile.tagged:
        plain["pdfuaid:part"] = "1"
    if profile.output_intent:
        plain |= {
            "pdf:Trapped": "False",
            "xmpMM:VersionID": "1",
            "xmpMM:RenditionClass": "default",
            "pdfxid:GTS_PDFXVersion": "PDF/X-4",
        }
    lines += [element(name, escape(value)) for name, value in plain.items()]
    return _XMP.format(properties="\n".join(lines))


def _write_xmp(pdf: Any, source: bytes, profile: Profile, language: str) -> None:
    import pikepdf

    info = {str(key)[1:]: str(value) for key, value in pdf.docinfo.items()}
    packet = xmp_packet(info, _uuid(source, "document"), profile, language)
    stream = pdf.make_stream(packet.encode("utf-8"))
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = stream


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


_FORM = re.compile(rb"<([0-9A-Fa-f]{2,4})> <(F[BCDE][0-9A-Fa-f]{2})>")


def _letters_for_forms(pdf: Any) -> None:
    """Map each glyph of an Arabic joined form (a presentation form, U+FB50-U+FDFF,
    U+FE70-U+FEFF) back to its letters in the font's ``/ToUnicode``: copying, searching and
    extraction then give the text as written, not its shapes (a lam-alef gives two letters)."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = cmap.read_bytes()
            mapped = _FORM.sub(_letters, data)
            if mapped != data:
                cmap.write(mapped)


def _letters(match: re.Match[bytes]) -> bytes:
    form = chr(int(match[2], 16))
    if not ("\ufb50" <= form <= "\ufdff" or "\ufe70" <= form <= "\ufeff"):
        return match[0]
    letters = unicodedata.normalize("NFKC", form)
    return b"<" + match[1] + b"> <" + letters.encode("utf-16-be").hex().upper().encode() + b">"


def finish_pdf(
    data: bytes, profile: Profile, language: str, structure: Element | None = None
) -> bytes:
    """ReportLab's ``data`` finished for ``profile``: XMP metadata, the structure tree recorded
    while rendering (``structure``), for print the PDF/X-4 output intent; the declared PDF
    version set. Same input, same bytes."""
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        if profile.colour == "cmyk":
            _images_to_cmyk(pdf)
        if profile.output_intent:
            _add_output_intent(pdf, FOGRA39)
        if structure is not None:
            write_structure(pdf, structure, language)
        _write_xmp(pdf, data, profile, language)
        _letters_for_forms(pdf)
        out = BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            force_version=profile.pdf_version,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return out.getvalue()
