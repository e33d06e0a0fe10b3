"""`unspin report OUTPUT`: the corpus summary page, from rows of hand-built Reports (no model needed)."""

from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import unquote

from unspin.batch.rows import error_row, report_row
from unspin.batch.sources import Item
from unspin.batch.store import open_store
from unspin.batch import BatchSettings, run_batch
from unspin.batch.summary import _months_between, collect, render_summary
from unspin.batch.svg import lines
from unspin.cli import main
from unspin.report import Attribution, Claim, Passage, Report, Technique, Verdict

HOSTILE = '<script>alert("x")</script>'


def make_report(i: int, techniques: list[str], score: float | None) -> Report:
    text = f"Article {i}: the corrupt elite lied again, a source said. Prices rose 40 percent."
    return Report(
        text=text,
        techniques=[Technique(10, 26, name, 0.9) for name in techniques],
        claims=[Claim(0, len(text), 0.8, Attribution(kind="none" if i % 2 else "vague"))],
        passages=[Passage(0, 20, "inserted" if i == 0 else "matched", 0.9)],
        verdict=None if score is None else Verdict(score=score, label="high" if score > 0.6 else "low"),
        layers_run=["techniques", "claims", "passages"] + (["verdict"] if score is not None else []),
    )


def summary_of(tmp_path, rows) -> str:
    """The summary page `unspin report` writes for an output holding `rows`."""
    out = tmp_path / "out"
    store = open_store(out, {"format": "test"})
    store.commit(rows)
    store.close()
    page = tmp_path / "summary.html"
    assert main(["report", str(out), "--out", str(page)]) == 0
    return page.read_text(encoding="utf-8")


def build_output(tmp_path):
    out = tmp_path / "out"
    store = open_store(out, {"format": "test"})
    rows = []
    plan = [
        ("Daily Example", "2024-01-15", ["Loaded_Language", "Loaded_Language", "Doubt"], 0.9),
        ("Daily Example", "1706918400", ["Loaded_Language"], 0.7),  # Unix time: 2024-02-03
        (HOSTILE, "2024-02-20", ["Flag-Waving"], 0.2),
        ("Wire", "14-MAR-1987 10:02:11.00", [], 0.05),
        ("Wire", None, [], None),
    ]
    for i, (source, date, techniques, score) in enumerate(plan):
        meta = {"source": source, "title": f"Title {i} {HOSTILE}" if i == 0 else f"Title {i}"}
        if date:
            meta["date"] = date
        item = Item(f"a/{i} {HOSTILE}" if i == 0 else f"a/{i}", "unused", "text", meta)
        rows.append(report_row(item, "fast", make_report(i, techniques, score), 0.1))
    rows.append(error_row(Item("broken", None, "text", {"source": "Wire"}), "fast", "binary_input", f"binary {HOSTILE}"))
    store.commit(rows[:3])
    store.commit(rows[3:])
    store.close()
    return out


def test_summary_shows_verdicts_sources_time_and_top_articles(tmp_path, capsys):
    out = build_output(tmp_path)
    page = tmp_path / "site" / "summary.html"
    code = main(["report", str(out), "--out", str(page), "--top", "3"])
    assert code == 0 and "6 articles, 3 article reports" in capsys.readouterr().err
    html = page.read_text(encoding="utf-8")
    for heading in ("Verdicts", "Techniques", "Techniques per source", "Over time", "Most flagged articles", "Failures"):
        assert f"<h2>{heading}</h2>" in html
    assert html.count("<svg") >= 5
    # months parsed from ISO, Unix-time and Reuters-style dates
    assert "2024-01" in html and "2024-02" in html and "1987-03" in html
    # the most flagged article first: highest verdict score
    top = html.split("Most flagged articles")[1]
    assert top.index("Title 0") < top.index("Title 1") < top.index("Title 2")
    assert "Title 3" not in top.split("Failures")[0]
    # per-source table: Daily Example has 2 articles and 2 spans per article
    row = re.search(r"<tr><td>Daily Example</td><td class=\"n\">2</td><td class=\"n\">2.00</td>", html)
    assert row, "per-source row missing"


def test_summary_escapes_corpus_strings_and_links_existing_reports(tmp_path):
    out = build_output(tmp_path)
    page = tmp_path / "summary.html"
    main(["report", str(out), "--out", str(page), "--top", "5"])
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "script-src" not in html and "default-src 'none'" in html
    links = [link for link in re.findall(r'<a href="([^"]+)">', html) if not link.startswith("#")]  # not in-page links
    assert len(links) == 5
    for link in links:
        target = page.parent / unquote(link)
        assert target.is_file() and target.parent.name == "summary-reports"
        body = target.read_text(encoding="utf-8")
        if target.suffix == ".html":
            assert "<script>alert" not in body
            assert '<a href="../summary.html">Back to the corpus summary</a>' in body
        else:
            assert Report.from_json(body).text.startswith("Article")


def test_summary_of_an_output_without_verdicts_or_meta(tmp_path):
    out = tmp_path / "out"
    store = open_store(out, {"format": "test"})
    store.commit([report_row(Item(f"x{i}", "t", "text", {}), "fast", Report(text=f"Plain text {i}."), 0.1)
                  for i in range(3)])
    store.close()
    page = tmp_path / "s.html"
    assert main(["report", str(out), "--out", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "Techniques per source" not in html and "Over time" not in html
    assert "under 30 words or not in English" in html and "did not run" in html


def test_report_on_something_that_is_not_an_output(tmp_path, capsys):
    """A folder, an SQLite file (DuckDB would try to download its sqlite extension), JSON: one
    line, exit 2, nothing written."""
    (tmp_path / "folder").mkdir()
    with sqlite3.connect(tmp_path / "refs.sqlite") as con:
        con.execute("CREATE TABLE t (a)")
    (tmp_path / "r.json").write_text("{}", encoding="utf-8")
    for name in ("folder", "refs.sqlite", "r.json"):
        assert main(["report", str(tmp_path / name), "--out", str(tmp_path / "s.html")]) == 2
        assert "not an unspin batch output" in capsys.readouterr().err
    assert not (tmp_path / "s.html").exists()


def test_report_options_that_cannot_work_are_refused(tmp_path, capsys):
    out = tmp_path / "out"
    open_store(out, {"format": "test"}).close()
    assert main(["report", str(out), "--top", "-3"]) == 2
    assert main(["report", str(out), "--out", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_articles_proven_altered_are_listed_first(tmp_path):
    """A copy a reference index proves altered tops the list even when its wording scores low."""
    rows = []
    for i, (score, inserted) in enumerate([(0.9, False), (0.15, True), (0.5, False)]):
        report = make_report(i + 1, [], score)
        report.passages = [Passage(0, 20, "inserted" if inserted else "matched", 1.0)]
        rows.append(report_row(Item(f"b/{i}", "unused", "text", {"title": f"Story {i}"}), "fast", report, 0.1))
    top = summary_of(tmp_path, rows).split("Most flagged articles")[1]
    assert top.index("Story 1") < top.index("Story 0") < top.index("Story 2")


def test_summary_says_what_it_summarises_and_keeps_time_honest(tmp_path):
    """The page names the input and settings, fits a phone, counts the dated articles, and puts
    1987 and 2024 years apart on the time axis instead of side by side."""
    out = build_output(tmp_path)
    settings = json.loads((out / "_unspin_batch.json").read_text(encoding="utf-8"))
    settings.update({"input": "/data/corpus.jsonl", "profile": "fast", "analyzers": ["techniques_fast", "verdict"],
                     "index": None, "unspin": "0.1.0"})
    (out / "_unspin_batch.json").write_text(json.dumps(settings), encoding="utf-8")
    page = tmp_path / "summary.html"
    assert main(["report", str(out), "--out", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "/data/corpus.jsonl" in html and "profile fast" in html and "techniques_fast, verdict" in html
    assert '<meta name="viewport"' in html
    assert "4 of the 5 analysed articles have a date" in html
    assert "months without articles have no point" in html  # 1987-03 and 2024-01 sit 36 years apart
    assert "all 3 sources" in html


def test_a_label_raised_by_a_reference_index_says_so(tmp_path):
    report = make_report(0, [], 0.06)
    report.verdict = Verdict(score=0.06, label="high")  # above its score's band: raised by the index
    assert "high: text proven inserted" in summary_of(tmp_path, [report_row(Item("altered", "t", "text", {}), "fast", report, 0.1)])


def test_a_label_raised_by_style_breaks_says_so_and_ranks_above_low_articles(tmp_path):
    """A wire story with propaganda written in, labelled medium by passages out of keeping with the
    rest (score 0.02), had been listed last, "medium (0.02)", under LOW articles scoring 0.31."""
    from unspin.report import Reason

    rows = []
    for i, score in enumerate((0.31, 0.22)):
        report = make_report(i + 1, [], score)
        rows.append(report_row(Item(f"plain-{i}", "t", "text", {"title": f"Plain {i}"}), "fast", report, 0.1))
    styled = make_report(1, ["Loaded_Language"], 0.02)
    styled.verdict = Verdict(score=0.02, label="medium", reasons=[Reason("Out of keeping with the rest: 1 passage ...", 0.2)])
    rows.append(report_row(Item("styled", "t", "text", {"title": "Styled"}), "fast", styled, 0.1))
    top = summary_of(tmp_path, rows).split("Most flagged articles")[1]
    assert top.index("Styled") < top.index("Plain 0") < top.index("Plain 1")
    assert "medium: passages out of keeping with the rest" in top and "score 0.02, the text alone" in top


def test_months_between_keeps_every_month():
    assert _months_between("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_line_chart_breaks_at_months_without_articles():
    svg = lines(["2024-01", "2024-02", "2024-03", "2024-04"], {"all": [1.0, None, 2.0, 3.0]})
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 1


def test_an_untitled_article_is_listed_by_its_headline(tmp_path):
    out = tmp_path / "out"
    store = open_store(out, {"format": "test"})
    text = "Port strike extended\n\nDock workers voted on Thursday to extend their strike, the union said."
    store.commit([report_row(Item("a4", "t", "text", {}), "fast", Report(text=text, layers_run=[]), 0.1)])
    store.close()
    page = tmp_path / "s.html"
    assert main(["report", str(out), "--out", str(page)]) == 0
    assert re.search(r'<a href="[^"]+">Port strike extended</a><br><span class="muted">a4</span>', page.read_text(encoding="utf-8"))


def test_a_new_summary_clears_the_reports_of_the_last_one_and_nothing_else(tmp_path):
    out = build_output(tmp_path)
    page = tmp_path / "summary.html"
    assert main(["report", str(out), "--out", str(page), "--top", "5"]) == 0
    (tmp_path / "summary-reports" / "my-notes.txt").write_text("mine", encoding="utf-8")
    assert main(["report", str(out), "--out", str(page), "--top", "2"]) == 0
    left = sorted(p.name for p in (tmp_path / "summary-reports").iterdir())
    assert len(left) == 3 and "my-notes.txt" in left


def test_the_summary_lists_the_reports_warnings_by_kind(tmp_path):
    """Mis-decoded text and texts with no verdict were only visible article by article."""
    corpus = tmp_path / "c.jsonl"
    body = "The city council met on Tuesday and approved a new budget for road repairs across the district. " * 3
    records = [{"id": "moji-1", "text": "It\u00e2\u20ac\u2122s official. " + body},
               {"id": "moji-2", "text": "Caf\u00c3\u00a9 owners say " + body},
               {"id": "short", "text": "Council approves the budget."},
               {"id": "clean", "text": body}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    run_batch(BatchSettings(input=corpus, out=out, analyzers=["verdict"]))
    data = collect(out)
    kinds = {kind: (n, ids) for kind, n, ids in data["warnings"]}
    assert kinds["text mis-decoded (mojibake): analysed as given"] == (2, ["moji-1", "moji-2"])
    assert kinds["no verdict: under 30 words"] == (1, ["short"])
    html = render_summary(data, [None] * len(data["top"]), source=str(out))
    assert '<h2 id="warnings">Warnings</h2>' in html and "moji-1, moji-2" in html


def test_report_on_a_duckdb_output_a_run_is_writing_says_so(tmp_path, capsys):
    """DuckDB lets no other process read a database a run holds open for writing: `unspin report`
    had called it 'not an unspin batch output (IO Error: Could not set lock ...)'."""
    import subprocess
    import sys

    out = tmp_path / "o8.duckdb"
    store = open_store(out, {"format": "test"})
    store.commit([report_row(Item("x1", "t", "text", {}), "fast", Report(text="Plain text."), 0.1)])
    store.close()
    writer = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); sys.stdin.read()", str(out)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        assert main(["report", str(out), "--out", str(tmp_path / "s.html")]) == 2
        err = capsys.readouterr().err
        assert "is being written by a batch run" in err and "not an unspin batch output" not in err
    finally:
        writer.communicate("")
    assert main(["report", str(out), "--out", str(tmp_path / "s.html")]) == 0  # the run over: it reads


def test_a_summary_named_without_html_is_written_with_a_warning(tmp_path, capsys):
    """`--out rep` wrote the page to a file called "rep", which a browser showed as its source with
    nothing said; the page is still written where asked, and the user is told how to name it."""
    out = tmp_path / "out"
    store = open_store(out, {"format": "test"})
    store.commit([report_row(Item("x1", "t", "text", {}), "fast", Report(text="Plain text."), 0.1)])
    store.close()
    assert main(["report", str(out), "--out", str(tmp_path / "rep")]) == 0
    assert (tmp_path / "rep").read_text(encoding="utf-8").startswith("<!doctype html>")
    err = capsys.readouterr().err
    assert "has no .html suffix" in err and "name it rep.html" in err
    assert main(["report", str(out), "--out", str(tmp_path / "rep.html")]) == 0
    assert "suffix" not in capsys.readouterr().err


def test_a_headline_without_a_source_is_not_counted_unsourced():
    """The reports badge a headline that names no source "headline", not "no source" (a headline cites
    no one by convention): a row's ``n_unsourced`` counts as the reports do, so a researcher's share of
    unsourced claims is not raised by every article's title (5.5% of the claims of a 300-article study)."""
    text = "Prices soar 40 percent\n\nPrices rose 40 percent, a source said. Rents doubled."
    claims = [Claim(0, 22, 0.8, Attribution(kind="none"), headline=True),
              Claim(24, 62, 0.8, Attribution(kind="vague")), Claim(63, 77, 0.8, Attribution(kind="none"))]
    row = report_row(Item("a", "t", "text", {}), "fast", Report(text=text, claims=claims, layers_run=["claims"]), 0.1)
    assert (row["n_claims"], row["n_unsourced"], row["n_vague"]) == (3, 1, 1)
