"""The attribution gold set: read it, rebuild its text from ../shared/data, score the analyser.

``data/attribution-gold.tsv`` holds, per annotated sentence, the dataset, the article id, the
sentence's character offsets into the article text as read by :func:`article_text`, the label
(``named`` | ``vague`` | ``none``), the source span when one is named, and the split (``dev`` for
the half the rules were developed on, ``test`` for the other). It never holds the text itself:
the text is read in place from ../shared/data.

``unspin evaluate attribution`` prints precision, recall and F1 per label, accuracy and the
confusion matrix (``no claim`` is the column for gold sentences the analyser did not keep).
"""

from __future__ import annotations

import csv
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from pathlib import Path

from ..errors import DataError, InputError
from ..report import ATTRIBUTION_KINDS

DATASETS = ("reuters21578", "bbc-news-2005", "buzzfeed-webis-2016", "ptc-semeval2020")
NO_CLAIM = "no claim"
GOLD_COLUMNS = ("dataset", "article", "start", "end", "label", "source_start", "source_end", "split")


def _shared() -> Path:
    from ..semeval.data import SHARED

    return SHARED


# ---- article text, exactly as the offsets index it -----------------------------------------------
_REUTERS_DOC = re.compile(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)
_REUTERS_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_CONTROL_REF = re.compile(r"&#(?:[0-9]|[12][0-9]|3[01]);")


_HARD_WRAP = re.compile(r"\n(?![ \n])")


def reuters_text(raw_body: str) -> str:
    """A Reuters-21578 ``<BODY>`` as text: control-character references dropped, entities decoded,
    and the wire's hard line wraps (a newline not followed by the paragraph indent) turned into
    spaces, so sentences are not cut at every line end."""
    return _HARD_WRAP.sub(" ", html.unescape(_CONTROL_REF.sub("", raw_body)))


def article_text(dataset: str, article: str, root: Path | None = None) -> str:
    """The text of one article of `dataset`, exactly as the gold offsets index it.

    Ids: reuters21578 ``NEWID``; bbc-news-2005 ``<class>/<NNN>``; buzzfeed-webis-2016 the XML file
    stem (``0001``, its ``<mainText>``); ptc-semeval2020 the article number.
    """
    root = root or _shared()
    try:
        if dataset == "reuters21578":
            newid = int(article)
            path = root / dataset / f"reut2-{(newid - 1) // 1000:03d}.sgm"
            raw = path.read_text(encoding="latin-1")
            for m in _REUTERS_DOC.finditer(raw):
                if m.group(1) == article:
                    body = _REUTERS_BODY.search(m.group(2))
                    if body is None:
                        raise DataError(f"Reuters-21578 story {article} has no <BODY>")
                    return reuters_text(body.group(1))
            raise DataError(f"no Reuters-21578 story with NEWID {article} in {path}")
        if dataset == "bbc-news-2005":
            data = (root / dataset / "bbc" / f"{article}.txt").read_bytes()
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:  # one file (sport/199) is Latin-1
                return data.decode("latin-1")
        if dataset == "buzzfeed-webis-2016":
            tree = ET.parse(root / dataset / "articles" / f"{article}.xml")
            return tree.getroot().findtext("mainText") or ""
        if dataset == "ptc-semeval2020":
            path = root / dataset / "train-articles" / f"article{article}.txt"
            with open(path, encoding="utf-8", newline="") as fh:
                return fh.read()
    except FileNotFoundError as err:
        from ..semeval.data import DATA_HINT

        raise DataError(f"{dataset} article {article!r} is missing: {err.filename} does not exist; {DATA_HINT}") from None
    except (OSError, ValueError, ET.ParseError) as err:
        raise DataError(f"cannot read {dataset} article {article!r} under {root}: {err}") from err
    raise DataError(f"unknown gold dataset {dataset!r}; known: {', '.join(DATASETS)}")


# ---- the gold file -------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldSentence:
    dataset: str
    article: str
    start: int
    end: int
    label: str
    source_start: int | None = None
    source_end: int | None = None
    split: str = "test"


def gold_path() -> Path:
    return Path(str(resources.files("unspin") / "data" / "attribution-gold.tsv"))


def read_gold(path: str | Path | None = None) -> list[GoldSentence]:
    """Read the gold TSV (header line first; ``#`` lines are comments)."""
    path = Path(path) if path else gold_path()
    if path.is_dir():
        raise InputError(f"attribution gold file {path} is a folder: give the TSV file")
    if not path.is_file():
        raise InputError(f"attribution gold file {path} is missing")
    rows = []
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            lines = [line for line in fh if line.strip() and not line.startswith("#")]
    except UnicodeDecodeError as err:
        raise InputError(f"attribution gold file {path} is not UTF-8 text (byte {err.start})") from None
    for lineno, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
        try:
            label = row["label"]
            if label not in ATTRIBUTION_KINDS:
                raise ValueError(f"label {label!r} is not one of {ATTRIBUTION_KINDS}")
            s_start, s_end = row.get("source_start") or "", row.get("source_end") or ""
            rows.append(
                GoldSentence(
                    row["dataset"], row["article"], int(row["start"]), int(row["end"]), label,
                    int(s_start) if s_start else None, int(s_end) if s_end else None, row.get("split") or "test",
                )
            )
        except KeyError as err:
            raise InputError(f"{path}: row {lineno}: no {err.args[0]!r} column; the columns are {', '.join(GOLD_COLUMNS)}") from None
        except (ValueError, TypeError) as err:
            raise InputError(f"{path}: row {lineno}: {err}") from None
    return rows


# ---- scoring ---------------------------------------------------------------------------------------
@dataclass
class AttributionScores:
    """Per-label precision/recall/F1, accuracy and the confusion matrix (gold rows, predicted columns)."""

    n: int
    labels: dict[str, dict[str, float]]
    accuracy: float
    macro_f1: float
    confusion: dict[str, dict[str, int]]
    sources_right: int = 0
    sources_total: int = 0
    articles: int = 0
    split: str = "all"
    errors: list[tuple[GoldSentence, str]] = field(default_factory=list, repr=False)


def predict(gold: list[GoldSentence], *, root: Path | None = None, pipeline=None) -> list[tuple[GoldSentence, str, object]]:
    """Run the attribution analyser on every gold article; (gold, predicted kind, claim or None)."""
    from ..pipeline import Pipeline

    pipe = pipeline or Pipeline("fast", analyzers=["attribution"], strict=True)
    by_article: dict[tuple[str, str], list[GoldSentence]] = {}
    for g in gold:
        by_article.setdefault((g.dataset, g.article), []).append(g)
    out = []
    for (dataset, article), rows in by_article.items():
        report = pipe(article_text(dataset, article, root))
        for g in rows:
            best, overlap = None, 0
            for claim in report.claims:
                o = min(g.end, claim.end) - max(g.start, claim.start)
                if o > overlap:
                    best, overlap = claim, o
            out.append((g, best.attribution.kind if best else NO_CLAIM, best))
    return out


def _same_source(g: GoldSentence, claim, text_of) -> bool:
    """Does the predicted source point at the gold one (overlapping spans, or another mention)?"""
    a = claim.attribution
    if a.source_start is None or g.source_start is None:
        return False
    if a.source_start < g.source_end and g.source_start < a.source_end:
        return True
    # another mention of the same referent: the gold source's last word is among the predicted words
    text = text_of(g)
    gold_last = text[g.source_start : g.source_end].lower().split()[-1:]
    pred_words = re.findall(r"[\w'’-]+", text[a.source_start : a.source_end].lower())
    return bool(gold_last) and gold_last[0] in pred_words


def score(predictions, *, split: str = "all", root: Path | None = None) -> AttributionScores:
    """Precision/recall/F1 per label from :func:`predict`'s output."""
    columns = list(ATTRIBUTION_KINDS) + [NO_CLAIM]
    confusion = {g: {p: 0 for p in columns} for g in ATTRIBUTION_KINDS}
    texts: dict[tuple[str, str], str] = {}

    def text_of(g: GoldSentence) -> str:
        key = (g.dataset, g.article)
        if key not in texts:
            texts[key] = article_text(g.dataset, g.article, root)
        return texts[key]

    right = total = 0
    errors = []
    for g, pred, claim in predictions:
        confusion[g.label][pred] += 1
        if pred != g.label:
            errors.append((g, pred))
        if g.label == "named" and g.source_start is not None:
            total += 1
            right += pred == "named" and _same_source(g, claim, text_of)
    labels = {}
    for label in ATTRIBUTION_KINDS:
        tp = confusion[label][label]
        fp = sum(confusion[o][label] for o in ATTRIBUTION_KINDS if o != label)
        fn = sum(v for k, v in confusion[label].items() if k != label)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        labels[label] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": tp + fn}
    n = len(predictions)
    correct = sum(confusion[k][k] for k in ATTRIBUTION_KINDS)
    return AttributionScores(
        n=n, labels=labels, accuracy=correct / n if n else 0.0,
        macro_f1=sum(v["f1"] for v in labels.values()) / len(labels), confusion=confusion,
        sources_right=right, sources_total=total, articles=len({(g.dataset, g.article) for g, _, _ in predictions}),
        split=split, errors=errors,
    )


def evaluate(split: str = "all", *, gold_file: str | Path | None = None, root: Path | None = None) -> AttributionScores:
    """Score the attribution analyser on the gold set (`split`: all, dev or test)."""
    gold = read_gold(gold_file)
    if split != "all":
        gold = [g for g in gold if g.split == split]
    if not gold:
        raise DataError(f"the attribution gold set has no sentences in split {split!r} (splits: all, dev, test)")
    return score(predict(gold, root=root), split=split, root=root)


class Split(str, Enum):
    all = "all"
    dev = "dev"
    test = "test"


def register_evaluate(evaluate_app) -> None:
    import typer

    @evaluate_app.command("attribution")
    def attribution_command(
        split: Split = typer.Option(Split.all, help="all, dev (the half the rules were developed on) or test"),
        gold: Path = typer.Option(None, help="gold TSV (default: the one shipped in unspin/data)"),
        errors: bool = typer.Option(False, "--errors", help="also list the sentences the analyser got wrong"),
    ) -> None:
        """Precision/recall/F1 of named/vague/none attribution on the hand-annotated gold set."""
        from rich.console import Console
        from rich.table import Table

        scores = evaluate(split.value, gold_file=gold)
        console = Console()
        table = Table(title=f"attribution on {scores.n} gold sentences, {scores.articles} articles (split: {scores.split})")
        for col in ("label", "precision", "recall", "F1", "support"):
            table.add_column(col, justify="left" if col == "label" else "right")
        for label, m in scores.labels.items():
            table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(int(m["support"])))
        console.print(table)
        console.print(f"accuracy {scores.accuracy:.3f}   macro-F1 {scores.macro_f1:.3f}   "
                      f"named sources found {scores.sources_right}/{scores.sources_total}")
        matrix = Table(title="confusion (rows: gold, columns: predicted)")
        columns = list(ATTRIBUTION_KINDS) + [NO_CLAIM]
        matrix.add_column("gold")
        for c in columns:
            matrix.add_column(c, justify="right")
        for g, row in scores.confusion.items():
            matrix.add_row(g, *(str(row[c]) for c in columns))
        console.print(matrix)
        if errors:
            texts: dict = {}
            for g, pred in scores.errors:
                text = texts.setdefault((g.dataset, g.article), article_text(g.dataset, g.article))
                console.print(f"[bold]{g.label} -> {pred}[/] {g.dataset}/{g.article} {g.start}-{g.end}: "
                              f"{' '.join(text[g.start:g.end].split())}", markup=True, highlight=False)
