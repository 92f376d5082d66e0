"""Reading values out of PDF objects without trusting them.

A file from outside may put a string where a number belongs, a number too large for a float, a
dictionary where an array belongs. These readers return None (or the default given) for anything
that is not what PDF says should be there, so the code that uses them never meets ``inf``,
``NaN`` or a wrong type.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

import pikepdf

from brochure.preflight.geometry import Box, Matrix

_NUMBER_TYPES = (int, float, Decimal)
"""The Python types of PDF numbers as pikepdf hands them over (exactly: not ``bool``)."""
READ_ERRORS: tuple[type[Exception], ...] = (
    pikepdf.PdfError,
    pikepdf.ForeignObjectError,
    pikepdf.DeletedObjectError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    RecursionError,
)
"""What reading a damaged or hostile file can raise, from qpdf or from Python's conversions
(``int()`` of a NaN, a key missing where one must be...)."""


def get(obj: object, key: str) -> pikepdf.Object | None:
    """``obj[key]`` for a dictionary or a stream, else None."""
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        value: pikepdf.Object | None = obj.get(key)
        return value
    return None


def flag(obj: object, key: str) -> bool:
    """Whether ``obj[key]`` is the boolean true."""
    value: object = get(obj, key)
    return value is True


def resource(resources: object, category: str, name: str) -> pikepdf.Object | None:
    """A named resource (``/XObject /Im1``...) of a resource dictionary, or None."""
    return get(get(resources, category), name)


def number(value: object) -> float | None:
    """A PDF number as a finite float; None for anything else: a string, a name, a boolean, a
    number too large for a float."""
    if type(value) not in _NUMBER_TYPES and not isinstance(value, pikepdf.Object):
        return None  # bool is a subclass of int, but not a number in a PDF
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return result if math.isfinite(result) else None


def real(value: object, default: float) -> float:
    """:func:`number`, or ``default`` when ``value`` is not a finite number."""
    found = number(value)
    return default if found is None else found


def integer(value: object, default: int) -> int:
    """A PDF number as an integer (truncated), or ``default`` when it is not a finite number."""
    found = number(value)
    return default if found is None else int(found)


def numbers(values: Sequence[object], count: int) -> tuple[float, ...] | None:
    """Exactly ``count`` finite numbers as floats, or None."""
    if len(values) != count:
        return None
    found = tuple(map(number, values))
    return None if None in found else found  # type: ignore[return-value]


def matrix(value: object) -> Matrix | None:
    """A PDF matrix (an array of six numbers), or None."""
    if not isinstance(value, pikepdf.Array):
        return None
    found = numbers(list(value), 6) if len(value) == 6 else None
    if found is None:
        return None
    a, b, c, d, e, f = found
    return (a, b, c, d, e, f)


def rect(value: object) -> Box | None:
    """A PDF rectangle (``[x0 y0 x1 y1]``, four finite numbers) as a normalised
    :data:`~brochure.preflight.geometry.Box`, or None."""
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    found = numbers(list(value), 4)
    if found is None:
        return None
    x0, y0, x1, y1 = found
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def object_key(obj: pikepdf.Object, fallback: str) -> str:
    """An identity for caches and loop checks: the object number of an indirect object, else
    ``fallback`` (where the direct object was found, such as its resource name)."""
    number_, generation = obj.objgen
    return f"{number_} {generation}" if number_ else fallback


NAME_LENGTH = 127
"""The longest PDF name (ISO 32000-1, annex C): longer ones are cut where they are read."""


def clipped(text: str, limit: int) -> str:
    """``text`` on one line and cut to ``limit`` characters (with an ellipsis): names and
    messages from a file can be as long as the file likes, and hold line breaks."""
    if not text.isprintable() or "  " in text:
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def name_text(value: object) -> str:
    """A name without its slash (``/DeviceRGB`` -> ``DeviceRGB``), cut to
    :data:`NAME_LENGTH`; "" for a non-name."""
    return clipped(str(value).lstrip("/"), NAME_LENGTH) if isinstance(value, pikepdf.Name) else ""


def name_of(value: object) -> str:
    """An operand or key as text (``/Im1``), cut to :data:`NAME_LENGTH`: a name longer than
    PDF allows then names nothing in the resources."""
    return clipped(str(value), NAME_LENGTH + 1)
