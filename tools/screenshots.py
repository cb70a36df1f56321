"""Screenshots of the built site in headless Chromium, and the browser plumbing
the test gates share (tests/gates.py).

`invoke screenshots` calls `take_screenshots()`: PNGs of each language's home
page and of every page its main menu links to, at phone (320 px, the narrowest
in use) and desktop (1280 px) width, from the built output/ served on
127.0.0.1 (nothing leaves the machine). The pages are found in what the build
wrote, so another campaign gets screenshots of its own pages.

Chromium is Debian's (`apt-get install chromium`), driven by Playwright's Python
package through `executable_path`: Playwright's own browser downloads are
neither needed nor used. CHROMIUM_PATH overrides where it is looked for (e.g.
/usr/bin/google-chrome on a GitHub runner).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import pathlib
import shutil
import threading

ROOT = pathlib.Path(__file__).resolve().parent.parent
WIDTHS = {"phone": (320, 640), "desktop": (1280, 900)}

# Headless, and quiet: no sync, no component updates, no background requests,
# which would otherwise try to reach Google's hosts at every start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
MISSING_BROWSER = "install Debian's chromium (apt-get install chromium) to run browser checks"


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary: $CHROMIUM_PATH, else Debian's, else one on PATH."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for candidate in CHROMIUM_CANDIDATES:
        found = candidate if os.path.isabs(candidate) and os.access(candidate, os.X_OK) else shutil.which(candidate)
        if found:
            return found
    return None


def browser_problem() -> str | None:
    """Why the browser checks cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -r requirements-dev.txt)"
    if find_chromium() is None:
        return MISSING_BROWSER
    return None


def launch_chromium(playwright):
    """Start headless Chromium through Playwright with the machine's binary."""
    executable = find_chromium()
    if executable is None:
        raise RuntimeError(MISSING_BROWSER)
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve_directory(directory):
    """Serve a directory over HTTP on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def pages_to_capture(site_dir, home_url: str) -> dict[str, str]:
    """Name → URL path: a language's home page and every page its main menu links to."""
    from bs4 import BeautifulSoup

    home = pathlib.Path(site_dir) / home_url.lstrip("/") / "index.html"
    soup = BeautifulSoup(home.read_text("utf-8"), "html.parser")
    pages = {"home": home_url}
    nav = soup.find("nav", class_="site-nav")
    for link in nav.find_all("a", href=True) if nav else ():
        path = link["href"].split("#", 1)[0]
        if path.startswith("/") and not path.startswith("//"):
            name = path.strip("/").rsplit("/", 1)[-1] or "home"
            pages.setdefault(name, path)
    return pages


def take_screenshots(site_dir, dest, languages, home="/{lang}/", widths=WIDTHS) -> list[pathlib.Path]:
    """Save <dest>/<lang>-<page>-<width name>.png for every language, its home and menu pages, and width."""
    from playwright.sync_api import sync_playwright

    site_dir, dest = pathlib.Path(site_dir), pathlib.Path(dest)
    if not (site_dir / "index.html").is_file():
        raise SystemExit(f"{site_dir} has no built site: run `invoke build` first")
    problem = browser_problem()
    if problem:
        raise SystemExit(problem)
    dest.mkdir(parents=True, exist_ok=True)
    saved = []
    with serve_directory(site_dir) as base, sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for width_name, (width, height) in widths.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              device_scale_factor=1, is_mobile=width < 600)
                page = context.new_page()
                for lang in languages:
                    for name, url in pages_to_capture(site_dir, home.format(lang=lang)).items():
                        response = page.goto(base + url, wait_until="load")
                        if response is None or not response.ok:
                            raise SystemExit(f"{url}: HTTP {response.status if response else '?'}")
                        path = dest / f"{lang}-{name}-{width_name}.png"
                        page.screenshot(path=str(path), full_page=True)
                        saved.append(path)
                context.close()
        finally:
            browser.close()
    return saved
