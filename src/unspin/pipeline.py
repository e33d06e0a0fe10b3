"""Analysers, registered by name, assembled into a Pipeline by profile.

An analyser is a factory registered with :func:`analyzer`. The factory takes the pipeline's
:class:`Options` and returns a callable ``(doc, report) -> layer value``; the pipeline stores the
value on the report under the analyser's ``layer``. Each analyser declares the layers it
``requires``; a pipeline whose order cannot provide them fails when it is built, not when it runs.

    pipe = Pipeline("fast")          # load models once
    for text in articles:
        report = pipe(text)          # reuse for many articles

    for result in pipe.map(articles, errors="keep"):   # or: one bad article does not stop the rest
        ...                          # a Report, or an ItemError at that article's place
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Iterable, Iterator

from . import timelimit
from ._imports import optional_import
from .document import Document
from .errors import (ConfigurationError, EmptyInput, InputError, MissingDependency, ModelError, ReferenceIndexError, TimeLimitExceeded,
                     UnsupportedType, describe)
from .inputs import Source, detect_language, from_bytes, from_html, from_path, from_text, is_html
from .report import Report, SentenceSpan

PROFILES = ("fast", "full")
LAYERS = ("techniques", "claims", "passages", "verdict")

#: modules that register analysers when imported (one analyser per module)
ANALYZER_MODULES = (
    "unspin.analyzers.attribution",
    "unspin.analyzers.techniques_fast",
    "unspin.analyzers.techniques_full",
    "unspin.analyzers.checkworthiness",
    "unspin.analyzers.checkworthiness_full",
    "unspin.analyzers.splices",
    "unspin.analyzers.verdict",
)


@dataclass(frozen=True)
class Options:
    """Settings shared by all analysers of one pipeline."""

    index: str | None = None  # reference index for splice detection
    strict: bool = False  # re-raise analyser failures instead of recording a warning
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalyzerInfo:
    name: str
    layer: str
    factory: Callable[[Options], Callable[[Document, Report], Any]]
    requires: tuple[str, ...] = ()
    profiles: tuple[str, ...] = PROFILES
    order: int = 50
    description: str = ""
    #: the shipped models (folders under unspin/models) whose files decide this analyser's output
    models: tuple[str, ...] = ()


_REGISTRY: dict[str, AnalyzerInfo] = {}


def analyzer(name: str, *, layer: str, requires: tuple[str, ...] = (), profiles: tuple[str, ...] = PROFILES, order: int = 50,
             models: tuple[str, ...] = ()):
    """Register an analyser factory under `name` (decorator)."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; layers are {LAYERS}")

    def register(factory):
        _REGISTRY[name] = AnalyzerInfo(
            name=name, layer=layer, factory=factory, requires=tuple(requires), profiles=tuple(profiles), order=order,
            description=(factory.__doc__ or "").strip().splitlines()[0] if factory.__doc__ else "", models=tuple(models),
        )
        return factory

    return register


def registry() -> dict[str, AnalyzerInfo]:
    for module in ANALYZER_MODULES:
        optional_import(module)
    return dict(_REGISTRY)


def analyzers_for(profile: str) -> list[AnalyzerInfo]:
    if profile not in PROFILES:
        raise ConfigurationError(f"unknown profile {profile!r}; choose one of: {', '.join(PROFILES)}")
    chosen = [a for a in registry().values() if profile in a.profiles]
    return sorted(chosen, key=lambda a: (a.order, a.name))


def _stand_in(info: AnalyzerInfo, profile: str) -> AnalyzerInfo | None:
    """The fast profile's analyser that makes (or refines) the same layer as `info`, an analyser of
    `profile` that could not be loaded: without the ``full`` extra, the full profile had given no
    technique spans at all, less than the fast profile gives."""
    if profile == "fast":
        return None
    return next((a for a in analyzers_for("fast") if a.name != info.name and a.layer == info.layer
                 and a.requires == info.requires), None)


@dataclass(frozen=True)
class ItemError:
    """What :meth:`Pipeline.map` (``errors="keep"``) yields in the place of an item it could not
    analyse: the item's position, and the error as ``unspin batch`` records it."""

    index: int  # the item's position among those given, from 0
    code: str  # empty_input, binary_input, not_utf8, unsupported_input, unreadable, no_article_text, ...; internal_error
    type: str  # the exception's class name: "EmptyInput"
    message: str  # what was wrong and what is accepted
    error: Exception = field(repr=False, compare=False)  # the exception itself (``raise result.error``)
    item: Any = field(default=None, repr=False, compare=False)  # the item as it was given

    def __str__(self) -> str:
        return f"items[{self.index}]: {self.type} ({self.code}): {self.message}"


#: what `errors=` of Pipeline.map and analyze_many accepts
MAP_ERRORS = ("raise", "keep")


def _check_map(items, errors: str) -> Iterator:
    if errors not in MAP_ERRORS:
        raise ValueError(f"errors must be 'raise' (stop at the first bad item) or 'keep' (an ItemError in its place), "
                         f"not {errors!r}")
    if isinstance(items, (str, bytes, bytearray, memoryview, os.PathLike, Source, Document)):  # one article, not many
        raise TypeError(f"map takes many articles (a list or another iterable of them), not one {type(items).__name__}; "
                        "for one article call the pipeline itself, or unspin.analyze")
    try:
        return iter(items)
    except TypeError:
        raise TypeError(f"map takes an iterable of articles, not {type(items).__name__}") from None


def _length(items) -> int | None:
    """How many `items` there are, for progress's "[3/500]", when they say so without being iterated."""
    return len(items) if hasattr(items, "__len__") else None


class Pipeline:
    """A profile's analysers, loaded once and applied to many articles."""

    def __init__(self, profile: str = "fast", *, analyzers: list[str] | None = None, options: Options | None = None, **kw):
        """`profile`: "fast" (no neural network) or "full" (MiniLM models). `analyzers`: names to run
        instead of the profile's (``registry()`` lists them; [] parses only). Keywords set `Options`:
        `index` (a reference index file for splice detection), `strict` (raise an analyser's failure
        instead of recording a warning). Raises ConfigurationError for an unknown profile or analyser,
        ModelError (strict) for a missing or tampered model."""
        unknown_kw = sorted(set(kw) - {f.name for f in fields(Options)})
        if unknown_kw:
            hint = " (the spelling is 'analyzers')" if "analysers" in unknown_kw else ""
            raise TypeError(f"Pipeline() got unknown keyword(s): {', '.join(unknown_kw)}{hint}; "
                            f"it takes profile, analyzers, options, and {', '.join(f.name for f in fields(Options))}")
        if isinstance(analyzers, str):  # iterating it would give its letters
            raise TypeError(f"analyzers is a list of names, e.g. [{analyzers!r}], not a string")
        self.profile = profile
        self.options = replace(options or Options(), **kw) if kw else (options or Options())
        infos = analyzers_for(profile)
        if analyzers is not None:
            reg = registry()
            unknown = [n for n in analyzers if n not in reg]
            if unknown:
                raise ConfigurationError(f"unknown analyser(s): {', '.join(unknown)}; known: {', '.join(sorted(reg))}")
            twice = sorted({n for n in analyzers if list(analyzers).count(n) > 1})
            if twice:
                raise ConfigurationError(f"analyser(s) named more than once: {', '.join(twice)}")
            infos = sorted((reg[n] for n in analyzers), key=lambda a: (a.order, a.name))
            for layer in {i.layer for i in infos}:
                # one analyser makes a layer and at most one refines it (checkworthiness scores the
                # claims attribution made); a second of either would overwrite the first's work
                for role in (False, True):
                    same = [i.name for i in infos if i.layer == layer and (layer in i.requires) == role]
                    if len(same) > 1:
                        raise ConfigurationError(f"analysers {' and '.join(same)} both {'score' if role else 'make'} "
                                                 f"the {layer} layer; choose one")
        provided: set[str] = set()
        for info in infos:
            missing = [r for r in info.requires if r not in provided]
            if missing:
                raise ConfigurationError(
                    f"analyser {info.name!r} needs layer(s) {', '.join(missing)}, which no earlier analyser provides"
                )
            provided.add(info.layer)
        # Load each analyser. One whose model or optional dependency is missing is left out with a
        # warning on every report (strict: raised), and so is anything that needs its layer; in the
        # full profile, the fast profile's analyser for the same layer runs in its place.
        self.unavailable: dict[str, str] = {}
        self._components: list[tuple[AnalyzerInfo, Callable]] = []
        available: set[str] = set()
        for info in infos:
            missing = [r for r in info.requires if r not in available]
            if missing:
                self.unavailable[info.name] = f"needs layer(s) {', '.join(missing)}, which could not be loaded"
                continue
            try:
                component = info.factory(self.options)
            except (ModelError, MissingDependency) as err:
                if self.options.strict:
                    raise
                self.unavailable[info.name] = str(err)
                stand_in = _stand_in(info, profile) if analyzers is None else None
                try:
                    component = stand_in.factory(self.options) if stand_in is not None else None
                except (ModelError, MissingDependency):
                    component = None
                if component is None:
                    continue
                self.unavailable[info.name] += f"; {stand_in.name} ran in its place"
                info = stand_in
            self._components.append((info, component))
            available.add(info.layer)
        self.infos = [i for i, _ in self._components]
        self._warm_up()

    #: analysed once when a Pipeline is built, so that what loads on first use (spaCy, the language
    #: profiles, lexicons, torch) is not counted in the first real article's ``timings``
    _WARM_UP = ("The city council said on Tuesday that it had approved a budget of 4.2 million euros for road "
                "repairs. Critics said the plan was a disgrace and would hurt thousands of residents.")

    def _warm_up(self) -> None:
        try:
            doc = self.make_doc(self._WARM_UP)
            detect_language(doc.text)
            report = Report(text=doc.text)
            for info, component in self._components:
                setattr(report, info.layer, component(doc, report))
                report.layers_run.append(info.layer)
        except Exception:  # pragma: no cover - the first real article reports whatever this hit
            pass

    @property
    def names(self) -> list[str]:
        return [i.name for i in self.infos]

    def make_doc(self, item: str | bytes | os.PathLike | Source | Document) -> Document:
        """A Document from what the caller gave: a string (an HTML page's markup is recognised and
        its main text extracted, as for a file), bytes (decoded as the CLI decodes a file), a path
        (``pathlib.Path``: the file is read as ``unspin.load`` reads it), a Source (``unspin.load`` or
        ``unspin.inputs``), or a Document (used as it is). A missing value (None; NaN or ``pd.NA``, as
        pandas reads an empty cell) is EmptyInput, as ``unspin batch`` records a record without text.
        Anything else is an UnsupportedType (both an UnsupportedInput and a TypeError)."""
        if isinstance(item, Document):
            return item
        if isinstance(item, str):
            src = from_html(item) if is_html(item) else from_text(item)
            if _names_a_file(item):  # a text is a text: the file is not read, but the caller is told
                src.warnings.append(f"the text {item.strip()!r} looks like a file path; pass a pathlib.Path or use "
                                    "unspin.load to analyse the file")
        elif isinstance(item, (bytes, bytearray, memoryview)):
            src = from_bytes(bytes(item))
        elif isinstance(item, os.PathLike):
            src = from_path(item)
        elif isinstance(item, Source):
            src = item
        elif _missing(item):  # a table's empty cell (None; NaN or pd.NA from pandas): empty, as `unspin batch` records it
            raise EmptyInput(f"the article is missing ({item!r}, as a table's empty cell reads): there is no text to analyse")
        else:
            raise UnsupportedType(f"unspin analyses a str, bytes, a path, a Source or a Document, not {type(item).__name__}")
        doc = Document.from_text(src.text, src.meta)
        doc.warnings.extend(src.warnings)
        return doc

    def __call__(self, item: str | bytes | os.PathLike | Source | Document, *,
                 progress: Callable[[str], None] | None = None) -> Report:
        """The Report of `item` (as :meth:`make_doc` takes it: text or HTML markup, bytes, a path, a
        Source or a Document); `progress`, if given, is called with a short description of each step as it
        starts ("parsing 1,234 words", "techniques_fast", ...). Under a :func:`unspin.timelimit.limit`
        each step first checks the time limit (TimeLimitExceeded once it has passed)."""

        def say(step: str) -> None:
            timelimit.step(step)
            if progress is not None:
                progress(step)

        if isinstance(item, os.PathLike):
            item = from_path(item)  # read as unspin.load reads a file, then analysed as that Source
        t0 = time.perf_counter()
        if isinstance(item, (str, Source)):
            text = item if isinstance(item, str) else item.text
            n = len(text.split())
            say(f"parsing {n:,} word{'' if n == 1 else 's'}")
        doc = self.make_doc(item)
        timings = {"parse": time.perf_counter() - t0}
        report = Report(
            text=doc.text,
            meta=dict(doc.meta),
            sentences=[SentenceSpan(s.start, s.end) for s in doc.sentences],
            paragraphs=[SentenceSpan(p.start, p.end) for p in doc.paragraphs],
            warnings=list(doc.warnings),
        )
        for name, why in self.unavailable.items():
            report.warnings.append(f"analyser {name} is unavailable: {why}")
        report.meta.setdefault("profile", self.profile)
        lang = report.meta.get("language") or detect_language(doc.text)
        report.meta["language"] = lang
        if lang and lang != "en":
            report.warnings.append(
                f"the text appears to be in language '{lang}', not English: unspin's models are trained on English "
                "news and their results here are unreliable"
            )
        for info, component in self._components:
            say(info.name)
            t = time.perf_counter()
            try:
                value = component(doc, report)
            except (InputError, ReferenceIndexError, TimeLimitExceeded):
                raise  # the input is bad, the reference index the caller named cannot be read, or time is up: not a partial report
            except Exception as err:
                if self.options.strict:
                    raise
                report.warnings.append(f"analyser {info.name} failed ({type(err).__name__}: {err}); its layer is left empty")
            else:
                setattr(report, info.layer, value)
                if info.layer not in report.layers_run:
                    report.layers_run.append(info.layer)
            timings[info.name] = time.perf_counter() - t
        timings["total"] = time.perf_counter() - t0
        report.timings = {k: round(v, 5) for k, v in timings.items()}
        return report

    def map(self, items: Iterable, *, errors: str = "raise", progress: Callable[[str], None] | None = None,
            timeout: float | None = None) -> Iterator[Report | ItemError]:
        """Analyse many articles, one at a time, with the models loaded once: a generator of one result
        per item, in the order given, that reads the next item only when asked for the next result.
        Each item is anything the pipeline itself takes (text, HTML markup, bytes, a path, a Source).

        `errors`: "raise" (the default): a bad item's error is raised from the loop, as ``pipe(item)``
        would raise it, and the generator stops. "keep": an :class:`ItemError` (position, code, type,
        message) stands in its place and the next item is analysed; the codes are those of
        ``unspin batch`` (:func:`unspin.errors.describe`): an UnspinError's own, ``internal_error``
        for anything else that went wrong inside the analysis. KeyboardInterrupt, and whatever the
        caller's own code raises (iterating `items`, the `progress` callback), are never kept.
        `progress`, if given, is called as by ``pipe(item, progress=...)``, each step prefixed by the
        item's place: "[3/500] parsing 1,234 words" (no total when `items` has no length).
        `timeout`: seconds per item, after which that item stops with TimeLimitExceeded (``timed_out``)."""
        iterator = _check_map(items, errors)
        return self._map(iterator, errors, progress, _length(items), timeout)

    def _map(self, items: Iterator, errors: str, progress, total: int | None, timeout: float | None):
        for index, item in enumerate(items):
            say, raised = None, []
            if progress is not None:
                prefix = f"[{index + 1}/{total}] " if total is not None else f"[{index + 1}] "

                def say(step: str, prefix=prefix, raised=raised) -> None:
                    try:
                        progress(prefix + step)
                    except BaseException as err:  # the caller's own code: never kept as the item's error
                        raised.append(err)
                        raise

            try:
                with timelimit.limit(timeout, f"item {index}"):
                    report = self(item, progress=say)
            except Exception as err:
                if errors == "raise" or any(err is r for r in raised):
                    raise
                code, message = describe(err)
                failed = ItemError(index, code, type(err).__name__, message, err, item)
            else:
                yield report
                continue
            yield failed


def _names_a_file(text: str) -> bool:
    """Whether `text` is one word that names an existing file ("/data/bbc/001.txt", "article.txt"):
    most likely a path given as a str, where a pathlib.Path was meant."""
    text = text.strip()
    if len(text) > 4096 or any(c.isspace() for c in text):
        return False
    try:
        return os.path.isfile(os.path.expanduser(text))
    except (OSError, ValueError):  # a name the file system cannot take
        return False


_PIPELINES: dict[tuple, Pipeline] = {}


def get_pipeline(profile: str = "fast", **kw) -> Pipeline:
    """A cached Pipeline per (profile, options), so repeated `analyze` calls load models once."""
    key = (profile, tuple(sorted(kw.items())))
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(profile, **kw)
    return _PIPELINES[key]


def analyze(item: str | bytes | os.PathLike | Source | Document, profile: str = "fast", *, index: str | None = None) -> Report:
    """Analyse one article and return its Report: text or an HTML page's markup (str), a file's bytes
    (decoded as the CLI decodes a file), a file's path (``pathlib.Path``), a Source from
    `unspin.inputs`, or a Document."""
    return get_pipeline(profile, index=index)(item)


def _missing(item: object) -> bool:
    """True for a missing value: None, a float NaN (pandas' empty cell in a column of text), pandas' NA."""
    if item is None or (isinstance(item, float) and item != item):
        return True
    return type(item).__name__ in ("NAType", "NaTType")


def analyze_many(items: Iterable, profile: str = "fast", *, index: str | None = None, errors: str = "raise",
                 progress: Callable[[str], None] | None = None, timeout: float | None = None) -> Iterator[Report | ItemError]:
    """Analyse many articles with the models loaded once: a generator of one Report per item, in order,
    each analysed only when its result is asked for. ``errors="keep"`` puts an :class:`ItemError` in
    the place of an item that could not be analysed and goes on with the next (the default, "raise",
    raises the first bad item's error). `progress` and `timeout` as for :meth:`Pipeline.map`."""
    iterator = _check_map(items, errors)  # a wrong argument is said before any model loads; `items` is iterated once
    return get_pipeline(profile, index=index)._map(iterator, errors, progress, _length(items), timeout)
