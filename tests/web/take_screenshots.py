"""Screenshots of the web app's main pages for the docs (not a test).

Serves the store in this process and photographs each page in headless Chromium:

    .venv/bin/veille ingest examples/ --db web-example.db
    .venv/bin/python tests/web/take_screenshots.py web-example.db docs/screenshots
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from web.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

PAGES = [
    ("search", "/"),
    ("search-results", "/search?q=gr%C3%A8ve"),
    ("article", "/search?q=Helsinki#first"),
    ("person", "/person/%C3%89tienne%20Marchal"),
    ("timeline", "/timeline?q=gr%C3%A8ve"),
    ("graph", "/graph"),
    ("map", "/map"),
    ("stories", "/stories"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    import uvicorn
    from playwright.sync_api import sync_playwright

    from veille.web.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for name, url in PAGES:
            page.goto(base + url.split("#")[0])
            if url.endswith("#first"):  # open the first result, as a reader would
                page.locator("ol.hits li h3 a").first.click()
                page.wait_for_load_state()
            page.screenshot(path=str(args.out / f"{name}.png"))
            print(args.out / f"{name}.png")
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
