"""The reference index: a SQLite file that adds, lists, removes and finds articles, and refuses bad
input one item at a time without losing the rest."""

from __future__ import annotations

import json
import sqlite3

import pytest

from unspin.cli import main
from unspin.errors import ConfigurationError, InputError
from unspin.splices.index import ReferenceIndex, RefDoc
from unspin.splices.sources import Problem, iter_references

HARBOUR = (
    "Dock workers at Port Elling voted on Thursday to extend their strike by another week, after talks with the port "
    "authority over pay and shift patterns broke down for a second time. The Harbour Workers' Union said 1,840 of its "
    "members took part in the ballot and 71 percent backed the extension."
)
BUDGET = (
    "The city council approved a budget of 212 million euros on Tuesday, with more money for school repairs and "
    "less for road building. The opposition voted against it, saying the plan left too little for public transport "
    "in the outer districts of the city."
)
FLOODS = (
    "Heavy rain flooded parts of the river valley overnight and about 300 residents spent the night in sports halls, "
    "the regional fire service said. Two bridges were closed and train services between the two largest towns were "
    "suspended until further notice."
)


def test_add_list_search_remove_round_trip(tmp_path):
    path = tmp_path / "refs.sqlite"
    with ReferenceIndex.open(path, create=True) as index:
        assert index.add([RefDoc("harbour", "Strike extended", HARBOUR, "northwire"), RefDoc("budget", "Budget", BUDGET)]) == (2, 0)
        assert index.add([RefDoc("floods", "Floods", FLOODS)]) == (1, 0)
    with ReferenceIndex.open(path, readonly=True) as index:
        assert [e.id for e in index.entries()] == ["harbour", "budget", "floods"]
        assert index.get("harbour").text == HARBOUR
        spliced = HARBOUR.replace("their strike", "their illegal, reckless strike").upper()
        hits = index.search(spliced)
        assert hits[0][0].id == "harbour" and hits[0][0].title == "Strike extended"
        assert 0.5 < hits[0][0].containment < 1.0
        assert all(h.id != "harbour" for h, _ in hits[1:])
        assert index.search("nothing of the sort appears anywhere in these articles at all") == []
    with ReferenceIndex.open(path) as index:
        assert index.remove(["harbour", "nope"]) == ["nope"]
        assert len(index) == 2
        assert index.search(HARBOUR) == []
        # no band rows of the removed document are left behind
        assert index.conn.execute("SELECT COUNT(*) FROM lsh WHERE doc NOT IN (SELECT rowid FROM docs)").fetchone()[0] == 0


def test_adding_an_id_again_replaces_it(tmp_path):
    with ReferenceIndex.open(tmp_path / "r.sqlite", create=True) as index:
        index.add([RefDoc("a", "old", HARBOUR)])
        assert index.add([RefDoc("a", "new", BUDGET)]) == (0, 1)
        assert len(index) == 1 and index.get("a").title == "new"
        assert index.search(HARBOUR) == [] and index.search(BUDGET)[0][0].id == "a"


def test_opening_what_is_not_an_index_is_refused(tmp_path):
    with pytest.raises(InputError, match="no reference index"):
        ReferenceIndex.open(tmp_path / "missing.sqlite")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(InputError, match="not an SQLite file"):
        ReferenceIndex.open(text)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(InputError, match="not an unspin reference index"):
        ReferenceIndex.open(other)
    with pytest.raises(InputError, match="folder"):
        ReferenceIndex.open(tmp_path)


def test_passage_hashes_are_removed_with_their_document_and_other_hashing_is_refused(tmp_path):
    """Removing a document takes its winnowed shingle hashes (``grams``) with it; a file whose
    ``grams`` were hashed otherwise (another window) is refused with a message to rebuild, rather
    than tracing nothing."""
    path = tmp_path / "refs.sqlite"
    with ReferenceIndex.open(path, create=True) as index:
        index.add([RefDoc("a", "Budget", BUDGET), RefDoc("b", "Floods", HARBOUR)])
        assert index.find_passage(" ".join(BUDGET.split()[5:17]))[0].id == "a"
        index.remove(["a"])
        rows = index.stats()["grams_rows"]
        index.remove(["b"])
        assert rows > 0 and index.stats()["grams_rows"] == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = 'winnowed crc32 of 4-word shingles, window 9' WHERE key = 'grams'")
    with pytest.raises(ConfigurationError, match="hashes passages differently.*rebuild"):
        ReferenceIndex.open(path)


def test_a_passage_of_more_hashes_than_sqlite_binds_is_still_looked_up(tmp_path, monkeypatch):
    """A passage is looked up by every shingle hash it has; one long enough to need more variables than
    SQLite binds in a statement (32,766 by default; an article may run to a million characters) is
    looked up by its winnowed hashes alone, and still finds the document that holds it."""
    import unspin.splices.index as index_module

    monkeypatch.setattr(index_module, "MAX_QUERY_KEYS", 20)
    with ReferenceIndex.open(tmp_path / "refs.sqlite", create=True) as index:
        index.add([RefDoc("a", "Budget", BUDGET), RefDoc("b", "Floods", HARBOUR)])
        assert len(BUDGET.split()) > 40
        assert index.find_passage(BUDGET)[0].id == "a"


def test_more_excluded_stories_than_sqlite_binds_still_find_the_passage(tmp_path):
    """find_passage(exclude=...) with more ids than SQLite binds in a statement (32,766 today, 999
    before 3.32, set here so the index can be small) finds the one story not excluded, or None; all
    the candidates a long exclusion made room for had been read in one query, and it failed as "could
    not read the reference index"."""
    passage = "The harbour board said it had made a fair offer and urged the union to put it to a vote of its members."
    with ReferenceIndex.open(tmp_path / "refs.sqlite", create=True) as index:
        index.add([RefDoc(f"s{i}", "Strike", f"Story {i} opens with item {i}. {passage}") for i in range(1_100)])
        index.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        excluded = [f"s{i}" for i in range(1_100) if i != 617] + [f"gone{i}" for i in range(500)]
        assert index.find_passage(passage, exclude=excluded)[0].id == "s617"
        assert index.find_passage(passage, exclude=excluded + ["s617"]) is None
        hit, _ = index.find_passage(passage, exclude=["s0"])
        assert hit.id != "s0" and hit.containment == 1.0


def test_bad_inputs_are_reported_one_by_one(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "budget.txt").write_text("Council budget\n\n" + BUDGET, encoding="utf-8")
    (tmp_path / "docs" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (tmp_path / "docs" / "page.html").write_text(f"<html><head><title>Floods</title></head><body><article><p>{FLOODS}</p></article></body></html>")
    jsonl = tmp_path / "wire.jsonl"
    jsonl.write_text("\n".join([
        json.dumps({"id": "harbour", "title": "Strike", "text": HARBOUR}),
        "",
        "{not json",
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text"}),
    ]) + "\n", encoding="utf-8")
    problems: list[Problem] = []
    docs = list(iter_references([tmp_path / "docs", jsonl, tmp_path / "missing.txt"], problems))
    assert sorted(d.id for d in docs) == ["budget", "harbour", "page"]
    assert next(d for d in docs if d.id == "budget").title == "Council budget"
    assert next(d for d in docs if d.id == "page").text.strip() == FLOODS
    where = {p.where.replace(str(tmp_path), ""): p.message for p in problems}
    assert "binary" in where["/docs/photo.txt"]
    assert "blank line" in where["/wire.jsonl:2"]
    assert "not valid JSON" in where["/wire.jsonl:3"]
    assert "empty" in where["/wire.jsonl:4"]
    assert "JSON object" in where["/wire.jsonl:5"]
    assert where["/wire.jsonl:6"] == ("the record has no text field (text, body, content, article) or html field "
                                      "(html, raw_html); its fields are: title")
    assert "no such file" in where["/missing.txt"]


def test_cli_add_keeps_good_documents_and_exits_2_on_bad_ones(tmp_path, capsys):
    index = tmp_path / "refs.sqlite"
    good = tmp_path / "harbour.txt"
    good.write_text(HARBOUR, encoding="utf-8")
    assert main(["index", "add", "--index", str(index), str(good)]) == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(json.dumps({"id": "budget", "text": BUDGET}).encode() + b"\n\n\xff\xfe\n")
    assert main(["index", "add", "--index", str(index), str(bad), str(tmp_path / "gone.txt")]) == 2
    captured = capsys.readouterr()
    assert "added 1" in captured.out and "holds 2 documents" in captured.out
    assert "bad.jsonl:2: blank line" in captured.err and "bad.jsonl:3" in captured.err and "UTF-8" in captured.err
    assert "gone.txt: no such file" in captured.err
    assert main(["index", "list", "--index", str(index)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in listed] == ["harbour", "budget"]
    assert main(["index", "search", "--index", str(index), "--json", BUDGET[:160]]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == "budget"
    assert main(["index", "remove", "--index", str(index), "harbour"]) == 0
    assert main(["index", "list", "--index", str(index)]) == 0
    assert capsys.readouterr().out.split("\t")[0].strip().endswith("budget")


def test_a_csv_file_is_indexed_row_by_row(tmp_path, capsys):
    """A CSV export of a wire archive (the input `unspin batch` takes) gives one document a row, under its
    id and title; a bad row is skipped and named (it had been indexed as one document, the whole file,
    titled by its header line 'id,title,text')."""
    wire = tmp_path / "wire.csv"
    wire.write_text("id,title,text\n"
                    f'harbour,Strike extended,"{HARBOUR}"\n'
                    "empty,Nothing,\n"
                    f',,"{BUDGET}"\n', encoding="utf-8")
    index = tmp_path / "refs.sqlite"
    assert main(["index", "add", "--index", str(index), str(wire)]) == 2
    captured = capsys.readouterr()
    assert "added 2" in captured.out and "skipped 1" in captured.out
    assert "wire.csv: row 2: the record's text is empty" in captured.err
    with ReferenceIndex.open(index) as ref:
        assert {e.id: (e.title, ref.get(e.id).text) for e in ref.entries()} == {
            "harbour": ("Strike extended", HARBOUR), "wire:3": ("", BUDGET)}
    assert main(["index", "search", "--index", str(index), "--json", BUDGET]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == "wire:3"
    noheader = tmp_path / "notes.csv"
    noheader.write_text("name,notes\nx,y\n", encoding="utf-8")
    assert main(["index", "add", "--index", str(index), str(noheader)]) == 2
    assert "notes.csv: the header names no text column" in capsys.readouterr().err


def test_the_text_columns_batch_takes_are_indexed_and_a_file_without_one_says_what_was_looked_for(tmp_path, capsys):
    """A wire export whose text is under 'Body', 'content' or 'article' (columns `unspin batch` reads) is
    indexed a row a document, as a JSON Lines file so named is; a CSV with none of them is skipped
    naming the columns looked for and those it has. (Only 'text' and 'html' were read: the same export
    `unspin batch` analysed was skipped whole, 'the header names no 'text' or 'html' column'.)"""
    (tmp_path / "wire.csv").write_text(f'id,headline,Body\nharbour,Strike extended,"{HARBOUR}"\n', encoding="utf-8")
    (tmp_path / "more.tsv").write_text(f"id\tarticle\nbudget\t{BUDGET}\n", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "floods", "content": FLOODS}) + "\n", encoding="utf-8")
    page = f"<html><body><article><p>{HARBOUR} Talks resume on Monday.</p></article></body></html>"
    (tmp_path / "pages.jsonl").write_text(json.dumps({"id": "page", "raw_html": page}) + "\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("id,summary,notes\nx,y,z\n", encoding="utf-8")
    index = tmp_path / "refs.sqlite"
    names = ("wire.csv", "more.tsv", "feed.jsonl", "pages.jsonl", "notes.csv")
    assert main(["index", "add", "--index", str(index)] + [str(tmp_path / n) for n in names]) == 2
    captured = capsys.readouterr()
    assert "added 4, replaced 0, skipped 1" in captured.out
    assert (f"{tmp_path / 'notes.csv'}: the header names no text column (text, body, content, article) or html column "
            "(html, raw_html); its columns are: id, summary, notes") in captured.err
    with ReferenceIndex.open(index) as ref:
        texts = {e.id: ref.get(e.id).text for e in ref.entries()}
    assert texts["harbour"] == HARBOUR and texts["budget"] == BUDGET and texts["floods"] == FLOODS
    assert "Talks resume on Monday." in texts["page"]


def test_gzipped_records_are_indexed_and_a_parquet_file_is_refused_for_what_it_is(tmp_path, capsys):
    """Files of records as `unspin batch` names them: a .jsonl.gz is read as JSON Lines (and a .csv.gz as
    CSV), ids after the name without its suffixes; a .parquet is skipped with the formats index add reads.
    (Since analyze refused files of records, both had been skipped with 'analyse each record with
    `unspin batch ...`', advice for another command.)"""
    import gzip

    with gzip.open(tmp_path / "wire.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": HARBOUR}) + "\n")
    with gzip.open(tmp_path / "more.csv.gz", "wt", encoding="utf-8") as fh:
        fh.write(f'text\n"{BUDGET}"\n')
    (tmp_path / "wire.parquet").write_bytes(b"PAR1" + b"\0" * 16 + b"PAR1")
    index = tmp_path / "refs.sqlite"
    args = ["index", "add", "--index", str(index)] + [str(tmp_path / n) for n in ("wire.jsonl.gz", "more.csv.gz", "wire.parquet")]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "added 2" in captured.out and "skipped 1" in captured.out
    assert "wire.parquet: is a Parquet file: `unspin index add` reads records from JSON Lines" in captured.err
    assert "unspin batch" not in captured.err
    with ReferenceIndex.open(index) as ref:
        assert {e.id: ref.get(e.id).text for e in ref.entries()} == {"wire:1": HARBOUR, "more:1": BUDGET}


def test_a_folder_reads_every_file_of_records_the_command_line_reads(tmp_path, capsys):
    """A folder of wire exports (CSV, TSV, .csv.gz, .jsonl.gz) is read a row a document, with the same
    documents, ids and skipped items as the same files named one by one (but for the subfolder in
    front of a default id: sub/c:1). (The walk took only articles
    and .jsonl/.ndjson: of a folder of six files of records holding seven rows, one document was added
    and the other files passed over without a word.)"""
    import gzip

    wire = tmp_path / "wire"
    (wire / "sub").mkdir(parents=True)
    (wire / "a.csv").write_text(f'id,title,text\nharbour,Strike extended,"{HARBOUR}"\nempty,Nothing,\n', encoding="utf-8")
    (wire / "b.tsv").write_text(f"id\ttext\nbudget\t{BUDGET}\n", encoding="utf-8")
    with gzip.open(wire / "sub" / "c.csv.gz", "wt", encoding="utf-8") as fh:
        fh.write(f'text\n"{FLOODS}"\n')
    with gzip.open(wire / "d.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "harbour-2", "text": HARBOUR + " Talks resume on Monday."}) + "\n")
    (wire / "e.csv").write_text("name,notes\nx,y\n", encoding="utf-8")
    (wire / "f.parquet").write_bytes(b"PAR1" + b"\0" * 16 + b"PAR1")
    (wire / "notes.pdf").write_bytes(b"%PDF-1.4")
    files = [wire / n for n in ("a.csv", "b.tsv", "d.jsonl.gz", "e.csv", "f.parquet", "sub/c.csv.gz")]

    def add(index, paths):
        code = main(["index", "add", "--index", str(index)] + [str(p) for p in paths])
        captured = capsys.readouterr()
        docs = {}
        if index.exists():
            with ReferenceIndex.open(index) as ref:
                docs = {e.id: ref.get(e.id).text for e in ref.entries()}
        return code, captured.out.split(";")[0], sorted(captured.err.splitlines()), docs

    by_folder, by_name = add(tmp_path / "folder.sqlite", [wire]), add(tmp_path / "named.sqlite", files)
    assert by_folder[:3] == by_name[:3]
    assert by_folder[3] == {("sub/c:1" if key == "c:1" else key): text for key, text in by_name[3].items()}
    code, counts, err, docs = by_folder
    assert code == 2 and counts == "added 4, replaced 0, skipped 3"
    assert set(docs) == {"harbour", "budget", "harbour-2", "sub/c:1"} and docs["sub/c:1"] == FLOODS
    assert any("a.csv: row 2: the record's text is empty" in line for line in err)
    assert any("e.csv: the header names no" in line for line in err)
    assert any("f.parquet: is a Parquet file" in line for line in err)


def test_a_damaged_gzip_file_is_skipped_and_the_rest_added(tmp_path, capsys):
    """A .csv.gz that is not gzip, or a .jsonl.gz cut short, is one bad item: it had ended the whole
    run with 'unspin: error: Not a gzipped file (b'id')', naming no file and adding none of the others."""
    import gzip

    (tmp_path / "plain.csv.gz").write_text(f'text\n"{BUDGET}"\n', encoding="utf-8")  # named .gz, not gzipped
    whole = gzip.compress((json.dumps({"id": "floods", "text": FLOODS}) + "\n").encode("utf-8"))
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    index = tmp_path / "refs.sqlite"
    assert main(["index", "add", "--index", str(index)] + [str(tmp_path / n) for n in ("plain.csv.gz", "cut.jsonl.gz", "harbour.txt")]) == 2
    captured = capsys.readouterr()
    assert "added 1" in captured.out and "skipped 2" in captured.out
    assert "skipped " + str(tmp_path / "plain.csv.gz") + ": cannot read: Not a gzipped file" in captured.err
    assert "skipped " + str(tmp_path / "cut.jsonl.gz") + ": cannot read: " in captured.err
    with ReferenceIndex.open(index) as ref:
        assert [e.id for e in ref.entries()] == ["harbour"]


def test_an_interrupted_add_says_what_the_index_holds(tmp_path, capsys, monkeypatch):
    """Ctrl-C during `index add` (a 2,225-story archive takes a while): one line says what the index
    holds and to run the command again, exit 130 (it had exited 130 without a word)."""
    import unspin.splices.sources as sources

    index = tmp_path / "refs.sqlite"
    (tmp_path / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    assert main(["index", "add", "--index", str(index), str(tmp_path / "harbour.txt")]) == 0
    capsys.readouterr()

    def interrupted(paths, problems, ignored=None):
        yield RefDoc("budget", "", BUDGET, "")
        raise KeyboardInterrupt

    monkeypatch.setattr(sources, "iter_references", interrupted)
    assert main(["index", "add", "--index", str(index), str(tmp_path)]) == 130
    err = capsys.readouterr().err
    assert err.startswith("unspin index add: interrupted; ") and f"{index} holds 1 document:" in err
    assert "run the same command" in err and len(err.splitlines()) == 1
    with ReferenceIndex.open(index) as ref:
        assert [e.id for e in ref.entries()] == ["harbour"]
    # into a new index, before its first batch was kept: it is removed, and the line does not say it holds
    # 0 documents (it had, of a file it had just deleted)
    fresh = tmp_path / "fresh.sqlite"
    assert main(["index", "add", "--index", str(fresh), str(tmp_path)]) == 130
    assert capsys.readouterr().err == (f"unspin index add: interrupted; {fresh} was not created: "
                                       "run the same command to add the documents\n")
    assert not fresh.exists()


def test_two_folders_with_the_same_file_names_keep_both_originals(tmp_path, capsys):
    """politics/001.txt and business/001.txt are both '001': the second must not replace the first."""
    for folder, text in (("politics", HARBOUR), ("business", BUDGET)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(text, encoding="utf-8")
    index = tmp_path / "refs.sqlite"
    args = ["index", "add", "--index", str(index), str(tmp_path / "politics"), str(tmp_path / "business")]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "added 2 (1 under a new id)" in captured.out and "skipped 0" in captured.out
    assert "id '001' is already taken in this run" in captured.err and "'business/001'" in captured.err
    with ReferenceIndex.open(index) as ref:
        assert {e.id: ref.get(e.id).text for e in ref.entries()} == {"001": HARBOUR, "business/001": BUDGET}
    assert main(args) == 0  # run again: the same ids, replaced, nothing added twice
    assert "holds 2 documents" in capsys.readouterr().out


def test_a_damaged_index_stops_the_analysis_instead_of_reporting_it_unchecked(tmp_path, capsys):
    """With --index named, an index that cannot be read must not give a report that merely lacks a
    comparison (it read as "LOW concern", with one warning at the end)."""
    index = tmp_path / "refs.sqlite"
    with ReferenceIndex.open(index, create=True) as ref:
        ref.add([RefDoc("harbour", "Harbour", HARBOUR, "h.txt"), RefDoc("budget", "Budget", BUDGET, "b.txt")])
    with sqlite3.connect(index) as conn:
        conn.execute("UPDATE docs SET body = X'00ff00ff'")  # stored texts that no longer inflate
    article = tmp_path / "a.txt"
    article.write_text(HARBOUR + " Critics called it a disgrace.", encoding="utf-8")
    assert main(["analyze", str(article), "--index", str(index)]) == 1
    err = capsys.readouterr().err
    assert err.count("unspin: error:") == 1 and "damaged" in err and "Traceback" not in err
    assert main(["index", "search", "--index", str(index), HARBOUR]) == 1
    assert "damaged" in capsys.readouterr().err


def test_an_index_whose_documents_are_gone_is_damaged_not_quietly_smaller(tmp_path):
    """A damaged page can lose rows of the docs table while the LSH table still points at them: the
    search must say so, not return fewer references (spliced copies read as unspliced)."""
    from unspin.errors import ReferenceIndexError

    index = tmp_path / "refs.sqlite"
    with ReferenceIndex.open(index, create=True) as ref:
        ref.add([RefDoc("harbour", "Harbour", HARBOUR, "h.txt"), RefDoc("budget", "Budget", BUDGET, "b.txt")])
    with sqlite3.connect(index) as conn:
        conn.execute("DELETE FROM docs WHERE id = 'harbour'")  # as a lost page would
    with ReferenceIndex.open(index) as ref:
        with pytest.raises(ReferenceIndexError, match="missing"):
            ref.search(HARBOUR)


def test_cli_errors_are_one_clear_line(tmp_path, capsys):
    assert main(["index", "list", "--index", str(tmp_path / "none.sqlite")]) == 2
    assert "no reference index" in capsys.readouterr().err
    assert main(["index", "search", "--index", str(tmp_path / "none.sqlite"), "   "]) == 2
    assert "empty" in capsys.readouterr().err


def test_a_locked_index_is_a_clear_error(tmp_path):
    from unspin.errors import UnspinError

    path = tmp_path / "refs.sqlite"
    with ReferenceIndex.open(path, create=True) as index:
        index.add([RefDoc("a", "", HARBOUR)])
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")  # a writer holds the file: readers may read, writers must wait
    try:
        with ReferenceIndex.open(path) as index:
            index.conn.execute("PRAGMA busy_timeout = 50")
            with pytest.raises(UnspinError, match="another process is writing"):
                index.add([RefDoc("b", "", BUDGET)])
    finally:
        holder.rollback()
        holder.close()
    with ReferenceIndex.open(path, readonly=True) as index:
        assert [e.id for e in index.entries()] == ["a"]


def test_a_text_file_with_a_byte_order_mark_is_indexed_under_its_headline(tmp_path):
    """The mark a UTF-8 file opens with stays in its text (offsets index the file) but not in the
    title a found_in reference shows."""
    path = tmp_path / "wire.txt"
    path.write_bytes(b"\xef\xbb\xbfDockers strike\n\nDock workers voted on Thursday to extend their strike.\n")
    [doc] = list(iter_references([path], []))
    assert doc.title == "Dockers strike"


def test_a_folder_leaves_out_hidden_files_and_folders(tmp_path, capsys):
    """A folder copied from a Mac or checked out with git: `._harbour.txt` (macOS's metadata beside each
    file), `.DS_Store`, `.git/` and other hidden folders are left out as `unspin batch` leaves them out
    (the ._ file had been read as an article and skipped as binary, so the run exited 2, and a text
    file under .git/ or .cache/ was indexed)."""
    refs = tmp_path / "refs"
    (refs / ".git").mkdir(parents=True)
    (refs / ".cache").mkdir()
    (refs / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (refs / "._harbour.txt").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 64)
    (refs / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 64)
    (refs / ".git" / "notes.txt").write_text(BUDGET, encoding="utf-8")
    (refs / ".cache" / "floods.jsonl").write_text(json.dumps({"text": FLOODS}) + "\n", encoding="utf-8")
    index = tmp_path / "refs.sqlite"
    assert main(["index", "add", "--index", str(index), str(refs)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("added 1, replaced 0, skipped 0;") and captured.err == ""
    with ReferenceIndex.open(index) as ref:
        assert [e.id for e in ref.entries()] == ["harbour"]


def test_a_folder_names_the_files_it_ignores_in_the_summary_line(tmp_path, capsys):
    """A folder's files that are neither articles nor files of records (a PDF, a Word file, a picture)
    are counted and named on the summary line, the first five, as `unspin batch` names them (they had
    been passed over without a word: this folder said only 'added 1, replaced 0, skipped 0')."""
    refs = tmp_path / "refs"
    (refs / "sub").mkdir(parents=True)
    (refs / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    for name in ("a.pdf", "b.docx", "c.png", "sub/d.txt.gz", "sub/e.doc", "z.rtf"):
        (refs / name).write_bytes(b"\x00binary")
    index = tmp_path / "refs.sqlite"
    assert main(["index", "add", "--index", str(index), str(refs)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("added 1, replaced 0, skipped 0; ")
    suffixes = "(.csv, .csv.gz, .htm, .html, .jsonl, .jsonl.gz, .md, .ndjson, .text, .tsv, .txt, .xhtml)"
    assert out.rstrip().endswith(f"; 6 files ignored, neither article files nor files of records {suffixes}: "
                                 "a.pdf, b.docx, c.png, sub/d.txt.gz, sub/e.doc, ...")
    (refs / "z.rtf").unlink()
    for name in ("a.pdf", "b.docx", "c.png", "sub/d.txt.gz"):
        (refs / name).unlink()
    assert main(["index", "add", "--index", str(index), str(refs)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(
        f"; 1 file ignored, neither article files nor files of records {suffixes}: sub/e.doc")


def test_id_title_source_and_url_columns_are_read_in_any_case_under_the_names_batch_takes(tmp_path):
    """An export headed `ID,Title,Source,Text`, or records with `article_id`, `DOC_ID` or `uid`, keep
    their ids, titles and sources, as `unspin batch` reads them (only a lower-case 'id', 'title',
    'source' and 'url' were read: such rows were indexed as 'wire:1', untitled, with no source)."""
    (tmp_path / "wire.csv").write_text(f'ID,Title,Source,Text\nh-1,Strike extended,Harbour Daily,"{HARBOUR}"\n',
                                       encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in (
        {"article_id": "b-2", "TITLE": "Budget passed", "URL": "https://example.org/budget", "Body": BUDGET},
        {"DOC_ID": "f-3", "text": FLOODS},
        {"uid": "h-4", "Url": "https://example.org/h", "raw_html": f"<html><body><article><p>{HARBOUR}</p></article></body></html>"},
    )), encoding="utf-8")
    problems: list = []
    docs = {d.id: (d.title, d.source) for d in iter_references([tmp_path / "wire.csv", tmp_path / "feed.jsonl"], problems)}
    assert problems == []
    assert docs == {"h-1": ("Strike extended", "Harbour Daily"), "b-2": ("Budget passed", "https://example.org/budget"),
                    "f-3": ("", ""), "h-4": ("", "https://example.org/h")}


def test_records_in_a_subfolder_are_named_by_their_path_inside_the_folder(tmp_path, capsys):
    """Two exports named wire.csv in two subfolders, rows without ids: 'reuters/wire:1' and 'ap/wire:1',
    as an article's id is its path inside the folder ('reuters/001'). (Both were 'wire:1': the second
    was renamed 'wires/wire:1' after the folder given, with a note, and named neither subfolder.)"""
    wires = tmp_path / "wires"
    for sub, text in (("reuters", HARBOUR), ("ap", BUDGET)):
        (wires / sub).mkdir(parents=True)
        (wires / sub / "wire.csv").write_text(f'text\n"{text}"\n', encoding="utf-8")
    (wires / "ap" / "floods.jsonl").write_text(json.dumps({"text": FLOODS}) + "\n", encoding="utf-8")
    index = tmp_path / "refs.sqlite"
    assert main(["index", "add", "--index", str(index), str(wires)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("added 3, replaced 0, skipped 0;") and captured.err == ""
    with ReferenceIndex.open(index) as ref:
        assert {e.id: ref.get(e.id).text for e in ref.entries()} == {
            "reuters/wire:1": HARBOUR, "ap/wire:1": BUDGET, "ap/floods:1": FLOODS}


def test_adding_a_folder_again_renames_the_records_an_older_unspin_named_without_their_subfolder(tmp_path, capsys):
    """An index built before subfolders' records were named by their path holds reuters/wire.csv's row as
    'wire:1': adding the folder again replaces it by 'reuters/wire:1' when the text is the same, and
    says so, instead of holding it twice (it was added a second time: 5 documents for 4, and every search
    found it twice); an old id holding another text is left as it is."""
    wires = tmp_path / "wires"
    for sub, text in (("reuters", HARBOUR), ("ap", BUDGET)):
        (wires / sub).mkdir(parents=True)
        (wires / sub / "wire.csv").write_text(f'text\n"{text}"\n', encoding="utf-8")
    (wires / "ap" / "002.txt").write_text(FLOODS, encoding="utf-8")
    index = tmp_path / "refs.sqlite"
    with ReferenceIndex.open(index, create=True) as ref:  # as an older unspin named them
        ref.add([RefDoc("wire:1", "", HARBOUR, ""), RefDoc("002", "", FLOODS, ""), RefDoc("floods:1", "", BUDGET, "")])
    assert main(["index", "add", "--index", str(index), str(wires)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("added 1, replaced 2, skipped 0;")
    assert "holds 4 documents; 2 documents renamed from the ids an older unspin gave them (002 -> ap/002)" in out
    with ReferenceIndex.open(index) as ref:
        assert {e.id: ref.get(e.id).text for e in ref.entries()} == {
            "floods:1": BUDGET, "ap/002": FLOODS, "ap/wire:1": BUDGET, "reuters/wire:1": HARBOUR}
    assert main(["index", "add", "--index", str(index), str(wires)]) == 0  # again: nothing more to rename
    out = capsys.readouterr().out
    assert out.startswith("added 0, replaced 3, skipped 0;") and "renamed" not in out and "holds 4 documents" in out
    with ReferenceIndex.open(index) as ref:  # an index the unspin of 2 December had given both ids
        ref.add([RefDoc("wire:1", "", HARBOUR, "")])
    assert main(["index", "add", "--index", str(index), str(wires)]) == 0
    out = capsys.readouterr().out
    assert "holds 4 documents; 1 document renamed from the id an older unspin gave it (wire:1 -> reuters/wire:1)" in out
