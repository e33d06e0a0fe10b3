"""Take docs/web-report.png: examples/harbour-strike.txt pasted into the real app (`fast` profile, every
shipped model) and analysed, seen in headless Chromium at 1280x1000.

    .venv/bin/python scripts/web_screenshot.py [--out docs/web-report.png] [--profile fast]

Needs Debian's `chromium` (driven through Playwright's `executable_path`; never `playwright install`).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "web-report.png")
    ap.add_argument("--example", type=Path, default=ROOT / "examples" / "harbour-strike.txt")
    args = ap.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from unspin.web.app import create_app
    from unspin.web.service import Settings

    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings()), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.time() + 120
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise SystemExit("the server did not start")
        time.sleep(0.1)
    text = args.example.read_text(encoding="utf-8")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/")
            page.fill("#text", text)
            page.fill("#title", text.splitlines()[0].strip())  # as a user would, from the headline
            with page.expect_navigation(timeout=120_000):
                page.click("text=Analyse text")
            page.screenshot(path=str(args.out))
            browser.close()
    finally:
        server.should_exit = True
        thread.join(10)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
