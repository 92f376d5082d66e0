"""The preview's warm rebuild loop: one thread that watches the inputs and rebuilds the variants
the page is looking at, and the builds it has published.

Watching is polling: every :data:`POLL_S` the build thread compares the inputs' modification
times and sizes (a file deleted and written again, or a folder an editor replaces, is seen the
same way). A burst of saves gives one rebuild: the thread waits until the inputs have been quiet
for :data:`QUIET_S`. Builds are published whole under the session's lock, and the page
long-polls for the next one (:meth:`Session.wait`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from brochure.content.source import display_name
from brochure.errors import BrochureError, ContentError, Problem
from brochure.layout.copyfit import LayoutCache
from brochure.layout.formats import FORMATS
from brochure.layout.paper import PAPER_SIZES
from brochure.pdf.profiles import PROFILES
from brochure.preview.build import Build, Variant, build_variant
from brochure.preview.sources import Fingerprint, content_files, fingerprint, is_batch

POLL_S = 0.05
"""How often the inputs are looked at."""
QUIET_S = 0.06
"""A burst of saves is over when the inputs stay the same this long."""
MAX_BURST_S = 1.0
"""A burst that never quietens is built after this long anyway."""
WATCHED_VARIANTS = 4
"""How many variants are kept built at once (the most recently asked for)."""
FORGET_AFTER_S = 120.0
"""A variant no page has asked for this long is no longer rebuilt (its browser went away)."""
KEPT_BUILDS = 24
"""How many builds' page images are kept for a page still showing an older build."""


@dataclass(frozen=True)
class Choices:
    """What a user can pick in the page."""

    languages: tuple[str, ...]
    """The content files, as the page names them; the first is the default."""
    profiles: tuple[str, ...]
    """The output profiles."""
    papers: tuple[str, ...]
    """The paper sizes."""
    formats: tuple[str, ...]
    """The formats, read from the table at run time."""
    problems: tuple[Problem, ...] = ()
    """Why the list of content files could not be read again (brochure.yaml is invalid)."""


class Session:
    """One preview: the target it shows, the builds made, and the build thread."""

    def __init__(
        self,
        target: Path,
        *,
        profile: str = "screen",
        paper: str = "a4",
        format: str = "pages",
    ) -> None:
        self.target = target.resolve()
        self.default_profile = profile
        self.default_paper = paper
        self.default_format = format
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._files: dict[str, Path] = {}
        self._choices = Choices((), tuple(PROFILES), tuple(PAPER_SIZES), tuple(FORMATS))
        self._builds: dict[Variant, Build] = {}
        self._wanted: OrderedDict[Variant, float] = OrderedDict()
        self._stale: set[Variant] = set()
        self._images: OrderedDict[int, Build] = OrderedDict()
        self._number = 0
        self._cache = LayoutCache()
        self._thread: threading.Thread | None = None
        self._marks: dict[str, tuple[int, int]] = {}
        """What the build thread last saw of each watched file (only it reads and writes)."""
        self._discover()

    # -- what the page asks --------------------------------------------------------------

    @property
    def choices(self) -> Choices:
        """What a user can pick."""
        with self._lock:
            return self._choices

    def variant(
        self,
        language: str | None = None,
        profile: str | None = None,
        paper: str | None = None,
        format: str | None = None,
    ) -> Variant:
        """The variant the page asks for, each choice checked against what exists (anything
        else falls back to the default; nothing from the request names a file)."""
        choices = self.choices
        return Variant(
            language=_pick(language, choices.languages, ""),
            profile=_pick(profile, choices.profiles, self.default_profile),
            paper=_pick(paper, choices.papers, self.default_paper),
            format=_pick(format, tuple(FORMATS), self.default_format),
        )

    def file_of(self, language: str) -> Path | None:
        """The content file the page names ``language``."""
        with self._lock:
            return self._files.get(language)

    def wait(self, variant: Variant, since: int, timeout: float) -> Build | None:
        """The latest build of ``variant``, waiting up to ``timeout`` seconds for one newer
        than build ``since``; None while there is no build of it yet."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._want(variant)
            while not self._stop.is_set():
                build = self._builds.get(variant)
                left = deadline - time.monotonic()
                if (build is not None and build.number > since) or left <= 0:
                    return build
                self._lock.wait(min(left, 1.0))
            return self._builds.get(variant)

    def image(self, number: int, index: int) -> bytes | None:
        """Page ``index`` of the pages build ``number`` made, as PNG; None when unknown."""
        with self._lock:
            build = self._images.get(number)
        if build is None or not 0 <= index < len(build.pages):
            return None
        return build.pages[index].png

    def changed(self) -> None:
        """An input was changed by the preview itself (an edit): rebuild without waiting for
        the next look at the files."""
        with self._lock:
            self._stale.update(self._wanted)
            self._lock.notify_all()

    # -- the build thread ----------------------------------------------------------------

    def start(self) -> None:
        """Start the build thread."""
        self._thread = threading.Thread(target=self._run, name="brochure-preview", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the build thread (after the build under way, if any)."""
        self._stop.set()
        with self._lock:
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _want(self, variant: Variant) -> None:
        """Keep ``variant`` built (the lock is held)."""
        if variant not in self._wanted:  # new, or forgotten and maybe out of date
            self._stale.add(variant)
        self._wanted[variant] = time.monotonic()
        self._wanted.move_to_end(variant)
        while len(self._wanted) > WATCHED_VARIANTS:
            self._wanted.popitem(last=False)
        self._lock.notify_all()

    def _run(self) -> None:
        self._marks = _marks(self._fingerprint())
        while not self._stop.is_set():
            with self._lock:
                if not self._stale:
                    self._lock.wait(POLL_S)
            now = self._fingerprint()
            if _changed(self._marks, now):
                now = self._settle(now)
                self._discover()
                with self._lock:
                    self._stale.update(self._wanted)
            self._marks = _marks(now)
            self._build_stale()

    def _settle(self, seen: Fingerprint) -> Fingerprint:
        """Wait until the inputs stay as they are for :data:`QUIET_S` (a burst of saves)."""
        started = time.monotonic()
        while time.monotonic() - started < MAX_BURST_S and not self._stop.is_set():
            time.sleep(QUIET_S)
            now = self._fingerprint()
            if not _changed(_marks(seen), now):
                return now
            seen = now
        return seen

    def _fingerprint(self) -> Fingerprint:
        with self._lock:
            # The folder's own time changes when a file is created in it (a new translation).
            paths = {self.target, self.target.parent, *self._files.values()}
            for build in self._builds.values():
                paths.update(build.inputs)
        return fingerprint(paths)

    def _discover(self) -> None:
        """Read the list of content files again (it keeps the last good list on a problem)."""
        try:
            files = content_files(self.target)
            problems: tuple[Problem, ...] = ()
        except ContentError as exc:
            files, problems = tuple(self._files.values()), exc.problems
        except BrochureError as exc:
            name = display_name(self.target)
            problem = Problem(name, None, None, "", exc.format_message())
            files, problems = tuple(self._files.values()), (problem,)
        if not files and not is_batch(self.target):
            files = (self.target,)
        names = _names(files, self.target.parent)
        with self._lock:
            self._files = dict(zip(names, files, strict=True))
            self._choices = Choices(
                names, tuple(PROFILES), tuple(PAPER_SIZES), tuple(FORMATS), problems
            )

    def _build_stale(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                now = time.monotonic()
                for variant, asked in list(self._wanted.items()):
                    if now - asked > FORGET_AFTER_S:
                        del self._wanted[variant]
                todo = [v for v in reversed(self._wanted) if v in self._stale]
                if not todo:
                    self._stale.clear()
                    return
                variant = todo[0]
                self._stale.discard(variant)
                previous = self._builds.get(variant)
                path = self._files.get(variant.language)
                number = self._number = self._number + 1
            if path is None:
                problem = Problem(variant.language or "?", None, None, "", "no such content file")
                build = Build(number, variant, False, problems=(problem,))
            else:
                try:
                    build = build_variant(
                        path, variant, number, previous=previous, cache=self._cache
                    )
                except Exception as exc:  # the preview outlives a bug in one build
                    message = f"the build failed unexpectedly: {type(exc).__name__}: {exc}"
                    problem = Problem(variant.language, None, None, "", message)
                    build = replace(
                        previous or Build(0, variant, False, inputs=(path,)),
                        number=number,
                        ok=False,
                        problems=(problem,),
                    )
            # Files this build read for the first time are watched as it read them, before
            # anyone can see the build and save one of them.
            self._marks.update(
                (path, mark)
                for path, mark in _marks(fingerprint(build.inputs)).items()
                if path not in self._marks
            )
            with self._lock:
                self._builds[variant] = build
                if build.ok:
                    self._images[build.number] = build
                    while len(self._images) > KEPT_BUILDS:
                        self._images.popitem(last=False)
                self._lock.notify_all()


def _marks(seen: Fingerprint) -> dict[str, tuple[int, int]]:
    return {path: (mtime, size) for path, mtime, size in seen}


def _changed(marks: dict[str, tuple[int, int]], now: Fingerprint) -> bool:
    """Whether a file in ``marks`` was saved, deleted or created since (a file not in it is
    new to the watch, not changed)."""
    return any(path in marks and marks[path] != (mtime, size) for path, mtime, size in now)


def _pick(value: str | None, allowed: tuple[str, ...], default: str) -> str:
    if value in allowed:
        return str(value)
    return default if default in allowed or not allowed else allowed[0]


def _names(files: tuple[Path, ...], folder: Path) -> tuple[str, ...]:
    """How the page names each content file: relative to the target's folder when inside it
    (``content.es.yaml``, ``leaflets/lip-filler.yaml``), else in full."""
    names = []
    for path in files:
        try:
            names.append(path.relative_to(folder).as_posix())
        except ValueError:
            names.append(str(path))
    return tuple(names)
