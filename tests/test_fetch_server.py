"""The fetch guard against a real HTTP server on loopback: redirects to blocked addresses, oversize
and slow bodies, wrong content types. The server binds 127.0.0.1 only; 127.0.0.1/32 is allowed
explicitly so that the first hop goes through, and everything else non-public stays blocked."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from unspin.errors import BlockedAddress, FetchError, InputTooLarge, UnsupportedInput
from unspin.fetch import FetchOptions, fetch

ARTICLE = (b"<html><head><title>Bridge reopens</title></head><body><article><p>The bridge over the river "
           b"reopened on Monday after three months of repairs, the city council said in a statement.</p>"
           b"<p>Engineers replaced 40 steel cables and resurfaced the deck, according to the council.</p>"
           b"</article></body></html>")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE),
            "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
            "/missing": (404, "text/html", b"no"),
            "/latin1": (200, "text/plain; charset=iso-8859-1",
                        "Le caf\xe9 du port a ferm\xe9 jeudi, a dit le maire.".encode("latin-1")),
        }
        if self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.2:{port}/article")
            self.end_headers()
        elif self.path == "/to-localhost":
            self.send_response(301)
            self.send_header("Location", f"http://localhost:{port}/article")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<p>drip</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            status, ctype, body = routes.get(self.path, (404, "text/plain", b"?"))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


LOOPBACK_ONLY = FetchOptions(allow_networks=("127.0.0.1/32",), timeout=5)


def test_article_is_fetched_and_extracted(server):
    src = fetch(server + "/article", LOOPBACK_ONLY)
    assert "bridge over the river reopened" in src.text
    assert src.meta["title"] == "Bridge reopens"
    assert src.meta["url"].endswith("/article")


def test_loopback_is_refused_by_default(server):
    with pytest.raises(BlockedAddress):
        fetch(server + "/article")


@pytest.mark.parametrize("path", ["/to-private"])
def test_redirects_to_other_non_public_addresses_are_refused(server, path):
    with pytest.raises(BlockedAddress, match="non-public"):
        fetch(server + path, LOOPBACK_ONLY)


def test_redirect_loop_stops(server):
    with pytest.raises(FetchError, match="redirected more than"):
        fetch(server + "/loop", LOOPBACK_ONLY)


def test_oversize_body_is_cut_off(server):
    opts = FetchOptions(allow_networks=("127.0.0.1/32",), max_bytes=100_000, timeout=10)
    with pytest.raises(InputTooLarge, match="more than 100,000 bytes"):
        fetch(server + "/huge", opts)


def test_slow_body_hits_the_total_deadline(server):
    opts = FetchOptions(allow_networks=("127.0.0.1/32",), timeout=1.0)
    t = time.monotonic()
    with pytest.raises(FetchError, match="within 1 s"):
        fetch(server + "/slow", opts)
    assert time.monotonic() - t < 3


def test_wrong_content_type_and_http_errors(server):
    with pytest.raises(UnsupportedInput, match="image/png"):
        fetch(server + "/image", LOOPBACK_ONLY)
    with pytest.raises(FetchError, match="404"):
        fetch(server + "/missing", LOOPBACK_ONLY)


def test_the_charset_a_server_declares_is_used(server):
    assert fetch(server + "/latin1", LOOPBACK_ONLY).text == "Le café du port a fermé jeudi, a dit le maire."


def test_credentials_in_the_url_are_not_kept_in_the_report(server):
    with_user = server.replace("http://", "http://user:secret@") + "/article"
    src = fetch(with_user, LOOPBACK_ONLY)
    assert src.meta["url"] == server + "/article" and "secret" not in json.dumps(src.meta)
