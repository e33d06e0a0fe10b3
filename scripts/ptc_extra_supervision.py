"""How much new span supervision the two other PTC-derived sets in ../shared/data would add.

    .venv/bin/python scripts/ptc_extra_supervision.py      # a few seconds, no model needed

1. SemEval-2023 Task 3 (English, subtask 3) re-formats the PTC-2020 train articles into
   paragraphs, so its character offsets differ. Each of its spans is mapped onto the PTC-2020 text
   of the same article by aligning the two texts word by word (difflib), and the mapped spans are
   scored against PTC-2020's own SI gold with the official SI measure, as a second annotator would be.
2. NLP4IF-2019 (18 techniques): which of its train articles are not PTC-2020 train articles, and
   which of those have the same text as a PTC-2020 article under another id.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.semeval.data import PTC, Label, read_articles  # noqa: E402
from unspin.semeval.scoring import merge_spans, score_si  # noqa: E402
from unspin.tagging.ptc import load_articles  # noqa: E402

DATA = PTC.parent
SEMEVAL23 = DATA / "semeval2023-task3-en" / "en"
NLP4IF = DATA / "ptc-nlp4if2019-18tech"
_WORD = re.compile(r"\w+")


def word_map(src: str, dst: str):
    """A function taking a span of `src` to the span of `dst` covering the same words (or None)."""
    a = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(src)]
    b = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(dst)]
    matcher = difflib.SequenceMatcher(None, [w for w, _, _ in a], [w for w, _, _ in b], autojunk=False)
    to_b = {blk.a + k: blk.b + k for blk in matcher.get_matching_blocks() for k in range(blk.size)}

    def span(s: int, e: int) -> tuple[int, int] | None:
        words = [i for i, (_, ws, we) in enumerate(a) if we > s and ws < e and i in to_b]
        return (b[to_b[words[0]]][1], b[to_b[words[-1]]][2]) if words else None

    return span


def semeval2023() -> None:
    articles = load_articles()
    mapped, gold, lost = [], [], 0
    for aid, art in sorted(articles.items()):
        text_file = SEMEVAL23 / "train-articles-subtask-3" / f"article{aid}.txt"
        label_file = SEMEVAL23 / "train-labels-subtask-3-spans" / f"article{aid}-labels-subtask-3.txt"
        if not text_file.is_file():
            continue
        span = word_map(text_file.read_text(encoding="utf-8"), art.text)
        gold.extend(Label(aid, s, e) for s, e in art.si)
        found = []
        if label_file.is_file():
            for line in label_file.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    _, _tech, s, e = line.split("\t")
                    m = span(int(s), int(e))
                    if m is None:
                        lost += 1
                    else:
                        found.append(m)
        # overlapping spans merged, as the scorer merges the gold's (SI ignores techniques)
        mapped.extend(Label(aid, s, e) for s, e in merge_spans(found))
    sc = score_si(mapped, gold)
    print(f"SemEval-2023 spans mapped onto the PTC-2020 train articles ({lost} not mappable): "
          f"SI P {sc.precision:.3f} R {sc.recall:.3f} F1 {sc.f1:.3f} against PTC-2020 gold")


def nlp4if() -> None:
    ptc = read_articles(PTC / "train-articles")
    theirs = read_articles(NLP4IF / "train-articles")
    by_text = {text: aid for aid, text in ptc.items()}
    extra = sorted(set(theirs) - set(ptc))
    copies = {aid: by_text[theirs[aid]] for aid in extra if theirs[aid] in by_text}
    print(f"NLP4IF-2019: {len(theirs)} train articles, {len(extra)} not PTC-2020 train ids; "
          f"{len(copies)} of those have the text of a PTC-2020 article under another id, {len(extra) - len(copies)} are new")
    for aid, same in sorted(copies.items()):
        print(f"  article{aid} = article{same}")


if __name__ == "__main__":
    semeval2023()
    nlp4if()
