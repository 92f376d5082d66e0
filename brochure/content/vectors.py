"""Vector drawings as plain data: a logo's ReportLab ``Drawing`` (what svglib makes of an SVG)
written as JSON and read back, so a known logo is drawn without svglib and lxml.

Only a closed list of classes is written or made again: the ReportLab shapes svglib emits
(``Drawing``, ``Group``, ``Path``, ``Rect``, ``Circle``, ``Ellipse``, ``Line``, ``PolyLine``,
``Polygon``, ``Wedge``) and ReportLab's colours (``Color``, ``CMYKColor`` and its process and
spot kinds). svglib's own ``NoStrokePath`` and ``ClippingPath`` differ from a ``Path`` only in
what their ``getProperties`` reports (no stroke; neither fill nor stroke), so each is written as
the plain ``Path`` holding what it reports, which ReportLab draws the same way. A drawing holding
anything else (a gradient, text, a bitmap, a named child) is not written at all.

JSON, not pickle: reading an entry never runs code from it. Each shape is made with
``cls.__new__`` and given only the attributes its class declares (its ``_attrMap``), each value
checked by ReportLab's own validator for that attribute; each colour gets exactly the fields a
colour of its class has. Tuples are tagged (JSON has only lists), and floats are written with
``repr``, so both come back as they were.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

VECTORS_FORMAT = 1
"""Version of the written drawings' layout; part of the cache key."""

SHAPES = (
    "Drawing",
    "Group",
    "Path",
    "Rect",
    "Circle",
    "Ellipse",
    "Line",
    "PolyLine",
    "Polygon",
    "Wedge",
)
"""The classes of ``reportlab.graphics.shapes`` a drawing may hold."""
COLORS = ("Color", "CMYKColor", "PCMYKColor", "CMYKColorSep", "PCMYKColorSep")
"""The classes of ``reportlab.lib.colors`` a drawing may hold."""
SVGLIB_PATHS = ("NoStrokePath", "ClippingPath")
"""svglib's ``Path`` subclasses, written as the plain ``Path`` their properties describe."""
_SUBCLASS_METHODS = frozenset({"__init__", "getProperties"})
"""The methods an svglib path subclass may define and still be written as a Path: any other (a
drawing method, say) could draw differently. Data it holds as a class (its ``__doc__``, the
``__slotnames__`` that copying an instance adds) does not matter."""

_SCALARS = (type(None), bool, int, float, str)


class _Refused(Exception):
    """Raised inside the encoder and decoder for anything outside the closed list."""


def encode_drawing(drawing: Drawing) -> bytes | None:
    """``drawing`` as JSON; None when it holds anything outside the closed list (or anything
    :func:`decode_drawing` would refuse), so it is not stored."""
    try:
        payload = json.dumps(
            _encode_shape(drawing), separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")
    except (_Refused, RecursionError, ValueError):
        return None
    return payload if decode_drawing(payload) is not None else None


def decode_drawing(payload: bytes) -> Drawing | None:
    """The drawing :func:`encode_drawing` wrote; None for anything that is not what it writes
    (a damaged entry, a class outside the closed list, an attribute that fails its check)."""
    try:
        tree = json.loads(payload)
        drawing = _decode_shape(tree)
    except (_Refused, RecursionError, ValueError):
        return None
    from reportlab.graphics.shapes import Drawing

    return drawing if type(drawing) is Drawing else None


# --- encoding ----------------------------------------------------------------------------------


def _encode_shape(shape: Any) -> dict[str, Any]:
    from reportlab.graphics import shapes

    cls = type(shape)
    if cls.__module__ == shapes.__name__ and cls.__name__ in SHAPES:
        name, state = cls.__name__, dict(vars(shape))
    elif (
        cls.__module__ == "svglib.svglib"
        and cls.__name__ in SVGLIB_PATHS
        and cls.__bases__ == (shapes.Path,)
        and all(
            name in _SUBCLASS_METHODS or (name[:2] == name[-2:] == "__" and not callable(value))
            for name, value in vars(cls).items()
        )
    ):
        # What renderers read is getProperties(); the plain Path holding it draws the same.
        name, state = "Path", {**vars(shape), **shape.getProperties()}
    else:
        raise _Refused(cls.__qualname__)
    attrs: dict[str, Any] = {}
    contents: list[dict[str, Any]] | None = None
    for key, value in state.items():
        if key == "_attrMap" and isinstance(shape, shapes.Group):
            if set(value) != set(cls._attrMap):  # a named child: an attribute holding a shape
                raise _Refused(key)
        elif key.startswith("_"):
            raise _Refused(key)
        elif key == "contents" and isinstance(shape, shapes.Group):
            if type(value) is not list:
                raise _Refused(key)
            contents = [_encode_shape(child) for child in value]
        else:
            attrs[key] = _encode_value(value)
    tree: dict[str, Any] = {"shape": name, "attrs": attrs}
    if contents is not None:
        tree["contents"] = contents
    return tree


def _encode_value(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if type(value) is list:
        return [_encode_value(item) for item in value]
    if type(value) is tuple:
        return {"tuple": [_encode_value(item) for item in value]}
    cls = type(value)
    if cls.__module__ == "reportlab.lib.colors" and cls.__name__ in COLORS:
        state = vars(value)
        if not all(type(field) in _SCALARS for field in state.values()):
            raise _Refused(cls.__name__)
        return {"color": cls.__name__, "attrs": dict(state)}
    raise _Refused(cls.__qualname__)


# --- decoding ----------------------------------------------------------------------------------


def _decode_shape(tree: Any) -> Any:
    if not (type(tree) is dict and type(tree.get("shape")) is str and tree["shape"] in SHAPES):
        raise _Refused("shape")
    name, attrs = tree["shape"], tree.get("attrs")
    if type(attrs) is not dict or not set(tree) <= {"shape", "attrs", "contents"}:
        raise _Refused(name)
    from reportlab.graphics import shapes

    cls = getattr(shapes, name)
    attr_map = cls._attrMap
    state = {key: _decode_value(value) for key, value in attrs.items()}
    if issubclass(cls, shapes.Group):
        contents = tree.get("contents")
        if type(contents) is not list:
            raise _Refused("contents")
        state["contents"] = [_decode_shape(child) for child in contents]
    elif "contents" in tree:
        raise _Refused("contents")
    if not _required_attributes(name) <= set(state):
        raise _Refused(name)
    for key, value in state.items():
        # Only declared attributes, each as ReportLab itself would accept it when it is set.
        if key not in attr_map or not attr_map[key].validate(value):
            raise _Refused(key)
    shape = cls.__new__(cls)
    if issubclass(cls, shapes.Group):
        shape._attrMap = attr_map.clone()  # what Group.__init__ gives each group its own of
    vars(shape).update(state)
    return shape


def _decode_value(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if type(value) is list:
        return [_decode_value(item) for item in value]
    if type(value) is dict and set(value) == {"tuple"} and type(value["tuple"]) is list:
        return tuple(_decode_value(item) for item in value["tuple"])
    if (
        type(value) is dict
        and set(value) == {"color", "attrs"}
        and type(value["color"]) is str
        and value["color"] in COLORS
        and type(value["attrs"]) is dict
        and set(value["attrs"]) == _color_fields(value["color"])
        and all(type(field) in _SCALARS for field in value["attrs"].values())
    ):
        from reportlab.lib import colors

        cls = getattr(colors, value["color"])
        color = cls.__new__(cls)
        vars(color).update(value["attrs"])
        return color
    raise _Refused("value")


@cache
def _required_attributes(name: str) -> frozenset[str]:
    """The attributes a shape of class ``name`` always has: what its constructor sets."""
    from reportlab.graphics import shapes

    cls = getattr(shapes, name)
    positional = {"Rect": 4, "Circle": 3, "Ellipse": 4, "Line": 4, "Wedge": 5}.get(name, 0)
    made = cls(*[0] * positional)
    return frozenset(key for key in vars(made) if not key.startswith("_"))


@cache
def _color_fields(name: str) -> frozenset[str]:
    """The fields a colour of class ``name`` has (every colour of a class has the same)."""
    from reportlab.lib import colors

    return frozenset(vars(getattr(colors, name)(0, 0, 0, 0)))
