"""The corpus summary of a batch output: one self-contained HTML page, plus a report per flagged article.

Aggregates are computed by DuckDB straight over the part files (or the DuckDB table), so the
summary of a million-article output needs no more memory than the summary of a hundred; only the
``top`` most flagged articles' Report JSON is read. Each of those gets its own page next to the
summary (``unspin.render.html`` when it is installed, else the Report JSON), linked from the list.

The page holds no script (a Content-Security-Policy meta tag forbids it) and every value from the
corpus is escaped.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from .._imports import optional_import, require
from ..report import VERDICT_BANDS, VERDICT_LABELS, Reason, Report, Verdict
from ..techniques import TECHNIQUES, TITLES
from .rows import TECHNIQUE_COLUMNS
from .store import read_rows, read_settings
from .svg import columns, esc, hbars, lines

#: how many sources the per-source table shows, and how many techniques the over-time chart follows
TOP_SOURCES = 12
TOP_TREND = 5
#: a date column is parsed as ISO (first 10 characters), Unix time, or one of these strptime formats
DATE_FORMATS = ("%d-%b-%Y %H:%M:%S.%g", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y%m%d",
                "%a, %d %b %Y %H:%M:%S", "%a, %d %b %Y %H:%M:%S %Z", "%a, %d %b %Y %H:%M:%S %z")


@dataclass
class Written:
    path: Path
    articles: int
    reports: int


def _title(name: str) -> str:
    return TITLES.get(name, name)


#: the names report_filename gives (and nothing else in the reports folder is removed)
_REPORT_NAME = re.compile(r"[A-Za-z0-9._-]*-[0-9a-f]{10}\.(?:html|json)")


def report_filename(article_id: str, suffix: str) -> str:
    """A safe, unique file name for an article's report (ids may be paths, URLs, anything)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", article_id).strip("._")[:60] or "article"
    return f"{slug}-{hashlib.sha1(article_id.encode('utf-8', 'replace')).hexdigest()[:10]}{suffix}"


def _date_expr() -> str:
    formats = ", ".join("'" + f + "'" for f in DATE_FORMATS)
    # Unix time in seconds or milliseconds, as FakeNewsNet's publish_date ("1491004800", "1491004800.0")
    epoch = ("CASE WHEN regexp_full_match(date, '[0-9]{9,10}(\\.[0-9]*)?') THEN to_timestamp(CAST(date AS DOUBLE))::DATE "
             "WHEN regexp_full_match(date, '[0-9]{12,13}') THEN to_timestamp(CAST(date AS DOUBLE) / 1000)::DATE END")
    return f"coalesce(try_cast(left(date, 10) AS DATE), {epoch}, try_cast(try_strptime(date, [{formats}]) AS DATE))"


def collect(output: str | Path, top: int = 25) -> dict:
    """Every number the summary shows, computed in DuckDB over the output (plus the top articles' rows)."""
    duckdb = require("duckdb", "duckdb", "batch", "The batch summary")

    from ..errors import DataError

    con, rel = read_rows(output)
    try:
        con.register("batch_rows", rel)

        def q(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        tech_sum = " + ".join(f'coalesce("{c}", 0)' for c in TECHNIQUE_COLUMNS.values())
        n, ok, failed = q("SELECT count(*), count(*) FILTER (status = 'ok'), count(*) FILTER (status <> 'ok') FROM batch_rows")[0]
        data: dict = {"n": n, "ok": ok, "failed": failed}
        data["errors"] = q("SELECT error_code, count(*) AS k FROM batch_rows WHERE status <> 'ok' GROUP BY 1 ORDER BY k DESC, 1")
        data["error_rows"] = q("SELECT id, error_code, error FROM batch_rows WHERE status <> 'ok' ORDER BY id LIMIT 20")
        data["labels"] = q("SELECT coalesce(verdict_label, 'no verdict'), count(*) FROM batch_rows WHERE status = 'ok' "
                           "GROUP BY 1 ORDER BY 1")
        data["scores"] = q("SELECT least(floor(verdict_score * 10), 9)::INT AS b, count(*) FROM batch_rows "
                           "WHERE verdict_score IS NOT NULL GROUP BY b ORDER BY b")
        sums = ", ".join(f'sum("{c}"), count(*) FILTER ("{c}" > 0)' for c in TECHNIQUE_COLUMNS.values())
        row = q(f"SELECT {sums} FROM batch_rows WHERE status = 'ok'")[0]
        data["techniques"] = [(name, row[2 * i] or 0, row[2 * i + 1] or 0) for i, name in enumerate(TECHNIQUE_COLUMNS)]
        data["claims"] = q("SELECT sum(n_claims), sum(n_unsourced), sum(n_vague), sum(n_flagged_quantities), "
                           "sum(n_inserted), sum(n_suspect), sum(n_techniques) FROM batch_rows WHERE status = 'ok'")[0]
        data["sources"] = q(
            f"SELECT source, count(*) AS k, avg({tech_sum}), avg(verdict_score), "
            + ", ".join(f'avg(coalesce("{c}", 0))' for c in TECHNIQUE_COLUMNS.values())
            + f" FROM batch_rows WHERE status = 'ok' AND source IS NOT NULL GROUP BY source ORDER BY k DESC, source LIMIT {TOP_SOURCES}"
        )
        data["n_sources"], data["no_source"] = q(
            "SELECT count(DISTINCT source), count(*) FILTER (source IS NULL) FROM batch_rows WHERE status = 'ok'")[0]
        trend_cols = [c for name, c in TECHNIQUE_COLUMNS.items()
                      if name in [t[0] for t in sorted(data["techniques"], key=lambda t: -t[1])[:TOP_TREND] if t[1] > 0]]
        extra = "".join(f', avg(coalesce("{c}", 0))' for c in trend_cols)
        data["trend_columns"] = trend_cols
        data["months"] = q(
            f"SELECT strftime(date_trunc('month', d), '%Y-%m') AS m, count(*), avg({tech_sum}){extra} "
            f"FROM (SELECT *, {_date_expr()} AS d FROM batch_rows WHERE status = 'ok') WHERE d IS NOT NULL GROUP BY m ORDER BY m"
        )
        data["warnings"] = _warnings(con)
        data["top"] = q(
            f"SELECT id, verdict_score, verdict_label, n_techniques, n_unsourced, n_inserted + n_suspect, source, title, "
            f"n_inserted, report_json FROM batch_rows WHERE status = 'ok' ORDER BY n_inserted > 0 DESC, {_LABEL_RANK} DESC, "
            f"verdict_score DESC NULLS LAST, n_techniques DESC, "
            f"n_inserted + n_suspect DESC, n_unsourced DESC, id LIMIT {int(top)}"
        )
    except duckdb.Error as err:  # a part damaged after the run: say which output and what to do, not a traceback
        raise DataError(f"a part of {output} cannot be read ({type(err).__name__}: {str(err).splitlines()[0][:200]}); "
                        "rerun `unspin batch` with the same settings to set the damaged part aside and redo its "
                        "articles, then run the report again") from None
    finally:
        con.close()
    data["settings"] = read_settings(output)
    data["top_asked"] = top
    return data


#: the concern an article's verdict shows, 0-2: its label's, or its score's band where that is higher (a
#: label raised above its score by evidence the score does not weigh ranks with its label, above the
#: low ones, not by its score; satire ranks by its score)
_LABEL_RANK = ("greatest(CASE verdict_label WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END, "
               f"CASE WHEN verdict_score >= {VERDICT_BANDS['medium']} THEN 2 WHEN verdict_score >= {VERDICT_BANDS['low']} "
               "THEN 1 ELSE 0 END)")


def _raised_by(verdict: Verdict, raw: str | None, inserted: int = 0) -> str:
    """Why a raised label was raised, in a few words (:attr:`Verdict.raised_by`, from the first reason
    of the report's verdict in `raw`)."""
    try:
        reasons = (json.loads(raw or "{}").get("verdict") or {}).get("reasons") or []
        first = str(reasons[0].get("text", "")) if reasons and isinstance(reasons[0], dict) else ""
    except (ValueError, AttributeError):
        first = ""
    by = replace(verdict, reasons=[Reason(first, 0.0)]).raised_by
    if by == "style":
        return "passages out of keeping with the rest"
    return "text proven inserted" if by == "reference" or inserted else "evidence the score does not weigh"


#: a report warning's kind, by how it starts (the rest names the article's particulars)
WARNING_KINDS = (
    ("the text looks mis-decoded", "text mis-decoded (mojibake): analysed as given"),
    ("no verdict: the text appears to be in language", "no verdict: not in English"),
    ("no verdict: the text has", "no verdict: under 30 words"),
    ("the text appears to be in language", "not in English: results unreliable"),
    ("analyser", "an analyser was unavailable or failed"),
)
#: kinds of warnings that name the article first ("business/001.txt is not UTF-8: ..."), by what they say after it
WARNING_PHRASES = (
    ("is not UTF-8: it was read as Windows-1252", "not UTF-8: read as Windows-1252"),
    ("is not UTF-8 and declares no charset: it was read as Windows-1252", "not UTF-8: read as Windows-1252"),
    ("declares UTF-8 but is not: it was read as Windows-1252", "not UTF-8: read as Windows-1252"),
)
EXAMPLE_IDS = 8


def warning_kind(text: str) -> str:
    return next((kind for start, kind in WARNING_KINDS if text.startswith(start)),
                next((kind for phrase, kind in WARNING_PHRASES if phrase in text), text[:80]))


def _warnings(con) -> list[tuple[str, int, list[str]]]:
    """(kind, articles, the first few ids) of the analysed articles' report warnings, most frequent first;
    read in batches, so a large output is never held whole."""
    import json

    kinds: dict[str, list] = {}
    cursor = con.execute("SELECT id, report_json FROM batch_rows WHERE status = 'ok' AND n_warnings > 0 ORDER BY id")
    while rows := cursor.fetchmany(500):
        for article_id, report_json in rows:
            try:
                warnings = json.loads(report_json or "{}").get("warnings") or []
            except ValueError:
                continue
            for kind in dict.fromkeys(warning_kind(str(w)) for w in warnings):
                entry = kinds.setdefault(kind, [0, []])
                entry[0] += 1
                if len(entry[1]) < EXAMPLE_IDS:
                    entry[1].append(article_id)
    return sorted(((k, n, ids) for k, (n, ids) in kinds.items()), key=lambda t: (-t[1], t[0]))


def _months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ('YYYY-MM'), so a gap shows as a gap."""
    y, m = map(int, first.split("-"))
    ly, lm = map(int, last.split("-"))
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def write_summary(output: str | Path, out: str | Path, *, top: int = 25) -> Written:
    """Write the summary page to `out` and the top articles' reports to `<out stem>-reports/`."""
    out = Path(out)
    data = collect(output, top)
    folder = out.with_name(out.stem + "-reports")
    renderer = optional_import("unspin.render.html")
    if folder.is_dir():  # reports of an earlier summary written here would be listed by nothing
        for old in folder.iterdir():
            if _REPORT_NAME.fullmatch(old.name) and old.is_file():
                old.unlink()
    links = []
    headlines: dict[str, str] = {}
    for row in data["top"]:
        article_id, raw = row[0], row[-1]
        if not raw:
            links.append(None)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        if renderer is not None:
            name = report_filename(article_id, ".html")
            report = Report.from_json(raw)
            headline = renderer.page_title(report, files=False)
            if headline:  # the list names an untitled article by its headline, as its page does
                headlines[article_id] = headline
            page = renderer.render(report, renderer.PageOptions(back=f"../{quote(out.name)}"))
            (folder / name).write_text(page, encoding="utf-8")
        else:
            name = report_filename(article_id, ".json")
            (folder / name).write_text(raw, encoding="utf-8")
        links.append(f"{quote(folder.name)}/{quote(name)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    data["headlines"] = headlines
    out.write_text(render_summary(data, links, source=str(output)), encoding="utf-8")
    return Written(out, data["n"], sum(1 for link in links if link))


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9rem}td,th{padding:.25rem .5rem;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.chart text{font-size:12px;fill:#333}.chart .small{font-size:10px}
.chart{max-width:100%;height:auto}.wide{overflow-x:auto}.heat td.n{min-width:2.6rem}.muted{color:#777}.cards{display:flex;gap:1.5rem;flex-wrap:wrap}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem}.card b{display:block;font-size:1.4rem}
"""


def _figure(caption: str, svg: str) -> str:
    return f"<figure>{svg}<figcaption>{esc(caption)}</figcaption></figure>"


def _heat(value: float, top: float) -> str:
    alpha = 0 if top <= 0 else min(value / top, 1)
    return f' style="background:rgba(200,85,61,{alpha * 0.75:.2f})"'


def _what(data: dict, source: str) -> str:
    """Under the heading: which output, made from what, with which settings."""
    st = data.get("settings") or {}
    parts = [f"Batch output <code>{esc(source)}</code>"]
    if st.get("input"):
        parts.append(f"input <code>{esc(st['input'])}</code>")
    if st.get("profile"):
        parts.append(f"profile {esc(st['profile'])}")
    if st.get("analyzers") is not None:
        parts.append("analysers: " + (esc(", ".join(st["analyzers"])) or "none (parse only)"))
    index = st.get("index")
    parts.append(f"reference index <code>{esc(index['path'])}</code>" if isinstance(index, dict) and index.get("path")
                 else "no reference index")
    if st.get("unspin"):
        parts.append(f"unspin {esc(st['unspin'])}")
    return '<p class="muted">' + " · ".join(parts) + "</p>"


def render_summary(data: dict, links: list[str | None], *, source: str) -> str:
    """The summary page as a string (a pure function of `collect`'s numbers)."""
    h: list[str] = []
    n, ok, failed = data["n"], data["ok"], data["failed"]
    claims, unsourced, vague, flagged_q, inserted, suspect, n_tech = (v or 0 for v in data["claims"])
    h.append('<div class="cards">')
    for label, value in (("articles", n), ("analysed", ok), ("failed", failed), ("technique spans", n_tech),
                         ("claims", claims), ("unsourced claims", unsourced), ("flagged quantities", flagged_q),
                         ("inserted/suspect passages", inserted + suspect)):
        h.append(f'<div class="card"><b>{value:,}</b>{esc(label)}</div>')
    h.append("</div>")

    h.append("<h2>Verdicts</h2>")
    if data["labels"]:
        order = {label: i for i, label in enumerate(VERDICT_LABELS)}
        labels = sorted(data["labels"], key=lambda lk: (order.get(lk[0], len(order)), lk[0]))
        h.append(_figure("Articles per verdict label", hbars(labels, title="articles per verdict label")))
        if any(label == "no verdict" for label, _ in labels):
            h.append('<p class="muted">No verdict: the verdict layer did not run, or the text was under 30 words or not '
                     'in English (see <a href="#warnings">Warnings</a>).</p>')
    if data["scores"]:
        bins = dict(data["scores"])
        h.append(_figure("Verdict scores (articles per score band)", columns(
            [(f"{b / 10:.1f}–{(b + 1) / 10:.1f}", bins.get(b, 0)) for b in range(10)], title="verdict score histogram")))
    elif ok:
        h.append('<p class="muted">No verdicts in this output (the verdict layer did not run).</p>')

    h.append("<h2>Techniques</h2>")
    used = [(t, total, arts) for t, total, arts in data["techniques"] if total]
    if used:
        used.sort(key=lambda t: -t[1])
        h.append(_figure("Technique spans in the corpus",
                         hbars([(_title(t), total) for t, total, _ in used], title="technique spans in the corpus")))
        h.append(_figure("Articles with at least one span of the technique",
                         hbars([(_title(t), arts) for t, _, arts in used], title="articles with the technique", colour="#8e6c8a")))
    else:
        h.append('<p class="muted">No technique spans found (or the technique layer did not run).</p>')

    if data["sources"]:
        n_src, no_src = data["n_sources"], data.get("no_source") or 0
        which = (f"all {n_src:,} sources" if len(data["sources"]) >= n_src
                 else f"the {len(data['sources'])} largest of {n_src:,} sources")
        unsourced_note = f"; {no_src:,} analysed article{'' if no_src == 1 else 's'} name no source" if no_src else ""
        h.append(f"<h2>Techniques per source</h2><p class=\"muted\">Mean spans per article; {which}{unsourced_note}.</p>")
        shown = [i for i, name in enumerate(TECHNIQUES) if any((r[4 + i] or 0) > 0 for r in data["sources"])]
        top = max([r[4 + i] or 0 for r in data["sources"] for i in shown] or [0])
        h.append('<div class="wide"><table class="heat"><tr><th>source</th><th>articles</th><th>spans/article</th><th>mean verdict</th>')
        h.extend(f"<th>{esc(_title(TECHNIQUES[i]))}</th>" for i in shown)
        h.append("</tr>")
        for r in data["sources"]:
            verdict = "–" if r[3] is None else f"{r[3]:.2f}"
            h.append(f'<tr><td>{esc(r[0])}</td><td class="n">{r[1]:,}</td><td class="n">{(r[2] or 0):.2f}</td>'
                     f'<td class="n">{verdict}</td>')
            h.extend(f'<td class="n"{_heat(r[4 + i] or 0, top)}>{(r[4 + i] or 0):.2f}</td>' for i in shown)
            h.append("</tr>")
        h.append("</table></div>")

    if data["months"]:
        months = data["months"]
        names = {c: name for name, c in TECHNIQUE_COLUMNS.items()}
        dated = sum(m[1] for m in months)  # every dated article falls in one month
        coverage = f"{dated:,} of the {ok:,} analysed articles have a date unspin could read"
        span = _months_between(months[0][0], months[-1][0])
        if len(span) <= 600:  # months without articles stay on the axis: a gap is a gap, not a step
            by_month = {m[0]: m for m in months}
            months = [by_month.get(name, (name, 0, None) + (None,) * len(data["trend_columns"])) for name in span]
            note = "months without articles have no point"
        else:
            note = "months without articles are left out (the dates span over 50 years)"
        series = {"all techniques": [m[2] for m in months]}
        for k, col in enumerate(data["trend_columns"]):
            series[_title(names[col])] = [m[3 + k] if m[1] else None for m in months]
        h.append(f"<h2>Over time</h2><p class=\"muted\">By month of the article's date; {coverage}; {note}.</p>")
        h.append(_figure("Technique spans per article, by month",
                         lines([m[0] for m in months], series, title="technique spans per article by month")))
        h.append(_figure("Articles per month (the last 24 months shown)",
                         columns([(m[0], m[1]) for m in months][-24:], title="articles per month", colour="#7f7f7f")))

    if data.get("warnings"):
        h.append('<h2 id="warnings">Warnings</h2><p class="muted">What the articles\' reports warn of, by kind: '
                 "articles, and the first few ids.</p>")
        h.append('<div class="wide"><table><tr><th>warning</th><th>articles</th><th>for example</th></tr>')
        for kind, count, ids in data["warnings"]:
            more = ", …" if count > len(ids) else ""
            h.append(f'<tr><td>{esc(kind)}</td><td class="n">{count:,}</td><td>{esc(", ".join(ids))}{more}</td></tr>')
        h.append("</table></div>")

    h.append("<h2>Most flagged articles</h2>")
    if data["top"]:
        h.append('<p class="muted">Articles with text a reference index proves inserted come first, then by the '
                 "verdict's label (or its score's, where higher) and score.</p>")
        h.append('<div class="wide"><table><tr><th>article</th><th>source</th><th>verdict</th><th>techniques</th>'
                 "<th>unsourced claims</th><th>inserted/suspect passages</th></tr>")
        for row, link in zip(data["top"], links):
            article_id, score, label, techs, unsourced_n, spliced, src, title, inserted_n = row[:9]
            title = title or data.get("headlines", {}).get(article_id)
            name = esc(title or article_id)
            cell = f'<a href="{esc(link)}">{name}</a>' if link else name
            if title:
                cell += f'<br><span class="muted">{esc(article_id)}</span>'
            verdict = "–" if score is None else f"{esc(label)} ({score:.2f})"
            if score is not None and Verdict(score, label).raised:
                verdict = (f"{esc(label)}: {_raised_by(Verdict(score, label), row[9], inserted_n)}<br><span class=\"muted\">score {score:.2f}, "
                           "the text alone</span>")
            h.append(f"<tr><td>{cell}</td><td>{esc(src or '')}</td><td>{verdict}</td><td class=\"n\">{techs or 0}</td>"
                     f'<td class="n">{unsourced_n or 0}</td><td class="n">{spliced or 0}</td></tr>')
        h.append("</table></div>")
    elif ok and not data.get("top_asked", 1):
        h.append('<p class="muted">None listed (--top 0).</p>')
    else:
        h.append('<p class="muted">No analysed articles.</p>')

    if failed:
        h.append("<h2>Failures</h2>")
        h.append(_figure("Failures by kind", hbars([(code or "?", k) for code, k in data["errors"]], title="failures by kind",
                                                   colour="#7f7f7f")))
        h.append("<table><tr><th>article</th><th>kind</th><th>message</th></tr>")
        h.extend(f"<tr><td>{esc(i)}</td><td>{esc(c)}</td><td>{esc(m)}</td></tr>" for i, c, m in data["error_rows"])
        h.append("</table>")
        if failed > len(data["error_rows"]):
            h.append(f'<p class="muted">… and {failed - len(data["error_rows"]):,} more (rows with status = \'error\').</p>')

    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>unspin corpus summary</title><style>{_CSS}</style></head><body>"
        f"<h1>unspin corpus summary</h1>{_what(data, source)}" + "".join(h) + "</body></html>\n"
    )
