import pytest

from unspin import inputs
from unspin.errors import BinaryInput, DecodingError, EmptyInput, InputTooLarge, NoArticleText, UnsupportedInput


def test_plain_text_is_kept_exactly():
    raw = "Line one.\r\n\r\n  Indented “quote”.\n"
    src = inputs.from_bytes(raw.encode("utf-8"), name="t.txt")
    assert src.text == raw


@pytest.mark.parametrize(
    "data, error, words",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput, "binary"),
        ("\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0441\u043a\u0430\u0437\u0430\u043b.".encode("cp1251"), DecodingError, "not valid UTF-8"),
        (b"   \n\n ", EmptyInput, "empty"),
    ],
)
def test_bad_bytes_get_a_clear_error(data, error, words):
    with pytest.raises(error, match=words):
        inputs.from_bytes(data, name="upload")


def test_too_large_is_refused_before_parsing():
    with pytest.raises(InputTooLarge, match="at most"):
        inputs.from_text("word " * (inputs.MAX_CHARS // 5 + 10))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UnsupportedInput, match="no such file"):
        inputs.from_path(tmp_path / "nope.txt")
    with pytest.raises(UnsupportedInput, match="folder"):
        inputs.from_path(tmp_path)


def test_a_file_whose_size_says_nothing_is_read_no_further_than_the_limit():
    """/dev/zero reports size 0 and never ends: reading it whole would fill memory."""
    with pytest.raises(InputTooLarge, match="more than 10,000,000 bytes"):
        inputs.from_path("/dev/zero")


ARTICLE_HTML = """<!DOCTYPE html><html><head><title>Port strike extended | Northwire</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Northwire">
<meta name="date" content="2024-03-14"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Port strike extended</h1>
<p>Dock workers at Port Elling voted on Thursday to extend their strike by another week, after talks
with the port authority over pay and shift patterns broke down for a second time.</p>
<p>The Harbour Workers' Union said 1,840 of its members took part in the ballot and 71 percent backed
the extension, according to figures released by the union on Thursday evening.</p>
<script>alert('x')</script>
</article><footer>Copyright Northwire. All rights reserved.</footer></body></html>"""


def test_html_main_text_and_metadata():
    src = inputs.from_html(ARTICLE_HTML)
    assert "Dock workers at Port Elling voted" in src.text
    assert "alert(" not in src.text
    assert "Copyright" not in src.text
    assert src.meta["title"].startswith("Port strike extended")
    assert src.meta["author"] == "Jane Doe"
    assert src.meta["source"] == "Northwire"


CAPTIONED = ARTICLE_HTML.replace(
    "<script>", '<figure><img src="gates.jpg" alt="Pickets at the gates"><figcaption>Selfish strikers block the '
    'gates while <em>patriotic</em> families pay the price.</figcaption></figure>\n<script>')


@pytest.mark.parametrize("page", [
    CAPTIONED,
    # WordPress's caption markup, and a caption span with a class
    CAPTIONED.replace("<figure>", '<div class="wp-caption">').replace("</figure>", "</div>")
    .replace("<figcaption>", '<p class="wp-caption-text">').replace("</figcaption>", "</p>"),
    CAPTIONED.replace("<figure>", '<div class="image">').replace("</figure>", "</div>")
    .replace("<figcaption>", '<span class="caption">').replace("</figcaption>", "</span>"),
    # classic WordPress: trafilatura also drops an element whose id names a caption
    CAPTIONED.replace("<figure>", '<div id="attachment_55" class="wp-caption">').replace("</figure>", "</div>")
    .replace("<figcaption>", '<p id="caption-attachment-55" class="wp-caption-text">').replace("</figcaption>", "</p>"),
], ids=["figcaption", "wp-caption", "caption-class", "wp-caption-id"])
def test_a_photo_caption_is_part_of_the_article_text(page):
    """A caption is written by the newsroom and read with the story, and is where a loaded line hides:
    trafilatura drops figures and caption classes as page furniture, unspin keeps them as a paragraph."""
    src = inputs.from_html(page)
    lines = src.text.split("\n")
    assert "Selfish strikers block the gates while patriotic families pay the price." in lines
    assert lines.index("Selfish strikers block the gates while patriotic families pay the price.") > 1
    assert "Dock workers at Port Elling voted" in src.text and "alert(" not in src.text
    # and the text says where its captions are, so a report can tell a reader "this is the photo caption"
    assert [src.text[a:b] for a, b in src.meta["captions"]] == [
        "Selfish strikers block the gates while patriotic families pay the price."]


def test_a_caption_whose_words_the_story_repeats_is_not_marked():
    """A body paragraph that repeats the caption's words must not be called the photo caption (a
    regression review): a caption that cannot be placed is left unmarked."""
    page = CAPTIONED.replace("<script>", "<p>Selfish strikers block the gates while patriotic families pay the price.</p>\n<script>", 1)
    assert "captions" not in inputs.from_html(page).meta


def test_a_claim_in_a_photo_caption_is_explained_as_the_caption():
    """A fact-checker saw a propaganda caption listed as an ordinary unsourced sentence, with nothing
    saying it was the line under the photo."""
    from unspin.pipeline import Pipeline

    report = Pipeline("fast", strict=True)(inputs.from_html(CAPTIONED))  # checkworthiness adds its warning
    caption = next(c for c in report.claims if report.text[c.start:c.end].startswith("Selfish strikers"))
    assert "a photo caption, in the publication's own voice" in caption.explanation
    assert not any("photo caption" in c.explanation for c in report.claims if c is not caption)
    assert report.meta["captions"] == [[caption.start, caption.end]]


def test_captions_of_ads_and_teasers_credits_and_screen_reader_text_stay_out():
    """Only the story's own captions are kept: not an ad's label, not the caption of a teaser card
    for another story, not a photo credit, and not the 'Image caption, ' that screen readers hear."""
    body = ARTICLE_HTML.replace("<script>", (
        '<div class="advert"><span class="ad-caption">Advertisement</span><img src="ad.png"></div>'
        '<figure><img src="a.jpg"><figcaption><span class="visually-hidden">Image caption, </span>Pickets at the '
        'gates on Thursday<span class="caption-credit">Getty Images</span></figcaption></figure>'
        '<div class="read-also"><strong>READ ALSO:</strong><a href="/x"><figure><img src="t.jpg"><figcaption>Mayor '
        'denies cover-up over bin strike</figcaption></figure></a></div><script>'))
    text = inputs.from_html(body).text
    assert "Pickets at the gates on Thursday" in text.split("\n")
    for furniture in ("Advertisement", "Getty", "Image caption", "Mayor denies", "READ ALSO"):
        assert furniture not in text


def test_template_content_is_not_article_text_but_a_declarative_shadow_root_is():
    """A browser never shows a <template>'s content (markup kept for scripts to copy), and trafilatura
    extracted it as a paragraph of the story; a declarative shadow root (``shadowrootmode``) is shown."""
    page = ARTICLE_HTML.replace("<script>", (
        '<template id="card"><p>Mayor resigns in disgrace after the council vote on the bin strike.</p></template>'
        '<template shadowrootmode="open"><p>The harbour board said talks would resume on Friday morning.</p></template>'
        '<script>'))
    text = inputs.from_html(page).text
    assert "Mayor resigns" not in text
    assert "The harbour board said talks would resume on Friday morning." in text.split("\n")
    assert "Dock workers at Port Elling voted" in text


def test_a_page_without_captions_is_extracted_as_trafilatura_does():
    import trafilatura

    extracted = trafilatura.bare_extraction(ARTICLE_HTML, with_metadata=True).text
    assert extracted.startswith("Port strike extended\n")
    # the one change: the headline is set apart by a blank line, as in a plain-text article
    assert inputs.from_html(ARTICLE_HTML).text == extracted.replace("\n", "\n\n", 1)


WORDPRESS = """<!DOCTYPE html><html><head><title>Labour plans maternity pay rise &#8211; The Daily Gazette</title>
<meta property="og:title" content="Labour plans maternity pay rise"></head><body>
<header class="site-header"><h1 class="site-title">The Daily Gazette</h1></header>
<article class="post"><header class="entry-header"><h1 class="entry-title">{h1}</h1>
<div class="entry-meta">Posted on February 13, 2005 by admin</div></header>
<div class="entry-content"><p>Maternity pay for new mothers is to rise by \u00a31,400 as part of new proposals announced by
the Trade and Industry Secretary Patricia Hewitt on Sunday, officials said.</p>
<p>It would mean paid leave would be increased to nine months by 2007, Ms Hewitt told GMTV's Sunday programme.</p>
</div></article></body></html>"""


@pytest.mark.parametrize("h1", ["Labour plans maternity pay rise", "SHOCK: Labour's desperate bribe to mothers EXPOSED"])
def test_the_headline_a_reader_sees_is_analysed_as_a_headline(h1):
    """A WordPress headline sits outside the content block and trafilatura leaves it out; the page's
    own <h1> (not the site's name, nor the SEO title when they differ) opens the text, as a headline."""
    from unspin.pipeline import Pipeline

    src = inputs.from_html(WORDPRESS.format(h1=h1))
    assert src.text.startswith(h1 + "\n\nMaternity pay for new mothers")
    report = Pipeline("fast", analyzers=["attribution"], strict=True)(src)
    first = min(report.claims, key=lambda c: c.start)
    assert report.text[first.start:first.end] == h1 and first.headline


def test_html_is_sniffed_from_content(tmp_path):
    path = tmp_path / "saved_page"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    src = inputs.from_path(path)
    assert src.meta.get("extracted_from") == "html"


@pytest.mark.parametrize("encode", [
    lambda page: b"\xef\xbb\xbf" + page.encode("utf-8"),  # a UTF-8 byte-order mark
    lambda page: page.encode("utf-16"),  # UTF-16, with its mark
    lambda page: ('<?xml version="1.0" encoding="utf-8"?>\n' + page).encode("utf-8"),  # XHTML
], ids=["utf8-bom", "utf16", "xml-declaration"])
def test_html_behind_a_byte_order_mark_or_xml_declaration_is_still_html(encode):
    src = inputs.from_bytes(encode(ARTICLE_HTML))
    assert src.meta.get("extracted_from") == "html"
    assert "Dock workers at Port Elling voted" in src.text and "<" not in src.text


def test_a_string_that_starts_with_a_byte_order_mark_is_sniffed_as_html():
    from unspin.pipeline import Pipeline

    report = Pipeline("fast", analyzers=[])("\ufeff" + ARTICLE_HTML)
    assert report.meta.get("extracted_from") == "html" and "<" not in report.text


@pytest.mark.parametrize("fragment", ["<p>{}</p>", "<section><p>{}</p></section>", "<h1>Strike</h1><p>{}</p>"])
def test_an_html_fragment_of_one_paragraph_is_read(fragment):
    body = ("Dock workers at Port Elling voted on Thursday to extend their strike by another week, after talks with "
            "the port authority over pay and shift patterns broke down for a second time, the union said.")
    src = inputs.from_bytes(fragment.format(body).encode())
    assert body in src.text and src.meta["extracted_from"] == "html"


def test_a_lone_surrogate_is_not_text():
    with pytest.raises(DecodingError, match="surrogate"):
        inputs.from_text("The minister said \udc80 prices rose 5 percent.")


@pytest.mark.parametrize("text", ["\ufeff", "\u200b \n", "\ufeff\u200d"])
def test_invisible_characters_alone_are_an_empty_article(text):
    with pytest.raises(EmptyInput):
        inputs.from_text(text)


def test_html_without_article_text():
    with pytest.raises(NoArticleText):
        inputs.from_html("<html><body><div></div></body></html>")


def test_language_detection():
    assert inputs.detect_language("The government announced new measures on Tuesday to curb inflation.") == "en"
    assert inputs.detect_language("Le gouvernement a annoncé mardi de nouvelles mesures contre l'inflation.") == "fr"
    assert inputs.detect_language("12 34 !!") is None


def test_a_copyright_year_is_not_a_publication_date():
    """htmldate reads "© 2019 Example News" as 2019-01-01 when the page gives no date."""
    body = ARTICLE_HTML.split("<body>", 1)[1].split("<footer>")[0]
    page = f"<html><head><title>Port strike</title></head><body>{body}<footer>© 2019 Example News</footer></body></html>"
    assert "date" not in inputs.from_html(page).meta
    dated = page.replace("<head>", '<head><meta name="date" content="2019-01-01">')
    assert inputs.from_html(dated).meta["date"] == "2019-01-01"  # a date the page states is kept


def test_text_that_says_its_encoding_is_read_as_it_says():
    """A saved page in Latin-1 that declares it, and a UTF-16 file with its byte-order mark, were
    refused as 'not UTF-8' and 'binary'; an undeclared Cyrillic code page still gets the clear error."""
    page = ("<html><head><meta charset='iso-8859-1'><title>Caf\xe9</title></head><body><article><p>Le caf\xe9 du "
            "port a ferm\xe9 ses portes jeudi apr\xe8s trente ans, a dit le maire devant la mairie.</p></article></body></html>")
    assert inputs.from_bytes(page.encode("latin-1")).text.startswith("Le café du port a fermé")
    assert inputs.from_bytes("The mayor said the café would reopen.".encode("utf-16")).text == "The mayor said the café would reopen."
    with pytest.raises(DecodingError, match="not valid UTF-8"):
        inputs.from_bytes("\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0441\u043a\u0430\u0437\u0430\u043b.".encode("cp1251"))
    with pytest.raises(DecodingError, match="not valid UTF-8"):  # a declaration that does not fit is not trusted
        inputs.from_bytes(page.replace("iso-8859-1", "no-such-codec").encode("latin-1"))


WESTERN = ("<html><head>{meta}<title>Pay rise \u201cfirm\u201d</title></head><body><article><p>Ms Hewitt said: "
           "\u201cWe have made a firm commitment.\u201d It\u2019s the extra \u00a31,400 \u2014 paid from April, the "
           "department said in a statement on Monday.</p></article></body></html>")


@pytest.mark.parametrize("meta", ["<meta charset='iso-8859-1'>", '<meta http-equiv="Content-Type" content="text/html; '
                                  'charset=latin1">', "<meta charset='windows-1252'>"])
def test_a_page_labelled_latin_1_is_read_as_windows_1252_as_browsers_do(meta):
    """Pages labelled ISO-8859-1 nearly always hold Windows-1252 curly quotes and dashes: read as
    Latin-1 they became invisible control characters, and quoted speech lost its quote marks."""
    src = inputs.from_bytes(WESTERN.format(meta=meta).encode("cp1252"))
    assert "\u201cWe have made a firm commitment.\u201d It\u2019s the extra \u00a31,400 \u2014 paid" in src.text
    assert not src.warnings


def test_a_page_in_windows_1252_that_declares_nothing_is_read_with_a_warning():
    """Saved with curl, the charset was only in the HTTP header: browsers read such a page as
    Windows-1252, and so does unspin, saying so (plain text too: test_legacy_plain_text_...)."""
    src = inputs.from_bytes(WESTERN.format(meta="").encode("cp1252"), name="page.html")
    assert "\u201cWe have made a firm commitment.\u201d" in src.text
    assert any("read as Windows-1252" in w for w in src.warnings)
    # the commonest mix-up: Windows-1252 bytes under <meta charset="utf-8">
    src = inputs.from_bytes(WESTERN.format(meta='<meta charset="utf-8">').encode("cp1252"), name="page.html")
    assert "\u201cWe have made a firm commitment.\u201d" in src.text
    assert any("declares UTF-8 but is not" in w for w in src.warnings)


def test_a_string_with_nul_characters_is_binary_as_its_bytes_would_be():
    with pytest.raises(BinaryInput, match="NUL"):
        inputs.from_text("The mayor said\x00 the bridge would reopen.")


def test_a_page_of_navigation_only_is_no_article():
    with pytest.raises(NoArticleText, match="1 word"):
        inputs.from_html("<html><body><nav>menu</nav></body></html>")


@pytest.mark.parametrize("word, garbled, fixed", [("It\u00e2\u20ac\u2122s", "\u00e2\u20ac\u2122", "\u2019"),
                                                   ("Caf\u00c3\u00a9", "\u00c3\u00a9", "\u00e9")])
def test_mojibake_is_analysed_as_given_with_a_warning_that_shows_the_repair(word, garbled, fixed):
    text = f"{word} a fact that the council met on Tuesday."
    src = inputs.from_text(text)
    assert src.text == text  # offsets index the text as given
    (warning,) = src.warnings
    assert f"'{garbled}' where '{fixed}' was meant" in warning


def test_correct_accents_and_quotes_are_not_mojibake():
    assert inputs.from_text("Na\u00efve r\u00e9sum\u00e9 \u2014 \u201cquoted\u201d, it\u2019s \u00a35 and \u20ac10 \u00a9 2019.").warnings == []


def test_a_report_carries_the_mojibake_warning():
    from unspin.pipeline import Pipeline

    report = Pipeline("fast", analyzers=[])("Dock workers\u00e2\u20ac\u2122 strike goes on at the port, the union said.")
    assert any("mis-decoded" in w for w in report.warnings)


def test_a_year_in_the_body_is_not_a_publication_date():
    """htmldate's extensive search took "In 2011, ..." in a 2016 story for its date (batch time charts)."""
    page = ("<html><head><title>Profile</title></head><body><article><h1>Profile</h1>"
            "<p>In 2011, Pak started a small business selling tea in the harbour district of the city.</p>"
            "<p>By 2014 the shop employed twelve people and supplied three restaurants nearby.</p>"
            "</article></body></html>")
    assert "date" not in inputs.from_html(page).meta
    dated = page.replace("<head>", '<head><meta property="article:published_time" content="2016-09-12">')
    assert inputs.from_html(dated).meta["date"] == "2016-09-12"


def test_mojibake_in_a_page_is_seen_though_extraction_drops_its_control_characters():
    page = ("<html><head><title>Row</title></head><body><article><p>He couldn\u00e2\u0080\u0099t explain why the "
            "council\u00e2\u0080\u0099s plan had failed, and the mayor\u00e2\u0080\u0099s office declined to comment on it.</p>"
            "</article></body></html>")
    (warning,) = inputs.from_html(page).warnings
    assert "'\u00e2\\x80\\x99' where '\u2019' was meant" in warning


def test_plain_text_saved_as_html_keeps_its_lines_and_offsets(tmp_path):
    from unspin.inputs import from_path

    text = "Bridge reopens\n\nThe bridge reopened on Monday.\n\nTraffic was light, the council said.\n"
    (tmp_path / "plain.html").write_text(text)
    assert from_path(tmp_path / "plain.html").text == text
    (tmp_path / "page.html").write_text("<p>The bridge reopened on Monday.</p>")
    assert from_path(tmp_path / "page.html").text.startswith("The bridge reopened")


def test_an_article_nested_300_elements_deep_is_still_read():
    body = "".join(f"<p>Paragraph {i}: the bridge over the river reopened on Monday after repairs, the council said.</p>"
                   for i in range(5))
    page = "<html><body>" + "<div>" * 300 + "<article>" + body + "</article>" + "</div>" * 300 + "</body></html>"
    assert inputs.from_html(page).text.startswith("Paragraph 0: the bridge over the river reopened")


def test_a_story_whose_paragraphs_follow_300_unclosed_elements_is_read_whole():
    """An ad's unclosed <div>s between two paragraphs: libxml2 stopped at 256 nested elements and
    dropped the rest of the page, so the story was its first paragraph alone, without a word said."""
    story = [f"Paragraph {i}: the bridge over the river reopened on Monday after repairs, the council said." for i in range(4)]
    page = ("<html><body><article><h1>Bridge reopens</h1>" + f"<p>{story[0]}</p>" + "<div>" * 300
            + "".join(f"<p>{s}</p>" for s in story[1:]) + "</article></body></html>")
    text = inputs.from_html(page).text
    assert all(s in text for s in story), text


def test_an_article_only_in_structured_data_keeps_its_paragraphs():
    """trafilatura's last resort reads JSON-LD's articleBody with its line breaks collapsed: the
    article came out as one paragraph. Its paragraphs are taken from the structured data itself."""
    import json

    body = ("A US government claim accusing tobacco companies of covering up the effects of smoking has been "
            "thrown out by an appeal court.\n\nThe demand for $280bn was rejected in a 2-1 decision, the court said.\n\n"
            "Shares of tobacco companies closed higher after the ruling, with Altria rising 5%.")
    page = ('<!DOCTYPE html><html><head><title>Court rejects $280bn tobacco case</title><script type="application/ld+json">'
            + json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "articleBody": body}]})
            + '</script></head><body><div id="app"></div></body></html>')
    text = inputs.from_html(page).text
    assert text.split("\n")[-3:] == [p for p in body.split("\n\n")]
    # the body as HTML, as many CMSs write it
    html_body = "".join(f"<p>{p.replace('$', '&#36;')}</p>" for p in body.split("\n\n"))
    text = inputs.from_html(page.replace(json.dumps(body)[1:-1], json.dumps(html_body)[1:-1])).text
    assert text.split("\n")[-3:] == [p for p in body.split("\n\n")]


def test_furniture_lines_and_a_teaser_of_a_later_paragraph_are_dropped():
    para = "Campaigners said they would protest outside the town hall on Saturday against the closures."
    page = ARTICLE_HTML.replace("<article><h1>Port strike extended</h1>", (
        f'<article><h1>Port strike extended</h1><p class="lead">{para} <a href="#more">Read more</a></p>')).replace(
        "<script>", f"<p>{para}</p><p>Advertisement</p><p>Copyright 2024 Northwire. All rights reserved.</p><script>")
    lines = inputs.from_html(page).text.split("\n")
    assert lines.count(para) == 1 and not any("Read more" in x for x in lines)
    assert "Advertisement" not in lines and not any(x.startswith("Copyright") for x in lines)
    assert lines[-1] == para
    # real paragraphs that only look like furniture stay
    real = ["Copyright law, the minister added, would not be changed before the election.",
            "Copyright holders welcomed the ruling.", "Read more about it below.",
            "Two out of three musicians said they were not worried about file-sharing.",
            "Two out of three musicians said they were not worried about file-sharing, the survey found."]
    page = ARTICLE_HTML.replace("<script>", "".join(f"<p>{x}</p>" for x in real) + "<p>Continue reading the main story</p>"
                                "<p>Read more: Why copyright law matters</p><p>\u00a9 2024 Northwire</p><script>")
    lines = inputs.from_html(page).text.split("\n")
    assert lines[-len(real):] == real


SAVED_PAGE = """<!DOCTYPE html><html><head><title>Council approves harbour budget | Northwire</title></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Council approves harbour budget</h1>
<p>The city council approved a budget of 12 million euros for the harbour on Tuesday, after a debate of four hours.</p>
<p class="story-continued">Story Continued Below</p>
<p>The mayor said the money would repair the old quay walls and dredge the eastern basin, which has silted up.</p>
<p><strong>Advertisement - Continue Reading Below</strong></p>
<p>Opposition councillors said the plan did nothing for the fishing fleet, moored elsewhere since March. <a href="/1">Read more</a></p>
<p>Story continues below advertisement</p>
<p>The harbour master welcomed the vote and said work could start in the autumn, once tenders were assessed.
<a href="/2">Continue reading &raquo;</a></p>
<p>Continue reading after the advertisement</p>
<p>Residents who want to read more about the plan can find it at the town hall, where it will be on display.</p>
<p>The story continued below the waterline, where divers found the walls had cracked in several places.</p>
</article></body></html>"""


def test_a_saved_pages_read_more_and_story_continued_below_lines_are_not_article_text():
    """Politico's "Story Continued Below", "Advertisement - Continue Reading Below" and a "Read more"
    link after a paragraph's last sentence had stayed in the text, where the splices layer flagged
    them as suspect passages (trafilatura drops such a line only by its markup: a link alone in its
    paragraph, an ad's class name)."""
    lines = inputs.from_html(SAVED_PAGE).text.split("\n")
    assert [x for x in lines if x.strip()][1:] == [
        "The city council approved a budget of 12 million euros for the harbour on Tuesday, after a debate of four hours.",
        "The mayor said the money would repair the old quay walls and dredge the eastern basin, which has silted up.",
        "Opposition councillors said the plan did nothing for the fishing fleet, moored elsewhere since March.",
        "The harbour master welcomed the vote and said work could start in the autumn, once tenders were assessed.",
        # sentences that use the words stay
        "Residents who want to read more about the plan can find it at the town hall, where it will be on display.",
        "The story continued below the waterline, where divers found the walls had cracked in several places."]


def test_every_byline_of_a_page_is_its_author():
    """trafilatura keeps the first of several rel=author bylines: a wire story by two reporters was
    credited to one."""
    page = ARTICLE_HTML.replace('<meta name="author" content="Jane Doe">', "").replace(
        "<article><h1>Port strike extended</h1>", '<article><h1>Port strike extended</h1><div class="byline">By '
        '<a href="/a/holt" rel="author">Martin Holt</a> and <a href="/a/dupont" rel="author">Sophie Dupont</a></div>')
    assert inputs.from_html(page).meta["author"] == "Martin Holt; Sophie Dupont"
    assert inputs.from_html(ARTICLE_HTML).meta["author"] == "Jane Doe"


STORY = "".join(f"<p>{p}</p>" for p in [
    "Musicians who swapped songs online were given jail sentences on Tuesday, a court in the capital said.",
    "The court said the sentences would be suspended if the defendants paid fines within a month."])


@pytest.mark.parametrize("page, headline", [
    # a site name in an <h1> of the page header, and a breaking-news strip, are not the story's headline
    ('<html><head><title>Jail for song swappers | Northern Echo</title><meta property="og:site_name" content="Northern '
     'Echo"></head><body><header><h1 class="logo">The Northern Daily Echo</h1></header><article><h1>You will not '
     'believe what the court just did</h1>' + STORY + "</article></body></html>", "You will not believe what the court just did"),
    ('<html><head><title>Song swappers get jail sentences</title></head><body><div class="breaking-news"><h1>Breaking: '
     'Storm closes three major roads</h1></div><article><h1>Song swappers get jail sentences</h1>' + STORY
     + "</article></body></html>", "Song swappers get jail sentences"),
    # a line break inside the headline, and a headline that extraction ran into the first paragraph
    ('<html><head><title>Song swappers get jail sentences</title></head><body><article><h1>Song swappers get<br>jail '
     'sentences</h1>' + STORY + "</article></body></html>", "Song swappers get jail sentences"),
    ('<html><head><title>Song swappers get jail sentences</title></head><body><article><header class="entry-header">'
     '<h1 class="entry-title">Song swappers get jail sentences</h1></header><div class="entry-content">' + STORY
     + "</div></article></body></html>", "Song swappers get jail sentences"),
], ids=["site-name-h1", "breaking-strip", "br-in-h1", "run-into-body"])
def test_the_headline_is_the_story_s_own_and_stands_alone(page, headline):
    text = inputs.from_html(page).text
    assert text.startswith(headline + "\n\nMusicians who swapped songs online")
    assert text.count("jail sentences") == (2 if "jail sentences" in headline else 1)


def test_a_first_sentence_that_starts_with_the_headline_s_words_is_not_cut():
    from unspin.inputs import _with_headline

    assert _with_headline("Dock workers vote to extend the strike.\nMore.", "Dock workers vote") == \
        "Dock workers vote to extend the strike.\nMore."


def test_links_to_other_stories_set_in_the_text_are_dropped_and_sentences_like_them_kept():
    """"READ ALSO: <headline>" lines inside the story were analysed as claims of the story."""
    links = ["READ ALSO: Rival carmaker raises outlook on strong truck demand", "ALSO READ | Reform hails 'earthquake' result",
             "RELATED: Who is Anna Reed?", "SEE ALSO Northtown council tax to rise 5%", "Related stories",
             "Read more about the by-elections held this year", "See also: Mayor denies cover-up over bin strike"]
    real = ["Related charges were filed against two campaign workers last month, police said.",
            "See also the council's statement on the count, which was delayed by two hours.",
            "Read more about it below."]
    page = ARTICLE_HTML.replace("<script>", "".join(f"<p>{x}</p>" for x in links + real) + "<script>")
    lines = inputs.from_html(page).text.split("\n")
    assert lines[-len(real):] == real
    assert not any(x in lines for x in links)


WIRE = """<!DOCTYPE html><html><head><title>Acme Motors to cut 3,000 jobs as sales slump | Reuters</title>
<meta property="og:site_name" content="Reuters"></head><body>
<header><nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li></ul></nav></header>
<main><article><h1>Acme Motors to cut 3,000 jobs as sales slump</h1>
{box}
<div class="article-body__content">
<p>DETROIT, May 2 (Reuters) - Acme Motors said on Thursday it would cut 3,000 jobs and close two plants in Ohio by
2026, after its quarterly sales fell sharply amid weak demand for its sedans.</p>
<p>Shares of Acme fell 4% in early trading, and the company said it expected charges of about $300 million.</p>
</div>
<div class="most-read"><h2>Most read</h2><ul><li>Oil prices jump as Middle East tensions rise again</li>
<li>Fed holds rates steady, signals cuts later this year</li></ul></div>
<div><h2>Contents</h2><ol><li><a href="#a">Why the plants in Ohio are closing</a></li>
<li><a href="#b">What the union says about the cuts</a></li></ol></div>
</article></main></body></html>"""
POINTS = ["Company says it will close two plants in Ohio by 2026", "Quarterly sales fell 18% from a year earlier",
          "Union calls the cuts a betrayal of workers"]
ITEMS = "<ul>" + "".join(f"<li>{p}</li>" for p in POINTS) + "</ul>"


@pytest.mark.parametrize("box", [
    f'<div class="summary" data-testid="Summary"><h2>Summary</h2>{ITEMS}</div>',
    f'<div class="standfirst"><p><strong>Key points:</strong></p>{ITEMS}</div>',
    f"<section><h3>What we know</h3>{ITEMS}</section>",
    f'<div data-testid="Summary">{ITEMS}</div>',
], ids=["wire-summary", "key-points", "what-we-know", "summary-box"])
def test_a_summary_box_under_the_headline_is_read_before_the_body(box):
    """Extraction keeps the story's body only, and a wire story's "Summary" box (or a list of key
    points under the headline) was dropped with the claims it leads with; a most-read list and a
    table of contents still stay out."""
    from unspin.pipeline import Pipeline

    src = inputs.from_html(WIRE.format(box=box))
    assert src.text.startswith("Acme Motors to cut 3,000 jobs as sales slump\n\n" + "\n".join(POINTS) + "\nDETROIT, May 2")
    assert not any(x in src.text for x in ("Oil prices", "Fed holds", "Why the plants", "Summary", "Key points"))
    report = Pipeline("fast", analyzers=["attribution"], strict=True)(src)
    claim = next(c for c in report.claims if report.text[c.start:c.end] == POINTS[1])
    assert [q.text for q in claim.quantities] == ["18%"]


def test_a_short_point_does_not_cost_the_whole_summary_box():
    """'Budget totals £45m' (three words) had made the box count as a list of tags, and all its points
    were dropped (a regression review); a box of one- and two-word items still stays out."""
    points = ["Council tax to rise by 4.99%", "Library opening hours cut", "Budget totals £45m"]
    box = "<section><h3>Key points</h3><ul>" + "".join(f"<li>{p}</li>" for p in points) + "</ul></section>"
    assert inputs.from_html(WIRE.format(box=box)).text.startswith(
        "Acme Motors to cut 3,000 jobs as sales slump\n\n" + "\n".join(points) + "\nDETROIT, May 2")
    tags = "<section><h3>Key points</h3><ul><li>Ohio</li><li>Jobs</li><li>Car industry</li></ul></section>"
    assert inputs.from_html(WIRE.format(box=tags)).text.startswith("Acme Motors to cut 3,000 jobs as sales slump\n\nDETROIT")


def test_a_summary_point_the_body_repeats_is_read_once():
    lead = "Acme Motors said on Thursday it would cut 3,000 jobs and close two plants in Ohio by 2026"
    box = f'<div class="summary"><h2>Summary</h2><ul><li>{lead}</li><li>{POINTS[1]}</li></ul></div>'
    page = WIRE.format(box=box).replace("<p>DETROIT", f"<p>{lead}.</p><p>DETROIT")
    text = inputs.from_html(page).text
    assert text.count("would cut 3,000 jobs") == 2  # the lead and the dateline paragraph, not the point again
    assert text.startswith(f"Acme Motors to cut 3,000 jobs as sales slump\n\n{POINTS[1]}\n{lead}.")


RESULTS = """<!DOCTYPE html><html><head><title>Labour holds Northtown in by-election</title></head>
<body class="single single-post has-sidebar"><div id="primary" class="content-area"><main id="main" class="site-main">
<article class="post type-post category-politics tag-trending"><header class="entry-header">
<h1 class="entry-title">Labour holds Northtown in by-election</h1></header><div class="entry-content">
<p>Labour held the Northtown seat in Thursday's by-election with a reduced majority, the returning officer said.</p>
<table class="wp-block-table"><caption>Northtown by-election result</caption>
<thead><tr><th>Party</th><th>Votes</th><th>Share</th></tr></thead>
<tbody><tr><td>Labour</td><td>12,345</td><td>34%</td></tr><tr><td><a href="/reform">Reform UK</a></td><td>11,020</td>
<td>30.4%</td></tr><tr><td colspan="3">Others</td></tr><tr><td>Green</td><td>2,102</td><td></td></tr></tbody></table>
<p>Turnout was 41%, down from 63% at the general election.</p>
</div></article></main></div>
<aside class="widget-area"><table id="wp-calendar"><tr><th>M</th><th>T</th><th>W</th></tr><tr><td>1</td><td>2</td>
<td>3</td></tr><tr><td>4</td><td>5</td><td>6</td></tr></table></aside></body></html>"""


def test_a_data_table_in_the_story_is_read_one_line_per_row():
    """Tables are left out of extraction, and with them an election result's or a company's figures."""
    lines = inputs.from_html(RESULTS).text.split("\n")
    assert lines[2:9] == [
        "Labour held the Northtown seat in Thursday's by-election with a reduced majority, the returning officer said.",
        "Northtown by-election result", "Party: Labour; Votes: 12,345; Share: 34%",
        "Party: Reform UK; Votes: 11,020; Share: 30.4%", "Others", "Party: Green; Votes: 2,102",
        "Turnout was 41%, down from 63% at the general election."]
    assert len(lines) == 9  # the sidebar's calendar stays out
    # a fact box with a header opening each row
    facts = RESULTS.replace("general election.</p>", "general election.</p><table><tr><th>Electorate</th><td>72,400"
                            "</td></tr><tr><th>Majority</th><td>1,325</td><td>(3.6%)</td></tr></table>")
    assert inputs.from_html(facts).text.endswith("general election.\nElectorate: 72,400\nMajority: 1,325; (3.6%)")


COUNCIL = """<html><head><title>Labour keeps Riverside council</title></head><body><article>
<h1>Labour keeps Riverside council</h1><p>Labour kept control of Riverside council on Thursday, the returning officer said.</p>
<table><thead><tr><th colspan="4">Riverside ward result</th></tr>
<tr><th rowspan="2">Party</th><th rowspan="2">Candidate</th><th colspan="2">2024</th></tr><tr><th>Votes</th><th>Share</th></tr>
</thead><tbody><tr><td rowspan="2">Labour</td><td>Ann Smith</td><td>4,210</td><td>41%</td></tr>
<tr><td>Raj Patel</td><td>3,980</td><td>39%</td></tr><tr><td>Green</td><td>Li Wong</td><td>1,020</td><td>10%</td></tr>
</tbody></table><p>Turnout was 31%.</p></article></body></html>"""


def test_a_table_with_cells_spanning_rows_and_two_header_rows_is_read():
    """A party beside each of its candidates, a year over its columns: such tables had been left out whole."""
    lines = inputs.from_html(COUNCIL).text.split("\n")
    assert lines[3:8] == [
        "Riverside ward result",
        "Party: Labour; Candidate: Ann Smith; 2024 Votes: 4,210; 2024 Share: 41%",
        "Party: Labour; Candidate: Raj Patel; 2024 Votes: 3,980; 2024 Share: 39%",
        "Party: Green; Candidate: Li Wong; 2024 Votes: 1,020; 2024 Share: 10%",
        "Turnout was 31%."]
    # a span past the table's end pushes the last row's cells out of their columns: not read as data,
    # and the story around it is whole
    wide = COUNCIL.replace('rowspan="2">Labour', 'rowspan="99999">Labour').replace('colspan="4"', 'colspan="4000"')
    text = inputs.from_html(wide).text
    assert "Party: Green" not in text and "Party: Labour" not in text
    assert "said.\n" in text or "said. " in text and text.endswith("Turnout was 31%.")


@pytest.mark.parametrize("table, lines", [
    # a heading across the table over rows that each open with a heading: its title, then the rows
    ("<table><tr><th colspan=2>Turnout by ward</th></tr><tr><th>North</th><td>61%</td></tr>"
     "<tr><th>South</th><td>58%</td></tr></table>", ["Turnout by ward", "North: 61%", "South: 58%"]),
    # a calendar under its month is no data: its day numbers stay out of the story
    ("<table><tr><th colspan=7>March 2005</th></tr><tr>" + "".join(f"<th>{d}</th>" for d in "Mon Tue Wed Thu Fri Sat Sun".split())
     + "</tr>" + "".join("<tr>" + "".join(f"<td>{7 * w + d}</td>" for d in range(1, 8)) + "</tr>" for w in range(3))
     + "</table>", None),
    # a cell spans rows of its own body only, as a browser draws it
    ("<table><thead><tr><th>Party</th><th>Candidate</th><th>Votes</th></tr></thead><tbody><tr><td rowspan=5>Labour</td>"
     "<td>Ann Smith</td><td>4,210</td></tr><tr><td>Raj Patel</td><td>3,980</td></tr></tbody><tbody><tr><td>Green</td>"
     "<td>Li Wong</td><td>1,020</td></tr></tbody></table>",
     ["Party: Labour; Candidate: Ann Smith; Votes: 4,210", "Party: Labour; Candidate: Raj Patel; Votes: 3,980",
      "Party: Green; Candidate: Li Wong; Votes: 1,020"]),
], ids=["title-over-row-headings", "calendar", "rowspan-within-its-body"])
def test_tables_with_a_title_row_a_calendar_and_row_groups(table, lines):
    page = COUNCIL.replace(COUNCIL[COUNCIL.index("<table>"):COUNCIL.index("</table>") + 8], table)
    text = inputs.from_html(page).text
    if lines is None:  # left to extraction, which leaves tables out (on a page this short it keeps their words)
        assert "Mon: 1" not in text and "Tue: 2" not in text
    else:
        assert text.split("\n")[3:] == [*lines, "Turnout was 31%."]


LAYOUT = """<html><head><title>Mayor says bridge will reopen in spring</title></head><body>
<table width="100%"><tr><th colspan="2"><img src="logo.gif" alt="Valley Times"> Valley Times Online</th></tr>
<tr><td width="150"><a href="/">Home</a><br><a href="/local">Local</a><br><a href="/sport">Sport</a></td>
<td><table><tr><td><b>Mayor says bridge will reopen in spring</b></td></tr><tr><td>{story}</td></tr></table></td></tr>
<tr><td colspan="2"><small>Copyright 2004 Valley Times</small></td></tr></table></body></html>"""
BRIDGE = ["The mayor of Valley Falls said on Monday that the Old Mill bridge, closed since a flood in October, would reopen.",
          "Repairs had cost $2.4 million so far, the mayor told the council, and another $600,000 would be needed.",
          "Residents say the closure adds twenty minutes to journeys into town, and shops say their sales have halved."]


@pytest.mark.parametrize("page, lines", [
    (LAYOUT.format(story="".join(f"<p>{p}</p>" for p in BRIDGE)), BRIDGE),
    # the story's paragraphs in the cells of a table with a header row
    ("<html><head><title>Mayor says bridge will reopen in spring</title></head><body><table><tr><th>Valley Times</th>"
     "<th>Local news</th></tr>" + "".join(f"<tr><td><a href='/{k}'>Section {k}</a></td><td>{p}</td></tr>"
                                          for k, p in enumerate(BRIDGE)) + "</table></body></html>",
     [x for k, p in enumerate(BRIDGE) for x in (f"Section {k}", p)]),
    # a data table inside a page laid out with tables is read, the layout around it is not
    (LAYOUT.format(story=f"<p>{BRIDGE[0]}</p><p>{BRIDGE[1]}</p><table><tr><th>Item</th><th>Cost</th></tr><tr><td>Steel"
                   f"</td><td>$1.1 million</td></tr><tr><td>Labour</td><td>$900,000</td></tr></table><p>{BRIDGE[2]}</p>"),
     BRIDGE[:2] + ["Item: Steel; Cost: $1.1 million", "Item: Labour; Cost: $900,000", BRIDGE[2]]),
], ids=["layout-tables", "story-in-cells", "data-table-in-layout"])
def test_a_page_laid_out_with_tables_still_gives_its_story(page, lines):
    text = inputs.from_html(page).text
    assert text.split("\n")[-len(lines):] == lines
    assert "Home" not in text and "Copyright" not in text


BBC_STYLE_PAGE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Court rejects $280bn tobacco case - BBC News</title></head><body>
<div id="header"><a href="/">BBC</a> <a href="/news">News</a></div>
<div class="story-body"><h1 class="story-headline">Court rejects $280bn tobacco case</h1>
<p class="byline">By Tom Jones<br>Business reporter, BBC News</p>
<p class="date">Friday, 4 February 2005, 18:22 GMT</p>
<p><b>A US government claim accusing the biggest tobacco companies of covering up the effects of smoking has been
thrown out by an appeal court.</b></p>
<p>The demand for $280bn - filed by the Clinton administration in 1999 - was rejected in a 2-1 decision.</p>
<p>Shares of tobacco companies closed higher after the ruling on Friday, 4 February 2005, traders said.</p>
</div></body></html>"""


def test_a_bylines_role_and_the_pages_date_stamp_are_not_the_author_or_the_story():
    """A BBC-style page: the byline's second line is the reporter's role, not part of the name (the
    author had been "Tom Jones Business reporter; BBC News"), and the line that is only the page's
    date stamp, read as its date, is not the story's text (it had stayed in it, as the story's
    first line). The same date in a sentence of the story stays; offsets index the text as given."""
    src = inputs.from_html(BBC_STYLE_PAGE)
    assert src.meta["author"] == "Tom Jones"
    assert src.meta["date"] == "2005-02-04"
    assert src.text.startswith("Court rejects $280bn tobacco case\n\nA US government claim")
    assert "18:22 GMT" not in src.text and "ruling on Friday, 4 February 2005, traders said" in src.text
    two = BBC_STYLE_PAGE.replace("<br>Business reporter, BBC News", "<br>and Ann Lee")
    assert inputs.from_html(two).meta["author"] == "Tom Jones; Ann Lee"  # a second author is no role


@pytest.mark.parametrize("byline", ["By Tom Jones<br>Ann Lee, Chief Reporter", "By Tom Jones<br>Ann Lee, BBC News",
                                    "By Tom Jones, Business reporter<br>and Ann Lee, Chief Reporter",
                                    "By Tom Jones<br>Ann Lee<br>Business reporters, BBC News"])
def test_a_second_author_with_a_role_is_an_author(byline):
    """"By Tom Jones<br>Ann Lee, Chief Reporter" had the author "Tom Jones": a line with "chief",
    "news" or "editor" in it was a role, whoever it named. A line is a role when its words before a
    comma name one ("Business reporter, BBC News"); a name before the comma is a second author."""
    page = BBC_STYLE_PAGE.replace("By Tom Jones<br>Business reporter, BBC News", byline)
    assert inputs.from_html(page).meta["author"] == "Tom Jones; Ann Lee"


def test_the_pages_date_as_a_subhead_in_the_story_stays():
    """A timeline's subhead that is the page's date ("4 February 2005", then what happened that day)
    had been cut from the story with the date stamp: every line equal to the date went. Only the
    stamp near the top is the page's furniture."""
    timeline = BBC_STYLE_PAGE.replace("<p>Shares of tobacco companies", "<h2>4 February 2005</h2>\n<p>The appeal court "
                                      "ruled against the government.</p>\n<p>Shares of tobacco companies")
    src = inputs.from_html(timeline)
    assert "18:22 GMT" not in src.text
    assert "\n4 February 2005\nThe appeal court ruled against the government." in src.text


def test_a_pages_site_is_read_from_its_title_when_nothing_else_names_it():
    """The <title> "Court rejects $280bn tobacco case - BBC News" adds the site's name to the headline:
    it is the page's source (the batch summary's Source column was empty for BBC pages); a title
    that is only the headline names none."""
    assert inputs.from_html(BBC_STYLE_PAGE).meta["source"] == "BBC News"
    old_style = BBC_STYLE_PAGE.replace("Court rejects $280bn tobacco case - BBC News",
                                       "BBC NEWS | Business | Court rejects $280bn tobacco case")
    assert inputs.from_html(old_style).meta["source"] == "BBC NEWS"
    plain = BBC_STYLE_PAGE.replace("Court rejects $280bn tobacco case - BBC News", "Court rejects $280bn tobacco case")
    assert "source" not in inputs.from_html(plain).meta


@pytest.mark.parametrize("kicker", ["Analysis - ", "Opinion | ", "Brexit \u2013 "])
def test_a_kicker_before_the_headline_in_the_title_is_not_the_site(kicker):
    """"Analysis - Why the pound fell" had the source "Analysis" (and "Opinion | ..." "Opinion"): one
    part before the headline is the story's kicker or section; a site goes first only above its
    section ("BBC NEWS | Business | ..."), as the test above has it."""
    page = BBC_STYLE_PAGE.replace("Court rejects $280bn tobacco case - BBC News", kicker + "Why the pound fell")
    page = page.replace("Court rejects $280bn tobacco case</h1>", "Why the pound fell</h1>")
    src = inputs.from_html(page)
    assert src.meta["title"] == "Why the pound fell" and "source" not in src.meta


def test_legacy_plain_text_in_windows_1252_is_read_with_a_warning():
    """A daily corpus's older .txt files in Windows-1252 or Latin-1 were refused as 'not UTF-8',
    while the same bytes saved as .html were read as Windows-1252; text in another alphabet's code
    page (most of its letters outside ASCII) is still refused, and binary data too."""
    said = "Ms Hewitt said: \u201cWe have made a firm commitment to the caf\u00e9 owners.\u201d\n"
    src = inputs.from_bytes(said.encode("cp1252"), name="2004/0312.txt")
    assert src.text == said
    assert src.warnings == ["2004/0312.txt is not UTF-8: it was read as Windows-1252 (Western European); if its "
                            "letters look wrong, convert it to UTF-8 first (iconv -f ENCODING -t utf-8)"]
    assert inputs.from_bytes("Le caf\u00e9 du port a ferm\u00e9 jeudi.".encode("latin-1")).text == "Le café du port a fermé jeudi."
    with pytest.raises(DecodingError, match="iconv -f cp1251"):
        inputs.from_bytes("\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0441\u043a\u0430\u0437\u0430\u043b: "
                          "\u00ab\u043c\u044b \u043d\u0435 \u043e\u0442\u0441\u0442\u0443\u043f\u0438\u043c\u00bb.".encode("cp1251"))
    with pytest.raises(BinaryInput):
        inputs.from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_wire_copy_tickers_are_not_html_markup():
    """Reuters names a company by its ticker in angle brackets: "PIEDMONT <PIE> AGREES TO USAIR <U>
    BUYOUT" sent as text through the API had been warned of as holding HTML markup (<U>, <I>, <DD>
    are element names). A tag in capitals still counts with its closing tag or attributes."""
    for wire in ("PIEDMONT <PIE> AGREES TO USAIR <U> BUYOUT",
                 "BankAmerica Corp <BAC> said it sold its Italian unit to Deutsche Bank <I>.",
                 "Du Pont Co <DD> and Burlington Resources <BR> said on Tuesday they would merge."):
        assert not inputs.has_markup(wire), wire
    for markup in ("<p>Experts say the plan failed.</p>", "The mayor <b>resigned</b> on Tuesday.",
                   "The mayor <B>resigned</B> on Tuesday.", "<P>The mayor resigned.</P>",
                   'Read the <A HREF="https://example.org">statement</A>.', "Talks resume on Monday.<BR/>Both sides agreed.",
                   "Talks resume on Monday.<br>Both sides agreed."):
        assert inputs.has_markup(markup), markup


def test_old_upper_case_html_that_never_closes_its_tags_is_markup():
    """Old pages' source gives bare capital tags and never closes <P>: "<P>The mayor resigned.<P>He
    had..." sent as text had no markup warning once bare capital tags were let pass for tickers.
    Two that open a line or follow a word without a space are markup; a ticker follows a space."""
    for markup in ("<P>The mayor resigned on Tuesday.<P>He had led the council for ten years.",
                   "<P>\nThe mayor resigned on Tuesday.\n<P>\nHe had led the council for ten years.",
                   "The mayor resigned on Tuesday.<BR>He had led the council for ten years.<BR>"):
        assert inputs.has_markup(markup), markup
    for wire in ("Du Pont Co <DD> and Burlington Resources <BR> said on Tuesday they would merge.",
                 "The mayor resigned on Tuesday.<P>"):  # one such tag is not enough
        assert not inputs.has_markup(wire), wire


STRAY = "The minister said \u201cwe will act\u201d on Tuesday; the plan \u2014 worth \u00a35m \u2014 was approved. "


def test_a_utf8_file_with_one_stray_windows_1252_byte_keeps_its_utf8_letters():
    """One apostrophe typed in Windows-1252 into a UTF-8 file had made the whole file Windows-1252:
    every curly quote, dash and pound sign garbled ('\u00e2\u20ac\u0153we will act', '\u00c2\u00a35m') and a mojibake
    warning of unspin's own making; French text dense in accents was refused as Cyrillic. Only the
    byte that is not UTF-8 is read as Windows-1252, and the warning says which; pages likewise."""
    src = inputs.from_bytes((STRAY * 4).encode("utf-8") + b"It\x92s done.\n", name="a.txt")
    assert src.text == STRAY * 4 + "It\u2019s done.\n"
    assert src.warnings == ["a.txt is not UTF-8: it was read as Windows-1252 in the one byte that is not UTF-8 (read as "
                            "'\u2019', on line 1) and as UTF-8 elsewhere; if its letters look wrong, correct them in the file"]
    french = "Le d\u00e9put\u00e9 \u00e9lu \u00e0 Besan\u00e7on: \u00e9glise, th\u00e9\u00e2tre, for\u00eat, ch\u00e2teau, \u00e9l\u00e8ve.\n"
    src = inputs.from_bytes(french.encode("utf-8") * 3 + b"C\x92est fini.\nL\x92\xe9t\xe9.\n", name="b.txt")
    assert src.text == french * 3 + "C\u2019est fini.\nL\u2019\u00e9t\u00e9.\n"
    assert "in the 4 bytes that are not UTF-8 (the first read as '\u2019', on line 4)" in src.warnings[0]
    page = (f"<html><head><meta charset='utf-8'><title>Plan approved</title></head><body><article><p>{STRAY * 3}"
            "It\x92s done.</p></article></body></html>")
    for html, why in ((page, "declares UTF-8 but is not"), (page.replace("<meta charset='utf-8'>", ""),
                                                             "is not UTF-8 and declares no charset")):
        src = inputs.from_bytes(html.encode("utf-8").replace(b"\xc2\x92", b"\x92"), name="p.html")
        assert STRAY.strip() in src.text and "It\u2019s done." in src.text
        assert src.warnings == [f"p.html {why}: it was read as Windows-1252 in the one byte that is not UTF-8 (read as "
                                "'\u2019', on line 1) and as UTF-8 elsewhere; if its letters look wrong, correct them in "
                                "the page"]


def test_messages_that_list_file_suffixes_list_them_in_one_style(tmp_path):
    """`unspin batch` and `unspin index add` name the suffixes they read as inputs.suffix_list does
    (sorted, comma-separated, in parentheses), and name every suffix they read: batch's message for
    an input it cannot read had left out .tsv, .ndjson and the gzipped ones it takes."""
    import re
    from pathlib import Path

    from unspin.batch.runner import BatchResult
    from unspin.batch.sources import detect_format
    from unspin.splices.sources import _iter_references

    articles = "(.htm, .html, .md, .text, .txt, .xhtml)"
    records = "(.csv, .csv.gz, .jsonl, .jsonl.gz, .ndjson, .parquet, .pq, .tsv)"
    assert inputs.suffix_list([".txt", ".html", "", ".md", ".txt"]) == ".html, .md, .txt"
    (tmp_path / "feed.xml").write_text("<rss/>", encoding="utf-8")
    with pytest.raises(UnsupportedInput) as err:
        detect_format(tmp_path / "feed.xml")
    batch_input = str(err.value)
    assert f"article files {articles}, or a file of records {records}" in batch_input
    ignored = BatchResult(out=Path("out"), format="parquet", ignored=2, ignored_names=["notes.pdf", "a.txt.gz"]).summary()
    assert f"2 files ignored, not article files {articles}: notes.pdf, a.txt.gz" in ignored
    (tmp_path / "empty").mkdir()
    (tmp_path / "wire.parquet").write_bytes(b"PAR1")
    problems = []
    list(_iter_references([tmp_path / "empty", tmp_path / "wire.parquet"], problems, []))
    index_notes = [p.message for p in problems]
    assert index_notes[0] == ("the folder holds no article files (.csv, .csv.gz, .htm, .html, .jsonl, .jsonl.gz, .md, "
                              ".ndjson, .text, .tsv, .txt, .xhtml)")
    assert "from JSON Lines and CSV files (.csv, .csv.gz, .jsonl, .jsonl.gz, .ndjson, .tsv)" in index_notes[1]
    for message in [batch_input, ignored, *index_notes]:
        assert not re.search(r"\.[a-z]+/\.[a-z]", message), message  # no ".txt/.html" style left
