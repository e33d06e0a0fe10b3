import json
import os
import socket
import subprocess
import sys

import pytest

import unspin.cli.analyze as analyze
from unspin.cli import main

from .conftest import EXAMPLE


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_json(capsys):
    code, out, err = run(["analyze", str(EXAMPLE), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "unspin.report/1"
    assert data["text"].startswith("Dock workers extend strike")


def test_analyze_text_shows_the_article(capsys):
    code, out, err = run(["analyze", str(EXAMPLE)], capsys)
    assert code == 0
    assert "Dock workers extend strike" in out


def test_analyze_stdin():
    proc = subprocess.run([sys.executable, "-m", "unspin.cli", "analyze", "-", "--format", "json"],
                          input="The mayor said the bridge would reopen on Monday.".encode(), capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["text"].startswith("The mayor said")
    text = subprocess.run([sys.executable, "-m", "unspin.cli", "analyze", "-"], capture_output=True,
                          input="The mayor said the bridge would reopen on Monday.".encode())
    assert "standard input" in text.stdout.decode().splitlines()[0]  # the panel names where the text came from


@pytest.mark.parametrize(
    "content, words",
    [(None, "no such file"), (b"", "empty"), (b"\x00\x01\x02binary", "binary"), ("\u041c\u0438\u043d\u0438\u0441\u0442\u0440".encode("cp1251"), "UTF-8")],
)
def test_bad_input_is_one_clear_line(tmp_path, capsys, content, words):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(["analyze", str(path)], capsys)
    assert code == 2
    assert err.startswith("unspin: error:") and words in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_url_needs_fetch_flag(capsys):
    code, out, err = run(["analyze", "https://example.com/a"], capsys)
    assert code == 2 and "--fetch" in err
    code, out, err = run(["analyze", "ftp://example.com/a", "--fetch"], capsys)
    assert code == 2 and "only http(s) URLs, not ftp://" in err


def test_version(capsys):
    code, out, err = run(["version"], capsys)
    assert code == 0 and out.startswith("unspin 0.")


@pytest.mark.parametrize("args, words", [
    (["analyze", str(EXAMPLE), "--profile", "nope"], "'nope' is not one of 'fast', 'full'"),
    (["analyze", str(EXAMPLE), "--format", "pdf"], "'pdf' is not one of"),
    (["analyze"], "Missing argument"),
    (["nosuch"], "No such command"),
    (["batch"], "Missing argument"),
])
def test_usage_errors_are_short_and_exit_2(args, words):
    """A mistyped option or command gets click's usage message, never a Python traceback (Typer
    versions that vendor their own copy of click raise their own exception classes)."""
    proc = subprocess.run([sys.executable, "-m", "unspin.cli", *args], capture_output=True, text=True)
    assert proc.returncode == 2
    assert words in proc.stderr and "Traceback" not in proc.stderr


def test_progress_goes_to_stderr_only_when_asked_or_on_a_terminal(capsys):
    code, quiet_out, quiet_err = run(["analyze", str(EXAMPLE), "--format", "json"], capsys)
    assert code == 0 and "analysed in" not in quiet_err  # stderr is not a terminal here
    code, out, err = run(["analyze", str(EXAMPLE), "--format", "json", "--progress"], capsys)
    assert code == 0 and "analysed in" in err
    assert "finding propaganda techniques…" in err and "techniques_fast" not in err  # a line per step, in words
    assert json.loads(out)["text"] == json.loads(quiet_out)["text"]  # stdout stays the report alone


LIGHT_RUN = """
import json, sys
from unspin.cli import main
assert main(["analyze", "examples/harbour-strike.txt", "-f", "json", "-o", sys.argv[1]]) == 0
print("torch" in sys.modules)
if len(sys.argv) > 2:  # then the full profile, in the same process
    assert main(["analyze", "examples/harbour-strike.txt", "-p", "full", "-f", "json", "-o", sys.argv[2]]) == 0
"""


def test_the_fast_profile_never_loads_torch(tmp_path):
    """spaCy's thinc would import torch (~180 MB, ~1.5 s) though the fast profile runs no network."""
    out = tmp_path / "fast.json"
    proc = subprocess.run([sys.executable, "-c", LIGHT_RUN, str(out)], capture_output=True, text=True, cwd=EXAMPLE.parents[1])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
    assert json.loads(out.read_text())["techniques"]


@pytest.mark.slow
def test_the_full_profile_still_loads_torch_after_a_fast_run(tmp_path):
    fast, full = tmp_path / "fast.json", tmp_path / "full.json"
    proc = subprocess.run([sys.executable, "-c", LIGHT_RUN, str(fast), str(full)], capture_output=True, text=True,
                          cwd=EXAMPLE.parents[1])
    assert proc.returncode == 0, proc.stderr
    report = json.loads(full.read_text())
    assert report["meta"]["profile"] == "full" and report["techniques"] and not report["warnings"]


def test_a_command_that_exits_with_a_message_shows_it(monkeypatch, capsys):
    """SystemExit("...") inside a command: click's non-standalone mode hands it to main, which must
    print the message rather than swallow it."""
    import unspin.cli as cli

    def app(**_kw):
        raise SystemExit("unspin: error: something the user must read")

    monkeypatch.setattr(cli, "app", app)
    assert cli.main(["anything"]) == 1
    assert "something the user must read" in capsys.readouterr().err


def test_a_report_that_cannot_be_written_is_refused_before_the_analysis(tmp_path, capsys, monkeypatch):
    """-o into a folder, over the input or where nothing can be written: one line, exit 2, and
    the analysis (which may take a minute) is not run for nothing."""
    monkeypatch.setattr(analyze, "_run", lambda *a: pytest.fail("analysed before checking -o"))
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge would reopen on Monday.", encoding="utf-8")
    for out, words in [(tmp_path, "is a folder"), (article, "is the input file"), ("/proc/unspin-nope.txt", "cannot write")]:
        code, _, err = run(["analyze", str(article), "-o", str(out)], capsys)
        assert code == 2 and err.startswith("unspin: error:") and words in err, err
    assert article.read_text(encoding="utf-8").startswith("The mayor said")


def test_ctrl_c_says_it_was_interrupted(tmp_path, capsys, monkeypatch):
    """A command stopped by Ctrl-C exits 130 with 'unspin: interrupted' on stderr (Typer turned the
    interrupt into a silent exit 130, so the handler in main never ran)."""
    import unspin.splices.index as ref_index

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ref_index.ReferenceIndex, "open", interrupted)
    code, out, err = run(["index", "list", "--index", str(tmp_path / "refs.sqlite")], capsys)
    assert code == 130 and out == "" and err == "unspin: interrupted\n"


def test_a_file_of_records_is_not_analysed_as_one_article(tmp_path, capsys, monkeypatch):
    """A JSONL or CSV export given to analyze is refused with the batch command that reads its records
    (it had been analysed as one article: its JSON punctuation and every record's text run together)."""
    monkeypatch.setattr(analyze, "_run", lambda *a: pytest.fail("analysed a file of records as one article"))
    story = "The mayor said the bridge would reopen on Monday."
    jsonl, csv_file = tmp_path / "wire.jsonl", tmp_path / "wire.csv"
    jsonl.write_text(json.dumps({"id": "a", "text": story}) + "\n", encoding="utf-8")
    csv_file.write_text(f'id,text\na,"{story}"\n', encoding="utf-8")
    for path in (jsonl, csv_file):
        code, out, err = run(["analyze", str(path)], capsys)
        assert code == 2 and out == "" and err.startswith("unspin: error:"), err
        assert "not one article" in err and f"unspin batch {path}" in err, err


def test_a_missing_folder_for_the_report_is_made(tmp_path, capsys):
    out = tmp_path / "new" / "deeper" / "r.json"
    code, _, err = run(["analyze", str(EXAMPLE), "-f", "json", "-o", str(out)], capsys)
    assert code == 0 and json.loads(out.read_text(encoding="utf-8"))["schema"] == "unspin.report/1"


def test_busy_port_is_one_line_before_serving(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = run(["serve", "--port", str(port)], capsys)
    assert code == 2 and "cannot listen on 127.0.0.1" in err and "serving on" not in err + out


def test_semeval_input_errors_are_the_users(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article1.txt").write_bytes(b"caf\xe9 au lait")
    code, _, err = run(["semeval", "si", str(folder), "--tier", "fast"], capsys)
    assert code == 2 and "not UTF-8" in err
    (folder / "article1.txt").write_text("The minister said so.", encoding="utf-8")
    template = tmp_path / "tc.tsv"
    template.write_text("1\t?\tzero\t4\n", encoding="utf-8")
    for args, words in [([str(tmp_path / "none.tsv")], "cannot read"), ([str(template)], "whole numbers")]:
        code, _, err = run(["semeval", "tc", str(folder), *args, "--tier", "fast"], capsys)
        assert code == 2 and words in err, err
    bad = tmp_path / "bad.tsv"
    for line, words in [("1\t?\t9\t4", "inverted span"), ("1\t?\t0\t999", "lies outside"), ("7\t?\t0\t4", "not in the folder")]:
        bad.write_text(line + "\n", encoding="utf-8")
        code, _, err = run(["semeval", "tc", str(folder), str(bad), "--tier", "fast"], capsys)
        assert code == 2 and words in err, err
    # --out never lands on an input
    for args, words in [(["si", str(folder), "-o", str(folder / "article1.txt")], "one of the articles"),
                        (["tc", str(folder), str(bad), "-o", str(bad)], "overwrite the template")]:
        code, _, err = run(["semeval", *args, "--tier", "fast"], capsys)
        assert code == 2 and words in err, err
    assert (folder / "article1.txt").read_text(encoding="utf-8") == "The minister said so."


def test_the_data_folder_can_be_named_and_a_missing_one_says_where_it_looked(tmp_path):
    env = {**os.environ, "UNSPIN_DATA": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-m", "unspin.cli", "evaluate", "verdict"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"5 datasets are missing from {tmp_path / 'data'}" in proc.stderr and "UNSPIN_DATA" in proc.stderr


@pytest.mark.parametrize("args, words", [
    (["evaluate", "verdict", "--C", "-1"], "--C must be more than 0"),
    (["evaluate", "verdict", "--profile", "bogus"], "--profile must be one of"),
    (["evaluate", "verdict", "--analyzers", "bogus"], "unknown analyser"),
    (["evaluate", "attribution", "--gold", "."], "is a folder"),
])
def test_evaluation_options_are_checked_before_any_data_is_read(args, words, capsys, monkeypatch):
    monkeypatch.setattr("unspin.verdict.evaluate.evaluate", lambda *a, **k: pytest.fail("ran before checking"))
    code, _, err = run(args, capsys)
    assert code == 2 and words in err, err


def test_flags_are_not_shown_as_taking_a_value(capsys):
    """`--fetch <bool>` read as if `--fetch true` were the way to use it."""
    assert main(["analyze", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--fetch" in out and "<bool>" not in out
    assert "<text|json|html>" in out  # options that take a value still show it


def test_batch_help_names_the_columns_it_reads_text_and_ids_from(capsys):
    """`unspin batch --help` lists the columns a record's text and id are read from, the lists the reader
    uses (it said 'an id and a text (or html) column': an export with 'body' or 'article_id' seemed not
    to do)."""
    import re

    from unspin.columns import HTML_CANDIDATES, ID_CANDIDATES, TEXT_CANDIDATES

    assert main(["batch", "--help"]) == 0
    out = capsys.readouterr().out
    words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", out[out.index("INPUT", out.index("Arguments")):out.index("Options")]).split())
    assert (f"text column ({', '.join(TEXT_CANDIDATES)}) or html column ({', '.join(HTML_CANDIDATES)})" in words
            and f"id column ({', '.join(ID_CANDIDATES)};" in words), words


def _tty_run(args, env_extra):
    """`unspin ARGS` with stdout on a pseudo-terminal, as a user at a terminal sees it."""
    import pty

    import select
    import time

    env = {**os.environ, **env_extra}
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "unspin.cli", *args], stdout=follower, stderr=subprocess.DEVNULL,
                            env=env)
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 300
    try:  # read while it writes: a terminal holds only a few KB, and a report longer than that waited forever
        while time.monotonic() < deadline:
            if not select.select([leader], [], [], 1.0)[0]:
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        else:
            pytest.fail(f"unspin {' '.join(args)} ran past 300 s")
    finally:
        if proc.poll() is None and time.monotonic() >= deadline:
            proc.kill()
        proc.wait(timeout=60)
        os.close(leader)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_a_terminal_gets_colour_unless_no_color_is_set_and_its_own_width():
    code, coloured = _tty_run(["analyze", str(EXAMPLE)], {"COLUMNS": "70"})
    assert code == 0 and "\x1b[" in coloured
    import re

    bare = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert max(len(line.rstrip("\r")) for line in bare.splitlines()) == 70  # the terminal's width, not 100
    code, plain = _tty_run(["analyze", str(EXAMPLE)], {"NO_COLOR": "1", "COLUMNS": "70"})
    assert code == 0 and "\x1b[" not in plain
    assert max(len(line.rstrip("\r")) for line in plain.splitlines()) == 70


def test_a_malformed_url_is_one_clear_line(capsys):
    code, out, err = run(["analyze", "http://[::1", "--fetch"], capsys)
    assert code == 2 and err.startswith("unspin: error: not a valid URL") and "Traceback" not in err


def test_a_failed_analysis_leaves_no_folder_and_names_a_file_in_the_way(tmp_path, capsys):
    code, _, err = run(["analyze", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "new" / "r.json")], capsys)
    assert code == 2 and not (tmp_path / "new").exists()
    (tmp_path / "exists.txt").write_text("x")
    code, _, err = run(["analyze", str(EXAMPLE), "-o", str(tmp_path / "exists.txt" / "r.json")], capsys)
    assert code == 2 and "it is a file, not a folder" in err


def test_index_commands_leave_nothing_behind_and_read_stdin(tmp_path, capsys, monkeypatch):
    import io

    code, out, err = run(["index", "add", "-i", str(tmp_path / "new.sqlite"), str(tmp_path / "missing.txt")], capsys)
    assert code == 2 and "was not created" in out and not list(tmp_path.iterdir())
    wire = EXAMPLE.parent / "wire"
    assert run(["index", "add", "-i", str(tmp_path / "refs.sqlite"), str(wire)], capsys)[0] == 0
    original = next(wire.glob("*.txt")).read_text()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(original.encode())))
    code, out, err = run(["index", "search", "-i", str(tmp_path / "refs.sqlite"), "-"], capsys)
    assert code == 0 and out.startswith("100.0%")
    doc_id = out.split()[1]
    assert run(["index", "remove", "-i", str(tmp_path / "refs.sqlite"), doc_id], capsys)[0] == 0
    code, out, err = run(["index", "list", "-i", str(tmp_path / "refs.sqlite")], capsys)
    assert code == 0 and out == "" and "holds no documents" in err


def test_index_add_counts_what_it_has_read_on_stderr(tmp_path, capsys, monkeypatch):
    """An archive of thousands of stories takes minutes to index and had run without a word: with
    --progress (the default on a terminal) a log gets a line every PROGRESS_EVERY documents; without
    it, only the summary."""
    monkeypatch.setattr("unspin.cli.index.PROGRESS_EVERY", 2)
    lines = "\n".join(json.dumps({"id": f"a{i}", "text": f"Story {i} about the harbour strike and the talks. " * 4})
                      for i in range(5))
    (tmp_path / "five.jsonl").write_text(lines)
    code, out, err = run(["index", "add", "--progress", "-i", str(tmp_path / "a.sqlite"), str(tmp_path / "five.jsonl")],
                         capsys)
    assert code == 0 and out.startswith("added 5")
    assert "2 documents read" in err and "4 documents read" in err
    code, out, err = run(["index", "add", "--no-progress", "-i", str(tmp_path / "b.sqlite"), str(tmp_path / "five.jsonl")],
                         capsys)
    assert code == 0 and "documents read" not in err


@pytest.mark.parametrize("args, words", [
    (["--workers", "0"], "--workers (workers) must be at least 1, not 0"),
    (["--timeout", "-1"], "--timeout (timeout_s) must be more than 0, not -1.0"),
    (["--allow-private"], "--allow-private only matters with --allow-fetch"),
])
def test_serve_names_the_option_that_is_wrong(capsys, args, words):
    code, out, err = run(["serve", *args, "--get", "/v1/health"], capsys)
    assert code == 2 and words in err


def test_version_option(capsys):
    code, out, err = run(["--version"], capsys)
    assert code == 0 and out.startswith("unspin ") and "model verdict" in out


def test_a_closed_pipe_is_a_clean_exit(tmp_path):
    lines = "\n".join(json.dumps({"id": f"a{i}", "text": f"Article {i} about the harbour strike and the talks. " * 4})
                      for i in range(3000))
    (tmp_path / "many.jsonl").write_text(lines)
    index = str(tmp_path / "many.sqlite")
    assert main(["index", "add", "-i", index, str(tmp_path / "many.jsonl")]) == 0
    proc = subprocess.run(f"set -o pipefail; {sys.executable} -m unspin.cli index list -i {index} | head -1",
                          shell=True, executable="/bin/bash", capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_an_option_missing_its_value_points_at_the_help(capsys):
    code, out, err = run(["analyze", str(EXAMPLE), "-f"], capsys)
    assert code == 2 and "requires an argument" in err and "unspin analyze --help" in err


def test_a_wrong_choice_reads_plainly(capsys):
    code, out, err = run(["analyze", str(EXAMPLE), "-f", "xml"], capsys)
    assert code == 2 and "'xml' is not one of" in err and "Value error" not in err
