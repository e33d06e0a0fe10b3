"""Featurising the verdict datasets with the analysis pipeline, cached on disk.

Running every analyser over thousands of articles on a laptop is slow, so each article's evidence
is written to ``runs/verdict/features/<signature>/<dataset>/<id>.json`` as soon as it is computed;
a rerun (or a crashed run resumed) reads what is there. The signature covers the feature version,
the profile, the analysers that ran and the files of the shipped models they read (so a retrained
model's layer is recomputed); an article whose cleaned text changed is recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path
from typing import Callable

from ..paths import RUNS
from .data import Article
from .features import FEATURES_VERSION, extract

CACHE = RUNS / "verdict" / "features"
#: spaCy parses of the cleaned articles, reused when the evidence analysers change
PARSES = RUNS / "verdict" / "parses"


def evidence_analyzers(profile: str) -> list[str]:
    """The analysers of `profile` whose layers the verdict reads (all but the verdict itself)."""
    from ..pipeline import analyzers_for

    return [a.name for a in analyzers_for(profile) if a.layer != "verdict"]


def signature(profile: str, analyzers: list[str]) -> str:
    """The cache folder name of evidence computed by `analyzers`: it changes with the feature version,
    the profile, the analysers and the files of the shipped models they read (:func:`model_files`),
    so evidence from a model since retrained is never read back."""
    spec: dict = {"features": FEATURES_VERSION, "profile": profile, "analyzers": sorted(analyzers)}
    models = model_files(analyzers)
    if models:  # style evidence reads no model: its folder name is unchanged since before models were counted
        spec["models"] = models
    return hashlib.sha1(json.dumps(spec).encode()).hexdigest()[:10]


def model_files(analyzers: list[str]) -> dict[str, dict[str, str]]:
    """``{model name: {file: sha256}}`` of the shipped models `analyzers` read, from their cards
    (``{}`` for a model that is not installed)."""
    from ..errors import ModelError
    from ..models import read_card
    from ..pipeline import registry

    reg = registry()
    out: dict[str, dict[str, str]] = {}
    for name in analyzers:
        for model in reg[name].models if name in reg else ():
            try:
                out[model] = dict(sorted((read_card(model).get("files") or {}).items()))
            except ModelError:
                out[model] = {}
    return dict(sorted(out.items()))


def _path(folder: Path, art: Article) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", art.id)
    return folder / art.dataset / f"{safe}.json"


def parts(profile: str, analyzers: list[str]) -> list[tuple[str, list[str]]]:
    """(layer, analysers) pairs cached apart: ``style`` (no analyser) and one per evidence layer, so that a
    new or retrained analyser only recomputes its own layer."""
    from ..pipeline import registry

    reg = registry()
    by_layer: dict[str, list[str]] = {}
    for name in analyzers:
        if name in reg:
            by_layer.setdefault(reg[name].layer, []).append(name)
        else:
            by_layer.setdefault("?", []).append(name)
    return [("style", [])] + sorted(by_layer.items())


def featurize(
    articles: list[Article],
    *,
    profile: str = "fast",
    analyzers: list[str] | None = None,
    cache: Path | None = CACHE,
    log: Callable[[str], None] | None = None,
    every: int = 100,
) -> dict[str, dict]:
    """``{article.key: evidence dict}`` for every article (see :class:`features.Evidence.to_dict`),
    computed with `analyzers` (default: every evidence analyser of `profile`) or read from `cache`.
    Style features and each evidence layer are computed and cached separately, then merged."""
    names = evidence_analyzers(profile) if analyzers is None else list(analyzers)
    merged: dict[str, dict] = {}
    for layer, part in parts(profile, names):
        got = _featurize_part(articles, profile, layer, part, cache, log, every)
        for key, ev in got.items():
            into = merged.setdefault(key, {"values": {}, "counts": {}, "groups": [], "warnings": []})
            into["values"].update(ev["values"])
            into["counts"].update(ev["counts"])
            into["groups"] += [g for g in ev["groups"] if g not in into["groups"]]
            into["warnings"] += ev.get("warnings", [])
            for k in ("words", "pos", "text_sha", "key"):
                if k in ev:
                    into[k] = ev[k]
    return merged


def _featurize_part(articles, profile, layer, names, cache, log, every) -> dict[str, dict]:
    from ..pipeline import Pipeline

    folder = Path(cache) / signature(profile, names) if cache else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "manifest.json").write_text(json.dumps(
            {"features": FEATURES_VERSION, "profile": profile, "layer": layer, "analyzers": names}, indent=2))
    pipe = None
    out: dict[str, dict] = {}
    t0 = time.perf_counter()
    computed = 0
    for i, art in enumerate(articles):
        sha = hashlib.sha1(art.text.encode("utf-8")).hexdigest()
        path = _path(folder, art) if folder else None
        if path and path.is_file():
            try:
                cached = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                cached = None
            if cached and cached.get("text_sha") == sha:
                out[art.key] = cached
                continue
        if pipe is None:
            pipe = Pipeline(profile, analyzers=names)
        doc = _parse(art, sha) if cache else pipe.make_doc(art.text)
        report = pipe(doc)
        style = layer == "style"
        ev = extract(doc, report, style=style).to_dict()
        ev.update(text_sha=sha, key=art.key, warnings=report.warnings[:3])
        if style:
            ev["pos"] = pos_sequence(doc)
        out[art.key] = ev
        computed += 1
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(ev), encoding="utf-8")
            os.replace(tmp, path)
        if log and computed % every == 0:
            rate = computed / (time.perf_counter() - t0)
            log(f"{layer}: {i + 1}/{len(articles)} articles ({computed} computed, {rate:.2f}/s)")
    if log:
        log(f"{layer} ({', '.join(names) or 'no analyser'}): {len(out)} articles, {computed} computed in "
            f"{time.perf_counter() - t0:.0f}s")
    return out


def pos_sequence(doc) -> str:
    """The article's coarse part-of-speech tags, one per token (sentence starts marked '|'): the input of
    topic-independent style models."""
    out = []
    for sent in doc.sents():
        out.append("|")
        out.extend(t.pos_ for t in sent if not t.is_space)
    return " ".join(out)


def _parse(art: Article, sha: str):
    """The Document of `art`, from the parse cache when its text is unchanged (the tok2vec tensor is
    not stored: no unspin analyser reads it)."""
    from spacy.tokens import Doc

    from .. import nlp as _nlp
    from ..document import Document

    nlp = _nlp.load()
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", art.id)
    # one folder per version of the parse (spaCy model and unspin's sentence rules): a parse made
    # under older rules is not read back
    path = PARSES / _nlp.fingerprint() / art.dataset / f"{safe}.{sha[:12]}.spacy"
    if path.is_file():
        sdoc = Doc(nlp.vocab).from_bytes(path.read_bytes())
        return Document.from_text(art.text, parsed=sdoc)
    doc = Document.from_text(art.text, nlp=nlp)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(doc.spacy.to_bytes(exclude=["tensor", "user_data"]))
    os.replace(tmp, path)
    return doc
