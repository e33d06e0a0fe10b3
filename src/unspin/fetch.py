"""Guarded URL fetching: off unless asked for, size-capped, time-limited, content-type checked, and
refusing loopback, private, link-local and other non-public addresses unless explicitly allowed
(every redirect hop is checked again)."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin, urlsplit, urlunsplit

from .errors import BlockedAddress, FetchError, InputTooLarge, UnsupportedInput
from .inputs import MAX_BYTES, Source, from_bytes

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class FetchOptions:
    #: seconds for the whole fetch (connect, redirects and body together)
    timeout: float = 15.0
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5
    #: allow every address, loopback and private ones included
    allow_private: bool = False
    #: non-public networks allowed anyway, e.g. ("10.20.0.0/16",) for an intranet news archive
    allow_networks: tuple[str, ...] = ()
    user_agent: str = "unspin/0.1 (+article analysis; offline-first)"


def without_credentials(url: str) -> str:
    """`url` without a user name and password ("http://user:secret@host/a" -> "http://host/a")."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _failed(message: str, reason: str) -> FetchError:
    """A FetchError whose ``reason`` says what failed without the URL or its host (a server tells its
    client that, and logs the message)."""
    err = FetchError(message)
    err.reason = reason
    return err


def _connection_reason(err: Exception) -> str:
    import httpx

    if isinstance(err, httpx.ConnectError):
        return "the connection failed (refused, blocked by a firewall, or no network)"
    if isinstance(err, (httpx.RemoteProtocolError, httpx.ReadError)):
        return "the site closed the connection or answered with something that is not HTTP"
    return f"the request failed ({type(err).__name__})"


def check_url(url: str, *, allow_private: bool = False, allow_networks: tuple[str, ...] = ()) -> str:
    """Validate a URL and the addresses its host resolves to; return the URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on "http://host:99999/" and "http://[::1"
    except ValueError as err:
        raise UnsupportedInput(f"not a valid URL ({err}): {url!r}") from None
    if parts.scheme not in ("http", "https"):
        raise UnsupportedInput(f"only http:// and https:// URLs can be fetched, not {parts.scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise UnsupportedInput(f"the URL has no host: {url!r}")
    if allow_private:
        return url
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as err:
        raise _failed(f"cannot resolve host {host!r}: {err}", "its host name could not be resolved (no such host, or no DNS)") from None
    allowed = [ipaddress.ip_network(n, strict=False) for n in allow_networks]
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if any(addr in net for net in allowed):
            continue
        if not addr.is_global or addr.is_multicast:
            refusal = (f"refusing to fetch {host!r}: it resolves to {addr}, a non-public address "
                       "(loopback, private, link-local or reserved)")
            err = BlockedAddress(f"{refusal}; if you mean it, allow it explicitly "
                                 "(unspin analyze --allow-private, or FetchOptions(allow_private=True))")
            err.refusal = refusal  # without the advice, which is for the CLI and the library: a server gives its own
            raise err
    return url


def fetch(url: str, options: FetchOptions | None = None, *, read: Callable[..., Source] = from_bytes) -> Source:
    """Fetch `url` and return its main text (HTML is extracted with trafilatura). `read`: what turns
    the page's bytes into a Source, called as :func:`unspin.inputs.from_bytes` (the web app reads
    them in a process it can stop)."""
    import httpx

    opts = options or FetchOptions()
    current = url
    deadline = time.monotonic() + opts.timeout
    with httpx.Client(follow_redirects=False, timeout=opts.timeout, headers={"User-Agent": opts.user_agent}, trust_env=False) as client:
        for _ in range(opts.max_redirects + 1):
            check_url(current, allow_private=opts.allow_private, allow_networks=opts.allow_networks)
            try:
                with client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise _failed(f"{current} redirected without a Location header", "a redirect gave no address to go to")
                        current = urljoin(current, location)
                        continue
                    if resp.status_code >= 400:
                        raise _failed(f"{current} answered HTTP {resp.status_code}", f"the site answered HTTP {resp.status_code}")
                    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                    charset = resp.charset_encoding  # the Content-Type's charset, if it gives one
                    if ctype and ctype not in ACCEPTED_TYPES:
                        raise UnsupportedInput(f"{current} is {ctype!r}, not an article: unspin reads {', '.join(ACCEPTED_TYPES)}")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > opts.max_bytes:
                        raise InputTooLarge(f"{current} is {int(declared):,} bytes; the limit is {opts.max_bytes:,}")
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body.extend(chunk)
                        if len(body) > opts.max_bytes:
                            raise InputTooLarge(f"{current} sent more than {opts.max_bytes:,} bytes")
                        if time.monotonic() > deadline:
                            raise _failed(f"{current} did not finish sending within {opts.timeout:g} s", f"the page did not finish loading within {opts.timeout:g} s")
            except httpx.TimeoutException:
                raise _failed(f"{current} did not answer within {opts.timeout:g} s", f"no answer within {opts.timeout:g} s") from None
            except httpx.HTTPError as err:
                raise _failed(f"could not fetch {current}: {err}", _connection_reason(err)) from None
            html = ctype != "text/plain"
            shown = without_credentials(current)  # "user:secret@" never reaches a report
            src = read(bytes(body), name=shown, html=html, meta={"url": shown}, charset=charset)
            src.meta["url"] = shown
            src.meta.setdefault("source", urlsplit(current).hostname)
            return src
    raise _failed(f"{url} redirected more than {opts.max_redirects} times", f"more than {opts.max_redirects} redirects")
