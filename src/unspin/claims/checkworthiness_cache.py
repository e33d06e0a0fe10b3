"""The caches that training and evaluating the check-worthiness tiers read
(:mod:`.checkworthiness_train`, :mod:`.checkworthiness_eval`).

Parsing ~100,000 debate sentences with spaCy takes minutes on a laptop, so parses are cached
(``runs/checkworthiness/parses-<nlp fingerprint>.jsonl``, keyed by sentence text; MiniLM embeddings of each debate,
ClaimBuster run and news article in ``embeddings/``, the full tier's reader's logits of each in ``reader-logits/``,
each under a digest of its texts). The cache only saves time: deleting it reproduces the same models and figures.

Fast-tier feature lists and in-context embeddings are kept in memory per process too.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from .. import paths
from . import checkworthiness_data as data
from .checkworthiness import Tok, fast_features, tokens_of

CACHE = paths.RUNS / "checkworthiness"


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, file=sys.stderr, flush=True)


# ---- parse and embedding caches --------------------------------------------------------------


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


_PARSES: dict[str, list[Tok]] = {}
_FEATURES: dict[str, list[str]] = {}


def _load_parse_cache(path: Path) -> None:
    if _PARSES or not path.is_file():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                k, toks = json.loads(line)
            except ValueError:
                continue  # a line cut short by an interrupted run
            _PARSES[k] = [Tok(*t) for t in toks]


def parses(texts: Sequence[str], *, batch_size: int = 256) -> dict[str, list[Tok]]:
    """``{text: [Tok, ...]}`` for `texts`, parsing only those not in the cache (memory, then disk)."""
    from .. import nlp as _nlp

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"parses-{_nlp.fingerprint()}.jsonl"  # parses made under other tokenizer rules are not read back
    _load_parse_cache(path)
    todo = sorted({t for t in texts if _key(t) not in _PARSES})
    if todo:
        nlp = _nlp.load()
        log(f"parsing {len(todo)} sentences ({len(_PARSES)} cached)")
        with open(path, "a", encoding="utf-8") as fh:
            for i, doc in enumerate(nlp.pipe(todo, batch_size=batch_size)):
                toks = tokens_of(doc)
                _PARSES[_key(doc.text)] = toks
                fh.write(json.dumps([_key(doc.text), [list(t) for t in toks]], ensure_ascii=False) + "\n")
                if i % 5000 == 4999:
                    fh.flush()
                    log(f"  parsed {i + 1}/{len(todo)}")
    return {t: _PARSES[_key(t)] for t in texts}


def features(texts: Sequence[str]) -> list[list[str]]:
    """Fast-tier feature lists of `texts` (memoised: cross-validation featurises each sentence once)."""
    todo = [t for t in texts if t not in _FEATURES]
    if todo:
        toks = parses(todo)
        for t in todo:
            _FEATURES[t] = fast_features(toks[t])
    return [_FEATURES[t] for t in texts]


def _stored(path: Path, digest: str) -> np.ndarray | None:
    """The vectors kept in `path`, if they were made under `digest`."""
    if path.is_file():
        with np.load(path, allow_pickle=False) as npz:
            if str(npz["digest"]) == digest:
                return npz["vectors"].astype(np.float64)
    return None


def _store(path: Path, digest: str, vectors: np.ndarray, dtype=np.float32) -> None:
    """Keep `vectors` in `path` under `digest`, whole or not at all (an interrupted run leaves no half file)."""
    save_npz(path, digest=np.array(digest), vectors=vectors.astype(dtype))


def save_npz(path: Path, **arrays: np.ndarray) -> None:
    """``np.savez(path, **arrays)``, whole or not at all: written beside `path` and renamed over it, so an
    interrupted run leaves the file it had (or none), never half a file that the next run cannot read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as fh:
            np.savez(fh, **arrays)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(path)


def _embed_cached(name: str, texts: Sequence[str], *, say: str | None = "") -> np.ndarray:
    """In-context embeddings of one sequence of sentences (a debate, a run of ClaimBuster ids).
    When they are not cached, `say` is logged first (by default the sentences' count and `name`;
    None: nothing)."""
    from .checkworthiness import embed_texts

    path, digest = CACHE / "embeddings" / f"{_key(name)}.npz", _key("\n".join(texts))
    vectors = _stored(path, digest)
    if vectors is None:
        if say is not None:
            log(say or f"  embedding {len(texts)} sentences of {name} in context (MiniLM)")
        vectors = embed_texts(texts, context=True)
        _store(path, digest, vectors)
    return vectors


def reader_logits(reader, group: str, texts: Sequence[str]) -> np.ndarray:
    """The full tier's reader's logits of `texts` of `group`, cached in ``reader-logits/`` under a
    digest of the reader's weights (:meth:`~.checkworthiness_reader.SentenceReader.fingerprint`) and
    the texts: the same group read by the same reader gives back the very numbers of its first reading.
    The file is named by the group and its texts, so that the ClaimBuster rows training validates on
    and the held-out ones evaluation reads, both "claimbuster", are kept side by side, not each in the
    other's place (a train-then-evaluate run never found either); a retrained reader replaces its own."""
    name = _key(group + "\x00" + "\n".join(texts))
    path = CACHE / "reader-logits" / f"{name}.npz"
    digest = _key(reader.fingerprint() + "\n" + "\n".join(texts))
    logits = _stored(path, digest)
    if logits is None:
        log(f"  reading {len(texts)} sentences of {group} alone (the fine-tuned reader)")
        logits = reader.logits(texts)
        _store(path, digest, logits, np.float64)  # exact: a cached run adds the very same reader term
    return logits


def debate_embeddings(debate: data.Debate) -> dict[str, np.ndarray]:
    """``{line text: embedding}`` of a debate, each line encoded in the context of its neighbours
    (as ``encoder.sentence_embeddings`` encodes an article's sentences)."""
    vectors = _embed_cached(f"{debate.source}/{debate.name}", debate.texts)
    return dict(zip(debate.texts, vectors))


CB_CHUNK = 64


def claimbuster_embeddings() -> dict[str, np.ndarray]:
    """``{text: embedding}`` of ClaimBuster sentences, encoded in runs of consecutive ids (ids follow
    the debates' order, so neighbours are mostly nearby sentences of the same debate)."""
    cb = data.claimbuster()
    ids = sorted(cb)
    chunks = [ids[start : start + CB_CHUNK] for start in range(0, len(ids), CB_CHUNK)]
    out = {}
    for n, chunk in enumerate(chunks):
        texts = [cb[i][0] for i in chunk]
        say = None if n % 20 else f"  embedding ClaimBuster in context, {CB_CHUNK} sentences at a time: {n + 1}/{len(chunks)} (MiniLM)"
        out.update(zip(texts, _embed_cached(f"claimbuster/{chunk[0]}-{chunk[-1]}", texts, say=say)))
    return out


_GROUP_EMBEDDINGS: dict[str, dict[str, np.ndarray]] = {}


def _debates_by_group() -> dict[str, data.Debate]:
    debates = data.training_debates() + list(data.clef2019("test")) + list(data.clef2020("test"))
    return {f"{d.source}/{d.name}": d for d in debates}


def group_embeddings(group: str) -> dict[str, np.ndarray]:
    """``{text: embedding}`` of one group: a CLEF debate ("clef2019/<name>") or "claimbuster"."""
    if group not in _GROUP_EMBEDDINGS:
        if group == "claimbuster":
            _GROUP_EMBEDDINGS[group] = claimbuster_embeddings()
        elif group.startswith("news/"):
            texts = [s.text for s in data.news_gold() if f"news/{s.dataset}/{s.article}" == group]
            _GROUP_EMBEDDINGS[group] = dict(zip(texts, _embed_cached(group, texts)))
        else:
            _GROUP_EMBEDDINGS[group] = debate_embeddings(_debates_by_group()[group])
    return _GROUP_EMBEDDINGS[group]


def embeddings_for(group: str, texts: Sequence[str]) -> np.ndarray:
    """Rows of in-context embeddings for `texts` of `group`."""
    table = group_embeddings(group)
    return np.stack([table[t] for t in texts])


def example_embeddings(examples: Sequence[data.Example]) -> np.ndarray:
    groups = sorted({e.group for e in examples})
    for i, g in enumerate(groups):
        group_embeddings(g)
        log(f"  embeddings of {g} ready ({i + 1}/{len(groups)})")
    return np.stack([_GROUP_EMBEDDINGS[e.group][e.text] for e in examples])


def all_texts() -> list[str]:
    """Every sentence training or evaluation reads (for warming the caches in one go)."""
    texts = [e.text for e in data.training_examples(include_validation=True)]
    for d in data.clef2019("test") + data.clef2020("test"):
        texts += d.texts
    texts += [t for t, _ in data.claimbuster_test()]
    return sorted(set(texts))
