"""The web app's own pages: the form (paste, upload, URL), the API page, the error page.

All of them are built from fixed text and settings; none repeats what a user sent. They link the
app's stylesheet and script from /static (the Content-Security-Policy forbids inline scripts).
"""

from __future__ import annotations

import re

from ..inputs import MAX_BYTES, MAX_CHARS
from ..render.html_parts import esc
from ..techniques import DEFINITIONS, TITLES
from .service import Settings

#: what the error page says for each error code (never the request's own text)
ERROR_TEXT = {
    "empty_input": "There was no text to analyse.",
    "binary_input": "The file is binary data, not text or HTML.",
    "not_utf8": "The text is not valid UTF-8. Convert it to UTF-8 and try again.",
    "too_large": "The article or the request is too large for this server: the home page says how long an article "
                 "may be.",
    "unsupported_input": "unspin cannot read this kind of input: it reads plain text, HTML files and http(s) URLs.",
    "unsupported_media_type": "unspin cannot read this kind of input: it reads plain text, HTML files and http(s) URLs.",
    "no_article_text": "No article text could be extracted from the HTML page.",
    "fetch_disabled": "Fetching URLs is off on this server. Paste the text or upload the page instead, "
                      "or start the server with --allow-fetch.",
    "blocked_address": "That URL points to a local or private address, which unspin does not fetch.",
    "fetch_failed": "The URL could not be fetched.",
    "timeout": "The analysis took longer than this server allows. Long articles take longest: try a shorter text.",
    "overloaded": "The server is busy. Try again in a moment.",
    "configuration": "That analysis profile or reference index is not available on this server.",
    "bad_input": "The form was not filled in as expected: give one of text, file or URL.",
    "bad_request": "The form could not be read.",
    "validation_error": "The form was not filled in as expected.",
    "missing_dependency": "This server lacks a package needed for that analysis profile.",
    "model_error": "A model file on this server is missing or damaged.",
    "reference_index": "The reference index on this server could not be read.",
    # codes of unspin.errors that this server does not answer with (see the API page), worded should one ever reach it
    "unreadable": "The file could not be read. Paste its text or upload it again.",
    "timed_out": "The analysis took longer than this server allows. Long articles take longest: try a shorter text.",
    "data_error": "A data set this server needs is missing or damaged.",
    "unspin_error": "The article could not be analysed.",
}


def shell(title: str, body: str, *, page_class: str = "") -> str:
    """A page of the app: top bar with navigation, linked stylesheet and script."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n<link rel="icon" href="data:,">\n'
        f"<title>{esc(title)}</title>\n"
        '<link rel="stylesheet" href="/static/report.css">\n<script src="/static/report.js" defer></script>\n'
        f'</head>\n<body class="{esc(page_class)}">\n'
        '<a class="skip" href="#main">Skip to the content</a>\n'
        '<header class="topbar"><a class="brand" href="/">unspin</a>'
        '<nav aria-label="Site"><a href="/">Analyse an article</a><a href="/api">API</a></nav></header>\n'
        f'<main id="main" tabindex="-1">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _for(what: str) -> str:
    """Words a screen reader adds to a label that three forms share ("Profile for the pasted text"),
    so that a list of the page's fields tells them apart; on screen each form's heading says it."""
    return f'<span class="sr"> for {esc(what)}</span>'


def _profile_select(settings: Settings, ident: str, disabled: str = "", what: str = "") -> str:
    options = "".join(
        f'<option value="{esc(p)}"{" selected" if p == settings.profile else ""}>{esc(p)}'
        f'{" (no neural network, quick)" if p == "fast" else " (MiniLM models, slower)" if p == "full" else ""}</option>'
        for p in settings.profiles
    )
    return f'<label for="{ident}">Profile{_for(what) if what else ""}</label><select id="{ident}" name="profile"{disabled}>{options}</select>'


def _index_select(settings: Settings, ident: str, disabled: str = "", what: str = "") -> str:
    """A choice of the reference indexes the server was started with (none: nothing to choose);
    `disabled` (" disabled") with the rest of its form."""
    if not settings.indexes:
        return ""
    options = '<option value="" selected>none: judge the text alone</option>' + "".join(
        f'<option value="{esc(name)}">{esc(name)}</option>' for name in sorted(settings.indexes))
    return (f'<label for="{ident}">Compare with the reference index{_for(what) if what else ""}</label>'
            f'<select id="{ident}" name="index"{disabled}>{options}</select>')


def home(settings: Settings) -> str:
    """The form page: paste text, upload a file, or give a URL."""
    mb = min(settings.max_body_bytes, MAX_BYTES) / 1_000_000
    chars = min(MAX_CHARS, settings.max_chars)
    reach = "http(s) addresses, its own network's included" if settings.allow_private else "public http(s) addresses only"
    fetch_note = (
        f'<p class="hint" id="url-hint">The server fetches the page ({reach}) and reads its main text.</p>'
        if settings.allow_fetch
        else '<p class="hint" id="url-hint">Fetching is off on this server (start it with <code>unspin serve --allow-fetch</code>). '
             "Save the page and upload it instead.</p>"
    )
    disabled = "" if settings.allow_fetch else " disabled"  # the whole URL form: no tab stop in a form that cannot be sent
    body = f"""
<h1>See where an article spins you</h1>
<p class="hint">unspin highlights propaganda techniques, shows which claims have a named, vague or no source,
flags passages that do not match a reference copy, and weighs it all in a verdict. Everything runs on this machine.</p>
<div class="forms">
<section class="card primary" aria-labelledby="paste-h">
<h2 id="paste-h">Paste the text</h2>
<form method="post" action="/report" class="analyse-form">
<label for="title">Title (optional)</label><input id="title" name="title" type="text" maxlength="500">
<label for="text">Article text (up to {chars:,} characters)</label>
<textarea id="text" name="text" required placeholder="Paste the article here"></textarea>
{_profile_select(settings, "profile-text", what="the pasted text")}
{_index_select(settings, "index-text", what="the pasted text")}
<button class="btn" type="submit">Analyse text</button>
<p class="hint busy" role="status"></p>
</form>
</section>
<section class="card" aria-labelledby="upload-h">
<h2 id="upload-h">Upload a saved page</h2>
<form method="post" action="/report" enctype="multipart/form-data" class="analyse-form">
<label for="file">An HTML or text file (up to {mb:.3g} MB; its article text up to {chars:,} characters)</label>
<input id="file" name="file" type="file" accept=".html,.htm,.xhtml,.txt,text/html,text/plain" required>
{_profile_select(settings, "profile-file", what="the uploaded file")}
{_index_select(settings, "index-file", what="the uploaded file")}
<button class="btn" type="submit">Analyse file</button>
<p class="hint busy" role="status"></p>
</form>
</section>
<section class="card" aria-labelledby="url-h">
<h2 id="url-h">Give a URL</h2>
<form method="post" action="/report" class="analyse-form">
<label for="url">Address of the article</label>
<input id="url" name="url" type="url" placeholder="https://..." required aria-describedby="url-hint"{disabled}>
{fetch_note}
{_profile_select(settings, "profile-url", disabled, what="the URL")}
{_index_select(settings, "index-url", disabled, what="the URL")}
<button class="btn" type="submit"{disabled}>Fetch and analyse</button>
<p class="hint busy" role="status"></p>
</form>
</section>
</div>
"""
    return shell("unspin: analyse an article", body, page_class="home")


#: server-made messages (limits and sizes, nothing the client sent) the error page may show
_SIZE_DETAIL = re.compile(r"the (?:article is [\d,]+ characters; this server analyses at most [\d,]+ \(unspin serve --max-chars\)"
                          r"|(?:file is [\d,]+ bytes|page is [\d,]+ characters); this server reads files and pages of at most "
                          r"[\d,]+ bytes and analyses at most [\d,]+ characters of their text \(unspin serve --max-chars\)"
                          r"|request body is over the [\d,]+-byte limit of this server)")

_FETCH_DETAIL = "the URL could not be fetched: "


def error_page(code: str, status: int, detail: str | None = None) -> str:
    """The error page for the form: fixed text per error code, nothing from the request; for a size
    limit, the server's own message with the limit and the size sent."""
    text = ERROR_TEXT.get(code, "The request could not be handled.")
    if code == "too_large" and detail and _SIZE_DETAIL.fullmatch(detail):
        text = f"Too large for this server: {detail}."
    elif code == "fetch_failed" and detail and detail.startswith(_FETCH_DETAIL):
        # the server's own words for what failed (unspin.fetch's reasons name no URL and no host)
        text = f"The URL could not be fetched: {detail[len(_FETCH_DETAIL):]}."
    body = (
        f'<section class="card error-page" aria-labelledby="error-h"><h1 id="error-h">Could not analyse the article</h1>'
        f'<p role="alert">{esc(text)}</p>'
        f'<p class="code">error {int(status)} · {esc(code)}</p><p><a href="/">Back to the form</a> (empty), or use your '
        "browser's Back button to return to it with what you entered.</p></section>"
    )
    return shell(f"Could not analyse the article: {text.split('. ')[0].rstrip('.')} - unspin", body, page_class="error")


def not_found_page() -> str:
    """What a browser gets at an unknown address (an API client gets the JSON error): fixed text, not
    the address asked for, and the way back to the form."""
    body = (
        '<section class="card error-page" aria-labelledby="error-h"><h1 id="error-h">This page does not exist</h1>'
        '<p role="alert">There is no page at this address.</p>'
        '<p class="code">error 404 · not_found</p><p><a href="/">Go to the form</a> to analyse an article, '
        'or read about <a href="/api">the API</a>.</p></section>'
    )
    return shell("Page not found - unspin", body, page_class="error")


def api_page(settings: Settings) -> str:
    """A plain description of the REST API, served by the app itself (no CDN)."""
    techniques = '<tr><th scope="col">Label</th><th scope="col">Technique: definition</th></tr>' + "".join(
        f"<tr><td><code>{esc(k)}</code></td><td>{esc(TITLES[k])}: {esc(v)}</td></tr>" for k, v in DEFINITIONS.items())
    profiles = ", ".join(f"<code>{esc(p)}</code>" for p in settings.profiles)
    address = esc(settings.address.rstrip("/"))
    indexes = ", ".join(f"<code>{esc(n)}</code>" for n in sorted(settings.indexes)) or "none on this server"
    body = f"""
<h1>unspin REST API</h1>
<p>The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3). Reports follow the
JSON schema <code>unspin.report/1</code>: all offsets are half-open <code>[start, end)</code> character offsets into
the report's <code>text</code>.</p>
<section class="card"><h2>Endpoints</h2>
<table class="api"><tr><th>Method and path</th><th>What it does</th></tr>
<tr><td><code>POST /v1/analyze</code></td><td>Analyse one article. JSON body with exactly one of <code>text</code>,
<code>html</code> or <code>url</code> (URLs only when the server runs with <code>--allow-fetch</code>), and optionally
<code>profile</code> ({profiles}; default <code>{esc(settings.profile)}</code>), <code>index</code> (the name of a reference
index the server was started with: {indexes}; also in <code>/v1/health</code>) and <code>title</code>. Or a file sent as <code>multipart/form-data</code>: the field
<code>file</code> (an HTML page or a text file, read as <code>unspin analyze FILE</code> reads it: a page's declared charset,
Windows-1252 for a page that is not UTF-8 and declares none) and optionally <code>profile</code>, <code>index</code> and
<code>title</code>. Answers the report as JSON.</td></tr>
<tr><td><code>GET /v1/health</code></td><td>Liveness and what is loaded.</td></tr>
<tr><td><code>GET /v1/techniques</code></td><td>The 14 technique labels with titles and definitions.</td></tr>
<tr><td><code>GET /openapi.json</code></td><td>The OpenAPI schema.</td></tr>
</table></section>
<section class="card"><h2>From a browser</h2>
<p>The API sends no CORS headers (and every answer carries <code>Cross-Origin-Resource-Policy: same-origin</code>): a web
page on another origin cannot call it. Serve your tool and the API from one origin, with a reverse proxy passing
<code>/v1/</code> to this server. Scripts and servers calling it directly are not affected.</p></section>
<section class="card"><h2>Examples</h2>
<pre class="code">curl -s {address}/v1/health

curl -s -X POST {address}/v1/analyze \\
     -H 'Content-Type: application/json' \\
     -d '{{"text": "Experts say the reckless plan will destroy thousands of jobs.", "profile": "fast"}}'

curl -s -X POST {address}/v1/analyze -H 'Content-Type: application/json' \\
     -d "$(jq -Rs '{{html: .}}' &lt; saved-page.html)"

curl -s -X POST {address}/v1/analyze -F file=@saved-page.html -F profile=fast</pre></section>
<section class="card"><h2>Errors</h2>
<p>Every error has the same JSON shape and an HTTP status that fits; its <code>code</code> tells errors of one status apart:</p>
<pre class="code">{{"error": {{"code": "too_large", "message": "the request body is over the {settings.max_body_bytes:,}-byte limit of this server", "status": 413}}}}</pre>
<table class="api"><tr><th>Status</th><th><code>code</code>: when</th></tr>
<tr><td>400</td><td><span class="codes"><code>bad_input</code>, <code>empty_input</code>, <code>invalid_json</code>, <code>fetch_disabled</code>,
<code>blocked_address</code>, <code>configuration</code></span>: none or several of text/html/url, or an upload without its file;
empty text; a body that is not JSON (or not UTF-8, or nested too deeply); fetching off; a blocked address; a profile or index
this server does not serve</td></tr>
<tr><td>404 / 405</td><td><span class="codes"><code>not_found</code>, <code>method_not_allowed</code></span>: unknown path or method (405 names the
methods the path takes in <code>Allow</code>; a browser asking for a page, <code>Accept: text/html</code>, gets a
404 page linking to the form instead)</td></tr>
<tr><td>413</td><td><span class="codes"><code>too_large</code></span>: request body over {settings.max_body_bytes:,} bytes, or article text over
{min(MAX_CHARS, settings.max_chars):,} characters (after HTML extraction)</td></tr>
<tr><td>415</td><td><span class="codes"><code>unsupported_input</code>, <code>binary_input</code>, <code>not_utf8</code></span>: a Content-Type other
than JSON or a multipart upload; binary data; a page or file neither UTF-8 nor Western text (Windows-1252 is read, with a
warning); form fields that are not UTF-8; a lone surrogate in a JSON field; a URL that is not http(s)</td></tr>
<tr><td>422</td><td><span class="codes"><code>validation_error</code>, <code>no_article_text</code></span>: a JSON body of the wrong shape; HTML with
no article text</td></tr>
<tr><td>500</td><td><span class="codes"><code>internal_error</code>, <code>model_error</code>, <code>missing_dependency</code>,
<code>reference_index</code></span>: a fault of the server: a bug (no details leave it), a missing or damaged model, an
unreadable reference index</td></tr>
<tr><td>502</td><td><span class="codes"><code>fetch_failed</code></span>: the URL could not be fetched (the message says why, without the URL)</td></tr>
<tr><td>503</td><td><span class="codes"><code>overloaded</code></span>: too many analyses waiting; <code>Retry-After</code> says when to try again</td></tr>
<tr><td>504</td><td><span class="codes"><code>timeout</code></span>: the analysis took longer than {settings.timeout_s:g} s</td></tr>
</table>
<p>unspin's other error codes are never answered here: <code>unreadable</code> (a file on disk that could not be read;
this server reads no paths), <code>timed_out</code> (an article past <code>unspin batch --article-timeout</code>; a request
past its time is <code>timeout</code>), <code>data_error</code> (a research data set missing) and <code>unspin_error</code>
(the code of their base class).</p></section>
<section class="card"><h2>Techniques</h2><table class="api">{techniques}</table></section>
"""
    return shell("unspin: API", body, page_class="api")
