"""The fixed strings brochure itself writes on the page or into the PDF, per language.

English is the source language: each field's default below is a gettext ``msgid`` and the
field's name its ``msgctxt``. Translations are gettext catalogues,
``brochure/data/locale/<lang>/LC_MESSAGES/brochure.po`` (made from the template
``brochure/data/locale/brochure.pot``), compiled with Babel to the ``.mo`` beside them (shipped,
so installing needs no build step) and read with the standard library's :mod:`gettext` at run
time. A locale is looked up from the most to the least specific catalogue ("es-MX": ``es_MX``,
then ``es``), then English; whatever is still missing stays English, and
:func:`catalogue_warnings` names it. A content file may override any message.
"""

from __future__ import annotations

import gettext
import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path

from brochure.errors import BrochureError

DOMAIN = "brochure"
"""The gettext domain: catalogues are named ``brochure.po`` / ``brochure.mo``."""

SOURCE_LANGUAGE = "en"
"""The language of the ``msgid`` strings, which needs no catalogue."""


@dataclass(frozen=True)
class Messages:
    """Every fixed string of the layout, for one language (English by default)."""

    benefits_heading: str = "Benefits"
    """Heading above the benefit cards, when the content gives none."""
    safety_heading: str = "Important safety information"
    """Heading of the safety callout, when the content gives none."""
    book_heading: str = "Book a consultation"
    """Heading of the contact panel."""
    scan_to_book: str = "Scan to book"
    """Caption under the QR code."""
    page_of: str = "Page {page} of {pages}"
    """The footer's page label: ``{page}`` and ``{pages}`` are numbers."""
    reminder: str = "Ask a qualified medical professional before any treatment."
    """The footer's reminder line, when the safety note gives none."""
    keywords: tuple[str, ...] = ("patient information", "leaflet")
    """The PDF's keywords (the clinic's name is added); an override is one comma-separated line."""
    qr_alt: str = "QR code: book at {url}"
    """Alternative text of the QR code; ``{url}`` is the booking address."""
    logo_alt: str = "{clinic} logo"
    """Alternative text of the logo when the brand gives none; ``{clinic}`` is its name."""
    phone_label: str = "Phone"
    """What the phone line of the contact panel is, for screen readers."""
    email_label: str = "E-mail"
    """What the e-mail line of the contact panel is, for screen readers."""
    website_label: str = "Website"
    """What the website line of the contact panel is, for screen readers."""
    address_label: str = "Address"
    """What the address line of the contact panel is, for screen readers."""
    booking_label: str = "Book online"
    """What the booking link of the contact panel is, for screen readers."""
    quote_open: str = "\u201c"
    """Opening quotation mark of text the tool writes around a quotation."""
    quote_close: str = "\u201d"
    """Closing quotation mark of text the tool writes around a quotation."""
    fit_target: str = "the {format} ({paper})"
    """How a fit report names a format on a paper: ``{format}`` (sheet) and ``{paper}`` (A4)."""
    fit_overflow: str = (
        "does not fit on {target} at the {floor} pt floor: it is {mm} mm (about {lines} "
        "lines, about {words} words) too long; shorten this text or another before it"
    )
    """A fit report: the text does not fit its format even at the smallest type."""
    fit_longest: str = "the longest are {fields}"
    """A fit report: the longest texts, which could be shortened; ``{fields}`` lists them."""
    fit_pages: str = (
        "fills only {pages} of the {count} pages of {target}; add text, or choose the flowing "
        "pages format"
    )
    """A fit report: the text is too short for the format's pages."""
    fit_empty: str = (
        "leaves the last page of {target} {share} % empty even with more air; add text, or "
        "choose the flowing pages format"
    )
    """A fit report: the last page stays too empty even after loosening."""
    fit_odd_pages: str = (
        "the {profile} file has {pages} pages: printed on both sides, the back of the last "
        "sheet is blank"
    )
    """A fit report: a print file with an odd number of pages."""
    fit_panel: str = (
        "{panel} of {target} is {mm} mm too long at {size} pt (about {words} words); shorten "
        "this text or another on the same panel"
    )
    """A fit report: a folded leaflet's panel (or booklet page) that its text overflows."""
    fit_padded: str = "Notes pages before the back cover make up the {pages} pages ({count} added)"
    """A fit report: a booklet's pages were made a multiple of four with Notes pages."""
    notes_heading: str = "Notes"
    """Heading of a booklet's Notes page (added so the page count is a multiple of four)."""
    digits: str = "0123456789"
    """The ten digits, zero to nine, that page numbers and card numbers are written in
    (Arabic: ٠١٢٣٤٥٦٧٨٩); the content's own text keeps the digits it is written in."""

    def number(self, value: int, width: int = 1) -> str:
        """``value`` in this language's digits, zero-padded to ``width`` (01 for the first card)."""
        return f"{value:0{width}d}".translate(str.maketrans("0123456789", self.digits))

    def quote(self, text: str) -> str:
        """``text`` between this language's quotation marks: “text”, «texto»."""
        return f"{self.quote_open}{text}{self.quote_close}"


def message_keys() -> tuple[str, ...]:
    """The names of every message a content file may override."""
    return tuple(f.name for f in fields(Messages))


def english() -> dict[str, str]:
    """Every message's English text (its ``msgid``), by name: what a catalogue translates."""
    return dict(_english())


@lru_cache(maxsize=1)
def _english() -> tuple[tuple[str, str], ...]:
    source = Messages()
    return tuple((key, _as_text(getattr(source, key))) for key in message_keys())


def _as_text(value: str | tuple[str, ...]) -> str:
    return ", ".join(value) if isinstance(value, tuple) else value


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a format string; ValueError when its braces are unbalanced."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def message_problem(key: str, text: str) -> str | None:
    """What is wrong with ``text`` as the message ``key`` (an override or a translation), or
    None: an unknown key, or a ``{placeholder}`` the message does not fill in."""
    source = dict(_english())
    if key not in source:
        return f"unknown message {key!r}; known: {', '.join(source)}"
    if key == "digits":
        if len(text) != 10 or any(unicodedata.decimal(c, None) != i for i, c in enumerate(text)):
            return "must be the ten digits from zero to nine, in order (0123456789)"
        return None
    allowed = _placeholders(source[key])
    if not allowed:
        return None  # never formatted: braces are printed as written
    names = " and ".join("{" + name + "}" for name in sorted(allowed))
    try:
        used = _placeholders(text)
    except ValueError:
        return f"has a brace without its pair; write the placeholders as {names}"
    unknown = sorted(used - allowed)
    if unknown:
        return f"uses {{{unknown[0]}}}, which brochure does not fill in; use {names}"
    return None


def _value(key: str, text: str) -> str | tuple[str, ...]:
    if key == "keywords":
        return tuple(word.strip() for word in text.split(",") if word.strip())
    return text


# --- catalogues -------------------------------------------------------------------------------

_LOCALE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?")


def catalogue_names(locale: str) -> tuple[str, ...]:
    """The catalogue folders to try for ``locale``, most specific first: "es-MX" gives
    ("es_MX", "es"). Nothing for text that is not a language code."""
    match = _LOCALE.fullmatch(locale.strip())
    if not match:
        return ()
    language, region = match[1].lower(), match[2]
    if region is None:
        return (language,)
    region = region.upper() if len(region) <= 3 else region.title()  # MX, 419, Latn
    return (f"{language}_{region}", language)


def language_tag(locale: str) -> str:
    """``locale`` as a BCP 47 language tag, as a PDF's /Lang wants it: "es_mx" gives "es-MX"."""
    names = catalogue_names(locale)
    return names[0].replace("_", "-") if names else locale.strip()


@dataclass(frozen=True)
class Catalogue:
    """The messages of one locale, as found in the catalogues."""

    locale: str
    """The locale asked for ("es-MX")."""
    found: tuple[str, ...]
    """The catalogues that were read, most specific first (("es",) for "es-MX")."""
    messages: Messages
    """The translated messages; English where no catalogue has a translation."""
    missing: tuple[str, ...]
    """Messages no catalogue translates (or translates with a wrong placeholder), so they stay
    English; empty for English itself."""

    def warnings(self) -> list[str]:
        """What stays English, in words (nothing when the catalogues are complete)."""
        if not self.missing:
            return []
        keys = ", ".join(self.missing)
        if not self.found:
            return [f'no catalogue for "{self.locale}"; using English for: {keys}']
        return [
            f'the "{self.found[0]}" catalogue has no usable translation for: {keys}; '
            "using English for them"
        ]


_MISSING = "\x00"
"""What :class:`_Untranslated` returns: no catalogue text can be a NUL."""


class _Untranslated(gettext.NullTranslations):
    """The end of a chain of catalogues: says "missing" rather than echoing the English."""

    def pgettext(self, context: str, message: str) -> str:
        return _MISSING


def read_catalogue(locale: str, folder: Path) -> Catalogue:
    """The messages of ``locale`` from the compiled catalogues under ``folder``
    (``<folder>/<lang>/LC_MESSAGES/brochure.mo``)."""
    chain: gettext.NullTranslations = _Untranslated()
    found: list[str] = []
    for name in reversed(catalogue_names(locale)):  # each falls back to the less specific one
        path = folder / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not path.is_file():
            continue
        try:
            with path.open("rb") as file:
                catalogue = gettext.GNUTranslations(file)
        except (OSError, UnicodeDecodeError) as exc:
            raise BrochureError(f"the {name} message catalogue cannot be read: {exc}") from None
        catalogue.add_fallback(chain)
        chain = catalogue
        found.insert(0, name)
    # English needs no catalogue: its messages are the msgids (an en_GB one may still exist).
    source_language = catalogue_names(locale)[-1:] == (SOURCE_LANGUAGE,)
    values: dict[str, str | tuple[str, ...]] = {}
    missing: list[str] = []
    for key, msgid in _english():
        text = chain.pgettext(key, msgid)
        if text == _MISSING or message_problem(key, text) is not None:
            if not source_language:
                missing.append(key)
            continue
        values[key] = _value(key, text)
    return Catalogue(locale, tuple(found), replace(Messages(), **values), tuple(missing))  # type: ignore[arg-type]


def locale_folder() -> Path:
    """Where brochure's own catalogues are installed (package data beside this module)."""
    # Not importlib.resources: its first use costs ~25 ms of imports, and brochure is never
    # run from a zip file.
    return Path(__file__).resolve().parent / "data" / "locale"


@lru_cache(maxsize=32)
def _shipped(locale: str) -> Catalogue:
    return read_catalogue(locale, locale_folder())


def catalogue_warnings(locale: str) -> list[str]:
    """What brochure's catalogues lack for ``locale``, naming each message left in English:
    ``no catalogue for "fr"; using English for: benefits_heading, ...``."""
    return _shipped(locale).warnings()


def messages_for(locale: str, overrides: Mapping[str, str] | None = None) -> Messages:
    """The messages for ``locale`` (its catalogue, else English), with the content's own
    ``overrides`` applied. Raises BrochureError for an unknown key or a wrong placeholder."""
    messages = _shipped(locale).messages
    if not overrides:
        return messages
    problems = [
        f"messages.{key}: {problem}"
        for key, text in overrides.items()
        if (problem := message_problem(key, text)) is not None
    ]
    if problems:
        raise BrochureError("; ".join(problems))
    changes = {key: _value(key, text) for key, text in overrides.items()}
    return replace(messages, **changes)  # type: ignore[arg-type]
