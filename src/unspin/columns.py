"""The columns a record's id and text are read from, in JSON Lines, CSV and Parquet input: one list
for `unspin batch` and `unspin index add`, and for the messages and `--help` texts that name them
(a module of its own, importing nothing, so that the CLI can name them without loading either).
"""

from __future__ import annotations

from typing import Iterable

#: a record's id, the first of these it has (in any case)
ID_CANDIDATES = ("id", "article_id", "doc_id", "uid")
#: a record's plain text, the first of these it has (in any case); else its html
TEXT_CANDIDATES = ("text", "body", "content", "article")
#: a record's web page, its main text extracted
HTML_CANDIDATES = ("html", "raw_html")


def wanted_text(what: str = "column") -> str:
    """Where a record's text is looked for, for messages: "text column (text, body, content, article)
    or html column (html, raw_html)"."""
    return f"text {what} ({', '.join(TEXT_CANDIDATES)}) or html {what} ({', '.join(HTML_CANDIDATES)})"


def no_text_column(keys: Iterable[object], what: str = "column") -> str:
    """What a record without text lacks and what it has, for messages: "no text column (text, body,
    content, article) or html column (html, raw_html); its columns are: id, title"."""
    return f"no {wanted_text(what)}; its {what}s are: {', '.join(map(str, keys)) or '(none)'}"
