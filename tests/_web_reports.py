"""Helpers for the HTML/web/browser tests: hand-made Reports over real text, hostile payloads, and
a strict HTML tree parser (fails on badly nested tags)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from unspin.report import Attribution, Claim, Passage, Quantity, Reason, Report, Technique, Verdict

ARTICLE = (
    "Dock workers extend strike as talks stall\n\n"
    "The Harbour Workers' Union said 1,840 of its members took part in the ballot and 71 percent backed the extension.\n\n"
    "These radical agitators are holding an entire nation hostage, and every honest citizen knows it. "
    "Barely 2% of residents support them, experts say, and the chaos will destroy thousands of jobs forever.\n\n"
    "The next round of talks is scheduled for Monday, a spokesperson for the mediation service said.\n\n"
    "Photo caption: Selfish strikers block the gates while patriotic families pay the price."
)

#: markup that must never run: each piece tries to set window.__pwned or open a dialog
HOSTILE = (
    '<script>window.__pwned = "script"; alert(1)</script>'
    '<img src=x onerror="window.__pwned=\'img\'">'
    '<a href="javascript:window.__pwned=\'link\'">click me</a>'
    '<svg onload="window.__pwned=\'svg\'"></svg>'
    '"><body onload="window.__pwned=\'attr\'">'
    "</span></div><script>window.__pwned='close'</script>"
)
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=\'title\'"><script>window.__pwned="title2"</script></title><b>bold</b>'


def at(text: str, phrase: str) -> tuple[int, int]:
    i = text.index(phrase)
    return i, i + len(phrase)


def handmade_report(text: str = ARTICLE, **meta) -> Report:
    """A report with every layer filled, built by hand over `text` (spans found by phrase)."""
    def t(phrase, name, score=0.8):
        return Technique(*at(text, phrase), technique=name, score=score, explanation="hand-made")

    techniques = [
        t("radical agitators", "Name_Calling,Labeling"),
        t("holding an entire nation hostage", "Loaded_Language"),
        t("every honest citizen knows it", "Bandwagon,Reductio_ad_hitlerum"),
        t("experts say", "Appeal_to_Authority"),
        t("destroy thousands of jobs forever", "Exaggeration,Minimisation"),
        t("Selfish strikers", "Name_Calling,Labeling"),
        t("patriotic families", "Flag-Waving"),
    ]
    s_inserted = at(text, "These radical agitators are holding an entire nation hostage, and every honest citizen knows it.")
    s_stat = at(text, "Barely 2% of residents support them, experts say, and the chaos will destroy thousands of jobs forever.")
    s_union = at(text, "The Harbour Workers' Union said 1,840 of its members took part in the ballot and 71 percent backed the extension.")
    pct = at(text, "2%")
    claims = [
        Claim(*s_stat, checkworthiness=0.9, attribution=Attribution("vague", source="experts", cue="say"),
              quantities=[Quantity(*pct, text="2%", kind="percent", value=0.02, flags=["no-base"])]),
        Claim(*s_union, checkworthiness=0.7, attribution=Attribution("named", source="The Harbour Workers' Union", cue="said")),
    ]
    passages = [
        Passage(s_inserted[0], s_stat[1], "inserted", score=0.1, explanation="not in the reference copy"),
        Passage(*at(text, "Photo caption: Selfish strikers block the gates while patriotic families pay the price."), "suspect", score=0.45),
        Passage(*s_union, "matched", score=0.98),
    ]
    verdict = Verdict(0.81, "high", [
        Reason("Labelling and loaded language in an inserted paragraph", 0.4, [{"start": s_inserted[0], "end": s_inserted[1]}]),
        Reason("A statistic with a vague source", 0.3, [{"start": pct[0], "end": pct[1]}]),
    ])
    meta = {"title": "Dock workers extend strike", "profile": "fast", "language": "en", **meta}
    return Report(text=text, meta=meta, techniques=techniques, claims=claims, passages=passages, verdict=verdict,
                  layers_run=["techniques", "claims", "passages", "verdict"])


def hostile_report() -> Report:
    """Hostile strings in every field a renderer shows."""
    text = f"Intro {HOSTILE} middle {HOSTILE} end."
    first = text.index("<script>")
    r = Report(
        text=text,
        meta={"title": HOSTILE_TITLE, "author": HOSTILE, "url": "javascript:window.__pwned='url'", "source": HOSTILE,
              "date": '"><script>window.__pwned="date"</script>', "profile": "fast",
              "splices": {"mode": "reference", "coverage": 0.5,
                          "references": [{"id": HOSTILE, "title": HOSTILE, "source": "javascript:window.__pwned='ref'"}],
                          "dropped": [{"text": HOSTILE, "at": 6}, {"text": HOSTILE, "at": "nowhere"}, "not a dict"]}},
        techniques=[Technique(first, first + 40, "Loaded_Language", 0.9, explanation=HOSTILE),
                    Technique(2, 30, "Not_A_Technique<script>", 0.5, explanation=HOSTILE)],
        claims=[Claim(0, len(text), 0.5, Attribution("vague", source=HOSTILE, cue=HOSTILE),
                      quantities=[Quantity(0, 5, HOSTILE, "number", flags=[HOSTILE])], explanation=HOSTILE)],
        passages=[Passage(6, 60, "inserted", 0.2, reference={"title": HOSTILE, "url": "javascript:alert(1)"}, explanation=HOSTILE)],
        verdict=Verdict(0.5, "medium<script>", [Reason(HOSTILE, 0.5, [{"start": first, "end": first + 20}])]),
        layers_run=["techniques", "claims", "passages", "verdict"],
        warnings=[HOSTILE],
    )
    return r


# ---- a strict little DOM --------------------------------------------------------------------

VOID = {"meta", "link", "input", "br", "hr", "img", "wbr", "source", "area", "base", "col", "embed", "param", "track"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list = field(default_factory=list)
    parent: "Node | None" = None

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag=None, **attrs):
        return [n for n in self.iter() if (tag is None or n.tag == tag) and all(n.attrs.get(k) == v for k, v in attrs.items())]

    def by_id(self, ident: str) -> "Node | None":
        for n in self.iter():
            if n.attrs.get("id") == ident:
                return n
        return None

    def has_class(self, cls: str) -> bool:
        return cls in (self.attrs.get("class") or "").split()


class StrictTree(HTMLParser):
    """Parses HTML into Nodes; raises AssertionError on an end tag that does not close the open one."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), parent=self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, dict(attrs), parent=self.cur))

    def handle_endtag(self, tag):
        assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>"
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(html_text: str) -> Node:
    p = StrictTree()
    p.feed(html_text)
    p.close()
    assert p.cur is p.root, f"unclosed <{p.cur.tag}>"
    return p.root


# ---- a runner for the web app: the real parse, plus layers made by hand ---------------------------

PHRASES = {
    "radical agitators": "Name_Calling,Labeling",
    "holding an entire nation hostage": "Loaded_Language",
    "every honest citizen knows it": "Bandwagon,Reductio_ad_hitlerum",
    "destroy thousands of jobs forever": "Exaggeration,Minimisation",
    "Selfish strikers": "Name_Calling,Labeling",
    "patriotic families": "Flag-Waving",
}

_PARSE = None


def layered_runner(source, profile, index):
    """Runs the real parse (Document, sentences, paragraphs) and adds hand-made layers: a technique
    for each phrase of PHRASES found, a claim per sentence with 'said', a verdict citing the first
    technique. It lets the web tests exercise every layer without the trained models."""
    global _PARSE
    from unspin.pipeline import Pipeline

    if _PARSE is None:
        _PARSE = Pipeline("fast", analyzers=[], strict=True)
    report = _PARSE(source)
    text = report.text
    for phrase, name in PHRASES.items():
        start = text.find(phrase)
        while start >= 0:
            report.techniques.append(Technique(start, start + len(phrase), name, 0.75, explanation="test layer"))
            start = text.find(phrase, start + 1)
    report.techniques.sort(key=lambda t: (t.start, t.end))
    for s in report.sentences:
        if " said" in text[s.start:s.end]:
            report.claims.append(Claim(s.start, s.end, 0.6, Attribution("named", source="someone", cue="said")))
    reasons = []
    if report.techniques:
        t = report.techniques[-1]
        reasons.append(Reason("Loaded and labelling language", 0.5, [{"start": t.start, "end": t.end}]))
    report.verdict = Verdict(0.7 if reasons else 0.1, "high" if reasons else "low", reasons)
    report.meta["profile"] = profile
    report.layers_run = ["techniques", "claims", "verdict"]
    return report
