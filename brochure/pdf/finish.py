"""The post-pass over ReportLab's PDF: what ReportLab cannot write itself.

ReportLab drops an ``/OutputIntents`` catalog entry silently and writes no XMP metadata, so
the profile's finishing is done here with pikepdf: the PDF/X-4 output intent with its embedded
CMYK profile, XMP metadata that agrees with the document information dictionary, ``/Trapped``,
the declared PDF version. The result stays byte-identical across rebuilds: no wall-clock time
(the dates are ReportLab's, which follow ``SOURCE_DATE_EPOCH``) and pikepdf's deterministic ID.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from brochure.layout.inks import PRINT_PROFILE, icc_profile
from brochure.pdf.profiles import Profile
from brochure.pdf.tagging import Element, write_structure


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


def _write_xmp(pdf: Any, source: bytes, profile: Profile, language: str) -> None:
    info = pdf.docinfo
    created = _xmp_date(str(info.get("/CreationDate", "D:20000101000000Z")))
    modified = _xmp_date(str(info.get("/ModDate", info.get("/CreationDate", "D:20000101000000Z"))))
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = str(info.get("/Title", ""))
        if "/Author" in info:
            meta["dc:creator"] = [str(info["/Author"])]
        if "/Subject" in info:
            meta["dc:description"] = str(info["/Subject"])
        meta["dc:language"] = [language]
        meta["xmp:CreateDate"] = created
        meta["xmp:ModifyDate"] = modified
        meta["xmp:MetadataDate"] = modified
        meta["xmp:CreatorTool"] = str(info.get("/Creator", ""))
        meta["pdf:Producer"] = str(info.get("/Producer", ""))
        if "/Keywords" in info:
            meta["pdf:Keywords"] = str(info["/Keywords"])
        meta["xmpMM:DocumentID"] = _uuid(source, "document")
        meta["xmpMM:InstanceID"] = _uuid(source, "instance")
        if profile.tagged:
            meta["pdfuaid:part"] = "1"
        if profile.output_intent:
            meta["pdf:Trapped"] = "False"
            meta["xmpMM:VersionID"] = "1"
            meta["xmpMM:RenditionClass"] = "default"
            meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"


def _add_output_intent(pdf: Any, intent: OutputIntent) -> None:
    import pikepdf

    icc = pdf.make_stream(icc_profile(intent.profile))
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


def finish_pdf(
    data: bytes, profile: Profile, language: str, structure: Element | None = None
) -> bytes:
    """ReportLab's ``data`` finished for ``profile``: XMP metadata, the structure tree recorded
    while rendering (``structure``), for print the PDF/X-4 output intent; the declared PDF
    version set. Same input, same bytes."""
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        if profile.output_intent:
            _add_output_intent(pdf, FOGRA39)
        if structure is not None:
            write_structure(pdf, structure, language)
        _write_xmp(pdf, data, profile, language)
        out = BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            force_version=profile.pdf_version,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return out.getvalue()
