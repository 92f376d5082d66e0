"""Story + page templates -> PDF bytes, reproducibly (ReportLab invariant mode)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from io import BytesIO

from brochure.content.assets import AssetError, load_image
from brochure.content.model import Leaflet, check_bleed, parse_length
from brochure.content.source import format_path
from brochure.errors import BrochureError, unknown_choice
from brochure.layout.copyfit import (
    Fit,
    FitFinding,
    LayoutCache,
    Measure,
    Trial,
    fit_findings,
    fit_leaflet,
    measuring,
    tighten,
)
from brochure.layout.fit import drawn_text
from brochure.layout.flowables import Logo
from brochure.layout.fonts import register_family
from brochure.layout.formats import FORMATS, IMPOSITIONS, Format, Imposition
from brochure.layout.pages import (
    Sheet,
    footer_painter,
    footer_text,
    page_templates,
    reminder_painter,
)
from brochure.layout.panels import assemble, layout_grid
from brochure.layout.paper import PAPER_SIZES, PaperName
from brochure.layout.story import story_blocks
from brochure.layout.tagging import Tags, Untagged
from brochure.layout.theme import build_theme
from brochure.messages import language_tag, messages_for
from brochure.pdf.finish import FinishingCanvas, finish_pdf, post_pass_needs
from brochure.pdf.folds import write_folds
from brochure.pdf.impose import impose_saddle
from brochure.pdf.profiles import DEFAULT_BLEED, PROFILES, Profile
from brochure.version import __version__


@dataclass(frozen=True)
class RenderOptions:
    """How to render: the paper size, the format (:mod:`brochure.layout.formats`) and the output
    profile (:mod:`brochure.pdf.profiles`)."""

    paper: PaperName = "a4"
    """Trimmed page size."""
    profile: Profile = PROFILES["screen"]
    """The output variant."""
    format: Format = FORMATS["pages"]
    """The leaflet's format: flowing pages, one sheet..."""
    bleed: str | None = None
    """Bleed for profiles with bleed ("3mm"); None: the brand's, else 3mm."""
    marks: bool = True
    """Crop marks, for profiles that have them."""
    impose: Imposition | None = None
    """Printer spreads instead of single pages (``saddle``: a booklet's sheets for a duplex
    printer); None: pages in reading order, as print shops ask for."""
    creep: str | None = None
    """With ``impose``: how far each sheet's pages move toward the spine ("0.1mm")."""
    fold_allowance: str | None = None
    """How much narrower a tri-fold's fold-in panel is ("3mm"); None: the paper's usual
    (3 mm on A4, 1/16 in on Letter)."""

    def __post_init__(self) -> None:
        if self.paper not in PAPER_SIZES:
            raise BrochureError(unknown_choice("paper size", self.paper, PAPER_SIZES))
        if self.bleed is not None:
            try:
                check_bleed(self.bleed)
            except ValueError as exc:
                raise BrochureError(f"--bleed {exc}") from None
        if self.impose is not None and self.impose not in IMPOSITIONS:
            raise BrochureError(unknown_choice("imposition", self.impose, IMPOSITIONS))
        if self.impose is not None and not self.format.imposable:
            raise BrochureError(
                f"--impose {self.impose} makes a booklet's printer spreads: "
                f"use it with --format booklet, not {self.format.name}"
            )
        if self.impose is not None and not self.profile.sheets:
            raise BrochureError(
                f"--impose {self.impose} makes printer spreads: use it with --profile print"
            )
        if self.fold_allowance is not None:
            try:
                parse_length(self.fold_allowance)
            except ValueError as exc:
                raise BrochureError(f"--fold-allowance {exc}") from None
        if self.creep is not None:
            if self.impose is None:
                raise BrochureError("--creep moves an imposed booklet's pages: add --impose saddle")
            try:
                parse_length(self.creep)
            except ValueError as exc:
                raise BrochureError(f"--creep {exc}") from None

    @classmethod
    def for_profile(
        cls,
        name: str,
        *,
        paper: str = "a4",
        format: str = "pages",
        bleed: str | None = None,
        marks: bool = True,
        impose: str | None = None,
        creep: str | None = None,
        fold_allowance: str | None = None,
    ) -> RenderOptions:
        """Options for the profile called ``name`` (screen, print) and the format and paper
        named."""
        if name not in PROFILES:
            raise BrochureError(unknown_choice("profile", name, PROFILES))
        if format not in FORMATS:
            raise BrochureError(unknown_choice("format", format, FORMATS))
        return cls(
            paper=paper,  # type: ignore[arg-type]  # checked in __post_init__
            profile=PROFILES[name],
            format=FORMATS[format],
            bleed=bleed,
            marks=marks,
            impose=impose,  # type: ignore[arg-type]  # checked in __post_init__
            creep=creep,
            fold_allowance=fold_allowance,
        )

    @property
    def allowance(self) -> float | None:
        """The fold allowance in points (None: the paper's usual)."""
        return None if self.fold_allowance is None else parse_length(self.fold_allowance)

    @property
    def suffix(self) -> str:
        """The default output's file-name suffix: the format's, the imposition's, then the
        profile's (``-booklet-saddle-print``)."""
        imposed = f"-{self.impose}" if self.impose else ""
        return self.format.suffix + imposed + self.profile.suffix


_RL_SETTINGS: dict[str, object] = {
    # brochure hands ReportLab every font and image itself, so no URL scheme or host needs
    # trusting; set in code, this overrides any environment variable or settings file.
    "trustedHosts": None,
    "trustedSchemes": [],
    # Binary streams: ASCII85 would add a quarter to every compressed stream.
    "useA85": 0,
}


@contextmanager
def _reportlab_settings() -> Iterator[None]:
    """Apply brochure's ReportLab settings for one render, then put the old ones back."""
    from reportlab import rl_config

    saved = {name: getattr(rl_config, name) for name in _RL_SETTINGS}
    try:
        for name, value in _RL_SETTINGS.items():
            setattr(rl_config, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(rl_config, name, value)


def fit_for(
    leaflet: Leaflet,
    options: RenderOptions,
    at: float | None = None,
    cache: LayoutCache | None = None,
    measured: Trial | None = None,
) -> Fit:
    """The copyfit of ``leaflet`` in the format and on the paper of ``options``: the same for
    every profile (colours, bleed and links do not move a line). ``at`` gives the tightness
    instead of searching for it; ``cache`` keeps trial layouts for the next brand; ``measured``
    is the layout at the design when a render measured it already (:func:`render_design`)."""
    with _reportlab_settings():
        messages = messages_for(leaflet.locale, leaflet.messages)
        brand = leaflet.brand
        fonts = register_family(brand.fonts, drawn_text(leaflet, messages), brand.script_fonts)
        grid = layout_grid(options.format, options.paper, allowance=options.allowance)
        theme = build_theme(leaflet.brand, fonts, options.paper, leaflet.locale, grid=grid)
        return fit_leaflet(
            leaflet,
            theme,
            options.format,
            messages,
            _logo(leaflet),
            at,
            paper=options.paper,
            allowance=options.allowance,
            cache=cache,
            measured=measured,
        )


def render_pdf(
    leaflet: Leaflet, options: RenderOptions | None = None, fit: Fit | None = None
) -> bytes:
    """Render a validated leaflet to PDF bytes, fitted to its format (``fit``, when the caller
    has it already, else :func:`fit_for`). Same leaflet and options: same bytes. Raises
    :class:`FitError` when the leaflet cannot fit its format at the floor."""
    options = options or RenderOptions()
    _check_epoch()
    fit = fit or fit_for(leaflet, options)
    if not fit.fits:
        messages = messages_for(leaflet.locale, leaflet.messages)
        raise FitError(fit_findings(leaflet, fit, options.format, options.paper, messages))
    with _reportlab_settings():
        return _render(leaflet, options, fit.tightness, fit.min_body, fit.notes)


def render_design(leaflet: Leaflet, options: RenderOptions | None = None) -> tuple[bytes, Trial]:
    """Render ``leaflet`` at the design (tightness 0) on flowing pages, measuring the layout
    as the copyfit's design trial would: one layout that is both the fitter's first trial and,
    when the fitter keeps the design (as it mostly does on flowing pages), the PDF, the same
    bytes :func:`render_pdf` gives. Only for flat formats with no page limit."""
    options = options or RenderOptions()
    if options.format.folding != "flat" or options.format.pages is not None:
        raise ValueError(f"{options.format.name}: only flowing pages are rendered at the design")
    _check_epoch()
    with _reportlab_settings():
        measure = Measure(None, options.format)
        data = _render(leaflet, options, 0.0, 0.0, 0, measure)
        return data, measure.result()


def _check_epoch() -> None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        # ReportLab reads it itself and would fail with a bare ValueError.
        raise BrochureError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}")


class FitError(BrochureError):
    """The leaflet does not fit its format, even at the floor: each finding names a field."""

    def __init__(self, findings: list[FitFinding]) -> None:
        self.findings = tuple(findings)
        super().__init__("; ".join(f"{format_path(f.field)}: {f.message}" for f in self.findings))


def _logo(leaflet: Leaflet) -> Logo | None:
    try:
        return load_image(leaflet.brand.logo) if leaflet.brand.logo else None
    except AssetError as exc:  # changed on disk since it was validated
        raise BrochureError(f"brand logo: {exc}") from None


def _render(
    leaflet: Leaflet,
    options: RenderOptions,
    tightness: float,
    min_body: float,
    notes: int,
    measure: Measure | None = None,
) -> bytes:
    """The PDF at ``tightness`` (with the body floor ``min_body`` and a booklet's ``notes``
    pages); ``measure``, when given, measures the flowing pages' layout as it is made."""
    from reportlab.platypus import BaseDocTemplate, LayoutError

    brand, profile, format = leaflet.brand, options.profile, options.format
    messages = messages_for(leaflet.locale, leaflet.messages)
    text = drawn_text(leaflet, messages)
    fonts = register_family(brand.fonts, text, brand.script_fonts)
    bleed = parse_length(options.bleed or brand.bleed or DEFAULT_BLEED) if profile.bleed else 0.0
    design = build_theme(
        brand,
        fonts,
        options.paper,
        leaflet.locale,
        colour=profile.colour,
        bleed=bleed,
        image_ppi=profile.image_ppi,
        links=profile.links,
        grid=layout_grid(format, options.paper, bleed, options.allowance),
    )
    theme = tighten(design, tightness, min_body)
    logo = _logo(leaflet)
    tags = Tags() if profile.tagged else Untagged()
    marks = profile.marks and options.marks
    # Imposed, the marks are the printer sheet's: the pages placed on it have none of their own.
    page_marks = marks and options.impose is None
    if format.folding == "flat":
        width, height = PAPER_SIZES[options.paper]
        # Only print sheets have boxes beyond the page itself.
        sheet = Sheet(width, height, bleed, marks=marks) if profile.bleed else None
        templates = page_templates(theme, sheet, tags)
        blocks = story_blocks(leaflet, theme, messages, logo, tags)
        story = [flowable for block in blocks for flowable in block.flowables]
        if measure is not None:
            measure.follow(blocks, theme.grid.frame_height)
        pagesize = sheet.size if sheet is not None else (width, height)
    else:
        blocks = story_blocks(leaflet, theme, messages, logo, tags, folded=True, notes=notes)
        assembly = assemble(
            format,
            options.paper,
            theme.grid,
            [(block.field, block.flowables) for block in blocks],
            sheets=profile.sheets,
            bleed=bleed,
            marks=page_marks,
            allowance=options.allowance,
            mirrored=theme.rtl,
        )
        templates, story = assembly.templates, assembly.story
        sheet, pagesize = assembly.sheet, assembly.pagesize
    language = language_tag(leaflet.locale)
    buffer = BytesIO()
    template = BaseDocTemplate if measure is None else measuring(BaseDocTemplate, measure)
    document = template(
        buffer,
        pagesize=pagesize,
        title=leaflet.title,
        author=brand.name,
        subject=leaflet.subtitle or leaflet.title,
        keywords=[*messages.keywords, brand.name],
        creator=f"brochure {__version__}",
        producer=f"brochure {__version__} (ReportLab)",
        invariant=1,
        pageCompression=1,
        lang=language,
        displayDocTitle=1,
        initialFontName=fonts.regular,
        initialFontSize=theme.scale.body,
        showBoundary=0,
    )
    document.addPageTemplates(templates)
    footer = footer_text(leaflet, messages)
    running = format.running_footer
    post_pass = bool(post_pass_needs(profile, text))
    canvasmaker = partial(
        FinishingCanvas,
        profile=profile,
        language=language,
        packed=not post_pass,
        footer=footer_painter(theme, footer, with_reminder=not tags.enabled) if running else None,
        reminder=reminder_painter(theme, footer) if tags.enabled and running else None,
        sheet=sheet,
        registration=theme.inks.registration(),
        tags=tags,
    )
    try:
        document.build(story, canvasmaker=canvasmaker)
    except LayoutError:
        # `brochure check` names the field for every block it knows to be too big; this is
        # the safety net for anything it missed.
        raise BrochureError(
            f"the leaflet cannot be laid out on {options.paper.upper()} paper: a block that "
            "cannot split is taller than a page; shorten the longest text"
        ) from None
    data = buffer.getvalue()
    if post_pass:  # else ReportLab finished the file as it saved it
        data = finish_pdf(data, profile, text)
    if sheet is not None and sheet.folds:
        data = write_folds(data, sheet.folds)
    if options.impose is not None:
        creep = parse_length(options.creep or "0mm")
        imposed = IMPOSERS[options.impose](data, creep, marks, theme.rtl)
        data = write_folds(imposed, ((sheet.trim_width if sheet else 0.0,),))
    return data


IMPOSERS: dict[Imposition, Callable[[bytes, float, bool, bool], bytes]] = {"saddle": impose_saddle}
"""How each ``--impose`` places a print file's pages on printer sheets."""
