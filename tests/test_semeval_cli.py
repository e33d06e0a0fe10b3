"""`unspin semeval si|tc` write valid SemEval-2020 T11 submission files (on a few real PTC articles,
copied into a temporary folder so the test stays fast)."""

from __future__ import annotations

import shutil

import pytest

from unspin.cli import main
from unspin.errors import ModelError
from unspin.semeval.data import PTC, read_articles, read_tc
from unspin.techniques import TECHNIQUES

pytestmark = pytest.mark.shared

IDS = ("111111111", "111111112", "111111113")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for aid in IDS:
        shutil.copyfile(PTC / "train-articles" / f"article{aid}.txt", folder / f"article{aid}.txt")
    (folder / "article999.txt").write_text("   \n", encoding="utf-8")  # an empty article is allowed for SI
    lines = [l for l in (PTC / "train-task2-TC.labels").read_text(encoding="utf-8").splitlines()
             if l.split("\t")[0] in IDS]
    template = folder.parent / "template.txt"
    template.write_text("".join("\t".join([l.split("\t")[0], "?", *l.split("\t")[2:]]) + "\n" for l in lines),
                        encoding="utf-8")
    return folder, template, lines


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_si_writes_valid_span_lines(sample, capsys, tmp_path):
    folder, _, _ = sample
    texts = read_articles(folder)
    out_file = tmp_path / "si.txt"
    code, out, err = run(["semeval", "si", str(folder), "--tier", "fast", "-o", str(out_file)], capsys)
    assert code == 0, err
    rows = [line.split("\t") for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 5
    assert {r[0] for r in rows} == set(IDS)  # every real article gets spans; the empty one none
    for aid, start, end in rows:
        assert 0 <= int(start) < int(end) <= len(texts[aid])
    assert len({tuple(r) for r in rows}) == len(rows)
    assert "warning" not in err  # the tier was chosen explicitly


def test_tc_fills_in_the_template(sample, capsys):
    folder, template, gold_lines = sample
    code, out, err = run(["semeval", "tc", str(folder), str(template), "--tier", "fast"], capsys)
    assert code == 0, err
    rows = [line.split("\t") for line in out.splitlines()]
    assert len(rows) == len(gold_lines)
    for row, gold in zip(rows, gold_lines):
        g = gold.split("\t")
        assert (row[0], row[2], row[3]) == (g[0], g[2], g[3])
        assert row[1] in TECHNIQUES
    # it should mostly agree with the gold techniques on articles it was trained on
    correct = sum(r[1] == g.split("\t")[1] for r, g in zip(rows, gold_lines))
    assert correct / len(rows) > 0.4
    # and the output reads back as a TC file
    assert len(read_tc(template)) == len(rows)


def _fake_loader(monkeypatch, full_available: bool):
    import unspin.tagging as tagging

    real = tagging.load_tagger

    def fake(tier="full"):
        if tier == "full" and not full_available:
            raise ModelError("model 'techniques-full' is not installed")
        return real("fast")

    monkeypatch.setattr(tagging, "load_tagger", fake)


def test_default_tier_falls_back_to_fast_loudly(sample, capsys, monkeypatch):
    folder, _, _ = sample
    _fake_loader(monkeypatch, full_available=False)
    code, out, err = run(["semeval", "si", str(folder)], capsys)
    assert code == 0
    assert "warning" in err and "fast tier" in err and "not installed" in err
    assert out.strip()


def test_explicit_full_tier_missing_is_an_error(sample, capsys, monkeypatch):
    folder, _, _ = sample
    _fake_loader(monkeypatch, full_available=False)
    code, out, err = run(["semeval", "si", str(folder), "--tier", "full"], capsys)
    assert code == 1 and "not installed" in err and out == ""


def test_template_naming_a_missing_article_is_refused(sample, capsys, tmp_path):
    folder, _, _ = sample
    bad = tmp_path / "template.txt"
    bad.write_text("123\t?\t0\t5\n", encoding="utf-8")
    code, out, err = run(["semeval", "tc", str(folder), str(bad), "--tier", "fast"], capsys)
    assert code == 2 and "article123.txt" in err


def test_template_naming_articles_with_their_file_prefix_says_how_to_name_them(sample, capsys, tmp_path):
    """'article111' for article111.txt: the message gives the number the formats use, not 'articlearticle111.txt'."""
    folder, _, _ = sample
    bad = tmp_path / "template.txt"
    bad.write_text(f"article{IDS[0]}\t?\t0\t5\n", encoding="utf-8")
    code, out, err = run(["semeval", "tc", str(folder), str(bad), "--tier", "fast"], capsys)
    assert code == 2 and "articlearticle" not in err
    assert f"({IDS[0]})" in err and "number alone" in err


def test_template_span_outside_the_article_is_refused(sample, capsys, tmp_path):
    folder, _, _ = sample
    bad = tmp_path / "template.txt"
    bad.write_text(f"{IDS[0]}\t?\t10\t99999999\n", encoding="utf-8")
    code, out, err = run(["semeval", "tc", str(folder), str(bad), "--tier", "fast"], capsys)
    assert code == 2 and "outside" in err


def test_tc_keeps_the_order_of_a_template_whose_articles_interleave(sample, capsys, tmp_path):
    """A template sorted by offset, its articles' lines interleaved, is filled in line for line: the
    output had come grouped by article, so pasting it beside the template paired the wrong spans."""
    folder, template, _ = sample
    lines = template.read_text(encoding="utf-8").splitlines()
    mixed = sorted(lines, key=lambda l: (int(l.split("\t")[2]), l))
    assert [l.split("\t")[0] for l in mixed] != sorted(l.split("\t")[0] for l in mixed)  # interleaved
    shuffled = tmp_path / "template.txt"
    shuffled.write_text("".join(l + "\n" for l in mixed), encoding="utf-8")
    code, out, err = run(["semeval", "tc", str(folder), str(shuffled), "--tier", "fast"], capsys)
    assert code == 0, err
    rows = [line.split("\t") for line in out.splitlines()]
    assert [(r[0], r[2], r[3]) for r in rows] == [(t.split("\t")[0], *t.split("\t")[2:]) for t in mixed]


def test_score_rates_a_submission_against_the_corpus_gold_with_the_official_measures(sample, capsys, tmp_path):
    """The loop a participant runs: write a submission, score it against the organisers' gold file;
    the whole-corpus gold is cut to the articles scored (else recall counts the 354 others, never tagged)."""
    from unspin.semeval.data import read_si
    from unspin.semeval.scoring import score_si, score_tc

    folder, template, gold_lines = sample
    si_file, tc_file = tmp_path / "si.txt", tmp_path / "tc.txt"
    assert run(["semeval", "si", str(folder), "--tier", "fast", "-o", str(si_file)], capsys)[0] == 0
    assert run(["semeval", "tc", str(folder), str(template), "--tier", "fast", "-o", str(tc_file)], capsys)[0] == 0
    gold_si = PTC / "train-task1-SI.labels"
    expected = score_si(read_si(si_file), [l for l in read_si(gold_si) if l.article_id in IDS])
    code, out, err = run(["semeval", "score", str(si_file), str(gold_si), "--articles", str(folder)], capsys)
    assert code == 0, err
    assert out.startswith(f"SI precision {expected.precision:.4f} recall {expected.recall:.4f} F1 {expected.f1:.4f} ")
    code, out, err = run(["semeval", "score", str(si_file), str(gold_si)], capsys)  # the whole train set's gold
    others = len({l.article_id for l in read_si(gold_si)} - set(IDS))
    assert code == 0 and f"has labels for {others} article(s) the predictions have no line for" in err and "--articles" in err
    gold_tc = PTC / "train-task2-TC.labels"
    code, out, err = run(["semeval", "score", str(tc_file), str(gold_tc), "--articles", str(folder)], capsys)
    tc = score_tc(read_tc(tc_file), [l for l in read_tc(gold_tc) if l.article_id in IDS])
    assert code == 0 and out.startswith(f"TC micro-F1 {tc.f1:.4f} ({len(gold_lines)} predicted, {len(gold_lines)} gold")
    code, out, err = run(["semeval", "score", str(tc_file), str(gold_si)], capsys)  # a TC file against SI gold
    assert code == 2 and "expected 'id<TAB>technique<TAB>start<TAB>end'" in err
