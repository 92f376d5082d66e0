"""brochure.content.assets: confined file access and image/font checks, alone and as located
problems of the brand file."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image
from reportlab import Version

from brochure.cache import MAGIC, read_entry, write_entry
from brochure.content import assets
from brochure.content.assets import (
    AssetError,
    AssetFolder,
    check_font,
    check_image,
    image_format,
    load_image,
)
from brochure.pdf.profiles import PROFILES
from brochure.pdf.render import RenderOptions, render_pdf
from brochure.pipeline import load_leaflet
from brochure.version import __version__
from tests.helpers import ROOT, copy_sample

if TYPE_CHECKING:
    from tests.content.conftest import Project

BRAND = "assets/brand.yaml"
NS = 'xmlns="http://www.w3.org/2000/svg"'
PIXEL_CAP = "the limit is 40 megapixels (scale it down)"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>'
)


@pytest.fixture
def folder(tmp_path: Path) -> AssetFolder:
    """An AssetFolder whose root is ``tmp_path/root`` and base ``tmp_path/root/assets``."""
    (tmp_path / "root" / "assets").mkdir(parents=True)
    return AssetFolder(tmp_path / "root", tmp_path / "root" / "assets")


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, "utf-8")
    else:
        path.write_bytes(data)
    return path


def png(path: Path, size: tuple[int, int] = (32, 16), mode: str = "RGB") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size).save(path)
    return path


def asset_error(call: Callable[[], object]) -> str:
    with pytest.raises(AssetError) as caught:
        call()
    return str(caught.value)


# --- AssetFolder.resolve: where a file may be -----------------------------------------------


def test_resolves_relative_to_the_base(folder: AssetFolder) -> None:
    logo = png(folder.base / "logo.png")
    assert folder.resolve("logo.png", "image") == logo.resolve()
    assert folder.resolve(" logo.png ", "image") == logo.resolve()
    write(folder.root / "other.yaml", "x: y\n")
    assert folder.resolve("../other.yaml", "file") == (folder.root / "other.yaml").resolve()


def test_missing_file(folder: AssetFolder) -> None:
    assert asset_error(lambda: folder.resolve("logo.png", "image")) == "'logo.png' does not exist"


def test_not_a_regular_file(folder: AssetFolder) -> None:
    (folder.base / "logo.png").mkdir()
    message = asset_error(lambda: folder.resolve("logo.png", "image"))
    assert message == "'logo.png' is not a regular file"


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_path(folder: AssetFolder, text: str) -> None:
    assert asset_error(lambda: folder.resolve(text, "image")) == "must be a path to a file"


@pytest.mark.parametrize("text", ["../../secret.png", "/etc/hostname", "~/secret.png"])
def test_outside_the_content_folder(folder: AssetFolder, text: str) -> None:
    png(folder.root.parent / "secret.png")
    root = folder.root.resolve()
    message = asset_error(lambda: folder.resolve(text, "image"))
    assert message == f"{text!r} is outside the content's folder ({root}); copy it inside"


def test_outside_even_when_it_does_not_exist(folder: AssetFolder) -> None:
    # confinement is checked first: the answer must not reveal what exists elsewhere
    message = asset_error(lambda: folder.resolve("../../nope.png", "image"))
    assert "is outside the content's folder" in message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symbolic_link_pointing_outside_is_refused(folder: AssetFolder) -> None:
    outside = png(folder.root.parent / "secret.png")
    try:
        (folder.base / "logo.png").symlink_to(outside)
    except OSError:  # pragma: no cover - e.g. Windows without the privilege
        pytest.skip("cannot create symbolic links here")
    message = asset_error(lambda: folder.resolve("logo.png", "image"))
    assert (
        message
        == f"'logo.png' is outside the content's folder ({folder.root.resolve()}); copy it inside"
    )


def test_a_symbolic_link_inside_is_fine(folder: AssetFolder) -> None:
    target = png(folder.root / "real.png")
    try:
        (folder.base / "logo.png").symlink_to(target)
    except OSError:  # pragma: no cover
        pytest.skip("cannot create symbolic links here")
    assert folder.resolve("logo.png", "image") == target.resolve()


# --- images --------------------------------------------------------------------------------


def test_image_format() -> None:
    assert image_format(b"\x89PNG\r\n\x1a\nrest") == "png"
    assert image_format(b"\xff\xd8\xff\xe0rest") == "jpeg"
    assert image_format(b"<svg xmlns='http://www.w3.org/2000/svg'/>") == "svg"
    assert image_format(b"\xef\xbb\xbf  <?xml version='1.0'?><svg/>") == "svg"
    assert image_format(b"<!-- logo --><svg/>") == "svg"
    assert image_format(b"<?xml version='1.0'?><html/>") is None
    assert image_format(b"GIF89a") is None
    assert image_format(b"%PDF-1.7") is None
    assert image_format(b"") is None


def test_valid_images(tmp_path: Path) -> None:
    assert check_image(png(tmp_path / "a.png")) == "png"
    Image.new("RGB", (20, 10), "red").save(tmp_path / "a.jpg")
    assert check_image(tmp_path / "a.jpg") == "jpeg"
    assert check_image(write(tmp_path / "a.svg", SVG)) == "svg"
    assert check_image(png(tmp_path / "tall.png", (1, 4000), "1")) == "png"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("logo.pdf", b"%PDF-1.7\n"),
        ("logo.png", b"not an image at all"),  # the extension does not matter, the bytes do
        ("logo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
        ("logo.svg", b""),
    ],
)
def test_not_png_jpeg_or_svg(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path / name, data)
    assert asset_error(lambda: check_image(path)) == f"{name!r} is not a PNG, JPEG or SVG image"


def test_a_real_gif_is_refused(tmp_path: Path) -> None:
    Image.new("P", (4, 4)).save(tmp_path / "logo.gif")
    message = asset_error(lambda: check_image(tmp_path / "logo.gif"))
    assert message == "'logo.gif' is not a PNG, JPEG or SVG image"


@pytest.mark.parametrize("keep", [8, 20, 40, 0.5])
def test_truncated_png(tmp_path: Path, keep: float) -> None:
    data = png(tmp_path / "full.png", (64, 64)).read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep
    path = write(tmp_path / "logo.png", data[:cut])
    message = asset_error(lambda: check_image(path))
    assert message.startswith("'logo.png' is corrupt or truncated (")


def test_cmyk_jpeg_is_fine(tmp_path: Path) -> None:
    Image.effect_noise((64, 64), 50).convert("CMYK").save(tmp_path / "logo.jpg")
    assert check_image(tmp_path / "logo.jpg") == "jpeg"


def test_truncated_jpeg(tmp_path: Path) -> None:
    Image.effect_noise((64, 64), 50).convert("RGB").save(tmp_path / "full.jpg")
    data = (tmp_path / "full.jpg").read_bytes()
    path = write(tmp_path / "logo.jpg", data[: len(data) // 2])
    message = asset_error(lambda: check_image(path))
    assert message.startswith("'logo.jpg' is corrupt or truncated (")


def test_png_with_a_bad_checksum(tmp_path: Path) -> None:
    data = bytearray(png(tmp_path / "full.png", (8, 8)).read_bytes())
    data[29] ^= 0xFF  # inside the IHDR CRC
    path = write(tmp_path / "logo.png", bytes(data))
    assert asset_error(lambda: check_image(path)).startswith("'logo.png' is corrupt or truncated")


@pytest.mark.parametrize(
    ("width", "height", "message"),
    [
        (8000, 6000, "'huge.png' is 8000x6000 pixels; " + PIXEL_CAP),
        (10_000, 10_000, "'huge.png' is 10000x10000 pixels; " + PIXEL_CAP),
        (100_000, 100_000, "'huge.png' has an absurd number of pixels; " + PIXEL_CAP),
        (2**31 - 1, 2**31 - 1, "'huge.png' has an absurd number of pixels; " + PIXEL_CAP),
    ],
)  # fmt: skip
def test_absurd_pixel_counts_from_a_tiny_header(
    tmp_path: Path,
    png_header: Callable[[int, int], bytes],
    width: int,
    height: int,
    message: str,
) -> None:
    path = write(tmp_path / "huge.png", png_header(width, height))
    assert path.stat().st_size < 100
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning leaking to the user either
        assert asset_error(lambda: check_image(path)) == message


def test_absurd_pixel_count_in_a_real_image(tmp_path: Path) -> None:
    path = png(tmp_path / "big.png", (9000, 5000), "1")  # 45 MP, but a cheap 1-bit image
    assert path.stat().st_size < 200_000
    assert asset_error(lambda: check_image(path)) == (
        "'big.png' is 9000x5000 pixels; the limit is 40 megapixels (scale it down)"
    )


def test_just_under_the_pixel_cap_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, png_header: Callable[[int, int], bytes]
) -> None:
    monkeypatch.setattr(assets, "MAX_IMAGE_PIXELS", 64 * 64)
    ok = png(tmp_path / "ok.png", (64, 64))
    assert check_image(ok) == "png"
    big = png(tmp_path / "big.png", (64, 65))
    assert "is 64x65 pixels" in asset_error(lambda: check_image(big))


def test_too_many_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = png(tmp_path / "logo.png", (8, 8))
    monkeypatch.setattr(assets, "MAX_IMAGE_BYTES", path.stat().st_size - 1)
    assert asset_error(lambda: check_image(path)) == (
        "'logo.png' is 0 MB; images are limited to 20 MB"
    )


# --- SVG -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f'<svg {NS} viewBox="0 0 1 1"><g></svg>', "is not a well-formed SVG file ("),
        ('<?xml version="1.0"?><html><svg/></html>', "is not an SVG image (its root is <html>)"),
        (f'<svg {NS} width="10"></svg>', "has neither a viewBox nor a width and height"),
    ],
)  # fmt: skip
def test_bad_svg(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "logo.svg", text)
    assert asset_error(lambda: check_image(path)).startswith(f"'logo.svg' {message}")


def test_svg_size_without_viewbox_is_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path / "logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>'
    )
    assert check_image(path) == "svg"


def test_svg_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "TOP SECRET")
    text = (
        f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><desc>&x;</desc>'
        '<rect width="5" height="5"/></svg>'
    )
    path = write(tmp_path / "logo.svg", text)
    assert check_image(path) == "svg"  # read as data: the entity is neither fetched nor an error


@pytest.mark.parametrize(
    ("inside", "says"),
    [
        ('<text x="1" y="9">Clinic</text>', "contains text; convert the text to outlines"),
        ('<image href="photo.png" width="5" height="5"/>', "embeds a bitmap"),
        (
            '<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="../other.svg#a"/>',
            "refers to another file ('../other.svg#a')",
        ),
    ],
)
def test_svg_that_would_not_print_as_designed_or_reads_other_files(
    tmp_path: Path, inside: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "logo.svg", SVG.replace("</svg>", inside + "</svg>"))
    assert says in asset_error(lambda: check_image(path))
    assert capsys.readouterr().err == ""


def test_svg_internal_references_are_fine(tmp_path: Path) -> None:
    defs = '<defs><rect id="r" width="3" height="3"/></defs><use href="#r"/>'
    path = write(tmp_path / "logo.svg", SVG.replace("</svg>", defs + "</svg>"))
    assert check_image(path) == "svg"


def test_svg_too_large(tmp_path: Path) -> None:
    filler = "<!-- " + "x" * (2 * 1024 * 1024) + " -->"
    path = write(tmp_path / "logo.svg", SVG.replace("<rect", filler + "<rect"))
    assert asset_error(lambda: check_image(path)) == (
        "'logo.svg' is 2048 KB; SVG logos are limited to 2 MB"
    )


# --- fonts -----------------------------------------------------------------------------------


def test_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lato = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "Lato-Regular.ttf"
    check_font(lato)
    otf = write(tmp_path / "a.otf", b"OTTO" + b"\x00" * 32)
    assert asset_error(lambda: check_font(otf)) == (
        "'a.otf' is an OpenType/CFF font; ReportLab needs TrueType outlines (.ttf)"
    )
    for name, data in [("a.woff", b"wOFF...."), ("a.txt", b"hello"), ("e.ttf", b"")]:
        path = write(tmp_path / name, data)
        assert asset_error(partial(check_font, path)) == (
            f"{name!r} is not a TrueType font file (.ttf)"
        )
    check_font(write(tmp_path / "mac.ttf", b"true" + b"\x00" * 8))  # accepted: no AssetError
    monkeypatch.setattr(assets, "MAX_FONT_BYTES", 10)
    assert (
        asset_error(lambda: check_font(lato))
        == "'Lato-Regular.ttf' is 0 MB; fonts are limited to 30 MB"
    )


# --- the same problems, located in the brand file ----------------------------------------------


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "'logo.png' does not exist"),
        ("folder", "'logo.png' is not a regular file"),
        ("outside", "'../../logo.png' is outside the content's folder ({root}); copy it inside"),
        ("truncated", "'logo.png' is corrupt or truncated ("),
        ("gif", "'logo.png' is not a PNG, JPEG or SVG image"),
        ("huge", "'logo.png' is 10000x5000 pixels; " + PIXEL_CAP),
    ],
)
def test_logo_problems_are_located_in_the_brand_file(
    proj: Project, png_header: Callable[[int, int], bytes], setup: str, message: str
) -> None:
    logo = proj.path("assets/logo.png")
    typed = "logo.png"
    if setup == "folder":
        logo.mkdir()
    elif setup == "outside":
        png(proj.root.parent / "logo.png")
        typed = "../../logo.png"
    elif setup == "truncated":
        data = png(logo, (64, 64)).read_bytes()
        logo.write_bytes(data[: len(data) // 2])
    elif setup == "gif":
        Image.new("P", (4, 4)).save(logo, format="GIF")
    elif setup == "huge":
        logo.write_bytes(png_header(10_000, 5_000))
    proj.replace("logo: logo.svg", f"logo: {typed}", BRAND)
    [problem] = proj.problems()
    expected = f"{proj.at_value('logo:', BRAND)}: logo: " + message.format(root=proj.root.resolve())
    assert problem.startswith(expected)


def test_font_problems_are_located_in_the_brand_file(proj: Project) -> None:
    proj.write(b"OTTO" + b"\x00" * 64, "assets/fonts/Lato-Bold.ttf")
    proj.replace("italic: fonts/Lato-Italic.ttf", "italic: fonts/Missing.ttf", BRAND)
    proj.replace("regular: fonts/Lato-Regular.ttf", "regular: ../content.yaml", BRAND)
    assert proj.problems() == [
        f"{proj.at_value('regular:', BRAND)}: fonts.regular: 'content.yaml' is not a TrueType "
        "font file (.ttf)",
        f"{proj.at_value('  bold:', BRAND)}: fonts.bold: 'Lato-Bold.ttf' is an OpenType/CFF font; "
        "ReportLab needs TrueType outlines (.ttf)",
        f"{proj.at_value('  italic:', BRAND)}: fonts.italic: 'fonts/Missing.ttf' does not exist",
    ]


def test_a_png_logo_is_accepted(proj: Project) -> None:
    png(proj.path("assets/logo.png"), (120, 40))
    proj.replace("logo: logo.svg", "logo: logo.png", BRAND)
    assert proj.load().brand.logo == proj.path("assets/logo.png").resolve()


def test_svg_without_a_size_or_with_nested_uses(tmp_path: Path) -> None:
    negative = '<svg xmlns="http://www.w3.org/2000/svg" width="-100" height="40"><rect/></svg>'
    path = write(tmp_path / "logo.svg", negative)
    assert "has no size" in asset_error(lambda: check_image(path))
    chain = '<defs><rect id="a0" width="1" height="1"/>' + "".join(
        f'<g id="a{i}"><use href="#a{i - 1}"/><use href="#a{i - 1}" x="1"/></g>'
        for i in range(1, 25)
    )
    nested = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">{chain}</defs></svg>'
    path = write(tmp_path / "chain.svg", nested)
    assert "nests <use> references" in asset_error(lambda: check_image(path))


# --- checked SVG drawings kept in the user's cache folder ---------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own, and no drawing memoised in this process (as
    in a new run of brochure)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(folder))
    forget_drawings()
    yield folder
    forget_drawings()


def forget_drawings() -> None:
    """What a new process would not know: the drawings memoised per file version."""
    assets._stored_drawing.cache_clear()
    assets._load_image.cache_clear()


def svg_entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("svg-*.bin"))


def entry_key(entry: Path) -> str:
    return entry.read_bytes().removeprefix(MAGIC).split(b"\n", 1)[0].decode("utf-8")


def shape_classes(drawing: Any) -> set[str]:
    found = {f"{type(drawing).__module__}.{type(drawing).__qualname__}"}
    for child in getattr(drawing, "contents", ()):
        found |= shape_classes(child)
    return found


def sample_logo(tmp_path: Path) -> Path:
    """A copy of the sample's logo: svglib makes NoStrokePaths of it, the cache plain Paths."""
    return write(tmp_path / "logo.svg", (ROOT / "assets" / "logo.svg").read_bytes())


def test_a_checked_svg_is_kept_and_read_back_without_svglib_classes(
    tmp_path: Path, cache: Path
) -> None:
    logo = sample_logo(tmp_path)
    assert check_image(logo) == "svg"
    converted = load_image(logo)
    assert "svglib.svglib.NoStrokePath" in shape_classes(converted)
    [entry] = svg_entries(cache)
    digest = hashlib.sha256(logo.read_bytes()).hexdigest()
    assert entry.name == f"svg-{digest[:32]}.bin"
    key = entry_key(entry)
    assert key.startswith("vectors 1 svglib ")
    assert f" reportlab {Version} brochure {__version__} {digest}" in key
    assert "unknown" not in key and "None" not in key

    forget_drawings()
    assert check_image(logo) == "svg"
    kept = load_image(logo)
    assert not any(name.startswith("svglib.") for name in shape_classes(kept))
    assert (kept.width, kept.height) == (converted.width, converted.height)
    assert load_image(logo) is kept  # memoised per file version, as before
    assert svg_entries(cache) == [entry]


def test_the_key_names_the_installed_svglib(cache: Path, tmp_path: Path) -> None:
    from importlib.metadata import version

    check_image(write(tmp_path / "logo.svg", SVG))
    [entry] = svg_entries(cache)
    assert f" svglib {version('svglib')} reportlab " in entry_key(entry)


@pytest.mark.parametrize(
    "text",
    [
        SVG.replace("</svg>", '<text x="1" y="9">Clinic</text></svg>'),
        f'<svg {NS} viewBox="0 0 1 1"><g></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" width="-100" height="40"><rect/></svg>',
    ],
    ids=["text", "malformed", "no-size"],
)
def test_a_refused_svg_is_not_kept(tmp_path: Path, cache: Path, text: str) -> None:
    path = write(tmp_path / "logo.svg", text)
    first = asset_error(lambda: check_image(path))
    assert svg_entries(cache) == []
    forget_drawings()
    assert asset_error(lambda: check_image(path)) == first  # checked again, refused again
    assert svg_entries(cache) == []


def damage(entry: Path) -> None:
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0xFF
    entry.write_bytes(bytes(data))


def truncate(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[:-25])


def outside_the_list(entry: Path) -> None:
    """A well-formed entry for these bytes (checksum and all) whose drawing, 999 points wide,
    holds a String."""
    name, key = entry.stem, entry_key(entry)
    payload = read_entry(name, key)
    assert payload is not None
    tree = json.loads(payload)
    tree["attrs"]["width"] = 999.0
    tree["contents"].append({"shape": "String", "attrs": {"x": 0, "y": 0, "text": "hello"}})
    assert write_entry(name, key, json.dumps(tree).encode("utf-8"))


def stale(entry: Path) -> None:
    """A well-formed entry, 999 points wide, made by another svglib."""
    name, key = entry.stem, entry_key(entry)
    payload = read_entry(name, key)
    assert payload is not None
    tree = json.loads(payload)
    tree["attrs"]["width"] = 999.0
    old_key = key.replace(" svglib ", " svglib 0.0.1-", 1)
    assert write_entry(name, old_key, json.dumps(tree).encode("utf-8"))


@pytest.mark.parametrize("spoil", [damage, truncate, outside_the_list, stale])
def test_a_damaged_strange_or_stale_entry_is_ignored_and_made_again(
    tmp_path: Path, cache: Path, spoil: Callable[[Path], None]
) -> None:
    logo = sample_logo(tmp_path)
    check_image(logo)
    width = load_image(logo).width
    [entry] = svg_entries(cache)
    good = entry.read_bytes()
    spoil(entry)
    assert entry.read_bytes() != good
    forget_drawings()
    assert check_image(logo) == "svg"
    drawing = load_image(logo)
    assert drawing.width == width != 999
    assert "svglib.svglib.NoStrokePath" in shape_classes(drawing)  # converted again
    assert entry.read_bytes() == good  # and kept again


def test_a_file_changed_while_checked_is_not_kept(tmp_path: Path, cache: Path) -> None:
    logo = write(tmp_path / "logo.svg", SVG)
    checked = logo.stat()
    drawing = load_image(logo)
    logo.write_text(SVG.replace('width="5"', 'width="6"'), "utf-8")
    os.utime(logo, ns=(checked.st_atime_ns, checked.st_mtime_ns + 1_000_000))
    assets._store_drawing(logo, checked, drawing)
    assert svg_entries(cache) == []
    assets._store_drawing(logo, logo.stat(), drawing)  # the control: unchanged, it is kept
    assert len(svg_entries(cache)) == 1


BRANDS = [
    "assets/brand.yaml",
    *sorted(f"assets/brands/{p.name}" for p in (ROOT / "assets" / "brands").glob("*.yaml")),
]


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("profile", ["screen", "print"])
def test_builds_with_a_cold_and_a_warm_cache_are_byte_identical(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, brand: str, profile: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_sample(tmp_path / "project")
    options = RenderOptions(profile=PROFILES[profile])

    def build() -> tuple[bytes, Any]:
        leaflet = load_leaflet(project / "content.yaml", brand=project / brand)
        assert leaflet.brand.logo is not None and leaflet.brand.logo.suffix == ".svg"
        return render_pdf(leaflet, options), load_image(leaflet.brand.logo)

    cold, converted = build()
    assert len(svg_entries(cache)) == 1
    forget_drawings()
    warm, kept = build()
    assert kept is not converted
    assert not any(name.startswith("svglib.") for name in shape_classes(kept))
    assert warm == cold


def test_loading_with_a_known_logo_imports_neither_svglib_nor_lxml(
    tmp_path: Path, cache: Path
) -> None:
    project = copy_sample(tmp_path / "project")
    parsers = ("svglib", "lxml", "cssselect2", "tinycss2")
    code = (
        "import sys\nfrom pathlib import Path\nfrom brochure.pipeline import load\n"
        "load(Path('content.yaml'))\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({parsers!r})))\n"
    )

    def imported() -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True
        )
        return done.stdout.splitlines()[-1]

    assert imported() == str(sorted(parsers))  # cold: checked and converted
    assert len(svg_entries(cache)) == 1
    assert imported() == "[]"  # warm: read back
