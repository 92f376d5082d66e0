"""How much work the preflight does for one file, at most.

A PDF from outside can be built to make a reader work forever: a few kilobytes of Flate data
that inflate to gigabytes, a form drawn a thousand times that draws another form a thousand
times, a font that maps four billion codes. Every loop of the preflight is bounded by one of
these limits, counted by the work done (bytes decoded, tokens parsed, operators run, entries
expanded), never by the bytes read from the file. When a limit stops the reading, the report
says so (the ``reading`` check) instead of passing what it did not see.

The defaults are far above what a leaflet, a brochure or a print shop's proof needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from brochure.errors import BrochureError

MIB = 1024 * 1024
"""Bytes in a mebibyte."""


@dataclass(frozen=True)
class Limits:
    """The most the preflight reads and runs in one file."""

    pages: int = 1000
    """Pages read; a longer file is checked on its first pages only."""
    stream_bytes: int = 16 * MIB
    """Decoded bytes of any one stream (a page's content, a form, a ToUnicode map, metadata)."""
    file_bytes: int = 256 * MIB
    """Decoded bytes of all the streams read for the file."""
    page_tokens: int = 1_000_000
    """Content-stream tokens parsed for one page (its own content and every form and pattern
    it draws): parsed content takes about 250 bytes of memory per token."""
    file_tokens: int = 4_000_000
    """Content-stream tokens parsed for the whole file."""
    page_operators: int = 250_000
    """Operators run for one page, counting each time a form or pattern runs its own; a text
    operator also counts each glyph it shows, an operator with more operands than any takes
    each operand, and a form or pattern one more per 64 bytes of its content."""
    file_operators: int = 1_000_000
    """Operators run for the whole file."""
    form_depth: int = 12
    """Forms and patterns drawn inside each other (a page drawing a form is depth 1)."""
    nesting: int = 256
    """Graphics states (``q``) and marked-content sequences open at once."""
    font_entries: int = 131_072
    """Codes expanded from one font's ranges (``/W`` widths, ToUnicode ``bfrange``), twice the
    65,536 codes a two-byte font can have."""


DEFAULT_LIMITS = Limits()
"""The limits the preflight uses unless told otherwise."""


class LimitReached(BrochureError):
    """A limit stopped the reading; ``str()`` says which, in a phrase for the report."""


class Budget:
    """What is left of the limits while one file is read: per page and for the whole file.

    One budget per file read; :meth:`start_page` opens each page's own allowance."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.file_bytes = 0
        """Decoded bytes so far."""
        self.file_tokens = 0
        """Tokens parsed so far."""
        self.file_operators = 0
        """Operators run so far, before the current page."""
        self.page_tokens = 0
        """Tokens parsed for the current page."""
        self.page_operators = 0
        """Operators run for the current page: the reader counts them itself (it is the
        innermost loop), and stops when they go over :attr:`operator_cap`."""
        self.operator_cap = min(limits.page_operators, limits.file_operators)
        """How many operators the current page may run."""

    def start_page(self) -> None:
        """Count the next operators and tokens against a new page."""
        self.file_operators += self.page_operators
        self.page_operators = 0
        self.page_tokens = 0
        self.operator_cap = min(
            self.limits.page_operators, self.limits.file_operators - self.file_operators
        )

    def operator_limit(self) -> LimitReached:
        """The error to raise when :attr:`page_operators` goes over :attr:`operator_cap`."""
        if self.operator_cap < self.limits.page_operators:
            return LimitReached(
                f"the file's limit of {self.limits.file_operators:,} operators was reached"
            )
        return LimitReached(
            f"reading stopped after {self.limits.page_operators:,} operators "
            "(the limit per page, counting what forms and patterns draw, and each glyph shown)"
        )

    def spend_tokens(self, tokens: int) -> None:
        """Count ``tokens`` about to be parsed; raises :class:`LimitReached` (spending nothing)
        when they would go over a limit."""
        if self.page_tokens + tokens > self.limits.page_tokens:
            raise LimitReached(
                f"its content streams hold more than {self.limits.page_tokens:,} tokens "
                "(the limit per page)"
            )
        if self.file_tokens + tokens > self.limits.file_tokens:
            raise LimitReached(
                f"the file's limit of {self.limits.file_tokens:,} content tokens was reached"
            )
        self.page_tokens += tokens
        self.file_tokens += tokens

    @property
    def bytes_left(self) -> int:
        """How many more decoded bytes one stream may have, within both byte limits."""
        return max(0, min(self.limits.stream_bytes, self.limits.file_bytes - self.file_bytes))

    def spend_bytes(self, count: int) -> None:
        """Count ``count`` decoded bytes (already checked against :attr:`bytes_left`)."""
        self.file_bytes += count

    def byte_limit(self) -> LimitReached:
        """The error to raise when a stream decodes to more than :attr:`bytes_left`."""
        if self.bytes_left < self.limits.stream_bytes:
            return LimitReached(
                f"the file's limit of {size_text(self.limits.file_bytes)} of decoded streams "
                "was reached"
            )
        return LimitReached(
            f"a stream decodes to more than {size_text(self.limits.stream_bytes)} "
            "(the limit per stream; a compression bomb?)"
        )


def size_text(count: int) -> str:
    """A byte count for people: "16 MiB", "250 KiB", "100 bytes"."""
    for unit, size in (("MiB", MIB), ("KiB", 1024)):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{count:,} bytes"
