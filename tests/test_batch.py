"""`unspin batch` in-process: every input format, failure isolation, resume bookkeeping, DuckDB output.

Most tests run the batch with ``analyzers=()`` (parse only): what is tested is the batching, which
does not depend on which models exist; `test_fast_profile_rows_summarise_the_report` runs the real
fast profile end to end.
"""

from __future__ import annotations

import csv
import json

import pytest

from unspin.batch import BatchSettings, run_batch
from unspin.batch.sources import Columns, read_items
from unspin.batch.store import ParquetStore, open_store, read_rows
from unspin.cli import main
from unspin.errors import ConfigurationError
from unspin.report import Report

SUBJECTS = ("The port authority", "The city council", "The health minister", "A regional bank", "The rail union",
            "The school board")
ACTIONS = ("raised its fees by {n} percent", "delayed the vote until {n} March", "hired {n} new inspectors",
           "closed {n} branches", "announced a {n} million pound plan")


def article(i: int) -> str:
    """A short, distinct news-like article (title line, blank line, two sentences)."""
    who, what = SUBJECTS[i % len(SUBJECTS)], ACTIONS[i % len(ACTIONS)].format(n=i + 2)
    return (f"{who} acts on budget, report {i}\n\n{who} {what} on Tuesday, officials said. "
            f"Critics said the decision number {i} was rushed and would hurt families.")


def write_folder(root, n: int) -> list[str]:
    ids = []
    for i in range(n):
        rel = f"{'sub/' if i % 3 == 0 else ''}a{i:03d}.txt"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(article(i), encoding="utf-8")
        ids.append(rel)
    return ids


def rows(out) -> list[dict]:
    """Every row of a batch output, as dicts."""
    con, rel = read_rows(out)
    try:
        names = rel.columns
        return [dict(zip(names, r)) for r in rel.fetchall()]
    finally:
        con.close()


def settings(input, out, **kw) -> BatchSettings:
    kw.setdefault("analyzers", ())
    kw.setdefault("chunk_size", 2)
    return BatchSettings(input=input, out=out, **kw)


def test_folder_of_text_and_html(tmp_path):
    corpus = tmp_path / "corpus"
    ids = write_folder(corpus, 4)
    (corpus / "page.html").write_text(
        "<html><head><title>Library closes</title></head><body><article><p>The council voted on Monday to close "
        "the town library, officials said. Critics called it a disgrace.</p></article></body></html>", encoding="utf-8")
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4 not picked up")
    result = run_batch(settings(corpus, tmp_path / "out"))
    assert (result.ok, result.failed) == (5, 0)
    got = {r["id"]: r for r in rows(tmp_path / "out")}
    assert set(got) == set(ids) | {"page.html"}
    report = Report.from_json(got["sub/a000.txt"]["report_json"])
    assert report.text == article(0)  # the exact text: offsets in the report index it
    assert "close the town library" in Report.from_json(got["page.html"]["report_json"]).text
    assert got["sub/a000.txt"]["n_sentences"] == len(report.sentences) > 0


def test_jsonl_records_meta_and_bad_lines(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": f"j{i}", "text": article(i), "source": "Daily Example", "date": "2024-03-0" + str(i + 1)})
             for i in range(3)]
    lines.insert(1, "{not json")
    lines.append(json.dumps({"id": "no-text", "title": "nothing here"}))
    lines.append(json.dumps(["a", "list"]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_batch(settings(path, tmp_path / "out"))
    assert (result.ok, result.failed) == (3, 3)
    got = {r["id"]: r for r in rows(tmp_path / "out")}
    assert got["j2"]["source"] == "Daily Example" and got["j2"]["date"] == "2024-03-03"
    assert got["no-text"]["error_code"] == "missing_text" and "text" in got["no-text"]["error"]
    bad = sorted(r["error"] for r in got.values() if r["error_code"] == "bad_record")
    assert bad == ["line 2 of corpus.jsonl is not a JSON object (JSONDecodeError)",
                   "line 6 of corpus.jsonl is a JSON list, not an object"]


def test_csv_text_survives_quotes_commas_and_newlines(tmp_path):
    path = tmp_path / "corpus.csv"
    tricky = 'He said, "we will not pay",\nand left.\n\nThe union, however, said the offer was fair.'
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["article_id", "body", "source"])
        w.writerow(["c1", tricky, "Wire"])
        w.writerow(["c2", article(7), ""])
        w.writerow(["c3", "", "Wire"])
    result = run_batch(settings(path, tmp_path / "out"))
    got = {r["id"]: r for r in rows(tmp_path / "out")}
    assert (result.ok, result.failed) == (2, 1)
    assert Report.from_json(got["c1"]["report_json"]).text == tricky
    assert got["c1"]["source"] == "Wire" and got["c2"]["source"] is None
    assert got["c3"]["error_code"] == "empty_input"


def test_parquet_input_is_streamed_in_record_batches(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    n = 7
    table = pa.table({"id": [f"p{i}" for i in range(n)], "text": [article(i) for i in range(n)],
                      "source": ["Outlet A" if i % 2 else "Outlet B" for i in range(n)]})
    path = tmp_path / "corpus.parquet"
    pq.write_table(table, path, row_group_size=3)
    from unspin.batch import sources

    seen = list(sources._parquet(path, Columns(), batch_size=2))
    assert [i.id for i in seen] == [f"p{i}" for i in range(n)]
    result = run_batch(settings(path, tmp_path / "out"))
    assert result.ok == n
    assert {r["source"] for r in rows(tmp_path / "out")} == {"Outlet A", "Outlet B"}


def test_named_columns_are_used_and_a_missing_one_is_refused(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"key": "k1", "story": article(1)}) + "\n", encoding="utf-8")
    assert [i.id for i in read_items(path, Columns(id="key", text="story"))] == ["k1"]
    with pytest.raises(Exception, match="no id column 'uid'"):
        list(read_items(path, Columns(id="uid", text="story")))


def test_bad_articles_are_recorded_and_the_run_goes_on(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    write_folder(corpus, 4)
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "empty.txt").write_bytes(b"   \n")
    (corpus / "cyrillic.txt").write_bytes("\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0441\u043a\u0430\u0437\u0430\u043b.".encode("cp1251"))
    (corpus / "huge.txt").write_text("word " * 400, encoding="utf-8")
    monkeypatch.setattr("unspin.inputs.MAX_BYTES", 1000)  # read_file (the size check batch folders use) reads it
    code = main(["batch", str(corpus), "--out", str(tmp_path / "out"), "--analyzers", "", "-k", "3", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 3
    assert "4 ok, 4 failed" in err
    got = {r["id"]: r for r in rows(tmp_path / "out")}
    assert len(got) == 8
    assert {k: got[k]["error_code"] for k in ("binary.txt", "empty.txt", "cyrillic.txt", "huge.txt")} == {
        "binary.txt": "binary_input", "empty.txt": "empty_input", "cyrillic.txt": "not_utf8", "huge.txt": "too_large"}
    assert all(got[k]["status"] == "ok" and got[k]["report_json"] for k in got if k.startswith(("a", "sub/")))


def test_an_unexpected_exception_fails_only_its_article(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_folder(corpus, 3)
    from unspin.batch import rows as rows_module

    real = rows_module.to_source

    def flaky(item):
        if item.id == "a001.txt":
            raise RuntimeError("analyser bug")
        return real(item)

    monkeypatch.setattr(rows_module, "to_source", flaky)
    result = run_batch(settings(corpus, tmp_path / "out"))
    assert (result.ok, result.failed) == (2, 1)
    assert result.errors == [("a001.txt", "internal_error", "RuntimeError: analyser bug")]


def test_rerun_skips_done_and_retry_failed_redoes_failures(tmp_path):
    corpus = tmp_path / "corpus"
    write_folder(corpus, 3)
    (corpus / "later.txt").write_bytes(b"\x00\x01\x02")  # binary
    out = tmp_path / "out"
    first = run_batch(settings(corpus, out))
    assert (first.ok, first.failed) == (3, 1)
    again = run_batch(settings(corpus, out))
    assert (again.processed, again.skipped, again.skipped_failed) == (0, 4, 1) and again.any_failed
    (corpus / "later.txt").write_text("The café reopened on Friday, its owner said.", encoding="utf-8")
    retried = run_batch(settings(corpus, out, retry_failed=True))
    assert (retried.retried, retried.ok, retried.failed, retried.skipped) == (1, 1, 0, 3) and not retried.any_failed
    got = rows(out)
    assert sorted(r["id"] for r in got) == ["a001.txt", "a002.txt", "later.txt", "sub/a000.txt"]
    assert all(r["status"] == "ok" for r in got)


def test_new_articles_in_the_input_are_added_on_rerun(tmp_path):
    corpus = tmp_path / "corpus"
    write_folder(corpus, 2)
    out = tmp_path / "out"
    run_batch(settings(corpus, out))
    (corpus / "new.txt").write_text(article(9), encoding="utf-8")
    result = run_batch(settings(corpus, out))
    assert (result.ok, result.skipped) == (1, 2)
    assert sorted(r["id"] for r in rows(out)) == ["a001.txt", "new.txt", "sub/a000.txt"]


def test_duplicate_ids_in_the_input_give_one_row(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": "same", "text": article(i)}) + "\n" for i in range(3)), encoding="utf-8")
    result = run_batch(settings(path, tmp_path / "out"))
    assert (result.ok, result.duplicates) == (1, 2)
    assert "2 records skipped: their ids repeat earlier records (same, same)" in result.summary()
    assert [r["id"] for r in rows(tmp_path / "out")] == ["same"]
    # resumed: the repeats are still repeats, not articles already done
    again = run_batch(settings(path, tmp_path / "out"))
    assert (again.ok, again.skipped, again.duplicates) == (0, 1, 2)


def test_a_non_utf8_csv_cell_is_kept_readable_in_the_metadata(tmp_path):
    path = tmp_path / "c.csv"
    quoted = '"' + article(1).replace('"', '""') + '"'
    path.write_bytes(b"id,title,text\nx,Caf\xe9 news," + quoted.encode() + b"\n")
    run_batch(settings(path, tmp_path / "out"))
    (row,) = rows(tmp_path / "out")
    assert "b'" not in row["meta_json"] and "Caf\ufffd news" in json.loads(row["meta_json"]).get("title", "")


def test_the_input_s_other_columns_reach_meta_json_for_a_per_dataset_query(tmp_path):
    """A study's corpus carries its own columns (`dataset`, `split`): they are in `meta_json` of every
    row, ok or failed, so rates per dataset need no join back to the input; the text is not copied."""
    pd = pytest.importorskip("pandas")
    path = tmp_path / "c.parquet"
    pd.DataFrame({"id": ["a", "b", "c"], "text": [article(0), "", article(2)], "html": ["<p>x</p>"] * 3,
                  "dataset": ["bbc", "bbc", "buzzfeed"], "year": [2005, 2005, float("nan")], "label": ["sport", None, "true"]},
                 ).to_parquet(path, index=False)
    run_batch(settings(path, tmp_path / "out"))
    meta = {r["id"]: (r["status"], json.loads(r["meta_json"])) for r in rows(tmp_path / "out")}
    assert meta == {"a": ("ok", {"label": "sport", "dataset": "bbc", "year": 2005.0}),
                    "b": ("error", {"dataset": "bbc", "year": 2005.0}),
                    "c": ("ok", {"label": "true", "dataset": "buzzfeed"})}
    report = Report.from_json(next(r["report_json"] for r in rows(tmp_path / "out") if r["id"] == "a"))
    assert "dataset" not in report.meta  # the report's meta keeps to what unspin knows of an article


def test_other_settings_are_refused_not_mixed(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    write_folder(corpus, 2)
    out = tmp_path / "out"
    run_batch(settings(corpus, out))
    with pytest.raises(ConfigurationError, match="other settings.*profile"):
        run_batch(settings(corpus, out, profile="full"))
    other = tmp_path / "other"
    write_folder(other, 1)
    code = main(["batch", str(other), "--out", str(out), "--analyzers", "", "--no-progress"])
    assert code == 2 and "other settings" in capsys.readouterr().err
    assert len(rows(out)) == 2


@pytest.mark.parametrize("name", ["out", "out.duckdb"])
def test_an_output_with_nothing_committed_takes_the_fixed_settings(tmp_path, name):
    """A run that stopped before committing anything (its index or a model failed to load) must not
    block the rerun with the problem fixed."""
    corpus = tmp_path / "corpus"
    write_folder(corpus, 2)
    out = tmp_path / name
    open_store(out, {"profile": "fast", "index": {"path": "refs.sqlite", "sha256": "bad"}}).close()
    result = run_batch(settings(corpus, out))
    assert result.ok == 2 and len(rows(out)) == 2


def test_a_foreign_folder_or_a_second_writer_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    write_folder(corpus, 1)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not an unspin batch output"):
        run_batch(settings(corpus, foreign))
    store = open_store(tmp_path / "out", {"format": "x"})
    try:
        with pytest.raises(ConfigurationError, match="another unspin batch run"):
            ParquetStore(tmp_path / "out").open({"format": "x"})
    finally:
        store.close()


def test_leftover_tmp_and_damaged_parts_are_cleaned_and_redone(tmp_path):
    corpus = tmp_path / "corpus"
    ids = write_folder(corpus, 6)
    out = tmp_path / "out"
    run_batch(settings(corpus, out, chunk_size=2))
    parts = sorted(out.glob("part-*.parquet"))
    assert len(parts) == 3
    parts[1].write_bytes(parts[1].read_bytes()[:40])  # a part damaged after the fact
    (out / ".tmp-dead-part-000009-aaaa.parquet").write_bytes(b"half written")
    result = run_batch(settings(corpus, out, chunk_size=2))
    assert result.ok == 2 and any("set aside" in w for w in result.warnings)
    assert not list(out.glob(".tmp-*"))
    assert sorted(r["id"] for r in rows(out)) == sorted(ids)


def test_a_part_damaged_in_the_middle_is_a_clear_report_error_and_redone_on_resume(tmp_path, capsys):
    """Zeros in the middle of a part leave its ids readable but not its reports: the resume must set
    it aside all the same, and the report must say what to do instead of a traceback."""
    corpus = tmp_path / "corpus"
    ids = write_folder(corpus, 4)
    out = tmp_path / "out"
    run_batch(settings(corpus, out, chunk_size=2))
    part = sorted(out.glob("part-*.parquet"))[1]
    data = bytearray(part.read_bytes())
    mid = len(data) // 2
    data[mid - 1500 : mid + 1500] = bytes(3000)
    part.write_bytes(bytes(data))
    assert main(["report", str(out), "--out", str(tmp_path / "s.html")]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "rerun `unspin batch` with the same settings" in err
    result = run_batch(settings(corpus, out, chunk_size=2))
    assert result.ok == 2 and any("set aside" in w for w in result.warnings)
    assert sorted(r["id"] for r in rows(out)) == sorted(ids)
    assert main(["report", str(out), "--out", str(tmp_path / "s.html")]) == 0


def test_duckdb_output_has_the_same_rows_and_resumes(tmp_path):
    corpus = tmp_path / "corpus"
    ids = write_folder(corpus, 3)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "out.duckdb"
    first = run_batch(settings(corpus, db))
    assert (first.format, first.ok, first.failed) == ("duckdb", 3, 1)
    again = run_batch(settings(corpus, db))
    assert again.processed == 0 and again.skipped == 4
    got = rows(db)
    assert sorted(r["id"] for r in got) == sorted(ids + ["empty.txt"])
    run_batch(settings(corpus, tmp_path / "pq"))
    par = {r["id"]: r for r in rows(tmp_path / "pq")}
    for r in got:
        assert r["status"] == par[r["id"]]["status"] and r["n_sentences"] == par[r["id"]]["n_sentences"]


def test_fast_profile_rows_summarise_the_report(tmp_path):
    """The real fast profile: each count column agrees with the Report JSON stored beside it."""
    from unspin.batch.rows import TECHNIQUE_COLUMNS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "loaded.txt").write_text(
        "Traitors in parliament betray our great nation\n\nThe corrupt, cowardly elite have betrayed every patriot, "
        "a spokesman said. Everyone knows the disastrous plan will destroy our country. Unemployment rose by 40 percent, "
        "experts say.", encoding="utf-8")
    write_folder(corpus, 1)
    result = run_batch(BatchSettings(input=corpus, out=tmp_path / "out", profile="fast"))
    assert result.failed == 0
    for row in rows(tmp_path / "out"):
        report = Report.from_json(row["report_json"])
        counts = report.technique_counts()
        assert row["n_techniques"] == sum(counts.values())
        assert {t: row[c] for t, c in TECHNIQUE_COLUMNS.items() if row[c]} == counts
        assert row["n_claims"] == len(report.claims)
        assert row["n_unsourced"] == sum(1 for c in report.claims if c.source_kind() == "none")
        assert row["n_passages"] == len(report.passages)
        assert row["verdict_label"] == (report.verdict.label if report.verdict else None)
        assert row["layers"] == ",".join(report.layers_run)


def test_bad_options_are_clear_errors(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    write_folder(corpus, 1)
    out = str(tmp_path / "out")
    cases = [
        (["--index", str(tmp_path / "missing.sqlite")], "no such index"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
        (["--chunk-size", "0"], "at least 1"),
        (["--analyzers", "nonsense"], "unknown analyser"),
    ]
    for extra, words in cases:
        assert main(["batch", str(corpus), "--out", out, "--no-progress", *extra]) == 2
        assert words in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "nope.xml"), "--out", out]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_scheduler_address_where_nothing_listens_is_refused_at_once(tmp_path, capsys):
    """The Dask client waits 20 s for a scheduler that is not there; a refused connection says so
    now, naming what to do."""
    import socket

    corpus = tmp_path / "corpus"
    write_folder(corpus, 1)
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    for address, words in ((f"tcp://127.0.0.1:{port}", "nothing is listening there"),
                           ("tcp://127.0.0.1", "needs a host and a port"),
                           ("tcp://no-such-host.invalid:8786", "unknown host")):
        assert main(["batch", str(corpus), "--out", str(tmp_path / "out"), "--no-progress", "--scheduler", address]) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err


def test_an_input_with_no_articles_is_an_error_not_an_empty_output(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "none.jsonl").write_text("\n", encoding="utf-8")
    for source, words in [(empty, "no article files (.htm, .html"), (tmp_path / "none.jsonl", "no records")]:
        assert main(["batch", str(source), "--out", str(tmp_path / "out"), "--no-progress"]) == 2
        assert words in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_record_problems_fail_their_record_and_say_where(tmp_path):
    """A record without the id column, a line that is not UTF-8, a CSV cell over the size limit:
    each is one error row (at the line an editor shows), and the run goes on."""
    path = tmp_path / "het.jsonl"
    path.write_bytes(b"\n".join([
        json.dumps({"doc": "d1", "text": article(1)}).encode(), b"",
        json.dumps({"text": article(2)}).encode(),  # no "doc"
        b"", json.dumps({"doc": "cafe-1", "text": "caf\u00e9 " + article(3)}, ensure_ascii=False).encode("latin-1"),
        json.dumps({"doc": "d4", "text": article(4)}).encode()]) + b"\n")
    got = {i.id: i for i in read_items(path, Columns(id="doc"))}
    (missing,) = (i for i in got.values() if i.error and i.error[0] == "missing_id")
    assert "line 3 has no 'doc' column" in missing.error[1]  # the line an editor shows (the 2nd record)
    assert got["cafe-1"].error == ("not_utf8", "line 5 of het.jsonl is not valid UTF-8")
    assert got["d1"].error is None and got["d4"].error is None
    with pytest.raises(Exception, match="no text column 'story'"):
        list(read_items(path, Columns(id="doc", text="story")))  # misspelt: refused before any work

    big = tmp_path / "huge.csv"
    with open(big, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerow(["small", article(1)])
        w.writerow(["huge", "word " * 2_300_000])  # 11.5 MB: over csv's own 128 KB default and unspin's 10 MB
    result = run_batch(settings(big, tmp_path / "out-big"))
    assert (result.ok, result.failed) == (1, 1)
    assert {r["id"]: r["error_code"] for r in rows(tmp_path / "out-big")}["huge"] == "too_large"


def test_the_progress_bar_shows_a_rate_after_a_single_chunk():
    """Rich's moving speed needs two updates: a run of one chunk showed '- articles/s' throughout."""
    import time

    from unspin.cli.batch import _progress

    bar = _progress()
    bar.start(5)
    try:
        time.sleep(0.05)
        bar.advance(5, 0)
        assert bar.bar.tasks[0].fields["rate"] != "-"
    finally:
        bar.stop()


@pytest.mark.parametrize("name", ["export.csv", "export.csv.gz"])
def test_a_csv_saved_by_excel_with_a_byte_order_mark_keeps_its_id_column(tmp_path, name):
    """Excel's "CSV UTF-8" starts the file with a byte-order mark: the first column had been named
    '\\ufeffid', so the ids became row-N (and `--id-column id` was refused)."""
    import gzip

    data = ("id,text,source\r\nx1,\"The mayor said on Monday that the bridge would close for repairs.\",bbc\r\n"
            .encode("utf-8-sig"))
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    for columns in (Columns(), Columns(id="id")):
        (item,) = read_items(path, columns)
        assert (item.id, item.meta, item.error) == ("x1", {"source": "bbc"}, None)


def test_records_without_an_id_keep_their_id_when_the_file_is_reordered(tmp_path):
    """A record with no id is named by its text, not its place: a crawler's record without an id
    after one whose id is "row-2" had been row-2 too (and skipped as a repeat), and a re-export in
    another order made a resumed run skip new articles as done."""
    first = [{"id": "row-2", "text": article(0)}, {"text": article(1), "source": "Wire"}]
    path = tmp_path / "crawl.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in first), encoding="utf-8")
    result = run_batch(settings(path, tmp_path / "out"))
    assert (result.ok, result.duplicates, result.derived_ids) == (2, 0, 1)
    assert "1 record without an id named by its text (sha-...)" in result.summary()
    # the next export: a new article first, the same two after it in another order
    again = [{"text": article(2)}, {"text": article(1), "source": "Wire"}, {"id": "row-2", "text": article(0)}]
    path.write_text("".join(json.dumps(r) + "\n" for r in again), encoding="utf-8")
    result = run_batch(settings(path, tmp_path / "out"))
    assert (result.ok, result.skipped) == (1, 2)
    got = {r["id"]: r for r in rows(tmp_path / "out")}
    assert len(got) == 3 and {Report.from_json(r["report_json"]).text for r in got.values()} == {article(i) for i in range(3)}
    # the same text twice, without ids: two articles, not a repeat
    twice = tmp_path / "twice.jsonl"
    twice.write_text(2 * (json.dumps({"text": article(5)}) + "\n"), encoding="utf-8")
    ids = [i.id for i in read_items(twice)]
    assert ids[0].startswith("sha-") and ids[1] == ids[0] + "-2"


def test_a_folder_of_legacy_windows_1252_text_is_analysed_with_a_warning(tmp_path):
    """Every .txt of a daily corpus saved before its move to UTF-8 had been a not_utf8 error row."""
    from unspin.batch.summary import collect

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "2004-03-12.txt").write_bytes(("Caf\u00e9 owners win \u201cfair\u201d rent deal\n\n" + article(1)).encode("cp1252"))
    (corpus / "2024-03-12.txt").write_text(article(2), encoding="utf-8")
    result = run_batch(settings(corpus, tmp_path / "out"))
    assert (result.ok, result.failed) == (2, 0)
    got = {r["id"]: r for r in rows(tmp_path / "out")}
    report = Report.from_json(got["2004-03-12.txt"]["report_json"])
    assert report.text.startswith("Caf\u00e9 owners win \u201cfair\u201d rent deal")
    assert any("read as Windows-1252" in w for w in report.warnings)
    kinds = {kind: (n, ids) for kind, n, ids in collect(tmp_path / "out")["warnings"]}
    assert kinds["not UTF-8: read as Windows-1252"] == (1, ["2004-03-12.txt"])


def test_a_folder_run_reads_markdown_names_what_it_ignored_and_titles_text_files(tmp_path, capsys):
    """notes.pdf and article.txt.gz were left out without a word ('46 ok, 10 failed'), .md files
    that `unspin analyze` reads were ignored, and the title column was empty for every .txt file
    although its report shows the headline."""
    corpus = tmp_path / "corpus"
    write_folder(corpus, 2)
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    (corpus / "sub" / "article.txt.gz").write_bytes(b"\x1f\x8b compressed")
    (corpus / ".DS_Store").write_bytes(b"\x00\x00")  # hidden: not worth a word
    (corpus / "column.md").write_text("Harbour strike ends\n\nDock workers voted on Friday to end the strike, "
                                      "the union said.", encoding="utf-8")
    code = main(["batch", str(corpus), "--out", str(tmp_path / "out"), "--analyzers", "", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 0 and "3 ok, 0 failed" in err
    assert "2 files ignored, not article files (.htm, .html, .md, .text, .txt, .xhtml): notes.pdf, sub/article.txt.gz" in err
    got = {r["id"]: r for r in rows(tmp_path / "out")}
    assert got["column.md"]["title"] == "Harbour strike ends"
    assert got["a001.txt"]["title"] == article(1).split("\n")[0]


def test_a_header_naming_a_column_twice_in_different_case_reads_the_first(tmp_path):
    """A CSV joined from two exports, `id,text,Text` (an empty 'Text' column at the end): the text is
    read from 'text', the exact name, not from 'Text' (the last of the two had won: every record was
    an empty_input row); without an exact name, the first of them in the header is read."""
    path = tmp_path / "joined.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ID", "id", "text", "Text"])
        w.writerow(["upper", "a1", article(1), ""])
    (item,) = read_items(path)
    assert (item.id, item.data, item.error) == ("a1", article(1), None)
    other = tmp_path / "other.csv"
    with open(other, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Body", "BODY"])
        w.writerow([article(2), "the second"])
    (item,) = read_items(other)
    assert (item.data, item.error) == (article(2), None)


def test_a_csv_without_a_text_column_names_the_columns_looked_for_and_those_it_has(tmp_path, capsys):
    """An export whose text is under 'story': each row fails as missing_text, the message naming the
    columns the text is read from and the file's own, as `unspin index add` names them (it said 'row 1
    has no text (or html) column', so which names would do was not said)."""
    path = tmp_path / "export.csv"
    path.write_text(f'id,headline,story\ns1,Fees raised,"{article(1)}"\n', encoding="utf-8")
    assert main(["batch", str(path), "--out", str(tmp_path / "out"), "--analyzers", "", "--no-progress"]) == 3
    assert ("failed s1: [missing_text] row 1 has no text column (text, body, content, article) or html column "
            "(html, raw_html); its columns are: id, headline, story") in capsys.readouterr().err


def test_a_whole_number_id_stored_as_a_float_comes_out_as_the_integer_and_old_outputs_resume(tmp_path, monkeypatch, capsys):
    """An integer id column with a missing cell is a float column in Parquet (and 7.0 in JSON): its ids
    are "101", not "101.0", so the output joins back to the input; a CSV's text is kept as written.
    An output written before, with "101.0", resumes without analysing those articles again."""
    pd = pytest.importorskip("pandas")
    path = tmp_path / "c.parquet"
    pd.DataFrame({"id": [101, None, 103], "text": [article(1), article(2), article(3)]}).to_parquet(path, index=False)
    assert [i.id for i in read_items(path)][::2] == ["101", "103"]
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(json.dumps({"id": 7.0, "text": article(1)}) + "\n" + json.dumps({"id": 7.5, "text": article(2)}) + "\n")
    assert [i.id for i in read_items(jsonl)] == ["7", "7.5"]
    written = tmp_path / "c.csv"
    written.write_text('id,text\n101.0,"Officials said so, on Tuesday."\n', encoding="utf-8")
    assert [i.id for i in read_items(written)] == ["101.0"]

    with monkeypatch.context() as m:  # the output of an older unspin, which wrote str(101.0)
        m.setattr("unspin.batch.sources.record_id", str)
        run_batch(settings(path, tmp_path / "out"))
    assert sorted(r["id"] for r in rows(tmp_path / "out") if not r["id"].startswith("sha-")) == ["101.0", "103.0"]
    assert main(["batch", str(path), "--out", str(tmp_path / "out"), "--analyzers", "", "--no-progress"]) == 0
    assert "3 already done; 2 of them done under their id as an older unspin wrote it" in capsys.readouterr().err
    assert len(rows(tmp_path / "out")) == 3  # nothing analysed twice


def test_an_empty_or_null_text_cell_says_where_it_is(tmp_path):
    """A null or blank text cell is an empty_input row whose message names the record and column, as a
    cell of the wrong type's does (it had said only "the article is empty")."""
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": article(1)}, {"id": "null", "text": None}, {"id": "blank", "text": " \n", "html": None},
        {"id": "int", "text": 5}]) + "\n", encoding="utf-8")
    run_batch(settings(path, tmp_path / "out"))
    got = {r["id"]: (r["error_code"], r["error"]) for r in rows(tmp_path / "out") if r["status"] == "error"}
    assert got == {"null": ("empty_input", "line 2: column 'text' is empty: there is no text to analyse"),
                   "blank": ("empty_input", "line 3: columns 'text' and 'html' are empty: there is no text to analyse"),
                   "int": ("bad_input", "line 4: column 'text' holds int, not text")}


def test_the_input_s_other_columns_are_cut_to_1000_characters_in_meta_json(tmp_path):
    """A long `summary` column, or the text under a name unspin does not know (a missing_text row),
    reaches meta_json as its first 1,000 characters and "…", not whole; short values are kept as they are."""
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": article(1), "summary": "s" * 5000, "split": "train", "n": 3},
        {"id": "b", "story": "w" * 20000}]) + "\n", encoding="utf-8")
    run_batch(settings(path, tmp_path / "out"))
    meta = {r["id"]: json.loads(r["meta_json"]) for r in rows(tmp_path / "out")}
    assert meta == {"a": {"summary": "s" * 1000 + "\u2026", "split": "train", "n": 3}, "b": {"story": "w" * 1000 + "\u2026"}}
