"""brochure.yaml -> jobs: every output of the matrix, the files it depends on, and whether it must
be built.

Planning reads and hashes files and nothing more; it never imports ReportLab or pydantic, so an
up-to-date batch is checked in a few milliseconds per output. The files a job depends on are
known in two steps, as with make's dependency files: the content and brand files before it is
ever built, and the files they name (logo, fonts, images), which the job finds while validating
and the manifest records for the next plan.
"""

from __future__ import annotations

import glob
import hashlib
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from brochure.batch.config import OWN_BRAND, BatchConfig, ContentEntry
from brochure.batch.manifest import (
    MISSING,
    Entry,
    FileHashes,
    HashMemo,
    Manifest,
    TranslationRecord,
)
from brochure.batch.versions import PackageStamp, tool_versions
from brochure.content.source import (
    FieldPath,
    Source,
    display_name,
    named_path,
    parse_source,
    read_source,
)
from brochure.errors import ContentError, Problem
from brochure.layout.formats import FORMATS, Format
from brochure.pdf.profiles import PROFILES

KEY_FORMAT = 2
"""Bumped when what goes into a job's key changes, so every output is rebuilt once."""
FAILED_BEFORE = "failed last time, and nothing it uses has changed"
"""The reason of a job that is not built again: its recorded failure is reported instead."""


@dataclass(frozen=True)
class Job:
    """One output: a content file in one brand, rendered in one format with one profile and
    paper size."""

    content: Path
    """The content file (absolute)."""
    brand: Path | None
    """The brand file (absolute); None when the brand is written inline in the content file."""
    own_brand: bool
    """Whether the brand is the one the content file names (pinned, or no ``brands:``)."""
    brand_id: str
    """The brand as ``{brand}`` in the output pattern: its name, lower case, with dashes."""
    format: str
    """The format's name (see brochure/layout/formats.py)."""
    profile: str
    """The profile's name (see brochure/pdf/profiles.py)."""
    paper: str
    """The paper size."""
    locale: str
    """The content's ``locale:`` (``{locale}`` in the output pattern)."""
    output: Path | None
    """Where the PDF goes (absolute); None when it cannot be named because the content file
    cannot be read (then ``problems`` says why)."""
    key: str
    """Digest of everything that decides the output besides file contents: options, the
    versions of brochure and ReportLab, which files are used."""
    inputs: tuple[Path, ...]
    """The files the output depends on, as far as known: the content and brand files, then the
    files the last build found (logo, fonts, images)."""
    reason: str | None
    """Why it must be built ("new", "content.yaml changed"...); None: it is up to date."""
    problems: tuple[Problem, ...] = ()
    """Problems found while planning (the content file cannot be read): the job fails without
    being built."""
    group: tuple[Path, ...] = ()
    """With ``fit: group``, the content's other language editions in the batch (absolute,
    sorted): the leaflet is fitted at the sizes the tightest of them needs. Empty: alone."""
    group_brands: tuple[Path, ...] = ()
    """When the job is in its own brand (so are the editions of ``group``, then): the brand
    files those editions name, besides the job's."""
    family: str = ""
    """The brand's type family as written (:func:`type_family`), "" for brochure's own: jobs
    in one family lay a content out alike, so a batch worker is given them in turn."""

    @property
    def sources(self) -> tuple[Path, ...]:
        """The files known before building: the content file, the brand file if any, and the
        other editions' content and brand files it is fitted with."""
        return _known(self.content, self.brand, self.group, self.group_brands)

    @property
    def runnable(self) -> bool:
        """Whether the job must be built and can be."""
        return self.reason is not None and not self.problems

    @property
    def made_of(self) -> str:
        """What the output is made of: ``content.yaml in lumen-skin-clinic (pages, screen)``."""
        return f"{display_name(self.content)} in {self.brand_id} ({self.format}, {self.profile})"

    def describe(self) -> str:
        """The output, or what it would have been made of when it has no name."""
        return display_name(self.output) if self.output is not None else self.made_of


@dataclass(frozen=True)
class Translation:
    """A content file that is a translation (``translation_of``), and whether its source has
    changed since the translation last did."""

    content: Path
    """The translation."""
    source: Path
    """The content file it translates."""
    record: TranslationRecord
    """What the manifest keeps about it after this build."""
    source_changed: bool
    """The source's hash differs from the one it had when the translation last changed."""


@dataclass(frozen=True)
class Plan:
    """Every output of a batch, each with its inputs and whether it must be built."""

    config: BatchConfig
    """The brochure.yaml planned."""
    jobs: tuple[Job, ...]
    """Every output, in the order of brochure.yaml: contents, then brands, formats, profiles."""
    manifest: Manifest
    """The manifest the plan was made against."""
    hashes: FileHashes
    """The hashes read while planning (taken before any job reads the files, so a file changed
    during a build is seen as changed by the next plan)."""
    translations: tuple[Translation, ...] = ()
    """The content files that are translations, and whether their source changed since."""
    problems: tuple[Problem, ...] = ()
    """Problems in brochure.yaml that stop no job (a glob that matches no file)."""
    force: bool = False
    """Whether every output is built, up to date or not."""

    @property
    def to_build(self) -> tuple[Job, ...]:
        """The jobs that must be built and can be."""
        return tuple(job for job in self.jobs if job.runnable)

    @property
    def up_to_date(self) -> tuple[Job, ...]:
        """The jobs whose output is up to date."""
        return tuple(job for job in self.jobs if job.reason is None and not job.problems)

    @property
    def departed(self) -> tuple[Path, ...]:
        """Outputs the manifest records that this plan no longer makes (they left the matrix):
        brochure wrote them, so ``--prune`` may delete them."""
        names = {self.manifest.name(job.output) for job in self.jobs if job.output is not None}
        gone = sorted(set(self.manifest.outputs) - names)
        return tuple(self.manifest.resolve(name) for name in gone)

    @property
    def manifest_changes(self) -> bool:
        """Whether the manifest would change without building anything (translations seen for
        the first time or changed, failures of outputs no longer planned)."""
        names = {self.manifest.name(job.output) for job in self.jobs if job.output is not None}
        if set(self.manifest.failures) - names:
            return True
        records = {self.manifest.name(t.content): t.record for t in self.translations}
        return records != self.manifest.translations


@dataclass
class PlanCache:
    """What planning read from content and brand files, by path and content hash: ``watch``
    keeps one across rounds, so each round parses only the files that changed."""

    contents: dict[tuple[Path, str], _Content] = field(default_factory=dict)
    """What a content file says about planning (locale, brand, translation_of)."""
    brands: dict[tuple[Path, str], _Brand] = field(default_factory=dict)
    """What each brand file says about planning (its ``{brand}`` name, its type family)."""
    package: PackageStamp = field(default_factory=PackageStamp)
    """brochure's own files as the last plan's version digest read them."""
    files: HashMemo | None = None
    """Hashes of the files earlier plans read, for a process that watches them and forgets
    each one it sees change (:class:`~brochure.batch.manifest.HashMemo`); None: every plan
    hashes every file."""

    def keep_only(self, used: set[tuple[Path, str]]) -> None:
        """Forget what the last plan did not use (files changed or gone since)."""
        self.contents = {k: v for k, v in self.contents.items() if k in used}
        self.brands = {k: v for k, v in self.brands.items() if k in used}


def make_plan(
    config: BatchConfig,
    *,
    force: bool = False,
    cache: PlanCache | None = None,
    on_stale: Callable[[], object] | None = None,
) -> Plan:
    """Expand brochure.yaml's globs and list every output with its inputs, comparing each with
    the manifest of the output folder. Raise :class:`ContentError` when outputs would collide.
    ``cache`` carries what earlier plans read (see :class:`PlanCache`); ``on_stale`` is called
    once, as soon as an output is found to need building or a content file is found changed
    since the last build (a batch starts its workers then)."""
    cache = cache if cache is not None else PlanCache()
    used: set[tuple[Path, str]] = set()
    hashes = FileHashes(cache.files)
    manifest = Manifest.load(config.output_folder.resolve())
    problems: list[Problem] = []
    contents = _expand_contents(config, problems)
    brands = _expand(config, config.brands, ("brands",), problems)
    for where, path in brands:
        if not _inside(path, config.confined_to):
            message = f"{display_name(path)} is outside the project's folder; copy it inside"
            problems.append(config.problem(where, message))
    brand_files = [path for _, path in brands if _inside(path, config.confined_to)]
    shared = {
        "key_format": KEY_FORMAT,
        "versions": tool_versions(cache.package),
        "paper": config.paper,
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", "").strip(),
    }
    variants = tuple(
        _variant(format, profile)
        for format, profile in itertools.product(config.formats, config.profiles)
    )
    recorded = set() if on_stale is None or force else manifest.recorded_inputs()
    reads: dict[Path, _Content] = {}
    for content, _ in contents:
        read = reads[content] = _read(content, hashes, cache, used)
        seen = (manifest.name(content), hashes.known(content))
        if on_stale is not None and not read.problems and (force or seen not in recorded):
            on_stale()
            on_stale = None
    groups = _editions(reads) if config.fit == "group" else {}
    planning = _Planning(config, manifest, hashes, shared, variants, force)
    jobs: list[Job] = []
    translations: list[Translation] = []
    brand_reads: dict[Path, _Brand] = {}
    for content, pin in contents:
        read = reads[content]
        if read.translation_of is not None:
            translations.append(_translation(content, read.translation_of, manifest, hashes))
        group = groups.get(content, ())
        for brand, own in _brands_of(content, pin, read, brand_files, config):
            if brand is None:
                brand_read = _Brand(_slug(read.inline_brand_name or "", content.stem), read.family)
            else:
                if brand not in brand_reads:
                    brand_reads[brand] = _read_brand(brand, hashes, cache, used)
                brand_read = brand_reads[brand]
            group_brands = _group_brands(group, reads, brand) if own else ()
            for variant in planning.variants:
                job = _job(
                    planning, content, read, brand, own, brand_read, variant, group, group_brands
                )
                jobs.append(job)
                if on_stale is not None and job.runnable:
                    on_stale()
                    on_stale = None
    _check_collisions(config, jobs)
    cache.keep_only(used)
    return Plan(config, tuple(jobs), manifest, hashes, tuple(translations), tuple(problems), force)


@dataclass(frozen=True)
class _Planning:
    """What every job of one plan is made against."""

    config: BatchConfig
    manifest: Manifest
    hashes: FileHashes
    shared: dict[str, Any]
    """The part of every key that all jobs share (versions, paper...)."""
    variants: tuple[_Variant, ...]
    """Each format x profile of the matrix, in order."""
    force: bool


@dataclass(frozen=True)
class _Variant:
    """One format with one profile: what a content file in a brand is made in."""

    format: str
    """The format's name."""
    profile: str
    """The profile's name."""
    suffix: str
    """``{suffix}``: the format's, then the profile's (as ``RenderOptions.suffix``)."""
    settings: dict[str, Any]
    """Both rows, as they go into the key."""


# Keyed by str, not by FORMATS's Literal names: the config has checked every name.
_FORMATS: dict[str, Format] = {name: row for name, row in FORMATS.items()}


def _variant(format: str, profile: str) -> _Variant:
    # RenderOptions.suffix's rule, repeated: importing the renderer here would load ReportLab.
    suffix = _FORMATS[format].suffix + PROFILES[profile].suffix
    settings = {"format": asdict(_FORMATS[format]), "profile": asdict(PROFILES[profile])}
    return _Variant(format, profile, suffix, settings)


@dataclass(frozen=True)
class _Content:
    """What planning needs from a content file's YAML (not validated: the job does that)."""

    locale: str = "en"
    brand: str | None = None
    """The brand file the content names (as written), or None."""
    inline_brand: bool = False
    """The brand is written in the content file itself (so the file is pinned to it)."""
    inline_brand_name: str | None = None
    family: str = ""
    """The type family of the brand written inline (:func:`type_family`)."""
    translation_of: str | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class _Brand:
    """What planning needs from a brand (not validated: the job does that)."""

    id: str
    """The brand as ``{brand}`` in the output pattern."""
    family: str
    """Its type family (:func:`type_family`)."""


def _read(
    content: Path, hashes: FileHashes, cache: PlanCache, used: set[tuple[Path, str]]
) -> _Content:
    """The facts planning needs from a content file, parsed from the very bytes it hashed."""
    digest = hashes.remembered(content)
    if digest is None or (content, digest) not in cache.contents:
        data, digest = hashes.read(content)
        if (content, digest) not in cache.contents:
            cache.contents[(content, digest)] = _facts(_parse(content, data), content.parent)
    used.add((content, digest))
    return cache.contents[(content, digest)]


def _parse(path: Path, data: bytes | None) -> Source | ContentError:
    try:
        if data is None:  # read_source says why (missing, a folder, unreadable)
            return read_source(path)
        return parse_source(data, display_name(path), path)
    except ContentError as exc:
        return exc


def _facts(source: Source | ContentError, folder: Path) -> _Content:
    if isinstance(source, ContentError):
        return _Content(problems=source.problems)
    data = source.data
    locale = data.get("locale")
    brand = data.get("brand")
    inline = brand.get("name") if isinstance(brand, dict) else None
    translation_of = data.get("translation_of")
    return _Content(
        locale=locale.strip() if isinstance(locale, str) and locale.strip() else "en",
        brand=brand.strip() if isinstance(brand, str) and brand.strip() else None,
        inline_brand=isinstance(brand, dict),
        inline_brand_name=inline if isinstance(inline, str) else None,
        family=type_family(brand, folder) if isinstance(brand, dict) else "",
        translation_of=translation_of.strip() if isinstance(translation_of, str) else None,
    )


def _editions(reads: dict[Path, _Content]) -> dict[Path, tuple[Path, ...]]:
    """Each content file's group for ``fit: group``: its source (when ``translation_of`` names
    another content file of the batch) and the batch's other translations of that source, or,
    for a file that translates none, the batch's translations of it. Sorted, so the order of
    brochure.yaml does not change a key."""
    source_of = {}
    for content, read in reads.items():
        if read.translation_of is not None:
            source = _source_path(content, read.translation_of)
            if source in reads and source != content:
                source_of[content] = source
    editions: dict[Path, set[Path]] = {content: {content} for content in reads}
    for content, source in source_of.items():
        editions[source].add(content)
    return {
        content: tuple(sorted(editions[source_of.get(content, content)] - {content}))
        for content in reads
    }


def _group_brands(
    group: tuple[Path, ...], reads: dict[Path, _Content], brand: Path | None
) -> tuple[Path, ...]:
    """The brand files the editions of ``group`` name, other than ``brand``: a job in its own
    brand has the other editions loaded in theirs, so those files decide the fit too."""
    named = (_named_brand(member, reads[member]) for member in group)
    return tuple(sorted({path for path in named if path is not None and path != brand}))


def _source_path(content: Path, translation_of: str) -> Path:
    """The content file a translation's ``translation_of`` names (relative to the translation)."""
    return Path(os.path.normpath(content.parent / translation_of))


def _named_brand(content: Path, read: _Content) -> Path | None:
    """The brand file a content file names, or None (its brand is inline, or it names none)."""
    return None if read.brand is None else Path(os.path.normpath(content.parent / read.brand))


def _brands_of(
    content: Path,
    pin: str | None,
    read: _Content,
    brand_files: list[Path],
    config: BatchConfig,
) -> list[tuple[Path | None, bool]]:
    """The brands a content file is built in: (brand file or None for inline, own brand?). A
    content file that writes its brand inline is pinned to it."""
    if pin is None and config.brands and not read.inline_brand:
        return [(path, False) for path in brand_files]
    if pin is not None and pin != OWN_BRAND:
        return [(_absolute(config.folder, pin), False)]
    return [(_named_brand(content, read), True)]


def _job(
    planning: _Planning,
    content: Path,
    read: _Content,
    brand: Path | None,
    own: bool,
    brand_read: _Brand,
    variant: _Variant,
    group: tuple[Path, ...],
    group_brands: tuple[Path, ...],
) -> Job:
    config, manifest, hashes = planning.config, planning.manifest, planning.hashes
    locale = re.sub(r"[^A-Za-z0-9_-]", "_", read.locale)
    output: Path | None = None
    if not (read.problems and "{locale}" in config.output):
        name = config.output.format(
            content=content.stem,
            brand=brand_read.id,
            format=variant.format,
            profile=variant.profile,
            suffix=variant.suffix,
            locale=locale,
            paper=config.paper,
        )
        output = Path(os.path.normpath(config.folder / name))
    described = {
        **planning.shared,
        **variant.settings,
        "content": manifest.name(content),
        "brand": manifest.name(brand) if brand is not None else None,
        "own_brand": own,
        "output": manifest.name(output) if output is not None else None,
        "root": manifest.name(config.confined_to),
    }
    if group:  # absent when fitted alone: fit: each keeps the keys it always had
        described["group"] = [manifest.name(member) for member in group]
    key = hashlib.sha256(json.dumps(described, sort_keys=True).encode("utf-8")).hexdigest()
    known = _known(content, brand, group, group_brands)
    entry = manifest.outputs.get(manifest.name(output)) if output is not None else None
    recorded = [manifest.resolve(name) for name in entry.inputs] if entry is not None else []
    inputs = tuple(dict.fromkeys([*known, *recorded]))
    problems = read.problems
    reason = (
        "cannot be read"
        if read.problems
        else staleness(key, output, entry, manifest, hashes, known, force=planning.force)
    )
    failure = manifest.failures.get(manifest.name(output)) if output is not None else None
    if reason is not None and not problems and not planning.force and failure is not None:
        unchanged = failure.key == key and all(
            hashes(manifest.resolve(name)) == recorded for name, recorded in failure.inputs.items()
        )
        if unchanged:
            problems, reason = failure.problems, FAILED_BEFORE
    return Job(
        content,
        brand,
        own,
        brand_read.id,
        variant.format,
        variant.profile,
        config.paper,
        locale,
        output,
        key,
        inputs,
        reason,
        problems,
        group,
        group_brands,
        brand_read.family,
    )


def _known(
    content: Path, brand: Path | None, group: tuple[Path, ...], group_brands: tuple[Path, ...]
) -> tuple[Path, ...]:
    """What :attr:`Job.sources` says, for a job not made yet."""
    return (content, *(() if brand is None else (brand,)), *group, *group_brands)


def staleness(
    key: str,
    output: Path | None,
    entry: Entry | None,
    manifest: Manifest,
    hashes: FileHashes,
    known: tuple[Path, ...],
    *,
    force: bool = False,
) -> str | None:
    """Why the output must be built, or None when it is up to date: its entry has the same key,
    every recorded input still has its recorded hash, and the file is the one written."""
    for path in known:
        hashes(path)  # hashed now, before any job reads it
    if force:
        return "forced"
    if entry is None or output is None:
        return "new"
    if entry.key != key:
        return "options or versions changed"
    for name, recorded in entry.inputs.items():
        path = manifest.resolve(name)
        current = hashes(path)
        if current != recorded:
            return f"{display_name(path)} {'was deleted' if current == MISSING else 'changed'}"
    found = hashes(output)
    if found == MISSING:
        return "output missing"
    if found != entry.output:
        return "output changed since it was built"
    return None


def _translation(
    content: Path, source_name: str, manifest: Manifest, hashes: FileHashes
) -> Translation:
    source = _source_path(content, source_name)
    current, source_hash = hashes(content), hashes(source)
    kept = manifest.translations.get(manifest.name(content))
    if kept is None or kept.hash != current or kept.source != manifest.name(source):
        record = TranslationRecord(current, manifest.name(source), source_hash)
        return Translation(content, source, record, source_changed=False)
    return Translation(content, source, kept, source_changed=source_hash != kept.source_hash)


def _check_collisions(config: BatchConfig, jobs: list[Job]) -> None:
    seen: dict[Path, Job] = {}
    problems = []
    for job in jobs:
        if job.output is None:
            continue
        other = seen.setdefault(job.output, job)
        if other is not job:
            problems.append(config.problem(("output",), _collision(config, other, job)))
    if problems:
        raise ContentError(dict.fromkeys(problems))


def _collision(config: BatchConfig, first: Job, second: Job) -> str:
    assert second.output is not None
    differ = [
        f"{{{name}}}"
        for name, a, b in (
            ("content", first.content.stem, second.content.stem),
            ("brand", first.brand_id, second.brand_id),
            ("format", first.format, second.format),
            ("profile", first.profile, second.profile),
            ("locale", first.locale, second.locale),
        )
        if a != b and f"{{{name}}}" not in config.output
    ]
    fix = (
        f"add {' or '.join(differ)} to the pattern"
        if differ
        else "give the files (or the brands) different names"
    )
    return (
        f"{display_name(second.output)} would be written for both {first.made_of} and "
        f"{second.made_of}; {fix}"
    )


def _absolute(folder: Path, name: str) -> Path:
    return Path(os.path.normpath(folder / os.path.expanduser(name)))


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def _expand(
    config: BatchConfig, patterns: tuple[str, ...], where: FieldPath, problems: list[Problem]
) -> list[tuple[FieldPath, Path]]:
    """Each file the patterns name, once, in order: (where its pattern is written, path)."""
    found: dict[Path, FieldPath] = {}
    for index, pattern in enumerate(patterns):
        located: FieldPath = (*where, index)
        for path in _matches(config, pattern, located, problems):
            found.setdefault(path, located)
    return [(located, path) for path, located in found.items()]


def _matches(
    config: BatchConfig, pattern: str, where: FieldPath, problems: list[Problem]
) -> list[Path]:
    if not ContentEntry(pattern).is_glob:
        return [_absolute(config.folder, pattern)]  # a missing file is the job's problem
    expanded = os.path.expanduser(pattern)
    names = sorted(glob.glob(expanded, root_dir=config.folder, recursive=True))
    files = [_absolute(config.folder, name) for name in names]
    files = [
        path
        for path in files
        if path.is_file() and not path.name.startswith(".") and path != config.path
    ]
    if not files:
        problems.append(config.problem(where, f"{pattern!r} matches no file"))
    return files


def _expand_contents(config: BatchConfig, problems: list[Problem]) -> list[tuple[Path, str | None]]:
    """Each content file once, in order, with the brand it is pinned to (a pinning entry wins
    over a plain glob that also matches the file)."""
    order: dict[Path, None] = {}
    pins: dict[Path, str] = {}
    for entry in config.contents:
        if entry.brand not in (None, OWN_BRAND):
            brand = _absolute(config.folder, str(entry.brand))
            if not _inside(brand, config.confined_to):
                message = f"{display_name(brand)} is outside the project's folder; copy it inside"
                problems.append(config.problem((*entry.where, "brand"), message))
                continue
        for path in _matches(config, entry.pattern, entry.where, problems):
            order.setdefault(path, None)
            if entry.brand is not None:
                pins[path] = entry.brand
    return [(path, pins.get(path)) for path in order]


def _read_brand(
    path: Path, hashes: FileHashes, cache: PlanCache, used: set[tuple[Path, str]]
) -> _Brand:
    """What planning needs from a brand file, parsed from the very bytes it hashed."""
    digest = hashes.remembered(path)
    if digest is None or (path, digest) not in cache.brands:
        data, digest = hashes.read(path)
        if (path, digest) not in cache.brands:
            source = _parse(path, data)
            brand = source.data if isinstance(source, Source) else None
            name = brand.get("name") if isinstance(brand, dict) else None
            slug = _slug(name if isinstance(name, str) else "", path.stem)
            cache.brands[(path, digest)] = _Brand(slug, type_family(brand, path.parent))
    used.add((path, digest))
    return cache.brands[(path, digest)]


def type_family(brand: Any, folder: Path) -> str:
    """A brand's type family as its YAML writes it (``fonts`` and ``script_fonts``, each file
    resolved against ``folder``), "" when it sets none (brochure's own). Brands with the same
    family lay a content out alike. Only a hint for scheduling, so a brand that will not
    validate still gets one."""
    if not isinstance(brand, dict):
        return ""
    written = {key: brand[key] for key in ("fonts", "script_fonts") if brand.get(key)}
    return json.dumps(_resolved(written, folder), sort_keys=True, default=str) if written else ""


def _resolved(value: Any, folder: Path) -> Any:
    """``value`` with every string in it taken as a path relative to ``folder``, resolved as
    validation resolves a font's (:func:`~brochure.content.source.named_path`)."""
    if isinstance(value, str):
        try:
            return str(named_path(folder, value))
        except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL: validation says
            return value
    if isinstance(value, dict):
        return {str(key): _resolved(item, folder) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item, folder) for item in value]
    return value


def _slug(name: str, fallback: str) -> str:
    """``Lumen Skin Clinic`` -> ``lumen-skin-clinic`` (safe in a file name on every system)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or re.sub(r"[^A-Za-z0-9_-]+", "-", fallback).strip("-") or "brand"
