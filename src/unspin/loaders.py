"""One entry point for "the thing the user gave us": a path, a URL, '-', raw text or HTML."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .errors import FetchDisabled, UnsupportedInput
from .inputs import Source, from_bytes, from_path


def load(target: str | Path, *, allow_fetch: bool = False, allow_private: bool = False, stdin=None) -> Source:
    """Read `target`: '-' for standard input, an http(s) URL (only with `allow_fetch`), or a file path."""
    target = str(target)
    if target == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        from .inputs import MAX_BYTES

        data = stream.read(MAX_BYTES + 1)
        return from_bytes(data, name="standard input", meta={"source": "stdin"})
    if target.lower().startswith(("http://", "https://")):
        if not allow_fetch:
            raise FetchDisabled(f"fetching URLs is off: pass --fetch (in Python: unspin.load(url, allow_fetch=True)) "
                                f"to fetch {target}, or save the page and give its file")
        from .fetch import FetchOptions, fetch

        return fetch(target, FetchOptions(allow_private=allow_private))
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", target)
    if scheme and not Path(target).exists():
        raise UnsupportedInput(f"unspin fetches only http(s) URLs, not {scheme.group(1)}://: save the page and give its file")
    return from_path(target)
