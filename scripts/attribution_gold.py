"""Helper for annotating the attribution gold set by hand (not part of the package).

    # 1. print candidate sentences (numbered, with offsets) from a fixed sample of articles
    python scripts/attribution_gold.py candidates > runs/attr-candidates.tsv
    # 2. read them and write notes, one line per kept sentence:
    #       <n> named|vague|none [exact source words as they appear in the sentence or the article]
    #    sentences left out of the notes are not in the gold set (not claims, bad segmentation)
    # 3. turn the notes into the committed TSV (offsets only, never text)
    python scripts/attribution_gold.py build runs/attr-candidates.tsv runs/attr-notes.txt \
        > src/unspin/data/attribution-gold.tsv

The candidates and notes files hold copied text and stay under runs/ (git-ignored).
"""

from __future__ import annotations

import csv
import random
import re
import sys
import xml.etree.ElementTree as ET

from unspin.claims.attribution_eval import GOLD_COLUMNS, _shared, article_text
from unspin.document import Document

PER_ARTICLE = 14


def sample() -> list[tuple[str, str]]:
    """A fixed, seeded sample of articles from four outlets' datasets."""
    rng = random.Random(2020)
    root = _shared()
    picks: list[tuple[str, str]] = []
    ids = []
    for path in sorted((root / "reuters21578").glob("reut2-00[0-4].sgm")):
        for m in re.finditer(r'NEWID="(\d+)"', path.read_text(encoding="latin-1")):
            ids.append(m.group(1))
    rng.shuffle(ids)
    for newid in ids:
        text = article_text("reuters21578", newid) if _has_body(newid) else ""
        if 900 < len(text) < 2500 and text.count(" said") >= 1:
            picks.append(("reuters21578", newid))
        if len(picks) == 5:
            break
    for cls in ("politics", "business", "tech", "entertainment"):
        files = sorted((root / "bbc-news-2005" / "bbc" / cls).glob("*.txt"))
        picks.append(("bbc-news-2005", f"{cls}/{rng.choice(files).stem}"))
    for portal in ("cnn", "politico", "right-wing-news", "occupy-democrats"):
        picks.append(("buzzfeed-webis-2016", _buzzfeed_pick(rng, root, portal)))
    ptc = sorted((root / "ptc-semeval2020" / "train-articles").glob("article*.txt"))
    for path in rng.sample(ptc, 4):
        picks.append(("ptc-semeval2020", path.stem[len("article"):]))
    # second round, appended so that the first round keeps its numbering
    picks.append(("buzzfeed-webis-2016", _buzzfeed_pick(rng, root, "abc")))
    files = sorted((root / "bbc-news-2005" / "bbc" / "sport").glob("*.txt"))
    picks.append(("bbc-news-2005", f"sport/{rng.choice(files).stem}"))
    return picks


def _buzzfeed_pick(rng: random.Random, root, portal: str) -> str:
    rows = [r for r in csv.DictReader(open(root / "buzzfeed-webis-2016" / "overview.csv")) if r["portal"] == portal]
    while True:
        row = rng.choice(rows)
        main = ET.parse(root / "buzzfeed-webis-2016" / "articles" / row["XML"]).getroot().findtext("mainText") or ""
        if 1200 < len(main) < 6000:
            return row["XML"][:-4]


def _has_body(newid: str) -> bool:
    try:
        article_text("reuters21578", newid)
    except Exception:
        return False
    return True


def candidates() -> None:
    n = 0
    print("n\tdataset\tarticle\tstart\tend\ttext")
    for dataset, article in sample():
        doc = Document.from_text(article_text(dataset, article))
        kept = 0
        for s in doc.sentences:
            words = doc.text[s.start : s.end].split()
            if len(words) < 4:
                continue
            n += 1
            kept += 1
            flat = " ".join(words)
            print(f"{n}\t{dataset}\t{article}\t{s.start}\t{s.end}\t{flat}")
            if kept == PER_ARTICLE:
                break


def build(candidates_path: str, notes_path: str) -> None:
    cands = {row["n"]: row for row in csv.DictReader(open(candidates_path, encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE)}
    articles = sorted({(r["dataset"], r["article"]) for r in cands.values()})
    split = {a: ("dev" if i % 2 == 0 else "test") for i, a in enumerate(articles)}
    print("\t".join(GOLD_COLUMNS))
    for lineno, line in enumerate(open(notes_path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        n, label = parts[0], parts[1]
        row = cands[n]
        start, end = int(row["start"]), int(row["end"])
        s_start = s_end = ""
        if len(parts) == 3:
            text = article_text(row["dataset"], row["article"])
            wanted = parts[2]
            i = text.find(wanted, start, end)
            if i < 0:  # the source is named in an earlier sentence (a resolved pronoun)
                i = text.rfind(wanted, 0, start)
            if i < 0:
                sys.exit(f"notes line {lineno}: {wanted!r} not found for candidate {n}")
            s_start, s_end = str(i), str(i + len(wanted))
        key = (row["dataset"], row["article"])
        print("\t".join([row["dataset"], row["article"], str(start), str(end), label, s_start, s_end, split[key]]))


if __name__ == "__main__":
    if sys.argv[1:2] == ["candidates"]:
        candidates()
    elif sys.argv[1:2] == ["build"] and len(sys.argv) == 4:
        build(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
