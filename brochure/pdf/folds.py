"""Fold lines in the PDF itself, so a preflight can check the clear space beside them.

Each page of a folded print file says where it folds, in its page-piece dictionary (PDF's place
for an application's private data, ISO 32000 14.5): ``/PieceInfo /Brochure /Private /Folds``,
the x of each fold in points from the TrimBox's left edge. ``brochure preflight`` reads it
(:mod:`brochure.preflight.document`); ``--folds`` gives the same for anyone else's file.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

PIECE = "/Brochure"
"""The page-piece dictionary's key: the application that wrote it."""


def write_folds(data: bytes, folds: Sequence[Sequence[float]]) -> bytes:
    """``data`` with each page's folds (``folds[i]`` for page ``i + 1``; later pages take the
    last entry's) written into its page-piece dictionary. Same input, same bytes: the date it
    records is the document's own modification date."""
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        modified = pdf.docinfo.get("/ModDate", pikepdf.String("D:20000101000000Z"))
        for index, page in enumerate(pdf.pages):
            xs = folds[min(index, len(folds) - 1)]
            if not xs:
                continue
            private = pikepdf.Dictionary(Folds=pikepdf.Array([round(x, 3) for x in xs]))
            piece = pikepdf.Dictionary(LastModified=modified, Private=private)
            page.obj.PieceInfo = pikepdf.Dictionary({PIECE: piece})
            page.obj.LastModified = modified
        return saved(pdf)


def read_folds(data: bytes) -> tuple[tuple[float, ...], ...]:
    """Each page's folds as :func:`write_folds` recorded them (x in points from the TrimBox's
    left edge; () for a page that records none). For brochure's own files: a preflight of
    anyone's file reads them more warily (:mod:`brochure.preflight.document`)."""
    import pikepdf

    found: list[tuple[float, ...]] = []
    with pikepdf.open(BytesIO(data)) as pdf:
        for page in pdf.pages:
            piece = page.obj.get("/PieceInfo", pikepdf.Dictionary()).get(PIECE)
            private = piece.get("/Private") if piece is not None else None
            folds = private.get("/Folds") if private is not None else None
            found.append(tuple(float(x) for x in folds) if folds is not None else ())
    return tuple(found)


def saved(pdf: Any, version: str | None = None) -> bytes:
    """``pdf`` (an open pikepdf.Pdf) saved as brochure saves every post-pass: the same bytes
    for the same input (a deterministic ID), streams compressed, objects in object streams, the
    XMP packet left as written, and the PDF ``version`` declared (None: as it is)."""
    import pikepdf

    out = BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        force_version=version,
        fix_metadata_version=False,
    )
    return out.getvalue()
